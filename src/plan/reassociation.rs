//! The Front End pools a plan re-associates unless the administrator chooses otherwise.

use crate::topology::{EdgeIdx, PoolIdx, TopologyFile};

use super::moves::Scope;
use super::request::Direction;

/// The pools re-associated unless the user says otherwise. On failover: every pool that uses
/// a failed Edge pool for media and is not itself in a failed site (those are down too). On
/// failback: the pools of the restored pool's site, back to their local Edge.
pub fn default_reassociation(
    file: &TopologyFile,
    scope: &Scope,
    direction: Direction,
    survivor: EdgeIdx,
) -> Vec<PoolIdx> {
    let t = &file.topology;
    let home = t.pools[t.edge_pools[survivor].pool].site;
    let associated = |p: &PoolIdx| {
        scope
            .failed_edges
            .iter()
            .any(|e| t.edge_pools[*e].associations.iter().any(|a| a.pool == *p))
    };
    // In the order of the topology, each once.
    (0..t.pools.len())
        .filter(associated)
        .filter(|p| !t.pools[*p].site.is_some_and(|s| scope.failed_sites.contains(&s)))
        .filter(|p| direction == Direction::Failover || t.pools[*p].site == home)
        .collect()
}
