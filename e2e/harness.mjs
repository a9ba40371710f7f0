// Serves dist/ on 127.0.0.1 and drives Debian's Chromium with playwright-core, recording
// every request the page makes and every console error, so tests can assert on both.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// EDGE_DIST serves another build (an earlier commit's, to see a new test fail before its fix).
export const dist = path.resolve(process.env.EDGE_DIST ?? path.join(root, 'dist'));
export const outDir = path.join(root, 'target', 'e2e');
fs.mkdirSync(outDir, { recursive: true });

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

/// Serves dist/ on 127.0.0.1; with `gzip`, compressed as a production web server would send it.
export async function serve({ gzip = false } = {}) {
  const compressed = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    const headers = { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    let body = fs.readFileSync(file);
    if (gzip) {
      if (!compressed.has(file)) compressed.set(file, zlib.gzipSync(body, { level: 9 }));
      body = compressed.get(file);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}` };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--disable-features=MediaRouter,OptimizationHints'],
  });
}

/// A page on the served planner, with the requests and console errors it produces.
export async function openPlanner(browser, origin, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + '/');
  await page.getByRole('heading', { name: '2. The topology' }).waitFor();
  await page.locator('#loaded-name').waitFor();
  return { context, page, requests, errors };
}

export function offSite(requests, origin) {
  return requests.filter((u) => !(u.startsWith(origin + '/') || u === origin || u.startsWith('blob:' + origin) || u.startsWith('data:')));
}

/// A picture of an element that may be taller than the window: its top scrolled into view and
/// the window taken. Playwright's own element screenshot never settles on such an element
/// under the page's scroll padding (kept clear of the plan bar): it scrolls it back and forth.
export async function shootElement(page, locator, file) {
  await locator.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: file });
}
