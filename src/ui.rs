//! The browser UI (wasm32 only): a thin Leptos layer over [`crate::session`] and
//! [`crate::share`], which hold the state and derive everything shown from it.

mod browser;
mod checklist_view;
mod diff_view;
mod load;
mod offline;
mod overview;
mod picture;
mod plan_bar;
mod plan_view;
mod share_view;
mod verify_view;
mod walkthrough;

use std::sync::Arc;

use leptos::prelude::*;

use crate::plan::PlanError;
use crate::session::{self, Action, Decisions, Loaded, Outcome};
use crate::share::{PlanFile, Progress, Restorable, SharedPlan};

/// Where this browser keeps the plan in progress, so a reload or a closed tab loses nothing.
const STORAGE_KEY: &str = "edge-failover-planner/session";

/// Where loading stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Busy(String),
    Failed { name: String, message: String },
}

/// The plan for the current decisions, compared by identity: it is recomputed only when the
/// topology or a decision changes.
#[derive(Clone, Debug)]
pub struct Computed(pub Option<Result<Arc<Outcome>, PlanError>>);

impl PartialEq for Computed {
    fn eq(&self, other: &Computed) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(Ok(a)), Some(Ok(b))) => Arc::ptr_eq(a, b),
            (Some(Err(a)), Some(Err(b))) => a == b,
            _ => false,
        }
    }
}

/// A message about sharing, saving or copying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Done(String),
    Problem(String),
}

/// Where a message is shown: beside the control that caused it, where the user is looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The top of the page: what happened on opening it (a damaged share link).
    Page,
    /// Beside "Start walkthrough" and "Copy status update".
    Status,
    /// Beside "Save plan", "Load plan", "Copy share link" and "Clear progress".
    PlanFile,
    /// Beside the walkthrough's Copy button of this command.
    Command(usize),
    /// Beside "Open a share link".
    OpenLink,
    /// Beside "Published topology".
    Published,
}

/// The page's signals, shared with every component through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub loaded: RwSignal<Arc<Loaded>>,
    pub load_state: RwSignal<LoadState>,
    pub decisions: RwSignal<Decisions>,
    pub outcome: Memo<Computed>,
    pub progress: RwSignal<Progress>,
    /// Opened from a share link: an observer's view, nothing can be changed.
    pub read_only: RwSignal<bool>,
    /// A saved plan waiting for its topology to be loaded.
    pub pending: RwSignal<Option<Restorable>>,
    pub notice: RwSignal<Option<(Place, Notice)>>,
    /// The walkthrough's current step (index into the checklist's steps) while it is open.
    pub walkthrough: RwSignal<Option<usize>>,
    /// The step the walkthrough is at, or was at when it was left (index into the
    /// checklist's steps): the status update's "Now".
    pub at_step: RwSignal<Option<usize>>,
    /// The clock for elapsed times, in milliseconds since the Unix epoch.
    pub now: RwSignal<f64>,
    /// The last check of a published topology against the current plan, as shown
    /// ([`session::PublishedCheck::to_html`]; empty before one). Kept rendered: each type of signal
    /// costs the bundle its own code.
    pub published: RwSignal<String>,
}

impl AppState {
    pub fn new() -> AppState {
        let loaded = RwSignal::new(Arc::new(Loaded::sample()));
        let decisions = RwSignal::new(Decisions::new());
        let outcome = Memo::new(move |_| {
            let loaded = loaded.get();
            decisions.with(|d| Computed(session::outcome(&loaded, d)))
        });
        AppState {
            loaded,
            load_state: RwSignal::new(LoadState::Idle),
            decisions,
            outcome,
            progress: RwSignal::new(Progress::default()),
            read_only: RwSignal::new(false),
            pending: RwSignal::new(None),
            notice: RwSignal::new(None),
            walkthrough: RwSignal::new(None),
            at_step: RwSignal::new(None),
            now: RwSignal::new(browser::now()),
            published: RwSignal::new(String::new()),
        }
    }

    pub fn dispatch(&self, action: Action) {
        if self.read_only.get_untracked() {
            return;
        }
        let loaded = self.loaded.get_untracked();
        // Progress stays: ticks on steps that the new plan no longer has are simply not shown.
        self.decisions.update(|d| d.reduce(&loaded, action));
        // A check of the published topology was against the plan before.
        self.published.set(String::new());
    }

    /// Replaces the topology; decisions about the old one no longer apply, unless a saved
    /// plan was waiting for exactly this topology.
    pub fn set_loaded(&self, loaded: Loaded) {
        self.published.set(String::new());
        self.decisions.set(Decisions::new());
        self.progress.set(Progress::default());
        self.read_only.set(false);
        let loaded = Arc::new(loaded);
        self.loaded.set(loaded.clone());
        if let Some(pending) = self.pending.get_untracked() {
            if pending.matches(&loaded) {
                self.restore(&pending);
            }
        }
    }

    /// Puts a saved plan on the page, as far as it applies to the loaded topology.
    pub fn restore(&self, r: &Restorable) {
        let loaded = self.loaded.get_untracked();
        self.published.set(String::new());
        self.decisions.set(r.decisions_for(&loaded));
        self.progress.set(r.progress.clone());
        self.read_only.set(r.read_only());
        self.pending.set(None);
    }

    /// Shows a message beside the control that caused it.
    pub fn say(&self, place: Place, notice: Notice) {
        self.notice.set(Some((place, notice)));
    }

    /// Opens a plan from a share link pasted into the page, as opening the link itself does:
    /// read-only, at once when its topology is the one shown, else waiting for it.
    pub fn open_shared(&self, shared: SharedPlan) {
        let r = Restorable::from_link(shared);
        if r.matches(&self.loaded.get_untracked()) {
            self.restore(&r);
        } else {
            self.pending.set(Some(r));
        }
    }

    /// The current plan as a plan file.
    pub fn plan_file(&self) -> PlanFile {
        let loaded = self.loaded.get_untracked();
        self.decisions.with_untracked(|d| {
            self.progress
                .with_untracked(|p| PlanFile::new(&loaded, d, p, Some(browser::now())))
        })
    }
}

impl Default for AppState {
    fn default() -> AppState {
        AppState::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// A stable element id for a pool's row, so the picture can move focus to it.
pub fn row_id(kind: &str, fqdn: &str) -> String {
    let safe: String = fqdn
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{kind}-{safe}")
}

/// The message for `place`, in a live region that is always in the page (one that appears
/// with its message is not announced).
#[component]
pub fn NoticeAt(place: Place) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="notice-at" role="status" aria-live="polite">
            {move || state.notice.get().filter(|(p, _)| *p == place).map(|(_, n)| {
                let (class, role, m) = match n {
                    Notice::Done(m) => ("notice done", None, m),
                    Notice::Problem(m) => ("notice error", Some("alert"), m),
                };
                view! { <p class=class role=role id="notice">{m}</p> }
            })}
        </div>
    }
}

/// At start: a plan in the link wins; else this browser's plan in progress, if any.
fn restore_on_start(state: AppState) {
    let fragment = browser::fragment();
    match SharedPlan::from_fragment(&fragment) {
        Ok(Some(shared)) => {
            browser::clear_fragment();
            state.pending.set(Some(Restorable::from_link(shared)));
        }
        Ok(None) => {
            if let Some(plan) = browser::storage_get(STORAGE_KEY).and_then(|j| PlanFile::from_json(&j).ok()) {
                state.pending.set(Some(Restorable::from_storage(plan)));
            }
        }
        Err(e) => state.say(Place::Page, Notice::Problem(e.to_string())),
    }
    let loaded = state.loaded.get_untracked();
    if let Some(p) = state.pending.get_untracked().filter(|p| p.matches(&loaded)) {
        state.restore(&p);
    }
}

/// One effect keeps this browser's copy of the plan in progress up to date.
fn persist(state: AppState) {
    Effect::new(move |_| {
        let loaded = state.loaded.get();
        let decisions = state.decisions.get();
        let progress = state.progress.get();
        // An observer's view and a plan still waiting for its topology are not the user's own
        // work: saving them would overwrite it.
        if state.read_only.get() || state.pending.with(|p| p.is_some()) {
            return;
        }
        if decisions == Decisions::new() && progress.is_empty() {
            browser::storage_remove(STORAGE_KEY);
        } else {
            let plan = PlanFile::new(&loaded, &decisions, &progress, Some(browser::now()));
            browser::storage_set(STORAGE_KEY, &plan.to_json());
        }
    });
}

/// Forgets the plan in progress, on the page and in this browser.
pub fn clear_progress(state: AppState) {
    state.progress.set(Progress::default());
    browser::storage_remove(STORAGE_KEY);
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
    restore_on_start(state);
    persist(state);
    browser::every(1000, move || state.now.set(browser::now()));
    view! {
        // While the walkthrough is open the page behind it is inert: no focus, no screen reader.
        <div class="page" inert=move || state.walkthrough.with(|w| w.is_some())
            on:dragover=load::on_dragover on:drop=move |ev| load::on_drop(state, ev)>
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
                // Everything that changes the plan sits in one fieldset, so an observer's view
                // disables it all at once.
                <fieldset class="app-fieldset" disabled=move || state.read_only.get()>
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
            </main>
            <plan_bar::PlanBar/>
            <footer class="footer">
                <p>
                    "Follows the product procedure \"Failing over the Edge pool used for federation\". "
                    "Steps marked inferred rest on readings of the topology format that are not confirmed; check them."
                </p>
            </footer>
        </div>
        <walkthrough::Walkthrough/>
    }
}
