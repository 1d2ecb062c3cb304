// A property of the planner and the rollout rule over random states: a model executor runs each plan
// the way the daemon's Operations do (rollouts in batches of rolloutWidth, replace with fresh ids),
// and afterwards planning again gives nothing to do; no rollout takes an app below its availability
// floor (one serving instance when more than one ran, unless the plan said downtime); no pm_id is
// given while its process lives. Fixed seed: the same cases every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppTable } from '../../../src/daemon/app-table.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { rolloutWidth } from '../../../src/reconciler/availability.js';
import { plan } from '../../../src/reconciler/plan.js';
import type { LiveApp, Plan, PlanMode, PlanStep } from '../../../src/reconciler/types.js';
import { FILE, makeSpec } from '../../support/plan-fixtures.js';

interface ModelSlot {
  pm_id: number;
  running: boolean;
}

interface ModelApp {
  spec: AppSpec;
  slots: ModelSlot[];
  revision: number;
}

class Model {
  readonly apps = new Map<string, ModelApp>();
  /** The daemon's own table allocates the ids: the property covers its rule, not a copy of it. */
  private readonly table = new AppTable();
  readonly violations: string[] = [];

  live(): LiveApp[] {
    return [...this.apps].map(([name, app]) => {
      const running = app.slots.filter((slot) => slot.running).length;
      return { name, running, total: app.slots.length, status: `${running} online`, revision: app.revision };
    });
  }

  applied(): { spec: AppSpec; source: string }[] {
    return [...this.apps.values()].map((app) => ({ spec: app.spec, source: FILE }));
  }

  /** An id from AppTable.allocateId, with the model's apps as its table and their processes as taken. */
  allocate(alsoAlive: readonly ModelSlot[] = []): number {
    this.table.apps.clear();
    for (const [name, app] of this.apps) {
      const slots = app.slots.map((slot, index) => ({ pm_id: slot.pm_id, index, wanted: true }));
      this.table.apps.set(name, { name, source: FILE, spec: app.spec, baseEnv: {}, slots, history: [], nextRevision: app.revision });
    }
    const alive = new Set([...[...this.apps.values()].flatMap((app) => app.slots), ...alsoAlive].map((slot) => slot.pm_id));
    const pm_id = this.table.allocateId((id) => alive.has(id));
    if (alive.has(pm_id)) this.violations.push(`id ${pm_id} given while its process lives`);
    return pm_id;
  }

  seed(spec: AppSpec, total: number, running: number): void {
    const app: ModelApp = { spec, slots: [], revision: 1 };
    this.apps.set(spec.name, app);
    for (let i = 0; i < total; i++) app.slots.push({ pm_id: this.allocate(), running: i < running });
  }

  execute(steps: readonly PlanStep[], parallel: number): void {
    for (const step of steps) this.run(step, parallel);
  }

  private run(step: PlanStep, parallel: number): void {
    const spec = step.spec;
    if (step.action === 'delete') {
      this.apps.delete(step.app);
      return;
    }
    if (spec === null) throw new Error(`${step.action} ${step.app} without a spec`);
    const app = this.apps.get(step.app);
    if (step.action === 'create') {
      const created: ModelApp = { spec, slots: [], revision: 1 };
      this.apps.set(spec.name, created);
      this.grow(created, spec.instances);
      return;
    }
    if (app === undefined) throw new Error(`${step.action} of unknown app ${step.app}`);
    switch (step.action) {
      case 'live':
        break;
      case 'scale':
        for (const slot of app.slots) slot.running = true;
        this.resize(app, spec.instances);
        break;
      case 'reload':
      case 'restart':
        this.rollout(app, step, parallel);
        this.resize(app, spec.instances);
        break;
      case 'replace': {
        const old = app.slots;
        app.slots = [];
        for (let i = 0; i < spec.instances; i++) {
          const pm_id = this.allocate(old);
          if (old.some((slot) => slot.pm_id === pm_id)) this.violations.push(`replace of ${step.app} reused live id ${pm_id}`);
          app.slots.push({ pm_id, running: true });
        }
        break;
      }
    }
    app.spec = spec;
    app.revision += 1;
  }

  /** Batches of rolloutWidth: fork instances (and restarts) are down while their batch moves. */
  private rollout(app: ModelApp, step: PlanStep, parallel: number): void {
    const before = app.slots.filter((slot) => slot.running).length;
    const width = rolloutWidth(before, parallel);
    const overlap = step.action === 'reload' && app.spec.exec_mode === 'cluster' && step.spec?.exec_mode === 'cluster';
    for (let i = 0; i < app.slots.length; i += width) {
      const batch = app.slots.slice(i, i + width);
      const serving = app.slots.filter((slot) => slot.running && (overlap || !batch.includes(slot))).length;
      if (before > 1 && serving === 0) this.violations.push(`${step.action} of ${step.app} had every instance down (${before} ran, width ${width})`);
      if (before >= 1 && serving === 0 && !step.downtime) this.violations.push(`${step.action} of ${step.app} had downtime the plan did not announce`);
      for (const slot of batch) slot.running = true;
    }
  }

  private grow(app: ModelApp, count: number): void {
    for (let i = 0; i < count; i++) app.slots.push({ pm_id: this.allocate(), running: true });
  }

  private resize(app: ModelApp, instances: number): void {
    if (app.slots.length < instances) this.grow(app, instances - app.slots.length);
    else app.slots = app.slots.slice(0, instances);
  }
}

const names = ['a', 'b', 'c', 'd'] as const;

const specOf = (name: string): fc.Arbitrary<AppSpec> =>
  fc
    .record({ instances: fc.integer({ min: 1, max: 4 }), cluster: fc.boolean(), v: fc.constantFrom('1', '2'), memory: fc.constantFrom(null, 300_000_000) })
    .map(({ instances, cluster, v, memory }) =>
      makeSpec({ name, instances, exec_mode: cluster ? 'cluster' : 'fork', env: { V: v }, max_memory_restart: memory }),
    );

const stateArb = fc.record({
  desired: fc.subarray([...names]).chain((chosen) => fc.tuple(...chosen.map(specOf))),
  applied: fc
    .subarray([...names])
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((name) =>
          fc.record({ spec: specOf(name), total: fc.integer({ min: 0, max: 5 }), runningShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
        ),
      ),
    ),
  mode: fc.constantFrom<PlanMode>('apply', 'start', 'restart', 'reload'),
  prune: fc.boolean(),
  parallel: fc.integer({ min: 1, max: 4 }),
});

test('after executing any plan, planning again is empty; no rollout below the availability floor; no live pm_id reused', () => {
  fc.assert(
    fc.property(stateArb, ({ desired, applied, mode, prune, parallel }) => {
      const model = new Model();
      for (const { spec, total, runningShare } of applied) model.seed(spec, total, Math.round(total * runningShare));
      const first: Plan = plan({ desired, source: FILE, applied: model.applied(), live: model.live(), options: { prune, mode } });
      model.execute(first.steps, parallel);
      assert.deepEqual(model.violations, []);
      const pruned = prune && mode === 'apply';
      const again = plan({ desired, source: FILE, applied: model.applied(), live: model.live(), options: { prune: pruned, mode: 'apply' } });
      assert.deepEqual(
        again.steps.map((step) => `${step.action} ${step.app} ${step.reasons.join('+')}`),
        [],
      );
      const ids = [...model.apps.values()].flatMap((app) => app.slots.map((slot) => slot.pm_id));
      assert.equal(new Set(ids).size, ids.length, 'pm_ids are unique');
    }),
    { seed: 1616, numRuns: 400 },
  );
});
