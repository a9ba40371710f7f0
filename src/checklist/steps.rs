//! The checklist as data: numbered steps, each saying where it is done, what to do, the exact
//! commands and how to verify it, with the real pool, site and domain names filled in. This
//! file puts the sections together; each section is written in `sections/`.

use serde::Serialize;

use crate::plan::{CheckSeverity, Failure, Plan};
use crate::topology::inference::{self, Inference};
use crate::topology::TopologyFile;

use super::context::{cleared_healthy_pools, survivor_ports_change, StepContext};
use super::failback::failback;
use super::sections::{before::before, central_management::central_management, procedure, start::restored_start};
use super::summary::{decisions, outages};
use super::text::{text, Basis, Section, Span, Step, Text};

#[derive(Clone, Debug, Serialize)]
pub struct Checklist {
    pub title: Text,
    /// The failed and surviving pools and what changes: the summary's first part.
    pub facts: Vec<Text>,
    /// The choices to make before the first step.
    pub decisions: Vec<Text>,
    /// The outages the steps cause, and how long they last.
    pub outages: Vec<Text>,
    /// What to do first: step 1, where.
    pub first_action: Text,
    pub checks: Vec<(CheckSeverity, String)>,
    pub sections: Vec<Section>,
    /// The inferences the steps rest on, for the closing "what is inferred" list.
    pub inferences: Vec<Inference>,
}

impl Checklist {
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.sections.iter().flat_map(|s| s.steps.iter())
    }
}

/// Builds the checklist for a plan made from the file `loaded_name` (the name it was loaded
/// by, which the steps compare the published topology with), whose modified topology is
/// downloaded as `file_name`.
pub fn build_for(file: &TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> Checklist {
    let t = &file.topology;
    let ctx = StepContext::new(file, plan, loaded_name, file_name);
    let mut sections = vec![before(&ctx, plan)];
    if ctx.failback {
        sections.push(restored_start(&ctx));
    } else if !ctx.cms_down.is_empty() {
        sections.push(central_management(&ctx, plan));
    }
    sections.extend(procedure(&ctx, plan));
    if !ctx.failback {
        sections.extend(failback(&ctx, plan));
    }
    let mut number = 0;
    for s in &mut sections {
        for st in &mut s.steps {
            number += 1;
            st.number = number;
        }
    }
    let moves = |sip: &str, xmpp: &str, neither: &str| -> String {
        if plan.federation_moves {
            sip.to_owned()
        } else if plan.xmpp_moves {
            xmpp.to_owned()
        } else {
            neither.to_owned()
        }
    };
    let title = match &plan.request.failure {
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
    };
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
    let cleared = cleared_healthy_pools(&ctx, plan);
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
    let decisions = decisions(&ctx, plan);
    let outages = outages(&ctx, plan);
    let first_action = match sections.iter().flat_map(|s| s.steps.first()).next() {
        Some(first) => {
            let mut a = text![format!("Step {}: ", first.number)];
            a.0.extend(first.title.0.iter().cloned());
            a.0.push(Span::from(" ("));
            a.0.extend(first.place.0.iter().cloned());
            a.0.push(Span::from(")."));
            a
        }
        None => Text::default(),
    };
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
    let inferences = inference::ALL
        .iter()
        .filter(|i| used.contains(&i.id) || always.contains(&i.id))
        .copied()
        .collect();
    Checklist {
        title,
        facts,
        decisions,
        outages,
        first_action,
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
        sections,
        inferences,
    }
}
