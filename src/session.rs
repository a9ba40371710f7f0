//! The page's state in one place: a plain [`State`], the [`Action`]s that change it and one
//! pure [`State::reduce`], in the shape of Yew's TodoMVC. The views show the state and
//! dispatch actions; nothing else changes it, so native tests cover the page's logic without
//! a browser. An observer's view (a share link) is a rule here, not in the views: `reduce`
//! refuses every change to the plan while it is read-only.

mod decisions;
mod loaded;
mod outcome;
mod progress;
mod published;
mod restore;
mod status;
#[cfg(test)]
pub(crate) mod testing;

use std::sync::Arc;

pub use decisions::{failed_pools, Decisions};
pub use loaded::{Loaded, SAMPLE_NAME, SAMPLE_TOPOLOGY};
pub use outcome::{make_outcome, outcome, Outcome};
pub use progress::{Progress, StepProgress};
pub use published::PublishedCheck;
pub use restore::{Origin, Restorable};
pub use status::{elapsed, status_update, status_update_at, utc_clock};

use crate::checklist::Step;
use crate::plan::{Direction, Failure, PlanError};

/// Where loading a topology stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Busy(String),
    Failed { name: String, message: String },
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
    /// Under the plan bar's downloads.
    Downloads,
    /// Beside "Download offline HTML checklist".
    HtmlChecklist,
}

/// What a checkbox of the page switches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Switch {
    MoveXmpp,
    ClearOtherFederation,
    /// On failback, keep federation on the pool it comes back from.
    KeepTemporaryFederation,
    /// Re-associate this pool (by FQDN) with the surviving Edge pool.
    Reassociate(String),
    /// This step (by id) is done.
    Done(String),
    /// This step (by id) is blocked.
    Blocked(String),
}

/// What a text field of the page holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Driver,
    /// The notes on the whole plan.
    Notes,
    /// The note on this step (by id).
    StepNote(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Reading or checking a file, said while it happens.
    LoadStarted(String),
    LoadFailed {
        name: String,
        message: String,
    },
    /// A topology file's bytes: read, it replaces the topology shown.
    Load {
        name: String,
        bytes: Vec<u8>,
    },
    LoadSample,
    /// An Edge pool or a whole site failed.
    MarkFailed(Failure),
    /// The pool that carried federation meanwhile, and the original pool now restored.
    PlanFailback {
        temporary: String,
        restored: String,
    },
    ClearFailure,
    ChooseSurvivor(String),
    Set(Switch, bool),
    Write(Field, String),
    /// Forgets the progress, notes and times, on the page and in this browser.
    ClearProgress,
    /// A saved plan: put on the page at once when its topology is the one shown, else kept
    /// waiting for it.
    Open(Box<Restorable>),
    /// Puts the waiting plan on the page although its topology is not the one shown.
    ApplyPending,
    /// Drops the waiting plan; this browser's own is forgotten with it.
    DismissPending,
    /// Leaves the observer's view: the plan becomes the user's own copy.
    EditCopy,
    /// Opens the walkthrough at the first step not done.
    StartWalkthrough,
    GoToStep(usize),
    LeaveWalkthrough,
    /// Ticks the walkthrough's step and moves on to the next.
    DoneAndNext,
    /// A re-export of the published topology, checked against the plan; `clock` is the
    /// moment of the check as the page shows it (local time).
    CheckPublished {
        name: String,
        bytes: Vec<u8>,
        clock: String,
    },
    Say(Place, Notice),
}

impl Action {
    /// What an observer may not do: change the decisions or the progress.
    fn changes_the_plan(&self) -> bool {
        match self {
            Action::MarkFailed(_)
            | Action::PlanFailback { .. }
            | Action::ClearFailure
            | Action::ChooseSurvivor(_)
            | Action::Set(..)
            | Action::Write(..)
            | Action::ClearProgress
            | Action::DoneAndNext => true,
            Action::Open(r) => matches!(r.origin, Origin::File { .. }),
            _ => false,
        }
    }
}

/// What this browser's copy of the plan in progress should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// Left as it is: an observer's view, or a plan still waiting for its topology, is not
    /// the user's own work, and saving it would overwrite that.
    Leave,
    /// Nothing decided and no progress: nothing to keep.
    Remove,
    /// The page's decisions and progress.
    Save,
}

/// Everything the page holds. Changed only by [`State::reduce`]; the views read it.
#[derive(Clone, Debug)]
pub struct State {
    pub loaded: Arc<Loaded>,
    pub load: LoadState,
    pub decisions: Decisions,
    /// The plan for the decisions, worked out when they or the topology change.
    pub outcome: Option<Result<Arc<Outcome>, PlanError>>,
    pub progress: Progress,
    /// Opened from a share link: an observer's view, nothing can be changed.
    pub read_only: bool,
    /// A saved plan waiting for its topology to be loaded.
    pub pending: Option<Restorable>,
    pub notice: Option<(Place, Notice)>,
    /// The walkthrough's current step (index into the checklist's steps) while it is open.
    pub walkthrough: Option<usize>,
    /// The step the walkthrough is at, or was at when it was left: the status update's "Now".
    pub at_step: Option<usize>,
    /// The last check of a published topology against the current plan, as shown
    /// ([`PublishedCheck::to_html`]; empty before one): what it said then, as it was then.
    pub published: String,
    /// How many times the user cleared the plan in progress: each clear also forgets this
    /// browser's copy, even while another plan waits.
    pub cleared: u32,
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

impl State {
    /// The page as it opens: the built-in sample, nothing decided.
    pub fn new() -> State {
        State::of(Loaded::sample())
    }

    /// The page showing `loaded`, nothing decided.
    pub fn of(loaded: Loaded) -> State {
        State {
            loaded: Arc::new(loaded),
            load: LoadState::Idle,
            decisions: Decisions::new(),
            outcome: None,
            progress: Progress::default(),
            read_only: false,
            pending: None,
            notice: None,
            walkthrough: None,
            at_step: None,
            published: String::new(),
            cleared: 0,
        }
    }

    /// The one place the state changes. `now` is the time of the action, in milliseconds
    /// since the Unix epoch.
    pub fn reduce(&mut self, action: Action, now: f64) {
        if self.read_only && action.changes_the_plan() {
            return;
        }
        match action {
            Action::LoadStarted(message) => self.load = LoadState::Busy(message),
            Action::LoadFailed { name, message } => self.load = LoadState::Failed { name, message },
            Action::Load { name, bytes } => match Loaded::read(name.clone(), &bytes) {
                Ok(loaded) => self.set_loaded(loaded),
                Err(e) => {
                    self.load = LoadState::Failed {
                        name,
                        message: e.to_string(),
                    }
                }
            },
            Action::LoadSample => self.set_loaded(Loaded::sample()),
            Action::MarkFailed(failure) => self.decide(|d, l| d.fail(l, failure, Direction::Failover)),
            Action::PlanFailback { temporary, restored } => self.decide(|d, l| d.fail_back(l, temporary, restored)),
            Action::ClearFailure => self.decide(|d, _| *d = Decisions::new()),
            Action::ChooseSurvivor(pool) => self.decide(|d, _| d.choose_survivor(pool)),
            Action::Set(switch, on) => match switch {
                Switch::MoveXmpp => self.decide(|d, _| d.move_xmpp = on),
                Switch::ClearOtherFederation => self.decide(|d, _| d.clear_other_federation = on),
                Switch::KeepTemporaryFederation => self.decide(|d, _| d.keep_temporary_federation = on),
                Switch::Reassociate(pool) => self.decide(|d, l| d.set_reassociate(l, pool, on)),
                Switch::Done(id) => self.progress.set_done(&id, on, now),
                Switch::Blocked(id) => self.progress.set_blocked(&id, on),
            },
            Action::Write(field, text) => match field {
                Field::Driver => self.progress.driver = Some(text.trim().to_owned()).filter(|d| !d.is_empty()),
                Field::Notes => self.progress.notes = text,
                Field::StepNote(id) => self.progress.set_note(&id, text),
            },
            Action::ClearProgress => self.clear_progress(),
            Action::Open(r) => {
                let fits = r.matches(&self.loaded);
                if let Origin::File { name } = &r.origin {
                    // Kept waiting, the banner says what does not match and offers to apply it.
                    self.notice =
                        fits.then(|| (Place::PlanFile, Notice::Done(format!("Loaded the plan from {name}."))));
                }
                if fits {
                    self.restore(*r);
                } else {
                    self.pending = Some(*r);
                }
            }
            Action::ApplyPending => {
                if let Some(r) = self.pending.take() {
                    self.restore(r);
                }
            }
            Action::DismissPending => {
                if let Some(r) = self.pending.take() {
                    if matches!(r.origin, Origin::Stored { .. }) {
                        self.clear_progress();
                    }
                }
            }
            Action::EditCopy => self.read_only = false,
            Action::StartWalkthrough => {
                if self.steps().is_empty() {
                    return;
                }
                if !self.read_only && self.progress.started_at.is_none() {
                    self.progress.started_at = Some(now);
                }
                let first = self.first_open_step();
                self.go_to(first);
            }
            Action::GoToStep(i) => self.go_to(i),
            Action::LeaveWalkthrough => self.walkthrough = None,
            Action::DoneAndNext => {
                let Some((i, step)) = self.walkthrough_step() else {
                    return;
                };
                let id = step.id.clone();
                if !self.progress.is_done(&id) {
                    self.progress.set_done(&id, true, now);
                }
                self.go_to(i + 1);
            }
            Action::CheckPublished { name, bytes, clock } => {
                let Some(Ok(out)) = self.outcome.clone() else {
                    return;
                };
                let check = PublishedCheck::of(&out, name, &bytes, now);
                if !self.read_only {
                    check.apply(&out, &mut self.progress);
                }
                self.published = check.to_html(&out, &self.progress, self.read_only, &clock);
            }
            Action::Say(place, notice) => self.notice = Some((place, notice)),
        }
    }

    /// Changes the decisions. A check of the published topology was against the plan before;
    /// progress stays (ticks on steps the new plan no longer has are simply not shown).
    fn decide(&mut self, change: impl FnOnce(&mut Decisions, &Loaded)) {
        let before = self.decisions.clone();
        change(&mut self.decisions, &self.loaded);
        self.published.clear();
        if self.decisions != before {
            self.replan();
        }
    }

    fn replan(&mut self) {
        self.outcome = outcome(&self.loaded, &self.decisions);
    }

    /// Replaces the topology; decisions about the old one no longer apply, unless a saved
    /// plan was waiting for exactly this topology.
    fn set_loaded(&mut self, loaded: Loaded) {
        self.published.clear();
        self.decisions = Decisions::new();
        self.progress = Progress::default();
        self.read_only = false;
        self.loaded = Arc::new(loaded);
        self.load = LoadState::Idle;
        match self.pending.take() {
            Some(r) if r.matches(&self.loaded) => self.restore(r),
            other => {
                self.pending = other;
                self.replan();
            }
        }
    }

    /// Puts a saved plan on the page, as far as it applies to the loaded topology.
    fn restore(&mut self, r: Restorable) {
        self.published.clear();
        self.decisions = r.decisions.for_topology(&self.loaded);
        self.read_only = r.read_only();
        self.progress = r.progress;
        self.pending = None;
        self.replan();
    }

    fn clear_progress(&mut self) {
        self.progress = Progress::default();
        self.cleared += 1;
    }

    /// The checklist's steps, in order; none without a plan.
    pub fn steps(&self) -> Vec<&Step> {
        match &self.outcome {
            Some(Ok(out)) => out.checklist.steps().collect(),
            _ => Vec::new(),
        }
    }

    /// Where the walkthrough opens: the first step not done yet.
    pub fn first_open_step(&self) -> usize {
        self.steps()
            .iter()
            .position(|s| !self.progress.is_done(&s.id))
            .unwrap_or(0)
    }

    /// The walkthrough's step while it is open, with its index.
    pub fn walkthrough_step(&self) -> Option<(usize, &Step)> {
        let steps = self.steps();
        let i = self.walkthrough?.min(steps.len().checked_sub(1)?);
        Some((i, steps[i]))
    }

    /// Where the walkthrough stands is the status update's "Now", also after it is left.
    fn go_to(&mut self, i: usize) {
        let Some(last) = self.steps().len().checked_sub(1) else {
            return;
        };
        self.walkthrough = Some(i.min(last));
        self.at_step = self.walkthrough;
    }

    /// Whether a checkbox is ticked.
    pub fn is_on(&self, switch: &Switch) -> bool {
        match switch {
            Switch::MoveXmpp => self.decisions.move_xmpp,
            Switch::ClearOtherFederation => self.decisions.clear_other_federation,
            Switch::KeepTemporaryFederation => self.decisions.keep_temporary_federation,
            Switch::Reassociate(pool) => self.decisions.reassociated(&self.loaded).contains(pool),
            Switch::Done(id) => self.progress.is_done(id),
            Switch::Blocked(id) => self.progress.is_blocked(id),
        }
    }

    /// What a text field holds.
    pub fn text(&self, field: &Field) -> String {
        match field {
            Field::Driver => self.progress.driver.clone().unwrap_or_default(),
            Field::Notes => self.progress.notes.clone(),
            Field::StepNote(id) => self.progress.note(id).to_owned(),
        }
    }

    /// The status update for the bridge, "Now" where the walkthrough stands; `None` without
    /// a plan.
    pub fn status_update(&self, now: f64) -> Option<String> {
        let Some(Ok(out)) = &self.outcome else {
            return None;
        };
        let current = self
            .at_step
            .and_then(|i| out.checklist.steps().nth(i))
            .map(|s| s.id.as_str());
        Some(status_update_at(&out.checklist, &self.progress, now, current))
    }

    pub fn persist(&self) -> Persist {
        if self.read_only || self.pending.is_some() {
            Persist::Leave
        } else if self.decisions == Decisions::new() && self.progress.is_empty() {
            Persist::Remove
        } else {
            Persist::Save
        }
    }
}
