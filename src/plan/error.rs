//! Why no plan could be made.

use thiserror::Error;

use crate::topology::Finding;

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
    #[error("This plan would leave no Edge pool carrying SIP federation (today {}), so federation would stop everywhere. It is not offered; please report this with the topology.", .before.join(", "))]
    NoFederationLeft { before: Vec<String> },
    #[error("Internal error: the edited topology did not check out ({0}). Nothing was written; please report this with the topology.")]
    Internal(String),
    #[error("The runbook for this plan breaks a safety rule, so it is not offered: {0}. Please report this with the topology.")]
    Unsafe(String),
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n")
}
