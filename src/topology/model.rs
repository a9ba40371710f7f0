//! The model: the topology as an administrator thinks of it (sites, pools, services, Edge
//! pools), read from the document (`read`), then checked (`analyse`), with what the planner
//! noticed on the way ([`findings`]) and the whole at a glance ([`by_name`]).
//!
//! Indices (`SiteIdx`, `PoolIdx`, `ServiceIdx`, `EdgeIdx`) point into the vectors of [`Topology`]; every
//! item also keeps the element it was read from, so the editor can find its text and a
//! finding its line and column (computed only then: a load needs them for a handful of
//! findings, not for each of its thousands of items).

pub(super) mod analyse;
pub mod by_name;
pub mod findings;
mod keys;
pub(super) mod read;

use serde::Serialize;

use super::document::source::{LineEnding, TextEncoding};
use super::document::xml::ElementId;
use super::inference::Product;
use findings::Finding;

pub type SiteIdx = usize;
pub type PoolIdx = usize;
pub type ServiceIdx = usize;

/// An Edge pool: an index into [`Topology::edge_pools`]. A type of its own, so an Edge pool is
/// never taken for the pool it runs on (a [`PoolIdx`], into `Topology::pools`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EdgeIdx(pub usize);

impl std::ops::Index<EdgeIdx> for Vec<EdgePool> {
    type Output = EdgePool;
    fn index(&self, edge: EdgeIdx) -> &EdgePool {
        &self[edge.0]
    }
}

/// Which of the two export formats the file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `Get-CsTopology -AsXml`, root `<Topology>`; what `Publish-CsTopology -FileName` takes.
    Published,
    /// A Topology Builder `.tbxml` file, root `<TopologyBuilder>`.
    TopologyBuilder,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Published => "published topology (Get-CsTopology -AsXml)",
            Format::TopologyBuilder => "Topology Builder file (.tbxml)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    Central,
    Branch,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub kind: SiteKind,
    pub parent: Option<SiteIdx>,
    /// The site's SIP federation route, as the file holds it.
    pub federation_route: FederationRoute,
    pub element: ElementId,
}

/// A site's SIP federation route as the file holds it: under the site element,
/// `SiteConfiguration/OCSSiteConfiguration/FederationRoute` (seen in real exports of both
/// formats, always empty there). What a set route holds is inferred: see
/// [`super::inference::SITE_FEDERATION_ROUTE_CONTENT`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FederationRoute {
    /// The site has no `<SiteConfiguration>`: no site settings at all.
    NoSiteSettings,
    /// Site settings whose route is empty or absent: no route is set.
    Empty {
        /// The `<FederationRoute>` element, when there is one.
        element: Option<ElementId>,
    },
    /// The route names a service: an Edge pool's EdgeServer service or a Director's Registrar.
    Service {
        /// The element whose attributes name the service (re-pointed by an edit).
        reference: ElementId,
        service: ServiceIdx,
    },
    /// Content the planner does not understand: kept byte for byte, shown and warned about.
    NotUnderstood {
        element: ElementId,
        /// The route's content as the file writes it.
        content: String,
        /// Why it is not understood, in words.
        why: String,
    },
}

impl FederationRoute {
    /// The service a route names, when it names one.
    pub fn service(&self) -> Option<ServiceIdx> {
        match self {
            FederationRoute::Service { service, .. } => Some(*service),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Machine {
    pub fqdn: String,
    /// Public addresses of the external interface: the NAT address (`ConfiguredIPAddress`)
    /// where there is one, else the interface's own; unset (`0.0.0.0`) ones are left out.
    pub external_ips: Vec<String>,
    pub element: ElementId,
}

/// A cluster in the file: a pool of one or more servers.
#[derive(Clone, Debug)]
pub struct Pool {
    pub fqdn: String,
    pub site: Option<SiteIdx>,
    pub machines: Vec<Machine>,
    pub element: ElementId,
}

/// How a service is named in the file; references use the same form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ServiceKey {
    /// `<ServiceId SiteId=… RoleName=… Instance=…/>`.
    Published {
        site_id: String,
        role: String,
        instance: String,
    },
    /// `UniqueId="GUID"`.
    TopologyBuilder { unique_id: String },
}

/// A `<Dependency>` of a service on another.
#[derive(Clone, Debug)]
pub struct Dependency {
    pub key: ServiceKey,
    pub target: Option<ServiceIdx>,
    pub usage: String,
    /// The element whose attributes name the target: `<ServiceId>` inside the dependency in
    /// a published topology, the `<Dependency>` itself in a Topology Builder file.
    pub reference: ElementId,
}

/// A `<Port>` of an Edge service.
#[derive(Clone, Debug)]
pub struct Port {
    /// Owner, Usage, InterfaceSide, Port and Protocol, one after another, each ending at its
    /// entry in `ends`: an Edge pool has a dozen ports, and one allocation per value made them
    /// over a quarter of a load's allocations.
    values: String,
    ends: [u32; 5],
    pub configured_fqdn: Option<String>,
    pub element: ElementId,
}

impl Port {
    /// The attributes in the order `Owner`, `Usage`, `InterfaceSide`, `Port`, `Protocol`.
    pub fn new(attributes: [&str; 5], configured_fqdn: Option<String>, element: ElementId) -> Port {
        let mut values = String::with_capacity(attributes.iter().map(|a| a.len()).sum());
        let mut ends = [0; 5];
        for (end, attribute) in ends.iter_mut().zip(attributes) {
            values.push_str(attribute);
            *end = values.len() as u32;
        }
        Port {
            values,
            ends,
            configured_fqdn,
            element,
        }
    }

    fn value(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.values[start..self.ends[i] as usize]
    }

    /// The component, `urn:component:AccessEdge` for the SIP side of an Edge.
    pub fn owner(&self) -> &str {
        self.value(0)
    }

    pub fn usage(&self) -> &str {
        self.value(1)
    }

    /// `External` or `Internal`.
    pub fn side(&self) -> &str {
        self.value(2)
    }

    /// The port number as written.
    pub fn number(&self) -> &str {
        self.value(3)
    }

    pub fn protocol(&self) -> &str {
        self.value(4)
    }
}

#[derive(Clone, Debug)]
pub struct Service {
    pub key: ServiceKey,
    pub role: String,
    pub site: Option<SiteIdx>,
    pub pool: Option<PoolIdx>,
    pub version: Option<u32>,
    pub is_director: bool,
    pub dependencies: Vec<Dependency>,
    /// An EdgeServer service's ports; empty for every other role, whose ports no failover
    /// reads or changes.
    pub ports: Vec<Port>,
    pub element: ElementId,
    pub ports_element: Option<ElementId>,
}

/// What a pool is, from the services installed on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolKind {
    FrontEnd,
    Director,
    Edge,
    Mediation,
    Other,
}

impl PoolKind {
    pub fn label(self) -> &'static str {
        match self {
            PoolKind::FrontEnd => "Front End pool",
            PoolKind::Director => "Director pool",
            PoolKind::Edge => "Edge pool",
            PoolKind::Mediation => "Mediation pool",
            PoolKind::Other => "other",
        }
    }
}

/// A pool whose Registrar, ConfServices or MediationServer uses an Edge pool for media.
#[derive(Clone, Debug)]
pub struct Association {
    pub pool: PoolIdx,
    /// (service, index of its dependency on the Edge).
    pub links: Vec<(ServiceIdx, usize)>,
}

/// An Edge pool with what the failover needs to know of it.
#[derive(Clone, Debug)]
pub struct EdgePool {
    pub pool: PoolIdx,
    pub service: ServiceIdx,
    pub access_fqdn: Option<String>,
    pub web_conferencing_fqdn: Option<String>,
    pub av_fqdn: Option<String>,
    /// Index into the service's ports of the federation port.
    pub sip_federation: Option<usize>,
    /// Indices into the service's ports of the XMPP proxy ports.
    pub xmpp_ports: Vec<usize>,
    /// The Registrar service the Edge forwards to.
    pub next_hop: Option<ServiceIdx>,
    pub associations: Vec<Association>,
}

impl EdgePool {
    pub fn has_sip_federation(&self) -> bool {
        self.sip_federation.is_some()
    }

    pub fn has_xmpp_federation(&self) -> bool {
        !self.xmpp_ports.is_empty()
    }

    /// Carries SIP or XMPP federation: what a failback may keep on the pool it comes from.
    pub fn has_federation(&self) -> bool {
        self.has_sip_federation() || self.has_xmpp_federation()
    }
}

/// The whole topology.
#[derive(Clone, Debug)]
pub struct Topology {
    pub format: Format,
    pub encoding: TextEncoding,
    pub line_ending: LineEnding,
    pub signature: Option<String>,
    pub product: Product,
    /// Every ServiceVersion seen, so coexistence (a 2013 Edge beside 2015 Front Ends) shows.
    pub service_versions: Vec<u32>,
    pub sip_domains: Vec<String>,
    pub default_domain: Option<String>,
    pub sites: Vec<Site>,
    pub pools: Vec<Pool>,
    pub services: Vec<Service>,
    pub edge_pools: Vec<EdgePool>,
    pub findings: Vec<Finding>,
    /// The element whose children are the services (for edits that need it).
    pub root: ElementId,
}

impl Topology {
    pub fn pool_by_fqdn(&self, fqdn: &str) -> Option<PoolIdx> {
        self.pools.iter().position(|p| p.fqdn.eq_ignore_ascii_case(fqdn))
    }

    pub fn edge_by_fqdn(&self, fqdn: &str) -> Option<&EdgePool> {
        self.edge_pools
            .iter()
            .find(|e| self.pools[e.pool].fqdn.eq_ignore_ascii_case(fqdn))
    }

    /// The Edge pool of that FQDN, by index.
    pub fn edge_idx_by_fqdn(&self, fqdn: &str) -> Option<EdgeIdx> {
        self.edges()
            .find(|e| self.pools[self.edge_pools[*e].pool].fqdn.eq_ignore_ascii_case(fqdn))
    }

    pub fn edge_of_pool(&self, pool: PoolIdx) -> Option<&EdgePool> {
        self.edge_pools.iter().find(|e| e.pool == pool)
    }

    /// The product of one Edge pool: its own ServiceVersion, which differs from the
    /// deployment's in coexistence (a 2015 Edge kept for XMPP beside 2019 pools).
    pub fn edge_product(&self, edge: &EdgePool) -> Product {
        self.services[edge.service]
            .version
            .map_or(self.product, Product::from_service_version)
    }

    /// A site by its SiteId or its name.
    pub fn site_by_name_or_id(&self, key: &str) -> Option<SiteIdx> {
        self.sites
            .iter()
            .position(|s| s.id == key)
            .or_else(|| self.sites.iter().position(|s| s.name.eq_ignore_ascii_case(key)))
    }

    pub fn services_of_pool(&self, pool: PoolIdx) -> impl Iterator<Item = (ServiceIdx, &Service)> {
        self.services
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.pool == Some(pool))
    }

    pub fn pool_kind(&self, pool: PoolIdx) -> PoolKind {
        let mut registrar = None;
        let (mut user_services, mut edge, mut mediation) = (false, false, false);
        for (_, s) in self.services_of_pool(pool) {
            match s.role.as_str() {
                "UserServices" => user_services = true,
                "Registrar" => registrar = Some(s.is_director),
                "EdgeServer" => edge = true,
                "MediationServer" => mediation = true,
                _ => {}
            }
        }
        if edge {
            PoolKind::Edge
        } else if registrar == Some(true) && !user_services {
            PoolKind::Director
        } else if user_services || registrar.is_some() {
            PoolKind::FrontEnd
        } else if mediation {
            PoolKind::Mediation
        } else {
            PoolKind::Other
        }
    }

    pub fn roles_of_pool(&self, pool: PoolIdx) -> Vec<&str> {
        let mut roles: Vec<&str> = self.services_of_pool(pool).map(|(_, s)| s.role.as_str()).collect();
        roles.dedup();
        roles
    }

    pub fn site_name(&self, site: Option<SiteIdx>) -> &str {
        site.map_or("(no site)", |s| self.sites[s].name.as_str())
    }

    /// The pool a service runs on, by FQDN ("(unknown pool)" for a dangling one).
    pub fn service_pool_fqdn(&self, service: ServiceIdx) -> &str {
        self.services[service]
            .pool
            .map_or("(unknown pool)", |p| self.pools[p].fqdn.as_str())
    }

    /// Every Edge pool, in the order of the topology.
    pub fn edges(&self) -> impl Iterator<Item = EdgeIdx> {
        (0..self.edge_pools.len()).map(EdgeIdx)
    }

    /// The Edge pool a site's federation route names, when it names one.
    pub fn route_edge(&self, site: SiteIdx) -> Option<EdgeIdx> {
        let service = self.sites[site].federation_route.service()?;
        self.edge_pools.iter().position(|e| e.service == service).map(EdgeIdx)
    }

    /// The sites whose federation route names one of the given Edge pools.
    pub fn sites_routed_through<'a>(&'a self, edges: &'a [EdgeIdx]) -> impl Iterator<Item = SiteIdx> + 'a {
        (0..self.sites.len()).filter(move |s| self.route_edge(*s).is_some_and(|e| edges.contains(&e)))
    }

    pub fn federation_pools(&self) -> impl Iterator<Item = &EdgePool> {
        self.edge_pools.iter().filter(|e| e.has_sip_federation())
    }

    pub fn xmpp_pools(&self) -> impl Iterator<Item = &EdgePool> {
        self.edge_pools.iter().filter(|e| e.has_xmpp_federation())
    }

    /// Pools whose Front End side is in the given site and of the given kinds.
    pub fn pools_in_site(&self, site: SiteIdx) -> impl Iterator<Item = PoolIdx> + '_ {
        (0..self.pools.len()).filter(move |p| self.pools[*p].site == Some(site))
    }

    /// The site a pool is in, counting a branch site's pools under its parent central site
    /// only when asked.
    pub fn pool_site(&self, pool: PoolIdx) -> Option<SiteIdx> {
        self.pools[pool].site
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == findings::Severity::Error)
    }
}
