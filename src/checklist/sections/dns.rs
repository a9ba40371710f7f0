//! Federation DNS pointed at the surviving pool's Access Edge.

use crate::checklist::context::{ips_in_brackets, Names};
use crate::checklist::text::{step, text, v, Section, Span, Text};

/// Each SIP domain's federation SRV record keeps naming a host in its own domain (partners
/// refuse one that names a host elsewhere); the A record behind it moves.
pub(crate) fn dns(n: &Names) -> Section {
    let mut s = step(
        "dns-federation",
        text!["Point federation DNS at the Access Edge of ", v(&n.survivor)],
        text!["The public DNS of ", v(n.domains.join(", "))],
    );
    let at = |mut t: Text| {
        t.0.extend(ips_in_brackets(&n.survivor_ips));
        t
    };
    for d in &n.domains {
        let mut line = at(text![
            "SRV ",
            v(format!("_sipfederationtls._tcp.{d}")),
            " (port 5061) keeps the target you recorded, a host in ",
            v(d),
            " (by convention ",
            v(format!("sip.{d}")),
            "): point that host's A record at the Access Edge of ",
            v(&n.survivor)
        ]);
        line.0.push(Span::from("."));
        if n.survivor_access
            .to_ascii_lowercase()
            .ends_with(&format!(".{}", d.to_ascii_lowercase()))
        {
            line.0.extend([
                Span::from(" Or point it at "),
                v(&n.survivor_access),
                Span::from(", which is in the same domain."),
            ]);
        }
        s = s.act(line);
        for c in n.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")) {
            s = s.check_cmd(c);
        }
    }
    s = s.act(text!["Never point one domain's SRV record at a host in another domain: a partner refuses it (error 1009, conflicting SRV and host domains)."]);
    s = s.act(if n.survivor_ips.is_empty() {
        text![
            "A record of ",
            v(&n.survivor_access),
            ": it must resolve to the public address of the Access Edge of ",
            v(&n.survivor),
            "."
        ]
    } else {
        text![
            "A record of ",
            v(&n.survivor_access),
            ": it must resolve to ",
            v(n.survivor_ips.join(", ")),
            " (the Access Edge addresses in the topology)."
        ]
    });
    if n.failback {
        s = s.act(text![
            "Failing back puts the A records back as you recorded them before the failover."
        ]);
    } else if !n.old_access.is_empty() {
        s = s.act(text![
            "Where a target is ",
            v(n.old_access.join(", ")),
            ", the Access Edge of ",
            v(n.failed_list()),
            ", its A record now points at ",
            v(&n.survivor),
            " too, so the certificate must hold that name (next step). SRV priorities do not fail federation over by themselves: partners use the record's one target."
        ]);
    }
    for c in n.lookups("A", &n.survivor_access) {
        s = s.check_cmd(c);
    }
    Section {
        title: "DNS".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "From a computer outside your network: each SRV record names a host in its own domain, and that host resolves to the Access Edge of ",
                v(&n.survivor),
                "."
            ])
            .practice()
            .done()],
    }
}
