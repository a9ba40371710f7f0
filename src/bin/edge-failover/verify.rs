//! `edge-failover verify`: whether the topology exported after the publish is the planned
//! one, the same comparison the page makes.

use edge_failover_planner::verify;

use crate::args::VerifyArgs;
use crate::cli::{to_json, Failed};
use crate::files::load;

pub fn run(a: VerifyArgs) -> Result<(), Failed> {
    let path = |name: &str, value: &Option<String>| {
        value
            .clone()
            .ok_or_else(|| Failed::Usage(format!("--{name} PATH is required")))
    };
    let planned = path("planned", &a.planned)?;
    let published = path("published", &a.published)?;
    let (planned, published) = (load(&planned)?, load(&published)?);
    let c = verify::compare(&planned, &published);
    if a.json {
        let report = serde_json::json!({
            "matches": c.matches(),
            "federation_matches": c.federation_matches(),
            "differences": c.differences(),
            "confirmed": c.confirmed().collect::<Vec<_>>(),
            "checked": c.checked,
            "other_elements": c.other,
            "note": c.note,
        });
        println!("{}", to_json(&report));
    } else {
        print!("{}", c.report());
    }
    if c.matches() {
        Ok(())
    } else {
        Err(Failed::Differs)
    }
}
