//! What the administrator asks for.

use serde::{Deserialize, Serialize};

/// What went down.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// One Edge pool, by FQDN.
    Pool(String),
    /// A whole site, by name or SiteId: every Edge pool in it, and its Front End pools.
    Site(String),
}

/// Which way federation moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Away from a pool that went down.
    #[default]
    Failover,
    /// Back to the original pool once it is restored: the "failed" pool of the request is
    /// the one that carried federation meanwhile, the survivor is the restored one.
    Failback,
}

/// How the topology change is made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Route A, the product procedure: the Topology Builder steps, in one session, published
    /// once. The modified file is the target state the published topology is checked against.
    #[default]
    TopologyBuilder,
    /// Route B, chosen explicitly: publish the modified file (Publish-CsTopology -FileName and
    /// Enable-CsTopology, then the simple URLs restored), or open a modified .tbxml in Topology
    /// Builder and publish it. The cmdlet reference reserves Publish-CsTopology for republishing
    /// a Get-CsTopology export and says the simple URLs must be set again after it.
    PublishFile,
}

/// A failover as the administrator decides it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FailoverRequest {
    pub failure: Failure,
    /// The Edge pool that takes over, by FQDN.
    pub survivor: String,
    /// Move XMPP federation too when a failed pool carries it. `None` follows the procedure:
    /// yes, unless the product has no XMPP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_xmpp: Option<bool>,
    /// Move SIP federation when a failed pool carries it. `None` is yes; the failback of a
    /// failover that did not move it does not move it either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_sip: Option<bool>,
    /// The pools whose media association moves to the survivor. `None` takes every pool
    /// that used a failed Edge pool and is still running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassociate: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_failover")]
    pub direction: Direction,
    /// Also clear federation on the federated pools that did not fail. Off unless the
    /// administrator asks: it stops inbound federation that DNS sends to those pools, the site
    /// routes through them, and push notifications (DOMAIN.md rule 12).
    #[serde(default, skip_serializing_if = "is_false")]
    pub clear_other_federation: bool,
    /// On failback: the pool federation comes back from keeps its own SIP and XMPP
    /// federation, because it carried them before the failover too (a topology with several
    /// federated pools). The file cannot tell; the administrator knows. Ignored on failover.
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_temporary_federation: bool,
    /// On failback: whether the pool federation comes back from keeps its XMPP federation;
    /// `None` follows `keep_temporary_federation`. The failback inside a failover's runbook
    /// knows the two apart (a pool may have carried SIP federation before, and XMPP not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_temporary_xmpp: Option<bool>,
    /// On failback: the healthy pools a failover cleared on request, which get their SIP
    /// federation (and XMPP federation, where they had it) back. Only the failback inside a
    /// failover's runbook knows them; a topology file cannot tell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub give_back: Vec<String>,
    /// On failback: the site routes a failover re-pointed, each back to the pool it named
    /// before, as (site id, Edge pool FQDN). Only the failback inside a failover's runbook
    /// knows them; a plan from a file re-points the routes through the pool that loses
    /// federation to the restored one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes_back: Vec<(String, String)>,
    /// On failback: the Front End pools a failover moved off an Edge pool other than the one
    /// federation comes back to (a site with several Edge pools, failed whole), each back to
    /// the Edge pool it used, as (pool FQDN, Edge pool FQDN). The others return to the
    /// restored pool. Only the failback inside a failover's runbook knows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations_back: Vec<(String, String)>,
    /// How the topology change is made: route A (Topology Builder) unless route B is chosen.
    #[serde(default, skip_serializing_if = "is_topology_builder")]
    pub route: Route,
    /// The Edge pool XMPP federation moves to, by FQDN; `None` is the survivor. Another pool
    /// must be healthy and already carry the XMPP ports: XMPP then moves with no topology
    /// change for it, no Deployment Wizard run and no full stop ([`crate::plan::xmpp_targets`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_to: Option<String>,
    /// On failback: the pool XMPP federation comes back from, where the failover moved it to
    /// another pool than SIP federation; `None` is the pool SIP federation comes back from.
    /// Only the failback inside a failover's runbook knows it; a topology file cannot tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_back_from: Option<String>,
}

fn is_topology_builder(r: &Route) -> bool {
    *r == Route::TopologyBuilder
}

fn is_failover(d: &Direction) -> bool {
    *d == Direction::Failover
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl FailoverRequest {
    pub fn pool(failed: impl Into<String>, survivor: impl Into<String>) -> FailoverRequest {
        FailoverRequest {
            failure: Failure::Pool(failed.into()),
            survivor: survivor.into(),
            move_xmpp: None,
            move_sip: None,
            reassociate: None,
            direction: Direction::Failover,
            clear_other_federation: false,
            keep_temporary_federation: false,
            keep_temporary_xmpp: None,
            give_back: Vec::new(),
            routes_back: Vec::new(),
            associations_back: Vec::new(),
            route: Route::TopologyBuilder,
            xmpp_to: None,
            xmpp_back_from: None,
        }
    }

    /// Federation back from `temporary` to the `restored` pool.
    pub fn failback(temporary: impl Into<String>, restored: impl Into<String>) -> FailoverRequest {
        FailoverRequest {
            direction: Direction::Failback,
            ..FailoverRequest::pool(temporary, restored)
        }
    }

    pub fn site(site: impl Into<String>, survivor: impl Into<String>) -> FailoverRequest {
        FailoverRequest {
            failure: Failure::Site(site.into()),
            survivor: survivor.into(),
            move_xmpp: None,
            move_sip: None,
            reassociate: None,
            direction: Direction::Failover,
            clear_other_federation: false,
            keep_temporary_federation: false,
            keep_temporary_xmpp: None,
            give_back: Vec::new(),
            routes_back: Vec::new(),
            associations_back: Vec::new(),
            route: Route::TopologyBuilder,
            xmpp_to: None,
            xmpp_back_from: None,
        }
    }

    /// Whether the pools federation comes back from keep theirs: asked for, on a failback.
    pub fn keeps_temporary_federation(&self) -> bool {
        self.keep_temporary_federation && self.direction == Direction::Failback
    }

    /// Whether the pool XMPP federation comes back from keeps its own: asked for, on a
    /// failback.
    pub fn keeps_temporary_xmpp(&self) -> bool {
        self.keep_temporary_xmpp.unwrap_or(self.keep_temporary_federation) && self.direction == Direction::Failback
    }

    /// The same failback, leaving federation on the pool it comes back from.
    pub fn keeping_temporary_federation(self) -> FailoverRequest {
        FailoverRequest {
            keep_temporary_federation: true,
            ..self
        }
    }

    /// The same request, by route B: publishing the modified file.
    pub fn publishing_file(self) -> FailoverRequest {
        FailoverRequest {
            route: Route::PublishFile,
            ..self
        }
    }

    /// The same request, moving XMPP federation to `pool` rather than to the survivor.
    pub fn moving_xmpp_to(self, pool: impl Into<String>) -> FailoverRequest {
        FailoverRequest {
            xmpp_to: Some(pool.into()),
            ..self
        }
    }

    /// The same request, also clearing federation on the other federated pools.
    pub fn clearing_other_federation(self) -> FailoverRequest {
        FailoverRequest {
            clear_other_federation: true,
            ..self
        }
    }
}
