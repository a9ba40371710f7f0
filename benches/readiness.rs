//! The readiness report (`src/readiness/`) on generated topologies, from two sites to 200
//! sites with 1,000 pools (published, UTF-8, CRLF: the pipeline's first case): every failure
//! planned (each row's plan made as the page makes it, its preparation and outages), the
//! preparation checklist merged, and the report's Markdown. Nothing is written.
//!
//! `cargo bench --bench readiness` runs it (about four minutes on two cores: one report of the
//! largest topology takes seconds, and criterion takes ten); `scripts/bench-report.py` prints
//! its table; `./scripts/bench.sh` does both. `EDGE_BENCH_QUICK=1` measures only the smallest
//! and the largest size.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/generator.rs"]
mod generator;

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/cases.rs"]
mod cases;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::{BenchmarkId, Criterion};
    use edge_failover_planner::readiness;
    use edge_failover_planner::topology::TopologyFile;

    use super::cases::{self, SIZES};

    /// The report, whole: what `edge-failover readiness FILE` prints.
    fn report(file: &TopologyFile) -> String {
        let r = readiness::build(file, "topology.xml", "2025-06-02").expect("a report");
        readiness::render::markdown(&r)
    }

    pub fn benches(c: &mut Criterion) {
        let quick = std::env::var_os("EDGE_BENCH_QUICK").is_some();
        // From two sites: one site's single Edge pool plans nothing.
        let sizes: Vec<(usize, usize)> = SIZES[1..]
            .iter()
            .enumerate()
            .filter(|(i, _)| !quick || *i == 0 || *i == SIZES.len() - 2)
            .map(|(_, s)| *s)
            .collect();
        let mut described = Vec::new();
        let mut g = c.benchmark_group("readiness");
        // Ten samples: the largest report takes seconds, so one report warms up and each sample
        // is one report (criterion says it cannot meet the time; that is expected there).
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_secs(2));
        for (sites, pools) in sizes {
            let case = cases::cases_of(sites, pools).swap_remove(0);
            let file = cases::load(&case.bytes);
            let r = readiness::build(&file, "topology.xml", "2025-06-02").expect("a report");
            described.push(serde_json::json!({
                "size": case.size,
                "name": case.name,
                "bytes": case.bytes.len(),
                "rows": r.rows.len(),
                "planned": r.rows.iter().filter(|r| r.plan.is_some()).count(),
                "preparation": r.preparation.len(),
            }));
            g.bench_with_input(BenchmarkId::new(&case.name, &case.size), &file, |b, file| {
                b.iter(|| report(black_box(file)))
            });
        }
        g.finish();
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| "target".into())
            .join("criterion");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            dir.join("readiness-cases.json"),
            serde_json::to_string_pretty(&described).unwrap(),
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

/// The benchmark is native only (criterion).
#[cfg(target_arch = "wasm32")]
fn main() {}
