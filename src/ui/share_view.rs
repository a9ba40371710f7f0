//! Sharing and walking through a plan: save and load a plan file, copy a share link and a
//! status update, name the driver, keep notes, clear progress; and the banner for a plan that
//! waits for its topology or is shown read-only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::base::{checkbox, handler, redrawn, text_field, use_app, AppState, NoticeAt};
use super::browser;
use crate::checklist::html::escape;
use crate::checklist::Phase;
use crate::session::{drill_line, Action, Field, Origin, Place, Restorable, Switch};
use crate::share::{PlanFile, SharedPlan};
use crate::topology::Fingerprint;

/// A moment as no team misreads it (`2026-12-06 14:02`), whatever the browser's locale.
fn time_of(ms: f64) -> String {
    browser::date_time(ms)
}

#[component]
pub fn Banner() -> impl IntoView {
    let state = use_app();
    view! {
        <NoticeAt place=Place::Page/>
        {redrawn(move || state.read_only.get().then(|| view! {
            <div class="banner read-only" role="region" aria-label="Read-only view" id="read-only-banner">
                <p>
                    <strong>{move || {
                        let said = "Read-only: you are viewing a shared plan as an observer.";
                        if state.decisions.with(|d| d.drill) { drill_line(&format!("{said} It is a drill, not a real incident.")) } else { said.to_owned() }
                    }}</strong>
                    " Nothing here can be changed; the progress is as it was when the link was made."
                </p>
                <button type="button" class="secondary" on:click=state.on(Action::EditCopy)>"Edit a copy of this plan"</button>
            </div>
        }.into_any()))}
        {redrawn(move || state.pending.get().map(|p| pending_banner(state, p)))}
    }
}

fn pending_banner(state: AppState, p: Restorable) -> AnyView {
    let loaded = state.loaded.get();
    let title = p.title(time_of);
    let mismatches = p.mismatches(&loaded);
    let has_mismatches = !mismatches.is_empty();
    // Applied where its pools are not, it would show no plan (and an observer could not even
    // choose another): then it waits, and says why.
    let applies = p.applies_to(&loaded);
    let facts = p.facts();
    let print = |f: &Fingerprint| {
        format!(
            "fingerprint (SHA-256) {}, {} bytes, Signature {}",
            f.sha256,
            f.bytes,
            f.signature.as_deref().unwrap_or("none")
        )
    };
    let stored = matches!(p.origin, Origin::Stored { .. });
    // What the plan itself holds comes first, in the order a colleague joining the bridge
    // asks for it; what identifies its topology, for whoever compares, is under "Details".
    view! {
        <div class="banner pending" role="region" aria-label="A plan waiting for its topology" id="pending-banner">
            <p><strong>{title}</strong></p>
            <dl class="plan-facts" inner_html={facts.into_iter().map(|(name, value)| format!("<div><dt>{name}</dt><dd>{}</dd></div>", escape(&value))).collect::<String>()}></dl>
            <p class="load-request"><strong>"Load the same topology export to see every step."</strong></p>
            <details class="plan-details">
                <summary>"Details"</summary>
                <ul inner_html=format!(
                    "<li>{}</li><li>{}</li>",
                    escape(&format!("Made for {}: {}.", p.topology_name.as_deref().unwrap_or("its topology"), print(&p.fingerprint))),
                    escape(&format!("Shown now, {}: {}.", loaded.name, print(&loaded.fingerprint)))
                )></ul>
            </details>
            {has_mismatches.then(|| view! {
                <div class="mismatch" id="mismatch-list">
                    <p><strong>{format!("Applied to the topology shown now ({}), this will not match:", loaded.name)}</strong></p>
                    <ul id="mismatches" inner_html={mismatches.iter().map(|m| format!("<li>{}</li>", escape(m))).collect::<String>()}></ul>
                </div>
            }.into_any())}
            <div class="banner-actions">
                {if applies {
                    view! {
                        <button type="button" class="secondary" aria-describedby=has_mismatches.then_some("mismatch-list")
                            on:click=handler(move |_| apply_pending(state))>"Apply it to this topology anyway"</button>
                    }.into_any()
                } else {
                    view! { <p class="hint" id="cannot-apply">{format!("It cannot be applied to {}: the pools it names are not in it.", loaded.name)}</p> }.into_any()
                }}
                <button type="button" class="secondary" on:click=state.on(Action::DismissPending)>{if stored { "Discard it" } else { "Dismiss" }}</button>
            </div>
        </div>
    }
    .into_any()
}

/// Puts the waiting plan on the page; over a plan with progress only once the user says so.
fn apply_pending(state: AppState) {
    let replaces = state.peek(|s| {
        (!s.read_only && !s.progress.is_empty()).then(|| format!("{}: {}", s.loaded.name, s.progress.describe()))
    });
    if replaces.is_none_or(|what| {
        browser::confirm(&format!(
            "This replaces the plan in progress on {what}. Apply it anyway?"
        ))
    }) {
        state.dispatch(Action::ApplyPending);
    }
}

/// Copies `text`, and says so at `place`, in the window (clear of a sticky bar).
pub fn copy(state: AppState, place: Place, text: String, done: String) {
    spawn_local(async move {
        state.say(place, browser::copy_text(&text).await.map(|_| done));
        browser::next_frame().await;
        browser::keep_in_view("notice");
    });
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = use_app();
    let plan_input = NodeRef::<leptos::html::Input>::new();
    let save_plan = move |_| {
        let plan = state.plan_file();
        let stem = plan
            .topology_name
            .rsplit_once('.')
            .map_or(plan.topology_name.as_str(), |(s, _)| s)
            .to_owned();
        let name = format!("{stem}.plan.json");
        state.say(
            Place::PlanFile,
            browser::download(plan.to_json().as_bytes(), &name, "application/json").map(|_| format!("Saved {name}.")),
        );
    };
    let load_plan = move |ev: web_sys::Event| {
        let input: HtmlInputElement = ev.target().expect("an input").unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let name = file.name();
            let plan = browser::read_file(&file).await.and_then(|bytes| {
                PlanFile::from_json(&String::from_utf8_lossy(&bytes)).map_err(|e| format!("{name}: {e}"))
            });
            match plan {
                Ok(plan) => state.dispatch(Action::Open(Box::new(plan.into_restorable(Origin::File { name })))),
                Err(e) => state.say(Place::PlanFile, Err(e)),
            }
        });
    };
    let copy_link = move |_| {
        let shape = state.loaded.with_untracked(|l| l.shape());
        let link = SharedPlan::from_plan(&state.plan_file(), Some(browser::now()))
            .with_shape(shape)
            .to_fragment()
            .map(|f| format!("{}#{f}", browser::page_url()));
        match link {
            Ok(link) => {
                let mut done = format!("Share link copied ({} characters). It holds the decisions and progress, never the topology: whoever opens it loads the topology themselves.", link.len());
                // The offline copy's own address is a path on this computer.
                if link.starts_with("file:") {
                    done.push_str(" This copy of the planner opens from a file, so the link begins with a file:// path no colleague can open: they paste it into \"Open a share link\" on their own page, which reads it.");
                }
                if state.peek(|s| s.decisions.drill) {
                    done = drill_line(&format!("{done} Whoever opens it sees a drill."));
                }
                copy(state, Place::Link, link, done);
            }
            Err(e) => state.say(Place::Link, Err(e.to_string())),
        }
    };
    let copy_status = move |_| {
        if let Some(text) = state.peek(|s| s.status_update(browser::now())) {
            copy(state, Place::Status, text, "Status update copied.".into());
        }
    };
    let clear = move |_| {
        if browser::confirm("Clear the progress, notes and times of this plan? This cannot be undone.") {
            state.dispatch(Action::ClearProgress);
            state.say(Place::Link, Ok("Progress cleared.".into()));
        }
    };
    let no_plan = Memo::new(move |_| state.outcome.with(|o| !matches!(o, Some(Ok(_)))));
    // The failback of a failover is a walkthrough of its own, offered once there is one.
    let failback = Memo::new(move |_| {
        state
            .outcome
            .with(|o| matches!(o, Some(Ok(out)) if out.checklist.phases().contains(&Phase::Failback)))
    });
    view! {
        <section class="panel share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share and walk through"</h2>
            <div class="share-row">
                <label for="driver-name">"Driver"</label>
                {text_field("driver-name", Field::Driver, "Who is driving", Some("name"))}
                <button type="button" on:click=state.on(Action::StartWalkthrough(Phase::Failover)) disabled=no_plan>"Start walkthrough"</button>
                <button type="button" class="secondary" on:click=handler(copy_status) disabled=no_plan>"Copy status update"</button>
                <button type="button" class="secondary" hidden=move || !failback.get()
                    on:click=state.on(Action::StartWalkthrough(Phase::Failback))>"Start the failback walkthrough"</button>
            </div>
            // A rehearsal on a real bridge: the walkthrough, the status update and the share
            // link say DRILL on every line, so nobody takes it for a real incident.
            <label class="check drill-switch">
                {checkbox("drill".into(), Switch::Drill, None, None)}
                <span>"Drill: a rehearsal, not a real incident (the walkthrough, status update and share link say DRILL)"</span>
            </label>
            <NoticeAt place=Place::Status/>
            <div class="share-row">
                <button type="button" class="secondary" on:click=handler(save_plan) disabled=state.read_only>"Save plan"</button>
                <button type="button" class="secondary" disabled=state.read_only
                    on:click=handler(move |_| { if let Some(i) = plan_input.get() { i.click(); } })>"Load plan"</button>
                <input type="file" accept=".json,application/json" class="visually-hidden" tabindex="-1" aria-hidden="true"
                    id="plan-file" node_ref=plan_input on:change=handler(load_plan)/>
            </div>
            // Each pair of buttons has its answers under it, which on a phone is where the
            // finger was.
            <NoticeAt place=Place::PlanFile/>
            <div class="share-row">
                <button type="button" class="secondary" on:click=handler(copy_link)>"Copy share link"</button>
                <button type="button" class="secondary danger-text" on:click=handler(clear) disabled=state.read_only>"Clear progress"</button>
            </div>
            <NoticeAt place=Place::Link/>
            <label for="plan-notes">"Notes"</label>
            <textarea id="plan-notes" rows="3" disabled=state.read_only
                prop:value=move || state.text(&Field::Notes)
                on:change=handler(move |ev| state.dispatch(Action::Write(Field::Notes, event_target_value(&ev))))></textarea>
            <p class="hint">"Progress, notes and times are kept in this browser, for each topology, until you clear them: loading the same topology export again brings its plan back. A share link carries the decisions and progress in the part of the address after #, which browsers never send to any server."</p>
        </section>
    }
}
