//! The page: the panels in their places, and what happens once when it opens (a share
//! link's plan, this browser's kept plans) and for as long as it is open (keeping them).

use leptos::prelude::*;

use super::base::{handler, AppState};
use super::{
    browser, checklist_view, diff_view, load, offline, overview, plan_bar, plan_view, readiness_view, share_view,
    verify_view, walkthrough,
};
use crate::session::{saved_at, Action, Origin, Restorable};
use crate::share::{PlanFile, SharedPlan};

/// Where this browser keeps a plan in progress, one entry for each topology (by the SHA-256 of
/// its file), so a reload, a closed tab or another topology loses nothing.
const STORAGE_PREFIX: &str = "edge-failover-planner/session/";
/// Where earlier versions kept the one plan in progress: read once, and kept as the others.
const EARLIER_KEY: &str = "edge-failover-planner/session";

/// What the effect that keeps the plans last wrote: each kept plan's topology and save time.
type Written = Vec<(String, f64)>;

/// This browser's kept plans, as its storage holds them (and the earlier single one).
fn stored_plans() -> (Vec<Restorable>, Written) {
    let mut plans = Vec::new();
    let mut written = Written::new();
    for key in browser::storage_keys(STORAGE_PREFIX) {
        let Some(plan) = browser::storage_get(&key).and_then(|j| PlanFile::from_json(&j).ok()) else {
            continue;
        };
        let saved_at_then = plan.saved_at;
        let r = plan.into_restorable(Origin::Stored {
            saved_at: saved_at_then,
        });
        written.push((r.fingerprint.sha256.clone(), saved_at(&r)));
        plans.push(r);
    }
    if let Some(plan) = browser::storage_get(EARLIER_KEY).and_then(|j| PlanFile::from_json(&j).ok()) {
        let saved_at = plan.saved_at;
        plans.push(plan.into_restorable(Origin::Stored { saved_at }));
        browser::storage_remove(EARLIER_KEY);
    }
    (plans, written)
}

/// At start: this browser's kept plans come back (the one for the topology shown at once), and
/// a plan in the link is opened over them.
fn restore_on_start(state: AppState) -> Written {
    let (plans, written) = stored_plans();
    state.dispatch(Action::Remember(plans));
    match SharedPlan::from_fragment(&browser::fragment()) {
        Ok(Some(shared)) => {
            browser::clear_fragment();
            state.dispatch(Action::Open(Box::new(shared.into_restorable())));
        }
        Ok(None) => {}
        Err(e) => state.say(crate::session::Place::Page, Err(e.to_string())),
    }
    written
}

thread_local! {
    /// What the storage holds of the kept plans, as last written.
    static WRITTEN: std::cell::RefCell<Written> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One effect keeps this browser's storage as the state's kept plans: each one written when
/// it changes, and removed when it goes.
fn persist(state: AppState, written: Written) {
    WRITTEN.with(|w| *w.borrow_mut() = written);
    Effect::new(move |_| {
        let before = WRITTEN.with(|w| w.take());
        let now = state.state.with(|s| {
            let now: Written = s
                .sessions
                .iter()
                .map(|plan| (plan.fingerprint.sha256.clone(), saved_at(plan)))
                .collect();
            for (plan, entry) in s.sessions.iter().zip(&now) {
                if !before.contains(entry) {
                    browser::storage_set(
                        &format!("{STORAGE_PREFIX}{}", entry.0),
                        &PlanFile::of_kept(plan).to_json(),
                    );
                }
            }
            for (key, _) in before.iter().filter(|(k, _)| !now.iter().any(|(n, _)| n == k)) {
                browser::storage_remove(&format!("{STORAGE_PREFIX}{key}"));
            }
            now
        });
        WRITTEN.with(|w| *w.borrow_mut() = now);
    });
}

/// Mounts the page in place of the shell that `index.html` paints before the WebAssembly
/// arrives. Both happen in one task, so the browser never draws the two together, nor
/// neither: the title, the privacy line and the load instructions stay where they were.
pub fn start() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let written = restore_on_start(state);
    persist(state, written);
    browser::every(1000, move || state.now.set(browser::now()));
    // The Readiness view takes the planner's place (and the plan bar's) while it is open.
    let reading = Memo::new(move |_| state.state.with(|s| s.readiness.open));
    view! {
        // While the walkthrough or a question is open the page behind it is inert: no focus,
        // no screen reader.
        <div class="page" class:reading=reading inert=move || state.walkthrough.with(|w| w.is_some()) || state.asking.get()
            on:dragover=handler(load::on_dragover) on:drop=handler(move |ev| load::on_drop(state, ev))>
            <header class="masthead">
                <h1>"Edge Failover Planner"</h1>
                <p class="tagline">
                    "Fail over SIP and XMPP federation between Edge pools of Lync Server 2013 and Skype for Business Server 2015/2019, step by step. "
                    <span class="private">"Your topology never leaves this browser."</span>
                </p>
            </header>
            <main>
                <share_view::Banner/>
                <overview::TemplateWarning/>
                <load::LoadPanel/>
                <readiness_view::ReadinessView/>
                <div class="planner">
                    // Everything that changes the plan sits in one fieldset, so an observer's
                    // view disables it all at once.
                    <fieldset class="app-fieldset" disabled=state.read_only>
                        <legend class="visually-hidden">"The plan"</legend>
                        <overview::Overview/>
                        <plan_view::PlanPanel/>
                    </fieldset>
                    <diff_view::ChangesPanel/>
                    <share_view::SharePanel/>
                    <offline::OfflinePanel/>
                    <verify_view::PublishedPanel/>
                    <checklist_view::ChecklistPanel/>
                    <overview::Inferences/>
                </div>
            </main>
            <plan_bar::PlanBar/>
            <footer class="footer">
                <p>
                    "Follows the product procedure \"Failing over the Edge pool used for federation\". "
                    "Steps marked inferred rest on readings of the topology format that are not confirmed; check them."
                </p>
            </footer>
        </div>
        <load::LoadQuestion/>
        <walkthrough::Walkthrough/>
    }
}
