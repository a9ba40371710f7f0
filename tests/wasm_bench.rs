//! The native benchmark's pipeline (`benches/pipeline.rs`) inside headless Chromium, in the
//! release build: for each size, format and encoding, the floor (a bare quick-xml pass),
//! load+analyse, plan and write-back, timed with `performance.now()`.
//!
//! Every size is checked before it is timed (`cases::check` in `benches/support/cases.rs`: the
//! load finds every site and Edge pool, the plan moves federation with no blocking check, the
//! write-back is the plan's bytes and reads back with federation on the survivor alone), so each
//! test fails when the pipeline goes wrong in the browser at that size. `./scripts/test.sh`
//! runs it that way, checking only; it measures only when built with `EDGE_BENCH=1` in the
//! environment (read at compile time), as `./scripts/bench.sh` does:
//!
//! ```sh
//! EDGE_BENCH=1 CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
//!   cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! ```
//!
//! Each measurement prints a line `EDGE_BENCH_WASM <size> <case> <bytes> <floor ms> <load ms>
//! <plan ms> <write-back ms>` that `scripts/bench-report.py` reads to compare with native.
//!
//! The readiness report is made here as the page makes it, a row at a time
//! (`readiness::Builder`): checked at 10 sites (the same report as `readiness::build`), and
//! when measuring timed at 10, 50 and 200 sites, printed as `EDGE_BENCH_WASM_READINESS <size>
//! <bytes> <rows> <report ms> <longest step ms> <Markdown ms> <HTML ms>`.

#![cfg(target_arch = "wasm32")]

#[path = "support/generator.rs"]
mod generator;

#[path = "../benches/support/cases.rs"]
mod cases;

use std::hint::black_box;

use edge_failover_planner::readiness;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MEASURE: bool = option_env!("EDGE_BENCH").is_some();

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Milliseconds per run of `f`: the best of five rounds, each repeated until it lasts at least
/// 30 ms (`performance.now()` is coarse in a browser).
fn time<T>(mut f: impl FnMut() -> T) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let mut runs = 0u32;
        let start = now();
        loop {
            black_box(f());
            runs += 1;
            let elapsed = now() - start;
            if elapsed >= 30.0 {
                best = best.min(elapsed / runs as f64);
                break;
            }
        }
    }
    best
}

/// Checks every case of one size in the browser (`cases::check`: what is true of each step's
/// result), then, when measuring, times each step.
fn measure(size: usize) {
    let (sites, pools) = cases::SIZES[size];
    for case in cases::cases_of(sites, pools) {
        let (file, plan) = cases::check(&case, sites);
        if !MEASURE {
            continue;
        }
        let floor = time(|| cases::floor(&case.bytes, case.encoding));
        let load = time(|| cases::load(&case.bytes));
        let (plan_ms, write_ms) = match (cases::request(&file), plan) {
            (Some(request), Some(plan)) => (
                time(|| cases::plan_and_checklist(&file, &request)),
                time(|| cases::write_back(&file, &plan)),
            ),
            _ => (f64::NAN, f64::NAN),
        };
        // Every step took some time, and the plan and write-back exactly when there is a plan.
        assert!(
            [floor, load].iter().all(|ms| *ms > 0.0 && ms.is_finite()),
            "{}",
            case.name
        );
        let planned = cases::request(&file).is_some();
        assert!(
            [plan_ms, write_ms].iter().all(|ms| if planned {
                *ms > 0.0 && ms.is_finite()
            } else {
                ms.is_nan()
            }),
            "{}",
            case.name
        );
        console_log!(
            "EDGE_BENCH_WASM {} {} {} {floor:.4} {load:.4} {plan_ms:.4} {write_ms:.4}",
            case.size,
            case.name,
            case.bytes.len()
        );
    }
}

#[wasm_bindgen_test]
fn one_site() {
    measure(0);
}

#[wasm_bindgen_test]
fn two_sites() {
    measure(1);
}

#[wasm_bindgen_test]
fn ten_sites() {
    measure(2);
}

#[wasm_bindgen_test]
fn fifty_sites() {
    measure(3);
}

#[wasm_bindgen_test]
fn two_hundred_sites() {
    measure(4);
}

/// The readiness report of the published UTF-8 case of each size, a step at a time as the
/// page makes it: the same report as `readiness::build` (checked at 10 sites), and, when
/// measuring, the time of the whole report, of its longest step, half a row (what one slice of
/// the page's work cannot go under) and of its Markdown and HTML.
#[wasm_bindgen_test]
fn readiness_report() {
    for &(sites, pools) in cases::SIZES {
        if sites != 10 && !(MEASURE && sites >= 50) {
            continue;
        }
        let case = cases::cases_of(sites, pools).swap_remove(0);
        let file = cases::load(&case.bytes);
        let start = now();
        let mut builder = readiness::Builder::new(&file, "topology.xml", "2025-06-02").unwrap();
        let mut longest = 0f64;
        loop {
            let row = now();
            let more = builder.next_row(&mut |_, _| {});
            longest = longest.max(now() - row);
            if !more {
                break;
            }
        }
        let report = builder.finish();
        let total = now() - start;
        assert_eq!(report.rows.len(), 2 * sites, "{}", case.size);
        assert!(report.rows.iter().all(|r| r.plan.is_some()), "{}", case.size);
        if sites == 10 {
            let whole = readiness::build(&file, "topology.xml", "2025-06-02").unwrap();
            assert_eq!(
                readiness::render::markdown(&report),
                readiness::render::markdown(&whole)
            );
            assert_eq!(readiness::render::html(&report), readiness::render::html(&whole));
        }
        if MEASURE {
            let markdown = time(|| readiness::render::markdown(&report));
            let html = time(|| readiness::render::html(&report));
            console_log!(
                "EDGE_BENCH_WASM_READINESS {} {} {} {total:.1} {longest:.1} {markdown:.3} {html:.3}",
                case.size,
                case.bytes.len(),
                report.rows.len()
            );
        }
    }
}
