//! XMPP federation: its DNS, the site's XMPP route, and the stop and start that make the
//! XMPP proxy listen with the new route. Each part is its own function, since the failover and
//! the failback put them in different orders.

use crate::plan::Moves;
use crate::topology::{inference, PoolKind};

use super::before::current_state_id;

use crate::checklist::context::{edge_servers, with_ips, StepContext, FOLDER};
use crate::checklist::powershell::{ASK_PUBLIC_RESOLVER, XMPP_LISTENING};
use crate::checklist::step::{Access, Change, DnsAction, Protocol, Role, Section, Step, Subject};
use crate::checklist::text::{text, Document, Text};

fn ids(needs: &[String]) -> Vec<&str> {
    needs.iter().map(String::as_str).collect()
}

/// The site of an Edge pool, by name.
fn site_of(ctx: &StepContext, pool: &str) -> String {
    let t = ctx.t;
    t.pool_by_fqdn(pool)
        .map_or_else(String::new, |p| t.site_name(t.pools[p].site).to_owned())
}

/// The XMPP DNS records pointed at the pool that takes XMPP federation. With one SRV record
/// per pool (the set-up page's advice) only the failed pool's entry goes and the new one's
/// comes first; with one XMPP host, its A record moves.
pub(crate) fn dns(ctx: &StepContext, section: &mut Section, needs: &[String], undo: &str) {
    let first = ctx.domains.first().cloned().unwrap_or_default();
    let host = format!("xmpp.{first}");
    let s = section.step(
        &ctx.id("xmpp-dns"),
        text!["Point the XMPP DNS records at ", value(&ctx.xmpp)],
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    if ctx.failback {
        let mut line =
            text!["Put the XMPP SRV records and the XMPP host's A record back as recorded before the failover ("];
        line.0.extend(ctx.record_words("dns-before.txt").0);
        line.0.push(crate::checklist::text::Span::from(")."));
        s.act(line);
    } else if ctx.xmpp_kept.is_empty() {
        s.act(with_ips(
            text![
                "Change the external A record used for XMPP federation (the documentation's example is ",
                value(&host),
                ") to the Access Edge external address of ",
                value(&ctx.xmpp)
            ],
            &ctx.xmpp_ips,
        ));
    } else {
        s.act(text![
            "Other pools keep XMPP federation (",
            value(ctx.xmpp_kept.join(", ")),
            "). Read the _xmpp-server._tcp records you wrote down first. Where each pool has its own SRV record with its own priority, remove only the failed pool's record (or give it the lowest priority) and make sure ",
            value(&ctx.xmpp),
            " has one with the highest priority: do not re-point the others. Where one host name serves them all, point its A record at ",
            value(&ctx.xmpp),
            " only if the others are not meant to answer XMPP."
        ]);
    }
    if !ctx.failback {
        for d in &ctx.domains {
            s.act(text![
                "SRV ",
                value(format!("_xmpp-server._tcp.{d}")),
                ": port 5269, a target that resolves to ",
                value(&ctx.xmpp),
                "; add it if it does not exist yet."
            ]);
        }
    }
    s.check(text![
        "Asked of a public resolver: the highest-priority _xmpp-server._tcp record that answers names port 5269 and a host that resolves to ",
        value(&ctx.xmpp),
        "."
    ])
    .check_cmd(ASK_PUBLIC_RESOLVER, &[]);
    for d in &ctx.domains {
        s.check_cmds(ctx.lookups("SRV", &format!("_xmpp-server._tcp.{d}")));
        s.changes(Change::DnsRecord {
            name: format!("_xmpp-server._tcp.{d}"),
            action: if ctx.failback {
                DnsAction::Restore
            } else if ctx.xmpp_kept.is_empty() {
                DnsAction::Repoint
            } else {
                DnsAction::RemoveFailed
            },
            pool: ctx.xmpp.clone(),
        });
    }
    s.after(&ids(needs))
        .undone_by(undo)
        .procedure(Document::XmppFailover.at(", steps 4–5"))
        .published(crate::checklist::step::FromPublished::CannotConfirm);
    if ctx.failback && ctx.has_failover_records() {
        s.file(Access::Read, &ctx.failover_record("dns-before.txt"), &ctx.admin_server);
    }
    ctx.hand_off(s, Role::DnsTeam);
}

/// The services of `pool` stopped or started on each of its servers.
pub(crate) fn services<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    id: &str,
    pool: &str,
    start: bool,
) -> &'s mut Step {
    let servers = {
        let all = ctx.servers_of(pool);
        if all.len() == 1 && all[0] == pool {
            Vec::new()
        } else {
            all
        }
    };
    section
        .step(
            &ctx.id(id),
            if start {
                text!["Start the services on every server of ", value(pool)]
            } else {
                text!["Stop the services on every server of ", value(pool)]
            },
            edge_servers(pool, &servers),
        )
        .cmd(
            if start {
                "Start-CsWindowsService"
            } else {
                "Stop-CsWindowsService"
            },
            &[],
        )
        .boxes(servers)
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[])
        .changes(Change::Services {
            pool: pool.to_owned(),
            start,
        })
}

/// The XMPP federation route of the site that now hosts XMPP federation, and of every site
/// the first record noted naming the pool that loses it. On a failback, the temporary pool's
/// site gets back the route it had before the failover.
pub(crate) fn route(ctx: &StepContext, section: &mut Section, needs: &[String], undo: &str) -> String {
    let site = ctx.xmpp_site.clone();
    let id = ctx.id("xmpp-route");
    let s = section.step(
        &id,
        text![
            "Point the XMPP federation route of ",
            value(&site),
            " at ",
            value(&ctx.xmpp)
        ],
        ctx.shell(),
    );
    s.act(text![
        "Set the XMPP federation route of ",
        value(&site),
        ", the site of the pool that hosts XMPP federation. The procedure writes the parameter as -XmppExternalFederationRoute with a server's FQDN; the cmdlet reference has -XmppFederationRoute with the pool's EdgeServer identity, as below."
    ])
    .cmd("Set-CsSite -Identity {} -XmppFederationRoute {}", &[&site, &format!("EdgeServer:{}", ctx.xmpp)])
    .changes(Change::SiteRoute {
        site: site.clone(),
        protocol: Protocol::Xmpp,
    });
    let records = ctx.failover_record("site-routes-before.txt");
    if ctx.failback {
        for pool in &ctx.xmpp_left {
            let other = site_of(ctx, pool);
            if other.is_empty() || other == site {
                continue;
            }
            let mut line = text![
                "Give site ",
                value(&other),
                " back the XMPP federation route it had before the failover, as "
            ];
            line.0.extend(ctx.record_words("site-routes-before.txt").0);
            line.0.extend(
                text![" shows it: the same command with that value, or -XmppFederationRoute $null where it had none."]
                    .0,
            );
            s.act(line).changes(Change::SiteRoute {
                site: other,
                protocol: Protocol::Xmpp,
            });
        }
        if ctx.has_failover_records() {
            s.file(Access::Read, &records, &ctx.admin_server);
        }
    }
    s.act(text![
        "Every other site the first record noted whose XmppFederationRoute names ",
        value(ctx.xmpp_left.join(", ")),
        ": the same command with that site's name."
    ])
    .changes(Change::SiteRoute {
        site: "every site noted in the first record".to_owned(),
        protocol: Protocol::Xmpp,
    })
    .check(text![
        "The XmppFederationRoute of ",
        value(&site),
        " is ",
        value(format!("EdgeServer:{}", ctx.xmpp)),
        ", and no site's names ",
        value(ctx.xmpp_left.join(", ")),
        "."
    ])
    .check_cmd("Get-CsSite | Select-Object Identity, XmppFederationRoute", &[])
    .after(&[ids(needs), vec![current_state_id(ctx).as_str()]].concat())
    .undone_by(undo)
    .procedure(Document::XmppFailover.at(", step 3"))
    .inferred(inference::XMPP_FEDERATION_ROUTES);
    id
}

/// The failover's XMPP outage: the XMPP target's services stopped, the route set, the
/// services started, as the procedure orders them. Where the target already carries the XMPP
/// ports (another pool chosen for XMPP always does), its topology does not change: only the
/// route moves, and the services restart only if the proxy does not listen after it.
pub(crate) fn failover(ctx: &StepContext, plan: &Moves, section: &mut Section, needs: &[String], undo: &Undo) {
    if plan.xmpp_target_has_ports {
        let route_id = route(ctx, section, needs, &undo.route);
        let look = section.step(
            &ctx.id("xmpp-listening"),
            text!["See whether ", value(&ctx.xmpp), " listens for XMPP now"],
            edge_servers(&ctx.xmpp, &ctx.xmpp_servers),
        );
        look.act(text![
            value(&ctx.xmpp),
            " already has the XMPP ports, so its topology does not change and it needs no Deployment Wizard run. On each server, see whether the XMPP proxy listens on 5269 and 23456 now that the route names it."
        ])
        .cmds(XMPP_LISTENING.iter().map(|c| (*c).to_owned()).collect())
        .check(text!["Write down whether each server listens: if all do, skip the next step (no outage)."])
        .practice();
        let _ = route_id;
        restart(ctx, section, needs, undo);
        return;
    }
    let stop_id = ctx.id("xmpp-stop");
    services(ctx, section, "xmpp-stop", &ctx.xmpp.clone(), false)
        .act(text![
            "Stopping them stops everything through ",
            value(&ctx.xmpp),
            ", not only XMPP: SIP federation, remote access and A/V conferencing too. The outage window starts here and ends at the next-but-one step's Verify; write the measured time there."
        ])
        .check(text!["Every Lync or Skype for Business service on the server shows Stopped."])
        .after(&ids(needs))
        .undone_by(&undo.start)
        .procedure(Document::XmppFailover.at(", step 2"));
    let _ = stop_id;
    route(ctx, section, needs, &undo.route);
    start(ctx, section, needs, &undo.stop);
}

/// The rollback steps the XMPP changes are undone by.
pub(crate) struct Undo {
    pub(crate) route: String,
    /// What undoes a stop: starting the services again.
    pub(crate) start: String,
    /// What undoes a start: the rollback's restart with the old route.
    pub(crate) stop: String,
}

fn start(ctx: &StepContext, section: &mut Section, needs: &[String], undo: &str) {
    let step = services(ctx, section, "xmpp-start", &ctx.xmpp.clone(), true);
    step.act(text!["The outage window ends at this step's Verify. Measured from the stop: ____ minutes (write it here for the incident record)."]);
    listening(step)
        .after(&ids(needs))
        .undone_by(undo)
        .procedure(Document::XmppFailover.at(", step 7"));
}

/// The services restarted, where the proxy does not listen after the route change.
fn restart(ctx: &StepContext, section: &mut Section, needs: &[String], undo: &Undo) {
    let target = ctx.xmpp.clone();
    // A target chosen apart from the survivor may carry no SIP federation: name only what
    // the stop really interrupts.
    let through = if crate::checklist::context::xmpp_apart(ctx) && !ctx.t.edge_pools[ctx.xmpp_edge].has_sip_federation()
    {
        " (remote access, A/V)"
    } else {
        " (SIP federation, remote access, A/V)"
    };
    let step = services(ctx, section, "xmpp-restart", &target, false);
    step.title = text![
        "Restart the services on every server of ",
        value(&target),
        " if XMPP does not listen"
    ];
    step.commands.push("Start-CsWindowsService".to_owned());
    step.changes(Change::Services {
        pool: target.clone(),
        start: true,
    })
    .act(text![
        "Only on the servers the previous step found not listening. Stopping the services stops everything through ",
        value(&target),
        through,
        " until they start again: the outage window starts at the stop and ends at this step's Verify. Measured: ____ minutes."
    ]);
    listening(step)
        .after(&ids(needs))
        .undone_by(&undo.stop)
        .inferred(inference::XMPP_PROXY_RESTART);
}

fn listening(step: &mut Step) -> &mut Step {
    step.check(text!["The services run, and the XMPP proxy listens on 5269 and 23456."])
        .check_cmds(XMPP_LISTENING.iter().map(|c| (*c).to_owned()).collect())
}

/// Front End pools that start using this Edge pool for XMPP run the Deployment Wizard again,
/// as the set-up procedure does for the XMPP gateway; the file cannot tell whether they did.
pub(crate) fn front_end_wizard(ctx: &StepContext, plan: &Moves, section: &mut Section, needs: &[String]) {
    if !plan.xmpp_moves || plan.xmpp_target_has_ports {
        return;
    }
    let t = ctx.t;
    let target = &t.edge_pools[plan.xmpp_to];
    let pools: Vec<usize> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(|p| !t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s)))
        .filter(|p| target.associations.iter().any(|a| a.pool == *p) || plan.reassociated.contains(p))
        .collect();
    if pools.is_empty() {
        return;
    }
    let names: Vec<String> = pools.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
    let servers: Vec<String> = pools
        .iter()
        .flat_map(|p| t.pools[*p].machines.iter().map(|m| m.fqdn.clone()))
        .collect();
    let s = section.step(
        &ctx.id("xmpp-front-end-wizard"),
        text![
            "Run the Deployment Wizard again on the Front End servers of ",
            value(names.join(", "))
        ],
        text!["Each Front End server, as an administrator"],
    );
    s.act(text![
        "These pools now use ",
        value(&ctx.xmpp),
        " for XMPP federation. Where their Front End servers never ran the XMPP gateway, the set-up procedure runs the Deployment Wizard on them: ",
        label("Install or Update"),
        ", ",
        label("Run Again"),
        ", ",
        label("Next"),
        ", ",
        label("Finish"),
        ". Where they ran it before, skip this step."
    ])
    .boxes(servers)
    .check(text!["The log shows no errors, and Get-CsWindowsService shows the services Running."])
    .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[])
    .after(&ids(needs))
    .cannot_undo(text!["the XMPP gateway stays set up on the Front End servers, which is harmless"])
    .procedure(Document::XmppSetup.at(", steps 2–3"))
    .inferred(inference::XMPP_FRONT_END_WIZARD);
    for name in names {
        s.changes(Change::Services {
            pool: name,
            start: true,
        });
    }
}

/// The XMPP test, run against every running Front End pool whose users use XMPP through the
/// pool that now hosts it, the re-associated ones first.
pub(crate) fn verify(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    let t = ctx.t;
    let target = &t.edge_pools[plan.xmpp_to];
    let mut pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
    for p in 0..t.pools.len() {
        let running = !t.pools[p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s));
        if t.pool_kind(p) == PoolKind::FrontEnd && running && target.associations.iter().any(|a| a.pool == p) {
            let name = t.pools[p].fqdn.clone();
            if !pools.contains(&name) {
                pools.push(name);
            }
        }
    }
    if pools.is_empty() {
        pools.extend(ctx.admin_pool.clone());
    }
    let s = section.step(
        &ctx.id("verify-xmpp"),
        text!["Prove XMPP federation works through ", value(&ctx.xmpp)],
        ctx.shell(),
    );
    s.act(text![
        "Test-CsXmppIM needs a receiver on the network of an allowed XMPP partner: list the partners, then give the SIP address of a user in one of them when asked. It runs once per Front End pool whose users federate over XMPP (",
        value(pools.join(", ")),
        "), sending from that pool's test user; without test users defined for a pool, add -UserSipAddress and -UserCredential."
    ])
    .cmd("Get-CsXmppAllowedPartner | Select-Object Identity", &[])
    .cmd("$receiver = Read-Host 'SIP address of a user at one of the XMPP partners above'", &[]);
    for pool in &pools {
        s.cmd("Test-CsXmppIM -TargetFqdn {} -Receiver $receiver", &[pool]);
    }
    s.act(text![
        "From a client, a user homed on ",
        value(&pools[0]),
        " sends an instant message to an XMPP contact and sees their presence."
    ])
    .check(text![
        "Each test message is delivered, and the client's message and presence go both ways."
    ]);
    stop_then_rollback(s, &ctx.xmpp, text!["A test fails."]);
}

/// A verification's STOP: federation through the new pool `pool` does not work, so the bridge
/// decides on the rollback.
pub(crate) fn stop_then_rollback(s: &mut Step, pool: &str, condition: Text) {
    s.on(Subject::Works(pool.to_owned()))
        .stop_if(
            condition,
            text![
                "Check the firewall and the certificate of ",
                value(pool),
                " first; if it cannot be fixed within the incident, follow the Rollback section."
            ],
        )
        .practice()
        .published(crate::checklist::step::FromPublished::CannotConfirm);
}

/// The failback's XMPP: the route set back before the restored pool's services start, so they
/// start once with it.
pub(crate) fn failback_route(ctx: &StepContext, section: &mut Section, needs: &[String], undo: &str) -> String {
    let id = route(ctx, section, needs, undo);
    if let Some(step) = section.steps.iter_mut().find(|s| s.id == id) {
        step.act(text![
            "This comes before the restored pool's services start, so they start once, with the route that names them. The failback procedure has no stop or start of its own."
        ])
        .inferred(inference::XMPP_PROXY_RESTART);
    }
    id
}

/// Where the failover's files are, said where the failback starts.
pub(crate) fn records_note(ctx: &StepContext) -> Text {
    text![
        "The failover's records (the DNS records, the site routes, the firewall openings) are in ",
        value(FOLDER),
        " on ",
        value(&ctx.admin_server),
        ": work there, as the failover did."
    ]
}
