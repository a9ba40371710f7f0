#!/usr/bin/env python3
"""Prints the benchmark results as Markdown tables: native (benches/pipeline.rs), the readiness
report natively (benches/readiness.rs), WebAssembly
in headless Chromium (tests/wasm_bench.rs) against native, and the bundle and startup
(e2e/bench/startup.mjs), and the
bundle's floor (scripts/size-floor.sh).

Reads target/criterion/<group>/<format-encoding>/<sites>x<pools>/new/estimates.json (the mean
of each benchmark), target/criterion/edge-cases.json and readiness-cases.json (what each case
is, written by the benches), target/bench/wasm.log (the wasm benchmark's output), target/bench/startup.json and
target/bench/size-floor.json,
whichever exist. Standard library only. Usage: scripts/bench-report.py [TARGET_DIR]
"""
import json
import os
import sys

target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target")
root = os.path.join(target, "criterion")
GROUPS = ["floor", "load", "plan", "write_back"]
NAMES = ["published-utf8", "published-utf16le", "builder-utf8", "builder-utf16le"]
LABELS = {
    "published-utf8": "published, UTF-8",
    "published-utf16le": "published, UTF-16LE",
    "builder-utf8": "Topology Builder, UTF-8 BOM",
    "builder-utf16le": "Topology Builder, UTF-16LE",
}


def mean_ms(group, name, size):
    path = os.path.join(root, group, name, size, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["mean"]["point_estimate"] / 1e6
    except (OSError, KeyError, ValueError):
        return None


def ms(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


try:
    with open(os.path.join(root, "edge-cases.json")) as f:
        cases = json.load(f)
except OSError:
    sys.exit(f"no {root}/edge-cases.json: run `cargo bench --bench pipeline` first")

sizes = []
for c in cases:
    if c["size"] not in sizes:
        sizes.append(c["size"])
sizes.sort(key=lambda s: tuple(int(x) for x in s.split("x")))

print("| topology | format, encoding | bytes | floor ms | load+analyse ms | load / floor | plan ms | write-back ms | load MB/s |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
rows = {}
for size in sizes:
    for name in NAMES:
        case = next((c for c in cases if c["size"] == size and c["name"] == name), None)
        if case is None:
            continue
        floor, load, plan, wb = (mean_ms(g, name, size) for g in GROUPS)
        rows[(size, name)] = (case, floor, load)
        ratio = f"{load / floor:.2f}×" if floor and load else "–"
        mbs = f"{case['bytes'] / 1e6 / (load / 1e3):.0f}" if load else "–"
        sites, pools = case["sites"], case["pools"]
        topo = f"{sites} site{'s' if sites != 1 else ''}, {pools:,} pools"
        print(
            f"| {topo} | {LABELS[name]} | {case['bytes']:,} | {ms(floor)} | {ms(load)} | {ratio} "
            f"| {ms(plan)} | {ms(wb)} | {mbs} |"
        )

# Linear growth: time per byte of the largest size against the 10-site one (the small ones are
# dominated by fixed costs), for each stage.
print()
print("Growth (largest size against the 10-site one: bytes ×, time ×; linear when they match):")
print()
print("| format, encoding | bytes × | floor × | load+analyse × | plan × | write-back × |")
print("|---|--:|--:|--:|--:|--:|")
if len(sizes) >= 2:
    small = "10x50" if "10x50" in sizes else sizes[0]
    big = sizes[-1]
    for name in NAMES:
        a = next((c for c in cases if c["size"] == small and c["name"] == name), None)
        b = next((c for c in cases if c["size"] == big and c["name"] == name), None)
        if not a or not b:
            continue
        cells = [f"{b['bytes'] / a['bytes']:.1f}"]
        for g in GROUPS:
            x, y = mean_ms(g, name, small), mean_ms(g, name, big)
            cells.append(f"{y / x:.1f}" if x and y else "–")
        print(f"| {LABELS[name]} | " + " | ".join(cells) + " |")

# ---- the readiness report ----
try:
    with open(os.path.join(root, "readiness-cases.json")) as f:
        readiness = json.load(f)
except OSError:
    readiness = []
if readiness:
    print()
    print("Readiness report, natively (every failure planned, the preparation checklist, the Markdown):")
    print()
    print("| topology | bytes | rows | plans made | report ms | ms per plan |")
    print("|---|--:|--:|--:|--:|--:|")
    for c in readiness:
        t = mean_ms("readiness", c["name"], c["size"])
        sites, pools = (int(x) for x in c["size"].split("x"))
        per = f"{t / c['planned']:.1f}" if t and c["planned"] else "–"
        print(
            f"| {sites} sites, {pools:,} pools | {c['bytes']:,} | {c['rows']} | {c['planned']} "
            f"| {ms(t)} | {per} |"
        )

# ---- WebAssembly in headless Chromium against native ----
wasm_log = os.path.join(target, "bench", "wasm.log")
if os.path.exists(wasm_log):
    wasm = {}
    with open(wasm_log) as f:
        for line in f:
            parts = line.split()
            if "EDGE_BENCH_WASM" not in parts:
                continue
            p = parts[parts.index("EDGE_BENCH_WASM") + 1 :]
            size, name, nbytes = p[0], p[1], int(p[2])
            floor_ms, load_ms, plan_ms, wb_ms = (float(x) for x in p[3:7])
            wasm[(size, name)] = (nbytes, floor_ms, load_ms, plan_ms, wb_ms)

    def ratio(a, b):
        return f"{a / b:.2f}×" if a == a and b else "–"

    print()
    print("WebAssembly (release build, headless Chromium) against native, same cases; ms:")
    print()
    print("| topology | format, encoding | floor wasm | load+analyse wasm | wasm / native | load / floor (wasm) | plan wasm | wasm / native | write-back wasm | wasm / native |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for size in sizes:
        for name in NAMES:
            if (size, name) not in wasm:
                continue
            _, wf, wl, wp, ww = wasm[(size, name)]
            nl, np_, nw = (mean_ms(g, name, size) for g in ("load", "plan", "write_back"))
            case = next((c for c in cases if c["size"] == size and c["name"] == name), None)
            sites, pools = (case["sites"], case["pools"]) if case else size.split("x")
            topo = f"{sites} site{'s' if str(sites) != '1' else ''}, {int(pools):,} pools"
            print(
                f"| {topo} | {LABELS[name]} | {ms(wf)} | {ms(wl)} | {ratio(wl, nl)} | {ratio(wl, wf)} "
                f"| {ms(wp) if wp == wp else '–'} | {ratio(wp, np_) if np_ else '–'} "
                f"| {ms(ww) if ww == ww else '–'} | {ratio(ww, nw) if nw else '–'} |"
            )

# ---- bundle and startup ----
startup = os.path.join(target, "bench", "startup.json")
if os.path.exists(startup):
    with open(startup) as f:
        st = json.load(f)
    print()
    print("| file | raw bytes | gzip -9 bytes |")
    print("|---|--:|--:|")
    for s_ in st["sizes"]:
        print(f"| `{s_['file']}` | {s_['raw']:,} | {s_['gzip']:,} |")
    t = st["total"]
    print(f"| **all of dist/** | **{t['raw']:,}** | **{t['gzip']:,}** |")
    floor = os.path.join(target, "bench", "size-floor.json")
    if os.path.exists(floor):
        with open(floor) as f:
            fl = json.load(f)
        for key, what in (
            ("size_leptos", "one Leptos component with a file picker, no planner (`examples/size_leptos.rs`)"),
            ("size_floor", "the whole planner under that component, no views (`examples/size_floor.rs`)"),
        ):
            p = fl[key]
            print(
                f"| floor: {what}, wasm + js | {p['wasm']['raw'] + p['js']['raw']:,} "
                f"| {p['wasm']['gzip'] + p['js']['gzip']:,} |"
            )
    print()
    print(f"Startup, navigation start to the first paint and to the sample topology drawn, Chromium {st['chromium']} headless (median of {st['local']['runs']}):")
    print()
    print("| link | first paint ms (min–max) | DOMContentLoaded ms | wasm downloaded ms | sample drawn ms (min–max) |")
    print("|---|--:|--:|--:|--:|")
    for label, r in (
        ("127.0.0.1, uncompressed", st["local"]),
        (f"throttled {st['throttled']['mbps']} Mbit/s, {st['throttled']['rtt']} ms RTT, gzip", st["throttled"]),
    ):
        paint = (
            f"**{r['firstPaint']:.0f}** ({r['firstPaintMin']:.0f}–{r['firstPaintMax']:.0f})"
            if r.get("firstPaint") is not None
            else "–"
        )
        print(
            f"| {label} | {paint} | {r['domContentLoaded']:.0f} | {r['wasmLoaded']:.0f} "
            f"| **{r['drawn']:.0f}** ({r['drawnMin']:.0f}–{r['drawnMax']:.0f}) |"
        )
