/**
 * The web console in a real browser (Debian's Chromium via playwright-core) against the real runtime and the
 * sandbox portal on loopback: a forged and an expired link are refused; a good link signs in; the three steps,
 * Preview with its Action Report, Start, live progress to Completed without a reload, Changed Entities with a
 * status filter, the CSV download (formula-safe), the audit trail, the robot guide, and the page at 360 px.
 * Screenshots go to test/artifacts/console/ (gitignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../engine/ids.js';
import { chromiumMissingReason, type LaunchedBrowser, launchChromium } from './support/chromium.js';
import { type ConsoleWorld, FORMULA_TITLE, startConsoleWorld } from './support/console-world.js';

const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'console');
const missing = chromiumMissingReason();
if (missing !== null) {
  // Loud on purpose: these are the console's acceptance tests.
  console.warn(`\n*** console browser tests SKIPPED: ${missing} ***\n`);
}

describe.skipIf(missing !== null)('web console in Chromium', () => {
  let world: ConsoleWorld;
  let browser: LaunchedBrowser;
  let page: Page;
  /** Everything Chromium refused under the page's own Content-Security-Policy (a style attribute, an inline script). */
  const cspViolations: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    world = await startConsoleWorld();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy'))
        cspViolations.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('refuses a forged link and an expired one with a clear page, and /app without a session', async () => {
    const forged = await page.goto(world.forgedLink());
    expect(forged?.status()).toBe(403);
    await expect.poll(() => page.locator('h1').textContent()).toBe('This console link is not valid');
    await shot('refused-forged');

    const expired = await page.goto(world.expiredLink());
    expect(expired?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('This console link has expired');
    await shot('refused-expired');

    const bare = await page.goto(`${world.url}/app`);
    expect(bare?.status()).toBe(401);
    expect(await page.locator('h1').textContent()).toBe('Sign in to the Handoff console');
  });

  it('signs in with a good link: the token leaves the address bar, the cookie is HttpOnly and SameSite', async () => {
    await page.goto(world.link());

    expect(new URL(page.url()).pathname).toBe('/app');
    expect(page.url()).not.toContain('token=');
    const [cookie] = await browser.context.cookies(`${world.url}/app`);
    expect(cookie).toMatchObject({ name: 'handoff_console', httpOnly: true, sameSite: 'Lax', path: '/app' });
    expect(await page.locator('.status', { hasText: 'Portal' }).textContent()).toContain('connected');
    expect(await page.content()).not.toContain(cookie?.value ?? 'no cookie');
  });

  it('plans, previews, starts and follows a handoff to Completed without a reload', async () => {
    await page.evaluate("window.marker = 'same page'");

    // Step 1 — Who: by mouse for the owner, by keyboard for the receiver.
    await page.getByLabel('Current owner').fill('olena');
    await page.getByRole('button', { name: /Olena Kovalenko/ }).click();
    await expect.poll(() => page.locator('#from-picked-name').textContent()).toContain('Olena Kovalenko');
    await page.getByLabel('New owner').fill('rossi');
    await page.getByRole('button', { name: /Marco Rossi/ }).waitFor();
    await page.getByLabel('New owner').press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#to-picked-name').textContent()).toContain('Marco Rossi');

    // Step 2 — When: the return phrase is echoed as a date in the viewer's zone, then back to permanent.
    await page.getByLabel('Temporary').check();
    await page.getByLabel('Return on').fill('next monday 9am');
    await expect
      .poll(() => page.locator('#return-echo').textContent())
      .toMatch(/^Returns Mon .*09:00 \(Europe\/Kyiv\)$/); // the current name, whatever the browser reports
    await page.getByLabel('Return on').fill('yesterday');
    await expect.poll(() => page.locator('#return-echo').getAttribute('class')).toBe('echo bad');
    await page.getByLabel('Return on').fill('next monday 9am');
    await expect.poll(() => page.locator('#return-echo').getAttribute('class')).toBe('echo ok');
    await shot('setup-temporary');
    await page.getByLabel('Permanent').check();

    // Step 3 — What: kinds with Olena's open counts; empty kinds are not offered.
    const kinds = page.locator('#kinds label');
    await expect.poll(() => kinds.count()).toBe(3);
    const labels = (await kinds.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(labels.sort()).toEqual(['Contacts 2', 'Deals 6', 'Tasks 3']);

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#report .summary').waitFor();
    expect(await page.locator('#report .summary').textContent()).toBe(
      'Move 11 items from Olena Kovalenko to Marco Rossi for good.',
    );
    const byReceiver = page.locator('#report table').nth(1);
    expect(await byReceiver.locator('tbody tr').count()).toBe(1);
    expect(await byReceiver.locator('tbody tr td').first().textContent()).toBe('Marco Rossi');
    expect(await byReceiver.locator('tbody tr td').last().textContent()).toBe('11');
    await shot('preview-report');

    await page.getByRole('button', { name: 'Start transfer' }).click();
    await expect.poll(() => page.locator('#report .success').textContent()).toMatch(/^H-1 has started/);
    const row = page.locator('#history tr[data-job="H-1"]');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 30_000 }).toBe('Completed');
    expect(await row.locator('.progress-text').textContent()).toBe('11 / 11');
    expect(await page.evaluate('window.marker')).toBe('same page');
    await shot('history-completed');
  });

  it('shows Changed Entities with portal links, a status filter, the audit trail and a formula-safe CSV', async () => {
    const rows = page.locator('#items tbody tr');
    await expect.poll(() => rows.count()).toBe(11);
    await expect.poll(() => rows.locator('td:nth-child(4)').allTextContents()).toEqual(Array(11).fill('Moved'));
    expect(await rows.locator('td:nth-child(5)').allTextContents()).toEqual(Array(11).fill('Marco Rossi'));
    const dealLink = page.getByRole('link', { name: FORMULA_TITLE });
    expect(await dealLink.getAttribute('href')).toMatch(new RegExp(`^${world.portal.url}/crm/deal/details/\\d+/$`));
    await expect.poll(() => page.locator('#audit li').count()).toBeGreaterThan(1);
    expect(await page.locator('#audit li').first().textContent()).toMatch(/Admin\s*created the handoff/);
    expect(await page.locator('#audit').textContent()).not.toContain('slack:U0ADMIN'); // a name, not an identifier
    await shot('changed-entities');

    await page.getByLabel('Filter by status', { exact: true }).first().selectOption('failed');
    await expect.poll(() => page.locator('#items-empty').textContent()).toBe('No items with this status.');
    // Lent items a later handoff still holds have a filter of their own (none here: nothing was lent on).
    await page.locator('#item-status').selectOption({ label: 'Waiting for a later handoff' });
    await expect.poll(() => page.locator('#items-empty').textContent()).toBe('No items with this status.');
    await page.locator('#item-status').selectOption('moved');
    await expect.poll(() => rows.count()).toBe(11);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'kind,item_id,title,status,action,original_owner_id,original_owner,new_owner_id,new_owner,holder_id,holder,error,url',
    );
    expect(lines).toHaveLength(12);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain('"Acme, Inc. — ""renewal"" 2027"');
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('offers row actions by state (Undo on a completed job) and the robot guide', async () => {
    const row = page.locator('#history tr[data-job="H-1"]');
    expect(await row.locator('.row-actions button').allTextContents()).toEqual(['Undo']);

    await page.getByRole('link', { name: 'Robot guide' }).click();
    expect(await page.locator('h1').textContent()).toBe('Automation Robot Guide');
    await shot('robot-guide');
  });

  it('runs a temporary handoff to Scheduled return, filters by chip, and returns it now from its row', async () => {
    await page.goto(`${world.url}/app`);
    await page.getByLabel('Current owner').fill('marco');
    await page.getByRole('button', { name: /Marco Rossi/ }).click();
    await page.getByLabel('New owner').fill('olena');
    await page.getByRole('button', { name: /Olena Kovalenko/ }).click();
    await page.getByLabel('Temporary').check();
    await page.getByLabel('Return on').fill('in 2 weeks');
    await expect.poll(() => page.locator('#return-echo').getAttribute('class')).toBe('echo ok');
    await expect.poll(() => page.locator('#kinds label').count()).toBe(3);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect
      .poll(() => page.locator('#report .summary').textContent())
      .toMatch(/^Move 11 items from Marco Rossi to Olena Kovalenko until /);
    await page.getByRole('button', { name: 'Start transfer' }).click();

    const row = page.locator('#history tr[data-job="H-2"]');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 30_000 }).toBe('Scheduled return');
    await page.getByRole('button', { name: 'Scheduled return', exact: true }).click();
    await expect.poll(() => page.locator('#history tbody tr[data-job]').count()).toBe(1);
    expect(await row.locator('.row-actions button').allTextContents()).toEqual(['Return now']);
    await shot('history-scheduled-return');
    await page.getByRole('button', { name: 'Compact rows' }).click();
    expect(await page.getByRole('button', { name: 'Compact rows' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate<boolean>("document.body.classList.contains('compact')")).toBe(true);

    await row.getByRole('button', { name: 'Return now' }).click();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 30_000 }).toBe('Returned');
    expect(world.portal.portal.itemIdsOf('deals', world.marco.id, true)).toHaveLength(6);
  });

  it('is usable with a keyboard: every field has a label, and Tab walks Who → When → What → Preview', async () => {
    await page.goto(`${world.url}/app`);
    await page.locator('#history tbody tr[data-job]').first().waitFor();

    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select')]
      .filter((el) => !el.hidden && el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.id || el.name)`);
    const order: string[] = [];
    await page.locator('#from-q').focus();
    for (let i = 0; i < 20 && !order.includes('preview'); i++) {
      order.push(await page.evaluate<string>("document.activeElement.id || document.activeElement.name || ''"));
      await page.keyboard.press('Tab');
    }
    const at = (id: string) => order.indexOf(id);

    expect(unlabelled).toEqual([]);
    expect(at('from-q')).toBe(0);
    expect(at('toType')).toBeGreaterThan(at('from-q'));
    expect(at('to-q')).toBeGreaterThan(at('toType'));
    expect(at('mode')).toBeGreaterThan(at('to-q'));
    expect(at('start-later')).toBeGreaterThan(at('mode'));
    expect(at('opt-dry-run')).toBeGreaterThan(at('start-later'));
    expect(at('preview')).toBeGreaterThan(at('opt-notify'));
  });

  it('fits a 360 px screen and keeps the CSRF check on POSTs', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${world.url}/app`);
    await page.locator('#history tbody tr[data-job]').first().waitFor();

    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('mobile-360');

    const noToken = await page.evaluate<{ status: number; body: { error: { code: string } } }>(`(async () => {
      const res = await fetch('/app/api/handoffs/H-1/undo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: res.status, body: await res.json() };
    })()`);
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
  });

  it('offers the backup of a receiver who is away in one click, and previews the handoff to them', async () => {
    const others = world.portal.portal.users.filter(
      (u) => u.active && u.userType === 'employee' && ![1, world.olena.id, world.marco.id].includes(u.id),
    );
    const [backup, owner] = others;
    if (!backup || !owner) throw new Error('the console world needs two more active people');
    const { view } = await world.runtime.service.create({
      tenantId: world.runtime.tenantId,
      initiator: { label: 'e2e' },
      fromUserId: toPortalUserId(world.marco.id),
      to: { type: 'user', userId: toPortalUserId(backup.id) },
      kinds: ['deals', 'tasks', 'contacts'],
      when: { mode: 'temporary', returnAt: new Date(Date.now() + 10 * 86_400_000) },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep: false },
    });
    await expect
      .poll(async () => (await world.runtime.service.get(world.runtime.tenantId, view.handoff.no)).handoff.status, {
        timeout: 30_000,
      })
      .toBe('return_scheduled');

    await page.goto(`${world.url}/app`);
    await page.getByLabel('Current owner').fill(owner.lastName);
    await page.getByRole('button', { name: new RegExp(`${owner.name} ${owner.lastName}`) }).click();
    await page.getByLabel('New owner').fill('rossi');
    await page.getByRole('button', { name: /Marco Rossi/ }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    const offer = page.getByRole('button', { name: `Hand to ${backup.name} ${backup.lastName} instead` });
    await offer.waitFor();
    const refusal = await page.locator('#plan-error').textContent();
    expect(refusal).toContain('Marco Rossi is away');
    // In the viewer's zone (the browser's, Europe/Kyiv under its current name), not the API's UTC.
    expect(refusal).toContain('(Europe/Kyiv)');
    expect(refusal).not.toContain('UTC');
    expect(await page.locator('#tz').textContent()).toBe('Europe/Kyiv');
    await shot('receiver-away');

    await offer.click();
    await expect
      .poll(() => page.locator('#report .summary').textContent())
      .toContain(`to ${backup.name} ${backup.lastName} for good.`);
    expect(await page.locator('#to-picked-name').textContent()).toContain(`${backup.name} ${backup.lastName}`);
  });

  it("offers each department's head when the owner has several, and previews the handoff to the one picked", async () => {
    const sandbox = world.portal.portal;
    const second = sandbox.departments.find((d) => d.id === world.ines.departmentIds[1]);
    const head = sandbox.users.find((u) => u.id === second?.headId);
    if (!second || !head) throw new Error("Ines's second department has no head");

    await page.goto(`${world.url}/app`);
    await page.getByLabel('Current owner').fill('duarte');
    await page.getByRole('button', { name: /Ines Duarte/ }).click();
    await page.getByLabel('Their head').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    const offer = page.getByRole('button', { name: `Hand to ${head.name} ${head.lastName} (head of ${second.name})` });
    await offer.waitFor();
    expect(await page.locator('#head-choices button').count()).toBe(2);
    expect(await page.locator('#plan-error').textContent()).toContain('more than one head');
    await shot('ambiguous-head');

    await offer.click();
    await expect
      .poll(() => page.locator('#report .summary').textContent())
      .toContain(`to ${head.name} ${head.lastName}`);
    expect(await page.locator('#plan-error').isVisible()).toBe(false);
  });

  it('breaks no rule of its own Content-Security-Policy, so a progress bar shows the share done', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${world.url}/app`);
    const row = page.locator('#history tr[data-job="H-1"]');
    await row.waitFor();
    const [bar, track] = await Promise.all([
      row.locator('.progress span').evaluate((el) => el.getBoundingClientRect().width),
      row.locator('.progress').evaluate((el) => el.getBoundingClientRect().width),
    ]);
    expect(bar).toBe(track); // H-1 finished: 11 / 11

    expect(cspViolations).toEqual([]);

    // A tab icon of our own, so the browser does not ask for /favicon.ico (a 404 in its console on every load).
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const served = await page.request.get(`${world.url}${icon}`);
    expect([served.status(), served.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
  });
});
