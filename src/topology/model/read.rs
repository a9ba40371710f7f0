//! From the element tree to the [`Topology`] model, for both export formats.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;

use super::findings::{Finding, FindingKind, Severity};
use super::keys::Folded;
use super::{
    Dependency, FederationRoute, Format, Machine, Pool, PoolIdx, Port, Service, ServiceIdx, ServiceKey, Site, SiteIdx,
    SiteKind, Topology,
};
use crate::topology::document::source::{LineEnding, TextEncoding};
use crate::topology::document::xml::{ElementId, XmlDocument};
use crate::topology::error::LoadError;
use crate::topology::inference::Product;

pub const NS_TOPOLOGY: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";
pub const NS_TOPOLOGY_BUILDER: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008";
pub const NS_WRITABLE_TOPOLOGY: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008";

pub fn read(doc: &XmlDocument, encoding: TextEncoding) -> Result<Topology, LoadError> {
    let root = doc.root();
    let (format, body) = match doc.name(root) {
        "Topology" => {
            expect_namespace(doc, root, NS_TOPOLOGY)?;
            (Format::Published, root)
        }
        "TopologyBuilder" => {
            expect_namespace(doc, root, NS_TOPOLOGY_BUILDER)?;
            let new = doc
                .child(root, "NewTopology")
                .ok_or_else(|| missing(doc, root, "NewTopology"))?;
            let partial = doc
                .child(new, "PartialTopology")
                .ok_or_else(|| missing(doc, new, "PartialTopology"))?;
            expect_namespace(doc, partial, NS_WRITABLE_TOPOLOGY)?;
            (Format::TopologyBuilder, partial)
        }
        other => {
            return Err(LoadError::WrongRoot {
                found: other.to_owned(),
                position: doc.element_position(root),
            })
        }
    };
    let mut reader = Reader {
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
    };
    reader.domains(body);
    match format {
        Format::Published => reader.published(body),
        Format::TopologyBuilder => reader.topology_builder(body),
    }
    reader.resolve();
    Ok(reader.topology)
}

fn expect_namespace(doc: &XmlDocument, id: ElementId, expected: &str) -> Result<(), LoadError> {
    let found = doc.namespace(id);
    if found == expected {
        Ok(())
    } else {
        Err(LoadError::WrongNamespace {
            element: doc.name(id).to_owned(),
            found: if found.is_empty() {
                "(none)".into()
            } else {
                found.to_owned()
            },
            expected: expected.to_owned(),
            position: doc.element_position(id),
        })
    }
}

fn missing(doc: &XmlDocument, parent: ElementId, name: &str) -> LoadError {
    LoadError::MissingElement {
        parent: doc.name(parent).to_owned(),
        missing: name.to_owned(),
        position: doc.element_position(parent),
    }
}

/// Where a service is installed, resolved once every cluster is known.
enum InstalledOn<'d> {
    Pool(Place<'d>),
    SqlInstance(Place<'d>),
}

/// A cluster or SQL instance as the file names it. The parts are borrowed from the text
/// (unless a value holds a character reference), so the lookups a load makes for every
/// cluster, SQL instance and service allocate nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Place<'d> {
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

/// How references match a service: a published `<ServiceId>` exactly, a Topology Builder
/// `UniqueId` without regard to case.
#[derive(PartialEq, Eq, Hash)]
enum KeyRef<'a> {
    Published(&'a str, &'a str, &'a str),
    Unique(Folded<'a>),
}

impl KeyRef<'_> {
    fn of(key: &ServiceKey) -> KeyRef<'_> {
        match key {
            ServiceKey::Published {
                site_id,
                role,
                instance,
            } => KeyRef::Published(site_id, role, instance),
            ServiceKey::TopologyBuilder { unique_id } => KeyRef::Unique(Folded::new(Cow::Borrowed(unique_id))),
        }
    }
}

struct Reader<'d> {
    doc: &'d XmlDocument,
    topology: Topology,
    pool_keys: HashMap<Place<'d>, PoolIdx>,
    sql_instances: HashMap<Place<'d>, PoolIdx>,
    pending_installed: Vec<(ServiceIdx, InstalledOn<'d>, ElementId)>,
    /// Each site's `<FederationRoute>` element, resolved once every service is known.
    pending_routes: Vec<(SiteIdx, ElementId)>,
    /// Each SiteId's first site, so a reference costs a lookup rather than a scan.
    site_ids: HashMap<String, SiteIdx>,
}

impl<'d> Reader<'d> {
    fn attr(&self, id: ElementId, name: &str) -> Option<String> {
        self.doc.attr(id, name).map(|v| v.into_owned())
    }

    /// A required attribute; its absence becomes an error finding naming the element.
    fn required(&mut self, id: ElementId, name: &str) -> Option<String> {
        self.required_ref(id, name).map(Cow::into_owned)
    }

    /// [`Reader::required`], borrowed from the text.
    fn required_ref(&mut self, id: ElementId, name: &str) -> Option<Cow<'d, str>> {
        let value = self.doc.attr(id, name);
        if value.is_none() {
            let element = self.doc.name(id).to_owned();
            self.topology.findings.push(Finding::new(
                Severity::Error,
                FindingKind::MissingAttribute,
                format!("<{element}> has no {name} attribute, so the planner cannot tell what it is"),
                Some(self.doc.element_position(id)),
            ));
        }
        value
    }

    fn domains(&mut self, body: ElementId) {
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

    fn add_site(&mut self, id: ElementId, kind: SiteKind, parent: Option<SiteIdx>) -> Option<SiteIdx> {
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

    fn add_pool(
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

    fn machine(&self, id: ElementId, cluster_fqdn: Option<&str>) -> Option<Machine> {
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

    // ---- Published topology (Get-CsTopology -AsXml) ----

    fn published(&mut self, root: ElementId) {
        let doc = self.doc;
        if let Some(sites) = doc.child(root, "Sites") {
            for site in doc.children(sites) {
                match doc.name(site) {
                    "CentralSite" => {
                        self.add_site(site, SiteKind::Central, None);
                    }
                    // See inference::BRANCH_SITES.
                    "BranchSite" => {
                        self.add_site(site, SiteKind::Branch, None);
                    }
                    _ => {}
                }
            }
        }
        let mut cluster_sites = Vec::new();
        if let Some(clusters) = doc.child(root, "Clusters") {
            for cluster in doc.children_named(clusters, "Cluster") {
                let Some(cid) = doc.child(cluster, "ClusterId") else {
                    self.missing_child(cluster, "ClusterId");
                    continue;
                };
                let key = self.cluster_key(cid);
                if let Some(&first) = self.pool_keys.get(&key) {
                    let first_id = doc
                        .child(self.topology.pools[first].element, "ClusterId")
                        .unwrap_or(cid);
                    let (site, number) = (self.attr(cid, "SiteId"), self.attr(cid, "Number"));
                    self.duplicate(
                        cid,
                        first_id,
                        format!(
                            "Two clusters have the ClusterId SiteId=\"{}\" Number=\"{}\"",
                            site.unwrap_or_default(),
                            number.unwrap_or_default()
                        ),
                    );
                }
                let cluster_fqdn = self.attr(cluster, "Fqdn");
                let machines = doc
                    .children_named(cluster, "Machine")
                    .filter_map(|m| self.machine(m, cluster_fqdn.as_deref()))
                    .collect();
                if let Some(pool) = self.add_pool(cluster, key, None, machines) {
                    cluster_sites.push((pool, cid));
                }
            }
        }
        for (pool, cid) in cluster_sites {
            let site = self.site_ref(cid);
            self.topology.pools[pool].site = site;
        }
        if let Some(instances) = doc.child(root, "SqlInstances") {
            for inst in doc.children_named(instances, "SqlInstance") {
                let Some(sid) = doc.child(inst, "SqlInstanceId") else {
                    continue;
                };
                let Some(cid) = doc.child(sid, "ClusterId") else {
                    continue;
                };
                let key = self.sql_key(sid, cid);
                match self.pool_keys.get(&self.cluster_key(cid)) {
                    Some(&pool) => {
                        self.sql_instances.insert(key, pool);
                    }
                    None => self.dangling(
                        cid,
                        format!("SQL instance {key} is on a cluster that is not in the topology"),
                    ),
                }
            }
        }
        if let Some(services) = doc.child(root, "Services") {
            for service in doc.children_named(services, "Service") {
                self.published_service(service);
            }
        }
    }

    fn cluster_key(&self, cluster_id: ElementId) -> Place<'d> {
        Place::Cluster {
            site: self.doc.attr(cluster_id, "SiteId").unwrap_or_default(),
            number: self.doc.attr(cluster_id, "Number").unwrap_or_default(),
        }
    }

    fn sql_key(&self, sql_instance_id: ElementId, cluster_id: ElementId) -> Place<'d> {
        Place::Sql {
            name: self.doc.attr(sql_instance_id, "Name").unwrap_or_default(),
            site: self.doc.attr(cluster_id, "SiteId").unwrap_or_default(),
            number: self.doc.attr(cluster_id, "Number").unwrap_or_default(),
        }
    }

    /// The site a `SiteId` attribute names, with a finding when it names none.
    fn site_ref(&mut self, id: ElementId) -> Option<SiteIdx> {
        let site_id = self.attr(id, "SiteId")?;
        let found = self.site_ids.get(&site_id).copied();
        if found.is_none() {
            self.dangling(
                id,
                format!("SiteId=\"{site_id}\" names a site that is not in the topology"),
            );
        }
        found
    }

    fn service_id_key(&self, id: ElementId) -> ServiceKey {
        ServiceKey::Published {
            site_id: self.attr(id, "SiteId").unwrap_or_default(),
            role: self.attr(id, "RoleName").unwrap_or_default(),
            instance: self.attr(id, "Instance").unwrap_or_default(),
        }
    }

    fn published_service(&mut self, service: ElementId) {
        let doc = self.doc;
        let Some(sid) = doc.child(service, "ServiceId") else {
            self.missing_child(service, "ServiceId");
            return;
        };
        let key = self.service_id_key(sid);
        let role = self.attr(sid, "RoleName").unwrap_or_default();
        let site = self.site_ref(sid);
        let dependencies = doc
            .child(service, "DependsOn")
            .into_iter()
            .flat_map(|d| doc.children_named(d, "Dependency"))
            .filter_map(|dep| {
                let reference = doc.child(dep, "ServiceId")?;
                Some(Dependency {
                    key: self.service_id_key(reference),
                    target: None,
                    usage: self.attr(dep, "Usage").unwrap_or_default(),
                    reference,
                })
            })
            .collect();
        let idx = self.push_service(service, key, role, site, dependencies);
        if let Some(on) = doc.child(service, "InstalledOn") {
            if let Some(cid) = doc.child(on, "ClusterId") {
                self.pending_installed
                    .push((idx, InstalledOn::Pool(self.cluster_key(cid)), cid));
            } else if let Some(sql) = doc.child(on, "SqlInstanceId") {
                if let Some(cid) = doc.child(sql, "ClusterId") {
                    self.pending_installed
                        .push((idx, InstalledOn::SqlInstance(self.sql_key(sql, cid)), sql));
                }
            }
        }
    }

    // ---- Topology Builder (.tbxml) ----

    fn topology_builder(&mut self, partial: ElementId) {
        let doc = self.doc;
        if let Some(central) = doc.child(partial, "CentralSites") {
            for site in doc.children_named(central, "CentralSite") {
                let Some(idx) = self.add_site(site, SiteKind::Central, None) else {
                    continue;
                };
                self.tb_clusters(site, idx);
                // See inference::BRANCH_SITES.
                if let Some(remote) = doc.child(site, "RemoteSites") {
                    for branch in doc.children(remote) {
                        if doc.attr(branch, "SiteId").is_none() {
                            continue;
                        }
                        if let Some(b) = self.add_site(branch, SiteKind::Branch, Some(idx)) {
                            self.tb_clusters(branch, b);
                        }
                    }
                }
            }
        }
        if let Some(services) = doc.child(partial, "Services") {
            for service in doc.children_named(services, "Service") {
                self.tb_service(service);
            }
        }
    }

    fn tb_clusters(&mut self, site_el: ElementId, site: SiteIdx) {
        let doc = self.doc;
        let Some(clusters) = doc.child(site_el, "Clusters") else {
            return;
        };
        for cluster in doc.children_named(clusters, "Cluster") {
            let Some(unique) = self.required_ref(cluster, "UniqueId") else {
                continue;
            };
            let key = Place::Unique(Folded::new(unique));
            if let Some(&first) = self.pool_keys.get(&key) {
                let first = self.topology.pools[first].element;
                self.duplicate(cluster, first, format!("Two clusters have the UniqueId {key}"));
            }
            let cluster_fqdn = self.attr(cluster, "Fqdn");
            let machines = doc
                .child(cluster, "Machines")
                .into_iter()
                .flat_map(|m| doc.children_named(m, "Machine"))
                .filter_map(|m| self.machine(m, cluster_fqdn.as_deref()))
                .collect();
            let Some(pool) = self.add_pool(cluster, key, Some(site), machines) else {
                continue;
            };
            if let Some(instances) = doc.child(cluster, "SqlInstances") {
                for inst in doc.children_named(instances, "SqlInstance") {
                    if let Some(id) = doc.attr(inst, "UniqueId") {
                        self.sql_instances.insert(Place::Unique(Folded::new(id)), pool);
                    }
                }
            }
        }
    }

    fn tb_service(&mut self, service: ElementId) {
        let doc = self.doc;
        let Some(unique) = self.required(service, "UniqueId") else {
            return;
        };
        let role = self.required(service, "RoleName").unwrap_or_default();
        let dependencies = doc
            .child(service, "DependsOn")
            .into_iter()
            .flat_map(|d| doc.children_named(d, "Dependency"))
            .filter_map(|dep| {
                Some(Dependency {
                    key: ServiceKey::TopologyBuilder {
                        unique_id: self.attr(dep, "ServiceUniqueId")?,
                    },
                    target: None,
                    usage: self.attr(dep, "Usage").unwrap_or_default(),
                    reference: dep,
                })
            })
            .collect();
        let key = ServiceKey::TopologyBuilder { unique_id: unique };
        let idx = self.push_service(service, key, role, None, dependencies);
        if let Some(on) = doc.attr(service, "InstalledOn") {
            let on = Place::Unique(Folded::new(on));
            let target = if self.pool_keys.contains_key(&on) {
                InstalledOn::Pool(on)
            } else {
                InstalledOn::SqlInstance(on)
            };
            self.pending_installed.push((idx, target, service));
        }
    }

    // ---- Both formats ----

    fn push_service(
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

    fn resolve(&mut self) {
        for (idx, target, element) in std::mem::take(&mut self.pending_installed) {
            let pool = match &target {
                InstalledOn::Pool(key) => self.pool_keys.get(key),
                InstalledOn::SqlInstance(key) => self.sql_instances.get(key),
            };
            match pool {
                Some(&pool) => {
                    let s = &mut self.topology.services[idx];
                    s.pool = Some(pool);
                    if s.site.is_none() {
                        s.site = self.topology.pools[pool].site;
                    }
                }
                None => {
                    let role = self.topology.services[idx].role.clone();
                    let what = match target {
                        InstalledOn::Pool(k) => format!("cluster {k}"),
                        InstalledOn::SqlInstance(k) => format!("SQL instance or cluster {k}"),
                    };
                    self.dangling(
                        element,
                        format!("The {role} service is installed on {what}, which is not in the topology"),
                    );
                }
            }
        }
        // References are matched by borrowed keys: a load makes one lookup per service and
        // per dependency, and building a key string for each took a tenth of the model's time.
        let services = &self.topology.services;
        let mut by_key: HashMap<KeyRef<'_>, ServiceIdx> = HashMap::with_capacity(services.len());
        let mut duplicates = Vec::new();
        for (i, s) in services.iter().enumerate() {
            match by_key.entry(KeyRef::of(&s.key)) {
                Entry::Vacant(v) => {
                    v.insert(i);
                }
                Entry::Occupied(first) => duplicates.push((*first.get(), i)),
            }
        }
        let mut targets = Vec::new();
        let mut dangling = Vec::new();
        for (si, s) in services.iter().enumerate() {
            for (di, dep) in s.dependencies.iter().enumerate() {
                match by_key.get(&KeyRef::of(&dep.key)) {
                    Some(&t) => targets.push((si, di, t)),
                    None => dangling.push((
                        dep.reference,
                        format!(
                            "The {} service depends on service {}, which is not in the topology",
                            s.role,
                            describe_key(&dep.key)
                        ),
                    )),
                }
            }
        }
        let routes: Vec<(SiteIdx, FederationRoute)> = std::mem::take(&mut self.pending_routes)
            .into_iter()
            .map(|(site, element)| (site, self.route(element, &by_key)))
            .collect();
        for (s, d, t) in targets {
            self.topology.services[s].dependencies[d].target = Some(t);
        }
        for (site, route) in routes {
            if let FederationRoute::NotUnderstood { element, why, .. } = &route {
                let name = &self.topology.sites[site].name;
                self.topology.findings.push(
                    Finding::new(
                        Severity::Warning,
                        FindingKind::FederationRouteNotUnderstood,
                        format!(
                            "The federation route of site {name} holds something the planner does not understand ({why}). It is kept as it is; check it with Get-CsSite or in Topology Builder."
                        ),
                        Some(self.doc.element_position(*element)),
                    ),
                );
            }
            self.topology.sites[site].federation_route = route;
        }
        for (first, second) in duplicates {
            let what = match self.topology.format {
                Format::Published => "ServiceId",
                Format::TopologyBuilder => "UniqueId",
            };
            let message = format!(
                "Two services have the {what} {}",
                describe_key(&self.topology.services[second].key)
            );
            let (first, second) = (self.key_element(first), self.key_element(second));
            self.duplicate(second, first, message);
        }
        for (element, message) in dangling {
            self.dangling(element, message);
        }
    }

    /// What a site's `<FederationRoute>` holds. See
    /// [`crate::topology::inference::SITE_FEDERATION_ROUTE_CONTENT`] for the one form it is read as: a single
    /// reference to a service, as a dependency names one in the same file format.
    fn route(&self, element: ElementId, by_key: &HashMap<KeyRef<'_>, ServiceIdx>) -> FederationRoute {
        let doc = self.doc;
        let not_understood = |why: String| FederationRoute::NotUnderstood {
            element,
            content: doc.source(element).to_owned(),
            why,
        };
        let mut children = doc.children(element);
        let (first, second) = (children.next(), children.next());
        let e = doc.element(element);
        let inner = &doc.text()[e.start_tag_end as usize..e.content_end as usize];
        let Some(reference) = first else {
            return if inner.trim().is_empty() {
                FederationRoute::Empty { element: Some(element) }
            } else {
                not_understood("text rather than a reference to a pool".to_owned())
            };
        };
        if second.is_some() {
            return not_understood("more than one element".to_owned());
        }
        let key = match self.topology.format {
            Format::Published if doc.name(reference) == "ServiceId" => self.service_id_key(reference),
            Format::TopologyBuilder => match self.attr(reference, "ServiceUniqueId") {
                Some(unique_id) => ServiceKey::TopologyBuilder { unique_id },
                None => return not_understood(format!("a <{}> without a ServiceUniqueId", doc.name(reference))),
            },
            Format::Published => {
                return not_understood(format!("a <{}> rather than a <ServiceId>", doc.name(reference)))
            }
        };
        match by_key.get(&KeyRef::of(&key)) {
            Some(&service)
                if matches!(
                    self.topology.services[service].role.as_str(),
                    "EdgeServer" | "Registrar"
                ) =>
            {
                FederationRoute::Service { reference, service }
            }
            Some(&service) => not_understood(format!(
                "it names a {} service, not an Edge pool or a Director",
                self.topology.services[service].role
            )),
            None => not_understood(format!(
                "it names service {}, which is not in the topology",
                describe_key(&key)
            )),
        }
    }

    /// The element that holds a service's key: `<ServiceId>` in a published topology, the
    /// `<Service>` itself in a Topology Builder file.
    fn key_element(&self, service: ServiceIdx) -> ElementId {
        let element = self.topology.services[service].element;
        self.doc.child(element, "ServiceId").unwrap_or(element)
    }

    /// A key used twice: every reference to it could mean either element.
    fn duplicate(&mut self, element: ElementId, first: ElementId, what: String) {
        let first = self.doc.element_position(first);
        self.topology.findings.push(Finding::new(
            Severity::Error,
            FindingKind::DuplicateId,
            format!("{what} (the first at {first}), so references to it are ambiguous"),
            Some(self.doc.element_position(element)),
        ));
    }

    fn dangling(&mut self, element: ElementId, message: String) {
        self.topology.findings.push(Finding::new(
            Severity::Error,
            FindingKind::DanglingReference,
            message,
            Some(self.doc.element_position(element)),
        ));
    }

    fn missing_child(&mut self, parent: ElementId, child: &str) {
        let name = self.doc.name(parent).to_owned();
        self.topology.findings.push(Finding::new(
            Severity::Error,
            FindingKind::MissingAttribute,
            format!("<{name}> has no <{child}>, so the planner cannot tell what it is"),
            Some(self.doc.element_position(parent)),
        ));
    }
}

fn describe_key(key: &ServiceKey) -> String {
    match key {
        ServiceKey::Published {
            site_id,
            role,
            instance,
        } => format!("{role} {instance} in site {site_id}"),
        ServiceKey::TopologyBuilder { unique_id } => unique_id.clone(),
    }
}
