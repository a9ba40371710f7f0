// End-to-end: the page on a bridge, second pass (issue 21). A plan in progress is never lost,
// the picture and the notices never say what is not so, and the phone gets one-handed. Each
// test names the point it shows; most run on a phone (390×844, touch) and a laptop (1366×768).
// Screenshots of the states they touch go to target/e2e/, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPlanner, outDir, root } from './harness.mjs';

const FIXTURES = path.join(root, 'tests', 'fixtures');
const LITWARE = path.join(FIXTURES, 'litware-three-sites-crlf.xml');
const TEMPLATE = path.join(FIXTURES, 'fourthcoffee-template.xml');
// Four Edge pools, all federated, FQDNs of 60+ characters (tests/e2e_topologies.rs).
const FOUR = path.join(root, 'target', 'e2e', 'topologies', 'contoso-four-edge-pools.xml');
if (!fs.existsSync(FOUR)) {
  execFileSync('cargo', ['test', '--offline', '--locked', '--test', 'e2e_topologies'], { cwd: root, stdio: 'inherit' });
}
const FOUR_POOLS = ['amsterdam', 'boston', 'capetown', 'dublin'].map(
  (c) => `edgepool-${c}datacentreprimarysite.emea.unified-communications.contoso-holdings.example.com`,
);

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const DEVICES = [['phone', PHONE], ['laptop', LAPTOP]];
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

const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`) });

async function planSample(page) {
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
}

async function load(page, file, name) {
  await page.getByLabel('Topology export').setInputFiles(file);
  if (name) await page.locator('#loaded-name', { hasText: name }).waitFor();
}

/// The four federated pools, the first marked failed and the second chosen to take over.
async function planFour(page) {
  await load(page, FOUR, 'contoso-four-edge-pools.xml');
  await page.locator('table.edges tbody tr').first().getByRole('button', { name: 'Mark as failed' }).click();
  const radio = page.locator('input[name=survivor]').first();
  await radio.waitFor();
  if (!(await radio.isChecked())) await radio.check();
  await page.locator('#diff-summary').waitFor();
}

/// Drops a file on whatever element is at the middle of the window, as a person would.
async function drop(page, file, name = path.basename(file)) {
  const bytes = fs.readFileSync(file).toString('base64');
  await page.evaluate(({ bytes, name }) => {
    const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name));
    const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.querySelector('main');
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, { bytes, name });
}

async function inWindow(locator) {
  const box = await locator.boundingBox();
  const { width, height } = locator.page().viewportSize();
  return box && box.y >= -1 && box.y + box.height <= height + 1 && box.x >= -1 && box.x + box.width <= width + 1;
}

const focusedIn = (page, selector) => page.waitForFunction((s) => document.querySelector(s)?.contains(document.activeElement), selector);

async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const file = path.join(outDir, `second-pass-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return file;
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

for (const [device, options] of DEVICES) {
  test(`1 (${device}): loading a topology never loses the plan in progress: it asks first, keeps one plan per topology and brings it back, and offers a later export as the published topology`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planSample(page);
    for (const n of [1, 2, 3]) await page.getByRole('checkbox', { name: new RegExp(`^Done: ${n}\\. `) }).check();
    await page.getByLabel('Notes').fill('bridge: +1 555 0100');
    await page.getByLabel('Notes').press('Tab');

    // Another file by the file input: asked in the window, with focus, before anything changes.
    await load(page, LITWARE);
    const question = page.getByRole('alertdialog');
    await question.waitFor();
    assert.match(await question.textContent(), /This replaces the plan in progress on fabrikam-sample-topology\.xml: 3 steps done, 1 note\./);
    await focusedIn(page, '#question');
    assert.ok(await inWindow(question), 'the question is in the window');
    await shot(page, `question-replace-${device}`);
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    assert.match(await page.locator('#loaded-name').textContent(), /fabrikam-sample-topology\.xml/);
    assert.equal(await page.getByRole('checkbox', { name: /^Done: 3\. / }).isChecked(), true);

    // Dropped anywhere: the same question; Yes opens it and keeps the plan for later.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await drop(page, LITWARE);
    await question.waitFor();
    await question.getByRole('button', { name: 'Keep it and open the new file' }).click();
    await page.locator('#loaded-name', { hasText: 'litware-three-sites-crlf.xml' }).waitFor();
    assert.equal(await page.locator('#diff-summary').count(), 0, 'nothing decided on litware');

    // One tap on the sample: its plan is back, ticks and notes, and nothing is asked (litware
    // has nothing in progress).
    await page.getByRole('button', { name: 'Use the built-in sample' }).click();
    await page.locator('#diff-summary').waitFor();
    assert.equal(await page.getByRole('alertdialog').count(), 0);
    assert.equal(await page.getByRole('checkbox', { name: /^Done: 3\. / }).isChecked(), true);
    assert.equal(await page.getByLabel('Notes').inputValue(), 'bridge: +1 555 0100');

    // Still there after a reload, at once.
    await page.reload();
    await page.locator('#diff-summary').waitFor();
    assert.equal(await page.getByRole('checkbox', { name: /^Done: 2\. / }).isChecked(), true);

    // The published export dropped outside "Check the published topology": offered as that.
    const published = await download(page, 'Download modified topology');
    await page.evaluate(() => window.scrollTo(0, 0));
    await drop(page, published, 'published.xml');
    await question.waitFor();
    assert.equal(await question.getByRole('heading').textContent(), 'Check it as the published topology?');
    assert.match(await question.textContent(), /published\.xml reads as a later export of the deployment this plan is for/);
    await shot(page, `question-published-${device}`);
    await question.getByRole('button', { name: 'Check it as the published topology' }).click();
    await page.locator('#published-result', { hasText: 'The published topology matches the plan.' }).waitFor();
    assert.match(await page.locator('#loaded-name').textContent(), /fabrikam-sample-topology\.xml/, 'the plan\'s topology is still shown');
    assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('1 (laptop): a waiting plan applied over a plan with progress asks first, and Cancel keeps the progress', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, LAPTOP);
  await planSample(page);
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save plan' }).click()]);
  // The same plan, made for another export of this deployment, with nothing done yet.
  const plan = JSON.parse(fs.readFileSync(await saved.path(), 'utf8'));
  plan.topology.sha256 = '0'.repeat(64);
  plan.progress = {};
  const other = path.join(outDir, 'second-pass-other.plan.json');
  fs.writeFileSync(other, JSON.stringify(plan));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Load plan' }).click()]);
  await chooser.setFiles(other);
  const apply = page.getByRole('button', { name: 'Apply it to this topology anyway' });
  await apply.waitFor();
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await apply.click();
  assert.equal(asked, 'This replaces the plan in progress on fabrikam-sample-topology.xml: 1 step done, 0 notes. Apply it anyway?');
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), true, 'Cancel keeps the progress');
  assert.equal(await page.locator('#pending-banner').count(), 1);
  page.once('dialog', (d) => d.accept());
  await apply.click();
  await page.locator('#pending-banner').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('checkbox', { name: /^Done: 1\. / }).isChecked(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [device, options] of DEVICES) {
  test(`2 and 7 (${device}): "Command copied." belongs to the command it copied and goes with its step, and stays clear of the walkthrough's sticky bars`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, ...clipboard });
    await planSample(page);
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const next = page.getByRole('button', { name: 'Next', exact: true });
    const toCommands = async () => {
      for (let i = 0; i < 40 && (await dialog.locator('.wt-command').count()) === 0; i++) await next.click();
      assert.ok(await dialog.locator('.wt-command').count() > 0, 'a step with a command');
      return dialog.locator('#wt-count').textContent();
    };
    const first = await toCommands();
    await dialog.getByRole('button', { name: 'Copy command 1' }).click();
    await dialog.locator('#notice', { hasText: 'Command copied.' }).waitFor();
    // The next step with a command: no notice beside its first Copy.
    await next.click();
    const second = await toCommands();
    assert.notEqual(second, first);
    assert.equal(await dialog.locator('#notice').count(), 0, `a notice on ${second}, whose command was not copied`);
    // Copied here, it is said here, clear of the sticky head and the sticky steps bar.
    await dialog.getByRole('button', { name: 'Copy command 1' }).click();
    const notice = dialog.locator('#notice', { hasText: 'Command copied.' });
    await notice.waitFor();
    const n = await notice.boundingBox();
    for (const bar of ['.wt-head', '.wt-nav']) {
      const b = await dialog.locator(bar).boundingBox();
      assert.ok(n.y >= b.y + b.height - 0.5 || n.y + n.height <= b.y + 0.5, `${bar} covers the notice: ${JSON.stringify({ n, b })}`);
    }
    assert.ok(await inWindow(notice), 'the notice is in the window');
    await shot(page, `walkthrough-copied-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`3 (${device}): the failover's walkthrough stops at "Failover complete"; the failback is its own walkthrough, counted apart, and the status update says what it waits for`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, ...clipboard });
    await planSample(page);
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const total = Number((await page.locator('#wt-count').textContent()).match(/^Step 1 of (\d+)$/)[1]);
    for (let i = 1; i <= total; i++) {
      assert.equal(await page.locator('#wt-count').textContent(), `Step ${i} of ${total}`);
      await dialog.getByRole('button', { name: i === total ? 'Done' : 'Done and next', exact: true }).click();
    }
    assert.equal(await page.locator('#wt-title').textContent(), 'Failover complete');
    assert.match(await dialog.textContent(), new RegExp(`All ${total} steps of the failover are done`));
    assert.match(await dialog.textContent(), /start it once edgepool-amsterdam\.fabrikam\.com is repaired and back/);
    await shot(page, `failover-complete-${device}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Copy status update' }).click();
    await page.locator('#notice', { hasText: 'Status update copied' }).waitFor();
    const status = await page.evaluate(() => navigator.clipboard.readText());
    const lines = status.split('\n');
    assert.match(lines[0], new RegExp(`: ${total} of ${total} failover steps done, `), status);
    assert.ok(lines.includes('Failover done; failback waits for edgepool-amsterdam.fabrikam.com to be repaired.'), status);
    assert.ok(!lines.some((l) => l.startsWith('Now: ')), status);

    // The failback, once the pool is back: its own walkthrough from its first step.
    await page.getByRole('button', { name: 'Start the failback walkthrough' }).click();
    await dialog.waitFor();
    const count = await page.locator('#wt-count').textContent();
    const failback = Number(count.match(/^Step 1 of (\d+)$/)[1]);
    // The failback's first step in the checklist (its numbers start again from 1).
    const firstFailback = await page.locator('#step-fb1 h4').textContent();
    assert.equal((await page.locator('#wt-title').textContent()).trim(), firstFailback.trim());
    assert.equal(await dialog.locator('.wt-phase').textContent(), 'Failback');
    assert.ok(failback > 0 && failback !== total);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`4 (${device}): the picture draws exactly what the plan does: only the failed pool loses federation, every style drawn is in the legend, and the caption names every pool federated after`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planFour(page);
    const routes = page.locator('figure.picture path.route');
    const classes = await routes.evaluateAll((ps) => ps.map((p) => p.getAttribute('class')));
    const sip = classes.filter((c) => /\bsip\b/.test(c));
    assert.equal(sip.filter((c) => /\bold\b/.test(c)).length, 1, `one SIP route removed: ${classes}`);
    assert.equal(sip.filter((c) => !/\bold\b/.test(c)).length, 3, `three kept: ${classes}`);
    // Every style drawn has its key in the legend.
    const key = (c) => (/\bplanned\b/.test(c) ? (/xmpp/.test(c) ? 'xmpp-planned' : 'planned') : /\bold\b/.test(c) ? (/xmpp/.test(c) ? 'xmpp-old' : 'old') : /xmpp/.test(c) ? 'xmpp' : 'sip');
    const keys = await page.locator('ul.legend .key').evaluateAll((ks) => ks.map((k) => k.className.replace('key ', '')));
    for (const k of new Set(classes.map(key))) assert.ok(keys.includes(k), `style ${k} is not in the legend: ${keys}`);
    const caption = await page.locator('#route-description').textContent();
    const after = caption.slice(caption.indexOf('After the plan'));
    assert.ok(after.length > 0, caption);
    for (const pool of FOUR_POOLS.slice(1)) assert.ok(after.includes(pool), `${pool} in "${after}"`);
    assert.ok(!after.includes(FOUR_POOLS[0]), after);
    await page.locator('figure.picture').evaluate((f) => f.scrollIntoView({ block: 'start' }));
    await shot(page, `picture-four-planned-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`5 and 16 (${device}): the plan bar counts the warnings and leads to the Checks, and calls the sample the sample`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    const bar = page.locator('#plan-bar');
    await load(page, TEMPLATE, 'fourthcoffee-template.xml');
    await page.getByRole('button', { name: 'Mark as failed' }).first().click();
    const radio = page.locator('input[name=survivor]').first();
    await radio.waitFor();
    if (!(await radio.isChecked())) await radio.check();
    await bar.waitFor();
    const state = bar.getByRole('link', { name: /^Ready · \d+ warnings?$/ });
    assert.equal(await state.count(), 1, await bar.textContent());
    assert.doesNotMatch(await bar.locator('.bar-route').textContent(), /Sample/);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await state.click();
    await focusedIn(page, '#checks');
    assert.ok(await page.locator('#checks').evaluate((e) => e.getBoundingClientRect().top >= -1 && e.getBoundingClientRect().top < innerHeight / 2));
    assert.match(await page.locator('#checks').textContent(), /commands built from them will not work/);
    assert.equal(new URL(page.url()).hash, '', 'the address keeps no #checks');
    await shot(page, `plan-bar-warnings-${device}`);
    // The sample is called the sample; without warnings the bar says a bare "Ready".
    await page.getByRole('button', { name: 'Use the built-in sample' }).click();
    await planSample(page);
    assert.equal((await bar.locator('.bar-state').textContent()).trim(), 'Ready');
    assert.match(await bar.locator('.bar-route').textContent(), /^Sample/);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`6 and 7 (${device}): the walkthrough opens on the step's title, the summary a tap away; a compact head keeps the step, the short names and the title in view`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planFour(page);
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.ok(await inWindow(page.locator('#wt-title')), 'the step\'s title is in the window');
    const summary = dialog.locator('details.wt-summary');
    assert.equal(await summary.evaluate((d) => d.open), false);
    await shot(page, `walkthrough-open-four-${device}`);
    const head = dialog.locator('.wt-head');
    const h = await head.boundingBox();
    const { height } = page.viewportSize();
    assert.ok(h.height <= height * 0.2, `the head takes ${h.height} px of ${height}`);
    const said = await head.textContent();
    assert.match(said, /Step 1 of \d+/);
    assert.match(said, /edgepool-amsterdamdatacentreprimarysite → edgepool-bostondatacentreprimarysite/);
    assert.doesNotMatch(said, /contoso-holdings/, 'short names, as the plan bar has them');
    const title = (await page.locator('#wt-title').textContent()).trim();
    assert.equal((await head.locator('.wt-head-title').textContent()).trim(), title);
    // Scrolled to the end of a long step, the head is still at the top.
    await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
    const after = await head.boundingBox();
    assert.ok(Math.abs(after.y) < 1, `the head stays at the top: ${after.y}`);
    assert.ok(await head.locator('.wt-head-title').isVisible());
    await summary.locator('summary').click();
    assert.equal(await summary.evaluate((d) => d.open), true, 'the summary is one tap away');
    await assertFits(page, 'the walkthrough');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('8 (phone): which pools carry federation comes first, the notes are a line each with details on demand, and the picture says its boxes can be tapped', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, PHONE);
  await load(page, FOUR, 'contoso-four-edge-pools.xml');
  const top = async (l) => l.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const heading = await top(page.getByRole('heading', { name: '2. The topology' }));
  const sip = await top(page.locator('#sip-federation-pool'));
  assert.ok(sip - heading < 120, `the SIP federation pools start ${sip - heading} px under the heading`);
  const notes = page.locator('.findings li.finding');
  assert.ok(await notes.count() > 0);
  for (const note of await notes.all()) {
    const h = (await note.locator('summary').boundingBox()).height;
    assert.ok(h <= 48, `a note is one line: ${h} px`);
  }
  // Details on demand: a tap opens the whole note.
  const first = notes.first();
  await first.locator('summary').tap();
  assert.equal(await first.locator('details').evaluate((d) => d.open), true);
  assert.ok((await first.locator('summary').boundingBox()).height > 48, 'the whole note shows');
  await first.locator('summary').tap();
  assert.match(await page.locator('.picture-hint').textContent(), /Tap or click an Edge pool in the picture to mark it failed/);
  const mark = await top(page.locator('figure.picture g.node.edge').first());
  assert.ok(mark - heading < 2 * 844, `the first Edge pool to mark is ${mark - heading} px under the heading`);
  await page.getByRole('heading', { name: '2. The topology' }).evaluate((e) => e.scrollIntoView());
  await shot(page, 'overview-four-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [device, options] of DEVICES) {
  test(`9 (${device}): "Load plan" answers beside its button, and a bad file dropped further down is said where the person is, with focus, naming the topology still shown`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planSample(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save plan' }).click()]);
    const planPath = path.join(outDir, `second-pass-${device}.plan.json`);
    await saved.saveAs(planPath);
    await load(page, LITWARE, 'litware-three-sites-crlf.xml');
    const button = page.getByRole('button', { name: 'Load plan' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
    await chooser.setFiles(planPath);
    const notice = page.locator('#notice', { hasText: 'holds a plan for fabrikam-sample-topology.xml' });
    await notice.waitFor();
    assert.match(await notice.textContent(), /waits at the top of the page until that topology is loaded/);
    const b = await button.boundingBox();
    const n = await notice.boundingBox();
    assert.ok(Math.max(0, n.y - (b.y + b.height), b.y - (n.y + n.height)) < 60, 'beside "Load plan"');
    assert.ok(await inWindow(notice));

    // A bad file dropped while reading the checklist far down the page.
    await page.getByRole('button', { name: 'Use the built-in sample' }).click();
    await page.locator('#diff-summary').waitFor();
    await page.locator('li.step').nth(8).scrollIntoViewIfNeeded();
    const broken = path.join(outDir, 'second-pass-broken.xml');
    fs.writeFileSync(broken, fs.readFileSync(LITWARE, 'utf8').slice(0, 4000));
    await drop(page, broken);
    const said = page.locator('#question', { hasText: 'second-pass-broken.xml could not be loaded.' });
    await said.waitFor();
    assert.ok(await inWindow(said), 'the error is in the window');
    await focusedIn(page, '#question');
    assert.match(await said.textContent(), /Still showing fabrikam-sample-topology\.xml, the built-in sample/);
    assert.match(await page.locator('#load-error').textContent(), /Still showing fabrikam-sample-topology\.xml/);
    await shot(page, `dropped-error-${device}`);
    await said.getByRole('button', { name: 'OK' }).click();
    await said.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`10 (${device}): choosing the survivor keeps the choice in view and announces the checks`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await load(page, FOUR, 'contoso-four-edge-pools.xml');
    await page.locator('table.edges tbody tr').first().getByRole('button', { name: 'Mark as failed' }).click();
    await focusedIn(page, 'section.plan');
    const choice = page.locator('input[name=survivor]').nth(1);
    await choice.scrollIntoViewIfNeeded();
    const before = await choice.boundingBox();
    if (device === 'phone') await choice.tap(); else await choice.click();
    await page.locator('#diff-summary').waitFor();
    await page.waitForTimeout(300);
    const after = await choice.boundingBox();
    assert.ok(Math.abs(after.y - before.y) < 40, `the choice moved from ${before.y} to ${after.y}`);
    assert.ok(await inWindow(choice), 'the choice is in the window');
    assert.equal(await choice.isChecked(), true);
    // The choice is not drawn again: focus stays on it, not thrown back to the page's start.
    assert.equal(await choice.evaluate((c) => document.activeElement === c), true, 'focus stays on the choice');
    assert.match(await page.locator('#plan-said').textContent(), /^The plan is made\. Checks: \d+ error\(s\), \d+ warning\(s\), \d+ note\(s\)/);
    assert.equal(await page.locator('#plan-said').getAttribute('role'), 'status');
    await shot(page, `survivor-chosen-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/// Every control's tappable area: the control itself, or the label it is in (a tap anywhere on
/// a label works its input). Each is brought into view and hit-tested at its middle, so a
/// control under another element fails too.
async function smallTargets(page, scope) {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const list = root.querySelectorAll('a[href], button, [role=button], input:not([type=hidden]), select, textarea, summary');
    const out = [];
    for (const e of list) {
      // Not there for a finger: inert behind a dialog, hidden, in a closed <details>, or a
      // file input worked by its own button (aria-hidden).
      if (e.closest('[inert]') || e.closest('[hidden]') || !e.checkVisibility() || e.getAttribute('aria-hidden') === 'true') continue;
      const hit = e.closest('label') ?? e;
      // A visually hidden input is worked through its label.
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

test('11 (phone): every control\'s tappable area is at least 44×44 px at 390 wide, over every control in every state reached', async () => {
  const { page, errors, context } = await openPlanner(browser, origin, { ...PHONE, ...clipboard });
  const states = [];
  const check = async (state, scope = 'body') => {
    const { count, out } = await smallTargets(page, scope);
    assert.ok(count > (scope === 'body' ? 3 : 0), `${state}: controls found`);
    states.push(state);
    assert.deepEqual(out, [], `${state}: tappable areas under 44×44 px`);
  };
  await check('the sample loaded');
  await page.getByText('Paste XML instead').click();
  await page.getByText('The original pool is back? Plan the failback').click();
  await check('paste and failback start open');
  await planSample(page);
  await check('the sample planned');
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await check('the walkthrough, step 1', '#walkthrough');
  for (let i = 0; i < 40 && (await dialog.locator('.wt-command').count()) === 0; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  await dialog.getByRole('button', { name: 'Copy command 1' }).click();
  await dialog.locator('#notice').waitFor();
  await dialog.locator('details.wt-summary summary').click();
  await check('the walkthrough, a step with commands, copied, summary open', '#walkthrough');
  // The end of the failover, and the failback's walkthrough.
  for (let i = 0; i < 100 && (await page.getByRole('button', { name: 'Next', exact: true }).count()); i++) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
  }
  await check('the last step of the failover', '#walkthrough');
  await page.getByRole('button', { name: 'Finish', exact: true }).click();
  assert.equal(await page.locator('#wt-title').textContent(), 'Failover complete');
  await check('failover complete', '#walkthrough');
  await dialog.getByRole('button', { name: 'Start the failback walkthrough' }).click();
  await check('the failback walkthrough', '#walkthrough');
  await page.keyboard.press('Escape');
  // Checked as published, a plan file for another topology waiting, the question.
  await page.getByLabel('Published topology', { exact: true }).setInputFiles(LITWARE);
  await page.locator('#published-result').waitFor();
  await check('a published check');
  await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
  await load(page, LITWARE);
  await page.getByRole('alertdialog').waitFor();
  await check('the question before replacing a plan', '#question');
  await page.getByRole('button', { name: 'Keep it and open the new file' }).click();
  await page.locator('#loaded-name', { hasText: 'litware' }).waitFor();
  await check('litware loaded, the sample\'s plan kept');
  // Four pools: the notes opened, the other federated pools' switch, re-association, a site.
  await load(page, FOUR, 'contoso-four-edge-pools.xml');
  for (const s of await page.locator('.findings summary').all()) await s.click();
  await check('four pools, notes open');
  // A failback planned from the page: the pool it comes back from may keep federation.
  await page.getByText('The original pool is back? Plan the failback').click();
  await page.getByRole('button', { name: 'Plan failback' }).click();
  await page.locator('#failure-description', { hasText: 'Failback' }).waitFor();
  await page.locator('#keep-temporary-federation').waitFor();
  await check('a failback planned, with its keep-federation choice');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.locator('table.edges tbody tr').first().getByRole('button', { name: 'Mark as failed' }).click();
  await page.locator('input[name=survivor]').nth(1).check();
  await page.locator('#diff-summary').waitFor();
  await check('four pools planned');
  await page.locator('table.sites tbody tr').first().getByRole('button', { name: 'Mark site as failed' }).click();
  await page.locator('#failure-description', { hasText: 'Failed site' }).waitFor();
  await check('a site marked failed');
  // A bad file, and an observer's view of a link waiting for its topology.
  const broken = path.join(outDir, 'second-pass-broken.xml');
  fs.writeFileSync(broken, '<Topology');
  await page.evaluate(() => window.scrollTo(0, 0));
  await load(page, broken);
  await page.locator('#load-error').waitFor();
  await check('a file refused');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await drop(page, broken, 'again-broken.xml');
  await page.locator('#question', { hasText: 'again-broken.xml' }).waitFor();
  await check('a file refused out of sight', '#question');
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  // A link to a plan on litware, opened where the sample is shown (it waits), then on litware
  // (an observer's view).
  await load(page, LITWARE, 'litware');
  await planSample(page);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const observer = await browser.newContext(PHONE);
  const other = await observer.newPage();
  await other.goto(link);
  await other.locator('#pending-banner').waitFor();
  await other.locator('#pending-banner details summary').click();
  const waiting = await smallTargets(other, 'body');
  assert.deepEqual(waiting.out, [], 'a link waiting for its topology: tappable areas under 44×44 px');
  await load(other, LITWARE);
  await other.locator('#read-only-banner').waitFor();
  await other.locator('#diff-summary').waitFor();
  const { out } = await smallTargets(other, 'body');
  assert.deepEqual(out, [], 'an observer\'s view: tappable areas under 44×44 px');
  await observer.close();
  assert.ok(states.length >= 14, states.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [device, options] of DEVICES) {
  test(`12 (${device}): the published check says "a different deployment" first when it is one, and "matches" and "differs" differ in colour, icon and words`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planSample(page);
    const published = await download(page, 'Download modified topology');
    const input = page.getByLabel('Published topology', { exact: true });
    const result = page.locator('#published-result');
    const look = () => result.evaluate((r) => {
      const h = r.querySelector('.headline');
      return { words: h.textContent, icon: getComputedStyle(h, '::before').content, background: getComputedStyle(r).backgroundColor, border: getComputedStyle(r).borderLeftColor };
    });
    await input.setInputFiles(LITWARE);
    await result.locator('.headline', { hasText: 'litware-three-sites-crlf.xml' }).waitFor();
    const other = await look();
    assert.match(other.words, /^This looks like a different deployment/);
    assert.doesNotMatch(other.words, /did not happen/);
    await input.setInputFiles(published);
    await result.locator('.headline', { hasText: 'second-pass-' }).waitFor();
    const matches = await look();
    await result.evaluate((r) => r.scrollIntoView({ block: 'start' }));
    await shot(page, `published-match-${device}`);
    fs.copyFileSync(path.join(root, 'src', 'sample.xml'), path.join(outDir, 'second-pass-not-published.xml'));
    await input.setInputFiles(path.join(outDir, 'second-pass-not-published.xml'));
    await result.locator('.headline', { hasText: 'second-pass-not-published.xml' }).waitFor();
    const differs = await look();
    await result.evaluate((r) => r.scrollIntoView({ block: 'start' }));
    await shot(page, `published-differs-${device}`);
    assert.match(matches.words, /^The published topology matches the plan\./);
    assert.match(differs.words, /^The published topology differs from the plan\./);
    for (const k of ['icon', 'background', 'border']) {
      assert.notEqual(matches[k], differs[k], `${k}: ${matches[k]}`);
      assert.notEqual(other[k], matches[k], `${k}: ${other[k]}`);
    }
    assert.notEqual(matches.icon, 'none');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/// The JSON a share link carries.
function linkJson(link) {
  const b64 = link.split('#plan=')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(zlib.inflateRawSync(Buffer.from(b64, 'base64')).toString('utf8'));
}

for (const [device, options] of DEVICES) {
  test(`14 (${device}): a link opened without its topology says what to load (product, sites, Edge pools, fingerprint) and no name, is not applied where its pools are not, and dates read one way`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, clipboard);
    await load(page, LITWARE, 'litware');
    await planSample(page);
    await page.getByRole('button', { name: 'Copy share link' }).click();
    await page.locator('#notice', { hasText: 'Share link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const json = linkJson(link);
    assert.deepEqual(json.s, { p: 'Skype for Business Server 2015', s: 3, e: 2 }, 'product and counts, no name');

    const observerContext = await browser.newContext(options);
    const observer = await observerContext.newPage();
    await observer.goto(link);
    const banner = observer.locator('#pending-banner');
    await banner.waitFor();
    const topology = await banner.locator('dt', { hasText: 'Topology' }).locator('xpath=following-sibling::dd').textContent();
    assert.match(topology, /^Skype for Business Server 2015, 3 sites, 2 Edge pools; fingerprint [0-9a-f]{12}$/);
    assert.match(await banner.textContent(), /This link holds a plan made \d{4}-\d\d-\d\d \d\d:\d\d:/);
    // On the sample, whose pools it does not name: not applied, and no observer's view stuck.
    assert.equal(await observer.getByRole('button', { name: 'Apply it to this topology anyway' }).count(), 0);
    assert.match(await observer.locator('#cannot-apply').textContent(), /cannot be applied to fabrikam-sample-topology\.xml/);
    assert.equal(await observer.locator('#read-only-banner').count(), 0);
    await shot(observer, `link-without-topology-${device}`);
    await load(observer, LITWARE, 'litware');
    await observer.locator('#read-only-banner').waitFor();
    await observer.locator('#diff-summary').waitFor();
    await observerContext.close();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`15 (${device}): the diff says what changed in words beside the lines, and on a phone has no scroll box of its own and no code under 12 px`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planSample(page);
    const words = 'Registrar of pool-amsterdam.fabrikam.com: Edge edgepool-amsterdam.fabrikam.com → edgepool-boston.fabrikam.com';
    assert.ok((await page.locator('ul.change-words li').allTextContents()).includes(words));
    const hunk = page.locator('table.diff tbody.hunk', { has: page.locator('tr.hunk-words', { hasText: words }) });
    assert.equal(await hunk.count(), 1, 'the words head the lines they explain');
    assert.ok(await hunk.locator('tr.removed').count() > 0);
    const wrap = page.locator('.diff-wrap');
    const style = await wrap.evaluate((w) => ({ overflow: getComputedStyle(w).overflowY, scrolls: w.scrollHeight > w.clientHeight + 1 }));
    const code = await page.locator('table.diff td.code code').first().evaluate((c) => parseFloat(getComputedStyle(c).fontSize));
    if (device === 'phone') {
      assert.ok(!/(auto|scroll)/.test(style.overflow) && !style.scrolls, `the diff scrolls by itself: ${JSON.stringify(style)}`);
      assert.ok(code >= 12, `code at ${code} px`);
    }
    await page.locator('#changes-heading').evaluate((e) => e.scrollIntoView());
    await shot(page, `diff-words-${device}`);
    await assertFits(page, 'the diff');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`16 (${device}): the smaller points: the picture's pill and labels, PowerShell's error text, the file input, section labels, commands wrapped at spaces, every main section numbered, inferences in words`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, colorScheme: device === 'phone' ? 'dark' : 'light' });
    // The partner pill is whole in the picture's window; labels are drawn over the routes.
    const figure = await page.locator('figure.picture').boundingBox();
    const pill = await page.locator('figure.picture g.partners rect').boundingBox();
    assert.ok(pill.x >= figure.x - 0.5 && pill.x + pill.width <= figure.x + figure.width + 0.5, `the pill is clipped: ${JSON.stringify({ pill, figure })}`);
    const order = await page.locator('figure.picture svg').evaluate((svg) => {
      const all = [...svg.querySelectorAll('*')];
      const last = (s) => Math.max(...[...svg.querySelectorAll(s)].map((e) => all.indexOf(e)));
      const first = (s) => Math.min(...[...svg.querySelectorAll(s)].map((e) => all.indexOf(e)));
      return { routes: last('path.route, path.link'), names: first('text.site-name') };
    });
    assert.ok(order.names > order.routes, 'site names are drawn over the routes');
    const kind = await page.locator('figure.picture text.kind').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
    assert.ok(kind >= 12, `kind labels at ${kind} px`);
    // No "No file chosen" beside a file input, right after a load either.
    await load(page, LITWARE, 'litware');
    for (const id of ['#topology-file', '#published-file']) {
      const box = await page.locator(id).boundingBox();
      assert.ok(!box || box.width <= 1, `${id} shows its own text: ${JSON.stringify(box)}`);
    }
    assert.ok(await page.locator('label.file-pick .file-button').first().isVisible());
    // PowerShell's error text, and the topology still shown named after a refusal.
    const ps = path.join(outDir, 'second-pass-powershell.txt');
    fs.writeFileSync(ps, "Get-CsTopology : The term 'Get-CsTopology' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\n    + CategoryInfo          : ObjectNotFound: (Get-CsTopology:String) [], CommandNotFoundException\r\n    + FullyQualifiedErrorId : CommandNotFoundException\r\n");
    await load(page, ps);
    const error = page.locator('#load-error');
    await error.waitFor();
    assert.match(await error.textContent(), /This is PowerShell's error text.*run the export in the Skype for Business Server Management Shell/);
    assert.match(await error.textContent(), /Still showing litware-three-sites-crlf\.xml/);
    await error.scrollIntoViewIfNeeded();
    await shot(page, `powershell-error-${device}`);
    // Every main section numbered, in order.
    await page.getByRole('button', { name: 'Use the built-in sample' }).click();
    await planSample(page);
    const headings = await page.locator('main > section > h2, main > fieldset > section > h2, main section.panel h2').allTextContents();
    for (const h of ['1. Load a topology', '2. The topology', '3. Plan the failover', '4. Review the change and download', '5. Check the published topology', '6. The checklist']) {
      assert.ok(headings.includes(h), `${h} in ${headings}`);
    }
    // Inferences in words, in the checklist and the walkthrough; no bare id.
    const tags = await page.locator('.checklist .tag.inferred').allTextContents();
    assert.ok(tags.length > 0);
    for (const t of tags) assert.doesNotMatch(t, /^Inferred: [a-z0-9-]+$/, t);
    assert.ok(tags.some((t) => t.includes('is stored as the Edge\'s external AccessEdge SipServer port')), tags[0]);
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Section labels keep the case of the names in them.
    assert.equal(await dialog.locator('.wt-section').evaluate((e) => getComputedStyle(e).textTransform), 'none');
    let inferred = 0;
    let wrapped = [];
    for (let i = 0; i < 60; i++) {
      inferred += await dialog.locator('.tag.inferred').count();
      for (const t of await dialog.locator('.tag.inferred').allTextContents()) assert.doesNotMatch(t, /^Inferred: [a-z0-9-]+$/, t);
      // A word of a command that fits on a line is never split over two (-Force stays whole).
      wrapped = wrapped.concat(await dialog.locator('pre .word').evaluateAll((ws) => ws
        .filter((w) => w.getBoundingClientRect().width < w.closest('pre').clientWidth - 30 && w.getClientRects().length > 1)
        .map((w) => w.textContent)));
      if (device === 'phone' && i === 3) await shot(page, 'walkthrough-commands-phone-dark');
      const next = page.getByRole('button', { name: 'Next', exact: true });
      if (!(await next.count())) break;
      await next.click();
    }
    assert.ok(inferred > 0, 'an inferred step in the walkthrough');
    assert.deepEqual(wrapped, [], 'words split over two lines');
    await assertFits(page, 'the walkthrough');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [device, options] of DEVICES) {
  test(`screens (${device}, dark): the states this pass touched, nothing wider than the window`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, { ...options, colorScheme: 'dark' });
    await planFour(page);
    await assertFits(page, 'four pools planned');
    await page.locator('#sip-federation-pool').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, `dark-overview-${device}`);
    await page.locator('figure.picture').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, `dark-picture-${device}`);
    await page.locator('#changes-heading').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, `dark-diff-${device}`);
    await page.getByRole('checkbox', { name: /^Done: 1\. / }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await load(page, LITWARE);
    await page.getByRole('alertdialog').waitFor();
    await assertFits(page, 'the question');
    await shot(page, `dark-question-${device}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Published topology', { exact: true }).setInputFiles(LITWARE);
    await page.locator('#published-result').waitFor();
    await page.locator('#published-result').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await assertFits(page, 'a published check');
    await shot(page, `dark-published-${device}`);
    await page.getByRole('button', { name: 'Start walkthrough' }).click();
    await page.getByRole('dialog').waitFor();
    await assertFits(page, 'the walkthrough');
    await shot(page, `dark-walkthrough-${device}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
