// The web console driven in a real headless Chromium (Debian's, through puppeteer-core): the table
// shows apps started by the CLI, a restart clicked in the page restarts the app, a rollback clicked
// applies the earlier revision, a changed file shows as out of sync, logs stream. Each page is saved as a screenshot for docs/web.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { chromiumPath, whyMissing } from '../support/tools.js';
import { startWeb, type RunningWeb } from '../support/web-fixture.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');
/** docs/web when TEND_UPDATE_SCREENSHOTS=1 (refreshing docs/web.md), else the test's own temp dir: a run leaves the tree clean. */
let shots = join(repoRoot, 'docs/web');
const noChromium = whyMissing('chromium');

// The few DOM shapes the functions run in the page use (the project compiles without the DOM library).
interface PageElement {
  textContent: string | null;
  hidden: boolean;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};
const text = (element: unknown): string => (element as PageElement).textContent ?? '';

function ecosystem(greeting: string): string {
  return `apps:\n  - name: greeter\n    script: ${ticker}\n    env:\n      GREETING: ${greeting}\n      API_TOKEN: hidden-from-the-page\n`;
}

describe('tend web in a browser', { skip: noChromium }, () => {
  let t: TestHome;
  let file: string;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;
  const online = async (name: string) => (await t.jlist()).find((r) => r.name === name && r.pm2_env.status === 'online');

  before(async () => {
    t = makeHome('tend-web-ui-');
    if (process.env.TEND_UPDATE_SCREENSHOTS !== '1') shots = t.dir;
    file = join(t.dir, 'ecosystem.yaml');
    for (const greeting of ['one', 'two']) {
      writeFileSync(file, ecosystem(greeting));
      const applied = await t.tend(['apply', file]);
      assert.equal(applied.code, 0, applied.stderr);
    }
    const started = await t.tend(['start', ticker, '--name', 'worker']);
    assert.equal(started.code, 0, started.stderr);
    web = await startWeb(t.home);
    browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 640 });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t.cleanup();
  });

  test('the table shows the apps started by the CLI, live', async () => {
    await page.goto(`${web.url}?token=${web.token()}`);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    for (const name of ['greeter', 'worker']) {
      await page.waitForFunction((app) => document.querySelector(`tr[data-app="${app}"] [data-field="status"]`)?.textContent === 'online', {}, name);
    }
    const pid = await page.$eval('tr[data-app="worker"] [data-field="pid"]', text);
    assert.equal(Number(pid), (await online('worker'))?.pid);
    await page.screenshot({ path: join(shots, 'apps.png') });
    await page.setViewport({ width: 390, height: 700 });
    await page.screenshot({ path: join(shots, 'apps-phone.png') });
    await page.setViewport({ width: 1280, height: 640 });
  });

  test('a restart clicked in the page (confirmed) restarts the app', async () => {
    const before = (await online('worker'))?.pid;
    assert.ok(before);
    await page.click('tr[data-app="worker"] button[data-action="restart"]');
    await page.waitForSelector('#confirm[open]');
    await page.screenshot({ path: join(shots, 'confirm.png') });
    await page.click('#confirm-ok');
    const after = await waitFor('a new worker pid', async () => {
      const pid = (await online('worker'))?.pid;
      return pid && pid !== before ? pid : null;
    });
    // The table follows without a reload.
    await page.waitForFunction((pid) => document.querySelector('tr[data-app="worker"] [data-field="pid"]')?.textContent === String(pid), {}, after);
    const restarts = (await t.jlist()).find((r) => r.name === 'worker')?.pm2_env.restart_time;
    assert.equal(restarts, 1);
  });

  test('a rollback clicked in the history applies the earlier revision', async () => {
    await page.click('tr[data-app="greeter"] button[data-action="history"]');
    await page.waitForSelector('#revisions tr[data-revision="1"] button[data-action="rollback"]');
    const changed = await page.$eval('#revisions tr[data-revision="2"]', text);
    assert.match(changed, /\/env\/GREETING/);
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
    await page.click('#revisions tr[data-revision="1"] button[data-action="rollback"]');
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-ok');
    await waitFor('greeter back at GREETING=one', async () => (await online('greeter'))?.pm2_env.env.GREETING === 'one');
    await page.waitForFunction(() => /rolled greeter back to r1/.test(document.querySelector('#message')?.textContent ?? ''));
    assert.doesNotMatch(await page.content(), /hidden-from-the-page/);
  });

  test("a changed file shows as out of sync, with the plan's fields", async () => {
    writeFileSync(file, ecosystem('three'));
    await page.click('.tab[data-page="apps"]');
    await page.click('.tab[data-page="sources"]');
    const box = `#file-sources section[data-source="${file}"]`;
    await page.waitForFunction((selector) => document.querySelector(`${selector} [data-field="status"]`)?.textContent === 'out of sync', {}, box);
    const rows = await page.$$eval(`${box} tbody tr`, (items) => items.map((item) => (item as unknown as PageElement).textContent ?? ''));
    assert.ok(
      rows.some((row) => row.includes('/env/GREETING') && row.includes('"one" → "three"')),
      rows.join('\n'),
    );
    assert.doesNotMatch(await page.content(), /hidden-from-the-page/);
    await page.screenshot({ path: join(shots, 'desired-state.png'), fullPage: true });

    const applied = await t.tend(['apply', file]);
    assert.equal(applied.code, 0, applied.stderr);
    await page.click('#sources-refresh');
    await page.waitForFunction((selector) => document.querySelector(`${selector} [data-field="status"]`)?.textContent === 'in sync', {}, box);
  });

  test('logs stream into the page, filtered and paused', async () => {
    await page.click('.tab[data-page="logs"]');
    await page.waitForFunction(() => [...document.querySelectorAll('#log-lines li')].some((li) => /worker \| tick \d+/.test(li.textContent ?? '')), {
      timeout: 15_000,
    });
    await page.waitForFunction(() => [...document.querySelectorAll('#log-lines li')].some((li) => /greeter \| tick \d+/.test(li.textContent ?? '')), {
      timeout: 15_000,
    });
    await page.screenshot({ path: join(shots, 'logs.png') });
    await page.type('#log-filter', 'greeter');
    await page.waitForFunction(() => {
      const lines = [...document.querySelectorAll('#log-lines li')];
      return lines.some((li) => !li.hidden) && lines.every((li) => li.hidden || (li.textContent ?? '').includes('greeter'));
    });
    await page.click('#log-pause');
    const shown = await page.$$eval('#log-lines li', (items) => items.length);
    // While paused, new lines are held back (the app writes more meanwhile); resuming shows them.
    const logFile = join(t.home, 'logs', 'worker-out.log');
    const written = readFileSync(logFile, 'utf8').split('\n').length;
    await waitFor('the app to log more', () => readFileSync(logFile, 'utf8').split('\n').length > written + 1);
    assert.equal(await page.$$eval('#log-lines li', (items) => items.length), shown);
    await page.click('#log-pause');
    await page.waitForFunction((count) => document.querySelectorAll('#log-lines li').length > count, { timeout: 15_000 }, shown);
  });
});
