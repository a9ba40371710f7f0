//! Before you start: what is published now, kept and compared, and the DNS TTLs lowered.

use crate::plan::Plan;
use crate::topology::FederationRoute;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, value, Section, Span, Text};

pub(crate) fn before(ctx: &StepContext, plan: &Plan) -> Section {
    // With the Central Management Server down, only what reads this server's replica of the
    // store can run now; the rest waits for its failover.
    let cms_down = !ctx.cms_down.is_empty();
    let local = if cms_down { " -LocalStore" } else { "" };
    let mut section = Section::new("Before you start");
    if !cms_down {
        current_state(ctx, &mut section);
    }
    let backup = section.step(
        "before-backup",
        text!["Keep a copy of the current topology and configuration"],
        ctx.shell(),
    );
    backup.act(text!["Export what is published now, so the change can be undone and compared, and note the simple URLs, which a publish of a modified file can change."]);
    if cms_down {
        backup.act(text!["The Central Management Server is in the failed site, so these read this server's replica of the store (-LocalStore)."]);
    }
    backup
        .cmd("New-Item -ItemType Directory -Force -Path C:\\EdgeFailover | Out-Null", &[])
        .cmd(
            &format!("(Get-CsTopology -AsXml{local}).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-before.xml"),
            &[],
        )
        .cmd(
            &format!("Export-CsConfiguration -FileName C:\\EdgeFailover\\configuration-before.zip{local}"),
            &[],
        )
        .cmd(
            &format!("Get-CsSimpleUrlConfiguration{local} | Select-Object -ExpandProperty SimpleUrl | Format-List | Out-File C:\\EdgeFailover\\simple-urls-before.txt"),
            &[],
        )
        .check(text!["The three files exist and are not empty."])
        .practice();
    same_topology(ctx, local, &mut section);
    if plan.federation_moves || plan.xmpp_moves {
        let s = section.step(
            "before-dns-ttl",
            text!["Note the federation DNS records and lower their TTL"],
            text![
                "The Management Shell on ",
                value(&ctx.admin_server),
                ", and the public DNS of ",
                value(ctx.domains.join(", "))
            ],
        );
        s.act(if plan.xmpp_moves && plan.federation_moves {
            text!["Record the target of each federation SRV record (_sipfederationtls._tcp, port 5061) and of each XMPP SRV record (_xmpp-server._tcp, port 5269), and the A records of those targets, with their TTLs: the DNS steps re-point them."]
        } else if plan.xmpp_moves {
            text!["Record the target of each XMPP SRV record (_xmpp-server._tcp, port 5269) and the A records of those targets, with their TTLs: the DNS step re-points them."]
        } else {
            text!["Record the target of each federation SRV record (_sipfederationtls._tcp, port 5061) and the A records of those targets, with their TTLs: the DNS step re-points them."]
        })
        .act(text!["Lower those TTLs (for example to 5 minutes) now, or a day ahead when the failover is planned, so the changes take effect quickly."]);
        for d in &ctx.domains {
            if plan.federation_moves {
                s.cmds(ctx.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")));
            }
            if plan.xmpp_moves {
                s.cmds(ctx.lookups("SRV", &format!("_xmpp-server._tcp.{d}")));
            }
        }
        for a in &ctx.old_access {
            s.cmds(ctx.lookups("A", a));
        }
        s.check(text!["You have each record's target and TTL written down."])
            .practice();
    }
    section
}

/// What the file says of the site federation routes, for the "before" step.
pub(crate) fn routes_read_from_file(ctx: &StepContext) -> Text {
    let t = ctx.t;
    let set: Vec<String> = t
        .sites
        .iter()
        .filter_map(|s| {
            let service = s.federation_route.service()?;
            Some(format!("{} → {}", s.name, t.service_pool_fqdn(service)))
        })
        .collect();
    let odd: Vec<&str> = t
        .sites
        .iter()
        .filter(|s| matches!(s.federation_route, FederationRoute::NotUnderstood { .. }))
        .map(|s| s.name.as_str())
        .collect();
    let mut text = if set.is_empty() {
        text!["No site federation route is set in this topology (read from the file)."]
    } else {
        text![
            "Site federation routes in the topology (read from the file): ",
            value(set.join("; ")),
            "."
        ]
    };
    if !odd.is_empty() {
        text.0.extend([
            Span::from(" The route of "),
            value(odd.join(", ")),
            Span::from(" holds something the planner does not understand: read it in Get-CsSite."),
        ]);
    }
    text
}

/// Who carries federation now, as the live deployment has it. It reads the Central
/// Management Store, so when that is down it comes after its failover.
pub(crate) fn current_state(ctx: &StepContext, section: &mut Section) {
    let t = ctx.t;
    let fed: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    section
        .step(
            "before-current-state",
            text!["Record who carries federation now"],
            ctx.shell(),
        )
        .act(text![
        "The loaded topology has SIP federation on ",
        value(if fed.is_empty() { "no pool".to_owned() } else { fed.join(", ") }),
        ". Confirm the live deployment agrees, and keep the output for the incident record."
    ])
    .cmd("Get-CsService -EdgeServer | Select-Object PoolFqdn, SiteId, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List", &[])
    .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List", &[])
    .act(routes_read_from_file(ctx))
    .check(text!["The Edge pools and the federation pools match what the planner shows; note every site whose federation route or XMPP route names ", value(ctx.failed_list()), "."])
    .practice();
}

/// Publishing the modified file replaces the whole topology, so it must be made from what is
/// published now. The published form is compared with the very file that was loaded: when
/// nothing was published since, the comparison is empty.
pub(crate) fn same_topology(ctx: &StepContext, local: &str, section: &mut Section) {
    let title = || text!["Make sure the planned file is the published topology"];
    if ctx.t.format == crate::topology::Format::TopologyBuilder {
        // A .tbxml cannot be compared line by line with Get-CsTopology -AsXml output.
        section
            .step(
                "before-same-topology",
                title(),
                text!["Topology Builder on ", value(&ctx.admin_server)],
            )
            .act(text![
            "The plan was made from the Topology Builder file ",
            value(&ctx.loaded_name),
            ". If anything was published since it was saved, publishing the modified file would undo it. In Topology Builder, download the topology from the existing deployment again, and if it differs from ",
            value(&ctx.loaded_name),
            ", plan again with the new download."
        ])
        .check(text![
            "Nothing was published since ",
            value(&ctx.loaded_name),
            " was saved, or you planned again with a fresh download."
        ])
        .practice();
        return;
    }
    let loaded = format!("C:\\EdgeFailover\\{}", ctx.loaded_name);
    section
        .step("before-same-topology", title(), ctx.shell())
        .act(text![
            "The modified topology was made from ",
            value(&ctx.loaded_name),
            ", the export loaded into the planner. Copy that file to ",
            value(&loaded),
            " and compare it with what is published now. If anything was published since that export, publishing the modified file would undo it: export again and plan again."
        ])
        .cmd(
            &format!("(Get-CsTopology -AsXml{local}).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-now.xml; Compare-Object (Get-Content C:\\EdgeFailover\\topology-now.xml) (Get-Content {{}})"),
            &[&loaded],
        )
        .check(text!["Compare-Object prints nothing (or only the changes you know about)."])
        .practice();
}
