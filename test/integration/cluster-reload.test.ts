// Cluster mode: zero-downtime reload under HTTP load, a reload into a never-ready or crashing version,
// ESM and CommonJS entry scripts, apps handling SIGINT themselves. (Rolling batches across instances are
// the daemon's rollout engine, tested through the CLI in rollout.test.ts.)
import { test } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { TendError } from '../../src/errors/index.js';
import { createHarness, freePort, isAlive, makeSpec, type Harness } from '../support/supervisor-harness.js';
import type { AppSpec } from '../../src/ecosystem/types.js';

interface LoadResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  duration: number;
  '2xx': number;
  requests: { total: number; average: number };
}
interface LoadInstance extends PromiseLike<LoadResult> {
  stop(): void;
  on(event: 'response', listener: () => void): void;
}
type Autocannon = (options: Record<string, unknown>) => LoadInstance;

async function loadAutocannon(): Promise<Autocannon> {
  // autocannon ships no types: it is typed here by what the tests read.
  const name: string = 'autocannon';
  return ((await import(name)) as { default: Autocannon }).default;
}

async function startCluster(h: Harness, spec: AppSpec): Promise<void> {
  await Promise.all(Array.from({ length: spec.instances }, (_, index) => h.supervisor.launch({ pm_id: index, index, spec, baseEnv: {} })));
}

test('a 2-instance HTTP app answers every request while it is reloaded 3 times under load', async (t) => {
  const autocannon = await loadAutocannon();
  const h = createHarness();
  try {
    const port = await freePort();
    // A small response delay keeps requests in flight whenever a worker is asked to drain.
    const spec = makeSpec('web', 'http-server.cjs', { exec_mode: 'cluster', instances: 2, env: { PORT: String(port), RESPONSE_DELAY_MS: '2' } });
    await startCluster(h, spec);
    const url = `http://127.0.0.1:${port}/`;
    const steady = await autocannon({ url, connections: 20, duration: 3 });

    const load = autocannon({ url, connections: 20, duration: 120 });
    let answered = 0;
    load.on('response', () => (answered += 1));
    await h.waitFor('load to start', () => answered > 100);
    const before = h.supervisor.list().map((info) => info.pid as number);
    const windowStart = Date.now();
    const answeredBefore = answered;
    for (let round = 0; round < 3; round += 1) for (const pm_id of [0, 1]) await h.supervisor.reload(pm_id);
    const windowMs = Date.now() - windowStart;
    const answeredDuring = answered - answeredBefore;
    load.stop();
    const during = await load;

    const steadyRate = Math.round(steady.requests.total / steady.duration);
    const reloadRate = Math.round((answeredDuring / windowMs) * 1000);
    t.diagnostic(`steady: ${steady.requests.total} requests in ${steady.duration} s = ${steadyRate} req/s; errors ${steady.errors}, non-2xx ${steady.non2xx}`);
    t.diagnostic(`under load: ${during.requests.total} requests, errors ${during.errors}, timeouts ${during.timeouts}, non-2xx ${during.non2xx}`);
    t.diagnostic(
      `reload window: 3 reloads × 2 workers in ${windowMs} ms, ${answeredDuring} answers = ${reloadRate} req/s (${Math.round((reloadRate / steadyRate) * 100)} % of steady)`,
    );

    assert.equal(during.errors, 0, 'no connection errors, resets or timeouts');
    assert.equal(during.non2xx, 0);
    assert.ok(during['2xx'] > answeredDuring / 2);
    const after = h.supervisor.list();
    assert.deepEqual(
      after.map((info) => [info.pm_id, info.status, info.restart_time]),
      [
        [0, 'online', 3],
        [1, 'online', 3],
      ],
    );
    for (const pid of before) assert.equal(isAlive(pid), false, `old worker ${pid} is gone`);
  } finally {
    await h.close();
  }
});

test('a reload into a version that never gets ready keeps the old workers serving and fails', async () => {
  const autocannon = await loadAutocannon();
  const h = createHarness();
  try {
    const port = await freePort();
    const spec = makeSpec('web', 'http-server.cjs', { exec_mode: 'cluster', instances: 2, env: { PORT: String(port) } });
    await startCluster(h, spec);
    const before = h.supervisor.list().map((info) => info.pid);
    const load = autocannon({ url: `http://127.0.0.1:${port}/`, connections: 4, duration: 120 });

    const neverReady = { spec: { ...spec, script: spec.script.replace('http-server.cjs', 'never-ready.cjs'), listen_timeout: 700 }, baseEnv: {} };
    await assert.rejects(h.supervisor.reload(0, neverReady), (error: unknown) => {
      assert.ok(error instanceof TendError);
      assert.equal(error.code, 'E_RELOAD_FAILED');
      assert.match(error.message, /web \(id 0\) did not listen within listen_timeout \(700 ms\)/);
      assert.match(error.message, /keeps serving/);
      return true;
    });
    const crashing = { spec: { ...spec, script: spec.script.replace('http-server.cjs', 'crasher.cjs') }, baseEnv: {} };
    await assert.rejects(h.supervisor.reload(1, crashing), /web \(id 1\) exited with code 1 before it was ready: crasher: giving up with code 1/);

    load.stop();
    const result = await load;
    assert.equal(result.errors, 0);
    assert.equal(result.non2xx, 0);
    assert.ok(result['2xx'] > 0);
    const after = h.supervisor.list();
    assert.deepEqual(
      after.map((info) => info.pid),
      before,
      'the same workers still run',
    );
    assert.deepEqual(
      after.map((info) => [info.status, info.restart_time, info.spec.script]),
      [
        ['online', 0, spec.script],
        ['online', 0, spec.script],
      ],
    );
    assert.equal(h.supervisor.list().length, 2);
  } finally {
    await h.close();
  }
});

test('cluster workers run ESM and CommonJS entry scripts as the main module', async () => {
  const h = createHarness();
  try {
    const [esmPort, cjsPort] = [await freePort(), await freePort()];
    await h.supervisor.launch({
      pm_id: 0,
      index: 0,
      spec: makeSpec('esm', 'http-server.mjs', { exec_mode: 'cluster', env: { PORT: String(esmPort) } }),
      baseEnv: {},
    });
    await h.supervisor.launch({
      pm_id: 1,
      index: 0,
      spec: makeSpec('cjs', 'http-server.cjs', { exec_mode: 'cluster', env: { PORT: String(cjsPort) } }),
      baseEnv: {},
    });
    const esm = await (await fetch(`http://127.0.0.1:${esmPort}/`)).text();
    assert.match(esm, /^esm pid \d+ main file:\/\/.*http-server\.mjs/);
    const cjs = await (await fetch(`http://127.0.0.1:${cjsPort}/`)).text();
    assert.match(cjs, /^pid \d+ instance 0/);
    assert.deepEqual(await h.message(0, (data) => data.esm === true), { port: esmPort, esm: true });
  } finally {
    await h.close();
  }
});

test('an app that handles SIGINT itself reloads and stops cleanly', async () => {
  const h = createHarness();
  try {
    const port = await freePort();
    const spec = makeSpec('own-sigint', 'http-sigint.cjs', { exec_mode: 'cluster', env: { PORT: String(port) } });
    await startCluster(h, spec);
    const first = h.supervisor.get(0)?.pid;
    await h.supervisor.reload(0);
    const second = h.supervisor.get(0);
    assert.notEqual(second?.pid, first);
    assert.equal(second?.status, 'online');
    assert.match(await (await fetch(`http://127.0.0.1:${port}/`)).text(), new RegExp(`pid ${second?.pid}`));
    const stopped = await h.supervisor.stop(0);
    assert.equal(stopped.exit_code, 0, 'its own handler exited with 0, no SIGKILL needed');
  } finally {
    await h.close();
  }
});

test('a killed cluster worker is restarted and serves again; a worker that never listens is ready after listen_timeout', async () => {
  const h = createHarness();
  try {
    const port = await freePort();
    const spec = makeSpec('web', 'http-server.cjs', { exec_mode: 'cluster', env: { PORT: String(port) } });
    const first = await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    h.supervisor.signal(0, 'SIGKILL');
    const back = await h.waitFor('the restarted worker', () => {
      const info = h.supervisor.get(0);
      return info?.status === 'online' && info.pid !== first.pid && info;
    });
    assert.equal(back.restart_time, 1);
    assert.equal(back.exit_signal, 'SIGKILL');
    assert.match(await (await fetch(`http://127.0.0.1:${port}/`)).text(), new RegExp(`^pid ${back.pid}`));

    const queue = makeSpec('queue', 'never-ready.cjs', { exec_mode: 'cluster', listen_timeout: 300 });
    const started = Date.now();
    const worker = await h.supervisor.launch({ pm_id: 1, index: 0, spec: queue, baseEnv: {} });
    assert.ok(Date.now() - started >= 290);
    assert.equal(worker.status, 'online');
    const reloaded = await h.supervisor.reload(1);
    assert.notEqual(reloaded.pid, worker.pid);
    assert.equal(reloaded.status, 'online');
  } finally {
    await h.close();
  }
});

test('a draining worker finishes in-flight requests with Connection: close and still answers on idle keep-alive sockets', async () => {
  const h = createHarness();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const slowAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (port: number, via: http.Agent, path = '/'): Promise<{ status: number; connection: string | undefined; body: string }> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent: via }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        })
        .on('error', reject);
    });
  try {
    const port = await freePort();
    // The in-flight request is held by the old worker until it is told to drain.
    const spec = makeSpec('web', 'http-server.cjs', { exec_mode: 'cluster', env: { PORT: String(port), HOLD_PATH: '/in-flight' } });
    const old = await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    // A keep-alive socket that has served one request and now sits idle on the old worker.
    const warm = await get(port, agent);
    assert.equal(warm.connection, 'keep-alive');
    const inFlight = get(port, slowAgent, '/in-flight');
    await h.message(0, (data) => data.held === '/in-flight');
    const reloading = h.supervisor.reload(0);
    await h.waitFor('the replacement online', () => h.events.some((e) => e.kind === 'online' && e.pid !== old.pid));
    // The old worker is draining now: its idle socket must not be reset under a request sent on it.
    const onIdle = await get(port, agent);
    const slow = await inFlight;
    await reloading;
    assert.equal(onIdle.status, 200);
    assert.equal(slow.status, 200);
    assert.match(slow.body, new RegExp(`^pid ${old.pid}`), 'the in-flight request was answered by the old worker');
    assert.equal(slow.connection, 'close', 'a draining worker tells clients to reconnect');
  } finally {
    agent.destroy();
    slowAgent.destroy();
    await h.close();
  }
});
