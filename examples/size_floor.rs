//! The smallest page that does the planner's job: the page shell of `support/size_page.rs`
//! (one Leptos component) loading a topology (the built-in sample, or a picked file), planning
//! the failover of a named Edge pool and showing the checklist, the diff, the plan file and the
//! share link as plain text, with none of the page's views. `scripts/size-floor.sh` builds it
//! like the page and reports its gzip size: the floor under the page's bundle for this feature
//! set with Leptos (README, Performance).

#[cfg(target_arch = "wasm32")]
#[path = "support/size_page.rs"]
mod size_page;

#[cfg(target_arch = "wasm32")]
fn main() {
    size_page::mount(logic::run);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Only its WebAssembly size matters; natively the pipeline is the library's own tests.
    let _ = logic::run;
}

mod logic {
    use edge_failover_planner::checklist;
    use edge_failover_planner::plan::{Direction, Failure};
    use edge_failover_planner::session::{self, Decisions, Loaded, Origin, Progress};
    use edge_failover_planner::share::{PlanFile, SharedPlan};

    /// Everything the planner computes for one failover, as text, so nothing is optimised away.
    pub fn run(file: Option<(String, Vec<u8>)>, pool: &str, plan_json: &str, fragment: &str) -> String {
        let loaded = match file {
            Some((name, bytes)) => match Loaded::read(name, &bytes) {
                Ok(l) => l,
                Err(e) => return e.to_string(),
            },
            None => Loaded::sample(),
        };
        let mut out = String::new();
        for site in &loaded.summary.sites {
            out.push_str(&site.name);
        }
        let mut decisions = Decisions::new();
        decisions.fail(&loaded, Failure::Pool(pool.into()), Direction::Failover);
        for c in decisions.candidates(&loaded) {
            out.push_str(&c.fqdn);
        }
        let progress = Progress::default();
        match session::outcome(&loaded, &decisions) {
            Some(Ok(o)) => {
                out.push_str(&o.markdown);
                out.push_str(&checklist::html::render(&o.checklist));
                for line in o.plan.written.diff.hunks.iter().flat_map(|h| &h.lines) {
                    out.push_str(&line.text);
                }
                out.push_str(&session::status_update(&o.checklist, &progress, 0.0));
                out.push_str(&String::from_utf8_lossy(&o.plan.written.topology_bytes));
            }
            Some(Err(e)) => out.push_str(&e.to_string()),
            None => {}
        }
        let plan = PlanFile::new(&loaded, &decisions, &progress, Some(0.0));
        out.push_str(&plan.to_json());
        if let Ok(link) = SharedPlan::from_plan(&plan, None).to_fragment() {
            out.push_str(&link);
        }
        match PlanFile::from_json(plan_json) {
            Ok(p) => out.push_str(&p.into_restorable(Origin::File { name: String::new() }).describe()),
            Err(e) => out.push_str(&e.to_string()),
        }
        match SharedPlan::from_fragment(fragment) {
            Ok(Some(s)) => out.push_str(&s.into_restorable().describe()),
            Ok(None) => {}
            Err(e) => out.push_str(&e.to_string()),
        }
        out
    }
}
