// End-to-end: the page as it is used on an incident bridge, from a laptop or a phone: it fits
// small screens, acts where the user looks, says exactly what happened, shows a share link's
// plan before its topology is loaded, and paints before the WebAssembly arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPlanner, outDir, root, shootElement } from './harness.mjs';

// Four Edge pools, all federated, FQDNs of 60+ characters: written by the generator
// (tests/e2e_topologies.rs, which asserts what it wrote), never copied from a real export.
// Written afresh every run, so it is never a file an older generator left behind.
const FOUR = path.join(root, 'target', 'e2e', 'topologies', 'contoso-four-edge-pools.xml');
execFileSync('cargo', ['test', '--offline', '--locked', '--test', 'e2e_topologies'], { cwd: root, stdio: 'inherit' });
assert.ok(fs.existsSync(FOUR), `${FOUR} was not written`);
const FOUR_POOLS = ['amsterdam', 'boston', 'capetown', 'dublin'].map(
  (c) => `edgepool-${c}datacentreprimarysite.emea.unified-communications.contoso-holdings.example.com`,
);

const PHONE = { width: 390, height: 844 };
const SMALL = { width: 360, height: 740 };
const LAPTOP = { width: 1366, height: 768 };
const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function loadFour(page) {
  await page.getByLabel('Topology export').setInputFiles(FOUR);
  await page.locator('#loaded-name', { hasText: 'contoso-four-edge-pools.xml' }).waitFor();
}

/// The page's width against the viewport's, and what sticks out, for the message.
async function overflow(page, scope = null) {
  return page.evaluate((scope) => {
    const el = scope ? document.querySelector(scope) : document.documentElement;
    const width = scope ? el.clientWidth : window.innerWidth;
    const out = [];
    for (const e of el.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      // Inside its own scrolling card, as the picture on a phone is, a wide child is fine.
      let p = e.parentElement;
      let contained = false;
      while (p && p !== el) {
        const s = getComputedStyle(p);
        if (/(auto|scroll)/.test(s.overflowX) && p.getBoundingClientRect().right <= width + 0.5) { contained = true; break; }
        p = p.parentElement;
      }
      if (!contained) out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: el.scrollWidth, width, out: out.slice(0, 8) };
  }, scope);
}

async function assertFits(page, what, scope = null) {
  const o = await overflow(page, scope);
  assert.ok(o.scrollWidth <= o.width, `${what}: ${o.scrollWidth} px wide in a ${o.width} px viewport: ${o.out.join(', ')}`);
  assert.deepEqual(o.out, [], `${what}: sticks out`);
}

/// Every visible control: its height (a checkbox or radio counts with its label) and whether
/// it can be reached without leaving the viewport's width.
async function controls(page, scope = 'body') {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const list = root.querySelectorAll('button, [role=button], input, select, textarea, summary');
    const out = [];
    for (const e of list) {
      if (e.closest('[inert]') || e.classList.contains('visually-hidden')) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      let height = r.height;
      if (e.type === 'checkbox' || e.type === 'radio') {
        const label = e.id && document.querySelector(`label[for="${e.id}"]`);
        const row = e.parentElement.getBoundingClientRect();
        height = Math.max(height, label ? label.getBoundingClientRect().height : 0, row.height);
      }
      const name = e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40) || e.id || e.type;
      out.push({ name, tag: e.tagName.toLowerCase(), height, left: r.left, right: r.right, inPicture: Boolean(e.closest('figure.picture')) });
    }
    return { controls: out, width: window.innerWidth };
  }, scope);
}

async function assertControls(page, what, scope) {
  const { controls: list, width } = await controls(page, scope);
  assert.ok(list.length > 3, `${what}: controls found`);
  const low = list.filter((c) => c.height < 44 - 0.5).map((c) => `${c.tag} "${c.name}" ${c.height.toFixed(1)} px`);
  assert.deepEqual(low, [], `${what}: controls under 44 px tall`);
  const out = list.filter((c) => !c.inPicture && (c.left < -0.5 || c.right > width + 0.5)).map((c) => `${c.tag} "${c.name}" ${Math.round(c.left)}–${Math.round(c.right)}`);
  assert.deepEqual(out, [], `${what}: controls outside the viewport's width`);
}

async function markFirst(page) {
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  const radio = page.locator('input[name=survivor]').first();
  await radio.waitFor();
  if (!(await radio.isChecked())) await radio.check();
  await page.locator('#diff-summary').waitFor();
}

for (const viewport of [PHONE, SMALL]) {
  test(`at ${viewport.width} px nothing is wider than the viewport: the sample and four Edge pools with long FQDNs, loaded, planned and walked through`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { viewport });
    // A planned page holds the whole checklist, tens of thousands of pixels tall at this
    // width: its picture is of the window, or taking it times out on a loaded machine.
    const shot = (name) => viewport === PHONE && page.screenshot({ path: path.join(outDir, `phone-${name}.png`), fullPage: !name.endsWith('planned') });
    await assertFits(page, 'the sample');
    await shot('sample');
    await markFirst(page);
    await assertFits(page, 'the sample planned');
    await shot('sample-planned');
    await loadFour(page);
    await assertFits(page, 'four Edge pools');
    await shot('four-edge-pools');
    await markFirst(page);
    await assertFits(page, 'four Edge pools planned');
    await shot('four-edge-pools-planned');
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    await page.getByRole('dialog').waitFor();
    // A step with a command: the Copy button must fit beside it.
    for (let i = 0; i < 12 && (await page.locator('.wt-command').count()) === 0; i++) {
      await page.getByRole('button', { name: 'Next', exact: true }).click();
    }
    assert.ok(await page.locator('.wt-command').count() > 0, 'a step with a command');
    await assertFits(page, 'the walkthrough', '#walkthrough');
    await assertFits(page, 'the walkthrough');
    if (viewport === PHONE) await page.screenshot({ path: path.join(outDir, 'phone-walkthrough.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('on a phone every control is reachable and at least 44 px tall, the picture\'s pools included', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { viewport: PHONE });
  await assertControls(page, 'the sample', 'body');
  await markFirst(page);
  await assertControls(page, 'the plan', 'body');
  // The picture scrolls inside its own card; each pool in it can be brought into view.
  const nodes = await page.locator('figure.picture g.node').all();
  // Without a count, a picture drawn with no pool (or a renamed class) passed the loop below.
  assert.equal(nodes.length, 6, 'the sample\'s Front End, Director and Edge pool in each of its two sites');
  for (const node of nodes) {
    await node.scrollIntoViewIfNeeded();
    const box = await node.boundingBox();
    assert.ok(box.x >= -0.5 && box.x + box.width <= PHONE.width + 0.5, `picture box within the viewport: ${JSON.stringify(box)}`);
    assert.ok(box.height >= 43.5, `picture box ${box.height} px tall`);
  }
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  await page.getByRole('dialog').waitFor();
  await assertControls(page, 'the walkthrough', '#walkthrough');
  assert.deepEqual(errors, []);
  await context.close();
});

test('at 1440 px the Sites card\'s "Mark site as failed" stays inside its card, on the sample and on four Edge pools', async () => {
  for (const viewport of [{ width: 1440, height: 900 }, LAPTOP, PHONE]) {
    const { page, errors, context } = await openPlanner(browser, origin, { viewport });
    for (const topology of ['sample', 'four']) {
      if (topology === 'four') await loadFour(page);
      const card = await page.locator('section.overview').boundingBox();
      const right = card.x + card.width;
      const buttons = await page.getByRole('button', { name: /^Mark site as failed/ }).all();
      assert.equal(buttons.length, topology === 'sample' ? 2 : 4, `${viewport.width}, ${topology}: one button a site`);
      for (const button of buttons) {
        const b = await button.boundingBox();
        assert.ok(b.x + b.width <= right, `${viewport.width}, ${topology}: the button ends at ${b.x + b.width}, its card at ${right}`);
      }
      const table = await page.locator('table.sites').boundingBox();
      assert.ok(table.x + table.width <= right, `${viewport.width}, ${topology}: the Sites table ends at ${table.x + table.width}, its card at ${right}`);
    }
    if (viewport.width === 1440) await shootElement(page, page.locator('table.sites'), path.join(outDir, 'sites-1440.png'));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the SIP and XMPP federation values line up', async () => {
  for (const viewport of [{ width: 1440, height: 900 }, LAPTOP, PHONE]) {
    const { page, errors, context } = await openPlanner(browser, origin, { viewport });
    for (const topology of ['sample', 'four']) {
      if (topology === 'four') await loadFour(page);
      const sip = await page.locator('#sip-federation-pool').boundingBox();
      const xmpp = await page.locator('#xmpp-federation-pool').boundingBox();
      assert.ok(Math.abs(sip.x - xmpp.x) < 1, `${viewport.width}, ${topology}: SIP value at x=${sip.x}, XMPP value at x=${xmpp.x}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the picture\'s Edge pools are buttons: a click or a key marks the pool failed, focus and scroll go to the plan, and pressing again undoes', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { viewport: LAPTOP });
  const amsterdam = page.getByRole('button', { name: 'Mark edgepool-amsterdam.fabrikam.com as failed' });
  assert.equal(await amsterdam.count(), 1);
  await amsterdam.click();
  await page.locator('#failure-description', { hasText: 'edgepool-amsterdam.fabrikam.com' }).waitFor();
  const inPlan = async () => page.evaluate(() => {
    const plan = document.querySelector('section.plan');
    const r = plan.getBoundingClientRect();
    return { focused: plan.contains(document.activeElement), top: r.top, height: window.innerHeight };
  });
  await page.waitForFunction(() => document.querySelector('section.plan').contains(document.activeElement));
  let where = await inPlan();
  assert.ok(where.focused, 'focus is in the plan');
  assert.ok(where.top >= -1 && where.top < where.height / 2, `the plan is scrolled into view: top at ${where.top}`);
  await page.screenshot({ path: path.join(outDir, 'marked-from-picture.png') });

  // The table's button says what it did, and undoes it.
  await page.evaluate(() => window.scrollTo(0, 0));
  const row = page.locator('table.edges tbody tr', { hasText: 'edgepool-amsterdam' });
  const pressed = row.getByRole('button', { name: 'Marked as failed · Undo' });
  assert.equal(await pressed.count(), 1);
  await pressed.click();
  await page.locator('#failure-description').waitFor({ state: 'detached' });
  assert.equal(await row.getByRole('button', { name: 'Mark as failed' }).count(), 1);

  // By keyboard, on the picture: Enter marks, and Enter on the same pool undoes.
  const boston = page.getByRole('button', { name: 'Mark edgepool-boston.fabrikam.com as failed' });
  await boston.focus();
  await page.keyboard.press('Enter');
  await page.locator('#failure-description', { hasText: 'edgepool-boston.fabrikam.com' }).waitFor();
  await page.waitForFunction(() => document.querySelector('section.plan').contains(document.activeElement));
  const undo = page.getByRole('button', { name: 'Marked edgepool-boston.fabrikam.com as failed · Undo' });
  await undo.focus();
  await page.keyboard.press(' ');
  await page.locator('#failure-description').waitFor({ state: 'detached' });

  // The table's button moves to the plan as well.
  await page.evaluate(() => window.scrollTo(0, 0));
  await row.getByRole('button', { name: 'Mark as failed' }).click();
  await page.waitForFunction(() => document.querySelector('section.plan').contains(document.activeElement));
  where = await inPlan();
  assert.ok(where.top >= -1 && where.top < where.height / 2, `the plan is scrolled into view: top at ${where.top}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a plan bar stays in the window with failed → survivor, its state and both downloads', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { viewport: LAPTOP });
  assert.equal(await page.locator('#plan-bar').count(), 0, 'no bar before a plan');
  await markFirst(page);
  const bar = page.locator('#plan-bar');
  await bar.waitFor();
  const text = await bar.textContent();
  assert.match(text, /edgepool-amsterdam\.fabrikam\.com\s*→\s*edgepool-boston\.fabrikam\.com/);
  assert.match(text, /Ready/);
  for (const y of [0, 1500, 100000]) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    const box = await bar.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= LAPTOP.height + 0.5, `the bar is in the window at scroll ${y}: ${JSON.stringify(box)}`);
    assert.ok(box.height <= 120, `the bar is compact: ${box.height} px`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(outDir, 'plan-bar-1366.png') });
  const [topology] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Download modified topology' }).click()]);
  assert.equal(topology.suggestedFilename(), 'fabrikam-sample-topology.failover-to-edgepool-boston.xml');
  const [checklist] = await Promise.all([page.waitForEvent('download'), bar.locator('#download-checklist').click()]);
  assert.equal(checklist.suggestedFilename(), 'fabrikam-sample-topology.failover-to-edgepool-boston.checklist.md');
  assert.deepEqual(errors, []);
  await context.close();
});

test('feedback appears beside the button that caused it, in a live region', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { viewport: LAPTOP, ...clipboard });
  await markFirst(page);
  const cases = [
    ['Copy share link', /Share link copied/],
    ['Save plan', /Saved fabrikam-sample-topology\.plan\.json/],
    ['Copy status update', /Status update copied/],
  ];
  for (const [name, said] of cases) {
    const button = page.getByRole('button', { name, exact: true });
    if (name === 'Save plan') {
      await Promise.all([page.waitForEvent('download'), button.click()]);
    } else {
      await button.click();
    }
    const notice = page.locator('#notice', { hasText: said });
    await notice.waitFor();
    const b = await button.boundingBox();
    const n = await notice.boundingBox();
    const gap = Math.max(0, n.y - (b.y + b.height), b.y - (n.y + n.height));
    assert.ok(gap < 60, `${name}: the message is ${gap} px away from its button`);
    assert.ok(await notice.evaluate((e) => Boolean(e.closest('[aria-live]'))), `${name}: in an aria-live region`);
  }
  await page.locator('section.share').screenshot({ path: path.join(outDir, 'feedback-beside-button.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the diff summary counts what changed, was removed and was added', async () => {
  const { page, errors, context } = await openPlanner(browser, origin);
  await markFirst(page);
  const rows = async (cls) => page.locator(`table.diff tr.${cls}`).count();
  const removed = await rows('removed');
  const added = await rows('added');
  const summary = await page.locator('#diff-summary').textContent();
  const m = summary.match(/(\d+) changed, (\d+) removed, (\d+) added/);
  assert.ok(m, summary);
  const [changed, gone, extra] = m.slice(1).map(Number);
  assert.equal(changed + gone, removed, `${summary}: every removed line of the diff is counted once`);
  assert.equal(changed + extra, added, `${summary}: every added line of the diff is counted once`);
  // The sample's failover: the federation port and the two XMPP ports leave Amsterdam's Edge
  // pool (3 lines removed) and arrive at Boston's (3 added), and the Registrar, conferencing
  // and Mediation services of Amsterdam's Front End pool are re-associated (3 lines rewritten
  // in place). Before, this said "changes 6 line(s) and adds 6".
  assert.match(summary, /^fabrikam-sample-topology\.failover-to-edgepool-boston\.xml: 3 changed, 3 removed, 3 added;/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('several federated pools are listed one per line, with the failed one marked', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { viewport: LAPTOP });
  await loadFour(page);
  for (const id of ['#sip-federation-pool', '#xmpp-federation-pool']) {
    const items = page.locator(`${id} li`);
    assert.deepEqual(await items.allTextContents(), FOUR_POOLS, id);
    const tops = await Promise.all((await items.all()).map(async (i) => (await i.boundingBox()).y));
    assert.equal(new Set(tops).size, 4, `${id}: one line each`);
  }
  const row = page.locator('table.edges tbody tr', { hasText: 'edgepool-bostondatacentre' });
  await row.getByRole('button', { name: 'Mark as failed' }).click();
  await page.locator('#failure-description').waitFor();
  const items = await page.locator('#sip-federation-pool li').allTextContents();
  assert.deepEqual(items.map((t) => /marked as failed/.test(t)), [false, true, false, false], items.join(' | '));
  assert.ok(items[1].startsWith(FOUR_POOLS[1]), items[1]);
  await page.locator('dl.federation-summary').screenshot({ path: path.join(outDir, 'several-federated.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the walkthrough offers "Done and next", its checkbox is "Done", and the status update\'s Now is its current step', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, clipboard);
  await markFirst(page);
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const done = page.getByRole('checkbox', { name: 'Done', exact: true });
  assert.equal(await done.count(), 1, 'the checkbox is labelled Done');
  assert.equal(await done.isChecked(), false);
  await page.getByRole('button', { name: 'Done and next' }).click();
  assert.match(await page.locator('#wt-count').textContent(), /^Step 2 of/);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  assert.equal(await done.isChecked(), true, 'step 1 was ticked');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  assert.match(await page.locator('#wt-count').textContent(), /^Step 3 of/);
  const title3 = (await page.locator('#wt-title').textContent()).trim();
  await dialog.focus();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Copy status update' }).click();
  await page.locator('#notice', { hasText: 'Status update copied' }).waitFor();
  const status = await page.evaluate(() => navigator.clipboard.readText());
  const now = status.split('\n').find((l) => l.startsWith('Now: '));
  assert.ok(now?.startsWith(`Now: ${title3} (`), `${now}: step 2 is not done, but the walkthrough is at step 3`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link opened without its topology shows what it holds first; details and mismatches are said before applying', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, clipboard);
  const fixture = path.join(root, 'tests', 'fixtures', 'litware-three-sites-crlf.xml');
  await page.getByLabel('Topology export').setInputFiles(fixture);
  await page.locator('#loaded-name', { hasText: 'litware' }).waitFor();
  await markFirst(page);
  await page.getByLabel('Driver').fill('Ana Lopez');
  await page.getByLabel('Driver').press('Tab');
  await page.getByLabel('Notes').fill('bridge: +1 555 0100');
  await page.getByLabel('Notes').press('Tab');
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  await page.getByRole('checkbox', { name: 'Blocked', exact: true }).check();
  await page.getByLabel('Note on this step').fill('waiting for the DNS team');
  await page.getByLabel('Note on this step').press('Tab');
  await page.getByRole('dialog').focus();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());

  const observerContext = await browser.newContext({ viewport: PHONE });
  const observer = await observerContext.newPage();
  await observer.goto(link);
  const banner = observer.locator('#pending-banner');
  await banner.waitFor();
  const text = await banner.textContent();
  assert.match(text, /edgepool-amsterdam\.litware\.org\s*→\s*edgepool-boston\.litware\.org/);
  assert.match(text, /1 step done/);
  assert.match(text, /waiting for the DNS team/);
  assert.match(text, /bridge: \+1 555 0100/);
  assert.match(text, /Ana Lopez/);
  assert.match(text, /Load the same topology export to see every step/);
  // The link's facts come before the request to load, which comes before the details.
  const order = await banner.evaluate((b) => {
    const at = (s) => b.textContent.indexOf(s);
    return [at('Ana Lopez'), at('Load the same topology export'), at('Details')];
  });
  assert.ok(order[0] >= 0 && order[0] < order[1] && order[1] < order[2], JSON.stringify(order));
  // Whole fingerprints and Signatures are behind "Details" (the fingerprint's short form says
  // what to load: issue 21, point 14).
  const details = banner.locator('details', { has: observer.locator('summary', { hasText: 'Details' }) });
  assert.equal(await details.count(), 1);
  assert.equal(await details.evaluate((d) => d.open), false);
  for (const hidden of [/[0-9a-f]{64}/i, /Signature [0-9a-f-]{36}/i]) {
    const visible = await banner.evaluate((b, source) => {
      const re = new RegExp(source, 'i');
      const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      const out = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (re.test(n.textContent) && n.parentElement.checkVisibility()) out.push(n.textContent);
      }
      return out;
    }, hidden.source);
    assert.deepEqual(visible, [], `${hidden} is shown before Details is opened`);
  }
  // What will not match is said; a plan whose pools the sample does not have is not offered to
  // apply there (issue 21, point 14: e2e/bridge-second-pass.test.mjs).
  assert.match(await observer.locator('#mismatches').textContent(), /edgepool-amsterdam\.litware\.org is not in this topology/);
  assert.ok(await observer.locator('#mismatches').isVisible());
  await observer.screenshot({ path: path.join(outDir, 'share-link-without-file.png'), fullPage: false });
  await details.locator('summary').click();
  assert.match(await details.textContent(), /[0-9a-f]{12}/);
  assert.deepEqual(errors, []);
  await observerContext.close();
  await context.close();
});

test('index.html paints the title, the privacy line and the load instructions before the WebAssembly, and the page takes over in the same place', async () => {
  for (const viewport of [LAPTOP, PHONE]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(origin + '/', { waitUntil: 'domcontentloaded' });
    const h1 = page.getByRole('heading', { level: 1, name: 'Edge Failover Planner' });
    await h1.waitFor();
    const privacy = page.getByText('Your topology never leaves this browser.');
    const instructions = page.getByText(/Export it on a Front End server with/);
    for (const l of [h1, privacy, instructions]) assert.ok(await l.isVisible());
    assert.equal(await page.locator('#loaded-name').count(), 0, 'the WebAssembly has not run yet');
    const boxes = async () => Promise.all([h1, privacy, instructions, page.getByRole('heading', { name: '1. Load a topology' })].map((l) => l.boundingBox()));
    const before = await boxes();
    if (viewport === LAPTOP) await page.screenshot({ path: path.join(outDir, 'first-paint.png') });
    release();
    await page.locator('#loaded-name').waitFor();
    assert.equal(await h1.count(), 1, 'one title, not two');
    const after = await boxes();
    for (let i = 0; i < before.length; i++) {
      for (const k of ['x', 'y', 'width', 'height']) {
        assert.ok(Math.abs(before[i][k] - after[i][k]) <= 1, `${viewport.width}: element ${i} moved: ${JSON.stringify(before[i])} → ${JSON.stringify(after[i])}`);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
