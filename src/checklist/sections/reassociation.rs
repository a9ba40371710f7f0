//! Front End pools re-associated with the surviving Edge pool for media.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{Names, ASSOCIATION_DOC};
use crate::checklist::powershell::ps;
use crate::checklist::text::{step, text, v, Section};

pub(crate) fn reassociation(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let steps = plan
        .reassociated
        .iter()
        .map(|&p| {
            let pool = t.pools[p].fqdn.clone();
            let roles: Vec<&str> = t.roles_of_pool(p);
            let mut s = step(
                format!("reassociate:{pool}"),
                text!["Confirm ", v(&pool), " uses ", v(&n.survivor), " for media"],
                n.shell(),
            )
            .act(text![
                "The publish carried the new association (either route). If a service of the pool still names another Edge pool, set it from the Management Shell:"
            ]);
            if roles.contains(&"Registrar") {
                s = s.cmd(format!(
                    "Set-CsRegistrar -Identity {} -EdgeServer {}",
                    ps(&format!("Registrar:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            if roles.contains(&"ConfServices") {
                s = s.cmd(format!(
                    "Set-CsConferenceServer -Identity {} -EdgeServer {}",
                    ps(&format!("ConferencingServer:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            if roles.contains(&"MediationServer") {
                s = s.cmd(format!(
                    "Set-CsMediationServer -Identity {} -EdgeServer {}",
                    ps(&format!("MediationServer:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            s.check(text![
                "The pool's services name ",
                v(format!("EdgeServer:{}", n.survivor)),
                "."
            ])
            .check_cmd(format!(
                "Get-CsService -PoolFqdn {} | Where-Object {{ $_.EdgeServer }} | Select-Object Identity, EdgeServer",
                ps(&pool)
            ))
            .procedure(ASSOCIATION_DOC)
            .inferred(inference::MEDIA_ASSOCIATION)
            .done()
        })
        .collect();
    Section {
        title: "Re-associate Front End pools for web conferencing and A/V".into(),
        intro: Some(if n.failback {
            text!["Return these pools to their local Edge pool."]
        } else {
            text!["These pools are still running and used the failed Edge pool for their Web Conferencing and A/V Conferencing services; point them at an Edge pool that is running."]
        }),
        steps,
    }
}
