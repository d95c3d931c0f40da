import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { en } from '../../../apps/console/src/i18n/en';
import { PERSONAL } from '../../support/fixtures';
import { eventually } from '../../support/async';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { AUDIT_PURPOSE, get, Json, post } from '../helpers/api';
import { expectAccessible, launchChromium, screenshot, watch } from './support/browser';
import { buildConsole, ConsoleApp, startConsoleApp } from './support/console-app';
import {
  AGENCY_NAMES,
  ConsoleData,
  LONG_CASE_EVENTS,
  seedConsoleData,
} from './support/console-data';

const ROOT = join(__dirname, '../../..');

/** Retries `assertion` until it holds (the page renders as answers come); fails with its last error. */
const settles = (assertion: () => Promise<void>, timeoutMs = 20_000) =>
  eventually(
    async () => {
      await assertion();
      return true;
    },
    { timeoutMs, what: 'the page' },
  );
const BUDGET_GZIP_BYTES = 250 * 1024;

/**
 * The web console in a real browser (Debian's Chromium, headless) against the real API on the
 * embedded default, seeded through REST. The suite builds the console first, as `npm start`
 * does, and saves a screenshot of each page under tests/e2e/console/screenshots/.
 */
describe('web console in Chromium (embedded default, seeded)', () => {
  let server: ConsoleApp;
  let receiver: WebhookReceiver;
  let data: ConsoleData;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seen: ReturnType<typeof watch>;

  const consoleUrl = (fragment = '') => `${server.baseUrl}/console/${fragment}`;
  const caseUrl = (caseId: string) => consoleUrl(`#/cases/${caseId}`);

  beforeAll(async () => {
    await buildConsole();
    receiver = await WebhookReceiver.start();
    server = await startConsoleApp({
      ALLOW_HTTP_WEBHOOKS: 'true',
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    });
    data = await seedConsoleData(server.api, server.baseUrl, receiver.url('/shelter'));
    await post(server.api, server.adminKey, '/v1/admin/audit/anchors').expect(201);
    await server.projected();
    browser = await launchChromium();
    context = await browser.newContext({
      acceptDownloads: true,
      locale: 'en-GB',
      timezoneId: 'Asia/Karachi',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    seen = watch(page);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  async function signIn(target: Page, key: string) {
    await target.goto(consoleUrl());
    await target.getByLabel('API key').fill(key);
    await target.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in with an API key, asks the auditor for a purpose once, and names agency and role', async () => {
    await page.goto(consoleUrl());
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, '01-sign-in');

    await page.getByLabel('API key').fill('not-a-key-of-this-service');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();

    await page.getByLabel('API key').fill(data.keys.oversight.auditor);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Purpose of your review' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, '02-purpose');
    await page.getByLabel('Purpose', { exact: true }).fill(AUDIT_PURPOSE);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    const identity = page.getByTestId('identity');
    await expect(identity.textContent()).resolves.toContain(AGENCY_NAMES.oversight);
    await expect(identity.textContent()).resolves.toContain('Auditor');
    await expect(identity.textContent()).resolves.toContain(AUDIT_PURPOSE);
    expect(await page.evaluate("sessionStorage.getItem('safe-referral.console.api-key')")).toBe(
      data.keys.oversight.auditor,
    );
    // Once per session: a reload keeps key and purpose.
    await page.reload();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  });

  it('lists the cases the auditor may see, filters by status and pages with the cursor', async () => {
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(25);
    await expectAccessible(page);
    await screenshot(page, '03-cases');

    const firstOfPageOne = await rows.first().textContent();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await settles(async () => expect(await rows.first().textContent()).not.toBe(firstOfPageOne));
    const total = 25 + (await rows.count());
    expect(total).toBe(data.demoCases + 2);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await settles(async () => expect(await rows.first().textContent()).toBe(firstOfPageOne));

    await page.getByLabel('Status').selectOption('closed');
    await settles(async () => {
      const statuses = await page.locator('table tbody tr td:nth-child(2)').allTextContents();
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['Closed']));
    });
    await page.getByLabel('Status').selectOption('');
  });

  it('shows a case: summary, the referral path with its agencies, hours and notifications', async () => {
    const { caseId, version } = data.pathCase;
    await page.goto(caseUrl(caseId));
    const handOffs = page.locator('ol.timeline > li');
    await settles(async () => expect(await handOffs.count()).toBe(2));
    const [toShelter, toSwd] = await handOffs.allTextContents();
    expect(toShelter).toContain(`Referral from ${AGENCY_NAMES.fia} to ${AGENCY_NAMES.shelter}`);
    expect(toShelter).toMatch(/Accepted.*Emergency/);
    expect(toShelter).toContain('Shelter, Medical');
    expect(toShelter).toContain('Hours to acknowledge');
    expect(toSwd).toContain(`Referral from ${AGENCY_NAMES.fia} to ${AGENCY_NAMES.swd}`);
    expect(toSwd).toContain('Declined');
    expect(toSwd).toContain('No capacity');
    // The shelter's webhook received the referral: its notification is delivered.
    await settles(async () => {
      await page.reload();
      expect(
        await handOffs.first().locator('.notifications').textContent({ timeout: 10_000 }),
      ).toMatch(new RegExp(`referral\\.requested to ${AGENCY_NAMES.shelter}: delivered`));
    }, 60_000);

    const summary = page.getByTestId('case-summary');
    expect(await summary.textContent()).toContain(AGENCY_NAMES.fia);
    expect(await summary.textContent()).toContain(`Version${version}`);
    const badge = page.getByTestId('integrity-badge');
    await settles(async () => expect(await badge.getAttribute('data-state')).toBe('verified'));
    expect(await badge.textContent()).toContain(`Chain verified (${version} events)`);
    expect(await badge.textContent()).toContain('Newest anchor verified');
    // Personal data stays out of the page until asked for.
    expect(await page.content()).not.toContain(PERSONAL.fullName);
    await expectAccessible(page);
    await screenshot(page, '04-case');
  });

  it('replays the case at the version the slider points at', async () => {
    const { version } = data.pathCase;
    const slider = page.getByRole('slider', { name: 'Replay the case at version' });
    const status = page.getByTestId('replay-status');
    expect(await slider.getAttribute('aria-valuetext')).toBe(`Version ${version} of ${version}`);
    await slider.focus();
    await page.keyboard.press('Home');
    await settles(async () =>
      expect(await status.textContent()).toContain(`version 1 of ${version}`),
    );
    expect(await slider.getAttribute('aria-valuetext')).toBe(`Version 1 of ${version}`);
    await settles(async () =>
      expect(await page.getByTestId('case-summary').textContent()).toContain('Version1'),
    );
    await page.getByText('No referral or transfer yet.').waitFor();

    // Version 6 (opened, screened, reflection period, consent, referral, acknowledgement): the
    // shelter has acknowledged the referral and not yet accepted it.
    await slider.fill('6');
    await settles(async () =>
      expect(await status.textContent()).toContain(`version 6 of ${version}`),
    );
    const handOffs = page.locator('ol.timeline > li');
    await settles(async () => expect(await handOffs.count()).toBe(1));
    expect(await handOffs.first().textContent()).toContain('Acknowledged');
    expect(await handOffs.first().textContent()).not.toContain('Accepted');
    await screenshot(page, '05-case-replayed');

    await page.getByRole('button', { name: 'Back to the current version' }).click();
    await settles(async () => expect(await handOffs.count()).toBe(2));
    expect(await status.textContent()).toContain(`current version (${version})`);
  });

  it('shows personal data only when toggled, and the access log records that read', async () => {
    const logRows = page.locator('section[aria-labelledby="access-log-title"] tbody tr');
    await logRows.first().waitFor();
    const before = await logRows.count();
    // The page read the case without its personal data, and the log says none was shown.
    const shown = async (row: number) =>
      (await logRows.nth(row).locator('td').nth(5).textContent())?.trim();
    for (let row = 0; row < before; row++) {
      if ((await logRows.nth(row).textContent())?.includes('Read the case')) {
        expect(await shown(row)).toBe('No');
      }
    }
    await page.getByRole('button', { name: 'Show personal data' }).click();
    await page.getByText(PERSONAL.fullName).waitFor();
    expect(
      await page.getByRole('button', { name: 'Hide personal data' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await settles(async () => expect(await logRows.count()).toBeGreaterThan(before));
    const last = await logRows.last().textContent();
    expect(last).toContain(AGENCY_NAMES.oversight);
    expect(last).toContain('Read the case');
    expect(last).toContain(AUDIT_PURPOSE);
    expect(await shown((await logRows.count()) - 1)).toBe('Yes');
    await page.getByRole('button', { name: 'Hide personal data' }).click();
    expect(await page.content()).not.toContain(PERSONAL.fullName);
  });

  it('downloads the signed audit bundle', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the audit bundle' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`audit-bundle-${data.pathCase.caseId}.json`);
    const bundle = JSON.parse(await readFile((await download.path())!, 'utf8')) as Json;
    expect(bundle).toMatchObject({
      format: 'safe-referral.audit-bundle.v1',
      caseId: data.pathCase.caseId,
      signature: { algorithm: 'Ed25519' },
    });
    expect(bundle.events).toHaveLength(data.pathCase.version);
  });

  it(`makes the case page of a ${LONG_CASE_EVENTS}-event case interactive (time printed, not asserted)`, async () => {
    const { caseId, version, handOffs } = data.longCase;
    expect(version).toBe(LONG_CASE_EVENTS);
    // A full page load, as from a bookmark: the key is still in the tab's sessionStorage.
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(caseUrl(caseId));
    const slider = page.getByRole('slider', { name: 'Replay the case at version' });
    await settles(async () => {
      expect(await page.locator('ol.timeline > li').count()).toBe(handOffs);
      expect(await slider.isEnabled()).toBe(true);
    });
    const interactiveMs = Date.now() - started;
    await page
      .getByTestId('integrity-badge')
      .and(page.locator('[data-state="verified"]'))
      .waitFor();
    const verifiedMs = Date.now() - started;
    process.stdout.write(
      `console budget: the case page of a ${version}-event case (${handOffs} hand-offs) was ` +
        `interactive after ${interactiveMs} ms, its chain and the newest anchor verified after ${verifiedMs} ms\n`,
    );
    await screenshot(page, '06-case-200-events');
  });

  it('turns the integrity badge red, naming the version, once an event is changed in the database', async () => {
    const { caseId } = data.pathCase;
    const sql = server.app.get<SqlClient>(SQL_CLIENT);
    const streamId = `case-${caseId}`;
    const { rows } = await sql.query<{ data: Json }>(
      'SELECT data FROM events WHERE stream_id = $1 AND version = 4',
      [streamId],
    );
    // As the database's owner would: the append-only guard goes first.
    await sql.query('ALTER TABLE events DISABLE TRIGGER events_no_change');
    try {
      await sql.query('UPDATE events SET data = $1::json WHERE stream_id = $2 AND version = 4', [
        JSON.stringify({ ...rows[0].data, method: 'verbal' }),
        streamId,
      ]);
    } finally {
      await sql.query('ALTER TABLE events ENABLE TRIGGER events_no_change');
    }

    await page.goto(caseUrl(caseId));
    const badge = page.getByTestId('integrity-badge');
    await settles(async () => expect(await badge.getAttribute('data-state')).toBe('broken'));
    expect(await badge.textContent()).toContain('Chain broken at version 4');
    const colour = await page.evaluate(
      "getComputedStyle(document.querySelector('[data-testid=integrity-badge]')).color",
    );
    expect(colour).toBe('rgb(143, 29, 29)');
    await screenshot(page, '07-case-tampered');
  });

  it('switches to Urdu: the page turns right-to-left', async () => {
    await page.getByRole('button', { name: 'Show the console in Urdu' }).click();
    await settles(async () =>
      expect(await page.evaluate('document.documentElement.dir')).toBe('rtl'),
    );
    expect(await page.evaluate('document.documentElement.lang')).toBe('ur');
    await page.getByRole('heading', { name: 'ریفرل کا راستہ' }).waitFor();
    expect(await page.getByRole('navigation').first().textContent()).toContain('کیسز');
    expect(await page.getByTestId('integrity-badge').textContent()).toContain(
      'ورژن 4 پر زنجیر ٹوٹی ہوئی ہے',
    );
    await expectAccessible(page);
    await screenshot(page, '08-case-urdu');
    await page.getByRole('button', { name: 'کنسول انگریزی میں دکھائیں' }).click();
    await settles(async () =>
      expect(await page.evaluate('document.documentElement.dir')).toBe('ltr'),
    );
  });

  it('shows statistics to an officer with suppressed cells as “fewer than 5”, never 0', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(
      await page.evaluate(
        "[sessionStorage.getItem('safe-referral.console.api-key'), sessionStorage.getItem('safe-referral.console.purpose')]",
      ),
    ).toEqual([null, null]);
    const chartsBefore = seen.requests.filter((url) => url.includes('/assets/statistics.page-'));
    expect(chartsBefore).toEqual([]);

    await signIn(page, data.keys.fia.officer);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await page.getByRole('link', { name: 'Statistics' }).click();
    const province = page.locator('section[aria-labelledby="victims-province-title"]');
    await province.locator('table tbody tr').first().waitFor();

    const answer = (
      await get(server.api, data.keys.fia.officer, '/v1/statistics/victims', {
        query: { groupBy: 'province' },
      }).expect(200)
    ).body as Json;
    expect(answer.k).toBe(5);
    const expected = (answer.items as Json[]).map(
      (item) =>
        `${en.province[item.province as keyof typeof en.province]}|${
          item.suppressed ? 'fewer than 5' : String(item.count)
        }`,
    );
    const shown = await province
      .locator('table tbody tr')
      .evaluateAll((rows) =>
        rows.map(
          (row) =>
            `${row.querySelector('th')?.textContent}|${row.querySelector('td')?.textContent}`,
        ),
      );
    expect(shown).toEqual(expected);
    expect((answer.items as Json[]).some((item) => item.suppressed)).toBe(true);

    const sexByType = page.locator('section[aria-labelledby="victims-sex-exploitation-title"]');
    await sexByType.locator('td.suppressed').first().waitFor();
    expect(await sexByType.locator('td.suppressed').allTextContents()).toEqual(
      expect.arrayContaining(['fewer than 5']),
    );
    for (const id of [
      'victims-sex-exploitation',
      'victims-province',
      'victims-crimeType',
      'referral-funnel',
      'hours-to-acknowledge',
    ]) {
      await page.locator(`section[aria-labelledby="${id}-title"] .chart svg`).first().waitFor();
    }
    await page.locator('section[aria-labelledby="glotip-title"] table').first().waitFor();
    expect(seen.requests.some((url) => url.includes('/assets/statistics.page-'))).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      province.getByRole('button', { name: /Download CSV/ }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('province,count,suppressed');
    await expectAccessible(page);
    await screenshot(page, '09-statistics');

    await page.getByRole('button', { name: 'Show the console in Urdu' }).click();
    await page.getByRole('heading', { name: 'اعداد و شمار' }).waitFor();
    expect(await province.locator('td.suppressed').first().textContent()).toBe('5 سے کم');
    await expectAccessible(page);
    await screenshot(page, '10-statistics-urdu');
  });

  it('made no request outside its own origin and met no script error or refused resource', () => {
    const elsewhere = seen.requests.filter(
      (url) =>
        !url.startsWith(server.baseUrl) && !url.startsWith('blob:') && !url.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    expect(seen.problems).toEqual([]);
  });

  it('keeps the initial JavaScript within 250 KB gzip, the charts out of it', async () => {
    const manifest = JSON.parse(
      await readFile(join(ROOT, 'dist/console/.vite/manifest.json'), 'utf8'),
    ) as Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;
    const initial = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (initial.has(chunk.file)) return;
      initial.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
    let gzipBytes = 0;
    for (const file of initial) {
      const code = await readFile(join(ROOT, 'dist/console', file));
      gzipBytes += gzipSync(code, { level: 9 }).length;
      expect(code.toString()).not.toContain('plot-d6a7b5');
    }
    process.stdout.write(
      `console budget: initial JavaScript ${(gzipBytes / 1024).toFixed(1)} KB gzip (${[...initial].join(', ')})\n`,
    );
    expect(gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect([...initial].some((file) => file.includes('statistics.page'))).toBe(false);
  });
});
