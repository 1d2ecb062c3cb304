// The catalog as others read it: action classes, spellings, CLI flags through real commander parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { actionClassOf, catalogCliOptions, fieldBySpelling, fieldCatalog, rawAppFromCli, specFields } from '../../../src/ecosystem/catalog.js';
import { normalizeApps } from '../../../src/ecosystem/load.js';
import { renderSchema } from '../../../src/ecosystem/schema.js';
import { renderEcosystemDoc } from '../../../src/ecosystem/doc.js';
import type { AppSpec } from '../../../src/ecosystem/types.js';
import { tempDir } from '../../support/temp-dir.js';

test('action classes follow DESIGN.md', () => {
  const expected: Partial<Record<keyof AppSpec, string>> = {
    name: 'identity',
    instances: 'scale',
    script: 'reload',
    args: 'reload',
    cwd: 'reload',
    interpreter: 'reload',
    interpreter_args: 'reload',
    env: 'reload',
    filter_env: 'reload',
    port: 'reload',
    instance_var: 'reload',
    increment_var: 'reload',
    uid: 'reload',
    gid: 'reload',
    source_map_support: 'reload',
    revision: 'reload',
    exec_mode: 'replace',
    autorestart: 'live',
    max_memory_restart: 'live',
    cron_restart: 'live',
    watch: 'live',
    out_file: 'live',
    namespace: 'live',
    autostart: 'live',
    kill_timeout: 'live',
    wait_ready: 'live',
  };
  for (const [field, action] of Object.entries(expected)) assert.equal(actionClassOf(field as keyof AppSpec), action, field);
  for (const field of Object.values(specFields)) assert.ok(['identity', 'scale', 'reload', 'replace', 'live'].includes(actionClassOf(field.name)));
});

test('every spelling names exactly one field, and every field has a one-line doc', () => {
  const seen = new Map<string, string>();
  for (const field of fieldCatalog) {
    assert.ok(field.doc.length > 0 && !field.doc.includes('\n'), field.name);
    for (const spelling of [field.name, ...field.aliases]) {
      assert.equal(seen.get(spelling), undefined, `${spelling} is declared by ${seen.get(spelling)} and ${field.name}`);
      seen.set(spelling, field.name);
      assert.equal(fieldBySpelling(spelling)?.name, field.name);
    }
  }
  assert.equal(fieldBySpelling('maxMemoryRestart')?.name, 'max_memory_restart');
  assert.equal(fieldBySpelling('cmd')?.name, 'script');
  assert.equal(fieldBySpelling('combine_logs')?.name, 'merge_logs');
});

test("catalogCliOptions gives PM2's flags, each declared once", () => {
  const flags = catalogCliOptions().map((option) => option.flags);
  for (const flag of [
    '-i, --instances <n>',
    '--max-memory-restart <size>',
    '--no-autorestart',
    '--node-args <args>',
    '--interpreter-args <args>',
    '--cwd <path>',
    '-n, --name <name>',
    '-o, --output <path>',
    '-e, --error <path>',
    '-l, --log [path]',
    '--watch [paths]',
    '-c, --cron <pattern>',
    '--no-treekill',
    '--time',
    '-x, --execute-command',
  ]) {
    assert.ok(flags.includes(flag), flag);
  }
  assert.equal(new Set(flags).size, flags.length);
});

function parseCli(argv: string[]): Record<string, unknown> {
  const program = new Command().exitOverride();
  let raw: Record<string, unknown> = {};
  const start = program.command('start').argument('<script>').argument('[args...]');
  for (const option of catalogCliOptions()) start.option(option.flags, option.description);
  start.action((script: string, args: string[], options: Record<string, unknown>) => {
    raw = rawAppFromCli(script, args, options);
  });
  program.parse(['node', 'tend', 'start', ...argv]);
  return raw;
}

test('rawAppFromCli maps commander options back to fields; negated flags count only when given', () => {
  const raw = parseCli([
    'app.js',
    '-i',
    'max',
    '--name',
    'api',
    '--max-memory-restart',
    '300M',
    '--no-autorestart',
    '--node-args',
    '--inspect --trace-warnings',
    '--watch-delay',
    '4',
    '--ignore-watch',
    'node_modules,dist',
    '--stop-exit-codes',
    '0',
    '2',
    '-c',
    '0 * * * *',
    '--time',
    '--',
    'serve',
    '--port',
    '8',
  ]);
  assert.deepEqual(raw, {
    script: 'app.js',
    args: ['serve', '--port', '8'],
    name: 'api',
    instances: 'max',
    interpreter_args: '--inspect --trace-warnings',
    autorestart: false,
    stop_exit_codes: ['0', '2'],
    max_memory_restart: '300M',
    cron_restart: '0 * * * *',
    ignore_watch: ['node_modules', 'dist'],
    watch_delay: '4s',
    time: true,
  });
  assert.deepEqual(parseCli(['app.js']), { script: 'app.js' }, "commander's implicit true for --no-* flags is not a value");
  assert.deepEqual(parseCli(['app.js', '--disable-source-map']), { script: 'app.js', disable_source_map_support: true }, "the PM2 guide's spelling");
  const dir = tempDir({ 'app.js': '' });
  const [spec] = normalizeApps([raw], { baseDir: dir, cpus: 2 }).apps;
  assert.deepEqual(
    [
      spec?.instances,
      spec?.exec_mode,
      spec?.max_memory_restart,
      spec?.autorestart,
      spec?.watch_delay,
      spec?.stop_exit_codes,
      spec?.interpreter_args,
      spec?.log_date_format,
    ],
    [2, 'cluster', 300 * 1024 ** 2, false, 4000, [0, 2], ['--inspect', '--trace-warnings'], 'YYYY-MM-DDTHH:mm:ss'],
  );
});

test('manifests/ecosystem.schema.json and docs/ecosystem.md are fresh (run `npm run schema` to refresh)', () => {
  assert.equal(readFileSync(new URL('../../../../manifests/ecosystem.schema.json', import.meta.url), 'utf8'), renderSchema());
  assert.equal(readFileSync(new URL('../../../../docs/ecosystem.md', import.meta.url), 'utf8'), renderEcosystemDoc());
});

test('the schema knows every spelling and requires a script', () => {
  const schema = JSON.parse(renderSchema()) as { definitions: { app: { properties: Record<string, unknown>; anyOf: unknown[] } } };
  for (const field of fieldCatalog) {
    if (field.kind === 'spec' && field.computed) continue;
    for (const spelling of [field.name, ...field.aliases]) assert.ok(spelling in schema.definitions.app.properties, spelling);
  }
  assert.deepEqual(schema.definitions.app.anyOf, [{ required: ['script'] }, { required: ['exec'] }, { required: ['cmd'] }, { required: ['command'] }]);
});
