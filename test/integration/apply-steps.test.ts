// The reconciler end to end: a real file edited step by step, `tend apply` after each edit; the
// live state equals the file, untouched instances keep their pids, and a second apply plans nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const fixtures = join(repoRoot, 'test/fixtures/daemon');

interface AppDef {
  name: string;
  script: string;
  instances?: number;
  env?: Record<string, string>;
  extra?: string;
}

function yamlOf(apps: AppDef[]): string {
  return `apps:\n${apps
    .map((app) => {
      const env = app.env
        ? `    env:\n${Object.entries(app.env)
            .map(([k, v]) => `      ${k}: "${v}"`)
            .join('\n')}\n`
        : '';
      return `  - name: ${app.name}\n    script: ${join(fixtures, app.script)}\n    exec_mode: fork\n    instances: ${app.instances ?? 1}\n${env}${app.extra ?? ''}`;
    })
    .join('')}`;
}

function pidsOf(records: JlistRecord[], name: string): number[] {
  return records
    .filter((r) => r.name === name)
    .map((r) => r.pid)
    .sort();
}

describe('apply, step by step', () => {
  let t: TestHome;
  let file: string;
  const write = (apps: AppDef[]): void => writeFileSync(file, yamlOf(apps));

  async function applyAndSettle(expected: Record<string, number>): Promise<JlistRecord[]> {
    const result = await t.tend(['apply', file, '--yes']);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const records = await waitFor('live state equals the file', async () => {
      const list = await t.jlist();
      const counts: Record<string, number> = {};
      for (const r of list) if (r.pm2_env.status === 'online') counts[r.name] = (counts[r.name] ?? 0) + 1;
      return JSON.stringify(counts) === JSON.stringify(expected) && list.length === Object.values(expected).reduce((a, b) => a + b, 0) ? list : null;
    });
    const again = await t.tend(['plan', file, '--detailed-exitcode']);
    assert.equal(again.code, 0, `a second apply must plan nothing:\n${again.stdout}`);
    return records;
  }

  before(() => {
    t = makeHome();
    file = join(t.dir, 'ecosystem.yaml');
  });
  after(async () => {
    await t.cleanup();
  });

  test('create, scale, reload, live, rename, prune; plan exit codes; stale plans', async () => {
    write([
      { name: 'web', script: 'echo-server.js', instances: 2, env: { GREETING: 'a' } },
      { name: 'worker', script: 'ticker.js' },
    ]);
    const planned = await t.tend(['plan', file, '--detailed-exitcode']);
    assert.equal(planned.code, 2, planned.stderr);
    assert.match(planned.stdout, /\+ create web/);
    let records = await applyAndSettle({ web: 2, worker: 1 });
    const worker = pidsOf(records, 'worker');
    const web2 = pidsOf(records, 'web');

    write([
      { name: 'web', script: 'echo-server.js', instances: 4, env: { GREETING: 'a' } },
      { name: 'worker', script: 'ticker.js' },
    ]);
    const scalePlan = await t.tend(['plan', file]);
    assert.match(scalePlan.stdout, /> scale web 2 → 4/);
    records = await applyAndSettle({ web: 4, worker: 1 });
    for (const pid of web2) assert.ok(pidsOf(records, 'web').includes(pid), 'instances kept by a scale-up keep their pids');
    assert.deepEqual(pidsOf(records, 'worker'), worker);

    write([
      { name: 'web', script: 'echo-server.js', instances: 1, env: { GREETING: 'a' } },
      { name: 'worker', script: 'ticker.js' },
    ]);
    records = await applyAndSettle({ web: 1, worker: 1 });
    const lowest = records.find((r) => r.name === 'web');
    assert.equal(lowest?.pm2_env.NODE_APP_INSTANCE, 0, 'the lowest-numbered instance is kept');
    assert.deepEqual(pidsOf(records, 'worker'), worker);

    write([
      { name: 'web', script: 'echo-server.js', instances: 1, env: { GREETING: 'b', ADDED: 'yes' } },
      { name: 'worker', script: 'ticker.js' },
    ]);
    const envPlan = await t.tend(['plan', file]);
    assert.match(envPlan.stdout, /~ reload web/);
    assert.match(envPlan.stdout, /GREETING/);
    const webBefore = pidsOf(records, 'web');
    records = await applyAndSettle({ web: 1, worker: 1 });
    const web = records.find((r) => r.name === 'web');
    assert.equal(web?.pm2_env.env.GREETING, 'b');
    assert.equal(web?.pm2_env.env.ADDED, 'yes');
    assert.notDeepEqual(pidsOf(records, 'web'), webBefore);
    assert.deepEqual(pidsOf(records, 'worker'), worker);

    write([
      { name: 'web', script: 'echo-server.js', instances: 1, env: { GREETING: 'b' } },
      { name: 'worker', script: 'ticker.js' },
    ]);
    records = await applyAndSettle({ web: 1, worker: 1 });
    assert.equal(records.find((r) => r.name === 'web')?.pm2_env.env.ADDED, undefined, 'a removed env key is gone');

    write([
      { name: 'web', script: 'echo-server.js', instances: 1, env: { GREETING: 'b' } },
      { name: 'worker', script: 'ticker-v2.js' },
    ]);
    records = await applyAndSettle({ web: 1, worker: 1 });
    assert.notDeepEqual(pidsOf(records, 'worker'), worker, 'a changed script reloads the app');
    const workerV2 = pidsOf(records, 'worker');
    const webPids = pidsOf(records, 'web');

    write([
      { name: 'web', script: 'echo-server.js', instances: 1, env: { GREETING: 'b' }, extra: '    max_memory_restart: 500M\n' },
      { name: 'worker', script: 'ticker-v2.js' },
    ]);
    const livePlan = await t.tend(['plan', file]);
    assert.match(livePlan.stdout, /· live/);
    records = await applyAndSettle({ web: 1, worker: 1 });
    assert.deepEqual(pidsOf(records, 'web'), webPids, 'a live-only change restarts nothing');

    // Saved plans: applied as they are, refused once the live state moved.
    write([
      { name: 'web', script: 'echo-server.js', instances: 2, env: { GREETING: 'b' }, extra: '    max_memory_restart: 500M\n' },
      { name: 'worker', script: 'ticker-v2.js' },
    ]);
    const saved = join(t.dir, 'plan.json');
    const out = await t.tend(['plan', file, '-o', saved]);
    assert.equal(out.code, 0, out.stderr);
    const hand = await t.tend(['scale', 'worker', '2']);
    assert.equal(hand.code, 0, hand.stderr);
    const stale = await t.tend(['apply', saved]);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /E_PLAN_STALE/);
    const drift = await t.tend(['plan', file]);
    assert.match(drift.stdout, /worker/, 'a hand scale shows as drift');
    records = await applyAndSettle({ web: 2, worker: 1 });

    write([
      { name: 'web', script: 'echo-server.js', instances: 2, env: { GREETING: 'b' }, extra: '    max_memory_restart: 500M\n' },
      { name: 'worker2', script: 'ticker-v2.js' },
    ]);
    const renamePlan = await t.tend(['plan', file]);
    assert.match(renamePlan.stdout, /worker2/);
    records = await applyAndSettle({ web: 2, worker2: 1 });
    assert.ok(!pidsOf(records, 'worker2').some((pid) => workerV2.includes(pid)));

    write([{ name: 'web', script: 'echo-server.js', instances: 2, env: { GREETING: 'b' }, extra: '    max_memory_restart: 500M\n' }]);
    const prunePlan = await t.tend(['plan', file]);
    assert.match(prunePlan.stdout, /- delete worker2/);
    records = await applyAndSettle({ web: 2 });

    const broken = await t.tend(['plan', join(t.dir, 'missing.yaml'), '--detailed-exitcode']);
    assert.equal(broken.code, 1);
  });
});
