//! `edge-failover plan`: the failover (or failback) planned, its two files written together or
//! not at all, and what it did printed in words or as JSON.

use edge_failover_planner::checklist;
use edge_failover_planner::plan::{self, FailoverRequest, Failure};
use edge_failover_planner::topology::EdgeIdx;

use crate::args::PlanArgs;
use crate::cli::{to_json, Failed};
use crate::files::{file_name, load, write_all};

pub fn run(a: PlanArgs) -> Result<(), Failed> {
    let required = |value: &Option<String>, missing: &str| value.clone().ok_or_else(|| Failed::Usage(missing.into()));
    let survivor = required(&a.to, "choose the surviving pool with --to FQDN")?;
    let topology_out = required(&a.topology_out, "--topology-out PATH is required")?;
    let checklist_out = required(&a.checklist_out, "--checklist-out PATH is required")?;
    let failure = a.failure.failure()?;
    let path = a.file.as_str();
    let (topology_out, checklist_out) = (topology_out.as_str(), checklist_out.as_str());
    let file = load(path)?;
    let request = request(&a, failure, &survivor)?;
    let plan = plan::make_plan(&file, &request)?;
    if plan.has_blocking_checks() {
        let errors: Vec<String> = plan
            .checks
            .iter()
            .filter(|c| c.severity == plan::CheckSeverity::Error)
            .map(|c| c.message.clone())
            .collect();
        return Err(Failed::Plan(errors.join("\n")));
    }
    let list = checklist::build_for(&file, &plan, &file_name(path), &file_name(topology_out));
    let markdown = checklist::markdown::render(&list);
    let html = a
        .checklist_html_out
        .as_deref()
        .map(|p| (p, checklist::html::render(&list)));
    let mut outputs: Vec<(&str, &[u8])> = vec![
        (topology_out, &plan.topology_bytes),
        (checklist_out, markdown.as_bytes()),
    ];
    if let Some((p, h)) = &html {
        outputs.push((p, h.as_bytes()));
    }
    write_all(&outputs)?;

    let t = &file.topology;
    let survivor_fqdn = plan.survivor_fqdn(&file).to_owned();
    let failed: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect();
    let reassociated: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
    let fqdn_of = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
    if a.json {
        let report = serde_json::json!({
            "failed": failed,
            "survivor": survivor_fqdn,
            "direction": plan.request.direction,
            "sip_federation_moves": plan.federation_moves,
            "xmpp_federation_moves": plan.xmpp_moves,
            "sip_federation_cleared": plan.federation_from.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>(),
            "sip_federation_kept": plan.federation_kept.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>(),
            "survivor_already_federated": plan.survivor_already_federated,
            "federation_routes": plan.routes.iter().map(|r| serde_json::json!({
                "site": t.sites[r.site].name,
                "from": fqdn_of(r.from_edge),
                "to": fqdn_of(r.to_edge),
            })).collect::<Vec<_>>(),
            "reassociated": reassociated,
            "next_hop": plan.next_hop,
            "checks": plan.checks,
            "diff": {
                "removed": plan.diff.removed,
                "added": plan.diff.added,
                "unified": plan.diff.unified(path, topology_out),
            },
            "topology_out": topology_out,
            "checklist_out": checklist_out,
            "checklist_html_out": html.as_ref().map(|(p, _)| p),
            "steps": list.steps().count(),
        });
        println!("{}", to_json(&report));
    } else {
        println!("Failed: {}", failed.join(", "));
        println!("Survivor: {survivor_fqdn}");
        println!(
            "SIP federation moves: {}",
            if plan.federation_moves { "yes" } else { "no" }
        );
        println!("XMPP federation moves: {}", if plan.xmpp_moves { "yes" } else { "no" });
        if plan.survivor_already_federated {
            println!("{survivor_fqdn} is already federated: its ports do not change");
        }
        let names = |v: &[EdgeIdx]| v.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>().join(", ");
        if !plan.federation_kept.is_empty() {
            println!("SIP federation kept on: {}", names(&plan.federation_kept));
        }
        if plan
            .federation_from
            .iter()
            .any(|e| !plan.scope.failed_edges.contains(e))
        {
            println!("SIP federation also cleared on: {}", names(&plan.federation_from));
        }
        for r in &plan.routes {
            println!(
                "Federation route of site {} re-pointed: {} -> {}",
                t.sites[r.site].name,
                fqdn_of(r.from_edge),
                fqdn_of(r.to_edge)
            );
        }
        if !reassociated.is_empty() {
            println!("Re-associated: {}", reassociated.join(", "));
        }
        println!("\nChecks:");
        for c in &plan.checks {
            println!("  {}: {}", c.severity.label(), c.message);
        }
        println!("\n{}", plan.diff.unified(path, topology_out));
        println!(
            "Wrote {topology_out} and {checklist_out} ({} steps).",
            list.steps().count()
        );
    }
    Ok(())
}

/// The request the arguments make, or why they do not go together.
fn request(a: &PlanArgs, failure: Failure, survivor: &str) -> Result<FailoverRequest, Failed> {
    let mut request = match (&failure, a.failback) {
        (Failure::Pool(p), true) => FailoverRequest::failback(p.clone(), survivor),
        (Failure::Site(_), true) => {
            return Err(Failed::Input(
                "--failback takes --failed with the pool that carried federation meanwhile".into(),
            ))
        }
        (f, false) => FailoverRequest {
            failure: f.clone(),
            ..FailoverRequest::pool("", survivor)
        },
    };
    request.move_xmpp = Some(a.xmpp);
    request.clear_other_federation = a.clear_other_federation;
    if a.keep_temporary_federation && !a.failback {
        return Err(Failed::Input(
            "--keep-temporary-federation goes with --failback: it keeps federation on the pool it comes back from"
                .into(),
        ));
    }
    request.keep_temporary_federation = a.keep_temporary_federation;
    request.reassociate = a.reassociate.as_ref().map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    });
    Ok(request)
}
