// Floods real processes through the log hub in every mode and checks that every line arrives
// exactly once, whole, byte-exact and in order per process. Prints time and peak RSS per flood.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { checkFloodLines, createHarness, fileLines, floodApp, runAttached, sampleRss, type FloodCheck, type Harness } from '../support/log-apps.js';
import { logSpec } from '../fixtures/log-apps/spec.js';
import type { AppSpec } from '../../src/ecosystem/types.js';

const LINES = 200_000;
const DATE_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d: /u;

interface Instance {
  pm_id: number;
  tag: string;
  count: number;
  streams: 'out' | 'err' | 'both';
}

async function flood(t: TestContext, harness: Harness, spec: AppSpec, instances: Instance[]): Promise<void> {
  const baseline = process.memoryUsage.rss();
  const stopSampling = sampleRss();
  const started = process.hrtime.bigint();
  const runs = instances.map((instance) =>
    runAttached(harness, { pm_id: instance.pm_id, name: spec.name, spec }, [floodApp, instance.tag, String(instance.count), instance.streams]),
  );
  const codes = await Promise.all(runs.map((run) => run.done));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const peak = stopSampling();
  const total = instances.reduce((sum, instance) => sum + instance.count * (instance.streams === 'both' ? 2 : 1), 0);
  t.diagnostic(
    `${total} lines in ${elapsedMs.toFixed(0)} ms (${Math.round((total / elapsedMs) * 1000)} lines/s), test process RSS ${(baseline / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB (+${((peak - baseline) / 2 ** 20).toFixed(0)} MiB), source pauses ${harness.hub.stats?.().pauses ?? 0}`,
  );
  assert.deepEqual(
    codes,
    instances.map(() => 0),
  );
  assert.deepEqual(harness.errors, []);
}

function assertComplete(check: FloodCheck, expected: Record<string, number>): void {
  assert.equal(check.firstProblem, null);
  assert.equal(check.damaged, 0);
  assert.equal(check.outOfOrder, 0);
  assert.deepEqual(check.counts, expected);
}

const asIs = (line: string): string => line;

test('plain: 200,000 lines arrive whole, once, in order', async (t) => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'plain' });
    await flood(t, harness, spec, [{ pm_id: 0, tag: 'p', count: LINES, streams: 'out' }]);
    const paths = harness.hub.pathsFor({ pm_id: 0, name: 'plain', spec });
    assertComplete(checkFloodLines(fileLines(paths.out ?? ''), asIs), { p: LINES });
  } finally {
    await harness.cleanup();
  }
});

test('time: every line of stdout, stderr and the combined log carries the date prefix', async (t) => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'dated', log_date_format: 'YYYY-MM-DDTHH:mm:ss', log_file: true });
    await flood(t, harness, spec, [{ pm_id: 0, tag: 'd', count: LINES / 2, streams: 'both' }]);
    const paths = harness.hub.pathsFor({ pm_id: 0, name: 'dated', spec });
    const unwrap = (line: string): string | null => (DATE_PREFIX.test(line) ? line.replace(DATE_PREFIX, '') : null);
    assertComplete(checkFloodLines(fileLines(paths.out ?? ''), unwrap), { do: LINES / 2 });
    assertComplete(checkFloodLines(fileLines(paths.err ?? ''), unwrap), { de: LINES / 2 });
    assertComplete(checkFloodLines(fileLines(paths.combined ?? ''), unwrap), { do: LINES / 2, de: LINES / 2 });
  } finally {
    await harness.cleanup();
  }
});

test('json: one object per line with message, timestamp, type, process_id, app_name', async (t) => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'json', log_type: 'json' });
    await flood(t, harness, spec, [{ pm_id: 3, tag: 'j', count: LINES, streams: 'out' }]);
    const paths = harness.hub.pathsFor({ pm_id: 3, name: 'json', spec });
    let badRecords = 0;
    const unwrap = (line: string): string | null => {
      const record = JSON.parse(line) as { message: string; timestamp: string; type: string; process_id: number; app_name: string };
      if (record.type !== 'out' || record.process_id !== 3 || record.app_name !== 'json' || Number.isNaN(Date.parse(record.timestamp))) badRecords += 1;
      return record.message;
    };
    assertComplete(checkFloodLines(fileLines(paths.out ?? ''), unwrap), { j: LINES });
    assert.equal(badRecords, 0);
  } finally {
    await harness.cleanup();
  }
});

test('merged: two processes share one file and never interleave mid-line', async (t) => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'merged', instances: 2, exec_mode: 'cluster', merge_logs: true });
    await flood(t, harness, spec, [
      { pm_id: 0, tag: 'm0', count: LINES / 2, streams: 'out' },
      { pm_id: 1, tag: 'm1', count: LINES / 2, streams: 'out' },
    ]);
    const paths = harness.hub.pathsFor({ pm_id: 1, name: 'merged', spec });
    assert.equal(paths.out, join(harness.logsDir, 'merged-out.log'));
    const lines = fileLines(paths.out ?? '');
    assertComplete(checkFloodLines(lines, asIs), { m0: LINES / 2, m1: LINES / 2 });
    // Both writers were really concurrent: their lines alternate somewhere in the file.
    let switches = 0;
    for (let index = 1; index < lines.length; index += 1) if (lines[index]?.slice(0, 2) !== lines[index - 1]?.slice(0, 2)) switches += 1;
    t.diagnostic(`writers alternated ${switches} times`);
  } finally {
    await harness.cleanup();
  }
});

/** The live file and its rotated copies, oldest first. */
function rotatedSeries(path: string, gz: boolean): string[] {
  const dir = join(path, '..');
  const base = path.slice(dir.length + 1);
  const pattern = new RegExp(`^${base.replace(/[.]/g, '\\.')}\\.(\\d+)${gz ? '\\.gz' : ''}$`, 'u');
  const numbered = readdirSync(dir)
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((entry) => entry.match)
    .sort((a, b) => Number(b.match?.[1]) - Number(a.match?.[1]))
    .map((entry) => join(dir, entry.name));
  return [...numbered, path];
}

test('rotation at 1 MiB keeps every line exactly once across the rotated files', async (t) => {
  const harness = createHarness();
  try {
    const maxSize = 1024 * 1024;
    const spec = logSpec({ name: 'rotated', log_max_size: maxSize, log_retain: 40 });
    await flood(t, harness, spec, [{ pm_id: 0, tag: 'r', count: LINES, streams: 'out' }]);
    const path = harness.hub.pathsFor({ pm_id: 0, name: 'rotated', spec }).out ?? '';
    const series = rotatedSeries(path, false);
    t.diagnostic(`${series.length} files`);
    assert.ok(series.length > 10);
    for (const file of series) assert.ok(statSync(file).size <= maxSize, `${file} is over the limit`);
    assertComplete(checkFloodLines(series.flatMap(fileLines), asIs), { r: LINES });
  } finally {
    await harness.cleanup();
  }
});

test('rotation with gzip: rotated files are compressed and still hold every line', async (t) => {
  const harness = createHarness();
  const count = 50_000;
  try {
    const spec = logSpec({ name: 'packed', log_max_size: 256 * 1024, log_retain: 40, log_compress: true });
    await flood(t, harness, spec, [{ pm_id: 0, tag: 'z', count, streams: 'out' }]);
    await harness.hub.close(); // waits for the last compression
    const path = harness.hub.pathsFor({ pm_id: 0, name: 'packed', spec }).out ?? '';
    const series = rotatedSeries(path, true);
    assert.ok(series.length > 5);
    assert.deepEqual(
      readdirSync(harness.logsDir).filter((name) => /\.\d+$/u.test(name) || name.endsWith('.partial')),
      [],
    );
    const lines = series.flatMap((file) => {
      const text = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
      return text.split('\n').filter((line) => line !== '');
    });
    assertComplete(checkFloodLines(lines, asIs), { z: count });
  } finally {
    await harness.cleanup();
  }
});
