import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { plan } from '../../../src/reconciler/plan.js';
import type { Plan, PlanMode } from '../../../src/reconciler/types.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { renderPlanHuman, renderPlanJson } from '../../../src/format/plan.js';
import { FILE, allRunning, liveApp, makeSpec, owned } from '../../support/plan-fixtures.js';

const M = 1024 ** 2;
const SECRET = 'hunter2-very-secret';

/** One step of every kind, secrets in env on both sides. */
function examplePlan(): Plan {
  const web = makeSpec({ name: 'web', instances: 2, exec_mode: 'cluster', env: { API_URL: 'a', DB_PASSWORD: 'old-pw', NODE_ENV: 'production' } });
  const worker = makeSpec({ name: 'worker', instances: 2 });
  const job = makeSpec({ name: 'job' });
  const tuned = makeSpec({ name: 'tuned', max_memory_restart: 300 * M, kill_timeout: 1600 });
  const old = makeSpec({ name: 'old' });
  const applied = [web, worker, job, tuned, old];
  return plan({
    desired: [
      makeSpec({ name: 'api', instances: 4, env: { API_TOKEN: SECRET, PORT: '3000' } }),
      { ...web, env: { API_URL: 'b', DB_PASSWORD: SECRET, NEW_SECRET_KEY: SECRET, NODE_ENV: 'production' } },
      { ...worker, instances: 4 },
      { ...job, exec_mode: 'cluster' },
      { ...tuned, max_memory_restart: 500 * M, kill_timeout: 5000, ignore_watch: ['logs', 'tmp'] },
    ],
    source: FILE,
    applied: applied.map((spec) => owned(spec)),
    live: allRunning(applied),
    options: { prune: true, mode: 'apply' },
  });
}

function render(value: Plan): string {
  return renderPlanHuman(value, { color: false, sourceLabel: 'ecosystem.config.js' });
}

function modePlan(mode: PlanMode, specs: AppSpec[], desired = specs): Plan {
  return plan({ desired, source: FILE, applied: specs.map((spec) => owned(spec)), live: allRunning(specs), options: { prune: false, mode } });
}

test('human view: one line per app, every changed path, a totals line', () => {
  assert.equal(
    render(examplePlan()),
    [
      '+ create api (4 instances)',
      '~ reload web  env.API_URL: "a" → "b"',
      '              env.DB_PASSWORD: (sensitive) → (sensitive)',
      '              env.NEW_SECRET_KEY: (none) → (sensitive)',
      '> scale worker 2 → 4',
      '± replace job (old set stopped first: downtime)',
      '    exec_mode: "fork" → "cluster"',
      '· live tuned  max_memory_restart: 300M → 500M',
      '              kill_timeout: 1600ms → 5s',
      '              ignore_watch: [] → ["logs", "tmp"]',
      '- delete old (pruned: no longer in ecosystem.config.js)',
      '',
      'Plan: 1 to create, 1 to scale, 1 to reload, 1 to replace, 1 to update live, 1 to delete.',
    ].join('\n'),
  );
});

test('human view: nothing to do says so, and kept orphans are listed', () => {
  const a = makeSpec({ name: 'a' });
  const empty = plan({
    desired: [a],
    source: FILE,
    applied: [owned(a), owned(makeSpec({ name: 'gone' }))],
    live: allRunning([a]),
    options: { prune: false, mode: 'apply' },
  });
  assert.equal(render(empty), 'No changes. Live state matches ecosystem.config.js.\nKept (prune is off): gone — no longer in ecosystem.config.js.');
});

test('human view: reasons that are not file changes are spelled out', () => {
  const fork = makeSpec({ name: 'fork1' });
  const cluster = makeSpec({ name: 'clu', instances: 2, exec_mode: 'cluster' });
  assert.equal(
    render(modePlan('reload', [fork, cluster]))
      .split('\n')
      .slice(0, 2)
      .join('\n'),
    ['~ reload fork1 (reload requested, fork mode, 1 instance: a restart, with downtime)', '~ reload clu (reload requested)'].join('\n'),
  );
  assert.equal(render(modePlan('restart', [fork])).split('\n')[0], '↻ restart fork1 (restart requested)');
  const crashed = plan({ desired: [cluster], source: FILE, applied: [owned(cluster)], live: [liveApp('clu', 1, 2)], options: { prune: true, mode: 'apply' } });
  assert.match(render(crashed), /^> scale clu 1 → 2 \(instances missing\)\n/);
  const renamed = plan({
    desired: [{ ...fork, name: 'fork2' }],
    source: FILE,
    applied: [owned(fork)],
    live: allRunning([fork]),
    options: { prune: true, mode: 'apply' },
  });
  assert.equal(render(renamed).split('\n').slice(0, 2).join('\n'), '+ create fork2 (1 instance, renamed from fork1)\n- delete fork1 (renamed to fork2)');
});

test('colour only when asked', () => {
  const colored = renderPlanHuman(examplePlan(), { color: true, sourceLabel: 'x' });
  assert.match(colored, /\x1b\[/);
  assert.doesNotMatch(render(examplePlan()), /\x1b\[/);
  // continuation lines still line up under the first change
  const lines = colored.split('\n');
  const head = lines[1] ?? '';
  const plain = head.replace(/\x1b\[[0-9;]*m/g, '');
  assert.equal((lines[2] ?? '').indexOf('env.'), plain.indexOf('env.'));
});

test('secret env values appear in neither view, not in patch, before or after', () => {
  const value = examplePlan();
  assert.ok(JSON.stringify(value).includes(SECRET), 'the plan itself keeps them for the executor');
  for (const text of [render(value), renderPlanJson(value)]) {
    assert.ok(!text.includes(SECRET), text);
    assert.ok(!text.includes('old-pw'), text);
  }
  const json = JSON.parse(renderPlanJson(value)) as {
    steps: { app: string; patch: { path: string; value?: unknown }[]; after: { env?: Record<string, string> } | null }[];
  };
  const web = json.steps.find((step) => step.app === 'web');
  assert.deepEqual(web?.patch.find((op) => op.path === '/env/DB_PASSWORD')?.value, '(sensitive)');
  assert.equal(json.steps[0]?.after?.env?.API_TOKEN, '(sensitive)');
  assert.equal(json.steps[0]?.after?.env?.PORT, '3000');
});

test('secret patterns can be configured for both views', () => {
  const app = makeSpec({ name: 'app', env: { STRIPE_SK: 'sk_live_1' } });
  const changed = plan({
    desired: [{ ...app, env: { STRIPE_SK: 'sk_live_2' } }],
    source: FILE,
    applied: [owned(app)],
    live: allRunning([app]),
    options: { prune: true, mode: 'apply' },
  });
  assert.match(render(changed), /sk_live_2/);
  assert.doesNotMatch(renderPlanHuman(changed, { color: false, sourceLabel: 'x', secretPatterns: ['_SK'] }), /sk_live/);
  assert.doesNotMatch(renderPlanJson(changed, ['_SK']), /sk_live/);
});

test('JSON view matches its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
  const snapshot = new URL('../../../../test/integration/reconciler/snapshots/plan-view.json', import.meta.url);
  const actual = `${renderPlanJson(examplePlan())}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snapshot, actual);
  assert.equal(actual, readFileSync(snapshot, 'utf8'));
});

test('after a long head the changes start on their own lines', () => {
  const fork = makeSpec({ name: 'fork1' });
  assert.equal(
    render(modePlan('reload', [fork], [{ ...fork, env: { A: '1' }, kill_timeout: 2000 }]))
      .split('\n')
      .slice(0, 3)
      .join('\n'),
    ['~ reload fork1 (reload requested, fork mode, 1 instance: a restart, with downtime)', '    env.A: (none) → "1"', '    kill_timeout: 1600ms → 2s'].join(
      '\n',
    ),
  );
});
