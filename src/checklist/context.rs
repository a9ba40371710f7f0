//! What every section needs to know about the plan, computed once: the names of the pools,
//! servers and domains, where the administrator works, and which route the change takes.

use std::cell::Cell;

use crate::plan::{Direction, Plan};
use crate::topology::inference::Product;
use crate::topology::{addresses, PoolIdx, PoolKind, Topology, TopologyFile};

use super::powershell;
use super::text::{text, value, Citation, Document, Section, Span, Step, Text};

/// What every step is written with: the names the checklist needs, computed once, and where
/// this part of the checklist stands (a failback, embedded in a failover checklist, the
/// Topology Builder session already open).
pub(crate) struct StepContext<'a> {
    pub(crate) file: &'a TopologyFile,
    pub(crate) t: &'a Topology,
    pub(crate) family: &'static str,
    pub(crate) failed: Vec<String>,
    pub(crate) survivor: String,
    pub(crate) survivor_servers: Vec<String>,
    pub(crate) survivor_site: String,
    pub(crate) survivor_access: String,
    pub(crate) survivor_webconf: Option<String>,
    /// The public addresses of the survivor's Access Edge (not its Web Conferencing or A/V
    /// addresses, where those are separate).
    pub(crate) survivor_ips: Vec<String>,
    pub(crate) old_access: Vec<String>,
    pub(crate) domains: Vec<String>,
    pub(crate) admin_server: String,
    /// The pool of `admin_server`, for the Test- cmdlets that target a Front End pool.
    pub(crate) admin_pool: Option<String>,
    /// The file the plan was made from.
    pub(crate) loaded_name: String,
    pub(crate) file_name: String,
    pub(crate) failback: bool,
    /// The pools of the active Central Management Server that are in a failed site.
    pub(crate) cms_down: Vec<PoolIdx>,
    /// Lync Server 2013 runs on Windows Server 2008 R2, which lacks Resolve-DnsName,
    /// Test-NetConnection and Get-NetTCPConnection (they came with 2012 and 2012 R2).
    pub(crate) old_windows: bool,
    /// Whether a Topology Builder step has opened the session this part of the checklist
    /// edits in: only the first downloads the topology, and one publish ends it.
    pub(crate) tb_open: Cell<bool>,
    /// The failback inside a failover checklist, for which no modified file exists yet.
    pub(crate) embedded: bool,
    /// The restored pool's whole site had failed, so its Front End pools certainly failed over.
    pub(crate) restored_site_failed: bool,
}

impl<'a> StepContext<'a> {
    pub(crate) fn new(file: &'a TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> StepContext<'a> {
        let t = &file.topology;
        let survivor_edge = &t.edge_pools[plan.survivor];
        let survivor_pool = &t.pools[survivor_edge.pool];
        let failed = plan
            .scope
            .failed_edges
            .iter()
            .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
            .collect();
        let old_access = plan
            .scope
            .failed_edges
            .iter()
            .filter(|e| t.edge_pools[**e].has_sip_federation())
            .filter_map(|e| t.edge_pools[*e].access_fqdn.clone())
            .collect();
        let mut domains = t.sip_domains.clone();
        if domains.is_empty() {
            domains.extend(t.default_domain.clone());
        }
        // The Deployment Wizard runs on the survivor's servers, so its product names the
        // wizard's labels (a Lync Server 2013 Edge kept beside 2015 Front Ends says "Lync").
        let family = t.edge_product(survivor_edge).family();
        let (admin_server, admin_pool) = admin_server(t, plan);
        let cms_down = crate::plan::central_management_down(file, &plan.scope);
        StepContext {
            file,
            t,
            family,
            failed,
            survivor: survivor_pool.fqdn.clone(),
            survivor_servers: survivor_pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
            survivor_site: t.site_name(survivor_pool.site).to_owned(),
            survivor_access: survivor_edge.access_fqdn.clone().unwrap_or_default(),
            survivor_webconf: survivor_edge.web_conferencing_fqdn.clone(),
            survivor_ips: addresses::access_edge_addresses(file, survivor_edge),
            old_access,
            domains,
            admin_server,
            admin_pool,
            loaded_name: loaded_name.to_owned(),
            file_name: file_name.to_owned(),
            failback: plan.request.direction == Direction::Failback,
            cms_down: cms_down.into_iter().filter_map(|f| t.pool_by_fqdn(&f)).collect(),
            old_windows: t.product == Product::Lync2013 || t.service_versions.contains(&6),
            tb_open: Cell::new(false),
            embedded: false,
            restored_site_failed: false,
        }
    }

    pub(crate) fn failed_list(&self) -> String {
        self.failed.join(", ")
    }

    /// The Management Shell on the server the administrator works from.
    pub(crate) fn shell(&self) -> Text {
        text!["The Management Shell on ", value(&self.admin_server)]
    }

    /// Where a Topology Builder edit is made: route A only.
    pub(crate) fn topology_builder(&self) -> Text {
        text![
            "Topology Builder on ",
            value(&self.admin_server),
            " (route A: skip if you publish the modified file)"
        ]
    }

    /// The first Topology Builder step opens the session and downloads the topology; every
    /// later one continues in it, since downloading again discards the unpublished edits.
    pub(crate) fn open_topology_builder(&self) -> Text {
        if self.tb_open.replace(true) {
            text!["Continue in the same Topology Builder session; downloading again would discard the changes not yet published."]
        } else {
            text!["Open Topology Builder and download the topology from the existing deployment. Make every Topology Builder change below in this one session; it is published once, at the end."]
        }
    }

    /// A DNS lookup, with nslookup beside it where the servers may run Windows Server 2008 R2.
    pub(crate) fn lookups(&self, record: &str, name: &str) -> Vec<String> {
        powershell::lookups(record, name, self.old_windows)
    }
}

/// A Front End server that is up, to run Topology Builder and the Management Shell on, and
/// its pool.
pub(crate) fn admin_server(t: &Topology, plan: &Plan) -> (String, Option<String>) {
    let survivor_site = t.pools[t.edge_pools[plan.survivor].pool].site;
    let up = |p: &PoolIdx| !t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s));
    let fe: Vec<PoolIdx> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(up)
        .collect();
    // The first in the survivor's own site, else the first anywhere.
    let fe = fe.iter().find(|p| t.pools[**p].site == survivor_site).or(fe.first());
    match fe {
        Some(&p) => (
            t.pools[p]
                .machines
                .first()
                .map_or_else(|| t.pools[p].fqdn.clone(), |m| m.fqdn.clone()),
            Some(t.pools[p].fqdn.clone()),
        ),
        None => ("a Front End server".to_owned(), None),
    }
}

/// Whether the survivor's own ports change: only then must its servers run the Deployment
/// Wizard again. A pool that already carries federation keeps its ports.
pub(crate) fn survivor_ports_change(plan: &Plan) -> bool {
    (plan.federation_moves && !plan.survivor_already_federated) || (plan.xmpp_moves && !plan.survivor_already_xmpp)
}

/// The healthy pools whose federation the administrator chose to clear: their ports change
/// too, so their servers run the wizard as well.
pub(crate) fn cleared_healthy_pools(ctx: &StepContext, plan: &Plan) -> Vec<PoolIdx> {
    let t = ctx.t;
    // In the order of the topology, each once.
    let edges = t.edges().filter(|e| {
        (plan.federation_from.contains(e) || plan.xmpp_from.contains(e)) && !plan.scope.failed_edges.contains(e)
    });
    edges.map(|e| t.edge_pools[e].pool).collect()
}

/// The healthy pools a failback gives federation back to, which the failover cleared on
/// request: their ports change too, so their servers run the wizard as well.
pub(crate) fn restored_pools(ctx: &StepContext, plan: &Plan) -> Vec<PoolIdx> {
    let t = ctx.t;
    t.edges()
        .filter(|e| plan.federation_restored.contains(e) || plan.xmpp_restored.contains(e))
        .map(|e| t.edge_pools[e].pool)
        .collect()
}

/// The step of the federation failover procedure, or of the failback procedure, which repeats
/// it the other way as its step 2.
pub(crate) fn cite(ctx: &StepContext, failover: &'static str) -> Citation {
    if ctx.failback {
        Document::Failback.at(", step 2")
    } else {
        Document::FederationFailover.at(failover)
    }
}

/// "Each Edge server of <pool>: <servers>", the servers by name when the topology has them.
pub(crate) fn edge_servers(pool: &str, servers: &[String]) -> Text {
    if servers.is_empty() {
        text!["Each Edge server of ", value(pool)]
    } else {
        text!["Each Edge server of ", value(pool), ": ", value(servers.join(", "))]
    }
}

/// Starting or stopping the Lync or Skype for Business services on every server of the
/// surviving pool, and the command that shows them.
pub(crate) fn services_step<'s>(ctx: &StepContext, section: &'s mut Section, id: &str, start: bool) -> &'s mut Step {
    section
        .step(
            id,
            if start {
                text!["Start the services on every server of ", value(&ctx.survivor)]
            } else {
                text!["Stop the services on every server of ", value(&ctx.survivor)]
            },
            edge_servers(&ctx.survivor, &ctx.survivor_servers),
        )
        .cmd(
            if start {
                "Start-CsWindowsService"
            } else {
                "Stop-CsWindowsService"
            },
            &[],
        )
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status", &[])
}

/// " (203.0.113.10, 203.0.113.11)" with only the addresses as a value, so no renderer sets
/// the brackets as code next to another value (two code spans in a row merge in Markdown).
pub(crate) fn ips_in_brackets(ips: &[String]) -> Vec<Span> {
    if ips.is_empty() {
        Vec::new()
    } else {
        vec![Span::from(" ("), value(ips.join(", ")), Span::from(")")]
    }
}

/// `text` followed by the addresses in brackets and a full stop.
pub(crate) fn with_ips(mut text: Text, ips: &[String]) -> Text {
    text.0.extend(ips_in_brackets(ips));
    text.0.push(Span::from("."));
    text
}
