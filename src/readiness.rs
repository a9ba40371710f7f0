//! Ready before it fails: every Edge failure the planner can plan, planned in advance from the
//! same planner, with what blocks each and what to prepare now.
//!
//! One row per failure: each Edge pool that carries SIP or XMPP federation or is a Front End
//! pool's Edge, failed alone, and each site with such a pool, failed whole. Each row is the
//! plan the page makes when that failure is marked and its best survivor chosen
//! ([`Row::request`] is the request the page sends): it is not a second planner. Its verdict
//! is *blocked* when something stands in the way ([`blockers`]), *ready* when nothing does and
//! every need it asks to prepare is marked done, else *ready with work*. The preparation
//! checklist merges every row's needs by id, grouped by team ([`needs`]).
//!
//! Pure data, rendered as Markdown and as one offline HTML file ([`render`]).

pub mod blockers;
pub mod facts;
pub mod needs;
pub mod render;

use serde::Serialize;

use crate::checklist::{self, Text};
use crate::plan::{self, Candidate, Direction, FailoverRequest, Failure, Plan, PlanError, Scope};
use crate::topology::inference::{self, Inference};
use crate::topology::{EdgeIdx, PoolKind, SiteIdx, Topology, TopologyFile};

pub use blockers::{Blocker, BlockerKind};
pub use facts::PlanFacts;
pub use needs::{Item, Need, Team};

use crate::checklist::text::text;

/// How ready a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing blocks it and everything it asks to prepare is marked done.
    Ready,
    /// Nothing blocks it; it asks for preparation not yet marked done.
    ReadyWithWork,
    /// Something stands in the way.
    Blocked,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithWork => "ready with work",
            Verdict::Blocked => "blocked",
        }
    }
}

/// The files a row's plan is written to (`--plans-dir`): named by failure and survivor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanFiles {
    pub topology: String,
    /// The failover's runbook, with its rollback.
    pub checklist: String,
    pub checklist_html: String,
    /// The failback's runbook, with its own rollback.
    pub failback: String,
    pub failback_html: String,
}

/// One failure, planned.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// From 1, in the report's order.
    pub number: usize,
    /// `pool:<fqdn>` or `site:<name>`, the same in every report of the topology.
    pub id: String,
    pub failure: Failure,
    /// What fails, in words.
    pub title: Text,
    /// The Edge pools that fail.
    pub failed_pools: Vec<String>,
    pub verdict: Verdict,
    /// Every Edge pool, ranked as the page ranks them (`plan::candidates`), with the reasons.
    pub survivors: Vec<Candidate>,
    /// The best survivor: the first that can take over.
    pub best: Option<String>,
    pub blockers: Vec<Blocker>,
    /// What to prepare now, for the best survivor, and to remove the blockers.
    pub needs: Vec<Need>,
    /// The best survivor's next hop, in words.
    pub next_hop: Option<Text>,
    /// The plan's expected outages, as its checklist states them.
    pub outages: Vec<Text>,
    /// The plan for the best survivor, when it could be made.
    pub plan: Option<PlanFacts>,
    /// Why no plan could be made.
    pub no_plan: Option<String>,
    /// The request that opens this plan: what the page sends when the failure is marked and
    /// the best survivor chosen.
    pub request: Option<FailoverRequest>,
    /// The names its plan's files are made under, and written under by `--plans-dir` when it
    /// [`writes_plan`](Row::writes_plan).
    pub files: Option<PlanFiles>,
}

impl Row {
    /// Whether its plan is one `plan` writes: made, with no check that is an error.
    pub fn writes_plan(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| p.errors().next().is_none())
    }

    /// The ids of what it asks to prepare.
    pub fn need_ids(&self) -> Vec<String> {
        self.needs.iter().map(Need::id).collect()
    }

    fn judge(&mut self, prepared: &[String]) {
        self.verdict = if !self.blockers.is_empty() {
            Verdict::Blocked
        } else if self.needs.iter().all(|n| prepared.contains(&n.id())) {
            Verdict::Ready
        } else {
            Verdict::ReadyWithWork
        };
    }
}

/// Every failure of a topology, planned in advance.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The name the topology was loaded by.
    pub topology: String,
    /// The day it was made, as given (the report is dated, and the same input gives the same
    /// report).
    pub date: String,
    pub product: String,
    pub format: String,
    pub rows: Vec<Row>,
    /// Every row's needs merged, grouped by team.
    pub preparation: Vec<Item>,
    /// The ids of the needs marked done.
    pub prepared: Vec<String>,
    /// The readings of the format the report rests on.
    pub inferences: Vec<Inference>,
}

impl Report {
    /// How many rows are ready, ready with work and blocked.
    pub fn counts(&self) -> [usize; 3] {
        let n = |v: Verdict| self.rows.iter().filter(|r| r.verdict == v).count();
        [n(Verdict::Ready), n(Verdict::ReadyWithWork), n(Verdict::Blocked)]
    }

    pub fn any_blocked(&self) -> bool {
        self.rows.iter().any(|r| r.verdict == Verdict::Blocked)
    }

    /// Marks needs done (by id), and judges every row again: no plan is made again.
    pub fn set_prepared(&mut self, ids: &[String]) {
        self.prepared = ids.to_vec();
        for row in &mut self.rows {
            row.judge(ids);
        }
    }
}

/// The report of `file`, loaded as `name`, dated `date`.
pub fn build(file: &TopologyFile, name: &str, date: &str) -> Result<Report, PlanError> {
    build_with(file, name, date, &mut |_, _| {})
}

/// [`build`], handing each row's plan to `visit` as it is made (plans are not kept: a large
/// topology's would not fit in memory together). Its checklist is `checklist::build_for` of
/// the plan, under the row's [`PlanFiles`] names.
pub fn build_with(
    file: &TopologyFile,
    name: &str,
    date: &str,
    visit: &mut dyn FnMut(&Row, &Plan),
) -> Result<Report, PlanError> {
    let mut builder = Builder::new(file, name, date)?;
    while builder.next_row(visit) {}
    Ok(builder.finish())
}

/// A report made one row at a time, so a caller can spread the work (the page between
/// frames) and say how far it is.
pub struct Builder<'a> {
    file: &'a TopologyFile,
    name: String,
    date: String,
    facts: blockers::TopologyFacts,
    failures: Vec<Failure>,
    rows: Vec<Row>,
    /// The row half made: its plan made, its runbook not yet checked.
    started: Option<Started>,
    /// The plan files' names given so far, to keep each unique.
    taken: Vec<String>,
}

impl<'a> Builder<'a> {
    /// Refuses a topology with errors, as the planner does.
    pub fn new(file: &'a TopologyFile, name: &str, date: &str) -> Result<Builder<'a>, PlanError> {
        let errors: Vec<_> = file
            .topology
            .findings
            .iter()
            .filter(|f| f.severity == crate::topology::Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(PlanError::TopologyHasErrors(errors));
        }
        Ok(Builder {
            file,
            name: name.to_owned(),
            date: date.to_owned(),
            facts: blockers::TopologyFacts::of(file),
            failures: failures(&file.topology),
            rows: Vec::new(),
            started: None,
            taken: Vec::new(),
        })
    }

    /// How many rows the report has.
    pub fn len(&self) -> usize {
        self.failures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    /// How many rows are made.
    pub fn made(&self) -> usize {
        self.rows.len()
    }

    /// Makes the next half of a row: its plan, then its runbook checked as the page checks it
    /// and the rest of the row, handing its plan to `visit`; false when every row is made.
    /// Each half of a large topology's row is about as long as the other (the runbook holds
    /// the failback, a plan of its own), so a caller that gives the page a turn between calls
    /// never keeps it busy for a whole row.
    pub fn next_row(&mut self, visit: &mut dyn FnMut(&Row, &Plan)) -> bool {
        if let Some(started) = self.started.take() {
            let row = finish_row(self.file, &self.name, &self.facts, started, &mut self.taken, visit);
            self.rows.push(row);
            return true;
        }
        let Some(failure) = self.failures.get(self.rows.len()).cloned() else {
            return false;
        };
        match start_row(self.file, self.rows.len() + 1, failure) {
            Ok(started) => self.started = Some(started),
            Err(row) => self.rows.push(*row),
        }
        true
    }

    /// The report, with the rows made so far (every row once [`Builder::next_row`] says so).
    pub fn finish(self) -> Report {
        let t = &self.file.topology;
        let preparation = needs::merge(self.rows.iter().map(|r| (r.number, r.needs.as_slice())));
        let used = inferences(self.file, &self.rows);
        let mut report = Report {
            topology: self.name,
            date: self.date,
            product: t.product.name().to_owned(),
            format: t.format.label().to_owned(),
            rows: self.rows,
            preparation,
            prepared: Vec::new(),
            inferences: inference::ALL
                .iter()
                .filter(|i| used.contains(&i.id))
                .copied()
                .collect(),
        };
        report.set_prepared(&[]);
        report
    }
}

/// Whether an Edge pool gets a row of its own: it carries SIP or XMPP federation, or a Front
/// End pool uses it for media.
fn planned_alone(t: &Topology, e: EdgeIdx) -> bool {
    let edge = &t.edge_pools[e];
    edge.has_federation()
        || edge
            .associations
            .iter()
            .any(|a| t.pool_kind(a.pool) == PoolKind::FrontEnd)
}

/// The failures the report plans, site by site: each of the site's Edge pools that gets a row,
/// then the site whole when one of its Edge pools (or its branch sites') does; pools in no site
/// last.
pub fn failures(t: &Topology) -> Vec<Failure> {
    let mut out = Vec::new();
    let pool_rows = |site: Option<SiteIdx>| {
        t.edges()
            .filter(move |e| t.pools[t.edge_pools[*e].pool].site == site && planned_alone(t, *e))
            .map(|e| Failure::Pool(t.pools[t.edge_pools[e].pool].fqdn.clone()))
    };
    for (s, site) in t.sites.iter().enumerate() {
        out.extend(pool_rows(Some(s)));
        let with_branches = |x: SiteIdx| x == s || t.sites[x].parent == Some(s);
        let any = t
            .edges()
            .any(|e| t.pools[t.edge_pools[e].pool].site.is_some_and(with_branches) && planned_alone(t, e));
        if any {
            // By name, as the page marks a site; by SiteId when the name would find another.
            let key = if t.site_by_name_or_id(&site.name) == Some(s) {
                site.name.clone()
            } else {
                site.id.clone()
            };
            out.push(Failure::Site(key));
        }
    }
    out.extend(pool_rows(None));
    out
}

/// The request the page sends when `failure` is marked and `survivor` chosen: its decisions
/// as they start (XMPP moves, the default re-association, nothing else cleared).
pub fn page_request(failure: Failure, survivor: String) -> FailoverRequest {
    FailoverRequest {
        failure,
        move_xmpp: Some(true),
        direction: Direction::Failover,
        ..FailoverRequest::pool("", survivor)
    }
}

/// A row half made: its failure scoped, its survivors ranked, and the plan for the best one
/// made or refused.
struct Started {
    row: Row,
    scope: Scope,
    planned: Option<(FailoverRequest, Result<Plan, PlanError>)>,
}

/// The first half of a row, or the whole row when its failure cannot be scoped.
fn start_row(file: &TopologyFile, number: usize, failure: Failure) -> Result<Started, Box<Row>> {
    let t = &file.topology;
    let id = match &failure {
        Failure::Pool(p) => format!("pool:{}", p.to_ascii_lowercase()),
        Failure::Site(s) => format!("site:{s}"),
    };
    let mut row = Row {
        number,
        id,
        failure: failure.clone(),
        title: Text::default(),
        failed_pools: Vec::new(),
        verdict: Verdict::Blocked,
        survivors: Vec::new(),
        best: None,
        blockers: Vec::new(),
        needs: Vec::new(),
        next_hop: None,
        outages: Vec::new(),
        plan: None,
        no_plan: None,
        request: None,
        files: None,
    };
    let scope = match plan::scope(file, &failure) {
        Ok(scope) => scope,
        Err(e) => {
            row.no_plan = Some(e.to_string());
            row.blockers.push(Blocker {
                kind: BlockerKind::PlanError,
                what: text![e.to_string()],
                remedy: text!["Plan this failure in the planner and read why."],
                needs: Vec::new(),
            });
            return Err(Box::new(row));
        }
    };
    row.failed_pools = scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect();
    row.title = match &failure {
        Failure::Pool(p) => text!["Edge pool ", value(p), " fails"],
        Failure::Site(_) => text![
            "Site ",
            value(t.sites[scope.failed_sites[0]].name.clone()),
            " fails whole (Edge pools ",
            value(row.failed_pools.join(", ")),
            ")"
        ],
    };
    row.survivors = plan::candidates(file, &scope);
    row.best = row.survivors.iter().find(|c| c.eligible).map(|c| c.fqdn.clone());
    let planned = row.best.clone().map(|best| {
        let request = page_request(failure, best);
        let made = plan::make_plan(file, &request);
        (request, made)
    });
    Ok(Started { row, scope, planned })
}

/// The second half of a row: its plan's runbook checked, and what the row says of it.
fn finish_row(
    file: &TopologyFile,
    name: &str,
    facts: &blockers::TopologyFacts,
    started: Started,
    taken: &mut Vec<String>,
    visit: &mut dyn FnMut(&Row, &Plan),
) -> Row {
    let Started {
        mut row,
        scope,
        planned,
    } = started;
    let mut prep = None;
    if let Some((request, made)) = planned {
        match made.and_then(|plan| offered(file, name, plan)) {
            Ok(plan) => {
                let plan_facts = PlanFacts::of(file, &plan);
                row.files = Some(plan_files(name, &row, &plan_facts.survivor, taken));
                row.next_hop = Some(next_hop_words(file, &scope, &plan_facts));
                let p = checklist::prepare::of(file, &plan);
                row.outages = p.outages.clone();
                prep = Some(p);
                row.plan = Some(plan_facts);
                row.request = Some(request);
                visit(&row, &plan);
            }
            Err(e) => {
                row.no_plan = Some(e.to_string());
                row.request = Some(request);
                row.blockers.push(Blocker {
                    kind: BlockerKind::PlanError,
                    what: text![e.to_string()],
                    remedy: text!["Plan this failure in the planner and read why."],
                    needs: Vec::new(),
                });
            }
        }
    } else {
        row.no_plan = plan::no_survivor_advice(file, &scope);
    }
    row.blockers
        .extend(blockers::of(file, facts, &scope, &row.survivors, row.plan.as_ref()));
    if let Some(p) = &prep {
        row.needs.extend(needs::of_preparation(p));
    }
    if let Some(plan) = &row.plan {
        // A survivor with no next hop at all: the plan warns, and one can be set now.
        if plan.warnings().any(|c| c.check == plan::CheckKind::NextHopMissing) {
            let what = text![
                "Set a next hop for ",
                value(&plan.survivor),
                " (Topology Builder: ",
                label("Edit Properties"),
                ", ",
                label("Next hop"),
                "): a Front End pool or Director that stays up when the failed pool goes."
            ];
            row.needs.push(Need::Topology {
                key: format!("next-hop:{}", plan.survivor.to_ascii_lowercase()),
                what,
            });
        }
    }
    let removal: Vec<Need> = row.blockers.iter().flat_map(|b| b.needs.iter().cloned()).collect();
    for need in removal {
        if !row.needs.iter().any(|n| n.id() == need.id()) {
            row.needs.push(need);
        }
    }
    row
}

/// The plan as the page offers it: refused, with the page's error, when its runbook breaks a
/// safety rule (the page never shows such a plan, so its row must not either).
fn offered(file: &TopologyFile, name: &str, plan: Plan) -> Result<Plan, PlanError> {
    let topology = plan::output_file_name(name, plan.survivor_fqdn(file));
    let runbook = checklist::build_for(file, &plan, name, &topology);
    match checklist::safety::broken(&runbook.safety) {
        Some(broken) => Err(PlanError::Unsafe(broken)),
        None => Ok(plan),
    }
}

/// The best survivor's next hop: kept, changed by the plan, or missing.
fn next_hop_words(file: &TopologyFile, scope: &Scope, plan: &PlanFacts) -> Text {
    let t = &file.topology;
    if let Some(change) = &plan.next_hop {
        return text![
            "Next hop: ",
            value(&plan.survivor),
            " forwards to ",
            value(change.from_pool.as_deref().unwrap_or("a pool")),
            ", in the failed site; the plan points it at ",
            value(&change.to_pool),
            if change.same_site {
                " first (Topology Builder)."
            } else {
                " first (Set-CsEdgeServer -Registrar, as the product documentation does)."
            }
        ];
    }
    let hop = t
        .edge_by_fqdn(&plan.survivor)
        .and_then(|e| e.next_hop)
        .and_then(|s| t.services[s].pool);
    match hop {
        Some(p) if !t.pools[p].site.is_some_and(|s| scope.failed_sites.contains(&s)) => text![
            "Next hop: ",
            value(&plan.survivor),
            " forwards to ",
            value(&t.pools[p].fqdn),
            " (site ",
            value(t.site_name(t.pools[p].site)),
            "), which stays up."
        ],
        Some(p) => text![
            "Next hop: ",
            value(&plan.survivor),
            " forwards to ",
            value(&t.pools[p].fqdn),
            ", in the failed site, and no healthy Front End pool or Director is left to replace it."
        ],
        None => text![
            "Next hop: ",
            value(&plan.survivor),
            " has none; set one before it can carry federation."
        ],
    }
}

/// The names a row's plan is written under: the loaded file's stem, what fails, and the
/// survivor (as the page names a plan's files), made unique within the report.
fn plan_files(name: &str, row: &Row, survivor: &str, taken: &mut Vec<String>) -> PlanFiles {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
            .collect()
    };
    let host = |fqdn: &str| safe(fqdn.split('.').next().unwrap_or(fqdn));
    let what = match &row.failure {
        Failure::Pool(p) => format!("{}-fails", host(p)),
        Failure::Site(s) => format!("site-{}-fails", safe(s)),
    };
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext),
        _ => (name, "xml"),
    };
    let base = format!("{stem}.{what}.failover-to-{}", host(survivor));
    let mut unique = base.clone();
    let mut n = 1;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&unique)) {
        n += 1;
        unique = format!("{base}-{n}");
    }
    taken.push(unique.clone());
    PlanFiles {
        topology: format!("{unique}.{ext}"),
        checklist: format!("{unique}.checklist.md"),
        checklist_html: format!("{unique}.checklist.html"),
        failback: format!("{unique}.failback.md"),
        failback_html: format!("{unique}.failback.html"),
    }
}

/// The readings of the format the report's words rest on: which pools carry federation and
/// which Front End pools use them (the rows), backup pools (the site rows' blockers), whether
/// a Topology Builder file is what is published, the Access Edge's addresses (the DNS and
/// firewall needs), a set site route (re-pointed by a plan), XMPP left out on 2019.
fn inferences(file: &TopologyFile, rows: &[Row]) -> Vec<&'static str> {
    let t = &file.topology;
    let plans = || rows.iter().filter_map(|r| r.plan.as_ref());
    let mut used = vec![inference::SIP_FEDERATION_PORT.id];
    if t.edge_pools.iter().any(|e| e.has_xmpp_federation()) {
        used.push(inference::XMPP_FEDERATION_PORTS.id);
    }
    if t.edge_pools.iter().any(|e| !e.associations.is_empty()) {
        used.push(inference::MEDIA_ASSOCIATION.id);
    }
    if rows.iter().any(|r| r.failure_is_site()) {
        used.push(inference::BACKUP_POOL.id);
    }
    if t.format == crate::topology::Format::TopologyBuilder {
        used.push(inference::TOPOLOGY_BUILDER_PUBLISHED.id);
    }
    let addresses = |n: &Need| match n {
        Need::Firewall { addresses, .. } => !addresses.is_empty(),
        Need::FederationDns { to, .. } | Need::XmppDns { to, .. } => to.iter().any(|a| !a.addresses.is_empty()),
        _ => false,
    };
    if rows.iter().flat_map(|r| &r.needs).any(addresses) {
        used.push(inference::ACCESS_EDGE_ADDRESS.id);
    }
    if t.sites.iter().any(|s| s.federation_route.service().is_some()) || plans().any(|p| !p.routes.is_empty()) {
        used.push(inference::SITE_FEDERATION_ROUTE_CONTENT.id);
    }
    if !t.product.has_xmpp() || plans().any(|p| p.raises(plan::CheckKind::XmppOnSurvivorVersion)) {
        used.push(inference::XMPP_2019.id);
    }
    used
}

impl Row {
    fn failure_is_site(&self) -> bool {
        matches!(self.failure, Failure::Site(_))
    }
}

/// A day as `YYYY-MM-DD` (UTC) from milliseconds since the Unix epoch: the report's date when
/// none is given.
pub fn utc_date(unix_ms: f64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm), valid for every day after 1970.
    let days = (unix_ms.max(0.0) / 86_400_000.0) as i64;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(utc_date(0.0), "1970-01-01");
        assert_eq!(utc_date(951_782_400_000.0), "2000-02-29");
        assert_eq!(utc_date(1_735_689_599_999.0), "2024-12-31");
        assert_eq!(utc_date(1_735_689_600_000.0), "2025-01-01");
    }
}
