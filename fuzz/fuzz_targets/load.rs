//! Any bytes, as a topology file: reading never panics; whatever loads writes back byte for
//! byte unchanged; and every failover the file allows (each Edge pool failed to each other,
//! each site failed to each Edge pool, and each failback) plans without a panic into a
//! topology that loads again, with exactly one SIP federation pool when federation moved, and
//! a checklist that renders.
#![no_main]

use edge_failover_planner::checklist;
use edge_failover_planner::plan::{self, FailoverRequest};
use edge_failover_planner::topology::summary::Summary;
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
            assert_eq!(
                after.topology.federation_pools().count(),
                1,
                "federation pools after {request:?}"
            );
        }
        let list = checklist::build_for(&file, &plan, "fuzz.xml", "fuzz-out.xml");
        let _ = checklist::markdown::render(&list);
        let _ = checklist::html::render(&list);
    }
});
