//! The walkthrough: one step at a time, one phase at a time. The failover's walkthrough ends
//! at "Failover complete"; its failback is a walkthrough of its own, started once the failed
//! pool is back, and each counts its own steps.

use crate::checklist::{Phase, Role, Step};

use super::{Place, State};

/// Where the walkthrough stands: a phase, and a step of it (its number of steps when the
/// phase is complete).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Walk {
    pub phase: Phase,
    pub at: usize,
}

impl State {
    /// The checklist's steps, in order; none without a plan.
    pub fn steps(&self) -> Vec<&Step> {
        match &self.outcome {
            Some(Ok(out)) => out.checklist.steps().collect(),
            _ => Vec::new(),
        }
    }

    /// The steps of one phase, in order.
    pub fn phase_steps(&self, phase: Phase) -> Vec<&Step> {
        match &self.outcome {
            Some(Ok(out)) => out.checklist.phase_steps(phase).collect(),
            _ => Vec::new(),
        }
    }

    /// The phases the plan's checklist has: the failover, and its failback when it has one.
    pub fn phases(&self) -> Vec<Phase> {
        match &self.outcome {
            Some(Ok(out)) => out.checklist.phases(),
            _ => Vec::new(),
        }
    }

    /// Where a phase's walkthrough opens: its first step not done yet, of the role shown
    /// (past the last when every such step is done: the phase is complete).
    pub fn first_open_step(&self, phase: Phase) -> usize {
        let steps = self.phase_steps(phase);
        steps
            .iter()
            .position(|s| !self.progress.is_done(&s.id) && self.shows(s))
            .unwrap_or(steps.len())
    }

    /// Whether the walkthrough shows a step: every step, or only the role chosen.
    pub fn shows(&self, step: &Step) -> bool {
        self.role_filter.is_none_or(|r| step.role == r)
    }

    /// The roles a phase's steps are done by, in the order of [`Role::ALL`]: what the
    /// walkthrough can be filtered to.
    pub fn roles_of(&self, phase: Phase) -> Vec<Role> {
        let steps = self.phase_steps(phase);
        Role::ALL
            .into_iter()
            .filter(|r| steps.iter().any(|s| s.role == *r))
            .collect()
    }

    /// The walkthrough's next step after `at` that it shows (past the last: the end).
    pub fn step_after(&self, phase: Phase, at: usize) -> usize {
        let steps = self.phase_steps(phase);
        (at + 1..steps.len())
            .find(|i| self.shows(steps[*i]))
            .unwrap_or(steps.len())
    }

    /// The walkthrough's step before `at` that it shows (the first it shows at most).
    pub fn step_before(&self, phase: Phase, at: usize) -> usize {
        let steps = self.phase_steps(phase);
        (0..at.min(steps.len()))
            .rev()
            .find(|i| self.shows(steps[*i]))
            .unwrap_or(at)
    }

    /// Shows one role's steps only: where the walkthrough stands on another role's step, it
    /// moves to the first open step of the role chosen.
    pub(super) fn filter_role(&mut self, role: Option<Role>) {
        self.role_filter = role;
        if let Some((_, step)) = self.walkthrough_step() {
            if !self.shows(step) {
                let phase = self.walkthrough.map_or(Phase::Failover, |w| w.phase);
                let first = self.first_open_step(phase);
                self.go_to(phase, first);
            }
        }
    }

    /// The walkthrough's step while it is open at one, with its index in its phase.
    pub fn walkthrough_step(&self) -> Option<(usize, &Step)> {
        let w = self.walkthrough?;
        let steps = self.phase_steps(w.phase);
        steps.get(w.at).map(|s| (w.at, *s))
    }

    /// The walkthrough is open on its phase's end: every step of it passed.
    pub fn walkthrough_complete(&self) -> Option<Phase> {
        let w = self.walkthrough?;
        (w.at >= self.phase_steps(w.phase).len()).then_some(w.phase)
    }

    pub(super) fn start_walkthrough(&mut self, phase: Phase, now: f64) {
        if self.phase_steps(phase).is_empty() {
            return;
        }
        if !self.read_only && self.progress.started_at.is_none() {
            self.progress.started_at = Some(now);
        }
        let first = self.first_open_step(phase);
        self.go_to(phase, first);
    }

    /// Moves within the walkthrough's phase, as far as its end. Where it stands is the status
    /// update's "Now", also after it is left; a copy notice belongs to the step it was made
    /// on, and goes with it.
    pub(super) fn go_to(&mut self, phase: Phase, at: usize) {
        let len = self.phase_steps(phase).len();
        if len == 0 {
            return;
        }
        self.walkthrough = Some(Walk { phase, at: at.min(len) });
        self.at_step = self.walkthrough;
        if matches!(self.notice, Some((Place::Command(..), _))) {
            self.notice = None;
        }
    }

    pub(super) fn done_and_next(&mut self, now: f64) {
        let Some(w) = self.walkthrough else {
            return;
        };
        if let Some((_, step)) = self.walkthrough_step() {
            let id = step.id.clone();
            if !self.progress.is_done(&id) {
                self.progress.set_done(&id, true, now);
            }
        }
        let next = self.step_after(w.phase, w.at);
        self.go_to(w.phase, next);
    }
}
