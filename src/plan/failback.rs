//! The failback of a failover, planned as a plan of its own: the failover's modified topology
//! read back, and federation (with XMPP, the routes, the associations and the pools cleared on
//! request) planned back from the pool that took over to the one that failed. It has its own
//! edit, checks and diff, as a failback planned from an exported file has.

use crate::topology::{EdgeIdx, PoolIdx, TopologyFile};

use super::error::PlanError;
use super::make::make_plan;
use super::request::FailoverRequest;
use super::written::Plan;

/// A failover's failback: the topology as the failover leaves it, and the plan on it.
#[derive(Clone, Debug)]
pub struct Failback {
    /// The failover's modified topology, which the failback starts from.
    pub file: TopologyFile,
    pub plan: Plan,
}

/// The pool federation comes back to: the failed pool that carried SIP federation, else the
/// one that carried XMPP federation, else the first failed pool.
pub fn restored_edge(file: &TopologyFile, failover: &Plan) -> EdgeIdx {
    let t = &file.topology;
    let failed = &failover.scope.failed_edges;
    failed
        .iter()
        .copied()
        .find(|e| t.edge_pools[*e].has_sip_federation())
        .or_else(|| failed.iter().copied().find(|e| t.edge_pools[*e].has_xmpp_federation()))
        .unwrap_or(failed[0])
}

/// Plans the failback of `failover`, made on `file`.
pub fn failback_of(file: &TopologyFile, failover: &Plan) -> Result<Failback, PlanError> {
    let t = &file.topology;
    let original = restored_edge(file, failover);
    let fqdn = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
    // Every pool this plan re-associated goes back: to the restored pool, or, where a site
    // with several Edge pools failed whole, to the one it used.
    let mut reassociated: Vec<PoolIdx> = Vec::new();
    let mut associations_back: Vec<(String, String)> = Vec::new();
    for r in &failover.written.edit.reassociations {
        if !reassociated.contains(&r.pool) {
            reassociated.push(r.pool);
            if r.from_edge != original {
                associations_back.push((t.pools[r.pool].fqdn.clone(), fqdn(r.from_edge)));
            }
        }
    }
    // Every other pool the failover took federation from gets it back: healthy pools cleared
    // on request, and the failed site's other federated pools.
    let give_back: Vec<String> = failover
        .federation_from
        .iter()
        .chain(failover.xmpp_from.iter())
        .filter(|e| **e != original)
        .map(|e| fqdn(*e))
        .fold(Vec::new(), |mut v, f| {
            if !v.contains(&f) {
                v.push(f);
            }
            v
        });
    let request = FailoverRequest {
        move_xmpp: Some(failover.xmpp_moves),
        move_sip: Some(failover.federation_moves),
        reassociate: Some(reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect()),
        // A survivor that carried federation before the failover keeps it on the way back:
        // the reverse clears only what the failover added (DOMAIN.md rule 12).
        keep_temporary_federation: !failover.federation_moves || failover.survivor_already_federated,
        // The same for XMPP: a target that carried the XMPP ports before keeps them.
        keep_temporary_xmpp: Some(!failover.xmpp_moves || failover.xmpp_target_has_ports),
        // XMPP federation comes back from the pool it moved to, where that was not the survivor.
        xmpp_back_from: failover.xmpp_apart().then(|| fqdn(failover.xmpp_to)),
        give_back,
        routes_back: failover
            .routes
            .iter()
            .map(|r| (t.sites[r.site].id.clone(), fqdn(r.from_edge)))
            .collect(),
        associations_back,
        route: failover.request.route,
        ..FailoverRequest::failback(fqdn(failover.survivor), fqdn(original))
    };
    let after = TopologyFile::read(&failover.written.topology_bytes).map_err(|e| PlanError::Internal(e.to_string()))?;
    let plan = make_plan(&after, &request)?;
    Ok(Failback { file: after, plan })
}
