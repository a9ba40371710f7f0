//! The runbook's safety rules: each caught on a runbook broken by hand the way the review
//! found them broken, and none broken on any runbook the planner makes, for every fixture and
//! every scenario on the generator's random topologies (pool and site failover, XMPP now or
//! later, XMPP to another healthy pool that already carries it, clearing the other federated
//! pools, route A and B, the failback inside a failover and one planned on its own, several
//! federated pools, the Central Management Server in the failed site, no backup pool,
//! published and Topology Builder input).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use edge_failover_planner::checklist::safety::{self, Rule};
use edge_failover_planner::checklist::step::{Access, Change, DnsAction, Kind, Role, Undo};
use edge_failover_planner::checklist::{self, Checklist, Phase};
use edge_failover_planner::plan::{self, FailoverRequest, Failure, Plan};
use edge_failover_planner::topology::TopologyFile;
use proptest::prelude::*;
use support::generator::{generate, Format, Route as SiteRoute, Spec};

fn runbook(text: &str, request: &FailoverRequest) -> (TopologyFile, Plan, Checklist) {
    let file = TopologyFile::read(text.as_bytes()).unwrap();
    let plan = plan::make_plan(&file, request).unwrap();
    let name = plan::output_file_name("topology.xml", plan.survivor_fqdn(&file));
    let list = checklist::build_for(&file, &plan, "topology.xml", &name);
    (file, plan, list)
}

fn broken_rules(file: &TopologyFile, plan: &Plan, list: &Checklist) -> Vec<Rule> {
    safety::check(file, plan, &list.sections)
        .into_iter()
        .filter(|o| !o.held())
        .map(|o| o.rule)
        .collect()
}

/// The rules broken, with where, for a failure message.
fn breaches(list: &Checklist) -> String {
    list.safety
        .iter()
        .flat_map(|o| {
            o.breaches
                .iter()
                .map(move |b| format!("{}: {:?}: {}", o.rule.id(), b.step, b.message))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const AMS: &str = "edgepool-amsterdam.fabrikam.com";
const BOS: &str = "edgepool-boston.fabrikam.com";

/// The sample failed over with XMPP: every rule has something to bite on.
fn sample() -> (TopologyFile, Plan, Checklist) {
    let (file, plan, list) = runbook(&support::sample_text(), &FailoverRequest::pool(AMS, BOS));
    assert!(list.is_safe(), "{}", breaches(&list));
    (file, plan, list)
}

fn step_mut<'a>(list: &'a mut Checklist, id: &str) -> &'a mut checklist::Step {
    list.sections
        .iter_mut()
        .flat_map(|s| s.steps.iter_mut())
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn remove_step(list: &mut Checklist, id: &str) {
    for s in &mut list.sections {
        s.steps.retain(|st| st.id != id);
    }
    for st in list.sections.iter_mut().flat_map(|s| s.steps.iter_mut()) {
        st.needs.retain(|n| n != id);
    }
}

/// Moves step `id` to the end of its direction's steps (before its rollback).
fn move_to_end(list: &mut Checklist, id: &str) {
    let (si, pi) = list
        .sections
        .iter()
        .enumerate()
        .find_map(|(si, s)| s.steps.iter().position(|st| st.id == id).map(|pi| (si, pi)))
        .unwrap();
    let phase = list.sections[si].phase;
    let step = list.sections[si].steps.remove(pi);
    let last = list
        .sections
        .iter()
        .rposition(|s| s.phase == phase && !s.rollback)
        .unwrap();
    list.sections[last].steps.push(step);
}

fn caught(rule: Rule, file: &TopologyFile, plan: &Plan, list: &Checklist) {
    let broken = broken_rules(file, plan, list);
    assert!(broken.contains(&rule), "{} not caught; broken: {broken:?}", rule.id());
}

// --- Rule 1: check before change.

#[test]
fn a_certificate_checked_after_the_dns_change_is_caught() {
    // The review's row 6: the DNS change ran before the certificate check it relies on.
    let (file, plan, mut list) = sample();
    move_to_end(&mut list, "check-certificate");
    caught(Rule::CheckBeforeChange, &file, &plan, &list);
}

#[test]
fn an_xmpp_stop_before_the_certificate_check_is_caught() {
    // Row 7: the XMPP outage began before the XMPP names on the certificate were checked.
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "xmpp-stop").needs.clear();
    caught(Rule::CheckBeforeChange, &file, &plan, &list);
}

#[test]
fn a_failback_that_publishes_before_checking_the_restored_pool_is_caught() {
    // Row 1, the review's first finding: the failback moved federation back before checking
    // the restored pool's certificate.
    let (file, plan, mut list) = sample();
    for id in [
        "failback/check-certificate",
        "failback/check-firewall",
        "failback/check-replication",
    ] {
        move_to_end(&mut list, id);
    }
    caught(Rule::CheckBeforeChange, &file, &plan, &list);
}

#[test]
fn a_change_command_in_a_check_is_caught() {
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "check-replication")
        .commands
        .push("Set-CsSite -Identity 'Boston' -FederationRoute 'EdgeServer:edgepool-boston.fabrikam.com'".to_owned());
    caught(Rule::CheckBeforeChange, &file, &plan, &list);
}

// --- Rule 2: the go/no-go gate.

#[test]
fn a_runbook_without_its_gate_is_caught() {
    let (file, plan, mut list) = sample();
    remove_step(&mut list, "gate");
    caught(Rule::GoNoGoGate, &file, &plan, &list);
}

#[test]
fn a_gate_without_the_permissions_check_is_caught() {
    let (file, plan, mut list) = sample();
    remove_step(&mut list, "check-permissions");
    caught(Rule::GoNoGoGate, &file, &plan, &list);
}

// --- Rule 3: every change has its undo.

#[test]
fn a_change_without_undo_is_caught() {
    // Row 8: no rollback.
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "publish-topology").undo = None;
    caught(Rule::EveryChangeHasUndo, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    list.sections.retain(|s| !(s.rollback && s.phase == Phase::Failover));
    caught(Rule::EveryChangeHasUndo, &file, &plan, &list);
}

// --- Rule 4: the failback reverses the failover.

#[test]
fn a_failback_that_leaves_the_ttls_and_the_firewall_is_caught() {
    // Row 12: the TTLs lowered and the firewall opened for the failover stayed.
    let (file, plan, mut list) = sample();
    remove_step(&mut list, "failback/dns-ttl-restore");
    caught(Rule::FailbackReversesFailover, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    remove_step(&mut list, "failback/firewall-close");
    caught(Rule::FailbackReversesFailover, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "failback/verify-restored").confirms.clear();
    caught(Rule::FailbackReversesFailover, &file, &plan, &list);
}

#[test]
fn a_failback_that_leaves_the_survivor_sites_xmpp_route_is_caught() {
    let (file, plan, mut list) = sample();
    let route = step_mut(&mut list, "failback/xmpp-route");
    route
        .changes
        .retain(|c| !matches!(c, Change::SiteRoute { site, .. } if site == "Boston"));
    caught(Rule::FailbackReversesFailover, &file, &plan, &list);
}

// --- Rule 5: no command for what the topology lacks.

#[test]
fn a_pool_failover_without_a_backup_pool_is_caught() {
    // Row 3: the goldens said there was no backup pool, then gave the commands anyway.
    let (file, plan, mut list) = sample();
    let step = step_mut(&mut list, "publish-topology");
    step.commands
        .push("Invoke-CsPoolFailover -PoolFqdn 'pool-amsterdam.fabrikam.com' -DisasterMode -Verbose".to_owned());
    step.changes.push(Change::PoolFailover {
        pool: "pool-amsterdam.fabrikam.com".to_owned(),
    });
    caught(Rule::NothingTheTopologyLacks, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "check-permissions").commands.push(
        "Get-CsDatabaseMirrorState -DatabaseType CentralMgmt -PoolFqdn (Read-Host 'Backup pool FQDN')".to_owned(),
    );
    caught(Rule::NothingTheTopologyLacks, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "check-replication")
        .commands
        .push("Get-CsManagementStoreReplicationStatus -ReplicaFqdn 'edge09-nowhere.fabrikam.com'".to_owned());
    caught(Rule::NothingTheTopologyLacks, &file, &plan, &list);
}

// --- Rule 6: files stay where they were written.

#[test]
fn a_file_read_on_another_host_is_caught() {
    // Row 5: the failback compared a baseline on a Front End where it was never written.
    let (file, plan, mut list) = sample();
    for u in &mut step_mut(&mut list, "failback/verify-restored").files {
        u.host = "fe01-amsterdam.fabrikam.com".to_owned();
    }
    caught(Rule::FilesStayWhereWritten, &file, &plan, &list);
}

#[test]
fn a_baseline_a_rerun_would_overwrite_is_caught() {
    let (file, plan, mut list) = sample();
    for c in &mut step_mut(&mut list, "before-backup").commands {
        *c = c
            .replace("if (-not (Test-Path 'C:\\EdgeFailover\\topology-before.xml')) { ", "")
            .replace(" -NoClobber", "");
    }
    caught(Rule::FilesStayWhereWritten, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "before-backup")
        .files
        .retain(|u| u.access != Access::Folder);
    caught(Rule::FilesStayWhereWritten, &file, &plan, &list);
}

// --- Rule 7: DNS touches only the failed pool.

fn woodgrove() -> String {
    support::fixture_text(&std::fs::read(support::own_fixtures().join("woodgrove-lync2013-four-edges.xml")).unwrap())
}

#[test]
fn re_pointing_the_records_of_healthy_federated_pools_is_caught() {
    // Row 4: the whole A record re-pointed while three healthy pools kept federation.
    let text = woodgrove();
    let file = TopologyFile::read(text.as_bytes()).unwrap();
    let t = &file.topology;
    let failed = t.pools[t.federation_pools().next().unwrap().pool].fqdn.clone();
    let survivor = plan::candidates(&file, &plan::scope(&file, &Failure::Pool(failed.clone())).unwrap())
        .into_iter()
        .find(|c| c.eligible)
        .unwrap()
        .fqdn;
    let (file, plan, mut list) = runbook(&text, &FailoverRequest::pool(failed, survivor));
    assert!(!plan.federation_kept.is_empty());
    assert!(list.is_safe(), "{}", breaches(&list));
    for c in &mut step_mut(&mut list, "dns-federation").changes {
        if let Change::DnsRecord { action, .. } = c {
            *action = DnsAction::Repoint;
        }
    }
    caught(Rule::DnsTouchesOnlyFailedPool, &file, &plan, &list);
}

// --- Rule 8: every step has its role; another team's step is a hand-off.

#[test]
fn dns_work_by_the_administrator_or_without_a_hand_off_is_caught() {
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "dns-federation").role = Role::Administrator;
    caught(Rule::EveryStepHasRole, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "dns-federation").actions.remove(0);
    caught(Rule::EveryStepHasRole, &file, &plan, &list);
}

// --- Rule 9: every check has its STOP, and a wait its time limit.

#[test]
fn a_check_without_stop_or_a_wait_without_limit_is_caught() {
    let (file, plan, mut list) = sample();
    step_mut(&mut list, "check-certificate").stop = None;
    caught(Rule::EveryCheckHasStop, &file, &plan, &list);
    let (file, plan, mut list) = sample();
    if let Some(stop) = &mut step_mut(&mut list, "replication-ready").stop {
        stop.wait_minutes = None;
    }
    caught(Rule::EveryCheckHasStop, &file, &plan, &list);
}

#[test]
fn every_rule_has_a_breaker_above_and_holds_on_the_sample() {
    let (_, _, list) = sample();
    assert_eq!(list.safety.len(), Rule::ALL.len());
    assert!(list.safety.iter().all(|o| o.held));
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "check-before-change",
            "go-no-go-gate",
            "every-change-has-undo",
            "failback-reverses-failover",
            "nothing-the-topology-lacks",
            "files-stay-where-written",
            "dns-touches-only-failed-pool",
            "every-step-has-role",
            "every-check-has-stop"
        ]
    );
}

// --- No plan the planner makes breaks a rule.

/// Every request worth planning on a topology: each federated or associated Edge pool failed
/// alone and each site with one failed whole, to each eligible survivor, with and without
/// XMPP, XMPP to each other healthy pool that already carries it, clearing the other federated
/// pools or not, by route A and B; and the failback of each, planned on its own from the
/// modified topology.
fn requests(file: &TopologyFile) -> Vec<FailoverRequest> {
    let t = &file.topology;
    let mut failures: Vec<Failure> = t
        .edges()
        .map(|e| Failure::Pool(t.pools[t.edge_pools[e].pool].fqdn.clone()))
        .collect();
    for s in &t.sites {
        failures.push(Failure::Site(s.name.clone()));
    }
    let mut out = Vec::new();
    for failure in failures {
        let Ok(scope) = plan::scope(file, &failure) else {
            continue;
        };
        for c in plan::candidates(file, &scope).into_iter().filter(|c| c.eligible) {
            let base = FailoverRequest {
                failure: failure.clone(),
                survivor: c.fqdn.clone(),
                ..FailoverRequest::pool("", "")
            };
            out.push(base.clone());
            out.push(FailoverRequest {
                move_xmpp: Some(false),
                ..base.clone()
            });
            out.push(base.clone().clearing_other_federation().publishing_file());
            for e in plan::xmpp_targets(file, &scope, c.edge)
                .into_iter()
                .filter(|e| *e != c.edge)
            {
                let target = t.pools[t.edge_pools[e].pool].fqdn.clone();
                out.push(base.clone().moving_xmpp_to(target.clone()));
                out.push(
                    base.clone()
                        .moving_xmpp_to(target)
                        .clearing_other_federation()
                        .publishing_file(),
                );
            }
        }
    }
    out
}

/// The runbooks checked, and among them those whose XMPP goes to another pool than SIP.
fn all_safe(text: &str, what: &str) -> usize {
    all_safe_counting(text, what).0
}

fn all_safe_counting(text: &str, what: &str) -> (usize, usize) {
    let file = TopologyFile::read(text.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
    if file.topology.has_errors() {
        return (0, 0);
    }
    let (mut n, mut apart) = (0, 0);
    for request in requests(&file) {
        let Ok(plan) = plan::make_plan(&file, &request) else {
            continue;
        };
        if plan.xmpp_apart() {
            apart += 1;
            // Its failback puts XMPP back from the pool it went to.
            let back = plan::failback_of(&file, &plan).unwrap_or_else(|e| panic!("{what}, {request:?}: {e}"));
            assert!(
                back.plan.xmpp_moves,
                "{what}, {request:?}: the failback leaves XMPP where it went"
            );
        }
        let name = plan::output_file_name("t.xml", plan.survivor_fqdn(&file));
        let list = checklist::build_for(&file, &plan, "t.xml", &name);
        assert!(list.is_safe(), "{what}, {request:?}:\n{}", breaches(&list));
        assert!(
            list.phases().contains(&Phase::Failback),
            "{what}, {request:?}: no failback"
        );
        n += 1;
        // The failback planned on its own from the exported modified topology.
        let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
        let t = &file.topology;
        let restored = t.pools[t.edge_pools[plan::restored_edge(&file, &plan)].pool]
            .fqdn
            .clone();
        for keep in [false, true] {
            let mut back = FailoverRequest::failback(plan.survivor_fqdn(&file), restored.clone());
            back.keep_temporary_federation = keep;
            if let Ok(bplan) = plan::make_plan(&after, &back) {
                let list = checklist::build_for(&after, &bplan, &name, "back.xml");
                assert!(list.is_safe(), "{what}, failback of {request:?}:\n{}", breaches(&list));
                n += 1;
            }
        }
    }
    (n, apart)
}

#[test]
fn no_runbook_of_any_fixture_breaks_a_rule() {
    let (mut n, mut apart) = (0, 0);
    for path in support::all_topologies() {
        let text = support::fixture_text(&std::fs::read(&path).unwrap());
        let (more, more_apart) = all_safe_counting(&text, &support::name(&path));
        n += more;
        apart += more_apart;
    }
    assert!(n > 100, "only {n} runbooks checked");
    // The four-pool fixture has healthy pools that already carry XMPP: XMPP goes to each.
    assert!(apart > 10, "only {apart} runbooks with XMPP apart from SIP");
}

/// Issue 20, 3.2: XMPP federation to another healthy pool that already carries it, on the
/// generator's three-site topology, by both routes and clearing the other pools or not.
#[test]
fn xmpp_to_another_pool_that_already_carries_it_breaks_no_rule() {
    let mut spec = Spec::sized(3, 12);
    spec.more_xmpp = vec![(2, 0)];
    let (n, apart) = all_safe_counting(&generate(&spec), "three sites, XMPP also in Cape Town");
    assert!(n > 10 && apart >= 4, "{n} runbooks, {apart} with XMPP apart");
    let (_, plan, list) = runbook(
        &generate(&spec),
        &FailoverRequest::pool(AMS, BOS).moving_xmpp_to("edgepool-capetown.fabrikam.com"),
    );
    assert!(plan.xmpp_apart());
    assert!(list.is_safe(), "{}", breaches(&list));
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        2usize..=4,
        prop::collection::vec((1usize..=3, 0usize..=2, any::<bool>(), 0usize..=1, 0usize..=4), 4),
        0usize..4,
        prop::option::of(0usize..4),
        prop::collection::vec(0usize..4, 0..3),
        prop::sample::select(vec![6u32, 7, 8, 9]),
        any::<bool>(),
        prop::collection::vec((0usize..4, 0usize..4), 0..2),
        prop::option::of((0usize..4, 0usize..4)),
        prop::collection::vec(0usize..4, 0..2),
    )
        .prop_map(
            |(sites, shapes, fed, xmpp, also, version, tbxml, pairs, hop, more_xmpp)| {
                let mut spec = Spec::sized(sites, sites * 4);
                for (i, s) in spec.sites.iter_mut().enumerate() {
                    let (fe, edge, director, extra, route) = shapes[i];
                    s.fe_servers = fe;
                    s.edge_servers = edge;
                    s.director = director;
                    s.extra_edges = extra;
                    s.route = match route {
                        0 => SiteRoute::NoSettings,
                        1 => SiteRoute::Empty,
                        2 => SiteRoute::Edge {
                            site: fed % sites,
                            edge: 0,
                        },
                        3 => SiteRoute::Director { site: i },
                        _ => SiteRoute::Empty,
                    };
                }
                spec.federation_site = Some(fed % sites);
                spec.xmpp_site = if version >= 8 { None } else { xmpp.map(|x| x % sites) };
                // More pools that carry the XMPP ports: XMPP can go to them apart from SIP.
                if version < 8 {
                    spec.more_xmpp = more_xmpp.into_iter().map(|s| (s % sites, 0)).collect();
                    spec.more_xmpp.dedup();
                }
                spec.also_federated = also
                    .into_iter()
                    .map(|a| a % sites)
                    .filter(|a| *a != fed % sites)
                    .collect();
                spec.also_federated.dedup();
                spec.service_version = version;
                spec.format = if tbxml {
                    Format::TopologyBuilder
                } else {
                    Format::Published
                };
                spec.backup_pairs = pairs
                    .into_iter()
                    .map(|(a, b)| (a % sites, b % sites))
                    .filter(|(a, b)| a != b)
                    .collect();
                spec.backup_pairs.truncate(1);
                spec.next_hop_elsewhere = hop.map(|(a, b)| (a % sites, b % sites)).filter(|(a, b)| a != b);
                spec
            },
        )
}

/// Found by the readiness report's property test: a Front End pool in a site with no Edge of
/// its own uses the failed site's Edge, and its backup pool is in that failed site. It cannot
/// have failed over (its backup was down too), so the failback must not fail it back.
#[test]
fn a_pool_whose_backup_was_in_the_failed_site_is_not_failed_back() {
    let mut spec = Spec::sized(3, 12);
    spec.org = "fabrikam".into();
    spec.domains = vec!["contoso.com".into(), "contoso.net".into()];
    for (s, edges) in spec.sites.iter_mut().zip([1, 0, 1]) {
        s.fe_servers = 1;
        s.edge_servers = edges;
        s.director = false;
    }
    spec.federation_site = None;
    spec.xmpp_site = Some(0);
    spec.backup_pairs = vec![(0, 1)];
    let text = generate(&spec);
    let file = TopologyFile::read(text.as_bytes()).unwrap();
    let site = file.topology.sites[0].name.clone();
    let survivor = plan::candidates(&file, &plan::scope(&file, &Failure::Site(site.clone())).unwrap())
        .into_iter()
        .find(|c| c.eligible)
        .expect("a survivor")
        .fqdn;
    let (_, _, list) = runbook(&text, &FailoverRequest::site(site, survivor));
    assert!(list.is_safe(), "{}", breaches(&list));
    let boston = &file.topology.sites[1];
    let commands: Vec<&str> = list
        .steps()
        .flat_map(|s| s.commands.iter().map(String::as_str))
        .collect();
    assert!(
        !commands
            .iter()
            .any(|c| c.contains("Invoke-CsPoolFailback") && c.to_lowercase().contains(&boston.name.to_lowercase())),
        "{commands:#?}"
    );
}

/// Found by the readiness report's property test: a site with two Edge pools whose Front End
/// pools use each one, failed whole. The failback gives each pool back its own Edge pool, not
/// the one federation comes back to.
#[test]
fn a_site_failover_gives_each_pool_its_own_edge_back() {
    let mut spec = Spec::sized(3, 12);
    spec.domains = vec!["contoso.com".into(), "contoso.net".into()];
    for (s, (edges, extra)) in spec.sites.iter_mut().zip([(1, 1), (1, 0), (0, 0)]) {
        s.fe_servers = 1;
        s.edge_servers = edges;
        s.extra_edges = extra;
        s.director = false;
    }
    spec.separate_fqdns = false;
    spec.federation_site = None;
    spec.xmpp_site = None;
    spec.more_federation = vec![(0, 1)];
    spec.backup_pairs = vec![(2, 1)];
    let text = generate(&spec);
    let file = TopologyFile::read(text.as_bytes()).unwrap();
    let t = &file.topology;
    let site = t.sites[0].name.clone();
    let survivor = plan::candidates(&file, &plan::scope(&file, &Failure::Site(site.clone())).unwrap())
        .into_iter()
        .find(|c| c.eligible)
        .expect("a survivor")
        .fqdn;
    let (_, plan, list) = runbook(&text, &FailoverRequest::site(site, survivor));
    assert!(list.is_safe(), "{}", breaches(&list));
    // Each pool the failover moved goes back to the Edge pool it used before.
    let back = plan::failback_of(&file, &plan).unwrap();
    let before: Vec<_> = plan
        .written
        .edit
        .reassociations
        .iter()
        .map(|r| (r.pool, r.from_edge))
        .collect();
    assert!(!before.is_empty(), "{before:?}");
    let after = &back.file.topology;
    for (pool, from) in before {
        let fqdn = &t.pools[pool].fqdn;
        let to = back
            .plan
            .written
            .edit
            .reassociations
            .iter()
            .find(|r| after.pools[r.pool].fqdn == *fqdn)
            .unwrap_or_else(|| panic!("{fqdn} is not given back"));
        assert_eq!(
            after.pools[after.edge_pools[to.to_edge].pool].fqdn, t.pools[t.edge_pools[from].pool].fqdn,
            "{fqdn}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_runbook_of_a_generated_topology_breaks_a_rule(spec in spec()) {
        all_safe(&generate(&spec), &format!("{spec:?}"));
    }
}

#[test]
fn a_runbook_says_which_rules_held() {
    let (_, _, list) = sample();
    let json = serde_json::to_value(&list.safety).unwrap();
    assert_eq!(json[0]["rule"], "check-before-change");
    assert_eq!(json[0]["held"], true);
    let md = checklist::markdown::render(&list);
    assert!(md.contains("Safety rules: 9 of 9 hold"));
    let _ = (Kind::Gate, Undo::Step(String::new()));
}
