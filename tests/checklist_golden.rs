//! The runbook, whole, for every fixture and scenario: golden Markdown files under
//! `tests/golden/` (read through once; `UPDATE_GOLDEN=1` rewrites them after a deliberate
//! change), the failover's and the failback's documents apart, and beside each a set of
//! structural facts, so that a regenerated golden cannot silently lose a part of the
//! procedure. The order of two runbooks (the four federated pools, and a site failover with the
//! Central Management Server in the failed site) is written out by hand.
//!
//! The real exports in `../shared/fixtures` carry no licence, so no golden of them is written:
//! their runbooks are held to the same structural facts only.

mod support;

use std::path::{Path, PathBuf};

use edge_failover_planner::checklist::{self, Checklist, Kind, Phase, Role, Step};
use edge_failover_planner::plan::{self, FailoverRequest, Plan, PlanError};
use edge_failover_planner::topology::{Format, TopologyFile};
use support::generator::{generate, Spec};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn own(name: &str) -> String {
    support::fixture_text(&std::fs::read(support::own_fixtures().join(name)).unwrap())
}

fn sample() -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml"))
}

/// One plan on one topology, and the runbook the page and the CLI would give for it.
struct Made {
    file: TopologyFile,
    plan: Plan,
    list: Checklist,
    /// The first document: the failover's (or a failback plan's).
    markdown: String,
    /// The failback's document, for a failover.
    failback: Option<String>,
    loaded_name: String,
    modified_name: String,
}

fn make(text: &str, loaded_name: &str, request: &FailoverRequest) -> Made {
    let file = TopologyFile::read(text.as_bytes()).unwrap_or_else(|e| panic!("{loaded_name}: {e}"));
    let plan = plan::make_plan(&file, request).unwrap_or_else(|e| panic!("{loaded_name}: {e}"));
    assert!(!plan.has_blocking_checks(), "{loaded_name}: {:#?}", plan.checks);
    let modified_name = plan::output_file_name(loaded_name, plan.survivor_fqdn(&file));
    let list = checklist::build_for(&file, &plan, loaded_name, &modified_name);
    let broken: Vec<String> = list
        .safety
        .iter()
        .flat_map(|r| {
            r.breaches
                .iter()
                .map(move |b| format!("{}: {:?} {}", r.rule.id(), b.step, b.message))
        })
        .collect();
    assert!(
        broken.is_empty(),
        "{loaded_name}: safety rules broken:\n{}",
        broken.join("\n")
    );
    let markdown = checklist::markdown::render(&list);
    let failback = (list.glance.len() > 1).then(|| checklist::markdown::render_phase(&list, Phase::Failback));
    Made {
        file,
        plan,
        list,
        markdown,
        failback,
        loaded_name: loaded_name.to_owned(),
        modified_name,
    }
}

/// Ids of the steps, in order, with a step's own qualifier (`:pool`) cut off.
fn ids(m: &Made) -> Vec<String> {
    m.list
        .steps()
        .map(|s| s.id.split(':').next().unwrap().to_owned())
        .collect()
}

/// The ids of one document's steps (its rollback apart), in order, whole.
fn document(m: &Made, phase: Phase) -> Vec<String> {
    m.list.phase_steps(phase).map(|s| s.id.clone()).collect()
}

fn position(m: &Made, id: &str) -> Option<usize> {
    ids(m).iter().position(|x| x == id)
}

fn has(m: &Made, id: &str) -> bool {
    position(m, id).is_some()
}

fn step<'a>(m: &'a Made, id: &str) -> &'a Step {
    m.list
        .steps()
        .find(|s| s.id == id || s.id.split(':').next() == Some(id))
        .unwrap_or_else(|| panic!("{}: no step {id}", m.loaded_name))
}

/// A step's words, commands and verification as plain text.
fn plain_of(m: &Made, id: &str) -> String {
    let s = step(m, id);
    let mut out = vec![s.title.plain(), s.place.plain()];
    out.extend(s.notes.iter().map(|t| t.plain()));
    out.extend(s.actions.iter().map(|t| t.plain()));
    out.extend(s.commands.iter().cloned());
    out.extend(s.boxes.iter().cloned());
    out.extend(s.verify.iter().map(|t| t.plain()));
    out.extend(s.verify_commands.iter().cloned());
    if let Some(stop) = &s.stop {
        out.push(stop.condition.plain());
        out.push(stop.then.plain());
    }
    out.join("\n")
}

fn at(m: &Made, id: &str) -> usize {
    position(m, id).unwrap_or_else(|| panic!("{}: no step {id}", m.loaded_name))
}

fn in_order(m: &Made, order: &[&str]) {
    let at: Vec<usize> = order.iter().map(|id| at(m, id)).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{}: {order:?} are at {at:?}",
        m.loaded_name
    );
}

/// What every runbook holds, whatever the scenario: each document numbered from 1, each
/// step placed, owned and verifiable; the parts of the procedure where they apply and not
/// where they do not, in the order the checks require.
fn assert_structure(m: &Made) {
    let t = &m.file.topology;
    let p = &m.plan;
    let what = &m.loaded_name;
    let failback = p.request.direction == plan::Direction::Failback;

    for (phase, rollback) in [
        (Phase::Failover, false),
        (Phase::Failover, true),
        (Phase::Failback, false),
        (Phase::Failback, true),
    ] {
        let numbers: Vec<usize> = m
            .list
            .sections
            .iter()
            .filter(|s| s.phase == phase && s.rollback == rollback)
            .flat_map(|s| s.steps.iter().map(|st| st.number))
            .collect();
        assert_eq!(
            numbers,
            (1..=numbers.len()).collect::<Vec<_>>(),
            "{what}: {phase:?} {rollback}"
        );
    }
    let mut all: Vec<&str> = m.list.steps().map(|s| s.id.as_str()).collect();
    all.sort_unstable();
    let count = all.len();
    all.dedup();
    assert_eq!(all.len(), count, "{what}: step ids are unique");
    for s in m
        .list
        .phase_steps(Phase::Failover)
        .chain(m.list.phase_steps(Phase::Failback))
    {
        assert!(!s.place.0.is_empty(), "{what}: {} has no place", s.id);
        assert!(
            !s.verify.is_empty() || !s.verify_commands.is_empty(),
            "{what}: {} has no verification",
            s.id
        );
    }
    // One heading, one Where and one Who a step, in each document.
    for (md, phase) in [
        (Some(&m.markdown), m.list.phases()[0]),
        (m.failback.as_ref(), Phase::Failback),
    ] {
        let Some(md) = md else { continue };
        let n = m
            .list
            .sections
            .iter()
            .filter(|s| s.phase == phase)
            .map(|s| s.steps.len())
            .sum::<usize>();
        assert_eq!(md.matches("\n### - [ ] ").count(), n, "{what}");
        assert_eq!(md.matches("**Where:**").count(), n, "{what}");
        assert_eq!(md.matches("**Who:**").count(), n, "{what}");
        assert!(md.contains("Safety rules: 9 of 9 hold"), "{what}");
        let glance = md.find("**First action:**").expect("the first action");
        let checks = md.find("## Checks").expect("the checks");
        let first = md.find("\n### - [ ] 1. ").expect("step 1");
        assert!(glance < checks && checks < first, "{what}");
        for line in md.lines().filter(|l| !l.starts_with("```")) {
            assert!(!line.contains("``"), "{what}: adjacent code spans in {line}");
        }
        assert!(
            !md.contains("10 to 15 minutes"),
            "{what}: an outage length with no source"
        );
    }
    // The real names, no placeholders of the planner's own.
    let survivor = p.survivor_fqdn(&m.file).to_owned();
    assert!(m.markdown.contains(&format!("`{survivor}`")), "{what}");
    assert!(
        !m.markdown.contains("yourdomain") && !m.markdown.contains("<Front End pool FQDN>"),
        "{what}"
    );
    // Nothing asks for a backup pool by name (the topology gives it, or there is none).
    assert!(!m.markdown.contains("Read-Host 'Back"), "{what}");

    // Before: the baseline, the record, the comparison, and the DNS record when DNS changes.
    let cms_down = has(m, "central-management-find");
    for id in ["before-backup", "before-current-state", "check-permissions", "gate"] {
        assert!(has(m, id), "{what}: {id}");
    }
    // With the Central Management Server down nothing can be compared with the live topology
    // before it moves; the fresh export after it takes the comparison's place.
    assert_eq!(has(m, "before-same-topology"), !cms_down, "{what}");
    assert_eq!(has(m, "central-management-fresh-export"), cms_down, "{what}");
    assert_eq!(
        has(m, "before-dns-record"),
        p.federation_moves || p.xmpp_moves,
        "{what}"
    );
    if !cms_down {
        in_order(
            m,
            &[
                "before-backup",
                "before-current-state",
                "before-same-topology",
                "check-permissions",
                "gate",
            ],
        );
    }
    // The checks the changes rely on, before the gate.
    if p.federation_moves || p.xmpp_moves || failback {
        in_order(m, &["check-certificate", "check-firewall", "gate"]);
    }
    // The next hop, only when needed, after its pool is seen running and before the publish.
    assert_eq!(has(m, "next-hop"), p.next_hop.is_some(), "{what}");
    if p.next_hop.is_some() {
        in_order(m, &["check-next-hop-running", "gate", "next-hop"]);
        if p.changes_topology() {
            in_order(m, &["next-hop", "publish-topology"]);
        }
    }
    // Route A by default: Topology Builder, published once; no file published unless route B.
    assert_eq!(has(m, "publish-topology"), p.changes_topology(), "{what}");
    let route_b = p.request.route == plan::Route::PublishFile;
    let publishes_file = m
        .list
        .phase_steps(m.list.phases()[0])
        .any(|s| s.commands.iter().any(|c| c.starts_with("Publish-CsTopology -FileName")));
    assert_eq!(
        publishes_file,
        route_b && t.format == Format::Published && p.changes_topology(),
        "{what}"
    );
    assert!(
        !m.list
            .phase_steps(m.list.phases()[0])
            .any(|s| s.id.starts_with("tb-") && s.commands.iter().any(|c| c.starts_with("Set-CsSite"))),
        "{what}: no Set-CsSite inside route A"
    );
    if p.federation_moves {
        for f in &p.federation_from {
            let id = format!("tb-clear-federation:{}", t.pools[t.edge_pools[*f].pool].fqdn);
            assert!(route_b || m.list.steps().any(|s| s.id == id), "{what}: {id}");
        }
        assert_eq!(
            has(m, "tb-enable-federation"),
            !route_b && !p.survivor_already_federated,
            "{what}"
        );
        assert!(
            route_b || has(m, "tb-noted-routes"),
            "{what}: the noted routes are acted on"
        );
        in_order(
            m,
            &[
                "check-certificate",
                "check-firewall",
                "gate",
                "check-federation-port",
                "dns-federation",
            ],
        );
        let dns = step(m, "dns-federation");
        assert_eq!(dns.role, Role::DnsTeam, "{what}");
    } else {
        assert!(!has(m, "dns-federation"), "{what}");
    }
    // The wizard on every server whose ports change, one step with a box each.
    let ports_change = (p.federation_moves && !p.survivor_already_federated)
        || (p.xmpp_moves && !p.xmpp_target_has_ports)
        || p.federation_from
            .iter()
            .chain(p.xmpp_from.iter())
            .any(|e| !p.scope.failed_edges.contains(e))
        || !p.federation_restored.is_empty();
    assert_eq!(has(m, "deployment-wizard"), ports_change, "{what}");
    if ports_change {
        in_order(m, &["publish-topology", "replication-ready", "deployment-wizard"]);
        let wizard = step(m, "deployment-wizard");
        assert!(
            wizard.boxes.len() >= t.pools[t.edge_pools[p.survivor].pool].machines.len().min(1),
            "{what}"
        );
    }
    // XMPP where it moves, never on 2019, the certificate checked before the stop.
    if p.xmpp_moves && !failback {
        if p.xmpp_apart() {
            // Another pool that already carries XMPP: its own certificate and ports checked
            // before the gate, and nothing stops the survivor for XMPP.
            in_order(
                m,
                &[
                    "check-xmpp-certificate",
                    "check-xmpp-firewall",
                    "gate",
                    "xmpp-dns",
                    "xmpp-route",
                    "xmpp-listening",
                    "xmpp-restart",
                ],
            );
            let survivor = p.survivor_fqdn(&m.file);
            assert!(
                !m.list.steps().any(|s| s.changes.iter().any(|c| matches!(c,
                    checklist::Change::Services { pool, start: false } if pool == survivor))),
                "{what}: the survivor is not stopped for XMPP"
            );
        } else if p.xmpp_target_has_ports {
            in_order(m, &["gate", "xmpp-route", "xmpp-listening", "xmpp-restart"]);
        } else {
            in_order(
                m,
                &["check-certificate", "gate", "xmpp-stop", "xmpp-route", "xmpp-start"],
            );
        }
        assert!(has(m, "verify-xmpp"), "{what}");
    } else if !p.xmpp_moves {
        assert!(!m.markdown.contains("_xmpp-server"), "{what}");
    }
    // The verification ends the direction, and its rollback follows.
    assert!(has(m, "verify-topology") || !p.changes_topology(), "{what}");
    let rollback: Vec<&Step> = m.list.rollback_steps(m.list.phases()[0]).collect();
    assert!(!rollback.is_empty(), "{what}: a rollback");
    assert_eq!(
        rollback[0].id.ends_with("rollback-republish"),
        p.changes_topology(),
        "{what}"
    );
    // The failback is its own document, the restored pool checked before its first change.
    if !failback {
        assert!(m.failback.is_some(), "{what}: a failback document");
        let back = |id: &str| at(m, &format!("failback/{id}"));
        if p.changes_topology() {
            assert!(
                back("check-certificate") < back("gate") && back("gate") < back("publish-topology"),
                "{what}"
            );
            assert!(back("check-replication") < back("gate"), "{what}");
        }
    }
}

/// Builds a scenario, holds it to the structure and compares both documents with their
/// golden files.
fn scenario(golden: &str, text: &str, loaded_name: &str, request: FailoverRequest) -> Made {
    let m = make(text, loaded_name, &request);
    assert_structure(&m);
    support::golden(&golden_dir().join(golden), &m.markdown);
    if let Some(back) = &m.failback {
        support::golden(&golden_dir().join(golden.replace(".md", ".failback.md")), back);
    }
    m
}

const AMS: &str = "edgepool-amsterdam.fabrikam.com";
const BOS: &str = "edgepool-boston.fabrikam.com";

// --- The built-in sample: two sites, federation and XMPP in Amsterdam, Directors as next hops.

#[test]
fn sample_pool_failover() {
    let m = scenario(
        "sample-pool-failover.md",
        &sample(),
        "sample.xml",
        FailoverRequest {
            move_xmpp: Some(false),
            ..FailoverRequest::pool(AMS, BOS)
        },
    );
    assert!(m.plan.federation_moves && !m.plan.xmpp_moves);
    assert!(m.markdown.contains(
        "**warning**: edgepool-amsterdam.fabrikam.com carries XMPP federation and the plan does not move it"
    ));
    assert!(has(&m, "reassociate"));
    assert!(!has(&m, "central-management-failover") && !has(&m, "front-end-pool-failover"));
}

#[test]
fn sample_xmpp() {
    let m = scenario(
        "sample-xmpp.md",
        &sample(),
        "sample.xml",
        FailoverRequest::pool(AMS, BOS),
    );
    assert!(m.plan.xmpp_moves);
    // The survivor's XMPP route, in Boston, where XMPP now lives.
    assert!(plain_of(&m, "xmpp-route")
        .contains("Set-CsSite -Identity 'Boston' -XmppFederationRoute 'EdgeServer:edgepool-boston.fabrikam.com'"));
}

#[test]
fn sample_site_failover() {
    let m = scenario(
        "sample-site-failover.md",
        &sample(),
        "sample.xml",
        FailoverRequest::site("Amsterdam", BOS),
    );
    // Amsterdam's Front End pool is down with the site and the sample pairs it with no backup
    // pool: no pool failover, and no Central Management Server failover either.
    assert!(!has(&m, "front-end-pool-failover") && !has(&m, "central-management-failover"));
    assert!(
        !m.markdown.contains("Invoke-CsPoolFailover")
            && !m.markdown.contains("Invoke-CsManagementServerFailover -Backup")
    );
    assert!(m
        .markdown
        .contains("with no backup pool, and pool failover can only be invoked for a pool with one"));
    let rebuild = step(&m, "central-management-rebuild");
    assert_eq!(rebuild.role, Role::Dba);
    assert!(rebuild
        .basis
        .iter()
        .any(|b| matches!(b, checklist::Basis::Inferred("central-management-rebuild"))));
    // No XMPP route for the site that is down.
    assert!(!plain_of(&m, "xmpp-route").contains("-Identity 'Amsterdam'"));
}

#[test]
fn sample_failback() {
    let over = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let after = String::from_utf8(over.plan.written.topology_bytes.clone()).unwrap();
    let m = scenario(
        "sample-failback.md",
        &after,
        &over.modified_name,
        FailoverRequest::failback(BOS, AMS),
    );
    assert!(m.plan.federation_moves && m.plan.xmpp_moves);
    assert!(m.failback.is_none() && m.list.phases() == [Phase::Failback]);
    assert_eq!(
        String::from_utf8(m.plan.written.topology_bytes.clone()).unwrap(),
        sample()
    );
    // The XMPP route is set before the restored pool's services start, so they start once.
    in_order(
        &m,
        &[
            "check-certificate",
            "xmpp-route",
            "failback-start",
            "check-replication",
            "gate",
            "publish-topology",
        ],
    );
}

/// The sample with a third site holding only Boston's Edge pool, whose next hop is the
/// Director in Amsterdam.
fn edge_alone_in_its_site() -> String {
    let text = sample().replace(
        "  </Sites>",
        "    <CentralSite SiteId=\"3\">\n      <Name>Chicago</Name>\n      <Location City=\"Chicago\" CountryCode=\"US\" />\n    </CentralSite>\n  </Sites>",
    );
    let text = text.replace(
        r#"<ClusterId SiteId="2" Number="2" />"#,
        r#"<ClusterId SiteId="3" Number="1" />"#,
    );
    let edge = text
        .find("<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"1\" />\n      <DependsOn>")
        .expect("Boston's Edge service");
    let hop = r#"<ServiceId SiteId="2" RoleName="Registrar" Instance="2" />"#;
    let at = edge + text[edge..].find(hop).unwrap();
    format!(
        "{}{}{}",
        &text[..at],
        r#"<ServiceId SiteId="1" RoleName="Registrar" Instance="2" />"#,
        &text[at + hop.len()..]
    )
}

#[test]
fn sample_next_hop_in_another_site() {
    let m = scenario(
        "sample-next-hop.md",
        &edge_alone_in_its_site(),
        "sample-chicago.xml",
        FailoverRequest::site("Amsterdam", BOS),
    );
    assert!(plain_of(&m, "next-hop").contains(
        "Set-CsEdgeServer -Identity 'EdgeServer:edgepool-boston.fabrikam.com' -Registrar 'Registrar:dir-boston.fabrikam.com'"
    ));
    // Review row 31: the next hop goes back only once its Director runs again, seen on each
    // of its servers.
    let running = plain_of(&m, "failback/check-next-hop-running");
    assert!(running.contains("Get-CsWindowsService -ComputerName"), "{running}");
    in_order(&m, &["failback/check-next-hop-running", "failback/restore-next-hop"]);
    assert!(step(&m, "failback/restore-next-hop")
        .needs
        .iter()
        .any(|n| n == "failback/check-next-hop-running"));
}

// --- The project's other fixtures.

#[test]
fn fabrikam_topology_builder_pool_failover() {
    let m = scenario(
        "fabrikam-two-sites-pool-failover.md",
        &own("fabrikam-two-sites.tbxml"),
        "fabrikam-two-sites.tbxml",
        FailoverRequest::pool(AMS, BOS),
    );
    // Review row 30: a drift check that can be followed: the two files' NewTopology compared.
    let same = plain_of(&m, "before-same-topology");
    assert!(
        same.contains("LocalName -eq 'NewTopology'") && same.contains("Compare-Object"),
        "{same}"
    );
}

#[test]
fn fabrikam_topology_builder_site_failover() {
    scenario(
        "fabrikam-two-sites-site-failover.md",
        &own("fabrikam-two-sites.tbxml"),
        "fabrikam-two-sites.tbxml",
        FailoverRequest::site("Amsterdam", BOS),
    );
}

#[test]
fn litware_site_failover_reassociates_the_site_without_an_edge() {
    let m = scenario(
        "litware-three-sites-site-failover.md",
        &own("litware-three-sites-crlf.xml"),
        "litware-three-sites-crlf.xml",
        FailoverRequest::site("Amsterdam", "edgepool-boston.litware.org"),
    );
    let back: Vec<&str> = m
        .plan
        .reassociated
        .iter()
        .map(|p| m.file.topology.pools[*p].fqdn.as_str())
        .collect();
    assert_eq!(back, ["pool-capetown.litware.org"]);
    assert!(!m.plan.xmpp_moves, "XMPP is on Boston, which did not fail");
}

#[test]
fn litware_xmpp_pool_failover_moves_only_xmpp() {
    let m = scenario(
        "litware-three-sites-xmpp.md",
        &own("litware-three-sites-crlf.xml"),
        "litware-three-sites-crlf.xml",
        FailoverRequest::pool("edgepool-boston.litware.org", "edgepool-amsterdam.litware.org"),
    );
    assert!(m.plan.xmpp_moves && !m.plan.federation_moves);
    assert!(m.markdown.contains("SIP federation (5061) does not move."));
    // Review row 13: a plan that moves XMPP only still checks the certificate, for the XMPP
    // names, before the stop.
    in_order(&m, &["check-certificate", "xmpp-stop"]);
}

#[test]
fn tailspin_lync_2013_pool_failover() {
    let m = scenario(
        "tailspin-lync2013-pool-failover.md",
        &own("tailspin-lync2013.xml"),
        "tailspin-lync2013.xml",
        FailoverRequest::pool("edgepool-boston.tailspin.net", "edgepool-amsterdam.tailspin.net"),
    );
    assert!(m.markdown.contains("**Lync Server Deployment Wizard**"));
    assert!(!m.markdown.contains("Skype for Business Server Deployment Wizard"));
}

#[test]
fn tailspin_lync_2013_failback() {
    let over = make(
        &own("tailspin-lync2013.xml"),
        "tailspin-lync2013.xml",
        &FailoverRequest::pool("edgepool-boston.tailspin.net", "edgepool-amsterdam.tailspin.net"),
    );
    let after = String::from_utf8(over.plan.written.topology_bytes.clone()).unwrap();
    let m = scenario(
        "tailspin-lync2013-failback.md",
        &after,
        &over.modified_name,
        FailoverRequest::failback("edgepool-amsterdam.tailspin.net", "edgepool-boston.tailspin.net"),
    );
    assert!(m.markdown.contains("**Lync Server Deployment Wizard**"));
    assert_eq!(
        String::from_utf8(m.plan.written.topology_bytes.clone()).unwrap(),
        own("tailspin-lync2013.xml")
    );
}

#[test]
fn adatum_2019_pool_failover_has_no_xmpp() {
    let m = scenario(
        "adatum-2019-pool-failover.md",
        &own("adatum-2019.xml"),
        "adatum-2019.xml",
        FailoverRequest::pool("edgepool-amsterdam.adatum.com", "edgepool-boston.adatum.com"),
    );
    assert!(m
        .markdown
        .contains("Skype for Business Server 2019 has no XMPP federation"));
    assert!(m.markdown.contains("**xmpp-2019** (inferred)"));
    assert!(!m.markdown.contains("5269"));
}

#[test]
fn adatum_2019_site_failover() {
    let m = scenario(
        "adatum-2019-site-failover.md",
        &own("adatum-2019.xml"),
        "adatum-2019.xml",
        FailoverRequest::site("Boston", "edgepool-amsterdam.adatum.com"),
    );
    // Review row 32: no topology change, so nothing to publish and no file to offer.
    assert!(!m.plan.changes_topology());
    assert!(m.markdown.contains("No topology change; nothing to publish"));
    assert!(m
        .markdown
        .contains("Modified topology: none (no topology change; nothing to publish)."));
    assert!(!has(&m, "publish-topology") && !has(&m, "verify-topology"));
    // Review row 10: the pool failover names its backup pool, runs on it, after the three
    // read-only checks.
    for fe in m.list.steps().filter(|s| s.id.starts_with("front-end-pool-failover:")) {
        let pool = fe.id.split_once(':').unwrap().1;
        let check = format!("front-end-backup:{pool}");
        assert!(fe.needs.contains(&check), "{}", fe.id);
        let c = plain_of(&m, &check);
        for cmd in [
            "Invoke-CsManagementServerFailover -WhatIf",
            "Get-CsPoolBackupRelationship",
            "-CentralManagementStoreStatus",
        ] {
            assert!(c.contains(cmd), "{c}");
        }
    }
}

const WOODGROVE: &str = "woodgrove-lync2013-four-edges.xml";
const WG_AMS: &str = "edgepool-amsterdam.woodgrove.com";

#[test]
fn woodgrove_four_federated_pools_fail_over_to_another_site() {
    let m = scenario(
        "woodgrove-four-pools-failover.md",
        &own(WOODGROVE),
        WOODGROVE,
        FailoverRequest::pool(WG_AMS, "edgepool-boston.woodgrove.com"),
    );
    assert_eq!(m.plan.federation_from.len(), 1);
    assert_eq!(m.plan.federation_kept.len(), 3);
    assert!(m.markdown.contains(
        "Also federated, and left as they are: `edgepool2-amsterdam.woodgrove.com, edgepool3-amsterdam.woodgrove.com, edgepool4-amsterdam.woodgrove.com`."
    ));
    // The order, written out by hand: what is recorded, what is checked, the gate, then the
    // changes, each after what it relies on.
    assert_eq!(
        document(&m, Phase::Failover),
        [
            "before-backup",
            "before-current-state",
            "before-same-topology",
            "before-dns-record",
            "check-permissions",
            "check-central-management",
            "check-replication",
            "check-certificate",
            "firewall-open",
            "check-firewall",
            "gate",
            "dns-ttl",
            "tb-clear-federation:edgepool-amsterdam.woodgrove.com",
            "tb-enable-federation",
            "tb-clear-xmpp:edgepool-amsterdam.woodgrove.com",
            "tb-enable-xmpp",
            "tb-noted-routes",
            "tb-reassociate:pool-amsterdam.woodgrove.com",
            "publish-topology",
            "replication-ready",
            "deployment-wizard",
            "reassociate:pool-amsterdam.woodgrove.com",
            "xmpp-dns",
            "xmpp-stop",
            "xmpp-route",
            "xmpp-start",
            "xmpp-front-end-wizard",
            "check-federation-port",
            "dns-federation",
            "partners",
            "federation-settings",
            "verify-topology",
            "verify-replication",
            "verify-federation",
            "verify-xmpp",
        ]
    );
    // Review row 4: three healthy pools keep federation, so DNS removes only the failed
    // pool's entries and never re-points the shared records.
    let dns = plain_of(&m, "dns-federation");
    assert!(
        dns.contains("change only what leads to edgepool-amsterdam.woodgrove.com"),
        "{dns}"
    );
    assert!(dns.contains("The healthy pools' records stay as they are"), "{dns}");
    assert!(!dns.contains("point that host's A record"), "{dns}");
    // Review row 23 (the XMPP half): with other XMPP pools kept, read the SRV records, do not
    // re-point them all.
    assert!(plain_of(&m, "xmpp-dns").contains("do not re-point the others"));
    // Issue 20, 3.3: the three facts about several federated pools, and Move-CsUser -ProxyPool.
    for words in ["publish warning", "RDCheckEdgePoolCount", "-ProxyPool"] {
        assert!(m.markdown.contains(words), "{words}");
    }
}

#[test]
fn woodgrove_already_federated_survivor_needs_no_port_change() {
    let m = scenario(
        "woodgrove-already-federated.md",
        &own(WOODGROVE),
        WOODGROVE,
        FailoverRequest::pool(WG_AMS, "edgepool2-amsterdam.woodgrove.com"),
    );
    assert!(m.plan.survivor_already_federated && m.plan.xmpp_target_has_ports && !m.plan.xmpp_apart());
    assert!(!has(&m, "deployment-wizard") && !has(&m, "tb-enable-federation") && !has(&m, "xmpp-stop"));
    // Issue 21 point 16: the statement is a note of the step it belongs to, not a step.
    assert!(step(&m, "tb-clear-federation")
        .notes
        .iter()
        .any(|n| n.plain().contains("is already federated")));
    // Review row 24: the outage says what this plan does: no wizard run.
    let outage = m.list.outages.iter().map(|o| o.plain()).collect::<Vec<_>>().join("\n");
    assert!(
        outage.contains("no Deployment Wizard run") && !outage.contains("the Deployment Wizard has run"),
        "{outage}"
    );
    // Issue 20, 3.2: the survivor already carries the XMPP ports: no full stop unless the
    // proxy does not listen after the route change, and the 5269 opening is checked, not made.
    in_order(&m, &["xmpp-route", "xmpp-listening", "xmpp-restart"]);
    assert!(step(&m, "xmpp-restart")
        .basis
        .iter()
        .any(|b| matches!(b, checklist::Basis::Inferred("xmpp-proxy-restart"))));
    assert!(!plain_of(&m, "firewall-open").contains("Open, or confirm it is open: TCP 5269"));
    assert!(plain_of(&m, "check-firewall").contains("TCP 5269"));
}

/// Three sites, an Edge pool in each: SIP and XMPP federation on Amsterdam, the XMPP ports
/// only on Cape Town, nothing on Boston.
fn xmpp_in_cape_town() -> String {
    let mut spec = Spec::sized(3, 12);
    spec.more_xmpp = vec![(2, 0)];
    generate(&spec)
}

const CPT: &str = "edgepool-capetown.fabrikam.com";

#[test]
fn xmpp_to_another_healthy_pool_that_already_carries_it() {
    let m = scenario(
        "xmpp-to-another-pool.md",
        &xmpp_in_cape_town(),
        "three-sites.xml",
        FailoverRequest::pool(AMS, BOS).moving_xmpp_to(CPT),
    );
    assert!(m.plan.xmpp_apart() && m.plan.xmpp_target_has_ports);
    // Every XMPP step names Cape Town: the DNS, the route, the certificate and the ports
    // (checked, not opened), the listening check and the restart only if needed, the test,
    // the glance and the rollback.
    for id in [
        "xmpp-dns",
        "xmpp-route",
        "check-xmpp-certificate",
        "check-xmpp-firewall",
        "xmpp-listening",
        "xmpp-restart",
        "verify-xmpp",
        "rollback-xmpp",
    ] {
        let words = plain_of(&m, id);
        assert!(words.contains(CPT), "{id}: {words}");
        assert!(!words.contains(BOS), "{id} names the SIP survivor: {words}");
    }
    assert!(plain_of(&m, "xmpp-route")
        .contains("Set-CsSite -Identity 'Cape Town' -XmppFederationRoute 'EdgeServer:edgepool-capetown.fabrikam.com'"));
    assert!(plain_of(&m, "check-xmpp-certificate").contains("xmpp.fabrikam.com, *.fabrikam.com"));
    let firewall = plain_of(&m, "check-xmpp-firewall");
    assert!(firewall.contains("TCP 5269 in and out on the Access Edge of edgepool-capetown.fabrikam.com"));
    assert!(firewall.contains("confirm them, do not open them"));
    // Cape Town carries no SIP federation, so its restart interrupts no SIP federation.
    assert!(!plain_of(&m, "xmpp-restart").contains("SIP federation"));
    // Boston's own checks carry nothing of XMPP: no XMPP names, no 5269 opened.
    assert!(!plain_of(&m, "check-certificate").contains("XMPP"));
    assert!(!plain_of(&m, "firewall-open").contains("5269"));
    // No Topology Builder change, no wizard and no full stop for XMPP.
    assert!(!has(&m, "tb-enable-xmpp") && !has(&m, "xmpp-stop") && !has(&m, "xmpp-front-end-wizard"));
    let wizard = step(&m, "deployment-wizard");
    assert!(
        wizard.boxes.iter().all(|b| !b.contains("capetown")),
        "{:?}",
        wizard.boxes
    );
    assert!(plain_of(&m, "check-replication").contains("edge01-capetown.fabrikam.com"));
    // The page at a glance says where XMPP goes, and that nothing stops Boston for it.
    let glance = m.markdown.split("**First action:**").next().unwrap();
    assert!(
        glance.contains("XMPP target: `edgepool-capetown.fabrikam.com`, as chosen"),
        "{glance}"
    );
    assert!(
        glance.contains("XMPP stops nothing on `edgepool-boston.fabrikam.com`"),
        "{glance}"
    );
    // The failback puts XMPP back from Cape Town to Amsterdam; Cape Town keeps its ports.
    let back = m.failback.as_ref().unwrap();
    assert!(back.contains("- XMPP federation (5269) comes back to `edgepool-amsterdam.fabrikam.com` from `edgepool-capetown.fabrikam.com`, which keeps its XMPP ports."), "{back}");
    assert!(back.contains("XMPP federation comes back to edgepool-amsterdam.fabrikam.com as well, and edgepool-capetown.fabrikam.com keeps its own XMPP ports"), "{back}");
    let route = plain_of(&m, "failback/xmpp-route");
    assert!(
        route.contains("-XmppFederationRoute 'EdgeServer:edgepool-amsterdam.fabrikam.com'"),
        "{route}"
    );
    assert!(
        route.contains("Give site Cape Town back the XMPP federation route it had before the failover"),
        "{route}"
    );
    assert!(plain_of(&m, "failback/xmpp-dns").contains(AMS));
    assert!(!has(&m, "failback/tb-clear-xmpp"));
}

#[test]
fn northwind_routes_through_the_failed_pool_are_re_pointed() {
    let m = scenario(
        "northwind-route-repoint.md",
        &own("northwind-site-routes.xml"),
        "northwind-site-routes.xml",
        FailoverRequest::pool(
            "edgepool-amsterdam.northwindtraders.com",
            "edgepool-dublin.northwindtraders.com",
        ),
    );
    let sites: Vec<&str> = m
        .plan
        .routes
        .iter()
        .map(|r| m.file.topology.sites[r.site].name.as_str())
        .collect();
    assert_eq!(sites, ["Amsterdam", "Dublin"]);
    // Issue 20, 1: in route A the routes change in the Topology Builder session; Set-CsSite is
    // not offered as an alternative there.
    let route = plain_of(&m, "site-federation-route");
    assert!(
        route.contains("\"Federation route\"") && !route.contains("Set-CsSite"),
        "{route}"
    );
    in_order(&m, &["site-federation-route", "publish-topology"]);
    // The failback puts each route back where it was.
    assert!(has(&m, "failback/site-federation-route"));
}

#[test]
fn a_template_is_named_in_the_runbook_header() {
    let m = make(
        &own("fourthcoffee-template.xml"),
        "fourthcoffee-template.xml",
        &FailoverRequest::pool("edgepool-amsterdam.[DOMAINID]", "edgepool-boston.[DOMAINID]"),
    );
    let first = m.markdown.lines().nth(2).unwrap();
    assert!(first.starts_with("- Warning: This looks like a template: "), "{first}");
}

/// Two sites whose Front End pools back each other up, the Central Management Server in
/// Amsterdam with its standby store in Boston, two SIP domains, and Edge servers with
/// separate public addresses for Access, Web Conferencing and A/V.
fn wingtip() -> String {
    let mut spec = Spec::sized(2, 10);
    spec.org = "wingtip".into();
    spec.domains = vec!["wingtiptoys.com".into(), "wingtiptoys.net".into()];
    spec.backup_pairs = vec![(0, 1)];
    spec.separate_edge_ips = true;
    generate(&spec)
}

const WINGTIP_BOS: &str = "edgepool-boston.wingtiptoys.com";

#[test]
fn wingtip_paired_site_failover() {
    let m = scenario(
        "wingtip-paired-site-failover.md",
        &wingtip(),
        "wingtip.xml",
        FailoverRequest::site("Amsterdam", WINGTIP_BOS),
    );
    // The order of a site failover with the Central Management Server in the failed site,
    // written out by hand: nothing reads the store before it moves, a gate before it moves,
    // a fresh export and a second gate before the publish.
    assert_eq!(
        document(&m, Phase::Failover),
        [
            "before-backup",
            "before-dns-record",
            "check-permissions",
            "check-certificate",
            "firewall-open",
            "check-firewall",
            "central-management-find",
            "gate",
            "central-management-mirror",
            "central-management-failover",
            "before-current-state",
            "central-management-fresh-export",
            "check-central-management",
            "check-replication",
            "gate-publish",
            "dns-ttl",
            "tb-clear-federation:edgepool-amsterdam.wingtiptoys.com",
            "tb-enable-federation",
            "tb-clear-xmpp:edgepool-amsterdam.wingtiptoys.com",
            "tb-enable-xmpp",
            "tb-noted-routes",
            "publish-topology",
            "front-end-backup:pool-amsterdam.wingtiptoys.com",
            "front-end-pool-failover:pool-amsterdam.wingtiptoys.com",
            "replication-ready",
            "deployment-wizard",
            "xmpp-dns",
            "xmpp-stop",
            "xmpp-route",
            "xmpp-start",
            "xmpp-front-end-wizard",
            "check-federation-port",
            "dns-federation",
            "partners",
            "federation-settings",
            "verify-topology",
            "verify-replication",
            "verify-federation",
            "verify-xmpp",
        ]
    );
    // The backup pool is named, and the pool failover runs on it.
    let fe = plain_of(&m, "front-end-pool-failover");
    assert!(
        fe.contains("pool-boston.wingtiptoys.com")
            && fe.contains("Invoke-CsPoolFailover -PoolFqdn 'pool-amsterdam.wingtiptoys.com' -DisasterMode")
    );
    // The rollback republishes the export taken after the Central Management Server moved.
    assert!(plain_of(&m, "rollback-republish").contains("topology-after-cms-failover.xml"));
    // Review point 10: the failback fails back the pool that failed over, under its condition.
    assert!(plain_of(&m, "failback/front-end-failback").contains("was in the failed site"));
}

#[test]
fn every_golden_file_belongs_to_a_scenario() {
    let known = [
        "sample-pool-failover",
        "sample-xmpp",
        "sample-site-failover",
        "sample-next-hop",
        "fabrikam-two-sites-pool-failover",
        "fabrikam-two-sites-site-failover",
        "litware-three-sites-site-failover",
        "litware-three-sites-xmpp",
        "tailspin-lync2013-pool-failover",
        "adatum-2019-pool-failover",
        "adatum-2019-site-failover",
        "woodgrove-four-pools-failover",
        "woodgrove-already-federated",
        "northwind-route-repoint",
        "wingtip-paired-site-failover",
        "route-b-publish-file",
        "xmpp-to-another-pool",
    ];
    if support::updating_goldens() {
        return;
    }
    let mut expected: Vec<String> = known
        .iter()
        .flat_map(|k| [format!("{k}.md"), format!("{k}.failback.md")])
        .chain([
            "sample-failback.md".to_owned(),
            "tailspin-lync2013-failback.md".to_owned(),
        ])
        .collect();
    expected.sort();
    let mut found: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The runbooks; the readiness reports' goldens belong to tests/readiness.rs.
        .filter(|name| name.ends_with(".md") && !name.starts_with("readiness-"))
        .collect();
    found.sort();
    assert_eq!(found, expected);
}

// --- Issue 20: route B, chosen explicitly, with the simple URLs restored and a rollback.

#[test]
fn route_b_publishes_the_file_then_restores_the_simple_urls() {
    let m = scenario(
        "route-b-publish-file.md",
        &sample(),
        "sample.xml",
        FailoverRequest::pool(AMS, BOS).publishing_file(),
    );
    let publish = plain_of(&m, "publish-topology");
    assert!(publish.contains("Publish-CsTopology -FileName 'C:\\EdgeFailover\\sample.failover-to-edgepool-boston.xml'"));
    assert!(publish.contains("Enable-CsTopology"));
    assert!(
        !has(&m, "tb-enable-federation"),
        "route B has no Topology Builder steps"
    );
    let urls = plain_of(&m, "simple-urls-restore");
    for cmdlet in [
        "New-CsSimpleUrlEntry",
        "New-CsSimpleUrl ",
        "Set-CsSimpleUrlConfiguration -Identity",
        "@{Add=$url}",
        "Import-Clixml",
    ] {
        assert!(urls.contains(cmdlet), "{cmdlet} in\n{urls}");
    }
    in_order(
        &m,
        &[
            "before-same-topology",
            "gate",
            "publish-topology",
            "simple-urls-restore",
        ],
    );
    assert!(step(&m, "publish-topology")
        .needs
        .iter()
        .any(|n| n == "before-same-topology"));
    assert!(m.markdown.contains("route B, as chosen in the planner"));
}

#[test]
fn route_a_is_the_default_and_ends_in_the_check_against_the_target() {
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert_eq!(m.plan.request.route, plan::Route::TopologyBuilder);
    assert!(m
        .markdown
        .contains("route A, the Topology Builder steps (the product procedure), which this runbook follows"));
    assert!(plain_of(&m, "verify-topology")
        .contains("edge-failover verify --planned sample.failover-to-edgepool-boston.xml"));
    // The Topology Builder session is opened once, in the section's introduction.
    assert_eq!(
        m.markdown
            .matches("open Topology Builder and download the topology")
            .count(),
        1
    );
    assert!(!m.markdown.contains("Continue in the same Topology Builder session"));
    // The Verify of the enable step says what the dialog shows.
    let enable = plain_of(&m, "tb-enable-federation");
    assert!(
        enable.contains("\"SIP Access\" uses sip-boston.fabrikam.com with port 5061"),
        "{enable}"
    );
}

// --- Issue 19, section 3, and issue 20's other points.

#[test]
fn the_xmpp_certificate_names_follow_the_version() {
    // Skype for Business Server 2015: xmpp.<domain> and *.<domain>; Lync Server 2013: the domain.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let cert = plain_of(&m, "check-certificate");
    assert!(cert.contains("xmpp.fabrikam.com, *.fabrikam.com"), "{cert}");
    let m = make(
        &own(WOODGROVE),
        WOODGROVE,
        &FailoverRequest::pool(WG_AMS, "edgepool-boston.woodgrove.com"),
    );
    let cert = plain_of(&m, "check-certificate");
    assert!(
        cert.contains("XMPP domains are subject alternative names too: woodgrove.com"),
        "{cert}"
    );
    assert!(!cert.contains("*.woodgrove.com"), "{cert}");
}

#[test]
fn xmpp_is_tested_from_every_pool_that_uses_it() {
    // The re-associated pool whose Edge failed first, and the client test names a user there.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let v = plain_of(&m, "verify-xmpp");
    assert!(
        v.contains("Test-CsXmppIM -TargetFqdn 'pool-amsterdam.fabrikam.com'"),
        "{v}"
    );
    assert!(
        v.contains("Test-CsXmppIM -TargetFqdn 'pool-boston.fabrikam.com'"),
        "{v}"
    );
    assert!(v.contains("a user homed on pool-amsterdam.fabrikam.com"), "{v}");
}

#[test]
fn the_front_end_wizard_runs_where_xmpp_is_new_to_a_pool() {
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let s = step(&m, "xmpp-front-end-wizard");
    assert!(s
        .basis
        .iter()
        .any(|b| matches!(b, checklist::Basis::Inferred("xmpp-front-end-wizard"))));
    assert!(plain_of(&m, "xmpp-front-end-wizard").contains("fe01-amsterdam.fabrikam.com"));
}

#[test]
fn the_xmpp_outage_window_is_measured_not_guessed() {
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(plain_of(&m, "xmpp-start").contains("Measured from the stop: ____ minutes"));
    assert!(m
        .markdown
        .contains("the window starts at the stop and ends at the start's Verify"));
}

#[test]
fn the_gate_checks_the_permissions() {
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let p = plain_of(&m, "check-permissions");
    for words in [
        "RTCUniversalServerAdmins",
        "Domain Admins",
        "Test-CsSetupPermission",
        "local Administrator",
    ] {
        assert!(p.contains(words), "{words}");
    }
    assert!(step(&m, "gate").needs.iter().any(|n| n == "check-permissions"));
    assert_eq!(step(&m, "gate").kind, Kind::Gate);
    assert!(plain_of(&m, "gate").contains("escalate to"));
}

#[test]
fn a_pool_that_did_not_use_the_failed_edge_is_failed_back_only_under_its_condition() {
    // Review point 10: Boston's Front End pool uses its own Edge, not the failed one: no
    // failback command for it.
    let m = make(
        &wingtip(),
        "wingtip.xml",
        &FailoverRequest::pool("edgepool-amsterdam.wingtiptoys.com", WINGTIP_BOS),
    );
    let back: Vec<&str> = m
        .list
        .steps()
        .filter(|s| s.id.starts_with("failback/front-end-failback:"))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(back, ["failback/front-end-failback:pool-amsterdam.wingtiptoys.com"]);
    let words = plain_of(&m, "failback/front-end-failback");
    assert!(
        words.contains("Only if pool-amsterdam.wingtiptoys.com was failed over") && words.contains("its Edge pool"),
        "{words}"
    );
}

#[test]
fn dns_is_read_from_a_public_resolver_with_nslookup_beside_it_in_every_version() {
    for (text, name, request) in [
        (sample(), "sample.xml", FailoverRequest::pool(AMS, BOS)),
        (
            own("adatum-2019.xml"),
            "adatum-2019.xml",
            FailoverRequest::pool("edgepool-amsterdam.adatum.com", "edgepool-boston.adatum.com"),
        ),
    ] {
        let m = make(&text, name, &request);
        let dns = plain_of(&m, "dns-federation");
        assert!(
            dns.contains("-Server $PublicResolver") && dns.contains("nslookup -type=SRV"),
            "{name}: {dns}"
        );
        assert!(m.markdown.contains("Fill in once: a public DNS resolver"), "{name}");
        // TTLs, honestly: lowering them now shortens the failback, not this outage.
        assert!(
            plain_of(&m, "dns-ttl").contains("does not shorten this outage"),
            "{name}"
        );
        assert!(has(&m, "failback/dns-ttl-restore"), "{name}");
    }
}

#[test]
fn every_file_is_read_where_it_was_written_and_a_rerun_keeps_the_baseline() {
    // Review row 5: the failback reads the failover's records on the failover's server.
    let m = make(
        &own(WOODGROVE),
        WOODGROVE,
        &FailoverRequest::pool(WG_AMS, "edgepool-boston.woodgrove.com"),
    );
    let host = step(&m, "before-backup").files[0].host.clone();
    for s in m.list.steps() {
        for f in &s.files {
            assert_eq!(f.host, host, "{}: {}", s.id, f.path);
        }
    }
    assert!(plain_of(&m, "failback/before-backup").contains("topology-before-failback.xml"));
    for c in &step(&m, "before-backup").commands[1..] {
        assert!(c.contains("Test-Path"), "{c}");
    }
}

#[test]
fn a_later_service_version_reads_as_2019() {
    let mut spec = Spec::two_sites();
    spec.service_version = 9;
    spec.xmpp_site = None;
    let m = make(&generate(&spec), "subscription.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(m
        .markdown
        .contains("Skype for Business Server (ServiceVersion 9; 2019 rules assumed)"));
    assert!(m.markdown.contains("**later-service-version** (inferred)"));
    assert!(!m.plan.xmpp_moves);
}

#[test]
fn who_does_what_and_the_gates_are_on_the_page_at_a_glance() {
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(m.markdown.contains("**Go/no-go gates:**\n\n- Step "));
    assert!(m.markdown.contains("- DNS team: steps "));
    assert!(m.markdown.contains("- Firewall team: steps "));
    assert!(m.markdown.contains("**Who:** DNS team (hand-off)"));
    assert!(m
        .markdown
        .contains("Hand off to the DNS team; wait for their confirmation"));
    // One step for the wizard, with a box per server.
    assert_eq!(
        step(&m, "deployment-wizard").boxes,
        ["edge01-boston.fabrikam.com", "edge02-boston.fabrikam.com"]
    );
    assert!(m.markdown.contains("- [ ] `edge01-boston.fabrikam.com`"));
    // The failback is its own document, with its own glance and numbering from 1.
    let back = m.failback.as_ref().unwrap();
    assert!(back
        .starts_with("# Edge federation failback: `edgepool-boston.fabrikam.com` → `edgepool-amsterdam.fabrikam.com`"));
    assert!(back.contains("\n### - [ ] 1. "));
    assert!(
        !m.markdown.contains("Failback:"),
        "the failover document holds no failback step"
    );
}

// --- The real exports beside the project: structure only, never a golden.

fn shared(name: &str) -> Option<String> {
    let path = support::shared_fixtures()?.join(name);
    assert!(path.is_file(), "{} is missing", path.display());
    Some(read(&path))
}

#[test]
fn shared_two_site_pair_pool_failover() {
    let Some(before) = shared("synthetic/SYNTHETIC_two_sites_before.xml") else {
        eprintln!("note: ../shared/fixtures is absent");
        return;
    };
    let m = make(
        &before,
        "SYNTHETIC_two_sites_before.xml",
        &FailoverRequest::pool("edgeA.contoso.com", "edgeB.contoso.com"),
    );
    assert_structure(&m);
    assert!(plain_of(&m, "tb-clear-federation:edgeA.contoso.com")
        .contains("Clear \"Enable federation for this Edge pool (Port 5061)\" on edgeA.contoso.com"));
    assert!(plain_of(&m, "tb-enable-federation")
        .contains("Select \"Enable federation for this Edge pool (Port 5061)\" on edgeB.contoso.com"));
    assert!(plain_of(&m, "deployment-wizard").contains("\"Run Again\""));
    assert!(plain_of(&m, "reassociate:poolA.contoso.com").contains("Set-CsConferenceServer -Identity 'ConferencingServer:poolA.contoso.com' -EdgeServer 'EdgeServer:edgeB.contoso.com'"));
    if let Some(expected) = shared("synthetic/SYNTHETIC_two_sites_after_failover_to_siteB.xml") {
        assert_eq!(m.plan.written.topology_text, expected);
    }
}

#[test]
fn shared_two_site_pair_site_failover_and_failback() {
    let Some(before) = shared("synthetic/SYNTHETIC_two_sites_before.xml") else {
        return;
    };
    let m = make(
        &before,
        "SYNTHETIC_two_sites_before.xml",
        &FailoverRequest::site("SiteA", "edgeB.contoso.com"),
    );
    assert_structure(&m);
    let Some(after) = shared("synthetic/SYNTHETIC_two_sites_after_failover_to_siteB.xml") else {
        return;
    };
    let back = make(
        &after,
        "SYNTHETIC_two_sites_after_failover_to_siteB.xml",
        &FailoverRequest::failback("edgeB.contoso.com", "edgeA.contoso.com"),
    );
    assert_structure(&back);
    assert!(plain_of(&back, "failback-start").contains("edgeA.contoso.com"));
    assert_eq!(back.plan.written.topology_text, before, "failback undoes the failover");
}

#[test]
fn shared_single_edge_exports_have_no_pool_to_fail_over_to() {
    for name in [
        "SfBAutomatedLab_Contoso.tbxml",
        "ibenbouzid_DefaultTopology_Skype.xml",
        "rlevchenko_DefaultTopology.xml",
        "alvinchen1_USS-SKYPE-CONFIG-3_embedded_topology.xml",
    ] {
        let Some(text) = shared(name) else { continue };
        let Ok(file) = TopologyFile::read(text.as_bytes()) else {
            continue;
        };
        let t = &file.topology;
        match t.edge_pools.as_slice() {
            [] => {
                let r = FailoverRequest::pool("edge.contoso.com", "edge.contoso.com");
                assert!(
                    matches!(
                        plan::make_plan(&file, &r),
                        Err(PlanError::NoEdgePool | PlanError::TopologyHasErrors(_))
                    ),
                    "{name}"
                );
            }
            [only] => {
                let fqdn = t.pools[only.pool].fqdn.clone();
                match plan::make_plan(&file, &FailoverRequest::pool(fqdn.clone(), fqdn.clone())) {
                    Err(PlanError::IneligibleSurvivor { pool, reasons }) => {
                        assert!(pool.eq_ignore_ascii_case(&fqdn), "{name}");
                        assert!(
                            reasons.iter().any(|r| r == "it is the failed pool"),
                            "{name}: {reasons:?}"
                        );
                    }
                    other => panic!("{name}: {other:?}"),
                }
            }
            more => panic!("{name}: {} Edge pools; give it a runbook scenario", more.len()),
        }
    }
}
