//! The Deployment Wizard on every Edge server whose ports the publish changed.

use crate::plan::Plan;
use crate::topology::inference;

use crate::checklist::context::{cite, cleared_healthy_pools, restored_pools, survivor_ports_change, StepContext};
use crate::checklist::text::{text, Section};

/// The wizard on every server whose ports the publish changed: the survivor's, unless it
/// already carried what moves to it, those of healthy pools cleared on request, and on
/// failback those whose federation comes back.
pub(crate) fn deployment_wizard(ctx: &StepContext, plan: &Plan) -> Option<Section> {
    let t = ctx.t;
    let mut pools: Vec<(String, Vec<String>)> = Vec::new();
    if survivor_ports_change(plan) {
        pools.push((ctx.survivor.clone(), ctx.survivor_servers.clone()));
    }
    for pool in cleared_healthy_pools(ctx, plan)
        .into_iter()
        .chain(restored_pools(ctx, plan))
    {
        let p = &t.pools[pool];
        pools.push((p.fqdn.clone(), p.machines.iter().map(|m| m.fqdn.clone()).collect()));
    }
    if pools.is_empty() {
        return None;
    }
    let wizard = format!("{} Deployment Wizard", ctx.family);
    let replicas: Vec<String> = pools
        .iter()
        .flat_map(|(pool, servers)| {
            if servers.is_empty() {
                vec![pool.clone()]
            } else {
                servers.clone()
            }
        })
        .collect();
    let servers: Vec<String> = pools.iter().flat_map(|(_, s)| s.iter().cloned()).collect();
    let names: Vec<String> = pools.iter().map(|(p, _)| p.clone()).collect();
    let mut section = Section::new(&format!("Deployment Wizard on every server of {}", names.join(" and ")));
    let ready = section.step(
        "replication-ready",
        text![
            "Wait until every server of ",
            value(names.join(" and ")),
            " has the published topology"
        ],
        ctx.shell(),
    );
    ready.act(text!["The Deployment Wizard sets up what the server's copy of the topology says, so run it on a server only once that server has replicated the publish."]);
    for server in &replicas {
        ready.cmd("Get-CsManagementStoreReplicationStatus -ReplicaFqdn {} | Select-Object ReplicaFqdn, UpToDate, LastStatusReport", &[server]);
    }
    ready
        .check(text![
            "UpToDate is True for each server; run the commands again until it is."
        ])
        .practice();
    for server in &servers {
        section
            .step(
                &format!("deployment-wizard:{server}"),
                text!["Run the Deployment Wizard again on ", value(server)],
                text![
                    "The Edge server ",
                    value(server),
                    " (console or remote desktop, as a local administrator)"
                ],
            )
            .act(text![
                "Open the ",
                label(wizard),
                ". Click ",
                label(format!("Install or Update {} System", ctx.family)),
                ", then ",
                label(format!("Setup or Remove {} Components", ctx.family)),
                ". Click ",
                label("Run Again"),
                "."
            ])
            .act(text![
                "At ",
                label(format!("Setup {} components", ctx.family)),
                ", click ",
                label("Next"),
                ". When the deployment is done, click ",
                label("View Log"),
                " to check the log files, then ",
                label("Finish"),
                "."
            ])
            .act(text![
                "If Get-CsWindowsService then shows a service that is not Running, start it with Start-CsWindowsService."
            ])
            .check(text!["The log shows no errors and the Edge services run."])
            .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[])
            .procedure(cite(ctx, ", steps 6–7"))
            .inferred(inference::DEPLOYMENT_WIZARD_EVERY_SERVER);
    }
    Some(section)
}
