//! Which Edge pools can take over, and why the others cannot.

use serde::Serialize;

use crate::topology::{EdgeIdx, PoolIdx, Topology, TopologyFile};

use super::moves::Scope;

/// An Edge pool considered as the survivor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    #[serde(skip)]
    pub edge: EdgeIdx,
    #[serde(skip)]
    pub pool: PoolIdx,
    pub fqdn: String,
    pub site: Option<String>,
    pub eligible: bool,
    /// Why it cannot take over (empty when eligible).
    pub blockers: Vec<Ineligible>,
    /// The same, in words.
    pub reasons: Vec<String>,
    /// What to know if it is chosen.
    pub cautions: Vec<String>,
    /// Facts that rank it: already federated, used by no Front End pool.
    pub notes: Vec<String>,
    /// It is in the same site as a failed pool (ranked after pools in other sites).
    pub same_site: bool,
    /// It carries SIP federation already, so its ports do not change.
    pub already_federated: bool,
}

/// Why an Edge pool cannot take over federation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ineligible {
    /// It is the pool that failed.
    FailedPool,
    /// It is in a site that failed.
    InFailedSite { site: String },
    /// Partners could not reach it: no external Access Edge FQDN.
    NoAccessEdgeFqdn,
    /// It answers to names of the failed pool (pool, server or external FQDNs).
    SharesFqdns { names: Vec<String> },
}

impl Ineligible {
    pub fn reason(&self) -> String {
        match self {
            Ineligible::FailedPool => "it is the failed pool".to_owned(),
            Ineligible::InFailedSite { site } => format!("it is in the failed site {site}"),
            Ineligible::NoAccessEdgeFqdn => {
                "it has no external Access Edge FQDN, so partners could not reach it".to_owned()
            }
            Ineligible::SharesFqdns { names } => format!(
                "it shares {} with the failed pool; every Edge pool needs FQDNs of its own",
                names.join(", ")
            ),
        }
    }
}

/// Every Edge pool, ranked: eligible ones first, those in another site before those in the
/// failed pool's own site, each with its reasons, cautions and notes.
pub fn candidates(file: &TopologyFile, scope: &Scope) -> Vec<Candidate> {
    let t = &file.topology;
    let failed_names = names_of(t, &scope.failed_edges);
    let failed_pool_sites: Vec<Option<usize>> = scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].site)
        .collect();
    let xmpp_must_move = scope
        .failed_edges
        .iter()
        .any(|e| t.edge_pools[*e].has_xmpp_federation());
    let candidates = t
        .edges()
        .map(|i| {
            let e = &t.edge_pools[i];
            let pool = &t.pools[e.pool];
            let mut blockers = Vec::new();
            let mut cautions = Vec::new();
            let mut notes = Vec::new();
            let same_site = !scope.failed_edges.contains(&i) && failed_pool_sites.contains(&pool.site);
            if scope.failed_edges.contains(&i) {
                blockers.push(if scope.failed_sites.is_empty() {
                    Ineligible::FailedPool
                } else {
                    Ineligible::InFailedSite {
                        site: t.site_name(pool.site).to_owned(),
                    }
                });
            } else if let Some(site) = pool.site.filter(|s| scope.failed_sites.contains(s)) {
                blockers.push(Ineligible::InFailedSite {
                    site: t.sites[site].name.clone(),
                });
            }
            if e.access_fqdn.is_none() {
                blockers.push(Ineligible::NoAccessEdgeFqdn);
            }
            if !scope.failed_edges.contains(&i) {
                let shared: Vec<String> = names_of(t, &[i])
                    .into_iter()
                    .filter(|n| failed_names.binary_search(n).is_ok())
                    .collect();
                if !shared.is_empty() {
                    blockers.push(Ineligible::SharesFqdns { names: shared });
                }
            }
            if blockers.is_empty() {
                if scope.failed_sites.is_empty() && failed_pool_sites.contains(&pool.site) {
                    cautions.push(format!(
                        "it is in the same site ({}) as the failed pool; Edge disaster recovery expects a pool in another site",
                        t.site_name(pool.site)
                    ));
                }
                match e.next_hop.and_then(|s| t.services[s].pool) {
                    None => cautions.push("it has no next hop; set one before it can carry federation".to_owned()),
                    Some(hop) if t.pools[hop].site.is_some_and(|s| scope.failed_sites.contains(&s)) => cautions.push(format!(
                        "its next hop {} is in the failed site; the plan changes the next hop first",
                        t.pools[hop].fqdn
                    )),
                    Some(_) => {}
                }
                if xmpp_must_move && !t.edge_product(e).has_xmpp() {
                    cautions.push("it is a Skype for Business Server 2019 pool, which has no XMPP federation".to_owned());
                }
                if e.has_sip_federation() {
                    notes.push("already federated: its ports do not change".to_owned());
                }
                if e.associations.is_empty() {
                    notes.push("no Front End pool uses it for media".to_owned());
                }
            }
            Candidate {
                edge: i,
                pool: e.pool,
                fqdn: pool.fqdn.clone(),
                site: pool.site.map(|s| t.sites[s].name.clone()),
                eligible: blockers.is_empty(),
                reasons: blockers.iter().map(Ineligible::reason).collect(),
                blockers,
                cautions,
                notes,
                same_site,
                already_federated: e.has_sip_federation(),
            }
        });
    // Eligible first; then a pool in another site before one in the failed pool's own site
    // (Edge disaster recovery expects another site); then those with nothing to watch for.
    let mut out: Vec<Candidate> = candidates.collect();
    crate::order::sort_by_key(&mut out, |c| {
        (
            !c.eligible,
            c.same_site,
            !c.cautions.is_empty(),
            c.fqdn.to_ascii_lowercase(),
        )
    });
    out
}

/// Every name a set of Edge pools answers to, lower-cased, sorted, each once: pool, servers,
/// external FQDNs.
fn names_of(t: &Topology, edges: &[EdgeIdx]) -> Vec<String> {
    let mut names = Vec::new();
    for &i in edges {
        let e = &t.edge_pools[i];
        let pool = &t.pools[e.pool];
        names.push(pool.fqdn.to_ascii_lowercase());
        names.extend(pool.machines.iter().map(|m| m.fqdn.to_ascii_lowercase()));
        names.extend(
            [&e.access_fqdn, &e.web_conferencing_fqdn, &e.av_fqdn]
                .into_iter()
                .flatten()
                .map(|s| s.to_ascii_lowercase()),
        );
    }
    crate::order::sort(&mut names);
    names.dedup();
    names
}

/// Why an Edge pool cannot take XMPP federation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotXmppTarget {
    /// It is a pool that failed.
    FailedPool,
    /// It is in a site that failed.
    InFailedSite { site: String },
    /// Its version has no XMPP federation (Skype for Business Server 2019 rules).
    NoXmppInProduct { product: String },
    /// It is not the survivor and does not carry the XMPP proxy ports: adding them is the
    /// survivor's path (a topology change, the Deployment Wizard and a full stop).
    NoXmppPorts,
}

impl NotXmppTarget {
    pub fn reason(&self) -> String {
        match self {
            NotXmppTarget::FailedPool => "it is a failed pool".to_owned(),
            NotXmppTarget::InFailedSite { site } => format!("it is in the failed site {site}"),
            NotXmppTarget::NoXmppInProduct { product } => {
                format!("it is a {product} Edge pool, which has no XMPP federation")
            }
            NotXmppTarget::NoXmppPorts => {
                "it does not carry the XMPP ports; only the surviving pool can be given them".to_owned()
            }
        }
    }
}

/// Why `edge` cannot take XMPP federation when `survivor` takes SIP federation; `None` when it
/// can: a healthy Edge pool whose version has XMPP, and either the survivor or a pool that
/// already carries the XMPP ports (XMPP then moves with no topology change for it).
pub fn xmpp_target_blocker(
    file: &TopologyFile,
    scope: &Scope,
    survivor: EdgeIdx,
    edge: EdgeIdx,
) -> Option<NotXmppTarget> {
    let t = &file.topology;
    let e = &t.edge_pools[edge];
    let site = t.pools[e.pool].site;
    if let Some(s) = site.filter(|s| scope.failed_sites.contains(s)) {
        Some(NotXmppTarget::InFailedSite {
            site: t.sites[s].name.clone(),
        })
    } else if scope.failed_edges.contains(&edge) {
        Some(NotXmppTarget::FailedPool)
    } else if !t.edge_product(e).has_xmpp() {
        Some(NotXmppTarget::NoXmppInProduct {
            product: t.edge_product(e).name(),
        })
    } else if edge != survivor && !e.has_xmpp_federation() {
        Some(NotXmppTarget::NoXmppPorts)
    } else {
        None
    }
}

/// The Edge pools XMPP federation can move to when `survivor` takes SIP federation: the
/// survivor first (where its version has XMPP), then the healthy pools that already carry the
/// XMPP ports, in the topology's order.
pub fn xmpp_targets(file: &TopologyFile, scope: &Scope, survivor: EdgeIdx) -> Vec<EdgeIdx> {
    let t = &file.topology;
    std::iter::once(survivor)
        .chain(t.edges().filter(|e| *e != survivor))
        .filter(|e| xmpp_target_blocker(file, scope, survivor, *e).is_none())
        .collect()
}
