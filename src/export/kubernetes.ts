// Kubernetes: a Kustomize base (per app a Deployment, a Service when a port is known, and for
// cron_restart a CronJob with its RBAC; env in generated ConfigMaps and Secrets, so a changed env rolls
// the pods as tend's reload would) and one overlay per env_<name>.
import { placedCommand } from './command.js';
import { cronFields, kubernetesSchedule } from './cron.js';
import { containerRoot, dockerFiles, dockerNote, needsDockerfile, projectImage } from './dockerfile.js';
import { appEnv, envFileLines, instanceEnv, splitEnv } from './env.js';
import { fieldWarnings } from './fields.js';
import { appPort } from './model.js';
import { dnsLabel, targetNames } from './names.js';
import { sortFiles } from './files.js';
import type { ExportApp, ExportFile, ExportModel, ExportResult, ExportWarning } from './types.js';
import { header, yamlDocument, yamlDocuments } from './yaml.js';

const kustomizeApi = 'kustomize.config.k8s.io/v1beta1';
/** The image the restart CronJob runs `kubectl rollout restart` with. */
export const kubectlImage = 'registry.k8s.io/kubectl:v1.32.4';
const mebibyte = 1024 * 1024;

type Labels = Record<string, string>;

function labelsOf(app: ExportApp, name: string): Labels {
  const labels: Labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'tend' };
  if (app.spec.namespace !== 'default') labels['app.kubernetes.io/part-of'] = dnsLabel(app.spec.namespace, 63);
  return labels;
}

/** A memory quantity: whole mebibytes as `Mi`, else bytes. */
function memoryQuantity(bytes: number): string {
  return bytes % mebibyte === 0 ? `${bytes / mebibyte}Mi` : String(bytes);
}

function probes(app: ExportApp): Record<string, unknown> {
  const action = app.options.probe === null ? { tcpSocket: { port: 'http' } } : { httpGet: { path: app.options.probe, port: 'http' } };
  return {
    // listen_timeout: how long a start may take before it counts as failed.
    startupProbe: { ...action, periodSeconds: 1, failureThreshold: Math.max(1, Math.ceil(app.spec.listen_timeout / 1000)) },
    readinessProbe: { ...action, periodSeconds: 10 },
  };
}

function container(model: ExportModel, app: ExportApp, name: string, hasSecrets: boolean): Record<string, unknown> {
  const { spec } = app;
  const placed = placedCommand(spec, model.localRoot, containerRoot);
  const shell = placed.argv[0] === 'bash' && placed.argv[1] === '-c';
  const argCount = shell ? 0 : spec.args.length;
  const port = appPort(app);
  return {
    name,
    image: app.options.image ?? projectImage(model),
    command: placed.argv.slice(0, placed.argv.length - argCount),
    ...(argCount > 0 ? { args: placed.argv.slice(placed.argv.length - argCount) } : {}),
    workingDir: placed.cwd,
    envFrom: [{ configMapRef: { name: `${name}-env` } }, ...(hasSecrets ? [{ secretRef: { name: `${name}-secret` } }] : [])],
    ...(port === null ? {} : { ports: [{ name: 'http', containerPort: port }], ...probes(app) }),
    ...(spec.max_memory_restart === null ? {} : { resources: { limits: { memory: memoryQuantity(spec.max_memory_restart) } } }),
  };
}

function securityContext(app: ExportApp): Record<string, unknown> {
  const context: Record<string, number> = {};
  if (typeof app.spec.uid === 'number') context.runAsUser = app.spec.uid;
  if (typeof app.spec.gid === 'number') context.runAsGroup = app.spec.gid;
  return Object.keys(context).length === 0 ? {} : { securityContext: context };
}

function deployment(model: ExportModel, app: ExportApp, name: string, hasSecrets: boolean): Record<string, unknown> {
  const labels = labelsOf(app, name);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: app.spec.autostart ? app.spec.instances : 0,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: Math.ceil(app.spec.kill_timeout / 1000),
          ...securityContext(app),
          containers: [container(model, app, name, hasSecrets)],
        },
      },
    },
  };
}

function service(app: ExportApp, name: string, port: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labelsOf(app, name) },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port, targetPort: 'http' }] },
  };
}

/** The CronJob that restarts the Deployment, and the least RBAC it needs: patch this one Deployment. */
function restartObjects(app: ExportApp, name: string, schedule: string): Record<string, unknown>[] {
  const restarter = `${name}-restart`;
  const metadata = { name: restarter, labels: labelsOf(app, name) };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], resourceNames: [name], verbs: ['get', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: restarter },
      subjects: [{ kind: 'ServiceAccount', name: restarter }],
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata,
      spec: {
        schedule,
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: labelsOf(app, name) },
              spec: {
                serviceAccountName: restarter,
                restartPolicy: 'OnFailure',
                containers: [{ name: 'kubectl', image: kubectlImage, command: ['kubectl', 'rollout', 'restart', `deployment/${name}`] }],
              },
            },
          },
        },
      },
    },
  ];
}

function literals(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

interface AppEnvs {
  base: { plain: Record<string, string>; secret: Record<string, string> };
  /** Per overlay: the keys whose values differ from the base. */
  overlays: Record<string, { plain: Record<string, string>; secret: Record<string, string> }>;
  hasSecrets: boolean;
}

function changedKeys(env: Readonly<Record<string, string>>, base: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key, value]) => base[key] !== value));
}

function appEnvs(app: ExportApp): AppEnvs {
  const extra = instanceEnv(app, null);
  const base = splitEnv(appEnv(app.spec.env, extra));
  const overlays: AppEnvs['overlays'] = {};
  let hasSecrets = Object.keys(base.secret).length > 0;
  for (const [envName, env] of Object.entries(app.overlays)) {
    const split = splitEnv(appEnv(env, extra));
    overlays[envName] = { plain: changedKeys(split.plain, base.plain), secret: changedKeys(split.secret, base.secret) };
    if (Object.keys(split.secret).length > 0) hasSecrets = true;
  }
  return { base, overlays, hasSecrets };
}

function generatorOptions(app: ExportApp, name: string): Record<string, unknown> {
  return { options: { labels: labelsOf(app, name) } };
}

export function renderKubernetes(model: ExportModel): ExportResult {
  const names = targetNames(
    model.apps.map((app) => app.spec.name),
    (name) => dnsLabel(name),
    'Kubernetes',
  );
  const files: ExportFile[] = [];
  const warnings: ExportWarning[] = [];
  const notes: string[] = [];
  const configMaps: unknown[] = [];
  const secrets: unknown[] = [];
  const secretFiles: string[] = [];
  const overlayGenerators = new Map<string, { configMaps: unknown[]; secrets: unknown[] }>(
    model.envNames.map((envName) => [envName, { configMaps: [], secrets: [] }]),
  );
  const headerLines = [`Written by \`tend export kubernetes\` from ${model.source}. Edit the ecosystem file and export again.`];

  for (const app of model.apps) {
    const name = names.get(app.spec.name) ?? app.spec.name;
    if (name !== app.spec.name)
      warnings.push({ target: 'kubernetes', app: app.spec.name, field: 'name', message: `named ${name}: Kubernetes names are lowercase DNS labels` });
    const envs = appEnvs(app);
    const port = appPort(app);
    const objects: unknown[] = [deployment(model, app, name, envs.hasSecrets)];
    if (port !== null) objects.push(service(app, name, port));
    if (app.spec.cron_restart !== null) {
      const fields = cronFields(app.spec.cron_restart);
      const schedule = fields === null ? null : kubernetesSchedule(fields);
      if (schedule === null)
        warnings.push({
          target: 'kubernetes',
          app: app.spec.name,
          field: 'cron_restart',
          message: `no CronJob written: "${app.spec.cron_restart}" restarts at a second other than 0, which a CronJob cannot`,
        });
      else objects.push(...restartObjects(app, name, schedule));
    }
    files.push({ path: `base/${name}.yaml`, content: header(headerLines) + yamlDocuments(objects) });

    configMaps.push({
      name: `${name}-env`,
      ...(Object.keys(envs.base.plain).length > 0 ? { literals: literals(envs.base.plain) } : {}),
      ...generatorOptions(app, name),
    });
    if (envs.hasSecrets) {
      const secretFile = `${name}.secret.env`;
      secrets.push({ name: `${name}-secret`, envs: [secretFile], ...generatorOptions(app, name) });
      files.push({ path: `base/${secretFile}`, content: envFileLines(envs.base.secret, model.includeSecrets), keep: !model.includeSecrets });
      if (Object.keys(envs.base.secret).length > 0) secretFiles.push(`base/${secretFile}`);
    }
    for (const [envName, overlay] of Object.entries(envs.overlays)) {
      const generators = overlayGenerators.get(envName);
      if (generators === undefined) continue;
      if (Object.keys(overlay.plain).length > 0) generators.configMaps.push({ name: `${name}-env`, behavior: 'merge', literals: literals(overlay.plain) });
      if (Object.keys(overlay.secret).length > 0) {
        const secretFile = `${name}.secret.env`;
        generators.secrets.push({ name: `${name}-secret`, behavior: 'merge', envs: [secretFile] });
        files.push({ path: `overlays/${envName}/${secretFile}`, content: envFileLines(overlay.secret, model.includeSecrets), keep: !model.includeSecrets });
        secretFiles.push(`overlays/${envName}/${secretFile}`);
      }
    }
  }

  const resources = model.apps.map((app) => `${names.get(app.spec.name) ?? app.spec.name}.yaml`);
  const base = {
    apiVersion: kustomizeApi,
    kind: 'Kustomization',
    resources,
    configMapGenerator: configMaps,
    ...(secrets.length > 0 ? { secretGenerator: secrets } : {}),
  };
  files.push({ path: 'base/kustomization.yaml', content: header(headerLines) + yamlDocument(base) });
  for (const [envName, generators] of overlayGenerators) {
    const overlay = {
      apiVersion: kustomizeApi,
      kind: 'Kustomization',
      resources: ['../../base'],
      ...(generators.configMaps.length > 0 ? { configMapGenerator: generators.configMaps } : {}),
      ...(generators.secrets.length > 0 ? { secretGenerator: generators.secrets } : {}),
    };
    files.push({
      path: `overlays/${envName}/kustomization.yaml`,
      content: header([...headerLines, `The env_${envName} values of every app (tend --env ${envName}).`]) + yamlDocument(overlay),
    });
  }
  files.push(...dockerFiles(model));

  warnings.push(...fieldWarnings(model.apps, 'kubernetes', model.localRoot));
  if (needsDockerfile(model))
    notes.push(
      dockerNote(model),
      `Then push it and point the manifests at it: \`cd base && kustomize edit set image ${projectImage(model)}=REGISTRY/${projectImage(model)}\`.`,
    );
  if (secretFiles.length > 0 && !model.includeSecrets)
    notes.push(
      `Env values whose names look secret were not written: fill in ${secretFiles.join(', ')} (kept when you export again; keep them out of git), or export with --include-secrets.`,
    );
  return { files: sortFiles(files), warnings, notes };
}
