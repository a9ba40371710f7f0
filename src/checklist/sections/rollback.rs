//! The rollback of a direction: when to use it, and the steps that undo its changes. Its
//! first step republishes the baseline export, which is the documented use of
//! Publish-CsTopology (republishing a topology retrieved with Get-CsTopology).

use crate::plan::Moves;

use super::deployment_wizard::{wizard_actions, wizard_pools};
use super::preflight::{firewall_rules, replicas, ESCALATE};
use super::topology_builder::{simple_urls, Session};

use crate::checklist::context::StepContext;
use crate::checklist::step::{Access, Change, DnsAction, Protocol, Role, Section};
use crate::checklist::text::{text, Basis};

/// The ids of the rollback's steps, which the changes name as their undo.
pub(crate) struct RollbackIds {
    pub(crate) republish: String,
    pub(crate) wizard: String,
    pub(crate) dns: String,
    pub(crate) xmpp: String,
    pub(crate) next_hop: String,
    pub(crate) firewall: String,
}

impl RollbackIds {
    pub(crate) fn new(ctx: &StepContext) -> RollbackIds {
        RollbackIds {
            republish: ctx.id("rollback-republish"),
            wizard: ctx.id("rollback-wizard"),
            dns: ctx.id("rollback-dns"),
            xmpp: ctx.id("rollback-xmpp"),
            next_hop: ctx.id("rollback-next-hop"),
            firewall: ctx.id("rollback-firewall"),
        }
    }
}

/// The rollback section. `cms_moved`: the Central Management Server moved in this runbook, so
/// the baseline to republish is the export taken after that move.
pub(crate) fn rollback(ctx: &StepContext, plan: &Moves, cms_moved: bool) -> Section {
    let mut section = ctx.section(if ctx.failback && !ctx.embedded {
        "Failback rollback"
    } else {
        "Rollback"
    });
    section.rollback = true;
    section.intro = Some(text![
        "Only if the bridge decides to abandon this direction: the publish fails; replication to ",
        value(&ctx.survivor),
        " is not UpToDate 15 minutes after the publish; or Test-CsFederatedPartner fails through it and cannot be fixed. Do the steps whose change was made, in this order; a step whose change was not made yet is skipped."
    ]);
    let baseline = if cms_moved {
        ctx.path("topology-after-cms-failover.xml")
    } else {
        ctx.path("topology-before.xml")
    };
    let host = ctx.admin_server.clone();
    if plan.changes_topology() {
        section
            .step(&ctx.id("rollback-republish"), text!["Republish the topology as it was before"], ctx.shell())
            .act(text!["The baseline is a Get-CsTopology export, which is what Publish-CsTopology -FileName is documented to republish."])
            .cmd("Publish-CsTopology -FileName {}", &[&baseline])
            .cmd("Enable-CsTopology", &[])
            .check(text!["Both finish without errors; Get-CsService -EdgeServer shows federation where it was before."])
            .check_cmd("Get-CsService -EdgeServer | Select-Object PoolFqdn, Registrar, AccessEdgeExternalSipPort | Format-List", &[])
            .file(Access::Read, &baseline, &host)
            .changes(Change::PublishedTopology)
            .basis
            .push(Basis::Cmdlet("Publish-CsTopology"));
        let session = Session { needs: &[], undo: "" };
        simple_urls(ctx, &mut section, "rollback-simple-urls", &session);
        if let Some(s) = section.steps.last_mut() {
            s.needs.clear();
            s.undo = None;
        }
        let pools = wizard_pools(ctx, plan);
        if !pools.is_empty() {
            let servers: Vec<String> = pools.iter().flat_map(|(p, s)| replicas(s, p)).collect();
            let [open, next, start] = wizard_actions(ctx);
            let s = section.step(
                &ctx.id("rollback-wizard"),
                text!["Run the Deployment Wizard again on every server whose ports changed back"],
                text!["Each Edge server, at its console or by remote desktop, as a local administrator"],
            );
            s.act(text!["Once each server shows UpToDate for the republished topology."])
                .act(open)
                .act(next)
                .act(start)
                .boxes(servers)
                .check(text![
                    "On each server, the log shows no errors and the Edge services run."
                ])
                .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[]);
            for (pool, _) in pools {
                s.changes(Change::Services { pool, start: true });
            }
        }
    }
    if plan.next_hop.as_ref().is_some_and(|n| !n.same_site) {
        let change = plan.next_hop.as_ref();
        let from = change.and_then(|c| c.from_pool.clone()).unwrap_or_default();
        section
            .step(
                &ctx.id("rollback-next-hop"),
                text!["Point the next hop of ", value(&ctx.survivor), " back"],
                ctx.shell(),
            )
            .act(text!["Only once ", value(&from), " runs again; until then leave it."])
            .cmd(
                "Set-CsEdgeServer -Identity {} -Registrar {}",
                &[&format!("EdgeServer:{}", ctx.survivor), &format!("Registrar:{from}")],
            )
            .check(text!["Registrar shows ", value(format!("Registrar:{from}")), "."])
            .changes(Change::NextHop {
                edge: ctx.survivor.clone(),
            });
    }
    if plan.xmpp_moves {
        let site = ctx.xmpp_site.clone();
        let record = ctx.path("site-routes-before.txt");
        section
            .step(
                &ctx.id("rollback-xmpp"),
                text!["Put the XMPP federation route back and restart XMPP"],
                ctx.shell(),
            )
            .act(text![
                "Set the XmppFederationRoute of ",
                value(&site),
                " and of any site changed with it back as ",
                value(&record),
                " shows it, then start the services on every server of ",
                value(&ctx.xmpp),
                " that are stopped (Start-CsWindowsService on each)."
            ])
            .cmd("Get-Content {}", &[&record])
            .check(text![
                "Get-CsSite shows the XMPP federation routes as the record does, and the services run."
            ])
            .check_cmd("Get-CsSite | Select-Object Identity, XmppFederationRoute", &[])
            .file(Access::Read, &record, &host)
            .changes(Change::SiteRoute {
                site,
                protocol: Protocol::Xmpp,
            })
            .changes(Change::Services {
                pool: ctx.xmpp.clone(),
                start: true,
            });
    }
    if plan.federation_moves || plan.xmpp_moves {
        let record = ctx.path("dns-before.txt");
        let s = section.step(
            &ctx.id("rollback-dns"),
            text!["Set the federation DNS records back as recorded"],
            text!["The public DNS of ", value(ctx.domains.join(", "))],
        );
        s.act(text![
            "Only the records this direction changed: set each back to the target, addresses and TTL in ",
            value(&record),
            " on ",
            value(&host),
            "."
        ])
        .check(text![
            "Asked of a public resolver, each record answers as the record shows."
        ])
        .file(Access::Read, &record, &host);
        for name in super::dns::records(ctx, plan) {
            s.changes(Change::DnsRecord {
                name,
                action: DnsAction::Restore,
                pool: ctx.failed_list(),
            });
        }
        ctx.hand_off(s, Role::DnsTeam);
    }
    let rules = firewall_rules(ctx, plan, false);
    if !rules.is_empty() {
        let s = section.step(
            &ctx.id("rollback-firewall"),
            text!["Close the federation ports opened for this direction"],
            text![
                "The external and internal firewalls of site ",
                value(&ctx.survivor_site)
            ],
        );
        s.act(text![
            "Only the rules written down as opened now; rules that were there before stay."
        ])
        .check(text!["The firewall team confirms."]);
        for rule in rules {
            s.changes(Change::Firewall { rule });
        }
        ctx.hand_off(s, Role::FirewallTeam);
    }
    section.steps.push(crate::checklist::step::Step {
        id: ctx.id("rollback-done"),
        title: text!["Tell the bridge the rollback is done"],
        place: text!["The bridge"],
        actions: vec![text![format!(
            "Federation is back where it was before this direction started. Write down what failed and why; {ESCALATE} before trying again."
        )]],
        ..Default::default()
    });
    section
}
