// `tend init` through the real CLI in temp folders; the files it writes must load with the real spec loader.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../support/cli.js';
import { loadEcosystem } from '../../src/ecosystem/index.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tend-init-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

test('guesses script and args from a `node …` start script; the file loads as an ecosystem', async () => {
  const pkg = { name: '@acme/web', type: 'module', scripts: { start: 'node --enable-source-maps server.js --port 3000' } };
  const cwd = project({ 'package.json': JSON.stringify(pkg), 'server.js': '' });
  const result = await runCli(['init'], { cwd });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /wrote .*ecosystem\.config\.js for web/);
  const content = readFileSync(join(cwd, 'ecosystem.config.js'), 'utf8');
  assert.match(content, /^\/\/ /);
  assert.match(content, /Guessed from the "start" script of package\.json/);

  const loaded = await loadEcosystem(undefined, { cwd });
  assert.equal(loaded.apps.length, 1);
  const [app] = loaded.apps;
  assert.equal(app?.name, 'web');
  assert.equal(app?.script, join(cwd, 'server.js'));
  assert.deepEqual(app?.args, ['--port', '3000']);
  assert.equal(app?.env.NODE_ENV, 'development');
});

test('refuses to overwrite without --force', async () => {
  const cwd = project({ 'index.js': '' });
  writeFileSync(join(cwd, 'ecosystem.config.js'), '// mine\n');
  const refused = await runCli(['init'], { cwd });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /error E_INIT_EXISTS: .*ecosystem\.config\.js already exists/);
  assert.match(refused.stderr, /hint: Re-run with --force/);
  assert.equal(readFileSync(join(cwd, 'ecosystem.config.js'), 'utf8'), '// mine\n');

  const forced = await runCli(['ecosystem', '--force'], { cwd });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(cwd, 'ecosystem.config.js'), 'utf8'), /script: "\.\/index\.js"/);
});

test('--yaml writes ecosystem.config.yaml from package.json main', async () => {
  const cwd = project({ 'package.json': JSON.stringify({ name: 'api', main: 'lib/app.js' }), 'lib/app.js': '' });
  const result = await runCli(['init', '--yaml', '--json'], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { path: string; app: { script: string; reason: string } };
  assert.equal(report.path, join(cwd, 'ecosystem.config.yaml'));
  assert.equal(report.app.script, './lib/app.js');
  const content = readFileSync(report.path, 'utf8');
  assert.match(content, /^# /);
  const loaded = await loadEcosystem(undefined, { cwd });
  assert.equal(loaded.apps[0]?.name, 'api');
  assert.equal(loaded.apps[0]?.script, join(cwd, 'lib/app.js'));
  assert.equal(loaded.apps[0]?.env.NODE_ENV, 'development');
});

test('a start script that is not `node file` runs through npm start', async () => {
  const cwd = project({ 'package.json': JSON.stringify({ name: 'site', scripts: { start: 'next start -p 4000' } }) });
  const result = await runCli(['init', '--json'], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { app: { script: string; args: string } };
  assert.deepEqual([report.app.script, report.app.args], ['npm', 'start']);
});

test('without package.json, a common entry file is used, and the folder names the app', async () => {
  const cwd = project({ 'server.js': '' });
  const result = await runCli(['init', '--json'], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { app: { name: string; script: string } };
  assert.equal(report.app.script, './server.js');
  assert.match(report.app.name, /^tend-init-/);
});
