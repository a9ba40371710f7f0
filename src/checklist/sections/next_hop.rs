//! The surviving Edge pool's next hop, moved out of the failed site and back.

use crate::plan::Plan;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, Document, Section};

pub(crate) fn next_hop(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let change = plan.next_hop.as_ref()?;
    let mut section = Section::new("Next hop");
    let s = section.step(
        "next-hop",
        text![
            "Point the next hop of ",
            value(&ctx.survivor),
            " at ",
            value(&change.to_pool)
        ],
        if change.same_site {
            ctx.topology_builder()
        } else {
            ctx.shell()
        },
    );
    s.act(text![
        "Its next hop ",
        value(change.from_pool.clone().unwrap_or_default()),
        " is in the failed site. Federation traffic from ",
        value(&ctx.survivor),
        " must reach a running pool before federation can move to it."
    ]);
    if change.same_site {
        s.act(ctx.open_topology_builder()).act(text![
            "In Topology Builder, right-click ",
            value(&ctx.survivor),
            ", select ",
            label("Edit Properties"),
            ", open ",
            label("Next hop"),
            " and select ",
            value(&change.to_pool),
            ". The modified topology holds this change too, so route B applies it as well."
        ]);
    } else {
        s.act(text![
            "The new next hop is in another site, which Topology Builder's next-hop list does not offer; the product documentation uses Set-CsEdgeServer. The modified topology holds this change too, so route B applies it as well."
        ])
        .cmd("Set-CsEdgeServer -Identity {} -Registrar {}", &[&format!("EdgeServer:{}", ctx.survivor), &format!("Registrar:{}", change.to_pool)]);
    }
    s.check(text![
        "Registrar shows ",
        value(format!("Registrar:{}", change.to_pool)),
        "."
    ])
    .check_cmd(
        "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
        &[&ctx.survivor],
    )
    .procedure(Document::PoolFailover.at(" (Edge next hop)"));
    Some(section)
}

/// The failback puts back a next hop the failover changed, once its pool is running again.
pub(crate) fn restore_next_hop(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let t = ctx.t;
    let change = plan.next_hop.as_ref()?;
    let from = change.from_pool.clone()?;
    let edge = t.pools[t.edge_pools[plan.survivor].pool].fqdn.clone();
    let edge_site = t.pools[t.edge_pools[plan.survivor].pool].site;
    let same_site = t.pool_by_fqdn(&from).is_some_and(|p| t.pools[p].site == edge_site);
    let mut section = Section::new("Next hop");
    let s = section.step(
        "restore-next-hop",
        text!["Point the next hop of ", value(&edge), " back at ", value(&from)],
        if same_site { ctx.topology_builder() } else { ctx.shell() },
    );
    s.act(text![
        "The failover pointed it at ",
        value(&change.to_pool),
        " while ",
        value(&from),
        " was down; once ",
        value(&from),
        " runs again, point it back."
    ]);
    if same_site {
        s.act(ctx.open_topology_builder()).act(text![
            "Right-click ",
            value(&edge),
            ", select ",
            label("Edit Properties"),
            ", open ",
            label("Next hop"),
            " and select ",
            value(&from),
            "."
        ]);
    } else {
        s.cmd(
            "Set-CsEdgeServer -Identity {} -Registrar {}",
            &[&format!("EdgeServer:{edge}"), &format!("Registrar:{from}")],
        );
    }
    s.check(text!["Registrar shows ", value(format!("Registrar:{from}")), "."])
        .check_cmd(
            "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
            &[&edge],
        )
        .procedure(Document::PoolFailover.at(" (Edge next hop)"));
    Some(section)
}
