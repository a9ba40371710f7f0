//! What a plan moves: what failed, what survives, and which pools, routes, associations and
//! next hops change. No edit: that is written from this ([`super::written`]).

use serde::Serialize;

use crate::edit::NextHopEdit;
use crate::topology::{EdgeIdx, PoolIdx, SiteIdx, TopologyFile};

use super::request::FailoverRequest;

/// The failure being planned for, resolved against the topology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Sites that are down as a whole.
    pub failed_sites: Vec<SiteIdx>,
    /// Edge pools that are down.
    pub failed_edges: Vec<EdgeIdx>,
}

/// A change of the surviving pool's next hop, needed when it points into the failed site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextHopChange {
    #[serde(skip)]
    pub edit: NextHopEdit,
    pub from_pool: Option<String>,
    pub to_pool: String,
    /// Whether the new next hop is in the Edge pool's own site (Topology Builder can set it)
    /// or another (the product documentation uses Set-CsEdgeServer -Registrar).
    pub same_site: bool,
}

/// What a failover moves: the decisions and the pools, with no edit. The steps of a runbook
/// are written from this alone.
#[derive(Clone, Debug)]
pub struct Moves {
    pub request: FailoverRequest,
    pub scope: Scope,
    pub survivor: EdgeIdx,
    /// Edge pools SIP federation is taken from: the failed pools that carry it, and the other
    /// federated pools only when the administrator asked to clear them (empty when it does not
    /// move).
    pub federation_from: Vec<EdgeIdx>,
    pub federation_moves: bool,
    /// Pools that carry SIP federation and keep it, byte for byte: the healthy ones, and on a
    /// failback the pool federation comes back from when the administrator keeps it there.
    pub federation_kept: Vec<EdgeIdx>,
    /// The survivor carried SIP federation already: its ports do not change.
    pub survivor_already_federated: bool,
    /// Edge pools whose XMPP ports are cleared.
    pub xmpp_from: Vec<EdgeIdx>,
    pub xmpp_moves: bool,
    /// The Edge pool XMPP federation moves to: the survivor, unless the administrator chose
    /// another healthy pool that already carries the XMPP ports.
    pub xmpp_to: EdgeIdx,
    /// The XMPP target carried the XMPP ports already: its XMPP ports do not change, so
    /// nothing is added for it in the topology and it needs no Deployment Wizard run.
    pub xmpp_target_has_ports: bool,
    /// The pools that carry XMPP federation and lose it to the failure, whether XMPP moves or
    /// not: the failed pools that carry it, or on a failback the pool it comes back from
    /// (which may keep its XMPP ports).
    pub xmpp_failed: Vec<EdgeIdx>,
    /// On a failback: the healthy pools the failover cleared on request, whose SIP
    /// federation comes back (the reverse of the failover).
    pub federation_restored: Vec<EdgeIdx>,
    /// The same for XMPP federation.
    pub xmpp_restored: Vec<EdgeIdx>,
    /// Site federation routes re-pointed at the survivor.
    pub routes: Vec<crate::edit::RouteChange>,
    /// Front End pools re-associated, each with the survivor unless named in
    /// [`Moves::reassociated_elsewhere`].
    pub reassociated: Vec<PoolIdx>,
    /// On a failback: the re-associated pools that go back to an Edge pool other than the
    /// survivor (the one they used before the failover).
    pub reassociated_elsewhere: Vec<(PoolIdx, EdgeIdx)>,
    pub next_hop: Option<NextHopChange>,
}

impl Moves {
    pub fn survivor_fqdn<'a>(&self, file: &'a TopologyFile) -> &'a str {
        let t = &file.topology;
        &t.pools[t.edge_pools[self.survivor].pool].fqdn
    }

    pub fn xmpp_to_fqdn<'a>(&self, file: &'a TopologyFile) -> &'a str {
        let t = &file.topology;
        &t.pools[t.edge_pools[self.xmpp_to].pool].fqdn
    }

    /// XMPP federation moves to another pool than SIP federation.
    pub fn xmpp_apart(&self) -> bool {
        self.xmpp_moves && self.xmpp_to != self.survivor
    }

    /// The Edge pool a re-associated pool is associated with.
    pub fn association_target(&self, pool: PoolIdx) -> EdgeIdx {
        association_target(&self.reassociated_elsewhere, self.survivor, pool)
    }

    /// Its FQDN, as the steps and checks name it.
    pub fn association_target_fqdn<'a>(&self, file: &'a TopologyFile, pool: PoolIdx) -> &'a str {
        let t = &file.topology;
        &t.pools[t.edge_pools[self.association_target(pool)].pool].fqdn
    }

    /// Whether anything in the topology changes: federation, a route, an association or a
    /// next hop. A plan that changes nothing has nothing to publish.
    pub fn changes_topology(&self) -> bool {
        self.federation_moves
            || self.xmpp_moves
            || !self.routes.is_empty()
            || !self.reassociated.is_empty()
            || self.next_hop.is_some()
    }
}

/// The Edge pool `pool` is re-associated with: the survivor, unless named apart.
pub(super) fn association_target(elsewhere: &[(PoolIdx, EdgeIdx)], survivor: EdgeIdx, pool: PoolIdx) -> EdgeIdx {
    elsewhere.iter().find(|(p, _)| *p == pool).map_or(survivor, |(_, e)| *e)
}
