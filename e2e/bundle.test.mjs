// The release bundle's size, as a budget: what a slow VPN has to carry before the planner
// opens. The 150 KB gzip aim (issue 6) is withdrawn: the measured floor showed that these
// features cannot reach it (the README's Performance section says where the bytes go). The
// budget stays, so a change that adds weight has to say why and move the number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { dist } from './harness.mjs';

// gzip -9 of every file in dist/: 316,455 bytes at the last measure (README, Performance).
// The planner under one bare Leptos component, with none of the views, is already about
// 198,000 (scripts/size-floor.sh). The budget stays (issue 15): what a change adds must be
// found elsewhere.
const BUDGET = 320_000;

test('the release bundle stays within its gzip budget', () => {
  // The offline copy (scripts/offline.mjs) is the same bundle again in one file, which the
  // page never loads: it is only downloaded on purpose.
  const files = fs.readdirSync(dist)
    .filter((f) => fs.statSync(path.join(dist, f)).isFile() && f !== 'edge-failover-planner-offline.html');
  const sizes = Object.fromEntries(
    files.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length]),
  );
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  assert.ok(files.some((f) => f.endsWith('.wasm')), `no WebAssembly in ${dist}: build it first`);
  assert.ok(total <= BUDGET, `the bundle is ${total} bytes gzip, over its budget of ${BUDGET}: ${JSON.stringify(sizes)}`);
});

test('the page carries no JSON library and no float formatting', () => {
  // Both were removed for their weight (src/share/json.rs, whole-pixel coordinates); their
  // source paths appear in the WebAssembly's panic locations when they are linked.
  const wasm = fs.readdirSync(dist).find((f) => f.endsWith('.wasm'));
  const bytes = fs.readFileSync(path.join(dist, wasm)).toString('latin1');
  for (const marker of ['serde_json', 'flt2dec', 'dec2flt']) {
    assert.ok(!bytes.includes(marker), `the WebAssembly links ${marker}`);
  }
});
