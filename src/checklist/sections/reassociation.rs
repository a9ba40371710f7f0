//! Front End pools re-associated with the surviving Edge pool for media.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, Document, Section};

/// The services of a Front End pool that name an Edge pool for media: the role in the
/// topology, the cmdlet that sets its Edge pool, and the kind of its identity.
const MEDIA_ROLES: [(&str, &str, &str); 3] = [
    ("Registrar", "Set-CsRegistrar", "Registrar"),
    ("ConfServices", "Set-CsConferenceServer", "ConferencingServer"),
    ("MediationServer", "Set-CsMediationServer", "MediationServer"),
];

pub(crate) fn reassociation(ctx: &StepContext, plan: &Plan) -> Section {
    let t = ctx.t;
    let mut section = Section::new("Re-associate Front End pools for web conferencing and A/V");
    section.intro = Some(if ctx.failback {
        text!["Return these pools to their local Edge pool."]
    } else {
        text!["These pools are still running and used the failed Edge pool for their Web Conferencing and A/V Conferencing services; point them at an Edge pool that is running."]
    });
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        let roles: Vec<&str> = t.roles_of_pool(p);
        let s = section.step(
            &format!("reassociate:{pool}"),
            text!["Confirm ", value(&pool), " uses ", value(&ctx.survivor), " for media"],
            ctx.shell(),
        );
        s.act(text![
                "The publish carried the new association (either route). If a service of the pool still names another Edge pool, set it from the Management Shell:"
            ]);
        let edge = format!("EdgeServer:{}", ctx.survivor);
        for (role, cmdlet, identity) in MEDIA_ROLES {
            if roles.contains(&role) {
                s.cmd(
                    &format!("{cmdlet} -Identity {{}} -EdgeServer {{}}"),
                    &[&format!("{identity}:{pool}"), &edge],
                );
            }
        }
        s.check(text!["The pool's services name ", value(edge), "."])
            .check_cmd(
                "Get-CsService -PoolFqdn {} | Where-Object { $_.EdgeServer } | Select-Object Identity, EdgeServer",
                &[&pool],
            )
            .procedure(Document::EdgeAssociation.at(""))
            .inferred(inference::MEDIA_ASSOCIATION);
    }
    section
}
