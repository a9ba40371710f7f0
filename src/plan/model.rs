//! A plan as data: what failed, what survives, what moves, the edit and the edited file; and
//! why no plan could be made.

use serde::Serialize;
use thiserror::Error;

use crate::edit::{Diff, FailoverEdit, NextHopEdit};
use crate::topology::{EdgeIdx, Finding, PoolIdx, SiteIdx, TopologyFile};

use super::check::{Check, CheckSeverity};
use super::request::FailoverRequest;

/// Why no plan could be made.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("The topology has errors, so the planner will not edit it:\n{}", list(.0))]
    TopologyHasErrors(Vec<Finding>),
    #[error("The topology has no Edge pool, so there is no federation to fail over.")]
    NoEdgePool,
    #[error("There is no pool {0} in the topology.")]
    UnknownPool(String),
    #[error("{0} is not an Edge pool (it is a {1}).")]
    NotAnEdgePool(String, String),
    #[error("There is no site named {0:?} (or with SiteId {0:?}) in the topology.")]
    UnknownSite(String),
    #[error("The site {0} has no Edge pool, so losing it does not affect federation.")]
    NoEdgeInSite(String),
    #[error("{pool} cannot take over: {}.", .reasons.join("; "))]
    IneligibleSurvivor { pool: String, reasons: Vec<String> },
    #[error("No Edge pool survives the failure of {0}.")]
    NoSurvivor(String),
    #[error("{pool} does not use a failed Edge pool for media, so there is nothing to re-associate.")]
    NothingToReassociate { pool: String },
    #[error("Internal error: the edited topology did not check out ({0}). Nothing was written; please report this with the topology.")]
    Internal(String),
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n")
}

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

/// A checked failover: the decisions, the edit, and the edited file.
#[derive(Clone, Debug)]
pub struct Plan {
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
    pub xmpp_from: Vec<EdgeIdx>,
    pub xmpp_moves: bool,
    /// The survivor carried XMPP federation already: its XMPP ports do not change.
    pub survivor_already_xmpp: bool,
    /// In the failback inside a failover checklist: the healthy pools that failover cleared
    /// on request, whose SIP federation the failback gives back (the reverse of the failover).
    /// Empty in a plan made from a file, which cannot tell.
    pub federation_restored: Vec<EdgeIdx>,
    /// The same for XMPP federation.
    pub xmpp_restored: Vec<EdgeIdx>,
    /// Site federation routes re-pointed at the survivor.
    pub routes: Vec<crate::edit::RouteChange>,
    pub reassociated: Vec<PoolIdx>,
    pub next_hop: Option<NextHopChange>,
    pub edit: FailoverEdit,
    pub checks: Vec<Check>,
    /// The modified topology, in the input's encoding.
    pub topology_bytes: Vec<u8>,
    pub topology_text: String,
    pub diff: Diff,
}

impl Plan {
    pub fn survivor_fqdn<'a>(&self, file: &'a TopologyFile) -> &'a str {
        let t = &file.topology;
        &t.pools[t.edge_pools[self.survivor].pool].fqdn
    }

    pub fn has_blocking_checks(&self) -> bool {
        self.checks.iter().any(|c| c.severity == CheckSeverity::Error)
    }
}
