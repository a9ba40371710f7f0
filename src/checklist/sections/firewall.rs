//! The federation ports opened on the surviving pool.

use crate::plan::Plan;

use crate::checklist::context::{with_ips, StepContext};
use crate::checklist::prepare::internal_pools;
use crate::checklist::text::{text, Section};

pub(crate) fn firewall(ctx: &StepContext, plan: &Plan) -> Section {
    let mut section = Section::new("Firewall");
    let s = section.step(
        "firewall",
        text!["Open the federation ports on ", value(&ctx.survivor)],
        text![
            "The external and internal firewalls of site ",
            value(&ctx.survivor_site)
        ],
    );
    s.act(with_ips(
        text![
            "External: TCP 5061 (MTLS) inbound and outbound on the Access Edge external address of ",
            value(&ctx.survivor_access)
        ],
        &ctx.survivor_ips,
    ));
    if plan.xmpp_moves {
        s.act(text!["XMPP: TCP 5269 inbound and outbound on the same address, and TCP 23456 from the Front End pools to the Edge internal interface."]);
    }
    let fe = internal_pools(ctx, plan);
    if !fe.is_empty() {
        s.act(text![
            "Internal: the Front End pools and Directors that now use it (",
            value(fe.join(", ")),
            ") must reach every server of ",
            value(&ctx.survivor),
            " (SIP 5061, replication 4443, and the media and conferencing ports)."
        ]);
    }
    s.check(text![
        "From a computer outside your network, TCP 5061 answers on ",
        value(&ctx.survivor_access),
        "."
    ])
    .check_cmd(
        "Test-NetConnection -ComputerName {} -Port 5061",
        &[&ctx.survivor_access],
    )
    .practice();
    section
}
