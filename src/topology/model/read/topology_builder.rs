//! The Topology Builder format (`.tbxml`): central sites holding their branch sites and
//! clusters, services apart, all joined by `UniqueId`.

use super::reader::{InstalledOn, Place, Reader};
use crate::topology::document::xml::ElementId;
use crate::topology::model::keys::Folded;
use crate::topology::model::{Dependency, ServiceKey, SiteIdx, SiteKind};

impl<'d> Reader<'d> {
    pub(super) fn topology_builder(&mut self, partial: ElementId) {
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
}
