//! Making a plan: resolving what failed, choosing what moves, editing the file and checking
//! the edit.

use crate::edit::{Diff, FailoverEdit, Reassociation, RouteChange};
use crate::topology::{EdgeIdx, EdgePool, Finding, TopologyFile};

use super::check::{CheckKind, CheckSeverity};
use super::eligibility::candidates;
use super::model::{Plan, PlanError, Scope};
use super::next_hop;
use super::reassociation::default_reassociation;
use super::request::{FailoverRequest, Failure};
use super::validation;

/// Resolves what failed.
pub fn scope(file: &TopologyFile, failure: &Failure) -> Result<Scope, PlanError> {
    let t = &file.topology;
    if t.edge_pools.is_empty() {
        return Err(PlanError::NoEdgePool);
    }
    match failure {
        Failure::Pool(fqdn) => {
            let pool = t
                .pool_by_fqdn(fqdn)
                .ok_or_else(|| PlanError::UnknownPool(fqdn.clone()))?;
            let edge = t.edges().find(|e| t.edge_pools[*e].pool == pool).ok_or_else(|| {
                PlanError::NotAnEdgePool(t.pools[pool].fqdn.clone(), t.pool_kind(pool).label().to_owned())
            })?;
            Ok(Scope {
                failed_sites: Vec::new(),
                failed_edges: vec![edge],
            })
        }
        Failure::Site(name) => {
            let site = t
                .site_by_name_or_id(name)
                .ok_or_else(|| PlanError::UnknownSite(name.clone()))?;
            // A central site takes its branch sites down with it.
            let mut sites = vec![site];
            sites.extend((0..t.sites.len()).filter(|s| t.sites[*s].parent == Some(site)));
            let failed_edges: Vec<EdgeIdx> = t
                .edges()
                .filter(|e| t.pools[t.edge_pools[*e].pool].site.is_some_and(|s| sites.contains(&s)))
                .collect();
            if failed_edges.is_empty() {
                return Err(PlanError::NoEdgeInSite(t.sites[site].name.clone()));
            }
            Ok(Scope {
                failed_sites: sites,
                failed_edges,
            })
        }
    }
}

/// When no Edge pool can take over, what the administrator can do instead, in words; `None`
/// when at least one can.
pub fn no_survivor_advice(file: &TopologyFile, scope: &Scope) -> Option<String> {
    if candidates(file, scope).iter().any(|c| c.eligible) {
        return None;
    }
    let t = &file.topology;
    let failed: Vec<&str> = scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.as_str())
        .collect();
    let what = if scope.failed_sites.is_empty() {
        failed.join(", ")
    } else {
        let sites: Vec<&str> = scope.failed_sites.iter().map(|s| t.sites[*s].name.as_str()).collect();
        format!("the Edge pools of {} ({})", sites.join(", "), failed.join(", "))
    };
    let others = if t.edge_pools.len() > failed.len() {
        "No other Edge pool can take over federation (the reasons are listed with each)."
    } else {
        "This topology has no other Edge pool to take over federation."
    };
    Some(format!(
        "{others} What you can do: restore {what} (bring the servers back and start their services with Start-CsWindowsService); federation stays configured there, so nothing needs publishing. Or add an Edge pool in another site first (Topology Builder: new Edge pool, publish, Deployment Wizard on its servers, certificates and DNS), then export the topology again and plan with that."
    ))
}

/// Makes a plan, or says why none can be made.
pub fn make_plan(file: &TopologyFile, request: &FailoverRequest) -> Result<Plan, PlanError> {
    let t = &file.topology;
    let errors: Vec<Finding> = t
        .findings
        .iter()
        .filter(|f| f.severity == crate::topology::Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(PlanError::TopologyHasErrors(errors));
    }
    let scope = scope(file, &request.failure)?;
    let survivor_pool = t
        .pool_by_fqdn(&request.survivor)
        .ok_or_else(|| PlanError::UnknownPool(request.survivor.clone()))?;
    let all = candidates(file, &scope);
    let candidate = all.iter().find(|c| c.pool == survivor_pool).ok_or_else(|| {
        PlanError::NotAnEdgePool(
            t.pools[survivor_pool].fqdn.clone(),
            t.pool_kind(survivor_pool).label().to_owned(),
        )
    })?;
    if !candidate.eligible {
        return Err(PlanError::IneligibleSurvivor {
            pool: candidate.fqdn.clone(),
            reasons: candidate.reasons.clone(),
        });
    }
    let survivor = candidate.edge;

    // SIP federation moves when a failed pool carries it. Only the failed pools lose it: other
    // federated pools keep theirs unless the administrator asks (DOMAIN.md rule 12), because
    // clearing them stops inbound federation DNS sends there and the site routes through them.
    let federation_failed = scope.failed_edges.iter().any(|e| t.edge_pools[*e].has_sip_federation());
    // On a failback the administrator may keep federation on the pool it comes back from,
    // which carried it before the failover too.
    let keeps = request.keeps_temporary_federation();
    let clears = |e: EdgeIdx, has: fn(&EdgePool) -> bool| {
        e != survivor
            && has(&t.edge_pools[e])
            && if scope.failed_edges.contains(&e) {
                !keeps
            } else {
                request.clear_other_federation
            }
    };
    let (federation_moves, federation_from) = if federation_failed {
        let from: Vec<EdgeIdx> = t.edges().filter(|e| clears(*e, EdgePool::has_sip_federation)).collect();
        (true, from)
    } else {
        (false, Vec::new())
    };
    let federation_kept: Vec<EdgeIdx> = t
        .edges()
        .filter(|e| *e != survivor && t.edge_pools[*e].has_sip_federation() && !federation_from.contains(e))
        .collect();
    let survivor_already_federated = federation_moves && t.edge_pools[survivor].has_sip_federation();

    let xmpp_failed: Vec<EdgeIdx> = scope
        .failed_edges
        .iter()
        .copied()
        .filter(|e| t.edge_pools[*e].has_xmpp_federation())
        .collect();
    // XMPP can only go to an Edge pool whose own version has it: in a 2019 deployment that is
    // a 2013 or 2015 Edge kept in coexistence.
    let xmpp_wanted = request.move_xmpp.unwrap_or(true) && t.edge_product(&t.edge_pools[survivor]).has_xmpp();
    let (xmpp_moves, xmpp_from) = if xmpp_wanted && !xmpp_failed.is_empty() {
        let from: Vec<EdgeIdx> = t
            .edges()
            .filter(|e| clears(*e, EdgePool::has_xmpp_federation))
            .collect();
        (true, from)
    } else {
        (false, Vec::new())
    };
    let survivor_already_xmpp = xmpp_moves && t.edge_pools[survivor].has_xmpp_federation();

    // A site whose federation route names a pool that loses federation now leaves through the
    // survivor. See inference::SITE_FEDERATION_ROUTE_CONTENT.
    let routes: Vec<RouteChange> = if federation_moves {
        (0..t.sites.len())
            .filter_map(|site| {
                let from = t.route_edge(site)?;
                // A pool that keeps federation keeps the routes through it.
                ((scope.failed_edges.contains(&from) && !keeps) || federation_from.contains(&from)).then_some(
                    RouteChange {
                        site,
                        from_edge: from,
                        to_edge: survivor,
                    },
                )
            })
            .collect()
    } else {
        Vec::new()
    };

    let reassociated = match &request.reassociate {
        Some(names) => {
            let mut pools = Vec::new();
            for name in names {
                let pool = t
                    .pool_by_fqdn(name)
                    .ok_or_else(|| PlanError::UnknownPool(name.clone()))?;
                let associated = scope
                    .failed_edges
                    .iter()
                    .any(|e| t.edge_pools[*e].associations.iter().any(|a| a.pool == pool));
                if !associated {
                    return Err(PlanError::NothingToReassociate {
                        pool: t.pools[pool].fqdn.clone(),
                    });
                }
                pools.push(pool);
            }
            pools
        }
        None => default_reassociation(file, &scope, request.direction, survivor),
    };
    let reassociations: Vec<Reassociation> = reassociated
        .iter()
        .flat_map(|&pool| {
            scope
                .failed_edges
                .iter()
                .filter(move |e| t.edge_pools[**e].associations.iter().any(|a| a.pool == pool))
                .map(move |&e| Reassociation {
                    pool,
                    from_edge: e,
                    to_edge: survivor,
                })
        })
        .collect();

    let next_hop = next_hop::next_hop_change(file, &scope, survivor);

    let edit = FailoverEdit {
        remove_sip_federation: federation_from.clone(),
        add_sip_federation: federation_moves.then_some(survivor),
        remove_xmpp: xmpp_from.clone(),
        add_xmpp: xmpp_moves.then_some(survivor),
        reassociations,
        routes: routes.clone(),
        next_hop: next_hop.as_ref().map(|n| n.edit),
    };
    // An editor bug refuses the plan with its message (the page and the command line show it)
    // instead of stopping the page.
    let topology_text = edit.apply(file).map_err(|e| PlanError::Internal(e.to_string()))?;
    let topology_bytes = crate::topology::source::encode(&topology_text, t.encoding);
    let diff = Diff::lines(file.doc.text(), &topology_text, 3);

    let mut plan = Plan {
        request: request.clone(),
        scope,
        survivor,
        federation_from,
        federation_moves,
        federation_kept,
        survivor_already_federated,
        xmpp_from,
        xmpp_moves,
        survivor_already_xmpp,
        federation_restored: Vec::new(),
        xmpp_restored: Vec::new(),
        routes,
        reassociated,
        next_hop,
        edit,
        checks: Vec::new(),
        topology_bytes,
        topology_text,
        diff,
    };
    let after = TopologyFile::read(&plan.topology_bytes).map_err(|e| PlanError::Internal(e.to_string()))?;
    plan.checks = validation::checks(file, &plan, &after);
    if let Some(broken) = plan
        .checks
        .iter()
        .find(|c| c.check == CheckKind::EditVerified && c.severity == CheckSeverity::Error)
    {
        return Err(PlanError::Internal(broken.message.clone()));
    }
    Ok(plan)
}

/// The name of the modified topology file: the input's name with a suffix, same extension.
pub fn output_file_name(input: &str, survivor_fqdn: &str) -> String {
    let host = survivor_fqdn.split('.').next().unwrap_or(survivor_fqdn);
    let safe: String = host
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    match input.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.failover-to-{safe}.{ext}"),
        _ => format!("{input}.failover-to-{safe}.xml"),
    }
}
