//! Every check a plan makes before anything is downloaded: for each, a topology that
//! triggers it and one that does not, with the severity, the pools named and the words the
//! administrator reads.
//!
//! The topologies are the project's own sample and fixtures (generator output), changed here
//! by plain text edits so each test shows the one thing that differs. Every edit asserts it
//! matched, so a regenerated sample cannot make a test pass vacuously.

mod support;

use std::path::Path;

use edge_failover_planner::checklist;
use edge_failover_planner::plan::{
    self, candidates, scope, Check, CheckKind, CheckSeverity, FailoverRequest, Failure, Ineligible, Plan, PlanError,
};
use edge_failover_planner::topology::{FindingKind, TopologyFile};
use support::generator::{generate, Spec};

const AMS: &str = "edgepool-amsterdam.fabrikam.com";
const BOS: &str = "edgepool-boston.fabrikam.com";

fn sample() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml")).unwrap()
}

fn own(name: &str) -> String {
    std::fs::read_to_string(support::own_fixtures().join(name)).unwrap()
}

fn load(text: &str) -> TopologyFile {
    TopologyFile::read(text.as_bytes()).unwrap_or_else(|e| panic!("the edited topology does not load: {e}"))
}

fn plan_of(text: &str, request: &FailoverRequest) -> Plan {
    plan::make_plan(&load(text), request).unwrap_or_else(|e| panic!("no plan: {e}"))
}

fn refusal(text: &str, request: &FailoverRequest) -> PlanError {
    match plan::make_plan(&load(text), request) {
        Ok(p) => panic!("a plan was made; checks: {:#?}", p.checks),
        Err(e) => e,
    }
}

fn list(plan: &Plan) -> String {
    plan.checks
        .iter()
        .map(|c| format!("  {:?} {:?}: {}", c.check, c.severity, c.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one check of this kind; fails with every check listed when there is none or several.
fn one(plan: &Plan, kind: CheckKind) -> &Check {
    let found: Vec<&Check> = plan.checks.iter().filter(|c| c.check == kind).collect();
    assert_eq!(found.len(), 1, "expected one {kind:?} check, got:\n{}", list(plan));
    found[0]
}

fn none(plan: &Plan, kind: CheckKind) {
    assert!(
        plan.checks.iter().all(|c| c.check != kind),
        "expected no {kind:?} check, got:\n{}",
        list(plan)
    );
}

fn says(check: &Check, words: &[&str]) {
    for w in words {
        assert!(
            check.message.contains(w),
            "{:?} does not say {w:?}: {}",
            check.check,
            check.message
        );
    }
}

fn names(check: &Check, pools: &[&str]) {
    assert_eq!(check.pools, pools, "pools named by {:?}", check.check);
}

/// `from` replaced by `to`, exactly `times` times.
fn edit(text: &str, from: &str, to: &str, times: usize) -> String {
    assert_eq!(text.matches(from).count(), times, "{from:?} in the topology");
    text.replace(from, to)
}

/// Every `from` replaced by `to`: for moving a cluster, whose ClusterId recurs in each
/// service installed on it.
fn edit_all(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} in the topology");
    text.replace(from, to)
}

/// An edit inside the `<Service>` element whose own ServiceId is `id` (not a dependency on
/// it).
fn edit_service(text: &str, id: &str, from: &str, to: &str) -> String {
    let at = text
        .match_indices(id)
        .map(|(i, _)| i)
        .find(|&i| {
            let before = text[..i].trim_end();
            before.ends_with('>')
                && before[before.rfind('\n').map_or(0, |n| n + 1)..]
                    .trim_start()
                    .starts_with("<Service ")
        })
        .unwrap_or_else(|| panic!("no service {id}"));
    let start = text[..at].rfind("<Service ").unwrap();
    let end = at + text[at..].find("</Service>").unwrap();
    format!(
        "{}{}{}",
        &text[..start],
        edit(&text[start..end], from, to, 1),
        &text[end..]
    )
}

const BOSTON_EDGE: &str = r#"<ServiceId SiteId="2" RoleName="EdgeServer" Instance="1" />"#;
const AMSTERDAM_EDGE: &str = r#"<ServiceId SiteId="1" RoleName="EdgeServer" Instance="1" />"#;
const BOSTON_EDGE_CLUSTER: &str = r#"<ClusterId SiteId="2" Number="2" />"#;

/// The sample with Boston's Edge pool moved into Amsterdam: two Edge pools in one site.
fn both_edges_in_amsterdam() -> String {
    edit_all(&sample(), BOSTON_EDGE_CLUSTER, r#"<ClusterId SiteId="1" Number="6" />"#)
}

/// The sample with Boston's Edge pool forwarding to the Director in Amsterdam.
fn boston_next_hop_in_amsterdam(text: &str) -> String {
    edit_service(
        text,
        BOSTON_EDGE,
        r#"<ServiceId SiteId="2" RoleName="Registrar" Instance="2" />"#,
        r#"<ServiceId SiteId="1" RoleName="Registrar" Instance="2" />"#,
    )
}

/// A federation port on an Edge pool, after its media relay ports where Topology Builder
/// writes it.
fn add_federation(text: &str, code: &str) -> String {
    let media = format!(
        r#"<Port Owner="urn:component:MediaRelayEdge" Usage="MediaCommunication" InterfaceSide="External" InterfaceNumber="1" Port="50000" Protocol="TcpOrUdp" UrlPath="/" AuthorizesRequests="false" Range="10000" ConfiguredFqdn="av-{code}.fabrikam.com" />"#
    );
    let federation = format!(
        r#"<Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="External" InterfaceNumber="1" Port="5061" Protocol="Mtls" UrlPath="/" AuthorizesRequests="false" ConfiguredFqdn="sip-{code}.fabrikam.com" />"#
    );
    edit(text, &media, &format!("{media}\n        {federation}"), 1)
}

fn federation_after(plan: &Plan) -> Vec<String> {
    let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
    let a = &after.topology;
    a.federation_pools().map(|e| a.pools[e.pool].fqdn.clone()).collect()
}

/// Where step `id` stands in the runbook's first document (its walkthrough order).
fn step_number(plan: &Plan, file: &TopologyFile, id: &str) -> Option<usize> {
    let list = checklist::build_for(file, plan, "topology.xml", "topology.failover-to-x.xml");
    let first = list.phases()[0];
    let at = list
        .phase_steps(first)
        .position(|s| s.id == id || s.id.starts_with(&format!("{id}:")));
    at
}

/// The servers the runbook's one Deployment Wizard step ticks.
fn wizard_servers(plan: &Plan, file: &TopologyFile) -> Vec<String> {
    let list = checklist::build_for(file, plan, "topology.xml", "topology.failover-to-x.xml");
    list.step("deployment-wizard")
        .map(|s| s.boxes.clone())
        .unwrap_or_default()
}

/// The step `first` comes before `then`; both must be there (comparing `Option`s would pass
/// with `first` missing).
fn step_before(plan: &Plan, file: &TopologyFile, first: &str, then: &str) {
    let at = |id: &str| step_number(plan, file, id).unwrap_or_else(|| panic!("no step {id}"));
    let (a, b) = (at(first), at(then));
    assert!(a < b, "{first} is step {a}, {then} is step {b}");
}

#[test]
fn re_associating_a_pool_that_uses_no_failed_edge_pool_is_refused_by_name() {
    let request = FailoverRequest {
        reassociate: Some(vec!["pool-boston.fabrikam.com".into()]),
        ..FailoverRequest::pool(AMS, BOS)
    };
    let e = refusal(&sample(), &request);
    assert_eq!(
        e,
        PlanError::NothingToReassociate {
            pool: "pool-boston.fabrikam.com".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "pool-boston.fabrikam.com does not use a failed Edge pool for media, so there is nothing to re-associate."
    );
}

// --- The survivor: not the failed pool, not in a failed site, reachable, with names of its own.

#[test]
fn the_failed_pool_cannot_survive_itself() {
    match refusal(&sample(), &FailoverRequest::pool(AMS, AMS)) {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, AMS);
            assert_eq!(reasons, ["it is the failed pool"]);
        }
        other => panic!("{other:?}"),
    }
    let file = load(&sample());
    let scope = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let all = candidates(&file, &scope);
    let ams = all.iter().find(|c| c.fqdn == AMS).unwrap();
    assert_eq!(ams.blockers, [Ineligible::FailedPool]);
    assert!(!ams.eligible);
}

#[test]
fn another_pool_survives_the_failed_one() {
    let file = load(&sample());
    let scope = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let bos = candidates(&file, &scope).into_iter().find(|c| c.fqdn == BOS).unwrap();
    assert!(bos.eligible && bos.blockers.is_empty() && bos.reasons.is_empty());
    plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
}

#[test]
fn no_edge_pool_in_a_failed_site_can_survive() {
    // Both Edge pools in Amsterdam: losing the site takes the second one too, though it did
    // not carry federation.
    let text = both_edges_in_amsterdam();
    match refusal(&text, &FailoverRequest::site("Amsterdam", BOS)) {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, BOS);
            assert_eq!(reasons, ["it is in the failed site Amsterdam"]);
        }
        other => panic!("{other:?}"),
    }
    let file = load(&text);
    let scope = scope(&file, &Failure::Site("Amsterdam".into())).unwrap();
    for c in candidates(&file, &scope) {
        assert_eq!(
            c.blockers,
            [Ineligible::InFailedSite {
                site: "Amsterdam".into()
            }],
            "{}",
            c.fqdn
        );
    }
}

#[test]
fn an_edge_pool_outside_the_failed_site_survives_it() {
    let file = load(&sample());
    let scope = scope(&file, &Failure::Site("Amsterdam".into())).unwrap();
    let bos = candidates(&file, &scope).into_iter().find(|c| c.fqdn == BOS).unwrap();
    assert!(bos.eligible, "{:?}", bos.reasons);
}

const BOSTON_ACCESS: &str = r#"Usage="SipClient" InterfaceSide="External" InterfaceNumber="1" Port="443" Protocol="Tls" UrlPath="/" AuthorizesRequests="false" ConfiguredFqdn="sip-boston.fabrikam.com" />"#;

#[test]
fn a_pool_without_an_external_access_edge_fqdn_cannot_survive() {
    let text = edit(
        &sample(),
        BOSTON_ACCESS,
        r#"Usage="SipClient" InterfaceSide="External" InterfaceNumber="1" Port="443" Protocol="Tls" UrlPath="/" AuthorizesRequests="false" />"#,
        1,
    );
    match refusal(&text, &FailoverRequest::pool(AMS, BOS)) {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, BOS);
            assert_eq!(reasons.len(), 1);
            assert!(reasons[0].contains("no external Access Edge FQDN"), "{reasons:?}");
            assert!(reasons[0].contains("partners could not reach it"), "{reasons:?}");
        }
        other => panic!("{other:?}"),
    }
    let file = load(&text);
    let scope = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let bos = candidates(&file, &scope).into_iter().find(|c| c.fqdn == BOS).unwrap();
    assert_eq!(bos.blockers, [Ineligible::NoAccessEdgeFqdn]);
}

#[test]
fn a_pool_with_its_own_access_edge_fqdn_can_survive() {
    let file = load(&sample());
    assert_eq!(
        file.topology.edge_by_fqdn(BOS).unwrap().access_fqdn.as_deref(),
        Some("sip-boston.fabrikam.com")
    );
    plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
}

#[test]
fn a_pool_sharing_an_fqdn_with_the_failed_pool_cannot_survive() {
    // Boston's web conferencing name is Amsterdam's: after the failover partners and clients
    // would reach the failed pool under it.
    let text = edit(
        &sample(),
        r#"ConfiguredFqdn="webconf-boston.fabrikam.com""#,
        r#"ConfiguredFqdn="webconf-amsterdam.fabrikam.com""#,
        1,
    );
    match refusal(&text, &FailoverRequest::pool(AMS, BOS)) {
        PlanError::IneligibleSurvivor { pool, reasons } => {
            assert_eq!(pool, BOS);
            assert_eq!(
                reasons,
                ["it shares webconf-amsterdam.fabrikam.com with the failed pool; every Edge pool needs FQDNs of its own"]
            );
        }
        other => panic!("{other:?}"),
    }
    let file = load(&text);
    let scope = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let bos = candidates(&file, &scope).into_iter().find(|c| c.fqdn == BOS).unwrap();
    assert_eq!(
        bos.blockers,
        [Ineligible::SharesFqdns {
            names: vec!["webconf-amsterdam.fabrikam.com".into()]
        }]
    );
}

#[test]
fn a_pool_with_fqdns_of_its_own_can_survive() {
    let file = load(&sample());
    let scope = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let bos = candidates(&file, &scope).into_iter().find(|c| c.fqdn == BOS).unwrap();
    assert!(!bos.blockers.iter().any(|b| matches!(b, Ineligible::SharesFqdns { .. })));
}

#[test]
fn a_survivor_in_the_failed_pools_site_is_a_warning() {
    let p = plan_of(&both_edges_in_amsterdam(), &FailoverRequest::pool(AMS, BOS));
    let c = one(&p, CheckKind::SurvivorInSameSite);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[BOS, AMS]);
    says(c, &[BOS, "same site (Amsterdam)", "another site"]);
}

#[test]
fn a_survivor_in_another_site_is_no_warning() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::SurvivorInSameSite,
    );
}

// --- The survivor's next hop.

#[test]
fn a_next_hop_in_the_failed_site_is_changed_in_topology_builder_within_the_site() {
    let text = boston_next_hop_in_amsterdam(&sample());
    let file = load(&text);
    let p = plan::make_plan(&file, &FailoverRequest::site("Amsterdam", BOS)).unwrap();
    let change = p.next_hop.as_ref().expect("a next-hop change");
    assert_eq!(change.from_pool.as_deref(), Some("dir-amsterdam.fabrikam.com"));
    assert_eq!(change.to_pool, "dir-boston.fabrikam.com");
    assert!(change.same_site);

    let c = one(&p, CheckKind::NextHopChanged);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[BOS, "dir-boston.fabrikam.com"]);
    says(
        c,
        &[
            "dir-amsterdam.fabrikam.com",
            "in the failed site",
            "dir-boston.fabrikam.com",
            "first",
            "Topology Builder",
        ],
    );
    assert!(!c.message.contains("Set-CsEdgeServer"), "{}", c.message);

    // The modified topology holds the change, so publishing it applies it.
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    let a = &after.topology;
    let hop = a.edge_by_fqdn(BOS).unwrap().next_hop.unwrap();
    assert_eq!(a.service_pool_fqdn(hop), "dir-boston.fabrikam.com");

    let list = checklist::build_for(&file, &p, "sample.xml", "sample.failover-to-edgepool-boston.xml");
    let step = list.steps().find(|s| s.id == "next-hop").expect("a next-hop step");
    assert!(step.commands.is_empty(), "{:?}", step.commands);
    let said: String = step.actions.iter().map(|a| a.plain()).collect();
    assert!(
        said.contains("\"Next hop\"") && step.place.plain().starts_with("Topology Builder"),
        "{said}"
    );
    // The next hop changes before federation moves.
    step_before(&p, &file, "next-hop", "tb-enable-federation");
    step_before(&p, &file, "next-hop", "publish-topology");
}

/// The sample with a third site holding only Boston's Edge pool, whose next hop is the
/// Director in Amsterdam: losing Amsterdam leaves no Registrar in the Edge pool's own site.
fn edge_alone_in_its_site() -> String {
    let text = edit(
        &sample(),
        "  </Sites>",
        "    <CentralSite SiteId=\"3\">\n      <Name>Chicago</Name>\n      <Location City=\"Chicago\" CountryCode=\"US\" />\n    </CentralSite>\n  </Sites>",
        1,
    );
    let text = edit_all(&text, BOSTON_EDGE_CLUSTER, r#"<ClusterId SiteId="3" Number="1" />"#);
    boston_next_hop_in_amsterdam(&text)
}

#[test]
fn a_next_hop_in_another_site_is_changed_with_set_csedgeserver() {
    let text = edge_alone_in_its_site();
    let file = load(&text);
    let p = plan::make_plan(&file, &FailoverRequest::site("Amsterdam", BOS)).unwrap();
    let change = p.next_hop.as_ref().expect("a next-hop change");
    assert_eq!(change.to_pool, "dir-boston.fabrikam.com", "a Director is preferred");
    assert!(!change.same_site);

    let c = one(&p, CheckKind::NextHopChanged);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[BOS, "dir-boston.fabrikam.com"]);
    says(c, &["in another site", "Set-CsEdgeServer -Registrar"]);

    let list = checklist::build_for(&file, &p, "sample.xml", "sample.failover-to-edgepool-boston.xml");
    let step = list.steps().find(|s| s.id == "next-hop").unwrap();
    assert_eq!(
        step.commands,
        ["Set-CsEdgeServer -Identity 'EdgeServer:edgepool-boston.fabrikam.com' -Registrar 'Registrar:dir-boston.fabrikam.com'"]
    );
    step_before(&p, &file, "next-hop", "tb-enable-federation");
}

#[test]
fn a_healthy_next_hop_needs_no_change() {
    let p = plan_of(&sample(), &FailoverRequest::site("Amsterdam", BOS));
    assert!(p.next_hop.is_none());
    none(&p, CheckKind::NextHopChanged);
    none(&p, CheckKind::NextHopMissing);
    let file = load(&sample());
    assert_eq!(step_number(&p, &file, "next-hop"), None);
}

#[test]
fn a_survivor_without_a_next_hop_is_a_warning() {
    let text = edit_service(
        &sample(),
        BOSTON_EDGE,
        "<DependsOn>\n        <Dependency Usage=\"Default\">\n          <ServiceId SiteId=\"2\" RoleName=\"Registrar\" Instance=\"2\" />\n        </Dependency>\n      </DependsOn>",
        "<DependsOn />",
    );
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    let c = one(&p, CheckKind::NextHopMissing);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[BOS]);
    says(c, &["has no next hop", "healthy Front End pool or Director"]);
}

#[test]
fn a_next_hop_with_no_healthy_replacement_blocks_the_plan() {
    // Every Registrar is in Amsterdam: Boston keeps only its Edge pool.
    let text = edit_all(
        &sample(),
        r#"<ClusterId SiteId="2" Number="1" />"#,
        r#"<ClusterId SiteId="1" Number="6" />"#,
    );
    let text = edit_all(
        &text,
        r#"<ClusterId SiteId="2" Number="3" />"#,
        r#"<ClusterId SiteId="1" Number="7" />"#,
    );
    let p = plan_of(&text, &FailoverRequest::site("Amsterdam", BOS));
    assert!(p.next_hop.is_none());
    let c = one(&p, CheckKind::NextHopMissing);
    assert_eq!(c.severity, CheckSeverity::Error);
    names(c, &[BOS]);
    says(c, &["in the failed site", "no healthy Front End pool or Director"]);
    assert!(p.has_blocking_checks());
}

// --- The failed pool loses SIP federation; healthy federated pools keep it unless asked
// (DOMAIN.md rule 12).

#[test]
fn after_the_edit_only_the_survivor_carries_federation() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    assert_eq!(federation_after(&p), [BOS]);
    let c = one(&p, CheckKind::EditVerified);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[BOS]);
    says(c, &["reads back correctly", "the only Edge pool with SIP federation"]);
    none(&p, CheckKind::ExtraFederationRemoved);
}

#[test]
fn when_federation_stays_the_edit_leaves_it_alone() {
    let p = plan_of(&sample(), &FailoverRequest::pool(BOS, AMS));
    assert!(!p.federation_moves);
    assert_eq!(federation_after(&p), [AMS]);
    says(one(&p, CheckKind::EditVerified), &["SIP federation is unchanged"]);
}

#[test]
fn two_federation_pools_before_become_one_after() {
    let text = add_federation(&sample(), "boston");
    let before = load(&text);
    assert_eq!(before.topology.federation_pools().count(), 2);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    assert_eq!(federation_after(&p), [BOS]);
    says(
        one(&p, CheckKind::EditVerified),
        &["the only Edge pool with SIP federation"],
    );
}

/// Three sites, an Edge pool in each, federation on Amsterdam and on Cape Town too.
fn three_edges_two_federating() -> String {
    let mut spec = Spec::sized(3, 12);
    spec.xmpp_site = None;
    add_federation(&generate(&spec), "capetown")
}

const CPT: &str = "edgepool-capetown.fabrikam.com";

/// The `<Service>` element of an Edge pool, as written in the text.
fn edge_service_text<'a>(file: &'a TopologyFile, fqdn: &str) -> &'a str {
    let t = &file.topology;
    let e = t.edge_by_fqdn(fqdn).unwrap();
    file.doc.source(t.services[e.service].element)
}

#[test]
fn a_second_federation_pool_that_did_not_fail_keeps_its_federation() {
    let text = three_edges_two_federating();
    let before = load(&text);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    let mut after = federation_after(&p);
    after.sort();
    assert_eq!(after, [BOS, CPT]);
    none(&p, CheckKind::ExtraFederationRemoved);
    assert_eq!(p.federation_from.len(), 1, "only the failed pool is cleared");
    let c = one(&p, CheckKind::OtherFederationPoolsKept);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[CPT]);
    says(
        c,
        &[
            "did not fail",
            "concurrent federation pools",
            "inbound federation follows DNS",
            "Also clear federation on the other federated pools",
        ],
    );
    // Cape Town's service is byte for byte what it was.
    let after_file = load(&p.written.topology_text);
    assert_eq!(edge_service_text(&before, CPT), edge_service_text(&after_file, CPT));
}

#[test]
fn clearing_the_other_federation_pools_is_an_explicit_choice() {
    let text = three_edges_two_federating();
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS).clearing_other_federation());
    assert_eq!(federation_after(&p), [BOS]);
    none(&p, CheckKind::OtherFederationPoolsKept);
    let c = one(&p, CheckKind::ExtraFederationRemoved);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[CPT]);
    says(
        c,
        &[
            CPT,
            "did not fail",
            "inbound federation DNS sends",
            "site federation route",
            "push notifications",
            "the only federation pool",
        ],
    );
    // Cape Town's ports change, so its servers run the Deployment Wizard too.
    let file = load(&text);
    let list = checklist::build_for(&file, &p, "t.xml", "t.failover.xml");
    assert!(wizard_servers(&p, &file).contains(&"edge01-capetown.fabrikam.com".to_owned()));
    assert!(list
        .facts
        .iter()
        .any(|f| f.plain().contains("Federation also cleared, as chosen")));
}

#[test]
fn a_survivor_that_is_already_federated_gets_no_port_edit_and_no_wizard() {
    let text = three_edges_two_federating();
    let before = load(&text);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, CPT));
    assert!(p.survivor_already_federated);
    assert_eq!(federation_after(&p), [CPT]);
    let c = one(&p, CheckKind::SurvivorAlreadyFederated);
    says(
        c,
        &["already federated", "its ports do not change", "no Deployment Wizard"],
    );
    let after = load(&p.written.topology_text);
    // Cape Town's ports are untouched; only the dependencies re-pointed at it name it anew.
    assert_eq!(edge_service_text(&before, CPT), edge_service_text(&after, CPT));
    assert!(p
        .written
        .edit
        .add_sip_federation
        .iter()
        .all(|e| before.topology.edge_pools[*e].has_sip_federation()));
    let file = load(&text);
    assert!(!wizard_servers(&p, &file).contains(&"edge01-capetown.fabrikam.com".to_owned()));
    assert!(step_number(&p, &file, "tb-enable-federation").is_none());
    // That it is already federated is a note of the step that clears the failed pool.
    let list = checklist::build_for(&file, &p, "t.xml", "t.failover.xml");
    let clear = list.steps().find(|s| s.id.starts_with("tb-clear-federation:")).unwrap();
    assert!(clear.notes.iter().any(|n| n.plain().contains("is already federated")));
}

#[test]
fn a_single_federation_pool_needs_nothing_cleared_elsewhere() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    none(&p, CheckKind::ExtraFederationRemoved);
    none(&p, CheckKind::OtherFederationPoolsKept);
    none(&p, CheckKind::FederationOnSeveralPools);
}

#[test]
fn federation_on_several_pools_that_did_not_fail_is_explained() {
    let p = plan_of(&three_edges_two_federating(), &FailoverRequest::pool(BOS, AMS));
    assert!(!p.federation_moves);
    let c = one(&p, CheckKind::FederationOnSeveralPools);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[AMS, CPT]);
    says(c, &["2 Edge pools", "stays on each", "concurrent federation pools"]);
    none(&p, CheckKind::FederationNotOnFailedPool);
    assert_eq!(federation_after(&p), [AMS, CPT]);
}

#[test]
fn federation_on_a_pool_that_did_not_fail_stays_there() {
    let p = plan_of(&sample(), &FailoverRequest::pool(BOS, AMS));
    let c = one(&p, CheckKind::FederationNotOnFailedPool);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[AMS]);
    says(c, &[AMS, "did not fail", "stays there"]);
    none(&p, CheckKind::FederationOnSeveralPools);
    none(&p, CheckKind::FederationNotEnabled);
}

#[test]
fn federation_on_the_failed_pool_moves() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    assert!(p.federation_moves);
    none(&p, CheckKind::FederationNotOnFailedPool);
    none(&p, CheckKind::FederationNotEnabled);
}

#[test]
fn a_topology_without_federation_says_there_is_none_to_move() {
    let text = edit(
        &sample(),
        r#"<Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="External" InterfaceNumber="1" Port="5061" Protocol="Mtls" UrlPath="/" AuthorizesRequests="false" ConfiguredFqdn="sip-amsterdam.fabrikam.com" />"#,
        "",
        1,
    );
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    assert!(!p.federation_moves);
    assert!(federation_after(&p).is_empty());
    let c = one(&p, CheckKind::FederationNotEnabled);
    assert_eq!(c.severity, CheckSeverity::Warning);
    assert!(c.pools.is_empty());
    says(c, &["No Edge pool has SIP federation enabled"]);
}

// --- XMPP federation.

#[test]
fn xmpp_on_the_failed_pool_is_offered_and_moves() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    assert!(p.xmpp_moves);
    let c = one(&p, CheckKind::XmppMoves);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[AMS, BOS]);
    says(c, &["XMPP federation moves from", AMS, BOS, "its own steps"]);
    let after = TopologyFile::read(&p.written.topology_bytes).unwrap();
    let xmpp: Vec<&str> = after
        .topology
        .xmpp_pools()
        .map(|e| after.topology.pools[e.pool].fqdn.as_str())
        .collect();
    assert_eq!(xmpp, [BOS]);
    let list = checklist::build_for(
        &load(&sample()),
        &p,
        "sample.xml",
        "sample.failover-to-edgepool-boston.xml",
    );
    assert!(list.steps().any(|s| s.id == "xmpp-route"));
}

#[test]
fn xmpp_is_not_offered_when_the_failed_pool_does_not_carry_it() {
    // Litware: SIP federation in Amsterdam, XMPP in Boston.
    let p = plan_of(
        &own("litware-three-sites-crlf.xml"),
        &FailoverRequest::pool("edgepool-amsterdam.litware.org", "edgepool-boston.litware.org"),
    );
    assert!(!p.xmpp_moves);
    none(&p, CheckKind::XmppMoves);
    none(&p, CheckKind::XmppNotMoved);
    let file = load(&own("litware-three-sites-crlf.xml"));
    let list = checklist::build_for(&file, &p, "litware.xml", "litware.failover-to-edgepool-boston.xml");
    assert!(!list.steps().any(|s| s.id.starts_with("xmpp")), "no XMPP steps");
}

#[test]
fn xmpp_left_behind_on_request_is_a_warning() {
    let request = FailoverRequest {
        move_xmpp: Some(false),
        ..FailoverRequest::pool(AMS, BOS)
    };
    let p = plan_of(&sample(), &request);
    assert!(!p.xmpp_moves);
    let c = one(&p, CheckKind::XmppNotMoved);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[AMS]);
    says(c, &[AMS, "does not move it", "stays down"]);
}

#[test]
fn xmpp_moved_is_no_warning() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::XmppNotMoved,
    );
}

#[test]
fn skype_2019_leaves_xmpp_out_with_a_note() {
    let text = own("adatum-2019.xml");
    let file = load(&text);
    let p = plan_of(
        &text,
        &FailoverRequest::pool("edgepool-amsterdam.adatum.com", "edgepool-boston.adatum.com"),
    );
    assert!(!p.xmpp_moves);
    let c = one(&p, CheckKind::XmppNotInProduct);
    assert_eq!(c.severity, CheckSeverity::Note);
    assert!(c.pools.is_empty());
    says(
        c,
        &[
            "Skype for Business Server 2019 has no XMPP federation",
            "no XMPP steps",
            "coexistence",
        ],
    );
    let list = checklist::build_for(&file, &p, "adatum.xml", "adatum.failover-to-edgepool-boston.xml");
    assert!(!list.steps().any(|s| s.id.contains("xmpp")));
    assert!(list.inferences.iter().any(|i| i.id == "xmpp-2019"));
}

/// adatum-2019 with Amsterdam's Edge pool turned into a 2015 Edge carrying XMPP: the
/// coexistence the product documents for keeping XMPP beside 2019.
fn adatum_with_a_2015_xmpp_edge() -> String {
    let text = edit_service(
        &own("adatum-2019.xml"),
        AMSTERDAM_EDGE,
        r#"<Port Owner="urn:component:SkypeSearchProxy""#,
        r#"<Port Owner="urn:component:XmppFederationProxy" Usage="XmppServer" InterfaceSide="External" InterfaceNumber="1" Port="5269" Protocol="Tls" UrlPath="/" AuthorizesRequests="false" />
        <Port Owner="urn:component:XmppFederationProxy" Usage="XptServer" InterfaceSide="Internal" InterfaceNumber="1" Port="23456" Protocol="Mtls" UrlPath="/" AuthorizesRequests="false" />
        <Port Owner="urn:component:SkypeSearchProxy""#,
    );
    edit_service(&text, AMSTERDAM_EDGE, r#"ServiceVersion="8""#, r#"ServiceVersion="7""#)
}

const ADATUM_AMS: &str = "edgepool-amsterdam.adatum.com";
const ADATUM_BOS: &str = "edgepool-boston.adatum.com";

#[test]
fn xmpp_of_a_coexisting_edge_stays_down_when_the_survivor_is_a_2019_edge() {
    let text = adatum_with_a_2015_xmpp_edge();
    assert!(
        load(&text)
            .topology
            .findings
            .iter()
            .all(|f| f.kind != FindingKind::XmppOnUnsupportedVersion),
        "XMPP on a 2015 Edge beside 2019 is what the product documents, not a problem"
    );
    let p = plan_of(&text, &FailoverRequest::pool(ADATUM_AMS, ADATUM_BOS));
    assert!(!p.xmpp_moves);
    let c = one(&p, CheckKind::XmppOnSurvivorVersion);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[ADATUM_AMS, ADATUM_BOS]);
    says(
        c,
        &[
            "edgepool-amsterdam.adatum.com carries XMPP federation, which stays down",
            "edgepool-boston.adatum.com is a Skype for Business Server 2019 Edge pool",
            "Lync Server 2013 or Skype for Business Server 2015 Edge pool",
        ],
    );
    none(&p, CheckKind::XmppNotInProduct);
    none(&p, CheckKind::XmppNotMoved);
    let list = checklist::build_for(&load(&text), &p, "adatum.xml", "adatum.failover-to-edgepool-boston.xml");
    assert!(!list.steps().any(|s| s.id.contains("xmpp")));
    assert!(list.inferences.iter().any(|i| i.id == "xmpp-2019"));
}

#[test]
fn xmpp_of_a_coexisting_edge_moves_to_another_2015_edge() {
    // Both Edge pools kept at 2015 beside 2019 Front Ends: XMPP fails over with its own steps.
    let text = edit_service(
        &adatum_with_a_2015_xmpp_edge(),
        BOSTON_EDGE,
        r#"ServiceVersion="8""#,
        r#"ServiceVersion="7""#,
    );
    let p = plan_of(&text, &FailoverRequest::pool(ADATUM_AMS, ADATUM_BOS));
    assert!(p.xmpp_moves);
    let c = one(&p, CheckKind::XmppMoves);
    names(c, &[ADATUM_AMS, ADATUM_BOS]);
    none(&p, CheckKind::XmppOnSurvivorVersion);
    let after = load(&String::from_utf8(p.written.topology_bytes.clone()).unwrap());
    let xmpp: Vec<&str> = after
        .topology
        .xmpp_pools()
        .map(|e| after.topology.pools[e.pool].fqdn.as_str())
        .collect();
    assert_eq!(xmpp, [ADATUM_BOS]);
    let list = checklist::build_for(&load(&text), &p, "adatum.xml", "adatum.failover-to-edgepool-boston.xml");
    assert!(list.steps().any(|s| s.id.contains("xmpp")));
}

#[test]
fn xmpp_ports_on_a_2019_edge_are_a_finding() {
    let text = edit_service(
        &own("adatum-2019.xml"),
        AMSTERDAM_EDGE,
        r#"<Port Owner="urn:component:SkypeSearchProxy""#,
        r#"<Port Owner="urn:component:XmppFederationProxy" Usage="XmppServer" InterfaceSide="External" InterfaceNumber="1" Port="5269" Protocol="Tls" UrlPath="/" AuthorizesRequests="false" />
        <Port Owner="urn:component:SkypeSearchProxy""#,
    );
    let file = load(&text);
    let f: Vec<_> = file
        .topology
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::XmppOnUnsupportedVersion)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0]
        .message
        .contains("edgepool-amsterdam.adatum.com has XMPP federation ports"));
    assert!(f[0].message.contains("Skype for Business Server 2019 Edge pool"));
}

#[test]
fn a_topology_with_xmpp_has_no_2019_note() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::XmppNotInProduct,
    );
}

#[test]
fn a_2019_survivor_cannot_take_xmpp() {
    // The sample's Boston Edge upgraded to 2019 while Amsterdam (2015) carries XMPP.
    let text = edit_service(&sample(), BOSTON_EDGE, r#"ServiceVersion="7""#, r#"ServiceVersion="8""#);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    assert!(!p.xmpp_moves, "XMPP never lands on a 2019 Edge pool");
    let c = one(&p, CheckKind::XmppOnSurvivorVersion);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &[AMS, BOS]);
    says(
        c,
        &[
            "Skype for Business Server 2019 Edge pool",
            "cannot carry XMPP federation",
            "stays down",
        ],
    );
    assert!(!p.has_blocking_checks(), "SIP federation still fails over");
    let after = load(&String::from_utf8(p.written.topology_bytes.clone()).unwrap());
    assert_eq!(after.topology.xmpp_pools().count(), 1, "XMPP stays where it was");
}

#[test]
fn a_2015_survivor_takes_xmpp() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::XmppOnSurvivorVersion,
    );
}

// --- Front End pools still using the failed Edge pool for media.

#[test]
fn a_pool_left_on_the_failed_edge_is_a_warning() {
    let request = FailoverRequest {
        reassociate: Some(Vec::new()),
        ..FailoverRequest::pool(AMS, BOS)
    };
    let p = plan_of(&sample(), &request);
    let c = one(&p, CheckKind::PoolsStillOnFailedEdge);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &["pool-amsterdam.fabrikam.com"]);
    says(c, &["still use the failed Edge pool", "re-associated"]);
}

#[test]
fn pools_re_associated_by_default_raise_no_warning() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    assert_eq!(p.reassociated.len(), 1);
    none(&p, CheckKind::PoolsStillOnFailedEdge);
}

#[test]
fn pools_of_the_failed_site_are_down_and_not_left_behind() {
    let p = plan_of(&sample(), &FailoverRequest::site("Amsterdam", BOS));
    assert!(p.reassociated.is_empty());
    none(&p, CheckKind::PoolsStillOnFailedEdge);
}

#[test]
fn on_failback_the_temporary_pools_own_front_ends_stay_with_it() {
    let failover = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    let after = String::from_utf8(failover.written.topology_bytes.clone()).unwrap();
    let back = plan_of(&after, &FailoverRequest::failback(BOS, AMS));
    let t = load(&after).topology;
    let reassociated: Vec<&str> = back.reassociated.iter().map(|p| t.pools[*p].fqdn.as_str()).collect();
    assert_eq!(reassociated, ["pool-amsterdam.fabrikam.com"]);
    none(&back, CheckKind::PoolsStillOnFailedEdge);

    let keep = FailoverRequest {
        reassociate: Some(Vec::new()),
        ..FailoverRequest::failback(BOS, AMS)
    };
    let kept = plan_of(&after, &keep);
    let c = one(&kept, CheckKind::PoolsStillOnFailedEdge);
    names(c, &["pool-amsterdam.fabrikam.com"]);
    says(
        c,
        &[
            "still use edgepool-boston.fabrikam.com",
            "local Edge pool edgepool-amsterdam.fabrikam.com",
        ],
    );
}

// --- Site federation routes, inbound DNS, and the Central Management Server.

#[test]
fn a_topology_without_site_routes_says_so_from_the_file() {
    let litware = own("litware-three-sites-crlf.xml");
    for request in [
        FailoverRequest::site("Amsterdam", "edgepool-boston.litware.org"),
        FailoverRequest::pool("edgepool-boston.litware.org", "edgepool-amsterdam.litware.org"),
    ] {
        let p = plan_of(&litware, &request);
        let c = one(&p, CheckKind::SiteFederationRoutes);
        assert_eq!(c.severity, CheckSeverity::Note);
        says(
            c,
            &["No site federation route is set in this topology (read from the file)"],
        );
        assert!(p.routes.is_empty());
        assert!(!c.message.contains("not read"), "{}", c.message);
    }
}

#[test]
fn inbound_federation_does_not_fail_over_through_srv_priorities() {
    let p = plan_of(&sample(), &FailoverRequest::pool(AMS, BOS));
    let c = one(&p, CheckKind::InboundFederationDns);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[BOS]);
    says(
        c,
        &[
            "does not fail over through DNS SRV priorities",
            "_sipfederationtls._tcp",
            "Re-point",
            "Geo-DNS/GTM",
        ],
    );
}

#[test]
fn the_central_management_server_in_the_failed_site_is_failed_over_first() {
    let file = load(&sample());
    let p = plan::make_plan(&file, &FailoverRequest::site("Amsterdam", BOS)).unwrap();
    let c = one(&p, CheckKind::CentralManagementDown);
    assert_eq!(c.severity, CheckSeverity::Warning);
    names(c, &["pool-amsterdam.fabrikam.com"]);
    says(
        c,
        &[
            "Central Management Server",
            "cannot publish",
            "no backup pool",
            "cannot move it",
        ],
    );
    // Nothing publishes without the Central Management Server: the sample pairs its pool with
    // no backup pool, so the DBA's rebuild (or the site's restoration) comes first.
    step_before(&p, &file, "central-management-rebuild", "publish-topology");
    // With a backup pool, it is failed over to it.
    let text = paired();
    let file = load(&text);
    let p = plan::make_plan(&file, &FailoverRequest::site("Amsterdam", BOS)).unwrap();
    says(
        one(&p, CheckKind::CentralManagementDown),
        &["Invoke-CsManagementServerFailover", "backup pool"],
    );
    step_before(&p, &file, "central-management-failover", "publish-topology");
}

/// Two sites whose Front End pools back each other up: the active Central Management Server
/// in Amsterdam, its standby in Boston.
fn paired() -> String {
    let mut spec = Spec::two_sites();
    spec.backup_pairs = vec![(0, 1)];
    generate(&spec)
}

#[test]
fn only_the_active_central_management_server_needs_a_failover() {
    let text = paired();
    assert!(text.contains(r#"<CentralMgmtService IsActive="false""#));
    let p = plan_of(&text, &FailoverRequest::site("Boston", AMS));
    none(&p, CheckKind::CentralManagementDown);
    let p = plan_of(&text, &FailoverRequest::site("Amsterdam", BOS));
    names(
        one(&p, CheckKind::CentralManagementDown),
        &["pool-amsterdam.fabrikam.com"],
    );
}

#[test]
fn the_srv_note_is_only_for_a_plan_that_moves_federation() {
    // Federation is in Amsterdam: losing Boston moves nothing, so there is no SRV to follow.
    let p = plan_of(&sample(), &FailoverRequest::site("Boston", AMS));
    assert!(!p.federation_moves);
    none(&p, CheckKind::InboundFederationDns);
}

#[test]
fn a_failed_site_without_the_central_management_server_needs_no_cms_failover() {
    let file = load(&sample());
    let p = plan::make_plan(&file, &FailoverRequest::site("Boston", AMS)).unwrap();
    none(&p, CheckKind::CentralManagementDown);
    assert_eq!(step_number(&p, &file, "central-management-failover"), None);
    let p = plan::make_plan(&file, &FailoverRequest::pool(AMS, BOS)).unwrap();
    none(&p, CheckKind::CentralManagementDown);
}

// --- Notes on the file and the versions.

#[test]
fn a_topology_builder_file_is_published_from_topology_builder() {
    let p = plan_of(&own("fabrikam-two-sites.tbxml"), &FailoverRequest::pool(AMS, BOS));
    let c = one(&p, CheckKind::TopologyBuilderFile);
    assert_eq!(c.severity, CheckSeverity::Note);
    says(c, &["Publish-CsTopology cannot publish it", "Get-CsTopology -AsXml"]);
}

#[test]
fn a_published_topology_needs_no_topology_builder_note() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::TopologyBuilderFile,
    );
}

#[test]
fn a_survivor_of_another_version_is_noted() {
    let text = edit_service(&sample(), BOSTON_EDGE, r#"ServiceVersion="7""#, r#"ServiceVersion="6""#);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    let c = one(&p, CheckKind::SurvivorVersionDiffers);
    assert_eq!(c.severity, CheckSeverity::Note);
    names(c, &[BOS]);
    says(c, &["different product version", "coexistence"]);
    // The wizard on a Lync Server 2013 Edge pool is Lync's, whatever the rest of the topology.
    let list = checklist::build_for(&load(&text), &p, "sample.xml", "sample.failover-to-edgepool-boston.xml");
    let wizard = list.steps().find(|s| s.id == "deployment-wizard").unwrap();
    let said: String = wizard.actions.iter().map(|a| a.plain()).collect();
    assert!(said.contains("\"Lync Server Deployment Wizard\""), "{said}");
    assert!(said.contains("\"Setup or Remove Lync Server Components\""), "{said}");
}

#[test]
fn a_survivor_of_the_same_version_is_not_noted() {
    none(
        &plan_of(&sample(), &FailoverRequest::pool(AMS, BOS)),
        CheckKind::SurvivorVersionDiffers,
    );
}

// --- How checks are presented.

#[test]
fn checks_come_errors_first_and_every_one_reaches_the_checklist() {
    let file = load(&edge_alone_in_its_site());
    let p = plan::make_plan(&file, &FailoverRequest::site("Amsterdam", BOS)).unwrap();
    let severities: Vec<CheckSeverity> = p.checks.iter().map(|c| c.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    let list = checklist::build_for(&file, &p, "sample.xml", "sample.failover-to-edgepool-boston.xml");
    let shown: Vec<(CheckSeverity, String)> = p.checks.iter().map(|c| (c.severity, c.message.clone())).collect();
    assert_eq!(list.checks, shown);
    let markdown = checklist::markdown::render(&list);
    assert!(markdown.contains("- **warning**: The next hop of edgepool-boston.fabrikam.com"));
}

/// An edit whose changes overlap is an editor bug: applying it is refused with a typed error
/// that names the bytes and their line, which the plan carries as its Internal error (the
/// page shows it in place of the plan; the command line exits 3), instead of a panic that
/// would stop the whole page.
#[test]
fn an_editor_bug_refuses_the_plan_instead_of_stopping_the_page() {
    let text = sample();
    let file = load(&text);
    let plan = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    let mut edit = plan.written.edit.clone();
    // The failed pool's federation port removed twice: two changes to the same bytes.
    edit.remove_sip_federation.push(edit.remove_sip_federation[0]);
    let e = edit.apply(&file).unwrap_err();
    assert_eq!(e.written_up_to, Some(e.range.end), "{e}");
    let line = text[..e.range.start].matches('\n').count() + 1;
    assert_eq!(e.position.line as usize, line);
    assert!(
        text[e.range.clone()].contains("Port=\"5061\""),
        "{:?}",
        &text[e.range.clone()]
    );
    let shown = PlanError::Internal(e.to_string()).to_string();
    assert!(
        shown.starts_with(&format!(
            "Internal error: the edited topology did not check out (a change to bytes {}..{} (at line {line}, column ",
            e.range.start, e.range.end
        )) && shown.contains("Nothing was written"),
        "{shown}"
    );
    // The plan as made applies cleanly, to the bytes it downloads.
    assert_eq!(plan.written.edit.apply(&file).unwrap(), plan.written.topology_text);
}

// --- Issue 20, 3.2: XMPP federation to another healthy pool that already carries it.

/// Three sites, an Edge pool in each: SIP and XMPP federation on Amsterdam, XMPP only on Cape
/// Town, nothing on Boston.
fn three_edges_xmpp_also_in_cape_town() -> String {
    let mut spec = Spec::sized(3, 12);
    spec.more_xmpp = vec![(2, 0)];
    generate(&spec)
}

fn xmpp_after(plan: &Plan) -> Vec<String> {
    let after = TopologyFile::read(&plan.written.topology_bytes).unwrap();
    let a = &after.topology;
    let mut v: Vec<String> = a.xmpp_pools().map(|e| a.pools[e.pool].fqdn.clone()).collect();
    v.sort();
    v
}

fn fqdns(file: &TopologyFile, edges: &[edge_failover_planner::topology::EdgeIdx]) -> Vec<String> {
    let t = &file.topology;
    edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
        .collect()
}

#[test]
fn xmpp_goes_to_another_healthy_pool_that_already_carries_the_xmpp_ports() {
    let text = three_edges_xmpp_also_in_cape_town();
    let file = load(&text);
    let s = scope(&file, &Failure::Pool(AMS.into())).unwrap();
    let bos = file.topology.edges().find(|e| fqdns(&file, &[*e]) == [BOS]).unwrap();
    // The eligible XMPP targets: the survivor first, then the pool that already carries XMPP.
    assert_eq!(fqdns(&file, &plan::xmpp_targets(&file, &s, bos)), [BOS, CPT]);

    // By default XMPP goes with SIP federation, to the survivor, which gets the XMPP ports.
    let default = plan_of(&text, &FailoverRequest::pool(AMS, BOS));
    assert_eq!(default.xmpp_to, default.survivor);
    assert!(!default.xmpp_target_has_ports && !default.xmpp_apart());
    assert_eq!(xmpp_after(&default), [BOS, CPT]);

    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS).moving_xmpp_to(CPT));
    assert_eq!(p.survivor_fqdn(&file), BOS);
    assert_eq!(p.xmpp_to_fqdn(&file), CPT);
    assert!(p.xmpp_moves && p.xmpp_target_has_ports && p.xmpp_apart());
    assert_eq!(fqdns(&file, &p.xmpp_from), [AMS]);
    assert_eq!(fqdns(&file, &p.xmpp_failed), [AMS]);
    // SIP federation to Boston, XMPP left only on Cape Town, whose service is byte for byte
    // what it was: no topology change for it.
    assert_eq!(federation_after(&p), [BOS]);
    assert_eq!(xmpp_after(&p), [CPT]);
    assert!(!p.written.edit.add_xmpp.is_empty());
    let after = load(&p.written.topology_text);
    assert_eq!(edge_service_text(&file, CPT), edge_service_text(&after, CPT));
    none(&p, CheckKind::XmppNotMoved);
    let c = one(&p, CheckKind::XmppMoves);
    names(c, &[AMS, CPT]);
    says(
        c,
        &[
            "moves from edgepool-amsterdam.fabrikam.com to edgepool-capetown.fabrikam.com",
            "as chosen, not to edgepool-boston.fabrikam.com",
            "no Deployment Wizard run and no full stop",
        ],
    );
    says(one(&p, CheckKind::EditVerified), &["reads back correctly"]);
    // Naming the survivor is the default.
    let same = plan_of(&text, &FailoverRequest::pool(AMS, BOS).moving_xmpp_to(BOS));
    assert_eq!(same.xmpp_to, same.survivor);
    assert_eq!(same.written.topology_bytes, default.written.topology_bytes);
}

#[test]
fn an_xmpp_target_that_cannot_take_it_is_refused_with_the_reason() {
    let text = three_edges_xmpp_also_in_cape_town();
    let refused = |request: FailoverRequest| refusal(&text, &request);
    let choices = vec![BOS.to_owned(), CPT.to_owned()];
    assert_eq!(
        refused(FailoverRequest::pool(AMS, BOS).moving_xmpp_to(AMS)),
        PlanError::IneligibleXmppTarget {
            pool: AMS.into(),
            reason: plan::NotXmppTarget::FailedPool,
            eligible: choices.clone(),
        }
    );
    // A site failover: the pools of the failed site cannot take it.
    let e = refused(FailoverRequest::site("Amsterdam", BOS).moving_xmpp_to(AMS));
    assert!(
        matches!(&e, PlanError::IneligibleXmppTarget { reason: plan::NotXmppTarget::InFailedSite { site }, .. } if site == "Amsterdam"),
        "{e:?}"
    );
    // A pool without the XMPP ports is not given them: only the survivor is.
    let plain = generate(&Spec::sized(3, 12));
    let e = refusal(&plain, &FailoverRequest::pool(AMS, BOS).moving_xmpp_to(CPT));
    assert_eq!(
        e,
        PlanError::IneligibleXmppTarget {
            pool: CPT.into(),
            reason: plan::NotXmppTarget::NoXmppPorts,
            eligible: vec![BOS.to_owned()],
        }
    );
    assert_eq!(
        e.to_string(),
        "edgepool-capetown.fabrikam.com cannot take XMPP federation: it does not carry the XMPP ports; only the surviving pool can be given them. XMPP federation can move to: edgepool-boston.fabrikam.com."
    );
    assert_eq!(
        refused(FailoverRequest::pool(AMS, BOS).moving_xmpp_to("edge-nowhere.fabrikam.com")),
        PlanError::UnknownPool("edge-nowhere.fabrikam.com".into())
    );
    assert!(matches!(
        refused(FailoverRequest::pool(AMS, BOS).moving_xmpp_to("pool-boston.fabrikam.com")),
        PlanError::NotAnEdgePool(..)
    ));
    // Skype for Business Server 2019 has no XMPP: not even its survivor can take it.
    let mut spec = Spec::sized(3, 12);
    spec.service_version = 8;
    spec.xmpp_site = None;
    let e = refusal(&generate(&spec), &FailoverRequest::pool(AMS, BOS).moving_xmpp_to(BOS));
    assert!(
        matches!(
            &e,
            PlanError::IneligibleXmppTarget {
                reason: plan::NotXmppTarget::NoXmppInProduct { .. },
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("which has no XMPP federation. No Edge pool can take it"),
        "{e}"
    );
}

#[test]
fn the_failback_puts_xmpp_back_from_the_xmpp_target_which_keeps_its_ports() {
    let text = three_edges_xmpp_also_in_cape_town();
    let file = load(&text);
    let p = plan_of(&text, &FailoverRequest::pool(AMS, BOS).moving_xmpp_to(CPT));
    let back = plan::failback_of(&file, &p).unwrap();
    let b = &back.plan;
    let bf = &back.file;
    assert_eq!(b.request.xmpp_back_from.as_deref(), Some(CPT));
    assert!(b.federation_moves && b.xmpp_moves, "{}", list(b));
    assert_eq!(fqdns(bf, &b.xmpp_failed), [CPT]);
    assert_eq!(b.xmpp_to_fqdn(bf), AMS);
    // Cape Town keeps the XMPP ports it carried before the failover: only Amsterdam's come back.
    assert!(b.xmpp_from.is_empty(), "{:?}", fqdns(bf, &b.xmpp_from));
    assert_eq!(xmpp_after(b), [AMS, CPT]);
    assert_eq!(federation_after(b), [AMS]);
    let c = one(b, CheckKind::XmppMoves);
    says(
        c,
        &[
            "comes back to edgepool-amsterdam.fabrikam.com",
            "edgepool-capetown.fabrikam.com keeps its own XMPP ports",
        ],
    );
    // Without the failover's word, XMPP would stay on Cape Town.
    let mut blind = b.request.clone();
    blind.xmpp_back_from = None;
    let b2 = plan::make_plan(bf, &blind).unwrap();
    assert!(!b2.xmpp_moves);
}
