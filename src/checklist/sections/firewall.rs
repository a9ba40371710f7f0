//! The federation ports opened on the surviving pool.

use crate::plan::Plan;
use crate::topology::PoolKind;

use crate::checklist::context::{with_ips, Names};
use crate::checklist::powershell::ps;
use crate::checklist::text::{step, text, v, Section};

pub(crate) fn firewall(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let mut s = step(
        "firewall",
        text!["Open the federation ports on ", v(&n.survivor)],
        text!["The external and internal firewalls of site ", v(&n.survivor_site)],
    )
    .act(with_ips(
        text![
            "External: TCP 5061 (MTLS) inbound and outbound on the Access Edge external address of ",
            v(&n.survivor_access)
        ],
        &n.survivor_ips,
    ));
    if plan.xmpp_moves {
        s = s.act(text!["XMPP: TCP 5269 inbound and outbound on the same address, and TCP 23456 from the Front End pools to the Edge internal interface."]);
    }
    let fe: Vec<String> = (0..t.pools.len())
        .filter(|p| matches!(t.pool_kind(*p), PoolKind::FrontEnd | PoolKind::Director))
        .filter(|p| !t.pools[*p].site.is_some_and(|x| plan.scope.failed_sites.contains(&x)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    if !fe.is_empty() {
        s = s.act(text![
            "Internal: the Front End pools and Directors that now use it (",
            v(fe.join(", ")),
            ") must reach every server of ",
            v(&n.survivor),
            " (SIP 5061, replication 4443, and the media and conferencing ports)."
        ]);
    }
    Section {
        title: "Firewall".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "From a computer outside your network, TCP 5061 answers on ",
                v(&n.survivor_access),
                "."
            ])
            .check_cmd(format!(
                "Test-NetConnection -ComputerName {} -Port 5061",
                ps(&n.survivor_access)
            ))
            .practice()
            .done()],
    }
}
