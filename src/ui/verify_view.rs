//! Checking the published topology: once a plan exists, the administrator gives the planner
//! the topology exported after the publish (file, drop or paste), and sees whether it is what
//! was planned. The steps it confirms are ticked as confirmed from it; the ones no topology
//! file can show stay open and say so. The comparison is `crate::verify`, as on the command
//! line.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::{browser, handler, use_app, AppState, NoticeAt};
use crate::checklist::FromPublished;
use crate::session::{Action, Place};
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
    // Always there, shown once a plan exists: cheaper for the bundle than building it then.
    view! {
            <section class="panel published" aria-labelledby="published-heading" id="published-panel"
                hidden=move || state.outcome.with(|o| !matches!(o, Some(Ok(_))))
                on:dragover=handler(|ev: DragEvent| ev.prevent_default()) on:drop=handler(on_drop)>
                <h2 id="published-heading">"Check the published topology"</h2>
                <p class="hint">
                    "After the publish, export the topology with "
                    <code>"(Get-CsTopology -AsXml).ToString() > published.xml"</code>
                    " and pick it, drop it here or paste it: the planner says whether the live topology is what was planned (as edge-failover verify does)."
                </p>
                <label class="file-pick">
                    <span>"Published topology"</span>
                    <input type="file" id="published-file" accept=".xml,.tbxml,text/xml,application/xml" on:change=handler(on_pick)/>
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
                <div role="status" aria-live="polite" inner_html=state.published></div>
            </section>
    }
}
