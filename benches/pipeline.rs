//! The planner's pipeline on generated topologies, from one site to 200 sites with 1,000
//! pools, in both formats and both encodings, each beside the floor: a bare quick-xml pass that
//! only reads the events of the same bytes (decoding UTF-16 first, as the planner must).
//!
//! `cargo bench --bench pipeline` runs it; `scripts/bench-report.py` turns the results in
//! `target/criterion/` into a Markdown table; `./scripts/bench.sh` does both and more.
//!
//! Groups, each with one benchmark per format-encoding and one parameter per size
//! (`<sites>x<pools>`); the cases and steps are in `benches/support/cases.rs`, shared with the
//! WebAssembly benchmark (`tests/wasm_bench.rs`):
//! - `floor`: quick-xml reading every event, nothing else;
//! - `load`: `TopologyFile::read` (decode, element tree, model, findings);
//! - `plan`: `plan::make_plan` (edit, diff, re-read and checks) + checklist + Markdown;
//! - `write_back`: the failover edit applied to the text and encoded in the input's encoding.
//!
//! `EDGE_BENCH_QUICK=1` measures only the smallest and the largest size (a smoke run).

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

    use criterion::measurement::WallTime;
    use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput};
    use edge_failover_planner::topology::TopologyFile;

    use super::cases::{self, Case, SIZES};

    fn all_cases() -> Vec<Case> {
        let quick = std::env::var_os("EDGE_BENCH_QUICK").is_some();
        SIZES
            .iter()
            .enumerate()
            .filter(|(i, _)| !quick || *i == 0 || *i == SIZES.len() - 1)
            .flat_map(|(_, &(sites, pools))| {
                // Only work that went right is worth timing.
                cases::cases_of(sites, pools).into_iter().inspect(move |c| {
                    cases::check(c, sites);
                })
            })
            .collect()
    }

    /// Writes what each case is (bytes, sites, pools, elements) beside criterion's results,
    /// for `scripts/bench-report.py`.
    fn describe(cases: &[Case]) {
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| "target".into())
            .join("criterion");
        let rows: Vec<serde_json::Value> = cases
            .iter()
            .map(|c| {
                let file = cases::load(&c.bytes);
                let t = &file.topology;
                serde_json::json!({
                    "name": c.name,
                    "size": c.size,
                    "bytes": c.bytes.len(),
                    "sites": t.sites.len(),
                    "pools": t.pools.len(),
                    "edge_pools": t.edge_pools.len(),
                    "elements": file.doc.element_count(),
                })
            })
            .collect();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            dir.join("edge-cases.json"),
            serde_json::to_string_pretty(&rows).unwrap(),
        );
    }

    /// Short runs (ten samples, 1.2 s each): the whole matrix takes about three minutes on two
    /// cores, and the large sizes vary by a few per cent at most.
    fn timing(g: &mut BenchmarkGroup<'_, WallTime>) {
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_millis(1200));
    }

    pub fn benches(c: &mut Criterion) {
        let cases = all_cases();
        describe(&cases);

        let mut g = c.benchmark_group("floor");
        timing(&mut g);
        for case in &cases {
            g.throughput(Throughput::Bytes(case.bytes.len() as u64));
            g.bench_with_input(BenchmarkId::new(&case.name, &case.size), case, |b, case| {
                b.iter(|| cases::floor(black_box(&case.bytes), case.encoding))
            });
        }
        g.finish();

        let mut g = c.benchmark_group("load");
        timing(&mut g);
        for case in &cases {
            g.throughput(Throughput::Bytes(case.bytes.len() as u64));
            g.bench_with_input(BenchmarkId::new(&case.name, &case.size), case, |b, case| {
                // Dropping the result is timed too, as in the WebAssembly benchmark: it keeps the
                // allocator in its steady state (holding every result would time page faults).
                b.iter(|| cases::load(black_box(&case.bytes)))
            });
        }
        g.finish();

        // A single-site topology has one Edge pool and nothing to fail over to: the plan and
        // the write-back are measured from two sites up.
        let loaded: Vec<(&Case, TopologyFile)> = cases.iter().map(|c| (c, cases::load(&c.bytes))).collect();

        let mut g = c.benchmark_group("plan");
        timing(&mut g);
        for (case, file) in &loaded {
            let Some(request) = cases::request(file) else { continue };
            g.throughput(Throughput::Bytes(case.bytes.len() as u64));
            g.bench_with_input(BenchmarkId::new(&case.name, &case.size), file, |b, file| {
                b.iter(|| cases::plan_and_checklist(black_box(file), &request))
            });
        }
        g.finish();

        let mut g = c.benchmark_group("write_back");
        timing(&mut g);
        for (case, file) in &loaded {
            let Some(request) = cases::request(file) else { continue };
            let (plan, _) = cases::plan_and_checklist(file, &request);
            assert_eq!(cases::write_back(file, &plan), plan.topology_bytes);
            g.throughput(Throughput::Bytes(case.bytes.len() as u64));
            g.bench_with_input(BenchmarkId::new(&case.name, &case.size), file, |b, file| {
                b.iter(|| cases::write_back(black_box(file), &plan))
            });
        }
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

/// The benchmark is native only (criterion); on wasm32 see `tests/wasm_bench.rs`.
#[cfg(target_arch = "wasm32")]
fn main() {}
