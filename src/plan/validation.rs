//! The checks a plan passes before anything is downloaded, each a typed finding with the
//! reason and the pools it concerns.

use serde::Serialize;

use crate::topology::{Format, PoolKind, ServiceIdx, Topology, TopologyFile};

use super::{Direction, NextHopChange, Plan, Scope};

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
    /// More than one pool carries SIP federation and the plan does not move it, so it cannot
    /// choose which one to keep.
    FederationOnSeveralPools,
    FederationNotEnabled,
    ExtraFederationRemoved,
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

impl Check {
    fn new(check: CheckKind, severity: CheckSeverity, message: impl Into<String>, pools: Vec<String>) -> Check {
        Check {
            check,
            severity,
            message: message.into(),
            pools,
        }
    }
}

/// The next-hop change the survivor needs, if its next hop is in a failed site: to a Registrar
/// in its own site if there is one (Director first), else the nearest healthy one.
pub fn next_hop_change(file: &TopologyFile, scope: &Scope, survivor: usize) -> Option<NextHopChange> {
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
        edge: survivor,
        dependency,
        to_service,
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

pub(super) fn checks(file: &TopologyFile, plan: &Plan, after: &TopologyFile) -> Vec<Check> {
    let t = &file.topology;
    let fqdn = |e: usize| t.pools[t.edge_pools[e].pool].fqdn.clone();
    let survivor = fqdn(plan.survivor);
    let failed: Vec<String> = plan.scope.failed_edges.iter().map(|e| fqdn(*e)).collect();
    let mut out = Vec::new();

    out.extend(verify_edit(file, plan, after));

    if plan.scope.failed_sites.is_empty() {
        let survivor_site = t.pools[t.edge_pools[plan.survivor].pool].site;
        if plan
            .scope
            .failed_edges
            .iter()
            .any(|e| t.pools[t.edge_pools[*e].pool].site == survivor_site)
        {
            out.push(Check::new(
                CheckKind::SurvivorInSameSite,
                CheckSeverity::Warning,
                format!(
                    "{survivor} is in the same site ({}) as the failed pool. Edge disaster recovery expects the surviving pool in another site; whatever took the failed pool down may take this one too.",
                    t.site_name(survivor_site)
                ),
                [vec![survivor.clone()], failed.clone()].concat(),
            ));
        }
    }

    let survivor_edge = &t.edge_pools[plan.survivor];
    match (&plan.next_hop, survivor_edge.next_hop) {
        (Some(change), _) => out.push(Check::new(
            CheckKind::NextHopChanged,
            CheckSeverity::Warning,
            format!(
                "The next hop of {survivor} is {}, in the failed site. The plan points it at {} first{}.",
                change.from_pool.as_deref().unwrap_or("a pool"),
                change.to_pool,
                if change.same_site {
                    " (Topology Builder, Edit Properties, Next hop)"
                } else {
                    " (in another site: Set-CsEdgeServer -Registrar, as the product documentation does)"
                }
            ),
            vec![survivor.clone(), change.to_pool.clone()],
        )),
        (None, None) => out.push(Check::new(
            CheckKind::NextHopMissing,
            CheckSeverity::Warning,
            format!("{survivor} has no next hop. Set its next hop to a healthy Front End pool or Director before federation can work through it."),
            vec![survivor.clone()],
        )),
        (None, Some(hop)) => {
            let pool = t.services[hop].pool;
            if pool.is_some_and(|p| t.pools[p].site.is_some_and(|s| plan.scope.failed_sites.contains(&s))) {
                out.push(Check::new(
                    CheckKind::NextHopMissing,
                    CheckSeverity::Error,
                    format!("The next hop of {survivor} is in the failed site and no healthy Front End pool or Director is left to replace it."),
                    vec![survivor.clone()],
                ));
            }
        }
    }

    let federation_pools: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    if !plan.federation_moves {
        if federation_pools.is_empty() {
            out.push(Check::new(
                CheckKind::FederationNotEnabled,
                CheckSeverity::Warning,
                "No Edge pool has SIP federation enabled, so there is no federation to fail over; the plan only moves what else used the failed pool.",
                Vec::new(),
            ));
        } else if federation_pools.len() > 1 {
            out.push(Check::new(
                CheckKind::FederationOnSeveralPools,
                CheckSeverity::Warning,
                format!(
                    "SIP federation is enabled on {} Edge pools ({}), none of which failed; only one pool per organisation can carry it. The plan does not choose: clear it on all but one in Topology Builder.",
                    federation_pools.len(),
                    federation_pools.join(", ")
                ),
                federation_pools.clone(),
            ));
        } else {
            out.push(Check::new(
                CheckKind::FederationNotOnFailedPool,
                CheckSeverity::Note,
                format!(
                    "SIP federation is on {}, which did not fail, so it stays there.",
                    federation_pools.join(", ")
                ),
                federation_pools.clone(),
            ));
        }
    } else {
        let extra: Vec<String> = plan
            .federation_from
            .iter()
            .filter(|e| !plan.scope.failed_edges.contains(e))
            .map(|e| fqdn(*e))
            .collect();
        if !extra.is_empty() {
            out.push(Check::new(
                CheckKind::ExtraFederationRemoved,
                CheckSeverity::Warning,
                format!(
                    "{} also had SIP federation enabled, which did not fail; the plan clears it there too, so that {survivor} is the only federation pool.",
                    extra.join(", ")
                ),
                extra,
            ));
        }
    }

    let xmpp_failed: Vec<String> = plan
        .scope
        .failed_edges
        .iter()
        .filter(|e| t.edge_pools[**e].has_xmpp_federation())
        .map(|e| fqdn(*e))
        .collect();
    let survivor_product = t.edge_product(survivor_edge);
    if xmpp_failed.is_empty() {
        if !t.product.has_xmpp() {
            out.push(Check::new(
                CheckKind::XmppNotInProduct,
                CheckSeverity::Note,
                format!(
                    "{} has no XMPP federation (it was removed in that version), so the plan has no XMPP steps. XMPP federation through a Lync Server 2013 or Skype for Business Server 2015 Edge kept in coexistence would show as XMPP ports on that Edge pool, and this topology has none.",
                    t.product.name()
                ),
                Vec::new(),
            ));
        }
    } else if plan.xmpp_moves {
        out.push(Check::new(
            CheckKind::XmppMoves,
            CheckSeverity::Note,
            format!("XMPP federation moves from {} to {survivor} as well; it has its own steps (services, route, DNS, firewall).", xmpp_failed.join(", ")),
            [xmpp_failed.clone(), vec![survivor.clone()]].concat(),
        ));
    } else if !survivor_product.has_xmpp() {
        // Leaving XMPP behind silently would hide an outage: say which pool's XMPP stays down
        // and what would carry it.
        out.push(Check::new(
            CheckKind::XmppOnSurvivorVersion,
            CheckSeverity::Warning,
            format!(
                "{} carries XMPP federation, which stays down: {survivor} is a {} Edge pool, which cannot carry XMPP federation. To keep XMPP, fail it over to a Lync Server 2013 or Skype for Business Server 2015 Edge pool, or bring {} back.",
                xmpp_failed.join(", "),
                survivor_product.name(),
                xmpp_failed.join(", ")
            ),
            [xmpp_failed.clone(), vec![survivor.clone()]].concat(),
        ));
    } else {
        out.push(Check::new(
            CheckKind::XmppNotMoved,
            CheckSeverity::Warning,
            format!(
                "{} carries XMPP federation and the plan does not move it: XMPP federation stays down until the pool is back.",
                xmpp_failed.join(", ")
            ),
            xmpp_failed,
        ));
    }

    // The pools the procedure moves, less those the administrator chose to leave.
    let left_behind: Vec<String> =
        super::default_reassociation(file, &plan.scope, plan.request.direction, plan.survivor)
            .into_iter()
            .filter(|p| !plan.reassociated.contains(p))
            .map(|p| t.pools[p].fqdn.clone())
            .collect();
    if !left_behind.is_empty() {
        let message = if plan.request.direction == Direction::Failback {
            format!(
                "{} still use {} for web conferencing and A/V rather than their local Edge pool {survivor}; re-associate them as part of the failback.",
                left_behind.join(", "),
                failed.join(", ")
            )
        } else {
            format!(
                "{} still use the failed Edge pool for web conferencing and A/V; remote and federated users cannot join their meetings or calls until they are re-associated.",
                left_behind.join(", ")
            )
        };
        out.push(Check::new(
            CheckKind::PoolsStillOnFailedEdge,
            CheckSeverity::Warning,
            message,
            left_behind,
        ));
    }

    let cms: Vec<String> = central_management_down(file, &plan.scope);
    if !cms.is_empty() {
        out.push(Check::new(
            CheckKind::CentralManagementDown,
            CheckSeverity::Warning,
            format!(
                "The Central Management Server runs on {}, in the failed site. Topology Builder cannot publish, and Set-CsEdgeServer cannot write, until it is failed over (Invoke-CsManagementServerFailover); the checklist does that first.",
                cms.join(", ")
            ),
            cms,
        ));
    }

    let site_names: Vec<String> = t.sites.iter().map(|s| s.name.clone()).collect();
    out.push(Check::new(
        CheckKind::SiteFederationRoutes,
        CheckSeverity::Warning,
        format!(
            "Site federation routes are not read from the topology (how they are stored is not confirmed). Check the federation route and the XMPP federation route of every site ({}) with Get-CsSite or in Topology Builder, and point any that name {} at {survivor}.",
            site_names.join(", "),
            failed.join(" or ")
        ),
        failed.clone(),
    ));
    // Only when federation moves: otherwise the SRV records have nothing to follow.
    if plan.federation_moves {
        out.push(Check::new(
        CheckKind::InboundFederationDns,
        CheckSeverity::Note,
        format!(
            "Inbound federation does not fail over through DNS SRV priorities: partners look up _sipfederationtls._tcp and go to the one target it names. Re-point the A record behind each domain's target (a host in that domain) at {survivor}'s Access Edge, or use a global DNS load balancer (Geo-DNS/GTM) in front of the Edge pools.",
        ),
        vec![survivor.clone()],
    ));
    }
    if t.format == Format::TopologyBuilder {
        out.push(Check::new(
            CheckKind::TopologyBuilderFile,
            CheckSeverity::Note,
            "This is a Topology Builder file: Publish-CsTopology cannot publish it. Open the modified file in Topology Builder and publish from there, or export the topology with Get-CsTopology -AsXml and plan with that.",
            Vec::new(),
        ));
    }
    let version_of = |e: usize| t.services[t.edge_pools[e].service].version;
    if plan
        .scope
        .failed_edges
        .iter()
        .any(|e| version_of(*e) != version_of(plan.survivor))
    {
        out.push(Check::new(
            CheckKind::SurvivorVersionDiffers,
            CheckSeverity::Note,
            format!("{survivor} runs a different product version from the failed pool (coexistence); check that partners and features you rely on work with it."),
            vec![survivor.clone()],
        ));
    }
    out.sort_by_key(|c| c.severity);
    out
}

/// The pools in a failed site that host the active Central Management Server.
pub fn central_management_down(file: &TopologyFile, scope: &Scope) -> Vec<String> {
    let t = &file.topology;
    crate::topology::pairing::active_central_management(file)
        .into_iter()
        .filter(|p| t.pools[*p].site.is_some_and(|x| scope.failed_sites.contains(&x)))
        .map(|p| t.pools[p].fqdn.clone())
        .collect()
}

/// Reads the edited topology back and checks it says what the plan meant.
fn verify_edit(file: &TopologyFile, plan: &Plan, after: &TopologyFile) -> Vec<Check> {
    let t = &file.topology;
    let a = &after.topology;
    let survivor = t.pools[t.edge_pools[plan.survivor].pool].fqdn.clone();
    let mut problems = Vec::new();
    let federation: Vec<String> = a.federation_pools().map(|e| a.pools[e.pool].fqdn.clone()).collect();
    if plan.federation_moves && federation != [survivor.clone()] {
        problems.push(format!(
            "after the edit SIP federation is on [{}], not only on {survivor}",
            federation.join(", ")
        ));
    }
    if plan.xmpp_moves {
        let xmpp: Vec<String> = a.xmpp_pools().map(|e| a.pools[e.pool].fqdn.clone()).collect();
        if xmpp != [survivor.clone()] {
            problems.push(format!("after the edit XMPP federation is on [{}]", xmpp.join(", ")));
        }
    }
    if let Some(edge) = a.edge_by_fqdn(&survivor) {
        if plan.federation_moves {
            let want = t.edge_pools[plan.survivor].access_fqdn.clone();
            let got = edge
                .sip_federation
                .and_then(|p| a.services[edge.service].ports[p].configured_fqdn.clone());
            if got != want {
                problems.push(format!(
                    "the federation port of {survivor} names {got:?}, not its Access Edge {want:?}"
                ));
            }
        }
        for pool in &plan.reassociated {
            let name = &t.pools[*pool].fqdn;
            let Some(p) = a.pool_by_fqdn(name) else { continue };
            if !edge.associations.iter().any(|x| x.pool == p) {
                problems.push(format!("{name} is not associated with {survivor} after the edit"));
            }
        }
        if let Some(change) = &plan.next_hop {
            let hop = edge
                .next_hop
                .and_then(|s| a.services[s].pool)
                .map(|p| a.pools[p].fqdn.clone());
            if hop.as_deref() != Some(change.to_pool.as_str()) {
                problems.push(format!(
                    "the next hop of {survivor} is {hop:?} after the edit, not {}",
                    change.to_pool
                ));
            }
        }
    } else {
        problems.push(format!("{survivor} is no longer an Edge pool after the edit"));
    }
    if a.findings
        .iter()
        .any(|f| f.severity == crate::topology::Severity::Error)
    {
        problems.push("the edited topology has errors".into());
    }
    if a.pools.len() != t.pools.len() || a.services.len() != t.services.len() {
        problems.push("the edit changed the number of pools or services".into());
    }
    if problems.is_empty() {
        let what = if plan.federation_moves {
            format!("{survivor} is the only Edge pool with SIP federation")
        } else {
            "SIP federation is unchanged".to_owned()
        };
        vec![Check::new(
            CheckKind::EditVerified,
            CheckSeverity::Note,
            format!(
                "The modified topology reads back correctly: {what}, and {} line(s) change.",
                plan.diff.removed.max(plan.diff.added)
            ),
            vec![survivor],
        )]
    } else {
        vec![Check::new(
            CheckKind::EditVerified,
            CheckSeverity::Error,
            problems.join("; "),
            vec![survivor],
        )]
    }
}
