//! The checklist as data: numbered steps, each saying where it is done, what to do, the exact
//! commands and how to verify it, with the real pool, site and domain names filled in.
//!
//! Names from the file are kept apart from the planner's own words ([`Span::Value`]), so every
//! renderer shows them as text and never as markup; in commands they are single-quoted for
//! PowerShell, so a hostile name cannot run anything when pasted.

use std::cell::Cell;

use std::borrow::Cow;

use serde::Serialize;

use crate::edit::{Diff, FailoverEdit};
use crate::plan::{CheckSeverity, Direction, FailoverRequest, Failure, Plan, Scope};
use crate::topology::inference::{self, Inference, Product};
use crate::topology::{addresses, pairing, FederationRoute, PoolIdx, PoolKind, Topology, TopologyFile};

/// Words of a step: the planner's own are borrowed from the program, so building a checklist
/// copies none of its thousands of fixed phrases (and the page carries less code for it).
pub type Words = Cow<'static, str>;

/// A piece of step text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Span {
    /// The planner's own words.
    Text(Words),
    /// A name or value from the topology (or typed by the user).
    Value(Words),
    /// A label in Topology Builder or the Deployment Wizard.
    Ui(Words),
}

impl From<&'static str> for Span {
    fn from(s: &'static str) -> Span {
        Span::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Span {
    fn from(s: String) -> Span {
        Span::Text(Cow::Owned(s))
    }
}

pub fn v(s: impl Into<String>) -> Span {
    Span::Value(Cow::Owned(s.into()))
}

pub fn ui(s: impl Into<Words>) -> Span {
    Span::Ui(s.into())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Span>);

impl Text {
    /// The text with no markup at all (for plain-text status updates and titles).
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Span::Text(t) | Span::Value(t) => t.to_string(),
                Span::Ui(t) => format!("\"{t}\""),
            })
            .collect()
    }
}

macro_rules! text {
    ($($part:expr),* $(,)?) => { Text(vec![$(Span::from($part)),*]) };
}

/// A value quoted for PowerShell: single quotes, which expand nothing; quotes inside doubled.
pub fn ps(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Why a step is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Basis {
    /// A step of the product's own procedure (the document and step numbers).
    Procedure(String),
    /// Rests on a reading the planner infers (see `inference`).
    Inferred(&'static str),
    /// Good practice the procedure leaves implicit.
    Practice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable across re-generation of the same plan, for saved progress.
    pub id: String,
    pub number: usize,
    pub title: Text,
    /// Where the step is done: a server, the DNS, the firewall, the partners.
    pub place: Text,
    pub actions: Vec<Text>,
    /// PowerShell to run, each a complete command.
    pub commands: Vec<String>,
    pub verify: Vec<Text>,
    pub verify_commands: Vec<String>,
    pub basis: Vec<Basis>,
    /// What a re-export of the published topology can say about the step ([`crate::verify`]).
    pub from_published: FromPublished,
}

/// Whether checking the published topology can tick a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FromPublished {
    /// Not a step a verification is about.
    #[default]
    Silent,
    /// Done when the published topology has the plan's federation pools, next hops, Edge
    /// associations and site routes.
    Confirms,
    /// No topology file can show it: DNS, certificates, firewall, partners, replication.
    CannotConfirm,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub intro: Option<Text>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Checklist {
    pub title: Text,
    /// The failed and surviving pools and what changes: the summary's first part.
    pub facts: Vec<Text>,
    /// The choices to make before the first step.
    pub decisions: Vec<Text>,
    /// The outages the steps cause, and how long they last.
    pub outages: Vec<Text>,
    /// What to do first: step 1, where.
    pub first_action: Text,
    pub checks: Vec<(CheckSeverity, String)>,
    pub sections: Vec<Section>,
    /// The inferences the steps rest on, for the closing "what is inferred" list.
    pub inferences: Vec<Inference>,
}

impl Checklist {
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.sections.iter().flat_map(|s| s.steps.iter())
    }
}

struct StepBuilder {
    step: Step,
}

fn step(id: impl Into<String>, title: Text, place: Text) -> StepBuilder {
    StepBuilder {
        step: Step {
            id: id.into(),
            number: 0,
            title,
            place,
            actions: Vec::new(),
            commands: Vec::new(),
            verify: Vec::new(),
            verify_commands: Vec::new(),
            basis: Vec::new(),
            from_published: FromPublished::Silent,
        },
    }
}

impl StepBuilder {
    fn act(mut self, t: Text) -> Self {
        self.step.actions.push(t);
        self
    }
    fn cmd(mut self, c: impl Into<String>) -> Self {
        self.step.commands.push(c.into());
        self
    }
    fn check(mut self, t: Text) -> Self {
        self.step.verify.push(t);
        self
    }
    fn check_cmd(mut self, c: impl Into<String>) -> Self {
        self.step.verify_commands.push(c.into());
        self
    }
    fn procedure(mut self, p: impl Into<String>) -> Self {
        self.step.basis.push(Basis::Procedure(p.into()));
        self
    }
    fn inferred(mut self, i: Inference) -> Self {
        // Only readings that are not confirmed belong in the closing "what this plan infers".
        debug_assert!(i.certainty != inference::Certainty::Confirmed, "{} is confirmed", i.id);
        self.step.basis.push(Basis::Inferred(i.id));
        self
    }
    fn practice(mut self) -> Self {
        self.step.basis.push(Basis::Practice);
        self
    }
    fn published(mut self, f: FromPublished) -> Self {
        self.step.from_published = f;
        self
    }
    fn done(self) -> Step {
        self.step
    }
}

const FEDERATION_DOC: &str = "Failing over the Edge pool used for federation";
const XMPP_DOC: &str = "Failing over the Edge pool used for XMPP federation";
const FAILBACK_DOC: &str = "Failing back the Edge pool used for federation or XMPP federation";
const ASSOCIATION_DOC: &str = "Changing the Edge pool associated with a Front End pool";
const POOL_DOC: &str = "Failing over and failing back a pool";

/// Names the checklist needs, computed once.
struct Names<'a> {
    file: &'a TopologyFile,
    t: &'a Topology,
    family: &'static str,
    failed: Vec<String>,
    survivor: String,
    survivor_servers: Vec<String>,
    survivor_site: String,
    survivor_access: String,
    survivor_webconf: Option<String>,
    /// The public addresses of the survivor's Access Edge (not its Web Conferencing or A/V
    /// addresses, where those are separate).
    survivor_ips: Vec<String>,
    old_access: Vec<String>,
    domains: Vec<String>,
    admin_server: String,
    /// The pool of `admin_server`, for the Test- cmdlets that target a Front End pool.
    admin_pool: Option<String>,
    /// The file the plan was made from.
    loaded_name: String,
    file_name: String,
    failback: bool,
    /// The pools of the active Central Management Server that are in a failed site.
    cms_down: Vec<PoolIdx>,
    /// Lync Server 2013 runs on Windows Server 2008 R2, which lacks Resolve-DnsName,
    /// Test-NetConnection and Get-NetTCPConnection (they came with 2012 and 2012 R2).
    old_windows: bool,
    /// Whether a Topology Builder step has opened the session this part of the checklist
    /// edits in: only the first downloads the topology, and one publish ends it.
    tb_open: Cell<bool>,
    /// The failback inside a failover checklist, for which no modified file exists yet.
    embedded: bool,
    /// The restored pool's whole site had failed, so its Front End pools certainly failed over.
    restored_site_failed: bool,
}

impl<'a> Names<'a> {
    fn new(file: &'a TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> Names<'a> {
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
        let cms_down = crate::plan::validation::central_management_down(file, &plan.scope);
        Names {
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

    fn failed_list(&self) -> String {
        self.failed.join(", ")
    }

    /// The Management Shell on the server the administrator works from.
    fn shell(&self) -> Text {
        text!["The Management Shell on ", v(&self.admin_server)]
    }

    /// Where a Topology Builder edit is made: route A only.
    fn topology_builder(&self) -> Text {
        text![
            "Topology Builder on ",
            v(&self.admin_server),
            " (route A: skip if you publish the modified file)"
        ]
    }

    /// The first Topology Builder step opens the session and downloads the topology; every
    /// later one continues in it, since downloading again discards the unpublished edits.
    fn open_topology_builder(&self) -> Text {
        if self.tb_open.replace(true) {
            text!["Continue in the same Topology Builder session; downloading again would discard the changes not yet published."]
        } else {
            text!["Open Topology Builder and download the topology from the existing deployment. Make every Topology Builder change below in this one session; it is published once, at the end."]
        }
    }

    /// A DNS lookup, with nslookup beside it where the servers may run Windows Server 2008 R2.
    fn lookups(&self, kind: &str, name: &str) -> Vec<String> {
        let mut v = vec![format!("Resolve-DnsName -Type {kind} -Name {}", ps(name))];
        if self.old_windows {
            v.push(format!("nslookup -type={kind} {}", ps(name)));
        }
        v
    }
}

/// A Front End server that is up, to run Topology Builder and the Management Shell on, and
/// its pool.
fn admin_server(t: &Topology, plan: &Plan) -> (String, Option<String>) {
    let survivor_site = t.pools[t.edge_pools[plan.survivor].pool].site;
    let up = |p: &PoolIdx| !t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s));
    let mut fe: Vec<PoolIdx> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(up)
        .collect();
    crate::order::sort_by_key(&mut fe, |p| t.pools[*p].site != survivor_site);
    match fe.first() {
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

/// Builds the checklist for a plan. `file_name` is the name of the downloaded modified topology
/// as [`crate::plan::output_file_name`] makes it, from which the loaded file's name is taken
/// back; with any other name use [`build_for`].
pub fn build(file: &TopologyFile, plan: &Plan, file_name: &str) -> Checklist {
    build_for(file, plan, &original_name(file_name), file_name)
}

/// Builds the checklist for a plan made from the file `loaded_name`, whose modified topology
/// is downloaded as `file_name`.
pub fn build_for(file: &TopologyFile, plan: &Plan, loaded_name: &str, file_name: &str) -> Checklist {
    let t = &file.topology;
    let n = Names::new(file, plan, loaded_name, file_name);
    let mut sections = vec![before(&n, plan)];
    if n.failback {
        sections.push(restored_start(&n));
    } else if !n.cms_down.is_empty() {
        sections.push(central_management(&n, plan));
    }
    sections.extend(procedure(&n, plan));
    if !n.failback {
        sections.extend(failback(&n, plan));
    }
    let mut number = 0;
    for s in &mut sections {
        for st in &mut s.steps {
            number += 1;
            st.number = number;
        }
    }
    let moves = |sip: &str, xmpp: &str, neither: &str| -> String {
        if plan.federation_moves {
            sip.to_owned()
        } else if plan.xmpp_moves {
            xmpp.to_owned()
        } else {
            neither.to_owned()
        }
    };
    let title = match &plan.request.failure {
        _ if n.failback => text![
            moves(
                "Edge federation failback: ",
                "Edge XMPP federation failback: ",
                "Edge pool failback (federation does not move): "
            ),
            v(n.failed_list()),
            " → ",
            v(&n.survivor)
        ],
        Failure::Site(site) if !plan.federation_moves && !plan.xmpp_moves => text![
            "Edge site failover (federation does not move): ",
            v(site.clone()),
            " → ",
            v(&n.survivor)
        ],
        _ => text![
            moves(
                "Edge federation failover: ",
                "Edge XMPP federation failover: ",
                "Edge pool failover (federation does not move): "
            ),
            v(n.failed_list()),
            " → ",
            v(&n.survivor)
        ],
    };
    let mut facts = Vec::new();
    if let Some(f) = t
        .findings
        .iter()
        .find(|f| f.kind == crate::topology::FindingKind::TemplateVariables)
    {
        facts.push(text!["Warning: ", f.message.clone()]);
    }
    facts.extend([
        text!["Product: ", v(t.product.name()), " (", v(t.format.label()), ")."],
        match &plan.request.failure {
            Failure::Site(site) if !n.failback => text![
                "Failed: the whole site ",
                v(site.clone()),
                " (Edge pools ",
                v(n.failed_list()),
                ")."
            ],
            _ if n.failback => text![
                "Restored: ",
                v(&n.survivor),
                "; federation comes back from ",
                v(n.failed_list()),
                "."
            ],
            _ => text!["Failed Edge pool: ", v(n.failed_list()), "."],
        },
        text![
            if n.failback {
                "Edge pool taking federation back: "
            } else {
                "Surviving Edge pool: "
            },
            v(&n.survivor),
            " in site ",
            v(&n.survivor_site),
            ", Access Edge ",
            v(&n.survivor_access),
            "."
        ],
    ]);
    facts.push(if plan.federation_moves && plan.survivor_already_federated {
        text![
            "SIP federation (5061): ",
            v(&n.survivor),
            " is already federated, so its ports do not change; the failed pool's federation is cleared."
        ]
    } else if plan.federation_moves {
        text!["SIP federation (5061) moves to ", v(&n.survivor), "."]
    } else {
        text!["SIP federation (5061) does not move."]
    });
    if !plan.federation_kept.is_empty() {
        let kept: Vec<String> = plan
            .federation_kept
            .iter()
            .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
            .collect();
        facts.push(text!["Also federated, and left as they are: ", v(kept.join(", ")), "."]);
    }
    let cleared = cleared_healthy_pools(&n, plan);
    if !cleared.is_empty() {
        let names: Vec<String> = cleared.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        facts.push(text![
            "Federation also cleared, as chosen, on the healthy pools ",
            v(names.join(", ")),
            "."
        ]);
    }
    if (plan.federation_moves || plan.xmpp_moves) && !survivor_ports_change(plan) {
        facts.push(text![
            "No Deployment Wizard run on ",
            v(&n.survivor),
            ": it already carries what moves to it, so its ports do not change."
        ]);
    }
    if plan.xmpp_moves {
        facts.push(text!["XMPP federation (5269) moves to ", v(&n.survivor), "."]);
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        facts.push(text![
            "Re-associated for media and web conferencing: ",
            v(pools.join(", ")),
            "."
        ]);
    }
    facts.push(text!["Modified topology: ", v(file_name), "."]);
    let decisions = decisions(&n, plan);
    let outages = outages(&n, plan);
    let first_action = match sections.iter().flat_map(|s| s.steps.first()).next() {
        Some(first) => {
            let mut a = text![format!("Step {}: ", first.number)];
            a.0.extend(first.title.0.iter().cloned());
            a.0.push(Span::from(" ("));
            a.0.extend(first.place.0.iter().cloned());
            a.0.push(Span::from(")."));
            a
        }
        None => Text::default(),
    };
    let used: Vec<&str> = sections
        .iter()
        .flat_map(|s| s.steps.iter())
        .flat_map(|s| s.basis.iter())
        .filter_map(|b| match b {
            Basis::Inferred(id) => Some(*id),
            _ => None,
        })
        .collect();
    // Also the readings the plan's notes and wording rest on: what a set site route holds,
    // XMPP being left out on 2019, and the Access Edge's own addresses behind the DNS and
    // firewall steps.
    let mut always = Vec::new();
    if t.sites.iter().any(|s| s.federation_route.service().is_some()) || !plan.routes.is_empty() {
        always.push(inference::SITE_FEDERATION_ROUTE_CONTENT.id);
    }
    let xmpp_left_on_2019 = plan
        .checks
        .iter()
        .any(|c| c.check == crate::plan::validation::CheckKind::XmppOnSurvivorVersion);
    if !t.product.has_xmpp() || xmpp_left_on_2019 {
        always.push(inference::XMPP_2019.id);
    }
    if plan.federation_moves || plan.xmpp_moves {
        always.push(inference::ACCESS_EDGE_ADDRESS.id);
    }
    let inferences = inference::ALL
        .iter()
        .filter(|i| used.contains(&i.id) || always.contains(&i.id))
        .copied()
        .collect();
    Checklist {
        title,
        facts,
        decisions,
        outages,
        first_action,
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
        sections,
        inferences,
    }
}

/// The changes themselves, from the next hop to the verification: the same for a failover, a
/// failback plan, and the failback inside a failover checklist.
fn procedure(n: &Names, plan: &Plan) -> Vec<Section> {
    let mut sections = Vec::new();
    sections.extend(next_hop(n, plan));
    if plan.federation_moves || plan.xmpp_moves || !plan.reassociated.is_empty() || plan.next_hop.is_some() {
        sections.push(topology_change(n, plan));
    }
    // After the publish: Invoke-CsPoolFailover refuses a pool that is still the next hop of a
    // running Edge pool, and a next hop changed in Topology Builder only takes effect then.
    if !n.failback && !plan.scope.failed_sites.is_empty() {
        sections.extend(front_end_failover(n, plan));
    }
    sections.extend(deployment_wizard(n, plan));
    if !plan.reassociated.is_empty() {
        sections.push(reassociation(n, plan));
    }
    if plan.xmpp_moves {
        sections.push(xmpp(n, plan));
    }
    if plan.federation_moves {
        sections.push(unconfirmable(dns(n)));
    }
    if plan.federation_moves || plan.xmpp_moves {
        sections.push(unconfirmable(certificate(n, plan)));
    }
    if plan.federation_moves {
        sections.push(unconfirmable(firewall(n, plan)));
        sections.push(unconfirmable(partners(n)));
    }
    if n.failback {
        sections.extend(front_end_failback(n, plan));
    }
    sections.push(verification(n, plan));
    sections
}

/// A section none of whose steps a topology file can show done.
fn unconfirmable(mut s: Section) -> Section {
    for st in &mut s.steps {
        st.from_published = FromPublished::CannotConfirm;
    }
    s
}

/// What to decide before the first step.
fn decisions(n: &Names, plan: &Plan) -> Vec<Text> {
    let t = n.t;
    let mut out = Vec::new();
    let changes = plan.federation_moves || plan.xmpp_moves || !plan.reassociated.is_empty() || plan.next_hop.is_some();
    if !changes {
        out.push(text![
            "Nothing to change in the topology: federation and the media associations stay as they are."
        ]);
    } else if !n.cms_down.is_empty() {
        out.push(text![
            "How to change the topology: route A, Topology Builder, once the Central Management Server has failed over; or route B, a modified file planned again from the topology exported after that failover (the file planned now must not be published)."
        ]);
    } else if t.format == crate::topology::Format::TopologyBuilder {
        out.push(text![
            "How to change the topology: route A, the Topology Builder steps (the product procedure); or route B, open the modified file ",
            v(&n.file_name),
            " in Topology Builder and publish it. Not both."
        ]);
    } else {
        out.push(text![
            "How to change the topology: route A, the Topology Builder steps (the product procedure); or route B, publish the modified file ",
            v(&n.file_name),
            " after reviewing its diff. Not both."
        ]);
    }
    let xmpp_left: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .filter(|e| t.edge_pools[**e].has_xmpp_federation())
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect();
    if plan.xmpp_moves {
        out.push(text![
            "XMPP federation now or later: this plan moves it now, with a short outage of everything through ",
            v(&n.survivor),
            "; to move it later, plan again without XMPP, and it stays down until then."
        ]);
    } else if !xmpp_left.is_empty() && !n.failback {
        out.push(text![
            "XMPP federation of ",
            v(xmpp_left.join(", ")),
            " stays down in this plan; plan again with XMPP to move it."
        ]);
    }
    if let Some(&cms) = n.cms_down.first() {
        let target = pairing::central_management_target(n.file, cms, &plan.scope.failed_sites);
        let mut d = text![
            "The Central Management Server runs on ",
            v(&t.pools[cms].fqdn),
            ", in the failed site: it fails over first"
        ];
        if let Some(b) = target.backup_pool {
            d.0.extend([Span::from(", to "), v(&t.pools[b].fqdn)]);
        }
        if let Some((store, _)) = target.candidates.first() {
            d.0.extend([Span::from(" (Back End "), v(&store.server), Span::from(")")]);
        }
        d.0.push(Span::from("; nothing can be published before."));
        out.push(d);
    }
    out
}

/// The outages the steps cause, and how long each lasts.
fn outages(n: &Names, plan: &Plan) -> Vec<Text> {
    let t = n.t;
    let mut out = Vec::new();
    if !n.cms_down.is_empty() {
        out.push(text![
            "No topology change can be published until the Central Management Server has failed over."
        ]);
    }
    let from = if n.failback { "the publish" } else { "the failure" };
    if plan.federation_moves {
        out.push(text![
            format!("SIP federation: down from {from} until "),
            v(&n.survivor),
            " has the published topology and the Deployment Wizard has run on it; for partners, until the DNS TTLs you record have expired."
        ]);
    }
    if plan.xmpp_moves {
        out.push(text![
            format!("XMPP federation: down from {from} until its services start again on "),
            v(&n.survivor),
            ". Stopping them stops everything through that pool (SIP federation, remote access, A/V) for about 10 to 15 minutes."
        ]);
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        out.push(text![
            "Meetings and A/V of remote and federated users on ",
            v(pools.join(", ")),
            ": until the new association is published."
        ]);
    }
    let (down, _) = front_end_pools_that_failed(n, plan);
    if !plan.scope.failed_sites.is_empty() && !n.failback && !down.is_empty() {
        out.push(text![
            "Users of ",
            v(down.join(", ")),
            ": until Invoke-CsPoolFailover has moved them to their backup pools."
        ]);
    }
    if out.is_empty() {
        out.push(text![
            "None beyond the failure itself: nothing this plan changes stops a service."
        ]);
    } else if !n.failback {
        out.push(text![
            "Failing back later causes the same outages again, towards ",
            v(n.failed_list()),
            "."
        ]);
    }
    out
}

fn before(n: &Names, plan: &Plan) -> Section {
    // With the Central Management Server down, only what reads this server's replica of the
    // store can run now; the rest waits for its failover.
    let cms_down = !n.cms_down.is_empty();
    let local = if cms_down { " -LocalStore" } else { "" };
    let mut steps = Vec::new();
    if !cms_down {
        steps.push(current_state(n));
    }
    let mut backup = step(
        "before-backup",
        text!["Keep a copy of the current topology and configuration"],
        n.shell(),
    )
    .act(text!["Export what is published now, so the change can be undone and compared, and note the simple URLs, which a publish of a modified file can change."]);
    if cms_down {
        backup = backup.act(text!["The Central Management Server is in the failed site, so these read this server's replica of the store (-LocalStore)."]);
    }
    steps.push(
        backup
            .cmd("New-Item -ItemType Directory -Force -Path C:\\EdgeFailover | Out-Null")
            .cmd(format!(
                "(Get-CsTopology -AsXml{local}).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-before.xml"
            ))
            .cmd(format!(
                "Export-CsConfiguration -FileName C:\\EdgeFailover\\configuration-before.zip{local}"
            ))
            .cmd(format!(
                "Get-CsSimpleUrlConfiguration{local} | Select-Object -ExpandProperty SimpleUrl | Format-List | Out-File C:\\EdgeFailover\\simple-urls-before.txt"
            ))
            .check(text!["The three files exist and are not empty."])
            .practice()
            .done(),
    );
    steps.push(same_topology(n, local));
    if plan.federation_moves || plan.xmpp_moves {
        let mut s = step(
            "before-dns-ttl",
            text!["Note the federation DNS records and lower their TTL"],
            text!["The Management Shell on ", v(&n.admin_server), ", and the public DNS of ", v(n.domains.join(", "))],
        )
        .act(if plan.xmpp_moves && plan.federation_moves {
            text!["Record the target of each federation SRV record (_sipfederationtls._tcp, port 5061) and of each XMPP SRV record (_xmpp-server._tcp, port 5269), and the A records of those targets, with their TTLs: the DNS steps re-point them."]
        } else if plan.xmpp_moves {
            text!["Record the target of each XMPP SRV record (_xmpp-server._tcp, port 5269) and the A records of those targets, with their TTLs: the DNS step re-points them."]
        } else {
            text!["Record the target of each federation SRV record (_sipfederationtls._tcp, port 5061) and the A records of those targets, with their TTLs: the DNS step re-points them."]
        })
        .act(text!["Lower those TTLs (for example to 5 minutes) now, or a day ahead when the failover is planned, so the changes take effect quickly."]);
        for d in &n.domains {
            if plan.federation_moves {
                for c in n.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")) {
                    s = s.cmd(c);
                }
            }
            if plan.xmpp_moves {
                for c in n.lookups("SRV", &format!("_xmpp-server._tcp.{d}")) {
                    s = s.cmd(c);
                }
            }
        }
        for a in &n.old_access {
            for c in n.lookups("A", a) {
                s = s.cmd(c);
            }
        }
        steps.push(
            s.check(text!["You have each record's target and TTL written down."])
                .practice()
                .done(),
        );
    }
    Section {
        title: "Before you start".into(),
        intro: None,
        steps,
    }
}

/// What the file says of the site federation routes, for the "before" step.
fn routes_read_from_file(n: &Names) -> Text {
    let t = n.t;
    let set: Vec<String> = t
        .sites
        .iter()
        .filter_map(|s| {
            let service = s.federation_route.service()?;
            Some(format!("{} → {}", s.name, t.service_pool_fqdn(service)))
        })
        .collect();
    let odd: Vec<&str> = t
        .sites
        .iter()
        .filter(|s| matches!(s.federation_route, FederationRoute::NotUnderstood { .. }))
        .map(|s| s.name.as_str())
        .collect();
    let mut text = if set.is_empty() {
        text!["No site federation route is set in this topology (read from the file)."]
    } else {
        text![
            "Site federation routes in the topology (read from the file): ",
            v(set.join("; ")),
            "."
        ]
    };
    if !odd.is_empty() {
        text.0.extend([
            Span::from(" The route of "),
            v(odd.join(", ")),
            Span::from(" holds something the planner does not understand: read it in Get-CsSite."),
        ]);
    }
    text
}

/// Whether the survivor's own ports change: only then must its servers run the Deployment
/// Wizard again. A pool that already carries federation keeps its ports.
fn survivor_ports_change(plan: &Plan) -> bool {
    (plan.federation_moves && !plan.survivor_already_federated) || (plan.xmpp_moves && !plan.survivor_already_xmpp)
}

/// The healthy pools whose federation the administrator chose to clear: their ports change
/// too, so their servers run the wizard as well.
fn cleared_healthy_pools(n: &Names, plan: &Plan) -> Vec<PoolIdx> {
    let t = n.t;
    let mut edges: Vec<usize> = plan
        .federation_from
        .iter()
        .chain(&plan.xmpp_from)
        .copied()
        .filter(|e| !plan.scope.failed_edges.contains(e))
        .collect();
    crate::order::sort(&mut edges);
    edges.dedup();
    edges.into_iter().map(|e| t.edge_pools[e].pool).collect()
}

/// One step per site whose federation route the plan re-points: a route can only name a pool
/// that carries federation, so this comes after the survivor's federation is selected.
fn route_steps(n: &Names, plan: &Plan) -> Vec<Step> {
    let t = n.t;
    plan.routes
        .iter()
        .map(|r| {
            let site = &t.sites[r.site].name;
            let from = &t.pools[t.edge_pools[r.from_edge].pool].fqdn;
            let to = &t.pools[t.edge_pools[r.to_edge].pool].fqdn;
            step(
                format!("site-federation-route:{}", t.sites[r.site].id),
                text!["Point the federation route of site ", v(site), " at ", v(to)],
                n.topology_builder(),
            )
            .act(n.open_topology_builder())
            .act(text![
                if n.embedded { "After the failover, " } else { "The topology names " },
                v(from),
                if n.embedded { " is the federation route of site " } else { " as the federation route of site " },
                v(site),
                if n.embedded { ". Right-click the site " } else { " (read from the file). Right-click the site " },
                v(site),
                ", select ",
                ui("Edit Properties"),
                ", then ",
                ui("Federation route"),
                ". Under ",
                ui("Site federation route assignment"),
                ", keep ",
                ui("Enable SIP federation"),
                " selected and choose ",
                v(to),
                ". Click ",
                ui("OK"),
                "."
            ])
            .act(text![
                "The modified topology (route B) already holds this change. To make it from the Management Shell instead, run Set-CsSite once the publish has enabled federation on ",
                v(to),
                " (a route can only name a pool that carries federation):"
            ])
            .cmd(format!(
                "Set-CsSite -Identity {} -FederationRoute {}",
                ps(site),
                ps(&format!("EdgeServer:{to}"))
            ))
            .check(text![
                "Get-CsSite shows the site's FederationRoute as ",
                v(format!("EdgeServer:{to}")),
                "."
            ])
            .check_cmd(format!(
                "Get-CsSite -Identity {} | Select-Object Identity, FederationRoute",
                ps(site)
            ))
            .procedure("Configure federation routes and media traffic (site federation route assignment)")
            .inferred(inference::SITE_FEDERATION_ROUTE_CONTENT)
            .done()
        })
        .collect()
}

/// What Get-CsSite should show after the change.
fn route_verification(n: &Names, plan: &Plan) -> Text {
    let t = n.t;
    if plan.routes.is_empty() {
        if (0..t.sites.len()).any(|s| t.route_edge(s).is_some()) {
            text!["Get-CsSite shows the same federation routes as before: the plan changes none."]
        } else {
            text!["Get-CsSite shows no FederationRoute, as the file did (unless one was set since the export)."]
        }
    } else {
        let sites: Vec<&str> = plan.routes.iter().map(|r| t.sites[r.site].name.as_str()).collect();
        text![
            "Get-CsSite shows the FederationRoute of ",
            v(sites.join(", ")),
            " as ",
            v(format!("EdgeServer:{}", n.survivor)),
            "."
        ]
    }
}

/// Who carries federation now, as the live deployment has it. It reads the Central
/// Management Store, so when that is down it comes after its failover.
fn current_state(n: &Names) -> Step {
    let t = n.t;
    let fed: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    step(
        "before-current-state",
        text!["Record who carries federation now"],
        n.shell(),
    )
    .act(text![
        "The loaded topology has SIP federation on ",
        v(if fed.is_empty() { "no pool".to_owned() } else { fed.join(", ") }),
        ". Confirm the live deployment agrees, and keep the output for the incident record."
    ])
    .cmd("Get-CsService -EdgeServer | Select-Object PoolFqdn, SiteId, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List")
    .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List")
    .act(routes_read_from_file(n))
    .check(text!["The Edge pools and the federation pools match what the planner shows; note every site whose federation route or XMPP route names ", v(n.failed_list()), "."])
    .practice()
    .done()
}

/// Publishing the modified file replaces the whole topology, so it must be made from what is
/// published now. The published form is compared with the very file that was loaded: when
/// nothing was published since, the comparison is empty.
fn same_topology(n: &Names, local: &str) -> Step {
    let title = || text!["Make sure the planned file is the published topology"];
    if n.t.format == crate::topology::Format::TopologyBuilder {
        // A .tbxml cannot be compared line by line with Get-CsTopology -AsXml output.
        return step(
            "before-same-topology",
            title(),
            text!["Topology Builder on ", v(&n.admin_server)],
        )
        .act(text![
            "The plan was made from the Topology Builder file ",
            v(&n.loaded_name),
            ". If anything was published since it was saved, publishing the modified file would undo it. In Topology Builder, download the topology from the existing deployment again, and if it differs from ",
            v(&n.loaded_name),
            ", plan again with the new download."
        ])
        .check(text![
            "Nothing was published since ",
            v(&n.loaded_name),
            " was saved, or you planned again with a fresh download."
        ])
        .practice()
        .done();
    }
    let loaded = format!("C:\\EdgeFailover\\{}", n.loaded_name);
    step("before-same-topology", title(), n.shell())
        .act(text![
            "The modified topology was made from ",
            v(&n.loaded_name),
            ", the export loaded into the planner. Copy that file to ",
            v(&loaded),
            " and compare it with what is published now. If anything was published since that export, publishing the modified file would undo it: export again and plan again."
        ])
        .cmd(format!(
            "(Get-CsTopology -AsXml{local}).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-now.xml; Compare-Object (Get-Content C:\\EdgeFailover\\topology-now.xml) (Get-Content {})",
            ps(&loaded)
        ))
        .check(text!["Compare-Object prints nothing (or only the changes you know about)."])
        .practice()
        .done()
}

/// The loaded file's name, from a modified file's name made by `output_file_name`. The last
/// marker counts: a failback planned on the planner's own output carries two.
fn original_name(modified: &str) -> String {
    match modified.rsplit_once(".failover-to-") {
        Some((stem, rest)) => match rest.rsplit_once('.') {
            Some((_, ext)) => format!("{stem}.{ext}"),
            None => stem.to_owned(),
        },
        None => modified.to_owned(),
    }
}

/// The Central Management Server failover of the pool disaster-recovery procedure (steps 1–3
/// and 5, or 6 for a Lync Server 2010 pool), then what had to wait for it.
fn central_management(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let cms = n.cms_down[0];
    let cms_fqdn = t.pools[cms].fqdn.clone();
    let target = pairing::central_management_target(n.file, cms, &plan.scope.failed_sites);
    let backup = target.backup_pool.map(|b| t.pools[b].fqdn.clone());
    // The cmdlets run on a server of the pool that takes the Central Management Server.
    let taker = target
        .backup_pool
        .and_then(|b| t.pools[b].machines.first())
        .map(|m| m.fqdn.clone());
    let place = match (&taker, &backup) {
        (Some(server), Some(pool)) => text![
            "The Management Shell on ",
            v(server),
            " (a Front End server of ",
            v(pool),
            ", which takes the Central Management Server)"
        ],
        _ => text![
            "The Management Shell on a Front End server of the backup pool of ",
            v(&cms_fqdn)
        ],
    };
    let lync_2010 = pairing::pool_version(t, cms) == Some(5);
    let mut steps = Vec::new();
    let mut find = step(
        "central-management-find",
        text!["Find the Central Management Server and its backup pool"],
        place.clone(),
    )
    .act(match &backup {
        Some(b) => text![
            "The loaded topology has the active Central Management Server on ",
            v(&cms_fqdn),
            ", in the failed site, and pairs that pool with ",
            v(b),
            ". Confirm it: -WhatIf shows the pool hosting it, the backup relationship comes from this server's replica of the store (-LocalStore), and the store status shows whether it still answers."
        ],
        None => text![
            "The loaded topology has the active Central Management Server on ",
            v(&cms_fqdn),
            ", in the failed site, and pairs that pool with no backup pool. Find it: -WhatIf shows the pool hosting the Central Management Server, and the backup relationship comes from this server's replica of the store (-LocalStore)."
        ],
    })
    .cmd("Invoke-CsManagementServerFailover -WhatIf")
    .cmd(format!(
        "Get-CsPoolBackupRelationship -PoolFqdn {} -LocalStore",
        ps(&cms_fqdn)
    ))
    .cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus")
    .check(text![
        "The output names ",
        v(&cms_fqdn),
        " as the host; ActiveMasterFqdn and ActiveFileTransferAgents are empty or name it, so the Central Management Server must fail over."
    ])
    .procedure(format!("{POOL_DOC}, steps 1–3"));
    if backup.is_some() {
        find = find.inferred(inference::BACKUP_POOL);
    }
    steps.push(find.done());
    // The Back End to name, from the file; asked for when the file shows none.
    let (server, instance) = match target.candidates.first() {
        Some((store, _)) => (ps(&store.server), ps(&store.instance)),
        None => (
            "(Read-Host 'Back End server of the backup pool')".to_owned(),
            "(Read-Host 'Its SQL Server instance')".to_owned(),
        ),
    };
    let candidates = if target.candidates.is_empty() {
        text!["The topology shows no Central Management store outside the failed site and no backup pool, so the command asks for the Back End's names: take them from Get-CsPoolBackupRelationship and Topology Builder."]
    } else {
        let mut c = text!["Back Ends the topology offers, the likeliest first: "];
        for (i, (store, why)) in target.candidates.iter().enumerate() {
            if i > 0 {
                c.0.push(Span::from("; "));
            }
            c.0.push(v(format!("{}\\{}", store.server, store.instance)));
            c.0.push(Span::from(match why {
                pairing::BackEndReason::StandbyStore => " (holds a standby Central Management store)",
                pairing::BackEndReason::BackupPoolBackEnd => " (the Back End of the backup pool)",
            }));
        }
        c.0.push(Span::from(". The command names the first."));
        c
    };
    let pool_of_backup = backup
        .clone()
        .map_or_else(|| "(Read-Host 'Backup pool FQDN')".to_owned(), |b| ps(&b));
    if lync_2010 {
        let mut s = step(
            "central-management-failover",
            text!["Move the Central Management Server to the backup pool"],
            place,
        )
        .act(text![
            v(&cms_fqdn),
            " runs Lync Server 2010, which keeps no standby store to fail over to: install a new Central Management store on the backup pool's Back End, then move the Central Management Server there from the configuration exported before you started (add -LisConfigurationFileName with your last Export-CsLisConfiguration file if you use E9-1-1)."
        ])
        .act(candidates);
        if taker.as_deref() != Some(n.admin_server.as_str()) {
            s = s.act(text![
                "The configuration file is in C:\\EdgeFailover on ",
                v(&n.admin_server),
                ": copy it to this server first."
            ]);
        }
        steps.push(
            s.cmd(format!(
                "Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn {server} -SqlInstanceName {instance}"
            ))
            .cmd("Move-CsManagementServer -ConfigurationFileName 'C:\\EdgeFailover\\configuration-before.zip' -Force")
            .act(text!["Then run Bootstrapper /Setup on every other Front End server of the backup pool, to install the Central Management Server service there."])
            .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica shows UpToDate True."])
            .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus")
            .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate")
            .procedure(format!("{POOL_DOC}, step 6"))
            .inferred(inference::LYNC_2010_VERSION)
            .done(),
        );
    } else {
        // The cmdlet reference's DatabaseType value is CMS for Lync Server 2013 and
        // CentralMgmt from Skype for Business Server 2015; the procedure writes Centralmgmt.
        let backup_version = target
            .backup_pool
            .and_then(|b| pairing::pool_version(t, b))
            .or_else(|| pairing::pool_version(t, cms));
        let (value, other) = if backup_version == Some(6) {
            ("CMS", "CentralMgmt, its name from Skype for Business Server 2015")
        } else {
            ("CentralMgmt", "CMS, its name in Lync Server 2013")
        };
        steps.push(
            step(
                "central-management-mirror",
                text!["See which Back End of the backup pool holds the principal copy"],
                place.clone(),
            )
            .act(text![format!(
                "Run on the same server. The cmdlet reference's value for this store is {value} (the other value is {other}); the procedure writes Centralmgmt."
            )])
            .cmd(format!(
                "Get-CsDatabaseMirrorState -DatabaseType {value} -PoolFqdn {pool_of_backup}"
            ))
            .check(text!["StateOnPrimary and StateOnMirror show which Back End is the principal; DatabaseInaccessibleOrMirroringNotEnabled means the store is not mirrored."])
            .procedure(format!("{POOL_DOC}, step 5"))
            .done(),
        );
        let mut s = step(
            "central-management-failover",
            match &backup {
                Some(b) => text!["Fail over the Central Management Server to ", v(b)],
                None => text!["Fail over the Central Management Server to the backup pool"],
            },
            place,
        )
        .act(candidates)
        .act(text!["If the store is mirrored, add -BackupMirrorSqlServerFqdn and -BackupMirrorSqlInstanceName with the mirror's names; the planner does not read mirrors from the file. The procedure's -MirrorSQLServerFqdn and -MirrorSQLInstanceName are not parameters in the cmdlet reference."])
        .cmd(if instance.is_empty() || instance == "''" {
            format!("Invoke-CsManagementServerFailover -BackupSqlServerFqdn {server} -Force -Verbose")
        } else {
            format!(
                "Invoke-CsManagementServerFailover -BackupSqlServerFqdn {server} -BackupSqlInstanceName {instance} -Force -Verbose"
            )
        })
        .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool, and every replica shows UpToDate True."])
        .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus")
        .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate")
        .procedure(format!("{POOL_DOC}, step 5"));
        if !target.candidates.is_empty() {
            s = s.inferred(inference::BACKUP_POOL);
        }
        steps.push(s.done());
    }
    steps.push(current_state(n));
    steps.push(
        step(
            "central-management-fresh-export",
            text!["Export the topology again, now that the Central Management Server has moved"],
            n.shell(),
        )
        .act(text![
            "The modified topology was made from the export taken before this failover, which names the Central Management Server on ",
            v(&cms_fqdn),
            " as the active one: publishing it would undo the failover. Export the topology now. For route B, load this export into the planner and plan the same failover again, then follow the new checklist from its topology steps; route A, Topology Builder, downloads the topology as it is now."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-after-cms-failover.xml")
        .check(text!["The file exists and is not empty."])
        .practice()
        .inferred(inference::CENTRAL_MANAGEMENT_IN_TOPOLOGY)
        .done(),
    );
    Section {
        title: "Central Management Server".into(),
        intro: Some(text!["Publishing and Set-CsEdgeServer write to the Central Management Store, and reading the live deployment needs it too, so it fails over first, as the pool disaster-recovery procedure does."]),
        steps,
    }
}

fn next_hop(n: &Names, plan: &Plan) -> Option<Section> {
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

fn topology_change(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let mut steps = Vec::new();
    let clear = |id: &str, pool: &str, label: &'static str| {
        step(
            format!("{id}:{pool}"),
            text!["Clear ", ui(label), " on ", v(pool)],
            n.topology_builder(),
        )
        .act(n.open_topology_builder())
        .act(text![
            "Expand ",
            ui("Edge pools"),
            ", right-click ",
            v(pool),
            " and select ",
            ui("Edit properties"),
            "."
        ])
        .act(text![
            "Under ",
            ui("General"),
            ", clear ",
            ui(label),
            ". Click ",
            ui("OK"),
            "."
        ])
        .check(text![
            "Opening ",
            ui("Edit properties"),
            " of ",
            v(pool),
            " again shows ",
            ui(label),
            " cleared."
        ])
    };
    let select = |id: &str, label: &'static str| {
        step(
            id,
            text!["Select ", ui(label), " on ", v(&n.survivor)],
            n.topology_builder(),
        )
        .act(n.open_topology_builder())
        .act(text![
            "Expand ",
            ui("Edge pools"),
            ", right-click ",
            v(&n.survivor),
            " and select ",
            ui("Edit properties"),
            "."
        ])
        .act(text![
            "Under ",
            ui("General"),
            ", select ",
            ui(label),
            ". Click ",
            ui("OK"),
            "."
        ])
    };
    if plan.federation_moves {
        for e in &plan.federation_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                clear("tb-clear-federation", &pool, FEDERATION_LABEL)
                    .procedure(cite(n, "steps 1–2", "step 2"))
                    .inferred(inference::SIP_FEDERATION_PORT)
                    .done(),
            );
        }
        if plan.survivor_already_federated {
            // Nothing to tick: the pool keeps its ports, and so needs no wizard run.
            steps.push(
                step(
                    "tb-survivor-already-federated",
                    text![v(&n.survivor), " is already federated: its ports do not change"],
                    n.topology_builder(),
                )
                .act(n.open_topology_builder())
                .act(text![
                    "Nothing to select: ",
                    v(&n.survivor),
                    " already has ",
                    ui(FEDERATION_LABEL),
                    " selected, so its ports do not change and its servers need no Deployment Wizard run. The work is the site federation routes and the DNS that still lead to ",
                    v(n.failed_list()),
                    "."
                ])
                .check(text![
                    "Opening ",
                    ui("Edit properties"),
                    " of ",
                    v(&n.survivor),
                    " shows ",
                    ui(FEDERATION_LABEL),
                    " selected."
                ])
                .inferred(inference::SIP_FEDERATION_PORT)
                .done(),
            );
        } else {
            steps.push(
                select("tb-enable-federation", FEDERATION_LABEL)
                    .check(text![
                        "Its federation port uses the Access Edge FQDN ",
                        v(&n.survivor_access),
                        "."
                    ])
                    .procedure(cite(n, "steps 3–4", "step 2"))
                    .inferred(inference::FEDERATION_FQDN)
                    .done(),
            );
        }
    }
    // The XMPP procedure has no Topology Builder step: it assumes the new pool already has
    // XMPP federation and only one pool is designated for it.
    if plan.xmpp_moves {
        for e in &plan.xmpp_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                clear("tb-clear-xmpp", &pool, XMPP_LABEL)
                    .act(text!["One Edge pool per organisation is designated for XMPP federation; the XMPP failover procedure assumes this change is made."])
                    .practice()
                    .inferred(inference::XMPP_FEDERATION_PORTS)
                    .done(),
            );
        }
        if !plan.survivor_already_xmpp {
            steps.push(
            select("tb-enable-xmpp", XMPP_LABEL)
                .act(text!["The XMPP failover procedure assumes the new pool already has XMPP federation; this one does not yet."])
                .check(text![
                    "Opening ",
                    ui("Edit properties"),
                    " of ",
                    v(&n.survivor),
                    " again shows ",
                    ui(XMPP_LABEL),
                    " selected."
                ])
                .practice()
                .inferred(inference::XMPP_FEDERATION_PORTS)
                .done(),
            );
        }
    }
    // A route can only name a pool that carries federation: after it is selected above.
    steps.extend(route_steps(n, plan));
    // The media association is a Topology Builder change too: made in the same session, so
    // there is one publish.
    for &p in &plan.reassociated {
        let pool = t.pools[p].fqdn.clone();
        steps.push(
            step(
                format!("tb-reassociate:{pool}"),
                text!["Associate ", v(&pool), " with ", v(&n.survivor), " for media"],
                n.topology_builder(),
            )
            .act(n.open_topology_builder())
            .act(text![
                "Right-click the Front End pool ",
                v(&pool),
                " (site ",
                v(t.site_name(t.pools[p].site)),
                "), select ",
                ui("Edit Properties"),
                ", then ",
                ui("Associations"),
                ". Under ",
                ui("Associate Edge pool (for media components)"),
                " select ",
                v(&n.survivor),
                ". Click ",
                ui("OK"),
                "."
            ])
            .check(text![
                "Opening ",
                ui("Edit Properties"),
                " of ",
                v(&pool),
                " again shows ",
                v(&n.survivor),
                " under ",
                ui("Associate Edge pool (for media components)"),
                "."
            ])
            .procedure(ASSOCIATION_DOC)
            .inferred(inference::MEDIA_ASSOCIATION)
            .done(),
        );
    }
    let topology_path = format!("C:\\EdgeFailover\\{}", n.file_name);
    let is_tbxml = t.format == crate::topology::Format::TopologyBuilder;
    let cms_down = !n.cms_down.is_empty();
    let mut publish = step(
        "publish-topology",
        text!["Publish the topology"],
        text![
            "Topology Builder (route A) or the Management Shell (route B) on ",
            v(&n.admin_server)
        ],
    )
    .act(text![
        "Route A: click ",
        ui("Action"),
        ", select ",
        ui("Topology"),
        ", select ",
        ui("Publish"),
        ". When prompted on ",
        ui("Publish the topology"),
        ", click ",
        ui("Next"),
        ". When the publish is finished, click ",
        ui("Finish"),
        "."
    ]);
    let intro_b;
    publish = if n.embedded {
        intro_b = "a modified file comes from planning the failback in the planner when the time comes";
        publish.act(text![
            "Route B: when ",
            v(&n.survivor),
            " is back, export the topology, load it into the planner and choose ",
            ui("Plan failback"),
            ": it makes the modified file, and its own checklist, for the topology as it is then."
        ])
    } else if cms_down {
        intro_b = "a modified file must be planned again from the topology exported after the Central Management Server failover, and published with that plan's own checklist";
        publish.act(text![
            "Route B: publish the file planned again from the topology exported after the Central Management Server failover, as that plan's checklist says; the file planned before it must not be published."
        ])
    } else if is_tbxml {
        intro_b = "open the modified file in Topology Builder and publish it";
        publish.act(text![
            "Route B, instead of the Topology Builder changes: in Topology Builder open ",
            v(&n.file_name),
            " (",
            ui("File"),
            ", ",
            ui("Open"),
            ") and publish it. Publish-CsTopology cannot publish a .tbxml file."
        ])
    } else {
        intro_b = "publish the modified file the planner made, which holds exactly these changes";
        publish
            .act(text![
                "Route B, instead of the Topology Builder changes: publish the modified file from the planner (review its diff first). Copy it to ",
                v(&topology_path),
                " and run the commands below. The cmdlet reference reserves Publish-CsTopology -FileName for topologies retrieved with Get-CsTopology and says the simple URLs must be set again after it."
            ])
            .cmd(format!("Publish-CsTopology -FileName {}", ps(&topology_path)))
            .cmd("Enable-CsTopology")
    };
    steps.push(
        publish
            .check(text!["The publish finishes without errors, and the Central Management Store replicates to the Edge servers."])
            .check(text!["The simple URLs are as they were before: if Compare-Object prints anything, set them back with Set-CsSimpleUrlConfiguration."])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Where-Object { -not $_.UpToDate } | Select-Object ReplicaFqdn, LastStatusReport")
            .check_cmd("Get-CsSimpleUrlConfiguration | Select-Object -ExpandProperty SimpleUrl | Format-List | Out-File C:\\EdgeFailover\\simple-urls-after.txt; Compare-Object (Get-Content C:\\EdgeFailover\\simple-urls-before.txt) (Get-Content C:\\EdgeFailover\\simple-urls-after.txt)")
            .procedure(cite(n, "step 5", "step 2"))
            .inferred(inference::FAILOVER_IS_PORT_MOVE)
            .done(),
    );
    Section {
        title: "Move federation in the topology".into(),
        intro: Some(text![format!(
            "Choose one route and follow only it. Route A, the product procedure: the Topology Builder steps below, in one session, then Publish. Route B: {intro_b}; skip the Topology Builder steps."
        )]),
        steps,
    }
}

/// The step of the federation failover procedure, or of the failback procedure that repeats
/// it the other way.
fn cite(n: &Names, failover: &str, failback: &str) -> String {
    if n.failback {
        format!("{FAILBACK_DOC}, {failback}")
    } else {
        format!("{FEDERATION_DOC}, {failover}")
    }
}

const FEDERATION_LABEL: &str = "Enable federation for this Edge pool (Port 5061)";
/// The label in Edit Properties › General; "Enable XMPP federation (port 5269)" is the New
/// Edge Pool wizard's.
const XMPP_LABEL: &str = "Enable XMPP federation for this Edge pool";

/// The wizard on every server whose ports the publish changed: the survivor's, unless it
/// already carried what moves to it, and those of healthy pools cleared on request.
fn deployment_wizard(n: &Names, plan: &Plan) -> Option<Section> {
    let t = n.t;
    let mut pools: Vec<(String, Vec<String>)> = Vec::new();
    if survivor_ports_change(plan) {
        pools.push((n.survivor.clone(), n.survivor_servers.clone()));
    }
    for pool in cleared_healthy_pools(n, plan) {
        let p = &t.pools[pool];
        pools.push((p.fqdn.clone(), p.machines.iter().map(|m| m.fqdn.clone()).collect()));
    }
    if pools.is_empty() {
        return None;
    }
    let wizard = format!("{} Deployment Wizard", n.family);
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
    let mut ready = step(
        "replication-ready",
        text!["Wait until every server of ", v(names.join(" and ")), " has the published topology"],
        n.shell(),
    )
    .act(text!["The Deployment Wizard sets up what the server's copy of the topology says, so run it on a server only once that server has replicated the publish."]);
    for server in &replicas {
        ready = ready.cmd(format!(
            "Get-CsManagementStoreReplicationStatus -ReplicaFqdn {} | Select-Object ReplicaFqdn, UpToDate, LastStatusReport",
            ps(server)
        ));
    }
    let mut steps = vec![ready
        .check(text![
            "UpToDate is True for each server; run the commands again until it is."
        ])
        .practice()
        .done()];
    steps.extend(servers.iter().map(|server| {
        step(
            format!("deployment-wizard:{server}"),
            text!["Run the Deployment Wizard again on ", v(server)],
            text![
                "The Edge server ",
                v(server),
                " (console or remote desktop, as a local administrator)"
            ],
        )
        .act(text![
            "Open the ",
            ui(wizard.clone()),
            ". Click ",
            ui(format!("Install or Update {} System", n.family)),
            ", then ",
            ui(format!("Setup or Remove {} Components", n.family)),
            ". Click ",
            ui("Run Again"),
            "."
        ])
        .act(text![
            "At ",
            ui(format!("Setup {} components", n.family)),
            ", click ",
            ui("Next"),
            ". When the deployment is done, click ",
            ui("View Log"),
            " to check the log files, then ",
            ui("Finish"),
            "."
        ])
        .act(text![
            "If Get-CsWindowsService then shows a service that is not Running, start it with Start-CsWindowsService."
        ])
        .check(text!["The log shows no errors and the Edge services run."])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .procedure(cite(n, "steps 6–7", "step 2"))
        .inferred(inference::DEPLOYMENT_WIZARD_EVERY_SERVER)
        .done()
    }));
    Some(Section {
        title: format!("Deployment Wizard on every server of {}", names.join(" and ")),
        intro: None,
        steps,
    })
}

fn reassociation(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let steps = plan
        .reassociated
        .iter()
        .map(|&p| {
            let pool = t.pools[p].fqdn.clone();
            let roles: Vec<&str> = t.roles_of_pool(p);
            let mut s = step(
                format!("reassociate:{pool}"),
                text!["Confirm ", v(&pool), " uses ", v(&n.survivor), " for media"],
                n.shell(),
            )
            .act(text![
                "The publish carried the new association (either route). If a service of the pool still names another Edge pool, set it from the Management Shell:"
            ]);
            if roles.contains(&"Registrar") {
                s = s.cmd(format!(
                    "Set-CsRegistrar -Identity {} -EdgeServer {}",
                    ps(&format!("Registrar:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            if roles.contains(&"ConfServices") {
                s = s.cmd(format!(
                    "Set-CsConferenceServer -Identity {} -EdgeServer {}",
                    ps(&format!("ConferencingServer:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            if roles.contains(&"MediationServer") {
                s = s.cmd(format!(
                    "Set-CsMediationServer -Identity {} -EdgeServer {}",
                    ps(&format!("MediationServer:{pool}")),
                    ps(&format!("EdgeServer:{}", n.survivor))
                ));
            }
            s.check(text![
                "The pool's services name ",
                v(format!("EdgeServer:{}", n.survivor)),
                "."
            ])
            .check_cmd(format!(
                "Get-CsService -PoolFqdn {} | Where-Object {{ $_.EdgeServer }} | Select-Object Identity, EdgeServer",
                ps(&pool)
            ))
            .procedure(ASSOCIATION_DOC)
            .inferred(inference::MEDIA_ASSOCIATION)
            .done()
        })
        .collect();
    Section {
        title: "Re-associate Front End pools for web conferencing and A/V".into(),
        intro: Some(if n.failback {
            text!["Return these pools to their local Edge pool."]
        } else {
            text!["These pools are still running and used the failed Edge pool for their Web Conferencing and A/V Conferencing services; point them at an Edge pool that is running."]
        }),
        steps,
    }
}

fn xmpp(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let servers = &n.survivor_servers;
    let mut steps = Vec::new();
    // The DNS and firewall work needs no stopped service, so it comes first and the outage
    // holds only the route change.
    let first_domain = n.domains.first().cloned().unwrap_or_default();
    let mut dns = step(
        "xmpp-dns",
        text!["Point the XMPP DNS records at ", v(&n.survivor), ", before the stop"],
        text!["The public DNS of ", v(n.domains.join(", "))],
    )
    .act(with_ips(
        text![
            "Change the external A record used for XMPP federation (the documentation's example is ",
            v(format!("xmpp.{first_domain}")),
            ") to the Access Edge external address of ",
            v(&n.survivor)
        ],
        &n.survivor_ips,
    ));
    for d in &n.domains {
        dns = dns.act(text![
            "SRV ",
            v(format!("_xmpp-server._tcp.{d}")),
            ": port 5269, target that XMPP host name; add it if it does not exist yet."
        ]);
        for c in n.lookups("SRV", &format!("_xmpp-server._tcp.{d}")) {
            dns = dns.check_cmd(c);
        }
    }
    dns = dns
        .act(text![
            "The procedure does this after stopping the services; done first, it keeps the outage short."
        ])
        .check(text![
            "From a computer outside your network, every ",
            v("_xmpp-server._tcp"),
            " record answers with port 5269 and a host name that resolves to the new pool's external address."
        ]);
    steps.push(
        dns.procedure(format!("{XMPP_DOC}, steps 4–5"))
            .published(FromPublished::CannotConfirm)
            .done(),
    );
    steps.push(
        step(
            "xmpp-firewall",
            text!["Open TCP 5269 to ", v(&n.survivor_access), ", before the stop"],
            text!["The external firewall in front of ", v(&n.survivor)],
        )
        .act(with_ips(
            text![
                "Allow TCP 5269 inbound (and outbound) on the Access Edge external address of ",
                v(&n.survivor)
            ],
            &n.survivor_ips,
        ))
        .act(text![
            "Allow TCP 23456 from the Front End pools to the Edge internal interface."
        ])
        .check(text![
            "From outside your network, TCP 5269 answers on ",
            v(&n.survivor_access),
            " once the services have started (the last step of this part)."
        ])
        .check_cmd(format!(
            "Test-NetConnection -ComputerName {} -Port 5269",
            ps(&n.survivor_access)
        ))
        .procedure(format!("{XMPP_DOC}, step 6"))
        .published(FromPublished::CannotConfirm)
        .done(),
    );
    steps.push(
        step(
            "xmpp-stop",
            text!["Stop the services on every server of ", v(&n.survivor)],
            edge_servers(&n.survivor, servers),
        )
        .act(text![
            "On each server, stop the services so the XMPP proxy starts with the new route. The outage starts here."
        ])
        .cmd("Stop-CsWindowsService")
        .check(text![
            "Every Lync or Skype for Business service on the server shows Stopped."
        ])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .procedure(format!("{XMPP_DOC}, step 2"))
        .done(),
    );
    // [XD] sets the route of one site: the one holding the pool that now hosts XMPP.
    let site = t.site_name(t.pools[t.edge_pools[plan.survivor].pool].site);
    steps.push(
        step(
            "xmpp-route",
            text!["Point the XMPP federation route of ", v(site), " at ", v(&n.survivor)],
            n.shell(),
        )
        .act(text![
            "Set the XMPP federation route of ",
            v(site),
            ", the site of the pool that now hosts XMPP federation. The procedure writes the parameter as -XmppExternalFederationRoute with a server's FQDN; the cmdlet reference has -XmppFederationRoute with the pool's EdgeServer identity, as below."
        ])
        .cmd(format!(
            "Set-CsSite -Identity {} -XmppFederationRoute {}",
            ps(site),
            ps(&format!("EdgeServer:{}", n.survivor))
        ))
        .check(text![
            "The XmppFederationRoute of ",
            v(site),
            " is ",
            v(format!("EdgeServer:{}", n.survivor)),
            "."
        ])
        .check_cmd(format!(
            "Get-CsSite -Identity {} | Select-Object Identity, XmppFederationRoute",
            ps(site)
        ))
        .procedure(format!("{XMPP_DOC}, step 3"))
        .inferred(inference::XMPP_FEDERATION_ROUTES)
        .done(),
    );
    let mut start = step(
        "xmpp-start",
        text!["Start the services on every server of ", v(&n.survivor)],
        edge_servers(&n.survivor, servers),
    )
    .act(text!["The outage ends here."])
    .cmd("Start-CsWindowsService")
    .check(text!["The services run, and the XMPP proxy listens on 5269 and 23456."])
    .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
    .check_cmd("Get-NetTCPConnection -State Listen -LocalPort 5269, 23456");
    if n.old_windows {
        start = start.check_cmd("netstat -ano | findstr \":5269 :23456\"");
    }
    steps.push(start.procedure(format!("{XMPP_DOC}, step 7")).done());
    Section {
        title: "XMPP federation".into(),
        intro: Some(text![
            "Stopping the services on every server of ",
            v(&n.survivor),
            " stops everything through that pool, not only XMPP: SIP federation, remote access and A/V conferencing too, until they start again. So the DNS and firewall changes come first, and the outage from the stop to the start holds only the route change: expect about 10 to 15 minutes."
        ]),
        steps,
    }
}

/// "Each Edge server of <pool>: <servers>", the servers by name when the topology has them.
fn edge_servers(pool: &str, servers: &[String]) -> Text {
    if servers.is_empty() {
        text!["Each Edge server of ", v(pool)]
    } else {
        text!["Each Edge server of ", v(pool), ": ", v(servers.join(", "))]
    }
}

/// " (203.0.113.10, 203.0.113.11)" with only the addresses as a value, so no renderer sets
/// the brackets as code next to another value (two code spans in a row merge in Markdown).
fn ips_in_brackets(ips: &[String]) -> Vec<Span> {
    if ips.is_empty() {
        Vec::new()
    } else {
        vec![Span::from(" ("), v(ips.join(", ")), Span::from(")")]
    }
}

/// `text` followed by the addresses in brackets and a full stop.
fn with_ips(mut text: Text, ips: &[String]) -> Text {
    text.0.extend(ips_in_brackets(ips));
    text.0.push(Span::from("."));
    text
}

/// Each SIP domain's federation SRV record keeps naming a host in its own domain (partners
/// refuse one that names a host elsewhere); the A record behind it moves.
fn dns(n: &Names) -> Section {
    let mut s = step(
        "dns-federation",
        text!["Point federation DNS at the Access Edge of ", v(&n.survivor)],
        text!["The public DNS of ", v(n.domains.join(", "))],
    );
    let at = |mut t: Text| {
        t.0.extend(ips_in_brackets(&n.survivor_ips));
        t
    };
    for d in &n.domains {
        let mut line = at(text![
            "SRV ",
            v(format!("_sipfederationtls._tcp.{d}")),
            " (port 5061) keeps the target you recorded, a host in ",
            v(d),
            " (by convention ",
            v(format!("sip.{d}")),
            "): point that host's A record at the Access Edge of ",
            v(&n.survivor)
        ]);
        line.0.push(Span::from("."));
        if n.survivor_access
            .to_ascii_lowercase()
            .ends_with(&format!(".{}", d.to_ascii_lowercase()))
        {
            line.0.extend([
                Span::from(" Or point it at "),
                v(&n.survivor_access),
                Span::from(", which is in the same domain."),
            ]);
        }
        s = s.act(line);
        for c in n.lookups("SRV", &format!("_sipfederationtls._tcp.{d}")) {
            s = s.check_cmd(c);
        }
    }
    s = s.act(text!["Never point one domain's SRV record at a host in another domain: a partner refuses it (error 1009, conflicting SRV and host domains)."]);
    s = s.act(if n.survivor_ips.is_empty() {
        text![
            "A record of ",
            v(&n.survivor_access),
            ": it must resolve to the public address of the Access Edge of ",
            v(&n.survivor),
            "."
        ]
    } else {
        text![
            "A record of ",
            v(&n.survivor_access),
            ": it must resolve to ",
            v(n.survivor_ips.join(", ")),
            " (the Access Edge addresses in the topology)."
        ]
    });
    if n.failback {
        s = s.act(text![
            "Failing back puts the A records back as you recorded them before the failover."
        ]);
    } else if !n.old_access.is_empty() {
        s = s.act(text![
            "Where a target is ",
            v(n.old_access.join(", ")),
            ", the Access Edge of ",
            v(n.failed_list()),
            ", its A record now points at ",
            v(&n.survivor),
            " too, so the certificate must hold that name (next step). SRV priorities do not fail federation over by themselves: partners use the record's one target."
        ]);
    }
    for c in n.lookups("A", &n.survivor_access) {
        s = s.check_cmd(c);
    }
    Section {
        title: "DNS".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "From a computer outside your network: each SRV record names a host in its own domain, and that host resolves to the Access Edge of ",
                v(&n.survivor),
                "."
            ])
            .practice()
            .done()],
    }
}

fn certificate(n: &Names, plan: &Plan) -> Section {
    let mut names = vec![n.survivor_access.clone()];
    if plan.federation_moves {
        names.extend(n.survivor_webconf.clone());
        for d in &n.domains {
            names.push(format!("sip.{d}"));
        }
    }
    if plan.xmpp_moves {
        names.extend(n.domains.iter().cloned());
    }
    let mut old_names = if plan.federation_moves && !n.failback {
        n.old_access.clone()
    } else {
        Vec::new()
    };
    old_names.retain(|o| !names.iter().any(|x| x.eq_ignore_ascii_case(o)));
    let mut seen = Vec::<String>::new();
    names.retain(|x| {
        let new = !seen.iter().any(|s| s.eq_ignore_ascii_case(x));
        seen.push(x.clone());
        new
    });
    let mut s = step(
        "certificate",
        text!["Check the public certificate of ", v(&n.survivor)],
        edge_servers(&n.survivor, &n.survivor_servers),
    )
    .act(text![
        "The external certificate comes from a public CA, is assigned to Access Edge, Web Conferencing Edge and A/V Authentication, and is the same certificate with the same private key on every server of the pool."
    ])
    .act(text!["Subject: ", v(&n.survivor_access), ". Subject alternative names include: ", v(names.join(", ")), "."]);
    if plan.xmpp_moves {
        s = s.act(text![
            "For XMPP federation your XMPP domains (",
            v(n.domains.join(", ")),
            ") are subject alternative names on the Access Edge external certificate."
        ]);
    }
    if !old_names.is_empty() {
        s = s.act(text![
            "The federation SRV targets you recorded now resolve to this pool, so they must be names on this certificate too: for example ",
            v(old_names.join(", ")),
            ", the Access Edge of ",
            v(n.failed_list()),
            "."
        ]);
    }
    if n.failback {
        s = s.act(text!["Check its expiry: it may have lapsed while the pool was down. Names added to the other pool's certificate for the failover can stay."]);
    }
    Section {
        title: "Certificate".into(),
        intro: None,
        steps: vec![s
            .check(text!["Subject, names, use and expiry are right on every server."])
            .check_cmd("Get-CsCertificate | Select-Object Use, Subject, AlternativeNames, NotAfter | Format-List")
            .practice()
            .done()],
    }
}

fn firewall(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let mut s = step(
        "firewall",
        text!["Open the federation ports on ", v(&n.survivor)],
        text!["The external and internal firewalls of site ", v(&n.survivor_site)],
    )
    .act(with_ips(
        text![
            "External: TCP 5061 (MTLS) inbound and outbound on the Access Edge external address of ",
            v(&n.survivor_access)
        ],
        &n.survivor_ips,
    ));
    if plan.xmpp_moves {
        s = s.act(text!["XMPP: TCP 5269 inbound and outbound on the same address, and TCP 23456 from the Front End pools to the Edge internal interface."]);
    }
    let fe: Vec<String> = (0..t.pools.len())
        .filter(|p| matches!(t.pool_kind(*p), PoolKind::FrontEnd | PoolKind::Director))
        .filter(|p| !t.pools[*p].site.is_some_and(|x| plan.scope.failed_sites.contains(&x)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    if !fe.is_empty() {
        s = s.act(text![
            "Internal: the Front End pools and Directors that now use it (",
            v(fe.join(", ")),
            ") must reach every server of ",
            v(&n.survivor),
            " (SIP 5061, replication 4443, and the media and conferencing ports)."
        ]);
    }
    Section {
        title: "Firewall".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "From a computer outside your network, TCP 5061 answers on ",
                v(&n.survivor_access),
                "."
            ])
            .check_cmd(format!(
                "Test-NetConnection -ComputerName {} -Port 5061",
                ps(&n.survivor_access)
            ))
            .practice()
            .done()],
    }
}

fn partners(n: &Names) -> Section {
    let old = if n.old_access.is_empty() {
        "the old name".to_owned()
    } else {
        n.old_access.join(", ")
    };
    let tell = step(
        "partners",
        text!["Tell partners who allow your Edge by name"],
        text!["Your federation partners"],
    );
    let tell = if n.failback {
        tell.act(text![
            "Partners that allow your Edge by name keep the name they had before the failover, which resolves to ",
            v(&n.survivor),
            " again; any you gave ",
            v(old),
            " during the failover go back to ",
            v(&n.survivor_access),
            "."
        ])
    } else {
        tell.act(text![
            "Partners that allow your Edge by name (an allowed partner server naming ",
            v(old),
            ") reach ",
            v(&n.survivor),
            " while that name's A record points at it and its certificate holds the name; give them ",
            v(&n.survivor_access),
            " if they should use the new name. Partners that use DNS discovery follow the SRV records."
        ])
    };
    let tell = tell
        .check(text!["The partners who pin your Edge by name have confirmed."])
        .practice()
        .done();
    let settings = step(
        "federation-settings",
        text!["Check that your side still allows federation"],
        n.shell(),
    )
    .act(text![
        "The global and per-user federation settings do not change with the failover; make sure they still allow it."
    ])
    .cmd("Get-CsAccessEdgeConfiguration | Select-Object AllowFederatedUsers, EnablePartnerDiscovery, UseDnsSrvRouting")
    .cmd("Get-CsExternalAccessPolicy | Select-Object Identity, EnableFederationAccess")
    .check(text![
        "AllowFederatedUsers is True and your users' external access policies allow federation."
    ])
    .practice()
    .done();
    Section {
        title: "Partners".into(),
        intro: None,
        steps: vec![tell, settings],
    }
}

fn front_end_failover(n: &Names, plan: &Plan) -> Option<Section> {
    let t = n.t;
    let down: Vec<String> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd)
        .filter(|p| t.pools[*p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect();
    if down.is_empty() {
        return None;
    }
    let mut s = step(
        "front-end-pool-failover",
        text!["Fail over the Front End pools of the failed site"],
        n.shell(),
    )
    .act(text![
        if down.len() == 1 { "The Front End pool " } else { "The Front End pools " },
        v(down.join(", ")),
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
        s = s.cmd(format!(
            "Invoke-CsPoolFailover -PoolFqdn {} -DisasterMode -Verbose",
            ps(pool)
        ));
    }
    Some(Section {
        title: "Front End pools of the failed site".into(),
        intro: None,
        steps: vec![s
            .check(text!["Users of those pools sign in again through their backup pools."])
            .procedure(format!("{POOL_DOC}, step 7"))
            .done()],
    })
}

fn verification(n: &Names, plan: &Plan) -> Section {
    let mut steps = Vec::new();
    steps.push(
        step("verify-topology", text!["Confirm the published topology"], n.shell())
        .act(text![
            "Export the topology as it is published now and check it in the planner (",
            ui("Check the published topology"),
            ") or with edge-failover verify: the federation pools, next hops, Edge associations and site routes must be as planned."
        ])
        .cmd("(Get-CsTopology -AsXml).ToString() > C:\\EdgeFailover\\published.xml")
        .cmd(format!(
            "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List",
            ps(&n.survivor)
        ))
        .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List")
        .check(text!["The planner says the published topology matches the plan."])
        .check(route_verification(n, plan))
        .practice()
        .published(FromPublished::Confirms)
        .done(),
    );
    steps.push(
        step(
            "verify-replication",
            text!["Confirm every server has replicated the published topology"],
            n.shell(),
        )
        .cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate, LastStatusReport")
        .check(text!["UpToDate is True for every server of ", v(&n.survivor), "."])
        .practice()
        .published(FromPublished::CannotConfirm)
        .done(),
    );
    if plan.federation_moves {
        let domain = n.domains.first().cloned().unwrap_or_default();
        steps.push(
            step(
                "verify-federation",
                text!["Prove federation works through ", v(&n.survivor)],
                text!["The Management Shell on ", v(&n.admin_server), ", and a client"],
            )
            .act(text![
                "Test every domain on your allowed list: Test-CsFederatedPartner reaches only allowed domains, through the internal FQDN of the Edge pool that federated SIP traffic goes to, ",
                v(&n.survivor),
                "."
            ])
            .cmd(format!(
                "Get-CsAllowedDomain | ForEach-Object {{ Test-CsFederatedPartner -TargetFqdn {} -Domain $_.Identity }}",
                ps(&n.survivor)
            ))
            .act(text![
                "From a client, send an instant message to a federated contact (also one whose domain DNS discovery finds, which the cmdlet cannot test) and check their presence; ask a partner to message a user in ",
                v(domain),
                "."
            ])
            .act(text!["Optionally run the Remote Connectivity Analyzer's federation test against your domain from outside."])
            .check(text!["The tests succeed, presence and messages flow both ways."])
            .practice()
            .published(FromPublished::CannotConfirm)
            .done(),
        );
    }
    if plan.xmpp_moves {
        let pool = n.admin_pool.clone().unwrap_or_else(|| n.admin_server.clone());
        steps.push(
            step(
                "verify-xmpp",
                text!["Prove XMPP federation works through ", v(&n.survivor)],
                n.shell(),
            )
            .act(text![
                "Test-CsXmppIM needs a receiver on the network of an allowed XMPP partner: list the partners, then give the SIP address of a user in one of them when asked. The test sends from a test user of ",
                v(&pool),
                "; without test users defined for the pool, add -UserSipAddress and -UserCredential."
            ])
            .cmd("Get-CsXmppAllowedPartner | Select-Object Identity")
            .cmd(format!(
                "$receiver = Read-Host 'SIP address of a user at one of the XMPP partners above'; Test-CsXmppIM -TargetFqdn {} -Receiver $receiver",
                ps(&pool)
            ))
            .check(text!["The XMPP test message is delivered."])
            .practice()
            .published(FromPublished::CannotConfirm)
            .done(),
        );
    }
    Section {
        title: "Verify".into(),
        intro: None,
        steps,
    }
}

/// The failback inside a failover checklist: the same procedure a failback plan has, built
/// from this plan reversed, so the two cannot drift apart.
fn failback(n: &Names, plan: &Plan) -> Vec<Section> {
    let t = n.t;
    let reverse = reverse_plan(t, plan);
    let mut r = Names::new(n.file, &reverse, &n.loaded_name, &n.file_name);
    r.embedded = true;
    r.restored_site_failed = !plan.scope.failed_sites.is_empty();
    // The Central Management Server, if it moved, stays where it is ("no other steps are
    // necessary"), and the temporary pool's own Access Edge is the name moving back.
    r.cms_down.clear();
    r.old_access = if plan.federation_moves {
        t.edge_pools[plan.survivor].access_fqdn.clone().into_iter().collect()
    } else {
        Vec::new()
    };
    let mut sections = vec![restored_start(&r)];
    sections.extend(restore_next_hop(&r, plan));
    sections.extend(procedure(&r, &reverse));
    for s in &mut sections {
        s.title = format!("Failback: {}", s.title);
        for st in &mut s.steps {
            st.id = format!("failback/{}", st.id);
            // The failover's published topology confirms the failover, not its failback.
            if st.from_published == FromPublished::Confirms {
                st.from_published = FromPublished::Silent;
            }
        }
    }
    sections
}

/// This plan the other way round: federation (and XMPP, and the pools this plan moved) from
/// the surviving pool back to the failed one, as a failback plan on the modified topology
/// makes it. Only what step building reads is filled in.
fn reverse_plan(t: &Topology, plan: &Plan) -> Plan {
    let failed = &plan.scope.failed_edges;
    let original = failed
        .iter()
        .copied()
        .find(|e| t.edge_pools[*e].has_sip_federation())
        .or_else(|| failed.iter().copied().find(|e| t.edge_pools[*e].has_xmpp_federation()))
        .unwrap_or(failed[0]);
    let fqdn = |e: usize| t.pools[t.edge_pools[e].pool].fqdn.clone();
    let mut reassociated: Vec<PoolIdx> = plan
        .edit
        .reassociations
        .iter()
        .filter(|r| r.from_edge == original)
        .map(|r| r.pool)
        .collect();
    reassociated.dedup();
    Plan {
        request: FailoverRequest {
            move_xmpp: Some(plan.xmpp_moves),
            ..FailoverRequest::failback(fqdn(plan.survivor), fqdn(original))
        },
        scope: Scope {
            failed_sites: Vec::new(),
            failed_edges: vec![plan.survivor],
        },
        survivor: original,
        // A survivor that carried federation before this plan keeps it on the way back: the
        // reverse clears only what this plan added (DOMAIN.md rule 12).
        federation_from: if plan.federation_moves && !plan.survivor_already_federated {
            vec![plan.survivor]
        } else {
            Vec::new()
        },
        federation_moves: plan.federation_moves,
        federation_kept: plan
            .federation_kept
            .iter()
            .copied()
            .chain(plan.survivor_already_federated.then_some(plan.survivor))
            .collect(),
        survivor_already_federated: false,
        xmpp_from: if plan.xmpp_moves && !plan.survivor_already_xmpp {
            vec![plan.survivor]
        } else {
            Vec::new()
        },
        xmpp_moves: plan.xmpp_moves,
        survivor_already_xmpp: false,
        // The routes this plan moved to the survivor go back to the restored pool.
        routes: plan
            .routes
            .iter()
            .map(|r| crate::edit::RouteChange {
                site: r.site,
                from_edge: plan.survivor,
                to_edge: original,
            })
            .collect(),
        reassociated,
        next_hop: None,
        edit: FailoverEdit::default(),
        checks: Vec::new(),
        topology_bytes: Vec::new(),
        topology_text: String::new(),
        diff: Diff {
            hunks: Vec::new(),
            removed: 0,
            added: 0,
        },
    }
}

/// The failback puts back a next hop the failover changed, once its pool is running again.
fn restore_next_hop(r: &Names, plan: &Plan) -> Option<Section> {
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

/// The Front End pools that may have failed with the Edge pool: those of the failed sites, or
/// for a single failed Edge pool those of its site (then only perhaps). For a failback plan,
/// those of the restored pool's site.
fn front_end_pools_that_failed(n: &Names, plan: &Plan) -> (Vec<String>, bool) {
    let t = n.t;
    let (sites, certain): (Vec<usize>, bool) = if n.failback {
        let restored = t.pools[t.edge_pools[plan.survivor].pool].site;
        (restored.into_iter().collect(), n.restored_site_failed)
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

fn front_end_failback_step(n: &Names, plan: &Plan) -> Option<Step> {
    let (pools, certain) = front_end_pools_that_failed(n, plan);
    if pools.is_empty() {
        return None;
    }
    let mut s = step(
        "failback-front-end",
        text!["Fail back Front End pools that had failed too"],
        n.shell(),
    );
    s = if certain {
        s.act(text![
            if pools.len() == 1 {
                "The Front End pool "
            } else {
                "The Front End pools "
            },
            v(pools.join(", ")),
            if pools.len() == 1 { " was" } else { " were" },
            if pools.len() == 1 {
                " in the failed site. Once it is healthy again, fail it back."
            } else {
                " in the failed site. Once they are healthy again, fail them back."
            }
        ])
    } else {
        s.act(text![
            "If ",
            v(pools.join(", ")),
            " had also failed over to a backup pool, fail it back once it is healthy; otherwise skip this step."
        ])
    };
    for pool in &pools {
        s = s.cmd(format!("Invoke-CsPoolFailback -PoolFqdn {} -Verbose", ps(pool)));
    }
    Some(
        s.check(text![
            "The cmdlet finishes without errors and the pool's users sign in to it again."
        ])
        .procedure(format!("{FAILBACK_DOC}, step 5"))
        .done(),
    )
}

/// A failback: the restored pool's services come up first.
fn restored_start(n: &Names) -> Section {
    Section {
        title: format!("Start {}", n.survivor),
        intro: n.embedded.then(|| {
            text![
                "When ",
                v(&n.survivor),
                " is back. These steps reverse this plan on the topology as it leaves it; if anything else is published in between, export the topology, load it into the planner and choose ",
                ui("Plan failback"),
                " for a plan checked against it."
            ]
        }),
        steps: vec![step(
            "failback-start",
            text!["Start the services on every server of ", v(&n.survivor)],
            edge_servers(&n.survivor, &n.survivor_servers),
        )
        .cmd("Start-CsWindowsService")
        .check(text!["Every Lync or Skype for Business service on the server runs."])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .procedure(format!("{FAILBACK_DOC}, step 1"))
        .done()],
    }
}

/// A failback: the restored site's Front End pools, if they had failed over too.
fn front_end_failback(n: &Names, plan: &Plan) -> Option<Section> {
    Some(Section {
        title: format!("Front End pools of {}", n.survivor_site),
        intro: None,
        steps: vec![front_end_failback_step(n, plan)?],
    })
}
