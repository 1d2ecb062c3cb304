// Issue 10 end to end: tend-runtime in the foreground, the README's API example, tend serve, settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../support/cli.js';
import { makeHome, waitFor, type TestHome } from '../support/daemon.js';

const runtimeBin = join(repoRoot, 'bin/tend-runtime.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('tend-runtime', () => {
  test('forwards SIGTERM: the app shuts down gracefully and the runtime exits 0', async () => {
    const t = makeHome();
    try {
      const child = spawn(process.execPath, [runtimeBin, 'start', join(repoRoot, 'test/fixtures/daemon/graceful.js')], {
        env: { ...process.env, TEND_HOME: t.home },
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitFor('app up', () => output.includes('graceful up'));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(output, /graceful got SIG(INT|TERM)/);
      assert.match(output, /graceful done/);
    } finally {
      await t.cleanup();
    }
  });

  test('exits non-zero when every app has failed for good', async () => {
    const t = makeHome();
    try {
      const crasher = join(t.dir, 'crash.cjs');
      writeFileSync(crasher, 'process.exit(3);\n');
      const child = spawn(process.execPath, [runtimeBin, 'start', crasher], { env: { ...process.env, TEND_HOME: t.home } });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      assert.notEqual(code, 0);
    } finally {
      await t.cleanup();
    }
  });
});

describe('API and built-in apps', () => {
  let t: TestHome;
  before(() => {
    t = makeHome();
  });
  after(async () => {
    await t.cleanup();
  });

  test("the README's API example runs", async () => {
    const example = fileURLToPath(new URL('../../../manifests/api-example/example.mjs', import.meta.url));
    const child = spawn(process.execPath, [example], { env: { ...process.env, TEND_HOME: t.home } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    assert.equal(code, 0, output);
    assert.match(output, /answerer is online with pid \d+/);
    assert.match(output, /reply: .*hello api/);
    assert.match(output, /apps left: 0/);
  });

  test('connect(true) runs the daemon inside the calling process; startup() writes a boot unit', async () => {
    const home = join(t.dir, 'embedded-home');
    const script = `
      import * as tend from 'tend-pm';
      await tend.connect(true);
      const before = (await tend.list()).length;
      await tend.start({ name: 'inside', script: ${JSON.stringify(join(repoRoot, 'test/fixtures/daemon/ticker.js'))} });
      const records = await tend.list();
      console.log('daemon pid is mine:', records.length === before + 1 && records[0].pm2_env.env.TEND_HOME === ${JSON.stringify(home)});
      const report = await tend.startup('systemd', { destdir: ${JSON.stringify(join(t.dir, 'root'))} });
      console.log('startup:', report.action);
      await tend.disconnect();
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, env: { ...process.env, TEND_HOME: home } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    assert.equal(code, 0, output);
    assert.match(output, /daemon pid is mine: true/);
    assert.match(output, /startup: installed/);
  });

  test('tend serve runs the static server as a managed app', async () => {
    const site = join(t.dir, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<h1>tend</h1>');
    const port = await freePort();
    const served = await t.tend(['serve', site, String(port)]);
    assert.equal(served.code, 0, served.stderr);
    const body = await waitFor('server answers', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      return response.ok ? { type: response.headers.get('content-type'), text: await response.text() } : null;
    });
    assert.equal(body.text, '<h1>tend</h1>');
    assert.match(body.type ?? '', /text\/html/);
    const records = await t.jlist();
    assert.ok(records.some((r) => r.name === `static-page-server-${port}` && r.pm2_env.status === 'online'));
  });

  test('set / get / unset; pm2:autodump is accepted and explained', async () => {
    const set = await t.tend(['set', 'pm2:autodump', 'true']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /autodump is unnecessary in tend: .*boot \(`tend startup`\) restores what ran/);
    assert.match((await t.tend(['get'])).stdout, /pm2:autodump: true/);
    assert.equal((await t.tend(['unset', 'pm2:autodump'])).code, 0);
    const missing = await t.tend(['get', 'pm2:autodump']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /E_SETTING_NOT_FOUND/);
  });
});
