//! The surviving Edge pool's next hop, moved out of the failed site and back.

use crate::plan::Plan;

use crate::checklist::context::{Names, POOL_DOC};
use crate::checklist::powershell::ps;
use crate::checklist::text::{step, text, ui, v, Section};

pub(crate) fn next_hop(n: &Names, plan: &Plan) -> Option<Section> {
    let change = plan.next_hop.as_ref()?;
    let mut s = step(
        "next-hop",
        text!["Point the next hop of ", v(&n.survivor), " at ", v(&change.to_pool)],
        if change.same_site {
            n.topology_builder()
        } else {
            n.shell()
        },
    )
    .act(text![
        "Its next hop ",
        v(change.from_pool.clone().unwrap_or_default()),
        " is in the failed site. Federation traffic from ",
        v(&n.survivor),
        " must reach a running pool before federation can move to it."
    ]);
    s = if change.same_site {
        s.act(n.open_topology_builder()).act(text![
            "In Topology Builder, right-click ",
            v(&n.survivor),
            ", select ",
            ui("Edit Properties"),
            ", open ",
            ui("Next hop"),
            " and select ",
            v(&change.to_pool),
            ". The modified topology holds this change too, so route B applies it as well."
        ])
    } else {
        s.act(text![
            "The new next hop is in another site, which Topology Builder's next-hop list does not offer; the product documentation uses Set-CsEdgeServer. The modified topology holds this change too, so route B applies it as well."
        ])
        .cmd(format!(
            "Set-CsEdgeServer -Identity {} -Registrar {}",
            ps(&format!("EdgeServer:{}", n.survivor)),
            ps(&format!("Registrar:{}", change.to_pool))
        ))
    };
    Some(Section {
        title: "Next hop".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "Registrar shows ",
                v(format!("Registrar:{}", change.to_pool)),
                "."
            ])
            .check_cmd(format!(
                "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
                ps(&n.survivor)
            ))
            .procedure(format!("{POOL_DOC} (Edge next hop)"))
            .done()],
    })
}

/// The failback puts back a next hop the failover changed, once its pool is running again.
pub(crate) fn restore_next_hop(r: &Names, plan: &Plan) -> Option<Section> {
    let t = r.t;
    let change = plan.next_hop.as_ref()?;
    let from = change.from_pool.clone()?;
    let edge = t.pools[t.edge_pools[plan.survivor].pool].fqdn.clone();
    let edge_site = t.pools[t.edge_pools[plan.survivor].pool].site;
    let same_site = t.pool_by_fqdn(&from).is_some_and(|p| t.pools[p].site == edge_site);
    let mut s = step(
        "restore-next-hop",
        text!["Point the next hop of ", v(&edge), " back at ", v(&from)],
        if same_site { r.topology_builder() } else { r.shell() },
    )
    .act(text![
        "The failover pointed it at ",
        v(&change.to_pool),
        " while ",
        v(&from),
        " was down; once ",
        v(&from),
        " runs again, point it back."
    ]);
    s = if same_site {
        s.act(r.open_topology_builder()).act(text![
            "Right-click ",
            v(&edge),
            ", select ",
            ui("Edit Properties"),
            ", open ",
            ui("Next hop"),
            " and select ",
            v(&from),
            "."
        ])
    } else {
        s.cmd(format!(
            "Set-CsEdgeServer -Identity {} -Registrar {}",
            ps(&format!("EdgeServer:{edge}")),
            ps(&format!("Registrar:{from}"))
        ))
    };
    Some(Section {
        title: "Next hop".into(),
        intro: None,
        steps: vec![s
            .check(text!["Registrar shows ", v(format!("Registrar:{from}")), "."])
            .check_cmd(format!(
                "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar",
                ps(&edge)
            ))
            .procedure(format!("{POOL_DOC} (Edge next hop)"))
            .done()],
    })
}
