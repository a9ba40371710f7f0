//! Front End pools re-associated with the surviving Edge pool for media.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{StepContext, ASSOCIATION_DOC};
use crate::checklist::powershell::quote;
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
            s.cmd(format!(
                "Set-CsRegistrar -Identity {} -EdgeServer {}",
                quote(&format!("Registrar:{pool}")),
                quote(&format!("EdgeServer:{}", ctx.survivor))
            ));
        }
        if roles.contains(&"ConfServices") {
            s.cmd(format!(
                "Set-CsConferenceServer -Identity {} -EdgeServer {}",
                quote(&format!("ConferencingServer:{pool}")),
                quote(&format!("EdgeServer:{}", ctx.survivor))
            ));
        }
        if roles.contains(&"MediationServer") {
            s.cmd(format!(
                "Set-CsMediationServer -Identity {} -EdgeServer {}",
                quote(&format!("MediationServer:{pool}")),
                quote(&format!("EdgeServer:{}", ctx.survivor))
            ));
        }
        s.check(text![
            "The pool's services name ",
            value(format!("EdgeServer:{}", ctx.survivor)),
            "."
        ])
        .check_cmd(format!(
            "Get-CsService -PoolFqdn {} | Where-Object {{ $_.EdgeServer }} | Select-Object Identity, EdgeServer",
            quote(&pool)
        ))
        .procedure(ASSOCIATION_DOC)
        .inferred(inference::MEDIA_ASSOCIATION);
    }
    section
}
