//! The base every panel of the page imports: the page's state in one signal and the parts of
//! it each view reads ([`AppState`]), the one way it changes ([`AppState::dispatch`]), and the
//! parts every panel shares (a checkbox, a text field, a redrawn part, an event handler, a
//! message beside its button, a download).
//!
//! The bundle pays for each type of view, not for each element drawn: Leptos (with
//! `erase_components`) carries code for every list type, optional part, redrawn part and
//! attribute type it meets. So every list item and optional part is an `AnyView`
//! (`.into_any()`), every redrawn part goes through [`redrawn`] and every event handler
//! through [`handler`]: one type each, whatever they draw (measured: README, Performance).

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::browser;
use crate::plan::PlanError;
use crate::session::{
    Action, Decisions, Field, LoadState, Loaded, Notice, Outcome, Place, Progress, Restorable, State, Switch, Walk,
};
use crate::share::PlanFile;

/// The plan for the current decisions, as the state holds it.
pub type Planned = Option<Result<Arc<Outcome>, PlanError>>;

/// The page's state, and the parts of it each view reads: a view is drawn again only when
/// what it shows changes. Shared with every component through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub(super) state: RwSignal<State>,
    pub loaded: Memo<Arc<Loaded>>,
    pub load: Memo<LoadState>,
    pub decisions: Memo<Decisions>,
    pub outcome: Memo<Planned>,
    pub progress: Memo<Progress>,
    pub read_only: Memo<bool>,
    pub pending: Memo<Option<Restorable>>,
    pub notice: Memo<Option<(Place, Notice)>>,
    pub walkthrough: Memo<Option<Walk>>,
    /// A question about a file just loaded is open.
    pub asking: Memo<bool>,
    /// The clock for elapsed times, in milliseconds since the Unix epoch. Not part of the
    /// state: it ticks every second.
    pub now: RwSignal<f64>,
}

impl AppState {
    pub fn new() -> AppState {
        let state = RwSignal::new(State::new());
        AppState {
            state,
            // A topology or a plan is compared by identity: the state holds a new one only
            // when it changes.
            loaded: Memo::new_with_compare(
                move |_| state.with(|s| s.loaded.clone()),
                |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
            ),
            load: Memo::new(move |_| state.with(|s| s.load.clone())),
            decisions: Memo::new(move |_| state.with(|s| s.decisions.clone())),
            outcome: Memo::new_with_compare(move |_| state.with(|s| s.outcome.clone()), plan_changed),
            progress: Memo::new(move |_| state.with(|s| s.progress.clone())),
            read_only: Memo::new(move |_| state.with(|s| s.read_only)),
            pending: Memo::new(move |_| state.with(|s| s.pending.clone())),
            notice: Memo::new(move |_| state.with(|s| s.notice.clone())),
            walkthrough: Memo::new(move |_| state.with(|s| s.walkthrough)),
            asking: Memo::new(move |_| state.with(|s| s.question.is_some())),
            now: RwSignal::new(browser::now()),
        }
    }

    /// The one way the page changes.
    pub fn dispatch(&self, action: Action) {
        self.dispatch_at(action, browser::now());
    }

    pub fn dispatch_at(&self, action: Action, now: f64) {
        self.state.update(|s| s.reduce(action, now));
    }

    /// Reads the state where nothing is drawn from it (a click, a copy).
    pub fn peek<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        self.state.with_untracked(f)
    }

    /// An event handler that dispatches `action`.
    pub fn on<E: 'static>(self, action: Action) -> impl Fn(E) + Clone + 'static {
        handler(move |_| self.dispatch(action.clone()))
    }

    pub fn say(&self, place: Place, result: Result<String, String>) {
        let notice = match result {
            Ok(m) => Notice::Done(m),
            Err(m) => Notice::Problem(m),
        };
        self.dispatch(Action::Say(place, notice));
    }

    /// Whether a checkbox is ticked, redrawn when the part of the state it reads changes.
    /// (A part is read, not only tracked: a memo is worked out, and follows the state, only
    /// once it is read.)
    pub fn is_on(&self, switch: &Switch) -> bool {
        match switch {
            Switch::Done(_) | Switch::Blocked(_) => self.progress.with(|_| ()),
            _ => self.decisions.with(|_| ()),
        }
        self.peek(|s| s.is_on(switch))
    }

    /// What a text field holds, redrawn when the progress changes.
    pub fn text(&self, field: &Field) -> String {
        self.progress.with(|_| ());
        self.peek(|s| s.text(field))
    }

    /// The current plan as a plan file.
    pub fn plan_file(&self) -> PlanFile {
        self.peek(|s| PlanFile::new(&s.loaded, &s.decisions, &s.progress, Some(browser::now())))
    }
}

impl Default for AppState {
    fn default() -> AppState {
        AppState::new()
    }
}

fn plan_changed(a: Option<&Planned>, b: Option<&Planned>) -> bool {
    match (a, b) {
        (Some(None), Some(None)) => false,
        (Some(Some(Ok(a))), Some(Some(Ok(b)))) => !Arc::ptr_eq(a, b),
        (Some(Some(Err(a))), Some(Some(Err(b)))) => a != b,
        _ => true,
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// A part of the page drawn again whenever what `draw` reads changes. Every such part
/// shares one drawing machinery (for [`AnyView`]) instead of carrying its own.
pub fn redrawn<V: IntoView + 'static>(mut draw: impl FnMut() -> V + Send + 'static) -> impl IntoView {
    view! { {move || draw().into_any()} }
}

/// A part of the page shown once there is a plan, drawn again when the plan changes.
pub fn with_plan(draw: impl Fn(&Arc<Outcome>) -> AnyView + Send + 'static) -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        state.outcome.with(|o| match o {
            Some(Ok(out)) => draw(out),
            _ => ().into_any(),
        })
    })
}

/// An event handler. Every handler of one kind of event is this one type, so the page
/// carries the code that attaches a handler once per kind of event, not once per control.
pub fn handler<E: 'static>(f: impl Fn(E) + 'static) -> impl Fn(E) + Clone + 'static {
    shared_handler(Rc::new(f))
}

fn shared_handler<E: 'static>(f: Rc<dyn Fn(E)>) -> impl Fn(E) + Clone + 'static {
    move |ev| f(ev)
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

/// A checkbox that shows and switches one [`Switch`] of the state. Disabled in an
/// observer's view, where `reduce` would refuse the change anyway.
pub fn checkbox(id: String, switch: Switch, class: Option<&'static str>, label: Option<String>) -> impl IntoView {
    let state = use_app();
    let shown = switch.clone();
    view! {
        <input type="checkbox" class=class id=id aria-label=label disabled=state.read_only
            prop:checked=move || state.is_on(&shown)
            on:change=handler(move |ev| state.dispatch(Action::Set(switch.clone(), event_target_checked(&ev))))/>
    }
}

/// A one-line text field that shows and writes one [`Field`] of the state.
pub fn text_field(
    id: &'static str,
    field: Field,
    placeholder: &'static str,
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let state = use_app();
    let shown = field.clone();
    view! {
        <input type="text" id=id placeholder=placeholder autocomplete=autocomplete disabled=state.read_only
            prop:value=move || state.text(&shown)
            on:change=handler(move |ev| state.dispatch(Action::Write(field.clone(), event_target_value(&ev))))/>
    }
}

/// The message for `place`, in a live region that is always in the page (one that appears
/// with its message is not announced).
#[component]
pub fn NoticeAt(place: Place) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="notice-at" role="status" aria-live="polite">
            {redrawn(move || state.notice.get().filter(|(p, _)| *p == place).map(|(_, n)| {
                let (class, role, m) = match n {
                    Notice::Done(m) => ("notice done", None, m),
                    Notice::Problem(m) => ("notice error", Some("alert"), m),
                };
                view! { <p class=class role=role id="notice">{m}</p> }.into_any()
            }))}
        </div>
    }
}

/// Offers a file for download; if the browser refuses, says so at `place`.
pub fn download(state: AppState, place: Place, bytes: &[u8], name: &str, mime: &str) {
    if let Err(e) = browser::download(bytes, name, mime) {
        state.say(place, Err(e));
    }
}

/// Why a download failed, beside the buttons of `place`.
pub fn download_problem(place: Place) -> impl IntoView {
    let state = use_app();
    redrawn(move || {
        state.notice.with(|n| match n {
            Some((p, Notice::Problem(m))) if *p == place => {
                Some(view! { <p class="error" role="alert">{m.clone()}</p> }.into_any())
            }
            _ => None,
        })
    })
}
