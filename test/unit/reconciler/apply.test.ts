import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan } from '../../../src/reconciler/run-plan.js';
import type { ApplyProgress, PlanExecutor } from '../../../src/reconciler/run-plan.js';
import { plan } from '../../../src/reconciler/plan.js';
import type { Plan } from '../../../src/reconciler/types.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { TendError } from '../../../src/errors/index.js';
import { FILE, allRunning, makeSpec, owned } from '../../support/plan-fixtures.js';

/** A test double of the executor interface: records each call, and records a spec as applied only when its call succeeds. */
class RecordingExecutor implements PlanExecutor {
  readonly calls: string[] = [];
  readonly applied = new Map<string, AppSpec>();
  constructor(
    private readonly failOn: string | null = null,
    private readonly failure: unknown = new Error('boom'),
  ) {}

  private async run(call: string, spec: AppSpec | null, name: string): Promise<void> {
    this.calls.push(call);
    await Promise.resolve();
    if (call === this.failOn) throw this.failure;
    if (spec === null) this.applied.delete(name);
    else this.applied.set(name, spec);
  }

  create(spec: AppSpec, source: string): Promise<void> {
    return this.run(`create ${spec.name} ${source}`, spec, spec.name);
  }
  updateLive(spec: AppSpec): Promise<void> {
    return this.run(`live ${spec.name}`, spec, spec.name);
  }
  scale(spec: AppSpec, instances: number): Promise<void> {
    return this.run(`scale ${spec.name} ${instances}`, spec, spec.name);
  }
  reload(spec: AppSpec): Promise<void> {
    return this.run(`reload ${spec.name}`, spec, spec.name);
  }
  restart(spec: AppSpec): Promise<void> {
    return this.run(`restart ${spec.name}`, spec, spec.name);
  }
  replace(spec: AppSpec): Promise<void> {
    return this.run(`replace ${spec.name}`, spec, spec.name);
  }
  remove(name: string): Promise<void> {
    return this.run(`remove ${name}`, null, name);
  }
  adopt(name: string, source: string): Promise<void> {
    this.calls.push(`adopt ${name} ${source}`);
    return Promise.resolve();
  }
}

/** create, scale, reload, replace, live, delete: one of each. */
function mixedPlan(): Plan {
  const [scaled, reloaded, replaced, tuned, old] = ['scaled', 'reloaded', 'replaced', 'tuned', 'old'].map((name) => makeSpec({ name }));
  const before = [scaled, reloaded, replaced, tuned, old] as AppSpec[];
  return plan({
    desired: [
      makeSpec({ name: 'fresh', instances: 2 }),
      { ...scaled!, instances: 3 },
      { ...reloaded!, args: ['-v'] },
      { ...replaced!, exec_mode: 'cluster' },
      { ...tuned!, kill_timeout: 9000 },
    ],
    source: FILE,
    applied: before.map((spec) => owned(spec)),
    live: allRunning(before),
    options: { prune: true, mode: 'apply' },
  });
}

test('steps run in plan order through the matching executor method, with progress n/m', async () => {
  const executor = new RecordingExecutor();
  const progress: string[] = [];
  const result = await applyPlan(mixedPlan(), executor, (event: ApplyProgress) =>
    progress.push(`${event.phase} ${event.index}/${event.total} ${event.step.app}`),
  );
  assert.deepEqual(result, { ok: true, applied: 6, total: 6 });
  assert.deepEqual(executor.calls, [`create fresh ${FILE}`, 'scale scaled 3', 'reload reloaded', 'replace replaced', 'live tuned', 'remove old']);
  assert.deepEqual(progress.slice(0, 4), ['started 1/6 fresh', 'done 1/6 fresh', 'started 2/6 scaled', 'done 2/6 scaled']);
  assert.equal(progress.length, 12);
  assert.deepEqual(executor.applied.get('scaled')?.instances, 3);
  assert.equal(executor.applied.has('old'), false);
});

test('restart steps go to restart()', async () => {
  const app = makeSpec({ name: 'app' });
  const restartPlan = plan({ desired: [app], source: FILE, applied: [owned(app)], live: allRunning([app]), options: { prune: false, mode: 'restart' } });
  const executor = new RecordingExecutor();
  await applyPlan(restartPlan, executor);
  assert.deepEqual(executor.calls, ['restart app']);
});

test("a failing step is named, with the cause and its hint; the other apps' steps still run", async () => {
  const cause = new TendError('E_APPLY_LOCKED', 'locked by pid 42', { hint: 'wait for pid 42' });
  const executor = new RecordingExecutor('reload reloaded', cause);
  const progress: ApplyProgress[] = [];
  const result = await applyPlan(mixedPlan(), executor, (event) => progress.push(event));
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.failed, 3);
  assert.equal(result.applied, 5);
  assert.equal(result.failures.length, 1);
  assert.equal(result.step.app, 'reloaded');
  assert.equal(result.error.code, 'E_APPLY_FAILED');
  assert.equal(result.error.message, 'step 3/6 (reload reloaded) failed: locked by pid 42');
  assert.equal(result.error.hint, 'wait for pid 42');
  assert.deepEqual(
    executor.calls,
    [`create fresh ${FILE}`, 'scale scaled 3', 'reload reloaded', 'replace replaced', 'live tuned', 'remove old'],
    'independent steps go on',
  );
  assert.equal(executor.applied.has('reloaded'), false, 'the failed step recorded nothing');
  assert.deepEqual(
    progress.filter((event) => event.phase === 'failed').map((event) => event.step.app),
    ['reloaded'],
  );
});

test('a plain Error from the executor becomes E_APPLY_FAILED with the catalog hint', async () => {
  const result = await applyPlan(mixedPlan(), new RecordingExecutor(`create fresh ${FILE}`, new Error('spawn ENOENT')));
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.failed, 1);
  assert.equal(result.applied, 5);
  assert.match(result.error.message, /spawn ENOENT/);
  assert.match(result.error.hint, /apply again/);
});

test('an aborted apply stops before the next step', async () => {
  const controller = new AbortController();
  const executor = new RecordingExecutor();
  const result = await applyPlan(
    mixedPlan(),
    executor,
    (event) => {
      if (event.phase === 'done' && event.index === 2) controller.abort();
    },
    { signal: controller.signal },
  );
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.failed, 3);
  assert.match(result.error.message, /step 3\/6 \(reload reloaded\) was not run: apply was interrupted/);
  assert.equal(executor.calls.length, 2);
});

test('--fail-fast stops at the first failure; every step not run is reported', async () => {
  const executor = new RecordingExecutor('scale scaled 3');
  const result = await applyPlan(mixedPlan(), executor, () => {}, { failFast: true });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(executor.calls, [`create fresh ${FILE}`, 'scale scaled 3']);
  assert.deepEqual(
    result.failures.map((failure) => failure.index),
    [2, 3, 4, 5, 6],
  );
  assert.match(
    result.error.message,
    /^5 of 6 steps failed: step 2\/6 \(scale scaled\) failed: boom; step 3\/6 \(reload reloaded\) was not run: an earlier step failed/,
  );
});

test('the delete half of a rename is not run when the new name failed to start', async () => {
  const old = makeSpec({ name: 'old' });
  const renamed = plan({
    desired: [{ ...old, name: 'new' }],
    source: FILE,
    applied: [owned(old)],
    live: allRunning([old]),
    options: { prune: true, mode: 'apply' },
  });
  const executor = new RecordingExecutor(`create new ${FILE}`);
  const result = await applyPlan(renamed, executor);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(executor.calls, [`create new ${FILE}`], 'old keeps running');
  assert.match(result.failures[1]?.error.message ?? '', /delete old\) was not run: new, its new name, failed to start/);
});

test('an empty plan applies nothing and succeeds', async () => {
  const executor = new RecordingExecutor();
  assert.deepEqual(await applyPlan({ format_version: 1, fingerprint: 'x', source: FILE, steps: [], orphans: [] }, executor), {
    ok: true,
    applied: 0,
    total: 0,
  });
  assert.deepEqual(executor.calls, []);
});
