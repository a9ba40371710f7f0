// End-to-end: the Readiness view and the drill (issue 22, phase 2), on a phone (390×844,
// touch) and a laptop (1366×768). Load a topology, open the Readiness view from the overview,
// download the report (byte for byte what `edge-failover readiness` writes for the same day,
// the page's day being today's UTC date by the browser's clock), mark preparation done, open
// a row's plan; the view made a slice at a time on a large topology with the page usable
// meanwhile; a drill's walkthrough, status update and share link saying DRILL on every line.
// Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, openPlanner, outDir, root } from './harness.mjs';

const cli = path.join(root, 'target', 'debug', 'edge-failover');
if (!fs.existsSync(cli)) {
  execFileSync('cargo', ['build', '--offline', '--locked', '--bin', 'edge-failover'], { cwd: root, stdio: 'inherit' });
}
const TOPOLOGIES = path.join(root, 'target', 'e2e', 'topologies');
// Four Edge pools in four sites, all federated, FQDNs of 60+ characters; and the benchmark's
// 50-site shape (tests/e2e_topologies.rs writes both).
const FOUR = path.join(TOPOLOGIES, 'contoso-four-edge-pools.xml');
const FIFTY = path.join(TOPOLOGIES, 'generated-50-sites.xml');
if (!fs.existsSync(FOUR) || !fs.existsSync(FIFTY)) {
  execFileSync('cargo', ['test', '--offline', '--locked', '--test', 'e2e_topologies'], { cwd: root, stdio: 'inherit' });
}

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const DEVICES = [['phone', PHONE], ['laptop', LAPTOP]];
const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };
// Late on the last day of February in UTC, already March 1 in Tokyo: the report's day is UTC's.
const NOW = new Date('2026-02-28T20:30:00Z');
const DAY = '2026-02-28';

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`) });

async function load(page, file) {
  await page.getByLabel('Topology export').setInputFiles(file);
  await page.locator('#loaded-name', { hasText: path.basename(file) }).waitFor();
}

async function openReadiness(page) {
  await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
  await page.locator('#readiness-counts').waitFor({ timeout: 120_000 });
}

/// What `edge-failover readiness` writes for `file` on `day`: the Markdown and the HTML.
function cliReport(file, day) {
  const md = path.join(outDir, `readiness-cli-${path.basename(file)}.md`);
  const html = path.join(outDir, `readiness-cli-${path.basename(file)}.html`);
  const r = spawnSync(cli, ['readiness', file, '--date', day, '--out', md, '--html-out', html], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 5, `readiness exited ${r.status}: ${r.stderr}`);
  return [fs.readFileSync(md), fs.readFileSync(html)];
}

async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const file = path.join(outDir, `readiness-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/// Nothing sticks out of the window's width (as e2e/bridge.test.mjs checks it).
async function assertFits(page, what) {
  const wide = await page.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= innerWidth + 0.5) continue;
      let p = e.parentElement;
      let contained = false;
      while (p) {
        if (/(auto|scroll)/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= innerWidth + 0.5) { contained = true; break; }
        p = p.parentElement;
      }
      if (!contained) out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} right=${Math.round(r.right)}`);
    }
    return { scroll: document.documentElement.scrollWidth, width: innerWidth, out: out.slice(0, 6) };
  });
  assert.ok(wide.scroll <= wide.width, `${what}: ${wide.scroll} px wide in ${wide.width}: ${wide.out}`);
  assert.deepEqual(wide.out, [], `${what}: sticks out`);
}

/// Every control's tappable area is at least 44×44 px, and nothing covers its middle (the
/// helper of e2e/bridge-second-pass.test.mjs).
async function smallTargets(page, scope) {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const list = root.querySelectorAll('a[href], button, [role=button], input:not([type=hidden]), select, textarea, summary');
    const out = [];
    for (const e of list) {
      if (e.closest('[inert]') || e.closest('[hidden]') || !e.checkVisibility() || e.getAttribute('aria-hidden') === 'true') continue;
      const hit = e.closest('label') ?? e;
      let r = hit.getBoundingClientRect();
      if (hit === e && r.width <= 1 && r.height <= 1) continue;
      if (r.width === 0 && r.height === 0) continue;
      if (getComputedStyle(e).visibility === 'hidden') continue;
      const name = e.getAttribute('aria-label') || (hit.textContent || '').trim().slice(0, 40) || e.id || e.type;
      if (r.width < 43.5 || r.height < 43.5) out.push(`${e.tagName.toLowerCase()} "${name}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
      hit.scrollIntoView({ block: 'center', inline: 'center' });
      r = hit.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (at && !hit.contains(at) && !at.contains(hit)) out.push(`${e.tagName.toLowerCase()} "${name}" covered by ${at.tagName.toLowerCase()}.${at.className}`);
    }
    return { count: list.length, out };
  }, scope);
}

const counts = (page) => page.locator('#readiness-counts').textContent();

for (const [device, options] of DEVICES) {
  test(`readiness (${device}): load, open the view from the overview, download the report as the command line writes it, mark preparation done, open a row's plan`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, timezoneId: 'Asia/Tokyo' });
    await context.clock.setFixedTime(NOW);
    await load(page, FOUR);
    await openReadiness(page);
    // The view takes the planner's place; a row for each Edge pool and each site.
    assert.equal(await page.locator('.planner').isVisible(), false);
    const rows = page.locator('table.readiness tbody tr');
    assert.equal(await rows.count(), 8);
    assert.match(await counts(page), /^8 failures planned: 0 ready, (\d) ready with work, (\d) blocked\. Dated 2026-02-28 \(UTC\)\.$/);
    const first = rows.first();
    // A card a row on a phone (the heads hidden, each cell naming its column), a table on a
    // laptop.
    const shape = await first.evaluate((e) => [getComputedStyle(e).display,
      getComputedStyle(e.closest('table').querySelector('thead')).position,
      getComputedStyle(e.querySelector('td[data-label]'), '::before').content]);
    assert.deepEqual(shape, device === 'phone'
      ? ['block', 'absolute', '"Verdict: "']
      : ['table-row', 'static', 'none']);
    assert.match(await first.locator('th').textContent(), /^1\. Edge pool edgepool-amsterdam\S+ fails$/);
    assert.equal(await first.locator('.verdict').textContent(), 'ready with work');
    // The best survivor, and the others with their reasons a tap away.
    assert.match(await first.locator('td[data-label="Best survivor"]').textContent(), /^edgepool-boston/);
    await first.getByText(/^The other Edge pools \(3\)$/).click();
    assert.match(await first.locator('td[data-label="Best survivor"] details').textContent(), /edgepool-capetown/);
    await first.getByText(/^\d+ to prepare, \d+ not done$/).click();
    await first.getByText(/^\d+ expected$/).click();
    await shot(page, `readiness-${device}`);
    await assertFits(page, `${device}: the readiness view`);

    // The report, as the command line writes it for the same file and day.
    const [md, html] = cliReport(FOUR, DAY);
    const gotMd = await download(page, 'Download report (Markdown)');
    assert.equal(gotMd.name, `contoso-four-edge-pools.readiness-${DAY}.md`);
    assert.ok(gotMd.bytes.equals(md), 'the Markdown report is the command line\'s');
    const gotHtml = await download(page, 'Download report (offline HTML)');
    assert.equal(gotHtml.name, `contoso-four-edge-pools.readiness-${DAY}.html`);
    assert.ok(gotHtml.bytes.equals(html), 'the HTML report is the command line\'s');

    // Preparation marked done, item by item, moves every row nothing blocks to ready; the
    // box keeps focus as the view is drawn again.
    const boxes = page.locator('.preparation input[type=checkbox]');
    const n = await boxes.count();
    assert.ok(n >= 4, `${n} preparation items`);
    const before = (await counts(page)).match(/(\d+) ready with work, (\d+) blocked/);
    await boxes.first().check();
    await page.waitForFunction(() => document.activeElement?.id === 'prepare-0');
    for (let i = 1; i < n; i++) await boxes.nth(i).check();
    await page.locator('#readiness-counts', { hasText: `${before[1]} ready, 0 ready with work, ${before[2]} blocked` }).waitFor();
    assert.equal(await page.locator('table.readiness .verdict.work').count(), 0);
    await page.locator('#prepare-0').scrollIntoViewIfNeeded();
    await shot(page, `readiness-${device}-prepared`);
    // Downloaded now, the report says what is marked done.
    const marked = (await download(page, 'Download report (Markdown)')).bytes.toString('utf8');
    assert.match(marked, /- \[x\] /);
    assert.doesNotMatch(marked, /- \[ \] /);

    // Open a row's plan: its failure marked and its survivor chosen, as by hand.
    const row = rows.nth(1);
    const failed = (await rows.first().locator('th code').first().textContent()).trim();
    const survivor = (await rows.first().locator('td[data-label="Best survivor"] code').first().textContent()).trim();
    assert.notEqual(survivor, '');
    await row.waitFor();
    await rows.first().getByRole('button', { name: 'Open this plan' }).click();
    await page.locator('#diff-summary').waitFor();
    assert.equal(await page.locator('#readiness-heading').count(), 0, 'the view gives way to the planner');
    assert.equal(await page.locator('#failure-description').textContent(), `Failed Edge pool: ${failed}`);
    assert.equal(await page.locator('input[name=survivor]:checked').getAttribute('value'), survivor);
    // Focus and the window go to the plan.
    await page.waitForFunction(() => document.activeElement?.id === 'plan');
    await shot(page, `readiness-${device}-opened`);
    // Back to the view: its report is kept, with what was marked done.
    await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
    assert.match(await counts(page), new RegExp(`^8 failures planned: ${before[1]} ready, 0 ready with work`));
    await page.getByRole('button', { name: 'Back to the planner' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'readiness-open');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('readiness (phone): every control of the view is at least 44×44 px at 390 wide, opened and marked, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, errors, context } = await openPlanner(browser, origin, { ...PHONE, colorScheme });
    await load(page, FOUR);
    await openReadiness(page);
    for (const s of await page.locator('#readiness summary').all()) await s.click();
    await page.locator('.preparation input[type=checkbox]').first().check();
    const { count, out } = await smallTargets(page, '#readiness');
    assert.ok(count > 30, `${count} controls`);
    assert.deepEqual(out, [], `${colorScheme}: tappable areas under 44×44 px`);
    await assertFits(page, `phone, ${colorScheme}, every part opened`);
    await page.locator('#readiness').evaluate((e) => e.scrollIntoView());
    await shot(page, `readiness-phone-${colorScheme}-opened`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('readiness (laptop): on 50 sites the report is made a slice at a time, says how far it is, and the page stays usable', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, LAPTOP);
  await load(page, FIFTY);
  // The longest task the page runs from here on.
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
      .observe({ type: 'longtask' });
  });
  await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
  const progress = page.locator('#readiness-progress');
  await progress.filter({ hasText: /^Planned \d+ of 100 failures…$/ }).waitFor();
  await shot(page, 'readiness-laptop-progress');
  // Usable meanwhile: going back answers at once, and stops the work.
  const start = Date.now();
  await page.getByRole('button', { name: 'Back to the planner' }).click();
  await page.locator('.planner').waitFor();
  const answered = Date.now() - start;
  assert.ok(answered < 2000, `back to the planner took ${answered} ms`);
  await page.waitForTimeout(4000);
  await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
  await progress.waitFor({ timeout: 2000 });
  await page.locator('#readiness-counts').waitFor({ timeout: 120_000 });
  assert.match(await counts(page), /^100 failures planned: /);
  const longest = await page.evaluate(() => window.__longest);
  console.log(`# 50 sites: the back button answered in ${answered} ms; the longest task ran ${Math.round(longest)} ms`);
  assert.ok(longest < 1000, `a task of ${longest} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [device, options] of DEVICES) {
  test(`drill (${device}): the walkthrough, the status update and the share link say DRILL on every line and in the title`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, ...clipboard });
    await load(page, FOUR);
    await page.locator('table.edges tbody tr').first().getByRole('button', { name: 'Mark as failed' }).click();
    await page.locator('input[name=survivor]').first().check();
    await page.locator('#diff-summary').waitFor();
    const headOf = (p) => p.evaluate(() => ['#wt-count', '.wt-head-title', '#wt-title', '.wt-plan']
      .map((s) => document.querySelector(s).textContent));
    // Not a drill: no line says so.
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    await page.getByRole('dialog').waitFor();
    for (const line of await headOf(page)) assert.doesNotMatch(line, /DRILL/);
    await page.keyboard.press('Escape');
    await page.getByLabel(/^Drill: a rehearsal/).check();
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.getAttribute('class'), /\bdrill\b/);
    const head = await headOf(page);
    for (const line of head) assert.match(line, /^DRILL · /);
    assert.match(head[0], /^DRILL · Step 1 of \d+$/);
    assert.match(head[3], /^DRILL · Edge federation failover: /);
    await shot(page, `drill-walkthrough-${device}`);
    // To the end of the failover: its title says DRILL too.
    for (let i = 0; i < 200 && (await page.locator('#wt-complete-count').count()) === 0; i++) {
      await page.getByRole('button', { name: /^(Next|Finish)$/ }).click();
    }
    assert.equal(await page.locator('#wt-title').textContent(), 'DRILL · Failover complete');
    await page.keyboard.press('Escape');
    // The status update.
    await page.getByRole('button', { name: 'Copy status update' }).click();
    await page.locator('#notice', { hasText: 'Status update copied.' }).waitFor();
    const status = await page.evaluate(() => navigator.clipboard.readText());
    const lines = status.split('\n');
    assert.ok(lines.length >= 4, status);
    for (const line of lines) assert.match(line, /^DRILL · /, status);
    assert.match(lines[0], /^DRILL · Edge federation failover: /);
    // The share link: the notice says DRILL; opened where its topology is not shown, its plan
    // waits in a banner that says DRILL in its title and on every line; with the topology
    // loaded, the observer's banner and walkthrough say it too.
    await page.getByRole('button', { name: 'Copy share link' }).click();
    await page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
    assert.match(await page.locator('#notice').textContent(), /^DRILL · /);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const observer = await browser.newContext(options);
    const other = await observer.newPage();
    await other.goto(link);
    const pending = other.locator('#pending-banner');
    await pending.waitFor();
    assert.match(await pending.locator('p strong').first().textContent(), /^DRILL · This link holds a plan made .*: a drill, not a real incident\.$/);
    const facts = await pending.locator('.plan-facts dd').allTextContents();
    assert.ok(facts.length >= 5, facts.join(' | '));
    for (const f of facts) assert.match(f, /^DRILL · /);
    await shot(other, `drill-link-${device}`);
    await load(other, FOUR);
    const banner = other.locator('#read-only-banner');
    await banner.waitFor();
    assert.match(await banner.locator('strong').textContent(), /^DRILL · Read-only: /);
    await other.getByRole('button', { name: 'Start walkthrough' }).click();
    await other.getByRole('dialog').waitFor();
    for (const line of await headOf(other)) assert.match(line, /^DRILL · /);
    await observer.close();
    assert.deepEqual(errors, []);
    await context.close();
  });
}
