#![cfg(not(target_arch = "wasm32"))]
//! The readiness report: one row per failure the planner can plan, each row the plan the page
//! makes when that failure is marked and its best survivor chosen (held equal on every
//! fixture, own and real, and on the generator's random topologies), its verdict and blockers,
//! what it asks to prepare, the preparation checklist that merges them, and the report as
//! Markdown and offline HTML against reviewed goldens.

mod support;

use std::path::{Path, PathBuf};

use edge_failover_planner::checklist::{self, Span};
use edge_failover_planner::plan::{self, Failure};
use edge_failover_planner::readiness::{self, BlockerKind, Need, PlanFacts, Report, Row, Team, Verdict};
use edge_failover_planner::session::{Action, Loaded, State};
use edge_failover_planner::topology::{PoolKind, TopologyFile};
use proptest::prelude::*;
use support::generator::{generate, Format, Route, Spec};

const DATE: &str = "2025-06-02";

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(bytes: &[u8]) -> TopologyFile {
    TopologyFile::read(bytes).unwrap()
}

/// Every fixture: the project's own (the one-Edge topology in its folder too) and the real
/// exports when present.
fn every_fixture() -> Vec<PathBuf> {
    let mut v = support::all_topologies();
    v.push(support::own_fixtures().join("dead-end/proseware-single-edge.xml"));
    v
}

fn own(name: &str) -> (String, Vec<u8>) {
    let path = if name == "sample.xml" {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml")
    } else {
        support::own_fixtures().join(name)
    };
    (support::name(&path), read(&path))
}

fn report_of(name: &str, bytes: &[u8]) -> Report {
    readiness::build(&load(bytes), name, DATE).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn row<'a>(r: &'a Report, id: &str) -> &'a Row {
    r.rows
        .iter()
        .find(|row| row.id == id)
        .unwrap_or_else(|| panic!("no row {id} in {:?}", r.rows.iter().map(|r| &r.id).collect::<Vec<_>>()))
}

fn kinds(row: &Row) -> Vec<BlockerKind> {
    row.blockers.iter().map(|b| b.kind).collect()
}

fn words(t: &checklist::Text) -> String {
    t.plain()
}

/// Each row against the page: the report made with a visitor that sees each row's plan and
/// checklist, and for each row the page's own state after marking the row's failure and
/// choosing its best survivor.
fn assert_rows_are_the_plans_made_by_hand(name: &str, bytes: &[u8]) {
    let file = load(bytes);
    if file.topology.has_errors() {
        assert!(
            readiness::build(&file, name, DATE).is_err(),
            "{name}: a topology with errors is refused"
        );
        return;
    }
    let mut seen = Vec::new();
    let report = readiness::build_with(&file, name, DATE, &mut |row, plan| {
        seen.push((row.number, readiness::facts::topology_bytes(plan).to_vec()));
    })
    .unwrap();
    let loaded = Loaded::read(name, bytes).unwrap();
    for row in &report.rows {
        let mut state = State::of(Loaded::read(name, bytes).unwrap());
        state.reduce(Action::MarkFailed(row.failure.clone()), 0.0);
        let page_candidates = state.decisions.candidates(&loaded);
        assert_eq!(
            page_candidates, row.survivors,
            "{name} {}: the survivors, ranked as the page ranks them",
            row.id
        );
        let best = page_candidates.iter().find(|c| c.eligible).map(|c| c.fqdn.clone());
        assert_eq!(best, row.best, "{name} {}", row.id);
        let Some(best) = best else {
            assert!(row.request.is_none() && row.plan.is_none(), "{name} {}", row.id);
            assert_eq!(
                row.verdict,
                Verdict::Blocked,
                "{name} {}: no survivor is a blocker",
                row.id
            );
            assert!(kinds(row).contains(&BlockerKind::NoSurvivor), "{name} {}", row.id);
            continue;
        };
        state.reduce(Action::ChooseSurvivor(best), 0.0);
        assert_eq!(
            state.decisions.request(),
            row.request,
            "{name} {}: the page's request",
            row.id
        );
        let out = match &state.outcome {
            Some(Ok(out)) => out.clone(),
            Some(Err(e)) => {
                assert_eq!(
                    row.no_plan.as_deref(),
                    Some(e.to_string().as_str()),
                    "{name} {}",
                    row.id
                );
                continue;
            }
            None => panic!("{name} {}: the page made no plan", row.id),
        };
        let facts = PlanFacts::of(&file, &out.plan);
        assert_eq!(
            row.plan.as_ref(),
            Some(&facts),
            "{name} {}: the row's plan is the page's",
            row.id
        );
        assert_eq!(
            row.outages, out.checklist.outages,
            "{name} {}: the outages its checklist states",
            row.id
        );
        let (_, bytes_seen) = seen
            .iter()
            .find(|(n, ..)| *n == row.number)
            .unwrap_or_else(|| panic!("{name} {}: no plan visited", row.id));
        assert_eq!(
            *bytes_seen, out.plan.written.topology_bytes,
            "{name} {}: the modified topology",
            row.id
        );
        assert!(row.files.is_some(), "{name} {}: a plan has its files' names", row.id);
        assert_eq!(row.writes_plan(), !out.plan.has_blocking_checks(), "{name} {}", row.id);
    }
}

#[test]
fn every_row_of_every_fixture_is_the_plan_made_by_hand() {
    let mut rows = 0;
    for path in every_fixture() {
        let bytes = read(&path);
        assert_rows_are_the_plans_made_by_hand(&support::name(&path), &bytes);
        if let Ok(r) = readiness::build(&load(&bytes), "x", DATE) {
            rows += r.rows.len();
        }
    }
    assert!(rows >= 40, "{rows} rows in all");
}

/// The rows are exactly the failures the planner can plan: each Edge pool with SIP or XMPP
/// federation or a Front End pool using it, alone; each site holding such a pool, whole.
#[test]
fn the_rows_are_the_failures_the_planner_can_plan() {
    for path in every_fixture() {
        let name = support::name(&path);
        let file = load(&read(&path));
        if file.topology.has_errors() {
            continue;
        }
        let t = &file.topology;
        let report = readiness::build(&file, &name, DATE).unwrap();
        let mut expected = Vec::new();
        for e in &t.edge_pools {
            let fe = e.associations.iter().any(|a| t.pool_kind(a.pool) == PoolKind::FrontEnd);
            if e.has_federation() || fe {
                expected.push(format!("pool:{}", t.pools[e.pool].fqdn.to_ascii_lowercase()));
            }
        }
        for site in &t.sites {
            let scope = plan::scope(&file, &Failure::Site(site.name.clone()));
            let planned = scope.is_ok_and(|s| {
                s.failed_edges.iter().any(|e| {
                    expected.contains(&format!(
                        "pool:{}",
                        t.pools[t.edge_pools[*e].pool].fqdn.to_ascii_lowercase()
                    ))
                })
            });
            if planned {
                expected.push(format!("site:{}", site.name));
            }
        }
        let mut got: Vec<String> = report.rows.iter().map(|r| r.id.clone()).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{name}");
        for (i, row) in report.rows.iter().enumerate() {
            assert_eq!(row.number, i + 1, "{name}");
        }
    }
}

// ---- the shapes the issue names ----

/// Four federated Edge pools in one site (and a fifth in the other): each fails alone to the
/// pool of the other site, which the page ranks first; the healthy federated pools keep
/// federation in every plan; nothing is blocked, the pools being paired.
#[test]
fn four_federated_pools_in_one_site() {
    let (name, bytes) = own("woodgrove-lync2013-four-edges.xml");
    let r = report_of(&name, &bytes);
    let ids: Vec<&str> = r.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pool:edgepool-amsterdam.woodgrove.com",
            "pool:edgepool2-amsterdam.woodgrove.com",
            "pool:edgepool3-amsterdam.woodgrove.com",
            "pool:edgepool4-amsterdam.woodgrove.com",
            "site:Amsterdam",
            "pool:edgepool-boston.woodgrove.com",
            "site:Boston",
        ]
    );
    for row in &r.rows[..4] {
        assert_eq!(row.best.as_deref(), Some("edgepool-boston.woodgrove.com"), "{}", row.id);
        let plan = row.plan.as_ref().unwrap();
        assert_eq!(
            plan.federation_kept.len(),
            3,
            "{}: the three others keep theirs",
            row.id
        );
        assert_eq!(row.verdict, Verdict::ReadyWithWork, "{}", row.id);
        // The others, ranked: the same-site pools after, each already federated.
        for c in row.survivors.iter().filter(|c| c.eligible && c.same_site) {
            assert!(
                c.notes.iter().any(|n| n.contains("already federated")),
                "{}: {c:?}",
                row.id
            );
        }
    }
    let site = row(&r, "site:Amsterdam");
    assert_eq!(site.failed_pools.len(), 4);
    assert!(site.blockers.is_empty(), "paired pools: {:?}", kinds(site));
    assert_eq!(site.verdict, Verdict::ReadyWithWork);
    assert!(!r.any_blocked());
    // Four pools' failures ask for one certificate on Boston's Edge pool.
    let certs: Vec<_> = r.preparation.iter().filter(|i| i.team == Team::Certificates).collect();
    assert_eq!(certs.len(), 1, "{certs:#?}");
    assert_eq!(certs[0].serves, [1, 2, 3, 4, 5]);
    let Need::Certificate { names, .. } = &certs[0].need else {
        unreachable!()
    };
    for n in [
        "sip-amsterdam.woodgrove.com",
        "sip2-amsterdam.woodgrove.com",
        "sip4-amsterdam.woodgrove.com",
    ] {
        assert!(
            names.iter().any(|x| x == n),
            "{n} in {names:?}: each failed pool's SRV target"
        );
    }
}

/// Two sites: each Edge pool fails to the other; each site failed whole is blocked by its
/// Front End pool without a backup pool, Amsterdam's also by the Central Management Server.
#[test]
fn two_sites_with_no_backup_pool_and_the_central_management_server_in_one() {
    let (name, bytes) = own("sample.xml");
    let r = report_of(&name, &bytes);
    let ids: Vec<&str> = r.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pool:edgepool-amsterdam.fabrikam.com",
            "site:Amsterdam",
            "pool:edgepool-boston.fabrikam.com",
            "site:Boston",
        ]
    );
    let amsterdam = row(&r, "pool:edgepool-amsterdam.fabrikam.com");
    assert_eq!(amsterdam.verdict, Verdict::ReadyWithWork);
    assert!(amsterdam.blockers.is_empty());
    assert_eq!(amsterdam.best.as_deref(), Some("edgepool-boston.fabrikam.com"));
    // Boston fails to the already-federated Amsterdam: only the media association moves, and
    // nothing needs preparing in DNS, certificates or firewalls.
    let boston = row(&r, "pool:edgepool-boston.fabrikam.com");
    assert_eq!(boston.verdict, Verdict::Ready);
    assert!(boston.needs.is_empty(), "{:#?}", boston.needs);
    assert_eq!(boston.plan.as_ref().unwrap().reassociated, ["pool-boston.fabrikam.com"]);

    let site = row(&r, "site:Amsterdam");
    assert_eq!(site.verdict, Verdict::Blocked);
    assert_eq!(
        kinds(site),
        [
            BlockerKind::CentralManagementWithoutBackup,
            BlockerKind::FrontEndWithoutBackup
        ]
    );
    let cms = &site.blockers[0];
    assert!(
        words(&cms.what).contains("pool-amsterdam.fabrikam.com"),
        "{}",
        words(&cms.what)
    );
    assert!(words(&cms.what).contains("no backup pool"), "{}", words(&cms.what));
    assert!(
        words(&cms.remedy).contains("\"Associated Backup Pool\""),
        "{}",
        words(&cms.remedy)
    );
    assert!(site.needs.contains(&Need::BackupPool {
        pool: "pool-amsterdam.fabrikam.com".into(),
        site: "Amsterdam".into(),
        central_management: true,
    }));
    let boston_site = row(&r, "site:Boston");
    assert_eq!(kinds(boston_site), [BlockerKind::FrontEndWithoutBackup]);
    assert!(words(&boston_site.blockers[0].what).contains("Invoke-CsPoolFailover"));
    // The site rows' plans are still made, with their outages.
    assert!(site
        .outages
        .iter()
        .any(|o| words(o).contains("until the Central Management Server is back")));
    // The pairings are on the preparation checklist, each with the rows it serves.
    let pairings: Vec<(&str, &[usize])> = r
        .preparation
        .iter()
        .filter(|i| i.team == Team::BackupPools)
        .map(|i| (i.id.as_str(), i.serves.as_slice()))
        .collect();
    assert_eq!(
        pairings,
        [
            ("backup-pool:pool-amsterdam.fabrikam.com", &[2][..]),
            ("backup-pool:pool-boston.fabrikam.com", &[4][..])
        ]
    );
    assert!(r.any_blocked());
}

/// One Edge pool: nothing can take over, alone or with its site, and the report says so and
/// what would change it.
#[test]
fn a_single_edge_pool_is_blocked_and_says_why() {
    let bytes = read(&support::own_fixtures().join("dead-end/proseware-single-edge.xml"));
    let r = report_of("proseware-single-edge.xml", &bytes);
    assert_eq!(r.rows.len(), 2);
    for row in &r.rows {
        assert_eq!(row.verdict, Verdict::Blocked, "{}", row.id);
        assert!(row.best.is_none() && row.request.is_none() && row.plan.is_none());
        let b = &row.blockers[0];
        assert_eq!(b.kind, BlockerKind::NoSurvivor);
        assert_eq!(
            words(&b.what),
            "edgepool-amsterdam.proseware.com is the only Edge pool in the topology: nothing can take over federation when it fails."
        );
        assert!(words(&b.remedy).starts_with("Add an Edge pool in a site other than Amsterdam"));
        // The planner's own advice for the incident is kept with it.
        assert!(
            row.no_plan.as_deref().is_some_and(|a| a.contains("restore")),
            "{:?}",
            row.no_plan
        );
    }
    let topology: Vec<&str> = r
        .preparation
        .iter()
        .filter(|i| i.team == Team::Topology)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(topology, ["topology:edge-outside:amsterdam"]);
    let item = r.preparation.iter().find(|i| i.team == Team::Topology).unwrap();
    assert_eq!(item.serves, [1, 2]);
}

/// Two Edge pools in one site: a pool failure can go to the other, but only within the site
/// (blocked); the site failure has no pool outside it.
#[test]
fn survivors_only_in_the_same_site_block() {
    let mut spec = Spec::sized(1, 5);
    spec.domains = vec!["contoso.com".into()];
    spec.sites[0].extra_edges = 1;
    let file = load(generate(&spec).as_bytes());
    let r = readiness::build(&file, "one-site.xml", DATE).unwrap();
    let pool = row(&r, "pool:edgepool-amsterdam.contoso.com");
    assert_eq!(pool.best.as_deref(), Some("edgepool2-amsterdam.contoso.com"));
    assert_eq!(kinds(pool), [BlockerKind::OnlySameSite]);
    assert!(words(&pool.blockers[0].what).contains("in its own site Amsterdam"));
    assert!(pool.plan.is_some(), "the planner can still make it");
    let site = row(&r, "site:Amsterdam");
    assert_eq!(site.blockers[0].kind, BlockerKind::NoSurvivor);
    assert_eq!(
        words(&site.blockers[0].what),
        "No Edge pool outside Amsterdam: every Edge pool of the topology (edgepool-amsterdam.contoso.com, edgepool2-amsterdam.contoso.com) is in it."
    );
}

/// A template's every row is blocked by its placeholder names.
#[test]
fn a_template_blocks_every_row() {
    let (name, bytes) = own("fourthcoffee-template.xml");
    let r = report_of(&name, &bytes);
    assert_eq!(r.rows.len(), 4);
    for row in &r.rows {
        assert!(kinds(row).contains(&BlockerKind::TemplateNames), "{}", row.id);
        let b = row
            .blockers
            .iter()
            .find(|b| b.kind == BlockerKind::TemplateNames)
            .unwrap();
        assert!(words(&b.what).contains("[DOMAINID]"), "{}", words(&b.what));
        assert!(words(&b.remedy).contains("Get-CsTopology -AsXml"));
    }
    let item = r.preparation.iter().find(|i| i.id == "topology:real-names").unwrap();
    assert_eq!(item.serves, [1, 2, 3, 4]);
}

/// A site route the planner does not understand blocks every row that moves SIP federation,
/// and no other.
#[test]
fn a_route_not_understood_blocks_the_rows_that_move_federation() {
    let (name, bytes) = own("northwind-site-routes.xml");
    let r = report_of(&name, &bytes);
    for row in &r.rows {
        let moves = row.plan.as_ref().is_some_and(|p| p.federation_moves);
        let blocked = kinds(row).contains(&BlockerKind::RouteNotUnderstood);
        assert_eq!(blocked, moves, "{}", row.id);
        if blocked {
            let b = row
                .blockers
                .iter()
                .find(|b| b.kind == BlockerKind::RouteNotUnderstood)
                .unwrap();
            assert!(words(&b.what).starts_with("The federation route of Cape Town holds something"));
            assert!(words(&b.remedy).contains("Get-CsSite"));
        }
    }
    assert!(r
        .rows
        .iter()
        .any(|r| kinds(r).contains(&BlockerKind::RouteNotUnderstood)));
}

/// A Topology Builder file that says it was never published, or holds edits not published,
/// blocks every row; one that says neither does not.
#[test]
fn a_topology_builder_file_not_published_blocks_every_row() {
    let (name, bytes) = own("fabrikam-two-sites.tbxml");
    let r = report_of(&name, &bytes);
    assert!(r.rows.iter().all(|r| !kinds(r).contains(&BlockerKind::NotPublished)));
    let text = String::from_utf8(bytes).unwrap();
    let never = text.replacen("IsPublished=\"true\"", "IsPublished=\"false\"", 1);
    let r = report_of(&name, never.as_bytes());
    for row in &r.rows {
        let b = row
            .blockers
            .iter()
            .find(|b| b.kind == BlockerKind::NotPublished)
            .expect("blocked");
        assert!(words(&b.what).contains("never published"), "{}", words(&b.what));
    }
    assert!(r.inferences.iter().any(|i| i.id == "topology-builder-published"));

    // Downloaded with OriginalTopology: the same content (indented alike or not) is what is
    // published; an edit in the NewTopology only is not.
    let (name, bytes) = own("wingtip-two-federated.tbxml");
    let text = String::from_utf8(bytes).unwrap();
    let r = report_of(&name, text.as_bytes());
    assert!(r.rows.iter().all(|r| !kinds(r).contains(&BlockerKind::NotPublished)));
    let (original, new) = text.split_at(text.find("<NewTopology>").unwrap());
    let reindented = format!("{}{new}", original.replace("\n      ", "\n\t"));
    let r = report_of(&name, reindented.as_bytes());
    assert!(r.rows.iter().all(|r| !kinds(r).contains(&BlockerKind::NotPublished)));
    let edited = format!("{original}{}", new.replacen("City=\"Boston\"", "City=\"Cambridge\"", 1));
    let r = report_of(&name, edited.as_bytes());
    for row in &r.rows {
        let b = row
            .blockers
            .iter()
            .find(|b| b.kind == BlockerKind::NotPublished)
            .expect("blocked");
        assert!(words(&b.what).contains("edits not published"), "{}", words(&b.what));
    }
}

/// A topology with errors is refused, as the planner refuses it; one without an Edge pool to
/// plan has no row.
#[test]
fn a_topology_with_errors_is_refused_and_nothing_to_plan_is_said() {
    let file = load(support::sample_with_duplicate_edge_fqdn().as_bytes());
    assert!(matches!(
        readiness::build(&file, "x.xml", DATE),
        Err(plan::PlanError::TopologyHasErrors(_))
    ));
    let mut spec = Spec::sized(1, 3);
    spec.sites[0].edge_servers = 0;
    spec.federation_site = None;
    spec.xmpp_site = None;
    let r = readiness::build(&load(generate(&spec).as_bytes()), "no-edge.xml", DATE).unwrap();
    assert!(r.rows.is_empty() && r.preparation.is_empty() && !r.any_blocked());
    assert!(readiness::render::markdown(&r).contains("No failure to plan"));
}

/// The real exports, when present: every row is the plan made by hand (above); the one-Edge
/// exports are blocked with the reason, and a Topology Builder file never published says so.
#[test]
fn the_real_exports_say_why_they_are_blocked() {
    for path in support::shared_topologies() {
        let name = support::name(&path);
        let file = load(&read(&path));
        let Ok(r) = readiness::build(&file, &name, DATE) else {
            continue;
        };
        let t = &file.topology;
        for row in &r.rows {
            if t.edge_pools.len() == 1 {
                assert_eq!(row.verdict, Verdict::Blocked, "{name} {}", row.id);
                assert_eq!(row.blockers[0].kind, BlockerKind::NoSurvivor, "{name} {}", row.id);
            }
            let never = edge_failover_planner::topology::publication::of(&file)
                == edge_failover_planner::topology::publication::Publication::NeverPublished;
            assert_eq!(
                kinds(row).contains(&BlockerKind::NotPublished),
                never,
                "{name} {}",
                row.id
            );
            assert_eq!(
                row.verdict == Verdict::Blocked,
                !row.blockers.is_empty(),
                "{name} {}",
                row.id
            );
        }
    }
}

// ---- what to prepare, merged ----

/// Every row's needs are on the preparation checklist under their id, each item serving
/// exactly the rows that ask for it; marking every item done makes every row that nothing
/// blocks ready, and only those; marking none leaves a row with needs ready with work.
#[test]
fn the_preparation_checklist_serves_every_row_and_done_makes_them_ready() {
    for path in every_fixture() {
        let name = support::name(&path);
        let file = load(&read(&path));
        let Ok(mut r) = readiness::build(&file, &name, DATE) else {
            continue;
        };
        for item in &r.preparation {
            let asking: Vec<usize> = r
                .rows
                .iter()
                .filter(|row| row.need_ids().contains(&item.id))
                .map(|row| row.number)
                .collect();
            assert_eq!(item.serves, asking, "{name} {}", item.id);
            assert_eq!(item.team, item.need.team());
        }
        let mut ids: Vec<String> = r.preparation.iter().map(|i| i.id.clone()).collect();
        for row in &r.rows {
            for id in row.need_ids() {
                assert!(ids.contains(&id), "{name} {}: {id}", row.id);
            }
            let expected = if !row.blockers.is_empty() {
                Verdict::Blocked
            } else if row.needs.is_empty() {
                Verdict::Ready
            } else {
                Verdict::ReadyWithWork
            };
            assert_eq!(row.verdict, expected, "{name} {}", row.id);
        }
        // Teams in order.
        let teams: Vec<Team> = r.preparation.iter().map(|i| i.team).collect();
        let mut sorted = teams.clone();
        sorted.sort();
        assert_eq!(teams, sorted, "{name}");
        r.set_prepared(&ids);
        for row in &r.rows {
            let expected = if row.blockers.is_empty() {
                Verdict::Ready
            } else {
                Verdict::Blocked
            };
            assert_eq!(row.verdict, expected, "{name} {}", row.id);
        }
        // One item left undone: the rows it serves are ready with work again.
        if let Some(last) = ids.pop() {
            r.set_prepared(&ids);
            for row in &r.rows {
                if row.blockers.is_empty() && row.need_ids().contains(&last) {
                    assert_eq!(row.verdict, Verdict::ReadyWithWork, "{name} {}", row.id);
                }
            }
        }
    }
}

/// What a row asks to prepare is what its plan's checklist checks: the certificate names of its
/// certificate step, the federation and XMPP SRV records of its DNS steps, the TTLs its first
/// step lowers, the ports of its firewall steps.
#[test]
fn what_a_row_asks_is_what_its_checklist_checks() {
    for path in every_fixture() {
        let name = support::name(&path);
        let file = load(&read(&path));
        let mut lists = Vec::new();
        let Ok(r) = readiness::build_with(&file, &name, DATE, &mut |row, plan| {
            let list = checklist::build_for(&file, plan, &name, "modified.xml");
            lists.push((row.number, checklist::markdown::render(&list), list));
        }) else {
            continue;
        };
        for row in &r.rows {
            let Some((_, md, list)) = lists.iter().find(|(n, ..)| *n == row.number) else {
                continue;
            };
            let values = |id: &str| -> Vec<String> {
                list.steps()
                    .filter(|s| s.id == id)
                    .flat_map(|s| s.actions.iter())
                    .flat_map(|t| t.0.iter())
                    .filter_map(|s| match s {
                        Span::Value(v) => Some(v.to_string()),
                        _ => None,
                    })
                    .collect()
            };
            for need in &row.needs {
                match need {
                    Need::Certificate { names, subject, .. } => {
                        let step = values("check-certificate");
                        assert!(step.contains(subject), "{name} {}: {subject} in {step:?}", row.id);
                        for n in names {
                            assert!(
                                step.iter().any(|v| v.split(", ").any(|x| x == n)),
                                "{name} {}: {n} in {step:?}",
                                row.id
                            );
                        }
                    }
                    Need::FederationDns { domain, .. } => {
                        assert!(
                            md.contains(&format!("_sipfederationtls._tcp.{domain}")),
                            "{name} {}",
                            row.id
                        )
                    }
                    Need::XmppDns { domain, .. } => {
                        assert!(md.contains(&format!("_xmpp-server._tcp.{domain}")), "{name} {}", row.id)
                    }
                    Need::Firewall { sip, xmpp, .. } => {
                        // The firewall check before the gate names each rule the row asks for.
                        let rules = values("check-firewall").join("\n");
                        assert_eq!(*sip, rules.contains("TCP 5061"), "{name} {}: {rules}", row.id);
                        assert_eq!(*xmpp, rules.contains("TCP 5269"), "{name} {}: {rules}", row.id);
                    }
                    Need::Ttl { record } => {
                        let ttl = list.steps().find(|s| s.id == "dns-ttl");
                        assert!(ttl.is_some(), "{name} {}: a TTL step", row.id);
                        assert!(md.contains(record.as_str()), "{name} {}: {record}", row.id);
                    }
                    Need::BackupPool { .. } | Need::Topology { .. } => {}
                }
            }
            let moves = row.plan.as_ref().is_some_and(|p| p.federation_moves || p.xmpp_moves);
            assert_eq!(
                moves,
                row.needs.iter().any(|n| matches!(n, Need::Certificate { .. })),
                "{name} {}",
                row.id
            );
        }
    }
}

// ---- the report, rendered ----

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Three fixtures' reports, read through once and kept: two sites with no backup pool and the
/// Central Management Server in one (the sample), four federated pools in one site (paired),
/// and the single Edge pool; the sample's also as offline HTML.
#[test]
fn reports_match_their_goldens() {
    for (fixture, golden) in [
        ("sample.xml", "readiness-sample.md"),
        ("woodgrove-lync2013-four-edges.xml", "readiness-woodgrove-four-pools.md"),
    ] {
        let (name, bytes) = own(fixture);
        support::golden(
            &golden_dir().join(golden),
            &readiness::render::markdown(&report_of(&name, &bytes)),
        );
    }
    let bytes = read(&support::own_fixtures().join("dead-end/proseware-single-edge.xml"));
    support::golden(
        &golden_dir().join("readiness-proseware-single-edge.md"),
        &readiness::render::markdown(&report_of("proseware-single-edge.xml", &bytes)),
    );
    let (name, bytes) = own("sample.xml");
    support::golden(
        &golden_dir().join("readiness-sample.html"),
        &readiness::render::html(&report_of(&name, &bytes)),
    );
}

/// A golden left behind by a renamed report would never be compared again.
#[test]
fn every_readiness_golden_belongs_to_a_report() {
    let mut found: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("readiness-"))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "readiness-proseware-single-edge.md",
            "readiness-sample.html",
            "readiness-sample.md",
            "readiness-woodgrove-four-pools.md"
        ]
    );
}

/// The report is dated by its input: the same topology and date give the same bytes.
#[test]
fn the_report_is_dated_by_its_input() {
    let (name, bytes) = own("sample.xml");
    let a = readiness::render::markdown(&report_of(&name, &bytes));
    assert_eq!(a, readiness::render::markdown(&report_of(&name, &bytes)));
    assert!(a.contains("Dated `2025-06-02`"));
    let other = readiness::build(&load(&bytes), &name, "2026-01-31").unwrap();
    assert!(readiness::render::markdown(&other).contains("Dated `2026-01-31`"));
    assert!(readiness::render::html(&other).contains("Dated <code>2026-01-31</code>"));
}

/// One offline file: no script, nothing loaded, the checklist's policy, printable on A4, the
/// preparation items ticked where marked done, every row a section the summary links to.
#[test]
fn the_html_report_is_one_offline_printable_file() {
    let (name, bytes) = own("woodgrove-lync2013-four-edges.xml");
    let mut r = report_of(&name, &bytes);
    let html = readiness::render::html(&r);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert!(html.contains("@page{size:A4"));
    for forbidden in ["<script", "src=", "url(", "@import", "http://", "https://"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    for href in html.split("href=\"").skip(1) {
        assert!(href.starts_with("#row-"), "only links within the file: {}", &href[..20]);
    }
    assert_eq!(html.matches("<section class=\"row\">").count(), r.rows.len());
    assert_eq!(html.matches("<input type=\"checkbox\" checked").count(), 0);
    let first = r.preparation[0].id.clone();
    r.set_prepared(std::slice::from_ref(&first));
    let html = readiness::render::html(&r);
    assert!(
        html.matches("<input type=\"checkbox\" checked").count() >= 2,
        "in its rows and in the checklist"
    );
    let md = readiness::render::markdown(&r);
    assert!(md.contains("[x] "));
}

/// Names from the file stay text in both formats.
#[test]
fn hostile_names_stay_text() {
    let sample = support::sample_text().replace(
        "edgepool-boston.fabrikam.com",
        "edgepool-boston&lt;script&gt;alert(1)&lt;/script&gt;`**x**.fabrikam.com",
    );
    let r = readiness::build(&load(sample.as_bytes()), "<b>x</b>.xml", DATE).unwrap();
    let html = readiness::render::html(&r);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>x"));
    assert!(html.contains("edgepool-boston&lt;script&gt;alert(1)&lt;/script&gt;`**x**.fabrikam.com"));
    let md = readiness::render::markdown(&r);
    // Only ever inside a code span long enough for the backtick in it.
    let value = "`` edgepool-boston<script>alert(1)</script>`**x**.fabrikam.com ``";
    assert!(md.contains(value));
    for line in md.lines().filter(|l| l.contains("<script>")) {
        assert!(line.contains(value), "{line}");
    }
}

// ---- random topologies ----

fn site_spec() -> impl Strategy<Value = (usize, usize, bool, usize)> {
    (1usize..=3, 0usize..=2, any::<bool>(), 0usize..=2)
}

prop_compose! {
    /// A topology as the generator writes it: one to four sites, each with or without an Edge
    /// pool (and more beside it), federation, XMPP and routes here or there, pools paired or
    /// not, either format, any product.
    fn random_spec()(
        sites in proptest::collection::vec(site_spec(), 1..=4),
        federation in any::<proptest::sample::Index>(),
        federated in any::<bool>(),
        xmpp in any::<proptest::sample::Index>(),
        xmpp_on in any::<bool>(),
        more in proptest::collection::vec((any::<proptest::sample::Index>(), 0usize..3, any::<bool>()), 0..3),
        routes in proptest::collection::vec((0u8..4, any::<proptest::sample::Index>()), 4),
        pair in proptest::option::of((any::<proptest::sample::Index>(), any::<proptest::sample::Index>())),
        version in prop_oneof![Just(6u32), Just(7), Just(8)],
        builder in any::<bool>(),
        separate in any::<bool>(),
    ) -> Spec {
        let mut spec = Spec::sized(sites.len(), sites.len() * 5);
        for (s, &(fe, edge, director, extra)) in spec.sites.iter_mut().zip(&sites) {
            s.fe_servers = fe;
            s.edge_servers = edge;
            s.director = director;
            s.extra_edges = if edge > 0 { extra } else { 0 };
        }
        let with_edge: Vec<usize> = (0..sites.len()).filter(|i| spec.sites[*i].edge_servers > 0).collect();
        let pick = |i: &proptest::sample::Index| (!with_edge.is_empty()).then(|| with_edge[i.index(with_edge.len())]);
        spec.federation_site = if federated { pick(&federation) } else { None };
        spec.xmpp_site = if xmpp_on { pick(&xmpp) } else { None };
        for (site, k, xmpp) in &more {
            if let Some(site) = pick(site) {
                let k = k % (spec.sites[site].extra_edges + 1);
                if *xmpp { spec.more_xmpp.push((site, k)) } else { spec.more_federation.push((site, k)) }
            }
        }
        for (site, (kind, target)) in spec.sites.iter_mut().zip(&routes) {
            site.route = match (kind, pick(target)) {
                (0, _) => Route::NoSettings,
                (1, _) => Route::Empty,
                (2, Some(s)) => Route::Edge { site: s, edge: 0 },
                (3, _) => Route::Unknown("<RouteHint>x</RouteHint>".into()),
                _ => Route::Empty,
            };
        }
        if let Some((a, b)) = pair {
            let (a, b) = (a.index(sites.len()), b.index(sites.len()));
            if a != b {
                spec.backup_pairs = vec![(a, b)];
            }
        }
        spec.service_version = version;
        spec.separate_fqdns = separate;
        spec.domains = vec!["contoso.com".into(), "contoso.net".into()];
        if builder {
            spec.format = Format::TopologyBuilder;
        }
        spec
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// On any topology the generator writes, every row is the plan the page makes, and the
    /// verdicts follow the blockers and needs.
    #[test]
    fn every_row_of_a_random_topology_is_the_plan_made_by_hand(spec in random_spec()) {
        let text = generate(&spec);
        let file = load(text.as_bytes());
        prop_assume!(!file.topology.has_errors());
        assert_rows_are_the_plans_made_by_hand("random.xml", text.as_bytes());
        let r = readiness::build(&file, "random.xml", DATE).unwrap();
        for row in &r.rows {
            prop_assert_eq!(row.verdict == Verdict::Blocked, !row.blockers.is_empty());
            prop_assert!(row.best.is_some() || kinds(row).contains(&BlockerKind::NoSurvivor));
        }
    }
}

/// The shapes the random topologies cover are the report's: keep a strategy that does not
/// make them from passing unnoticed.
#[test]
fn random_topologies_cover_blocked_ready_and_ready_with_work() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = [false; 3];
    for _ in 0..40 {
        let spec = random_spec().new_tree(&mut runner).unwrap().current();
        let file = load(generate(&spec).as_bytes());
        let Ok(r) = readiness::build(&file, "random.xml", DATE) else {
            continue;
        };
        for row in &r.rows {
            seen[row.verdict as usize] = true;
        }
    }
    assert_eq!(seen, [true; 3], "ready, ready with work, blocked");
}
