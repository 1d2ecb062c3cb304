// The published package as a user gets it: `npm pack`, then `npm install -g` of the tarball into an
// empty prefix, then the installed `tend` applies the bundled example, `tend web` serves its page (chart
// library included) and `tend-runtime` answers.
// Dependencies come from the registry, so this runs where CI asks for it (TEND_TEST_PACK=1, .ci/run).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);
const skip = process.env.TEND_TEST_PACK === '1' ? false : 'installs dependencies from the registry: set TEND_TEST_PACK=1 (.ci/run does)';

interface PackEntry {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

let dir: string;
let home: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tend-pack-'));
  home = join(dir, 'home');
});

after(async () => {
  if (skip) return rmSync(dir, { recursive: true, force: true });
  await run(join(dir, 'prefix/bin/tend'), ['kill'], { env: { ...process.env, TEND_HOME: home } }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('the packed tarball installs globally and runs the quick start', { skip, timeout: 600_000 }, async (t) => {
  // --ignore-scripts: the test run has built dist already; a rebuild would rewrite files other tests are reading.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  const [entry] = JSON.parse(packed.stdout) as PackEntry[];
  assert.ok(entry);
  t.diagnostic(`${entry.filename}: ${entry.size} bytes, ${entry.entryCount} files`);
  const paths = entry.files.map((file) => file.path);
  assert.deepEqual(
    paths.filter((path) => /^dist\/(test|bench|scripts)\/|\.map$|^(src(?!\/web\/static\/)|test|bench)\//.test(path)),
    [],
    'only what runs is packed',
  );
  for (const needed of [
    'bin/tend.js',
    'bin/tend-runtime.js',
    'dist/src/api/index.js',
    'dist/src/api/index.d.ts',
    'manifests/examples/quickstart.yaml',
    'docs/ecosystem.md',
  ])
    assert.ok(paths.includes(needed), needed);

  const prefix = join(dir, 'prefix');
  const empty = join(dir, 'elsewhere');
  mkdirSync(empty);
  await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', join(dir, entry.filename)], { cwd: empty });
  const env = { ...process.env, TEND_HOME: home, NO_COLOR: '1' };
  const tend = (...args: string[]) => run(join(prefix, 'bin/tend'), args, { cwd: empty, env });
  const example = join(prefix, 'lib/node_modules/tend-pm/manifests/examples/quickstart.yaml');
  // `api` listens on a fixed port (3000) that something else on a shared machine may hold.
  const applied = await tend('apply', example, '--only', 'worker,heartbeat');
  assert.match(applied.stdout, /create worker/);
  const list = JSON.parse((await tend('jlist')).stdout) as { name: string; pm2_env: { status: string } }[];
  assert.deepEqual(list.map((app) => [app.name, app.pm2_env.status]).sort(), [
    ['heartbeat', 'online'],
    ['worker', 'online'],
  ]);
  await tend('kill');
  // The web console's page, with its chart library, comes from the installed files (nothing is built).
  const web = spawn(join(prefix, 'bin/tend'), ['web', '--port', '0'], { cwd: empty, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => web.once('exit', resolve));
  try {
    let printed = '';
    web.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    const url = await waitFor('tend web to print its address', () => /open (http:\/\/\S+\?token=\S+)/.exec(printed)?.[1] ?? null, 30_000);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /uPlot/);
  } finally {
    web.kill('SIGTERM');
    await exited;
  }
  await tend('kill');
  const runtime = await run(join(prefix, 'bin/tend-runtime'), ['--help'], { cwd: empty, env });
  assert.match(runtime.stdout, /Usage: tend-runtime/);

  const imported = await run(process.execPath, ['--input-type=module', '-e', "import * as tend from 'tend-pm'; console.log(typeof tend.connect);"], {
    cwd: join(prefix, 'lib'),
  });
  assert.equal(imported.stdout.trim(), 'function');
});
