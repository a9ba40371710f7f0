//! What the user decided about the failover: one set of decisions for the page, plan files
//! and share links alike, and what follows from it on the loaded topology.

use std::collections::BTreeSet;

use super::loaded::Loaded;
use crate::plan::{self, Candidate, Direction, FailoverRequest, Failure, PlanError, Scope};

/// What the user decided. Names, not indices, so a saved plan can be checked against any
/// topology.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decisions {
    pub failure: Option<Failure>,
    pub survivor: Option<String>,
    pub move_xmpp: bool,
    /// The pools to re-associate, by FQDN; `None` follows the procedure's default set. The
    /// page keeps it sorted; a plan file's list is kept in its order until it is restored.
    pub reassociate: Option<Vec<String>>,
    pub direction: Direction,
    /// Also clear federation on the federated pools that did not fail (off by default).
    pub clear_other_federation: bool,
    /// On failback, keep federation on the pool it comes back from (off by default).
    pub keep_temporary_federation: bool,
    /// Route B, chosen explicitly: publish the modified file rather than follow the Topology
    /// Builder steps (off by default: route A is the product procedure).
    pub publish_file: bool,
    /// The Edge pool XMPP federation moves to, where the user chose another than the survivor
    /// (one that already carries the XMPP ports); `None`: the survivor.
    pub xmpp_to: Option<String>,
    /// A drill, not a real incident: what others read of the plan says DRILL on every line.
    pub drill: bool,
}

impl Decisions {
    pub fn new() -> Decisions {
        Decisions {
            move_xmpp: true,
            ..Decisions::default()
        }
    }

    /// Marks what failed; the other decisions start again. A survivor that is still
    /// eligible is kept; else the only eligible one is taken, if there is exactly one. Never
    /// a guess between several.
    pub fn fail(&mut self, loaded: &Loaded, failure: Failure, direction: Direction) {
        let previous = self.survivor.take();
        // A drill stays one whatever is marked failed in it.
        let drill = self.drill;
        *self = Decisions {
            failure: Some(failure),
            direction,
            drill,
            ..Decisions::new()
        };
        let eligible: Vec<String> = self
            .candidates(loaded)
            .into_iter()
            .filter(|c| c.eligible)
            .map(|c| c.fqdn)
            .collect();
        self.survivor = match previous {
            Some(p) if eligible.contains(&p) => Some(p),
            _ if eligible.len() == 1 => eligible.into_iter().next(),
            _ => None,
        };
    }

    /// The way back: federation leaves `temporary`, which carried it meanwhile, for
    /// `restored`, the original pool now back.
    pub fn fail_back(&mut self, loaded: &Loaded, temporary: String, restored: String) {
        self.fail(loaded, Failure::Pool(temporary), Direction::Failback);
        self.survivor = Some(restored);
    }

    /// Another survivor has its own default re-association. An XMPP target chosen apart stays
    /// chosen, unless it is the new survivor.
    pub fn choose_survivor(&mut self, pool: String) {
        if self.survivor.as_deref() != Some(pool.as_str()) {
            if self.xmpp_to.as_deref() == Some(pool.as_str()) {
                self.xmpp_to = None;
            }
            self.survivor = Some(pool);
            self.reassociate = None;
        }
    }

    /// XMPP federation goes to `pool`; the survivor (or no name) is the default.
    pub fn choose_xmpp_target(&mut self, pool: String) {
        self.xmpp_to = (!pool.is_empty() && self.survivor.as_deref() != Some(pool.as_str())).then_some(pool);
    }

    /// The Edge pools XMPP federation can move to, the survivor first, once a failover's
    /// failure and survivor are chosen and a failed pool carries XMPP federation.
    pub fn xmpp_targets(&self, loaded: &Loaded) -> Vec<String> {
        let t = &loaded.file.topology;
        let survivor = self.survivor.as_deref().and_then(|s| t.pool_by_fqdn(s));
        match (self.scope(loaded), survivor) {
            (Some(Ok(scope)), Some(pool)) if self.direction == Direction::Failover && self.xmpp_fails(loaded) => {
                match t.edges().find(|e| t.edge_pools[*e].pool == pool) {
                    Some(edge) => plan::xmpp_targets(&loaded.file, &scope, edge)
                        .into_iter()
                        .map(|e| t.pools[t.edge_pools[e].pool].fqdn.clone())
                        .collect(),
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// The Edge pools that cannot take XMPP federation with the chosen survivor, each with the
    /// reason, as the survivors not eligible are listed with theirs; empty where XMPP does not
    /// move on a failover.
    pub fn xmpp_rejected(&self, loaded: &Loaded) -> Vec<(String, String)> {
        let t = &loaded.file.topology;
        let survivor = self.survivor.as_deref().and_then(|s| t.pool_by_fqdn(s));
        let survivor = survivor.and_then(|pool| t.edges().find(|e| t.edge_pools[*e].pool == pool));
        match (self.scope(loaded), survivor) {
            (Some(Ok(scope)), Some(survivor)) if self.direction == Direction::Failover && self.xmpp_fails(loaded) => t
                .edges()
                .filter_map(|e| {
                    plan::xmpp_target_blocker(&loaded.file, &scope, survivor, e)
                        .map(|why| (t.pools[t.edge_pools[e].pool].fqdn.clone(), why.reason()))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Re-associates `pool` or not, starting from the default set.
    pub fn set_reassociate(&mut self, loaded: &Loaded, pool: String, on: bool) {
        let mut set = self.reassociated(loaded);
        if on {
            set.insert(pool);
        } else {
            set.remove(&pool);
        }
        self.reassociate = Some(set.into_iter().collect());
    }

    /// Whether this failure is what the user marked (for the way back, no pool is).
    pub fn is_marked(&self, failure: &Failure) -> bool {
        self.direction == Direction::Failover && self.failure.as_ref() == Some(failure)
    }

    pub fn scope(&self, loaded: &Loaded) -> Option<Result<Scope, PlanError>> {
        self.failure.as_ref().map(|f| plan::scope(&loaded.file, f))
    }

    pub fn candidates(&self, loaded: &Loaded) -> Vec<Candidate> {
        match self.scope(loaded) {
            Some(Ok(scope)) => plan::candidates(&loaded.file, &scope),
            _ => Vec::new(),
        }
    }

    /// The Edge pools that failed, by FQDN, once the failure is marked: a pool, or every one
    /// in a failed site.
    pub fn failed_pools(&self, loaded: &Loaded) -> Vec<String> {
        match self.scope(loaded) {
            Some(Ok(scope)) => failed_pools(loaded, &scope),
            _ => Vec::new(),
        }
    }

    /// The request to plan: `None` until failure and survivor are chosen.
    pub fn request(&self) -> Option<FailoverRequest> {
        Some(FailoverRequest {
            failure: self.failure.clone()?,
            survivor: self.survivor.clone()?,
            move_xmpp: Some(self.move_xmpp),
            move_sip: None,
            reassociate: self.reassociate.clone(),
            direction: self.direction,
            clear_other_federation: self.clear_other_federation,
            keep_temporary_federation: self.keep_temporary_federation,
            keep_temporary_xmpp: None,
            give_back: Vec::new(),
            routes_back: Vec::new(),
            associations_back: Vec::new(),
            route: if self.publish_file {
                crate::plan::Route::PublishFile
            } else {
                crate::plan::Route::TopologyBuilder
            },
            // The XMPP target means something only where XMPP moves on a failover.
            xmpp_to: self
                .xmpp_to
                .clone()
                .filter(|_| self.move_xmpp && self.direction == Direction::Failover),
            xmpp_back_from: None,
        })
    }

    /// The pools the plan re-associates when the user has not changed the selection.
    pub fn default_reassociation(&self, loaded: &Loaded) -> BTreeSet<String> {
        let t = &loaded.file.topology;
        let Some(Ok(scope)) = self.scope(loaded) else {
            return BTreeSet::new();
        };
        let Some(survivor) = self.survivor.as_ref().and_then(|s| t.pool_by_fqdn(s)) else {
            return BTreeSet::new();
        };
        let Some(edge) = t.edges().find(|e| t.edge_pools[*e].pool == survivor) else {
            return BTreeSet::new();
        };
        names(
            plan::default_reassociation(&loaded.file, &scope, self.direction, edge)
                .into_iter()
                .map(|p| t.pools[p].fqdn.clone()),
        )
    }

    /// Every pool that used a failed Edge pool for media: the choices for re-association.
    pub fn reassociation_choices(&self, loaded: &Loaded) -> Vec<String> {
        let t = &loaded.file.topology;
        let Some(Ok(scope)) = self.scope(loaded) else {
            return Vec::new();
        };
        let mut pools: Vec<String> = scope
            .failed_edges
            .iter()
            .flat_map(|e| {
                t.edge_pools[*e]
                    .associations
                    .iter()
                    .map(|a| t.pools[a.pool].fqdn.clone())
            })
            .collect();
        crate::order::sort(&mut pools);
        pools.dedup();
        pools
    }

    /// On a failback, the pools federation comes back from that carry SIP or XMPP federation:
    /// the administrator may keep it there, if they carried it before the failover.
    pub fn temporary_federated(&self, loaded: &Loaded) -> Vec<String> {
        let t = &loaded.file.topology;
        match self.scope(loaded) {
            Some(Ok(scope)) if self.direction == Direction::Failback => scope
                .failed_edges
                .iter()
                .map(|e| &t.edge_pools[*e])
                .filter(|e| e.has_federation())
                .map(|e| t.pools[e.pool].fqdn.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The healthy pools that carry SIP federation besides the failed ones and the survivor:
    /// they keep it unless the administrator asks (DOMAIN.md rule 12). None when no failed
    /// pool carries SIP federation.
    pub fn other_federated(&self, loaded: &Loaded) -> Vec<String> {
        let t = &loaded.file.topology;
        match self.scope(loaded) {
            Some(Ok(scope)) if scope.failed_edges.iter().any(|e| t.edge_pools[*e].has_sip_federation()) => t
                .edges()
                .zip(&t.edge_pools)
                .filter(|(i, e)| e.has_sip_federation() && !scope.failed_edges.contains(i))
                .map(|(_, e)| t.pools[e.pool].fqdn.clone())
                .filter(|f| Some(f.as_str()) != self.survivor.as_deref())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether a failed pool carries XMPP federation.
    pub fn xmpp_fails(&self, loaded: &Loaded) -> bool {
        let t = &loaded.file.topology;
        match self.scope(loaded) {
            Some(Ok(scope)) => scope
                .failed_edges
                .iter()
                .any(|e| t.edge_pools[*e].has_xmpp_federation()),
            _ => false,
        }
    }

    pub fn reassociated(&self, loaded: &Loaded) -> BTreeSet<String> {
        match &self.reassociate {
            Some(pools) => names(pools.iter().cloned()),
            None => self.default_reassociation(loaded),
        }
    }

    /// The decisions as they apply to `loaded`: names it does not have are dropped, and the
    /// re-associated pools are put in the page's order.
    pub fn for_topology(&self, loaded: &Loaded) -> Decisions {
        let t = &loaded.file.topology;
        let mut d = self.clone();
        if d.survivor.as_deref().is_some_and(|s| t.edge_by_fqdn(s).is_none()) {
            d.survivor = None;
        }
        if d.xmpp_to.as_deref().is_some_and(|s| t.edge_by_fqdn(s).is_none()) {
            d.xmpp_to = None;
        }
        if let Some(pools) = d.reassociate.as_mut() {
            pools.retain(|p| t.pool_by_fqdn(p).is_some());
            crate::order::sort(pools);
            pools.dedup();
        }
        d
    }
}

/// The FQDNs of a scope's failed Edge pools.
pub fn failed_pools(loaded: &Loaded, scope: &Scope) -> Vec<String> {
    let t = &loaded.file.topology;
    scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect()
}

/// A set of names inserted one by one: collecting into a set sorts its input first, with a
/// copy of the standard library's sort of its own in the page (see `crate::order`).
fn names(items: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for name in items {
        set.insert(name);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::outcome;
    use crate::session::testing::sample_failover;

    #[test]
    fn marking_a_pool_failed_picks_the_only_survivor() {
        let (loaded, d) = sample_failover();
        assert_eq!(d.survivor.as_deref(), Some("edgepool-boston.fabrikam.com"));
        let out = outcome(&loaded, &d).unwrap().unwrap();
        assert!(out.plan.federation_moves && out.plan.xmpp_moves);
        assert_eq!(
            out.topology_file_name,
            "fabrikam-sample-topology.failover-to-edgepool-boston.xml"
        );
        assert_eq!(
            out.checklist_file_name,
            "fabrikam-sample-topology.failover-to-edgepool-boston.checklist.md"
        );
        assert_eq!(
            out.checklist_html_file_name(),
            "fabrikam-sample-topology.failover-to-edgepool-boston.checklist.html"
        );
    }

    #[test]
    fn reassociation_toggles_start_from_the_default() {
        let (loaded, mut d) = sample_failover();
        let default = d.default_reassociation(&loaded);
        assert!(default.contains("pool-amsterdam.fabrikam.com"));
        d.set_reassociate(&loaded, "pool-amsterdam.fabrikam.com".into(), false);
        assert!(d.reassociated(&loaded).is_empty());
        let out = outcome(&loaded, &d).unwrap().unwrap();
        assert!(out.plan.reassociated.is_empty());
        // Kept sorted, once each, whatever order they are ticked in.
        for pool in [
            "pool-z.fabrikam.com",
            "pool-amsterdam.fabrikam.com",
            "pool-z.fabrikam.com",
        ] {
            d.set_reassociate(&loaded, pool.into(), true);
        }
        assert_eq!(
            d.reassociate.as_deref(),
            Some(
                &[
                    "pool-amsterdam.fabrikam.com".to_owned(),
                    "pool-z.fabrikam.com".to_owned()
                ][..]
            )
        );
    }

    #[test]
    fn a_failed_site_has_no_survivor_in_it() {
        let loaded = Loaded::sample();
        let mut d = Decisions::new();
        d.fail(&loaded, Failure::Site("Amsterdam".into()), Direction::Failover);
        let c = d.candidates(&loaded);
        assert!(c
            .iter()
            .any(|c| c.fqdn == "edgepool-amsterdam.fabrikam.com" && !c.eligible));
        assert_eq!(d.survivor.as_deref(), Some("edgepool-boston.fabrikam.com"));
    }

    #[test]
    fn saved_decisions_apply_to_a_topology_as_far_as_it_has_their_names() {
        let (loaded, mut d) = sample_failover();
        d.survivor = Some("edge-elsewhere.contoso.com".into());
        d.reassociate = Some(vec![
            "pool-boston.fabrikam.com".into(),
            "pool-gone.contoso.com".into(),
            "pool-amsterdam.fabrikam.com".into(),
            "pool-boston.fabrikam.com".into(),
        ]);
        let applied = d.for_topology(&loaded);
        assert_eq!(applied.survivor, None);
        assert_eq!(
            applied.reassociate,
            Some(vec![
                "pool-amsterdam.fabrikam.com".to_owned(),
                "pool-boston.fabrikam.com".to_owned()
            ])
        );
        assert_eq!(applied.failure, d.failure);
    }
}
