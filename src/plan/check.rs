//! What a check of a plan says: its kind, how serious it is, and the pools it concerns.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckSeverity {
    /// The plan must not be used as it is.
    Error,
    /// The administrator must act on it.
    Warning,
    /// Worth knowing.
    Note,
}

impl CheckSeverity {
    pub fn label(self) -> &'static str {
        match self {
            CheckSeverity::Error => "error",
            CheckSeverity::Warning => "warning",
            CheckSeverity::Note => "note",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The edited topology reads back with the survivor as the only federation pool and the
    /// re-associations in place.
    EditVerified,
    SurvivorInSameSite,
    NextHopChanged,
    NextHopMissing,
    FederationNotOnFailedPool,
    /// More than one pool carries SIP federation and none of them failed: the plan leaves them
    /// as they are.
    FederationOnSeveralPools,
    FederationNotEnabled,
    /// The administrator chose to clear federation on healthy federated pools too.
    ExtraFederationRemoved,
    /// Healthy federated pools keep their federation, byte for byte.
    OtherFederationPoolsKept,
    /// The survivor carries federation already: its ports do not change.
    SurvivorAlreadyFederated,
    /// On a failback, the pool federation comes back from loses it while other pools keep
    /// theirs: it may have carried federation before the failover too.
    TemporaryFederationCleared,
    /// On a failback, the pool federation comes back from keeps it, as the administrator
    /// chose, and the site routes through it.
    TemporaryFederationKept,
    /// Names in the file hold placeholders: it is a template, not an export.
    TemplateNames,
    XmppMoves,
    XmppNotMoved,
    XmppNotInProduct,
    XmppOnSurvivorVersion,
    PoolsStillOnFailedEdge,
    /// The Central Management Server is in a failed site: nothing can be published until it
    /// is failed over.
    CentralManagementDown,
    SiteFederationRoutes,
    InboundFederationDns,
    TopologyBuilderFile,
    SurvivorVersionDiffers,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub check: CheckKind,
    pub severity: CheckSeverity,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<String>,
}
