//! What a Central Management Server failover needs from the file: which pool hosts the active
//! Central Management Server, which pool is paired with it as its backup, and the SQL Server
//! instances (Back End servers) that hold its stores.
//!
//! Read from the element tree on demand: only a plan whose failed site holds the Central
//! Management Server asks, so a load pays nothing for it.

use super::document::xml::ElementId;
use super::model::{PoolIdx, ServiceIdx, ServiceKey, SiteIdx, Topology};
use super::TopologyFile;

/// A store installed on a SQL Server instance: a Back End as Invoke-CsManagementServerFailover
/// names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlStore {
    pub service: ServiceIdx,
    /// `CentralMgmtStore`, `UserStore` and so on.
    pub role: String,
    /// The SQL Server's FQDN (its cluster's).
    pub server: String,
    /// The SQL Server instance; empty for the default instance.
    pub instance: String,
    pub site: Option<SiteIdx>,
}

/// The SQL Server instance a store service is installed on, if it is on one.
pub fn sql_store(file: &TopologyFile, service: ServiceIdx) -> Option<SqlStore> {
    let (doc, t) = (&file.doc, &file.topology);
    let s = &t.services[service];
    let pool = s.pool?;
    let instance = match &s.key {
        ServiceKey::Published { .. } => {
            let on = doc.child(s.element, "InstalledOn")?;
            let sql = doc.child(on, "SqlInstanceId")?;
            doc.attr(sql, "Name")?.into_owned()
        }
        ServiceKey::TopologyBuilder { .. } => {
            let id = doc.attr(s.element, "InstalledOn")?;
            let instances = doc.child(t.pools[pool].element, "SqlInstances")?;
            let sql = doc
                .children_named(instances, "SqlInstance")
                .find(|i| doc.attr(*i, "UniqueId").is_some_and(|u| u.eq_ignore_ascii_case(&id)))?;
            doc.attr(sql, "Name")?.into_owned()
        }
    };
    Some(SqlStore {
        service,
        role: s.role.clone(),
        server: t.pools[pool].fqdn.clone(),
        instance,
        site: s.site,
    })
}

/// The pool `pool` is paired with as its backup: the `<Backup>` of its Registrar service. See
/// [`super::inference::BACKUP_POOL`].
pub fn backup_pool(file: &TopologyFile, pool: PoolIdx) -> Option<PoolIdx> {
    let (doc, t) = (&file.doc, &file.topology);
    let registrar = t
        .services_of_pool(pool)
        .find(|(_, s)| s.role == "Registrar")
        .map(|(_, s)| s)?;
    let backup = find_backup(file, registrar.element)?;
    let target = match &registrar.key {
        ServiceKey::Published { .. } => {
            let id = doc.child(backup, "ServiceId")?;
            let (site_id, role, instance) = (
                doc.attr(id, "SiteId")?,
                doc.attr(id, "RoleName")?,
                doc.attr(id, "Instance")?,
            );
            t.services.iter().position(|s| {
                matches!(&s.key, ServiceKey::Published { site_id: a, role: b, instance: c }
                    if *a == site_id && *b == role && *c == instance)
            })?
        }
        ServiceKey::TopologyBuilder { .. } => {
            let id = doc.attr(backup, "ServiceUniqueId").or_else(|| {
                doc.children(backup)
                    .find_map(|c| doc.attr(c, "ServiceUniqueId").or_else(|| doc.attr(c, "UniqueId")))
            })?;
            t.services.iter().position(
                |s| matches!(&s.key, ServiceKey::TopologyBuilder { unique_id } if unique_id.eq_ignore_ascii_case(&id)),
            )?
        }
    };
    t.services[target].pool.filter(|p| *p != pool)
}

/// `<Backup>` directly in the service or in its role element (`RegistrarService`).
fn find_backup(file: &TopologyFile, service: ElementId) -> Option<ElementId> {
    let doc = &file.doc;
    doc.child(service, "Backup")
        .or_else(|| doc.children(service).find_map(|c| doc.child(c, "Backup")))
}

/// The pools whose Central Management Server is the active one: `IsActive="true"` on its
/// `CentralMgmtService`; when no pool says either way, every pool with one.
pub fn active_central_management(file: &TopologyFile) -> Vec<PoolIdx> {
    let (doc, t) = (&file.doc, &file.topology);
    let hosts: Vec<(PoolIdx, Option<bool>)> = t
        .services
        .iter()
        .filter(|s| s.role == "CentralMgmt")
        .filter_map(|s| {
            let active = doc
                .child(s.element, "CentralMgmtService")
                .and_then(|c| doc.attr(c, "IsActive"))
                .map(|v| v.eq_ignore_ascii_case("true"));
            Some((s.pool?, active))
        })
        .collect();
    let any_says = hosts.iter().any(|(_, a)| a.is_some());
    let mut pools: Vec<PoolIdx> = hosts
        .into_iter()
        .filter(|(_, a)| !any_says || *a == Some(true))
        .map(|(p, _)| p)
        .collect();
    pools.dedup();
    pools
}

/// The ServiceVersion of a pool's services (the first that has one).
pub fn pool_version(t: &Topology, pool: PoolIdx) -> Option<u32> {
    t.services_of_pool(pool).find_map(|(_, s)| s.version)
}

/// Why a Back End is offered for the Central Management Server failover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackEndReason {
    /// It holds a Central Management store outside the failed sites (the standby that
    /// pairing the pool hosting the Central Management Server sets up).
    StandbyStore,
    /// It is the Back End of the backup pool (its user store).
    BackupPoolBackEnd,
}

/// Where the Central Management Server on `cms_pool` can fail over to.
#[derive(Clone, Debug, Default)]
pub struct CentralManagementTarget {
    /// The pool paired with `cms_pool`, if the file pairs it.
    pub backup_pool: Option<PoolIdx>,
    /// Back Ends to name in `-BackupSqlServerFqdn`, the likeliest first.
    pub candidates: Vec<(SqlStore, BackEndReason)>,
}

/// The backup pool of the pool hosting the Central Management Server, and the Back Ends
/// outside the failed sites that can take the store.
pub fn central_management_target(
    file: &TopologyFile,
    cms_pool: PoolIdx,
    failed_sites: &[SiteIdx],
) -> CentralManagementTarget {
    let t = &file.topology;
    let up = |site: Option<SiteIdx>| !site.is_some_and(|s| failed_sites.contains(&s));
    let backup = backup_pool(file, cms_pool).filter(|p| up(t.pools[*p].site));
    // The backup pool's Back End: the user store its UserServices depends on.
    let backup_back_end: Option<SqlStore> = backup.and_then(|b| {
        t.services_of_pool(b)
            .filter(|(_, s)| s.role == "UserServices")
            .flat_map(|(_, s)| s.dependencies.iter().filter_map(|d| d.target))
            .find(|d| t.services[*d].role == "UserStore")
            .and_then(|d| sql_store(file, d))
    });
    let same = |a: &SqlStore, b: &SqlStore| {
        a.server.eq_ignore_ascii_case(&b.server) && a.instance.eq_ignore_ascii_case(&b.instance)
    };
    let standby: Vec<SqlStore> = (0..t.services.len())
        .filter(|s| t.services[*s].role == "CentralMgmtStore")
        .filter_map(|s| sql_store(file, s))
        .filter(|s| up(s.site))
        .collect();
    // The standby on the backup pool's own Back End first (two passes rather than a sort,
    // which would add a sort of its own to the page for a list of one or two).
    let on_backup = |s: &SqlStore| backup_back_end.as_ref().is_some_and(|be| same(s, be));
    let standby = standby
        .iter()
        .filter(|s| on_backup(s))
        .chain(standby.iter().filter(|s| !on_backup(s)))
        .cloned()
        .collect::<Vec<_>>();
    let mut candidates: Vec<(SqlStore, BackEndReason)> = Vec::new();
    for store in standby {
        if !candidates.iter().any(|(c, _)| same(c, &store)) {
            candidates.push((store, BackEndReason::StandbyStore));
        }
    }
    if let Some(be) = backup_back_end {
        if !candidates.iter().any(|(c, _)| same(c, &be)) {
            candidates.push((be, BackEndReason::BackupPoolBackEnd));
        }
    }
    CentralManagementTarget {
        backup_pool: backup,
        candidates,
    }
}

/// The Back Ends (SQL Server instances holding a user store or a Central Management store)
/// outside the failed sites, in topology order, each once: where a Central Management store
/// could be rebuilt when the file pairs its pool with no backup pool.
pub fn surviving_back_ends(file: &TopologyFile, failed_sites: &[SiteIdx]) -> Vec<SqlStore> {
    let t = &file.topology;
    let mut out: Vec<SqlStore> = Vec::new();
    for s in 0..t.services.len() {
        if !matches!(t.services[s].role.as_str(), "UserStore" | "CentralMgmtStore") {
            continue;
        }
        let Some(store) = sql_store(file, s) else { continue };
        if store.site.is_some_and(|x| failed_sites.contains(&x)) {
            continue;
        }
        if !out
            .iter()
            .any(|o| o.server.eq_ignore_ascii_case(&store.server) && o.instance.eq_ignore_ascii_case(&store.instance))
        {
            out.push(store);
        }
    }
    out
}
