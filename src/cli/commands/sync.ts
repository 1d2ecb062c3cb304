// `tend sync …`: git sync sources (a repository + ref + ecosystem file the daemon keeps applied),
// their status, history and rollback; the webhook receiver; and the post-receive hook for `git push`.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { TendError, fromWire } from '../../errors/index.js';
import type { SourceConfig, SyncRunResult } from '../../protocol/sync.js';
import { installHook } from '../../adapters/git/hook.js';
import { repoLocation } from '../../adapters/git/location.js';
import { parseDuration } from '../../ecosystem/units.js';
import { withDaemon } from '../daemon-session.js';
import { callerEnv, holderName } from '../../client/caller.js';
import { printJson, printLine } from '../views/output.js';
import { printRunResult, printSources, printStatus, printSyncHistory, printSyncProgress } from '../views/sync.js';

/** The options `sync add` and `sync set` share: one per setting of a source. */
interface SettingOptions {
  repo?: string;
  ref?: string;
  path?: string;
  env?: string;
  interval?: string;
  build?: string;
  buildTimeout?: string;
  prune?: boolean;
  selfHeal?: boolean;
  allowEmpty?: boolean;
  approval?: string;
  notify?: string[];
  notifySlack?: string[];
  notifySecretFile?: string;
  pre?: string;
  post?: string;
  hookTimeout?: string;
  json?: boolean;
}

/** What a source is when `sync add` is not told otherwise. */
const defaults: Omit<SourceConfig, 'name' | 'repo'> = {
  ref: 'main',
  path: '',
  env: null,
  interval: 60_000,
  build: null,
  buildTimeout: 10 * 60_000,
  prune: true,
  selfHeal: false,
  allowEmpty: false,
  pre: null,
  post: null,
  hookTimeout: 10 * 60_000,
  approval: 'auto',
};

function duration(raw: string, flag: string): number {
  if (raw === 'off') return 0;
  const ms = parseDuration(raw);
  if (ms === undefined) throw new TendError('E_USAGE', `${flag} '${raw}' is not a duration`, { hint: 'Write e.g. 30s, 5m, 1h, or off.' });
  return ms;
}

/** Prints a sync's result; a failed one also fails the command (exit 1). */
function finish(result: SyncRunResult, json: boolean): void {
  printRunResult(result, json);
  if (result.outcome === 'failed' && result.error) {
    const error = fromWire(result.error);
    throw new TendError(error.code, error.message, { hint: error.hint });
  }
}

function progressFor(json: boolean | undefined): ((progress: Parameters<typeof printSyncProgress>[0]) => void) | undefined {
  return json ? undefined : printSyncProgress;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function notifyTargets(options: SettingOptions): Pick<SourceConfig, 'notify'> {
  const webhooks = options.notify ?? [];
  const slack = options.notifySlack ?? [];
  for (const url of [...webhooks, ...slack]) {
    if (!/^https?:\/\//.test(url)) throw new TendError('E_USAGE', `--notify and --notify-slack take http(s) URLs, not "${url}"`);
  }
  if (webhooks.length === 0 && slack.length === 0) return {};
  return { notify: { webhooks, slack, ...(options.notifySecretFile === undefined ? {} : { secretFile: resolve(options.notifySecretFile) }) } };
}

function approvalOf(raw: string): NonNullable<SourceConfig['approval']> {
  if (raw === 'auto' || raw === 'manual') return raw;
  throw new TendError('E_USAGE', `--approval '${raw}' is neither auto nor manual`);
}

/** The settings a command line gives (only the options given; '' clears a command or the env overlay). */
function settingsOf(options: SettingOptions): Partial<SourceConfig> {
  const orNull = (value: string): string | null => (value === '' ? null : value);
  return {
    ...(options.repo === undefined ? {} : { repo: repoLocation(options.repo) }),
    ...(options.ref === undefined ? {} : { ref: options.ref }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.env === undefined ? {} : { env: orNull(options.env) }),
    ...(options.interval === undefined ? {} : { interval: duration(options.interval, '--interval') }),
    ...(options.build === undefined ? {} : { build: orNull(options.build) }),
    ...(options.buildTimeout === undefined ? {} : { buildTimeout: duration(options.buildTimeout, '--build-timeout') }),
    ...(options.prune === undefined ? {} : { prune: options.prune }),
    ...(options.selfHeal === undefined ? {} : { selfHeal: options.selfHeal }),
    ...(options.allowEmpty === undefined ? {} : { allowEmpty: options.allowEmpty }),
    ...(options.approval === undefined ? {} : { approval: approvalOf(options.approval) }),
    ...(options.pre === undefined ? {} : { pre: orNull(options.pre) }),
    ...(options.post === undefined ? {} : { post: orNull(options.post) }),
    ...(options.hookTimeout === undefined ? {} : { hookTimeout: duration(options.hookTimeout, '--hook-timeout') }),
    ...notifyTargets(options),
  };
}

/**
 * A source's settings as options, declared once for `sync add` (which states the defaults) and
 * `sync set` (which changes only what is given; a switch has its --no- form there).
 */
const settingOptions: readonly { flags: string; description: string; switch?: { off: string; on: boolean } }[] = [
  { flags: '--ref <ref>', description: 'branch, tag or commit to follow (add: main)' },
  { flags: '--path <file>', description: 'ecosystem file in the repository (add: PM2 file names at its root)' },
  { flags: '--env <name>', description: "use the env_<name> overlay of the file ('' for none)" },
  { flags: '--interval <duration>', description: 'poll interval (30s, 5m; off: push/webhook only; add: 60s)' },
  { flags: '--build <command>', description: "shell command run in each new release directory before loading it ('' for none)" },
  { flags: '--build-timeout <duration>', description: 'build time limit (add: 10m)' },
  { flags: '--prune', description: 'delete apps removed from the file (the default)', switch: { off: 'keep apps removed from the file', on: true } },
  {
    flags: '--self-heal',
    description: 'revert hand changes to the apps at each sync',
    switch: { off: 'report hand changes as drift (the default)', on: false },
  },
  {
    flags: '--allow-empty',
    description: 'accept a commit whose file declares no apps',
    switch: { off: 'refuse a commit whose file declares no apps: it would remove them all (the default)', on: false },
  },
  { flags: '--approval <mode>', description: 'auto: apply new commits; manual: fetch and plan them, apply on `tend sync now` (add: auto)' },
  { flags: '--pre <command>', description: "shell command run once per new revision, in its release, before any app changes (migrations; '' for none)" },
  { flags: '--post <command>', description: "shell command run after the apps changed (smoke test); its failure rolls back ('' for none)" },
  { flags: '--hook-timeout <duration>', description: 'time limit of --pre and --post (add: 10m)' },
];

function declareSettings(command: Command, forAdd: boolean): Command {
  for (const option of settingOptions) {
    const off = `--no-${option.flags.slice(2)}`;
    if (option.switch === undefined) command.option(option.flags, option.description);
    // add offers the form that changes the default; set offers both.
    else if (forAdd) command.option(option.switch.on ? off : option.flags, option.switch.on ? option.switch.off : option.description);
    else command.option(option.flags, option.description).option(off, option.switch.off);
  }
  return command
    .option(
      '--notify <url>',
      'POST a JSON notification here on applied, failed, degraded, drift, self-healed, pending (repeatable; set: replaces)',
      collect,
      [],
    )
    .option('--notify-slack <url>', 'a Slack-compatible incoming webhook told the same (repeatable; set: replaces)', collect, [])
    .option('--notify-secret-file <file>', 'sign --notify bodies with this secret (X-Tend-Signature: sha256=HMAC)')
    .option('--json', 'print as JSON');
}

export function register(program: Command): void {
  const sync = program.command('sync').description('keep apps equal to an ecosystem file in a git repository (GitOps)');

  declareSettings(
    sync
      .command('add')
      .description('add a source and sync it now')
      .argument('<name>', 'source name (apps are owned by sync:<name>)')
      .requiredOption('--repo <url|path>', 'git repository URL or path'),
    true,
  ).action(async (name: string, options: SettingOptions & { repo: string }) => {
    const config: SourceConfig = { ...defaults, name, ...settingsOf(options), repo: repoLocation(options.repo) };
    const result = await withDaemon((client) =>
      client.request('syncAdd', { config, baseEnv: callerEnv(), holder: holderName('tend sync add') }, progressFor(options.json)),
    );
    finish(result, options.json ?? false);
  });

  sync
    .command('list')
    .alias('ls')
    .description('list sources with their status')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      printSources(await withDaemon((client) => client.request('syncList', {})), options.json ?? false);
    });

  sync
    .command('status')
    .description('status of one source or all: revision, drift, failure, apps')
    .argument('[name]', 'source name')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      printStatus(await withDaemon((client) => client.request('syncStatus', name === undefined ? {} : { name })), options.json ?? false);
    });

  sync
    .command('now')
    .description('fetch and sync a source now (retries a revision that failed)')
    .argument('<name>', 'source name')
    .option('--push', 'called by the post-receive hook: like an automatic sync')
    .option('--revision <commit>', 'apply only if the fetched head is this commit (the plan you approved); another head is refused')
    .option('--json', 'print as JSON')
    .action(async (name: string, options: { push?: boolean; revision?: string; json?: boolean }) => {
      const trigger: 'push' | 'manual' = options.push ? 'push' : 'manual';
      const { revision } = options;
      if (revision !== undefined && !/^[0-9a-f]{4,40}$/i.test(revision))
        throw new TendError('E_USAGE', `--revision ${revision} is not a commit id (4 to 40 hex digits)`);
      const request = { name, trigger, holder: holderName(`tend sync now (${trigger})`), ...(revision === undefined ? {} : { revision }) };
      const result = await withDaemon((client) => client.request('syncNow', request, progressFor(options.json)));
      finish(result, options.json ?? false);
    });

  declareSettings(
    sync
      .command('set')
      .description("change a source's settings in place (its apps stay owned by it); re-syncs when what it loads changed")
      .argument('<name>', 'source name')
      .option('--repo <url|path>', 'git repository URL or path'),
    false,
  ).action(async (name: string, options: SettingOptions) => {
    const changes = settingsOf(options);
    if (Object.keys(changes).length === 0) throw new TendError('E_USAGE', 'nothing to change: give at least one option (see `tend sync set --help`)');
    const result = await withDaemon((client) => client.request('syncSet', { name, changes, holder: holderName('tend sync set') }, progressFor(options.json)));
    finish(result, options.json ?? false);
  });

  sync
    .command('diff')
    .description('fetch the head of a source and show the plan a sync would apply, without applying it')
    .argument('<name>', 'source name')
    .option('--json', 'print as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const result = await withDaemon((client) => client.request('syncDiff', { name, holder: holderName('tend sync diff') }, progressFor(options.json)));
      finish(result, options.json ?? false);
    });

  sync
    .command('suspend')
    .description('stop syncing a source automatically (hand changes stay)')
    .argument('<name>', 'source name')
    .action(async (name: string) => {
      const view = await withDaemon((client) => client.request('syncSuspend', { name }));
      printLine(`${view.name}: auto-sync suspended; \`tend sync resume ${view.name}\` syncs again.`);
    });

  sync
    .command('resume')
    .description('resume automatic syncing and sync now')
    .argument('<name>', 'source name')
    .option('--json', 'print as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const result = await withDaemon((client) => client.request('syncResume', { name, holder: holderName('tend sync resume') }, progressFor(options.json)));
      finish(result, options.json ?? false);
    });

  sync
    .command('history')
    .description('revisions synced, with outcome and plan summary')
    .argument('<name>', 'source name')
    .option('--json', 'print as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      printSyncHistory(await withDaemon((client) => client.request('syncHistory', { name })), options.json ?? false);
    });

  sync
    .command('rollback')
    .description('apply an earlier revision (default: the one before) and suspend auto-sync until resume')
    .argument('<name>', 'source name')
    .argument('[revision]', 'commit id or prefix from `tend sync history`')
    .option('--json', 'print as JSON')
    .action(async (name: string, revision: string | undefined, options: { json?: boolean }) => {
      const params = { name, holder: holderName('tend sync rollback'), ...(revision === undefined ? {} : { revision }) };
      const result = await withDaemon((client) => client.request('syncRollback', params, progressFor(options.json)));
      finish(result, options.json ?? false);
      if (!options.json) printLine(`Auto-sync of ${name} is suspended until \`tend sync resume ${name}\`.`);
    });

  sync
    .command('remove')
    .alias('rm')
    .description('remove a source and delete its apps (--keep-apps leaves them running)')
    .argument('<name>', 'source name')
    .option('--keep-apps', 'leave the apps running, as if started by hand')
    .option('--json', 'print as JSON')
    .action(async (name: string, options: { keepApps?: boolean; json?: boolean }) => {
      const result = await withDaemon((client) =>
        client.request('syncRemove', { name, keepApps: options.keepApps ?? false, holder: holderName('tend sync remove') }),
      );
      if (options.json) return printJson(result);
      printLine(
        `Removed source ${result.name}.${result.deleted.length > 0 ? ` Deleted: ${result.deleted.join(', ')}.` : ''}${result.kept.length > 0 ? ` Kept running: ${result.kept.join(', ')}.` : ''}`,
      );
    });

  sync
    .command('webhook')
    .description('serve the webhook receiver: POST /sync/<name>, HMAC-SHA256 signed')
    .option('--port <port>', 'port to listen on', '9418')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--secret-file <file>', 'file holding the shared secret (kept across daemon restarts)')
    .option('--secret-env <var>', 'environment variable holding the shared secret')
    .option('--stop', 'stop the receiver')
    .action(async (options: { port: string; bind: string; secretFile?: string; secretEnv?: string; stop?: boolean }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TendError('E_USAGE', `--port '${options.port}' is not a port`);
      const secret = options.secretEnv === undefined ? undefined : process.env[options.secretEnv];
      if (options.secretEnv !== undefined && !secret) throw new TendError('E_SYNC_WEBHOOK', `the environment variable ${options.secretEnv} is empty`);
      const params = {
        port,
        bind: options.bind,
        ...(secret ? { secret } : {}),
        ...(options.secretFile ? { secretFile: resolve(options.secretFile) } : {}),
        ...(options.stop ? { stop: true } : {}),
      };
      const result = await withDaemon((client) => client.request('syncWebhook', params));
      printLine(
        result.url === null
          ? 'Webhook receiver stopped.'
          : `Webhook receiver listening: POST ${result.url} (X-Hub-Signature-256 or X-Tend-Signature: sha256=<hmac of the body>)`,
      );
    });

  sync
    .command('hook')
    .description('git hooks that sync on push')
    .command('install')
    .description('install a post-receive hook in a bare repository: `git push` syncs the source and shows the result')
    .argument('<bare-repo>', 'path of the bare repository pushed to')
    .argument('<name>', 'source name')
    .option('--force', 'replace a post-receive hook tend did not write')
    .action(async (repo: string, name: string, options: { force?: boolean }) => {
      const home = await withDaemon(async (client) => {
        await client.request('syncStatus', { name });
        return client.paths.home;
      });
      const bin = process.argv[1];
      if (bin === undefined) throw new TendError('E_INTERNAL', 'cannot tell where the tend CLI is');
      const file = installHook(repo, { home, tend: [process.execPath, bin], source: name }, options.force ?? false);
      printLine(`Installed ${file}: a push to ${resolve(repo)} syncs ${name}.`);
    });
}
