//! The Front End pools that failed with the Edge: each failed over to its backup pool after
//! the procedure's read-only checks, and failed back later. A pool the topology pairs with
//! no backup pool cannot be failed over, and the runbook says so instead of giving a command.

use crate::plan::Moves;
use crate::topology::{pairing, PoolIdx, PoolKind};

use super::preflight::ESCALATE;

use crate::checklist::context::StepContext;
use crate::checklist::step::{Change, Section, Subject};
use crate::checklist::text::{text, Document, Text};

/// A Front End pool that may have failed, why, and the pool it fails over to.
pub(crate) struct DownPool {
    pub(crate) fqdn: String,
    pub(crate) backup: Option<String>,
    /// A Front End server of the backup pool, where the cmdlets run.
    pub(crate) backup_server: Option<String>,
    /// Why it may have failed: its site failed (certain), or its Edge did (perhaps).
    pub(crate) site_failed: bool,
}

/// The Front End pools of the failed sites, with their backup pools from the file.
pub(crate) fn failed_site_pools(ctx: &StepContext, plan: &Moves) -> Vec<DownPool> {
    let t = ctx.t;
    (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(|p| t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s)))
        .map(|p| down_pool(ctx, plan, p, true))
        .collect()
}

fn down_pool(ctx: &StepContext, plan: &Moves, p: PoolIdx, site_failed: bool) -> DownPool {
    let t = ctx.t;
    let up = |q: &PoolIdx| !t.pools[*q].site.is_some_and(|s| plan.scope.failed_sites.contains(&s));
    let backup = pairing::backup_pool(ctx.file, p).filter(up);
    DownPool {
        fqdn: t.pools[p].fqdn.clone(),
        backup: backup.map(|b| t.pools[b].fqdn.clone()),
        backup_server: backup.and_then(|b| t.pools[b].machines.first()).map(|m| m.fqdn.clone()),
        site_failed,
    }
}

/// The failover of the failed site's Front End pools, one pool at a time: the three
/// read-only checks, then Invoke-CsPoolFailover on a server of its backup pool. `needs` are
/// the gate and what else must pass first.
pub(crate) fn front_end_failover(ctx: &StepContext, plan: &Moves, needs: &[String]) -> Option<Section> {
    let down = failed_site_pools(ctx, plan);
    if down.is_empty() {
        return None;
    }
    let mut section = ctx.section("Front End pools of the failed site");
    let without: Vec<&str> = down
        .iter()
        .filter(|d| d.backup.is_none())
        .map(|d| d.fqdn.as_str())
        .collect();
    if !without.is_empty() {
        section.intro = Some(text![
            "The topology pairs ",
            value(without.join(", ")),
            " with no backup pool, and pool failover can only be invoked for a pool with one: its users stay signed out until the site is restored."
        ]);
    }
    for d in down.iter().filter(|d| d.backup.is_some()) {
        let backup = d.backup.clone().unwrap_or_default();
        let place = match &d.backup_server {
            Some(server) => text![
                "The Management Shell on ",
                value(server),
                " (a Front End server of ",
                value(&backup),
                ")"
            ],
            None => text!["The Management Shell on a Front End server of ", value(&backup)],
        };
        let check_id = ctx.id(&format!("front-end-backup:{}", d.fqdn));
        section
            .step(
                &check_id,
                text!["Confirm that ", value(&d.fqdn), " can fail over to ", value(&backup)],
                place.clone(),
            )
            .cmd("Invoke-CsManagementServerFailover -WhatIf", &[])
            .cmd("Get-CsPoolBackupRelationship -PoolFqdn {}", &[&d.fqdn])
            .cmd(
                "Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus",
                &[],
            )
            .check(text![
                "The Central Management Server runs on a pool that is up, and the backup relationship names ",
                value(&backup),
                "."
            ])
            .stop_if(
                text!["The Central Management Server does not answer, or the relationship names no backup pool."],
                text![
                    "Do not run the pool failover: ",
                    value(&d.fqdn),
                    " stays down. Fail over the Central Management Server first, or ",
                    ESCALATE,
                    "."
                ],
            )
            .on(Subject::BackupPool(d.fqdn.clone()))
            .procedure(Document::PoolFailover.at(", steps 1–3"));
        let mut ids: Vec<&str> = needs.iter().map(String::as_str).collect();
        ids.push(&check_id);
        let step = section.step(
            &ctx.id(&format!("front-end-pool-failover:{}", d.fqdn)),
            text!["Fail over ", value(&d.fqdn), " to ", value(&backup)],
            place,
        );
        step.act(text![
            value(&d.fqdn),
            " is in the failed site. Invoke-CsPoolFailover refuses a pool that is still the next hop of a running Edge pool, so this comes after the publish that changed the next hop."
        ])
        .cmd("Invoke-CsPoolFailover -PoolFqdn {} -DisasterMode -Verbose", &[&d.fqdn])
        .check(text!["The cmdlet finishes without errors, and users of ", value(&d.fqdn), " sign in through ", value(&backup), "."])
        .changes(Change::PoolFailover { pool: d.fqdn.clone() })
        .after(&ids)
        .undone_by(&format!("failback/front-end-failback:{}", d.fqdn))
        .procedure(Document::PoolFailover.at(", step 7"));
    }
    Some(section)
}

/// The Front End pools the failover could have failed over: those of the failed sites
/// (certainly, where paired), and for a failed Edge pool those whose media association named
/// it (perhaps: their Edge failed). Only pools with a backup pool: a pool without one cannot
/// have been failed over.
pub(crate) fn pools_that_may_have_failed(ctx: &StepContext, plan: &Moves, restored_site_failed: bool) -> Vec<DownPool> {
    let t = ctx.t;
    // On failback the "failed" pool of the plan is the temporary one: the pools that failed
    // belong to the restored pool, the plan's survivor.
    let restored = ctx.survivor_edge;
    let restored_site = t.pools[t.edge_pools[restored].pool].site;
    (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter_map(|p| {
            let in_site = t.pools[p].site.is_some_and(|s| Some(s) == restored_site);
            let uses_edge =
                t.edge_pools[restored].associations.iter().any(|a| a.pool == p) || plan.reassociated.contains(&p);
            let site_failed = restored_site_failed && in_site;
            // A pool could fail over only to a backup pool that ran: not one in the restored
            // site while that site was down.
            let backup_ran = pairing::backup_pool(ctx.file, p).is_some_and(|b| {
                !(restored_site_failed && t.pools[b].site.is_some() && t.pools[b].site == restored_site)
            });
            (backup_ran && (site_failed || uses_edge)).then(|| down_pool(ctx, plan, p, site_failed))
        })
        .filter(|d| d.backup.is_some())
        .collect()
}

/// A failback: each Front End pool that may have failed over is failed back, under its own
/// condition, last, as the failback procedure does.
pub(crate) fn front_end_failback(ctx: &StepContext, plan: &Moves, needs: &[String]) -> Option<Section> {
    let pools = pools_that_may_have_failed(ctx, plan, ctx.restored_site_failed);
    if pools.is_empty() {
        return None;
    }
    let mut section = ctx.section(&format!("Front End pools of {}", ctx.survivor_site));
    let ids: Vec<&str> = needs.iter().map(String::as_str).collect();
    for d in &pools {
        let backup = d.backup.clone().unwrap_or_default();
        let why: Text = if d.site_failed {
            text![
                value(&d.fqdn),
                " was in the failed site, so it was failed over to ",
                value(&backup),
                ". Once it is healthy again, fail it back."
            ]
        } else {
            text![
                "Only if ",
                value(&d.fqdn),
                " was failed over to ",
                value(&backup),
                " too (its Edge pool, ",
                value(&ctx.survivor),
                ", failed; the failover runbook does not fail it over): fail it back once it is healthy. Otherwise skip this step."
            ]
        };
        section
            .step(
                &ctx.id(&format!("front-end-failback:{}", d.fqdn)),
                text![
                    "Fail back ",
                    value(&d.fqdn),
                    if d.site_failed { "" } else { " if it failed over" }
                ],
                ctx.shell(),
            )
            .act(why)
            .cmd("Invoke-CsPoolFailback -PoolFqdn {} -Verbose", &[&d.fqdn])
            .check(text![
                "The cmdlet finishes without errors and the pool's users sign in to it again."
            ])
            .changes(Change::PoolFailover { pool: d.fqdn.clone() })
            .after(&ids)
            .cannot_undo(text![
                "failing the pool over again is the pool disaster-recovery procedure, not a rollback"
            ])
            .procedure(Document::Failback.at(", step 5"));
    }
    Some(section)
}
