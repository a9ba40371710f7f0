//! What the planner noticed about a topology when it loaded it.

use std::fmt;

use serde::Serialize;

use crate::topology::document::position::Position;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The topology is broken: the planner will not edit it.
    Error,
    /// Something an administrator must look at; planning still works.
    Warning,
    /// Worth knowing.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    NoEdgePool,
    NoFederationPool,
    MultipleFederationPools,
    MultipleXmppPools,
    DanglingReference,
    /// Two clusters or services with the same key, so references to it are ambiguous.
    DuplicateId,
    DuplicateFqdn,
    SharedEdgeFqdn,
    MissingAccessEdgeFqdn,
    MissingNextHop,
    MissingAttribute,
    TemplateVariables,
    UnknownProductVersion,
    MixedProductVersions,
    XmppOnUnsupportedVersion,
    /// A site's federation route holds content the planner does not understand.
    FederationRouteNotUnderstood,
    /// A site's federation route names an Edge pool that does not carry SIP federation.
    FederationRouteToUnfederatedPool,
}

/// One observation, with the place in the file it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    pub message: String,
    /// Where in the file; `None` for observations about the whole file.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The FQDNs of the pools the finding concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<String>,
}

impl Finding {
    pub fn new(
        severity: Severity,
        kind: FindingKind,
        message: impl Into<String>,
        position: Option<Position>,
    ) -> Finding {
        Finding {
            severity,
            kind,
            message: message.into(),
            position,
            pools: Vec::new(),
        }
    }

    pub fn with_pools(mut self, pools: impl IntoIterator<Item = String>) -> Finding {
        self.pools = pools.into_iter().collect();
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.message)?;
        if let Some(p) = self.position {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}
