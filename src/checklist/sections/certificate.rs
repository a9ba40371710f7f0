//! The surviving pool's public certificate.

use crate::plan::Plan;

use crate::checklist::context::{edge_servers, StepContext};
use crate::checklist::prepare::certificate_names;
use crate::checklist::text::{text, Section};

pub(crate) fn certificate(ctx: &StepContext, plan: &Plan) -> Section {
    let (names, old_names) = certificate_names(ctx, plan);
    let mut section = Section::new("Certificate");
    let s = section.step(
        "certificate",
        text!["Check the public certificate of ", value(&ctx.survivor)],
        edge_servers(&ctx.survivor, &ctx.survivor_servers),
    );
    s.act(text![
        "The external certificate comes from a public CA, is assigned to Access Edge, Web Conferencing Edge and A/V Authentication, and is the same certificate with the same private key on every server of the pool."
    ])
    .act(text!["Subject: ", value(&ctx.survivor_access), ". Subject alternative names include: ", value(names.join(", ")), "."]);
    if plan.xmpp_moves {
        s.act(text![
            "For XMPP federation your XMPP domains (",
            value(ctx.domains.join(", ")),
            ") are subject alternative names on the Access Edge external certificate."
        ]);
    }
    if !old_names.is_empty() {
        s.act(text![
            "The federation SRV targets you recorded now resolve to this pool, so they must be names on this certificate too: for example ",
            value(old_names.join(", ")),
            ", the Access Edge of ",
            value(ctx.failed_list()),
            "."
        ]);
    }
    if ctx.failback {
        s.act(text!["Check its expiry: it may have lapsed while the pool was down. Names added to the other pool's certificate for the failover can stay."]);
    }
    s.check(text!["Subject, names, use and expiry are right on every server."])
        .check_cmd(
            "Get-CsCertificate | Select-Object Use, Subject, AlternativeNames, NotAfter | Format-List",
            &[],
        )
        .practice();
    section
}
