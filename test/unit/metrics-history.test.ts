// The daemon's per-instance rings for the console's charts: an hour of 15-s steps (the highest sample
// of each), the latest exits and restarts, a fixed size whatever runs, and only the table's instances.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsHistory, bytesPerInstance, stepMs, windowMs } from '../../src/daemon/monitor/metrics-history.js';

const start = 1_800_000_000_000;
const mib = 1024 * 1024;

describe('metrics history', () => {
  test('keeps the highest sample of each step, oldest first', () => {
    const history = new MetricsHistory(() => start + 60_000);
    history.retain([0]);
    history.sample(0, { cpu: 5, memory: 10 * mib }, start);
    history.sample(0, { cpu: 12.5, memory: 8 * mib }, start + 1000);
    history.sample(0, { cpu: 1, memory: 20 * mib }, start + stepMs);
    const [instance] = history.read('web', [0]).instances;
    assert.deepEqual(instance?.cpu, [12.5, 1]);
    assert.deepEqual(instance?.memory, [10 * mib, 20 * mib]);
    assert.deepEqual(instance?.at, [Math.floor(start / stepMs) * stepMs, Math.floor(start / stepMs) * stepMs + stepMs]);
  });

  test('reaches back an hour and no further: the ring is overwritten, its size fixed', () => {
    const history = new MetricsHistory();
    history.retain([3]);
    const end = start + 3 * windowMs;
    for (let at = start; at <= end; at += 5000) history.sample(3, { cpu: 1, memory: mib }, at);
    const [instance] = history.read('web', [3], end).instances;
    assert.equal(instance?.at.length, windowMs / stepMs);
    assert.ok((instance?.at[0] ?? 0) > end - windowMs);
    assert.equal(history.size, 1);
    assert.ok(bytesPerInstance < 3 * 1024, `${bytesPerInstance} bytes per instance`);
  });

  test('marks exits, crash restarts and restarts; keeps only the latest events', () => {
    const history = new MetricsHistory(() => start);
    history.retain([1]);
    history.lifecycle({ kind: 'online', pm_id: 1, name: 'web', pid: 10 }, start);
    history.lifecycle({ kind: 'exit', pm_id: 1, name: 'web', pid: 10, code: 3, signal: null, willRestart: true, delayMs: 0 }, start + 1);
    history.lifecycle({ kind: 'online', pm_id: 1, name: 'web', pid: 11 }, start + 2);
    history.lifecycle({ kind: 'exit', pm_id: 1, name: 'web', pid: 11, code: null, signal: 'SIGTERM', willRestart: false, delayMs: 0 }, start + 3);
    const events = history.read('web', [1], start + 10).instances[0]?.events;
    assert.deepEqual(events, [
      { at: start + 1, kind: 'exit', code: 3, signal: null, willRestart: true },
      { at: start + 2, kind: 'restart', code: null, signal: null, willRestart: false },
      { at: start + 3, kind: 'exit', code: null, signal: 'SIGTERM', willRestart: false },
    ]);
    for (let n = 0; n < 100; n++) history.lifecycle({ kind: 'online', pm_id: 1, name: 'web', pid: 12 + n }, start + 10 + n);
    const latest = history.read('web', [1], start + 200).instances[0]?.events ?? [];
    assert.equal(latest.length, 32);
    assert.equal(latest.at(-1)?.at, start + 109);
  });

  test('instances outside the table get no ring; leaving it drops the ring', () => {
    const history = new MetricsHistory(() => start);
    history.retain([0, 1]);
    history.sample(0, { cpu: 1, memory: mib }, start);
    history.sample(1, { cpu: 1, memory: mib }, start);
    history.sample(7, { cpu: 1, memory: mib }, start);
    assert.equal(history.size, 2);
    history.retain([1]);
    assert.equal(history.size, 1);
    assert.deepEqual(history.read('web', [0]).instances[0]?.at, []);
  });
});
