//! Memory stays bounded: reading the largest topology the planner is built for (200 sites,
//! 1,000 pools, about 4 MB in UTF-8 and 8 MB in UTF-16), planning a failover on it and writing
//! it back never holds more than a small multiple of the file's size.
//!
//! A counting global allocator records the peak of live heap bytes above what was live before
//! each step. The input is generated before counting starts.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use edge_failover_planner::plan::{self, FailoverRequest};
use edge_failover_planner::topology::{source, TextEncoding, TopologyFile};
use edge_failover_planner::{checklist, session};
use support::generator::{generate, Format, Spec};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::SeqCst) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::SeqCst);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The test harness runs tests on several threads; one measurement at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `f` and returns its result and the peak heap above what was live when it started.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - base)
}

/// The limits, as multiples of the file's size in bytes. Measured on the 200-site topology
/// (the README's Performance section has the figures): reading peaks at 3.8× a UTF-8 file (the
/// decoded text 1×, the element and attribute tables 1.35×, the line index and the model) and
/// 1.9× a UTF-16 file (its text is half its size); planning, which writes the edited text,
/// encodes it, diffs it against the original and re-reads it to verify the edit, at 5.9× and
/// 3.4×; writing back at 2× (the edited text and its bytes) and 1.5×. Each limit leaves about
/// a quarter of headroom, so a change that makes any step hold another copy of the file fails.
const READ_LIMIT: f64 = 4.8;
const PLAN_LIMIT: f64 = 7.5;
const WRITE_LIMIT: f64 = 2.5;

fn check(label: &str, bytes: &[u8]) {
    let size = bytes.len() as f64;
    let (file, read) = peak_of(|| TopologyFile::read(bytes).expect("a topology"));
    let t = &file.topology;
    let edges: Vec<&str> = t.edge_pools.iter().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
    let request = FailoverRequest::pool(edges[0], edges[1]);
    let (plan, planned) = peak_of(|| {
        let plan = plan::make_plan(&file, &request).expect("a plan");
        let list = checklist::build_for(&file, &plan, "topology.xml", "topology.xml");
        let markdown = checklist::markdown::render(&list);
        (plan, markdown)
    });
    let (written, write) = peak_of(|| source::encode(&plan.0.edit.apply(&file).unwrap(), file.encoding()));
    assert_eq!(written, plan.0.topology_bytes);
    let ratios = [read as f64 / size, planned as f64 / size, write as f64 / size];
    eprintln!(
        "{label}: {} bytes; peak heap: read {:.2}×, plan {:.2}×, write-back {:.2}× the file",
        bytes.len(),
        ratios[0],
        ratios[1],
        ratios[2]
    );
    assert!(
        ratios[0] <= READ_LIMIT,
        "{label}: reading peaked at {:.2}× the file",
        ratios[0]
    );
    assert!(
        ratios[1] <= PLAN_LIMIT,
        "{label}: planning peaked at {:.2}× the file",
        ratios[1]
    );
    assert!(
        ratios[2] <= WRITE_LIMIT,
        "{label}: writing back peaked at {:.2}× the file",
        ratios[2]
    );
}

#[test]
fn the_largest_topology_is_held_in_a_small_multiple_of_its_size() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for format in [Format::Published, Format::TopologyBuilder] {
        let text = generate(&Spec::sized(200, 1000).with_format(format).with_crlf(true));
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for encoding in [TextEncoding::Utf8 { bom: false }, TextEncoding::Utf16Le { bom: true }] {
            let bytes = source::encode(text, encoding);
            check(&format!("{format:?}, {}", encoding.label()), &bytes);
        }
    }
}

#[test]
fn a_session_over_the_sample_stays_small() {
    // The page's own path: the built-in sample, loaded as the page loads it.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let size = session::Loaded::sample().file.doc.text().len() as f64;
    let (_loaded, read) = peak_of(session::Loaded::sample);
    eprintln!(
        "the sample: {size} bytes; peak heap while loading {:.2}× its size",
        read as f64 / size
    );
    // A small file's fixed costs (the model's vectors, names) weigh more: twice the limit.
    assert!(
        read as f64 / size <= READ_LIMIT * 2.0,
        "the sample peaked at {read} bytes"
    );
}
