// A git sync source whose address carries a password (`http://user:password@host/repo.git`, served
// here over HTTP with basic auth): the password is used to fetch and never shown — not by
// `tend sync status|list|diff|history` (text or --json), not in a failed fetch's error or the daemon's
// log, not by `tend describe` of an app the source runs, not by the web console's desired-state data
// (the sources and a source's diff).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, type TestHome } from '../support/daemon.js';
import { serveGitOverHttp, type GitHttpServer } from '../support/git-http.js';
import { WorkRepo, ecosystemYaml } from '../support/sync-fixture.js';
import { startWeb, type RunningWeb } from '../support/web-fixture.js';

const password = 'pa55-never-shown';
const user = 'deployer';

describe('git sync: the password in a repository address is never shown', () => {
  let t: TestHome;
  let repo: WorkRepo;
  let server: GitHttpServer;
  let web: RunningWeb | undefined;

  before(async () => {
    t = makeHome('tend-sync-creds-');
    repo = WorkRepo.create(t.dir, [{ name: 'site-web', greeting: 'hello' }]);
    server = await serveGitOverHttp(repo.dir, user, password);
  });
  after(async () => {
    await web?.stop();
    await t.cleanup();
    await server.close();
  });

  /** What a user sees: it names the repository's host, and never the password. */
  function assertHidden(text: string, what: string): void {
    assert.ok(!text.includes(password), `${what} shows the password:\n${text}`);
  }

  test('sync add fetches with the password; add, list and status show the address without it', async () => {
    const added = await t.tend(['sync', 'add', 'site', '--repo', server.url(user, password), '--path', 'ecosystem.yaml', '--interval', 'off']);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    assert.ok(server.authorized > 0, 'git fetched with the credentials');
    assertHidden(added.stdout + added.stderr, 'sync add');
    for (const args of [
      ['sync', 'status', 'site', '--json'],
      ['sync', 'status', 'site'],
      ['sync', 'list', '--json'],
      ['sync', 'list'],
      ['sync', 'history', 'site', '--json'],
      // The apps run from a checkout of the source: their git metadata names the repository too.
      ['jlist'],
      ['describe', 'site-web'],
    ]) {
      const shown = await t.tend(args);
      assert.equal(shown.code, 0, shown.stderr);
      assertHidden(shown.stdout + shown.stderr, args.join(' '));
    }
    const [status] = JSON.parse((await t.tend(['sync', 'status', 'site', '--json'])).stdout) as { config: { repo: string } }[];
    assert.match(status?.config.repo ?? '', /^http:\/\/.*@127\.0\.0\.1:\d+\/repo\.git$/, 'the address is shown, its credentials hidden');
    assert.ok(!status?.config.repo.includes(user), 'the user name goes with the password');
  });

  test('sync diff (text and --json) shows the plan of a new commit without the password', async () => {
    repo.commit('new greeting', { 'ecosystem.yaml': ecosystemYaml([{ name: 'site-web', greeting: 'hi' }]) });
    server.publish();
    const json = await t.tend(['sync', 'diff', 'site', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assertHidden(json.stdout + json.stderr, 'sync diff --json');
    const diff = JSON.parse(json.stdout) as { outcome: string; plan: { steps: { app: string; paths: string[] }[] } };
    assert.equal(diff.outcome, 'preview');
    assert.deepEqual(
      diff.plan.steps.map((step) => [step.app, step.paths]),
      [['site-web', ['/env/GREETING']]],
    );
    const text = await t.tend(['sync', 'diff', 'site']);
    assert.match(text.stdout, /env\.GREETING: "hello" → "hi"/);
    assertHidden(text.stdout + text.stderr, 'sync diff');
  });

  test("the web console's desired-state data shows the source and its diff without the password", async () => {
    web = await startWeb(t.home);
    const headers = { Authorization: `Bearer ${web.token()}` };
    const sources = await fetch(`${web.url}api/sources`, { headers });
    assert.equal(sources.status, 200);
    const body = await sources.text();
    assertHidden(body, 'GET /api/sources');
    const { syncs } = JSON.parse(body) as { syncs: { name: string; repo: string }[] };
    assert.match(syncs.find((sync) => sync.name === 'site')?.repo ?? '', /@127\.0\.0\.1:\d+\/repo\.git$/);
    const diff = await fetch(`${web.url}api/sync/site/diff`, { headers });
    assert.equal(diff.status, 200);
    const diffBody = await diff.text();
    assertHidden(diffBody, 'GET /api/sync/site/diff');
    assert.match(diffBody, /GREETING/);
    for (const path of ['api/apps', 'api/apps/site-web/history']) {
      const response = await fetch(`${web.url}${path}`, { headers });
      assertHidden(await response.text(), `GET /${path}`);
    }
  });

  test('a fetch refused by the server fails without showing the password, in the error and in the status', async () => {
    server.password = 'rotated-on-the-server';
    const failed = await t.tend(['sync', 'now', 'site']);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /E_SYNC_FETCH/);
    assertHidden(failed.stdout + failed.stderr, 'sync now (fetch refused)');
    const status = await t.tend(['sync', 'status', 'site', '--json']);
    assertHidden(status.stdout, 'sync status --json after a failed fetch');
    const history = await t.tend(['sync', 'history', 'site', '--json']);
    assertHidden(history.stdout, 'sync history --json');
    const json = await t.tend(['sync', 'now', 'site', '--json']);
    assertHidden(json.stdout + json.stderr, 'sync now --json (fetch refused)');
    const daemonLog = await t.tend(['logs', '--daemon', '--nostream', '--lines', '200']);
    assertHidden(daemonLog.stdout, "the daemon's log");
  });
});
