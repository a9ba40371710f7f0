//! The checklist as data: numbered steps, each saying where it is done, what to do, the exact
//! commands and how to verify it, with the real pool, site and domain names filled in.
//!
//! Names from the file are kept apart from the planner's own words ([`Span::Value`]), so every
//! renderer shows them as text and never as markup; in commands they are single-quoted for
//! PowerShell, so a hostile name cannot run anything when pasted.

use serde::Serialize;

use crate::plan::{CheckSeverity, Direction, Failure, Plan};
use crate::topology::inference::{self, Inference};
use crate::topology::{PoolIdx, PoolKind, Topology, TopologyFile};

/// A piece of step text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Span {
    /// The planner's own words.
    Text(String),
    /// A name or value from the topology (or typed by the user).
    Value(String),
    /// A label in Topology Builder or the Deployment Wizard.
    Ui(String),
}

impl From<&str> for Span {
    fn from(s: &str) -> Span {
        Span::Text(s.to_owned())
    }
}

impl From<String> for Span {
    fn from(s: String) -> Span {
        Span::Text(s)
    }
}

pub fn v(s: impl Into<String>) -> Span {
    Span::Value(s.into())
}

pub fn ui(s: impl Into<String>) -> Span {
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
                Span::Text(t) | Span::Value(t) => t.clone(),
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
    pub facts: Vec<Text>,
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

/// Names the checklist needs, computed once.
struct Names<'a> {
    t: &'a Topology,
    family: &'static str,
    failed: Vec<String>,
    survivor: String,
    survivor_servers: Vec<String>,
    failed_servers: Vec<String>,
    survivor_site: String,
    survivor_access: String,
    survivor_webconf: Option<String>,
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
        Names {
            t,
            family,
            failed,
            survivor: survivor_pool.fqdn.clone(),
            survivor_servers: survivor_pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
            failed_servers: plan
                .scope
                .failed_edges
                .iter()
                .flat_map(|e| t.pools[t.edge_pools[*e].pool].machines.iter().map(|m| m.fqdn.clone()))
                .collect(),
            survivor_site: t.site_name(survivor_pool.site).to_owned(),
            survivor_access: survivor_edge.access_fqdn.clone().unwrap_or_default(),
            survivor_webconf: survivor_edge.web_conferencing_fqdn.clone(),
            survivor_ips: survivor_pool
                .machines
                .iter()
                .flat_map(|m| m.external_ips.clone())
                .collect(),
            old_access,
            domains,
            admin_server,
            admin_pool,
            loaded_name: loaded_name.to_owned(),
            file_name: file_name.to_owned(),
            failback: plan.request.direction == Direction::Failback,
        }
    }

    fn failed_list(&self) -> String {
        self.failed.join(", ")
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
    fe.sort_by_key(|p| t.pools[*p].site != survivor_site);
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
    let mut sections = Vec::new();
    sections.push(before(&n, plan));
    if n.failback {
        sections.push(restored_start(&n));
    } else if let Some(s) = central_management(&n, plan) {
        sections.push(s);
    }
    if let Some(s) = next_hop(&n, plan) {
        sections.push(s);
    }
    if plan.federation_moves || plan.xmpp_moves || !plan.reassociated.is_empty() || plan.next_hop.is_some() {
        sections.push(topology_change(&n, plan));
    }
    // After the publish: Invoke-CsPoolFailover refuses a pool that is still the next hop of a
    // running Edge pool, and a next hop changed in Topology Builder only takes effect then.
    if !n.failback && !plan.scope.failed_sites.is_empty() {
        if let Some(s) = front_end_failover(&n, plan) {
            sections.push(s);
        }
    }
    if plan.federation_moves || plan.xmpp_moves {
        sections.push(deployment_wizard(&n));
    }
    if !plan.reassociated.is_empty() {
        sections.push(reassociation(&n, plan));
    }
    if plan.xmpp_moves {
        sections.push(xmpp(&n, plan));
    }
    if plan.federation_moves {
        sections.push(unconfirmable(dns(&n)));
        sections.push(unconfirmable(certificate(&n, plan)));
        sections.push(unconfirmable(firewall(&n, plan)));
        sections.push(unconfirmable(partners(&n)));
    }
    if n.failback {
        if let Some(s) = front_end_failback(&n, plan) {
            sections.push(s);
        }
    }
    sections.push(verification(&n, plan));
    if !n.failback {
        sections.push(failback(&n, plan));
    }
    let mut number = 0;
    for s in &mut sections {
        for st in &mut s.steps {
            number += 1;
            st.number = number;
        }
    }
    let title = if n.failback {
        text!["Edge federation failback: ", v(n.failed_list()), " → ", v(&n.survivor)]
    } else {
        text!["Edge federation failover: ", v(n.failed_list()), " → ", v(&n.survivor)]
    };
    let mut facts = vec![
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
    ];
    facts.push(if plan.federation_moves {
        text!["SIP federation (5061) moves to ", v(&n.survivor), "."]
    } else {
        text!["SIP federation (5061) does not move."]
    });
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
    let used: Vec<&str> = sections
        .iter()
        .flat_map(|s| s.steps.iter())
        .flat_map(|s| s.basis.iter())
        .filter_map(|b| match b {
            Basis::Inferred(id) => Some(*id),
            _ => None,
        })
        .collect();
    // Also the readings the plan's notes and wording rest on: the site routes it cannot see,
    // the product behind the wizard's labels, and XMPP being left out on 2019.
    let mut always = vec![inference::SITE_FEDERATION_ROUTES.id];
    if n.family == inference::Product::Lync2013.family() {
        always.push(inference::LYNC_2013_VERSION.id);
    }
    let xmpp_left_on_2019 = plan
        .checks
        .iter()
        .any(|c| c.check == crate::plan::validation::CheckKind::XmppOnSurvivorVersion);
    if !t.product.has_xmpp() || xmpp_left_on_2019 {
        always.push(inference::XMPP_2019.id);
    }
    let inferences = inference::ALL
        .iter()
        .filter(|i| used.contains(&i.id) || always.contains(&i.id))
        .copied()
        .collect();
    Checklist {
        title,
        facts,
        checks: plan.checks.iter().map(|c| (c.severity, c.message.clone())).collect(),
        sections,
        inferences,
    }
}

/// A section none of whose steps a topology file can show done.
fn unconfirmable(mut s: Section) -> Section {
    for st in &mut s.steps {
        st.from_published = FromPublished::CannotConfirm;
    }
    s
}

fn before(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let fed: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    let mut steps = vec![
        step(
            "before-current-state",
            text!["Record who carries federation now"],
            text!["The Management Shell on ", v(&n.admin_server)],
        )
        .act(text![
            "The loaded topology has SIP federation on ",
            v(if fed.is_empty() { "no pool".to_owned() } else { fed.join(", ") }),
            ". Confirm the live deployment agrees, and keep the output for the incident record."
        ])
        .cmd("Get-CsService -EdgeServer | Select-Object PoolFqdn, SiteId, Registrar, AccessEdgeExternalFqdn, AccessEdgeExternalSipPort, DependentServiceList | Format-List")
        .cmd("Get-CsSite | Select-Object Identity, FederationRoute, XmppFederationRoute | Format-List")
        .check(text!["The Edge pools and the federation pool match what the planner shows; note every site whose federation route or XMPP route names ", v(n.failed_list()), "."])
        .practice()
        .inferred(inference::SITE_FEDERATION_ROUTES)
        .done(),
        step(
            "before-backup",
            text!["Keep a copy of the current topology and configuration"],
            text!["The Management Shell on ", v(&n.admin_server)],
        )
        .act(text!["Export what is published now, so the change can be undone and compared."])
        .cmd("(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-before.xml")
        .cmd("Export-CsConfiguration -FileName C:\\EdgeFailover\\configuration-before.zip")
        .check(text!["Both files exist and are not empty."])
        .practice()
        .done(),
        same_topology(n),
    ];
    if plan.federation_moves {
        let mut s = step(
            "before-dns-ttl",
            text!["Note the federation DNS records and lower their TTL"],
            text!["The public DNS of ", v(n.domains.join(", "))],
        )
        .act(text![
            "Record the targets of the federation SRV records and the A records behind them. If you plan ahead, lower their TTL (for example to 5 minutes) a day before, so the change later takes effect quickly."
        ]);
        for d in &n.domains {
            s = s.cmd(format!(
                "Resolve-DnsName -Type SRV -Name {}",
                ps(&format!("_sipfederationtls._tcp.{d}"))
            ));
        }
        for a in &n.old_access {
            s = s.cmd(format!("Resolve-DnsName -Type A -Name {}", ps(a)));
        }
        steps.push(
            s.check(text!["You have the current targets and TTLs written down."])
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

/// Publishing the modified file replaces the whole topology, so it must be made from what is
/// published now. The published form is compared with the very file that was loaded: when
/// nothing was published since, the comparison is empty.
fn same_topology(n: &Names) -> Step {
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
    step(
        "before-same-topology",
        title(),
        text!["The Management Shell on ", v(&n.admin_server)],
    )
    .act(text![
        "The modified topology was made from ",
        v(&n.loaded_name),
        ", the export loaded into the planner. Copy that file to ",
        v(&loaded),
        " and compare it with what is published now. If anything was published since that export, publishing the modified file would undo it: export again and plan again."
    ])
    .cmd(format!(
        "(Get-CsTopology -AsXml).ToString() | Out-File -Encoding utf8 C:\\EdgeFailover\\topology-now.xml; Compare-Object (Get-Content C:\\EdgeFailover\\topology-now.xml) (Get-Content {})",
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

fn next_hop(n: &Names, plan: &Plan) -> Option<Section> {
    let change = plan.next_hop.as_ref()?;
    let mut s = step(
        "next-hop",
        text!["Point the next hop of ", v(&n.survivor), " at ", v(&change.to_pool)],
        text!["A Front End server: ", v(&n.admin_server)],
    )
    .act(text![
        "Its next hop ",
        v(change.from_pool.clone().unwrap_or_default()),
        " is in the failed site. Federation traffic from ",
        v(&n.survivor),
        " must reach a running pool before federation can move to it."
    ]);
    s = if change.same_site {
        s.act(text![
            "In Topology Builder, right-click ",
            v(&n.survivor),
            ", select ",
            ui("Edit Properties"),
            ", open ",
            ui("Next hop"),
            " and select ",
            v(&change.to_pool),
            ". The modified topology already holds this change, so publishing it (below) applies it."
        ])
    } else {
        s.act(text![
            "The new next hop is in another site, which Topology Builder's next-hop list does not offer; the product documentation uses Set-CsEdgeServer. The modified topology already holds this change, so publishing it (below) applies it too."
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
            .procedure("Failing over and failing back a pool (Edge next hop)")
            .done()],
    })
}

fn topology_change(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let mut steps = Vec::new();
    let edit_old = |id: &str, pool: &str, label: &str, ok: bool| {
        step(
            format!("{id}:{pool}"),
            text!["Clear ", ui(label), " on ", v(pool)],
            text!["Topology Builder on ", v(&n.admin_server)],
        )
        .act(text![
            "Open Topology Builder and download the topology. Expand ",
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
        .procedure(if ok {
            format!("{FEDERATION_DOC}, steps 1–2")
        } else {
            XMPP_DOC.to_owned()
        })
    };
    if plan.federation_moves {
        for e in &plan.federation_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                edit_old(
                    "tb-clear-federation",
                    &pool,
                    "Enable federation for this Edge pool (Port 5061)",
                    true,
                )
                .inferred(inference::SIP_FEDERATION_PORT)
                .done(),
            );
        }
        steps.push(
            step(
                "tb-enable-federation",
                text![
                    "Select ",
                    ui("Enable federation for this Edge pool (Port 5061)"),
                    " on ",
                    v(&n.survivor)
                ],
                text!["Topology Builder on ", v(&n.admin_server)],
            )
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
                ui("Enable federation for this Edge pool (Port 5061)"),
                ". Click ",
                ui("OK"),
                "."
            ])
            .check(text![
                "Its federation port uses the Access Edge FQDN ",
                v(&n.survivor_access),
                "."
            ])
            .procedure(format!("{FEDERATION_DOC}, steps 3–4"))
            .inferred(inference::FEDERATION_FQDN)
            .done(),
        );
    }
    if plan.xmpp_moves {
        for e in &plan.xmpp_from {
            let pool = t.pools[t.edge_pools[*e].pool].fqdn.clone();
            steps.push(
                edit_old("tb-clear-xmpp", &pool, "Enable XMPP federation (port 5269)", false)
                    .inferred(inference::XMPP_FEDERATION_PORTS)
                    .done(),
            );
        }
        steps.push(
            step(
                "tb-enable-xmpp",
                text![
                    "Select ",
                    ui("Enable XMPP federation (port 5269)"),
                    " on ",
                    v(&n.survivor)
                ],
                text!["Topology Builder on ", v(&n.admin_server)],
            )
            .act(text![
                "Right-click ",
                v(&n.survivor),
                ", select ",
                ui("Edit properties"),
                ", and under ",
                ui("General"),
                " select ",
                ui("Enable XMPP federation (port 5269)"),
                ". Click ",
                ui("OK"),
                "."
            ])
            .check(text![
                "Opening ",
                ui("Edit properties"),
                " of ",
                v(&n.survivor),
                " again shows ",
                ui("Enable XMPP federation (port 5269)"),
                " selected."
            ])
            .procedure(XMPP_DOC)
            .inferred(inference::XMPP_FEDERATION_PORTS)
            .done(),
        );
    }
    let topology_path = format!("C:\\EdgeFailover\\{}", n.file_name);
    let is_tbxml = t.format == crate::topology::Format::TopologyBuilder;
    let mut publish = step(
        "publish-topology",
        text!["Publish the topology"],
        text!["Topology Builder (or the Management Shell) on ", v(&n.admin_server)],
    )
    .act(text![
        "Click ",
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
    publish = if is_tbxml {
        publish.act(text![
            "Or use the modified file instead of the edits above: in Topology Builder open ",
            v(&n.file_name),
            " (",
            ui("File"),
            ", ",
            ui("Open"),
            ") and publish it. Publish-CsTopology cannot publish a .tbxml file."
        ])
    } else {
        publish
            .act(text![
                "Or, instead of the edits above, publish the modified file from the planner, which holds exactly these changes (review its diff first). Copy it to ",
                v(&topology_path),
                " and run the commands below. The cmdlet documentation reserves Publish-CsTopology -FileName for topologies retrieved with Get-CsTopology and asks you to check the simple URLs afterwards."
            ])
            .cmd(format!("Publish-CsTopology -FileName {}", ps(&topology_path)))
            .cmd("Enable-CsTopology")
            .check_cmd("Get-CsSimpleUrlConfiguration | Select-Object -ExpandProperty SimpleUrl")
    };
    steps.push(
        publish
            .check(text!["The publish wizard (or the cmdlets) finish without errors, and the Central Management Store replicates to the Edge servers."])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Where-Object { -not $_.UpToDate } | Select-Object ReplicaFqdn, LastStatusReport")
            .procedure(format!("{FEDERATION_DOC}, step 5"))
            .inferred(inference::FAILOVER_IS_PORT_MOVE)
            .done(),
    );
    Section {
        title: "Move federation in the topology".into(),
        intro: Some(text![
            "Either make the changes in Topology Builder (the product procedure) or publish the modified topology the planner made; not both."
        ]),
        steps,
    }
}

fn deployment_wizard(n: &Names) -> Section {
    let wizard = format!("{} Deployment Wizard", n.family);
    let steps = n
        .survivor_servers
        .iter()
        .map(|server| {
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
                ui(&wizard),
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
            .check(text!["The log shows no errors and the Edge services run."])
            .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
            .procedure(format!("{FEDERATION_DOC}, steps 6–7"))
            .inferred(inference::DEPLOYMENT_WIZARD_EVERY_SERVER)
            .done()
        })
        .collect();
    Section {
        title: format!("Deployment Wizard on every server of {}", n.survivor),
        intro: None,
        steps,
    }
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
                text!["Associate ", v(&pool), " with ", v(&n.survivor), " for media"],
                text!["Topology Builder (or the Management Shell) on ", v(&n.admin_server)],
            )
            .act(text![
                "In Topology Builder, right-click the pool ",
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
                " and publish the topology. (Already done if you published the modified file.)"
            ])
            .act(text![
                "Or from the Management Shell, for each service of the pool that uses an Edge:"
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
    steps.push(
        step(
            "xmpp-stop",
            text!["Stop the services on every server of ", v(&n.survivor)],
            edge_servers(&n.survivor, servers),
        )
        .act(text![
            "On each server, stop the services so the XMPP proxy starts with the new route."
        ])
        .cmd("Stop-CsWindowsService")
        .check(text![
            "Every Lync or Skype for Business service on the server shows Stopped."
        ])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .procedure(format!("{XMPP_DOC}, step 1"))
        .done(),
    );
    let mut route = step(
        "xmpp-route",
        text!["Point the XMPP federation route at ", v(&n.survivor)],
        text!["The Management Shell on ", v(&n.admin_server)],
    )
    .act(text![
        "For each site whose XMPP federation route names ",
        v(n.failed_list()),
        " (see Get-CsSite), set it to ",
        v(&n.survivor),
        ". The failover document writes the parameter as -XmppExternalFederationRoute; the cmdlet reference names it -XmppFederationRoute with an EdgeServer identity, as below."
    ]);
    let running = t
        .sites
        .iter()
        .enumerate()
        .filter(|(i, _)| !plan.scope.failed_sites.contains(i));
    for (_, site) in running {
        route = route.cmd(format!(
            "Set-CsSite -Identity {} -XmppFederationRoute {}",
            ps(&site.name),
            ps(&format!("EdgeServer:{}", n.survivor))
        ));
    }
    steps.push(
        route
            .check(text![
                "Every running site's XmppFederationRoute names ",
                v(format!("EdgeServer:{}", n.survivor)),
                "."
            ])
            .check_cmd("Get-CsSite | Select-Object Identity, XmppFederationRoute")
            .procedure(format!("{XMPP_DOC}, step 2"))
            .inferred(inference::SITE_FEDERATION_ROUTES)
            .done(),
    );
    let first_domain = n.domains.first().cloned().unwrap_or_default();
    let mut dns = step(
        "xmpp-dns",
        text!["Point the XMPP DNS records at ", v(&n.survivor)],
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
        dns = dns.check_cmd(format!(
            "Resolve-DnsName -Type SRV -Name {}",
            ps(&format!("_xmpp-server._tcp.{d}"))
        ));
    }
    dns = dns.check(text![
        "Every ",
        v("_xmpp-server._tcp"),
        " record answers with port 5269 and a host name that resolves to the new pool's external address."
    ]);
    steps.push(
        dns.procedure(format!("{XMPP_DOC}, steps 3–4"))
            .published(FromPublished::CannotConfirm)
            .done(),
    );
    steps.push(
        step(
            "xmpp-firewall",
            text!["Open TCP 5269 to ", v(&n.survivor_access)],
            text!["The external firewall in front of ", v(&n.survivor)],
        )
        .act(text!["Allow TCP 5269 inbound (and outbound) on the Access Edge external address, and TCP 23456 from the Front End pools to the Edge internal interface."])
        .check(text!["From outside your network, TCP 5269 answers on ", v(&n.survivor_access), "."])
        .check_cmd(format!("Test-NetConnection -ComputerName {} -Port 5269", ps(&n.survivor_access)))
        .procedure(format!("{XMPP_DOC}, step 5"))
        .published(FromPublished::CannotConfirm)
        .done(),
    );
    steps.push(
        step(
            "xmpp-start",
            text!["Start the services on every server of ", v(&n.survivor)],
            edge_servers(&n.survivor, servers),
        )
        .cmd("Start-CsWindowsService")
        .check(text!["The XMPP proxy listens on 5269 and 23456."])
        .check_cmd("Get-NetTCPConnection -State Listen -LocalPort 5269, 23456")
        .procedure(format!("{XMPP_DOC}, step 6"))
        .done(),
    );
    Section {
        title: "XMPP federation".into(),
        intro: None,
        steps,
    }
}

/// " (203.0.113.10, 203.0.113.11)" with only the addresses as a value, so no renderer sets
/// the brackets as code next to another value (two code spans in a row merge in Markdown).
/// "Each Edge server of <pool>: <servers>", the servers by name when the topology has them.
fn edge_servers(pool: &str, servers: &[String]) -> Text {
    if servers.is_empty() {
        text!["Each Edge server of ", v(pool)]
    } else {
        text!["Each Edge server of ", v(pool), ": ", v(servers.join(", "))]
    }
}

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

fn dns(n: &Names) -> Section {
    let mut s = step(
        "dns-federation",
        text!["Point federation DNS at ", v(&n.survivor_access)],
        text!["The public DNS of ", v(n.domains.join(", "))],
    );
    for d in &n.domains {
        s = s.act(text![
            "SRV ",
            v(format!("_sipfederationtls._tcp.{d}")),
            ": priority 0, weight 0, port 5061, target ",
            v(&n.survivor_access),
            "."
        ]);
        s = s.check_cmd(format!(
            "Resolve-DnsName -Type SRV -Name {}",
            ps(&format!("_sipfederationtls._tcp.{d}"))
        ));
    }
    s = s.act(if n.survivor_ips.is_empty() {
        text![
            "A record: ",
            v(&n.survivor_access),
            " must resolve to the public address of the Access Edge of ",
            v(&n.survivor),
            "."
        ]
    } else {
        text![
            "A record: ",
            v(&n.survivor_access),
            " must resolve to ",
            v(n.survivor_ips.join(", ")),
            " (the external addresses in the topology)."
        ]
    });
    if !n.old_access.is_empty() {
        s = s.act(text![
            "Alternatively keep the SRV target and re-point the A record of ",
            v(n.old_access.join(", ")),
            " at the new pool; then its certificate must also hold that name (next step). SRV priorities do not fail federation over by themselves: partners use the record's one target."
        ]);
    }
    s = s.check_cmd(format!("Resolve-DnsName -Type A -Name {}", ps(&n.survivor_access)));
    Section {
        title: "DNS".into(),
        intro: None,
        steps: vec![s
            .check(text![
                "Every SRV record names ",
                v(&n.survivor_access),
                " and it resolves to the new pool's public address, from outside your network too."
            ])
            .practice()
            .done()],
    }
}

fn certificate(n: &Names, plan: &Plan) -> Section {
    let mut names = vec![n.survivor_access.clone()];
    names.extend(n.survivor_webconf.clone());
    for d in &n.domains {
        names.push(format!("sip.{d}"));
    }
    if plan.xmpp_moves {
        names.extend(n.domains.iter().cloned());
    }
    let mut old_names = n.old_access.clone();
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
    if !old_names.is_empty() {
        s = s.act(text![
            "If partners keep reaching the old name ",
            v(old_names.join(", ")),
            " (because you re-pointed its A record rather than the SRV records), the certificate must hold that name too."
        ]);
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
                "From outside your network, TCP 5061 answers on ",
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
    let s = step(
        "partners",
        text!["Tell partners who allow your Edge by name"],
        text!["Your federation partners"],
    )
    .act(text![
        "Partners that list your Access Edge explicitly (an allowed partner server with your FQDN) must change it from ",
        v(if n.old_access.is_empty() { "the old name".to_owned() } else { n.old_access.join(", ") }),
        " to ",
        v(&n.survivor_access),
        ". Partners that use DNS discovery follow the SRV record."
    ])
    .act(text!["Check that your own side still allows federation: the global and per-user federation settings do not change with the failover."])
    .cmd("Get-CsAccessEdgeConfiguration | Select-Object AllowFederatedUsers, EnablePartnerDiscovery, UseDnsSrvRouting")
    .cmd("Get-CsExternalAccessPolicy | Select-Object Identity, EnableFederationAccess")
    .check(text!["AllowFederatedUsers is True and your users' external access policies allow federation."])
    .practice()
    .done();
    Section {
        title: "Partners".into(),
        intro: None,
        steps: vec![s],
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
        text!["The Management Shell on ", v(&n.admin_server)],
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
            .procedure("Failing over and failing back a pool")
            .done()],
    })
}

fn verification(n: &Names, plan: &Plan) -> Section {
    let mut steps = Vec::new();
    steps.push(
        step(
            "verify-topology",
            text!["Confirm the published topology"],
            text!["The Management Shell on ", v(&n.admin_server)],
        )
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
        .check(text!["The planner says the published topology matches the plan."])
        .practice()
        .published(FromPublished::Confirms)
        .done(),
    );
    steps.push(
        step(
            "verify-replication",
            text!["Confirm every server has replicated the published topology"],
            text!["The Management Shell on ", v(&n.admin_server)],
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
                "Test every domain on your allowed list through the new federation pool; for a partner found by DNS discovery, run the same test with -Domain set to its domain."
            ])
            .cmd(format!(
                "Get-CsAllowedDomain | ForEach-Object {{ Test-CsFederatedPartner -TargetFqdn {} -Domain $_.Identity }}",
                ps(&n.survivor)
            ))
            .act(text![
                "From a client, send an instant message to a federated contact and check their presence; ask a partner to message a user in ",
                v(domain),
                "."
            ])
            .act(text!["Optionally run the Remote Connectivity Analyzer's federation test against your domain from outside."])
            .check(text!["The test succeeds, presence and messages flow both ways."])
            .practice()
            .published(FromPublished::CannotConfirm)
            .done(),
        );
    }
    if plan.xmpp_moves {
        steps.push(
            step(
                "verify-xmpp",
                text!["Prove XMPP federation works through ", v(&n.survivor)],
                text!["The Management Shell on ", v(&n.admin_server)],
            )
            .act(text![
                "Send a test message from a test user of ",
                v(n.admin_pool.clone().unwrap_or_else(|| n.admin_server.clone())),
                " to a contact at an XMPP partner you federate with (replace the receiver below). Without test users defined for the pool, add -UserSipAddress and -UserCredential."
            ])
            .cmd(format!(
                "Test-CsXmppIM -TargetFqdn {} -Receiver 'contact@xmpp-partner.example'",
                ps(n.admin_pool.as_deref().unwrap_or(&n.admin_server))
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

fn failback(n: &Names, plan: &Plan) -> Section {
    let t = n.t;
    let original = n.failed_list();
    let mut steps = Vec::new();
    steps.push(
        step(
            "failback-start",
            text!["When ", v(&original), " is back: start its services"],
            edge_servers(&original, &n.failed_servers),
        )
        .cmd("Start-CsWindowsService")
        .check(text![
            "The services run and the servers replicate the current topology."
        ])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate")
        .procedure(format!("{FAILBACK_DOC}, step 1"))
        .done(),
    );
    // Only what this plan moved goes back.
    let boxes: Vec<&str> = [
        (
            plan.federation_moves,
            "Enable federation for this Edge pool (Port 5061)",
        ),
        (plan.xmpp_moves, "Enable XMPP federation (port 5269)"),
    ]
    .into_iter()
    .filter_map(|(moved, label)| moved.then_some(label))
    .collect();
    if !boxes.is_empty() {
        let mut clear = text![
            "Export the topology as it is then, load it into the planner and choose ",
            ui("Plan failback"),
            ": it makes the reverse of this plan for that topology. Or, in Topology Builder, clear "
        ];
        for (i, label) in boxes.iter().enumerate() {
            if i > 0 {
                clear.0.push(Span::from(" and "));
            }
            clear.0.push(ui(*label));
        }
        clear.0.extend([
            Span::from(" on "),
            v(&n.survivor),
            Span::from(", select the same on "),
            v(&original),
            Span::from(", publish, and run the Deployment Wizard again on every server of "),
            v(&original),
            Span::from("."),
        ]);
        let mut s = step(
            "failback-plan",
            text!["Move federation back to ", v(&original)],
            text!["Topology Builder on ", v(&n.admin_server)],
        )
        .act(clear);
        s = if plan.federation_moves {
            s.check(text![
                "Get-CsService shows the federation port on ",
                v(&original),
                " again."
            ])
            .check_cmd(format!(
                "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, AccessEdgeExternalSipPort",
                ps(&original)
            ))
        } else {
            s.check(text![
                "The publish finishes without errors and the servers of ",
                v(&original),
                " replicate it."
            ])
            .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate")
        };
        steps.push(s.procedure(format!("{FAILBACK_DOC}, steps 2–3")).done());
    }
    if plan.xmpp_moves {
        steps.push(
            step(
                "failback-xmpp",
                text!["Move XMPP federation back"],
                text!["The Management Shell, the public DNS and the firewall"],
            )
            .act(text![
                "Set the sites' XMPP route back to ",
                v(&original),
                ", point the XMPP A record and the _xmpp-server._tcp SRV records (port 5269) back at it, and make sure TCP 5269 is open to it."
            ])
            .check(text!["Every site's XMPP route names ", v(&original), " again."])
            .check_cmd("Get-CsSite | Select-Object Identity, XmppFederationRoute")
            .procedure(format!("{FAILBACK_DOC}, XMPP"))
            .done(),
        );
    }
    if !plan.reassociated.is_empty() {
        let pools: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        steps.push(
            step(
                "failback-reassociate",
                text!["Re-associate the Front End pools with their original Edge pool"],
                text!["Topology Builder on ", v(&n.admin_server)],
            )
            .act(text![
                "Associate ",
                v(pools.join(", ")),
                " with ",
                v(&original),
                " again for media components, and publish."
            ])
            .check(text![
                "Their services name ",
                v(format!("EdgeServer:{original}")),
                " again."
            ])
            .check_cmd(format!(
                "Get-CsService -EdgeServer -PoolFqdn {} | Select-Object PoolFqdn, DependentServiceList",
                ps(&original)
            ))
            .procedure(format!("{FAILBACK_DOC}, step 4"))
            .done(),
        );
    }
    if let Some(st) = front_end_failback_step(n, plan) {
        steps.push(st);
    }
    if !plan.federation_moves {
        return Section {
            title: format!("Failback, when {original} is back"),
            intro: None,
            steps,
        };
    }
    steps.push(
        step(
            "failback-dns",
            text!["Return DNS, certificate names and partner settings"],
            text!["The public DNS, the firewall and your partners"],
        )
        .act(text![
            "Point the SRV records ",
            v(n.domains
                .iter()
                .map(|d| format!("_sipfederationtls._tcp.{d}"))
                .collect::<Vec<_>>()
                .join(", ")),
            " back at the Access Edge of ",
            v(&original),
            if n.old_access.is_empty() { "" } else { " (" },
            v(n.old_access.join(", ")),
            if n.old_access.is_empty() { "" } else { ")" },
            ", tell partners who allow your Edge by name, and keep TCP 5061 open to it."
        ])
        .check(text![
            "The federation SRV records name the Access Edge of ",
            v(&original),
            " again."
        ])
        .practice()
        .done(),
    );
    Section {
        title: format!("Failback, when {original} is back"),
        intro: None,
        steps,
    }
}

/// The Front End pools that may have failed with the Edge pool: those of the failed sites, or
/// for a single failed Edge pool those of its site (then only perhaps). For a failback plan,
/// those of the restored pool's site.
fn front_end_pools_that_failed(n: &Names, plan: &Plan) -> (Vec<String>, bool) {
    let t = n.t;
    let (sites, certain): (Vec<usize>, bool) = if n.failback {
        let restored = t.pools[t.edge_pools[plan.survivor].pool].site;
        (restored.into_iter().collect(), false)
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
        text!["The Management Shell on ", v(&n.admin_server)],
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

/// A failback plan: the restored pool's services come up first.
fn restored_start(n: &Names) -> Section {
    Section {
        title: format!("Start {}", n.survivor),
        intro: None,
        steps: vec![step(
            "failback-start",
            text!["Start the services on every server of ", v(&n.survivor)],
            edge_servers(&n.survivor, &n.survivor_servers),
        )
        .cmd("Start-CsWindowsService")
        .check(text![
            "The services run and the servers replicate the current topology."
        ])
        .check_cmd("Get-CsWindowsService | Select-Object Name, Status")
        .check_cmd("Get-CsManagementStoreReplicationStatus | Select-Object ReplicaFqdn, UpToDate")
        .procedure(format!("{FAILBACK_DOC}, step 1"))
        .done()],
    }
}

/// A failback plan: the restored site's Front End pools, if they had failed over too.
fn front_end_failback(n: &Names, plan: &Plan) -> Option<Section> {
    Some(Section {
        title: format!("Front End pools of {}", n.survivor_site),
        intro: None,
        steps: vec![front_end_failback_step(n, plan)?],
    })
}

/// Publishing and Set-CsEdgeServer both write to the Central Management Store, so when its
/// server is in the failed site it moves first, as the pool disaster-recovery procedure does.
fn central_management(n: &Names, plan: &Plan) -> Option<Section> {
    let pools = crate::plan::validation::central_management_down(n.t, &plan.scope);
    if pools.is_empty() {
        return None;
    }
    let s = step(
        "central-management-failover",
        text!["Fail over the Central Management Server"],
        text!["The Management Shell on ", v(&n.admin_server)],
    )
    .act(text![
        "The Central Management Server runs on ",
        v(pools.join(", ")),
        ", in the failed site. Until it is failed over to the backup pool, nothing can be published. Check which pool holds it, then fail it over to the Back End server of the backup pool (the pool pairing is not in the topology export, so fill in its names)."
    ])
    .cmd("Get-CsService -CentralManagement")
    .cmd("Invoke-CsManagementServerFailover -BackupSqlServerFqdn '<Back End server of the backup pool>' -BackupSqlInstanceName '<its SQL instance>' -Force -Verbose")
    .check(text!["ActiveMasterFqdn and ActiveFileTransferAgents name the backup pool."])
    .check_cmd("Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus")
    .procedure("Failing over and failing back a pool (Central Management Server)")
    .done();
    Some(Section {
        title: "Central Management Server".into(),
        intro: None,
        steps: vec![s],
    })
}
