//! The reader of the format `Get-CsTopology -AsXml` exports (the published topology, root
//! `<Topology>`): sites, then clusters and their machines, SQL instances, and services, each in
//! its own list and joined by `ClusterId` and `ServiceId`.

use super::reader::{InstalledOn, Place, Reader};
use crate::topology::document::xml::ElementId;
use crate::topology::model::{Dependency, SiteIdx, SiteKind};

impl<'d> Reader<'d> {
    pub(super) fn get_cs_topology(&mut self, root: ElementId) {
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
}
