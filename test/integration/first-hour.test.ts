// What a new user meets in the first hour, through the real CLI: `logs` with no apps, help that shows
// argument shapes and TEND_HOME (and `tend-runtime --help` that exits 0), history with a header, did-you-mean for app names, and no prune
// notice between apps started one by one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome, type TestHome } from '../support/daemon.js';

const ticker = join(repoRoot, 'test/fixtures/daemon/ticker.js');

describe('the first hour', () => {
  let t: TestHome;
  before(() => {
    t = makeHome('tend-first-');
  });
  after(async () => {
    await t.cleanup();
  });

  test('tend logs with no apps says so and exits 0, streaming or not', async () => {
    for (const args of [['logs'], ['logs', '--nostream']]) {
      const result = await t.tend(args);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /no apps yet/);
    }
  });

  test('top-level help: argument shapes, every alias, TEND_HOME and the docs', async () => {
    const help = await t.tend(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}start \[script\|file\|app\.\.\.\] +start a script/m);
    assert.match(help.stdout, /^ {2}scale <app> <n\|\+n\|-n> /m);
    assert.match(help.stdout, /^ {2}list\|ls\|l\|ps\|status \[file\] /m);
    assert.match(help.stdout, /^ {2}TEND_HOME /m);
    assert.match(help.stdout, /^Docs: .*README\.md and docs\//m);
    const apply = await t.tend(['apply', '--help']);
    assert.match(apply.stdout.replace(/\s+/g, ' '), /default: ecosystem\.config\.\* in this directory/);
    const start = await t.tend(['start', '--help']);
    assert.match(start.stdout, /--no-autostart +Register the app as stopped/);
    const runtime = spawnSync(process.execPath, [join(repoRoot, 'bin/tend-runtime.js'), '--help'], { encoding: 'utf8' });
    assert.equal(runtime.status, 0, runtime.stderr);
    assert.match(runtime.stdout, /^Usage: tend-runtime/);
    assert.equal(runtime.stderr, '');
  });

  test('history has a header and marks the current revision', async () => {
    const file = join(t.dir, 'ecosystem.yaml');
    for (const greeting of ['one', 'two']) {
      writeFileSync(file, `apps:\n  - name: greeter\n    script: ${ticker}\n    env:\n      GREETING: ${greeting}\n`);
      const applied = await t.tend(['apply', file]);
      assert.equal(applied.code, 0, applied.stderr);
    }
    const history = await t.tend(['history', 'greeter']);
    assert.equal(history.code, 0, history.stderr);
    const lines = history.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ +REV +APPLIED +SOURCE +CHANGED$/);
    assert.match(lines[1] ?? '', /^ {5}1 /);
    assert.match(lines[2] ?? '', /^\* {4}2 .*\/env\/GREETING/);
    assert.match(lines[3] ?? '', /^\* current revision/);
    const json = JSON.parse((await t.tend(['history', 'greeter', '--json'])).stdout) as { revision: number; current: boolean }[];
    assert.deepEqual(
      json.map((entry) => [entry.revision, entry.current]),
      [
        [1, false],
        [2, true],
      ],
    );
  });

  test('an unknown app name gets a did-you-mean', async () => {
    const typo = await t.tend(['stop', 'greeterr']);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /E_APP_NOT_FOUND: no app matches 'greeterr'\nhint: did you mean 'greeter'\?/);
    const unrelated = await t.tend(['stop', 'database']);
    assert.doesNotMatch(unrelated.stderr, /did you mean/);
  });

  test('apps started one by one are not reported as kept orphans of each other', async () => {
    const first = await t.tend(['start', join(repoRoot, 'test/fixtures/monitor/idle.js'), '--name', 'first']);
    assert.equal(first.code, 0, first.stderr);
    const second = await t.tend(['start', join(repoRoot, 'test/fixtures/monitor/chatty.js'), '--name', 'second']);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout + second.stderr, /Kept|no longer in/);
  });
});
