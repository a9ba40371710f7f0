// Startup and bundle size of the release build (dist/, from `trunk build --release`).
//
// 1. Sizes of every file in dist/: raw and gzip -9 (node's zlib), and the total.
// 2. Time from navigation start to the first paint (first-contentful-paint: index.html's own
//    title, privacy line and load instructions, before any WebAssembly) and to the built-in
//    sample topology drawn (the first Edge pool box of the picture, `figure.picture g.node`),
//    in Debian's Chromium driven by playwright-core,
//    served from 127.0.0.1: the median of RUNS fresh browser contexts (no cache). Then the same
//    over a throttled link as a slow VPN (THROTTLE_MBPS down, THROTTLE_RTT_MS round trip;
//    files served gzip-compressed, as a web server would).
//
// Not a test (node --test e2e/ does not pick it up): run by scripts/bench.sh, or
//   node e2e/bench/startup.mjs            (RUNS=9 THROTTLE_MBPS=5 THROTTLE_RTT_MS=100)
// Prints Markdown and writes target/bench/startup.json.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { dist, root, launch, serve } from '../harness.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
const MBPS = Number(process.env.THROTTLE_MBPS ?? 5);
const RTT = Number(process.env.THROTTLE_RTT_MS ?? 100);
const DRAWN = 'figure.picture g.node';

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ has no build: run `trunk build --release --offline --locked` first');
  process.exit(2);
}

// ---- sizes ----
const files = fs.readdirSync(dist).filter((f) => fs.statSync(path.join(dist, f)).isFile()).sort();
const sizes = files.map((f) => {
  const bytes = fs.readFileSync(path.join(dist, f));
  return { file: f, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
});
const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });

// ---- startup ----
// Records, in the page's own clock (0 = navigation start), when the first node is drawn.
const observe = `
  new MutationObserver((_, observer) => {
    if (document.querySelector(${JSON.stringify(DRAWN)})) {
      window.__drawnAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function measure(browser, throttle) {
  const { server, origin } = await serve({ gzip: Boolean(throttle) });
  const runs = [];
  const errors = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      if (throttle) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: throttle.rtt,
          downloadThroughput: (throttle.mbps * 1e6) / 8,
          uploadThroughput: (throttle.mbps * 1e6) / 8,
        });
      }
      await page.addInitScript(observe);
      await page.goto(origin + '/');
      await page.locator(DRAWN).first().waitFor();
      await page.waitForFunction(() => window.__drawnAt !== undefined);
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return {
          firstPaint: paint ? paint.startTime : null,
          drawn: window.__drawnAt,
          domContentLoaded: nav.domContentLoadedEventEnd,
          wasmLoaded: wasm ? wasm.responseEnd : null,
          transferred: performance.getEntriesByType('resource').reduce((a, r) => a + r.transferSize, nav.transferSize),
        };
      });
      await context.close();
      if (i > 0) runs.push(t); // the first run warms Chromium itself up
    }
  } finally {
    server.close();
  }
  if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`);
  const median = (key) => {
    const v = runs.map((r) => r[key]).filter((x) => x !== null).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  return {
    runs: runs.length,
    drawn: median('drawn'),
    drawnMin: Math.min(...runs.map((r) => r.drawn)),
    drawnMax: Math.max(...runs.map((r) => r.drawn)),
    firstPaint: median('firstPaint'),
    firstPaintMin: Math.min(...runs.map((r) => r.firstPaint)),
    firstPaintMax: Math.max(...runs.map((r) => r.firstPaint)),
    domContentLoaded: median('domContentLoaded'),
    wasmLoaded: median('wasmLoaded'),
    transferred: median('transferred'),
  };
}

const browser = await launch();
let local;
let vpn;
try {
  local = await measure(browser, null);
  vpn = await measure(browser, { mbps: MBPS, rtt: RTT });
} finally {
  await browser.close();
}
const version = browser.version();

// ---- report ----
const kb = (n) => (n / 1024).toFixed(1);
const ms = (n) => n.toFixed(0);
const out = [];
out.push('| file | raw bytes | gzip -9 bytes |', '|---|--:|--:|');
for (const s of sizes) out.push(`| \`${s.file}\` | ${s.raw.toLocaleString('en')} | ${s.gzip.toLocaleString('en')} |`);
out.push(`| **all of dist/** | **${total.raw.toLocaleString('en')}** (${kb(total.raw)} KiB) | **${total.gzip.toLocaleString('en')}** (${kb(total.gzip)} KiB) |`);
out.push('');
out.push(`Startup in Chromium ${version}, headless, fresh context each time (median of ${local.runs} runs):`);
out.push('');
out.push('| link | first paint ms (min–max) | DOMContentLoaded ms | wasm downloaded ms | sample topology drawn ms (min–max) | bytes transferred |');
out.push('|---|--:|--:|--:|--:|--:|');
const row = (label, r) =>
  `| ${label} | **${ms(r.firstPaint)}** (${ms(r.firstPaintMin)}–${ms(r.firstPaintMax)}) | ${ms(r.domContentLoaded)} | ${ms(r.wasmLoaded)} | **${ms(r.drawn)}** (${ms(r.drawnMin)}–${ms(r.drawnMax)}) | ${r.transferred.toLocaleString('en')} |`;
out.push(row('127.0.0.1, uncompressed', local));
out.push(row(`throttled: ${MBPS} Mbit/s, ${RTT} ms RTT, gzip`, vpn));
console.log(out.join('\n'));

const dir = path.join(root, 'target', 'bench');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(
  path.join(dir, 'startup.json'),
  JSON.stringify({ chromium: version, sizes, total, local, throttled: { mbps: MBPS, rtt: RTT, ...vpn } }, null, 2),
);
