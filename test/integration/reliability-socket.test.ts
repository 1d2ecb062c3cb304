// The daemon under load and under bad input on its socket: 200 apps from one ecosystem file, 1,000
// concurrent connections each sending a request (all answered, none lost), then malformed, truncated,
// oversized and unknown-method messages (a coded error or a closed connection; others keep being served).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { isAlive, makeHome, waitFor, type TestHome } from '../support/daemon.js';
import { Peer } from '../support/socket-peer.js';

const fixtures = join(repoRoot, 'test/fixtures/reliability');

describe('200 apps and 1,000 concurrent requests', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-rel-load-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('200 apps from one ecosystem file come online', async (t2) => {
    const file = join(t.dir, 'ecosystem.yaml');
    const script = join(fixtures, 'idle.sh');
    writeFileSync(file, `apps:\n${Array.from({ length: 200 }, (_, i) => `  - name: idle${i}\n    script: ${script}\n`).join('')}`);
    const begin = Date.now();
    const applied = await t.tend(['apply', file, '--yes'], {});
    assert.equal(applied.code, 0, applied.stderr);
    const records = await waitFor(
      '200 online',
      async () => {
        const list = await t.jlist();
        return list.filter((r) => r.pm2_env.status === 'online' && r.pid > 0).length === 200 ? list : null;
      },
      60_000,
    );
    assert.equal(new Set(records.map((r) => r.pid)).size, 200);
    t2.diagnostic(`200 apps applied and online in ${Date.now() - begin} ms`);
  });

  test('1,000 connections at once, one request each (ping, and list every tenth): all answered, none lost', async (t2) => {
    const socket = join(t.home, 'rpc.sock');
    const count = 1000;
    const begin = Date.now();
    const peers = await Promise.all(Array.from({ length: count }, () => Peer.open(socket)));
    const opened = Date.now() - begin;
    const replies = await Promise.all(peers.map((peer, id) => peer.request(id, id % 10 === 0 ? 'list' : 'ping').finally(() => peer.close())));
    const elapsed = Date.now() - begin;
    let lists = 0;
    for (const [id, reply] of replies.entries()) {
      assert.equal(reply.id, id);
      assert.equal(reply.error, undefined, JSON.stringify(reply.error));
      if (id % 10 === 0) {
        assert.ok(Array.isArray(reply.result) && reply.result.length === 200, `list ${id} has 200 records`);
        lists++;
      } else {
        assert.equal(typeof (reply.result as { pid?: unknown }).pid, 'number');
      }
    }
    t2.diagnostic(
      `${replies.length}/${count} requests answered (${lists} lists of 200 apps, ${count - lists} pings), 0 lost; connections opened in ${opened} ms, all answered in ${elapsed} ms`,
    );
  });

  test('1,000 pipelined requests on one connection: all answered, in any order, none twice', async (t2) => {
    const peer = await Peer.open(join(t.home, 'rpc.sock'));
    const begin = Date.now();
    peer.send(Array.from({ length: 1000 }, (_, id) => `${JSON.stringify({ id, method: 'ping', params: {} })}\n`).join(''));
    await waitFor('1000 replies', () => peer.replies.length >= 1000, 30_000);
    const ids = peer.replies.map((reply) => reply.id as number).sort((a, b) => a - b);
    assert.deepEqual(
      ids,
      Array.from({ length: 1000 }, (_, i) => i),
    );
    peer.close();
    t2.diagnostic(`1000 pipelined pings answered in ${Date.now() - begin} ms`);
  });
});

describe('bad messages on the socket', () => {
  let t: TestHome;
  let socket: string;
  let observer: Peer;
  let nextId = 1_000_000;
  before(async () => {
    t = makeHome('tend-rel-proto-');
    const ping = await t.tend(['ping']);
    assert.equal(ping.code, 0, ping.stderr);
    socket = join(t.home, 'rpc.sock');
    observer = await Peer.open(socket);
  });
  after(async () => {
    observer.close();
    await t.cleanup();
  });

  /** The daemon still serves: the long-lived observer and a brand-new connection both get answers. */
  async function stillServing(): Promise<void> {
    const id = nextId++;
    const reply = await observer.request(id, 'ping');
    assert.equal(typeof (reply.result as { pid?: unknown } | undefined)?.pid, 'number');
    const fresh = await Peer.open(socket);
    const list = await fresh.request(1, 'list');
    assert.ok(Array.isArray(list.result));
    fresh.close();
  }

  const malformed: Array<{ what: string; line: string; code: string }> = [
    { what: 'not JSON', line: 'hello daemon', code: 'E_PROTOCOL' },
    { what: 'a JSON string', line: '"ping"', code: 'E_PROTOCOL' },
    { what: 'JSON null', line: 'null', code: 'E_PROTOCOL' },
    { what: 'an array', line: '[1,"ping",{}]', code: 'E_PROTOCOL' },
    { what: 'no id', line: '{"method":"ping","params":{}}', code: 'E_PROTOCOL' },
    { what: 'a string id', line: '{"id":"7","method":"ping","params":{}}', code: 'E_PROTOCOL' },
    { what: 'no method', line: '{"id":7,"params":{}}', code: 'E_PROTOCOL' },
    { what: 'a numeric method', line: '{"id":7,"method":12,"params":{}}', code: 'E_PROTOCOL' },
    { what: 'an unknown method', line: '{"id":7,"method":"selfDestruct","params":{}}', code: 'E_UNKNOWN_METHOD' },
    { what: 'method __proto__', line: '{"id":7,"method":"__proto__","params":{}}', code: 'E_UNKNOWN_METHOD' },
    { what: 'method constructor', line: '{"id":7,"method":"constructor","params":{}}', code: 'E_UNKNOWN_METHOD' },
    { what: 'method toString', line: '{"id":7,"method":"toString","params":{}}', code: 'E_UNKNOWN_METHOD' },
    { what: 'params a number', line: '{"id":7,"method":"ping","params":5}', code: 'E_PROTOCOL' },
    { what: 'params a string', line: '{"id":7,"method":"list","params":"all"}', code: 'E_PROTOCOL' },
    { what: 'a lone surrogate and a raw NUL byte', line: '{"id":7,"method":"\udcff\u0000"}', code: 'E_PROTOCOL' },
    { what: 'deeply nested JSON', line: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, code: 'E_PROTOCOL' },
    { what: 'stop without targets', line: '{"id":7,"method":"stop","params":{}}', code: 'E_PROTOCOL' },
    { what: 'scale with a number', line: '{"id":7,"method":"scale","params":{"name":"x","instances":3}}', code: 'E_PROTOCOL' },
    { what: 'history with no name', line: '{"id":7,"method":"history","params":{}}', code: 'E_PROTOCOL' },
    { what: 'apply without specs', line: '{"id":7,"method":"apply","params":{"source":"x","holder":"fuzz"}}', code: 'E_PROTOCOL' },
    { what: 'plan with specs not a list', line: '{"id":7,"method":"plan","params":{"specs":"all","source":"x"}}', code: 'E_PROTOCOL' },
    { what: 'targets not strings', line: '{"id":7,"method":"delete","params":{"targets":[{"$ne":1}]}}', code: 'E_PROTOCOL' },
    {
      what: 'apply with specs not objects',
      line: '{"id":7,"method":"apply","params":{"specs":[1,2],"source":"x","baseEnv":{},"holder":"fuzz"}}',
      code: 'E_PROTOCOL',
    },
  ];

  for (const { what, line, code } of malformed) {
    test(`${what} → ${code}, others keep being served`, async () => {
      const peer = await Peer.open(socket);
      peer.send(`${line}\n`);
      const reply = await peer.next(() => true);
      assert.equal(reply.error?.code, code, JSON.stringify(reply));
      assert.ok(reply.error.message.length > 0 && reply.error.hint.length > 0);
      // The same connection still works after a bad line.
      const after = await peer.request(42, 'ping');
      assert.equal(after.error, undefined);
      peer.close();
      await stillServing();
    });
  }

  test('a truncated message (connection closed mid-line) and an idle half line: ignored, others served', async () => {
    const truncated = await Peer.open(socket);
    truncated.socket.end('{"id":9,"method":"pi');
    await waitFor('closed', () => truncated.closed);
    assert.deepEqual(truncated.replies, []);
    const idle = await Peer.open(socket);
    idle.send('{"id":10,"method":"list","par');
    await stillServing();
    idle.send('ams":{}}\n');
    const reply = await idle.next((r) => r.id === 10);
    assert.ok(Array.isArray(reply.result), 'the line completed later is answered');
    idle.close();
  });

  test('a line over 16 MiB → E_PROTOCOL and the connection is closed; others served meanwhile', async (t2) => {
    const peer = await Peer.open(socket);
    const chunk = 'x'.repeat(1024 * 1024);
    const begin = Date.now();
    for (let i = 0; i < 17 && !peer.closed; i++) {
      peer.send(chunk);
      if (i === 8) await stillServing();
    }
    const reply = await peer.next(() => true, 20_000);
    assert.equal(reply.error?.code, 'E_PROTOCOL');
    assert.match(reply.error.message, /larger than/);
    await waitFor('connection closed by the daemon', () => peer.closed, 10_000);
    t2.diagnostic(`oversized line refused after ${Date.now() - begin} ms`);
    await stillServing();
  });

  test('100 connections opened and dropped without a word, then 100 garbage floods: the daemon serves on', async () => {
    const daemon = t.daemonPid();
    const drops = await Promise.all(Array.from({ length: 100 }, () => Peer.open(socket)));
    for (const peer of drops) peer.close();
    const floods = await Promise.all(Array.from({ length: 100 }, () => Peer.open(socket)));
    for (const [i, peer] of floods.entries()) peer.send(`${'}{'.repeat(1000 + i)}\n`.repeat(5));
    await waitFor('every flood answered 5 times', () => floods.every((peer) => peer.replies.length === 5));
    for (const peer of floods) {
      assert.ok(peer.replies.every((reply) => reply.error?.code === 'E_PROTOCOL'));
      peer.close();
    }
    await stillServing();
    assert.equal(t.daemonPid(), daemon);
    assert.ok(daemon !== null && isAlive(daemon));
  });
});
