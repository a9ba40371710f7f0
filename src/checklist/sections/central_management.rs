//! The Central Management Server, when it is in a failed site: found and checked, then failed
//! over to the pool the topology pairs with it, or, when the topology pairs it with none,
//! handed to the DBA to rebuild, since no cmdlet can fail it over.

use crate::plan::Moves;
use crate::topology::{inference, pairing};

use super::preflight::ESCALATE;

use crate::checklist::context::{StepContext, FOLDER};
use crate::checklist::step::{Access, Change, Role, Section, Subject};
use crate::checklist::text::{text, value, Document, Span, Text};

/// Where the Central Management Server can go, from the file.
pub(crate) struct CmsTarget {
    pub(crate) cms: String,
    pub(crate) backup: Option<String>,
    /// A Front End server of the backup pool, where the cmdlets run.
    pub(crate) taker: Option<String>,
    pub(crate) target: pairing::CentralManagementTarget,
    pub(crate) lync_2010: bool,
}

pub(crate) fn cms_target(ctx: &StepContext, plan: &Moves) -> CmsTarget {
    let t = ctx.t;
    let cms = ctx.cms_down[0];
    let target = pairing::central_management_target(ctx.file, cms, &plan.scope.failed_sites);
    CmsTarget {
        cms: t.pools[cms].fqdn.clone(),
        backup: target.backup_pool.map(|b| t.pools[b].fqdn.clone()),
        taker: target
            .backup_pool
            .and_then(|b| t.pools[b].machines.first())
            .map(|m| m.fqdn.clone()),
        lync_2010: pairing::pool_version(t, cms) == Some(5),
        target,
    }
}

/// The check before the Central Management Server moves: -WhatIf, the backup relationship
/// from this server's replica and the store's status (the procedure's steps 1–3). It stops
/// the runbook where the file pairs the pool with no backup pool.
pub(crate) fn find(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    let c = cms_target(ctx, plan);
    let place = match (&c.taker, &c.backup) {
        (Some(server), Some(pool)) => text![
            "The Management Shell on ",
            value(server),
            " (a Front End server of ",
            value(pool),
            ", which takes the Central Management Server)"
        ],
        _ => ctx.shell(),
    };
    let s = section.step(
        &ctx.id("central-management-find"),
        match &c.backup {
            Some(b) => text!["Confirm that the Central Management Server can fail over to ", value(b)],
            None => text!["Confirm where the Central Management Server is, and that it has no backup pool"],
        },
        place,
    );
    s.act(match &c.backup {
        Some(b) => text![
            "The loaded topology has the active Central Management Server on ",
            value(&c.cms),
            ", in the failed site, and pairs that pool with ",
            value(b),
            ". Confirm it: -WhatIf shows the pool hosting it, the backup relationship comes from this server's replica of the store (-LocalStore), and the store status shows whether it still answers."
        ],
        None => text![
            "The loaded topology has the active Central Management Server on ",
            value(&c.cms),
            ", in the failed site, and pairs that pool with no backup pool. Invoke-CsManagementServerFailover fails over only to the database defined in Topology Builder, so it cannot be used here; confirm what the file says."
        ],
    })
    .cmd("Invoke-CsManagementServerFailover -WhatIf", &[])
    .cmd("Get-CsPoolBackupRelationship -PoolFqdn {} -LocalStore", &[&c.cms])
    .cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[]);
    match &c.backup {
        Some(b) => s
            .check(text![
                "-WhatIf names ",
                value(&c.cms),
                " as the host, the backup relationship names ",
                value(b),
                ", and ActiveMasterFqdn is empty or names the failed pool."
            ])
            .stop_if(
                text!["The backup relationship names no pool, or another one than ", value(b), "."],
                text![
                    "Nothing has changed yet; nothing can be published until the Central Management Server is back. Plan again from a fresh export of the local store, or ",
                    ESCALATE,
                    "."
                ],
            )
            .inferred(inference::BACKUP_POOL),
        None => s
            .check(text!["Get-CsPoolBackupRelationship shows no backup pool for ", value(&c.cms), "."])
            .stop_if(
                text!["The Central Management Server has no backup pool: the documented procedure has no way to fail it over."],
                text![
                    "Nothing can be published until it is back: restore the failed site's pool, or rebuild the Central Management store on a surviving Back End with the DBA (the next step, a hand-off). Federation stays down until then; ",
                    ESCALATE,
                    "."
                ],
            ),
    }
    .on(Subject::BackupPool(c.cms.clone()))
    .procedure(Document::PoolFailover.at(", steps 1–3"));
}

/// The Central Management Server moved: the documented failover where the file pairs it,
/// else the DBA's rebuild, named as the inference it is.
pub(crate) fn move_it(ctx: &StepContext, plan: &Moves, section: &mut Section, needs: &[String], undo_why: Text) {
    let first = section.steps.len();
    move_step(ctx, plan, section, undo_why);
    let ids: Vec<&str> = needs.iter().map(String::as_str).collect();
    let find = ctx.id("central-management-find");
    for s in &mut section.steps[first..] {
        if s.kind == crate::checklist::step::Kind::Change {
            s.after(&ids).after(&[find.as_str()]);
        }
    }
}

fn move_step(ctx: &StepContext, plan: &Moves, section: &mut Section, undo_why: Text) {
    let c = cms_target(ctx, plan);
    let place = match (&c.taker, &c.backup) {
        (Some(server), Some(pool)) => text![
            "The Management Shell on ",
            value(server),
            " (a Front End server of ",
            value(pool),
            ")"
        ],
        _ => ctx.shell(),
    };
    let store = c.target.candidates.first().map(|(store, _)| store.clone());
    let candidates = |c: &CmsTarget| -> Text {
        let mut out = text!["Back Ends the topology offers, the likeliest first: "];
        for (i, (store, why)) in c.target.candidates.iter().enumerate() {
            if i > 0 {
                out.0.push(Span::from("; "));
            }
            out.0.push(value(format!("{}\\{}", store.server, store.instance)));
            out.0.push(Span::from(match why {
                pairing::BackEndReason::StandbyStore => " (holds a standby Central Management store)",
                pairing::BackEndReason::BackupPoolBackEnd => " (the Back End of the backup pool)",
            }));
        }
        out.0.push(Span::from(". The command names the first."));
        out
    };
    let configuration = format!("{FOLDER}\\configuration-before.zip");
    match (&c.backup, store) {
        (Some(backup), Some(store)) if !c.lync_2010 => {
            // The cmdlet reference's DatabaseType value is CMS for Lync Server 2013 and
            // CentralMgmt from Skype for Business Server 2015; the procedure writes Centralmgmt.
            let version = c
                .target
                .backup_pool
                .and_then(|b| pairing::pool_version(ctx.t, b))
                .or_else(|| ctx.t.pool_by_fqdn(&c.cms).and_then(|p| pairing::pool_version(ctx.t, p)));
            let (database_type, other) = if version == Some(6) {
                ("CMS", "CentralMgmt, its name from Skype for Business Server 2015")
            } else {
                ("CentralMgmt", "CMS, its name in Lync Server 2013")
            };
            section
                .step(
                    &ctx.id("central-management-mirror"),
                    text!["See which Back End of ", value(backup), " holds the principal copy"],
                    place.clone(),
                )
                .act(text![format!(
                    "The cmdlet reference's value for this store is {database_type} (the other value is {other}); the procedure writes Centralmgmt."
                )])
                .cmd(&format!("Get-CsDatabaseMirrorState -DatabaseType {database_type} -PoolFqdn {{}}"), &[backup])
                .check(text!["StateOnPrimary and StateOnMirror show which Back End is the principal; DatabaseInaccessibleOrMirroringNotEnabled means the store is not mirrored."])
                .procedure(Document::PoolFailover.at(", step 5"));
            let s = section.step(
                &ctx.id("central-management-failover"),
                text!["Fail over the Central Management Server to ", value(backup)],
                place,
            );
            s.act(candidates(&c))
                .act(text!["If the store is mirrored, add -BackupMirrorSqlServerFqdn and -BackupMirrorSqlInstanceName with the mirror's names; the planner does not read mirrors from the file. The procedure's -MirrorSQLServerFqdn and -MirrorSQLInstanceName are not parameters in the cmdlet reference."]);
            if store.instance.is_empty() {
                s.cmd(
                    "Invoke-CsManagementServerFailover -BackupSqlServerFqdn {} -Force -Verbose",
                    &[&store.server],
                );
            } else {
                s.cmd(
                    "Invoke-CsManagementServerFailover -BackupSqlServerFqdn {} -BackupSqlInstanceName {} -Force -Verbose",
                    &[&store.server, &store.instance],
                );
            }
            s.check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica of a running pool shows UpToDate True."])
                .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
                .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate", &[])
                .changes(Change::CentralManagement)
                .cannot_undo(undo_why)
                .procedure(Document::PoolFailover.at(", step 5"))
                .inferred(inference::BACKUP_POOL);
        }
        (Some(backup), store) => {
            // Lync Server 2010 keeps no standby store; the procedure installs one (step 6).
            let s = section.step(
                &ctx.id("central-management-failover"),
                text!["Move the Central Management Server to ", value(backup)],
                place,
            );
            s.act(text![
                value(&c.cms),
                " runs Lync Server 2010, or the topology shows no Back End for its store: install a new Central Management store on the backup pool's Back End, then move the Central Management Server there from the configuration exported before you started (add -LisConfigurationFileName with your last Export-CsLisConfiguration file if you use E9-1-1). Then run Bootstrapper /Setup on every other Front End server of the backup pool."
            ]);
            if c.taker.as_deref() != Some(ctx.admin_server.as_str()) {
                s.act(text![
                    "The configuration file is in ",
                    value(FOLDER),
                    " on ",
                    value(&ctx.admin_server),
                    ": copy it to the same folder on this server first."
                ]);
            }
            if let Some(store) = &store {
                s.act(candidates(&c)).cmd(
                    "Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn {} -SqlInstanceName {}",
                    &[
                        &store.server,
                        if store.instance.is_empty() {
                            "rtc"
                        } else {
                            &store.instance
                        },
                    ],
                );
            } else {
                s.act(text![
                    "The topology shows no Back End for it: the DBA names the Back End of the backup pool."
                ]);
            }
            s.cmd("Move-CsManagementServer -ConfigurationFileName {} -Force", &[&configuration])
                .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica of a running pool shows UpToDate True."])
                .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
                .changes(Change::CentralManagement)
                .cannot_undo(undo_why)
                .file(Access::Read, &configuration, c.taker.as_deref().unwrap_or(&ctx.admin_server))
                .procedure(Document::PoolFailover.at(", step 6"));
            if c.lync_2010 {
                s.inferred(inference::LYNC_2010_VERSION);
            }
            ctx.hand_off(s, Role::Dba);
        }
        (None, _) => rebuild(ctx, plan, section, undo_why),
    }
}

/// No backup pool: the Central Management store can only be rebuilt on a surviving Back End.
/// The procedure does this for a backup pool; on any other pool it is an inference, and a
/// DBA's task with an escalation line, not a routine step.
fn rebuild(ctx: &StepContext, plan: &Moves, section: &mut Section, undo_why: Text) {
    let c = cms_target(ctx, plan);
    let back_ends = pairing::surviving_back_ends(ctx.file, &plan.scope.failed_sites);
    let configuration = format!("{FOLDER}\\configuration-before.zip");
    let s = section.step(
        &ctx.id("central-management-rebuild"),
        text!["Restore the failed site, or rebuild the Central Management store on a surviving Back End"],
        text!["The DBA, with the administrator on ", value(&ctx.admin_server)],
    );
    s.act(text![
        "Decide with the incident manager: restore the pool ",
        value(&c.cms),
        " (nothing else in this runbook can be published until its Central Management Server answers), or rebuild the Central Management store elsewhere. The rebuild is not a documented failover: the pool disaster-recovery procedure's step 6 does it for a backup pool only."
    ]);
    match back_ends.first() {
        Some(store) => {
            let names: Vec<String> = back_ends
                .iter()
                .map(|b| format!("{}\\{}", b.server, b.instance))
                .collect();
            s.act(text![
                "Surviving Back Ends in the topology: ",
                value(names.join("; ")),
                ". The commands name the first; the DBA confirms it has room and is the right one."
            ])
            .cmd(
                "Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn {} -SqlInstanceName {}",
                &[
                    &store.server,
                    if store.instance.is_empty() {
                        "rtc"
                    } else {
                        &store.instance
                    },
                ],
            )
            .cmd(
                "Move-CsManagementServer -ConfigurationFileName {} -Force",
                &[&configuration],
            )
            .act(text![
                "Then run Bootstrapper /Setup on every other Front End server of that Back End's pool."
            ]);
        }
        None => {
            s.act(text!["The topology shows no Back End outside the failed site, so there is nowhere to rebuild it: restore the failed site."]);
        }
    }
    s.check(text![
        "ActiveMasterFqdn names a running pool, and its replicas show UpToDate True."
    ])
    .check_cmd(
        "Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus",
        &[],
    )
    .act(text![format!(
        "If neither can be done within the incident, {ESCALATE}: federation stays down."
    )])
    .changes(Change::CentralManagement)
    .cannot_undo(undo_why)
    .file(Access::Read, &configuration, &ctx.admin_server)
    .procedure(Document::PoolFailover.at(", step 6"))
    .inferred(inference::CENTRAL_MANAGEMENT_REBUILD);
    ctx.hand_off(s, Role::Dba);
}

/// After the Central Management Server moved, the modified file no longer matches what is
/// published (it names the old active server): export again.
pub(crate) fn fresh_export(ctx: &StepContext, plan: &Moves, section: &mut Section) {
    let c = cms_target(ctx, plan);
    let file = ctx.path("topology-after-cms-failover.xml");
    section
        .step(
            &ctx.id("central-management-fresh-export"),
            text!["Export the topology again, now that the Central Management Server has moved"],
            ctx.shell(),
        )
        .act(text![
            "The modified topology was made from the export taken before, which names the Central Management Server on ",
            value(&c.cms),
            " as the active one: publishing it would undo the move. Export the topology now: the rollback republishes this export, not the older one. For route B, load it into the planner and plan the same failover again, then follow the new runbook from its Topology Builder steps; route A, Topology Builder, downloads the topology as it is now."
        ])
        .cmd(
            "if (-not (Test-Path {})) { (Get-CsTopology -AsXml).ToString() | Out-File -NoClobber -Encoding utf8 {} }",
            &[&file, &file],
        )
        .check(text!["The file exists and is not empty."])
        .file(Access::Write, &file, &ctx.admin_server)
        .practice()
        .inferred(inference::CENTRAL_MANAGEMENT_IN_TOPOLOGY);
}
