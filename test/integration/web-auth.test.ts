// The web console's access rules over plain HTTP (no browser needed): every request needs the token,
// API calls only as a header, the token file is 0600 and rotatable (at once, in a running console), no
// secret env value is sent, and an app's metrics carry its samples and crash restarts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { startWeb, type RunningWeb } from '../support/web-fixture.js';
import type { AppMetrics } from '../../src/protocol/messages.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

describe('tend web: access token', () => {
  let t: TestHome;
  let web: RunningWeb;
  let file: string;
  const ecosystem = (secret: string) => `apps:\n  - name: keeper\n    script: ${ticker}\n    env:\n      API_TOKEN: ${secret}\n      GREETING: hello\n`;
  before(async () => {
    t = makeHome('tend-web-auth-');
    file = join(t.dir, 'ecosystem.yaml');
    writeFileSync(file, ecosystem('never-sent-to-browsers'));
    const applied = await t.tend(['apply', file]);
    assert.equal(applied.code, 0, applied.stderr);
    web = await startWeb(t.home);
  });
  after(async () => {
    await web?.stop();
    await t.cleanup();
  });

  test('requests without the token get 401; with it as a header they work', async () => {
    const token = web.token();
    // The first start prints the token (the line after the address).
    await waitFor('the token printed', () => web.output().includes(`?token=${token}`));
    assert.equal((statSync(join(t.home, 'web-token')).mode & 0o777).toString(8), '600');

    assert.equal((await fetch(web.url)).status, 401);
    assert.equal((await fetch(`${web.url}?token=wrong-token-wrong-token`)).status, 401);
    assert.equal((await fetch(`${web.url}?token=${token}`)).status, 200);
    assert.equal((await fetch(`${web.url}api/apps`)).status, 401);
    assert.equal((await fetch(`${web.url}api/logs`)).status, 401);
    // The query (what a link from another site could carry) or a cookie never authorizes an API call.
    assert.equal((await fetch(`${web.url}api/apps/keeper/restart?token=${token}`, { method: 'POST' })).status, 401);
    assert.equal((await fetch(`${web.url}api/apps/keeper/restart`, { method: 'POST', headers: { Cookie: `token=${token}` } })).status, 401);

    // The page sets a cookie so that a reload (its address has no token any more) is let in; the API ignores it.
    const opened = await fetch(`${web.url}?token=${token}`);
    const cookie = /^(tend-web-\d+=[^;]+);.*HttpOnly; SameSite=Strict/.exec(opened.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(cookie, opened.headers.get('set-cookie') ?? 'no cookie');
    assert.equal((await fetch(web.url, { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await fetch(`${web.url}api/apps`, { headers: { Cookie: cookie } })).status, 401);
    assert.equal((await fetch(`${web.url}api/apps/keeper/restart`, { method: 'POST', headers: { Cookie: cookie } })).status, 401);

    const apps = await fetch(`${web.url}api/apps`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(apps.status, 200);
    const rows = (await apps.json()) as Array<{ name: string; status: string }>;
    assert.deepEqual(
      rows.map((row) => row.name),
      ['keeper'],
    );
  });

  test('no secret env value reaches the browser', async () => {
    const headers = { Authorization: `Bearer ${web.token()}` };
    const bodies = await Promise.all(
      ['api/apps', 'api/apps/keeper/history', `?token=${web.token()}`].map(async (path) => (await fetch(`${web.url}${path}`, { headers })).text()),
    );
    for (const body of bodies) assert.doesNotMatch(body, /never-sent-to-browsers/);
    assert.match(bodies[1] ?? '', /"API_TOKEN":"\(sensitive\)"/);
    assert.match(bodies[1] ?? '', /"GREETING":"hello"/);

    // A changed secret shows in the desired-state plan as a changed path, its values redacted.
    writeFileSync(file, ecosystem('the-next-secret'));
    const sources = await (await fetch(`${web.url}api/sources`, { headers })).text();
    assert.doesNotMatch(sources, /never-sent-to-browsers|the-next-secret/);
    assert.match(sources, /"path":"\/env\/API_TOKEN","before":"\(sensitive\)","after":"\(sensitive\)"/);
    assert.match(sources, /"status":"out of sync"/);
  });

  test("an app's metrics: the daemon's samples and its crash restarts, numbers only", async () => {
    const crasher = join(repoRoot, 'test/fixtures/apps/crasher.cjs');
    const started = await t.tend(['start', crasher, '--name', 'crasher', '--max-restarts', '2'], {
      env: { EXIT_CODE: '3', AFTER_MS: '2500', CRASH_TOKEN: 'not-for-browsers' },
    });
    assert.equal(started.code, 0, started.stderr);
    const headers = { Authorization: `Bearer ${web.token()}` };
    const metrics = await waitFor('two crash restarts marked', async () => {
      const body = (await (await fetch(`${web.url}api/apps/crasher/metrics`, { headers })).json()) as AppMetrics;
      const events = body.instances[0]?.events ?? [];
      return events.filter((event) => event.kind === 'restart').length >= 2 ? body : null;
    });
    assert.equal(metrics.name, 'crasher');
    assert.equal(metrics.windowMs, 3_600_000);
    const crash = metrics.instances[0]?.events.find((event) => event.kind === 'exit');
    assert.deepEqual({ code: crash?.code, signal: crash?.signal, willRestart: crash?.willRestart }, { code: 3, signal: null, willRestart: true });
    assert.doesNotMatch(JSON.stringify(metrics), /not-for-browsers/);
    assert.equal((await fetch(`${web.url}api/apps/nobody/metrics`, { headers })).status, 404);
    assert.equal((await t.tend(['delete', 'crasher'])).code, 0);
  });

  test('a port already in use is E_WEB_LISTEN', async () => {
    const port = new URL(web.url).port;
    const second = await t.tend(['web', '--port', port]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /E_WEB_LISTEN/);
  });

  test('a rotation takes effect in a console that runs: the old token is refused at once', async () => {
    const old = web.token();
    const second = await startWeb(t.home, ['--rotate-token']);
    try {
      const fresh = web.token();
      assert.notEqual(fresh, old);
      // The new token is printed once (the line after the address).
      await waitFor('the new token printed', () => second.output().includes(`?token=${fresh}`));
      assert.equal((await fetch(`${web.url}api/apps`, { headers: { Authorization: `Bearer ${old}` } })).status, 401);
      assert.equal((await fetch(`${web.url}?token=${old}`)).status, 401);
      assert.equal((await fetch(`${web.url}api/apps`, { headers: { Authorization: `Bearer ${fresh}` } })).status, 200);
    } finally {
      await second.stop();
    }
  });

  test('--rotate-token replaces the token; the old one is refused', async () => {
    const old = web.token();
    await web.stop();
    web = await startWeb(t.home, ['--rotate-token']);
    const fresh = web.token();
    assert.notEqual(fresh, old);
    assert.equal((await fetch(`${web.url}api/apps`, { headers: { Authorization: `Bearer ${old}` } })).status, 401);
    assert.equal((await fetch(`${web.url}api/apps`, { headers: { Authorization: `Bearer ${fresh}` } })).status, 200);
    assert.equal((statSync(join(t.home, 'web-token')).mode & 0o777).toString(8), '600');
  });
});
