//! What raises each check of a plan, one function per [`CheckKind`](super::CheckKind), and
//! what they all read, worked out once ([`Facts`]). The rules about which pools carry SIP
//! federation after the plan are in `rules/federation.rs`.

use crate::topology::{EdgeIdx, EdgePool, FederationRoute, FindingKind, Format, PoolIdx, Topology, TopologyFile};

use super::check::CheckSeverity;
use super::moves::Scope;
use super::reassociation::default_reassociation;
use super::request::Direction;
use super::written::Plan;

mod federation;
pub(super) use federation::*;

/// What the checks read, worked out once.
pub(super) struct Facts<'a> {
    file: &'a TopologyFile,
    t: &'a Topology,
    plan: &'a Plan,
    /// The edited topology, read back.
    after: &'a TopologyFile,
    survivor: String,
    /// The pool XMPP federation moves to: the survivor unless another was chosen.
    xmpp_to: String,
    failed: Vec<String>,
    /// The pools that carry SIP federation before the plan.
    federation_pools: Vec<String>,
    /// The pools that carry XMPP federation and lose it to the failure ([`super::Moves::xmpp_failed`]).
    xmpp_failed: Vec<String>,
}

impl<'a> Facts<'a> {
    pub(super) fn new(file: &'a TopologyFile, plan: &'a Plan, after: &'a TopologyFile) -> Facts<'a> {
        let t = &file.topology;
        let fqdn = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
        Facts {
            file,
            t,
            plan,
            after,
            survivor: fqdn(plan.survivor),
            xmpp_to: fqdn(plan.xmpp_to),
            failed: plan.scope.failed_edges.iter().map(|e| fqdn(*e)).collect(),
            federation_pools: t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect(),
            xmpp_failed: plan.xmpp_failed.iter().map(|e| fqdn(*e)).collect(),
        }
    }

    fn fqdn(&self, edge: EdgeIdx) -> String {
        self.t.pools[self.t.edge_pools[edge].pool].fqdn.clone()
    }

    fn survivor_edge(&self) -> &EdgePool {
        &self.t.edge_pools[self.plan.survivor]
    }

    fn xmpp_edge(&self) -> &EdgePool {
        &self.t.edge_pools[self.plan.xmpp_to]
    }
}

/// A check that applies: how serious it is, what it says and the pools it names.
pub(super) struct Raised {
    pub(super) severity: CheckSeverity,
    pub(super) message: String,
    pub(super) pools: Vec<String>,
}

pub(super) fn raise(severity: CheckSeverity, message: impl Into<String>, pools: Vec<String>) -> Option<Raised> {
    Some(Raised {
        severity,
        message: message.into(),
        pools,
    })
}

pub(super) fn survivor_in_same_site(f: &Facts) -> Option<Raised> {
    let t = f.t;
    let survivor_site = t.pools[f.survivor_edge().pool].site;
    let same_site = f
        .plan
        .scope
        .failed_edges
        .iter()
        .any(|e| t.pools[t.edge_pools[*e].pool].site == survivor_site);
    if !f.plan.scope.failed_sites.is_empty() || !same_site {
        return None;
    }
    raise(
        CheckSeverity::Warning,
        format!(
            "{} is in the same site ({}) as the failed pool. Edge disaster recovery expects the surviving pool in another site; whatever took the failed pool down may take this one too.",
            f.survivor,
            t.site_name(survivor_site)
        ),
        [vec![f.survivor.clone()], f.failed.clone()].concat(),
    )
}

pub(super) fn next_hop_changed(f: &Facts) -> Option<Raised> {
    let change = f.plan.next_hop.as_ref()?;
    raise(
        CheckSeverity::Warning,
        format!(
            "The next hop of {} is {}, in the failed site. The plan points it at {} first{}.",
            f.survivor,
            change.from_pool.as_deref().unwrap_or("a pool"),
            change.to_pool,
            if change.same_site {
                " (Topology Builder, Edit Properties, Next hop)"
            } else {
                " (in another site: Set-CsEdgeServer -Registrar, as the product documentation does)"
            }
        ),
        vec![f.survivor.clone(), change.to_pool.clone()],
    )
}

pub(super) fn next_hop_missing(f: &Facts) -> Option<Raised> {
    if f.plan.next_hop.is_some() {
        return None;
    }
    let t = f.t;
    let Some(hop) = f.survivor_edge().next_hop else {
        return raise(
            CheckSeverity::Warning,
            format!("{} has no next hop. Set its next hop to a healthy Front End pool or Director before federation can work through it.", f.survivor),
            vec![f.survivor.clone()],
        );
    };
    let failed = |p: PoolIdx| t.pools[p].site.is_some_and(|s| f.plan.scope.failed_sites.contains(&s));
    if !t.services[hop].pool.is_some_and(failed) {
        return None;
    }
    raise(
        CheckSeverity::Error,
        format!(
            "The next hop of {} is in the failed site and no healthy Front End pool or Director is left to replace it.",
            f.survivor
        ),
        vec![f.survivor.clone()],
    )
}

pub(super) fn xmpp_not_in_product(f: &Facts) -> Option<Raised> {
    if !f.xmpp_failed.is_empty() || f.t.product.has_xmpp() {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!(
            "{} has no XMPP federation (it was removed in that version), so the plan has no XMPP steps. XMPP federation through a Lync Server 2013 or Skype for Business Server 2015 Edge kept in coexistence would show as XMPP ports on that Edge pool, and this topology has none.",
            f.t.product.name()
        ),
        Vec::new(),
    )
}

pub(super) fn xmpp_moves(f: &Facts) -> Option<Raised> {
    if f.xmpp_failed.is_empty() || !f.plan.xmpp_moves {
        return None;
    }
    let mut message = if f.plan.request.keeps_temporary_xmpp() {
        format!(
            "XMPP federation comes back to {} as well, and {} keeps its own XMPP ports; it has its own steps (services, route, DNS, firewall).",
            f.xmpp_to,
            f.xmpp_failed.join(", ")
        )
    } else {
        format!(
            "XMPP federation moves from {} to {} as well; it has its own steps (services, route, DNS, firewall).",
            f.xmpp_failed.join(", "),
            f.xmpp_to
        )
    };
    if f.plan.xmpp_apart() {
        message.push_str(&format!(
            " It goes to {} as chosen, not to {}, which takes SIP federation: {} already carries the XMPP ports, so its topology does not change, and it needs no Deployment Wizard run and no full stop.",
            f.xmpp_to, f.survivor, f.xmpp_to
        ));
    }
    raise(
        CheckSeverity::Note,
        message,
        [f.xmpp_failed.clone(), vec![f.xmpp_to.clone()]].concat(),
    )
}

pub(super) fn xmpp_on_survivor_version(f: &Facts) -> Option<Raised> {
    let product = f.t.edge_product(f.xmpp_edge());
    if f.xmpp_failed.is_empty() || f.plan.xmpp_moves || product.has_xmpp() {
        return None;
    }
    // Leaving XMPP behind silently would hide an outage: say which pool's XMPP stays down
    // and what would carry it.
    let others: Vec<String> = super::eligibility::xmpp_targets(f.file, &f.plan.scope, f.plan.survivor)
        .into_iter()
        .map(|e| f.fqdn(e))
        .collect();
    let choose = if others.is_empty() {
        String::new()
    } else {
        format!(
            "move XMPP federation alone to a pool that already carries it ({}), ",
            others.join(", ")
        )
    };
    raise(
        CheckSeverity::Warning,
        format!(
            "{} carries XMPP federation, which stays down: {} is a {} Edge pool, which cannot carry XMPP federation. To keep XMPP, {choose}fail it over to a Lync Server 2013 or Skype for Business Server 2015 Edge pool, or bring {} back.",
            f.xmpp_failed.join(", "),
            f.xmpp_to,
            product.name(),
            f.xmpp_failed.join(", ")
        ),
        [f.xmpp_failed.clone(), vec![f.xmpp_to.clone()]].concat(),
    )
}

pub(super) fn xmpp_not_moved(f: &Facts) -> Option<Raised> {
    if f.xmpp_failed.is_empty() || f.plan.xmpp_moves || !f.t.edge_product(f.xmpp_edge()).has_xmpp() {
        return None;
    }
    raise(
        CheckSeverity::Warning,
        format!(
            "{} carries XMPP federation and the plan does not move it: XMPP federation stays down until the pool is back.",
            f.xmpp_failed.join(", ")
        ),
        f.xmpp_failed.clone(),
    )
}

pub(super) fn pools_still_on_failed_edge(f: &Facts) -> Option<Raised> {
    let plan = f.plan;
    // The pools the procedure moves, less those the administrator chose to leave.
    let left_behind: Vec<String> = default_reassociation(f.file, &plan.scope, plan.request.direction, plan.survivor)
        .into_iter()
        .filter(|p| !plan.reassociated.contains(p))
        .map(|p| f.t.pools[p].fqdn.clone())
        .collect();
    if left_behind.is_empty() {
        return None;
    }
    let message = if plan.request.direction == Direction::Failback {
        format!(
            "{} still use {} for web conferencing and A/V rather than their local Edge pool {}; re-associate them as part of the failback.",
            left_behind.join(", "),
            f.failed.join(", "),
            f.survivor
        )
    } else {
        format!(
            "{} still use the failed Edge pool for web conferencing and A/V; remote and federated users cannot join their meetings or calls until they are re-associated.",
            left_behind.join(", ")
        )
    };
    raise(CheckSeverity::Warning, message, left_behind)
}

pub(super) fn central_management_is_down(f: &Facts) -> Option<Raised> {
    let cms = central_management_down(f.file, &f.plan.scope);
    if cms.is_empty() {
        return None;
    }
    let t = &f.file.topology;
    // Invoke-CsManagementServerFailover fails over only to the database defined in Topology
    // Builder: with no backup pool in the file, there is no documented failover to name.
    let paired = cms.iter().filter_map(|c| t.pool_by_fqdn(c)).any(|p| {
        crate::topology::pairing::central_management_target(f.file, p, &f.plan.scope.failed_sites)
            .backup_pool
            .is_some()
    });
    let how = if paired {
        "it is failed over to its backup pool (Invoke-CsManagementServerFailover); the runbook does that first"
    } else {
        "it is back: the topology pairs its pool with no backup pool, so Invoke-CsManagementServerFailover cannot move it; restore the site, or rebuild the store on a surviving Back End with the DBA (the runbook's hand-off)"
    };
    raise(
        CheckSeverity::Warning,
        format!(
            "The Central Management Server runs on {}, in the failed site. Topology Builder cannot publish, and Set-CsEdgeServer cannot write, until {how}.",
            cms.join(", ")
        ),
        cms,
    )
}

pub(super) fn template_names(f: &Facts) -> Option<Raised> {
    let finding = f.t.findings.iter().find(|x| x.kind == FindingKind::TemplateVariables)?;
    raise(CheckSeverity::Warning, finding.message.clone(), Vec::new())
}

/// Only when federation moves: otherwise the SRV records have nothing to follow.
pub(super) fn inbound_federation_dns(f: &Facts) -> Option<Raised> {
    if !f.plan.federation_moves {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!(
            "Inbound federation does not fail over through DNS SRV priorities: partners look up _sipfederationtls._tcp and go to the one target it names. Re-point the A record behind each domain's target (a host in that domain) at {}'s Access Edge, or use a global DNS load balancer (Geo-DNS/GTM) in front of the Edge pools.",
            f.survivor
        ),
        vec![f.survivor.clone()],
    )
}

pub(super) fn topology_builder_file(f: &Facts) -> Option<Raised> {
    if f.t.format != Format::TopologyBuilder {
        return None;
    }
    raise(
        CheckSeverity::Note,
        "This is a Topology Builder file: Publish-CsTopology cannot publish it. Open the modified file in Topology Builder and publish from there, or export the topology with Get-CsTopology -AsXml and plan with that.",
        Vec::new(),
    )
}

pub(super) fn survivor_version_differs(f: &Facts) -> Option<Raised> {
    let t = f.t;
    let version_of = |e: EdgeIdx| t.services[t.edge_pools[e].service].version;
    let survivor = version_of(f.plan.survivor);
    if !f.plan.scope.failed_edges.iter().any(|e| version_of(*e) != survivor) {
        return None;
    }
    raise(
        CheckSeverity::Note,
        format!("{} runs a different product version from the failed pool (coexistence); check that partners and features you rely on work with it.", f.survivor),
        vec![f.survivor.clone()],
    )
}

/// What the file says of the site federation routes, and what the plan does with them.
pub(super) fn site_routes(f: &Facts) -> Option<Raised> {
    let (t, plan, survivor) = (f.t, f.plan, &f.survivor);
    let repointed: Vec<String> = plan
        .routes
        .iter()
        .map(|r| format!("{} (from {})", t.sites[r.site].name, f.fqdn(r.from_edge)))
        .collect();
    let not_understood: Vec<String> = t
        .sites
        .iter()
        .filter(|s| matches!(s.federation_route, FederationRoute::NotUnderstood { .. }))
        .map(|s| s.name.clone())
        .collect();
    // Routes through a failed pool the plan does not re-point (federation does not move). A
    // failback that keeps federation on the pool keeps its routes on purpose: its own check
    // says so.
    let left: Vec<String> = if plan.request.keeps_temporary_federation() {
        Vec::new()
    } else {
        t.sites
            .iter()
            .enumerate()
            .filter(|(i, _)| t.route_edge(*i).is_some_and(|e| plan.scope.failed_edges.contains(&e)))
            .filter(|(i, _)| !plan.routes.iter().any(|r| r.site == *i))
            .map(|(_, s)| s.name.clone())
            .collect()
    };
    let mut parts = Vec::new();
    if !repointed.is_empty() {
        parts.push(format!(
            "The plan re-points the federation route of {} to {survivor} (how a set route is written in the file is inferred).",
            repointed.join(", ")
        ));
    }
    if !left.is_empty() {
        parts.push(format!(
            "The federation route of {} names the failed pool and the plan does not move federation: federation from there stays down until the pool is back.",
            left.join(", ")
        ));
    }
    if !not_understood.is_empty() {
        parts.push(format!(
            "The federation route of {} holds something the planner does not understand; it is kept as it is: check it with Get-CsSite.",
            not_understood.join(", ")
        ));
    }
    if parts.is_empty() {
        let any_set = (0..t.sites.len()).any(|s| t.route_edge(s).is_some());
        return raise(
            CheckSeverity::Note,
            if any_set {
                "No site federation route names the failed pool (read from the file)."
            } else {
                "No site federation route is set in this topology (read from the file)."
            },
            Vec::new(),
        );
    }
    let severity = if left.is_empty() && not_understood.is_empty() {
        CheckSeverity::Note
    } else {
        CheckSeverity::Warning
    };
    raise(severity, parts.join(" "), Vec::new())
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

/// The edited topology, read back, says what the plan meant.
pub(super) fn edit_verified(f: &Facts) -> Option<Raised> {
    let (t, plan, survivor) = (f.t, f.plan, &f.survivor);
    let a = &f.after.topology;
    let mut problems = Vec::new();
    // After the edit: the survivor and the pools kept carry federation, nothing else does; the
    // same for XMPP when it moves, with its own target.
    let names_of = |edges: &mut dyn Iterator<Item = &crate::topology::EdgePool>, top: &Topology| -> Vec<String> {
        let mut v: Vec<String> = edges.map(|e| top.pools[e.pool].fqdn.to_ascii_lowercase()).collect();
        crate::order::sort(&mut v);
        v
    };
    let expected_after = |has: fn(&crate::topology::EdgePool) -> bool,
                          to: EdgeIdx,
                          from: &[EdgeIdx],
                          given: &[EdgeIdx]|
     -> Vec<String> {
        let mut v: Vec<String> = t
            .edges()
            .filter(|e| *e == to || given.contains(e) || (has(&t.edge_pools[*e]) && !from.contains(e)))
            .map(|e| t.pools[t.edge_pools[e].pool].fqdn.to_ascii_lowercase())
            .collect();
        crate::order::sort(&mut v);
        v
    };
    if plan.federation_moves {
        let got = names_of(&mut a.federation_pools(), a);
        let want = expected_after(
            crate::topology::EdgePool::has_sip_federation,
            plan.survivor,
            &plan.federation_from,
            &plan.federation_restored,
        );
        if got != want {
            problems.push(format!(
                "after the edit SIP federation is on [{}], not on [{}]",
                got.join(", "),
                want.join(", ")
            ));
        }
    }
    if plan.xmpp_moves {
        let got = names_of(&mut a.xmpp_pools(), a);
        let want = expected_after(
            crate::topology::EdgePool::has_xmpp_federation,
            plan.xmpp_to,
            &plan.xmpp_from,
            &plan.xmpp_restored,
        );
        if got != want {
            problems.push(format!(
                "after the edit XMPP federation is on [{}], not on [{}]",
                got.join(", "),
                want.join(", ")
            ));
        }
    }
    for r in &plan.routes {
        let site = &t.sites[r.site].name;
        let to = &t.pools[t.edge_pools[r.to_edge].pool].fqdn;
        let now = a
            .site_by_name_or_id(&t.sites[r.site].id)
            .and_then(|s| a.route_edge(s))
            .map(|e| a.pools[a.edge_pools[e].pool].fqdn.clone());
        if !now.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(to)) {
            problems.push(format!(
                "the federation route of site {site} names {now:?} after the edit, not {to}"
            ));
        }
    }
    if let Some(edge) = a.edge_by_fqdn(survivor) {
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
            let to = plan.association_target_fqdn(f.file, *pool);
            let Some(target) = a.edge_by_fqdn(to) else { continue };
            if !target.associations.iter().any(|x| x.pool == p) {
                problems.push(format!("{name} is not associated with {to} after the edit"));
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
        let what = if plan.federation_moves && plan.federation_kept.is_empty() {
            format!("{survivor} is the only Edge pool with SIP federation")
        } else if plan.federation_moves && plan.request.keeps_temporary_federation() {
            format!("{survivor} carries SIP federation again, and the pools that kept theirs still do")
        } else if plan.federation_moves {
            format!("{survivor} carries SIP federation and the failed pool does not")
        } else {
            "SIP federation is unchanged".to_owned()
        };
        // Counted as the page's diff summary counts them.
        let c = plan.written.diff.counts();
        raise(
            CheckSeverity::Note,
            format!(
                "The modified topology reads back correctly: {what}; {} line(s) changed, {} removed, {} added.",
                c.changed, c.removed, c.added
            ),
            vec![survivor.clone()],
        )
    } else {
        raise(CheckSeverity::Error, problems.join("; "), vec![survivor.clone()])
    }
}
