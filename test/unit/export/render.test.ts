// The pure renders: one model in, the same bytes out; names each target accepts; secrets left out;
// and a warning for every field a target cannot carry (field, app, target, what happens instead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { renderExport, exportTargets, type ExportTarget } from '../../../src/export/index.js';
import { buildModel } from '../../../src/export/model.js';
import { dnsLabel, serviceName, unitName } from '../../../src/export/names.js';
import { testSpec } from '../../support/spec.js';

function model(target: ExportTarget, apps: AppSpec[], options: { raw?: Record<string, unknown>[]; includeSecrets?: boolean; images?: string[] } = {}) {
  return buildModel({
    target,
    source: 'ecosystem.config.js',
    project: 'shop',
    localRoot: '/srv/app',
    hostRoot: '/opt/shop/current',
    outFromRoot: `tend-export/${target}`,
    rootFromOut: '../..',
    packageFiles: { manifest: true, lockfile: true },
    includeSecrets: options.includeSecrets ?? false,
    apps,
    raw: options.raw ?? apps.map(() => ({})),
    overlayEnvs: {},
    flags: { image: options.images ?? [], port: [], probe: [] },
  });
}

function fileOf(target: ExportTarget, apps: AppSpec[], path: string, options: Parameters<typeof model>[2] = {}): string {
  const file = renderExport(model(target, apps, options)).files.find((candidate) => candidate.path === path);
  assert.ok(file !== undefined, `${target} writes ${path}`);
  return file.content;
}

test('every target renders the same bytes from the same model', () => {
  const apps = [
    testSpec({ name: 'api', instances: 2, exec_mode: 'cluster', port: 3000, env: { PORT: '3000' } }),
    testSpec({ name: 'worker', cron_restart: '0 3 * * *' }),
  ];
  for (const target of exportTargets) assert.deepEqual(renderExport(model(target, apps)), renderExport(model(target, structuredClone(apps))), target);
});

test('names become DNS labels, Compose/Nomad names and unit names', () => {
  assert.equal(dnsLabel('Web_API'), 'web-api');
  assert.equal(dnsLabel('shop:api'), 'shop-api');
  assert.equal(dnsLabel('1st'), 'app-1st');
  assert.equal(serviceName('shop:api'), 'shop-api');
  assert.equal(unitName('api@eu'), 'api-eu');
  assert.throws(() => renderExport(model('kubernetes', [testSpec({ name: 'Api' }), testSpec({ name: 'api' })])), /E_EXPORT_NAME_CLASH|both become api/);
});

test('paths move from the project root to /app in containers and to --root on hosts', () => {
  const spec = testSpec({
    name: 'api',
    script: '/srv/app/src/server.js',
    cwd: '/srv/app',
    args: ['--port', '3000'],
    interpreter_args: ['--max-old-space-size=256'],
  });
  const deployment = fileOf('kubernetes', [spec], 'base/api.yaml');
  assert.match(
    deployment,
    /command:\n\s+- node\n\s+- --max-old-space-size=256\n\s+- \/app\/src\/server\.js\n\s+args:\n\s+- --port\n\s+- "3000"\n\s+workingDir: \/app\n/,
  );
  const unit = fileOf('systemd', [spec], 'api.service');
  assert.match(unit, /^WorkingDirectory=\/opt\/shop\/current$/m);
  assert.match(unit, /^ExecStart=\/usr\/bin\/env node --max-old-space-size=256 \/opt\/shop\/current\/src\/server\.js --port 3000$/m);
});

test('systemd quotes words and environment values, and escapes % and $', () => {
  const spec = testSpec({ name: 'api', args: ['two words', 'cost $5', '100%'], env: { QUOTE: 'say "hi" 100%' } });
  const unit = fileOf('systemd', [spec], 'api.service');
  assert.match(unit, /^ExecStart=\/usr\/bin\/env node \/opt\/shop\/current\/api\.js "two words" "cost \$\$5" "100%%"$/m);
  assert.match(unit, /^Environment="QUOTE=say \\"hi\\" 100%%"$/m);
});

test('secret-looking env values are left out unless asked for, on every target', () => {
  const apps = [testSpec({ name: 'api', env: { API_TOKEN: 'hunter2', MODE: 'fast' } })];
  for (const target of exportTargets) {
    const result = renderExport(model(target, apps));
    for (const file of result.files) assert.ok(!file.content.includes('hunter2'), `${target} ${file.path}`);
    assert.ok(
      result.notes.some((note) => note.includes('look secret')),
      target,
    );
    const included = renderExport(model(target, apps, { includeSecrets: true }));
    assert.ok(
      included.files.some((file) => file.content.includes('hunter2')),
      `${target} with --include-secrets`,
    );
  }
});

test('each field a target cannot carry is one structured warning', () => {
  const spec = testSpec({
    name: 'api',
    instances: 2,
    exec_mode: 'cluster',
    port: 3000,
    watch: ['/srv/app'],
    max_memory_restart: 200 * 1024 * 1024,
    cron_restart: '0 3 * * *',
    instance_var: 'INSTANCE',
    out_file: '/srv/app/out.log',
    stop_exit_codes: [3],
  });
  const fields = (target: ExportTarget): string[] => renderExport(model(target, [spec])).warnings.map((warning) => warning.field);
  assert.deepEqual(fields('kubernetes'), ['exec_mode', 'instance_var', 'watch', 'max_memory_restart', 'cron_restart', 'stop_exit_codes', 'out_file']);
  assert.deepEqual(fields('compose'), ['exec_mode', 'instance_var', 'watch', 'max_memory_restart', 'cron_restart', 'stop_exit_codes', 'out_file']);
  assert.deepEqual(fields('nomad'), ['exec_mode', 'watch', 'max_memory_restart', 'cron_restart', 'stop_exit_codes', 'out_file']);
  // systemd has an instance number (%i), a timer, RestartPreventExitStatus= and StandardOutput=append:.
  assert.deepEqual(fields('systemd'), ['exec_mode', 'watch', 'max_memory_restart']);
  const [warning] = renderExport(model('kubernetes', [spec])).warnings;
  assert.deepEqual(Object.keys(warning ?? {}), ['target', 'app', 'field', 'message']);
  assert.equal(warning?.app, 'api');
});

test('x-export and x-<target> keys, then --image, give an app its image, port and probe', () => {
  const spec = testSpec({ name: 'api' });
  const raw = [{ 'x-export': { image: 'reg/api:1', port: 8080 }, 'x-kubernetes': { probe: '/ready' } }];
  const deployment = fileOf('kubernetes', [spec], 'base/api.yaml', { raw });
  assert.match(deployment, /image: reg\/api:1/);
  assert.match(deployment, /containerPort: 8080/);
  assert.match(deployment, /path: \/ready/);
  assert.match(fileOf('kubernetes', [spec], 'base/api.yaml', { raw, images: ['api=reg/api:2'] }), /image: reg\/api:2/);
  // x-kubernetes is for Kubernetes only: Compose sees no probe path and checks the port.
  assert.doesNotMatch(fileOf('compose', [spec], 'compose.yaml', { raw }), /\/ready/);
  assert.throws(() => model('compose', [spec], { raw: [{ 'x-export': { port: 'http' } }] }), /x-export\.port must be a port number/);
});

test('a cwd or script outside the project directory is a warning on every target', () => {
  const spec = testSpec({ name: 'tool', cwd: '/var/lib/tool', script: '/opt/tool/run.js' });
  for (const target of exportTargets) {
    const warnings = renderExport(model(target, [spec])).warnings.filter((warning) => warning.field === 'cwd' || warning.field === 'script');
    assert.deepEqual(
      warnings.map((warning) => warning.field),
      ['cwd', 'script'],
      target,
    );
  }
});
