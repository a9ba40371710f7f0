// End-to-end: an axe-core audit (WCAG 2.1 A and AA rules) of the page in its states: loaded,
// a plan made, the walkthrough open, the dark theme, the Readiness view opened and marked
// (light and dark), and a drill's walkthrough. Any serious or critical violation fails; the
// others are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serve, launch, openPlanner } from './harness.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server, origin, browser;
before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/// Runs axe in the page. Evaluated through the DevTools protocol, so the page's
/// Content-Security-Policy (no inline script) stays as it is.
async function audit(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      })),
      // The rules that found something to check, passed or not.
      ran: [...r.passes, ...r.violations, ...r.incomplete].map((x) => x.id),
    };
  }, TAGS);
}

function check(state, { violations, ran }) {
  // An audit that ran no rule (a tag misspelt, axe not loaded) finds no violation either.
  for (const rule of ['color-contrast', 'button-name', 'label', 'document-title']) {
    assert.ok(ran.includes(rule), `${state}: axe did not check ${rule}; it ran ${ran.join(', ')}`);
  }
  for (const v of violations) console.log(`# ${state}: ${v.impact} ${v.id}: ${v.help}\n#   ${v.nodes.join('\n#   ')}`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.join('; ')}`), [], `${state}: serious or critical violations`);
}

async function plan(page) {
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
}

test('axe: the page as loaded', async () => {
  const { page, context } = await openPlanner(browser, origin);
  check('loaded', await audit(page));
  await context.close();
});

test('axe: a plan made', async () => {
  const { page, context } = await openPlanner(browser, origin);
  await plan(page);
  check('plan made', await audit(page));
  await context.close();
});

test('axe: the walkthrough open', async () => {
  const { page, context } = await openPlanner(browser, origin);
  await plan(page);
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  await page.getByRole('dialog').waitFor();
  check('walkthrough', await audit(page));
  await context.close();
});

test('axe: dark mode, with a plan', async () => {
  const { page, context } = await openPlanner(browser, origin, { colorScheme: 'dark' });
  check('dark, loaded', await audit(page));
  await plan(page);
  check('dark, plan made', await audit(page));
  await context.close();
});

test('axe: the Readiness view, every part opened and a preparation marked done, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openPlanner(browser, origin, { colorScheme });
    await page.getByRole('button', { name: 'Readiness: every failure planned in advance' }).click();
    await page.locator('#readiness-counts').waitFor();
    for (const s of await page.locator('#readiness summary').all()) await s.click();
    await page.locator('.preparation input[type=checkbox]').first().check();
    check(`readiness, ${colorScheme}`, await audit(page));
    await context.close();
  }
});

test('axe: a drill\'s walkthrough', async () => {
  const { page, context } = await openPlanner(browser, origin);
  await plan(page);
  await page.getByLabel(/^Drill: a rehearsal/).check();
  await page.getByRole('button', { name: 'Start walkthrough' }).click();
  await page.getByRole('dialog').waitFor();
  check('drill walkthrough', await audit(page));
  await context.close();
});
