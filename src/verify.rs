//! Checking what was published: after the publish, the administrator exports the live
//! topology again (`(Get-CsTopology -AsXml).ToString() > published.xml`) and this says whether
//! it is now what was planned, in the administrator's words. Pure Rust with no web
//! dependency: the page and `edge-failover verify` run this same comparison.
//!
//! It compares meaning, not text. Both files are read into the model and compared by name on
//! what a failover changes: the SIP and XMPP federation pools, each Edge pool's next hop, each
//! pool's Edge association (Registrar, conferencing, Mediation) and the site federation
//! routes. The signature, the encoding, line endings, whitespace and attribute order, which a
//! publish and an export change on their own, are no difference. Everything else is compared
//! element by element on a canonical form, so an unrelated change made between the plan and
//! the publish still shows, with its diff.

use serde::Serialize;
use thiserror::Error;

use crate::edit::diff::{Diff, DiffLineKind};
use crate::topology::xml::ElementId;
use crate::topology::{FederationRoute, LoadError, TopologyFile, XmlDocument};

/// What the comparison looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    SipFederation,
    XmppFederation,
    NextHop,
    EdgeAssociation,
    SiteFederationRoute,
}

/// One fact, confirmed or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub fact: Fact,
    pub matches: bool,
    /// What the published topology shows when it matches; else the difference.
    pub message: String,
}

/// Elements that differ outside the facts above.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OtherChanges {
    pub count: usize,
    /// A diff of the two files' canonical forms (one element a line, attributes in order of
    /// name; `-` planned, `+` published, `…` before each part), cut after [`MAX_DIFF_LINES`].
    pub diff: String,
}

/// A long diff is cut: a different topology altogether is said in the first lines.
pub const MAX_DIFF_LINES: usize = 400;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub checked: Vec<Checked>,
    pub other: Option<OtherChanges>,
    /// Why the elements were not compared one by one, when they could not be.
    pub note: Option<String>,
    /// The two files' Signatures differ and they have no pool in common: the published file
    /// is not an export of the planned deployment at all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub different_deployment: bool,
}

#[derive(Clone, Debug, Error, PartialEq)]
pub enum VerifyError {
    #[error("The planned topology cannot be read: {0}")]
    Planned(LoadError),
    #[error("The published topology cannot be read: {0}")]
    Published(LoadError),
}

impl Comparison {
    /// The federation facts all hold: what the verification steps need.
    pub fn federation_matches(&self) -> bool {
        self.checked.iter().all(|c| c.matches)
    }

    /// The published topology is what was planned, and nothing else changed.
    pub fn matches(&self) -> bool {
        self.federation_matches() && self.other.is_none()
    }

    pub fn confirmed(&self) -> impl Iterator<Item = &str> {
        self.checked.iter().filter(|c| c.matches).map(|c| c.message.as_str())
    }

    /// Each difference in the administrator's words.
    pub fn differences(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .checked
            .iter()
            .filter(|c| !c.matches)
            .map(|c| c.message.clone())
            .collect();
        if let Some(o) = &self.other {
            out.push(format!(
                "Something else changed too: {} other element{} differ{}.",
                o.count,
                if o.count == 1 { "" } else { "s" },
                if o.count == 1 { "s" } else { "" }
            ));
        }
        out
    }

    pub fn headline(&self) -> &'static str {
        if self.different_deployment {
            "This looks like a different deployment: its Signature and every pool differ from the plan's, so it is not an export of the planned topology."
        } else if self.matches() {
            "The published topology matches the plan."
        } else {
            "The published topology differs from the plan."
        }
    }

    /// The result as plain text, as the command line prints it.
    pub fn report(&self) -> String {
        let mut out = format!("{}\n", self.headline());
        let mut list = |title: &str, items: Vec<&str>| {
            if !items.is_empty() {
                out.push_str(&format!("\n{title}\n"));
                for i in items {
                    out.push_str(&format!("  - {i}\n"));
                }
            }
        };
        let differences = self.differences();
        list("Differences:", differences.iter().map(String::as_str).collect());
        list("Confirmed:", self.confirmed().collect());
        if let Some(note) = &self.note {
            out.push_str(&format!("\n{note}\n"));
        }
        if let Some(o) = &self.other {
            out.push_str(&format!(
                "\nThe other differences (planned -, published +):\n{}",
                o.diff
            ));
        }
        out
    }
}

/// Reads both files and compares them.
pub fn compare_bytes(planned: &[u8], published: &[u8]) -> Result<Comparison, VerifyError> {
    let planned = TopologyFile::read(planned).map_err(VerifyError::Planned)?;
    let published = TopologyFile::read(published).map_err(VerifyError::Published)?;
    Ok(compare(&planned, &published))
}

pub fn compare(planned: &TopologyFile, published: &TopologyFile) -> Comparison {
    let (p, q) = (facts(planned), facts(published));
    let mut checked = Vec::new();
    for (fact, [same, differs, planned_only, published_only]) in TEMPLATES {
        let (a, b) = (of(&p, fact), of(&q, fact));
        if fact == Fact::SiteFederationRoute && a.is_empty() && b.is_empty() {
            checked.push(Checked {
                fact,
                matches: true,
                message: "No site has a federation route setting, in either file.".into(),
            });
        }
        let mut keys: Vec<&str> = Vec::new();
        for line in a.iter().chain(&b) {
            if !keys.contains(&line.key.as_str()) {
                keys.push(&line.key);
            }
        }
        for k in keys {
            let find = |lines: &[&'_ Line]| lines.iter().position(|l| l.key == k);
            let (x, y) = (find(&a).map(|i| a[i]), find(&b).map(|i| b[i]));
            let subject = x.or(y).map_or("", |l| l.subject.as_str());
            let (mut pv, qv) = (x.map_or("", |l| &l.value), y.map_or("", |l| &l.value));
            let (matches, template) = match (x, y) {
                (Some(_), Some(_)) if pv.eq_ignore_ascii_case(qv) => (true, same),
                // Federation moved but its next hop did not: the half-done publish the
                // procedure warns about (a next hop in the failed site).
                (Some(_), Some(_))
                    if fact == Fact::NextHop && of(&q, Fact::SipFederation).iter().any(|l| l.key == k) =>
                {
                    (
                        false,
                        "{s} carries federation but its next hop is still {q}, not {p} as planned.",
                    )
                }
                (Some(_), Some(_)) => (false, differs),
                (Some(_), None) => (false, planned_only),
                _ => (false, published_only),
            };
            // "still uses A for Registrar and conferencing, not B as planned": the roles once.
            if let (Some((edge, roles)), Some((_, same))) = (pv.split_once(" for "), qv.split_once(" for ")) {
                if !matches && fact == Fact::EdgeAssociation && roles == same {
                    pv = edge;
                }
            }
            checked.push(Checked {
                fact,
                matches,
                message: template.replace("{s}", subject).replace("{p}", pv).replace("{q}", qv),
            });
        }
    }
    let (other, note) = if planned.topology.format == published.topology.format {
        (other_changes(planned, published), None)
    } else {
        (
            None,
            Some(format!(
                "The planned file is a {} and the published one a {}: only the facts above were compared, not every element.",
                planned.topology.format.label(),
                published.topology.format.label()
            )),
        )
    };
    // Sites are often named after cities, which two deployments share; pools never are.
    let different_deployment = planned.topology.signature != published.topology.signature
        && !planned.topology.pools.iter().any(|p| {
            published
                .topology
                .pools
                .iter()
                .any(|q| q.fqdn.eq_ignore_ascii_case(&p.fqdn))
        });
    Comparison {
        checked,
        other,
        note,
        different_deployment,
    }
}

/// For each fact, what is said when the two files agree, differ, or only the planned or only
/// the published file has it: `{s}` is what it is about, `{p}` the plan's value, `{q}` the
/// published one. One table and one loop rather than code for each: the page's bundle pays
/// for every line of this.
const TEMPLATES: [(Fact, [&str; 4]); 5] = [
    (
        Fact::SipFederation,
        [
            "SIP federation (5061) is on {s} ({q}), as planned.",
            "SIP federation (5061) on {s} has {q}, the plan {p}.",
            "SIP federation (5061) is not on {s}, where the plan puts it.",
            "SIP federation (5061) is still on {s}: the publish did not happen or was undone.",
        ],
    ),
    (
        Fact::XmppFederation,
        [
            "XMPP federation (5269) is on {s}, as planned.",
            "",
            "XMPP federation (5269) is not on {s}, where the plan puts it.",
            "XMPP federation (5269) is still on {s}: the publish did not happen or was undone.",
        ],
    ),
    (
        Fact::NextHop,
        [
            "The next hop of {s} is {q}, as planned.",
            "The next hop of {s} is {q}, not {p} as planned.",
            "Edge pool {s} is in the plan but not in the published topology.",
            "Edge pool {s} is in the published topology but not in the plan.",
        ],
    ),
    (
        Fact::EdgeAssociation,
        [
            "{s} uses {q}, as planned.",
            "{s} still uses {q}, not {p} as planned.",
            "{s} uses no Edge pool, not {p} as planned.",
            "{s} uses {q}, and no Edge pool in the plan.",
        ],
    ),
    (
        Fact::SiteFederationRoute,
        [
            "The federation route of site {s} is {q}, as planned.",
            "The federation route of site {s} is {q}, not {p} as planned.",
            "Site {s} has no federation route setting, not {p} as planned.",
            "The federation route of site {s} is {q}, and not set in the plan.",
        ],
    ),
];

/// One fact of one file, by name.
struct Line {
    fact: Fact,
    /// What it is about, compared without case as FQDNs and site names are in the product.
    key: String,
    /// The same, as written.
    subject: String,
    value: String,
}

fn of(lines: &[Line], fact: Fact) -> Vec<&Line> {
    lines.iter().filter(|l| l.fact == fact).collect()
}

/// What one file says about the facts the comparison looks at.
fn facts(file: &TopologyFile) -> Vec<Line> {
    let t = &file.topology;
    let mut out = Vec::new();
    let mut push = |fact, subject: &str, value: String| {
        out.push(Line {
            fact,
            key: subject.to_ascii_lowercase(),
            subject: subject.to_owned(),
            value,
        })
    };
    for e in &t.edge_pools {
        let fqdn = &t.pools[e.pool].fqdn;
        if let Some(i) = e.sip_federation {
            let port = &t.services[e.service].ports[i];
            let access = port.configured_fqdn.as_deref().unwrap_or("no FQDN");
            push(
                Fact::SipFederation,
                fqdn,
                format!("port {}, Access Edge {access}", port.number()),
            );
        }
        if e.has_xmpp_federation() {
            push(Fact::XmppFederation, fqdn, String::new());
        }
        let hop = match e.next_hop {
            Some(s) => {
                let site = t.services[s].pool.and_then(|p| t.pools[p].site);
                format!("{} in site {}", t.service_pool_fqdn(s), t.site_name(site))
            }
            None => "no next hop".to_owned(),
        };
        push(Fact::NextHop, fqdn, hop);
    }
    // Each pool's Edge pools, with the roles that use each: (pool, Edge pool, roles).
    let mut uses: Vec<(usize, &str, Vec<&str>)> = Vec::new();
    for e in &t.edge_pools {
        for a in &e.associations {
            let edge = t.pools[e.pool].fqdn.as_str();
            let i = uses
                .iter()
                .position(|u| u.0 == a.pool && u.1 == edge)
                .unwrap_or_else(|| {
                    uses.push((a.pool, edge, Vec::new()));
                    uses.len() - 1
                });
            // In the order of Topology Builder's association page.
            for (role, words) in [
                ("Registrar", "Registrar"),
                ("ConfServices", "conferencing"),
                ("MediationServer", "Mediation"),
            ] {
                if a.links.iter().any(|(s, _)| t.services[*s].role == role) {
                    uses[i].2.push(words);
                }
            }
        }
    }
    for (pool, p) in t.pools.iter().enumerate() {
        let value: Vec<String> = uses
            .iter()
            .filter(|u| u.0 == pool)
            .map(|(_, edge, roles)| format!("{edge} for {}", and_list(roles)))
            .collect();
        if !value.is_empty() {
            out.push(Line {
                fact: Fact::EdgeAssociation,
                key: p.fqdn.to_ascii_lowercase(),
                subject: format!("{} {}", t.pool_kind(pool).label(), p.fqdn),
                value: value.join(" and "),
            });
        }
    }
    for (site, route) in site_federation_routes(file) {
        out.push(Line {
            fact: Fact::SiteFederationRoute,
            key: site.to_ascii_lowercase(),
            subject: site,
            value: route,
        });
    }
    out
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

// ---- Site federation routes, as the model reads them (DOMAIN.md rule 13) -----------------

/// Each site that has a federation route element, with the route in words: "empty", the
/// service it names (`EdgeServer:edgepool.contoso.com`), or its canonical XML when it holds
/// something the planner does not read.
pub fn site_federation_routes(file: &TopologyFile) -> Vec<(String, String)> {
    let (doc, t) = (&file.doc, &file.topology);
    t.sites
        .iter()
        .filter_map(|site| {
            let words = match &site.federation_route {
                FederationRoute::NoSiteSettings | FederationRoute::Empty { element: None } => return None,
                FederationRoute::Empty { element: Some(_) } => "empty".to_owned(),
                FederationRoute::Service { service, .. } => {
                    format!("{}:{}", t.services[*service].role, t.service_pool_fqdn(*service))
                }
                FederationRoute::NotUnderstood { element, .. } => {
                    let mut text = String::new();
                    canonical(doc, *element, 0, &[], &mut text);
                    format!("something the planner does not read: {}", text.trim())
                }
            };
            Some((site.name.clone(), words))
        })
        .collect()
}

// ---- Everything else, element by element ------------------------------------------------

/// The elements the facts above cover, so a difference there is said once, in words.
fn covered(file: &TopologyFile) -> Vec<bool> {
    let (doc, t) = (&file.doc, &file.topology);
    let mut skip = vec![false; doc.element_count()];
    for e in &t.edge_pools {
        let service = &t.services[e.service];
        for i in e.sip_federation.iter().chain(&e.xmpp_ports) {
            skip[service.ports[*i].element] = true;
        }
        for d in &service.dependencies {
            if d.target.is_some() && d.target == e.next_hop {
                skip[d.reference] = true;
            }
        }
        for a in &e.associations {
            for (s, d) in &a.links {
                skip[t.services[*s].dependencies[*d].reference] = true;
            }
        }
    }
    for site in &t.sites {
        match &site.federation_route {
            FederationRoute::Empty { element: Some(e) } | FederationRoute::NotUnderstood { element: e, .. } => {
                skip[*e] = true
            }
            // The route element is the reference's parent.
            FederationRoute::Service { reference, .. } => {
                if let Some(route) = doc.element(*reference).parent() {
                    skip[route] = true;
                }
            }
            FederationRoute::NoSiteSettings | FederationRoute::Empty { element: None } => {}
        }
    }
    skip
}

/// One line an element: its name, its namespace where it changes, its attributes sorted by
/// name (without namespace declarations and the Signature), and a leaf's text with its
/// whitespace collapsed. Comments, processing instructions and the declaration are not there.
fn canonical(doc: &XmlDocument, id: ElementId, depth: usize, skip: &[bool], out: &mut String) {
    if skip.get(id).copied().unwrap_or(false) {
        return;
    }
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push('<');
    out.push_str(doc.name(id));
    let mut attrs: Vec<(&str, std::borrow::Cow<str>)> = doc
        .attr_values(id)
        .filter(|(n, _)| *n != "xmlns" && !n.starts_with("xmlns:") && *n != "Signature")
        .collect();
    let parent_ns = doc.element(id).parent().map(|p| doc.namespace(p));
    if parent_ns != Some(doc.namespace(id)) {
        attrs.insert(0, ("xmlns", doc.namespace(id).into()));
    }
    // An element has a dozen attributes at most: an insertion sort, by name.
    for i in 1..attrs.len() {
        let mut j = i;
        while j > 0 && attrs[j - 1].0 > attrs[j].0 {
            attrs.swap(j - 1, j);
            j -= 1;
        }
    }
    for (n, v) in attrs {
        for part in [" ", n, "=\"", &v, "\""] {
            out.push_str(part);
        }
    }
    out.push('>');
    let mut children = doc.children(id).peekable();
    if children.peek().is_none() {
        for (i, word) in doc.text_content(id).split_whitespace().enumerate() {
            out.push_str(if i == 0 { "" } else { " " });
            out.push_str(word);
        }
    }
    out.push('\n');
    for c in children {
        canonical(doc, c, depth + 1, skip, out);
    }
}

fn other_changes(planned: &TopologyFile, published: &TopologyFile) -> Option<OtherChanges> {
    let form = |f: &TopologyFile| {
        let mut out = String::new();
        canonical(&f.doc, f.doc.root(), 0, &covered(f), &mut out);
        out
    };
    let (a, b) = (form(planned), form(published));
    if a == b {
        return None;
    }
    // An element changed in place is one removed and one added line: count it once. The
    // diff is written here, each hunk after a "…" line, rather than as `diff -u` headers
    // nobody needs for a canonical form.
    let (mut count, mut removed, mut added, mut lines) = (0, 0, 0, 0);
    let mut text = String::new();
    for hunk in Diff::lines(&a, &b, 2).hunks {
        for line in std::iter::once(None).chain(hunk.lines.iter().map(Some)) {
            let sign = match line.map(|l| l.kind) {
                None => "…",
                Some(DiffLineKind::Removed) => {
                    removed += 1;
                    "-"
                }
                Some(DiffLineKind::Added) => {
                    added += 1;
                    "+"
                }
                Some(DiffLineKind::Context) => {
                    count += removed.max(added);
                    (removed, added) = (0, 0);
                    " "
                }
            };
            lines += 1;
            if lines <= MAX_DIFF_LINES {
                text.push_str(sign);
                text.push_str(line.map_or("", |l| l.text.as_str()));
                text.push('\n');
            }
        }
    }
    count += removed.max(added);
    if lines > MAX_DIFF_LINES {
        text.push_str(&format!("… and {} more lines\n", lines - MAX_DIFF_LINES));
    }
    Some(OtherChanges { count, diff: text })
}
