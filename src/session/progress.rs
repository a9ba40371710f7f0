//! How far a team got through the checklist: each step's tick, blocker and note, the driver
//! and the notes on the whole plan.

use std::collections::BTreeMap;

use crate::checklist::Checklist;
use crate::checklist::FromPublished;

/// One step's progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepProgress {
    /// When it was ticked, in milliseconds since the Unix epoch.
    pub done_at: Option<f64>,
    pub blocked: bool,
    pub note: String,
    /// Ticked by a check of the published topology, at `done_at` ([`crate::verify`]).
    pub confirmed: bool,
}

/// How far a team got through the checklist, keyed by the steps' stable ids.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub driver: Option<String>,
    /// When the walkthrough started, in milliseconds since the Unix epoch.
    pub started_at: Option<f64>,
    pub steps: BTreeMap<String, StepProgress>,
    /// Notes on the whole plan.
    pub notes: String,
}

impl Progress {
    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }

    /// How many steps are ticked.
    pub fn done_count(&self) -> usize {
        self.steps.values().filter(|s| s.done_at.is_some()).count()
    }

    /// How many notes there are: the plan's own and each step's.
    pub fn note_count(&self) -> usize {
        usize::from(!self.notes.trim().is_empty()) + self.steps.values().filter(|s| !s.note.trim().is_empty()).count()
    }

    /// What a plan in progress holds, in words: "3 steps done, 1 blocked, 2 notes".
    pub fn describe(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let blocked = self.steps.values().filter(|s| s.blocked).count();
        let mut parts = vec![plural(self.done_count(), "step done", "steps done")];
        if blocked > 0 {
            parts.push(format!("{blocked} blocked"));
        }
        parts.push(plural(self.note_count(), "note", "notes"));
        if let Some(d) = &self.driver {
            parts.push(format!("driver {d}"));
        }
        parts.join(", ")
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.steps.get(id).is_some_and(|s| s.done_at.is_some())
    }

    pub fn is_blocked(&self, id: &str) -> bool {
        self.steps.get(id).is_some_and(|s| s.blocked)
    }

    /// The note on a step, empty when it has none.
    pub fn note(&self, id: &str) -> &str {
        self.steps.get(id).map_or("", |s| s.note.as_str())
    }

    pub fn set_done(&mut self, id: &str, done: bool, now: f64) {
        let step = self.steps.entry(id.to_owned()).or_default();
        step.done_at = done.then_some(now);
        step.confirmed = false;
        if done && self.started_at.is_none() {
            self.started_at = Some(now);
        }
        self.tidy(id);
    }

    pub fn set_blocked(&mut self, id: &str, blocked: bool) {
        self.steps.entry(id.to_owned()).or_default().blocked = blocked;
        self.tidy(id);
    }

    pub fn set_note(&mut self, id: &str, note: String) {
        self.steps.entry(id.to_owned()).or_default().note = note;
        self.tidy(id);
    }

    /// After a check of the published topology: the steps it can confirm are ticked as
    /// confirmed from it at `now` when `confirmed`; when not, the ticks an earlier check made
    /// are taken back (a tick of the user's own stays).
    pub fn confirm_from_published(&mut self, checklist: &Checklist, confirmed: bool, now: f64) {
        for step in checklist
            .steps()
            .filter(|s| s.from_published == FromPublished::Confirms)
        {
            if confirmed {
                self.set_done(&step.id, true, now);
                self.steps.entry(step.id.clone()).or_default().confirmed = true;
            } else if self.steps.get(&step.id).is_some_and(|s| s.confirmed) {
                self.set_done(&step.id, false, now);
            }
        }
    }

    fn tidy(&mut self, id: &str) {
        if self.steps.get(id).is_some_and(|s| *s == StepProgress::default()) {
            self.steps.remove(id);
        }
    }
}
