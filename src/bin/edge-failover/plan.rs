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
    // A runbook that breaks a safety rule is never offered (none the planner makes does: the
    // rules are checked on every fixture and on generated topologies).
    if let Some(broken) = checklist::safety::broken(&list.safety) {
        return Err(Failed::Plan(format!(
            "The runbook for this plan breaks a safety rule, so it is not written: {broken}. Please report this with the topology."
        )));
    }
    let markdown = checklist::markdown::render(&list);
    let html = a
        .checklist_html_out
        .as_deref()
        .map(|p| (p, checklist::html::render(&list)));
    let has_failback = list.glance.iter().any(|g| g.phase == checklist::Phase::Failback) && list.phases().len() > 1;
    if (a.failback_out.is_some() || a.failback_html_out.is_some()) && !has_failback {
        return Err(Failed::Input(
            "--failback-out and --failback-html-out go with a failover: a failback plan is one document".into(),
        ));
    }
    let failback_md = a
        .failback_out
        .as_deref()
        .map(|p| (p, checklist::markdown::render_phase(&list, checklist::Phase::Failback)));
    let failback_html = a
        .failback_html_out
        .as_deref()
        .map(|p| (p, checklist::html::render_phase(&list, checklist::Phase::Failback)));
    // The steps of the document --checklist-out holds: the first, with its rollback.
    let first = list.phases()[0];
    let steps = list
        .sections
        .iter()
        .filter(|s| s.phase == first)
        .map(|s| s.steps.len())
        .sum::<usize>();
    // A plan that changes nothing has nothing to publish: no file is offered.
    let changes = plan.changes_topology();
    let mut outputs: Vec<(&str, &[u8])> = Vec::new();
    if changes {
        outputs.push((topology_out, &plan.written.topology_bytes));
    }
    outputs.push((checklist_out, markdown.as_bytes()));
    for (p, h) in html.iter().chain(failback_md.iter()).chain(failback_html.iter()) {
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
    // Where XMPP federation could go on a failover, the survivor first, where a failed pool
    // carries it.
    let xmpp_targets: Vec<String> =
        if plan.request.direction == plan::Direction::Failover && !plan.xmpp_failed.is_empty() {
            plan::xmpp_targets(&file, &plan.scope, plan.survivor)
                .into_iter()
                .map(fqdn_of)
                .collect()
        } else {
            Vec::new()
        };
    if a.json {
        let report = serde_json::json!({
            "failed": failed,
            "survivor": survivor_fqdn,
            "direction": plan.request.direction,
            "sip_federation_moves": plan.federation_moves,
            "xmpp_federation_moves": plan.xmpp_moves,
            "xmpp_to": plan.xmpp_moves.then(|| fqdn_of(plan.xmpp_to)),
            "xmpp_targets": xmpp_targets,
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
                "removed": plan.written.diff.removed,
                "added": plan.written.diff.added,
                "unified": plan.written.diff.unified(path, topology_out),
            },
            "topology_out": topology_out,
            "checklist_out": checklist_out,
            "checklist_html_out": html.as_ref().map(|(p, _)| p),
            "failback_out": failback_md.as_ref().map(|(p, _)| p),
            "failback_html_out": failback_html.as_ref().map(|(p, _)| p),
            "route": plan.request.route,
            "topology_changes": changes,
            "steps": steps,
            "safety": list.safety,
        });
        println!("{}", to_json(&report));
    } else {
        println!("Failed: {}", failed.join(", "));
        println!("Survivor: {survivor_fqdn}");
        println!(
            "SIP federation moves: {}",
            if plan.federation_moves { "yes" } else { "no" }
        );
        if plan.xmpp_moves {
            println!("XMPP federation moves to: {}", fqdn_of(plan.xmpp_to));
        } else {
            println!("XMPP federation moves: no");
        }
        if xmpp_targets.len() > 1 {
            println!("XMPP targets (--xmpp-to): {}", xmpp_targets.join(", "));
        }
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
        let held = list.safety.iter().filter(|r| r.held).count();
        println!("Safety rules: {held} of {} hold.", list.safety.len());
        if changes {
            println!("\n{}", plan.written.diff.unified(path, topology_out));
            println!("Wrote {topology_out} and {checklist_out} ({} steps).", steps);
        } else {
            println!("\nNo topology change; nothing to publish: {topology_out} is not written.");
            println!("Wrote {checklist_out} ({} steps).", steps);
        }
        for (p, _) in failback_md.iter().chain(failback_html.iter()) {
            println!("Wrote the failback's runbook to {p}.");
        }
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
    if a.xmpp_to.is_some() && a.failback {
        return Err(Failed::Input(
            "--xmpp-to goes with a failover: a failback gives XMPP federation back to the restored pool".into(),
        ));
    }
    request.xmpp_to = a.xmpp_to.clone();
    request.clear_other_federation = a.clear_other_federation;
    if a.keep_temporary_federation && !a.failback {
        return Err(Failed::Input(
            "--keep-temporary-federation goes with --failback: it keeps federation on the pool it comes back from"
                .into(),
        ));
    }
    request.keep_temporary_federation = a.keep_temporary_federation;
    if a.route == "publish-file" {
        request.route = plan::Route::PublishFile;
    }
    request.reassociate = a.reassociate.as_ref().map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    });
    Ok(request)
}
