// Nomad: one job in JSON (the API's shape, `nomad job run -json`), one group per app. Apps without an
// image run with raw_exec from the project directory on the client (a `tend deploy` release, given with
// --root); apps with one run with the docker driver.
import { placedCommand } from './command.js';
import { containerRoot } from './dockerfile.js';
import { appEnv, instanceEnv, splitEnv } from './env.js';
import { fieldWarnings } from './fields.js';
import { sortFiles } from './files.js';
import { appPort } from './model.js';
import { serviceName, targetNames } from './names.js';
import type { ExportApp, ExportModel, ExportResult, ExportWarning } from './types.js';

const second = 1_000_000_000;
const millisecond = 1_000_000;
const mebibyte = 1024 * 1024;
/** Nomad refuses restart intervals shorter than this. */
const minimumInterval = 5 * second;

/** PM2 counts max_restarts crashes that each came sooner than min_uptime: the interval they fit in. */
function restartPolicy(app: ExportApp): Record<string, unknown> {
  const { spec } = app;
  if (!spec.autorestart) return { Attempts: 0, Interval: minimumInterval, Delay: 0, Mode: 'fail' };
  const delay = spec.restart_delay * millisecond;
  const interval = Math.max(minimumInterval, spec.max_restarts * (spec.min_uptime + spec.restart_delay) * millisecond);
  return { Attempts: spec.max_restarts, Interval: interval, Delay: delay, Mode: 'fail' };
}

function network(app: ExportApp, port: number, docker: boolean): Record<string, unknown> {
  // An app told its port through PORT gets a dynamic one; an app with a fixed port (x-nomad: { port }) keeps it.
  if (docker) return { DynamicPorts: [{ Label: 'http', To: port }] };
  return app.spec.port === null ? { ReservedPorts: [{ Label: 'http', Value: port }] } : { DynamicPorts: [{ Label: 'http' }] };
}

function service(app: ExportApp, name: string): Record<string, unknown> {
  const check = app.options.probe === null ? { Name: `${name}-port`, Type: 'tcp' } : { Name: `${name}-http`, Type: 'http', Path: app.options.probe };
  return { Name: name, PortLabel: 'http', Provider: 'nomad', Checks: [{ ...check, Interval: 10 * second, Timeout: 2 * second }] };
}

function task(model: ExportModel, app: ExportApp, name: string, job: string): { task: Record<string, unknown>; secretKeys: string[] } {
  const { spec } = app;
  const docker = app.options.image !== null;
  const placed = placedCommand(spec, model.localRoot, docker ? containerRoot : model.hostRoot);
  const port = appPort(app);
  const extra: Record<string, string> = { ...instanceEnv(app, '${NOMAD_ALLOC_INDEX}') };
  if (port !== null && !docker && spec.port !== null) extra.PORT = '${NOMAD_PORT_http}';
  const env = splitEnv(appEnv(spec.env, extra));
  const secretKeys = model.includeSecrets ? [] : Object.keys(env.secret);
  const config = docker
    ? { image: app.options.image, command: placed.argv[0], args: placed.argv.slice(1), work_dir: placed.cwd, ...(port === null ? {} : { ports: ['http'] }) }
    : { command: '/usr/bin/env', args: placed.argv, work_dir: placed.cwd };
  const variablePath = `nomad/jobs/${job}/${name}/${name}`;
  return {
    secretKeys,
    task: {
      Name: name,
      Driver: docker ? 'docker' : 'raw_exec',
      Config: config,
      Env: model.includeSecrets ? { ...env.plain, ...env.secret } : env.plain,
      ...(secretKeys.length > 0
        ? {
            // Secret-looking values come from Nomad Variables at the task's own path, not from the job file.
            Templates: [
              {
                DestPath: 'secrets/env',
                EmbeddedTmpl: secretKeys.map((key) => `${key}={{ with nomadVar "${variablePath}" }}{{ .${key} }}{{ end }}\n`).join(''),
                Envvars: true,
                ChangeMode: 'restart',
              },
            ],
          }
        : {}),
      ...(spec.uid === null ? {} : { User: String(spec.uid) }),
      KillTimeout: spec.kill_timeout * millisecond,
      KillSignal: spec.kill_signal,
      ...(spec.max_memory_restart === null ? {} : { Resources: { MemoryMB: Math.ceil(spec.max_memory_restart / mebibyte) } }),
    },
  };
}

export function renderNomad(model: ExportModel): ExportResult {
  const job = serviceName(model.project);
  const names = targetNames(
    model.apps.map((app) => app.spec.name),
    serviceName,
    'Nomad',
  );
  const warnings: ExportWarning[] = [];
  const notes: string[] = [];
  const groups = model.apps.map((app) => {
    const name = names.get(app.spec.name) ?? app.spec.name;
    if (name !== app.spec.name)
      warnings.push({
        target: 'nomad',
        app: app.spec.name,
        field: 'name',
        message: `named ${name}: group and task names keep letters, digits, '.', '_' and '-'`,
      });
    const port = appPort(app);
    const made = task(model, app, name, job);
    if (made.secretKeys.length > 0)
      notes.push(
        `${app.spec.name}: env values whose names look secret were not written; store them with \`nomad var put nomad/jobs/${job}/${name}/${name} ${made.secretKeys.map((key) => `${key}=…`).join(' ')}\` (or export with --include-secrets).`,
      );
    return {
      Name: name,
      Count: app.spec.autostart ? app.spec.instances : 0,
      ...(port === null ? {} : { Networks: [network(app, port, app.options.image !== null)], Services: [service(app, name)] }),
      RestartPolicy: restartPolicy(app),
      ...(app.spec.namespace === 'default' ? {} : { Meta: { 'tend-namespace': app.spec.namespace } }),
      Tasks: [made.task],
    };
  });
  const document = {
    Job: { ID: job, Name: job, Type: 'service', Datacenters: ['*'], Meta: { 'managed-by': 'tend', source: model.source }, TaskGroups: groups },
  };
  warnings.push(...fieldWarnings(model.apps, 'nomad', model.localRoot));
  if (model.apps.some((app) => app.options.image === null))
    notes.push(
      `Apps without an image run with raw_exec from ${model.hostRoot} on the Nomad client (export with --root DIR for a \`tend deploy\` release: DIR/current), as the Nomad agent's user unless uid is set.`,
    );
  return { files: sortFiles([{ path: `${job}.nomad.json`, content: `${JSON.stringify(document, null, 2)}\n` }]), warnings, notes };
}
