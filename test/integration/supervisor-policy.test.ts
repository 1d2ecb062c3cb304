// Fork mode restart policy with real crashing processes: max_restarts → errored, exponential backoff,
// restart_delay, stop_exit_codes, autorestart false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LifecycleEvent } from '../../src/protocol/events.js';
import { createHarness, makeSpec } from '../support/supervisor-harness.js';

type ExitEvent = Extract<LifecycleEvent, { kind: 'exit' }>;
const exitsOf = (events: LifecycleEvent[], pm_id = 0): ExitEvent[] => events.filter((e): e is ExitEvent => e.kind === 'exit' && e.pm_id === pm_id);

test('a crash loop ends errored after max_restarts unstable restarts', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('crashy', 'crasher.cjs', { max_restarts: 3, min_uptime: 2000 });
    // It dies within min_uptime of its start: the start fails (issue 23), and the restart policy still runs.
    await assert.rejects(h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} }), { code: 'E_START_FAILED' });
    await h.waitFor('errored', () => h.supervisor.get(0)?.status === 'errored');
    const info = h.supervisor.get(0);
    assert.equal(info?.restart_time, 3);
    assert.equal(info?.unstable_restarts, 3);
    assert.equal(info?.exit_code, 1);
    assert.equal(info?.pid, null);
    assert.deepEqual(
      exitsOf(h.events).map((e) => e.willRestart),
      [true, true, true, false],
    );
    assert.equal(h.events.filter((e) => e.kind === 'errored').length, 1);
  } finally {
    await h.close();
  }
});

test('exponential backoff delays grow ×1.5 per crash and are honoured', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('backoff', 'crasher.cjs', { exp_backoff_restart_delay: 100, max_restarts: 4 });
    const timeline: { event: LifecycleEvent; at: number }[] = [];
    h.supervisor.on('lifecycle', (event) => timeline.push({ event, at: Date.now() }));
    // It dies within min_uptime of its start: the start fails (issue 23), and the restart policy still runs.
    await assert.rejects(h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} }), { code: 'E_START_FAILED' });
    await h.waitFor('errored', () => h.supervisor.get(0)?.status === 'errored');
    assert.deepEqual(
      exitsOf(h.events).map((e) => e.delayMs),
      [100, 150, 225, 338, 0],
    );
    assert.equal(h.events.filter((e) => e.kind === 'waiting restart').length, 4);
    // Each relaunch came no sooner than its delay after the exit before it.
    const exits = timeline.filter(({ event }) => event.kind === 'exit');
    const launches = timeline.filter(({ event }) => event.kind === 'launching').slice(1);
    assert.equal(launches.length, 4);
    launches.forEach((launch, i) => {
      const exit = exits[i];
      assert.ok(exit && exit.event.kind === 'exit' && launch.at - exit.at >= exit.event.delayMs - 5, `restart ${i + 1} waited its delay`);
    });
  } finally {
    await h.close();
  }
});

test('restart_delay waits before each restart, with status "waiting restart"', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('delayed', 'crasher.cjs', { restart_delay: 400, max_restarts: 1 });
    const at: Record<string, number[]> = {};
    h.supervisor.on('lifecycle', (event) => (at[event.kind] ??= []).push(Date.now()));
    // It dies within min_uptime of its start: the start fails (issue 23), and the restart policy still runs.
    await assert.rejects(h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} }), { code: 'E_START_FAILED' });
    await h.waitFor('waiting restart', () => h.supervisor.get(0)?.status === 'waiting restart');
    await h.waitFor('errored', () => h.supervisor.get(0)?.status === 'errored');
    assert.deepEqual(
      exitsOf(h.events).map((e) => e.delayMs),
      [400, 0],
    );
    const [firstExit] = at.exit ?? [];
    const secondLaunch = at.launching?.[1];
    assert.ok(firstExit !== undefined && secondLaunch !== undefined && secondLaunch - firstExit >= 390, 'relaunched after the delay');
  } finally {
    await h.close();
  }
});

test('an exit code listed in stop_exit_codes is not restarted', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('done', 'crasher.cjs', { stop_exit_codes: [3], env: { EXIT_CODE: '3' } });
    await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    await h.waitFor('stopped', () => h.supervisor.get(0)?.status === 'stopped');
    const info = h.supervisor.get(0);
    assert.equal(info?.exit_code, 3);
    assert.equal(info?.restart_time, 0);
    assert.deepEqual(
      exitsOf(h.events).map((e) => e.willRestart),
      [false],
    );
  } finally {
    await h.close();
  }
});

test('autorestart false leaves the app stopped after it exits, even with code 0', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('once', 'crasher.cjs', { autorestart: false, env: { EXIT_CODE: '0', AFTER_MS: '50' } });
    await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    await h.waitFor('stopped', () => h.supervisor.get(0)?.status === 'stopped');
    assert.equal(h.supervisor.get(0)?.restart_time, 0);
    assert.equal(h.events.filter((e) => e.kind === 'launching').length, 1);
  } finally {
    await h.close();
  }
});

test('a process that stays up past min_uptime restarts without counting as unstable', async () => {
  const h = createHarness();
  try {
    const spec = makeSpec('steady', 'crasher.cjs', { min_uptime: 100, max_restarts: 0, env: { AFTER_MS: '300' } });
    await h.supervisor.launch({ pm_id: 0, index: 0, spec, baseEnv: {} });
    await h.waitFor('two restarts', () => (h.supervisor.get(0)?.restart_time ?? 0) >= 2 && h.supervisor.get(0));
    assert.equal(h.supervisor.get(0)?.unstable_restarts, 0);
    await h.supervisor.stop(0);
    assert.equal(h.supervisor.get(0)?.status, 'stopped');
  } finally {
    await h.close();
  }
});
