//! The summary above the steps: what to decide first and the outages the steps cause.

use crate::plan::Plan;
use crate::topology::pairing;

use super::context::StepContext;
use super::sections::front_end::front_end_pools_that_failed;
use super::text::{text, value, Span, Text};

/// What to decide before the first step.
pub(crate) fn decisions(ctx: &StepContext, plan: &Plan) -> Vec<Text> {
    let t = ctx.t;
    let mut out = Vec::new();
    let changes = plan.federation_moves || plan.xmpp_moves || !plan.reassociated.is_empty() || plan.next_hop.is_some();
    if !changes {
        out.push(text![
            "Nothing to change in the topology: federation and the media associations stay as they are."
        ]);
    } else if !ctx.cms_down.is_empty() {
        out.push(text![
            "How to change the topology: route A, Topology Builder, once the Central Management Server has failed over; or route B, a modified file planned again from the topology exported after that failover (the file planned now must not be published)."
        ]);
    } else if t.format == crate::topology::Format::TopologyBuilder {
        out.push(text![
            "How to change the topology: route A, the Topology Builder steps (the product procedure); or route B, open the modified file ",
            value(&ctx.file_name),
            " in Topology Builder and publish it. Not both."
        ]);
    } else {
        out.push(text![
            "How to change the topology: route A, the Topology Builder steps (the product procedure); or route B, publish the modified file ",
            value(&ctx.file_name),
            " after reviewing its diff. Not both."
        ]);
    }
    let xmpp_left: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .filter(|e| t.edge_pools[**e].has_xmpp_federation())
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect();
    if plan.xmpp_moves {
        out.push(text![
            "XMPP federation now or later: this plan moves it now, with a short outage of everything through ",
            value(&ctx.survivor),
            "; to move it later, plan again without XMPP, and it stays down until then."
        ]);
    } else if !xmpp_left.is_empty() && !ctx.failback {
        out.push(text![
            "XMPP federation of ",
            value(xmpp_left.join(", ")),
            " stays down in this plan; plan again with XMPP to move it."
        ]);
    }
    if let Some(&cms) = ctx.cms_down.first() {
        let target = pairing::central_management_target(ctx.file, cms, &plan.scope.failed_sites);
        let mut d = text![
            "The Central Management Server runs on ",
            value(&t.pools[cms].fqdn),
            ", in the failed site: it fails over first"
        ];
        if let Some(b) = target.backup_pool {
            d.0.extend([Span::from(", to "), value(&t.pools[b].fqdn)]);
        }
        if let Some((store, _)) = target.candidates.first() {
            d.0.extend([Span::from(" (Back End "), value(&store.server), Span::from(")")]);
        }
        d.0.push(Span::from("; nothing can be published before."));
        out.push(d);
    }
    out
}

/// The outages the steps cause, and how long each lasts.
pub(crate) fn outages(ctx: &StepContext, plan: &Plan) -> Vec<Text> {
    let t = ctx.t;
    let mut out = Vec::new();
    if !ctx.cms_down.is_empty() {
        out.push(text![
            "No topology change can be published until the Central Management Server has failed over."
        ]);
    }
    let from = if ctx.failback { "the publish" } else { "the failure" };
    if plan.federation_moves {
        out.push(text![
            format!("SIP federation: down from {from} until "),
            value(&ctx.survivor),
            " has the published topology and the Deployment Wizard has run on it; for partners, until the DNS TTLs you record have expired."
        ]);
    }
    if plan.xmpp_moves {
        out.push(text![
            format!("XMPP federation: down from {from} until its services start again on "),
            value(&ctx.survivor),
            ". Stopping them stops everything through that pool (SIP federation, remote access, A/V) for about 10 to 15 minutes."
        ]);
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        out.push(text![
            "Meetings and A/V of remote and federated users on ",
            value(pools.join(", ")),
            ": until the new association is published."
        ]);
    }
    let (down, _) = front_end_pools_that_failed(ctx, plan);
    if !plan.scope.failed_sites.is_empty() && !ctx.failback && !down.is_empty() {
        out.push(text![
            "Users of ",
            value(down.join(", ")),
            ": until Invoke-CsPoolFailover has moved them to their backup pools."
        ]);
    }
    if out.is_empty() {
        out.push(text![
            "None beyond the failure itself: nothing this plan changes stops a service."
        ]);
    } else if !ctx.failback {
        out.push(text![
            "Failing back later causes the same outages again, towards ",
            value(ctx.failed_list()),
            "."
        ]);
    }
    out
}
