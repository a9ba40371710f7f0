//! The topology at a glance, by name rather than index: what `edge-failover inspect --json`
//! prints and what the page shows.

use serde::Serialize;

use super::findings::Finding;
use super::{FederationRoute, Format, PoolKind, SiteKind, Topology};
use crate::topology::document::source::LineEnding;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub format: Format,
    pub product: String,
    pub service_versions: Vec<u32>,
    pub encoding: String,
    pub line_ending: LineEnding,
    pub signature: Option<String>,
    pub sip_domains: Vec<String>,
    pub default_domain: Option<String>,
    /// The pool that carries SIP federation, when exactly one does.
    pub sip_federation_pool: Option<String>,
    /// The pool that carries XMPP federation, when exactly one does.
    pub xmpp_federation_pool: Option<String>,
    /// Every pool that carries SIP federation: real deployments have several.
    pub sip_federation_pools: Vec<String>,
    /// Every pool that carries XMPP federation.
    pub xmpp_federation_pools: Vec<String>,
    pub sites: Vec<SiteSummary>,
    pub pools: Vec<PoolSummary>,
    pub edge_pools: Vec<EdgePoolSummary>,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteSummary {
    pub id: String,
    pub name: String,
    pub kind: SiteKind,
    pub parent: Option<String>,
    pub front_end_pools: Vec<String>,
    pub directors: Vec<String>,
    pub edge_pools: Vec<String>,
    pub other_pools: Vec<String>,
    pub federation_route: RouteSummary,
}

/// A site's SIP federation route, read from the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RouteSummary {
    NoSiteSettings,
    Empty,
    /// The route names a pool (an Edge pool or a Director). How a set route is written is
    /// inferred (`inference::SITE_FEDERATION_ROUTE_CONTENT`).
    Pool {
        pool: String,
        kind: PoolKind,
    },
    NotUnderstood {
        content: String,
        why: String,
    },
}

impl RouteSummary {
    fn of(t: &Topology, route: &FederationRoute) -> RouteSummary {
        match route {
            FederationRoute::NoSiteSettings => RouteSummary::NoSiteSettings,
            FederationRoute::Empty { .. } => RouteSummary::Empty,
            FederationRoute::Service { service, .. } => match t.services[*service].pool {
                Some(pool) => RouteSummary::Pool {
                    pool: t.pools[pool].fqdn.clone(),
                    kind: t.pool_kind(pool),
                },
                None => RouteSummary::NotUnderstood {
                    content: String::new(),
                    why: "it names a service on no pool".into(),
                },
            },
            // Whitespace runs become one space: the content is shown on one line, and the same
            // route reads the same whatever the file's line endings.
            FederationRoute::NotUnderstood { content, why, .. } => RouteSummary::NotUnderstood {
                content: content.split_whitespace().collect::<Vec<_>>().join(" "),
                why: why.clone(),
            },
        }
    }

    /// The state in words, as the page and the command line show it.
    pub fn describe(&self) -> String {
        match self {
            RouteSummary::NoSiteSettings => "no site settings".into(),
            RouteSummary::Empty => "route empty".into(),
            RouteSummary::Pool { pool, .. } => format!("route names {pool} (inferred reading)"),
            RouteSummary::NotUnderstood { why, .. } => {
                format!("route holds something the planner does not understand ({why}); kept as it is")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoolSummary {
    pub fqdn: String,
    pub site: Option<String>,
    pub kind: PoolKind,
    pub roles: Vec<String>,
    pub servers: Vec<String>,
    /// The Edge pool this pool uses for media and web conferencing.
    pub edge_pool: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgePoolSummary {
    pub fqdn: String,
    pub site: Option<String>,
    pub servers: Vec<String>,
    pub sip_federation: bool,
    pub xmpp_federation: bool,
    pub access_fqdn: Option<String>,
    pub web_conferencing_fqdn: Option<String>,
    pub av_fqdn: Option<String>,
    pub next_hop: Option<String>,
    pub next_hop_kind: Option<PoolKind>,
    pub next_hop_site: Option<String>,
    /// Pools associated with this Edge for media and web conferencing.
    pub front_end_pools: Vec<String>,
    pub product: String,
}

impl Summary {
    pub fn of(t: &Topology) -> Summary {
        let site_name = |s: Option<usize>| s.map(|s| t.sites[s].name.clone());
        let pool_fqdn = |p: usize| t.pools[p].fqdn.clone();
        let mut sites: Vec<SiteSummary> = t
            .sites
            .iter()
            .map(|s| SiteSummary {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.kind,
                parent: s.parent.map(|p| t.sites[p].name.clone()),
                front_end_pools: Vec::new(),
                directors: Vec::new(),
                edge_pools: Vec::new(),
                other_pools: Vec::new(),
                federation_route: RouteSummary::of(t, &s.federation_route),
            })
            .collect();
        let mut pools = Vec::new();
        for (i, pool) in t.pools.iter().enumerate() {
            let kind = t.pool_kind(i);
            if let Some(site) = pool.site {
                let list = match kind {
                    PoolKind::FrontEnd => &mut sites[site].front_end_pools,
                    PoolKind::Director => &mut sites[site].directors,
                    PoolKind::Edge => &mut sites[site].edge_pools,
                    PoolKind::Mediation | PoolKind::Other => &mut sites[site].other_pools,
                };
                list.push(pool.fqdn.clone());
            }
            let edge_pool = t
                .edge_pools
                .iter()
                .find(|e| e.associations.iter().any(|a| a.pool == i))
                .map(|e| pool_fqdn(e.pool));
            pools.push(PoolSummary {
                fqdn: pool.fqdn.clone(),
                site: site_name(pool.site),
                kind,
                roles: t.roles_of_pool(i).into_iter().map(str::to_owned).collect(),
                servers: pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
                edge_pool,
            });
        }
        let edge_pools: Vec<EdgePoolSummary> = t
            .edge_pools
            .iter()
            .map(|e| {
                let pool = &t.pools[e.pool];
                let next_hop_pool = e.next_hop.and_then(|s| t.services[s].pool);
                EdgePoolSummary {
                    fqdn: pool.fqdn.clone(),
                    site: site_name(pool.site),
                    servers: pool.machines.iter().map(|m| m.fqdn.clone()).collect(),
                    sip_federation: e.has_sip_federation(),
                    xmpp_federation: e.has_xmpp_federation(),
                    access_fqdn: e.access_fqdn.clone(),
                    web_conferencing_fqdn: e.web_conferencing_fqdn.clone(),
                    av_fqdn: e.av_fqdn.clone(),
                    next_hop: next_hop_pool.map(pool_fqdn),
                    next_hop_kind: next_hop_pool.map(|p| t.pool_kind(p)),
                    next_hop_site: next_hop_pool.and_then(|p| site_name(t.pools[p].site)),
                    front_end_pools: e.associations.iter().map(|a| pool_fqdn(a.pool)).collect(),
                    product: t.services[e.service].version.map_or_else(
                        || t.product.name(),
                        |v| crate::topology::inference::Product::from_service_version(v).name(),
                    ),
                }
            })
            .collect();
        let only = |mut it: Box<dyn Iterator<Item = String> + '_>| match (it.next(), it.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        };
        Summary {
            format: t.format,
            product: t.product.name(),
            service_versions: t.service_versions.clone(),
            encoding: t.encoding.label().to_owned(),
            line_ending: t.line_ending,
            signature: t.signature.clone(),
            sip_domains: t.sip_domains.clone(),
            default_domain: t.default_domain.clone(),
            sip_federation_pool: only(Box::new(t.federation_pools().map(|e| pool_fqdn(e.pool)))),
            xmpp_federation_pool: only(Box::new(t.xmpp_pools().map(|e| pool_fqdn(e.pool)))),
            sip_federation_pools: t.federation_pools().map(|e| pool_fqdn(e.pool)).collect(),
            xmpp_federation_pools: t.xmpp_pools().map(|e| pool_fqdn(e.pool)).collect(),
            sites,
            pools,
            edge_pools,
            findings: t.findings.clone(),
        }
    }
}
