//! Each document's page at a glance: what is decided, what is down and for how long, the
//! go/no-go gates, who does what and where the hand-offs are, and the first action; and the
//! closing list of what is inferred.

use serde::Serialize;

use crate::plan::{Failure, Moves, Route};
use crate::topology::inference::{self, Inference};
use crate::topology::{pairing, Format};

use super::context::{cleared_healthy_pools, survivor_ports_change, StepContext};
use super::sections::front_end::failed_site_pools;
use super::step::{Kind, Phase, Role, Section, Step};
use super::text::{text, Basis, Span, Text};

/// A document's page at a glance.
#[derive(Clone, Debug, Serialize)]
pub struct Glance {
    pub phase: Phase,
    pub title: Text,
    /// The failed and surviving pools and what changes.
    pub facts: Vec<Text>,
    /// What is decided, and what to decide or fill in before the first step.
    pub decisions: Vec<Text>,
    /// The outages the steps cause, and how long they last.
    pub outages: Vec<Text>,
    /// The go/no-go gates: "Step 11: Go or no-go, after steps 5–10".
    pub gates: Vec<Text>,
    /// Each role and its steps, the hand-offs named.
    pub owners: Vec<Text>,
    /// What to do first: step 1, where.
    pub first_action: Text,
    /// The checks of this direction's plan.
    pub checks: Vec<(crate::plan::CheckSeverity, String)>,
}

/// The page at a glance of `phase`'s document, written from its own direction's plan.
pub(crate) fn glance(ctx: &StepContext, plan: &crate::plan::Plan, sections: &[Section], phase: Phase) -> Glance {
    let steps: Vec<&Step> = sections
        .iter()
        .filter(|s| s.phase == phase && !s.rollback)
        .flat_map(|s| s.steps.iter())
        .collect();
    Glance {
        phase,
        title: title(ctx, plan),
        facts: facts(ctx, plan),
        decisions: decisions(ctx, plan),
        outages: outages(ctx, plan),
        gates: steps
            .iter()
            .filter(|s| s.kind == Kind::Gate)
            .map(|s| {
                let mut t = text![format!("Step {}: ", s.number)];
                t.0.extend(s.title.0.iter().cloned());
                let before: Vec<String> = s
                    .needs
                    .iter()
                    .filter_map(|id| steps.iter().find(|x| &x.id == id))
                    .map(|x| x.number.to_string())
                    .collect();
                if !before.is_empty() {
                    t.0.push(Span::from(format!(", after the checks of steps {}", before.join(", "))));
                }
                t.0.push(Span::from("."));
                t
            })
            .collect(),
        owners: owners(&steps),
        first_action: first_action(&steps),
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
    }
}

/// Who does which steps, and which of them are hand-offs to another team.
fn owners(steps: &[&Step]) -> Vec<Text> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let mine: Vec<String> = steps
            .iter()
            .filter(|s| s.role == role)
            .map(|s| s.number.to_string())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let label = role.label();
        out.push(if role == Role::Administrator {
            text![format!("{}: every other step (the runbook's driver).", capital(label))]
        } else {
            text![format!(
                "{}: steps {} (hand-offs: the driver waits for their confirmation).",
                capital(label),
                mine.join(", ")
            )]
        });
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// What to decide before the first step, and what to fill in once.
pub(crate) fn decisions(ctx: &StepContext, plan: &Moves) -> Vec<Text> {
    let t = ctx.t;
    let mut out = Vec::new();
    if !plan.changes_topology() {
        out.push(text![
            "No topology change; nothing to publish: federation and the media associations stay as they are."
        ]);
    } else if ctx.route == Route::PublishFile && !ctx.embedded {
        out.push(if t.format == Format::TopologyBuilder {
            text![
                "How the topology changes: route B, as chosen in the planner: open the modified file ",
                value(&ctx.file_name),
                " in Topology Builder and publish it."
            ]
        } else {
            text![
                "How the topology changes: route B, as chosen in the planner: publish the modified file ",
                value(&ctx.file_name),
                " with Publish-CsTopology, then restore the simple URLs (the runbook's step), with the rollback ready."
            ]
        });
    } else if !ctx.cms_down.is_empty() {
        out.push(text!["How the topology changes: route A, Topology Builder, once the Central Management Server is back (the product procedure); this runbook follows it."]);
    } else if ctx.embedded {
        out.push(text![
            "How the topology changes: route A, the Topology Builder steps (the product procedure), which this runbook follows. The target is the topology as it was before the failover: the last check compares the published topology with ",
            value(&ctx.target_name),
            "."
        ]);
    } else {
        out.push(text![
            "How the topology changes: route A, the Topology Builder steps (the product procedure), which this runbook follows. The modified file ",
            value(&ctx.file_name),
            " is the target state: the last check compares the published topology with it."
        ]);
    }
    let xmpp_left: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .filter(|e| t.edge_pools[**e].has_xmpp_federation())
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect();
    if plan.xmpp_moves && !ctx.failback {
        out.push(if plan.xmpp_target_has_ports {
            text![
                "XMPP federation now or later: this plan moves it now, to ",
                value(&ctx.xmpp),
                ", which already carries the XMPP ports; to move it later, plan again without XMPP."
            ]
        } else {
            text![
                "XMPP federation now or later: this plan moves it now, with an outage of everything through ",
                value(&ctx.xmpp),
                " from the stop to the start; to move it later, plan again without XMPP, and it stays down until then."
            ]
        });
        out.extend(xmpp_target(ctx, plan));
    }
    if !plan.xmpp_moves && !xmpp_left.is_empty() && !ctx.failback {
        out.push(text![
            "XMPP federation of ",
            value(xmpp_left.join(", ")),
            " stays down in this plan; plan again with XMPP to move it."
        ]);
    }
    if let Some(&cms) = ctx.cms_down.first() {
        let target = pairing::central_management_target(ctx.file, cms, &plan.scope.failed_sites);
        out.push(match target.backup_pool {
            Some(b) => text![
                "The Central Management Server runs on ",
                value(&t.pools[cms].fqdn),
                ", in the failed site: it fails over first, to ",
                value(&t.pools[b].fqdn),
                "; nothing can be published before."
            ],
            None => text![
                "The Central Management Server runs on ",
                value(&t.pools[cms].fqdn),
                ", in the failed site, and the topology pairs it with no backup pool: it cannot be failed over. Nothing can be published until the site is restored or the DBA rebuilds the store (inferred)."
            ],
        });
    }
    if plan.federation_moves || plan.xmpp_moves {
        out.push(text!["Fill in once: a public DNS resolver. Every DNS command reads public records from it ($PublicResolver, asked for the first time it is needed), so an internal zone of the same name does not answer instead."]);
    }
    out
}

/// Where XMPP federation goes, where another pool could take it: the healthy pools that
/// already carry the XMPP ports can, with no Deployment Wizard run and no full stop.
fn xmpp_target(ctx: &StepContext, plan: &Moves) -> Option<Text> {
    let t = ctx.t;
    let others: Vec<String> = crate::plan::xmpp_targets(ctx.file, &plan.scope, plan.survivor)
        .into_iter()
        .filter(|e| *e != plan.xmpp_to)
        .map(|e| t.pools[t.edge_pools[e].pool].fqdn.clone())
        .collect();
    if others.is_empty() {
        return None;
    }
    let mut line = if plan.xmpp_apart() {
        text![
            "XMPP target: ",
            value(&ctx.xmpp),
            ", as chosen, which already carries the XMPP ports, while SIP federation goes to ",
            value(&ctx.survivor),
            ": no Deployment Wizard run and no full stop for XMPP. "
        ]
    } else if plan.xmpp_target_has_ports {
        text![
            "XMPP target: ",
            value(&ctx.xmpp),
            ", the surviving pool, which already carries the XMPP ports. "
        ]
    } else {
        text![
            "XMPP target: ",
            value(&ctx.xmpp),
            ", the surviving pool, which gets the XMPP ports (a Deployment Wizard run and a full stop). "
        ]
    };
    // The survivor is the one that would get the XMPP ports; every other carries them.
    let survivor_ported = t.edge_pools[plan.survivor].has_xmpp_federation();
    let (ported, bare): (Vec<String>, Vec<String>) =
        others.into_iter().partition(|p| *p != ctx.survivor || survivor_ported);
    if !ported.is_empty() {
        line.0.extend(
            text![
                "It can go instead to ",
                value(ported.join(", ")),
                ", which already carry the XMPP ports (no Deployment Wizard run and no full stop)"
            ]
            .0,
        );
    }
    if !bare.is_empty() {
        line.0.extend(
            text![
                if ported.is_empty() {
                    "It can go instead to "
                } else {
                    "; or to "
                },
                value(bare.join(", ")),
                ", the surviving pool, which would get the XMPP ports (a Deployment Wizard run and a full stop)"
            ]
            .0,
        );
    }
    line.0
        .extend(text![": plan again with that choice (the planner's \"XMPP federation to\", or --xmpp-to)."].0);
    Some(line)
}

/// The outages the steps cause, and how long each lasts, as the steps make them.
pub(crate) fn outages(ctx: &StepContext, plan: &Moves) -> Vec<Text> {
    let t = ctx.t;
    let mut out = Vec::new();
    if let Some(&cms) = ctx.cms_down.first() {
        let paired = pairing::central_management_target(ctx.file, cms, &plan.scope.failed_sites)
            .backup_pool
            .is_some();
        out.push(if paired {
            text!["No topology change can be published until the Central Management Server has failed over."]
        } else {
            text!["No topology change can be published until the Central Management Server is back: the failed site restored, or the store rebuilt."]
        });
    }
    let from = if ctx.failback { "the publish" } else { "the failure" };
    if plan.federation_moves {
        out.push(if survivor_ports_change(plan) {
            text![
                format!("SIP federation: down from {from} until "),
                value(&ctx.survivor),
                " has the published topology and the Deployment Wizard has run on it, and DNS leads partners there; for partners, until the TTLs recorded before the change have run out."
            ]
        } else {
            text![
                format!("SIP federation through {}: down from {from} until the publish and the DNS change (", ctx.failed_list()),
                value(&ctx.survivor),
                " already carries federation: no Deployment Wizard run); for partners, until the TTLs recorded before the change have run out."
            ]
        });
    }
    if plan.xmpp_moves {
        out.push(if ctx.failback {
            text![
                "XMPP federation: down from the route change until the services of ",
                value(&ctx.xmpp),
                " start; they start once, after the route."
            ]
        } else if plan.xmpp_target_has_ports {
            text![
                format!("XMPP federation: down from {from} until the route names "),
                value(&ctx.xmpp),
                " and it listens on 5269. If its services must restart, everything through it stops from the stop to the start's Verify: write the measured time in that step."
            ]
        } else {
            text![
                format!("XMPP federation: down from {from} until its services start again on "),
                value(&ctx.xmpp),
                ". Stopping them stops everything through that pool (SIP federation, remote access, A/V): the window starts at the stop and ends at the start's Verify; write the measured time in that step."
            ]
        });
        if plan.xmpp_apart() {
            out.push(text![
                "XMPP stops nothing on ",
                value(&ctx.survivor),
                ": its services are not stopped for XMPP."
            ]);
        }
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        out.push(text![
            "Meetings and A/V of remote and federated users on ",
            value(pools.join(", ")),
            ": until the new association is published."
        ]);
    }
    if !plan.scope.failed_sites.is_empty() && !ctx.failback {
        let down = failed_site_pools(ctx, plan);
        let (paired, alone): (Vec<_>, Vec<_>) = down.iter().partition(|d| d.backup.is_some());
        if !paired.is_empty() {
            let names: Vec<&str> = paired.iter().map(|d| d.fqdn.as_str()).collect();
            out.push(text![
                "Users of ",
                value(names.join(", ")),
                ": until Invoke-CsPoolFailover has moved them to their backup pools."
            ]);
        }
        if !alone.is_empty() {
            let names: Vec<&str> = alone.iter().map(|d| d.fqdn.as_str()).collect();
            out.push(text![
                "Users of ",
                value(names.join(", ")),
                ": until the site is restored (no backup pool in the topology, so no pool failover)."
            ]);
        }
    }
    if out.is_empty() {
        out.push(text![
            "None beyond the failure itself: nothing this plan changes stops a service."
        ]);
    } else if !ctx.failback {
        out.push(text![
            "Failing back later causes the same outages again, towards ",
            value(ctx.failed_list()),
            ": the failback document lists them."
        ]);
    }
    out
}

/// The document's title: what fails over (or back), from where to where.
pub(crate) fn title(ctx: &StepContext, plan: &Moves) -> Text {
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

/// The failed and surviving pools and what changes.
pub(crate) fn facts(ctx: &StepContext, plan: &Moves) -> Vec<Text> {
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
        facts.push(text!["Several federated pools: Topology Builder's publish warning allows them when all federated partners run Lync Server or Skype for Business Server, and asks that the external SRV record lists them all; Microsoft's on-premises diagnostics (RDCheckEdgePoolCount) report more than one as an error; and Move-CsUser to online then needs -ProxyPool naming one of them."]);
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
    if plan.xmpp_apart() {
        facts.push(text![
            "XMPP federation (5269) moves to ",
            value(&ctx.xmpp),
            ", as chosen, not to the surviving pool: it already carries the XMPP ports, so its ports do not change."
        ]);
    } else if ctx.failback && plan.xmpp_moves && ctx.xmpp_left != ctx.failed {
        // The failover moved XMPP to another pool than SIP federation: it comes back from there.
        facts.push(text![
            "XMPP federation (5269) comes back to ",
            value(&ctx.xmpp),
            " from ",
            value(ctx.xmpp_left.join(", ")),
            if plan.xmpp_from.is_empty() {
                ", which keeps its XMPP ports."
            } else {
                "."
            }
        ]);
    } else if plan.xmpp_moves {
        facts.push(text!["XMPP federation (5269) moves to ", value(&ctx.xmpp), "."]);
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        facts.push(text![
            "Re-associated for media and web conferencing: ",
            value(pools.join(", ")),
            "."
        ]);
    }
    if ctx.embedded {
        // The failback inside a failover's runbook has no file of its own.
    } else if plan.changes_topology() {
        facts.push(text![
            "Modified topology (the target state): ",
            value(&ctx.file_name),
            "."
        ]);
    } else {
        facts.push(text![
            "Modified topology: none (no topology change; nothing to publish)."
        ]);
    }
    facts
}

/// What to do first: the document's step 1, and where.
fn first_action(steps: &[&Step]) -> Text {
    match steps.first() {
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
pub(crate) fn inferences(ctx: &StepContext, plan: &crate::plan::Plan, sections: &[Section]) -> Vec<Inference> {
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
    if matches!(t.product, crate::topology::inference::Product::Later(_)) {
        always.push(inference::LATER_SERVICE_VERSION.id);
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
