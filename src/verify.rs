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

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use thiserror::Error;

use crate::edit::diff::{Diff, DiffLineKind};
use crate::topology::xml::ElementId;
use crate::topology::{LoadError, ServiceKey, Topology, TopologyFile, XmlDocument};

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
    /// A unified diff of the two files' canonical forms (one element a line, attributes in
    /// order of name), cut after [`MAX_DIFF_LINES`].
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
        if self.matches() {
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
    let (p, q) = (Facts::of(planned), Facts::of(published));
    let mut checked = Vec::new();
    federation(
        &mut checked,
        Fact::SipFederation,
        "SIP federation (5061)",
        &p.sip,
        &q.sip,
    );
    federation(
        &mut checked,
        Fact::XmppFederation,
        "XMPP federation (5269)",
        &p.xmpp,
        &q.xmpp,
    );
    next_hops(&mut checked, &p, &q);
    associations(&mut checked, &p, &q);
    routes(&mut checked, &p.routes, &q.routes);
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
    Comparison { checked, other, note }
}

/// Names compare without case, as FQDNs and site names do in the product; shown as written.
fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn list<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.into_iter().map(String::as_str).collect();
    if names.is_empty() {
        "no Edge pool".into()
    } else {
        names.join(", ")
    }
}

/// What one file says, by name.
struct Facts {
    /// Edge pool → (its FQDN, the federation port's number and FQDN).
    sip: BTreeMap<String, (String, String)>,
    xmpp: BTreeMap<String, (String, String)>,
    /// Edge pool → (its FQDN, the next hop's pool and site, if any).
    next_hops: BTreeMap<String, (String, Option<(String, String)>)>,
    /// (pool, role) → (pool FQDN and kind, the Edge pool it uses).
    associations: BTreeMap<(String, String), (String, String)>,
    routes: BTreeMap<String, (String, String)>,
    federated: BTreeSet<String>,
}

impl Facts {
    fn of(file: &TopologyFile) -> Facts {
        let t = &file.topology;
        let mut f = Facts {
            sip: BTreeMap::new(),
            xmpp: BTreeMap::new(),
            next_hops: BTreeMap::new(),
            associations: BTreeMap::new(),
            routes: BTreeMap::new(),
            federated: BTreeSet::new(),
        };
        for e in &t.edge_pools {
            let fqdn = &t.pools[e.pool].fqdn;
            let ports = &t.services[e.service].ports;
            if let Some(i) = e.sip_federation {
                let port = &ports[i];
                let detail = format!(
                    "port {}{}",
                    port.number(),
                    port.configured_fqdn
                        .as_ref()
                        .map(|f| format!(", Access Edge {f}"))
                        .unwrap_or_default()
                );
                f.sip.insert(key(fqdn), (fqdn.clone(), detail));
                f.federated.insert(key(fqdn));
            }
            if e.has_xmpp_federation() {
                let mut numbers: Vec<&str> = e.xmpp_ports.iter().map(|i| ports[*i].number()).collect();
                numbers.sort_unstable();
                f.xmpp
                    .insert(key(fqdn), (fqdn.clone(), format!("ports {}", numbers.join(", "))));
            }
            let hop = e.next_hop.map(|s| {
                let site = t.services[s].pool.and_then(|p| t.pools[p].site);
                (t.service_pool_fqdn(s).to_owned(), t.site_name(site).to_owned())
            });
            f.next_hops.insert(key(fqdn), (fqdn.clone(), hop));
            for a in &e.associations {
                let pool = &t.pools[a.pool].fqdn;
                for (s, _) in &a.links {
                    let role = role_words(&t.services[*s].role);
                    f.associations.insert(
                        (key(pool), role.to_owned()),
                        (format!("{} {pool}", t.pool_kind(a.pool).label()), fqdn.clone()),
                    );
                }
            }
        }
        for (site, route) in site_federation_routes(file) {
            f.routes.insert(key(&site), (site, route));
        }
        f
    }
}

fn role_words(role: &str) -> &str {
    match role {
        "ConfServices" => "conferencing",
        "MediationServer" => "Mediation",
        other => other,
    }
}

fn federation(
    out: &mut Vec<Checked>,
    fact: Fact,
    what: &str,
    planned: &BTreeMap<String, (String, String)>,
    published: &BTreeMap<String, (String, String)>,
) {
    let names = |m: &BTreeMap<String, (String, String)>, keys: &BTreeSet<&String>| {
        list(m.iter().filter(|(k, _)| keys.contains(k)).map(|(_, (n, _))| n))
    };
    let p: BTreeSet<&String> = planned.keys().collect();
    let q: BTreeSet<&String> = published.keys().collect();
    let still: BTreeSet<&String> = q.difference(&p).copied().collect();
    let missing: BTreeSet<&String> = p.difference(&q).copied().collect();
    let message = match (still.is_empty(), missing.is_empty()) {
        (true, true) => {
            let changed: Vec<String> = planned
                .iter()
                .filter(|(k, (_, d))| published[*k].1 != *d)
                .map(|(k, (n, d))| format!("{what} on {n} has {}, the plan {d}", published[k].1))
                .collect();
            if !changed.is_empty() {
                out.push(Checked {
                    fact,
                    matches: false,
                    message: format!("{}.", changed.join("; ")),
                });
                return;
            }
            out.push(Checked {
                fact,
                matches: true,
                message: format!("{what} is on {}, as planned.", names(planned, &p)),
            });
            return;
        }
        (false, false) => format!(
            "{what} is still on {}, not on {}: the publish did not happen or was undone.",
            names(published, &still),
            names(planned, &missing)
        ),
        (false, true) => format!(
            "{what} is still on {} as well as on {}: the plan takes it off {}.",
            names(published, &still),
            names(planned, &p),
            names(published, &still)
        ),
        (true, false) => format!(
            "{what} is not on {}, where the plan puts it; it is on {}.",
            names(planned, &missing),
            names(published, &q)
        ),
    };
    out.push(Checked {
        fact,
        matches: false,
        message,
    });
}

fn next_hops(out: &mut Vec<Checked>, p: &Facts, q: &Facts) {
    let show = |h: &Option<(String, String)>| match h {
        Some((pool, site)) => format!("{pool} in site {site}"),
        None => "no next hop".into(),
    };
    let keys: BTreeSet<&String> = p.next_hops.keys().chain(q.next_hops.keys()).collect();
    for k in keys {
        let (matches, message) = match (p.next_hops.get(k), q.next_hops.get(k)) {
            (Some((edge, _)), None) => (
                false,
                format!("Edge pool {edge} is in the plan but not in the published topology."),
            ),
            (None, Some((edge, _))) => (
                false,
                format!("Edge pool {edge} is in the published topology but not in the plan."),
            ),
            (Some((edge, planned)), Some((_, published))) => {
                let same = match (planned, published) {
                    (Some(a), Some(b)) => key(&a.0) == key(&b.0),
                    (a, b) => a.is_none() && b.is_none(),
                };
                let to = planned.as_ref().map_or("no next hop", |h| h.0.as_str());
                if same {
                    (
                        true,
                        format!("The next hop of {edge} is {}, as planned.", show(published)),
                    )
                } else if q.federated.contains(k) {
                    (
                        false,
                        format!(
                            "{edge} carries federation but its next hop is still {}, not {to} as planned.",
                            show(published)
                        ),
                    )
                } else {
                    (
                        false,
                        format!("The next hop of {edge} is {}, not {to} as planned.", show(published)),
                    )
                }
            }
            (None, None) => continue,
        };
        out.push(Checked {
            fact: Fact::NextHop,
            matches,
            message,
        });
    }
}

fn associations(out: &mut Vec<Checked>, p: &Facts, q: &Facts) {
    // Per pool, the roles grouped by (published Edge pool, planned Edge pool).
    type Roles<'a> = BTreeMap<(String, String), Vec<&'a str>>;
    let mut by_pool: BTreeMap<&str, (String, Roles)> = BTreeMap::new();
    let keys: BTreeSet<&(String, String)> = p.associations.keys().chain(q.associations.keys()).collect();
    for k in keys {
        let (a, b) = (p.associations.get(k), q.associations.get(k));
        let pool = a.or(b).map(|(pool, _)| pool.clone()).unwrap_or_default();
        let edge = |x: Option<&(String, String)>| x.map_or_else(|| "no Edge pool".to_owned(), |(_, e)| e.clone());
        let entry = by_pool.entry(&k.0).or_insert_with(|| (pool, BTreeMap::new()));
        entry.1.entry((edge(b), edge(a))).or_default().push(&k.1);
    }
    for (_, (pool, groups)) in by_pool {
        for ((published, planned), mut roles) in groups {
            // In the order of Topology Builder's association page.
            roles.sort_by_key(|r| ["Registrar", "conferencing", "Mediation"].iter().position(|x| x == r));
            let roles = and_list(&roles);
            let (matches, message) = if key(&published) == key(&planned) {
                (true, format!("{pool} uses {published} for {roles}, as planned."))
            } else {
                (
                    false,
                    format!("{pool}: {roles} still use {published}, not {planned} as planned."),
                )
            };
            out.push(Checked {
                fact: Fact::EdgeAssociation,
                matches,
                message,
            });
        }
    }
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn routes(
    out: &mut Vec<Checked>,
    planned: &BTreeMap<String, (String, String)>,
    published: &BTreeMap<String, (String, String)>,
) {
    let keys: BTreeSet<&String> = planned.keys().chain(published.keys()).collect();
    if keys.is_empty() {
        out.push(Checked {
            fact: Fact::SiteFederationRoute,
            matches: true,
            message: "No site has a federation route setting, in either file.".into(),
        });
    }
    let unset = "not set (the site has no federation route setting)".to_owned();
    for k in keys {
        let (a, b) = (planned.get(k), published.get(k));
        let site = a.or(b).map(|(s, _)| s.as_str()).unwrap_or_default();
        let (a, b) = (a.map_or(&unset, |x| &x.1), b.map_or(&unset, |x| &x.1));
        out.push(if key(a) == key(b) {
            Checked {
                fact: Fact::SiteFederationRoute,
                matches: true,
                message: format!("The federation route of site {site} is {b}, as planned."),
            }
        } else {
            Checked {
                fact: Fact::SiteFederationRoute,
                matches: false,
                message: format!("The federation route of site {site} is {b}, not {a} as planned."),
            }
        });
    }
}

// ---- Site federation routes, read straight from the element tree -------------------------
//
// The topology model does not hold site federation routes yet (issue 12 adds them, DOMAIN.md
// rule 13). Until it does, this one function reads them from each site's
// `SiteConfiguration/OCSSiteConfiguration/FederationRoute` element; once the model has them,
// it is the only place to change. Sites with no such element are left out.

/// Each site that has a federation route element, with the route in words: "empty", the
/// service it names (`EdgeServer:edgepool.contoso.com`), or its canonical XML when it holds
/// something the planner does not read.
pub fn site_federation_routes(file: &TopologyFile) -> Vec<(String, String)> {
    let (doc, t) = (&file.doc, &file.topology);
    let mut out = Vec::new();
    for site in &t.sites {
        let route = doc
            .child(site.element, "SiteConfiguration")
            .and_then(|c| doc.child(c, "OCSSiteConfiguration"))
            .and_then(|c| doc.child(c, "FederationRoute"));
        let Some(route) = route else { continue };
        let first = doc.children(route).next();
        let words = match first.and_then(|named| named_service(t, doc, named)) {
            Some(named) => named,
            None if first.is_none() && doc.text_content(route).trim().is_empty() => "empty".to_owned(),
            None => {
                let mut text = String::new();
                canonical(doc, route, 0, &[], &mut text);
                format!("something the planner does not read: {}", text.trim())
            }
        };
        out.push((site.name.clone(), words));
    }
    out
}

/// `Role:pool` for an element that names a service the way the file's references do.
fn named_service(t: &Topology, doc: &XmlDocument, id: ElementId) -> Option<String> {
    let wanted = match (
        doc.attr(id, "SiteId"),
        doc.attr(id, "RoleName"),
        doc.attr(id, "Instance"),
    ) {
        (Some(site_id), Some(role), Some(instance)) => ServiceKey::Published {
            site_id: site_id.into_owned(),
            role: role.into_owned(),
            instance: instance.into_owned(),
        },
        _ => ServiceKey::TopologyBuilder {
            unique_id: doc
                .attr(id, "ServiceUniqueId")
                .or_else(|| doc.attr(id, "UniqueId"))?
                .to_ascii_lowercase(),
        },
    };
    let found = t.services.iter().position(|s| match (&s.key, &wanted) {
        (ServiceKey::TopologyBuilder { unique_id: a }, ServiceKey::TopologyBuilder { unique_id: b }) => {
            a.eq_ignore_ascii_case(b)
        }
        (a, b) => a == b,
    })?;
    Some(format!("{}:{}", t.services[found].role, t.service_pool_fqdn(found)))
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
        if let Some(route) = doc
            .child(site.element, "SiteConfiguration")
            .and_then(|c| doc.child(c, "OCSSiteConfiguration"))
            .and_then(|c| doc.child(c, "FederationRoute"))
        {
            skip[route] = true;
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
    out.push_str(&"  ".repeat(depth));
    out.push('<');
    out.push_str(doc.name(id));
    let parent_ns = doc.element(id).parent().map(|p| doc.namespace(p));
    if parent_ns != Some(doc.namespace(id)) {
        out.push_str(&format!(" xmlns=\"{}\"", doc.namespace(id)));
    }
    let mut attrs: Vec<(&str, String)> = doc
        .attr_values(id)
        .filter(|(n, _)| *n != "xmlns" && !n.starts_with("xmlns:") && *n != "Signature")
        .map(|(n, v)| (n, v.into_owned()))
        .collect();
    attrs.sort();
    for (n, v) in attrs {
        out.push_str(&format!(" {n}=\"{v}\""));
    }
    out.push('>');
    let mut children = doc.children(id).peekable();
    if children.peek().is_none() {
        let text = doc.text_content(id);
        out.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
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
    let diff = Diff::lines(&a, &b, 2);
    // An element changed in place is one removed and one added line: count it once.
    let (mut count, mut removed, mut added) = (0, 0, 0);
    for line in diff.hunks.iter().flat_map(|h| &h.lines) {
        match line.kind {
            DiffLineKind::Removed => removed += 1,
            DiffLineKind::Added => added += 1,
            DiffLineKind::Context => {
                count += removed.max(added);
                (removed, added) = (0, 0);
            }
        }
    }
    count += removed.max(added);
    let mut text = diff.unified("planned", "published");
    if let Some((cut, _)) = text.match_indices('\n').nth(MAX_DIFF_LINES) {
        let rest = text[cut + 1..].lines().count();
        text.truncate(cut + 1);
        text.push_str(&format!("… and {rest} more lines\n"));
    }
    Some(OtherChanges { count, diff: text })
}
