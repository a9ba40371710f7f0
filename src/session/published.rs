//! A re-export of the published topology checked against the plan: the steps it confirms,
//! and the result as the page shows it.

use super::outcome::Outcome;
use super::progress::Progress;
use crate::verify::{self, Comparison, VerifyError};

/// A re-export of the published topology checked against the current plan.
#[derive(Debug)]
pub struct PublishedCheck {
    /// The file's name, as the user gave it.
    pub name: String,
    /// When it was checked, in milliseconds since the Unix epoch.
    pub at: f64,
    pub result: Result<Comparison, VerifyError>,
}

impl PublishedCheck {
    /// The same comparison as `edge-failover verify`, against the plan's modified topology.
    pub fn of(outcome: &Outcome, name: impl Into<String>, published: &[u8], now: f64) -> PublishedCheck {
        PublishedCheck {
            name: name.into(),
            at: now,
            result: verify::compare_bytes(&outcome.plan.written.topology_bytes, published),
        }
    }

    /// Ticks the verification steps the file confirms, or takes back what an earlier check
    /// ticked when this one does not; an unreadable file changes nothing.
    pub fn apply(&self, outcome: &Outcome, progress: &mut Progress) {
        if let Ok(c) = &self.result {
            progress.confirm_from_published(&outcome.checklist, c.federation_matches(), self.at);
        }
    }

    /// What the check said at `clock` (the page's local time), kept as it was then: the
    /// steps it can confirm, and those no topology file can confirm that are still open.
    pub fn report(self, outcome: &Outcome, progress: &Progress, read_only: bool, clock: String) -> PublishedReport {
        use crate::checklist::FromPublished;
        let steps = |f: FromPublished| -> Vec<String> {
            outcome
                .checklist
                .steps()
                .filter(|s| s.from_published == f && (f == FromPublished::Confirms || !progress.is_done(&s.id)))
                .map(|s| format!("{}. {}", s.number, s.title.plain()))
                .collect()
        };
        PublishedReport {
            confirms: steps(FromPublished::Confirms),
            still_open: steps(FromPublished::CannotConfirm),
            check: self,
            read_only,
            clock,
        }
    }
}

/// A check of the published topology as the page shows it, as it was when it was made. Data,
/// not markup: the page draws it (`ui/verify_view.rs`).
#[derive(Debug)]
pub struct PublishedReport {
    pub check: PublishedCheck,
    /// When it was checked, as the page's clock showed it.
    pub clock: String,
    /// Checked in an observer's view, which ticks nothing.
    pub read_only: bool,
    /// "N. title" of each step a matching check ticks.
    pub confirms: Vec<String>,
    /// "N. title" of each step no topology file can confirm, not done at the time.
    pub still_open: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::testing::sample_failover;
    use crate::session::{outcome, SAMPLE_TOPOLOGY};

    #[test]
    fn checking_the_published_topology_ticks_the_step_it_confirms() {
        let (loaded, d) = sample_failover();
        let out = outcome(&loaded, &d).unwrap().unwrap();
        let step = out
            .checklist
            .steps()
            .find(|s| s.from_published == crate::checklist::FromPublished::Confirms)
            .unwrap()
            .id
            .clone();
        let mut progress = Progress::default();
        // Nothing published yet: the loaded topology is still what is live.
        let before = PublishedCheck::of(&out, "published.xml", SAMPLE_TOPOLOGY.as_bytes(), 1.0);
        assert!(!before.result.as_ref().unwrap().federation_matches());
        before.apply(&out, &mut progress);
        assert!(!progress.is_done(&step));
        let after = PublishedCheck::of(&out, "published.xml", &out.plan.written.topology_bytes, 2.0);
        assert!(after.result.as_ref().unwrap().matches());
        after.apply(&out, &mut progress);
        assert_eq!(progress.steps[&step].done_at, Some(2.0));
        assert!(progress.steps[&step].confirmed);
        let report = after.report(&out, &progress, false, "14:02:03".into());
        assert_eq!(report.confirms.len(), 1);
        let confirming = out.checklist.steps().find(|s| s.id == step).unwrap();
        assert_eq!(
            report.confirms[0],
            format!("{}. {}", confirming.number, confirming.title.plain())
        );
        assert!(!report.still_open.is_empty());
        let broken = PublishedCheck::of(&out, "published.zip", b"PK\x03\x04", 3.0);
        assert!(matches!(broken.result, Err(VerifyError::Published(_))));
        broken.apply(&out, &mut progress);
        assert!(progress.is_done(&step));
    }
}
