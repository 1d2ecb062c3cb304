import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { plan, isEmpty, planSummary } from '../../../src/reconciler/plan.js';
import { fingerprint } from '../../../src/reconciler/fingerprint.js';
import type { PlanInput, PlanStep } from '../../../src/reconciler/types.js';
import { specFields } from '../../../src/ecosystem/catalog.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { TendError } from '../../../src/errors/index.js';
import { FILE, allRunning, changedValue, liveApp, makeSpec, owned } from '../../support/plan-fixtures.js';

/** The file's apps applied as they are and running: the steady state most cases start from. */
function steady(specs: AppSpec[]): Pick<PlanInput, 'applied' | 'live'> {
  return { applied: specs.map((spec) => owned(spec)), live: allRunning(specs) };
}

function planFor(input: Partial<PlanInput> & Pick<PlanInput, 'desired'>): ReturnType<typeof plan> {
  return plan({ source: FILE, applied: [], live: [], options: { prune: true, mode: 'apply' }, ...input });
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected one item, got ${items.length}`);
  return items[0] as T;
}

function brief(step: PlanStep): string {
  return `${step.action} ${step.app} ${step.reason}`;
}

function rejectsWith(code: string, run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof TendError && error.code === code);
}

describe('plan: one app, one change', () => {
  test('an app unknown to the daemon is created with all its instances', () => {
    const api = makeSpec({ name: 'api', instances: 4 });
    const step = only(planFor({ desired: [api] }).steps);
    assert.equal(brief(step), 'create api new-app');
    assert.deepEqual(step.instances, { from: 0, to: 4 });
    assert.deepEqual(step.after, api);
    assert.deepEqual(step.spec, api);
    assert.equal(step.before, null);
  });

  test('an app equal to its applied spec with every instance running plans nothing', () => {
    const api = makeSpec({ name: 'api', instances: 2 });
    const result = planFor({ desired: [api], ...steady([api]) });
    assert.deepEqual(result.steps, []);
    assert.ok(isEmpty(result));
  });

  for (const [from, to] of [
    [2, 4],
    [4, 1],
  ] as const) {
    test(`instances ${from} → ${to} is a scale and nothing else`, () => {
      const applied = makeSpec({ name: 'worker', instances: from });
      const step = only(planFor({ desired: [{ ...applied, instances: to }], ...steady([applied]) }).steps);
      assert.equal(brief(step), 'scale worker spec-changed');
      assert.deepEqual(step.paths, ['/instances']);
      assert.deepEqual(step.instances, { from, to });
      assert.deepEqual(step.before, { instances: from });
      assert.deepEqual(step.after, { instances: to });
      assert.deepEqual(step.patch, [{ op: 'replace', path: '/instances', value: to }]);
    });
  }

  const expectedAction = { identity: null, scale: 'scale', reload: 'reload', replace: 'replace', live: 'live' } as const;
  for (const field of Object.values(specFields)) {
    const action = expectedAction[field.action];
    if (action === null) continue;
    test(`a change of ${field.name} (${field.action} class) is a ${action}`, () => {
      const applied = makeSpec({ name: 'web', instances: 2 });
      const desired = { ...applied, [field.name]: changedValue(applied[field.name]) };
      const step = only(planFor({ desired: [desired], ...steady([applied]) }).steps);
      assert.equal(brief(step), `${action} web spec-changed`);
      assert.ok(step.paths.length > 0 && step.paths.every((path) => path === `/${field.name}` || path.startsWith(`/${field.name}/`)), step.paths.join());
      assert.deepEqual(Object.keys(step.after ?? {}), [field.name]);
      assert.deepEqual(step.spec, desired);
    });
  }

  test('every reload-class field of the catalog reloads (read from the catalog, not listed here)', () => {
    const reloadFields = Object.values(specFields).filter((field) => field.action === 'reload');
    assert.ok(reloadFields.length >= 5);
    for (const field of reloadFields) {
      const applied = makeSpec({ name: 'web' });
      const desired = { ...applied, [field.name]: changedValue(applied[field.name]) };
      assert.equal(only(planFor({ desired: [desired], ...steady([applied]) }).steps).action, 'reload', field.name);
    }
  });

  test('a field of an applied spec that this version does not know (another tend version) reloads', () => {
    const current = makeSpec({ name: 'web' });
    const fromOlderVersion = { ...current, retired_option: true } as AppSpec;
    const step = only(planFor({ desired: [current], ...steady([fromOlderVersion]) }).steps);
    assert.equal(brief(step), 'reload web spec-changed');
    assert.deepEqual(step.paths, ['/retired_option']);
  });

  test('exec_mode fork → cluster replaces the app', () => {
    const applied = makeSpec({ name: 'job', instances: 2 });
    const step = only(planFor({ desired: [{ ...applied, exec_mode: 'cluster' }], ...steady([applied]) }).steps);
    assert.equal(brief(step), 'replace job spec-changed');
    assert.deepEqual(step.paths, ['/exec_mode']);
    assert.deepEqual(step.before, { exec_mode: 'fork' });
    assert.deepEqual(step.after, { exec_mode: 'cluster' });
    // The old set is stopped before the new one starts (they cannot share a port): downtime.
    assert.equal(step.downtime, true);
  });

  test('a live-class change alone is applied live', () => {
    const applied = makeSpec({ name: 'api', max_memory_restart: 300 * 1024 ** 2 });
    const step = only(planFor({ desired: [{ ...applied, max_memory_restart: 500 * 1024 ** 2 }], ...steady([applied]) }).steps);
    assert.equal(brief(step), 'live api spec-changed');
    assert.deepEqual(step.paths, ['/max_memory_restart']);
    assert.equal(step.downtime, false);
  });

  test('the strongest class wins and every changed path is listed, in spec order', () => {
    const applied = makeSpec({ name: 'web', instances: 2, env: { A: '1' } });
    const desired = { ...applied, max_memory_restart: 1024, instances: 3, env: { A: '2' } };
    const step = only(planFor({ desired: [desired], ...steady([applied]) }).steps);
    assert.equal(brief(step), 'reload web spec-changed');
    assert.deepEqual(step.paths, ['/instances', '/env/A', '/max_memory_restart']);
    assert.deepEqual(step.before, { instances: 2, env: { A: '1' }, max_memory_restart: null });
    assert.deepEqual(step.instances, { from: 2, to: 3 });
  });

  test('an env overlay switch shows each added, changed and removed key', () => {
    const applied = makeSpec({ name: 'api', env: { LOG: 'debug', NODE_ENV: 'development' } });
    const desired = { ...applied, env: { API_URL: 'https://prod', NODE_ENV: 'production' } };
    const step = only(planFor({ desired: [desired], ...steady([applied]) }).steps);
    assert.equal(brief(step), 'reload api spec-changed');
    assert.deepEqual(step.paths, ['/env/API_URL', '/env/LOG', '/env/NODE_ENV']);
    assert.deepEqual(
      [...step.patch].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { op: 'add', path: '/env/API_URL', value: 'https://prod' },
        { op: 'remove', path: '/env/LOG' },
        { op: 'replace', path: '/env/NODE_ENV', value: 'production' },
      ],
    );
  });

  test('a changed array is one path, not one per index', () => {
    const applied = makeSpec({ name: 'api', args: ['--port', '80'] });
    const step = only(planFor({ desired: [{ ...applied, args: ['--port', '81', '--v'] }], ...steady([applied]) }).steps);
    assert.deepEqual(step.paths, ['/args']);
    assert.deepEqual(step.after, { args: ['--port', '81', '--v'] });
  });

  test('a reload of a single fork instance is flagged as downtime; cluster and several instances are not', () => {
    const cases = [
      [makeSpec({ name: 'a', exec_mode: 'fork', instances: 1 }), true],
      [makeSpec({ name: 'b', exec_mode: 'fork', instances: 2 }), false],
      [makeSpec({ name: 'c', exec_mode: 'cluster', instances: 1 }), false],
    ] as const;
    for (const [applied, downtime] of cases) {
      const step = only(planFor({ desired: [{ ...applied, script: '/srv/new.js' }], ...steady([applied]) }).steps);
      assert.equal(step.downtime, downtime, applied.name);
    }
  });
});

describe('plan: ownership, prune and renames', () => {
  test('an app of this file that is gone from it is deleted last, with the pruned reason', () => {
    const [a, old, b] = [makeSpec({ name: 'a' }), makeSpec({ name: 'old', instances: 2 }), makeSpec({ name: 'b' })];
    const result = planFor({ desired: [makeSpec({ name: 'new' }), { ...a, env: { X: '1' } }, b], ...steady([a, old, b]) });
    assert.deepEqual(result.steps.map(brief), ['create new new-app', 'reload a spec-changed', 'delete old pruned']);
    const deletion = result.steps[2];
    assert.deepEqual(deletion?.before, old);
    assert.equal(deletion?.after, null);
    assert.equal(deletion?.spec, null);
    assert.deepEqual(deletion?.instances, { from: 2, to: 0 });
    assert.deepEqual(result.orphans, []);
  });

  test('without prune the gone app is kept and reported as an orphan', () => {
    const [a, old] = [makeSpec({ name: 'a' }), makeSpec({ name: 'old' })];
    const result = planFor({ desired: [a], ...steady([a, old]), options: { prune: false, mode: 'apply' } });
    assert.deepEqual(result.steps, []);
    assert.deepEqual(result.orphans, ['old']);
  });

  test('deletes come in name order whatever order the daemon lists them in', () => {
    const gone = ['zeta', 'alpha', 'mid'].map((name) => makeSpec({ name }));
    const result = planFor({ desired: [], ...steady(gone) });
    assert.deepEqual(
      result.steps.map((step) => step.app),
      ['alpha', 'mid', 'zeta'],
    );
  });

  test('apps of another source are never touched, even when absent from the file', () => {
    const mine = makeSpec({ name: 'mine' });
    const theirs = makeSpec({ name: 'theirs' });
    const result = plan({
      desired: [mine],
      source: FILE,
      applied: [owned(mine), owned(theirs, '/other/ecosystem.config.js'), owned(makeSpec({ name: 'adhoc' }), 'cli')],
      live: [...allRunning([mine]), liveApp('theirs', 0), liveApp('adhoc', 0)],
      options: { prune: true, mode: 'apply' },
    });
    assert.deepEqual(result.steps, []);
    assert.deepEqual(result.orphans, []);
  });

  test('an app of the file named like an app of another source is refused, naming the owner', () => {
    const api = makeSpec({ name: 'api' });
    assert.throws(
      () => plan({ desired: [api], source: FILE, applied: [owned(api, 'cli')], live: [], options: { prune: true, mode: 'apply' } }),
      (error: unknown) => error instanceof TendError && error.code === 'E_PLAN_OWNER_CONFLICT' && error.message.includes('cli'),
    );
  });

  test('PM2 verbs and apply --adopt take an app of another source over, the step saying from where', () => {
    const api = makeSpec({ name: 'api' });
    const started = plan({ desired: [api], source: FILE, applied: [owned(api, 'cli')], live: allRunning([api]), options: { prune: false, mode: 'start' } });
    assert.deepEqual(
      started.steps.map((step) => [step.action, step.reason, step.adopt]),
      [['restart', 'restart-requested', { from: 'cli' }]],
    );
    const adopted = plan({
      desired: [api],
      source: FILE,
      applied: [owned(api, 'cli')],
      live: allRunning([api]),
      options: { prune: true, mode: 'apply', adopt: true },
    });
    assert.deepEqual(
      adopted.steps.map((step) => [step.action, step.reason, step.adopt]),
      [['live', 'adopted', { from: 'cli' }]],
    );
  });

  test('a rename is a create of the new name and a delete of the old one, both saying so', () => {
    const old = makeSpec({ name: 'api', instances: 2, script: '/srv/app/server.js' });
    const result = planFor({ desired: [{ ...old, name: 'api-v2' }], ...steady([old]) });
    assert.deepEqual(result.steps.map(brief), ['create api-v2 renamed', 'delete api renamed']);
    for (const step of result.steps) assert.deepEqual(step.rename, { from: 'api', to: 'api-v2' });
  });

  test('a new name with other changes too is an ordinary create and prune', () => {
    const old = makeSpec({ name: 'api' });
    const result = planFor({ desired: [{ ...old, name: 'api-v2', instances: 3 }], ...steady([old]) });
    assert.deepEqual(result.steps.map(brief), ['create api-v2 new-app', 'delete api pruned']);
  });

  test('--only plans the named apps alone, including a pruned one', () => {
    const [a, b, old] = ['a', 'b', 'old'].map((name) => makeSpec({ name })) as [AppSpec, AppSpec, AppSpec];
    const desired = [
      { ...a, instances: 2 },
      { ...b, instances: 2 },
    ];
    const input = { desired, ...steady([a, b, old]) };
    assert.deepEqual(planFor({ ...input, options: { prune: true, mode: 'apply', only: ['b'] } }).steps.map(brief), ['scale b spec-changed']);
    assert.deepEqual(planFor({ ...input, options: { prune: true, mode: 'apply', only: ['old'] } }).steps.map(brief), ['delete old pruned']);
  });

  test('--only and --force-reload refuse names the file does not know', () => {
    const a = makeSpec({ name: 'a' });
    rejectsWith('E_PLAN_UNKNOWN_APP', () => planFor({ desired: [a], options: { prune: true, mode: 'apply', only: ['nope'] } }));
    rejectsWith('E_PLAN_UNKNOWN_APP', () => planFor({ desired: [a], options: { prune: true, mode: 'apply', forceReload: ['nope'] } }));
  });

  test('two desired apps with one name are refused', () => {
    rejectsWith('E_PLAN_DUPLICATE_APP', () => planFor({ desired: [makeSpec({ name: 'a' }), makeSpec({ name: 'a' })] }));
  });
});

describe('plan: live state and modes', () => {
  test('fewer instances running than an unchanged spec says are restored', () => {
    const web = makeSpec({ name: 'web', instances: 4 });
    const step = only(planFor({ desired: [web], applied: [owned(web)], live: [liveApp('web', 1, 4)] }).steps);
    assert.equal(brief(step), 'scale web instances-missing');
    assert.deepEqual(step.instances, { from: 1, to: 4 });
    assert.deepEqual(step.paths, []);
  });

  test('an app the daemon has no process for (it died) counts as 0 running', () => {
    const web = makeSpec({ name: 'web', instances: 2 });
    assert.deepEqual(only(planFor({ desired: [web], applied: [owned(web)], live: [] }).steps).instances, { from: 0, to: 2 });
  });

  test('apps not meant to run are not restored: autostart off, or autorestart off (a job that ended)', () => {
    for (const spec of [makeSpec({ name: 'idle', autostart: false }), makeSpec({ name: 'job', autorestart: false })]) {
      assert.deepEqual(planFor({ desired: [spec], applied: [owned(spec)], live: [liveApp(spec.name, 0, 1)] }).steps, []);
    }
  });

  test('missing instances plus a live change scale and carry the change', () => {
    const web = makeSpec({ name: 'web', instances: 2 });
    const step = only(planFor({ desired: [{ ...web, kill_timeout: 5000 }], applied: [owned(web)], live: [liveApp('web', 1, 2)] }).steps);
    assert.equal(brief(step), 'scale web instances-missing');
    assert.deepEqual(step.paths, ['/kill_timeout']);
  });

  test('mode start creates what is missing and restarts what runs, applying changes', () => {
    const [same, changed] = [makeSpec({ name: 'same' }), makeSpec({ name: 'changed' })];
    const result = planFor({
      desired: [makeSpec({ name: 'fresh' }), same, { ...changed, env: { A: '1' } }],
      ...steady([same, changed, makeSpec({ name: 'gone' })]),
      options: { prune: true, mode: 'start' },
    });
    assert.deepEqual(result.steps.map(brief), ['create fresh new-app', 'restart same restart-requested', 'restart changed restart-requested']);
    assert.deepEqual(result.steps[2]?.paths, ['/env/A']);
    assert.deepEqual(result.orphans, ['gone'], 'no prune outside apply');
  });

  test('apps started one by one from the command line are not orphans of each other', () => {
    const [first, second] = [makeSpec({ name: 'first' }), makeSpec({ name: 'second' })];
    const result = plan({
      source: 'cli',
      desired: [second],
      applied: [owned(first, 'cli')],
      live: allRunning([first]),
      options: { prune: false, mode: 'start' },
    });
    assert.deepEqual(result.steps.map(brief), ['create second new-app']);
    assert.deepEqual(result.orphans, []);
  });

  test('mode restart restarts every app; a replace-class change still replaces', () => {
    const [a, b] = [makeSpec({ name: 'a' }), makeSpec({ name: 'b' })];
    const result = planFor({ desired: [a, { ...b, exec_mode: 'cluster' }], ...steady([a, b]), options: { prune: true, mode: 'restart' } });
    assert.deepEqual(result.steps.map(brief), ['restart a restart-requested', 'replace b spec-changed']);
    assert.equal(result.steps[0]?.downtime, true);
  });

  test('mode reload reloads every app; its own changes name the reason', () => {
    const [a, b] = [makeSpec({ name: 'a' }), makeSpec({ name: 'b' })];
    const result = planFor({ desired: [a, { ...b, cwd: '/srv/releases/2' }], ...steady([a, b]), options: { prune: true, mode: 'reload' } });
    assert.deepEqual(result.steps.map(brief), ['reload a reload-requested', 'reload b spec-changed']);
  });

  test('--force-reload reloads an unchanged app', () => {
    const [a, b] = [makeSpec({ name: 'a' }), makeSpec({ name: 'b' })];
    const result = planFor({ desired: [a, b], ...steady([a, b]), options: { prune: true, mode: 'apply', forceReload: ['b'] } });
    assert.deepEqual(result.steps.map(brief), ['reload b forced']);
  });

  test('planSummary counts steps per action', () => {
    const [a, b, old] = [makeSpec({ name: 'a' }), makeSpec({ name: 'b' }), makeSpec({ name: 'old' })];
    const summary = planSummary(planFor({ desired: [makeSpec({ name: 'c' }), { ...a, instances: 3 }, b], ...steady([a, b, old]) }));
    assert.deepEqual(summary, { create: 1, live: 0, scale: 1, reload: 0, restart: 0, replace: 0, delete: 1, total: 3 });
  });
});

describe('plan: determinism and fingerprint', () => {
  const specs = ['c', 'a', 'b'].map((name, index) => makeSpec({ name, instances: index + 1, env: { Z: '1', A: String(index) } }));

  test("the same input gives the same plan, and the daemon's listing order does not matter", () => {
    const input = { desired: specs.map((spec) => ({ ...spec, instances: 5 })), ...steady(specs) };
    const first = planFor(input);
    const second = planFor({ ...input, applied: [...input.applied].reverse(), live: [...input.live].reverse() });
    assert.equal(JSON.stringify(first), JSON.stringify(second));
    assert.deepEqual(
      first.steps.map((step) => step.app),
      ['c', 'a', 'b'],
      'file order',
    );
  });

  test('the fingerprint follows applied specs, their sources and running counts', () => {
    const { applied, live } = steady(specs);
    const base = fingerprint(applied, live);
    assert.match(base, /^sha256:[0-9a-f]{64}$/);
    assert.equal(fingerprint([...applied].reverse(), [...live].reverse()), base);
    assert.notEqual(
      fingerprint(
        applied,
        live.map((app) => ({ ...app, running: app.running + 1 })),
      ),
      base,
    );
    assert.notEqual(
      fingerprint(
        applied.map((entry) => ({ ...entry, source: 'cli' })),
        live,
      ),
      base,
    );
    assert.notEqual(fingerprint(applied.slice(1), live), base);
    assert.equal(
      fingerprint(
        applied,
        live.map((app) => ({ ...app, status: 'other words' })),
      ),
      base,
      'status text is not compared',
    );
  });

  test('a plan made from nothing differs from one made after it was applied', () => {
    assert.notEqual(
      fingerprint([], []),
      fingerprint(
        specs.map((spec) => owned(spec)),
        allRunning(specs),
      ),
    );
  });

  test('1,000 apps', (t) => {
    const applied = Array.from({ length: 1000 }, (_, index) =>
      makeSpec({ name: `app-${index}`, instances: 2, env: { INDEX: String(index), NODE_ENV: 'production' } }),
    );
    const desired = applied.map((spec, index) =>
      index % 10 === 0 ? { ...spec, env: { ...spec.env, NEW: 'x' } } : index % 10 === 1 ? { ...spec, instances: 4 } : spec,
    );
    const started = performance.now();
    const result = planFor({ desired, ...steady(applied) });
    t.diagnostic(`plan of 1,000 apps (200 changed): ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(result.steps.length, 200);
  });
});
