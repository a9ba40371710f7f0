//! Before you start: the baseline kept (never overwritten by a rerun), what is published now
//! recorded and compared with the loaded file, and the public DNS records written down.

use crate::plan::Moves;
use crate::topology::{FederationRoute, Format};

use crate::checklist::context::{StepContext, FOLDER};
use crate::checklist::powershell::{command, quote, ASK_PUBLIC_RESOLVER};
use crate::checklist::step::{Access, Section, Subject};
use crate::checklist::text::{text, value, Span, Text};

/// The folder, made on the host before anything is written there.
pub(crate) fn make_folder() -> String {
    format!("New-Item -ItemType Directory -Force -Path {FOLDER} | Out-Null")
}

/// The baseline: the published topology, the configuration and the simple URLs, each written
/// only if it is not there yet, so a rerun keeps what was published before anything changed.
pub(crate) fn backup(ctx: &StepContext, section: &mut Section) {
    let cms_down = !ctx.cms_down.is_empty() && !ctx.failback;
    let local = if cms_down { " -LocalStore" } else { "" };
    let (topology, configuration, urls) = (
        ctx.path("topology-before.xml"),
        ctx.path("configuration-before.zip"),
        ctx.path("simple-urls-before.xml"),
    );
    let host = ctx.admin_server.clone();
    let s = section.step(
        &ctx.id("before-backup"),
        text!["Keep a copy of the current topology, configuration and simple URLs"],
        ctx.shell(),
    );
    s.act(text!["Export what is published now: the rollback republishes it, and the simple URLs are restored from it. A rerun keeps the first copies: each is written only if it is not there yet."]);
    if cms_down {
        s.act(text!["The Central Management Server is in the failed site, so these read this server's replica of the store (-LocalStore)."]);
    }
    s.cmd(&make_folder(), &[])
        .cmd(
            &format!("if (-not (Test-Path {{}})) {{ (Get-CsTopology -AsXml{local}).ToString() | Out-File -NoClobber -Encoding utf8 {{}} }}"),
            &[&topology, &topology],
        )
        .cmd(
            &format!("if (-not (Test-Path {{}})) {{ Export-CsConfiguration -FileName {{}}{local} }}"),
            &[&configuration, &configuration],
        )
        .cmd(
            &format!("if (-not (Test-Path {{}})) {{ Get-CsSimpleUrlConfiguration{local} | Export-Clixml -NoClobber -Path {{}} }}"),
            &[&urls, &urls],
        )
        .check(text!["The three files exist and are not empty."])
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &topology, &host)
        .file(Access::Write, &configuration, &host)
        .file(Access::Write, &urls, &host)
        .practice();
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

/// Who carries federation now, as the live deployment has it, written down once: the
/// failback puts the site routes back as this record has them. It reads the Central
/// Management Store, so when that is down it comes after its failover.
pub(crate) fn current_state(ctx: &StepContext, section: &mut Section) {
    let t = ctx.t;
    let fed: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    let (edges, sites) = (ctx.path("edge-pools-before.txt"), ctx.path("site-routes-before.txt"));
    let host = ctx.admin_server.clone();
    section
        .step(&ctx.id("before-current-state"), text!["Record who carries federation now"], ctx.shell())
        .act(text![
            "The loaded topology has SIP federation on ",
            value(if fed.is_empty() { "no pool".to_owned() } else { fed.join(", ") }),
            ". Confirm the live deployment agrees, and keep the record: the failback puts every site route back as it shows them."
        ])
        .act(routes_read_from_file(ctx))
        .cmd(&make_folder(), &[])
        .cmd("if (-not (Test-Path {})) { Get-CsService -EdgeServer | Select-Object PoolFqdn, SiteId, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List | Out-File -NoClobber {} }; Get-Content {}", &[&edges, &edges, &edges])
        .cmd("if (-not (Test-Path {})) { Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List | Out-File -NoClobber {} }; Get-Content {}", &[&sites, &sites, &sites])
        .check(text![
            "The Edge pools and the federation pools match what the planner shows. Note every site whose SIP federation route or XMPP federation route names ",
            value(ctx.failed_list()),
            ": the Topology Builder session acts on each."
        ])
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &edges, &host)
        .file(Access::Write, &sites, &host)
        .stop_if(
            text!["The live deployment carries federation on other pools than the loaded file, or a site route names a pool the file does not show."],
            text!["Nothing has changed yet. Export the topology again, load it into the planner and plan again."],
        )
        .on(Subject::Drift)
        .practice();
}

/// The id of the step that records the site routes, which later steps refer to.
pub(crate) fn current_state_id(ctx: &StepContext) -> String {
    ctx.id("before-current-state")
}

/// The loaded file must be what is published now: a plan made from an older export would
/// undo what was published since. An objective comparison, for either format.
pub(crate) fn same_topology(ctx: &StepContext, section: &mut Section) {
    let host = ctx.admin_server.clone();
    let loaded = format!("{FOLDER}\\{}", ctx.loaded_name);
    let now = ctx.path("topology-now.xml");
    let title = text!["Make sure the plan was made from the published topology"];
    let s = section.step(&ctx.id("before-same-topology"), title, ctx.shell());
    if ctx.embedded {
        // After the failover's publish the live topology is the failover's target, written
        // by Topology Builder in its own layout: compared by meaning, not line by line.
        s.act(text![
            "The failback was planned from the failover's modified topology (",
            value(&ctx.file_name),
            "). Export what is published now and check it in the planner (",
            label("Check the published topology"),
            " with the failover's plan loaded) or with edge-failover verify --planned ",
            value(&ctx.file_name),
            " --published topology-now.xml."
        ])
        .cmd(&make_folder(), &[])
        .cmd(
            "(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 {}",
            &[&now],
        )
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &now, &host)
        .check(text![
            "The planner says the published topology matches the failover's plan."
        ])
        .stop_if(
            text!["It differs: something was published since the failover."],
            text![
                "Nothing has changed yet. Load that export into the planner and choose ",
                label("Plan failback"),
                " for a plan checked against it; follow that runbook instead."
            ],
        )
        .on(Subject::Drift)
        .practice();
        return;
    }
    if ctx.t.format == Format::TopologyBuilder {
        let fresh = ctx.path("topology-fresh.tbxml");
        s.act(text![
            "The plan was made from the Topology Builder file ",
            value(&ctx.loaded_name),
            ". In Topology Builder, download the topology from the existing deployment and save it as ",
            value(&fresh),
            "; copy ",
            value(&ctx.loaded_name),
            " to ",
            value(&loaded),
            ". The command compares the two files' NewTopology, line by line."
        ])
        .cmd(&make_folder(), &[])
        .cmd(
            "$new = { param($f) (([xml](Get-Content -Raw $f)).DocumentElement.ChildNodes | Where-Object LocalName -eq 'NewTopology').OuterXml -split '(?<=>)' }; Compare-Object (& $new {}) (& $new {})",
            &[&fresh, &loaded],
        )
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &fresh, &host)
        .file(Access::Write, &loaded, &host)
        .file(Access::Read, &fresh, &host)
        .file(Access::Read, &loaded, &host);
    } else {
        let local = if !ctx.cms_down.is_empty() && !ctx.failback {
            " -LocalStore"
        } else {
            ""
        };
        s.act(text![
            "The plan was made from ",
            value(&ctx.loaded_name),
            ", the export loaded into the planner. Copy that file to ",
            value(&loaded),
            " and compare it with what is published now."
        ])
        .cmd(&make_folder(), &[])
        .cmd(
            &format!("(Get-CsTopology -AsXml{local}).ToString() | Out-File -Encoding utf8 {{}}; Compare-Object (Get-Content {{}}) (Get-Content {{}})"),
            &[&now, &now, &loaded],
        )
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &loaded, &host)
        .file(Access::Write, &now, &host)
        .file(Access::Read, &now, &host)
        .file(Access::Read, &loaded, &host);
    }
    s.check(text!["Compare-Object prints nothing (or only changes you know about and want kept)."])
        .stop_if(
            text!["Compare-Object prints a change you do not know about: something was published since the export."],
            text!["Nothing has changed yet. Export the topology again, load it into the planner and plan again; follow the new runbook."],
        )
        .on(Subject::Drift)
        .practice();
}

/// The public DNS records the DNS steps change, written down with their TTLs before anything
/// changes: the rollback and the failback put them back from this record.
pub(crate) fn dns_record(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    if !(plan.federation_moves || plan.xmpp_moves) {
        return;
    }
    let file = ctx.path("dns-before.txt");
    let host = ctx.admin_server.clone();
    let mut names: Vec<(String, &str)> = Vec::new();
    for d in &ctx.domains {
        if plan.federation_moves {
            names.push((format!("_sipfederationtls._tcp.{d}"), "SRV"));
        }
        if plan.xmpp_moves {
            names.push((format!("_xmpp-server._tcp.{d}"), "SRV"));
        }
    }
    for a in &ctx.old_access {
        names.push((a.clone(), "A"));
    }
    if plan.xmpp_moves {
        if let Some(d) = ctx.domains.first() {
            names.push((format!("xmpp.{d}"), "A"));
        }
    }
    names.push((ctx.survivor_access.clone(), "A"));
    let s = section.step(
        &ctx.id("before-dns-record"),
        text!["Write down the federation DNS records and their TTLs"],
        text![
            "The Management Shell on ",
            value(&ctx.admin_server),
            ", reading the public DNS of ",
            value(ctx.domains.join(", "))
        ],
    );
    s.act(if plan.xmpp_moves && plan.federation_moves {
        text!["Record every federation SRV record (_sipfederationtls._tcp, port 5061) and XMPP SRV record (_xmpp-server._tcp, port 5269), with each target's A record and every TTL: the DNS steps change them, and the rollback and the failback put them back from this record."]
    } else if plan.xmpp_moves {
        text!["Record every XMPP SRV record (_xmpp-server._tcp, port 5269), with each target's A record and every TTL: the DNS steps change them, and the rollback and the failback put them back from this record."]
    } else {
        text!["Record every federation SRV record (_sipfederationtls._tcp, port 5061), with each target's A record and every TTL: the DNS step changes them, and the rollback and the failback put them back from this record."]
    })
    .act(text!["Ask a public resolver, not your internal DNS: an internal zone of the same name answers with internal addresses. The record is written once; a rerun does not overwrite it (Out-File -NoClobber)."])
    .act(text!["On Windows Server 2008 R2, which lacks Resolve-DnsName, use the nslookup lines and write the answers in the file by hand."])
    .cmd(ASK_PUBLIC_RESOLVER, &[])
    .cmd(&make_folder(), &[]);
    let lookups: Vec<String> = names
        .iter()
        .map(|(n, r)| {
            command(
                &format!("Resolve-DnsName -Type {r} -Name {{}} -Server $PublicResolver"),
                &[n],
            )
        })
        .collect();
    s.commands.push(format!(
        "& {{ {} }} | Format-Table Name, Type, TTL, NameTarget, Port, Priority, IPAddress -AutoSize | Out-File -NoClobber {}",
        lookups.join("; "),
        quote(&file)
    ));
    for (n, r) in &names {
        s.cmd(&format!("nslookup -type={r} {{}} $PublicResolver"), &[n]);
    }
    s.check(text!["The file lists each record with its target, addresses and TTL."])
        .file(Access::Folder, FOLDER, &host)
        .file(Access::Write, &file, &host)
        .practice();
}
