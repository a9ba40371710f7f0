//! Front End pools re-associated with the surviving Edge pool for media: confirmed after the
//! publish, and set from the Management Shell where a service still names another Edge pool.

use crate::plan::Moves;
use crate::topology::inference;

use crate::checklist::context::StepContext;
use crate::checklist::step::{Change, Section};
use crate::checklist::text::{text, Document};

/// The services of a Front End pool that name an Edge pool for media: the role in the
/// topology, the cmdlet that sets its Edge pool, and the kind of its identity.
const MEDIA_ROLES: [(&str, &str, &str); 3] = [
    ("Registrar", "Set-CsRegistrar", "Registrar"),
    ("ConfServices", "Set-CsConferenceServer", "ConferencingServer"),
    ("MediationServer", "Set-CsMediationServer", "MediationServer"),
];

pub(crate) fn reassociation(ctx: &StepContext, plan: &Moves, needs: &[String], undo: &str) -> Option<Section> {
    if plan.reassociated.is_empty() {
        return None;
    }
    let t = ctx.t;
    let mut section = ctx.section("Re-associate Front End pools for web conferencing and A/V");
    section.intro = Some(if ctx.failback {
        text!["Return these pools to their local Edge pool."]
    } else {
        text!["These pools are still running and used the failed Edge pool for their Web Conferencing and A/V Conferencing services; they now use an Edge pool that runs."]
    });
    let ids: Vec<&str> = needs.iter().map(String::as_str).collect();
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        let to = plan.association_target_fqdn(ctx.file, p).to_owned();
        let roles: Vec<&str> = t.roles_of_pool(p);
        let s = section.step(
            &ctx.id(&format!("reassociate:{pool}")),
            text!["Make sure ", value(&pool), " uses ", value(&to), " for media"],
            ctx.shell(),
        );
        s.act(text![
            "The publish carried the new association. Where a service of the pool still names another Edge pool, the commands set it; they change nothing where it is already right."
        ]);
        let edge = format!("EdgeServer:{to}");
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
            .changes(Change::EdgeAssociation { pool: pool.clone() })
            .after(&ids)
            .undone_by(undo)
            .procedure(Document::EdgeAssociation.at(""))
            .inferred(inference::MEDIA_ASSOCIATION);
    }
    Some(section)
}
