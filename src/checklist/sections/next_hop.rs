//! The surviving Edge pool's next hop, moved out of the failed site and back.

use crate::plan::Plan;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, Document, Section, Step, Text};

/// An Edge pool's next hop moved to another pool.
struct Hop<'a> {
    edge: &'a str,
    to: &'a str,
    /// Both pools are in one site, so Topology Builder's next-hop list offers the new one.
    same_site: bool,
    /// The words around where to click in Topology Builder.
    click: [&'static str; 2],
}

/// Pointing an Edge pool's next hop at another pool, after saying `why`: in Topology Builder
/// when both are in one site, else with Set-CsEdgeServer -Registrar, as the product
/// documentation does; and how to see it done.
fn point_next_hop<'s>(
    ctx: &StepContext,
    section: &'s mut Section,
    id: &str,
    title: Text,
    hop: &Hop,
    why: Text,
) -> &'s mut Step {
    let step = section.step(
        id,
        title,
        if hop.same_site {
            ctx.topology_builder()
        } else {
            ctx.shell()
        },
    );
    step.act(why);
    if hop.same_site {
        step.act(ctx.open_topology_builder()).act(text![
            hop.click[0],
            value(hop.edge),
            ", select ",
            label("Edit Properties"),
            ", open ",
            label("Next hop"),
            " and select ",
            value(hop.to),
            hop.click[1]
        ]);
    } else {
        step.cmd(
            "Set-CsEdgeServer -Identity {} -Registrar {}",
            &[&format!("EdgeServer:{}", hop.edge), &format!("Registrar:{}", hop.to)],
        );
    }
    step.check(text!["Registrar shows ", value(format!("Registrar:{}", hop.to)), "."])
        .check_cmd(
            "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
            &[hop.edge],
        )
        .procedure(Document::PoolFailover.at(" (Edge next hop)"))
}

pub(crate) fn next_hop(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let change = plan.next_hop.as_ref()?;
    let hop = Hop {
        edge: &ctx.survivor,
        to: &change.to_pool,
        same_site: change.same_site,
        click: [
            "In Topology Builder, right-click ",
            ". The modified topology holds this change too, so route B applies it as well.",
        ],
    };
    let mut section = Section::new("Next hop");
    let step = point_next_hop(
        ctx,
        &mut section,
        "next-hop",
        text!["Point the next hop of ", value(hop.edge), " at ", value(hop.to)],
        &hop,
        text![
            "Its next hop ",
            value(change.from_pool.as_deref().unwrap_or_default()),
            " is in the failed site. Federation traffic from ",
            value(hop.edge),
            " must reach a running pool before federation can move to it."
        ],
    );
    if !hop.same_site {
        step.act(text![
            "The new next hop is in another site, which Topology Builder's next-hop list does not offer; the product documentation uses Set-CsEdgeServer. The modified topology holds this change too, so route B applies it as well."
        ]);
    }
    Some(section)
}

/// The failback puts back a next hop the failover changed, once its pool is running again.
pub(crate) fn restore_next_hop(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let t = ctx.t;
    let change = plan.next_hop.as_ref()?;
    let from = change.from_pool.as_deref()?;
    let edge_pool = &t.pools[t.edge_pools[plan.survivor].pool];
    let hop = Hop {
        edge: &edge_pool.fqdn,
        to: from,
        same_site: t.pool_by_fqdn(from).is_some_and(|p| t.pools[p].site == edge_pool.site),
        click: ["Right-click ", "."],
    };
    let mut section = Section::new("Next hop");
    point_next_hop(
        ctx,
        &mut section,
        "restore-next-hop",
        text!["Point the next hop of ", value(hop.edge), " back at ", value(from)],
        &hop,
        text![
            "The failover pointed it at ",
            value(&change.to_pool),
            " while ",
            value(from),
            " was down; once ",
            value(from),
            " runs again, point it back."
        ],
    );
    Some(section)
}
