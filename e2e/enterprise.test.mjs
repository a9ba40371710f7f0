// End-to-end on a real enterprise shape (four federated Edge pools in one site, Lync Server
// 2013, UTF-16LE with CRLF): the page keeps the healthy federated pools unless asked, and both
// downloads are byte for byte what the command line writes from the same core.
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

const fixture = path.join(root, 'tests', 'fixtures', 'woodgrove-lync2013-four-edges.xml');
const FAILED = 'edgepool-amsterdam.woodgrove.com';
const SURVIVOR = 'edgepool-boston.woodgrove.com';

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

function inspect(file) {
  return JSON.parse(execFileSync(cli, ['inspect', file, '--json'], { encoding: 'utf8' }));
}

async function planAndDownload(page) {
  const [topology] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download modified topology' }).click(),
  ]);
  const [checklist] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#download-checklist').click(),
  ]);
  return {
    topologyName: topology.suggestedFilename(),
    checklistName: checklist.suggestedFilename(),
    topology: fs.readFileSync(await topology.path()),
    checklist: fs.readFileSync(await checklist.path()),
  };
}

function cliPlan(extra, topologyName, checklistName) {
  const dir = fs.mkdtempSync(path.join(outDir, 'cli-enterprise-'));
  const topology = path.join(dir, topologyName);
  const checklist = path.join(dir, checklistName);
  execFileSync(cli, ['plan', fixture, '--failed', FAILED, '--to', SURVIVOR, '--xmpp', ...extra,
    '--topology-out', topology, '--checklist-out', checklist]);
  return { topology: fs.readFileSync(topology), checklist: fs.readFileSync(checklist), path: topology };
}

test('four federated pools: the healthy ones stay federated unless asked, and the downloads equal the command line\'s', async () => {
  const { page, requests, errors, context } = await openPlanner(browser, origin);
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await page.locator('#loaded-name', { hasText: 'woodgrove-lync2013-four-edges.xml' }).waitFor();
  // Each federated pool is listed, and so is each site's route as the file holds it.
  const sip = await page.locator('#sip-federation-pool').textContent();
  for (const n of ['', '2', '3', '4']) assert.match(sip, new RegExp(`edgepool${n}-amsterdam\\.woodgrove\\.com`));
  assert.equal(await page.locator('table.sites .fed-route', { hasText: 'route empty' }).count(), 2);

  const row = page.locator('table.edges tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${FAILED.replace(/\./g, '\\.')}`) }) });
  await row.getByRole('button', { name: 'Mark as failed' }).click();
  // Survivors are ranked: the pool in another site first; the healthy federated ones say so.
  const radios = page.locator('input[name=survivor]');
  await radios.first().waitFor();
  assert.equal(await radios.first().getAttribute('value'), SURVIVOR);
  assert.match(await page.locator('fieldset.survivors').textContent(), /already federated: its ports do not change/);
  await radios.first().check();

  const clear = page.getByLabel('Also clear federation on the other federated pools');
  await clear.waitFor();
  assert.equal(await clear.isChecked(), false, 'off by default');
  await page.locator('#diff-summary').waitFor();
  await page.screenshot({ path: path.join(outDir, 'enterprise-plan.png') });

  const kept = await planAndDownload(page);
  const cliKept = cliPlan([], kept.topologyName, kept.checklistName);
  assert.ok(kept.topology.equals(cliKept.topology), 'the downloaded topology is the command line\'s');
  assert.ok(kept.checklist.equals(cliKept.checklist), 'the downloaded checklist is the command line\'s');
  const after = inspect(cliKept.path);
  assert.deepEqual(after.sip_federation_pools.sort(), [
    SURVIVOR, 'edgepool2-amsterdam.woodgrove.com', 'edgepool3-amsterdam.woodgrove.com', 'edgepool4-amsterdam.woodgrove.com',
  ].sort());
  assert.equal(after.encoding, 'UTF-16LE with BOM');

  // Asked to, the plan clears them too, and says what that stops.
  await clear.check();
  await page.locator('.checks', { hasText: 'push notifications' }).waitFor();
  const cleared = await planAndDownload(page);
  const cliCleared = cliPlan(['--clear-other-federation'], cleared.topologyName, cleared.checklistName);
  assert.ok(cleared.topology.equals(cliCleared.topology), 'the cleared topology is the command line\'s');
  assert.ok(cleared.checklist.equals(cliCleared.checklist), 'the cleared checklist is the command line\'s');
  assert.deepEqual(inspect(cliCleared.path).sip_federation_pools, [SURVIVOR]);

  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a single Edge pool marked failed says what to do instead of offering a choice', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  const single = path.join(root, 'tests', 'fixtures', 'dead-end', 'proseware-single-edge.xml');
  await page.getByLabel('Topology export').setInputFiles(single);
  await page.locator('#loaded-name', { hasText: 'proseware-single-edge.xml' }).waitFor();
  await page.getByRole('button', { name: 'Mark as failed' }).click();
  const advice = page.locator('#no-survivor');
  await advice.waitFor();
  assert.match(await advice.textContent(), /What you can do: restore edgepool-amsterdam\.proseware\.com/);
  assert.match(await advice.textContent(), /add an Edge pool in another site first/);
  assert.equal(await page.getByText('Choose the surviving Edge pool to see the plan.').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a failback on several federated pools is chosen from the page, warns before clearing the pool it comes from, and keeps it when asked', async () => {
  // The failover first, by the command line: to edgepool2, which was federated already.
  const TEMPORARY = 'edgepool2-amsterdam.woodgrove.com';
  const dir = fs.mkdtempSync(path.join(outDir, 'cli-failback-'));
  const over = path.join(dir, 'woodgrove-after-failover.xml');
  execFileSync(cli, ['plan', fixture, '--failed', FAILED, '--to', TEMPORARY, '--xmpp',
    '--topology-out', over, '--checklist-out', path.join(dir, 'over.md')]);

  const { page, requests, errors, context } = await openPlanner(browser, origin);
  await page.getByLabel('Topology export').setInputFiles(over);
  await page.locator('#loaded-name', { hasText: 'woodgrove-after-failover.xml' }).waitFor();
  await page.getByText('The original pool is back? Plan the failback').click();
  await page.getByLabel('Federation comes back from').selectOption(TEMPORARY);
  await page.getByLabel('Restored Edge pool').selectOption(FAILED);
  await page.getByRole('button', { name: 'Plan failback' }).click();
  await page.locator('#failure-description', { hasText: `Failback: federation comes back from ${TEMPORARY}` }).waitFor();
  await page.locator('.checks', { hasText: `This failback clears SIP federation on ${TEMPORARY}` }).waitFor();

  const keep = page.getByLabel(`Keep federation on ${TEMPORARY} too`);
  assert.equal(await keep.isChecked(), false, 'off by default');
  await keep.check();
  await page.locator('.checks', { hasText: `As you chose, ${TEMPORARY} keeps its federation` }).waitFor();
  const kept = await planAndDownload(page);

  const topology = path.join(dir, kept.topologyName);
  const checklist = path.join(dir, kept.checklistName);
  execFileSync(cli, ['plan', over, '--failback', '--keep-temporary-federation', '--failed', TEMPORARY, '--to', FAILED,
    '--xmpp', '--topology-out', topology, '--checklist-out', checklist]);
  assert.ok(kept.topology.equals(fs.readFileSync(topology)), 'the downloaded topology is the command line\'s');
  assert.ok(kept.checklist.equals(fs.readFileSync(checklist)), 'the downloaded checklist is the command line\'s');
  assert.ok(kept.topology.equals(fs.readFileSync(fixture)), 'there and back again: the original file, byte for byte');

  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
