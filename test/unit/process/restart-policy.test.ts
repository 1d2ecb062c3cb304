import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BACKOFF_CAP_MS,
  BACKOFF_RESET_MS,
  decideOnExit,
  freshHistory,
  nextBackoff,
  type CrashHistory,
  type RestartPolicy,
} from '../../../src/daemon/process/restart-policy.js';

const policy: RestartPolicy = { autorestart: true, max_restarts: 3, min_uptime: 1000, restart_delay: 0, exp_backoff_restart_delay: 0, stop_exit_codes: [] };
const crash = (uptimeMs: number, code: number | null = 1, signal: string | null = null) => ({ code, signal, uptimeMs });

function run(p: RestartPolicy, exits: ReturnType<typeof crash>[]): string[] {
  let history: CrashHistory = freshHistory;
  return exits.map((exit) => {
    const outcome = decideOnExit(p, history, exit);
    history = outcome.history;
    const d = outcome.decision;
    return d.action === 'restart' ? `restart ${d.delayMs}${d.unstable ? ' unstable' : ''}` : d.action;
  });
}

test('max_restarts unstable restarts in a row, then errored', () => {
  assert.deepEqual(run(policy, [crash(10), crash(10), crash(10), crash(10)]), ['restart 0 unstable', 'restart 0 unstable', 'restart 0 unstable', 'errored']);
  assert.deepEqual(run({ ...policy, max_restarts: 0 }, [crash(10)]), ['errored']);
});

test('a stable run (≥ min_uptime) restarts and resets the unstable streak', () => {
  assert.deepEqual(run(policy, [crash(10), crash(10), crash(5000), crash(10), crash(10), crash(10), crash(10)]), [
    'restart 0 unstable',
    'restart 0 unstable',
    'restart 0',
    'restart 0 unstable',
    'restart 0 unstable',
    'restart 0 unstable',
    'errored',
  ]);
});

test('autorestart false and stop_exit_codes stop; a signal is never a stop exit code', () => {
  assert.deepEqual(run({ ...policy, autorestart: false }, [crash(10, 0)]), ['stop']);
  const p = { ...policy, stop_exit_codes: [0, 3] };
  assert.deepEqual(run(p, [crash(10, 3), crash(10, 0), crash(10, 2), crash(10, null, 'SIGTERM')]), [
    'stop',
    'stop',
    'restart 0 unstable',
    'restart 0 unstable',
  ]);
});

test('restart_delay applies to every restart', () => {
  assert.deepEqual(run({ ...policy, restart_delay: 250 }, [crash(5000), crash(10)]), ['restart 250', 'restart 250 unstable']);
});

test('exponential backoff: ×1.5 per crash, capped at 15 s, reset after 30 s up', () => {
  const p = { ...policy, max_restarts: 100, exp_backoff_restart_delay: 100, restart_delay: 999 };
  const delays = run(
    p,
    Array.from({ length: 14 }, () => crash(5000)),
  ).map((s) => Number(s.split(' ')[1]));
  assert.deepEqual(delays.slice(0, 5), [100, 150, 225, 338, 507]);
  assert.equal(Math.max(...delays), BACKOFF_CAP_MS);
  assert.equal(delays.at(-1), BACKOFF_CAP_MS);
  assert.deepEqual(run(p, [crash(10), crash(10), crash(BACKOFF_RESET_MS), crash(10)]), [
    'restart 100 unstable',
    'restart 150 unstable',
    'restart 100',
    'restart 150 unstable',
  ]);
});

test('backoff never falls below its base and never exceeds the cap (or a larger base)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 1, max: 20_000 }), (previous, base) => {
      const next = nextBackoff(previous, base);
      assert.ok(next >= base);
      assert.ok(next <= Math.max(base, BACKOFF_CAP_MS));
    }),
  );
});
