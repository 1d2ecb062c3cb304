// The wire contract is checked at run time: every method's params go through its schema before a
// handler runs, so a malformed request gets E_PROTOCOL naming the bad path and what was expected, and
// changes nothing. Persisted documents (state.json, the dump, saved plans) are checked on the way back
// in: a malformed one gets its coded error with the path of the bad field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramsSchemas } from '../../src/protocol/params.js';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { Peer } from '../support/socket-peer.js';

const idle = join(repoRoot, 'test/fixtures/reliability/idle.sh');

/** One malformed request per method, and the path its error must name ('' = the params themselves). */
const malformed: Record<keyof typeof paramsSchemas, { params: unknown; path: string }> = {
  hello: { params: { protocol: '1', client: 'probe' }, path: 'protocol' },
  ping: { params: 5, path: '' },
  list: { params: [], path: '' },
  plan: { params: { specs: [{ name: 'x' }], source: 'cli', baseEnv: {}, mode: 'apply', prune: false }, path: 'specs[0].instances' },
  apply: { params: { specs: [], source: 'cli', baseEnv: {}, mode: 'sync', prune: false, holder: 'probe' }, path: 'mode' },
  stop: { params: { targets: 'all' }, path: 'targets' },
  restart: { params: { targets: ['all'], parallel: '2' }, path: 'parallel' },
  reload: { params: { targets: ['all'], updateEnv: { PORT: 3000 } }, path: 'updateEnv.PORT' },
  delete: { params: { targets: [0] }, path: 'targets[0]' },
  reset: { params: {}, path: 'targets' },
  scale: { params: { name: 'web' }, path: 'instances' },
  signal: { params: { targets: ['all'] }, path: 'signal' },
  sendData: { params: { pm_id: '0', data: {} }, path: 'pm_id' },
  sendLine: { params: { targets: ['all'], line: 3 }, path: 'line' },
  history: { params: { name: 7 }, path: 'name' },
  metrics: { params: {}, path: 'name' },
  specs: { params: { targets: null }, path: 'targets' },
  rollback: { params: { name: 'web', revision: '1', holder: 'probe' }, path: 'revision' },
  save: { params: { force: 'yes' }, path: 'force' },
  resurrect: { params: { baseEnv: [] }, path: 'baseEnv' },
  cleardump: { params: 'now', path: '' },
  flush: { params: { targets: 'all' }, path: 'targets' },
  reloadLogs: { params: true, path: '' },
  subscribe: { params: { logs: 'yes' }, path: 'logs' },
  kill: { params: { keepState: 1 }, path: 'keepState' },
  syncAdd: { params: { config: { name: 'site' }, baseEnv: {}, holder: 'probe' }, path: 'config.repo' },
  syncList: { params: [], path: '' },
  syncStatus: { params: { name: 5 }, path: 'name' },
  syncNow: { params: { name: 'site', trigger: 'cron', holder: 'probe' }, path: 'trigger' },
  syncDiff: { params: { name: 'site' }, path: 'holder' },
  syncSet: { params: { name: 'site', changes: { interval: 'often' }, holder: 'probe' }, path: 'changes.interval' },
  syncSuspend: { params: {}, path: 'name' },
  syncResume: { params: { name: 'site' }, path: 'holder' },
  syncHistory: { params: { name: null }, path: 'name' },
  syncRollback: { params: { name: 'site', revision: 3, holder: 'probe' }, path: 'revision' },
  syncRemove: { params: { name: 'site', holder: 'probe' }, path: 'keepApps' },
  syncWebhook: { params: { port: '9000', bind: '127.0.0.1' }, path: 'port' },
};

function assertProtocolError(reply: { error?: { code: string; message: string; hint: string; details?: unknown } }, method: string, path: string): void {
  const error = reply.error;
  assert.ok(error, `${method}: an error, got ${JSON.stringify(reply)}`);
  assert.equal(error.code, 'E_PROTOCOL', `${method}: ${error.message}`);
  assert.ok(error.message.startsWith(`invalid params for ${method}: `), error.message);
  assert.ok(error.message.includes(path === '' ? ': expected object' : `${path}: `), `${method}: the message names ${path || 'the params'}: ${error.message}`);
  assert.match(error.message, /expected/);
  assert.ok(error.hint.length > 0);
  const problems = (error.details as { problems?: Array<{ path: string }> } | undefined)?.problems ?? [];
  assert.ok(
    problems.some((problem) => problem.path === path),
    `${method}: details list ${path}: ${JSON.stringify(problems)}`,
  );
}

describe('malformed params on the socket', () => {
  let t: TestHome;
  let peer: Peer;
  let nextId = 1;
  before(async () => {
    t = makeHome('tend-proto-params-');
    const started = await t.tend(['start', idle, '--name', 'web']);
    assert.equal(started.code, 0, started.stderr);
    peer = await Peer.open(join(t.home, 'rpc.sock'));
  });
  after(async () => {
    peer.close();
    await t.cleanup();
  });

  test('the table covers every method of the protocol', () => {
    assert.deepEqual(Object.keys(malformed).sort(), Object.keys(paramsSchemas).sort());
  });

  for (const [method, { params, path }] of Object.entries(malformed)) {
    test(`${method} with malformed params → E_PROTOCOL naming ${path || 'the params'}`, async () => {
      assertProtocolError(await peer.request(nextId++, method, params), method, path);
    });
  }

  test('apply with specs: [{}] → E_PROTOCOL naming specs[0].name, nothing applied', async () => {
    const reply = await peer.request(nextId++, 'apply', { specs: [{}], source: 'cli', baseEnv: {}, mode: 'apply', prune: false, holder: 'probe' });
    assertProtocolError(reply, 'apply', 'specs[0].name');
    assert.match(reply.error?.message ?? '', /and \d+ more/, 'every field of the empty spec is a problem; the message shows the first ones');
    assert.deepEqual(
      (await t.jlist()).map((record) => record.name),
      ['web'],
    );
  });

  test('scale with a numeric instances → E_PROTOCOL naming instances (a count is sent as a string: "3", "+1")', async () => {
    const reply = await peer.request(nextId++, 'scale', { name: 'web', instances: 3 });
    assertProtocolError(reply, 'scale', 'instances');
    assert.match(reply.error?.message ?? '', /instances: expected string, received number/);
    assert.equal((await t.jlist()).length, 1, 'still one instance');
  });

  test('a spec that is not normalized (env value a number) → E_PROTOCOL naming the field', async () => {
    const specs = await peer.request(nextId++, 'specs', { targets: ['web'] });
    const [owned] = specs.result as Array<{ spec: Record<string, unknown> }>;
    assert.ok(owned);
    const reply = await peer.request(nextId++, 'plan', {
      specs: [{ ...owned.spec, env: { PORT: 3000 } }],
      source: 'cli',
      baseEnv: {},
      mode: 'apply',
      prune: false,
    });
    assertProtocolError(reply, 'plan', 'specs[0].env');
    assert.doesNotMatch(reply.error?.message ?? '', /3000/, 'values are never quoted: env holds secrets');
    const same = await peer.request(nextId++, 'plan', { specs: [owned.spec], source: 'cli', baseEnv: {}, mode: 'apply', prune: false });
    assert.equal(same.error, undefined, "the daemon's own spec is well-formed");
  });

  test('after every malformed request the daemon still serves and kept its app', async () => {
    const reply = await peer.request(nextId++, 'ping');
    assert.equal(reply.error, undefined);
    const list = await t.jlist();
    assert.deepEqual(
      list.map((record) => [record.name, record.pm2_env.status]),
      [['web', 'online']],
    );
  });
});

describe('malformed documents on disk', () => {
  let t: TestHome;
  before(async () => {
    t = makeHome('tend-proto-docs-');
    const started = await t.tend(['start', idle, '--name', 'keep']);
    assert.equal(started.code, 0, started.stderr);
    await waitFor('keep online', async () => (await t.jlist()).some((record) => record.pm2_env.status === 'online'));
  });
  after(async () => {
    await t.cleanup();
  });

  test('state.json with a bad field: the notice names its path, the last good copy is used', async () => {
    // Two writes since the start: state.json.bak is a good copy too.
    const saved = await t.tend(['save']);
    assert.equal(saved.code, 0, saved.stderr);
    const before = await t.jlist();
    const daemon = t.daemonPid();
    assert.ok(daemon);
    process.kill(daemon, 'SIGKILL');
    await waitFor('daemon gone', () => !isAlive(daemon));
    const file = join(t.home, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { apps: Array<{ spec: Record<string, unknown> }> };
    state.apps[0]!.spec.instances = 'two';
    writeFileSync(file, JSON.stringify(state));
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(
      ls.stderr,
      /state\.json is unreadable \(not a tend state file: apps\[0\]\.spec\.instances: expected integer.*\): restored from its last good copy/,
    );
    const back = await waitFor('keep back', async () => {
      const list = await t.jlist();
      return list.some((record) => record.pm2_env.status === 'online') ? list : null;
    });
    assert.deepEqual(
      back.map((record) => record.name),
      before.map((record) => record.name),
    );
    for (const record of before) await waitFor(`old ${record.pid} gone`, () => !isAlive(record.pid));
  });

  test('a dump with a bad field: resurrect fails with E_DUMP_CORRUPT naming its path', async () => {
    const file = join(t.home, 'dump.tend');
    const dump = JSON.parse(readFileSync(file, 'utf8')) as { apps: Array<{ slots: Array<Record<string, unknown>> }> };
    dump.apps[0]!.slots[0]!.pm_id = 'zero';
    writeFileSync(file, JSON.stringify(dump));
    const resurrect = await t.tend(['resurrect']);
    assert.notEqual(resurrect.code, 0);
    assert.match(resurrect.stderr, /error E_DUMP_CORRUPT: .*dump\.tend is not a tend dump: apps\[0\]\.slots\[0\]\.pm_id: expected number, received string/);
  });

  test('a saved plan with a bad field: apply refuses it with E_PLAN_INVALID naming its path', async () => {
    const ecosystem = join(t.dir, 'ecosystem.json');
    writeFileSync(ecosystem, JSON.stringify({ apps: [{ name: 'planned', script: idle }] }));
    const planFile = join(t.dir, 'plan.json');
    const planned = await t.tend(['plan', ecosystem, '-o', planFile]);
    assert.equal(planned.code, 0, planned.stderr);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as {
      steps: Array<{ spec: Record<string, unknown> }>;
      desired: { specs: Array<Record<string, unknown>> };
    };

    const badStep = structuredClone(saved);
    badStep.steps[0]!.spec.kill_timeout = '1.6 seconds';
    writeFileSync(planFile, JSON.stringify(badStep));
    const refused = await t.tend(['apply', planFile]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /error E_PLAN_INVALID: not a valid saved plan: steps\[0\]\.spec\.kill_timeout: expected duration/);

    const badDesired = structuredClone(saved);
    badDesired.desired.specs[0]!.autorestart = 'yes';
    writeFileSync(planFile, JSON.stringify(badDesired));
    const refusedToo = await t.tend(['apply', planFile]);
    assert.notEqual(refusedToo.code, 0);
    assert.match(refusedToo.stderr, /error E_PLAN_INVALID: .*plan\.json is not a valid saved plan: desired\.specs\[0\]\.autorestart: expected boolean/);
    assert.ok(!(await t.jlist()).some((record) => record.name === 'planned'), 'nothing was applied');
  });
});

describe('a malformed sync section in state.json', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-proto-sync-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('the bad source is left out with a notice naming its path; the daemon starts', async () => {
    mkdirSync(t.home, { recursive: true, mode: 0o700 });
    const sync = { sources: [{ config: { name: 'site', repo: 5 } }], webhook: null };
    writeFileSync(join(t.home, 'state.json'), JSON.stringify({ format: 1, nextId: 0, apps: [], sync }));
    const ls = await t.tend(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stderr, /state\.json sync\.sources\[0\] left out: config\.repo: expected string, received number/);
    const list = await t.tend(['sync', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });
});
