// The web console driven in a real headless Chromium (Debian's, through puppeteer-core): the table
// shows apps started by the CLI, a restart clicked in the page restarts the app and is marked on the
// app's charts (the daemon's last hour of samples), a rollback clicked applies the earlier revision,
// a changed file and a new commit of a git sync source show as out of sync with the plan's fields,
// logs stream. Each page is saved as a screenshot for docs/web.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { chromiumPath, whyMissing } from '../support/tools.js';
import { startWeb, type RunningWeb } from '../support/web-fixture.js';
import { WorkRepo, ecosystemYaml } from '../support/sync-fixture.js';
import type { AppMetrics } from '../../src/protocol/messages.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');
/** docs/web when TEND_UPDATE_SCREENSHOTS=1 (refreshing docs/web.md), else the test's own temp dir: a run leaves the tree clean. */
let shots = join(repoRoot, 'docs/web');
const noChromium = whyMissing('chromium');
/** axe-core, run in the page to check it against WCAG 2 A and AA (contrast, names, roles, focusable regions). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
interface AxeResult {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}
declare const axe: { run(context: unknown, options: unknown): Promise<AxeResult> };

async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (scripts by nonce only) stays as it is.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((node) => node.target.join(' '))
        .slice(0, 4)
        .join(', ')}`,
  );
}

// The few DOM shapes the functions run in the page use (the project compiles without the DOM library).
interface PageElement {
  textContent: string | null;
  hidden: boolean;
  dataset: Record<string, string | undefined>;
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
  let repo: WorkRepo;
  const online = async (name: string) => (await t.jlist()).find((r) => r.name === name && r.pm2_env.status === 'online');

  before(async () => {
    t = makeHome('tend-web-ui-');
    if (process.env.TEND_UPDATE_SCREENSHOTS !== '1') shots = t.dir;
    file = join(t.dir, 'ecosystem.yaml');
    for (const greeting of ['one', 'two']) {
      writeFileSync(file, ecosystem(greeting));
      // The daemon (started by the first command) samples every second, so the charts fill quickly.
      const applied = await t.tend(['apply', file], { env: { TEND_MONITOR_INTERVAL: '1000' } });
      assert.equal(applied.code, 0, applied.stderr);
    }
    const started = await t.tend(['start', ticker, '--name', 'worker']);
    assert.equal(started.code, 0, started.stderr);
    repo = WorkRepo.create(t.dir, [{ name: 'pages', greeting: 'hello' }]);
    const added = await t.tend(['sync', 'add', 'site', '--repo', repo.dir, '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
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

  test("the app's charts show the daemon's samples of the last hour, the restart marked", async () => {
    const metrics = async (): Promise<AppMetrics> =>
      (await (await fetch(`${web.url}api/apps/worker/metrics`, { headers: { Authorization: `Bearer ${web.token()}` } })).json()) as AppMetrics;
    await waitFor('two steps of worker samples', async () => ((await metrics()).instances[0]?.at.length ?? 0) >= 2, 60_000);
    const kinds = (await metrics()).instances[0]?.events.map((event) => event.kind);
    assert.deepEqual(kinds, ['exit', 'restart']);
    await page.click('tr[data-app="worker"] button[data-action="details"]');
    await page.waitForFunction(() => Number(document.querySelector('#chart-cpu')?.dataset.samples ?? 0) >= 2);
    await page.waitForSelector('#chart-cpu canvas');
    await page.waitForSelector('#chart-memory canvas');
    const events = await page.$$eval('#events li', (items) =>
      items.map((item) => `${(item as unknown as PageElement).dataset.kind}: ${(item as unknown as PageElement).textContent}`),
    );
    assert.match(events[0] ?? '', /^restart: .*id \d+: online again/);
    assert.match(events[1] ?? '', /^exit: .*id \d+: (ended by SIG\w+|exited with code \d+)/);
    // The keyboard lands on the panel it opened.
    await page.waitForFunction(() => (document as unknown as { activeElement: { id: string } | null }).activeElement?.id === 'details-title');
    await page.screenshot({ path: join(shots, 'charts.png'), fullPage: true });
    await page.setViewport({ width: 390, height: 700 });
    await page.click('tr[data-app="worker"] button[data-action="details"]');
    await page.waitForSelector('#chart-cpu canvas');
    await page.screenshot({ path: join(shots, 'charts-phone.png'), fullPage: true });
    await page.setViewport({ width: 1280, height: 640 });
  });

  test('a rollback clicked in the history applies the earlier revision', async () => {
    await page.click('tr[data-app="greeter"] button[data-action="details"]');
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

  test("a changed file and a new commit of a sync source show as out of sync, with the plan's fields", async () => {
    writeFileSync(file, ecosystem('three'));
    repo.commit('new greeting, a database password', {
      'ecosystem.yaml': `${ecosystemYaml([{ name: 'pages', greeting: 'hi' }])}      DB_PASSWORD: "never-in-the-page"\n`,
    });
    await page.click('.tab[data-page="apps"]');
    await page.click('.tab[data-page="sources"]');
    const box = `#file-sources section[data-source="${file}"]`;
    await page.waitForFunction((selector) => document.querySelector(`${selector} [data-field="status"]`)?.textContent === 'out of sync', {}, box);
    const rows = await page.$$eval(`${box} tbody tr`, (items) => items.map((item) => (item as unknown as PageElement).textContent ?? ''));
    assert.ok(
      rows.some((row) => row.includes('/env/GREETING') && row.includes('"one" → "three"')),
      rows.join('\n'),
    );

    // The git source: its head fetched and planned by the daemon (`tend sync diff`), nothing applied.
    const sync = '#sync-sources section[data-sync="site"]';
    await page.waitForSelector(`${sync} .sync-plan[data-planned="true"]`, { timeout: 60_000 });
    assert.equal(await page.$eval(`${sync} [data-field="status"]`, text), 'out-of-sync');
    const syncRows = await page.$$eval(`${sync} tbody tr`, (items) => items.map((item) => (item as unknown as PageElement).textContent ?? ''));
    assert.ok(
      syncRows.some((row) => row.includes('/env/GREETING') && row.includes('"hello" → "hi"')),
      syncRows.join('\n'),
    );
    const printed = await page.$eval(`${sync} pre`, text);
    assert.match(printed, /~ reload pages/);
    assert.match(printed, /env\.GREETING: "hello" → "hi"/);
    assert.match(printed, /env\.DB_PASSWORD: \(none\) → \(sensitive\)/);
    const content = await page.content();
    assert.doesNotMatch(content, /hidden-from-the-page|never-in-the-page/);
    assert.equal((await t.jlist()).find((r) => r.name === 'pages')?.pm2_env.env.GREETING, 'hello', 'a diff applies nothing');
    await page.screenshot({ path: join(shots, 'desired-state.png'), fullPage: true });

    const applied = await t.tend(['apply', file]);
    assert.equal(applied.code, 0, applied.stderr);
    await page.click('#sources-refresh');
    await page.waitForFunction((selector) => document.querySelector(`${selector} [data-field="status"]`)?.textContent === 'in sync', {}, box);

    // "Sync now" applies the commit of the plan on screen: a head that moved since is refused.
    const shown = (await t.tend(['sync', 'status', 'site', '--json'])).stdout;
    const planned = (JSON.parse(shown) as { head: string | null }[])[0]?.head ?? '';
    await page.waitForSelector(`${sync} .sync-plan[data-planned="true"]`, { timeout: 60_000 });
    repo.commit('greet howdy', { 'ecosystem.yaml': ecosystemYaml([{ name: 'pages', greeting: 'howdy' }]) });
    const syncNow = async (): Promise<string> => {
      await page.click(`${sync} button[data-action="now"]`);
      await page.waitForSelector('#confirm[open]');
      const question = await page.$eval('#confirm-text', text);
      await page.click('#confirm-ok');
      return question;
    };
    assert.match(await syncNow(), new RegExp(`applies ${planned.slice(0, 12)}, the plan shown`));
    await page.waitForFunction(() => /E_SYNC_HEAD_MOVED/.test(document.querySelector('#message')?.textContent ?? ''), { timeout: 60_000 });
    assert.equal((await online('pages'))?.pm2_env.env.GREETING, 'hello', 'the moved head was not applied');
    // The refresh that follows plans the new head; sync now under it applies it.
    await page.waitForFunction(
      (selector) => /howdy/.test(document.querySelector(`${selector} .sync-plan[data-planned="true"] pre`)?.textContent ?? ''),
      { timeout: 60_000 },
      sync,
    );
    assert.doesNotMatch(await syncNow(), new RegExp(planned.slice(0, 12)));
    await waitFor('pages greets howdy', async () => (await online('pages'))?.pm2_env.env.GREETING === 'howdy', 60_000);
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

  test('every page passes WCAG 2 AA checks (axe-core) on a laptop and a phone, and works from the keyboard', async () => {
    const problems: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 700 });
      for (const tab of ['apps', 'sources', 'logs']) {
        await page.click(`.tab[data-page="${tab}"]`);
        if (tab === 'sources') await page.waitForSelector('#sync-sources section[data-sync="site"] .sync-plan[data-planned="true"]', { timeout: 60_000 });
        if (tab === 'apps') {
          await page.click('tr[data-app="worker"] button[data-action="details"]');
          await page.waitForSelector('#chart-cpu canvas');
        }
        problems.push(...(await accessibilityProblems(page)).map((problem) => `${tab} at ${width}px: ${problem}`));
      }
    }
    assert.deepEqual(problems, []);

    // The keyboard alone: Tab reaches the pages, Enter opens one, a confirmation is cancelled with Escape.
    await page.setViewport({ width: 1280, height: 700 });
    await page.goto(web.url);
    await page.waitForSelector('tr[data-app="worker"] button[data-action="restart"]');
    const focused = () =>
      page.evaluate(() => (document as unknown as { activeElement: { textContent: string | null } | null }).activeElement?.textContent ?? '');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Apps');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Desired state');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#page-sources')?.hidden);
    await page.click('.tab[data-page="apps"]');
    await page.focus('tr[data-app="worker"] button[data-action="stop"]');
    const pid = (await online('worker'))?.pid;
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm[open]');
    assert.equal(await focused(), 'Cancel', 'the safe choice has the focus');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => /stop worker: cancelled/.test(document.querySelector('#message')?.textContent ?? ''));
    assert.equal((await online('worker'))?.pid, pid, 'nothing was stopped');
  });
});
