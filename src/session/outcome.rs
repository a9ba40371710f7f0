//! Everything the page shows for a complete set of decisions: the plan, its checklist, the
//! names of the files it offers, and what the plan does by name.

use std::sync::Arc;

use super::decisions::{failed_pools, Decisions};
use super::loaded::Loaded;
use crate::checklist::{self, Checklist};
use crate::plan::{self, CheckSeverity, FailoverRequest, Plan, PlanError};
use crate::topology::EdgeIdx;

/// Everything the page shows for a complete set of decisions.
#[derive(Debug)]
pub struct Outcome {
    pub plan: Plan,
    pub checklist: Checklist,
    /// The first document: the failover's runbook (or a failback plan's).
    pub markdown: String,
    /// The failback's own runbook, for a failover.
    pub failback_markdown: Option<String>,
    pub topology_file_name: String,
    pub checklist_file_name: String,
    pub moves: Moves,
}

/// What the plan does, by name: what the page draws, counts and explains, read from the plan
/// in this one place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moves {
    /// The Edge pools that failed (on a failback, the pool federation comes back from).
    pub failed: Vec<String>,
    /// The pool federation goes to.
    pub survivor: String,
    /// The pools that carry SIP federation once the plan is published, and those that lose it.
    pub sip_after: Vec<String>,
    pub sip_removed: Vec<String>,
    /// The same for XMPP federation.
    pub xmpp_after: Vec<String>,
    pub xmpp_removed: Vec<String>,
    /// The pools whose Edge association moves to the survivor.
    pub reassociated: Vec<String>,
    pub warnings: usize,
    /// A check failed: the modified topology is not offered.
    pub blocked: bool,
    /// Each change the plan writes, in words, with the line of the file (before) it is on.
    pub changes: Vec<(usize, String)>,
}

/// The plan for the current decisions: `None` until failure and survivor are chosen.
pub fn outcome(loaded: &Loaded, decisions: &Decisions) -> Option<Result<Arc<Outcome>, PlanError>> {
    let request = decisions.request()?;
    Some(make_outcome(loaded, &request).map(Arc::new))
}

impl Outcome {
    /// The failback's runbook's name, beside the failover's.
    pub fn failback_file_name(&self) -> String {
        let stem = self
            .checklist_file_name
            .strip_suffix(".checklist.md")
            .unwrap_or(&self.checklist_file_name);
        format!("{stem}.failback.md")
    }

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
    // A runbook that breaks a safety rule is never offered; none the planner makes does.
    if let Some(broken) = checklist::safety::broken(&checklist.safety) {
        return Err(PlanError::Unsafe(broken));
    }
    let markdown = checklist::markdown::render(&checklist);
    let failback_markdown = (checklist.phases().len() > 1)
        .then(|| checklist::markdown::render_phase(&checklist, checklist::Phase::Failback));
    let stem = topology_file_name
        .rsplit_once('.')
        .map_or(topology_file_name.as_str(), |(s, _)| s);
    let checklist_file_name = format!("{stem}.checklist.md");
    let moves = moves(loaded, &plan);
    Ok(Outcome {
        plan,
        checklist,
        markdown,
        failback_markdown,
        topology_file_name,
        checklist_file_name,
        moves,
    })
}

/// The plan's effect by name, from what it writes (its edit) rather than from how it decided.
fn moves(loaded: &Loaded, plan: &Plan) -> Moves {
    let t = &loaded.file.topology;
    let edit = &plan.written.edit;
    let name = |e: &EdgeIdx| t.pools[t.edge_pools[*e].pool].fqdn.clone();
    let after = |before: &[String], removed: &[String], added: Vec<String>| {
        let mut out: Vec<String> = before.iter().filter(|p| !removed.contains(p)).cloned().collect();
        for a in added {
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    };
    let sip_removed: Vec<String> = edit
        .remove_sip_federation
        .iter()
        .filter(|e| t.edge_pools[**e].has_sip_federation())
        .map(name)
        .collect();
    let xmpp_removed: Vec<String> = edit
        .remove_xmpp
        .iter()
        .filter(|e| t.edge_pools[**e].has_xmpp_federation())
        .map(name)
        .collect();
    let s = &loaded.summary;
    let mut reassociated: Vec<String> = Vec::new();
    for r in &edit.reassociations {
        let pool = t.pools[r.pool].fqdn.clone();
        if !reassociated.contains(&pool) {
            reassociated.push(pool);
        }
    }
    // Each change's line, counted once along the text (the changes come in the file's order).
    let text = loaded.file.doc.text();
    let (mut line, mut at) = (1, 0);
    let changes = edit
        .in_words(&loaded.file)
        .into_iter()
        .map(|c| {
            let to = c.at.min(text.len());
            line += text.as_bytes()[at.min(to)..to].iter().filter(|b| **b == b'\n').count();
            at = at.max(to);
            (line, c.words)
        })
        .collect();
    Moves {
        failed: failed_pools(loaded, &plan.scope),
        survivor: plan.survivor_fqdn(&loaded.file).to_owned(),
        sip_after: after(
            &s.sip_federation_pools,
            &sip_removed,
            edit.add_sip_federation.iter().map(name).collect(),
        ),
        xmpp_after: after(
            &s.xmpp_federation_pools,
            &xmpp_removed,
            edit.add_xmpp.iter().map(name).collect(),
        ),
        sip_removed,
        xmpp_removed,
        reassociated,
        warnings: plan
            .checks
            .iter()
            .filter(|c| c.severity == CheckSeverity::Warning)
            .count(),
        blocked: plan.has_blocking_checks(),
        changes,
    }
}
