//! Front End pools re-associated with the surviving Edge pool for media.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{StepContext, ASSOCIATION_DOC};
use crate::checklist::text::{text, Section};

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
        if roles.contains(&"Registrar") {
            s.cmd(
                "Set-CsRegistrar -Identity {} -EdgeServer {}",
                &[&format!("Registrar:{pool}"), &format!("EdgeServer:{}", ctx.survivor)],
            );
        }
        if roles.contains(&"ConfServices") {
            s.cmd(
                "Set-CsConferenceServer -Identity {} -EdgeServer {}",
                &[
                    &format!("ConferencingServer:{pool}"),
                    &format!("EdgeServer:{}", ctx.survivor),
                ],
            );
        }
        if roles.contains(&"MediationServer") {
            s.cmd(
                "Set-CsMediationServer -Identity {} -EdgeServer {}",
                &[
                    &format!("MediationServer:{pool}"),
                    &format!("EdgeServer:{}", ctx.survivor),
                ],
            );
        }
        s.check(text![
            "The pool's services name ",
            value(format!("EdgeServer:{}", ctx.survivor)),
            "."
        ])
        .check_cmd(
            "Get-CsService -PoolFqdn {} | Where-Object { $_.EdgeServer } | Select-Object Identity, EdgeServer",
            &[&pool],
        )
        .procedure(ASSOCIATION_DOC)
        .inferred(inference::MEDIA_ASSOCIATION);
    }
    section
}
