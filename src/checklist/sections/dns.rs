//! Federation DNS: the TTLs lowered, the SRV targets' A records (or the SRV records) pointed at
//! the surviving pool's Access Edge once it answers, and on failback everything put back as
//! recorded. Where other pools keep federation, only the failed pool's entries change.

use crate::plan::Moves;

use super::preflight::ESCALATE;

use crate::checklist::context::{ips_in_brackets, StepContext};
use crate::checklist::powershell::ASK_PUBLIC_RESOLVER;
use crate::checklist::step::{Access, Change, DnsAction, FromPublished, Role, Section, Subject};
use crate::checklist::text::{text, value, Document, Span};

fn ids(needs: &[String]) -> Vec<&str> {
    needs.iter().map(String::as_str).collect()
}

/// The federation records this plan's DNS steps touch: the SRV records of each domain, and
/// the A records of the failed pools' Access Edges behind them.
pub(crate) fn records(ctx: &StepContext, plan: &Moves) -> Vec<String> {
    let mut names = Vec::new();
    for d in &ctx.domains {
        if plan.federation_moves {
            names.push(format!("_sipfederationtls._tcp.{d}"));
        }
        if plan.xmpp_moves {
            names.push(format!("_xmpp-server._tcp.{d}"));
        }
    }
    if plan.federation_moves {
        names.extend(ctx.old_access.iter().cloned());
    }
    // The XMPP host the documentation's example A record names, which the XMPP DNS step moves.
    if plan.xmpp_moves {
        if let Some(d) = ctx.domains.first() {
            names.push(format!("xmpp.{d}"));
        }
    }
    names
}

/// The TTLs lowered, honestly: resolvers keep the old record for the old TTL, so this does
/// not shorten this outage; it shortens the failback. The failback restores them.
pub(crate) fn lower_ttl(ctx: &StepContext, plan: &Moves, section: &mut Section, needs: &[String], undo: &str) {
    let names = records(ctx, plan);
    if names.is_empty() {
        return;
    }
    let s = section.step(
        &ctx.id("dns-ttl"),
        text!["Lower the TTL of the federation DNS records"],
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    s.act(text!["Lower to 5 minutes the TTL of: ", value(names.join(", ")), "."])
        .note(text!["Resolvers keep the records they hold for the TTL they had, so in an unplanned failover this does not shorten this outage: partners see the DNS change once their cached copy expires. It shortens the failback, which puts these TTLs back as recorded."])
        .check(text!["Asked of a public resolver, each record answers with the new TTL (once its old TTL has run out)."])
        .after(&ids(needs))
        .undone_by(undo)
        .practice();
    for n in names {
        s.changes(Change::DnsTtl { name: n });
    }
    ctx.hand_off(s, Role::DnsTeam);
}

/// From outside, the pool that takes federation answers on 5061: checked before DNS sends
/// partners to it.
pub(crate) fn answers(ctx: &StepContext, section: &mut Section, needs: &[String]) {
    section
        .step(
            &ctx.id("check-federation-port"),
            text!["Check that ", value(&ctx.survivor_access), " answers on TCP 5061 from outside"],
            text!["A computer outside your network"],
        )
        .cmd("Test-NetConnection -ComputerName {} -Port 5061", &[&ctx.survivor_access])
        .act(text!["Where the computer lacks Test-NetConnection: telnet to the name on port 5061, or your monitoring's TCP check."])
        .check(text!["TcpTestSucceeded is True."])
        .stop_if(
            text!["It does not answer."],
            text![
                "Do not change DNS: partners would be sent to a pool that does not answer. Ask the firewall team to check TCP 5061 to the Access Edge of ",
                value(&ctx.survivor),
                ", and check that its services run; if it cannot be fixed, ",
                ESCALATE,
                " and consider the Rollback section."
            ],
        )
        .after(&ids(needs))
        .on(Subject::FederationPort(ctx.survivor.clone()))
        .practice()
        .published(FromPublished::CannotConfirm);
}

/// Federation DNS pointed at the pool that takes federation, or put back on failback.
pub(crate) fn federation(ctx: &StepContext, plan: &Moves, section: &mut Section, needs: &[String], undo: &str) {
    let s = section.step(
        &ctx.id("dns-federation"),
        if ctx.failback {
            text!["Put federation DNS back as recorded before the failover"]
        } else {
            text!["Point federation DNS at the Access Edge of ", value(&ctx.survivor)]
        },
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    let action = if ctx.failback {
        DnsAction::Restore
    } else if ctx.federation_kept.is_empty() {
        DnsAction::Repoint
    } else {
        DnsAction::RemoveFailed
    };
    if ctx.failback {
        let mut line = text!["Set every federation SRV record and the A records behind them back to the targets, addresses and TTLs recorded before the failover ("];
        line.0.extend(ctx.record_words("dns-before.txt").0);
        line.0
            .extend(text!["), so partners reach ", value(&ctx.survivor), " again."].0);
        s.act(line);
        if ctx.has_failover_records() {
            s.file(Access::Read, &ctx.failover_record("dns-before.txt"), &ctx.admin_server);
        }
    } else if !ctx.federation_kept.is_empty() {
        let mut line = text![
            "Other pools keep federation (",
            value(ctx.federation_kept.join(", ")),
            "), and inbound federation reaches them through these records: change only what leads to ",
            value(ctx.failed_list()),
            ". Where an SRV record lists several targets, remove the failed pool's target; where one A record carries several pools' addresses, remove only the addresses of the Access Edge of ",
            value(ctx.failed_list()),
            ". Add the Access Edge of ",
            value(&ctx.survivor)
        ];
        line.0.extend(ips_in_brackets(&ctx.survivor_ips));
        line.0.push(Span::from(
            " only where partners should reach it through these records. The healthy pools' records stay as they are.",
        ));
        s.act(line);
        s.note(text!["Topology Builder's publish warning for several federated Edge pools asks that the external DNS SRV record lists all federation-enabled Edge Servers: the pools that keep federation stay in it."]);
    } else {
        for d in &ctx.domains {
            let mut line = text![
                "SRV ",
                value(format!("_sipfederationtls._tcp.{d}")),
                " (port 5061) keeps the target you recorded, a host in ",
                value(d),
                " (by convention ",
                value(format!("sip.{d}")),
                "): if the certificate check found that name on the certificate of ",
                value(&ctx.survivor),
                ", point that host's A record at its Access Edge"
            ];
            line.0.extend(ips_in_brackets(&ctx.survivor_ips));
            line.0.push(Span::from("."));
            if ctx
                .survivor_access
                .to_ascii_lowercase()
                .ends_with(&format!(".{}", d.to_ascii_lowercase()))
            {
                line.0.extend([
                    Span::from(" Otherwise point the SRV record at "),
                    value(&ctx.survivor_access),
                    Span::from(", which is in the same domain and needs no new certificate."),
                ]);
            } else {
                line.0.push(Span::from(" Otherwise the certificate needs that name first (the certificate (PKI) team): partners refuse a name the certificate lacks."));
            }
            s.act(line);
        }
        s.act(text!["Never point one domain's SRV record at a host in another domain: a partner refuses it (error 1009, conflicting SRV and host domains)."])
            .note(text!["SRV priorities do not fail federation over by themselves: partners use the record's one target."]);
    }
    s.check(text![
        "Asked of a public resolver, each federation SRV record names a host in its own domain that resolves to the Access Edge of ",
        value(&ctx.survivor),
        if ctx.federation_kept.is_empty() { "." } else { ", or of a pool that keeps federation, and none to the failed pool's." }
    ])
    .check_cmd(ASK_PUBLIC_RESOLVER, &[]);
    for d in &ctx.domains {
        s.check_cmds(ctx.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")));
        s.changes(Change::DnsRecord {
            name: format!("_sipfederationtls._tcp.{d}"),
            action,
            pool: ctx.survivor.clone(),
        });
    }
    s.check_cmds(ctx.lookups("A", &ctx.survivor_access));
    if plan.federation_moves && !ctx.failback {
        for a in &ctx.old_access {
            s.changes(Change::DnsRecord {
                name: a.clone(),
                action,
                pool: ctx.survivor.clone(),
            });
        }
    }
    s.after(&ids(needs))
        .undone_by(undo)
        .procedure(Document::EdgeDns.at(""))
        .published(FromPublished::CannotConfirm);
    ctx.hand_off(s, Role::DnsTeam);
}

/// The failback puts back the TTLs the failover lowered.
pub(crate) fn restore_ttl(ctx: &StepContext, names: &[String], section: &mut Section, needs: &[String]) {
    if names.is_empty() {
        return;
    }
    let s = section.step(
        &ctx.id("dns-ttl-restore"),
        text!["Put the TTLs of the federation DNS records back"],
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    let mut line = text!["The failover lowered them. Set each back to the TTL recorded before the failover ("];
    line.0.extend(ctx.record_words("dns-before.txt").0);
    line.0.extend(text!["): ", value(names.join(", ")), "."].0);
    if ctx.has_failover_records() {
        s.file(Access::Read, &ctx.failover_record("dns-before.txt"), &ctx.admin_server);
    }
    s.act(line)
        .check(text![
            "Asked of a public resolver, each record answers with its recorded TTL."
        ])
        .check_cmd(ASK_PUBLIC_RESOLVER, &[])
        .after(&ids(needs))
        .cannot_undo(text![
            "it puts back what was there before the failover; lowering the TTLs again is the failover's step"
        ])
        .practice();
    for n in names {
        s.check_cmds(ctx.lookups(if n.starts_with('_') { "SRV" } else { "A" }, n));
        s.changes(Change::DnsTtl { name: n.clone() });
    }
    ctx.hand_off(s, Role::DnsTeam);
}
