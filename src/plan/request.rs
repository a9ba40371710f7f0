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
            reassociate: None,
            direction: Direction::Failover,
            clear_other_federation: false,
            keep_temporary_federation: false,
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
            reassociate: None,
            direction: Direction::Failover,
            clear_other_federation: false,
            keep_temporary_federation: false,
        }
    }

    /// Whether the pools federation comes back from keep theirs: asked for, on a failback.
    pub fn keeps_temporary_federation(&self) -> bool {
        self.keep_temporary_federation && self.direction == Direction::Failback
    }

    /// The same failback, leaving federation on the pool it comes back from.
    pub fn keeping_temporary_federation(self) -> FailoverRequest {
        FailoverRequest {
            keep_temporary_federation: true,
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
