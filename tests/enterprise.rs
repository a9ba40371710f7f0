//! Real enterprise topologies (DOMAIN.md rules 12 and 13, "Shapes seen in further real
//! exports"): several federated Edge pools stay federated unless the administrator asks, site
//! federation routes are read from the file and re-pointed, templates are caught, and a
//! topology where no pool can take over says what to do instead.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use edge_failover_planner::plan::{self, CheckKind, FailoverRequest, Failure};
use edge_failover_planner::topology::analyse_names::is_placeholder_name;
use edge_failover_planner::topology::by_name::{RouteSummary, Summary};
use edge_failover_planner::topology::{EdgeIdx, FederationRoute, FindingKind, Topology, TopologyFile};
use support::generator::{generate, Route, Spec};

fn load_path(path: &Path) -> TopologyFile {
    TopologyFile::read(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn own(name: &str) -> TopologyFile {
    load_path(&support::own_fixtures().join(name))
}

fn load(text: &str) -> TopologyFile {
    TopologyFile::read(text.as_bytes()).unwrap()
}

fn fqdn(t: &Topology, edge: EdgeIdx) -> &str {
    &t.pools[t.edge_pools[edge].pool].fqdn
}

fn federated(t: &Topology) -> Vec<String> {
    let mut v: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
    v.sort();
    v
}

/// The fixtures with more than one federated pool: the project's own and, when present, the
/// real exports.
fn multi_federation_fixtures() -> Vec<(String, TopologyFile)> {
    let files: Vec<(String, TopologyFile)> = support::all_topologies()
        .into_iter()
        .map(|p| (support::name(&p).to_owned(), load_path(&p)))
        .filter(|(_, f)| f.topology.federation_pools().count() > 1)
        .collect();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for own in [
        "woodgrove-lync2013-four-edges.xml",
        "wingtip-two-federated.tbxml",
        "northwind-site-routes.xml",
    ] {
        assert!(names.contains(&own), "{own} is among them: {names:?}");
    }
    files
}

#[test]
fn every_default_plan_leaves_the_healthy_federated_pools_byte_for_byte() {
    let mut plans: BTreeMap<String, usize> = BTreeMap::new();
    for (name, file) in multi_federation_fixtures() {
        let t = &file.topology;
        for failed in t.edges().filter(|e| t.edge_pools[*e].has_sip_federation()) {
            let scope = plan::scope(&file, &Failure::Pool(fqdn(t, failed).to_owned())).unwrap();
            for c in plan::candidates(&file, &scope).into_iter().filter(|c| c.eligible) {
                let at = format!("{name}: {} → {}", fqdn(t, failed), c.fqdn);
                let p = plan::make_plan(&file, &FailoverRequest::pool(fqdn(t, failed), &c.fqdn))
                    .unwrap_or_else(|e| panic!("{at}: {e}"));
                let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
                let a = &after.topology;
                for (i, e) in t.edges().zip(&t.edge_pools) {
                    if i == failed || i == c.edge {
                        continue;
                    }
                    let now = a.edge_by_fqdn(fqdn(t, i)).unwrap();
                    assert_eq!(
                        file.doc.source(t.services[e.service].element),
                        after.doc.source(a.services[now.service].element),
                        "{at}: the healthy pool {} changed",
                        fqdn(t, i)
                    );
                }
                // The survivor and every healthy federated pool carry federation; the failed does not.
                let mut want: Vec<String> = federated(t)
                    .into_iter()
                    .filter(|f| f != fqdn(t, failed))
                    .chain([c.fqdn.clone()])
                    .collect();
                want.sort();
                want.dedup();
                assert_eq!(federated(a), want, "{at}");
                if c.already_federated {
                    assert!(p.survivor_already_federated, "{at}");
                    assert!(
                        c.notes
                            .iter()
                            .any(|n| n == "already federated: its ports do not change"),
                        "{at}"
                    );
                    let now = a.edge_by_fqdn(&c.fqdn).unwrap();
                    let ports = |f: &TopologyFile, e: &edge_failover_planner::topology::EdgePool| {
                        f.topology.services[e.service]
                            .ports_element
                            .map(|p| f.doc.source(p).to_owned())
                    };
                    if !p.xmpp_moves || p.xmpp_target_has_ports {
                        assert_eq!(
                            ports(&file, &t.edge_pools[c.edge]),
                            ports(&after, now),
                            "{at}: an already-federated survivor's ports do not change"
                        );
                    }
                }

                // Asked to, the plan clears every other federated pool too.
                let p = plan::make_plan(
                    &file,
                    &FailoverRequest::pool(fqdn(t, failed), &c.fqdn).clearing_other_federation(),
                )
                .unwrap();
                let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
                assert_eq!(federated(&after.topology), [c.fqdn.as_str()], "{at}: cleared");
                let others = federated(t).len() - 1 - usize::from(c.already_federated);
                assert_eq!(
                    p.checks.iter().any(|x| x.check == CheckKind::ExtraFederationRemoved),
                    others > 0,
                    "{at}"
                );
                *plans.entry(name.clone()).or_default() += 1;
            }
        }
    }
    // Each federated pool failed, to each eligible survivor: four in Woodgrove with four
    // survivors each, two in Wingtip and two in Northwind with three each. None of the real
    // exports has two federated pools.
    let plans: Vec<(&str, usize)> = plans.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    assert_eq!(
        plans,
        [
            ("northwind-site-routes.xml", 2 * 3),
            ("wingtip-two-federated.tbxml", 2 * 3),
            ("woodgrove-lync2013-four-edges.xml", 4 * 4),
        ]
    );
}

#[test]
fn the_topology_builder_original_copy_is_never_edited() {
    let file = own("wingtip-two-federated.tbxml");
    let original = |f: &TopologyFile| {
        let root = f.doc.root();
        let o = f
            .doc
            .child(root, "OriginalTopology")
            .expect("the file holds OriginalTopology");
        f.doc.source(o).to_owned()
    };
    let p = plan::make_plan(
        &file,
        &FailoverRequest::pool(
            "edgepool-amsterdam.wingtiptoys.com",
            "edgepool-capetown.wingtiptoys.com",
        ),
    )
    .unwrap();
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    assert_eq!(original(&file), original(&after));
    assert_ne!(file.doc.text(), after.doc.text());
    // The model is the NewTopology: the copy adds no pool.
    assert_eq!(file.topology.edge_pools.len(), 4);
}

#[test]
fn site_routes_are_read_in_every_state() {
    let states = |f: &TopologyFile| -> Vec<(String, RouteSummary)> {
        Summary::of(&f.topology)
            .sites
            .into_iter()
            .map(|s| (s.name, s.federation_route))
            .collect()
    };
    let northwind = own("northwind-site-routes.xml");
    let got = states(&northwind);
    assert_eq!(
        got[0].1,
        RouteSummary::Pool {
            pool: "edgepool-amsterdam.northwindtraders.com".into(),
            kind: edge_failover_planner::topology::PoolKind::Edge
        }
    );
    assert_eq!(
        got[1].1,
        RouteSummary::Pool {
            pool: "dir-boston.northwindtraders.com".into(),
            kind: edge_failover_planner::topology::PoolKind::Director
        }
    );
    match &got[2].1 {
        RouteSummary::NotUnderstood { content, why } => {
            assert!(
                content.contains("<RouteHint Kind=\"Preferred\">edge-a</RouteHint>"),
                "{content}"
            );
            assert!(why.contains("RouteHint"), "{why}");
        }
        other => panic!("Cape Town: {other:?}"),
    }
    let warned: Vec<_> = northwind
        .topology
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::FederationRouteNotUnderstood)
        .collect();
    assert_eq!(warned.len(), 1);
    assert!(warned[0].message.contains("Cape Town") && warned[0].position.is_some());

    let wingtip = states(&own("wingtip-two-federated.tbxml"));
    assert_eq!(wingtip[0].1, RouteSummary::Empty);
    assert_eq!(wingtip[1].1, RouteSummary::NoSiteSettings);
    for (name, state) in states(&own("woodgrove-lync2013-four-edges.xml")) {
        assert_eq!(state, RouteSummary::Empty, "{name}");
    }
    assert_eq!(RouteSummary::Empty.describe(), "route empty");
    assert_eq!(RouteSummary::NoSiteSettings.describe(), "no site settings");
    assert!(got[0]
        .1
        .describe()
        .starts_with("route names edgepool-amsterdam.northwindtraders.com"));
    assert!(got[2]
        .1
        .describe()
        .starts_with("route holds something the planner does not understand"));
}

#[test]
fn a_route_through_the_failed_pool_is_re_pointed_and_the_others_are_kept_byte_for_byte() {
    let file = own("northwind-site-routes.xml");
    let p = plan::make_plan(
        &file,
        &FailoverRequest::pool(
            "edgepool-amsterdam.northwindtraders.com",
            "edgepool-dublin.northwindtraders.com",
        ),
    )
    .unwrap();
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    let (t, a) = (&file.topology, &after.topology);
    let route_of = |top: &Topology, site: usize| top.route_edge(site).map(|e| fqdn(top, e).to_owned());
    assert_eq!(route_of(a, 0).as_deref(), Some("edgepool-dublin.northwindtraders.com"));
    assert_eq!(route_of(a, 3).as_deref(), Some("edgepool-dublin.northwindtraders.com"));
    // The Director route and the route not understood are byte for byte what they were.
    let route_text = |f: &TopologyFile, site: usize| match &f.topology.sites[site].federation_route {
        FederationRoute::Service { reference, .. } => f.doc.source(*reference).to_owned(),
        FederationRoute::NotUnderstood { element, .. } => f.doc.source(*element).to_owned(),
        other => panic!("{other:?}"),
    };
    for site in [1, 2] {
        assert_eq!(
            route_text(&file, site),
            route_text(&after, site),
            "{}",
            t.sites[site].name
        );
    }
    let check = p
        .checks
        .iter()
        .find(|c| c.check == CheckKind::SiteFederationRoutes)
        .unwrap();
    assert!(
        check.message.contains("re-points the federation route of Amsterdam"),
        "{}",
        check.message
    );
    assert!(check.message.contains("inferred"), "{}", check.message);
    assert!(check.message.contains("Cape Town"), "{}", check.message);
}

#[test]
fn a_route_through_a_pool_that_is_cleared_on_request_follows_the_survivor() {
    // Boston's route names Boston's own federated Edge pool; clearing it moves that route too.
    let mut spec = Spec::sized(3, 12);
    spec.xmpp_site = None;
    spec.more_federation = vec![(1, 0)];
    spec.sites[1].route = Route::Edge { site: 1, edge: 0 };
    let file = load(&generate(&spec));
    let request = FailoverRequest::pool("edgepool-amsterdam.fabrikam.com", "edgepool-capetown.fabrikam.com");
    let p = plan::make_plan(&file, &request).unwrap();
    assert!(p.routes.is_empty(), "Boston's route names a healthy pool: left alone");
    let p = plan::make_plan(&file, &request.clearing_other_federation()).unwrap();
    assert_eq!(p.routes.len(), 1);
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    let e = after.topology.route_edge(1).unwrap();
    assert_eq!(fqdn(&after.topology, e), "edgepool-capetown.fabrikam.com");
    let c = p
        .checks
        .iter()
        .find(|c| c.check == CheckKind::ExtraFederationRemoved)
        .unwrap();
    assert!(
        c.message.contains("this plan re-points the routes of Boston"),
        "{}",
        c.message
    );
}

#[test]
fn a_route_to_a_pool_without_federation_is_a_finding() {
    let mut spec = Spec::sized(2, 8);
    spec.sites[1].route = Route::Edge { site: 1, edge: 0 };
    let file = load(&generate(&spec));
    let f: Vec<_> = file
        .topology
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::FederationRouteToUnfederatedPool)
        .collect();
    assert_eq!(f.len(), 1, "{:#?}", file.topology.findings);
    assert!(f[0].message.contains("Boston") && f[0].message.contains("edgepool-boston.fabrikam.com"));
    assert!(f[0].position.is_some());
}

#[test]
fn survivors_in_another_site_come_first_with_what_ranks_them() {
    let file = own("woodgrove-lync2013-four-edges.xml");
    let scope = plan::scope(&file, &Failure::Pool("edgepool-amsterdam.woodgrove.com".into())).unwrap();
    let list = plan::candidates(&file, &scope);
    let order: Vec<&str> = list.iter().map(|c| c.fqdn.as_str()).collect();
    assert_eq!(
        order,
        [
            "edgepool-boston.woodgrove.com",
            "edgepool2-amsterdam.woodgrove.com",
            "edgepool3-amsterdam.woodgrove.com",
            "edgepool4-amsterdam.woodgrove.com",
            "edgepool-amsterdam.woodgrove.com",
        ]
    );
    assert!(!list[0].same_site && list[1].same_site);
    assert!(list[0].notes.is_empty(), "{:?}", list[0].notes);
    for c in &list[1..4] {
        assert_eq!(
            c.notes,
            [
                "already federated: its ports do not change",
                "no Front End pool uses it for media"
            ],
            "{}",
            c.fqdn
        );
        assert!(c.already_federated);
    }
}

#[test]
fn the_access_edge_client_port_on_5061_is_never_taken_for_federation() {
    let file = own("woodgrove-lync2013-four-edges.xml");
    let t = &file.topology;
    for e in &t.edge_pools {
        let client = t.services[e.service]
            .ports
            .iter()
            .find(|p| p.usage() == "SipClient" && p.side() == "External")
            .unwrap();
        assert_eq!((client.number(), client.protocol()), ("5061", "Tls"));
        if let Some(f) = e.sip_federation {
            let port = &t.services[e.service].ports[f];
            assert_eq!(
                (port.usage(), port.number(), port.protocol()),
                ("SipServer", "5061", "Mtls")
            );
        }
    }
    assert!(!t
        .edge_by_fqdn("edgepool-boston.woodgrove.com")
        .unwrap()
        .has_sip_federation());
    let p = plan::make_plan(
        &file,
        &FailoverRequest::pool("edgepool-amsterdam.woodgrove.com", "edgepool-boston.woodgrove.com"),
    )
    .unwrap();
    let removed: Vec<&str> = p
        .written
        .diff
        .hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind != edge_failover_planner::edit::DiffLineKind::Context)
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        removed.iter().all(|l| !l.contains("Usage=\"SipClient\"")),
        "{removed:#?}"
    );
}

#[test]
fn placeholder_names_are_caught_and_planning_still_works() {
    for name in [
        "[DOMAINID]",
        "pool.$DomainDnsName",
        "%DOMAIN%.com",
        "pool one.example.com",
        "{domain}",
    ] {
        assert!(is_placeholder_name(name), "{name}");
    }
    for name in [
        "pool01.contoso.com",
        "owa",
        "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab",
        "edge_1.contoso.com",
    ] {
        assert!(!is_placeholder_name(name), "{name}");
    }
    let file = own("fourthcoffee-template.xml");
    let f: Vec<_> = file
        .topology
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::TemplateVariables)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message
            .starts_with("This looks like a template: 24 name(s) contain placeholders"),
        "{}",
        f[0]
    );
    assert!(f[0].message.contains("commands built from them will not work"));
    let p = plan::make_plan(
        &file,
        &FailoverRequest::pool("edgepool-amsterdam.[DOMAINID]", "edgepool-boston.[DOMAINID]"),
    )
    .unwrap();
    assert!(p.checks.iter().any(|c| c.check == CheckKind::TemplateNames));
    // An export with ordinary names is no template.
    assert!(!own("woodgrove-lync2013-four-edges.xml")
        .topology
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::TemplateVariables));
}

#[test]
fn when_no_pool_can_take_over_the_plan_says_what_to_do_instead() {
    let mut spec = Spec::sized(1, 5);
    spec.domains = vec!["proseware.com".into()];
    let file = load(&generate(&spec));
    assert_eq!(file.topology.edge_pools.len(), 1);
    let scope = plan::scope(&file, &Failure::Pool("edgepool-amsterdam.proseware.com".into())).unwrap();
    let advice = plan::no_survivor_advice(&file, &scope).expect("a dead end");
    for words in [
        "This topology has no other Edge pool",
        "restore edgepool-amsterdam.proseware.com",
        "add an Edge pool in another site first",
    ] {
        assert!(advice.contains(words), "{words}: {advice}");
    }
    // With another pool, but in the failed site, the advice names the site.
    let sample = load(&support::sample_text());
    let scope = plan::scope(&sample, &Failure::Site("Amsterdam".into())).unwrap();
    assert!(plan::no_survivor_advice(&sample, &scope).is_none());
    let mut spec = Spec::sized(2, 8);
    spec.sites[1].edge_servers = 0;
    let file = load(&generate(&spec));
    let scope = plan::scope(&file, &Failure::Site("Amsterdam".into())).unwrap();
    let advice = plan::no_survivor_advice(&file, &scope).unwrap();
    assert!(advice.contains("restore the Edge pools of Amsterdam"), "{advice}");
}

/// A standalone failback cannot know whether the pool federation comes back from carried it
/// before the failover. With other federated pools in the topology it may have: the plan
/// warns before clearing it, and keeps it when the administrator says so. Failing over to an
/// already-federated pool and back, keeping it, gives the original file byte for byte.
#[test]
fn a_failback_keeps_federation_on_the_pool_it_comes_back_from_when_asked() {
    let path = support::own_fixtures().join("woodgrove-lync2013-four-edges.xml");
    let original = std::fs::read(&path).unwrap();
    let file = load_path(&path);
    let (failed, temporary) = ("edgepool-amsterdam.woodgrove.com", "edgepool2-amsterdam.woodgrove.com");
    let over = plan::make_plan(&file, &FailoverRequest::pool(failed, temporary)).unwrap();
    assert!(over.survivor_already_federated);
    let after = TopologyFile::read(&over.written.topology_bytes).unwrap();

    // By default the failback clears the temporary pool, and says it may be wrong.
    let back = plan::make_plan(&after, &FailoverRequest::failback(temporary, failed)).unwrap();
    let warning = back
        .checks
        .iter()
        .find(|c| c.check == CheckKind::TemporaryFederationCleared)
        .expect("a warning before clearing a pool that may have been federated before");
    assert_eq!(warning.severity, plan::CheckSeverity::Warning);
    assert!(
        warning.message.contains("--keep-temporary-federation"),
        "{}",
        warning.message
    );
    assert_eq!(warning.pools, [temporary]);
    let cleared = TopologyFile::read(&back.written.topology_bytes).unwrap();
    assert!(!federated(&cleared.topology).contains(&temporary.to_owned()));

    // Kept: its ports stay, the restored pool gets federation back, and the file is the
    // original again, byte for byte.
    let keep = FailoverRequest::failback(temporary, failed).keeping_temporary_federation();
    let back = plan::make_plan(&after, &keep).unwrap();
    assert!(back
        .checks
        .iter()
        .all(|c| c.check != CheckKind::TemporaryFederationCleared));
    let kept = back
        .checks
        .iter()
        .find(|c| c.check == CheckKind::TemporaryFederationKept)
        .expect("the choice is said");
    assert_eq!(
        (kept.severity, kept.pools.as_slice()),
        (plan::CheckSeverity::Note, [temporary.to_owned()].as_slice())
    );
    assert!(back.federation_from.is_empty(), "nothing loses SIP federation");
    assert!(back.xmpp_from.is_empty(), "nothing loses XMPP federation");
    assert!(
        back.checks.iter().all(|c| c.severity != plan::CheckSeverity::Error),
        "{:?}",
        back.checks
    );
    assert_eq!(back.written.topology_bytes, original);

    // On a failover the choice means nothing.
    let over_keep = plan::make_plan(
        &file,
        &FailoverRequest::pool(failed, temporary).keeping_temporary_federation(),
    )
    .unwrap();
    assert_eq!(over_keep.written.topology_bytes, over.written.topology_bytes);
}

/// Kept on failback, the pool keeps the site routes through it too, and the check names the
/// sites and the command for those that routed through the restored pool before.
#[test]
fn a_failback_that_keeps_federation_keeps_the_routes_and_says_how_to_set_them_back() {
    let file = own("northwind-site-routes.xml");
    let t = &file.topology;
    let (temporary, restored) = (
        "edgepool-amsterdam.northwindtraders.com",
        "edgepool-dublin.northwindtraders.com",
    );

    let default = plan::make_plan(&file, &FailoverRequest::failback(temporary, restored)).unwrap();
    let mut moved: Vec<&str> = default.routes.iter().map(|r| t.sites[r.site].name.as_str()).collect();
    moved.sort();
    assert_eq!(moved, ["Amsterdam", "Dublin"]);
    assert!(default
        .checks
        .iter()
        .any(|c| c.check == CheckKind::TemporaryFederationCleared));

    let keep = FailoverRequest::failback(temporary, restored).keeping_temporary_federation();
    let p = plan::make_plan(&file, &keep).unwrap();
    assert!(p.routes.is_empty(), "the routes through the kept pool stay");
    let check = p
        .checks
        .iter()
        .find(|c| c.check == CheckKind::TemporaryFederationKept)
        .unwrap();
    assert_eq!(check.severity, plan::CheckSeverity::Warning);
    for words in [
        "Amsterdam, Dublin",
        "-FederationRoute 'EdgeServer:edgepool-dublin.northwindtraders.com'",
    ] {
        assert!(check.message.contains(words), "{words}: {}", check.message);
    }
    // Nothing else says the routes are left down.
    assert!(p
        .checks
        .iter()
        .all(|c| !c.message.contains("stays down until the pool is back")));
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    assert_eq!(
        federated(&after.topology),
        [
            "edgepool-amsterdam.northwindtraders.com",
            "edgepool-boston.northwindtraders.com",
            "edgepool-dublin.northwindtraders.com"
        ]
    );
    for site in 0..t.sites.len() {
        assert_eq!(
            after.topology.sites[site].federation_route,
            t.sites[site].federation_route
        );
    }
}

/// The failback inside a failover checklist is the failover's reverse: pools cleared on
/// request get their SIP and XMPP federation back, and their servers run the wizard.
#[test]
fn the_failback_gives_federation_back_to_the_pools_cleared_on_request() {
    use edge_failover_planner::checklist;
    let file = own("woodgrove-lync2013-four-edges.xml");
    let (failed, survivor) = ("edgepool-amsterdam.woodgrove.com", "edgepool-boston.woodgrove.com");
    let healthy = [
        "edgepool2-amsterdam.woodgrove.com",
        "edgepool3-amsterdam.woodgrove.com",
        "edgepool4-amsterdam.woodgrove.com",
    ];
    // The failback's step ids, and the servers its one Deployment Wizard step ticks.
    let failback_of = |request: &FailoverRequest| -> (Vec<String>, Vec<String>) {
        let p = plan::make_plan(&file, request).unwrap();
        let list = checklist::build_for(&file, &p, "woodgrove.xml", "out.xml");
        let ids = list
            .steps()
            .filter(|s| s.id.starts_with("failback/"))
            .map(|s| s.id.clone())
            .collect();
        let boxes = list
            .step("failback/deployment-wizard")
            .map(|s| s.boxes.clone())
            .unwrap_or_default();
        (ids, boxes)
    };
    let (cleared, wizard) = failback_of(&FailoverRequest::pool(failed, survivor).clearing_other_federation());
    for pool in healthy {
        for id in [
            format!("failback/tb-enable-federation:{pool}"),
            format!("failback/tb-enable-xmpp:{pool}"),
        ] {
            assert!(cleared.contains(&id), "{id} in {cleared:?}");
        }
    }
    assert_eq!(wizard.len(), 8, "two servers in each of the four pools: {wizard:?}");

    let (kept, wizard) = failback_of(&FailoverRequest::pool(failed, survivor));
    assert!(kept.iter().all(|i| !healthy.iter().any(|p| i.ends_with(p))), "{kept:?}");
    assert_eq!(wizard.len(), 2, "only the restored pool's servers: {kept:?}");
}
