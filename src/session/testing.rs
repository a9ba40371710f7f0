//! What the session's and the formats' tests start from.

use std::sync::Arc;

use super::decisions::Decisions;
use super::loaded::Loaded;
use super::outcome::{outcome, Outcome};
use super::progress::Progress;
use crate::plan::{Direction, Failure};

/// The built-in sample with its Amsterdam Edge pool failed (Boston, the only eligible pool,
/// takes over).
pub fn sample_failover() -> (Loaded, Decisions) {
    let loaded = Loaded::sample();
    let mut d = Decisions::new();
    d.fail(
        &loaded,
        Failure::Pool("edgepool-amsterdam.fabrikam.com".into()),
        Direction::Failover,
    );
    (loaded, d)
}

/// [`sample_failover`] planned, with its first step done, a note on the second and a driver.
pub fn sample_in_progress() -> (Loaded, Decisions, Arc<Outcome>, Progress) {
    let (loaded, d) = sample_failover();
    let out = outcome(&loaded, &d).unwrap().unwrap();
    let ids: Vec<String> = out.checklist.steps().map(|s| s.id.clone()).collect();
    let mut p = Progress {
        driver: Some("Ana".into()),
        ..Progress::default()
    };
    p.set_done(&ids[0], true, 1_000_000.0);
    p.set_note(&ids[1], "backup share is \\\\fs01\\topology".into());
    (loaded, d, out, p)
}
