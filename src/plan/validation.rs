//! The checks a plan passes before anything is downloaded, each a typed finding with the
//! reason and the pools it concerns: a table of every kind and the rule that raises it
//! (`rules.rs`), run in order.

use crate::topology::TopologyFile;

use super::check::{Check, CheckKind, CheckSeverity};
use super::rules::{self, Facts, Raised};
use super::written::Plan;

/// What raises one kind of check, if it applies.
type Rule = fn(&Facts) -> Option<Raised>;

/// Every check: its kind, and what raises it. Within a severity they are listed in this order.
const CHECKS: [(CheckKind, Rule); 23] = [
    (CheckKind::EditVerified, rules::edit_verified),
    (CheckKind::SurvivorInSameSite, rules::survivor_in_same_site),
    (CheckKind::NextHopChanged, rules::next_hop_changed),
    (CheckKind::NextHopMissing, rules::next_hop_missing),
    (CheckKind::FederationNotEnabled, rules::federation_not_enabled),
    (CheckKind::FederationOnSeveralPools, rules::federation_on_several_pools),
    (
        CheckKind::FederationNotOnFailedPool,
        rules::federation_not_on_failed_pool,
    ),
    (CheckKind::ExtraFederationRemoved, rules::extra_federation_removed),
    (CheckKind::OtherFederationPoolsKept, rules::other_federation_pools_kept),
    (CheckKind::SurvivorAlreadyFederated, rules::survivor_already_federated),
    (
        CheckKind::TemporaryFederationCleared,
        rules::temporary_federation_cleared,
    ),
    (CheckKind::TemporaryFederationKept, rules::temporary_federation_kept),
    (CheckKind::XmppNotInProduct, rules::xmpp_not_in_product),
    (CheckKind::XmppMoves, rules::xmpp_moves),
    (CheckKind::XmppOnSurvivorVersion, rules::xmpp_on_survivor_version),
    (CheckKind::XmppNotMoved, rules::xmpp_not_moved),
    (CheckKind::PoolsStillOnFailedEdge, rules::pools_still_on_failed_edge),
    (CheckKind::CentralManagementDown, rules::central_management_is_down),
    (CheckKind::SiteFederationRoutes, rules::site_routes),
    (CheckKind::TemplateNames, rules::template_names),
    (CheckKind::InboundFederationDns, rules::inbound_federation_dns),
    (CheckKind::TopologyBuilderFile, rules::topology_builder_file),
    (CheckKind::SurvivorVersionDiffers, rules::survivor_version_differs),
];

/// The checks the plan raises: errors first, then warnings, then notes.
pub(super) fn checks(file: &TopologyFile, plan: &Plan, after: &TopologyFile) -> Vec<Check> {
    let facts = Facts::new(file, plan, after);
    let raised: Vec<Check> = CHECKS
        .iter()
        .filter_map(|(kind, rule)| {
            rule(&facts).map(|r| Check {
                check: *kind,
                severity: r.severity,
                message: r.message,
                pools: r.pools,
            })
        })
        .collect();
    [CheckSeverity::Error, CheckSeverity::Warning, CheckSeverity::Note]
        .iter()
        .flat_map(|severity| raised.iter().filter(move |c| c.severity == *severity).cloned())
        .collect()
}
