// Compose: one compose.yaml with a service per app (replicas, command, env, stop signal and grace
// period, restart policy, memory limit, a healthcheck on the port), built from the Dockerfile when an
// app has no image.
import { posix } from 'node:path';
import { isNodeProgram, placedCommand } from './command.js';
import { containerRoot, dockerFiles, dockerNote, needsDockerfile, projectImage } from './dockerfile.js';
import { appEnv, instanceEnv, splitEnv } from './env.js';
import { fieldWarnings } from './fields.js';
import { sortFiles } from './files.js';
import { appPort } from './model.js';
import { serviceName, targetNames } from './names.js';
import type { ExportApp, ExportModel, ExportResult, ExportWarning } from './types.js';
import { header, yamlDocument } from './yaml.js';

/** Compose interpolates `$` in every value: a literal one is written `$$`. */
function literal(value: string): string {
  return value.replaceAll('$', '$$$$');
}

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A check run inside the container with the node it already has: connect to the port, or GET the probe path. */
function healthcheck(app: ExportApp, port: number): Record<string, unknown> {
  const script =
    app.options.probe === null
      ? `require('node:net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`
      : `fetch('http://127.0.0.1:${port}${app.options.probe}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return { test: ['CMD', 'node', '-e', literal(script)], interval: '10s', timeout: '2s', retries: 3, start_period: duration(app.spec.listen_timeout) };
}

function userOf(app: ExportApp): string | null {
  if (app.spec.uid === null) return null;
  return app.spec.gid === null ? String(app.spec.uid) : `${app.spec.uid}:${app.spec.gid}`;
}

export function renderCompose(model: ExportModel): ExportResult {
  const names = targetNames(
    model.apps.map((app) => app.spec.name),
    serviceName,
    'Compose',
  );
  const warnings: ExportWarning[] = [];
  const notes: string[] = [];
  const secretNames: string[] = [];
  const services: Record<string, unknown> = {};
  // The build context is the project root, seen from the out directory where compose.yaml lives.
  const context = model.rootFromOut || '.';
  const build = { context, dockerfile: posix.join(model.outFromRoot || '.', 'Dockerfile') };
  for (const app of model.apps) {
    const name = names.get(app.spec.name) ?? app.spec.name;
    if (name !== app.spec.name)
      warnings.push({ target: 'compose', app: app.spec.name, field: 'name', message: `named ${name}: service names keep letters, digits, '.', '_' and '-'` });
    const placed = placedCommand(app.spec, model.localRoot, containerRoot);
    const env = splitEnv(appEnv(app.spec.env, instanceEnv(app, null)));
    const environment: Record<string, string> = Object.fromEntries(Object.entries(env.plain).map(([key, value]) => [key, literal(value)]));
    for (const [key, value] of Object.entries(env.secret)) {
      environment[key] = model.includeSecrets ? literal(value) : `\${${key}}`;
      if (!model.includeSecrets) secretNames.push(key);
    }
    const port = appPort(app);
    const user = userOf(app);
    const hasNode = app.options.image === null || isNodeProgram(app.spec);
    if (port !== null && !hasNode)
      warnings.push({
        target: 'compose',
        app: app.spec.name,
        field: 'port',
        message: 'no healthcheck: it runs node inside the container, which this image may not have',
      });
    services[name] = {
      ...(app.options.image === null ? { image: projectImage(model), build } : { image: app.options.image }),
      command: placed.argv.map(literal),
      working_dir: placed.cwd,
      ...(Object.keys(environment).length > 0
        ? {
            environment: Object.fromEntries(
              Object.keys(environment)
                .sort()
                .map((key) => [key, environment[key] ?? '']),
            ),
          }
        : {}),
      ...(port === null ? {} : { ports: [app.spec.instances > 1 ? String(port) : `${port}:${port}`] }),
      ...(user === null ? {} : { user }),
      labels: { 'dev.tend.app': app.spec.name, ...(app.spec.namespace === 'default' ? {} : { 'dev.tend.namespace': app.spec.namespace }) },
      // A process that is PID 1 ignores signals it has no handler for; Docker's init forwards them.
      init: true,
      restart: app.spec.autorestart ? 'unless-stopped' : 'no',
      stop_signal: app.spec.kill_signal,
      stop_grace_period: duration(app.spec.kill_timeout),
      ...(port !== null && hasNode ? { healthcheck: healthcheck(app, port) } : {}),
      deploy: {
        replicas: app.spec.autostart ? app.spec.instances : 0,
        ...(app.spec.max_memory_restart === null ? {} : { resources: { limits: { memory: `${app.spec.max_memory_restart}b` } } }),
      },
    };
  }
  const document = { name: model.project, services };
  const files = [
    {
      path: 'compose.yaml',
      content: header([`Written by \`tend export compose\` from ${model.source}. Edit the ecosystem file and export again.`]) + yamlDocument(document),
    },
    ...dockerFiles(model),
  ];
  warnings.push(...fieldWarnings(model.apps, 'compose', model.localRoot));
  if (needsDockerfile(model)) notes.push(dockerNote(model).replace(/build it from the project root with `[^`]*`/, '`docker compose build` builds it'));
  if (secretNames.length > 0)
    notes.push(
      `Env values whose names look secret were not written: compose.yaml reads ${[...new Set(secretNames)].sort().join(', ')} from the shell or a .env file beside it (or export with --include-secrets).`,
    );
  return { files: sortFiles(files), warnings, notes };
}
