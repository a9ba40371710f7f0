//! A read in progress: the model so far, the keys that clusters and SQL instances are found
//! by, and the references that wait until everything they may name has been read. Both
//! formats' readers build the model through it (sites, pools, servers, services) and report
//! what they cannot read as findings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::topology::document::source::{LineEnding, TextEncoding};
use crate::topology::document::xml::{ElementId, XmlDocument};
use crate::topology::inference::Product;
use crate::topology::model::findings::{Finding, FindingKind, Severity};
use crate::topology::model::keys::Folded;
use crate::topology::model::{
    Dependency, FederationRoute, Format, Machine, Pool, PoolIdx, Port, Service, ServiceIdx, ServiceKey, Site, SiteIdx,
    SiteKind, Topology,
};

/// Where a service is installed, resolved once every cluster is known.
pub(super) enum InstalledOn<'d> {
    Pool(Place<'d>),
    SqlInstance(Place<'d>),
}

/// A cluster or SQL instance as the file names it. The parts are borrowed from the text
/// (unless a value holds a character reference), so the lookups a load makes for every
/// cluster, SQL instance and service allocate nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Place<'d> {
    /// A published `<ClusterId SiteId=… Number=…/>`.
    Cluster { site: Cow<'d, str>, number: Cow<'d, str> },
    /// A published `<SqlInstanceId Name=…>` on the cluster of its `<ClusterId>`.
    Sql {
        name: Cow<'d, str>,
        site: Cow<'d, str>,
        number: Cow<'d, str>,
    },
    /// A Topology Builder `UniqueId`, of a cluster or of a SQL instance.
    Unique(Folded<'d>),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Cluster { site, number } => write!(f, "{site}:{number}"),
            Place::Sql { name, site, number } => write!(f, "{name}@{site}:{number}"),
            Place::Unique(unique) => f.write_str(&unique.text),
        }
    }
}

pub(super) struct Reader<'d> {
    pub(super) doc: &'d XmlDocument,
    pub(super) topology: Topology,
    pub(super) pool_keys: HashMap<Place<'d>, PoolIdx>,
    pub(super) sql_instances: HashMap<Place<'d>, PoolIdx>,
    pub(super) pending_installed: Vec<(ServiceIdx, InstalledOn<'d>, ElementId)>,
    /// Each site's `<FederationRoute>` element, resolved once every service is known.
    pub(super) pending_routes: Vec<(SiteIdx, ElementId)>,
    /// Each SiteId's first site, so a reference costs a lookup rather than a scan.
    pub(super) site_ids: HashMap<String, SiteIdx>,
}

impl<'d> Reader<'d> {
    pub(super) fn new(doc: &'d XmlDocument, format: Format, encoding: TextEncoding, body: ElementId) -> Reader<'d> {
        Reader {
            doc,
            topology: Topology {
                format,
                encoding,
                line_ending: LineEnding::detect(doc.text()),
                signature: doc.attr(body, "Signature").map(|s| s.into_owned()),
                product: Product::Unknown(0),
                service_versions: Vec::new(),
                sip_domains: Vec::new(),
                default_domain: None,
                sites: Vec::new(),
                pools: Vec::new(),
                services: Vec::new(),
                edge_pools: Vec::new(),
                findings: Vec::new(),
                root: body,
            },
            // The exports seen have a cluster or SQL instance every 25 to 200 elements: sized
            // for more, so the tables never grow (growing re-hashes every key).
            pool_keys: HashMap::with_capacity(doc.element_count() / 16),
            sql_instances: HashMap::with_capacity(doc.element_count() / 16),
            pending_installed: Vec::new(),
            pending_routes: Vec::new(),
            site_ids: HashMap::new(),
        }
    }

    pub(super) fn attr(&self, id: ElementId, name: &str) -> Option<String> {
        self.doc.attr(id, name).map(|v| v.into_owned())
    }

    /// A required attribute; its absence becomes an error finding naming the element.
    pub(super) fn required(&mut self, id: ElementId, name: &str) -> Option<String> {
        self.required_ref(id, name).map(Cow::into_owned)
    }

    /// [`Reader::required`], borrowed from the text.
    pub(super) fn required_ref(&mut self, id: ElementId, name: &str) -> Option<Cow<'d, str>> {
        let value = self.doc.attr(id, name);
        if value.is_none() {
            self.cannot_tell(id, &format!("{name} attribute"));
        }
        value
    }

    pub(super) fn domains(&mut self, body: ElementId) {
        let Some(domains) = self.doc.child(body, "InternalDomains") else {
            return;
        };
        self.topology.default_domain = self.attr(domains, "DefaultDomain");
        let names: Vec<String> = self
            .doc
            .children_named(domains, "InternalDomain")
            .filter_map(|d| self.attr(d, "Name"))
            .collect();
        self.topology.sip_domains = names;
    }

    pub(super) fn add_site(&mut self, id: ElementId, kind: SiteKind, parent: Option<SiteIdx>) -> Option<SiteIdx> {
        let site_id = self.required(id, "SiteId")?;
        let name = self
            .doc
            .child(id, "Name")
            .map(|n| self.doc.text_content(n).trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("Site {site_id}"));
        let idx = self.topology.sites.len();
        self.site_ids.entry(site_id.clone()).or_insert(idx);
        let federation_route = match self.doc.child(id, "SiteConfiguration") {
            None => FederationRoute::NoSiteSettings,
            Some(settings) => {
                let route = self
                    .doc
                    .child(settings, "OCSSiteConfiguration")
                    .and_then(|o| self.doc.child(o, "FederationRoute"));
                if let Some(route) = route {
                    self.pending_routes.push((idx, route));
                }
                FederationRoute::Empty { element: route }
            }
        };
        self.topology.sites.push(Site {
            id: site_id,
            name,
            kind,
            parent,
            federation_route,
            element: id,
        });
        Some(self.topology.sites.len() - 1)
    }

    pub(super) fn add_pool(
        &mut self,
        id: ElementId,
        key: Place<'d>,
        site: Option<SiteIdx>,
        machines: Vec<Machine>,
    ) -> Option<PoolIdx> {
        let fqdn = self.required(id, "Fqdn")?;
        let idx = self.topology.pools.len();
        self.topology.pools.push(Pool {
            fqdn,
            site,
            machines,
            element: id,
        });
        self.pool_keys.entry(key).or_insert(idx);
        Some(idx)
    }

    pub(super) fn machine(&self, id: ElementId, cluster_fqdn: Option<&str>) -> Option<Machine> {
        let fqdn = self.attr(id, "Fqdn").or_else(|| cluster_fqdn.map(str::to_owned))?;
        let external_ips = self
            .doc
            .children_named(id, "NetInterface")
            .filter(|n| self.doc.attr(*n, "InterfaceSide").as_deref() == Some("External"))
            .filter_map(|n| {
                self.attr(n, "ConfiguredIPAddress")
                    .or_else(|| self.attr(n, "IPAddress"))
            })
            .filter(|ip| ip != "0.0.0.0" && !ip.is_empty())
            .collect();
        Some(Machine {
            fqdn,
            external_ips,
            element: id,
        })
    }

    /// The key a published `<ServiceId>` holds: of a service, of a dependency, or of the
    /// service a site's federation route names.
    pub(super) fn service_id_key(&self, id: ElementId) -> ServiceKey {
        ServiceKey::Published {
            site_id: self.attr(id, "SiteId").unwrap_or_default(),
            role: self.attr(id, "RoleName").unwrap_or_default(),
            instance: self.attr(id, "Instance").unwrap_or_default(),
        }
    }

    pub(super) fn push_service(
        &mut self,
        service: ElementId,
        key: ServiceKey,
        role: String,
        site: Option<SiteIdx>,
        dependencies: Vec<Dependency>,
    ) -> ServiceIdx {
        let doc = self.doc;
        let version = self.attr(service, "ServiceVersion").and_then(|v| v.trim().parse().ok());
        let is_director = doc
            .child(service, "RegistrarService")
            .and_then(|r| doc.attr(r, "IsDirector"))
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let ports_element = doc.child(service, "Ports");
        // Only an Edge pool's ports mean anything to a failover (federation, XMPP, external
        // FQDNs); a large topology has tens of thousands of others, and keeping them took a
        // sixth of the time a load takes.
        let ports = ports_element
            .filter(|_| role == "EdgeServer")
            .into_iter()
            .flat_map(|p| doc.children_named(p, "Port"))
            .map(|p| {
                // One pass over the attributes: a large topology has tens of thousands of ports.
                let mut values: [Option<Cow<'_, str>>; 5] = Default::default();
                let mut configured_fqdn = None;
                for (name, value) in doc.attr_values(p) {
                    let slot = match name {
                        "Owner" => &mut values[0],
                        "Usage" => &mut values[1],
                        "InterfaceSide" => &mut values[2],
                        "Port" => &mut values[3],
                        "Protocol" => &mut values[4],
                        "ConfiguredFqdn" => &mut configured_fqdn,
                        _ => continue,
                    };
                    // The first of a name counts, as for `attr` (a parsed document has no
                    // duplicates anyway).
                    slot.get_or_insert(value);
                }
                Port::new(
                    values.each_ref().map(|v| v.as_deref().unwrap_or_default()),
                    configured_fqdn.map(Cow::into_owned),
                    p,
                )
            })
            .collect();
        self.topology.services.push(Service {
            key,
            role,
            site,
            pool: None,
            version,
            is_director,
            dependencies,
            ports,
            element: service,
            ports_element,
        });
        self.topology.services.len() - 1
    }

    /// A key used twice: every reference to it could mean either element.
    pub(super) fn duplicate(&mut self, element: ElementId, first: ElementId, what: String) {
        let first = self.doc.element_position(first);
        self.error_at(
            element,
            FindingKind::DuplicateId,
            format!("{what} (the first at {first}), so references to it are ambiguous"),
        );
    }

    pub(super) fn dangling(&mut self, element: ElementId, message: String) {
        self.error_at(element, FindingKind::DanglingReference, message);
    }

    pub(super) fn missing_child(&mut self, parent: ElementId, child: &str) {
        self.cannot_tell(parent, &format!("<{child}>"));
    }

    /// An element without the attribute or child (`missing`) that says what it is.
    fn cannot_tell(&mut self, id: ElementId, missing: &str) {
        let element = self.doc.name(id);
        self.error_at(
            id,
            FindingKind::MissingAttribute,
            format!("<{element}> has no {missing}, so the planner cannot tell what it is"),
        );
    }

    fn error_at(&mut self, element: ElementId, kind: FindingKind, message: String) {
        self.topology.findings.push(Finding::new(
            Severity::Error,
            kind,
            message,
            Some(self.doc.element_position(element)),
        ));
    }
}
