// End-to-end: the offline copy of the planner, one HTML file opened from disk (file://) in
// Chromium with the network disabled, as an administrator at home would use it: load a
// topology by the file input, plan, download both files (byte for byte the command line's),
// the built-in sample, plan files, share links both ways with the served page, and a copy of
// itself. Not one request may leave the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPlanner, offSite, dist, outDir, root } from './harness.mjs';

const OFFLINE = 'edge-failover-planner-offline.html';
const cli = path.join(root, 'target', 'debug', 'edge-failover');
if (!fs.existsSync(cli)) {
  execFileSync('cargo', ['build', '--offline', '--locked', '--bin', 'edge-failover'], { cwd: root, stdio: 'inherit' });
}

let server, origin, browser, fileUrl;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
  // Alone in a folder of its own, as on a USB stick: nothing beside it to load.
  const dir = fs.mkdtempSync(path.join(outDir, 'offline-'));
  fs.copyFileSync(path.join(dist, OFFLINE), path.join(dir, OFFLINE));
  fileUrl = pathToFileURL(path.join(dir, OFFLINE)).href;
});
after(async () => {
  await browser?.close();
  server?.close();
});

const clipboard = ['clipboard-read', 'clipboard-write'];

/// The offline file in a context with the network off, recording every request it makes.
async function openOffline(url = fileUrl) {
  const context = await browser.newContext({ acceptDownloads: true, offline: true, permissions: clipboard });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.getByRole('heading', { name: '2. The topology' }).waitFor();
  await page.locator('#loaded-name').waitFor();
  // The only one allowed is opening the file itself, which shows the recording works.
  assert.ok(requests.includes(url.split('#')[0]), `the page's own load is recorded: ${requests}`);
  const made = () => requests.filter((u) => u !== url.split('#')[0] && u !== url);
  return { context, page, errors, made };
}

async function download(page, name, role = 'button') {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole(role, { name }).click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

test('the release build wrote one self-contained file under the same policy, with hashes', () => {
  const html = fs.readFileSync(path.join(dist, OFFLINE), 'utf8');
  const served = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  // Either page's HTML may be minified: attributes in either order, unquoted where they can be.
  const csp = (h) => h.match(/<meta[^>]*http-equiv="?Content-Security-Policy[^>]*>/)[0].match(/content="([^"]*)"/)[1];
  const policy = csp(html);
  assert.match(policy, /script-src 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval'/);
  assert.match(policy, /style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.doesNotMatch(policy, /'self'|unsafe-inline|https?:/);
  // Every other directive of the served page's policy is still there.
  for (const directive of csp(served).split(';').map((d) => d.trim().split(' ')[0])) {
    assert.match(policy, new RegExp(`(^|; )${directive} `), directive);
  }
  assert.doesNotMatch(html, /<(script|link)\b[^>]*\s(src|href)="(?!data:)/, 'no reference to another file');
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/, 'the loader is inlined');
  assert.match(html, /<script type="application\/octet-stream" id="offline-wasm">[A-Za-z0-9+/]+=*<\/script>/, 'the WebAssembly is inlined');
});

test('from file:// with the network off: load, plan, both downloads equal the command line\'s, no request', async () => {
  const { page, errors, made, context } = await openOffline();
  assert.match(await page.locator('#loaded-name').textContent(), /built-in sample/);
  const fixture = path.join(root, 'tests', 'fixtures', 'tailspin-lync2013.xml');
  const name = path.basename(fixture);
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await page.locator('#loaded-name', { hasText: name }).waitFor();
  const failed = (await page.locator('#sip-federation-pool').textContent()).trim();
  const row = page.locator('table.edges tbody tr', { has: page.locator('th', { hasText: failed }) });
  await row.getByRole('button', { name: 'Mark as failed' }).click();
  const radios = page.locator('input[name=survivor]');
  await radios.first().waitFor();
  const survivor = await radios.first().getAttribute('value');
  await radios.first().check();
  await page.locator('#diff-summary').waitFor();
  const topology = await download(page, 'Download modified topology');
  const checklist = await download(page, 'Download failover runbook');
  await page.screenshot({ path: path.join(outDir, 'offline-planned.png') });

  const dir = fs.mkdtempSync(path.join(outDir, 'offline-cli-'));
  const cliTopology = path.join(dir, topology.name);
  const cliChecklist = path.join(dir, checklist.name);
  const xmpp = (await page.locator('#xmpp-federation-pool').textContent()).includes(failed);
  execFileSync(cli, ['plan', fixture, '--failed', failed, '--to', survivor, ...(xmpp ? ['--xmpp'] : []),
    '--topology-out', cliTopology, '--checklist-out', cliChecklist]);
  assert.ok(topology.bytes.equals(fs.readFileSync(cliTopology)), 'the topology is byte for byte the command line\'s');
  assert.ok(checklist.bytes.equals(fs.readFileSync(cliChecklist)), 'the checklist is byte for byte the command line\'s');

  // The built-in sample too.
  await page.getByRole('button', { name: 'Use the built-in sample' }).click();
  await page.locator('#loaded-name', { hasText: 'built-in sample' }).waitFor();
  assert.deepEqual(made(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a plan file saved offline loads back, and the page saves a working copy of itself', async () => {
  const { page, errors, made, context } = await openOffline();
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
  await page.getByLabel('Driver').fill('Ana');
  await page.getByLabel('Driver').press('Tab');
  const plan = await download(page, 'Save plan');
  assert.match(plan.name, /\.plan\.json$/);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.locator('#diff-summary').waitFor({ state: 'detached' });
  await page.locator('#plan-file').setInputFiles({ name: plan.name, mimeType: 'application/json', buffer: plan.bytes });
  await page.locator('#notice', { hasText: 'Loaded the plan' }).waitFor();
  await page.locator('#diff-summary').waitFor();

  const copy = await download(page, 'Download the planner for offline use', 'link');
  assert.equal(copy.name, OFFLINE);
  const dir = fs.mkdtempSync(path.join(outDir, 'offline-copy-'));
  fs.writeFileSync(path.join(dir, OFFLINE), copy.bytes);
  assert.deepEqual(made(), []);
  assert.deepEqual(errors, []);
  await context.close();

  // The copy is the planner too, under the same policy, with nothing drawn into it.
  const again = await openOffline(pathToFileURL(path.join(dir, OFFLINE)).href);
  await again.page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await again.page.locator('#diff-summary').waitFor();
  assert.deepEqual(again.made(), []);
  assert.deepEqual(again.errors, []);
  await again.context.close();
});

test('a share link made in either page opens in the other through "Open a share link"', async () => {
  // Served page → offline file.
  const served = await openPlanner(browser, origin, { permissions: clipboard });
  await served.page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await served.page.locator('#diff-summary').waitFor();
  await served.page.locator('input.step-done').first().check();
  await served.page.getByRole('button', { name: 'Copy share link' }).click();
  await served.page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
  assert.doesNotMatch(await served.page.locator('#notice').textContent(), /file:\/\//);
  const servedLink = await served.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(servedLink.startsWith(origin + '/#plan='), servedLink);

  const offline = await openOffline();
  await offline.page.getByLabel('Open a share link').fill(servedLink);
  await offline.page.getByRole('button', { name: 'Open', exact: true }).click();
  await offline.page.locator('#read-only-banner').waitFor();
  await offline.page.locator('#diff-summary').waitFor();
  assert.equal(await offline.page.locator('input.step-done').first().isChecked(), true);

  // Offline file → served page: the link begins with a file:// path, which only the box opens.
  await offline.page.getByRole('button', { name: 'Edit a copy of this plan' }).click();
  await offline.page.locator('input.step-done').nth(1).check();
  await offline.page.getByRole('button', { name: 'Copy share link' }).click();
  await offline.page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
  // Issue 21, point 13: copied from the offline file, the notice says how a colleague opens it.
  assert.match(
    await offline.page.locator('#notice').textContent(),
    /begins with a file:\/\/ path no colleague can open: they paste it into "Open a share link" on their own page/,
  );
  const offlineLink = await offline.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(offlineLink.startsWith('file:///') && offlineLink.includes('#plan='), offlineLink);
  assert.deepEqual(offline.made(), []);
  assert.deepEqual(offline.errors, []);
  await offline.context.close();

  const fresh = await openPlanner(browser, origin);
  await fresh.page.getByLabel('Open a share link').fill('#' + offlineLink.split('#')[1]);
  await fresh.page.getByRole('button', { name: 'Open', exact: true }).click();
  await fresh.page.locator('#read-only-banner').waitFor();
  assert.equal(await fresh.page.locator('input.step-done').nth(1).isChecked(), true);
  assert.deepEqual(offSite(fresh.requests, origin), []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await served.context.close();
});

test('the served page offers the offline file as a download', async () => {
  const { page, context, errors } = await openPlanner(browser, origin);
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the planner for offline use' }).click(),
  ]);
  assert.equal(d.suggestedFilename(), OFFLINE);
  assert.ok(fs.readFileSync(await d.path()).equals(fs.readFileSync(path.join(dist, OFFLINE))));
  assert.deepEqual(errors, []);
  await context.close();
});
