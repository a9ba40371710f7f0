//! Checking the published topology: once a plan exists, the administrator gives the planner
//! the topology exported after the publish (file, drop or paste), and sees whether it is what
//! was planned. The steps it confirms are ticked as confirmed from it; the ones no topology
//! file can show stay open and say so. The comparison is `crate::verify`, as on the command
//! line.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::base::{handler, use_app, AppState, NoticeAt};
use super::browser;
use crate::checklist::html::escape;
use crate::checklist::FromPublished;
use crate::session::{Action, Place, PublishedReport};
use crate::topology::source;

fn check(state: AppState, name: String, bytes: Vec<u8>) {
    let now = browser::now();
    let clock = browser::clock(now);
    state.dispatch_at(Action::CheckPublished { name, bytes, clock }, now);
}

fn check_file(state: AppState, file: File) {
    if let Err(e) = source::check_size(file.size() as u64) {
        state.say(Place::Published, Err(format!("{}: {e}", file.name())));
        return;
    }
    spawn_local(async move {
        match browser::read_file(&file).await {
            Ok(bytes) => check(state, file.name(), bytes),
            Err(e) => state.say(Place::Published, Err(e)),
        }
    });
}

/// What checking the published topology says about one step, for the checklist and the
/// walkthrough: when it was confirmed, or that it cannot be (empty otherwise, and hidden).
pub fn step_note(state: AppState, id: &str, from: FromPublished) -> String {
    if from == FromPublished::CannotConfirm {
        return "The published topology cannot confirm this step: check it yourself.".into();
    }
    state
        .progress
        .with(|p| p.steps.get(id).filter(|s| s.confirmed).and_then(|s| s.done_at))
        .map(|at| format!("Confirmed from the published topology at {}.", browser::clock(at)))
        .unwrap_or_default()
}

#[component]
pub fn PublishedPanel() -> impl IntoView {
    let state = use_app();
    let on_pick = move |ev: web_sys::Event| {
        let input: HtmlInputElement = ev.target().expect("an input").unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            check_file(state, file);
        }
        input.set_value("");
    };
    // A drop here is the published topology, not a new topology to plan on.
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            check_file(state, file);
        }
    };
    // The last check as the page shows it, drawn again only when it changes.
    let shown = Memo::new(move |_| {
        state
            .state
            .with(|s| s.published.as_deref().map(report_html).unwrap_or_default())
    });
    // Always there, shown once a plan exists: cheaper for the bundle than building it then.
    view! {
            <section class="panel published" aria-labelledby="published-heading" id="published-panel"
                hidden=move || state.outcome.with(|o| !matches!(o, Some(Ok(_))))
                on:dragover=handler(|ev: DragEvent| ev.prevent_default()) on:drop=handler(on_drop)>
                <h2 id="published-heading">"5. Check the published topology"</h2>
                <p class="hint">
                    "After the publish, export the topology with "
                    <code>"(Get-CsTopology -AsXml).ToString() > published.xml"</code>
                    " and pick it, drop it here or paste it: the planner says whether the live topology is what was planned (as edge-failover verify does)."
                </p>
                <label class="file-pick">
                    <span>"Published topology"</span>
                    <input type="file" id="published-file" class="file-input" aria-label="Published topology" accept=".xml,.tbxml,text/xml,application/xml" on:change=handler(on_pick)/>
                    <span class="file-button" aria-hidden="true">"Choose a file…"</span>
                </label>
                <details class="paste">
                    <summary>"Paste the published XML instead"</summary>
                    <label for="published-xml">"Published XML"</label>
                    <textarea id="published-xml" rows="4" spellcheck="false"></textarea>
                    <button type="button" on:click=handler(move |_| {
                        let text = browser::value_of("published-xml");
                        if !text.trim().is_empty() {
                            check(state, "pasted-published-topology.xml".into(), text.into_bytes());
                        }
                    })>
                        "Check pasted XML"
                    </button>
                </details>
                <NoticeAt place=Place::Published/>
                <div role="status" aria-live="polite" inner_html=shown></div>
            </section>
    }
}

/// A check of the published topology as the page shows it: what matches or differs in words,
/// the diff of other elements, the step ticked and the steps left open. One HTML string rather
/// than a tree of components, which the bundle pays for per element; every name from either
/// file is escaped, so it stays text. "Matches" and "differs" differ in colour, icon and words.
fn report_html(r: &PublishedReport) -> String {
    let list = |class: &str, label: &str, items: &[String]| {
        if items.is_empty() {
            return String::new();
        }
        let items: String = items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("<p class=\"label\">{label}</p>")
        };
        format!("{label}<ul class=\"{class}\">{items}</ul>")
    };
    let name = escape(&r.check.name);
    let time = escape(&r.clock);
    let c = match &r.check.result {
        Err(e) => {
            return format!(
                "<div class=\"result error\" id=\"published-result\" tabindex=\"-1\"><p class=\"headline\"><strong>{name} could not be read.</strong></p><p>{}</p></div>",
                escape(&e.to_string())
            )
        }
        Ok(c) => c,
    };
    let ticked = r.confirms.join("; ");
    let ticked = match (c.federation_matches(), r.read_only) {
        (true, false) => format!(
            "Ticked as confirmed from the published topology at {}: {ticked}.",
            r.clock
        ),
        (true, true) => "Nothing was ticked: this is an observer's view.".to_owned(),
        (false, _) => format!("Not ticked: {ticked}."),
    };
    let class = if c.different_deployment {
        "other"
    } else if c.matches() {
        "match"
    } else {
        "differs"
    };
    let mut out = format!(
        "<div class=\"result {class}\" id=\"published-result\" tabindex=\"-1\"><p class=\"headline\"><strong>{}</strong> ({name}, checked at {time})</p>",
        c.headline()
    );
    out.push_str(&list("differences", "", &c.differences()));
    if let Some(note) = &c.note {
        out.push_str(&format!("<p class=\"hint\">{}</p>", escape(note)));
    }
    if let Some(o) = &c.other {
        out.push_str(&format!(
            "<p class=\"label\">The other differences (planned -, published +):</p><pre class=\"commands other-changes\">{}</pre>",
            escape(&o.diff)
        ));
    }
    let confirmed: Vec<String> = c.confirmed().map(str::to_owned).collect();
    out.push_str(&list("confirmed", "Confirmed from the published topology:", &confirmed));
    out.push_str(&format!("<p id=\"published-steps\">{}</p>", escape(&ticked)));
    out.push_str(&list(
        "unconfirmable",
        "Still open: the published topology cannot confirm these.",
        &r.still_open,
    ));
    out.push_str("</div>");
    out
}
