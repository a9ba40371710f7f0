//! The topology change: federation moved in Topology Builder (or a modified file), published once.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{cite, StepContext};
use crate::checklist::text::{text, Document, Section, Step, Text};

/// A checkbox of an Edge pool's Edit Properties › General that carries federation, and the
/// ids of the steps that clear and select it.
struct Checkbox {
    label: &'static str,
    clear: &'static str,
    select: &'static str,
}

const SIP_FEDERATION: Checkbox = Checkbox {
    label: "Enable federation for this Edge pool (Port 5061)",
    clear: "tb-clear-federation",
    select: "tb-enable-federation",
};

/// The label in Edit Properties › General; "Enable XMPP federation (port 5269)" is the New
/// Edge Pool wizard's.
const XMPP_FEDERATION: Checkbox = Checkbox {
    label: "Enable XMPP federation for this Edge pool",
    clear: "tb-clear-xmpp",
    select: "tb-enable-xmpp",
};

/// Clearing or selecting a checkbox of an Edge pool, in the one Topology Builder session.
fn checkbox_step<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    checkbox: &Checkbox,
    select: bool,
    pool: &str,
) -> &'s mut Step {
    // The survivor's step keeps its plain id; another pool's (given federation back on
    // failback) names the pool, as a clearing step does.
    let id = if select && pool == ctx.survivor {
        checkbox.select.to_owned()
    } else if select {
        format!("{}:{pool}", checkbox.select)
    } else {
        format!("{}:{pool}", checkbox.clear)
    };
    let step = section.step(
        &id,
        text![
            if select { "Select " } else { "Clear " },
            label(checkbox.label),
            " on ",
            value(pool)
        ],
        ctx.topology_builder(),
    );
    step.act(ctx.open_topology_builder())
        .act(text![
            "Expand ",
            label("Edge pools"),
            ", right-click ",
            value(pool),
            " and select ",
            label("Edit properties"),
            "."
        ])
        .act(text![
            "Under ",
            label("General"),
            if select { ", select " } else { ", clear " },
            label(checkbox.label),
            ". Click ",
            label("OK"),
            "."
        ]);
    step
}

/// A checkbox cleared on a pool that loses what it carries, and how to see it is.
fn clear_step<'s>(ctx: &StepContext, section: &'s mut Section, checkbox: &Checkbox, pool: &str) -> &'s mut Step {
    checkbox_step(ctx, section, checkbox, false, pool).check(text![
        "Opening ",
        label("Edit properties"),
        " of ",
        value(pool),
        " again shows ",
        label(checkbox.label),
        " cleared."
    ])
}

/// On failback, federation given back to a healthy pool the failover cleared on request.
fn restore_step<'s>(ctx: &StepContext, section: &'s mut Section, checkbox: &Checkbox, pool: &str) -> &'s mut Step {
    checkbox_step(ctx, section, checkbox, true, pool)
        .act(text![
            "The failover cleared it on ",
            value(pool),
            " as you chose; the failback gives it back. If DNS sent inbound federation to ",
            value(pool),
            " before the failover, point those records back at it too."
        ])
        .check(text![
            "Opening ",
            label("Edit properties"),
            " of ",
            value(pool),
            " again shows ",
            label(checkbox.label),
            " selected."
        ])
        .practice()
}

pub(crate) fn topology_change(ctx: &StepContext, plan: &Plan) -> Section {
    let t = ctx.t;
    let mut section = Section::new("Move federation in the topology");
    if plan.federation_moves {
        for e in &plan.federation_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            clear_step(ctx, &mut section, &SIP_FEDERATION, &pool)
                .procedure(cite(ctx, ", steps 1–2"))
                .inferred(inference::SIP_FEDERATION_PORT);
        }
        if plan.survivor_already_federated {
            // Nothing to tick: the pool keeps its ports, and so needs no wizard run.
            section.step(
                    "tb-survivor-already-federated",
                    text![value(&ctx.survivor), " is already federated: its ports do not change"],
                    ctx.topology_builder(),
                )
                .act(ctx.open_topology_builder())
                .act(text![
                    "Nothing to select: ",
                    value(&ctx.survivor),
                    " already has ",
                    label(SIP_FEDERATION.label),
                    " selected, so its ports do not change and its servers need no Deployment Wizard run. The work is the site federation routes and the DNS that still lead to ",
                    value(ctx.failed_list()),
                    "."
                ])
                .check(text![
                    "Opening ",
                    label("Edit properties"),
                    " of ",
                    value(&ctx.survivor),
                    " shows ",
                    label(SIP_FEDERATION.label),
                    " selected."
                ])
                .inferred(inference::SIP_FEDERATION_PORT);
        } else {
            checkbox_step(ctx, &mut section, &SIP_FEDERATION, true, &ctx.survivor)
                .check(text![
                    "Its federation port uses the Access Edge FQDN ",
                    value(&ctx.survivor_access),
                    "."
                ])
                .procedure(cite(ctx, ", steps 3–4"))
                .inferred(inference::FEDERATION_FQDN);
        }
        for e in &plan.federation_restored {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            restore_step(ctx, &mut section, &SIP_FEDERATION, &pool).inferred(inference::SIP_FEDERATION_PORT);
        }
    }
    // The XMPP procedure has no Topology Builder step: it assumes the new pool already has
    // XMPP federation and only one pool is designated for it.
    if plan.xmpp_moves {
        for e in &plan.xmpp_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            clear_step(ctx, &mut section, &XMPP_FEDERATION, &pool)
                    .act(text!["One Edge pool per organisation is designated for XMPP federation; the XMPP failover procedure assumes this change is made."])
                    .practice()
                    .inferred(inference::XMPP_FEDERATION_PORTS);
        }
        if !plan.survivor_already_xmpp {
            checkbox_step(ctx, &mut section, &XMPP_FEDERATION, true, &ctx.survivor)
                .act(text!["The XMPP failover procedure assumes the new pool already has XMPP federation; this one does not yet."])
                .check(text![
                    "Opening ",
                    label("Edit properties"),
                    " of ",
                    value(&ctx.survivor),
                    " again shows ",
                    label(XMPP_FEDERATION.label),
                    " selected."
                ])
                .practice()
                .inferred(inference::XMPP_FEDERATION_PORTS);
        }
        for e in &plan.xmpp_restored {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            restore_step(ctx, &mut section, &XMPP_FEDERATION, &pool).inferred(inference::XMPP_FEDERATION_PORTS);
        }
    }
    // A route can only name a pool that carries federation: after it is selected above.
    route_steps(ctx, plan, &mut section);
    // The media association is a Topology Builder change too: made in the same session, so
    // there is one publish.
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        section
            .step(
                &format!("tb-reassociate:{pool}"),
                text!["Associate ", value(&pool), " with ", value(&ctx.survivor), " for media"],
                ctx.topology_builder(),
            )
            .act(ctx.open_topology_builder())
            .act(text![
                "Right-click the Front End pool ",
                value(&pool),
                " (site ",
                value(t.site_name(t.pools[p].site)),
                "), select ",
                label("Edit Properties"),
                ", then ",
                label("Associations"),
                ". Under ",
                label("Associate Edge pool (for media components)"),
                " select ",
                value(&ctx.survivor),
                ". Click ",
                label("OK"),
                "."
            ])
            .check(text![
                "Opening ",
                label("Edit Properties"),
                " of ",
                value(&pool),
                " again shows ",
                value(&ctx.survivor),
                " under ",
                label("Associate Edge pool (for media components)"),
                "."
            ])
            .procedure(Document::EdgeAssociation.at(""))
            .inferred(inference::MEDIA_ASSOCIATION);
    }
    let topology_path = format!("C:\\EdgeFailover\\{}", ctx.file_name);
    let is_tbxml = t.format == crate::topology::Format::TopologyBuilder;
    let cms_down = !ctx.cms_down.is_empty();
    let publish = section.step(
        "publish-topology",
        text!["Publish the topology"],
        text![
            "Topology Builder (route A) or the Management Shell (route B) on ",
            value(&ctx.admin_server)
        ],
    );
    publish.act(text![
        "Route A: click ",
        label("Action"),
        ", select ",
        label("Topology"),
        ", select ",
        label("Publish"),
        ". When prompted on ",
        label("Publish the topology"),
        ", click ",
        label("Next"),
        ". When the publish is finished, click ",
        label("Finish"),
        "."
    ]);
    let intro_b;
    if ctx.embedded {
        intro_b = "a modified file comes from planning the failback in the planner when the time comes";
        publish.act(text![
            "Route B: when ",
            value(&ctx.survivor),
            " is back, export the topology, load it into the planner and choose ",
            label("Plan failback"),
            ": it makes the modified file, and its own checklist, for the topology as it is then."
        ]);
    } else if cms_down {
        intro_b = "a modified file must be planned again from the topology exported after the Central Management Server failover, and published with that plan's own checklist";
        publish.act(text![
            "Route B: publish the file planned again from the topology exported after the Central Management Server failover, as that plan's checklist says; the file planned before it must not be published."
        ]);
    } else if is_tbxml {
        intro_b = "open the modified file in Topology Builder and publish it";
        publish.act(text![
            "Route B, instead of the Topology Builder changes: in Topology Builder open ",
            value(&ctx.file_name),
            " (",
            label("File"),
            ", ",
            label("Open"),
            ") and publish it. Publish-CsTopology cannot publish a .tbxml file."
        ]);
    } else {
        intro_b = "publish the modified file the planner made, which holds exactly these changes";
        publish
            .act(text![
                "Route B, instead of the Topology Builder changes: publish the modified file from the planner (review its diff first). Copy it to ",
                value(&topology_path),
                " and run the commands below. The cmdlet reference reserves Publish-CsTopology -FileName for topologies retrieved with Get-CsTopology and says the simple URLs must be set again after it."
            ])
            .cmd("Publish-CsTopology -FileName {}", &[&topology_path])
            .cmd("Enable-CsTopology", &[]);
    }
    publish
            .check(text!["The publish finishes without errors, and the Central Management Store replicates to the Edge servers."])
            .check(text!["The simple URLs are as they were before: if Compare-Object prints anything, set them back with Set-CsSimpleUrlConfiguration."])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Where-Object { -not $_.UpToDate } | Select-Object ReplicaFqdn, LastStatusReport", &[])
            .check_cmd("Get-CsSimpleUrlConfiguration | Select-Object -ExpandProperty SimpleUrl | Format-List | Out-File C:\\EdgeFailover\\simple-urls-after.txt; Compare-Object (Get-Content C:\\EdgeFailover\\simple-urls-before.txt) (Get-Content C:\\EdgeFailover\\simple-urls-after.txt)", &[])
            .procedure(cite(ctx, ", step 5"))
            .inferred(inference::FAILOVER_IS_PORT_MOVE);
    section.intro = Some(text![format!(
        "Choose one route and follow only it. Route A, the product procedure: the Topology Builder steps below, in one session, then Publish. Route B: {intro_b}; skip the Topology Builder steps."
    )]);
    section
}

/// One step per site whose federation route the plan re-points: a route can only name a pool
/// that carries federation, so this comes after the survivor's federation is selected.
pub(crate) fn route_steps(ctx: &StepContext, plan: &Plan, section: &mut Section) {
    let t = ctx.t;
    for r in &plan.routes {
        let site = &t.sites[r.site].name;
        let from = &t.pools[t.edge_pools[r.from_edge].pool].fqdn;
        let to = &t.pools[t.edge_pools[r.to_edge].pool].fqdn;
        section.step(
                &format!("site-federation-route:{}", t.sites[r.site].id),
                text!["Point the federation route of site ", value(site), " at ", value(to)],
                ctx.topology_builder(),
            )
            .act(ctx.open_topology_builder())
            .act(text![
                if ctx.embedded { "After the failover, " } else { "The topology names " },
                value(from),
                if ctx.embedded { " is the federation route of site " } else { " as the federation route of site " },
                value(site),
                if ctx.embedded { ". Right-click the site " } else { " (read from the file). Right-click the site " },
                value(site),
                ", select ",
                label("Edit Properties"),
                ", then ",
                label("Federation route"),
                ". Under ",
                label("Site federation route assignment"),
                ", keep ",
                label("Enable SIP federation"),
                " selected and choose ",
                value(to),
                ". Click ",
                label("OK"),
                "."
            ])
            .act(text![
                "The modified topology (route B) already holds this change. To make it from the Management Shell instead, run Set-CsSite once the publish has enabled federation on ",
                value(to),
                " (a route can only name a pool that carries federation):"
            ])
            .cmd("Set-CsSite -Identity {} -FederationRoute {}", &[site, &format!("EdgeServer:{to}")])
            .check(text![
                "Get-CsSite shows the site's FederationRoute as ",
                value(format!("EdgeServer:{to}")),
                "."
            ])
            .check_cmd("Get-CsSite -Identity {} | Select-Object Identity, FederationRoute", &[site])
            .procedure(Document::FederationRoutes.at(" (site federation route assignment)"))
            .inferred(inference::SITE_FEDERATION_ROUTE_CONTENT);
    }
}

/// What Get-CsSite should show after the change.
pub(crate) fn route_verification(ctx: &StepContext, plan: &Plan) -> Text {
    let t = ctx.t;
    if plan.routes.is_empty() {
        if (0..t.sites.len()).any(|s| t.route_edge(s).is_some()) {
            text!["Get-CsSite shows the same federation routes as before: the plan changes none."]
        } else {
            text!["Get-CsSite shows no FederationRoute, as the file did (unless one was set since the export)."]
        }
    } else {
        let sites: Vec<&str> = plan.routes.iter().map(|r| t.sites[r.site].name.as_str()).collect();
        text![
            "Get-CsSite shows the FederationRoute of ",
            value(sites.join(", ")),
            " as ",
            value(format!("EdgeServer:{}", ctx.survivor)),
            "."
        ]
    }
}
