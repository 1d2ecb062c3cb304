#!/usr/bin/env node
// Runs the compiled tests with node:test. Node 20's --test takes no globs, so files are listed here.
// Usage: node scripts/run-tests.js [unit|integration] [name-filter]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
const concurrency = process.env.TEND_TEST_CONCURRENCY ?? '3';
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=240000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
