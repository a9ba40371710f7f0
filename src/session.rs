//! The page's state in one place: a plain [`State`], the [`Action`]s that change it and one
//! pure [`State::reduce`], in the shape of Yew's TodoMVC. The views show the state and
//! dispatch actions; nothing else changes it, so native tests cover the page's logic without
//! a browser. An observer's view (a share link) is a rule here, not in the views: `reduce`
//! refuses every change to the plan while it is read-only.

mod decisions;
mod drill;
mod loaded;
mod outcome;
mod progress;
mod published;
mod question;
mod readiness;
mod restore;
mod sessions;
mod status;
#[cfg(test)]
pub(crate) mod testing;
mod walkthrough;

use std::sync::Arc;

pub use decisions::{failed_pools, Decisions};
pub use drill::{drill_line, drill_text};
pub use loaded::{Loaded, Shape, SAMPLE_NAME, SAMPLE_TOPOLOGY};
pub use outcome::{make_outcome, outcome, Moves, Outcome};
pub use progress::{Progress, StepProgress};
pub use published::{PublishedCheck, PublishedReport};
pub use question::{Answer, Question};
pub use readiness::{MadeReport, Readiness};
pub use restore::{Origin, Restorable};
pub use sessions::{saved_at, Sessions, MAX_SESSIONS};
pub use status::{elapsed, status_update, status_update_at, utc_clock};
pub use walkthrough::Walk;

use crate::checklist::{Phase, Role};
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
    /// Beside "Save plan" and "Load plan".
    PlanFile,
    /// Beside "Copy share link" and "Clear progress".
    Link,
    /// Beside the walkthrough's Copy button of a command: the step's number, and the
    /// command's place in it.
    Command(usize, usize),
    /// Beside "Open a share link".
    OpenLink,
    /// Beside "Published topology".
    Published,
    /// Under the plan bar's downloads.
    Downloads,
    /// Beside "Download offline HTML checklist".
    HtmlChecklist,
    /// Under the readiness report's downloads.
    Readiness,
}

/// What a checkbox of the page switches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Switch {
    MoveXmpp,
    ClearOtherFederation,
    /// On failback, keep federation on the pool it comes back from.
    KeepTemporaryFederation,
    /// Route B: publish the modified file instead of the Topology Builder steps.
    PublishFile,
    /// The plan is a drill: what others read of it says DRILL.
    Drill,
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
    /// A topology file's bytes: read, it replaces the topology shown, unless that would
    /// replace a plan in progress or the file reads as a later export of the planned
    /// deployment: then the page asks first ([`Question`]).
    Load {
        name: String,
        bytes: Vec<u8>,
    },
    LoadSample,
    /// The answer to the page's question about a file just loaded.
    Answer(Answer),
    /// The message about a file that could not be loaded has been read.
    DismissLoadError,
    /// This browser's kept plans, read back from its storage when the page opens.
    Remember(Vec<Restorable>),
    /// An Edge pool or a whole site failed.
    MarkFailed(Failure),
    /// The pool that carried federation meanwhile, and the original pool now restored.
    PlanFailback {
        temporary: String,
        restored: String,
    },
    ClearFailure,
    ChooseSurvivor(String),
    /// The Edge pool XMPP federation moves to (the survivor's name: the default).
    ChooseXmppTarget(String),
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
    /// Opens the walkthrough of a phase at its first step not done.
    StartWalkthrough(Phase),
    /// Goes to a step of the walkthrough's phase (past its last: the phase is complete).
    GoToStep(usize),
    LeaveWalkthrough,
    /// Ticks the walkthrough's step and moves on to the next.
    DoneAndNext,
    /// Shows one role's steps only in the walkthrough (`None`: every step).
    FilterRole(Option<Role>),
    /// Opens the Readiness view (true) or goes back to the planner.
    ShowReadiness(bool),
    /// The readiness report of the topology whose file has this SHA-256, made outside the
    /// reducer (the page spreads it between frames): kept while that topology is shown.
    ReadinessMade {
        sha256: String,
        report: MadeReport,
    },
    /// A preparation (by its need's id) marked done or not: every row is judged again.
    Prepare(String, bool),
    /// "Open this plan" of a readiness row: its failure marked and its survivor chosen, as by
    /// hand, and the planner shown.
    OpenPlan {
        failure: Failure,
        survivor: String,
    },
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
            | Action::ChooseXmppTarget(_)
            | Action::OpenPlan { .. }
            | Action::Set(..)
            | Action::Write(..)
            | Action::ClearProgress
            | Action::DoneAndNext => true,
            Action::Open(r) => matches!(r.origin, Origin::File { .. }),
            _ => false,
        }
    }
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
    /// Where the walkthrough stands while it is open.
    pub walkthrough: Option<Walk>,
    /// The walkthrough shows one role's steps only (the DNS team sees its own and the
    /// hand-offs to it); `None`: every step.
    pub role_filter: Option<Role>,
    /// Where the walkthrough stands, or stood when it was left: the status update's "Now".
    pub at_step: Option<Walk>,
    /// The last check of a published topology against the current plan: what it said then,
    /// as it was then.
    pub published: Option<Arc<PublishedReport>>,
    /// The plans this browser keeps, one for each topology, the page's own among them: what
    /// its storage holds.
    pub sessions: Sessions,
    /// A file just loaded, waiting for the user's answer before it replaces anything.
    pub question: Option<Question>,
    /// The Readiness view, and the report of the topology shown once it is made.
    pub readiness: Readiness,
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
            role_filter: None,
            at_step: None,
            published: None,
            sessions: Sessions::default(),
            question: None,
            readiness: Readiness::default(),
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
                Ok(loaded) => self.offer(loaded, bytes),
                Err(e) => {
                    self.load = LoadState::Failed {
                        name,
                        message: e.to_string(),
                    }
                }
            },
            Action::LoadSample => self.offer(Loaded::sample(), SAMPLE_TOPOLOGY.as_bytes().to_vec()),
            Action::Answer(answer) => self.answer(answer, now),
            Action::DismissLoadError => {
                if matches!(self.load, LoadState::Failed { .. }) {
                    self.load = LoadState::Idle;
                }
            }
            Action::Remember(plans) => self.remember(plans),
            Action::MarkFailed(failure) => self.decide(|d, l| d.fail(l, failure, Direction::Failover)),
            Action::PlanFailback { temporary, restored } => self.decide(|d, l| d.fail_back(l, temporary, restored)),
            // A drill stays one until it is switched off.
            Action::ClearFailure => self.decide(|d, _| {
                *d = Decisions {
                    drill: d.drill,
                    ..Decisions::new()
                }
            }),
            Action::ChooseSurvivor(pool) => self.decide(|d, _| d.choose_survivor(pool)),
            Action::ChooseXmppTarget(pool) => self.decide(|d, _| d.choose_xmpp_target(pool)),
            Action::Set(switch, on) => match switch {
                Switch::MoveXmpp => self.decide(|d, _| d.move_xmpp = on),
                Switch::ClearOtherFederation => self.decide(|d, _| d.clear_other_federation = on),
                Switch::KeepTemporaryFederation => self.decide(|d, _| d.keep_temporary_federation = on),
                Switch::PublishFile => self.decide(|d, _| d.publish_file = on),
                // The runbook is the same for a drill: nothing to plan again.
                Switch::Drill => self.decisions.drill = on,
                Switch::Reassociate(pool) => self.decide(|d, l| d.set_reassociate(l, pool, on)),
                Switch::Done(id) => self.progress.set_done(&id, on, now),
                Switch::Blocked(id) => self.progress.set_blocked(&id, on),
            },
            Action::Write(field, text) => match field {
                Field::Driver => self.progress.driver = Some(text.trim().to_owned()).filter(|d| !d.is_empty()),
                Field::Notes => self.progress.notes = text,
                Field::StepNote(id) => self.progress.set_note(&id, text),
            },
            Action::ClearProgress => self.progress = Progress::default(),
            Action::Open(r) => {
                let fits = r.matches(&self.loaded);
                // Said beside "Load plan" either way: a plan that waits is also shown in the
                // banner at the top, out of sight from there.
                if let Origin::File { name } = &r.origin {
                    let said = if fits {
                        format!("Loaded the plan from {name}.")
                    } else {
                        format!(
                            "{name} holds a plan for {}, not the topology shown: it waits at the top of the page until that topology is loaded.",
                            r.topology_name.as_deref().unwrap_or("another topology")
                        )
                    };
                    self.notice = Some((Place::PlanFile, Notice::Done(said)));
                }
                if fits {
                    self.restore(*r);
                } else {
                    self.pending = Some(*r);
                }
            }
            Action::ApplyPending => {
                if let Some(r) = self.pending.take() {
                    if !r.applies_to(&self.loaded) {
                        self.pending = Some(r);
                        return;
                    }
                    // This browser's plan moves to the topology it is applied to.
                    if matches!(r.origin, Origin::Stored { .. }) {
                        self.sessions.forget(&r.fingerprint.sha256);
                    }
                    self.restore(r);
                }
            }
            Action::DismissPending => {
                if let Some(r) = self.pending.take() {
                    if matches!(r.origin, Origin::Stored { .. }) {
                        self.sessions.forget(&r.fingerprint.sha256);
                    }
                }
            }
            Action::EditCopy => self.read_only = false,
            Action::StartWalkthrough(phase) => self.start_walkthrough(phase, now),
            Action::GoToStep(i) => {
                if let Some(w) = self.walkthrough {
                    self.go_to(w.phase, i);
                }
            }
            Action::LeaveWalkthrough => self.walkthrough = None,
            Action::DoneAndNext => self.done_and_next(now),
            Action::FilterRole(role) => self.filter_role(role),
            Action::ShowReadiness(open) => self.readiness.open = open,
            Action::ReadinessMade { sha256, report } => {
                if sha256 == self.loaded.fingerprint.sha256 {
                    self.readiness.set(Some(*report.0));
                }
            }
            Action::Prepare(id, done) => self.readiness.prepare(&id, done),
            Action::OpenPlan { failure, survivor } => {
                self.decide(|d, l| {
                    d.fail(l, failure, Direction::Failover);
                    d.choose_survivor(survivor);
                });
                self.readiness.open = false;
            }
            Action::CheckPublished { name, bytes, clock } => self.check_published(name, &bytes, clock, now),
            Action::Say(place, notice) => self.notice = Some((place, notice)),
        }
        self.keep_session(now);
    }

    fn check_published(&mut self, name: String, bytes: &[u8], clock: String, now: f64) {
        let Some(Ok(out)) = self.outcome.clone() else {
            return;
        };
        let check = PublishedCheck::of(&out, name, bytes, now);
        if !self.read_only {
            check.apply(&out, &mut self.progress);
        }
        self.published = Some(Arc::new(check.report(&out, &self.progress, self.read_only, clock)));
    }

    /// A topology read from a file (or the sample): shown at once, unless it would replace a
    /// plan in progress, or reads as a later export of the deployment the plan is for, which
    /// is most likely the published topology. Then the page asks first.
    fn offer(&mut self, loaded: Loaded, bytes: Vec<u8>) {
        self.load = LoadState::Idle;
        let other = loaded.fingerprint.sha256 != self.loaded.fingerprint.sha256;
        let later_export = other && matches!(self.outcome, Some(Ok(_))) && self.loaded.same_deployment(&loaded);
        let replaces = other && !self.read_only && !self.progress.is_empty();
        if later_export || replaces {
            self.question = Some(Question {
                incoming: Arc::new(loaded),
                bytes: later_export.then(|| Arc::new(bytes)),
                replaces,
            });
        } else {
            self.set_loaded(Arc::new(loaded));
        }
    }

    fn answer(&mut self, answer: Answer, now: f64) {
        let Some(q) = self.question.take() else {
            return;
        };
        match answer {
            // The plan in progress stays in this browser, under its own topology.
            Answer::Open => self.set_loaded(q.incoming),
            Answer::CheckPublished { clock } => {
                if let Some(bytes) = &q.bytes {
                    self.check_published(q.incoming.name.clone(), bytes, clock, now);
                }
            }
            Answer::Cancel => {}
        }
    }

    /// This browser's kept plans, as the page opens: the one for the topology shown comes
    /// back at once; else the one saved last waits for its topology.
    fn remember(&mut self, plans: Vec<Restorable>) {
        for plan in plans {
            self.sessions.remember(plan);
        }
        let here = self.loaded.fingerprint.sha256.clone();
        let untouched = self.decisions == Decisions::new() && self.progress.is_empty();
        match self.sessions.get(&here) {
            Some(own) if untouched && !self.read_only => self.restore(own.clone()),
            _ if self.pending.is_none() => self.pending = self.sessions.latest_except(&here).cloned(),
            _ => {}
        }
    }

    /// Keeps the page's plan among this browser's, under its topology's fingerprint; an
    /// observer's view is not the user's own and is not kept.
    fn keep_session(&mut self, now: f64) {
        if self.read_only {
            return;
        }
        let key = &self.loaded.fingerprint.sha256;
        if self.decisions == Decisions::new() && self.progress.is_empty() {
            self.sessions.forget(key);
            return;
        }
        let same = self.sessions.get(key).is_some_and(|kept| {
            kept.decisions == self.decisions
                && kept.progress == self.progress
                && kept.topology_name.as_deref() == Some(self.loaded.name.as_str())
        });
        if !same {
            self.sessions.keep(Restorable {
                origin: Origin::Stored { saved_at: Some(now) },
                topology_name: Some(self.loaded.name.clone()),
                fingerprint: self.loaded.fingerprint.clone(),
                shape: None,
                decisions: self.decisions.clone(),
                progress: self.progress.clone(),
            });
        }
    }

    /// Changes the decisions. A check of the published topology was against the plan before;
    /// progress stays (ticks on steps the new plan no longer has are simply not shown).
    fn decide(&mut self, change: impl FnOnce(&mut Decisions, &Loaded)) {
        let before = self.decisions.clone();
        change(&mut self.decisions, &self.loaded);
        self.published = None;
        if self.decisions != before {
            self.replan();
        }
    }

    fn replan(&mut self) {
        self.outcome = outcome(&self.loaded, &self.decisions);
    }

    /// Replaces the topology; decisions about the old one no longer apply. A saved plan
    /// waiting for exactly this topology is put on the page, or else this browser's own plan
    /// for it.
    fn set_loaded(&mut self, loaded: Arc<Loaded>) {
        self.published = None;
        self.decisions = Decisions::new();
        self.progress = Progress::default();
        self.read_only = false;
        self.walkthrough = None;
        self.at_step = None;
        self.loaded = loaded;
        self.load = LoadState::Idle;
        // The report was of the topology shown before.
        self.readiness.set(None);
        match self.pending.take() {
            Some(r) if r.matches(&self.loaded) => self.restore(r),
            other => {
                self.pending = other;
                match self.sessions.get(&self.loaded.fingerprint.sha256) {
                    Some(own) => self.restore(own.clone()),
                    None => self.replan(),
                }
            }
        }
    }

    /// Puts a saved plan on the page, as far as it applies to the loaded topology.
    fn restore(&mut self, r: Restorable) {
        self.published = None;
        self.decisions = r.decisions.for_topology(&self.loaded);
        self.read_only = r.read_only();
        self.progress = r.progress;
        self.pending = None;
        self.walkthrough = None;
        self.at_step = None;
        self.replan();
    }

    /// Whether a checkbox is ticked.
    pub fn is_on(&self, switch: &Switch) -> bool {
        match switch {
            Switch::MoveXmpp => self.decisions.move_xmpp,
            Switch::ClearOtherFederation => self.decisions.clear_other_federation,
            Switch::KeepTemporaryFederation => self.decisions.keep_temporary_federation,
            Switch::PublishFile => self.decisions.publish_file,
            Switch::Drill => self.decisions.drill,
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
        let text = status_update_at(&out.checklist, &self.progress, now, self.at_step, &out.moves.failed);
        Some(if self.decisions.drill { drill_text(&text) } else { text })
    }
}
