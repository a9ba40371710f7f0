//! The checklist, whole, for every fixture and scenario: golden Markdown files under
//! `tests/golden/` (reviewed by eye once; `UPDATE_GOLDEN=1` rewrites them after a deliberate
//! change), and beside each a set of structural facts, so that a regenerated golden cannot
//! silently lose a part of the procedure.
//!
//! The real exports in `../shared/fixtures` carry no licence, so no golden of them is written:
//! their checklists are held to the same structural facts only.

mod support;

use std::path::{Path, PathBuf};

use edge_failover_planner::checklist::Basis;
use edge_failover_planner::checklist::{self, Checklist, Step};
use edge_failover_planner::plan::{self, CheckKind, FailoverRequest, Plan, PlanError};
use edge_failover_planner::topology::{EdgeIdx, Format, TopologyFile};
use support::generator::{generate, Spec};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn own(name: &str) -> String {
    read(&support::own_fixtures().join(name))
}

fn sample() -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml"))
}

/// One plan on one topology, and the checklist the page and the CLI would give for it.
struct Made {
    file: TopologyFile,
    plan: Plan,
    list: Checklist,
    markdown: String,
    loaded_name: String,
    modified_name: String,
}

fn make(text: &str, loaded_name: &str, request: &FailoverRequest) -> Made {
    let file = TopologyFile::read(text.as_bytes()).unwrap_or_else(|e| panic!("{loaded_name}: {e}"));
    let plan = plan::make_plan(&file, request).unwrap_or_else(|e| panic!("{loaded_name}: {e}"));
    assert!(!plan.has_blocking_checks(), "{loaded_name}: {:#?}", plan.checks);
    let modified_name = plan::output_file_name(loaded_name, plan.survivor_fqdn(&file));
    let list = checklist::build_for(&file, &plan, loaded_name, &modified_name);
    let markdown = checklist::markdown::render(&list);
    Made {
        file,
        plan,
        list,
        markdown,
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

fn position(m: &Made, id: &str) -> Option<usize> {
    ids(m).iter().position(|x| x == id)
}

fn has(m: &Made, id: &str) -> bool {
    position(m, id).is_some()
}

fn plain_of(m: &Made, id: &str) -> String {
    let step = m
        .list
        .steps()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no step {id}"));
    let mut out = step.title.plain();
    out.push('\n');
    out.push_str(&step.place.plain());
    for a in &step.actions {
        out.push('\n');
        out.push_str(&a.plain());
    }
    for c in &step.commands {
        out.push('\n');
        out.push_str(c);
    }
    out
}

fn pool_fqdn(m: &Made, edge: EdgeIdx) -> String {
    let t = &m.file.topology;
    t.pools[t.edge_pools[edge].pool].fqdn.clone()
}

/// The position of the step `id` (or of the first `id:…`); panics when there is none, so an
/// ordering assertion cannot pass with a step missing.
fn at(m: &Made, id: &str) -> usize {
    position(m, id).unwrap_or_else(|| panic!("{}: no step {id} among {:?}", m.loaded_name, ids(m)))
}

/// The steps are present and in this order.
fn in_order(m: &Made, order: &[&str]) {
    let at: Vec<usize> = order.iter().map(|id| at(m, id)).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{}: {order:?} are at {at:?}",
        m.loaded_name
    );
}

/// Whether the plan's failed site holds the Central Management Server, as the checklist shows.
fn cms_down(m: &Made) -> bool {
    has(m, "central-management-failover")
}

/// What every checklist must hold, whatever the scenario: the parts of the procedure where
/// they apply and not where they do not, in order, numbered, each step placed and
/// verifiable, with the topology's own names.
fn assert_structure(m: &Made) {
    let t = &m.file.topology;
    let p = &m.plan;
    let what = &m.loaded_name;
    let failback = p.request.direction == plan::Direction::Failback;
    let survivor = pool_fqdn(m, p.survivor);
    let survivor_pool = &t.pools[t.edge_pools[p.survivor].pool];
    let failed: Vec<String> = p.scope.failed_edges.iter().map(|e| pool_fqdn(m, *e)).collect();

    // Numbered 1..n in order; every step says where and how to verify it; ids are unique.
    let numbers: Vec<usize> = m.list.steps().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "{what}");
    let mut all_ids: Vec<&str> = m.list.steps().map(|s| s.id.as_str()).collect();
    all_ids.sort_unstable();
    let count = all_ids.len();
    all_ids.dedup();
    assert_eq!(all_ids.len(), count, "{what}: step ids are unique");
    for s in m.list.steps() {
        assert!(!s.place.0.is_empty(), "{what}: step {} has no place", s.id);
        assert!(
            !s.verify.is_empty() || !s.verify_commands.is_empty(),
            "{what}: step {} has no verification",
            s.id
        );
    }
    let headings = m.markdown.matches("\n### - [ ] ").count();
    assert_eq!(headings, numbers.len(), "{what}: one heading a step");
    assert_eq!(m.markdown.matches("**Where:**").count(), numbers.len(), "{what}");
    assert_eq!(m.markdown.matches("**Verify:**").count(), numbers.len(), "{what}");
    for (n, chunk) in m.markdown.split("\n### - [ ] ").skip(1).enumerate() {
        assert!(
            chunk.starts_with(&format!("{}. ", n + 1)),
            "{what}: heading {chunk:.40}"
        );
    }

    // The real names, no placeholders of the planner's own.
    assert!(m.markdown.contains(&format!("`{survivor}`")), "{what}");
    for f in &failed {
        assert!(m.markdown.contains(&format!("`{f}`")), "{what}: {f}");
    }
    assert!(
        !m.markdown.contains("yourdomain") && !m.markdown.contains("'<Front End pool FQDN>'"),
        "{what}"
    );
    // Two code spans in a row read as one broken span in Markdown.
    for line in m.markdown.lines().filter(|l| !l.starts_with("```")) {
        assert!(!line.contains("``"), "{what}: adjacent code spans in {line}");
    }

    // 1. Before: current state, a copy of the topology, the same-topology check and DNS TTLs.
    for id in ["before-current-state", "before-backup", "before-same-topology"] {
        assert!(has(m, id), "{what}: {id}");
    }
    assert_eq!(
        has(m, "before-dns-ttl"),
        p.federation_moves || p.xmpp_moves,
        "{what}: DNS TTLs"
    );
    let same = plain_of(m, "before-same-topology");
    assert!(
        same.contains(&m.loaded_name),
        "{what}: compares with the loaded file:\n{same}"
    );
    assert!(
        !same.contains(&m.modified_name),
        "{what}: not with the modified file:\n{same}"
    );
    if t.format == Format::Published {
        assert!(same.contains("Compare-Object"), "{what}");
    }

    // 2. The next-hop change, only when needed, before the federation move.
    assert_eq!(has(m, "next-hop"), p.next_hop.is_some(), "{what}: next hop");
    if p.next_hop.is_some() {
        in_order(m, &["next-hop", "publish-topology"]);
    }

    // 3. The product procedure's Topology Builder steps, the PowerShell alternative and the
    // Deployment Wizard on every server of the new pool, by name.
    if p.federation_moves {
        for f in &p.federation_from {
            let id = format!("tb-clear-federation:{}", pool_fqdn(m, *f));
            assert!(m.list.steps().any(|s| s.id == id), "{what}: {id}");
        }
        // A survivor that already carries federation keeps its ports: nothing to select and
        // no wizard run for it (unless XMPP is added to it).
        let enable = if p.survivor_already_federated {
            assert!(!has(m, "tb-enable-federation"), "{what}");
            "tb-survivor-already-federated"
        } else {
            assert!(!has(m, "tb-survivor-already-federated"), "{what}");
            "tb-enable-federation"
        };
        let wizard_runs = !p.survivor_already_federated || (p.xmpp_moves && !p.survivor_already_xmpp);
        let mut order = vec!["tb-clear-federation", enable, "publish-topology"];
        if wizard_runs {
            order.extend(["replication-ready", "deployment-wizard"]);
        }
        in_order(m, &order);
        // Each re-pointed route after federation is selected on the survivor, before the publish.
        for r in &p.routes {
            let id = format!("site-federation-route:{}", t.sites[r.site].id);
            let route = m
                .list
                .steps()
                .position(|s| s.id == id)
                .unwrap_or_else(|| panic!("{what}: no step {id}"));
            assert!(
                at(m, enable) < route && route < at(m, "publish-topology"),
                "{what}: {id}"
            );
            let step = plain_of(m, &id);
            assert!(
                step.contains(&format!(
                    "Set-CsSite -Identity '{}' -FederationRoute 'EdgeServer:{survivor}'",
                    t.sites[r.site].name
                )),
                "{what}:\n{step}"
            );
        }
        let publish = plain_of(m, "publish-topology");
        for label in ["\"Action\"", "\"Topology\"", "\"Publish\"", "\"Finish\""] {
            assert!(publish.contains(label), "{what}: {label}");
        }
        if t.format == Format::Published && !cms_down(m) {
            assert!(
                publish.contains(&format!(
                    "Publish-CsTopology -FileName 'C:\\EdgeFailover\\{}'",
                    m.modified_name
                )),
                "{what}:\n{publish}"
            );
            assert!(publish.contains("Enable-CsTopology"), "{what}");
        } else {
            assert!(!publish.contains("Publish-CsTopology -FileName"), "{what}");
        }
        let wizard: Vec<String> = m
            .list
            .steps()
            .filter_map(|s| s.id.strip_prefix("deployment-wizard:").map(str::to_owned))
            .collect();
        let mut servers: Vec<String> = if wizard_runs {
            survivor_pool.machines.iter().map(|x| x.fqdn.clone()).collect()
        } else {
            Vec::new()
        };
        // Healthy pools cleared at the administrator's request change ports too.
        let survivor_servers = servers.clone();
        for e in p.federation_from.iter().filter(|e| !p.scope.failed_edges.contains(e)) {
            servers.extend(t.pools[t.edge_pools[*e].pool].machines.iter().map(|x| x.fqdn.clone()));
        }
        assert_eq!(wizard, servers, "{what}: the wizard on every server whose ports change");
        let servers = survivor_servers;
        let family = match t.services[t.edge_pools[p.survivor].service].version {
            Some(6) => "Lync Server",
            _ => "Skype for Business Server",
        };
        for server in &servers {
            let step = plain_of(m, &format!("deployment-wizard:{server}"));
            for label in [
                format!("\"{family} Deployment Wizard\""),
                format!("\"Install or Update {family} System\""),
                format!("\"Setup or Remove {family} Components\""),
                "\"Run Again\"".to_owned(),
                format!("\"Setup {family} components\""),
                "\"View Log\"".to_owned(),
            ] {
                assert!(step.contains(&label), "{what}: {label} in\n{step}");
            }
        }
    } else {
        assert!(!has(m, "tb-enable-federation"), "{what}");
    }
    // The wizard installs what the publish changed on a pool's ports: federation or XMPP
    // added to the survivor, or cleared on a healthy pool at the administrator's request.
    let ports_change = (p.federation_moves && !p.survivor_already_federated)
        || (p.xmpp_moves && !p.survivor_already_xmpp)
        || p.federation_from.iter().any(|e| !p.scope.failed_edges.contains(e));
    assert_eq!(has(m, "deployment-wizard"), ports_change, "{what}");
    assert!(
        !p.routes.is_empty() || !ids(m).iter().any(|i| i == "site-federation-route"),
        "{what}"
    );
    assert_eq!(has(m, "replication-ready"), has(m, "deployment-wizard"), "{what}");

    // 4. Re-association of the still-running Front End pools: in the Topology Builder session
    // before the publish, then confirmed (or set with the cmdlets) after it.
    assert_eq!(
        has(m, "reassociate"),
        !p.reassociated.is_empty(),
        "{what}: re-association"
    );
    for pool in &p.reassociated {
        let fqdn = &t.pools[*pool].fqdn;
        let tb = plain_of(m, &format!("tb-reassociate:{fqdn}"));
        assert!(tb.contains("\"Associate Edge pool (for media components)\""), "{what}");
        let step = plain_of(m, &format!("reassociate:{fqdn}"));
        for cmdlet in ["Set-CsRegistrar", "Set-CsConferenceServer", "Set-CsMediationServer"] {
            assert!(
                step.contains(&format!("{cmdlet} -Identity"))
                    && step.contains(&format!("-EdgeServer 'EdgeServer:{survivor}'")),
                "{what}: {cmdlet} for {fqdn}"
            );
        }
    }
    if !p.reassociated.is_empty() {
        in_order(m, &["tb-reassociate", "publish-topology", "reassociate"]);
        if p.federation_moves && has(m, "deployment-wizard") {
            in_order(m, &["deployment-wizard", "reassociate"]);
        }
    }

    // 5. XMPP where it applies, in the procedure's order (the DNS and firewall work staged
    // before the stop); never on Skype for Business 2019.
    let xmpp = ["xmpp-dns", "xmpp-firewall", "xmpp-stop", "xmpp-route", "xmpp-start"];
    if p.xmpp_moves {
        in_order(m, &xmpp);
        assert!(m.markdown.contains("port 5269"), "{what}");
        for d in &t.sip_domains {
            assert!(m.markdown.contains(&format!("`_xmpp-server._tcp.{d}`")), "{what}: {d}");
        }
        let firewall = plain_of(m, "xmpp-firewall");
        assert!(
            firewall.contains("TCP 5269") && firewall.contains("TCP 23456"),
            "{what}"
        );
    } else {
        assert!(xmpp.iter().all(|id| !has(m, id)), "{what}: no XMPP steps");
        assert!(!m.markdown.contains("_xmpp-server"), "{what}");
    }
    if !t.product.has_xmpp() {
        assert!(!p.xmpp_moves, "{what}");
        assert!(m.markdown.contains("has no XMPP federation"), "{what}: the note why");
    }

    // 6–9. DNS for every SIP domain, firewall and partners when federation moves; the
    // certificate when federation or XMPP moves.
    for id in ["dns-federation", "firewall", "partners", "federation-settings"] {
        assert_eq!(has(m, id), p.federation_moves, "{what}: {id}");
    }
    assert_eq!(
        has(m, "certificate"),
        p.federation_moves || p.xmpp_moves,
        "{what}: certificate"
    );
    if p.federation_moves {
        let access = t.edge_pools[p.survivor].access_fqdn.clone().unwrap();
        let dns = plain_of(m, "dns-federation");
        for d in &t.sip_domains {
            assert!(
                dns.contains(&format!("SRV _sipfederationtls._tcp.{d} (port 5061)")),
                "{what}: {d} in\n{dns}"
            );
        }
        assert!(dns.contains(&format!("A record of {access}")), "{what}:\n{dns}");
        assert!(
            plain_of(m, "certificate").contains(&format!("Subject: {access}")),
            "{what}"
        );
        let firewall = plain_of(m, "firewall");
        assert!(
            firewall.contains("TCP 5061 (MTLS) inbound and outbound") && firewall.contains(&access),
            "{what}"
        );
        assert!(plain_of(m, "partners").contains(&access), "{what}");
        in_order(
            m,
            &[
                "dns-federation",
                "certificate",
                "firewall",
                "partners",
                "federation-settings",
                "verify-topology",
            ],
        );
    }

    // 10. Verification with the cmdlets.
    assert!(has(m, "verify-topology"), "{what}");
    assert_eq!(has(m, "verify-federation"), p.federation_moves, "{what}");
    if p.federation_moves {
        assert!(
            plain_of(m, "verify-federation").contains("Test-CsFederatedPartner -TargetFqdn"),
            "{what}"
        );
    }
    assert_eq!(has(m, "verify-xmpp"), p.xmpp_moves, "{what}");
    if p.xmpp_moves {
        let verify = plain_of(m, "verify-xmpp");
        assert!(
            verify.contains("Get-CsXmppAllowedPartner") && verify.contains("Test-CsXmppIM -TargetFqdn"),
            "{what}"
        );
    }

    // 11. Failback: the reverse procedure inside every failover plan, from the same steps a
    // failback plan has; a failback plan starts the restored pool first and has none of its
    // own.
    let reverse: Vec<String> = ids(m)
        .into_iter()
        .filter_map(|id| id.strip_prefix("failback/").map(str::to_owned))
        .collect();
    if failback {
        assert!(
            m.markdown.starts_with("# Edge ") && m.markdown.contains("failback"),
            "{what}"
        );
        in_order(m, &["failback-start", "verify-topology"]);
        if p.federation_moves {
            in_order(m, &["failback-start", "tb-enable-federation"]);
        }
        assert!(reverse.is_empty(), "{what}: {reverse:?}");
    } else {
        assert!(m.markdown.starts_with("# Edge "), "{what}");
        if p.federation_moves {
            assert!(m.markdown.starts_with("# Edge federation failover"), "{what}");
        }
        in_order(m, &["verify-topology", "failback/failback-start"]);
        let back = |id: &str| reverse.iter().any(|r| r == id);
        for id in ["tb-enable-federation", "dns-federation", "verify-federation"] {
            assert_eq!(back(id), p.federation_moves, "{what}: failback {id}");
        }
        for id in ["publish-topology", "deployment-wizard"] {
            assert_eq!(back(id), p.federation_moves || p.xmpp_moves, "{what}: failback {id}");
        }
        for id in ["xmpp-stop", "xmpp-route", "xmpp-start", "verify-xmpp"] {
            assert_eq!(back(id), p.xmpp_moves, "{what}: failback {id}");
        }
        assert_eq!(back("tb-reassociate"), !p.reassociated.is_empty(), "{what}");
        assert_eq!(back("restore-next-hop"), p.next_hop.is_some(), "{what}");
    }
    if let Some(step) = m.list.steps().find(|s| s.id.ends_with("failback-front-end")) {
        assert!(
            step.commands
                .iter()
                .any(|c| c.starts_with("Invoke-CsPoolFailback -PoolFqdn '")),
            "{what}"
        );
    }
    if !p.scope.failed_sites.is_empty() && !failback {
        assert!(
            has(m, "failback/failback-front-end"),
            "{what}: the failed site's Front End pools fail back"
        );
    }

    // The summary, then the checks, then the steps; the closing list names what it infers.
    assert!(!m.list.decisions.is_empty() && !m.list.outages.is_empty(), "{what}");
    let summary = m
        .markdown
        .find("**First action:**")
        .expect("the summary's first action");
    let checks = m.markdown.find("## Checks").expect("the checks");
    let first = m.markdown.find("\n### - [ ] 1. ").expect("step 1");
    assert!(summary < checks && checks < first, "{what}");
    assert_eq!(m.list.checks.len(), p.checks.len(), "{what}");
    // Site federation routes are read from the file: the plan says what it found, and the
    // old warning that they are not read is gone.
    assert!(
        p.checks.iter().any(|c| c.check == CheckKind::SiteFederationRoutes),
        "{what}"
    );
    assert!(!m.markdown.contains("not read from the topology"), "{what}");
    assert!(m.markdown.contains("(read from the file)"), "{what}");
    assert!(
        m.markdown
            .contains("Get-CsSite | Select-Object Identity, FederationRoute"),
        "{what}: Get-CsSite verifies the routes in every plan"
    );
}

/// Builds a scenario, holds it to the structure and compares it with its golden file.
fn scenario(golden: &str, text: &str, loaded_name: &str, request: FailoverRequest) -> Made {
    let m = make(text, loaded_name, &request);
    assert_structure(&m);
    support::golden(&golden_dir().join(golden), &m.markdown);
    m
}

const AMS: &str = "edgepool-amsterdam.fabrikam.com";
const BOS: &str = "edgepool-boston.fabrikam.com";

// --- The built-in sample: two sites, federation and XMPP in Amsterdam, Directors as next hops.

#[test]
fn sample_pool_failover() {
    // XMPP left where it is, so this is the SIP procedure alone.
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
    // Amsterdam's Front End pool is running and used the failed Edge pool for media.
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
    let route = plain_of(&m, "xmpp-route");
    assert!(
        route.contains("Set-CsSite -Identity 'Boston' -XmppFederationRoute 'EdgeServer:edgepool-boston.fabrikam.com'")
    );
    assert!(
        route.contains("-XmppExternalFederationRoute"),
        "the documentation's variant is mentioned"
    );
    let dns = plain_of(&m, "xmpp-dns");
    assert!(
        dns.contains("xmpp.fabrikam.com") && dns.contains("203.0.2.10, 203.0.2.11"),
        "{dns}"
    );
}

#[test]
fn sample_site_failover() {
    let m = scenario(
        "sample-site-failover.md",
        &sample(),
        "sample.xml",
        FailoverRequest::site("Amsterdam", BOS),
    );
    // Amsterdam's Front End pool is down with the site: failed over, not re-associated.
    assert!(!has(&m, "reassociate"));
    let fe = plain_of(&m, "front-end-pool-failover");
    assert!(fe.contains("Invoke-CsPoolFailover -PoolFqdn 'pool-amsterdam.fabrikam.com' -DisasterMode"));
    in_order(&m, &["publish-topology", "front-end-pool-failover"]);
    // The Central Management Server is in Amsterdam: it moves before anything is published.
    in_order(&m, &["central-management-failover", "publish-topology"]);
    // No XMPP route for the site that is down.
    assert!(!plain_of(&m, "xmpp-route").contains("'Amsterdam'"));
    assert!(plain_of(&m, "failback/failback-front-end")
        .contains("Invoke-CsPoolFailback -PoolFqdn 'pool-amsterdam.fabrikam.com'"));
}

#[test]
fn sample_failback() {
    let over = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let after = String::from_utf8(over.plan.topology_bytes.clone()).unwrap();
    let m = scenario(
        "sample-failback.md",
        &after,
        &over.modified_name,
        FailoverRequest::failback(BOS, AMS),
    );
    assert_eq!(m.loaded_name, "sample.failover-to-edgepool-boston.xml");
    assert!(m.plan.federation_moves && m.plan.xmpp_moves);
    // Amsterdam's Front End pool goes back to its local Edge pool; Boston's stays on its own.
    let back: Vec<&str> = m
        .plan
        .reassociated
        .iter()
        .map(|p| m.file.topology.pools[*p].fqdn.as_str())
        .collect();
    assert_eq!(back, ["pool-amsterdam.fabrikam.com"]);
    assert!(!m.markdown.contains("still use"), "no pool is left behind");
    assert!(
        plain_of(&m, "failback-front-end").contains("Invoke-CsPoolFailback -PoolFqdn 'pool-amsterdam.fabrikam.com'")
    );
    // Failing back returns the topology to where it started.
    assert_eq!(String::from_utf8(m.plan.topology_bytes.clone()).unwrap(), sample());
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
    let text = format!(
        "{}{}{}",
        &text[..at],
        r#"<ServiceId SiteId="1" RoleName="Registrar" Instance="2" />"#,
        &text[at + hop.len()..]
    );
    assert_ne!(text, sample());
    text
}

#[test]
fn sample_next_hop_in_another_site() {
    let m = scenario(
        "sample-next-hop.md",
        &edge_alone_in_its_site(),
        "sample-chicago.xml",
        FailoverRequest::site("Amsterdam", BOS),
    );
    let hop = plain_of(&m, "next-hop");
    assert!(hop.contains(
        "Set-CsEdgeServer -Identity 'EdgeServer:edgepool-boston.fabrikam.com' -Registrar 'Registrar:dir-boston.fabrikam.com'"
    ));
    in_order(&m, &["next-hop", "tb-clear-federation"]);
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
    let publish = plain_of(&m, "publish-topology");
    assert!(publish.contains("fabrikam-two-sites.failover-to-edgepool-boston.tbxml"));
    assert!(publish.contains("Publish-CsTopology cannot publish a .tbxml file"));
    assert!(plain_of(&m, "before-same-topology").contains("download the topology from the existing deployment again"));
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
    // Cape Town has no Edge pool and used Amsterdam's; Amsterdam's own pool is down.
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
    // ServiceVersion 6 is Lync Server 2013 in real exports now: a fact, not in the inferred list.
    assert!(!m.markdown.contains("lync-2013-version"));
}

#[test]
fn tailspin_lync_2013_failback() {
    let over = make(
        &own("tailspin-lync2013.xml"),
        "tailspin-lync2013.xml",
        &FailoverRequest::pool("edgepool-boston.tailspin.net", "edgepool-amsterdam.tailspin.net"),
    );
    let after = String::from_utf8(over.plan.topology_bytes.clone()).unwrap();
    let m = scenario(
        "tailspin-lync2013-failback.md",
        &after,
        &over.modified_name,
        FailoverRequest::failback("edgepool-amsterdam.tailspin.net", "edgepool-boston.tailspin.net"),
    );
    assert!(m.markdown.contains("**Lync Server Deployment Wizard**"));
    assert_eq!(
        String::from_utf8(m.plan.topology_bytes.clone()).unwrap(),
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
    scenario(
        "adatum-2019-site-failover.md",
        &own("adatum-2019.xml"),
        "adatum-2019.xml",
        FailoverRequest::site("Boston", "edgepool-amsterdam.adatum.com"),
    );
}

/// A fixture kept as UTF-16 (as PowerShell saves an export), decoded.
fn own_utf16(name: &str) -> String {
    support::fixture_text(&std::fs::read(support::own_fixtures().join(name)).unwrap())
}

const WOODGROVE: &str = "woodgrove-lync2013-four-edges.xml";
const WG_AMS: &str = "edgepool-amsterdam.woodgrove.com";

#[test]
fn woodgrove_four_federated_pools_fail_over_to_another_site() {
    let m = scenario(
        "woodgrove-four-pools-failover.md",
        &own_utf16(WOODGROVE),
        WOODGROVE,
        FailoverRequest::pool(WG_AMS, "edgepool-boston.woodgrove.com"),
    );
    // The three healthy federated pools stay as they are, and the checklist says so.
    assert_eq!(m.plan.federation_from.len(), 1);
    assert_eq!(m.plan.federation_kept.len(), 3);
    assert!(m.markdown.contains(
        "Also federated, and left as they are: `edgepool2-amsterdam.woodgrove.com, edgepool3-amsterdam.woodgrove.com, edgepool4-amsterdam.woodgrove.com`."
    ));
    for healthy in ["edgepool2", "edgepool3", "edgepool4"] {
        assert!(!m
            .list
            .steps()
            .any(|s| s.id.starts_with("tb-clear") && s.id.contains(healthy)));
    }
    assert!(m.markdown.contains("**Lync Server Deployment Wizard**"));
}

#[test]
fn woodgrove_already_federated_survivor_needs_no_port_change() {
    let m = scenario(
        "woodgrove-already-federated.md",
        &own_utf16(WOODGROVE),
        WOODGROVE,
        FailoverRequest::pool(WG_AMS, "edgepool2-amsterdam.woodgrove.com"),
    );
    assert!(m.plan.survivor_already_federated && m.plan.survivor_already_xmpp);
    assert!(!has(&m, "deployment-wizard"));
    assert!(m.markdown.contains("is already federated: its ports do not change"));
    assert!(m
        .markdown
        .contains("No Deployment Wizard run on `edgepool2-amsterdam.woodgrove.com`"));
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
    assert!(m.markdown.contains(
        "Set-CsSite -Identity 'Amsterdam' -FederationRoute 'EdgeServer:edgepool-dublin.northwindtraders.com'"
    ));
    assert!(m
        .markdown
        .contains("Set-CsSite -Identity 'Dublin' -FederationRoute 'EdgeServer:edgepool-dublin.northwindtraders.com'"));
    // The Director route and the route the planner does not understand are left alone.
    assert!(!m.markdown.contains("-Identity 'Boston' -FederationRoute"));
    assert!(!m.markdown.contains("-Identity 'Cape Town' -FederationRoute"));
    // A set route's form is inferred: the step and the closing list say so.
    assert!(m.markdown.contains("inferred: site-federation-route-content"));
    assert!(m.markdown.contains("**site-federation-route-content** (inferred)"));
    assert!(m.markdown.contains("holds something the planner does not understand"));
}

#[test]
fn a_template_is_named_in_the_checklist_header() {
    let m = make(
        &own("fourthcoffee-template.xml"),
        "fourthcoffee-template.xml",
        &FailoverRequest::pool("edgepool-amsterdam.[DOMAINID]", "edgepool-boston.[DOMAINID]"),
    );
    let first = m.markdown.lines().nth(2).unwrap();
    assert!(
        first.starts_with("- Warning: This looks like a template: ")
            && first.contains("name(s) contain placeholders")
            && first.contains("commands built from them will not work"),
        "{first}"
    );
    assert!(m.plan.checks.iter().any(|c| c.check == CheckKind::TemplateNames));
}

#[test]
fn the_same_topology_step_compares_with_the_file_that_was_loaded() {
    // The loaded file's name is passed in, not taken back from the modified file's name, also
    // when the loaded file was the planner's own output (a failback planned on it).
    let over = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let same = step(&over, "before-same-topology");
    assert!(
        same.commands[0].ends_with("(Get-Content 'C:\\EdgeFailover\\sample.xml')"),
        "{:?}",
        same.commands
    );

    let after = String::from_utf8(over.plan.topology_bytes.clone()).unwrap();
    let back = make(
        &after,
        "sample.failover-to-edgepool-boston.xml",
        &FailoverRequest::failback(BOS, AMS),
    );
    let same = step(&back, "before-same-topology");
    assert!(
        same.commands[0].ends_with("(Get-Content 'C:\\EdgeFailover\\sample.failover-to-edgepool-boston.xml')"),
        "{:?}",
        same.commands
    );

    let renamed = checklist::build_for(&over.file, &over.plan, "export 2.xml", &over.modified_name);
    let same = renamed.steps().find(|s| s.id == "before-same-topology").unwrap();
    assert!(
        same.commands[0].ends_with("(Get-Content 'C:\\EdgeFailover\\export 2.xml')"),
        "{:?}",
        same.commands
    );
}

#[test]
fn every_golden_file_belongs_to_a_scenario() {
    // A golden left behind by a renamed scenario would never be compared again.
    let known = [
        "sample-pool-failover.md",
        "sample-xmpp.md",
        "sample-site-failover.md",
        "sample-failback.md",
        "sample-next-hop.md",
        "fabrikam-two-sites-pool-failover.md",
        "fabrikam-two-sites-site-failover.md",
        "litware-three-sites-site-failover.md",
        "litware-three-sites-xmpp.md",
        "tailspin-lync2013-pool-failover.md",
        "tailspin-lync2013-failback.md",
        "adatum-2019-pool-failover.md",
        "adatum-2019-site-failover.md",
        "woodgrove-four-pools-failover.md",
        "woodgrove-already-federated.md",
        "northwind-route-repoint.md",
        "wingtip-paired-site-failover.md",
    ];
    if support::updating_goldens() {
        return;
    }
    let mut found: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The checklists; the plan file and link goldens belong to tests/share_format.rs, the
        // readiness reports' to tests/readiness.rs.
        .filter(|name| name.ends_with(".md") && !name.starts_with("readiness-"))
        .collect();
    found.sort();
    let mut known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(found, known);
}

// --- The real exports beside the project: structure only, never a golden.

fn shared(name: &str) -> Option<String> {
    let path = support::shared_fixtures()?.join(name);
    // The real exports are there, so the one a test names must be too.
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
    // The seven steps of the product procedure, with this topology's names.
    assert!(plain_of(&m, "tb-clear-federation:edgeA.contoso.com")
        .contains("Clear \"Enable federation for this Edge pool (Port 5061)\" on edgeA.contoso.com"));
    assert!(plain_of(&m, "tb-enable-federation")
        .contains("Select \"Enable federation for this Edge pool (Port 5061)\" on edgeB.contoso.com"));
    assert!(has(&m, "publish-topology"));
    assert!(plain_of(&m, "deployment-wizard:edgeB.contoso.com").contains("\"Run Again\""));
    assert!(plain_of(&m, "reassociate:poolA.contoso.com").contains("Set-CsConferenceServer -Identity 'ConferencingServer:poolA.contoso.com' -EdgeServer 'EdgeServer:edgeB.contoso.com'"));
    let dns = plain_of(&m, "dns-federation");
    assert!(
        dns.contains("SRV _sipfederationtls._tcp.contoso.com (port 5061)"),
        "{dns}"
    );
    assert!(dns.contains("Or point it at sipb.contoso.com"), "{dns}");
    assert!(plain_of(&m, "partners").contains("sip.contoso.com"));
    // The edit is the expected result the pair was made to show.
    if let Some(expected) = shared("synthetic/SYNTHETIC_two_sites_after_failover_to_siteB.xml") {
        assert_eq!(m.plan.topology_text, expected);
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
    assert!(plain_of(&m, "central-management-failover").contains("poolA.contoso.com"));
    assert!(plain_of(&m, "front-end-pool-failover").contains("Invoke-CsPoolFailover -PoolFqdn 'poolA.contoso.com'"));

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
    assert!(plain_of(&back, "reassociate:poolA.contoso.com").contains("'EdgeServer:edgeA.contoso.com'"));
    assert_eq!(back.plan.topology_text, before, "failback undoes the failover");
}

#[test]
fn shared_single_edge_exports_have_no_pool_to_fail_over_to() {
    // Every real export has one Edge pool at most: the planner must refuse, saying why,
    // rather than produce a checklist that moves federation nowhere.
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
            more => panic!("{name}: {} Edge pools; give it a checklist scenario", more.len()),
        }
    }
}

// --- The command line prints the checks and plans a failback.

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edge-failover"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_prints_every_check_and_plans_the_failback() {
    let dir = std::env::temp_dir().join(format!("edge-failover-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("sample.xml");
    std::fs::write(&input, sample()).unwrap();
    let over_xml = dir.join("sample.failover-to-edgepool-boston.xml");
    let over_md = dir.join("over.md");
    let (code, stdout, stderr) = cli(&[
        "plan",
        input.to_str().unwrap(),
        "--failed",
        AMS,
        "--to",
        BOS,
        "--xmpp",
        "--topology-out",
        over_xml.to_str().unwrap(),
        "--checklist-out",
        over_md.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let expected = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(stdout.contains("\nChecks:\n"), "{stdout}");
    for c in &expected.plan.checks {
        assert!(
            stdout.contains(&format!("  {}: {}\n", c.severity.label(), c.message)),
            "{:?} is not printed:\n{stdout}",
            c.check
        );
    }
    // The file the CLI writes is the checklist, comparing with the file it was given.
    let written = read(&over_md);
    assert!(written.contains(
        "Compare-Object (Get-Content C:\\EdgeFailover\\topology-now.xml) (Get-Content 'C:\\EdgeFailover\\sample.xml')"
    ));

    let back_xml = dir.join("back.xml");
    let back_md = dir.join("back.md");
    let (code, stdout, stderr) = cli(&[
        "plan",
        over_xml.to_str().unwrap(),
        "--failed",
        BOS,
        "--to",
        AMS,
        "--xmpp",
        "--failback",
        "--topology-out",
        back_xml.to_str().unwrap(),
        "--checklist-out",
        back_md.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("SIP federation moves: yes") && stdout.contains("\nChecks:\n"),
        "{stdout}"
    );
    let back = read(&back_md);
    assert!(back
        .starts_with("# Edge federation failback: `edgepool-boston.fabrikam.com` → `edgepool-amsterdam.fabrikam.com`"));
    assert!(back.contains("(Get-Content 'C:\\EdgeFailover\\sample.failover-to-edgepool-boston.xml')"));
    assert_eq!(read(&back_xml), sample(), "failback restores the original topology");

    let (code, _, stderr) = cli(&[
        "plan",
        input.to_str().unwrap(),
        "--failed-site",
        "Amsterdam",
        "--to",
        AMS,
        "--failback",
        "--topology-out",
        back_xml.to_str().unwrap(),
        "--checklist-out",
        back_md.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "a failback names the pool, not a site: {stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

// --- The corrections of issue 13: each step checked against the product documentation.

/// The step `id` (or the first `id:…`); panics when there is none.
fn step<'a>(m: &'a Made, id: &str) -> &'a Step {
    let prefix = format!("{id}:");
    m.list
        .steps()
        .find(|s| s.id == id || s.id.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{}: no step {id} among {:?}", m.loaded_name, ids(m)))
}

fn every_command(s: &Step) -> impl Iterator<Item = &String> {
    s.commands.iter().chain(&s.verify_commands)
}

/// The sample with Boston's Edge pool forwarding to the Director in Amsterdam: losing
/// Amsterdam moves the next hop to Boston's own Director, in Topology Builder.
fn boston_next_hop_in_amsterdam() -> String {
    let text = sample();
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

const WINGTIP_AMS: &str = "edgepool-amsterdam.wingtiptoys.com";
const WINGTIP_BOS: &str = "edgepool-boston.wingtiptoys.com";

#[test]
fn wingtip_paired_site_failover() {
    scenario(
        "wingtip-paired-site-failover.md",
        &wingtip(),
        "wingtip.xml",
        FailoverRequest::site("Amsterdam", WINGTIP_BOS),
    );
}

/// The Topology Builder steps of one part of the checklist (the failover, or the failback
/// inside it), in order.
fn topology_builder_steps(m: &Made, failback: bool) -> Vec<&Step> {
    m.list
        .steps()
        .filter(|s| s.id.starts_with("failback/") == failback)
        .filter(|s| s.id != "before-same-topology" && !s.id.ends_with("publish-topology"))
        .filter(|s| s.place.plain().starts_with("Topology Builder"))
        .collect()
}

#[test]
fn topology_builder_is_opened_once_and_published_once() {
    // 1. Downloading the topology again in the middle loses the edits not yet published.
    let cases = [
        make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS)),
        make(
            &boston_next_hop_in_amsterdam(),
            "sample.xml",
            &FailoverRequest::site("Amsterdam", BOS),
        ),
        {
            let over = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
            let after = String::from_utf8(over.plan.topology_bytes.clone()).unwrap();
            make(&after, &over.modified_name, &FailoverRequest::failback(BOS, AMS))
        },
    ];
    assert!(cases[1].plan.next_hop.as_ref().is_some_and(|h| h.same_site));
    for m in &cases {
        for failback in [false, true] {
            let tb = topology_builder_steps(m, failback);
            if failback && m.plan.request.direction == plan::Direction::Failback {
                assert!(tb.is_empty());
                continue;
            }
            assert!(
                tb.len() >= 3,
                "{}: {:?}",
                m.loaded_name,
                tb.iter().map(|s| &s.id).collect::<Vec<_>>()
            );
            let text = |s: &Step| s.actions.iter().map(|a| a.plain()).collect::<Vec<_>>().join("\n");
            let (first, rest) = tb.split_first().unwrap();
            assert!(
                text(first).contains("download the topology"),
                "{}: {} opens the session:\n{}",
                m.loaded_name,
                first.id,
                text(first)
            );
            for s in rest {
                assert!(
                    !text(s).contains("download the topology") && text(s).contains("same Topology Builder session"),
                    "{}: {} continues the session:\n{}",
                    m.loaded_name,
                    s.id,
                    text(s)
                );
            }
            let publishes = m
                .list
                .steps()
                .filter(|s| s.id.starts_with("failback/") == failback)
                .filter(|s| s.id.ends_with("publish-topology"))
                .count();
            assert_eq!(publishes, 1, "{}: one publish", m.loaded_name);
            let last = tb.last().unwrap().id.clone();
            let publish = if failback {
                "failback/publish-topology"
            } else {
                "publish-topology"
            };
            in_order(m, &[last.split(':').next().unwrap(), publish]);
        }
    }
}

#[test]
fn a_site_failover_reads_the_management_store_only_after_it_moves() {
    // 2. With the Central Management Server in the failed site, nothing before its failover
    // may need it, and the file made from the earlier export is not published.
    let m = make(&sample(), "sample.xml", &FailoverRequest::site("Amsterdam", BOS));
    let cms = at(&m, "central-management-failover");
    for s in m.list.steps().take(cms) {
        for c in every_command(s) {
            assert!(
                !c.contains("Get-CsService") && !c.contains("Get-CsSite"),
                "{}: {c} needs the store",
                s.id
            );
            if c.contains("Get-CsTopology")
                || c.contains("Export-CsConfiguration")
                || c.contains("Get-CsSimpleUrlConfiguration")
            {
                assert!(c.contains("-LocalStore"), "{}: {c}", s.id);
            }
        }
    }
    in_order(
        &m,
        &[
            "central-management-failover",
            "before-current-state",
            "central-management-fresh-export",
            "publish-topology",
        ],
    );
    let fresh = plain_of(&m, "central-management-fresh-export");
    assert!(
        fresh.contains("Get-CsTopology -AsXml") && fresh.contains("plan the same failover again"),
        "{fresh}"
    );
    let publish = plain_of(&m, "publish-topology");
    assert!(!publish.contains("Publish-CsTopology -FileName"), "{publish}");

    // A pool failover leaves the store where it is: the ordinary commands.
    let pool = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(!plain_of(&pool, "before-backup").contains("-LocalStore"));
    in_order(&pool, &["before-current-state", "before-backup"]);
}

#[test]
fn the_cms_fails_over_as_the_procedure_does_with_the_references_parameters() {
    // 3. [FO] steps 1, 2, 3 and 5, to the Back End the file pairs with the pool.
    let m = make(
        &wingtip(),
        "wingtip.xml",
        &FailoverRequest::site("Amsterdam", WINGTIP_BOS),
    );
    in_order(
        &m,
        &[
            "central-management-find",
            "central-management-mirror",
            "central-management-failover",
        ],
    );
    let find = step(&m, "central-management-find");
    assert!(
        find.place.plain().contains("fe01-boston.wingtiptoys.com"),
        "{:?}",
        find.place
    );
    assert_eq!(
        find.commands,
        [
            "Invoke-CsManagementServerFailover -WhatIf",
            "Get-CsPoolBackupRelationship -PoolFqdn 'pool-amsterdam.wingtiptoys.com' -LocalStore",
            "Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus",
        ]
    );
    let mirror = plain_of(&m, "central-management-mirror");
    assert!(
        mirror.contains("Get-CsDatabaseMirrorState -DatabaseType CentralMgmt -PoolFqdn 'pool-boston.wingtiptoys.com'"),
        "{mirror}"
    );
    assert!(
        mirror.contains("CMS"),
        "the Lync Server 2013 value is mentioned: {mirror}"
    );
    let failover = step(&m, "central-management-failover");
    assert!(failover.place.plain().contains("fe01-boston.wingtiptoys.com"));
    assert_eq!(
        failover.commands,
        ["Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'sql-boston.wingtiptoys.com' -BackupSqlInstanceName 'rtc' -Force -Verbose"]
    );
    let said = plain_of(&m, "central-management-failover");
    assert!(
        said.contains("-BackupMirrorSqlServerFqdn") && said.contains("-BackupMirrorSqlInstanceName"),
        "{said}"
    );
    assert!(
        !m.markdown.contains("<Back End"),
        "no placeholder for what the file shows"
    );
    assert!(!m.markdown.contains("Install-CsDatabase") && !m.markdown.contains("Move-CsManagementServer"));
    for s in m.list.steps() {
        for c in every_command(s) {
            assert!(!c.to_ascii_lowercase().contains(" -mirrorsql"), "{}: {c}", s.id);
        }
    }

    // A Central Management Server on a Lync Server 2010 pool: [FO] step 6 instead of 5.
    let mut lines: Vec<String> = wingtip().lines().map(str::to_owned).collect();
    for i in 0..lines.len() - 1 {
        if lines[i].contains("ServiceVersion=\"7\"") && lines[i + 1].contains("<ServiceId SiteId=\"1\"") {
            lines[i] = lines[i].replace("ServiceVersion=\"7\"", "ServiceVersion=\"5\"");
        }
    }
    let old = make(
        &(lines.join("\n") + "\n"),
        "wingtip.xml",
        &FailoverRequest::site("Amsterdam", WINGTIP_BOS),
    );
    let moved = plain_of(&old, "central-management-failover");
    assert!(
        moved.contains("Install-CsDatabase -CentralManagementDatabase -Clean -SqlServerFqdn 'sql-boston.wingtiptoys.com' -SqlInstanceName 'rtc'"),
        "{moved}"
    );
    assert!(
        moved.contains("Move-CsManagementServer -ConfigurationFileName 'C:\\EdgeFailover\\configuration-before.zip'"),
        "{moved}"
    );
    assert!(!moved.contains("-BackupSqlServerFqdn"), "{moved}");
    assert!(!has(&old, "central-management-mirror"));
}

#[test]
fn the_xmpp_route_is_set_on_the_site_of_the_new_xmpp_pool_only() {
    // 4. [XD] step 3 sets one site's route: the site of the pool that now hosts XMPP.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert_eq!(
        step(&m, "xmpp-route").commands,
        ["Set-CsSite -Identity 'Boston' -XmppFederationRoute 'EdgeServer:edgepool-boston.fabrikam.com'"]
    );
    assert_eq!(
        step(&m, "failback/xmpp-route").commands,
        ["Set-CsSite -Identity 'Amsterdam' -XmppFederationRoute 'EdgeServer:edgepool-amsterdam.fabrikam.com'"]
    );
    for s in m.list.steps() {
        for c in every_command(s) {
            assert!(!c.contains("-XmppExternalFederationRoute"), "{}: {c}", s.id);
        }
    }
}

#[test]
fn each_sip_domain_keeps_its_own_federation_srv_target() {
    // 5. An SRV record names a host in its own domain (error 1009 otherwise).
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let dns = step(&m, "dns-federation");
    let lines: Vec<String> = dns.actions.iter().map(|a| a.plain()).collect();
    let net = lines
        .iter()
        .find(|l| l.contains("_sipfederationtls._tcp.fabrikam.net"))
        .expect("fabrikam.net's record");
    assert!(!net.contains("sip-boston.fabrikam.com"), "{net}");
    assert!(
        net.contains("a host in fabrikam.net") && net.contains("A record"),
        "{net}"
    );
    let com = lines
        .iter()
        .find(|l| l.contains("_sipfederationtls._tcp.fabrikam.com"))
        .unwrap();
    assert!(com.contains("Or point it at sip-boston.fabrikam.com"), "{com}");
    assert!(lines.join("\n").contains("1009"));
    // The targets are recorded before anything changes, and go back on failback.
    let ttl = plain_of(&m, "before-dns-ttl");
    for d in ["fabrikam.com", "fabrikam.net"] {
        assert!(ttl.contains(&format!("_sipfederationtls._tcp.{d}")), "{ttl}");
    }
    let back = plain_of(&m, "failback/dns-federation");
    assert!(
        back.contains("edgepool-amsterdam.fabrikam.com") && back.contains("203.0.1.10"),
        "{back}"
    );
}

#[test]
fn only_the_access_edge_address_is_given() {
    // 6. With separate public addresses, the A records and the 5061 and 5269 rules use the
    // Access Edge's alone.
    let m = make(
        &wingtip(),
        "wingtip.xml",
        &FailoverRequest::pool(WINGTIP_AMS, WINGTIP_BOS),
    );
    for id in ["dns-federation", "firewall", "xmpp-dns"] {
        let said = plain_of(&m, id);
        assert!(said.contains("203.0.2.10, 203.0.2.11"), "{id}: {said}");
        for other in ["203.0.2.20", "203.0.2.21", "203.0.2.30", "203.0.2.31"] {
            assert!(!said.contains(other), "{id} names {other}: {said}");
        }
    }
    assert!(m.markdown.contains("**access-edge-address** (inferred)"));
}

#[test]
fn the_partner_tests_are_ones_that_can_work() {
    // 7. Test-CsFederatedPartner reaches allowed domains only; Test-CsXmppIM needs a user of
    // an allowed XMPP partner.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let fed = plain_of(&m, "verify-federation");
    assert!(fed.contains(
        "Get-CsAllowedDomain | ForEach-Object { Test-CsFederatedPartner -TargetFqdn 'edgepool-boston.fabrikam.com' -Domain $_.Identity }"
    ));
    assert!(fed.contains("allowed list"), "{fed}");
    assert!(!fed.contains("DNS discovery, run the same test"), "{fed}");
    let xmpp = step(&m, "verify-xmpp");
    assert_eq!(xmpp.commands[0], "Get-CsXmppAllowedPartner | Select-Object Identity");
    assert!(
        xmpp.commands[1].contains("Read-Host")
            && xmpp.commands[1].contains("Test-CsXmppIM -TargetFqdn 'pool-boston.fabrikam.com' -Receiver $receiver"),
        "{:?}",
        xmpp.commands
    );
    assert!(!m.markdown.contains("xmpp-partner.example"));
}

#[test]
fn topology_builder_labels_and_procedure_citations_are_the_documents() {
    // 8. Edit Properties › General says "Enable XMPP federation for this Edge pool"; [XD] has
    // no Topology Builder steps, and its steps are numbered from "deploy the pool".
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(plain_of(&m, "tb-enable-xmpp").contains("\"Enable XMPP federation for this Edge pool\""));
    assert!(!m.markdown.contains("Enable XMPP federation (port 5269)"));
    for id in ["tb-clear-xmpp", "tb-enable-xmpp"] {
        assert!(
            !step(&m, id).basis.iter().any(|b| matches!(b, Basis::Procedure(_))),
            "{id}: {:?}",
            step(&m, id).basis
        );
    }
    let cited = |id: &str| -> String {
        step(&m, id)
            .basis
            .iter()
            .find_map(|b| match b {
                Basis::Procedure(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert!(cited("xmpp-stop").ends_with("step 2"), "{}", cited("xmpp-stop"));
    assert!(cited("xmpp-route").ends_with("step 3"));
    assert!(cited("xmpp-dns").ends_with("steps 4–5"));
    assert!(cited("xmpp-firewall").ends_with("step 6"));
    assert!(cited("xmpp-start").ends_with("step 7"));
}

#[test]
fn the_xmpp_outage_window_is_short_and_said() {
    // 9. Stopping the only surviving pool's services stops everything through it.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    in_order(&m, &["xmpp-dns", "xmpp-firewall", "xmpp-stop", "xmpp-start"]);
    let section = m
        .list
        .sections
        .iter()
        .find(|s| s.steps.iter().any(|x| x.id == "xmpp-stop"))
        .unwrap();
    let intro = section.intro.as_ref().expect("the window is explained").plain();
    for words in ["SIP federation", "remote", "A/V", "minutes"] {
        assert!(intro.contains(words), "{words}: {intro}");
    }
    let ttl = plain_of(&m, "before-dns-ttl");
    for d in ["fabrikam.com", "fabrikam.net"] {
        assert!(ttl.contains(&format!("_xmpp-server._tcp.{d}")), "{ttl}");
    }
    assert!(m.list.outages.iter().any(|o| o.plain().contains("XMPP")));
}

#[test]
fn a_plan_that_moves_only_xmpp_checks_the_certificate() {
    // 10. The XMPP domains are names on the Access Edge certificate.
    let m = make(
        &own("litware-three-sites-crlf.xml"),
        "litware-three-sites-crlf.xml",
        &FailoverRequest::pool("edgepool-boston.litware.org", "edgepool-amsterdam.litware.org"),
    );
    assert!(m.plan.xmpp_moves && !m.plan.federation_moves);
    let cert = plain_of(&m, "certificate");
    assert!(cert.contains("litware.org") && cert.contains("XMPP"), "{cert}");
}

#[test]
fn the_publish_and_the_wizard_wait_for_what_they_need() {
    // 11. Simple URLs compared around the publish; the wizard after replication.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(plain_of(&m, "before-backup").contains("Get-CsSimpleUrlConfiguration"));
    let publish = step(&m, "publish-topology");
    assert!(
        publish
            .verify_commands
            .iter()
            .any(|c| c.contains("Compare-Object") && c.contains("simple-urls-before.txt")),
        "{:?}",
        publish.verify_commands
    );
    let ready = step(&m, "replication-ready");
    for server in ["edge01-boston.fabrikam.com", "edge02-boston.fabrikam.com"] {
        assert!(
            ready
                .commands
                .iter()
                .any(|c| c.contains(&format!("-ReplicaFqdn '{server}'"))),
            "{:?}",
            ready.commands
        );
    }
    in_order(&m, &["publish-topology", "replication-ready", "deployment-wizard"]);
    assert!(plain_of(&m, "deployment-wizard:edge01-boston.fabrikam.com").contains("Start-CsWindowsService"));
}

#[test]
fn the_failback_is_the_true_reverse_from_the_same_steps() {
    // 12. The failback inside a failover checklist is the failback plan's own procedure.
    let over = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let after = String::from_utf8(over.plan.topology_bytes.clone()).unwrap();
    let back = make(&after, &over.modified_name, &FailoverRequest::failback(BOS, AMS));
    let inside: Vec<(String, String)> = over
        .list
        .steps()
        .filter_map(|s| Some((s.id.strip_prefix("failback/")?.to_owned(), s.title.plain())))
        .collect();
    let own: Vec<(String, String)> = back
        .list
        .steps()
        .filter(|s| !s.id.starts_with("before-"))
        .map(|s| (s.id.clone(), s.title.plain()))
        .collect();
    assert_eq!(inside, own);
    // It tests federation, moves XMPP with its stop and start, and returns DNS and names.
    for id in [
        "xmpp-stop",
        "xmpp-start",
        "verify-federation",
        "verify-xmpp",
        "dns-federation",
        "certificate",
    ] {
        assert!(has(&over, &format!("failback/{id}")), "{id}");
    }
    // A next hop the failover changed goes back.
    let hop = make(
        &edge_alone_in_its_site(),
        "sample-chicago.xml",
        &FailoverRequest::site("Amsterdam", BOS),
    );
    let restore = plain_of(&hop, "failback/restore-next-hop");
    assert!(
        restore.contains("Set-CsEdgeServer -Identity 'EdgeServer:edgepool-boston.fabrikam.com' -Registrar 'Registrar:dir-amsterdam.fabrikam.com'"),
        "{restore}"
    );
    in_order(
        &hop,
        &[
            "failback/failback-start",
            "failback/restore-next-hop",
            "failback/publish-topology",
        ],
    );
}

#[test]
fn practical_details_hold() {
    // 13. The folder exists before anything is written to it.
    let m = make(&sample(), "sample.xml", &FailoverRequest::pool(AMS, BOS));
    let first = m
        .list
        .steps()
        .flat_map(every_command)
        .find(|c| c.contains("C:\\EdgeFailover"))
        .unwrap();
    assert!(
        first.starts_with("New-Item -ItemType Directory -Force -Path C:\\EdgeFailover"),
        "{first}"
    );

    // "Where" is true for every command: cmdlets run in a shell, not at the partners or DNS.
    for m in [
        &m,
        &make(&sample(), "sample.xml", &FailoverRequest::site("Amsterdam", BOS)),
    ] {
        for s in m.list.steps() {
            let place = s.place.plain();
            if s.commands.iter().any(|c| c.contains("-Cs")) {
                assert!(
                    ["Management Shell", "Edge server", "Front End"]
                        .iter()
                        .any(|p| place.contains(p)),
                    "{}: {place} for {:?}",
                    s.id,
                    s.commands
                );
            }
            if place.starts_with("Your federation partners") || place.starts_with("The public DNS") {
                assert!(s.commands.is_empty(), "{}: {:?}", s.id, s.commands);
            }
        }
    }

    // Lync Server 2013 runs on Windows Server 2008 R2: the older tools beside the new ones.
    let lync = sample().replace("ServiceVersion=\"7\"", "ServiceVersion=\"6\"");
    let l = make(&lync, "sample-lync.xml", &FailoverRequest::pool(AMS, BOS));
    assert!(l.plan.xmpp_moves);
    for s in l.list.steps() {
        let commands: Vec<&String> = every_command(s).collect();
        if commands.iter().any(|c| c.contains("Resolve-DnsName")) {
            assert!(
                commands.iter().any(|c| c.starts_with("nslookup -type=")),
                "{}: {commands:?}",
                s.id
            );
        }
        if commands.iter().any(|c| c.contains("Get-NetTCPConnection")) {
            assert!(
                commands.iter().any(|c| c.starts_with("netstat -ano | findstr")),
                "{}: {commands:?}",
                s.id
            );
        }
    }
    assert!(!m.markdown.contains("nslookup"), "not for Skype for Business Server");

    // A site failover that does not move federation says so, without the SRV note.
    let quiet = make(&sample(), "sample.xml", &FailoverRequest::site("Boston", AMS));
    assert!(!quiet.plan.federation_moves && !quiet.plan.xmpp_moves);
    assert!(
        quiet
            .markdown
            .starts_with("# Edge site failover (federation does not move)"),
        "{}",
        &quiet.markdown[..120]
    );
    assert!(!quiet.markdown.contains("_sipfederationtls"));

    // The two routes are a clear choice, and the Topology Builder steps say when to skip them.
    let section = m
        .list
        .sections
        .iter()
        .find(|s| s.steps.iter().any(|x| x.id == "publish-topology"))
        .unwrap();
    let intro = section.intro.as_ref().unwrap().plain();
    assert!(intro.contains("Route A") && intro.contains("Route B"), "{intro}");
    for s in topology_builder_steps(&m, false) {
        assert!(
            s.place.plain().contains("skip if you publish the modified file"),
            "{}",
            s.id
        );
    }
}

#[test]
fn the_checklist_opens_with_a_one_screen_summary() {
    // 14. The pools, what changes, the decisions, the outages and the first action, before
    // the checks and the steps.
    let m = make(&sample(), "sample.xml", &FailoverRequest::site("Amsterdam", BOS));
    let decisions: Vec<String> = m.list.decisions.iter().map(|d| d.plain()).collect();
    let all = decisions.join("\n");
    for words in ["Topology Builder", "modified file", "XMPP", "Central Management Server"] {
        assert!(all.contains(words), "{words}: {all}");
    }
    assert!(m.list.outages.iter().any(|o| o.plain().contains("SIP federation")));
    let first = m.list.first_action.plain();
    let step1 = m.list.steps().next().unwrap();
    assert!(first.contains(&step1.title.plain()), "{first}");
    let md = &m.markdown;
    let (summary, checks, step) = (
        md.find("**Decide first:**").unwrap(),
        md.find("## Checks").unwrap(),
        md.find("### - [ ] 1. ").unwrap(),
    );
    assert!(summary < checks && checks < step);
    let html = checklist::html::render(&m.list);
    let (decide, checks) = (
        html.find("Decide first:").unwrap(),
        html.find("<h2>Checks</h2>").unwrap(),
    );
    assert!(decide < checks);
}
