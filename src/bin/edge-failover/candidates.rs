//! `edge-failover candidates`: the Edge pools that can take over, eligible ones first, each
//! with its reasons.

use edge_failover_planner::plan;

use crate::args::CandidatesArgs;
use crate::cli::{to_json, Failed};
use crate::files::load;

pub fn run(a: CandidatesArgs) -> Result<(), Failed> {
    let file = load(&a.file)?;
    let scope = plan::scope(&file, &a.failure.failure()?)?;
    let list = plan::candidates(&file, &scope);
    if a.json {
        println!("{}", to_json(&list));
    } else {
        for c in &list {
            let status = if c.eligible { "eligible" } else { "not eligible" };
            println!("{} ({status})", c.fqdn);
            for r in &c.reasons {
                println!("  - {r}");
            }
            for r in &c.cautions {
                println!("  ! {r}");
            }
            for r in &c.notes {
                println!("  * {r}");
            }
        }
        if let Some(advice) = plan::no_survivor_advice(&file, &scope) {
            println!("\n{advice}");
        }
    }
    Ok(())
}
