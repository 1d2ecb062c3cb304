#!/usr/bin/env node
// Runs the compiled tests with node:test. Node 20's --test takes no globs, so files are listed here.
// Usage: node scripts/run-tests.js [unit|integration] [name-filter]
// Before integration tests, installs the outside tools they need when it can (scripts/provision-tests.js).
// The run gets its own temp dir (TMPDIR): a test that leaves a tend-* folder behind fails the run.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { provisionTests } from './provision-tests.js';

const [kind, filter] = process.argv.slice(2);
const roots = kind ? [`dist/test/${kind}`] : ['dist/test/unit', 'dist/test/integration'];

function collect(dir) {
  let files = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return files; }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files = files.concat(collect(path));
    else if (entry.endsWith('.test.js') && (!filter || path.includes(filter))) files.push(path);
  }
  return files;
}

const files = roots.flatMap(collect).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const unprovided = kind === 'unit' ? [] : provisionTests();

const runTmp = mkdtempSync(join(tmpdir(), 'tend-run-'));
// Like /tmp itself: tests that run an app as another user (nobody) must reach their files.
chmodSync(runTmp, 0o1777);
const concurrency = process.env.TEND_TEST_CONCURRENCY ?? '3';
const summary = pathToFileURL(join(import.meta.dirname, 'test-summary.js')).href;
const result = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=240000', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${summary}`, '--test-reporter-destination=stdout', ...files],
  { stdio: 'inherit', env: { ...process.env, TMPDIR: runTmp } },
);

for (const line of unprovided) console.log(`not provided: ${line}`);
const litter = readdirSync(runTmp).filter((entry) => entry.startsWith('tend-'));
rmSync(runTmp, { recursive: true, force: true });
if (litter.length > 0) {
  console.error(`\nleft behind in the temp dir by the tests (each test must remove what it creates):\n${litter.map((entry) => `  ${entry}`).join('\n')}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
