// End-to-end: the release build served on 127.0.0.1, driven in Chromium as an administrator
// uses it: load a topology by the file input, mark the federation pool failed, choose the
// survivor, download both files, and check their bytes against the command line, which runs
// the same core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPlanner, offSite, outDir, root } from './harness.mjs';

const cli = path.join(root, 'target', 'debug', 'edge-failover');
if (!fs.existsSync(cli)) {
  execFileSync('cargo', ['build', '--offline', '--locked', '--bin', 'edge-failover'], { cwd: root, stdio: 'inherit' });
}

function inspect(file) {
  return JSON.parse(execFileSync(cli, ['inspect', file, '--json'], { encoding: 'utf8' }));
}

function fixtures() {
  const own = [path.join(root, 'src', 'sample.xml')];
  for (const f of fs.readdirSync(path.join(root, 'tests', 'fixtures'))) {
    if (/\.(xml|tbxml)$/.test(f)) own.push(path.join(root, 'tests', 'fixtures', f));
  }
  const real = [];
  if (sharedPresent) {
    for (const dir of [shared, path.join(shared, 'synthetic')]) {
      for (const f of fs.readdirSync(dir)) {
        if (/\.(xml|tbxml)$/.test(f)) real.push(path.join(dir, f));
      }
    }
  } else if (process.env.EDGE_REQUIRE_FIXTURES === '1') {
    // CI (.ci/run): without the real exports the loop below would quietly test less.
    throw new Error(`${shared} is absent, and EDGE_REQUIRE_FIXTURES=1 requires the real topology exports`);
  } else {
    console.log('# ../shared/fixtures is absent: end-to-end tests use the project fixtures only');
  }
  return [...own, ...real];
}

const shared = path.resolve(root, process.env.EDGE_FIXTURES ?? '../shared/fixtures');
const sharedPresent = fs.existsSync(shared);

// The fixtures with one federated pool and another that can take over, which the loop below
// plans: named here rather than worked out from the command line's JSON, so that a renamed
// field cannot make the loop skip them all and pass.
const PLANNED = [
  'adatum-2019.xml', 'fabrikam-two-sites.tbxml', 'fourthcoffee-template.xml', 'litware-three-sites-crlf.xml',
  'sample.xml', 'tailspin-lync2013.xml',
  ...(sharedPresent ? ['SYNTHETIC_two_sites_after_failover_to_siteB.xml', 'SYNTHETIC_two_sites_before.xml'] : []),
];
const planned = [];

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('opens on the built-in sample, with no request off the machine and no console error', async () => {
  const { page, requests, errors, context } = await openPlanner(browser, origin);
  assert.equal(await page.locator('#sip-federation-pool').textContent(), 'edgepool-amsterdam.fabrikam.com');
  assert.match(await page.locator('#loaded-name').textContent(), /built-in sample/);
  await page.screenshot({ path: path.join(outDir, 'main-view.png'), fullPage: false });
  await page.screenshot({ path: path.join(outDir, 'main-view-full.png'), fullPage: true });
  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the glue and the WebAssembly download at once, from the page\'s preloads, each only once', async () => {
  // Without the preloads they come one after the other: boot.js, then the glue it imports,
  // then the WebAssembly the glue fetches. With them, both start before boot.js has even
  // arrived, which only a preload can do. A preload that does not match the glue's fetch()
  // downloads the file twice.
  const { page, requests, context } = await openPlanner(browser, origin);
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })));
  const one = (file) => {
    const found = entries.filter((e) => e.name === file);
    assert.equal(found.length, 1, `${file}: ${JSON.stringify(entries)}`);
    assert.equal(requests.filter((u) => new URL(u).pathname === file).length, 1, file);
    return found[0];
  };
  const boot = one('/boot.js');
  const glue = one('/edge-failover-planner.js');
  const wasm = one('/edge-failover-planner_bg.wasm');
  assert.ok(glue.start < boot.end, `the glue waited for boot.js: ${JSON.stringify(entries)}`);
  assert.ok(wasm.start < boot.end, `the WebAssembly waited for boot.js: ${JSON.stringify(entries)}`);
  await context.close();
});

for (const fixture of fixtures()) {
  const name = path.basename(fixture);
  test(`loads ${name} by the file input and plans its failover`, async () => {
    const expected = inspect(fixture);
    const { page, requests, errors, context } = await openPlanner(browser, origin);
    await page.getByLabel('Topology export').setInputFiles(fixture);
    await page.locator('#loaded-name', { hasText: name }).waitFor();
    const fed = expected.edge_pools.filter((e) => e.sip_federation).map((e) => e.fqdn);
    // One pool a line.
    const shown = await page.locator('#sip-federation-pool li').allTextContents();
    assert.deepEqual(shown, fed);
    if (!fed.length) assert.equal(await page.locator('#sip-federation-pool').textContent(), 'no pool');
    assert.equal(await page.getByRole('button', { name: 'Mark as failed' }).count(), expected.edge_pools.length);

    const others = expected.edge_pools.filter((e) => !e.sip_federation && e.access_fqdn);
    const plans = fed.length === 1 && others.length > 0;
    assert.equal(plans, PLANNED.includes(name), `${name} is ${plans ? '' : 'not '}planned: ${JSON.stringify(expected.edge_pools)}`);
    if (plans) {
      const failed = fed[0];
      const row = page.locator('table.edges tbody tr', { has: page.locator('th', { hasText: failed }) });
      await row.getByRole('button', { name: 'Mark as failed' }).click();
      const radios = page.locator('input[name=survivor]');
      await radios.first().waitFor();
      const survivor = await radios.first().getAttribute('value');
      await radios.first().check();
      await page.locator('#diff-summary').waitFor();
      await page.locator('section.changes').screenshot({ path: path.join(outDir, `changes-${name}.png`) });

      const [topologyDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download modified topology' }).click(),
      ]);
      const [checklistDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#download-checklist').click(),
      ]);
      // The failback is a document, and a download, of its own.
      const [failbackDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#download-failback').click(),
      ]);
      assert.match(failbackDownload.suggestedFilename(), /\.failover-to-.+\.failback\.md$/);
      const topologyName = topologyDownload.suggestedFilename();
      assert.match(topologyName, new RegExp(`^${name.replace(/\.(xml|tbxml)$/, '').replace(/[.]/g, '\\.')}\\.failover-to-.+\\.(xml|tbxml)$`));
      assert.equal(path.extname(topologyName), path.extname(name), 'same extension as the input');
      const downloaded = fs.readFileSync(await topologyDownload.path());
      const checklist = fs.readFileSync(await checklistDownload.path());

      // The command line makes the same plan from the same core: the bytes must agree.
      const dir = fs.mkdtempSync(path.join(outDir, 'cli-'));
      const cliTopology = path.join(dir, topologyName);
      const cliChecklist = path.join(dir, checklistDownload.suggestedFilename());
      const cliFailback = path.join(dir, failbackDownload.suggestedFilename());
      const hasXmpp = expected.edge_pools.some((e) => e.fqdn === failed && e.xmpp_federation);
      execFileSync(cli, ['plan', fixture, '--failed', failed, '--to', survivor, ...(hasXmpp ? ['--xmpp'] : []),
        '--topology-out', cliTopology, '--checklist-out', cliChecklist, '--failback-out', cliFailback]);
      assert.ok(downloaded.equals(fs.readFileSync(cliTopology)), 'the downloaded topology is exactly what the core produces');
      assert.ok(checklist.equals(fs.readFileSync(cliChecklist)), 'the downloaded failover runbook is exactly what the core produces');
      const failback = fs.readFileSync(await failbackDownload.path());
      assert.ok(failback.equals(fs.readFileSync(cliFailback)), 'the downloaded failback runbook is exactly what the core produces');
      // Each opens with its page at a glance.
      for (const doc of [checklist, failback]) {
        const md = doc.toString('utf8');
        for (const part of ['**Decide first:**', '**Expected outages:**', '**Go/no-go gates:**', '**Who does what:**', '**First action:**']) {
          assert.ok(md.includes(part), `${part} in ${md.slice(0, 200)}`);
        }
      }
      assert.match(failback.toString('utf8'), /^# Edge (XMPP )?federation failback: /);

      // It reads back with the survivor as the only federation pool.
      const savedPath = path.join(dir, 'downloaded-' + topologyName);
      fs.writeFileSync(savedPath, downloaded);
      const after = inspect(savedPath);
      assert.deepEqual(after.edge_pools.filter((e) => e.sip_federation).map((e) => e.fqdn), [survivor]);
      assert.equal(after.encoding, expected.encoding, 'same encoding as the input');

      const text = checklist.toString('utf8');
      assert.ok(text.includes(failed) && text.includes(survivor), 'the checklist names both pools');
      assert.match(text, /Enable federation for this Edge pool \(Port 5061\)/);
      assert.match(text, /Run Again/);
      planned.push(name);
    }
    assert.deepEqual(offSite(requests, origin), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('every fixture that can be planned was planned and its downloads compared', () => {
  assert.deepEqual([...planned].sort(), [...PLANNED].sort());
  assert.equal(planned.length, sharedPresent ? 8 : 6);
});

test('a bad file shows its error, and the page still works', async () => {
  const { page, requests, errors, context } = await openPlanner(browser, origin);
  await page.getByLabel('Topology export').setInputFiles({
    name: 'cut-off.xml',
    mimeType: 'text/xml',
    buffer: Buffer.from('<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">\n  <Sites>\n    <CentralSite SiteId="1">'),
  });
  const error = page.locator('#load-error');
  await error.waitFor();
  assert.match(await error.textContent(), /cut-off\.xml could not be loaded/);
  assert.match(await error.textContent(), /line 3, column 5/);
  await page.screenshot({ path: path.join(outDir, 'bad-file.png') });
  // The sample is still there and still plans.
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file dropped on the page and pasted XML both load', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  const xml = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'fabrikam-two-sites.tbxml'));
  const dataTransfer = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.tbxml', { type: 'text/xml' }));
    return dt;
  }, [...xml]);
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await page.locator('#loaded-name', { hasText: 'dropped.tbxml' }).waitFor();

  await page.getByText('Paste XML instead').click();
  await page.getByLabel('Topology XML').fill(fs.readFileSync(path.join(root, 'tests', 'fixtures', 'adatum-2019.xml'), 'utf8'));
  await page.getByRole('button', { name: 'Load pasted XML' }).click();
  await page.locator('#loaded-name', { hasText: 'pasted-topology.xml' }).waitFor();
  assert.match(await page.locator('#loaded-name').textContent(), /Skype for Business Server 2019/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('works by keyboard: mark a pool failed and reach the downloads', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  const mark = page.getByRole('button', { name: 'Mark as failed' }).first();
  await mark.focus();
  await page.keyboard.press('Enter');
  await page.locator('#diff-summary').waitFor();
  const download = page.getByRole('button', { name: 'Download modified topology' });
  await download.focus();
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(file.suggestedFilename(), /failover-to-edgepool-boston\.xml$/);
  // The picture's Front End pools are buttons that take focus to their table row.
  const node = page.locator('figure.picture g.node.frontend').first();
  await node.focus();
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.activeElement?.id ?? '');
  assert.match(focused, /^pool-/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page forbids other origins and inline scripts, follows the dark theme, and prints only the checklist', async () => {
  const html = fs.readFileSync(path.join(root, 'dist', 'index.html'), 'utf8');
  // The release build's HTML is minified: attributes may come in either order, unquoted.
  const meta = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy[^>]*>/)?.[0] ?? '';
  const csp = meta.match(/content="([^"]+)"/)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');

  const { page, errors, context } = await openPlanner(browser, origin, { colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(17, 20, 24)', 'dark background when the system is dark');
  await page.screenshot({ path: path.join(outDir, 'main-view-dark.png') });
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('section.checklist').waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('section.checklist').isVisible(), true);
  for (const hidden of ['section.load', 'section.overview', 'section.plan', 'section.changes', 'section.share']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
  }
  await page.pdf?.({ path: path.join(outDir, 'checklist.pdf') }).catch(() => {});
  assert.deepEqual(errors, []);
  await context.close();
});

test('the offline HTML checklist is one self-contained file that opens with no request and no script', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download offline HTML checklist' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /failover-to-edgepool-boston\.checklist\.html$/);
  const html = fs.readFileSync(await download.path(), 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /default-src 'none'/);
  assert.doesNotMatch(html, /<script|<link|<img|\bsrc=|https?:\/\//, 'nothing that loads or runs');
  // The failover's document: its steps and its rollback's (the failback is a file of its own).
  const stepsOnPage = await page.locator('section.checklist li.step:not([id^="step-fb"])').count();
  assert.ok(stepsOnPage > 10);

  // Opened on its own, as a colleague would open the file: it makes no request at all.
  const saved = path.join(outDir, 'checklist-offline.html');
  fs.writeFileSync(saved, html);
  const offline = await context.newPage();
  const requests = [];
  offline.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await offline.goto('file://' + saved);
  assert.equal(await offline.locator('section.step').count(), stepsOnPage, 'the same steps as the page');
  assert.match(await offline.locator('h1').textContent(), /edgepool-amsterdam\.fabrikam\.com.*edgepool-boston\.fabrikam\.com/);
  assert.equal(await offline.getByRole('checkbox', { name: /^Done: / }).count(), stepsOnPage, 'a Done box per step');
  // The boxes of a step done on several servers are each named by their server.
  const perServer = offline.locator('ul.boxes input[type=checkbox]');
  const servers = await offline.locator('ul.boxes li').allTextContents();
  assert.ok(servers.length > 0);
  for (const [i, name] of servers.entries()) {
    assert.ok(await offline.getByRole('checkbox', { name: name.trim(), exact: true }).count() >= 1, `the box of ${name} is named by it`);
    assert.equal(await perServer.nth(i).isChecked(), false);
  }
  await offline.screenshot({ path: path.join(outDir, 'checklist-offline.png'), fullPage: false });
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  await context.close();
});
