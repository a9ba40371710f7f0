// End-to-end: checking the published topology in the page, against dist/ in Chromium. The
// plan is made in the page from tests/fixtures/published/original.xml (Amsterdam fails,
// Boston survives); each generated re-export is then given to "Check the published topology"
// by the file input, a drop or a paste, and the page must say what `edge-failover verify`
// says, tick what the file confirms, and leave open what it cannot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPlanner, offSite, outDir, root, shootElement } from './harness.mjs';

const fixtures = path.join(root, 'tests', 'fixtures', 'published');
const published = (name) => path.join(fixtures, `published-${name}.xml`);
const cli = path.join(root, 'target', 'debug', 'edge-failover');
if (!fs.existsSync(cli)) {
  execFileSync('cargo', ['build', '--offline', '--locked', '--bin', 'edge-failover'], { cwd: root, stdio: 'inherit' });
}

/// What `edge-failover verify --json` says of a case (exit 0 matches, 4 differs).
function cliSays(name) {
  const args = ['verify', '--planned', path.join(fixtures, 'planned.xml'), '--published', published(name), '--json'];
  try {
    return JSON.parse(execFileSync(cli, args, { encoding: 'utf8' }));
  } catch (e) {
    if (e.status !== 4) throw e;
    return JSON.parse(e.stdout);
  }
}

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function planned(page) {
  await page.getByLabel('Topology export').setInputFiles(path.join(fixtures, 'original.xml'));
  await page.locator('#loaded-name', { hasText: 'original.xml' }).waitFor();
  const amsterdam = page.locator('table.sites tbody tr', { has: page.locator('th', { hasText: 'Amsterdam' }) });
  await amsterdam.getByRole('button', { name: 'Mark site as failed' }).click();
  await page.locator('input[name=survivor][value="edgepool-boston.fabrikam.com"]').check();
  await page.locator('#diff-summary').waitFor();
  // The page's plan is the planned fixture, byte for byte.
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download modified topology' }).click()]);
  assert.ok(fs.readFileSync(await d.path()).equals(fs.readFileSync(path.join(fixtures, 'planned.xml'))));
}

const result = (page) => page.locator('#published-result');
// The failover's step, not the failback's of the same name further down.
const stepBox = (page) => page.locator('li.step', { hasText: 'Confirm the published topology' }).first().locator('input.step-done');

async function check(page, name) {
  await page.getByLabel('Published topology', { exact: true }).setInputFiles(published(name));
  await result(page).locator('.headline', { hasText: `published-${name}.xml` }).waitFor();
  return (await result(page).textContent());
}

test('each published case gets the command line\'s verdict, and the step it confirms is ticked with the time', async () => {
  const { page, errors, requests, context } = await openPlanner(browser, origin, { permissions: ['clipboard-read', 'clipboard-write'] });
  await planned(page);
  assert.equal(await stepBox(page).isChecked(), false);

  for (const name of ['nothing-published', 'half-done', 'unrelated-change', 'reencoded', 'matches']) {
    const text = await check(page, name);
    const cli = cliSays(name);
    assert.match(text, cli.matches ? /^The published topology matches the plan\./ : /^The published topology differs from the plan\./, name);
    const shown = await result(page).locator('ul.differences li').allTextContents();
    assert.deepEqual(shown, cli.differences, `${name}: the page and the command line say the same`);
    const confirmed = await result(page).locator('ul.confirmed li').allTextContents();
    assert.deepEqual(confirmed, cli.confirmed, name);
    // Ticked exactly when the federation facts hold; a later check takes an earlier tick back.
    assert.equal(await stepBox(page).isChecked(), cli.federation_matches, name);
    await shootElement(page, page.locator('#published-panel'), path.join(outDir, `published-${name}.png`));
    if (name === 'unrelated-change') {
      assert.match(await result(page).locator('pre.other-changes').textContent(), /\n\+ *<Location City="Stellenbosch"/);
    }
  }

  // The matching check ticked the step, with the time, in the checklist and the walkthrough;
  // the steps it cannot confirm stay open and say so.
  assert.match(await result(page).locator('#published-steps').textContent(), /^Ticked as confirmed from the published topology at \d\d:\d\d:\d\d: \d+\. Confirm the published topology is the planned one\.$/);
  // DNS, certificates, firewall, partners stay open and say so.
  const open = await result(page).locator('ul.unconfirmable li').allTextContents();
  for (const word of ['DNS', 'certificate', 'firewall|ports', 'partners', 'replicated']) {
    assert.ok(open.some((s) => new RegExp(word).test(s)), `${word}: ${open}`);
  }
  const dns = page.locator('li.step', { hasText: 'Point federation DNS at' }).first();
  assert.equal(await dns.locator('input.step-done').isChecked(), false);

  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (let i = 0; i < 60 && !(await page.locator('#wt-title').textContent()).includes('Confirm the published topology'); i++) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
  }
  assert.match(await page.locator('#wt-published').textContent(), /^Confirmed from the published topology at \d\d:\d\d:\d\d\.$/);
  assert.equal(await page.locator('#wt-done').isChecked(), true);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  assert.match(await page.locator('#wt-published').textContent(), /cannot confirm this step/);
  await page.screenshot({ path: path.join(outDir, 'published-walkthrough.png') });
  await page.getByRole('button', { name: 'Exit walkthrough' }).click();

  await page.getByRole('button', { name: 'Copy status update' }).click();
  await page.locator('#notice', { hasText: 'Status update copied' }).waitFor();
  const status = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(status, /\nConfirmed from the published topology: \d+\. Confirm the published topology is the planned one \(at \d\d:\d\d:\d\d UTC\)\.\n/);
  assert.deepEqual(offSite(requests, origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a published topology dropped on the check, or pasted, is checked and not loaded as the topology', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  await planned(page);
  const bytes = fs.readFileSync(published('half-done'));
  const dataTransfer = await page.evaluateHandle((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'dropped-published.xml', { type: 'text/xml' }));
    return dt;
  }, [...bytes]);
  await page.dispatchEvent('#published-panel', 'drop', { dataTransfer });
  await result(page).locator('.headline', { hasText: 'dropped-published.xml' }).waitFor();
  assert.deepEqual(await result(page).locator('ul.differences li').allTextContents(), cliSays('half-done').differences);
  assert.match(await page.locator('#loaded-name').textContent(), /original\.xml/, 'the planned-on topology stays');

  await page.getByText('Paste the published XML instead').click();
  await page.getByLabel('Published XML').fill(fs.readFileSync(published('matches'), 'utf8'));
  await page.getByRole('button', { name: 'Check pasted XML' }).click();
  await result(page).locator('.headline', { hasText: 'pasted-published-topology.xml' }).waitFor();
  assert.match(await result(page).textContent(), /^The published topology matches the plan\./);

  // An unreadable file is refused by name and changes nothing.
  await page.getByLabel('Published topology', { exact: true }).setInputFiles({ name: 'published.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\x03\x04 not xml') });
  await page.locator('#published-result', { hasText: 'published.zip could not be read.' }).waitFor();
  assert.equal(await stepBox(page).isChecked(), true);
  assert.deepEqual(errors, []);
  await context.close();
});
