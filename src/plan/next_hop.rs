//! The surviving Edge pool's next hop, when it points into a failed site.

use crate::edit::NextHopEdit;
use crate::topology::{EdgeIdx, PoolKind, ServiceIdx, Topology, TopologyFile};

use super::moves::{NextHopChange, Scope};

/// The next-hop change the survivor needs, if its next hop is in a failed site: to a Registrar
/// in its own site if there is one (Director first), else the nearest healthy one.
pub fn next_hop_change(file: &TopologyFile, scope: &Scope, survivor: EdgeIdx) -> Option<NextHopChange> {
    let t = &file.topology;
    let edge = &t.edge_pools[survivor];
    let edge_site = t.pools[edge.pool].site;
    let (dependency, current) = t.services[edge.service]
        .dependencies
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.target.filter(|s| t.services[*s].role == "Registrar").map(|s| (i, s)))?;
    let current_pool = t.services[current].pool;
    let failed = |site: Option<usize>| site.is_some_and(|s| scope.failed_sites.contains(&s));
    if !failed(current_pool.and_then(|p| t.pools[p].site)) {
        return None;
    }
    let to_service = best_registrar(t, scope, edge_site)?;
    let to_pool = t.services[to_service].pool?;
    Some(NextHopChange {
        edit: NextHopEdit {
            edge: survivor,
            dependency,
            to: to_service,
        },
        from_pool: current_pool.map(|p| t.pools[p].fqdn.clone()),
        to_pool: t.pools[to_pool].fqdn.clone(),
        same_site: t.pools[to_pool].site == edge_site,
    })
}

fn best_registrar(t: &Topology, scope: &Scope, site: Option<usize>) -> Option<ServiceIdx> {
    let healthy: Vec<ServiceIdx> = (0..t.services.len())
        .filter(|&s| t.services[s].role == "Registrar")
        .filter(|&s| {
            t.services[s]
                .pool
                .is_some_and(|p| !t.pools[p].site.is_some_and(|x| scope.failed_sites.contains(&x)))
        })
        .collect();
    let rank = |s: &ServiceIdx| {
        let pool = t.services[*s].pool.unwrap_or_default();
        let other_site = t.pools[pool].site != site;
        let not_director = t.pool_kind(pool) != PoolKind::Director;
        (other_site, not_director, t.pools[pool].fqdn.to_ascii_lowercase())
    };
    healthy.into_iter().min_by_key(rank)
}
