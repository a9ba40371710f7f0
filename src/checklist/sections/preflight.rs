//! The checks before the first change of a direction, and the go/no-go gate that gathers
//! them: the permissions, a Central Management store that can be written, replication to the
//! pool that takes federation, its certificate and its firewall.

use crate::plan::Moves;
use crate::topology::inference::Product;
use crate::topology::PoolKind;

use crate::checklist::context::{edge_servers, with_ips, xmpp_apart, StepContext};
use crate::checklist::step::{Change, Kind, Role, Section, Step, Subject};
use crate::checklist::text::{text, Basis, Document, Text};

/// Who the bridge escalates to when a check fails.
pub(crate) const ESCALATE: &str = "escalate to the incident manager";

/// The permissions the runbook needs, checked before anything changes.
pub(crate) fn permissions(ctx: &StepContext, section: &mut Section) {
    let mut edges: Vec<String> = replicas(&ctx.survivor_servers, &ctx.survivor);
    if xmpp_apart(ctx) {
        edges.extend(replicas(&ctx.xmpp_servers, &ctx.xmpp));
    }
    section
        .step(&ctx.id("check-permissions"), text!["Check your permissions"], ctx.shell())
        .act(text!["The Management Shell work needs membership of RTCUniversalServerAdmins. Enabling a topology (every publish, and Topology Builder's) needs Domain Admins, unless setup permissions were delegated with Set-CsSetupPermission: Test-CsSetupPermission shows whether they were, for the organizational unit that holds your servers' computer accounts."])
        .act(text![
            "The Edge servers are not domain members: you need the local Administrator credentials of each one you work on (",
            value(edges.join(", ")),
            ")."
        ])
        .cmd("whoami /groups | Select-String 'RTCUniversalServerAdmins', 'Domain Admins'", &[])
        .cmd("Test-CsSetupPermission -ComputerOu (Read-Host 'Distinguished name of the OU that holds your Lync or Skype for Business server computer accounts')", &[])
        .check(text!["whoami lists RTCUniversalServerAdmins, and Domain Admins unless Test-CsSetupPermission returns True; you hold the Edge servers' local Administrator credentials."])
        .stop_if(
            text!["A group or a credential is missing."],
            text!["Nothing has changed yet. Get the rights from your Active Directory administrators before going on; a publish without them fails half way."],
        )
        .on(Subject::Permissions)
        .practice()
        .basis
        .push(Basis::Cmdlet("Enable-CsTopology"));
}

/// The Central Management store answers and can be written: every publish and Set- cmdlet
/// needs it.
pub(crate) fn central_management_up(ctx: &StepContext, section: &mut Section) {
    section
        .step(
            &ctx.id("check-central-management"),
            text!["Check that the Central Management store can be written"],
            ctx.shell(),
        )
        .cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
        .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name a running pool."])
        .stop_if(
            text!["They are empty, or name a pool that is down."],
            text![format!("Nothing can be published: the Central Management Server must be failed over or restored first; {ESCALATE}.")],
        )
        .on(Subject::CentralManagement)
        .procedure(Document::PoolFailover.at(", step 3"));
}

/// The servers whose replicas must be up to date before the wizard runs (or the change
/// starts): the pool that takes federation, and the pools whose ports change with it.
pub(crate) fn replicas(servers: &[String], pool: &str) -> Vec<String> {
    if servers.is_empty() {
        vec![pool.to_owned()]
    } else {
        servers.to_vec()
    }
}

/// Replication to `pool`'s servers works, checked (and forced) before the change: a publish
/// reaches an Edge only through it. The failed pool's servers never report UpToDate, so the
/// check names only these.
pub(crate) fn replication(
    ctx: &StepContext,
    section: &mut Section,
    id: &str,
    title: Text,
    pool: &str,
    servers: &[String],
    minutes: u32,
) {
    let cms_pool = central_management_pool(ctx);
    let s = section.step(&ctx.id(id), title, ctx.shell());
    for server in servers {
        s.cmd("Invoke-CsManagementStoreReplication -ReplicaFqdn {}", &[server]);
    }
    for server in servers {
        s.check_cmd(
            "Get-CsManagementStoreReplicationStatus -ReplicaFqdn {} | Select-Object ReplicaFqdn, UpToDate, LastStatusReport",
            &[server],
        );
    }
    s.check(text![
        "UpToDate is True for each of these servers (",
        value(servers.join(", ")),
        "). Run the status commands again every minute or two."
    ])
    .stop_if(
        text![format!("A server is still not UpToDate after {minutes} minutes.")],
        text![
            "From a server of the Central Management Server's pool (",
            value(&cms_pool),
            "), check that TCP 4443 reaches each of them (Test-NetConnection <server> -Port 4443), and that each Edge's internal certificate is valid (Get-CsCertificate on the Edge). Fix that, or ",
            ESCALATE,
            "."
        ],
    )
    .wait_at_most(minutes)
    .on(Subject::Replication(pool.to_owned()))
    .practice();
}

/// The pool that runs the active Central Management Server, by name.
pub(crate) fn central_management_pool(ctx: &StepContext) -> String {
    let t = ctx.t;
    crate::topology::pairing::active_central_management(ctx.file)
        .first()
        .map_or_else(
            || "the Central Management Server's pool".to_owned(),
            |p| t.pools[*p].fqdn.clone(),
        )
}

/// The names the external certificate of the pool taking federation must hold.
pub(crate) fn certificate_names(ctx: &StepContext, plan: &Moves) -> (Vec<String>, Vec<String>) {
    let mut names = vec![ctx.survivor_access.clone()];
    if plan.federation_moves {
        names.extend(ctx.survivor_webconf.clone());
        for d in &ctx.domains {
            names.push(format!("sip.{d}"));
        }
    }
    // The XMPP names go on the certificate of the pool XMPP moves to.
    let xmpp = if plan.xmpp_moves && !xmpp_apart(ctx) {
        xmpp_names(ctx)
    } else {
        Vec::new()
    };
    let mut seen = Vec::<String>::new();
    names.retain(|x| {
        let new = !seen.iter().any(|s| s.eq_ignore_ascii_case(x));
        seen.push(x.clone());
        new
    });
    (names, xmpp)
}

/// The XMPP domains as the certificate of the XMPP target carries them, by its version.
fn xmpp_names(ctx: &StepContext) -> Vec<String> {
    let product = ctx.t.edge_product(&ctx.t.edge_pools[ctx.xmpp_edge]);
    let mut xmpp = Vec::new();
    for d in &ctx.domains {
        // Skype for Business Server 2015's requirements name two SANs for XMPP; Lync Server
        // 2013's name the domain itself.
        if product == Product::Lync2013 {
            xmpp.push(d.clone());
        } else {
            xmpp.push(format!("xmpp.{d}"));
            xmpp.push(format!("*.{d}"));
        }
    }
    xmpp
}

/// The public certificate of the pool that takes federation, checked before anything relies
/// on it: the DNS change, the XMPP stop, and on failback the first Topology Builder change.
pub(crate) fn certificate(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    let (names, xmpp) = certificate_names(ctx, plan);
    let mut old: Vec<String> = if plan.federation_moves && !ctx.failback {
        ctx.old_access.clone()
    } else {
        Vec::new()
    };
    old.retain(|o| !names.iter().any(|x| x.eq_ignore_ascii_case(o)));
    let s = section.step(
        &ctx.id("check-certificate"),
        text!["Check the public certificate of ", value(&ctx.survivor)],
        edge_servers(&ctx.survivor, &ctx.survivor_servers),
    );
    s.act(text![
        "The external certificate comes from a public CA, is assigned to Access Edge, Web Conferencing Edge and A/V Authentication, and is the same certificate with the same private key on every server of the pool."
    ])
    .act(text![
        "Subject: ",
        value(&ctx.survivor_access),
        ". Subject alternative names include: ",
        value(names.join(", ")),
        "."
    ]);
    if !xmpp.is_empty() {
        s.act(if ctx.product == Product::Lync2013 {
            text![
                "For XMPP federation, the XMPP domains are subject alternative names too: ",
                value(xmpp.join(", ")),
                "."
            ]
        } else {
            text![
                "For XMPP federation, the certificate has two more subject alternative names per domain: ",
                value(xmpp.join(", ")),
                "."
            ]
        });
    }
    if !old.is_empty() {
        s.act(text![
            "If the DNS step re-points the A record behind a federation SRV target at this pool, this certificate must also hold that target's name, for example ",
            value(old.join(", ")),
            " (the Access Edge of ",
            value(ctx.failed_list()),
            "). Without it, the DNS step re-targets the SRV record instead, which needs no new certificate."
        ]);
    }
    if ctx.failback {
        s.act(text![
            "Check the expiry above all: it may have lapsed while the pool was down."
        ]);
    }
    let names_missing = if xmpp.is_empty() {
        text!["a name other than the old target's is missing, or the certificate has expired or expires within the incident."]
    } else {
        text!["a SIP name other than the old target's is missing, an XMPP name is missing, or the certificate has expired or expires within the incident."]
    };
    s.check(text!["Subject, names, use and expiry are right on every server; note whether the old target's name is on it."])
        .check_cmd(
            "Get-CsCertificate | Select-Object Use, Subject, AlternativeNames, NotAfter | Format-List",
            &[],
        )
        .stop_if(
            names_missing,
            if xmpp.is_empty() {
                text![
                    "Nothing has changed yet; federation stays on ",
                    value(ctx.failed_list()),
                    ". Hand off a reissue to the certificate (PKI) team (a public certificate takes hours), or ",
                    ESCALATE,
                    "."
                ]
            } else {
                text![
                    "Nothing has changed yet. If only XMPP names are missing, plan again without XMPP (XMPP later) and hand off a reissue to the certificate (PKI) team; otherwise ",
                    ESCALATE,
                    "."
                ]
            },
        )
        .on(Subject::Certificate(ctx.survivor.clone()))
        .procedure(Document::EdgeEnvironment.at(" (certificates)"));
    s.by(Role::Administrator);
}

/// The firewall rules the pool taking federation needs: each in words, for the opening and
/// the closing.
pub(crate) fn firewall_rules(ctx: &StepContext, plan: &Moves, include_existing_xmpp: bool) -> Vec<String> {
    let mut rules = Vec::new();
    if plan.federation_moves {
        rules.push(format!("TCP 5061 in and out on the Access Edge of {}", ctx.survivor));
    }
    if plan.xmpp_moves && !xmpp_apart(ctx) && (include_existing_xmpp || !plan.xmpp_target_has_ports) {
        rules.extend(xmpp_rules(ctx));
    }
    if plan.federation_moves || plan.xmpp_moves || plan.request.direction == crate::plan::Direction::Failback {
        rules.push(format!(
            "TCP 4443 from {} to every server of {}",
            central_management_pool(ctx),
            ctx.survivor
        ));
    }
    rules
}

/// The XMPP rules of the XMPP target.
fn xmpp_rules(ctx: &StepContext) -> [String; 2] {
    [
        format!("TCP 5269 in and out on the Access Edge of {}", ctx.xmpp),
        format!("TCP 23456 from the Front End pools to {}", ctx.xmpp),
    ]
}

/// The firewall openings the pool taking federation needs, made (or confirmed) by the
/// firewall team before the change: an opening is undone at once, and the checks need it.
pub(crate) fn firewall_open(ctx: &StepContext, plan: &Moves, section: &mut Section, undo: &str) {
    let rules = firewall_rules(ctx, plan, false);
    if rules.is_empty() {
        return;
    }
    let t = ctx.t;
    let fe: Vec<String> = (0..t.pools.len())
        .filter(|p| matches!(t.pool_kind(*p), PoolKind::FrontEnd | PoolKind::Director))
        .filter(|p| !t.pools[*p].site.is_some_and(|x| plan.scope.failed_sites.contains(&x)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    let s = section.step(
        &ctx.id("firewall-open"),
        text!["Open the federation ports to ", value(&ctx.survivor)],
        text![
            "The external and internal firewalls of site ",
            value(&ctx.survivor_site)
        ],
    );
    s.act(with_ips(
        text!["External: the Access Edge address of ", value(&ctx.survivor_access)],
        &ctx.survivor_ips,
    ));
    for r in &rules {
        s.act(text!["Open, or confirm it is open: ", value(r), "."]);
    }
    if plan.xmpp_moves && plan.xmpp_target_has_ports && !xmpp_apart(ctx) {
        s.act(text![
            value(&ctx.survivor),
            " already carries the XMPP ports, so TCP 5269 and 23456 should be open already: the check confirms them rather than opening them."
        ]);
    }
    if !fe.is_empty() {
        s.act(text![
            "Internal: the Front End pools and Directors that will use it (",
            value(fe.join(", ")),
            ") reach every server of ",
            value(&ctx.survivor),
            " (SIP 5061 and the media and conferencing ports)."
        ]);
    }
    s.act(text![
        "Write down which rules you opened now: the failback closes those, and only those."
    ])
    .check(text![
        "The firewall team confirms each rule, and says which were opened now."
    ])
    .undone_by(undo)
    .procedure(Document::EdgeEnvironment.at(" (ports and protocols)"));
    for r in rules {
        s.changes(Change::Firewall { rule: r });
    }
    ctx.hand_off(s, Role::FirewallTeam);
}

/// The firewall team confirms the rules are in place before the gate.
pub(crate) fn firewall_check(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    let rules = firewall_rules(ctx, plan, true);
    if rules.is_empty() {
        return;
    }
    let s = section.step(
        &ctx.id("check-firewall"),
        text!["Confirm the federation ports to ", value(&ctx.survivor), " are open"],
        text![
            "The external and internal firewalls of site ",
            value(&ctx.survivor_site)
        ],
    );
    for r in &rules {
        s.act(text!["In place: ", value(r), "."]);
    }
    s.check(text!["Every rule is in place in both directions where it says so."])
        .stop_if(
            text!["A rule is missing or cannot be opened."],
            text![
                "Nothing that relies on it goes ahead; federation stays where it is, on ",
                value(ctx.failed_list()),
                ". Ask the firewall team for it, or ",
                ESCALATE,
                "."
            ],
        )
        .on(Subject::Firewall(ctx.survivor.clone()))
        .procedure(Document::EdgeEnvironment.at(" (ports and protocols)"));
    ctx.hand_off(s, Role::FirewallTeam);
}

/// The XMPP target's own checks where it is not the survivor: its certificate holds the XMPP
/// names, and its XMPP ports are open. It already carries them, so both are confirmed, not
/// changed; the XMPP DNS change and any restart of its services rely on them.
pub(crate) fn xmpp_target(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    if !plan.xmpp_moves || !xmpp_apart(ctx) {
        return;
    }
    let xmpp = xmpp_names(ctx);
    let s = section.step(
        &ctx.id("check-xmpp-certificate"),
        text!["Check the public certificate of ", value(&ctx.xmpp), " for XMPP"],
        edge_servers(&ctx.xmpp, &ctx.xmpp_servers),
    );
    s.act(text![
        value(&ctx.xmpp),
        " already carries XMPP federation, so its external certificate should hold the XMPP names already. Subject: ",
        value(&ctx.xmpp_access),
        ". Subject alternative names include the XMPP names: ",
        value(xmpp.join(", ")),
        "."
    ])
    .check(text!["Subject, names and expiry are right on every server."])
    .check_cmd(
        "Get-CsCertificate | Select-Object Use, Subject, AlternativeNames, NotAfter | Format-List",
        &[],
    )
    .stop_if(
        text!["An XMPP name is missing, or the certificate has expired or expires within the incident."],
        text![
            "Nothing has changed yet. Plan again with another XMPP target, or without XMPP (XMPP later), and hand off a reissue to the certificate (PKI) team; otherwise ",
            ESCALATE,
            "."
        ],
    )
    .on(Subject::Certificate(ctx.xmpp.clone()))
    .procedure(Document::EdgeEnvironment.at(" (certificates)"));
    let s = section.step(
        &ctx.id("check-xmpp-firewall"),
        text!["Confirm the XMPP ports to ", value(&ctx.xmpp), " are open"],
        text!["The external and internal firewalls of site ", value(&ctx.xmpp_site)],
    );
    s.act(with_ips(
        text![
            value(&ctx.xmpp),
            " already carries the XMPP ports, so these should be open already: confirm them, do not open them. External: the Access Edge address of ",
            value(&ctx.xmpp_access)
        ],
        &ctx.xmpp_ips,
    ));
    for r in xmpp_rules(ctx) {
        s.act(text!["In place: ", value(r), "."]);
    }
    s.check(text!["Every rule is in place in both directions where it says so."])
        .stop_if(
            text!["A rule is missing."],
            text![
                "Nothing that relies on it goes ahead; XMPP federation stays down. Plan again with another XMPP target, or ",
                ESCALATE,
                "."
            ],
        )
        .on(Subject::Firewall(ctx.xmpp.clone()))
        .procedure(Document::EdgeEnvironment.at(" (ports and protocols)"));
    ctx.hand_off(s, Role::FirewallTeam);
}

/// The go/no-go gate: every check before it, gathered; nothing irreversible happens unless
/// each passed.
pub(crate) fn gate(ctx: &StepContext, section: &mut Section, id: &str, checks: &[String], first_change: Text) {
    let stays = if ctx.failback {
        text![
            "federation stays on ",
            value(ctx.failed_list()),
            "; the restored pool waits"
        ]
    } else {
        text!["federation stays as it is now"]
    };
    let mut then = text!["Nothing irreversible has happened: "];
    then.0.extend(stays.0);
    then.0.extend(text!["; ", ESCALATE, " with the failed check."].0);
    let s = section.step(&ctx.id(id), text!["Go or no-go"], text!["The bridge"]);
    s.act(text!["Every check above passed: go on to "])
        .check(text!["Each step listed under Needs is ticked done, and none stopped."]);
    s.actions[0].0.extend(first_change.0);
    s.actions[0].0.push(crate::checklist::text::Span::from("."));
    s.stop_if(text!["Any of those checks failed, or was skipped."], then)
        .practice();
    s.kind = Kind::Gate;
    let ids: Vec<&str> = checks.iter().map(String::as_str).collect();
    s.after(&ids);
}

/// The ids of the check steps of a section so far, for the gate to gather.
pub(crate) fn check_ids(sections: &[&Section]) -> Vec<String> {
    sections
        .iter()
        .flat_map(|s| s.steps.iter())
        .filter(|s| matches!(s.kind, Kind::Check | Kind::Gate))
        .map(|s: &Step| s.id.clone())
        .collect()
}

/// The failback closes the firewall openings the failover made for the temporary pool, and
/// only those: `changes` are the failover's own.
pub(crate) fn firewall_close(ctx: &StepContext, section: &mut Section, changes: Vec<Change>, needs: &[String]) {
    if changes.is_empty() {
        return;
    }
    let s = section.step(
        &ctx.id("firewall-close"),
        text!["Close the federation ports opened for the failover"],
        text![
            "The external and internal firewalls of site ",
            value(
                ctx.t
                    .site_name(ctx.t.pool_by_fqdn(&ctx.failed_list()).and_then(|p| ctx.t.pools[p].site))
            )
        ],
    );
    s.act(text!["Close the rules the failover's firewall step wrote down as opened then; rules that were there before the failover stay."]);
    for c in &changes {
        if let Change::Firewall { rule } = c {
            s.act(text!["Close, if opened for the failover: ", value(rule), "."]);
        }
    }
    s.check(text!["The firewall team confirms which rules it closed."])
        .after(&needs.iter().map(String::as_str).collect::<Vec<_>>())
        .cannot_undo(text![
            "it puts back what was there before the failover; opening them again is the failover's step"
        ])
        .procedure(Document::EdgeEnvironment.at(" (ports and protocols)"));
    for c in changes {
        s.changes(c);
    }
    ctx.hand_off(s, Role::FirewallTeam);
}
