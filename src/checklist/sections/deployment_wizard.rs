//! The Deployment Wizard on every Edge server whose ports the publish changed: once each
//! server has replicated the publish, as one step with a box per server.

use crate::plan::Moves;
use crate::topology::inference;

use super::preflight::{replicas, replication};

use crate::checklist::context::{cite, cleared_healthy_pools, restored_pools, survivor_ports_change, StepContext};
use crate::checklist::step::{Change, Section};
use crate::checklist::text::text;

/// The pools whose servers run the wizard, with their servers: the survivor's, unless it
/// already carried what moves to it, those of healthy pools cleared on request, and on
/// failback those whose federation comes back.
pub(crate) fn wizard_pools(ctx: &StepContext, plan: &Moves) -> Vec<(String, Vec<String>)> {
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
    pools
}

/// The wizard step's text, shared with the rollback, which runs it again on the same servers.
pub(crate) fn wizard_actions(ctx: &StepContext) -> [crate::checklist::text::Text; 3] {
    let wizard = format!("{} Deployment Wizard", ctx.family);
    [
        text![
            "On each server: open the ",
            label(wizard),
            ". Click ",
            label(format!("Install or Update {} System", ctx.family)),
            ", then ",
            label(format!("Setup or Remove {} Components", ctx.family)),
            ". Click ",
            label("Run Again"),
            "."
        ],
        text![
            "At ",
            label(format!("Setup {} components", ctx.family)),
            ", click ",
            label("Next"),
            ". When the deployment is done, click ",
            label("View Log"),
            " to check the log files, then ",
            label("Finish"),
            "."
        ],
        text![
            "If Get-CsWindowsService then shows a service that is not Running, start it with Start-CsWindowsService."
        ],
    ]
}

/// The replication wait and the wizard, after the publish;
/// `undo` the rollback step that runs the wizard again.
pub(crate) fn deployment_wizard(ctx: &StepContext, plan: &Moves, undo: &str) -> Option<Section> {
    let pools = wizard_pools(ctx, plan);
    if pools.is_empty() {
        return None;
    }
    let names: Vec<String> = pools.iter().map(|(p, _)| p.clone()).collect();
    let servers: Vec<String> = pools.iter().flat_map(|(p, s)| replicas(s, p)).collect();
    let mut section = ctx.section(&format!("Deployment Wizard on every server of {}", names.join(" and ")));
    section.intro = Some(text!["The Deployment Wizard sets up what the server's copy of the topology says, so it runs on a server only once that server has replicated the publish. Only these servers: the failed pool's never report UpToDate."]);
    replication(
        ctx,
        &mut section,
        "replication-ready",
        text![
            "Wait until every server of ",
            value(names.join(" and ")),
            " has the published topology"
        ],
        &ctx.survivor,
        &servers,
        15,
    );
    let ready = ctx.id("replication-ready");
    let [open, next, start] = wizard_actions(ctx);
    let s = section.step(
        &ctx.id("deployment-wizard"),
        text![
            "Run the Deployment Wizard again on every server of ",
            value(names.join(" and "))
        ],
        text!["Each Edge server, at its console or by remote desktop, as a local administrator"],
    );
    s.act(open)
        .act(next)
        .act(start)
        .boxes(servers.clone())
        .check(text![
            "On each server, the log shows no errors and the Edge services run."
        ])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[])
        .after(&[ready.as_str()])
        .undone_by(undo)
        .procedure(cite(ctx, ", steps 6–7"))
        .inferred(inference::DEPLOYMENT_WIZARD_EVERY_SERVER);
    for (pool, _) in &pools {
        s.changes(Change::Services {
            pool: pool.clone(),
            start: true,
        });
    }
    Some(section)
}
