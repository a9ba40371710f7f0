//! What every section needs to know about the plan, computed once: the names of the pools,
//! servers and domains, where the administrator works and keeps the incident's files, which
//! direction this part of the runbook goes, and which route the change takes.

use std::cell::Cell;

use crate::plan::{Direction, Moves, Route};
use crate::topology::inference::Product;
use crate::topology::{addresses, EdgeIdx, PoolIdx, PoolKind, Topology, TopologyFile};

use super::powershell;
use super::step::{Phase, Role, Section, Step};
use super::text::{text, value, Citation, Document, Span, Text};

/// The folder every host keeps the incident's files in.
pub(crate) const FOLDER: &str = "C:\\EdgeFailover";

/// What every step is written with: the names the checklist needs, computed once, and where
/// this part of the runbook stands (a failback, and whether it follows a failover in the
/// same runbook).
pub(crate) struct StepContext<'a> {
    pub(crate) file: &'a TopologyFile,
    pub(crate) t: &'a Topology,
    pub(crate) family: &'static str,
    pub(crate) product: Product,
    /// The pools that lose what moves: the failed ones (on a failback, the temporary one).
    pub(crate) failed: Vec<String>,
    pub(crate) survivor_edge: EdgeIdx,
    pub(crate) survivor: String,
    pub(crate) survivor_servers: Vec<String>,
    pub(crate) survivor_site: String,
    pub(crate) survivor_access: String,
    pub(crate) survivor_webconf: Option<String>,
    /// The public addresses of the survivor's Access Edge (not its Web Conferencing or A/V
    /// addresses, where those are separate).
    pub(crate) survivor_ips: Vec<String>,
    /// The pool XMPP federation moves to, its servers, site, Access Edge and addresses: the
    /// survivor unless another pool that already carries the XMPP ports was chosen. Every
    /// XMPP step names it.
    pub(crate) xmpp_edge: EdgeIdx,
    pub(crate) xmpp: String,
    pub(crate) xmpp_servers: Vec<String>,
    pub(crate) xmpp_site: String,
    pub(crate) xmpp_access: String,
    pub(crate) xmpp_ips: Vec<String>,
    /// The pools XMPP federation leaves, whether their XMPP ports are cleared or kept: no site's
    /// XMPP route names them afterwards.
    pub(crate) xmpp_left: Vec<String>,
    /// The Access Edge FQDNs of the failed pools that carried SIP federation.
    pub(crate) old_access: Vec<String>,
    pub(crate) domains: Vec<String>,
    /// The Front End server the administrator works on, where the incident's files live.
    pub(crate) admin_server: String,
    /// The pool of `admin_server`, for the Test- cmdlets that target a Front End pool.
    pub(crate) admin_pool: Option<String>,
    /// The file the plan was made from.
    pub(crate) loaded_name: String,
    /// The modified topology's file name.
    pub(crate) file_name: String,
    /// The file the published topology is checked against at the end: the modified file, or
    /// for the failback inside a failover's runbook the topology loaded before the failover.
    pub(crate) target_name: String,
    pub(crate) failback: bool,
    /// This failback follows a failover in the same runbook: its records are the failover's.
    pub(crate) embedded: bool,
    pub(crate) phase: Phase,
    pub(crate) route: Route,
    /// The pools of the active Central Management Server that are in a failed site.
    pub(crate) cms_down: Vec<PoolIdx>,
    /// The pools that carry SIP federation after this plan besides the survivor.
    pub(crate) federation_kept: Vec<String>,
    /// The pools that carry XMPP federation after this plan besides the XMPP target.
    pub(crate) xmpp_kept: Vec<String>,
    /// Whether a Topology Builder step has opened the session this part of the runbook edits
    /// in: the section says once that every step continues in it.
    pub(crate) tb_open: Cell<bool>,
    /// The restored pool's whole site had failed, so its Front End pools certainly failed over.
    pub(crate) restored_site_failed: bool,
}

impl<'a> StepContext<'a> {
    pub(crate) fn new(file: &'a TopologyFile, plan: &Moves, loaded_name: &str, file_name: &str) -> StepContext<'a> {
        let t = &file.topology;
        let survivor_edge = &t.edge_pools[plan.survivor];
        let survivor_pool = &t.pools[survivor_edge.pool];
        let name = |e: &EdgeIdx| t.pools[t.edge_pools[*e].pool].fqdn.clone();
        let failed = plan.scope.failed_edges.iter().map(name).collect();
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
        let product = t.edge_product(survivor_edge);
        let (admin_server, admin_pool) = admin_server(t, plan);
        let cms_down = crate::plan::central_management_down(file, &plan.scope);
        let failback = plan.request.direction == Direction::Failback;
        // Where XMPP does not move, nothing goes apart: the XMPP steps, if any, name the survivor.
        let xmpp_to = if plan.xmpp_moves { plan.xmpp_to } else { plan.survivor };
        // Pools that keep XMPP: those that carry it and neither lose it nor are the target.
        let leaves = |e: &EdgeIdx| plan.xmpp_from.contains(e) || plan.xmpp_moves && plan.xmpp_failed.contains(e);
        let xmpp_kept = t
            .edges()
            .filter(|e| *e != xmpp_to && t.edge_pools[*e].has_xmpp_federation() && !leaves(e))
            .map(|e| name(&e))
            .collect();
        let xmpp_left = t
            .edges()
            .filter(|e| *e != xmpp_to && leaves(e))
            .map(|e| name(&e))
            .collect();
        let xmpp_edge = &t.edge_pools[xmpp_to];
        let xmpp_pool = &t.pools[xmpp_edge.pool];
        StepContext {
            file,
            t,
            family: product.family(),
            product,
            failed,
            survivor_edge: plan.survivor,
            survivor: survivor_pool.fqdn.clone(),
            survivor_servers: survivor_pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
            survivor_site: t.site_name(survivor_pool.site).to_owned(),
            survivor_access: survivor_edge.access_fqdn.clone().unwrap_or_default(),
            survivor_webconf: survivor_edge.web_conferencing_fqdn.clone(),
            survivor_ips: addresses::access_edge_addresses(file, survivor_edge),
            xmpp_edge: xmpp_to,
            xmpp: xmpp_pool.fqdn.clone(),
            xmpp_servers: xmpp_pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
            xmpp_site: t.site_name(xmpp_pool.site).to_owned(),
            xmpp_access: xmpp_edge.access_fqdn.clone().unwrap_or_default(),
            xmpp_ips: addresses::access_edge_addresses(file, xmpp_edge),
            xmpp_left,
            old_access,
            domains,
            admin_server,
            admin_pool,
            loaded_name: loaded_name.to_owned(),
            file_name: file_name.to_owned(),
            target_name: file_name.to_owned(),
            failback,
            embedded: false,
            phase: if failback { Phase::Failback } else { Phase::Failover },
            route: plan.request.route,
            cms_down: cms_down.into_iter().filter_map(|f| t.pool_by_fqdn(&f)).collect(),
            federation_kept: plan.federation_kept.iter().map(name).collect(),
            xmpp_kept,
            tb_open: Cell::new(false),
            restored_site_failed: false,
        }
    }

    pub(crate) fn failed_list(&self) -> String {
        self.failed.join(", ")
    }

    /// A step id of this part of the runbook: the failback's are apart from the failover's.
    pub(crate) fn id(&self, id: &str) -> String {
        if self.embedded {
            format!("failback/{id}")
        } else {
            id.to_owned()
        }
    }

    /// A new section of this part of the runbook.
    pub(crate) fn section(&self, title: &str) -> Section {
        let mut s = Section::new(title);
        s.phase = self.phase;
        s
    }

    /// A file in the incident folder on the administrator's server. The failback's own
    /// records are named apart, so a failback never overwrites the failover's baseline.
    pub(crate) fn path(&self, name: &str) -> String {
        match (self.failback, name.split_once('.')) {
            (true, Some((stem, ext))) if stem.ends_with("-before") => format!("{FOLDER}\\{stem}-failback.{ext}"),
            _ => format!("{FOLDER}\\{name}"),
        }
    }

    /// A baseline recorded before the failover, which the failback puts back: in the
    /// failover's folder, whatever this part's own names are.
    pub(crate) fn failover_record(&self, name: &str) -> String {
        format!("{FOLDER}\\{name}")
    }

    /// Where the failover's record `name` is, in words: on this runbook's server when the
    /// failover is in the same runbook; else on the server the failover's runbook ran on.
    pub(crate) fn record_words(&self, name: &str) -> Text {
        if self.embedded || !self.failback {
            text![value(self.failover_record(name)), " on ", value(&self.admin_server)]
        } else {
            text![
                "the failover's ",
                value(name),
                " (in ",
                value(FOLDER),
                " on the server its runbook ran on), or your own record of the change"
            ]
        }
    }

    /// Whether the failover's records are on this runbook's server: only then does a step
    /// read them there.
    pub(crate) fn has_failover_records(&self) -> bool {
        self.embedded || !self.failback
    }

    /// The Management Shell on the server the administrator works from.
    pub(crate) fn shell(&self) -> Text {
        text!["The Management Shell on ", value(&self.admin_server)]
    }

    /// Where a Topology Builder edit is made.
    pub(crate) fn topology_builder(&self) -> Text {
        text!["Topology Builder on ", value(&self.admin_server)]
    }

    /// A DNS lookup of public records, asked of a public resolver so an internal zone of the
    /// same name (split-brain DNS) does not answer, with nslookup beside it for servers on
    /// Windows Server 2008 R2, which lacks Resolve-DnsName.
    pub(crate) fn lookups(&self, record: &str, name: &str) -> Vec<String> {
        powershell::public_lookups(record, name)
    }

    /// The role's hand-off: who does the step, and that the runbook waits for them.
    pub(crate) fn hand_off<'s>(&self, step: &'s mut Step, role: Role) -> &'s mut Step {
        step.by(role);
        if role != Role::Administrator {
            step.actions.insert(
                0,
                text![format!(
                    "Hand off to the {}; wait for their confirmation before the next step.",
                    role.label()
                )],
            );
        }
        step
    }

    /// The servers of an Edge pool by name, or the pool where the topology names none.
    pub(crate) fn servers_of(&self, pool: &str) -> Vec<String> {
        let t = self.t;
        match t.pool_by_fqdn(pool) {
            Some(p) if !t.pools[p].machines.is_empty() => t.pools[p].machines.iter().map(|m| m.fqdn.clone()).collect(),
            _ => vec![pool.to_owned()],
        }
    }
}

/// A Front End server that is up, to run Topology Builder and the Management Shell on, and
/// its pool.
pub(crate) fn admin_server(t: &Topology, plan: &Moves) -> (String, Option<String>) {
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
/// Wizard again. A pool that already carries federation keeps its ports, and XMPP moved to
/// another pool is one that already carries the XMPP ports.
pub(crate) fn survivor_ports_change(plan: &Moves) -> bool {
    (plan.federation_moves && !plan.survivor_already_federated) || (plan.xmpp_moves && !plan.xmpp_target_has_ports)
}

/// Whether the XMPP target is another pool than the survivor.
pub(crate) fn xmpp_apart(ctx: &StepContext) -> bool {
    ctx.xmpp_edge != ctx.survivor_edge
}

/// The healthy pools whose federation the administrator chose to clear: their ports change
/// too, so their servers run the wizard as well.
pub(crate) fn cleared_healthy_pools(ctx: &StepContext, plan: &Moves) -> Vec<PoolIdx> {
    let t = ctx.t;
    // In the order of the topology, each once.
    let edges = t.edges().filter(|e| {
        (plan.federation_from.contains(e) || plan.xmpp_from.contains(e)) && !plan.scope.failed_edges.contains(e)
    });
    edges.map(|e| t.edge_pools[e].pool).collect()
}

/// The healthy pools a failback gives federation back to, which the failover cleared on
/// request: their ports change too, so their servers run the wizard as well.
pub(crate) fn restored_pools(ctx: &StepContext, plan: &Moves) -> Vec<PoolIdx> {
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
