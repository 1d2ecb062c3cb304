// The fields that cannot be carried over to a target, or change meaning there: one row per field, one
// message per target (absent = carried over as it is). Every render adds these rows' warnings.
import { isAbsolute } from 'node:path';
import { isNodeProgram, placePath } from './command.js';
import { appPort } from './model.js';
import type { ExportApp, ExportTarget, ExportWarning } from './types.js';

type Messages = Partial<Record<ExportTarget, string>>;

interface FieldRow {
  field: string;
  /** Whether the app uses the field in a way that matters (usually: not its default). */
  applies: (app: ExportApp) => boolean;
  messages: (app: ExportApp) => Messages;
}

const containers = (message: string): Messages => ({ kubernetes: message, compose: message });
const everywhere = (message: string): Messages => ({ kubernetes: message, nomad: message, compose: message, systemd: message });
const logStdout = 'not carried over: the app logs to stdout/stderr, which the cluster collects (kubectl logs, docker compose logs, nomad alloc logs)';
const logJournal = 'not carried over: output goes to the journal (journalctl -u)';

function logRow(field: string, applies: (app: ExportApp) => boolean, systemd: string | null = logJournal): FieldRow {
  return { field, applies, messages: () => ({ kubernetes: logStdout, nomad: logStdout, compose: logStdout, ...(systemd === null ? {} : { systemd }) }) };
}

const rows: readonly FieldRow[] = [
  {
    field: 'exec_mode',
    applies: (app) => app.spec.exec_mode === 'cluster',
    messages: (app) => {
      const port = appPort(app);
      return {
        kubernetes: 'cluster mode becomes replicas: each pod runs one process with its own port, and the Service spreads connections over them',
        nomad: 'cluster mode becomes count allocations, each with its own dynamic port, registered as one service',
        compose: `cluster mode becomes deploy.replicas: each container runs one process${port === null ? '' : `; port ${port} is published on a random host port per replica`}`,
        ...(app.spec.instances > 1 && port !== null
          ? { systemd: `cluster mode becomes one process per instance: they cannot all listen on port ${port}; use increment_var or a load balancer` }
          : {}),
      };
    },
  },
  {
    field: 'instance_var',
    applies: (app) => app.spec.instances > 1,
    messages: (app) => containers(`${app.spec.instance_var} is not set: replicas have no ordinal (a StatefulSet or one app per instance would have one)`),
  },
  {
    field: 'increment_var',
    applies: (app) => app.spec.increment_var !== null && app.spec.instances > 1,
    messages: (app) => everywhere(`${app.spec.increment_var ?? ''} is not incremented per instance: every instance gets the same value`),
  },
  {
    field: 'watch',
    applies: (app) => app.spec.watch !== false,
    messages: () => everywhere('files are not watched: ship a new image or release and restart to change code'),
  },
  {
    field: 'max_memory_restart',
    applies: (app) => app.spec.max_memory_restart !== null,
    messages: () => ({
      kubernetes: 'becomes a memory limit: the container is killed (OOMKilled) at the limit and restarted, where tend reloads it gracefully',
      nomad: 'becomes the memory limit: the task is killed at the limit and restarted, where tend reloads it gracefully',
      compose: 'becomes a memory limit: the container is killed at the limit and restarted, where tend reloads it gracefully',
      systemd: 'becomes MemoryMax=: the kernel kills the process at the limit and systemd restarts it, where tend reloads it gracefully',
    }),
  },
  {
    field: 'cron_restart',
    applies: (app) => app.spec.cron_restart !== null,
    messages: () => ({
      kubernetes: 'becomes a CronJob that runs `kubectl rollout restart`: it needs the ServiceAccount, Role and RoleBinding written beside it (RBAC)',
      nomad: 'not carried over: Nomad has no scheduled restart; run `nomad alloc restart` from a periodic job',
      compose: 'not carried over: Compose has no scheduler; run `docker compose restart` from cron',
    }),
  },
  {
    field: 'autorestart',
    applies: (app) => !app.spec.autorestart,
    messages: () => ({ kubernetes: 'not carried over: the pods of a Deployment are always restarted (a Job runs to completion once)' }),
  },
  {
    field: 'max_restarts',
    applies: (app) => app.spec.autorestart && app.spec.max_restarts !== 16,
    messages: () => containers('not carried over: the runtime restarts without limit, with its own back-off'),
  },
  {
    field: 'min_uptime',
    applies: (app) => app.spec.autorestart && app.spec.min_uptime !== 1000,
    messages: () => containers('not carried over: the runtime decides what a crash loop is'),
  },
  {
    field: 'restart_delay',
    applies: (app) => app.spec.autorestart && app.spec.restart_delay !== 0,
    messages: () => ({
      kubernetes: 'not carried over: the kubelet waits with its own back-off (10 s doubling up to 5 min)',
      compose: 'not carried over: Docker waits with its own back-off (100 ms doubling)',
    }),
  },
  {
    field: 'exp_backoff_restart_delay',
    applies: (app) => app.spec.autorestart && app.spec.exp_backoff_restart_delay !== 0,
    messages: () => ({
      ...containers('not carried over: the runtime has its own exponential back-off'),
      nomad: 'not carried over: restarts wait restart_delay; reschedules back off exponentially',
      systemd: 'not carried over: restarts wait RestartSec= each time',
    }),
  },
  {
    field: 'stop_exit_codes',
    applies: (app) => app.spec.stop_exit_codes.length > 0,
    messages: () => ({
      kubernetes: 'not carried over: every exit is restarted',
      nomad: 'not carried over: every failed exit is restarted',
      compose: 'not carried over: every exit is restarted',
    }),
  },
  {
    field: 'kill_signal',
    applies: (app) => app.options.image !== null || app.spec.kill_signal !== 'SIGINT',
    messages: (app) => ({
      kubernetes:
        app.options.image === null
          ? `not carried over: pods are stopped with the image's STOPSIGNAL (SIGINT in the Dockerfile written here), not ${app.spec.kill_signal}`
          : `not carried over: pods are stopped with the image's STOPSIGNAL (SIGTERM unless the image sets one), not ${app.spec.kill_signal}`,
    }),
  },
  {
    field: 'wait_ready',
    applies: (app) => app.spec.wait_ready,
    messages: (app) =>
      appPort(app) === null
        ? everywhere("no port is known, so nothing checks readiness: the app counts as started as soon as it runs (process.send('ready') goes nowhere)")
        : { systemd: "the unit counts as started as soon as the process runs (process.send('ready') goes nowhere; Type=notify would need sd_notify)" },
  },
  {
    field: 'shutdown_with_message',
    applies: (app) => app.spec.shutdown_with_message,
    messages: (app) => everywhere(`the app is stopped by ${app.spec.kill_signal}, not by the 'shutdown' message`),
  },
  {
    field: 'treekill',
    applies: (app) => !app.spec.treekill,
    messages: () => ({
      kubernetes: 'not carried over: stopping a container ends every process in it',
      nomad: 'not carried over: stopping a task ends every process of it',
      compose: 'not carried over: stopping a container ends every process in it',
    }),
  },
  {
    field: 'uid',
    applies: (app) => app.spec.uid !== null && typeof app.spec.uid !== 'number',
    messages: () => ({ kubernetes: 'not carried over: runAsUser takes a number, not a user name' }),
  },
  {
    field: 'gid',
    applies: (app) => app.spec.gid !== null && typeof app.spec.gid !== 'number',
    messages: () => ({ kubernetes: 'not carried over: runAsGroup takes a number, not a group name' }),
  },
  {
    field: 'namespace',
    applies: (app) => app.spec.namespace !== 'default',
    messages: () => ({ systemd: 'not carried over: units have no group; act on them by name or with a target' }),
  },
  {
    field: 'interpreter',
    applies: (app) => app.options.image === null && !isNodeProgram(app.spec) && !['bash', 'sh', 'none'].includes(app.spec.interpreter),
    messages: (app) => containers(`the Dockerfile written here is based on Node.js and has no ${app.spec.interpreter}: give an image (x-export: { image })`),
  },
  logRow('out_file', (app) => app.spec.out_file !== null && app.spec.out_file !== '/dev/null', null),
  logRow('error_file', (app) => app.spec.error_file !== null && app.spec.error_file !== '/dev/null', null),
  logRow('log_file', (app) => app.spec.log_file !== false),
  logRow('log_date_format', (app) => app.spec.log_date_format !== null),
  logRow('log_type', (app) => app.spec.log_type !== 'raw'),
  logRow('disable_logs', (app) => app.spec.disable_logs || app.spec.out_file === '/dev/null' || app.spec.error_file === '/dev/null', null),
  logRow('log_max_size', (app) => app.spec.log_max_size !== null, 'not carried over: the journal rotates on its own'),
  logRow('log_retain', (app) => app.spec.log_retain !== 5, 'not carried over: the journal rotates on its own'),
  logRow('log_compress', (app) => app.spec.log_compress, 'not carried over: the journal compresses on its own'),
  logRow('pid_file', (app) => app.spec.pid_file !== null, 'not carried over: systemd tracks the main pid itself (systemctl show -p MainPID)'),
];

/** cwd and script are moved with the project; a path outside it is used as it is. */
function outsideWarnings(app: ExportApp, target: ExportTarget, localRoot: string): ExportWarning[] {
  const paths: [string, string][] = [['cwd', app.spec.cwd]];
  if (isAbsolute(app.spec.script)) paths.push(['script', app.spec.script]);
  const where = target === 'kubernetes' || target === 'compose' ? 'in the image' : 'on every host';
  return paths
    .filter(([, path]) => placePath(path, localRoot, '/') === null)
    .map(([field, path]) => ({
      target,
      app: app.spec.name,
      field,
      message: `${path} is outside the project directory and is used as it is: it must exist ${where}`,
    }));
}

/** The warnings of every app of the model on its target, in app order, then field order. */
export function fieldWarnings(apps: readonly ExportApp[], target: ExportTarget, localRoot: string): ExportWarning[] {
  const warnings: ExportWarning[] = [];
  for (const app of apps) {
    warnings.push(...outsideWarnings(app, target, localRoot));
    for (const row of rows) {
      if (!row.applies(app)) continue;
      const message = row.messages(app)[target];
      if (message !== undefined) warnings.push({ target, app: app.spec.name, field: row.field, message });
    }
  }
  return warnings;
}
