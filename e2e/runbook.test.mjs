// Issue 20 on the page: route B is an explicit choice, each document is a download of its own
// with its page at a glance, the walkthrough shows one team's steps on request, and the status
// update says what waits on whom; on a phone and a laptop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPlanner, outDir, offSite } from './harness.mjs';

let server;
let origin;
let browser;

before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const DEVICES = [
  ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ['laptop', { viewport: { width: 1366, height: 768 } }],
];

async function planSample(page) {
  await page.getByRole('button', { name: 'Mark as failed' }).first().click();
  await page.locator('#diff-summary').waitFor();
}

for (const [device, options] of DEVICES) {
  test(`the walkthrough shows one team's steps, and the status update says what waits on whom (${device})`, async () => {
    const { page, requests, errors, context } = await openPlanner(browser, origin, {
      ...options,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await planSample(page);
    // The Checks end with the safety rules, all held.
    assert.equal((await page.locator('#safety-rules summary').textContent()).trim(), 'Safety rules: 9 of 9 hold');
    // The checklist names each step's role, and a hand-off to the DNS team.
    assert.ok((await page.locator('section.checklist').textContent()).includes('DNS team (hand-off)'));

    await page.getByRole('button', { name: 'Start walkthrough', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // The filter's label stays one line beside its select (at 390 px it was squeezed to a
    // letter a line).
    const label = await page.locator('label[for="wt-role"]').boundingBox();
    const select = await page.locator('#wt-role').boundingBox();
    assert.ok(label.height <= select.height, `the label "Show" is ${label.height} px high, its select ${select.height}`);
    assert.ok(label.width >= 30, `the label "Show" is ${label.width} px wide`);
    await page.locator('#wt-role').selectOption({ label: "The DNS team's steps" });
    // Every step it stands on now is the DNS team's, until the failover is complete.
    const seen = [];
    for (let i = 0; i < 10; i++) {
      const title = (await page.locator('#wt-title').textContent()).trim();
      if (title === 'Failover complete') break;
      assert.match(await dialog.locator('.wt-step').textContent(), /Who: DNS team \(hand-off\)/, title);
      seen.push(title);
      await dialog.getByRole('button', { name: /^Done( and next)?$/ }).click();
    }
    assert.ok(seen.length >= 2, `the DNS team's steps: ${seen}`);
    assert.ok(seen.some((t) => /Lower the TTL/.test(t)) && seen.some((t) => /Point federation DNS/.test(t)), `${seen}`);
    await page.screenshot({ path: path.join(outDir, `walkthrough-dns-team-${device}.png`) });

    // Every step again: it opens where the DNS team's were not; the firewall team's opening
    // comes first, and the status update says the bridge waits on them.
    await page.locator('#wt-role').selectOption({ label: 'Every step' });
    await dialog.getByRole('button', { name: 'Exit walkthrough' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Start walkthrough', exact: true }).click();
    await dialog.waitFor();
    for (let i = 0; i < 40; i++) {
      const text = await dialog.locator('.wt-step').textContent();
      if (/Who: firewall team \(hand-off\)/.test(text)) break;
      await dialog.getByRole('button', { name: 'Next', exact: true }).click();
    }
    assert.match(await dialog.locator('.wt-step').textContent(), /Who: firewall team \(hand-off\)/);
    const number = (await page.locator('#wt-title').textContent()).match(/^(\d+)\./)[1];
    await dialog.getByRole('button', { name: 'Exit walkthrough' }).click();
    await page.getByRole('button', { name: 'Copy status update' }).click();
    await page.locator('#notice', { hasText: 'Status update copied' }).waitFor();
    const status = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(status.split('\n').includes(`Waiting on the firewall team: step ${number}`), status);

    assert.deepEqual(offSite(requests, origin), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`route B is chosen explicitly, and the runbook follows it (${device})`, async () => {
    const { page, errors, context } = await openPlanner(browser, origin, options);
    await planSample(page);
    const runbook = page.locator('section.checklist');
    // The rollback restores the simple URLs in either route; the publish itself tells them apart.
    const before = await runbook.textContent();
    // The failover's own section (the failback's is headed "Failback: …" and keeps route A).
    const routeA = runbook.locator('h3', { hasText: /^Topology Builder: one session, one publish$/ });
    assert.equal(await routeA.count(), 1, 'route A by default');
    assert.ok(!before.includes('Publish the modified file'), 'route A by default');
    await page.getByLabel('Route B: publish the modified file instead of the Topology Builder steps').check();
    await page.locator('section.checklist', { hasText: 'Publish the modified file' }).waitFor();
    const after = await runbook.textContent();
    assert.equal(await routeA.count(), 0, 'route B replaces the Topology Builder steps');
    assert.match(after, /(?<![R\d])\d+\. Restore the simple URLs/, 'route B restores the simple URLs as a step of its own, not only in the rollback');
    assert.doesNotMatch(before, /(?<![R\d])\d+\. Restore the simple URLs/, 'route A restores them only in its rollback');
    // The choice's box is a full target on a phone.
    const box = await page.locator('label.check', { has: page.locator('#publish-file') }).boundingBox();
    assert.ok(box.height >= 44, `the choice is ${box.height} px tall`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
