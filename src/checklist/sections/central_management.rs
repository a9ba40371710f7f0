//! The Central Management Server, when it is in a failed site: it fails over first.

use crate::plan::Plan;
use crate::topology::{inference, pairing};

use super::before::current_state;

use crate::checklist::context::StepContext;
use crate::checklist::text::{text, value, Document, Section, Span};

/// The Central Management Server failover of the pool disaster-recovery procedure (steps 1–3
/// and 5, or 6 for a Lync Server 2010 pool), then what had to wait for it.
pub(crate) fn central_management(ctx: &StepContext, plan: &Plan) -> Section {
    let t = ctx.t;
    let cms = ctx.cms_down[0];
    let cms_fqdn = t.pools[cms].fqdn.clone();
    let target = pairing::central_management_target(ctx.file, cms, &plan.scope.failed_sites);
    let backup = target.backup_pool.map(|b| t.pools[b].fqdn.clone());
    // The cmdlets run on a server of the pool that takes the Central Management Server.
    let taker = target
        .backup_pool
        .and_then(|b| t.pools[b].machines.first())
        .map(|m| m.fqdn.clone());
    let place = match (&taker, &backup) {
        (Some(server), Some(pool)) => text![
            "The Management Shell on ",
            value(server),
            " (a Front End server of ",
            value(pool),
            ", which takes the Central Management Server)"
        ],
        _ => text![
            "The Management Shell on a Front End server of the backup pool of ",
            value(&cms_fqdn)
        ],
    };
    let lync_2010 = pairing::pool_version(t, cms) == Some(5);
    let mut section = Section::new("Central Management Server");
    section.intro = Some(text!["Publishing and Set-CsEdgeServer write to the Central Management Store, and reading the live deployment needs it too, so it fails over first, as the pool disaster-recovery procedure does."]);
    let find = section.step(
        "central-management-find",
        text!["Find the Central Management Server and its backup pool"],
        place.clone(),
    );
    find.act(match &backup {
        Some(b) => text![
            "The loaded topology has the active Central Management Server on ",
            value(&cms_fqdn),
            ", in the failed site, and pairs that pool with ",
            value(b),
            ". Confirm it: -WhatIf shows the pool hosting it, the backup relationship comes from this server's replica of the store (-LocalStore), and the store status shows whether it still answers."
        ],
        None => text![
            "The loaded topology has the active Central Management Server on ",
            value(&cms_fqdn),
            ", in the failed site, and pairs that pool with no backup pool. Find it: -WhatIf shows the pool hosting the Central Management Server, and the backup relationship comes from this server's replica of the store (-LocalStore)."
        ],
    })
    .cmd("Invoke-CsManagementServerFailover -WhatIf", &[])
    .cmd("Get-CsPoolBackupRelationship -PoolFqdn {} -LocalStore", &[&cms_fqdn])
    .cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
    .check(text![
        "The output names ",
        value(&cms_fqdn),
        " as the host; ActiveMasterFqdn and ActiveFileTransferAgents are empty or name it, so the Central Management Server must fail over."
    ])
    .procedure(Document::PoolFailover.at(", steps 1–3"));
    if backup.is_some() {
        find.inferred(inference::BACKUP_POOL);
    }
    // The Back End to name, from the file; asked for when the file shows none.
    let store = target.candidates.first().map(|(store, _)| store);
    let candidates = if target.candidates.is_empty() {
        text!["The topology shows no Central Management store outside the failed site and no backup pool, so the command asks for the Back End's names: take them from Get-CsPoolBackupRelationship and Topology Builder."]
    } else {
        let mut c = text!["Back Ends the topology offers, the likeliest first: "];
        for (i, (store, why)) in target.candidates.iter().enumerate() {
            if i > 0 {
                c.0.push(Span::from("; "));
            }
            c.0.push(value(format!("{}\\{}", store.server, store.instance)));
            c.0.push(Span::from(match why {
                pairing::BackEndReason::StandbyStore => " (holds a standby Central Management store)",
                pairing::BackEndReason::BackupPoolBackEnd => " (the Back End of the backup pool)",
            }));
        }
        c.0.push(Span::from(". The command names the first."));
        c
    };
    if lync_2010 {
        let s = section.step(
            "central-management-failover",
            text!["Move the Central Management Server to the backup pool"],
            place,
        );
        s.act(text![
            value(&cms_fqdn),
            " runs Lync Server 2010, which keeps no standby store to fail over to: install a new Central Management store on the backup pool's Back End, then move the Central Management Server there from the configuration exported before you started (add -LisConfigurationFileName with your last Export-CsLisConfiguration file if you use E9-1-1)."
        ])
        .act(candidates);
        if taker.as_deref() != Some(ctx.admin_server.as_str()) {
            s.act(text![
                "The configuration file is in C:\\EdgeFailover on ",
                value(&ctx.admin_server),
                ": copy it to this server first."
            ]);
        }
        match store {
            Some(store) => s.cmd(
                "Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn {} -SqlInstanceName {}",
                &[&store.server, &store.instance],
            ),
            None => s.cmd(
                "Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn (Read-Host 'Back End server of the backup pool') -SqlInstanceName (Read-Host 'Its SQL Server instance')",
                &[],
            ),
        }
        .cmd("Move-CsManagementServer -ConfigurationFileName 'C:\\EdgeFailover\\configuration-before.zip' -Force", &[])
            .act(text!["Then run Bootstrapper /Setup on every other Front End server of the backup pool, to install the Central Management Server service there."])
            .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica shows UpToDate True."])
            .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate", &[])
            .procedure(Document::PoolFailover.at(", step 6"))
            .inferred(inference::LYNC_2010_VERSION);
    } else {
        // The cmdlet reference's DatabaseType value is CMS for Lync Server 2013 and
        // CentralMgmt from Skype for Business Server 2015; the procedure writes Centralmgmt.
        let backup_version = target
            .backup_pool
            .and_then(|b| pairing::pool_version(t, b))
            .or_else(|| pairing::pool_version(t, cms));
        let (database_type, other) = if backup_version == Some(6) {
            ("CMS", "CentralMgmt, its name from Skype for Business Server 2015")
        } else {
            ("CentralMgmt", "CMS, its name in Lync Server 2013")
        };
        let mirror = section.step(
            "central-management-mirror",
            text!["See which Back End of the backup pool holds the principal copy"],
            place.clone(),
        );
        mirror.act(text![format!(
            "Run on the same server. The cmdlet reference's value for this store is {database_type} (the other value is {other}); the procedure writes Centralmgmt."
        )]);
        match &backup {
            Some(b) => mirror.cmd(&format!("Get-CsDatabaseMirrorState -DatabaseType {database_type} -PoolFqdn {{}}"), &[b]),
            None => mirror.cmd(
                &format!("Get-CsDatabaseMirrorState -DatabaseType {database_type} -PoolFqdn (Read-Host 'Backup pool FQDN')"),
                &[],
            ),
        }
        .check(text!["StateOnPrimary and StateOnMirror show which Back End is the principal; DatabaseInaccessibleOrMirroringNotEnabled means the store is not mirrored."])
        .procedure(Document::PoolFailover.at(", step 5"));
        let s = section.step(
            "central-management-failover",
            match &backup {
                Some(b) => text!["Fail over the Central Management Server to ", value(b)],
                None => text!["Fail over the Central Management Server to the backup pool"],
            },
            place,
        );
        s.act(candidates)
        .act(text!["If the store is mirrored, add -BackupMirrorSqlServerFqdn and -BackupMirrorSqlInstanceName with the mirror's names; the planner does not read mirrors from the file. The procedure's -MirrorSQLServerFqdn and -MirrorSQLInstanceName are not parameters in the cmdlet reference."])
        .cmd(
            match store {
                Some(store) if store.instance.is_empty() => "Invoke-CsManagementServerFailover -BackupSqlServerFqdn {} -Force -Verbose",
                Some(_) => "Invoke-CsManagementServerFailover -BackupSqlServerFqdn {} -BackupSqlInstanceName {} -Force -Verbose",
                None => "Invoke-CsManagementServerFailover -BackupSqlServerFqdn (Read-Host 'Back End server of the backup pool') -BackupSqlInstanceName (Read-Host 'Its SQL Server instance') -Force -Verbose",
            },
            &store.map_or_else(Vec::new, |store| vec![store.server.as_str(), &store.instance]),
        )
        .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica shows UpToDate True."])
        .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus", &[])
        .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate", &[])
        .procedure(Document::PoolFailover.at(", step 5"));
        if !target.candidates.is_empty() {
            s.inferred(inference::BACKUP_POOL);
        }
    }
    current_state(ctx, &mut section);
    section.step(
            "central-management-fresh-export",
            text!["Export the topology again, now that the Central Management Server has moved"],
            ctx.shell(),
        )
        .act(text![
            "The modified topology was made from the export taken before this failover, which names the Central Management Server on ",
            value(&cms_fqdn),
            " as the active one: publishing it would undo the failover. Export the topology now. For route B, load this export into the planner and plan the same failover again, then follow the new checklist from its topology steps; route A, Topology Builder, downloads the topology as it is now."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-after-cms-failover.xml", &[])
        .check(text!["The file exists and is not empty."])
        .practice()
        .inferred(inference::CENTRAL_MANAGEMENT_IN_TOPOLOGY);
    section
}
