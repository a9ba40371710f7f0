//! Checking the published topology: once a plan exists, the administrator gives the planner
//! the topology exported after the publish (file, drop or paste), and sees whether it is what
//! was planned. The steps it confirms are ticked as confirmed from it; the ones no topology
//! file can show stay open and say so. The comparison is `crate::verify`, as on the command
//! line.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::walkthrough::clock;
use super::{browser, use_app, AppState, Notice};
use crate::checklist::steps::FromPublished;
use crate::session::PublishedCheck;
use crate::topology::source;

fn check(state: AppState, name: String, bytes: &[u8]) {
    let Some(out) = state.outcome.with_untracked(|o| o.0.clone().and_then(Result::ok)) else {
        return;
    };
    let c = PublishedCheck::of(&out, name, bytes, browser::now());
    if !state.read_only.get_untracked() {
        state.progress.update(|p| c.apply(&out, p));
    }
    state.published.set(Some(Arc::new(c)));
}

fn check_file(state: AppState, file: File) {
    if let Err(e) = source::check_size(file.size() as u64) {
        state.notice.set(Some(Notice::Problem(format!("{}: {e}", file.name()))));
        return;
    }
    spawn_local(async move {
        match browser::read_file(&file).await {
            Ok(bytes) => check(state, file.name(), &bytes),
            Err(e) => state.notice.set(Some(Notice::Problem(e))),
        }
    });
}

/// What the last check says about one step, for the checklist and the walkthrough.
pub fn step_note(state: AppState, id: &str, from: FromPublished) -> Option<String> {
    if let Some(at) = state
        .progress
        .with(|p| p.steps.get(id).filter(|s| s.confirmed).and_then(|s| s.done_at))
    {
        return Some(format!("Confirmed from the published topology at {}.", clock(at)));
    }
    let checked = state.published.with(|c| {
        c.as_ref()
            .and_then(|c| c.result.as_ref().ok().map(|r| r.federation_matches()))
    });
    match (from, checked) {
        (FromPublished::CannotConfirm, Some(_)) => {
            Some("The published topology cannot confirm this step: check it yourself.".into())
        }
        (FromPublished::Confirms, Some(false)) => {
            Some("The published topology does not confirm this yet: see Check the published topology.".into())
        }
        _ => None,
    }
}

#[component]
pub fn PublishedPanel() -> impl IntoView {
    let state = use_app();
    let pasted = RwSignal::new(String::new());
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
    let has_plan = move || state.outcome.with(|o| matches!(o.0, Some(Ok(_))));
    move || {
        has_plan().then(|| view! {
            <section class="panel published" aria-labelledby="published-heading" id="published-panel"
                on:dragover=|ev: DragEvent| ev.prevent_default() on:drop=on_drop>
                <h2 id="published-heading">"Check the published topology"</h2>
                <p class="hint">
                    "After the publish, export the topology again with "
                    <code>"(Get-CsTopology -AsXml).ToString() > published.xml"</code>
                    " and give it here (pick it, drop it on this box, or paste it): the planner says whether the live topology is now what was planned. The command line does the same with edge-failover verify."
                </p>
                <label class="file-pick">
                    <span>"Published topology"</span>
                    <input type="file" id="published-file" accept=".xml,.tbxml,text/xml,application/xml" on:change=on_pick/>
                </label>
                <details class="paste">
                    <summary>"Paste the published XML instead"</summary>
                    <label for="published-xml">"Published XML"</label>
                    <textarea id="published-xml" rows="4" spellcheck="false"
                        prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                    <button type="button" disabled=move || pasted.with(|p| p.trim().is_empty())
                        on:click=move |_| check(state, "pasted-published-topology.xml".into(), pasted.get_untracked().as_bytes())>
                        "Check pasted XML"
                    </button>
                </details>
                <div role="status" aria-live="polite">{move || state.published.get().map(|c| result(state, &c))}</div>
            </section>
        })
    }
}

fn result(state: AppState, c: &PublishedCheck) -> AnyView {
    let cmp = match &c.result {
        Err(e) => {
            return view! {
                <div class="error" role="alert" id="published-result">
                    <p><strong>{format!("{} could not be read.", c.name)}</strong></p>
                    <p>{e.to_string()}</p>
                </div>
            }
            .into_any()
        }
        Ok(cmp) => cmp,
    };
    let li = |items: Vec<String>| items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view();
    let differences = cmp.differences();
    let confirmed: Vec<String> = cmp.confirmed().map(str::to_owned).collect();
    // The steps, as the checklist has them now.
    let (ticked, open) = state.outcome.with_untracked(|o| {
        let Some(Ok(out)) = &o.0 else {
            return (Vec::new(), Vec::new());
        };
        let pick = |f: FromPublished| -> Vec<String> {
            out.checklist
                .steps()
                .filter(|s| s.from_published == f)
                .filter(|s| f == FromPublished::Confirms || !state.progress.with_untracked(|p| p.is_done(&s.id)))
                .map(|s| format!("{}. {}", s.number, s.title.plain()))
                .collect()
        };
        (pick(FromPublished::Confirms), pick(FromPublished::CannotConfirm))
    });
    let steps = match (cmp.federation_matches(), state.read_only.get_untracked()) {
        (true, false) => format!(
            "Ticked as confirmed from the published topology at {}: {}.",
            clock(c.at),
            ticked.join("; ")
        ),
        (true, true) => "This is an observer's view: nothing was ticked.".to_owned(),
        (false, _) => format!(
            "Not ticked, as the published topology does not hold the plan: {}.",
            ticked.join("; ")
        ),
    };
    view! {
        <div id="published-result" class=if cmp.matches() { "result match" } else { "result differs" }>
            <p class="headline"><strong>{cmp.headline()}</strong>{format!(" ({}, checked at {})", c.name, clock(c.at))}</p>
            {(!differences.is_empty()).then(|| view! { <ul class="differences">{li(differences)}</ul> })}
            {cmp.note.clone().map(|n| view! { <p class="hint">{n}</p> })}
            {cmp.other.as_ref().map(|o| view! {
                <details class="other-changes">
                    <summary>"The other differences (planned -, published +)"</summary>
                    <pre class="commands"><code>{o.diff.clone()}</code></pre>
                </details>
            })}
            {(!confirmed.is_empty()).then(|| view! {
                <p class="label">"Confirmed from the published topology:"</p>
                <ul class="confirmed">{li(confirmed)}</ul>
            })}
            <p id="published-steps">{steps}</p>
            {(!open.is_empty()).then(|| view! {
                <p class="label">"Still open: the published topology cannot confirm these, check them yourself:"</p>
                <ul class="unconfirmable">{li(open)}</ul>
            })}
        </div>
    }
    .into_any()
}
