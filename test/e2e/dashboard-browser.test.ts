/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core. An official asks
 * for the link in the chat (the real WeCom envelope), opens it, presses the button, sees the charts with the
 * right numbers and only their own county, on a desktop and on a phone; screenshots go to artifacts/screenshots.
 *
 * Without /usr/bin/chromium (.ci/run installs it) the suite is skipped when run by hand, and FAILS under
 * CI=true: a browser test that silently does not run would prove nothing.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { fileBurdenReport, linkFromChat } from '../helpers/dashboard-session';
import { removeDir, useChatApp } from '../helpers/start-test-app';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(__dirname, '..', '..', 'artifacts', 'screenshots');
const START = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai

const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true') console.warn(`dashboard browser test SKIPPED: no ${CHROMIUM} (apt-get install -y chromium; .ci/run does it)`);

describe('the dashboard in Chromium', () => {
  if (!present && process.env.CI === 'true') {
    it('needs Chromium under CI', () => {
      throw new Error(`${CHROMIUM} is missing: .ci/run should have installed Debian's chromium`);
    });
    return;
  }
  // Skipped only by hand on a machine without Chromium (see above); CI fails instead.
  const maybe = present ? describe : describe.skip;
  maybe('logged in from the chat', () => {
    jest.setTimeout(120_000);
    let context: BrowserContext | undefined;
    let profile: string | undefined;
    // Declared before the app's hooks so that it runs first: the browser lets go of its connections before
    // the server waits for them to close.
    afterAll(async () => {
      await context?.close();
      if (profile) removeDir(profile);
    });
    const app = useChatApp(START);

    beforeAll(async () => {
      for (const user of ['demo-teacher', 'zhaoyan', 'sunhao', 'szs-teacher-1']) await fileBurdenReport(app, user);
      mkdirSync(SHOTS, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'jianfu-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 } });
    });
    it('logs in with the link, sees its county in the charts with the right numbers, and no other county', async () => {
      const page = await context!.newPage();
      await page.goto(await linkFromChat(app, 'demo-official'));
      await page.getByRole('button', { name: '进入看板' }).click();
      await page.waitForURL(/\/dashboard$/);
      await page.getByRole('heading', { name: '永宁县教育局 减负工作总览' }).waitFor();
      const bar = page.locator('#cases-open svg g.bar[data-label="永宁县"]');
      expect(await bar.getAttribute('data-value')).toBe('3');
      expect(await bar.locator('text').last().textContent()).toBe('3');
      expect(await page.locator('#cases-open tbody tr').first().locator('td').allTextContents()).toEqual(['0', '3', '0', '0', '0', '0', '0', '0', '3']);
      const body = await page.locator('body').innerText();
      expect(body).not.toContain('大武口区');
      // The scope is the session's: a parameter cannot widen it.
      await page.goto(`${app.t.app.url}/dashboard?org=NX-SZS-DWK`);
      expect(await page.locator('body').innerText()).not.toContain('大武口区');
      // The cookie is out of the page's reach.
      // (Expressions as strings: the project's TypeScript has no DOM types.)
      expect(await page.evaluate('document.cookie')).toBe('');
      await page.goto(`${app.t.app.url}/dashboard`);
      await page.screenshot({ path: join(SHOTS, 'dashboard-desktop.png'), fullPage: true });
      await page.close();
    });

    it('is usable on a phone, and the other county sees only its own masked case', async () => {
      const page = await context!.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(await linkFromChat(app, 'dwk-official'));
      await page.getByRole('button', { name: '进入看板' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(await page.locator('#cases-open svg g.bar[data-label="大武口区"]').getAttribute('data-value')).toBe('<3');
      expect(await page.locator('body').innerText()).not.toContain('永宁县');
      // Nothing but the tables scrolls sideways on a phone.
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'dashboard-phone.png'), fullPage: true });
      await page.close();
    });
  });
});
