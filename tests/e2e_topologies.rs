//! Writes the topologies the end-to-end tests load (`target/e2e/topologies/`), from the
//! generator, so no real export is ever copied into the repository, and asserts that what it
//! wrote is what those tests rely on. `e2e/bridge.test.mjs` runs it before its tests, every
//! time, so the file is never one an older generator wrote.

mod support;

use std::path::Path;

use edge_failover_planner::topology::by_name::Summary;
use edge_failover_planner::topology::{Severity, TopologyFile};
use support::generator::{generate, Spec};

/// The Edge pools `e2e/bridge.test.mjs` names (`FOUR_POOLS`), in the order the page lists them.
const FOUR_POOLS: [&str; 4] = [
    "edgepool-amsterdamdatacentreprimarysite.emea.unified-communications.contoso-holdings.example.com",
    "edgepool-bostondatacentreprimarysite.emea.unified-communications.contoso-holdings.example.com",
    "edgepool-capetowndatacentreprimarysite.emea.unified-communications.contoso-holdings.example.com",
    "edgepool-dublindatacentreprimarysite.emea.unified-communications.contoso-holdings.example.com",
];

/// Four Edge pools, all of them federated for SIP and XMPP (the shape of a real enterprise
/// export), a Director in every site, long site names and FQDNs of 60 characters and more:
/// what the page must fit on a phone, and what pushed "Mark site as failed" out of its card
/// at 1440 px.
pub fn four_edge_pools() -> Spec {
    let mut spec = Spec::sized(4, 16);
    spec.org = "contoso".into();
    spec.domains = vec!["emea.unified-communications.contoso-holdings.example.com".into()];
    spec.also_federated = vec![1, 2, 3];
    for site in &mut spec.sites {
        site.director = true;
        site.name = format!("{}-Datacentre-Primary-Site", site.name.replace(' ', ""));
    }
    spec
}

#[test]
fn writes_the_end_to_end_topologies() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e/topologies");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("contoso-four-edge-pools.xml");
    let xml = generate(&four_edge_pools());
    std::fs::write(&path, &xml).unwrap();

    // What was written, read back as the page reads it.
    let written = std::fs::read(&path).unwrap();
    assert_eq!(written, xml.as_bytes());
    let file = TopologyFile::read(&written).unwrap();
    let summary = Summary::of(&file.topology);
    let edges: Vec<&str> = summary.edge_pools.iter().map(|e| e.fqdn.as_str()).collect();
    assert_eq!(edges, FOUR_POOLS);
    assert!(edges.iter().all(|f| f.len() >= 60), "{edges:?}");
    // Every Edge pool federated for SIP and XMPP, as in the real enterprise export.
    assert!(summary.edge_pools.iter().all(|e| e.sip_federation && e.xmpp_federation));
    assert_eq!(summary.sip_federation_pools, FOUR_POOLS);
    // A Director and one Edge pool in every site, and site names long enough to wrap.
    assert_eq!(summary.sites.len(), 4);
    for site in &summary.sites {
        assert!(site.name.ends_with("-Datacentre-Primary-Site"), "{}", site.name);
        assert_eq!(site.directors.len(), 1, "{}", site.name);
        assert_eq!(site.edge_pools.len(), 1, "{}", site.name);
    }
    // Loads without a finding the page would show as an error.
    assert!(
        file.topology.findings.iter().all(|f| f.severity != Severity::Error),
        "{:?}",
        file.topology.findings
    );
}

/// The benchmark's shapes (`benches/support/cases.rs`: five pools a site, one Edge pool in
/// each), published, UTF-8: 50 sites for the Readiness view's test that it is made a slice at
/// a time (`e2e/readiness.test.mjs`), and 200 sites with 1,000 pools for its figures in the
/// page (`e2e/bench/readiness.mjs`).
#[test]
fn writes_the_readiness_view_s_topologies() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e/topologies");
    std::fs::create_dir_all(&dir).unwrap();
    for sites in [50, 200] {
        let path = dir.join(format!("generated-{sites}-sites.xml"));
        let xml = generate(&Spec::sized(sites, sites * 5));
        std::fs::write(&path, &xml).unwrap();
        let file = TopologyFile::read(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(file.topology.sites.len(), sites);
        assert_eq!(file.topology.edge_pools.len(), sites);
        assert_eq!(file.topology.pools.len(), sites * 5);
        // A row for each Edge pool and each site.
        assert_eq!(
            edge_failover_planner::readiness::failures(&file.topology).len(),
            2 * sites
        );
    }
}
