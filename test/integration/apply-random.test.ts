// The small real-daemon version of the plan property: random edits of a 3-app file (fixed seed),
// `tend apply` after each; afterwards jlist equals the file (instances, exec mode, env, log path) and
// `tend plan --detailed-exitcode` exits 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const script = join(repoRoot, 'test/fixtures/daemon/echo-server.js');

interface AppState {
  name: string;
  present: boolean;
  instances: number;
  exec_mode: 'fork' | 'cluster';
  v: string;
  log: 'a' | 'b';
}

const appArb = (name: string): fc.Arbitrary<AppState> =>
  fc
    .record({
      present: fc.boolean(),
      instances: fc.integer({ min: 1, max: 3 }),
      cluster: fc.boolean(),
      v: fc.constantFrom('1', '2', '3'),
      log: fc.constantFrom<'a' | 'b'>('a', 'b'),
    })
    .map(({ cluster, ...rest }) => ({ name, ...rest, exec_mode: cluster ? 'cluster' : 'fork' }));

// A file keeps at least one app (an empty file is another case: deleting a whole source asks first).
const edits = fc.sample(
  fc
    .tuple(appArb('x'), appArb('y'), appArb('z'))
    .map((apps) => (apps.some((app) => app.present) ? apps : apps.map((app, index) => ({ ...app, present: index === 0 })))),
  { seed: 1616, numRuns: 20 },
);

let t: TestHome;
let file: string;
const logOf = (app: AppState): string => join(t.dir, `${app.name}-${app.log}.log`);

before(() => {
  t = makeHome();
  file = join(t.dir, 'ecosystem.json');
});
after(async () => {
  await t.cleanup();
});

function matches(records: JlistRecord[], apps: AppState[]): string | null {
  const present = apps.filter((app) => app.present);
  for (const record of records) if (!present.some((app) => app.name === record.name)) return `${record.name} should not run`;
  for (const app of present) {
    const mine = records.filter((record) => record.name === app.name);
    if (mine.length !== app.instances) return `${app.name}: ${mine.length} instances, file says ${app.instances}`;
    for (const record of mine) {
      if (record.pm2_env.status !== 'online') return `${app.name} ${record.pm_id} is ${record.pm2_env.status}`;
      if (record.pm2_env.exec_mode !== `${app.exec_mode}_mode`) return `${app.name} runs ${record.pm2_env.exec_mode}`;
      if (record.pm2_env.env.V !== app.v) return `${app.name} has V=${record.pm2_env.env.V}`;
      // One file for a single fork process, else one per instance (`-<pm_id>`), as the file's merge_logs default says.
      const merged = app.exec_mode === 'fork' && app.instances === 1;
      const expected = merged ? logOf(app) : logOf(app).replace(/\.log$/, `-${record.pm_id}.log`);
      if (record.pm2_env.pm_out_log_path !== expected) return `${app.name} logs to ${String(record.pm2_env.pm_out_log_path)}`;
    }
  }
  return null;
}

test('20 random edits of a 3-app file: after each apply, jlist equals the file and the next plan is empty', async () => {
  for (const [round, apps] of edits.entries()) {
    const written = apps
      .filter((app) => app.present)
      .map((app) => ({ name: app.name, script, instances: app.instances, exec_mode: app.exec_mode, env: { V: app.v }, out_file: logOf(app) }));
    writeFileSync(file, JSON.stringify({ apps: written }));
    const applied = await t.tend(['apply', file, '--yes']);
    assert.equal(applied.code, 0, `round ${round}: ${applied.stdout}\n${applied.stderr}`);
    let problem: string | null = 'not checked';
    await waitFor(`round ${round}: jlist equals the file`, async () => {
      problem = matches(await t.jlist(), apps);
      return problem === null;
    }).catch(() => assert.fail(`round ${round}: ${problem}`));
    const again = await t.tend(['plan', file, '--detailed-exitcode']);
    assert.equal(again.code, 0, `round ${round}: the next plan is not empty:\n${again.stdout}`);
  }
});
