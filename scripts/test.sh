#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints (native and
# wasm32), native tests over the fixtures, the release build, the browser tests in headless
# Chromium, and the end-to-end tests against the built page.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native and wasm32)"
cargo clippy --offline --locked --all-targets -- -D warnings
cargo clippy --offline --locked --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests (topology, editor, planner, checklist, command line)"
cargo test --offline --locked

step "release build (trunk, wasm-opt)"
trunk build --release --offline --locked

# wasm_bench checks the pipeline at every benchmark size here; ./scripts/bench.sh times it.
step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test --offline --locked --target wasm32-unknown-unknown --test web --test wasm_bench

step "end-to-end tests (Playwright driving Chromium against dist/)"
node --test e2e/

step "all tests passed"
