//! The one place the report reads a [`Plan`]'s fields: when the plan's shape changes, this
//! file follows and nothing else in the report does.

use serde::Serialize;

use crate::plan::{Check, CheckKind, CheckSeverity, NextHopChange, Plan};
use crate::topology::{EdgeIdx, TopologyFile};

/// What a row says of its plan, by name: small enough to keep for every row, and to compare
/// with the plan made by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanFacts {
    pub failed: Vec<String>,
    pub survivor: String,
    pub federation_moves: bool,
    pub xmpp_moves: bool,
    pub survivor_already_federated: bool,
    /// The survivor carries the XMPP ports already. A row's plan moves XMPP to its survivor
    /// (the default XMPP target), so this is the plan's `xmpp_target_has_ports`.
    pub survivor_already_xmpp: bool,
    /// The pools that lose SIP federation.
    pub federation_cleared: Vec<String>,
    /// The other federated pools, which keep theirs.
    pub federation_kept: Vec<String>,
    /// The pools that lose XMPP federation.
    pub xmpp_cleared: Vec<String>,
    /// Site federation routes re-pointed at the survivor.
    pub routes: Vec<RouteMove>,
    /// The Front End pools re-associated with the survivor for media.
    pub reassociated: Vec<String>,
    pub next_hop: Option<NextHopChange>,
    /// Whether the topology changes at all: a plan that changes nothing has no file.
    pub changes_topology: bool,
    pub checks: Vec<Check>,
    /// Lines of the topology the plan changes, removes and adds, as its diff counts them.
    pub lines: [usize; 3],
}

/// A site's federation route re-pointed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteMove {
    pub site: String,
    pub from: String,
    pub to: String,
}

impl PlanFacts {
    pub fn of(file: &TopologyFile, plan: &Plan) -> PlanFacts {
        let t = &file.topology;
        let fqdn = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
        let fqdns = |v: &[EdgeIdx]| v.iter().map(|e| fqdn(*e)).collect::<Vec<_>>();
        let c = plan.written.diff.counts();
        PlanFacts {
            failed: fqdns(&plan.scope.failed_edges),
            survivor: fqdn(plan.survivor),
            changes_topology: plan.changes_topology(),
            federation_moves: plan.federation_moves,
            xmpp_moves: plan.xmpp_moves,
            survivor_already_federated: plan.survivor_already_federated,
            survivor_already_xmpp: plan.xmpp_target_has_ports && !plan.xmpp_apart(),
            federation_cleared: fqdns(&plan.federation_from),
            federation_kept: fqdns(&plan.federation_kept),
            xmpp_cleared: fqdns(&plan.xmpp_from),
            routes: plan
                .routes
                .iter()
                .map(|r| RouteMove {
                    site: t.sites[r.site].name.clone(),
                    from: fqdn(r.from_edge),
                    to: fqdn(r.to_edge),
                })
                .collect(),
            reassociated: plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect(),
            next_hop: plan.next_hop.clone(),
            checks: plan.checks.clone(),
            lines: [c.changed, c.removed, c.added],
        }
    }

    /// The checks that stop the plan from being used as it is.
    pub fn errors(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.severity == CheckSeverity::Error)
    }

    /// The checks the administrator must act on.
    pub fn warnings(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.severity == CheckSeverity::Warning)
    }

    pub fn raises(&self, kind: CheckKind) -> bool {
        self.checks.iter().any(|c| c.check == kind)
    }
}

/// The modified topology a plan writes, in the input's encoding.
pub fn topology_bytes(plan: &Plan) -> &[u8] {
    &plan.written.topology_bytes
}
