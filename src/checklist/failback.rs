//! The failback inside a failover checklist.

use crate::edit::{Diff, FailoverEdit};
use crate::plan::{FailoverRequest, Plan, Scope};
use crate::topology::{EdgeIdx, PoolIdx, Topology};

use super::context::StepContext;
use super::sections::{next_hop::restore_next_hop, procedure, start::restored_start};
use super::text::{FromPublished, Phase, Section};

/// The failback inside a failover checklist: the same procedure a failback plan has, built
/// from this plan reversed, so the two cannot drift apart.
pub(crate) fn failback(ctx: &StepContext, plan: &Plan) -> Vec<Section> {
    let t = ctx.t;
    let reverse = reverse_plan(t, plan);
    let mut back = StepContext::new(ctx.file, &reverse, &ctx.loaded_name, &ctx.file_name);
    back.embedded = true;
    back.restored_site_failed = !plan.scope.failed_sites.is_empty();
    // The Central Management Server, if it moved, stays where it is ("no other steps are
    // necessary"), and the temporary pool's own Access Edge is the name moving back.
    back.cms_down.clear();
    back.old_access = if plan.federation_moves {
        t.edge_pools[plan.survivor].access_fqdn.clone().into_iter().collect()
    } else {
        Vec::new()
    };
    let mut sections = vec![restored_start(&back)];
    sections.extend(restore_next_hop(&back, plan));
    sections.extend(procedure(&back, &reverse));
    for s in &mut sections {
        s.title = format!("Failback: {}", s.title);
        s.phase = Phase::Failback;
        for st in &mut s.steps {
            st.id = format!("failback/{}", st.id);
            // The failover's published topology confirms the failover, not its failback.
            if st.from_published == FromPublished::Confirms {
                st.from_published = FromPublished::Silent;
            }
        }
    }
    sections
}

/// This plan the other way round: federation (and XMPP, and the pools this plan moved) from
/// the surviving pool back to the failed one, as a failback plan on the modified topology
/// makes it. Only what step building reads is filled in.
pub(crate) fn reverse_plan(t: &Topology, plan: &Plan) -> Plan {
    let failed = &plan.scope.failed_edges;
    let original = failed
        .iter()
        .copied()
        .find(|e| t.edge_pools[*e].has_sip_federation())
        .or_else(|| failed.iter().copied().find(|e| t.edge_pools[*e].has_xmpp_federation()))
        .unwrap_or(failed[0]);
    let fqdn = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
    let mut reassociated: Vec<PoolIdx> = plan
        .edit
        .reassociations
        .iter()
        .filter(|r| r.from_edge == original)
        .map(|r| r.pool)
        .collect();
    reassociated.dedup();
    Plan {
        request: FailoverRequest {
            move_xmpp: Some(plan.xmpp_moves),
            ..FailoverRequest::failback(fqdn(plan.survivor), fqdn(original))
        },
        scope: Scope {
            failed_sites: Vec::new(),
            failed_edges: vec![plan.survivor],
        },
        survivor: original,
        // A survivor that carried federation before this plan keeps it on the way back: the
        // reverse clears only what this plan added (DOMAIN.md rule 12).
        federation_from: if plan.federation_moves && !plan.survivor_already_federated {
            vec![plan.survivor]
        } else {
            Vec::new()
        },
        federation_moves: plan.federation_moves,
        federation_kept: plan
            .federation_kept
            .iter()
            .copied()
            .chain(plan.survivor_already_federated.then_some(plan.survivor))
            .collect(),
        survivor_already_federated: false,
        xmpp_from: if plan.xmpp_moves && !plan.survivor_already_xmpp {
            vec![plan.survivor]
        } else {
            Vec::new()
        },
        xmpp_moves: plan.xmpp_moves,
        survivor_already_xmpp: false,
        // Healthy pools the failover cleared on request get their federation back: the
        // failback is the failover's reverse.
        federation_restored: if plan.federation_moves {
            plan.federation_from
                .iter()
                .copied()
                .filter(|e| !failed.contains(e))
                .collect()
        } else {
            Vec::new()
        },
        xmpp_restored: if plan.xmpp_moves {
            plan.xmpp_from.iter().copied().filter(|e| !failed.contains(e)).collect()
        } else {
            Vec::new()
        },
        // The routes this plan moved to the survivor go back to the restored pool.
        routes: plan
            .routes
            .iter()
            .map(|r| crate::edit::RouteChange {
                site: r.site,
                from_edge: plan.survivor,
                to_edge: original,
            })
            .collect(),
        reassociated,
        next_hop: None,
        edit: FailoverEdit::default(),
        checks: Vec::new(),
        topology_bytes: Vec::new(),
        topology_text: String::new(),
        diff: Diff {
            hunks: Vec::new(),
            removed: 0,
            added: 0,
        },
    }
}
