//! Making a plan: resolving what failed, choosing what moves, editing the file and checking
//! the edit.

use crate::edit::{Diff, FailoverEdit, Reassociation, RouteChange};
use crate::topology::{EdgeIdx, EdgePool, Finding, PoolIdx, Topology, TopologyFile};

use super::check::{CheckKind, CheckSeverity};
use super::eligibility::{candidates, xmpp_target_blocker, xmpp_targets};
use super::error::PlanError;
use super::moves::{association_target, Moves, Scope};
use super::next_hop;
use super::reassociation::default_reassociation;
use super::request::{Direction, FailoverRequest, Failure};
use super::validation;
use super::written::{Plan, Written};

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

    // XMPP federation goes to the survivor unless another healthy pool that already carries
    // the XMPP ports is chosen.
    let xmpp_to = match &request.xmpp_to {
        None => survivor,
        Some(name) => xmpp_target(file, &scope, survivor, name)?,
    };
    // The pools XMPP federation leaves: the failed ones, or on a failback the pool it comes
    // back from where that is not the pool SIP federation comes back from.
    let xmpp_source: Vec<EdgeIdx> = match (&request.xmpp_back_from, request.direction) {
        (Some(name), Direction::Failback) => vec![edge_named(t, name)?],
        _ => scope.failed_edges.clone(),
    };

    // SIP federation moves when a failed pool carries it. Only the failed pools lose it: other
    // federated pools keep theirs unless the administrator asks (DOMAIN.md rule 12), because
    // clearing them stops inbound federation DNS sends there and the site routes through them.
    let federation_failed =
        request.move_sip.unwrap_or(true) && scope.failed_edges.iter().any(|e| t.edge_pools[*e].has_sip_federation());
    // On a failback the administrator may keep federation on the pool it comes back from,
    // which carried it before the failover too.
    let keeps = request.keeps_temporary_federation();
    let keeps_xmpp = request.keeps_temporary_xmpp();
    // Whether `e` loses what `has` says it carries, when `to` takes it from the pools `lost`.
    let clears = |e: EdgeIdx, has: fn(&EdgePool) -> bool, to: EdgeIdx, lost: &[EdgeIdx], keeps: bool| {
        e != to
            && has(&t.edge_pools[e])
            && if lost.contains(&e) {
                !keeps
            } else {
                request.clear_other_federation
            }
    };
    let (federation_moves, federation_from) = if federation_failed {
        let from: Vec<EdgeIdx> = t
            .edges()
            .filter(|e| clears(*e, EdgePool::has_sip_federation, survivor, &scope.failed_edges, keeps))
            .collect();
        (true, from)
    } else {
        (false, Vec::new())
    };
    let federation_kept: Vec<EdgeIdx> = t
        .edges()
        .filter(|e| *e != survivor && t.edge_pools[*e].has_sip_federation() && !federation_from.contains(e))
        .collect();
    let survivor_already_federated = federation_moves && t.edge_pools[survivor].has_sip_federation();

    let xmpp_failed: Vec<EdgeIdx> = xmpp_source
        .iter()
        .copied()
        .filter(|e| t.edge_pools[*e].has_xmpp_federation())
        .collect();
    // XMPP can only go to an Edge pool whose own version has it: in a 2019 deployment that is
    // a 2013 or 2015 Edge kept in coexistence.
    let xmpp_wanted = request.move_xmpp.unwrap_or(true) && t.edge_product(&t.edge_pools[xmpp_to]).has_xmpp();
    let (xmpp_moves, xmpp_from) = if xmpp_wanted && !xmpp_failed.is_empty() {
        let from: Vec<EdgeIdx> = t
            .edges()
            .filter(|e| clears(*e, EdgePool::has_xmpp_federation, xmpp_to, &xmpp_source, keeps_xmpp))
            .collect();
        (true, from)
    } else {
        (false, Vec::new())
    };
    let xmpp_target_has_ports = xmpp_moves && t.edge_pools[xmpp_to].has_xmpp_federation();

    // On a failback inside a failover's runbook: the healthy pools that failover cleared on
    // request get their federation back, as the reverse of the failover.
    let mut federation_restored = Vec::new();
    let mut xmpp_restored = Vec::new();
    if request.direction == Direction::Failback {
        for name in &request.give_back {
            let pool = t
                .pool_by_fqdn(name)
                .ok_or_else(|| PlanError::UnknownPool(name.clone()))?;
            let edge = t
                .edges()
                .find(|e| t.edge_pools[*e].pool == pool)
                .ok_or_else(|| PlanError::NotAnEdgePool(name.clone(), t.pool_kind(pool).label().to_owned()))?;
            if federation_moves && !t.edge_pools[edge].has_sip_federation() && edge != survivor {
                federation_restored.push(edge);
            }
            if xmpp_moves && !t.edge_pools[edge].has_xmpp_federation() && edge != xmpp_to {
                xmpp_restored.push(edge);
            }
        }
    }

    // A site whose federation route names a pool that loses federation now leaves through the
    // survivor. See inference::SITE_FEDERATION_ROUTE_CONTENT.
    let routes: Vec<RouteChange> = if request.direction == Direction::Failback && !request.routes_back.is_empty() {
        let mut routes = Vec::new();
        for (site_id, pool) in &request.routes_back {
            let site = t
                .site_by_name_or_id(site_id)
                .ok_or_else(|| PlanError::UnknownSite(site_id.clone()))?;
            let to = t
                .edge_idx_by_fqdn(pool)
                .ok_or_else(|| PlanError::UnknownPool(pool.clone()))?;
            if let Some(from) = t.route_edge(site).filter(|f| *f != to) {
                routes.push(RouteChange {
                    site,
                    from_edge: from,
                    to_edge: to,
                });
            }
        }
        routes
    } else if federation_moves {
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
    let mut reassociated_elsewhere: Vec<(PoolIdx, EdgeIdx)> = Vec::new();
    if request.direction == Direction::Failback {
        for (pool, edge) in &request.associations_back {
            let p = t
                .pool_by_fqdn(pool)
                .filter(|p| reassociated.contains(p))
                .ok_or_else(|| PlanError::NothingToReassociate { pool: pool.clone() })?;
            let e = t
                .edge_idx_by_fqdn(edge)
                .ok_or_else(|| PlanError::UnknownPool(edge.clone()))?;
            if e != survivor {
                reassociated_elsewhere.push((p, e));
            }
        }
    }
    let target = |pool: PoolIdx| association_target(&reassociated_elsewhere, survivor, pool);
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
                    to_edge: target(pool),
                })
        })
        .collect();

    let next_hop = next_hop::next_hop_change(file, &scope, survivor);

    let edit = FailoverEdit {
        remove_sip_federation: federation_from.clone(),
        add_sip_federation: federation_moves
            .then_some(survivor)
            .into_iter()
            .chain(federation_restored.iter().copied())
            .collect(),
        remove_xmpp: xmpp_from.clone(),
        add_xmpp: xmpp_moves
            .then_some(xmpp_to)
            .into_iter()
            .chain(xmpp_restored.iter().copied())
            .collect(),
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
        moves: Moves {
            request: request.clone(),
            scope,
            survivor,
            federation_from,
            federation_moves,
            federation_kept,
            survivor_already_federated,
            xmpp_from,
            xmpp_moves,
            xmpp_to,
            xmpp_target_has_ports,
            xmpp_failed,
            federation_restored,
            xmpp_restored,
            routes,
            reassociated,
            reassociated_elsewhere,
            next_hop,
        },
        checks: Vec::new(),
        written: Written {
            edit,
            topology_bytes,
            topology_text,
            diff,
        },
    };
    let after = TopologyFile::read(&plan.written.topology_bytes).map_err(|e| PlanError::Internal(e.to_string()))?;
    federation_left(t, &after.topology)?;
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

/// The Edge pool named `name`.
fn edge_named(t: &Topology, name: &str) -> Result<EdgeIdx, PlanError> {
    let pool = t
        .pool_by_fqdn(name)
        .ok_or_else(|| PlanError::UnknownPool(name.to_owned()))?;
    t.edges()
        .find(|e| t.edge_pools[*e].pool == pool)
        .ok_or_else(|| PlanError::NotAnEdgePool(t.pools[pool].fqdn.clone(), t.pool_kind(pool).label().to_owned()))
}

/// The XMPP target named `name`, or why it cannot be one.
fn xmpp_target(file: &TopologyFile, scope: &Scope, survivor: EdgeIdx, name: &str) -> Result<EdgeIdx, PlanError> {
    let t = &file.topology;
    let edge = edge_named(t, name)?;
    match xmpp_target_blocker(file, scope, survivor, edge) {
        None => Ok(edge),
        Some(reason) => Err(PlanError::IneligibleXmppTarget {
            pool: t.pools[t.edge_pools[edge].pool].fqdn.clone(),
            reason,
            eligible: xmpp_targets(file, scope, survivor)
                .into_iter()
                .map(|e| t.pools[t.edge_pools[e].pool].fqdn.clone())
                .collect(),
        }),
    }
}

/// A failover moves federation; it never ends it. Whatever the request, a plan whose edited
/// topology has no SIP-federated Edge pool where the loaded one had one is refused (issue 20,
/// point 3.3): federation would stop for every partner.
pub(crate) fn federation_left(before: &Topology, after: &Topology) -> Result<(), PlanError> {
    if after.federation_pools().next().is_some() {
        return Ok(());
    }
    let before: Vec<String> = before
        .federation_pools()
        .map(|e| before.pools[e.pool].fqdn.clone())
        .collect();
    if before.is_empty() {
        Ok(())
    } else {
        Err(PlanError::NoFederationLeft { before })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::SAMPLE_TOPOLOGY;

    fn read(text: &str) -> TopologyFile {
        TopologyFile::read(text.as_bytes())
            .ok()
            .filter(|f| !f.topology.edge_pools.is_empty())
            .unwrap_or_else(|| panic!("the sample reads"))
    }

    /// The sample with its only federation port taken out: what a plan must never produce.
    fn without_federation() -> TopologyFile {
        let port = r#"<Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="External""#;
        let text: String = SAMPLE_TOPOLOGY
            .lines()
            .filter(|l| !l.trim_start().starts_with(port))
            .map(|l| format!("{l}\n"))
            .collect();
        read(&text)
    }

    #[test]
    fn a_plan_leaving_no_federated_pool_is_refused() {
        let sample = read(SAMPLE_TOPOLOGY);
        let none = without_federation();
        assert_eq!(none.topology.federation_pools().count(), 0);
        assert_eq!(
            federation_left(&sample.topology, &none.topology),
            Err(PlanError::NoFederationLeft {
                before: vec!["edgepool-amsterdam.fabrikam.com".into()]
            })
        );
        let message = federation_left(&sample.topology, &none.topology)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("no Edge pool carrying SIP federation (today edgepool-amsterdam.fabrikam.com)"),
            "{message}"
        );
        // Federation moved is federation left; and a topology with none to begin with loses nothing.
        assert_eq!(federation_left(&sample.topology, &sample.topology), Ok(()));
        assert_eq!(federation_left(&none.topology, &none.topology), Ok(()));
    }
}
