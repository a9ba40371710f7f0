//! Everything the page shows for a complete set of decisions: the plan, its checklist and
//! the names of the files it offers.

use std::sync::Arc;

use super::decisions::Decisions;
use super::loaded::Loaded;
use crate::checklist::{self, Checklist};
use crate::plan::{self, FailoverRequest, Plan, PlanError};

/// Everything the page shows for a complete set of decisions.
#[derive(Debug)]
pub struct Outcome {
    pub plan: Plan,
    pub checklist: Checklist,
    pub markdown: String,
    pub topology_file_name: String,
    pub checklist_file_name: String,
}

/// The plan for the current decisions: `None` until failure and survivor are chosen.
pub fn outcome(loaded: &Loaded, decisions: &Decisions) -> Option<Result<Arc<Outcome>, PlanError>> {
    let request = decisions.request()?;
    Some(make_outcome(loaded, &request).map(Arc::new))
}

impl Outcome {
    /// The self-contained HTML checklist's name: the Markdown one's, with its own extension.
    pub fn checklist_html_file_name(&self) -> String {
        let stem = self
            .checklist_file_name
            .strip_suffix(".md")
            .unwrap_or(&self.checklist_file_name);
        format!("{stem}.html")
    }
}

pub fn make_outcome(loaded: &Loaded, request: &FailoverRequest) -> Result<Outcome, PlanError> {
    let plan = plan::make_plan(&loaded.file, request)?;
    let topology_file_name = plan::output_file_name(&loaded.name, plan.survivor_fqdn(&loaded.file));
    let checklist = checklist::build_for(&loaded.file, &plan, &loaded.name, &topology_file_name);
    let markdown = checklist::markdown::render(&checklist);
    let stem = topology_file_name
        .rsplit_once('.')
        .map_or(topology_file_name.as_str(), |(s, _)| s);
    let checklist_file_name = format!("{stem}.checklist.md");
    Ok(Outcome {
        plan,
        checklist,
        markdown,
        topology_file_name,
        checklist_file_name,
    })
}
