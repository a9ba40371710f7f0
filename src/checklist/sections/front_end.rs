//! The Front End pools that failed with the Edge: failed over, and failed back.

use crate::plan::Plan;
use crate::topology::PoolKind;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, Document, Section};

pub(crate) fn front_end_failover(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let t = ctx.t;
    let down: Vec<String> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(|p| t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    if down.is_empty() {
        return None;
    }
    let mut section = Section::new("Front End pools of the failed site");
    let s = section.step(
        "front-end-pool-failover",
        text!["Fail over the Front End pools of the failed site"],
        ctx.shell(),
    );
    s.act(text![
        if down.len() == 1 { "The Front End pool " } else { "The Front End pools " },
        value(down.join(", ")),
        if down.len() == 1 { " is" } else { " are" },
        if down.len() == 1 {
            " in the failed site. Fail it over to its backup pool with the pool disaster-recovery procedure."
        } else {
            " in the failed site. Fail them over to their backup pools with the pool disaster-recovery procedure."
        },
        if plan.next_hop.is_some() {
            " Invoke-CsPoolFailover refuses a pool that is still the next hop of a running Edge pool, so do this once the next-hop change is published."
        } else {
            ""
        }
    ]);
    for pool in &down {
        s.cmd("Invoke-CsPoolFailover -PoolFqdn {} -DisasterMode -Verbose", &[pool]);
    }
    s.check(text!["Users of those pools sign in again through their backup pools."])
        .procedure(Document::PoolFailover.at(", step 7"));
    Some(section)
}

/// The Front End pools that may have failed with the Edge pool: those of the failed sites, or
/// for a single failed Edge pool those of its site (then only perhaps). For a failback plan,
/// those of the restored pool's site.
pub(crate) fn front_end_pools_that_failed(ctx: &StepContext, plan: &Plan) -> (Vec<String>, bool) {
    let t = ctx.t;
    let (sites, certain): (Vec<usize>, bool) = if ctx.failback {
        let restored = t.pools[t.edge_pools[plan.survivor].pool].site;
        (restored.into_iter().collect(), ctx.restored_site_failed)
    } else if !plan.scope.failed_sites.is_empty() {
        (plan.scope.failed_sites.clone(), true)
    } else {
        let sites = plan
            .scope
            .failed_edges
            .iter()
            .filter_map(|e| t.pools[t.edge_pools[*e].pool].site)
            .collect();
        (sites, false)
    };
    let pools = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(|p| t.pools[*p].site.is_some_and(|s| sites.contains(&s)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    (pools, certain)
}

/// A failback: the restored site's Front End pools, if they had failed over too.
pub(crate) fn front_end_failback(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let (pools, certain) = front_end_pools_that_failed(ctx, plan);
    if pools.is_empty() {
        return None;
    }
    let mut section = Section::new(&format!("Front End pools of {}", ctx.survivor_site));
    let s = section.step(
        "failback-front-end",
        text!["Fail back Front End pools that had failed too"],
        ctx.shell(),
    );
    if certain {
        s.act(text![
            if pools.len() == 1 {
                "The Front End pool "
            } else {
                "The Front End pools "
            },
            value(pools.join(", ")),
            if pools.len() == 1 { " was" } else { " were" },
            if pools.len() == 1 {
                " in the failed site. Once it is healthy again, fail it back."
            } else {
                " in the failed site. Once they are healthy again, fail them back."
            }
        ]);
    } else {
        s.act(text![
            "If ",
            value(pools.join(", ")),
            " had also failed over to a backup pool, fail it back once it is healthy; otherwise skip this step."
        ]);
    }
    for pool in &pools {
        s.cmd("Invoke-CsPoolFailback -PoolFqdn {} -Verbose", &[pool]);
    }
    s.check(text![
        "The cmdlet finishes without errors and the pool's users sign in to it again."
    ])
    .procedure(Document::Failback.at(", step 5"));
    Some(section)
}
