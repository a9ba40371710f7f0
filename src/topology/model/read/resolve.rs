//! References resolved once everything they may name has been read: where each service is
//! installed, what each dependency and each site's federation route names, and keys used twice.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::reader::{InstalledOn, Reader};
use crate::topology::document::xml::ElementId;
use crate::topology::model::findings::{Finding, FindingKind, Severity};
use crate::topology::model::keys::Folded;
use crate::topology::model::{FederationRoute, Format, ServiceIdx, ServiceKey, SiteIdx};

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

impl<'d> Reader<'d> {
    pub(super) fn resolve(&mut self) {
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
    /// [`crate::topology::inference::SITE_FEDERATION_ROUTE_CONTENT`] for the one form it is
    /// read as: a single reference to a service, as a dependency names one in the same file
    /// format.
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
