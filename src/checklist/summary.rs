//! The summary above the steps: the title, the facts of the plan, what to decide first, the
//! outages the steps cause and the first action; and the closing list of what is inferred.

use crate::plan::{Failure, Plan};
use crate::topology::inference::{self, Inference};
use crate::topology::pairing;

use super::context::{cleared_healthy_pools, survivor_ports_change, StepContext};
use super::sections::front_end::front_end_pools_that_failed;
use super::text::{text, value, Basis, Section, Span, Text};

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

/// The checklist's title: what fails over (or back), from where to where.
pub(super) fn title(ctx: &StepContext, plan: &Plan) -> Text {
    let moves = |sip: &'static str, xmpp: &'static str, neither: &'static str| {
        if plan.federation_moves {
            sip
        } else if plan.xmpp_moves {
            xmpp
        } else {
            neither
        }
    };
    match &plan.request.failure {
        _ if ctx.failback => text![
            moves(
                "Edge federation failback: ",
                "Edge XMPP federation failback: ",
                "Edge pool failback (federation does not move): "
            ),
            value(ctx.failed_list()),
            " → ",
            value(&ctx.survivor)
        ],
        Failure::Site(site) if !plan.federation_moves && !plan.xmpp_moves => text![
            "Edge site failover (federation does not move): ",
            value(site.clone()),
            " → ",
            value(&ctx.survivor)
        ],
        _ => text![
            moves(
                "Edge federation failover: ",
                "Edge XMPP federation failover: ",
                "Edge pool failover (federation does not move): "
            ),
            value(ctx.failed_list()),
            " → ",
            value(&ctx.survivor)
        ],
    }
}

/// The failed and surviving pools and what changes: the summary's first part.
pub(super) fn facts(ctx: &StepContext, plan: &Plan, file_name: &str) -> Vec<Text> {
    let t = ctx.t;
    let mut facts = Vec::new();
    if let Some(f) = t
        .findings
        .iter()
        .find(|f| f.kind == crate::topology::FindingKind::TemplateVariables)
    {
        facts.push(text!["Warning: ", f.message.clone()]);
    }
    facts.extend([
        text![
            "Product: ",
            value(t.product.name()),
            " (",
            value(t.format.label()),
            ")."
        ],
        match &plan.request.failure {
            Failure::Site(site) if !ctx.failback => text![
                "Failed: the whole site ",
                value(site.clone()),
                " (Edge pools ",
                value(ctx.failed_list()),
                ")."
            ],
            _ if ctx.failback => text![
                "Restored: ",
                value(&ctx.survivor),
                "; federation comes back from ",
                value(ctx.failed_list()),
                "."
            ],
            _ => text!["Failed Edge pool: ", value(ctx.failed_list()), "."],
        },
        text![
            if ctx.failback {
                "Edge pool taking federation back: "
            } else {
                "Surviving Edge pool: "
            },
            value(&ctx.survivor),
            " in site ",
            value(&ctx.survivor_site),
            ", Access Edge ",
            value(&ctx.survivor_access),
            "."
        ],
    ]);
    facts.push(if plan.federation_moves && plan.survivor_already_federated {
        text![
            "SIP federation (5061): ",
            value(&ctx.survivor),
            " is already federated, so its ports do not change; the failed pool's federation is cleared."
        ]
    } else if plan.federation_moves {
        text!["SIP federation (5061) moves to ", value(&ctx.survivor), "."]
    } else {
        text!["SIP federation (5061) does not move."]
    });
    if !plan.federation_kept.is_empty() {
        let kept: Vec<String> = plan
            .federation_kept
            .iter()
            .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
            .collect();
        facts.push(text![
            "Also federated, and left as they are: ",
            value(kept.join(", ")),
            "."
        ]);
    }
    let cleared = cleared_healthy_pools(ctx, plan);
    if !cleared.is_empty() {
        let names: Vec<String> = cleared.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        facts.push(text![
            "Federation also cleared, as chosen, on the healthy pools ",
            value(names.join(", ")),
            "."
        ]);
    }
    if (plan.federation_moves || plan.xmpp_moves) && !survivor_ports_change(plan) {
        facts.push(text![
            "No Deployment Wizard run on ",
            value(&ctx.survivor),
            ": it already carries what moves to it, so its ports do not change."
        ]);
    }
    if plan.xmpp_moves {
        facts.push(text!["XMPP federation (5269) moves to ", value(&ctx.survivor), "."]);
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        facts.push(text![
            "Re-associated for media and web conferencing: ",
            value(pools.join(", ")),
            "."
        ]);
    }
    facts.push(text!["Modified topology: ", value(file_name), "."]);
    facts
}

/// What to do first: step 1, and where.
pub(super) fn first_action(sections: &[Section]) -> Text {
    match sections.iter().flat_map(|s| s.steps.first()).next() {
        Some(first) => {
            let mut a = text![format!("Step {}: ", first.number)];
            a.0.extend(first.title.0.iter().cloned());
            a.0.push(Span::from(" ("));
            a.0.extend(first.place.0.iter().cloned());
            a.0.push(Span::from(")."));
            a
        }
        None => Text::default(),
    }
}

/// The inferences the steps rest on, for the closing "what is inferred" list.
pub(super) fn inferences(ctx: &StepContext, plan: &Plan, sections: &[Section]) -> Vec<Inference> {
    let t = ctx.t;
    let used: Vec<&str> = sections
        .iter()
        .flat_map(|s| s.steps.iter())
        .flat_map(|s| s.basis.iter())
        .filter_map(|b| match b {
            Basis::Inferred(id) => Some(*id),
            _ => None,
        })
        .collect();
    // Also the readings the plan's notes and wording rest on: what a set site route holds,
    // XMPP being left out on 2019, and the Access Edge's own addresses behind the DNS and
    // firewall steps.
    let mut always = Vec::new();
    if t.sites.iter().any(|s| s.federation_route.service().is_some()) || !plan.routes.is_empty() {
        always.push(inference::SITE_FEDERATION_ROUTE_CONTENT.id);
    }
    let xmpp_left_on_2019 = plan
        .checks
        .iter()
        .any(|c| c.check == crate::plan::CheckKind::XmppOnSurvivorVersion);
    if !t.product.has_xmpp() || xmpp_left_on_2019 {
        always.push(inference::XMPP_2019.id);
    }
    if plan.federation_moves || plan.xmpp_moves {
        always.push(inference::ACCESS_EDGE_ADDRESS.id);
    }
    inference::ALL
        .iter()
        .filter(|i| used.contains(&i.id) || always.contains(&i.id))
        .copied()
        .collect()
}
