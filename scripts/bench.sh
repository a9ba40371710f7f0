#!/usr/bin/env bash
# Measures the planner and prints the README's Performance tables: native benchmarks of
# load+analyse, plan and write-back against a bare quick-xml floor (criterion), the readiness
# report of every failure (criterion), the same
# pipeline in WebAssembly in headless Chromium (release build), the release bundle's sizes and
# the time from navigation to the sample topology drawn, the Readiness view made in the page
# on 200 sites (e2e/bench/readiness.mjs), and the bundle's floor for this
# feature set with Leptos (scripts/size-floor.sh). About 10 minutes on two cores once the
# tools are installed. Numbers are noisy on a busy machine: run it on a quiet one.
#
#   EDGE_BENCH_QUICK=1 ./scripts/bench.sh   only the smallest and largest sizes, natively
#   RUNS=9 THROTTLE_MBPS=5 THROTTLE_RTT_MS=100   startup runs and the throttled link
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
TARGET="${CARGO_TARGET_DIR:-target}"
mkdir -p "$TARGET/bench"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "native benchmarks (criterion; cargo bench --bench pipeline)"
rm -rf "$TARGET/criterion"
cargo bench --offline --locked --bench pipeline 2>&1 | grep -E '^[a-z_]+/|time:' >&2

step "readiness report, natively (criterion; cargo bench --bench readiness)"
cargo bench --offline --locked --bench readiness 2>&1 | grep -E '^[a-z_]+/|time:' >&2

step "WebAssembly benchmark in headless Chromium (release build)"
EDGE_BENCH=1 CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --offline --locked --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture \
  > "$TARGET/bench/wasm-run.log" 2>&1 || { cat "$TARGET/bench/wasm-run.log" >&2; exit 1; }
grep EDGE_BENCH_WASM "$TARGET/bench/wasm-run.log" > "$TARGET/bench/wasm.log"
cat "$TARGET/bench/wasm.log" >&2

step "release build (trunk build --release)"
trunk build --release --offline --locked >&2

step "bundle sizes and startup in Chromium"
node e2e/bench/startup.mjs >&2

step "the Readiness view in the page, 200 sites (e2e/bench/readiness.mjs)"
node e2e/bench/readiness.mjs > "$TARGET/bench/readiness-page.md"
cat "$TARGET/bench/readiness-page.md" >&2

step "size floor: the whole planner under one Leptos component (scripts/size-floor.sh)"
./scripts/size-floor.sh

step "report"
{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1024/1024}' /proc/meminfo) RAM," \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(rustc --version);" \
    "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 scripts/bench-report.py "$TARGET"
  echo
  cat "$TARGET/bench/readiness-page.md"
} | tee "$TARGET/bench/report.md"
echo >&2
echo "The report is in $TARGET/bench/report.md" >&2
