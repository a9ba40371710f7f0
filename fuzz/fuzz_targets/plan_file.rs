//! Any text, as a plan file or a share link: read or refused with a message, never a panic;
//! a plan file that reads writes JSON that reads back to the same plan.
#![no_main]

use edge_failover_planner::share::{PlanFile, SharedPlan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(plan) = PlanFile::from_json(text) {
        let again = PlanFile::from_json(&plan.to_json()).expect("a plan file's own JSON reads back");
        assert_eq!(again, plan);
    }
    let _ = SharedPlan::from_fragment(text);
});
