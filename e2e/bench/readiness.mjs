// The Readiness view in the page (dist/, from `trunk build --release`) on the benchmark's
// largest topology, 200 sites with 1,000 pools (target/e2e/topologies/generated-200-sites.xml,
// written by `cargo test --test e2e_topologies`), in Debian's Chromium at 1366×768:
//
// - the time from "Readiness" pressed to the report drawn (every row planned a slice at a
//   time, then the rows and the preparation checklist drawn);
// - the page's long tasks meanwhile (over 50 ms: the longest, how many, and the last one, which
//   draws the report);
// - how fast it answers a tap meanwhile: a summary opened and closed every 500 ms while the
//   report is made, each tap's whole time from input to the next paint (Event Timing);
// - the time from "Download report (Markdown)" pressed to the file, and the same for the HTML.
//
// Not a test (node --test e2e/ does not pick it up): run by scripts/bench.sh, or
//   node e2e/bench/readiness.mjs
// Prints Markdown and writes target/bench/readiness-page.json.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { dist, root, launch, serve, openPlanner } from '../harness.mjs';

const FILE = path.join(root, 'target', 'e2e', 'topologies', 'generated-200-sites.xml');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ has no build: run `trunk build --release --offline --locked` first');
  process.exit(2);
}
if (!fs.existsSync(FILE)) {
  execFileSync('cargo', ['test', '--offline', '--locked', '--test', 'e2e_topologies'], { cwd: root, stdio: 'inherit' });
}

const { server, origin } = await serve();
const browser = await launch();
const { page, errors, context } = await openPlanner(browser, origin, { viewport: { width: 1366, height: 768 } });
const chromium = browser.version();
const loadStart = Date.now();
await page.getByLabel('Topology export').setInputFiles(FILE);
await page.locator('#loaded-name', { hasText: 'generated-200-sites.xml' }).waitFor({ timeout: 60_000 });
const loaded = Date.now() - loadStart;

await page.evaluate(() => {
  window.__long = [];
  window.__taps = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask' });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'click') window.__taps.push(e.duration);
  }).observe({ type: 'event', durationThreshold: 16 });
});
const start = await page.evaluate(() => performance.now());
await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
// Taps while the report is made: the load panel's "Paste XML instead", opened and closed.
const summary = page.getByText('Paste XML instead');
let taps = 0;
let progressSeen = 0;
while (!(await page.locator('#readiness-counts').count())) {
  if (await page.locator('#readiness-progress', { hasText: /^Planned \d+ of 400/ }).count()) progressSeen++;
  await summary.click();
  taps++;
  await page.waitForTimeout(500);
}
const drawn = await page.evaluate(() => performance.now());
await page.waitForTimeout(500);
const { long, tapDurations } = await page.evaluate(() => ({ long: window.__long, tapDurations: window.__taps }));
const during = long.filter((t) => t.start >= start);
const counts = (await page.locator('#readiness-counts').textContent()).trim();
const top = [...during].sort((a, b) => b.duration - a.duration).slice(0, 5)
  .map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.start - start)} ms`);
console.error(`# the longest tasks: ${top.join('; ')} (the report drawn at ${Math.round(drawn - start)} ms)`);

/// The download's task in the page: the report rendered and handed to the browser as a file.
async function timeDownload(name) {
  const t = await page.evaluate(() => performance.now());
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  await d.path();
  await page.waitForTimeout(200);
  return page.evaluate((t) => Math.round(Math.max(0, ...window.__long.filter((x) => x.start >= t).map((x) => x.duration))), t);
}
const markdownMs = await timeDownload('Download report (Markdown)');
const htmlMs = await timeDownload('Download report (offline HTML)');
await context.close();
await browser.close();
server.close();

const sorted = [...tapDurations].sort((a, b) => a - b);
const result = {
  chromium,
  file: path.basename(FILE),
  bytes: fs.statSync(FILE).size,
  loadMs: loaded,
  reportMs: Math.round(drawn - start),
  counts,
  longTasks: during.length,
  longestTaskMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
  lastTaskMs: Math.round(during.at(-1)?.duration ?? 0),
  taps,
  progressSeen,
  // Taps answered within 16 ms are not reported by Event Timing: they count as 16 here.
  tapMedianMs: Math.round(sorted.length ? sorted[Math.floor(sorted.length / 2)] : 16),
  tapWorstMs: Math.round(sorted.at(-1) ?? 16),
  tapsOver100: sorted.filter((d) => d > 100).length,
  markdownMs,
  htmlMs,
  errors,
};
fs.mkdirSync(path.join(root, 'target', 'bench'), { recursive: true });
fs.writeFileSync(path.join(root, 'target', 'bench', 'readiness-page.json'), JSON.stringify(result, null, 2));
console.log(`The Readiness view in the page, ${result.file} (${result.bytes.toLocaleString('en')} bytes), Chromium ${chromium}, 1366×768:\n`);
console.log('| what | value |');
console.log('|---|--:|');
console.log(`| topology loaded | ${result.loadMs} ms |`);
console.log(`| report made and drawn (${counts.split(':')[0]}) | ${result.reportMs.toLocaleString('en')} ms |`);
console.log(`| long tasks meanwhile (over 50 ms) | ${result.longTasks}, the longest ${result.longestTaskMs} ms, the last (drawing it) ${result.lastTaskMs} ms |`);
console.log(`| taps meanwhile, input to paint | ${taps} taps: median ${result.tapMedianMs} ms, worst ${result.tapWorstMs} ms, ${result.tapsOver100} over 100 ms |`);
console.log(`| download the Markdown / the HTML (the longest task after the press) | ${markdownMs} ms / ${htmlMs} ms |`);
if (errors.length) {
  console.error('page errors:', errors);
  process.exit(1);
}
