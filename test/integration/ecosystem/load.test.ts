// Every file form and shape, the default file search, file errors, paths and revisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadEcosystem, normalizeApps } from '../../../src/ecosystem/load.js';
import { TendError } from '../../../src/errors/index.js';
import type { SpecProblem } from '../../../src/ecosystem/problems.js';
import { tempDir } from '../../support/temp-dir.js';

const app = { 'app.js': 'setInterval(() => {}, 1000);\n' };

async function names(dir: string, file?: string): Promise<string[]> {
  return (await loadEcosystem(file, { cwd: dir })).apps.map((spec) => spec.name);
}

async function loadError(dir: string, file: string, options: { strict?: boolean; only?: string[] } = {}): Promise<TendError> {
  try {
    await loadEcosystem(file, { cwd: dir, ...options });
  } catch (error) {
    assert.ok(error instanceof TendError, String(error));
    assert.ok(!error.message.includes('\n'), 'the message is one line');
    return error;
  }
  assert.fail('expected an error');
}

const cjs = 'module.exports = { apps: [{ name: "a", script: "app.js" }], deploy: { production: { host: "h" } } };\n';

test('forms: .js and .cjs (CommonJS), .mjs, .json, .yaml, .yml, package.json with apps', async () => {
  const dir = tempDir({
    ...app,
    'one.config.js': cjs,
    'two.cjs': cjs,
    'three.mjs': 'export default { apps: [{ name: "a", script: "app.js" }] };\n',
    'four.json': '{ "apps": [{ "name": "a", "script": "app.js" }] }',
    'five.yaml': 'apps:\n  - name: a\n    script: app.js\n',
    'six.yml': 'apps:\n  - name: a\n    script: app.js\n',
    'pkg/package.json': '{ "name": "x", "apps": [{ "name": "a", "script": "../app.js" }] }',
  });
  for (const file of ['one.config.js', 'two.cjs', 'three.mjs', 'four.json', 'five.yaml', 'six.yml', 'pkg/package.json']) {
    assert.deepEqual(await names(dir, file), ['a'], file);
  }
  const loaded = await loadEcosystem('one.config.js', { cwd: dir });
  assert.equal(loaded.file, join(dir, 'one.config.js'));
  assert.deepEqual(loaded.deploy, { production: { host: 'h' } });
});

test('a .js file inside a "type": "module" package: CommonJS (PM2 style) and ESM both load', async () => {
  const dir = tempDir({
    ...app,
    'package.json': '{ "type": "module" }',
    'ecosystem.config.js':
      'const path = require("node:path");\nmodule.exports = { apps: [{ name: path.basename(__filename, ".config.js"), script: "app.js" }] };\n',
    'esm.config.js': 'import { basename } from "node:path";\nexport default { apps: [{ name: basename(import.meta.url, ".config.js"), script: "app.js" }] };\n',
  });
  assert.deepEqual(await names(dir, 'ecosystem.config.js'), ['ecosystem']);
  assert.deepEqual(await names(dir, 'esm.config.js'), ['esm']);
});

test('shapes: { apps }, legacy { pm2 }, a bare array, a single app object', async () => {
  const dir = tempDir({
    ...app,
    'apps.json': '{ "apps": [{ "name": "a", "script": "app.js" }, { "name": "b", "script": "app.js" }] }',
    'pm2.json': '{ "pm2": [{ "name": "a", "script": "app.js" }] }',
    'array.yaml': '- name: a\n  script: app.js\n- name: b\n  script: app.js\n',
    'single.json': '{ "$schema": "../ecosystem.schema.json", "name": "solo", "script": "app.js" }',
  });
  assert.deepEqual(await names(dir, 'apps.json'), ['a', 'b']);
  assert.deepEqual(await names(dir, 'pm2.json'), ['a']);
  assert.deepEqual(await names(dir, 'array.yaml'), ['a', 'b']);
  const single = await loadEcosystem('single.json', { cwd: dir });
  assert.deepEqual([single.apps.map((spec) => spec.name), single.warnings], [['solo'], []]);
});

test('without a file: ecosystem.config.{js,cjs,mjs,json,yaml,yml} in the working directory, else E_FILE_NOT_FOUND', async () => {
  assert.deepEqual(await names(tempDir({ ...app, 'ecosystem.config.yml': '- name: found\n  script: app.js\n' })), ['found']);
  assert.deepEqual(await names(tempDir({ ...app, 'ecosystem.config.cjs': 'module.exports = [{ name: "c", script: "app.js" }];' })), ['c']);
  const none = tempDir();
  await assert.rejects(loadEcosystem(undefined, { cwd: none }), { code: 'E_FILE_NOT_FOUND', message: `no ecosystem file in ${none}` });
  await assert.rejects(loadEcosystem('missing.yaml', { cwd: none }), { code: 'E_FILE_NOT_FOUND' });
  await assert.rejects(loadEcosystem('notes.txt', { cwd: tempDir({ 'notes.txt': '' }) }), { code: 'E_FILE_NOT_FOUND' });
});

test('syntax errors name file:line:col (YAML and JSON)', async () => {
  const dir = tempDir({
    'bad.yaml': 'apps:\n  - name: a\n    script: [app.js\n',
    'bad.json': '{\n  "apps": [\n    { "script": "a.js" "name": "a" }\n  ]\n}\n',
  });
  const yaml = await loadError(dir, 'bad.yaml');
  assert.equal(yaml.code, 'E_FILE_PARSE');
  assert.match(yaml.message, new RegExp(`^${join(dir, 'bad.yaml')}:\\d+:\\d+: `));
  const json = await loadError(dir, 'bad.json');
  assert.equal(json.code, 'E_FILE_PARSE');
  assert.ok(json.message.startsWith(`${join(dir, 'bad.json')}:3:`), json.message);
});

test('a JS file that throws: E_FILE_EVAL with the file, its line and the message, no stack of ours', async () => {
  const dir = tempDir({
    'ecosystem.config.js': 'const apps = [];\nthrow new Error("no database url");\n',
    'broken.mjs': 'export default {\n  apps: [undefinedThing],\n};\n',
  });
  const thrown = await loadError(dir, 'ecosystem.config.js');
  assert.equal(thrown.code, 'E_FILE_EVAL');
  assert.equal(thrown.message, `${join(dir, 'ecosystem.config.js')}:2:7: Error: no database url`);
  const esm = await loadError(dir, 'broken.mjs');
  assert.equal(esm.code, 'E_FILE_EVAL');
  assert.match(esm.message, /broken\.mjs:2:\d+: ReferenceError: undefinedThing is not defined$/);
});

test('every problem of a file in one error, with file, line:col, path, value and hint', async () => {
  const dir = tempDir({
    ...app,
    'eco.yaml': [
      'apps:',
      '  - name: web',
      '    script: app.js',
      '    instancs: 2',
      '  - name: web',
      '    script: app.js',
      '  - name: job',
      '    script: ./missing.js',
      '    instances: abc',
      '',
    ].join('\n'),
  });
  const error = await loadError(dir, 'eco.yaml');
  assert.equal(error.code, 'E_SPEC_INVALID');
  assert.equal(error.message, `${join(dir, 'eco.yaml')} has 3 problems`);
  const problems = error.details as SpecProblem[];
  const summary = problems.map((p) => `${p.severity} ${p.line}:${p.col} ${p.path}`).sort();
  assert.deepEqual(summary, ['error 5:5 apps[1].name', 'error 8:5 apps[2].script', 'error 9:5 apps[2].instances', 'warning 4:5 apps[0].instancs'].sort());
  const instances = problems.find((p) => p.path === 'apps[2].instances');
  assert.equal(instances?.value, 'abc');
  assert.equal(instances?.file, join(dir, 'eco.yaml'));
  const strict = await loadError(dir, 'eco.yaml', { strict: true });
  assert.equal(strict.message, `${join(dir, 'eco.yaml')} has 4 problems`);
});

test('JSON problems carry line and column too; JS problems carry the path only', async () => {
  const dir = tempDir({
    ...app,
    'eco.json': '{\n  "apps": [\n    {\n      "script": "app.js",\n      "port": "x"\n    }\n  ]\n}\n',
    'eco.config.js': 'module.exports = { apps: [{ script: "app.js", port: "x" }] };',
  });
  const json = (await loadError(dir, 'eco.json')).details as SpecProblem[];
  assert.deepEqual([json[0]?.line, json[0]?.col, json[0]?.path], [5, 7, 'apps[0].port']);
  const js = (await loadError(dir, 'eco.config.js')).details as SpecProblem[];
  assert.deepEqual([js[0]?.line, js[0]?.path], [undefined, 'apps[0].port']);
});

test('one problem: the message names it and the hint is its own', async () => {
  const error = await loadError(tempDir({ 'e.json': '{ "apps": [{ "script": "x.js" }] }' }), 'e.json');
  assert.match(error.message, /e\.json: apps\[0\]\.script: script .*x\.js does not exist$/);
  assert.equal(error.hint, 'fix the path: it is relative to the app cwd');
});

test('file-level problems: no apps list, unknown top-level keys, package.json without apps', async () => {
  const dir = tempDir({
    ...app,
    'a.json': '{ "apps": {} }',
    'b.json': '{ "apps": [{ "script": "app.js" }], "static": [] }',
    'package.json': '{ "name": "x" }',
    'c.json': '"text"',
  });
  assert.match((await loadError(dir, 'a.json')).message, /apps must be a list of apps/);
  assert.match((await loadEcosystem('b.json', { cwd: dir })).warnings[0]?.message ?? '', /unknown top-level key static/);
  assert.match((await loadError(dir, 'package.json')).message, /package\.json has no apps key/);
  assert.match((await loadError(dir, 'c.json')).message, /must define an object or an array/);
});

test('--only keeps the named apps; an unknown name is an error with did-you-mean', async () => {
  const dir = tempDir({ ...app, 'e.yaml': '- name: api\n  script: app.js\n- name: worker\n  script: app.js\n' });
  assert.deepEqual(
    (await loadEcosystem('e.yaml', { cwd: dir, only: ['worker'] })).apps.map((spec) => spec.name),
    ['worker'],
  );
  const error = await loadError(dir, 'e.yaml', { only: ['wroker'] });
  assert.match(error.message, /--only wroker: no app has this name/);
  assert.match(error.hint, /did you mean worker\?/);
});

test('paths: cwd relative to the file, script and logs relative to cwd, symlinks resolved', async () => {
  const root = tempDir({
    'releases/v1/server.js': '',
    'releases/v2/server.js': '',
    'conf/eco.yaml': 'apps:\n  - name: s\n    cwd: ../current\n    script: server.js\n    out_file: logs/out.log\n',
  });
  symlinkSync(join(root, 'releases/v1'), join(root, 'current'));
  const v1 = (await loadEcosystem('conf/eco.yaml', { cwd: root })).apps[0];
  assert.deepEqual(
    [v1?.cwd, v1?.script, v1?.out_file],
    [join(root, 'releases/v1'), join(root, 'releases/v1/server.js'), join(root, 'releases/v1/logs/out.log')],
  );
  mkdirSync(join(root, 'next'));
  symlinkSync(join(root, 'releases/v2/server.js'), join(root, 'next/entry.js'));
  const linked = normalizeApps([{ script: 'next/entry.js' }], { baseDir: root }).apps[0];
  assert.equal(linked?.script, join(root, 'releases/v2/server.js'));
});

test('revision: the HEAD commit of the git work tree holding cwd (loose and packed refs), null outside git', async () => {
  const dir = tempDir({ ...app, 'e.yaml': '- name: a\n  script: app.js\n' });
  assert.equal((await loadEcosystem('e.yaml', { cwd: dir })).apps[0]?.revision, null);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  assert.equal((await loadEcosystem('e.yaml', { cwd: dir })).apps[0]?.revision, null, 'no commit yet');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  const head = git('rev-parse', 'HEAD');
  assert.equal((await loadEcosystem('e.yaml', { cwd: dir })).apps[0]?.revision, head);
  git('pack-refs', '--all');
  assert.equal((await loadEcosystem('e.yaml', { cwd: dir })).apps[0]?.revision, head, 'packed refs');
  git('checkout', '-q', '--detach');
  assert.equal((await loadEcosystem('e.yaml', { cwd: dir })).apps[0]?.revision, head, 'detached HEAD');
});

test('normalizeApps (CLI apps): same code, problems thrown as E_SPEC_INVALID, paths without an index', () => {
  const dir = tempDir(app);
  const { apps } = normalizeApps([{ script: 'app.js', instances: 2 }], { baseDir: dir, cpus: 8 });
  assert.deepEqual([apps[0]?.name, apps[0]?.cwd, apps[0]?.exec_mode], ['app', dir, 'cluster']);
  assert.throws(
    () => normalizeApps([{ script: 'app.js', instances: 'x' }], { baseDir: dir }),
    (error: unknown) => {
      assert.ok(error instanceof TendError);
      assert.equal(error.code, 'E_SPEC_INVALID');
      assert.equal(error.message, 'the command line: instances: instances must be a whole number or "max"');
      return true;
    },
  );
  const typescript = tempDir({ 'main.ts': '' });
  assert.throws(() => normalizeApps([{ script: 'main.ts' }], { baseDir: typescript }), { code: 'E_INTERPRETER_MISSING' });
});
