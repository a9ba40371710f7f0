//! The topology change: by default the product procedure, one Topology Builder session
//! published once (route A), whose result the planner's modified file describes; or, chosen
//! explicitly, the modified file published (route B), with the simple URLs restored after.

use crate::plan::Moves;
use crate::topology::{inference, Format};

use super::before::current_state_id;
use super::next_hop::{self, Hop};

use crate::checklist::context::{cite, StepContext, FOLDER};
use crate::checklist::step::{Access, Change, Protocol, Section, Step};
use crate::checklist::text::{text, Basis, Document, Text};

/// A checkbox of an Edge pool's Edit Properties › General that carries federation, and the
/// ids of the steps that clear and select it.
struct Checkbox {
    label: &'static str,
    clear: &'static str,
    select: &'static str,
    protocol: Protocol,
}

const SIP_FEDERATION: Checkbox = Checkbox {
    label: "Enable federation for this Edge pool (Port 5061)",
    clear: "tb-clear-federation",
    select: "tb-enable-federation",
    protocol: Protocol::Sip,
};

/// The label in Edit Properties › General; "Enable XMPP federation (port 5269)" is the New
/// Edge Pool wizard's.
const XMPP_FEDERATION: Checkbox = Checkbox {
    label: "Enable XMPP federation for this Edge pool",
    clear: "tb-clear-xmpp",
    select: "tb-enable-xmpp",
    protocol: Protocol::Xmpp,
};

/// What every change of the session needs and how it is undone.
pub(crate) struct Session<'a> {
    /// The checks and the gate every change waits for.
    pub(crate) needs: &'a [String],
    /// The rollback step that republishes the baseline.
    pub(crate) undo: &'a str,
}

/// Clearing or selecting a checkbox of an Edge pool, in the one Topology Builder session.
fn checkbox_step<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    session: &Session,
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
        &ctx.id(&id),
        text![
            if select { "Select " } else { "Clear " },
            label(checkbox.label),
            " on ",
            value(pool)
        ],
        ctx.topology_builder(),
    );
    step.act(text![
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
    ])
    .changes(Change::Federation {
        pool: pool.to_owned(),
        protocol: checkbox.protocol,
    })
    .after(&ids(session.needs))
    .undone_by(session.undo);
    step
}

fn ids(needs: &[String]) -> Vec<&str> {
    needs.iter().map(String::as_str).collect()
}

/// The session's steps: federation cleared and selected, the routes, the associations and a
/// next hop in the same site, in one session.
pub(crate) fn changes(ctx: &StepContext, plan: &Moves, section: &mut Section, session: &Session) {
    let t = ctx.t;
    ctx.tb_open.set(true);
    section.intro = Some(text![
        "On ",
        value(&ctx.admin_server),
        ", open Topology Builder and download the topology from the existing deployment. Make every change below in this one session, and publish once, at the end: downloading again discards what is not yet published. The planner's modified topology (",
        value(&ctx.file_name),
        ") is what these steps produce: the last check compares the published topology with it."
    ]);
    // The next hop first: federation moves to a pool only once its traffic reaches a running
    // pool (all are published together, but the session reads in the order it is done).
    if let Some(hop) = next_hop::hop_of(ctx, plan).filter(|h| h.same_site) {
        let why = next_hop::why(ctx, plan);
        next_hop::point(
            ctx,
            section,
            "next-hop",
            text!["Point the next hop of ", value(hop.edge), " at ", value(hop.to)],
            &Hop { ..hop },
            why,
        )
        .after(&ids(session.needs))
        .undone_by(session.undo);
    }
    if plan.federation_moves {
        for e in &plan.federation_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            let step = checkbox_step(ctx, section, session, &SIP_FEDERATION, false, &pool);
            step.check(text![
                "Opening ",
                label("Edit properties"),
                " of ",
                value(&pool),
                " again shows ",
                label(SIP_FEDERATION.label),
                " cleared."
            ])
            .procedure(cite(ctx, ", steps 1–2"))
            .inferred(inference::SIP_FEDERATION_PORT);
            if plan.survivor_already_federated && ctx.failed.contains(&pool) {
                step.note(text![
                    value(&ctx.survivor),
                    " is already federated: its ",
                    label(SIP_FEDERATION.label),
                    " stays selected, its ports do not change, and its servers need no Deployment Wizard run."
                ]);
            }
        }
        if !plan.survivor_already_federated {
            checkbox_step(ctx, section, session, &SIP_FEDERATION, true, &ctx.survivor)
                .check(text![
                    "Opening ",
                    label("Edit properties"),
                    " of ",
                    value(&ctx.survivor),
                    " again shows ",
                    label(SIP_FEDERATION.label),
                    " selected, and under ",
                    label("External settings"),
                    " the ",
                    label("SIP Access"),
                    " uses ",
                    value(&ctx.survivor_access),
                    " with port 5061."
                ])
                .procedure(cite(ctx, ", steps 3–4"))
                .inferred(inference::FEDERATION_FQDN);
        }
        for e in &plan.federation_restored {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            restore_step(ctx, section, session, &SIP_FEDERATION, &pool).inferred(inference::SIP_FEDERATION_PORT);
        }
    }
    // The XMPP procedure has no Topology Builder step: it assumes the new pool already has
    // XMPP federation and only one pool is designated for it.
    if plan.xmpp_moves {
        for e in &plan.xmpp_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            checkbox_step(ctx, section, session, &XMPP_FEDERATION, false, &pool)
                .act(text!["One Edge pool per organisation is designated for XMPP federation; the XMPP failover procedure assumes this change is made."])
                .check(text![
                    "Opening ",
                    label("Edit properties"),
                    " of ",
                    value(&pool),
                    " again shows ",
                    label(XMPP_FEDERATION.label),
                    " cleared."
                ])
                .practice()
                .inferred(inference::XMPP_FEDERATION_PORTS);
        }
        if !plan.xmpp_target_has_ports {
            checkbox_step(ctx, section, session, &XMPP_FEDERATION, true, &ctx.xmpp)
                .act(text!["The XMPP failover procedure assumes the new pool already has XMPP federation; this one does not yet."])
                .check(text![
                    "Opening ",
                    label("Edit properties"),
                    " of ",
                    value(&ctx.xmpp),
                    " again shows ",
                    label(XMPP_FEDERATION.label),
                    " selected."
                ])
                .practice()
                .inferred(inference::XMPP_FEDERATION_PORTS);
        }
        for e in &plan.xmpp_restored {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            restore_step(ctx, section, session, &XMPP_FEDERATION, &pool).inferred(inference::XMPP_FEDERATION_PORTS);
        }
    }
    // A route can only name a pool that carries federation: after it is selected above.
    route_steps(ctx, plan, section, session);
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        let to = plan.association_target_fqdn(ctx.file, p).to_owned();
        section
            .step(
                &ctx.id(&format!("tb-reassociate:{pool}")),
                text!["Associate ", value(&pool), " with ", value(&to), " for media"],
                ctx.topology_builder(),
            )
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
                value(&to),
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
                value(&to),
                " under ",
                label("Associate Edge pool (for media components)"),
                "."
            ])
            .changes(Change::EdgeAssociation { pool: pool.clone() })
            .after(&ids(session.needs))
            .undone_by(session.undo)
            .procedure(Document::EdgeAssociation.at(""))
            .inferred(inference::MEDIA_ASSOCIATION);
    }
}

/// On failback, federation given back to a healthy pool the failover cleared on request.
fn restore_step<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    session: &Session,
    checkbox: &Checkbox,
    pool: &str,
) -> &'s mut Step {
    checkbox_step(ctx, section, session, checkbox, true, pool)
        .act(text![
            "The failover cleared it on ",
            value(pool),
            " as you chose; the failback gives it back."
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

/// The site routes: one step per site whose route the file shows naming a pool that loses
/// federation, and one for the sites the first record noted (routes the file cannot show:
/// set since the export). A route can only name a pool that carries federation.
pub(crate) fn route_steps(ctx: &StepContext, plan: &Moves, section: &mut Section, session: &Session) {
    let t = ctx.t;
    for r in &plan.routes {
        let site = &t.sites[r.site].name;
        let from = &t.pools[t.edge_pools[r.from_edge].pool].fqdn;
        let to = &t.pools[t.edge_pools[r.to_edge].pool].fqdn;
        section
            .step(
                &ctx.id(&format!("site-federation-route:{}", t.sites[r.site].id)),
                text!["Point the federation route of site ", value(site), " at ", value(to)],
                ctx.topology_builder(),
            )
            .act(text![
                "The topology names ",
                value(from),
                " as the federation route of site ",
                value(site),
                " (read from the file). Right-click the site ",
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
            .check(text![
                "Opening the site's ",
                label("Federation route"),
                " again shows ",
                value(to),
                "."
            ])
            .changes(Change::SiteRoute {
                site: site.clone(),
                protocol: Protocol::Sip,
            })
            .after(&ids(session.needs))
            .undone_by(session.undo)
            .procedure(Document::FederationRoutes.at(" (site federation route assignment)"))
            .inferred(inference::SITE_FEDERATION_ROUTE_CONTENT);
    }
    if plan.federation_moves {
        let to = &ctx.survivor;
        section
            .step(
                &ctx.id("tb-noted-routes"),
                text!["Point every other site route that names ", value(ctx.failed_list()), " at ", value(to)],
                ctx.topology_builder(),
            )
            .act(text![
                "For every site noted in the first record (",
                label("Record who carries federation now"),
                ") whose SIP federation route names ",
                value(ctx.failed_list()),
                " and that no step above changes: right-click the site, select ",
                label("Edit Properties"),
                ", then ",
                label("Federation route"),
                ", and choose ",
                value(to),
                " (or clear ",
                label("Enable SIP federation"),
                " where the site should follow the global route). Before the publish: a route that names a pool without federation fails."
            ])
            .act(text!["For multi-site deployments the routes are set at each site. If no site was noted, tick this step and go on."])
            .check(text!["No site's federation route names ", value(ctx.failed_list()), " any more."])
            .changes(Change::SiteRoute {
                site: "every site noted in the first record".to_owned(),
                protocol: Protocol::Sip,
            })
            .after(&[ids(session.needs), vec![current_state_id(ctx).as_str()]].concat())
            .undone_by(session.undo)
            .procedure(Document::FederationRoutes.at(" (for multi-site deployments, at each site)"));
    }
}

/// The publish that ends route A's session.
pub(crate) fn publish(ctx: &StepContext, section: &mut Section, session: &Session) {
    section
        .step(
            &ctx.id("publish-topology"),
            text!["Publish the topology"],
            ctx.topology_builder(),
        )
        .act(text![
            "Click ",
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
        ])
        .check(text!["The publish wizard finishes without errors."])
        .changes(Change::PublishedTopology)
        .after(&ids(session.needs))
        .undone_by(session.undo)
        .procedure(cite(ctx, ", step 5"))
        .inferred(inference::FAILOVER_IS_PORT_MOVE);
}

/// Route B, chosen explicitly: the modified file published, then the simple URLs the publish
/// resets restored from the baseline, as the cmdlet reference asks.
pub(crate) fn publish_file(ctx: &StepContext, plan: &Moves, section: &mut Section, session: &Session) -> Vec<String> {
    let path = format!("{FOLDER}\\{}", ctx.file_name);
    let host = ctx.admin_server.clone();
    let mut ids_out = Vec::new();
    let changes = |s: &mut Step| {
        s.changes(Change::PublishedTopology);
        let t = ctx.t;
        for e in &plan.federation_from {
            s.changes(Change::Federation {
                pool: t.pools[t.edge_pools[*e].pool].fqdn.clone(),
                protocol: Protocol::Sip,
            });
        }
        if plan.federation_moves && !plan.survivor_already_federated {
            s.changes(Change::Federation {
                pool: ctx.survivor.clone(),
                protocol: Protocol::Sip,
            });
        }
        for e in plan.xmpp_from.iter() {
            s.changes(Change::Federation {
                pool: t.pools[t.edge_pools[*e].pool].fqdn.clone(),
                protocol: Protocol::Xmpp,
            });
        }
        if plan.xmpp_moves && !plan.xmpp_target_has_ports {
            s.changes(Change::Federation {
                pool: ctx.xmpp.clone(),
                protocol: Protocol::Xmpp,
            });
        }
        for r in &plan.routes {
            s.changes(Change::SiteRoute {
                site: t.sites[r.site].name.clone(),
                protocol: Protocol::Sip,
            });
        }
        for p in &plan.reassociated {
            s.changes(Change::EdgeAssociation {
                pool: t.pools[*p].fqdn.clone(),
            });
        }
        if plan.next_hop.as_ref().is_some_and(|n| n.same_site) {
            s.changes(Change::NextHop {
                edge: ctx.survivor.clone(),
            });
        }
    };
    if ctx.t.format == Format::TopologyBuilder {
        let s = section.step(
            &ctx.id("publish-topology"),
            text!["Open the modified file in Topology Builder and publish it"],
            ctx.topology_builder(),
        );
        s.act(text![
            "Route B, as chosen: in Topology Builder open ",
            value(&ctx.file_name),
            " (",
            label("File"),
            ", ",
            label("Open"),
            "), review it against the planner's diff, then click ",
            label("Action"),
            ", ",
            label("Topology"),
            ", ",
            label("Publish"),
            ". Publish-CsTopology cannot publish a .tbxml file."
        ])
        .check(text!["The publish wizard finishes without errors."])
        .after(&ids(session.needs))
        .undone_by(session.undo)
        .procedure(cite(ctx, ", step 5"))
        .inferred(inference::FAILOVER_IS_PORT_MOVE);
        changes(s);
        ids_out.push(s.id.clone());
        return ids_out;
    }
    let s = section.step(
        &ctx.id("publish-topology"),
        text!["Publish the modified file"],
        ctx.shell(),
    );
    s.act(text![
        "Route B, as chosen: copy the planner's modified file ",
        value(&ctx.file_name),
        " to ",
        value(&path),
        " (review its diff first) and publish it. The cmdlet reference reserves Publish-CsTopology -FileName for republishing a topology retrieved with Get-CsTopology, and says the simple URLs must be configured again after it: the next step does that."
    ])
    .cmd(&super::before::make_folder(), &[])
    .cmd("Publish-CsTopology -FileName {}", &[&path])
    .cmd("Enable-CsTopology", &[])
    .check(text!["Both finish without errors."])
    .file(Access::Folder, FOLDER, &host)
    .file(Access::Write, &path, &host)
    .file(Access::Read, &path, &host)
    .after(&ids(session.needs))
    .undone_by(session.undo)
    .procedure(cite(ctx, ", step 5"))
    .inferred(inference::FAILOVER_IS_PORT_MOVE)
    .basis
    .push(Basis::Cmdlet("Publish-CsTopology"));
    changes(s);
    ids_out.push(s.id.clone());
    simple_urls(ctx, section, "simple-urls-restore", session);
    ids_out
}

/// The simple URLs set again from the baseline, entry by entry, as the cmdlet reference's
/// examples build them (New-CsSimpleUrlEntry, New-CsSimpleUrl, Set-CsSimpleUrlConfiguration
/// -SimpleUrl @{Add=…}): only those the publish lost.
pub(crate) fn simple_urls(ctx: &StepContext, section: &mut Section, id: &str, session: &Session) {
    let urls = ctx.path("simple-urls-before.xml");
    section
        .step(&ctx.id(id), text!["Restore the simple URLs"], ctx.shell())
        .act(text![
            "Publishing a file resets the simple URLs (Meet, Dialin, Admin); without them nobody can join a meeting. The commands put back every simple URL of the baseline (",
            value(&urls),
            ") that is missing now."
        ])
        .cmd("$before = Import-Clixml {}", &[&urls])
        .cmd("foreach ($config in $before) { $now = (Get-CsSimpleUrlConfiguration -Identity $config.Identity).SimpleUrl; foreach ($u in $config.SimpleUrl) { if (-not ($now | Where-Object { $_.Component -eq $u.Component -and $_.Domain -eq $u.Domain })) { $entries = @($u.SimpleUrlEntry | ForEach-Object { New-CsSimpleUrlEntry -Url $_.Url }); $url = New-CsSimpleUrl -Component $u.Component -Domain $u.Domain -SimpleUrlEntry $entries -ActiveUrl $u.ActiveUrl; Set-CsSimpleUrlConfiguration -Identity $config.Identity -SimpleUrl @{Add=$url} } } }", &[])
        .check(text!["Every simple URL of the baseline is there again."])
        .check_cmd("Get-CsSimpleUrlConfiguration | Select-Object -ExpandProperty SimpleUrl | Select-Object Component, Domain, ActiveUrl", &[])
        .file(Access::Read, &urls, &ctx.admin_server)
        .changes(Change::PublishedTopology)
        .after(&ids(session.needs))
        .undone_by(session.undo)
        .basis
        .extend([Basis::Cmdlet("Publish-CsTopology"), Basis::Cmdlet("Set-CsSimpleUrlConfiguration")]);
}

/// The intro of route B's section.
pub(crate) fn route_b_intro(ctx: &StepContext) -> Text {
    text![
        "Route B, as chosen in the planner: the modified file ",
        value(&ctx.file_name),
        " holds every change of the Topology Builder steps. It is published as a whole, so it must have been made from what is published now (checked before you started)."
    ]
}
