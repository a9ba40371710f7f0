//! The federation partners, told by the partner liaison, and your own federation settings.

use super::preflight::ESCALATE;

use crate::checklist::context::StepContext;
use crate::checklist::step::{Role, Section, Subject};
use crate::checklist::text::text;

pub(crate) fn partners(ctx: &StepContext, section: &mut Section) {
    let old = if ctx.old_access.is_empty() {
        "the old name".to_owned()
    } else {
        ctx.old_access.join(", ")
    };
    let s = section.step(
        &ctx.id("partners"),
        text!["Tell partners who allow your Edge by name"],
        text!["Your federation partners"],
    );
    s.act(if ctx.failback {
        text![
            "Partners that allow your Edge by name keep the name they had before the failover, which resolves to ",
            value(&ctx.survivor),
            " again; any you gave ",
            value(old),
            " during the failover go back to ",
            value(&ctx.survivor_access),
            "."
        ]
    } else {
        text![
            "Partners that allow your Edge by name (an allowed partner server naming ",
            value(old),
            ") reach ",
            value(&ctx.survivor),
            " while that name's A record points at it and its certificate holds the name; give them ",
            value(&ctx.survivor_access),
            " if they should use the new name. Partners that use DNS discovery follow the SRV records."
        ]
    })
    .check(text!["The partners who pin your Edge by name have confirmed."])
    .practice();
    ctx.hand_off(s, Role::PartnerLiaison);
    section
        .step(&ctx.id("federation-settings"), text!["Check that your side still allows federation"], ctx.shell())
        .act(text!["The global and per-user federation settings do not change with the failover; make sure they still allow it."])
        .cmd("Get-CsAccessEdgeConfiguration | Select-Object AllowFederatedUsers, EnablePartnerDiscovery, UseDnsSrvRouting", &[])
        .cmd("Get-CsExternalAccessPolicy | Select-Object Identity, EnableFederationAccess", &[])
        .check(text!["AllowFederatedUsers is True and your users' external access policies allow federation."])
        .stop_if(
            text!["Federation is turned off in either."],
            text![format!("Someone changed it: find out why before turning it on again; {ESCALATE}.")],
        )
        .on(Subject::Settings)
        .practice();
}
