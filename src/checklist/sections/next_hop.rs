//! The surviving Edge pool's next hop, moved out of the failed site and back: each time only
//! once the pool it will name is seen running.

use crate::plan::Moves;

use super::preflight::ESCALATE;

use crate::checklist::context::StepContext;
use crate::checklist::step::{Change, Section, Step, Subject};
use crate::checklist::text::{text, Document, Text};

/// An Edge pool's next hop moved to another pool.
pub(crate) struct Hop<'a> {
    pub(crate) edge: &'a str,
    pub(crate) to: &'a str,
    /// Both pools are in one site, so Topology Builder's next-hop list offers the new one.
    pub(crate) same_site: bool,
}

/// The pool an Edge pool will name as its next hop runs: every service on each of its servers.
pub(crate) fn running(ctx: &StepContext, section: &mut Section, id: &str, pool: &str) -> String {
    let id = ctx.id(id);
    let servers = ctx.servers_of(pool);
    let s = section.step(&id, text!["Check that ", value(pool), " runs"], ctx.shell());
    for server in &servers {
        s.cmd(
            "Get-CsWindowsService -ComputerName {} | Select-Object Name, Status",
            &[server],
        );
    }
    s.check(text![
        "Every Lync or Skype for Business service on each server of ",
        value(pool),
        " shows Running."
    ])
    .stop_if(
        text!["A server does not answer, or a service is not Running."],
        text![
            "Do not point the next hop at ",
            value(pool),
            ": federation traffic would go to a pool that is down. Start its services (Start-CsWindowsService), or ",
            ESCALATE,
            "."
        ],
    )
    .on(Subject::Running(pool.to_owned()))
    .practice();
    id
}

/// Pointing an Edge pool's next hop at another pool: in Topology Builder when both are in one
/// site (a step of the one session), else with Set-CsEdgeServer -Registrar, as the product
/// documentation does.
pub(crate) fn point<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    id: &str,
    title: Text,
    hop: &Hop,
    why: Text,
) -> &'s mut Step {
    let step = section.step(
        &ctx.id(id),
        title,
        if hop.same_site {
            ctx.topology_builder()
        } else {
            ctx.shell()
        },
    );
    step.act(why);
    if hop.same_site {
        step.act(text![
            "Right-click ",
            value(hop.edge),
            ", select ",
            label("Edit Properties"),
            ", open ",
            label("Next hop"),
            " and select ",
            value(hop.to),
            "."
        ]);
    } else {
        step.act(text!["The new next hop is in another site, which Topology Builder's next-hop list does not offer; the product documentation uses Set-CsEdgeServer."])
            .cmd(
                "Set-CsEdgeServer -Identity {} -Registrar {}",
                &[&format!("EdgeServer:{}", hop.edge), &format!("Registrar:{}", hop.to)],
            );
    }
    step.check(text!["Registrar shows ", value(format!("Registrar:{}", hop.to)), "."])
        .check_cmd(
            "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
            &[hop.edge],
        )
        .changes(Change::NextHop {
            edge: hop.edge.to_owned(),
        })
        .procedure(Document::PoolFailover.at(" (Edge next hop)"))
}

/// The failover's next-hop change, when the survivor's next hop is in the failed site.
pub(crate) fn hop_of<'a>(ctx: &'a StepContext, plan: &'a Moves) -> Option<Hop<'a>> {
    let change = plan.next_hop.as_ref()?;
    Some(Hop {
        edge: &ctx.survivor,
        to: &change.to_pool,
        same_site: change.same_site,
    })
}

/// Why the failover changes the next hop.
pub(crate) fn why(ctx: &StepContext, plan: &Moves) -> Text {
    let change = plan.next_hop.as_ref();
    text![
        "Its next hop ",
        value(change.and_then(|c| c.from_pool.as_deref()).unwrap_or_default()),
        " is in the failed site. Federation traffic from ",
        value(&ctx.survivor),
        " must reach a running pool before federation can move to it."
    ]
}

/// The failback puts back a next hop the failover changed, once its pool runs again: the
/// failover's change, seen from the topology the failback starts from.
pub(crate) struct Restore {
    pub(crate) edge: String,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) same_site: bool,
}

pub(crate) fn restore_of(ctx: &StepContext, failover: &Moves) -> Option<Restore> {
    let t = ctx.t;
    let change = failover.next_hop.as_ref()?;
    let from = change.from_pool.clone()?;
    let edge_pool = &t.pools[t.edge_pools[failover.survivor].pool];
    Some(Restore {
        edge: edge_pool.fqdn.clone(),
        same_site: t.pool_by_fqdn(&from).is_some_and(|p| t.pools[p].site == edge_pool.site),
        from,
        to: change.to_pool.clone(),
    })
}
