// What PM2 users' scripts rely on, through the real CLI against a real daemon (issue 18, items 1–9
// and 12): several scripts in one start, the path-and-name identity of `start`, targets by script
// path, jlist fields, exit codes of `all` on an empty list, restart counters, taking apps over from
// another file, JSON with comments, ecosystems on stdin, unknown keys.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../support/cli.js';
import { makeHome, waitFor, type JlistRecord, type TestHome } from '../support/daemon.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

function byName(records: readonly JlistRecord[], name: string): JlistRecord[] {
  return records.filter((record) => record.name === name);
}

describe('PM2 drop-in behaviours', () => {
  let t: TestHome;
  let work: string;
  const inWork = (args: readonly string[]) => t.tend(args, { cwd: work });
  const json = (file: string, text: string): void => writeFileSync(join(work, file), text);

  before(() => {
    t = makeHome('tend-pm2-');
    work = join(t.dir, 'work');
    mkdirSync(join(work, 'sub'), { recursive: true });
    for (const name of ['a.js', 'b.js', 'c.js', 'echo.js']) copyFileSync(ticker, join(work, name));
    copyFileSync(ticker, join(work, 'sub', 'echo.js'));
    writeFileSync(join(work, 'package.json'), '{ "type": "commonjs" }');
  });
  after(async () => {
    await t.cleanup();
  });

  test('restart all / stop all / delete all with no apps exit 1', async () => {
    for (const verb of ['restart', 'stop', 'delete']) {
      const result = await inWork([verb, 'all']);
      assert.equal(result.code, 1, `${verb} all: ${result.stdout}`);
      assert.match(result.stderr, /E_APP_NOT_FOUND/);
    }
  });

  test('start a.js b.js c.js starts each, arguments after -- go to each; restart/stop/delete take several names', async () => {
    const started = await inWork(['start', 'a.js', 'b.js', 'c.js', '--', '--x.y=1', 'z']);
    assert.equal(started.code, 0, started.stderr);
    const records = await waitFor('three online', async () => {
      const list = await t.jlist();
      return list.filter((r) => r.pm2_env.status === 'online').length === 3 ? list : null;
    });
    assert.deepEqual(records.map((r) => r.name).sort(), ['a', 'b', 'c']);
    for (const record of records) assert.deepEqual(record.pm2_env.args, ['--x.y=1', 'z']);
    assert.equal((await inWork(['stop', 'a', 'b'])).code, 0);
    await waitFor('a and b stopped', async () => (await t.jlist()).filter((r) => r.pm2_env.status === 'stopped').length === 2);
    assert.equal((await inWork(['delete', 'a', 'b', 'c'])).code, 0);
    assert.deepEqual(await t.jlist(), []);
  });

  test('start: same path and name refused while online; stopped is started again without counting a restart; another name is a new app', async () => {
    assert.equal((await inWork(['start', 'echo.js'])).code, 0);
    const again = await inWork(['start', 'echo.js']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /E_ALREADY_RUNNING/);
    const other = await inWork(['start', 'echo.js', '--name', 'echo2']);
    assert.equal(other.code, 0, other.stderr);
    await waitFor('echo2 online', async () => byName(await t.jlist(), 'echo2')[0]?.pm2_env.status === 'online');
    // Same name, another script: a new app too (tend keeps names unique with a suffix).
    const sameName = await inWork(['start', 'sub/echo.js']);
    assert.equal(sameName.code, 0, sameName.stderr);
    const names = (await t.jlist()).map((r) => r.name).sort();
    assert.deepEqual(names, ['echo', 'echo-1', 'echo2']);
    assert.equal((await inWork(['delete', 'echo2', 'echo-1'])).code, 0);

    assert.equal((await inWork(['stop', 'echo'])).code, 0);
    await waitFor('echo stopped', async () => byName(await t.jlist(), 'echo')[0]?.pm2_env.status === 'stopped');
    const restarted = await inWork(['start', 'echo.js']);
    assert.equal(restarted.code, 0, restarted.stderr);
    const [echo] = await waitFor('echo online', async () => {
      const own = byName(await t.jlist(), 'echo');
      return own[0]?.pm2_env.status === 'online' ? own : null;
    });
    assert.equal(echo?.pm2_env.restart_time, 0, 'starting a stopped app is not a restart');
    assert.equal((await inWork(['restart', 'echo'])).code, 0);
    assert.equal(byName(await t.jlist(), 'echo')[0]?.pm2_env.restart_time, 1, 'restarting a running app is');
    assert.equal((await inWork(['stop', 'echo'])).code, 0);
    assert.equal((await inWork(['restart', 'echo'])).code, 0);
    assert.equal(byName(await t.jlist(), 'echo')[0]?.pm2_env.restart_time, 1, 'restarting a stopped app is not');
  });

  test('targets by script path, resolved from the caller cwd: stop, restart, sendSignal, logs, delete', async () => {
    const stop = await inWork(['stop', 'echo.js']);
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor('stopped by path', async () => byName(await t.jlist(), 'echo')[0]?.pm2_env.status === 'stopped');
    const fromSub = await t.tend(['restart', '../echo.js'], { cwd: join(work, 'sub') });
    assert.equal(fromSub.code, 0, fromSub.stderr);
    await waitFor('online by path', async () => byName(await t.jlist(), 'echo')[0]?.pm2_env.status === 'online');
    // sub/echo.js is another script: it names no app.
    const other = await t.tend(['stop', 'echo.js'], { cwd: join(work, 'sub') });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /E_APP_NOT_FOUND/);
    assert.equal((await inWork(['sendSignal', 'SIGWINCH', './echo.js'])).code, 0);
    const logs = await inWork(['logs', 'echo.js', '--nostream', '--lines', '5']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /echo/);
    assert.equal((await inWork(['delete', 'echo.js'])).code, 0);
    assert.deepEqual(await t.jlist(), []);
  });

  test('jlist: fork_mode, pm_log_path only with -l; stop turns watch off, restart --watch turns it on', async () => {
    assert.equal((await inWork(['start', 'a.js', '--watch'])).code, 0);
    assert.equal((await inWork(['start', 'b.js', '-l', 'entire.log'])).code, 0);
    let records = await t.jlist();
    const a = byName(records, 'a')[0];
    const b = byName(records, 'b')[0];
    assert.equal(a?.pm2_env.exec_mode, 'fork_mode');
    assert.equal(a?.pm2_env.watch, true);
    assert.equal(a !== undefined && 'pm_log_path' in a.pm2_env, false);
    assert.equal(b?.pm2_env.pm_log_path, join(work, 'entire.log'));
    assert.equal((await inWork(['stop', 'a'])).code, 0);
    records = await t.jlist();
    assert.equal(byName(records, 'a')[0]?.pm2_env.watch, false);
    assert.equal((await inWork(['restart', 'a', '--watch'])).code, 0);
    assert.equal(byName(await t.jlist(), 'a')[0]?.pm2_env.watch, true);
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('JSON with comments and trailing commas; `start -` and `delete -` read the file from stdin', async () => {
    const text = `{
  // PM2 reads this
  "apps": [
    { "name": "p1", "script": "a.js", },
    /* and this */ { "name": "p2", "script": "b.js" },
  ],
}`;
    json('commented.json', text);
    const started = await inWork(['start', 'commented.json']);
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual(
      (await t.jlist()).map((r) => r.name),
      ['p1', 'p2'],
    );
    assert.equal((await inWork(['delete', 'commented.json'])).code, 0);

    const piped = await runCli(['start', '-'], { home: t.home, cwd: work, input: text });
    assert.equal(piped.code, 0, piped.stderr);
    assert.deepEqual(
      (await t.jlist()).map((r) => [r.name, r.pm2_env.pm_exec_path]),
      [
        ['p1', join(work, 'a.js')],
        ['p2', join(work, 'b.js')],
      ],
    );
    const deleted = await runCli(['delete', '-'], { home: t.home, cwd: work, input: text });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(await t.jlist(), []);

    json('broken.json', '{ "apps": [ { "name": "x" "script": "a.js" } ] }');
    const broken = await inWork(['validate', 'broken.json']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /E_FILE_PARSE: .*broken\.json:1:27: comma expected/);
  });

  test('an app of another file is taken over by start/restart FILE (the plan says adopt); apply refuses unless --adopt', async () => {
    json('old.json', '{ "apps": [ { "name": "web", "script": "a.js" } ] }');
    json('new.json', '{ "apps": [ { "name": "web", "script": "a.js", "env": { "GREETING": "new" } } ] }');
    assert.equal((await inWork(['start', 'old.json'])).code, 0);
    const refused = await inWork(['apply', 'new.json']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /E_PLAN_OWNER_CONFLICT/);
    const restarted = await inWork(['restart', 'new.json']);
    assert.equal(restarted.code, 0, restarted.stderr);
    assert.match(restarted.stdout, new RegExp(`» adopt web \\(from ${join(work, 'old.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    assert.equal(byName(await t.jlist(), 'web')[0]?.pm2_env.source, join(work, 'new.json'));
    // A saved plan that adopts is applied as reviewed.
    const saved = await inWork(['plan', 'old.json', '--adopt', '-o', 'adopt-plan.json']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /» adopt web/);
    const appliedSaved = await inWork(['apply', 'adopt-plan.json']);
    assert.equal(appliedSaved.code, 0, appliedSaved.stderr);
    assert.equal(byName(await t.jlist(), 'web')[0]?.pm2_env.source, join(work, 'old.json'));
    assert.equal((await inWork(['restart', 'new.json'])).code, 0);
    const adopted = await inWork(['apply', 'old.json', '--adopt']);
    assert.equal(adopted.code, 0, adopted.stderr);
    assert.match(adopted.stdout, /» adopt web/);
    assert.equal(byName(await t.jlist(), 'web')[0]?.pm2_env.source, join(work, 'old.json'));
    // A cli app is taken over by a file as well.
    assert.equal((await inWork(['delete', 'web'])).code, 0);
    assert.equal((await inWork(['start', 'a.js', '--name', 'web'])).code, 0);
    const taken = await inWork(['start', 'old.json']);
    assert.equal(taken.code, 0, taken.stderr);
    assert.match(taken.stdout, /» adopt web \(from the command line\)/);
    assert.equal((await inWork(['delete', 'all'])).code, 0);
  });

  test('unknown keys: plan/apply/validate refuse with E_SPEC_UNKNOWN_KEY and did-you-mean; start warns; x- keys pass', async () => {
    json('typo.json', '{ "apps": [ { "name": "typo", "script": "a.js", "instancs": 4, "x-kubernetes": { "replicas": 2 } } ], "x-team": "core" }');
    for (const verb of ['plan', 'apply', 'validate']) {
      const result = await inWork([verb, 'typo.json']);
      assert.equal(result.code, 1, verb);
      assert.match(result.stderr, /error E_SPEC_UNKNOWN_KEY: .*apps\[0\]\.instancs: unknown option instancs/, verb);
      assert.match(result.stderr, /did you mean `instances`\?/, verb);
      assert.doesNotMatch(result.stderr, /x-kubernetes|x-team/, verb);
    }
    assert.deepEqual(await t.jlist(), [], 'nothing applied');
    const started = await inWork(['start', 'typo.json']);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stderr, /unknown option instancs/);
    assert.doesNotMatch(started.stderr, /x-kubernetes|x-team/);
    assert.equal((await inWork(['delete', 'typo.json'])).code, 0);
  });

  test('a JavaScript ecosystem error points at file:line:col', async () => {
    json('bad.config.js', 'module.exports = {\n  apps: [\n    { name: "a", script: "a.js" }\n    { name: "b" }\n  ]\n}\n');
    const syntax = await inWork(['validate', 'bad.config.js']);
    assert.equal(syntax.code, 1);
    assert.match(syntax.stderr, /E_FILE_EVAL: .*bad\.config\.js:4:5: SyntaxError/);
    json('bad.mjs', 'export default {\n  apps: [ { name: "a", script: "a.js" }\n  ]]\n}\n');
    const esm = await inWork(['validate', 'bad.mjs']);
    assert.equal(esm.code, 1);
    assert.match(esm.stderr, /E_FILE_EVAL: .*bad\.mjs:3:4: SyntaxError/);
    json('throws.config.js', 'module.exports = {\n  apps: [ { name: "a", script: missing } ]\n}\n');
    const thrown = await inWork(['validate', 'throws.config.js']);
    assert.match(thrown.stderr, /E_FILE_EVAL: .*throws\.config\.js:2:32: ReferenceError/);
  });
});
