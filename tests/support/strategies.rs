//! Property-test values of the page's decisions and progress, for the plan-file and share-link
//! tests (tests/share_prop.rs, tests/json_prop.rs). Each test passes its own text and time
//! strategies: one weighs what JSON escapes, the other any Unicode.

use std::ops::Range;

use edge_failover_planner::plan::{Direction, Failure};
use edge_failover_planner::session::{Decisions, Progress, StepProgress};
use proptest::prelude::*;

/// Any decisions, with every field set or left as a plan file may leave it.
pub fn decisions(text: BoxedStrategy<String>) -> BoxedStrategy<Decisions> {
    (
        proptest::option::of(prop_oneof![
            text.clone().prop_map(Failure::Pool),
            text.clone().prop_map(Failure::Site)
        ]),
        proptest::option::of(text.clone()),
        any::<bool>(),
        proptest::option::of(proptest::collection::vec(text.clone(), 0..4)),
        prop_oneof![Just(Direction::Failover), Just(Direction::Failback)],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(text),
        any::<bool>(),
    )
        .prop_map(
            |(
                failure,
                survivor,
                move_xmpp,
                reassociate,
                direction,
                clear_other_federation,
                keep_temporary_federation,
                publish_file,
                xmpp_to,
                drill,
            )| {
                Decisions {
                    failure,
                    survivor,
                    move_xmpp,
                    reassociate,
                    direction,
                    clear_other_federation,
                    keep_temporary_federation,
                    publish_file,
                    xmpp_to,
                    drill,
                }
            },
        )
        .boxed()
}

/// Any progress: a driver, a start, up to `steps` steps each done, blocked, noted or
/// confirmed, and notes.
pub fn progress(text: BoxedStrategy<String>, time: BoxedStrategy<f64>, steps: Range<usize>) -> BoxedStrategy<Progress> {
    let step = (
        proptest::option::of(time.clone()),
        any::<bool>(),
        text.clone(),
        any::<bool>(),
    )
        .prop_map(|(done_at, blocked, note, confirmed)| StepProgress {
            done_at,
            blocked,
            note,
            confirmed,
        });
    (
        proptest::option::of(text.clone()),
        proptest::option::of(time),
        proptest::collection::btree_map(text.clone(), step, steps),
        text,
    )
        .prop_map(|(driver, started_at, steps, notes)| Progress {
            driver,
            started_at,
            steps,
            notes,
        })
        .boxed()
}
