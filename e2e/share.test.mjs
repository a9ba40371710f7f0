// End-to-end: sharing a plan and walking a team through it, in Chromium against dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openPlanner, offSite, outDir, root } from './harness.mjs';

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };
const readClipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

async function planSample(page) {
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
}

test('the walkthrough is driven by keyboard, records times and the driver, and the status update says where things stand', async () => {
  const { page, errors, requests, context } = await openPlanner(browser, origin, clipboard);
  await planSample(page);
  await page.getByLabel('Driver').fill('Ana Lopez');
  await page.getByLabel('Driver').press('Tab');
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await page.locator('#wt-count').textContent(), /^Step 1 of \d+$/);
  const total = Number((await page.locator('#wt-count').textContent()).match(/of (\d+)/)[1]);
  const title1 = (await page.locator('#wt-title').textContent()).trim();

  // Tick step 1 by keyboard: the checkbox is labelled Done (the step's title is the heading).
  const box1 = page.getByRole('checkbox', { name: 'Done', exact: true });
  await box1.focus();
  await page.keyboard.press('Space');
  assert.equal(await box1.isChecked(), true);
  assert.match(await page.locator('#wt-times').textContent(), /^Done at \d\d:\d\d:\d\d/);

  // Next and back by keyboard (focus back on the dialog, as after a click elsewhere).
  await dialog.focus();
  await page.keyboard.press('ArrowRight');
  assert.match(await page.locator('#wt-count').textContent(), /^Step 2 of/);
  const title2 = (await page.locator('#wt-title').textContent()).trim();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await page.locator('#wt-title').textContent()).trim(), title2);
  // Step 2 is blocked, with a note.
  await page.getByRole('checkbox', { name: 'Blocked', exact: true }).check();
  await page.getByLabel('Note on this step').fill('waiting for the DNS team');
  await page.getByLabel('Note on this step').press('Tab');
  assert.match(await page.locator('#wt-elapsed').textContent(), /^Elapsed \d+:\d\d:\d\d$/);
  assert.match(await dialog.textContent(), /Driver: Ana Lopez/);
  await page.screenshot({ path: path.join(outDir, 'walkthrough.png') });
  await dialog.focus();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Copy status update' }).click();
  await page.locator('#notice', { hasText: 'Status update copied' }).waitFor();
  const status = await readClipboard(page);
  const lines = status.split('\n');
  assert.match(lines[0], new RegExp(`^Edge federation failover: edgepool-amsterdam\\.fabrikam\\.com → edgepool-boston\\.fabrikam\\.com: 1 of ${total} failover steps done, \\d+:\\d\\d:\\d\\d since the start \\(driver: Ana Lopez\\)\\.$`));
  assert.equal(lines[1], `Done last: ${title1}`);
  assert.ok(lines[2].startsWith(`Now: ${title2} (`), lines[2]);
  assert.ok(lines[3].startsWith('Next: 3. '), lines[3]);
  assert.equal(lines[4], `Blockers: ${title2} (waiting for the DNS team).`);
  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('progress, notes and times survive a reload and a closed tab, and can be cleared', async () => {
  const context = await browser.newContext();
  let page = await context.newPage();
  await page.goto(origin + '/');
  await page.locator('#loaded-name').waitFor();
  await planSample(page);
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  await page.getByRole('checkbox', { name: /^Done: 4\. / }).check();
  await page.getByLabel('Notes').fill('bridge: +1 555 0100');
  await page.getByLabel('Notes').press('Tab');
  await page.reload();
  await page.locator('#diff-summary').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 4\. / }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 2\. / }).isChecked(), false);
  assert.equal(await page.getByLabel('Notes').inputValue(), 'bridge: +1 555 0100');

  // A closed tab: a new page in the same browser profile.
  await page.close();
  page = await context.newPage();
  await page.goto(origin + '/');
  await page.locator('#diff-summary').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 4\. / }).isChecked(), true);

  // Cleared deliberately, after a confirmation.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Clear progress' }).click();
  await page.locator('#notice', { hasText: 'Progress cleared' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), false);
  await page.reload();
  await page.locator('#loaded-name').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), false);
  await context.close();
});

test('a plan in progress for another topology waits for it after a reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/');
  await page.locator('#loaded-name').waitFor();
  const fixture = path.join(root, 'tests', 'fixtures', 'litware-three-sites-crlf.xml');
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await page.locator('#loaded-name', { hasText: 'litware' }).waitFor();
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('input[name=survivor]').first().check();
  await page.locator('#diff-summary').waitFor();
  await page.getByRole('checkbox', { name: /^Done: 2\. / }).check();
  await page.reload();
  const banner = page.locator('#pending-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), /You have a plan in progress in this browser/);
  assert.match(await banner.textContent(), /litware-three-sites-crlf\.xml/);
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await banner.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 2\. / }).isChecked(), true);
  await context.close();
});

test('save and load a plan file; a plan for a different topology warns and says what no longer matches', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  await planSample(page);
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save plan' }).click()]);
  assert.equal(saved.suggestedFilename(), 'fabrikam-sample-topology.plan.json');
  const planPath = path.join(outDir, 'saved.plan.json');
  await saved.saveAs(planPath);
  const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
  assert.equal(plan.schema, 'edge-failover-planner/plan/1');
  assert.equal(plan.topology_name, 'fabrikam-sample-topology.xml');
  assert.match(plan.topology.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(plan.decisions.failure, { pool: 'edgepool-amsterdam.fabrikam.com' });
  assert.equal(plan.decisions.survivor, 'edgepool-boston.fabrikam.com');
  assert.equal(Object.keys(plan.progress.steps).length, 1);

  // Loading it back onto the same topology restores it.
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Load plan' }).click()]);
  await chooser.setFiles(planPath);
  await page.locator('#notice', { hasText: 'Loaded the plan' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), true);

  // Onto a different topology (the plan in progress is kept, after the page asks): a clear
  // warning with what no longer matches.
  await page.getByLabel('Topology export').setInputFiles(path.join(root, 'tests', 'fixtures', 'adatum-2019.xml'));
  await page.getByRole('button', { name: 'Keep it and open the new file' }).click();
  await page.locator('#loaded-name', { hasText: 'adatum' }).waitFor();
  const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Load plan' }).click()]);
  await chooser2.setFiles(planPath);
  const banner = page.locator('#pending-banner');
  await banner.waitFor();
  const mismatches = await page.locator('#mismatches').textContent();
  assert.match(mismatches, /This is a different topology/);
  assert.match(mismatches, /edgepool-amsterdam\.fabrikam\.com is not in this topology/);
  assert.match(await banner.textContent(), /fabrikam-sample-topology\.xml/);
  await page.screenshot({ path: path.join(outDir, 'plan-mismatch.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link restores the plan read-only for an observer, after checking the topology', async () => {
  const { page, errors, requests, context } = await openPlanner(browser, origin, clipboard);
  const fixture = path.join(root, 'tests', 'fixtures', 'fabrikam-two-sites.tbxml');
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await page.locator('#loaded-name', { hasText: 'fabrikam-two-sites.tbxml' }).waitFor();
  await planSample(page);
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
  const link = await readClipboard(page);
  assert.ok(link.startsWith(origin + '/#plan='), link);
  assert.ok(!link.includes('fabrikam-two-sites'), 'the link holds no file name');
  assert.ok(link.length < 2100);

  // An observer in another browser profile.
  const observerContext = await browser.newContext();
  const observer = await observerContext.newPage();
  const observerRequests = [];
  observer.on('request', (r) => observerRequests.push(r.url()));
  await observer.goto(link);
  const banner = observer.locator('#pending-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), /This link holds a plan/);
  assert.match(await banner.textContent(), /edgepool-amsterdam\.fabrikam\.com → edgepool-boston\.fabrikam\.com/);
  assert.equal(new URL(observer.url()).hash, '', 'the plan is taken out of the address bar');
  await observer.getByLabel('Topology export').setInputFiles(fixture);
  await observer.locator('#read-only-banner').waitFor();
  assert.equal(await observer.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), true);
  assert.equal(await observer.getByRole('checkbox', { name: /^Done: 1\. / }).isDisabled(), true);
  assert.equal(await observer.getByRole('button', { name: 'Mark as failed' }).first().isDisabled(), true);
  await observer.screenshot({ path: path.join(outDir, 'observer.png') });
  assert.deepEqual(offSite(observerRequests, origin), [], 'opening a share link sends nothing anywhere');
  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await observerContext.close();
  await context.close();
});
