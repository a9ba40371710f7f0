//! Any bytes, as a topology file: reading never panics; whatever loads writes back byte for
//! byte unchanged; and every failover the file allows (each Edge pool failed to each other,
//! each site failed to each Edge pool, and each failback) plans without a panic into a
//! topology that loads again, in which federation moved off the failed pools onto the survivor
//! and every other federated pool kept it (DOMAIN.md rule 12), and a checklist that renders.
#![no_main]

use edge_failover_planner::checklist;
use edge_failover_planner::plan::{self, FailoverRequest};
use edge_failover_planner::topology::by_name::Summary;
use edge_failover_planner::topology::TopologyFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(file) = TopologyFile::read(bytes) else { return };
    assert!(
        file.to_bytes() == bytes,
        "the unchanged write-back differs from the input"
    );
    let _ = Summary::of(&file.topology);
    let t = &file.topology;
    let edges: Vec<&str> = t.edge_pools.iter().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
    let mut requests = Vec::new();
    for survivor in &edges {
        for failed in &edges {
            requests.push(FailoverRequest::pool(*failed, *survivor));
            requests.push(FailoverRequest::failback(*failed, *survivor));
        }
        for site in &t.sites {
            requests.push(FailoverRequest::site(site.name.as_str(), *survivor));
        }
    }
    for request in requests {
        let Ok(plan) = plan::make_plan(&file, &request) else {
            continue;
        };
        let after = TopologyFile::read(&plan.topology_bytes)
            .unwrap_or_else(|e| panic!("the output of {request:?} does not load: {e}"));
        if plan.federation_moves {
            let a = &after.topology;
            let fed = |e: &str| a.edge_by_fqdn(e).is_some_and(|e| e.has_sip_federation());
            let survivor = plan.survivor_fqdn(&file);
            assert!(fed(survivor), "the survivor carries federation after {request:?}");
            for &e in &plan.federation_from {
                assert!(!fed(&t.pools[t.edge_pools[e].pool].fqdn), "cleared after {request:?}");
            }
            for &e in &plan.federation_kept {
                assert!(fed(&t.pools[t.edge_pools[e].pool].fqdn), "kept after {request:?}");
            }
        }
        let list = checklist::build_for(&file, &plan, "fuzz.xml", "fuzz-out.xml");
        let _ = checklist::markdown::render(&list);
        let _ = checklist::html::render(&list);
    }
});
