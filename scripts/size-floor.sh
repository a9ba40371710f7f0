#!/usr/bin/env bash
# The bundle's floor for this feature set with Leptos. Builds two pages exactly as Trunk builds
# the planner's (release profile, wasm-bindgen --target web, wasm-opt -Oz) and prints their
# gzip -9 sizes: examples/size_floor.rs, the whole planner under one Leptos component with none
# of the page's views, and examples/size_leptos.rs, the same component without the planner.
# Writes target/bench/size-floor.json for scripts/bench-report.py. Needs the tools
# scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-target}"
out="$TARGET/size-floor"
rm -rf "$out" && mkdir -p "$out" "$TARGET/bench"
cargo build --offline --locked --release --target wasm32-unknown-unknown \
  --example size_floor --example size_leptos >&2
gz() { gzip -9c "$1" | wc -c; }
json=""
for page in size_leptos size_floor; do
  wasm-bindgen --target web --out-dir "$out" "$TARGET/wasm32-unknown-unknown/release/examples/$page.wasm"
  # The same flags as the page (index.html).
  wasm-opt -Oz --low-memory-unused --strip-producers --strip-target-features "$out/${page}_bg.wasm" -o "$out/${page}_bg.wasm"
  wasm_raw=$(wc -c < "$out/${page}_bg.wasm") js_raw=$(wc -c < "$out/$page.js")
  wasm_gz=$(gz "$out/${page}_bg.wasm") js_gz=$(gz "$out/$page.js")
  json+="${json:+,}\"$page\":{\"wasm\":{\"raw\":$wasm_raw,\"gzip\":$wasm_gz},\"js\":{\"raw\":$js_raw,\"gzip\":$js_gz}}"
  echo "examples/$page.rs: wasm $wasm_raw bytes, $wasm_gz gzip; js $js_raw bytes, $js_gz gzip;" \
    "$((wasm_gz + js_gz)) bytes gzip in all"
done
echo "{$json}" > "$TARGET/bench/size-floor.json"
