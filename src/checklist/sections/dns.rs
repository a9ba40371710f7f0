//! Federation DNS pointed at the surviving pool's Access Edge.

use crate::checklist::context::{ips_in_brackets, StepContext};
use crate::checklist::text::{text, value, Section, Span, Text};

/// Each SIP domain's federation SRV record keeps naming a host in its own domain (partners
/// refuse one that names a host elsewhere); the A record behind it moves.
pub(crate) fn dns(ctx: &StepContext) -> Section {
    let mut section = Section::new("DNS");
    let s = section.step(
        "dns-federation",
        text!["Point federation DNS at the Access Edge of ", value(&ctx.survivor)],
        text!["The public DNS of ", value(ctx.domains.join(", "))],
    );
    let at = |mut t: Text| {
        t.0.extend(ips_in_brackets(&ctx.survivor_ips));
        t
    };
    for d in &ctx.domains {
        let mut line = at(text![
            "SRV ",
            value(format!("_sipfederationtls._tcp.{d}")),
            " (port 5061) keeps the target you recorded, a host in ",
            value(d),
            " (by convention ",
            value(format!("sip.{d}")),
            "): point that host's A record at the Access Edge of ",
            value(&ctx.survivor)
        ]);
        line.0.push(Span::from("."));
        if ctx
            .survivor_access
            .to_ascii_lowercase()
            .ends_with(&format!(".{}", d.to_ascii_lowercase()))
        {
            line.0.extend([
                Span::from(" Or point it at "),
                value(&ctx.survivor_access),
                Span::from(", which is in the same domain."),
            ]);
        }
        s.act(line);
        s.check_cmds(ctx.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")));
    }
    s.act(text!["Never point one domain's SRV record at a host in another domain: a partner refuses it (error 1009, conflicting SRV and host domains)."]);
    s.act(if ctx.survivor_ips.is_empty() {
        text![
            "A record of ",
            value(&ctx.survivor_access),
            ": it must resolve to the public address of the Access Edge of ",
            value(&ctx.survivor),
            "."
        ]
    } else {
        text![
            "A record of ",
            value(&ctx.survivor_access),
            ": it must resolve to ",
            value(ctx.survivor_ips.join(", ")),
            " (the Access Edge addresses in the topology)."
        ]
    });
    if ctx.failback {
        s.act(text![
            "Failing back puts the A records back as you recorded them before the failover."
        ]);
    } else if !ctx.old_access.is_empty() {
        s.act(text![
            "Where a target is ",
            value(ctx.old_access.join(", ")),
            ", the Access Edge of ",
            value(ctx.failed_list()),
            ", its A record now points at ",
            value(&ctx.survivor),
            " too, so the certificate must hold that name (next step). SRV priorities do not fail federation over by themselves: partners use the record's one target."
        ]);
    }
    s.check_cmds(ctx.lookups("A", &ctx.survivor_access));
    s            .check(text![
                "From a computer outside your network: each SRV record names a host in its own domain, and that host resolves to the Access Edge of ",
                value(&ctx.survivor),
                "."
            ])
            .practice();
    section
}
