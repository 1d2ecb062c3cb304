import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../../../src/reconciler/plan.js';
import { fingerprint } from '../../../src/reconciler/fingerprint.js';
import { parseSavedPlan, serializePlan } from '../../../src/reconciler/saved-plan.js';
import type { Plan } from '../../../src/reconciler/types.js';
import { TendError } from '../../../src/errors/index.js';
import { FILE, allRunning, liveApp, makeSpec, owned } from '../../support/plan-fixtures.js';

const api = makeSpec({ name: 'api', instances: 2, env: { DB_PASSWORD: 'hunter2' } });
const applied = [owned(api), owned(makeSpec({ name: 'old' }))];
const live = allRunning([api]);
const saved = plan({ desired: [{ ...api, instances: 3 }, makeSpec({ name: 'new' })], source: FILE, applied, live, options: { prune: true, mode: 'apply' } });

function invalidBecause(json: string, pattern: RegExp): void {
  assert.throws(
    () => parseSavedPlan(json),
    (error: unknown) => error instanceof TendError && error.code === 'E_PLAN_INVALID' && (pattern.test(error.message) || assert.fail(error.message)),
  );
}

function edited(change: (plan: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void): string {
  const copy = JSON.parse(serializePlan(saved)) as Record<string, unknown> & { steps: Record<string, unknown>[] };
  change(copy);
  return JSON.stringify(copy);
}

test('a saved plan reads back equal, full specs included so that it can be applied', () => {
  const back: Plan = parseSavedPlan(serializePlan(saved));
  assert.deepEqual(back, saved);
  assert.deepEqual(parseSavedPlan({ ...(JSON.parse(serializePlan(saved)) as object), desired: [], prune: true }), saved, 'parsed JSON, extra keys left out');
  assert.equal(back.steps[0]?.spec?.env.DB_PASSWORD, 'hunter2');
});

test('malformed plan files are refused with E_PLAN_INVALID naming the path of the bad field', () => {
  invalidBecause('{"format_version": 1', /not JSON/);
  invalidBecause('[]', /expected object, received array/);
  invalidBecause(
    edited((p) => {
      p.format_version = 2;
    }),
    /format_version: expected format_version 1/,
  );
  invalidBecause(
    edited((p) => {
      delete p.fingerprint;
    }),
    /fingerprint: expected string/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[0]!.action = 'explode';
    }),
    /steps\[0\]\.action: .*expected one of/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[0]!.reason = 'because';
    }),
    /steps\[0\]\.reason/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[1]!.spec = null;
    }),
    /steps\[1\]\.spec: expected the spec of "new"/,
  );
  invalidBecause(
    edited((p) => {
      (p.steps[1]!.spec as Record<string, unknown>).name = 'other';
    }),
    /steps\[1\]\.spec\.name: expected "new"/,
  );
  invalidBecause(
    edited((p) => {
      (p.steps[1]!.spec as Record<string, unknown>).instances = 'two';
    }),
    /steps\[1\]\.spec\.instances: expected integer/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[2]!.spec = {};
    }),
    /steps\[2\]\.spec\.name/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[0]!.instances = { from: -1, to: 2 };
    }),
    /steps\[0\]\.instances\.from/,
  );
  invalidBecause(
    edited((p) => {
      p.steps[0]!.patch = [{ path: '/x' }];
    }),
    /steps\[0\]\.patch\[0\]\.op/,
  );
});

test('a saved plan applies only to the state it was made from', () => {
  assert.equal(fingerprint([...applied].reverse(), live), saved.fingerprint);
  assert.notEqual(fingerprint(applied, [liveApp('api', 1, 2)]), saved.fingerprint, 'an instance crashed');
  assert.notEqual(fingerprint([owned({ ...api, instances: 3 }), ...applied.slice(1)], live), saved.fingerprint, 'applied since');
  assert.notEqual(
    fingerprint(
      applied,
      live.map((app) => ({ ...app, revision: app.revision + 1 })),
    ),
    saved.fingerprint,
    'a step that changed no field (a forced reload)',
  );
});

test('a plan made with no prior state cannot be applied twice', () => {
  const first = plan({ desired: [api], source: FILE, applied: [], live: [], options: { prune: true, mode: 'apply' } });
  assert.equal(fingerprint([], []), first.fingerprint);
  assert.notEqual(fingerprint([owned(api)], allRunning([api])), first.fingerprint);
});
