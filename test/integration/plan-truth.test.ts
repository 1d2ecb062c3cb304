// The plan is the truth, through the CLI: saved plans are single-use, every cause of a step is shown
// (text, JSON, status), and one app's failed step does not stop the others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { daemonLogEntries, makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { readFileSync, existsSync } from 'node:fs';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

interface App {
  name: string;
  instances?: number;
  env?: Record<string, string>;
  extra?: Record<string, unknown>;
}

function writeApps(file: string, apps: App[]): void {
  writeFileSync(
    file,
    JSON.stringify({
      apps: apps.map((app) => ({
        script: ticker,
        exec_mode: 'fork',
        instances: 1,
        ...app.extra,
        name: app.name,
        ...(app.instances ? { instances: app.instances } : {}),
        env: app.env ?? {},
      })),
    }),
  );
}

describe('the plan is the truth', () => {
  let t: TestHome;
  let file: string;

  before(() => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.json');
  });
  after(async () => {
    await t.cleanup();
  });

  test('a saved plan is single-use: the second apply is E_PLAN_STALE and names the plan file', async () => {
    writeApps(file, [{ name: 'once', env: { V: '1' } }]);
    const saved = join(t.dir, 'once.plan.json');
    assert.equal((await t.tend(['plan', file, '-o', saved])).code, 0);
    const first = await t.tend(['apply', saved]);
    assert.equal(first.code, 0, first.stderr);
    const second = await t.tend(['apply', saved]);
    assert.equal(second.code, 1, second.stdout);
    assert.match(second.stderr, /E_PLAN_STALE/);
    assert.match(second.stderr, /once\.plan\.json/);

    // A plan that changes a field, applied twice.
    writeApps(file, [{ name: 'once', env: { V: '2' } }]);
    assert.equal((await t.tend(['plan', file, '-o', saved])).code, 0);
    assert.equal((await t.tend(['apply', saved])).code, 0);
    const again = await t.tend(['apply', saved]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /E_PLAN_STALE.*once\.plan\.json|once\.plan\.json[\s\S]*E_PLAN_STALE/);
    assert.equal((await t.tend(['delete', 'once'])).code, 0);
  });

  test('drift and a change of the same app are both shown, in text, JSON and status', async () => {
    writeApps(file, [{ name: 'r', instances: 2, env: { V: '1' } }]);
    assert.equal((await t.tend(['apply', file])).code, 0);
    await waitFor('2 online', async () => (await t.jlist()).filter((r) => r.name === 'r' && r.pm2_env.status === 'online').length === 2);
    assert.equal((await t.tend(['scale', 'r', '1'])).code, 0);
    writeApps(file, [{ name: 'r', instances: 2, env: { V: '2' } }]);

    const text = await t.tend(['plan', file]);
    assert.match(text.stdout, /~ reload r/);
    assert.match(text.stdout, /instances missing: 1 of 2 running/);
    assert.match(text.stdout, /env\.V/);
    const json = JSON.parse((await t.tend(['plan', file, '--json'])).stdout) as { steps: { reason: string; reasons: string[] }[] };
    assert.deepEqual(json.steps[0]?.reasons, ['spec-changed', 'instances-missing']);
    const status = await t.tend(['status', file]);
    assert.equal(status.code, 2);
    assert.match(status.stdout, /out of sync +r +\/env\/V, instances missing \(1 of 2 running\)/);

    assert.equal((await t.tend(['apply', file])).code, 0);
    const synced = await t.tend(['status', file]);
    assert.equal(synced.code, 0, synced.stdout);
    assert.equal((await t.tend(['delete', 'r'])).code, 0);
  });

  test('a failing app does not stop the others; every failure is reported and apply exits 1', async () => {
    // Never sends 'ready': its start fails after listen_timeout.
    const broken = { wait_ready: true, listen_timeout: 500 };
    writeApps(file, [{ name: 'bad1', extra: broken }, { name: 'good' }, { name: 'bad2', extra: broken }]);
    const result = await t.tend(['apply', file]);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /E_APPLY_FAILED/);
    assert.match(result.stderr, /bad1/);
    assert.match(result.stderr, /bad2/);
    const records = await t.jlist();
    assert.ok(
      records.some((r) => r.name === 'good' && r.pm2_env.status === 'online'),
      'the good app was created',
    );

    assert.equal((await t.tend(['delete', 'all'])).code, 0);
    const fast = await t.tend(['apply', file, '--fail-fast', '--json']);
    assert.equal(fast.code, 1);
    // The result document first, then the error (as every --json command prints it).
    const view = JSON.parse(fast.stdout.slice(0, fast.stdout.indexOf('\n}\n') + 2)) as { failures: { app: string }[] };
    assert.deepEqual(
      view.failures.map((failure) => failure.app),
      ['bad1', 'good', 'bad2'],
    );
    assert.ok(!(await t.jlist()).some((r) => r.name === 'good'), '--fail-fast stopped before good');
    // Not ready in time with nothing to fall back to, bad1 is kept running (E_NOT_READY): cleared here.
    assert.equal((await t.tend(['delete', 'all'])).code, 0);
  });

  test('validate, plan and apply refuse NUL bytes, unusable and control-character names, with no secret in any output', async () => {
    const secret = 'hunter2-very-secret';
    const cases: { what: string; app: Record<string, unknown>; pattern: RegExp }[] = [
      { what: 'NUL in a secret env value', app: { name: 'nul', env: { DB_PASSWORD: `${secret}\0tail` } }, pattern: /env\.DB_PASSWORD contains a NUL byte/ },
      { what: 'a secret env given as a string', app: { name: 'envstr', env: `DB_PASSWORD=${secret}` }, pattern: /env must be an object/ },
      {
        what: 'a secret env overlay given as a string',
        app: { name: 'envover', env_production: `DB_PASSWORD=${secret}` },
        pattern: /env_production must be an object/,
      },
      { what: 'NUL in an argument', app: { name: 'nularg', args: ['a\0b'] }, pattern: /args\[0\] contains a NUL byte/ },
      { what: 'a 300-byte name', app: { name: 'n'.repeat(300) }, pattern: /name is longer than 200 bytes/ },
      { what: 'a name with a slash', app: { name: 'a/b' }, pattern: /name has an invalid format/ },
      { what: 'ESC sequences in a name', app: { name: 'x\u001b]0;title\u0007' }, pattern: /name has an invalid format/ },
    ];
    for (const { what, app, pattern } of cases) {
      writeFileSync(file, JSON.stringify({ apps: [{ script: ticker, ...app }] }));
      for (const verb of ['validate', 'plan', 'apply']) {
        const result = await t.tend([verb, file]);
        assert.equal(result.code, 1, `${verb} refuses ${what}`);
        assert.match(result.stderr, /E_SPEC_INVALID/, `${verb}: ${what}`);
        assert.match(result.stderr, pattern, `${verb}: ${what}`);
        assert.ok(!`${result.stdout}${result.stderr}`.includes(secret), `${verb} prints no secret (${what})`);
        assert.ok(!`${result.stdout}${result.stderr}`.includes('\u001b'), `${verb} prints no raw escape (${what})`);
      }
    }
    assert.deepEqual(await t.jlist(), [], 'no process was started');
    const log = join(t.home, 'tend.log');
    assert.ok(!existsSync(log) || !readFileSync(log, 'utf8').includes(secret), 'tend.log holds no secret');
    assert.ok(daemonLogEntries(t.home).every((entry) => !JSON.stringify(entry).includes(secret)));
  });
});
