#!/usr/bin/env bash
# Builds examples/size_floor.rs (one Leptos component running the whole planner, with none of
# the page's views) exactly as Trunk builds the page (release profile, wasm-bindgen --target
# web, wasm-opt -Oz) and prints its gzip -9 size beside the page's: the floor under the
# bundle for this feature set with Leptos. Needs the tools scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-target}"
out="$TARGET/size-floor"
rm -rf "$out" && mkdir -p "$out"
cargo build --offline --locked --release --target wasm32-unknown-unknown --example size_floor >&2
wasm-bindgen --target web --out-dir "$out" "$TARGET/wasm32-unknown-unknown/release/examples/size_floor.wasm"
wasm-opt -Oz "$out/size_floor_bg.wasm" -o "$out/size_floor_bg.wasm"
gz() { gzip -9c "$1" | wc -c; }
wasm_raw=$(wc -c < "$out/size_floor_bg.wasm")
js_raw=$(wc -c < "$out/size_floor.js")
wasm_gz=$(gz "$out/size_floor_bg.wasm")
js_gz=$(gz "$out/size_floor.js")
mkdir -p "$TARGET/bench"
printf '{"wasm":{"raw":%d,"gzip":%d},"js":{"raw":%d,"gzip":%d}}\n' "$wasm_raw" "$wasm_gz" "$js_raw" "$js_gz" \
  > "$TARGET/bench/size-floor.json"
echo "size floor (examples/size_floor.rs): wasm $wasm_raw bytes, $wasm_gz gzip; js $js_raw bytes, $js_gz gzip;" \
  "$((wasm_gz + js_gz)) bytes gzip in all"
