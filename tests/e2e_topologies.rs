//! Writes the topologies the end-to-end tests load (`target/e2e/topologies/`), from the
//! generator, so no real export is ever copied into the repository. `e2e/bridge.test.mjs`
//! runs this test when the files are missing.

mod support;

use std::path::Path;

use support::generator::{generate, Spec};

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
    let xml = generate(&four_edge_pools());
    let file = edge_failover_planner::topology::TopologyFile::read(xml.as_bytes()).unwrap();
    let edges: Vec<&str> = file
        .topology
        .edge_pools
        .iter()
        .map(|e| file.topology.pools[e.pool].fqdn.as_str())
        .collect();
    assert_eq!(edges.len(), 4);
    assert!(edges.iter().all(|f| f.len() >= 60), "{edges:?}");
    assert_eq!(file.topology.federation_pools().count(), 4);
    std::fs::write(dir.join("contoso-four-edge-pools.xml"), xml).unwrap();
}
