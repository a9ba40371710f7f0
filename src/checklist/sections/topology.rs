//! The topology change: federation moved in Topology Builder (or a modified file), published once.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{cite, Names, ASSOCIATION_DOC, FEDERATION_LABEL, XMPP_LABEL};
use crate::checklist::powershell::ps;
use crate::checklist::text::{step, text, ui, v, Section, Step, Text};

pub(crate) fn topology_change(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let mut steps = Vec::new();
    let clear = |id: &str, pool: &str, label: &'static str| {
        step(
            format!("{id}:{pool}"),
            text!["Clear ", ui(label), " on ", v(pool)],
            n.topology_builder(),
        )
        .act(n.open_topology_builder())
        .act(text![
            "Expand ",
            ui("Edge pools"),
            ", right-click ",
            v(pool),
            " and select ",
            ui("Edit properties"),
            "."
        ])
        .act(text![
            "Under ",
            ui("General"),
            ", clear ",
            ui(label),
            ". Click ",
            ui("OK"),
            "."
        ])
        .check(text![
            "Opening ",
            ui("Edit properties"),
            " of ",
            v(pool),
            " again shows ",
            ui(label),
            " cleared."
        ])
    };
    let select = |id: &str, label: &'static str| {
        step(
            id,
            text!["Select ", ui(label), " on ", v(&n.survivor)],
            n.topology_builder(),
        )
        .act(n.open_topology_builder())
        .act(text![
            "Expand ",
            ui("Edge pools"),
            ", right-click ",
            v(&n.survivor),
            " and select ",
            ui("Edit properties"),
            "."
        ])
        .act(text![
            "Under ",
            ui("General"),
            ", select ",
            ui(label),
            ". Click ",
            ui("OK"),
            "."
        ])
    };
    if plan.federation_moves {
        for e in &plan.federation_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                clear("tb-clear-federation", &pool, FEDERATION_LABEL)
                    .procedure(cite(n, "steps 1–2", "step 2"))
                    .inferred(inference::SIP_FEDERATION_PORT)
                    .done(),
            );
        }
        if plan.survivor_already_federated {
            // Nothing to tick: the pool keeps its ports, and so needs no wizard run.
            steps.push(
                step(
                    "tb-survivor-already-federated",
                    text![v(&n.survivor), " is already federated: its ports do not change"],
                    n.topology_builder(),
                )
                .act(n.open_topology_builder())
                .act(text![
                    "Nothing to select: ",
                    v(&n.survivor),
                    " already has ",
                    ui(FEDERATION_LABEL),
                    " selected, so its ports do not change and its servers need no Deployment Wizard run. The work is the site federation routes and the DNS that still lead to ",
                    v(n.failed_list()),
                    "."
                ])
                .check(text![
                    "Opening ",
                    ui("Edit properties"),
                    " of ",
                    v(&n.survivor),
                    " shows ",
                    ui(FEDERATION_LABEL),
                    " selected."
                ])
                .inferred(inference::SIP_FEDERATION_PORT)
                .done(),
            );
        } else {
            steps.push(
                select("tb-enable-federation", FEDERATION_LABEL)
                    .check(text![
                        "Its federation port uses the Access Edge FQDN ",
                        v(&n.survivor_access),
                        "."
                    ])
                    .procedure(cite(n, "steps 3–4", "step 2"))
                    .inferred(inference::FEDERATION_FQDN)
                    .done(),
            );
        }
    }
    // The XMPP procedure has no Topology Builder step: it assumes the new pool already has
    // XMPP federation and only one pool is designated for it.
    if plan.xmpp_moves {
        for e in &plan.xmpp_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                clear("tb-clear-xmpp", &pool, XMPP_LABEL)
                    .act(text!["One Edge pool per organisation is designated for XMPP federation; the XMPP failover procedure assumes this change is made."])
                    .practice()
                    .inferred(inference::XMPP_FEDERATION_PORTS)
                    .done(),
            );
        }
        if !plan.survivor_already_xmpp {
            steps.push(
            select("tb-enable-xmpp", XMPP_LABEL)
                .act(text!["The XMPP failover procedure assumes the new pool already has XMPP federation; this one does not yet."])
                .check(text![
                    "Opening ",
                    ui("Edit properties"),
                    " of ",
                    v(&n.survivor),
                    " again shows ",
                    ui(XMPP_LABEL),
                    " selected."
                ])
                .practice()
                .inferred(inference::XMPP_FEDERATION_PORTS)
                .done(),
            );
        }
    }
    // A route can only name a pool that carries federation: after it is selected above.
    steps.extend(route_steps(n, plan));
    // The media association is a Topology Builder change too: made in the same session, so
    // there is one publish.
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        steps.push(
            step(
                format!("tb-reassociate:{pool}"),
                text!["Associate ", v(&pool), " with ", v(&n.survivor), " for media"],
                n.topology_builder(),
            )
            .act(n.open_topology_builder())
            .act(text![
                "Right-click the Front End pool ",
                v(&pool),
                " (site ",
                v(t.site_name(t.pools[p].site)),
                "), select ",
                ui("Edit Properties"),
                ", then ",
                ui("Associations"),
                ". Under ",
                ui("Associate Edge pool (for media components)"),
                " select ",
                v(&n.survivor),
                ". Click ",
                ui("OK"),
                "."
            ])
            .check(text![
                "Opening ",
                ui("Edit Properties"),
                " of ",
                v(&pool),
                " again shows ",
                v(&n.survivor),
                " under ",
                ui("Associate Edge pool (for media components)"),
                "."
            ])
            .procedure(ASSOCIATION_DOC)
            .inferred(inference::MEDIA_ASSOCIATION)
            .done(),
        );
    }
    let topology_path = format!("C:\\EdgeFailover\\{}", n.file_name);
    let is_tbxml = t.format == crate::topology::Format::TopologyBuilder;
    let cms_down = !n.cms_down.is_empty();
    let mut publish = step(
        "publish-topology",
        text!["Publish the topology"],
        text![
            "Topology Builder (route A) or the Management Shell (route B) on ",
            v(&n.admin_server)
        ],
    )
    .act(text![
        "Route A: click ",
        ui("Action"),
        ", select ",
        ui("Topology"),
        ", select ",
        ui("Publish"),
        ". When prompted on ",
        ui("Publish the topology"),
        ", click ",
        ui("Next"),
        ". When the publish is finished, click ",
        ui("Finish"),
        "."
    ]);
    let intro_b;
    publish = if n.embedded {
        intro_b = "a modified file comes from planning the failback in the planner when the time comes";
        publish.act(text![
            "Route B: when ",
            v(&n.survivor),
            " is back, export the topology, load it into the planner and choose ",
            ui("Plan failback"),
            ": it makes the modified file, and its own checklist, for the topology as it is then."
        ])
    } else if cms_down {
        intro_b = "a modified file must be planned again from the topology exported after the Central Management Server failover, and published with that plan's own checklist";
        publish.act(text![
            "Route B: publish the file planned again from the topology exported after the Central Management Server failover, as that plan's checklist says; the file planned before it must not be published."
        ])
    } else if is_tbxml {
        intro_b = "open the modified file in Topology Builder and publish it";
        publish.act(text![
            "Route B, instead of the Topology Builder changes: in Topology Builder open ",
            v(&n.file_name),
            " (",
            ui("File"),
            ", ",
            ui("Open"),
            ") and publish it. Publish-CsTopology cannot publish a .tbxml file."
        ])
    } else {
        intro_b = "publish the modified file the planner made, which holds exactly these changes";
        publish
            .act(text![
                "Route B, instead of the Topology Builder changes: publish the modified file from the planner (review its diff first). Copy it to ",
                v(&topology_path),
                " and run the commands below. The cmdlet reference reserves Publish-CsTopology -FileName for topologies retrieved with Get-CsTopology and says the simple URLs must be set again after it."
            ])
            .cmd(format!("Publish-CsTopology -FileName {}", ps(&topology_path)))
            .cmd("Enable-CsTopology")
    };
    steps.push(
        publish
            .check(text!["The publish finishes without errors, and the Central Management Store replicates to the Edge servers."])
            .check(text!["The simple URLs are as they were before: if Compare-Object prints anything, set them back with Set-CsSimpleUrlConfiguration."])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Where-Object { -not $_.UpToDate } | Select-Object ReplicaFqdn, LastStatusReport")
            .check_cmd("Get-CsSimpleUrlConfiguration | Select-Object -ExpandProperty SimpleUrl | Format-List | Out-File C:\\EdgeFailover\\simple-urls-after.txt; Compare-Object (Get-Content C:\\EdgeFailover\\simple-urls-before.txt) (Get-Content C:\\EdgeFailover\\simple-urls-after.txt)")
            .procedure(cite(n, "step 5", "step 2"))
            .inferred(inference::FAILOVER_IS_PORT_MOVE)
            .done(),
    );
    Section {
        title: "Move federation in the topology".into(),
        intro: Some(text![format!(
            "Choose one route and follow only it. Route A, the product procedure: the Topology Builder steps below, in one session, then Publish. Route B: {intro_b}; skip the Topology Builder steps."
        )]),
        steps,
    }
}

/// One step per site whose federation route the plan re-points: a route can only name a pool
/// that carries federation, so this comes after the survivor's federation is selected.
pub(crate) fn route_steps(n: &Names, plan: &Plan) -> Vec<Step> {
    let t = n.t;
    plan.routes
        .iter()
        .map(|r| {
            let site = &t.sites[r.site].name;
            let from = &t.pools[t.edge_pools[r.from_edge].pool].fqdn;
            let to = &t.pools[t.edge_pools[r.to_edge].pool].fqdn;
            step(
                format!("site-federation-route:{}", t.sites[r.site].id),
                text!["Point the federation route of site ", v(site), " at ", v(to)],
                n.topology_builder(),
            )
            .act(n.open_topology_builder())
            .act(text![
                if n.embedded { "After the failover, " } else { "The topology names " },
                v(from),
                if n.embedded { " is the federation route of site " } else { " as the federation route of site " },
                v(site),
                if n.embedded { ". Right-click the site " } else { " (read from the file). Right-click the site " },
                v(site),
                ", select ",
                ui("Edit Properties"),
                ", then ",
                ui("Federation route"),
                ". Under ",
                ui("Site federation route assignment"),
                ", keep ",
                ui("Enable SIP federation"),
                " selected and choose ",
                v(to),
                ". Click ",
                ui("OK"),
                "."
            ])
            .act(text![
                "The modified topology (route B) already holds this change. To make it from the Management Shell instead, run Set-CsSite once the publish has enabled federation on ",
                v(to),
                " (a route can only name a pool that carries federation):"
            ])
            .cmd(format!(
                "Set-CsSite -Identity {} -FederationRoute {}",
                ps(site),
                ps(&format!("EdgeServer:{to}"))
            ))
            .check(text![
                "Get-CsSite shows the site's FederationRoute as ",
                v(format!("EdgeServer:{to}")),
                "."
            ])
            .check_cmd(format!(
                "Get-CsSite -Identity {} | Select-Object Identity, FederationRoute",
                ps(site)
            ))
            .procedure("Configure federation routes and media traffic (site federation route assignment)")
            .inferred(inference::SITE_FEDERATION_ROUTE_CONTENT)
            .done()
        })
        .collect()
}

/// What Get-CsSite should show after the change.
pub(crate) fn route_verification(n: &Names, plan: &Plan) -> Text {
    let t = n.t;
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
            v(sites.join(", ")),
            " as ",
            v(format!("EdgeServer:{}", n.survivor)),
            "."
        ]
    }
}
