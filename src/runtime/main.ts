// `tend-runtime start <file | script>`: for containers. The daemon runs inside this process (no
// detached daemon), app output goes to this process's stdout/stderr, SIGINT/SIGTERM stop the apps
// gracefully and exit 0, and the runtime exits 2 once every app has failed for good.
// Run as `tend-dev` (PM2's pm2-dev), it watches every app and always uses a fresh home of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { startEmbeddedDaemon } from '../daemon/embedded.js';
import { homePaths } from '../protocol/home.js';
import { DaemonClient } from '../client/daemon-client.js';
import { asTendError } from '../errors/index.js';
import type { AppSpec } from '../ecosystem/types.js';
import { desiredFromFile, desiredFromScript } from '../cli/desired.js';
import { isEcosystemFile } from '../ecosystem/find.js';
import { splitList } from '../cli/options.js';
import { holderName } from '../client/caller.js';
import { planAndApply } from '../client/plan-and-apply.js';
import { formatLogLine } from '../format/log-lines.js';
import { printError, printLine, printNotice } from '../cli/views/output.js';
import { version } from '../version.js';

interface RuntimeOptions {
  env?: string;
  only?: string;
  json?: boolean;
  raw?: boolean;
}

const dev = /^tend-dev(\.js)?$/.test(basename(process.argv[1] ?? ''));
const name = dev ? 'tend-dev' : 'tend-runtime';

/** tend-dev restarts an app when its files change: watching is on unless the file says where. */
function watched(spec: AppSpec): AppSpec {
  return dev && spec.watch === false ? { ...spec, watch: [spec.cwd] } : spec;
}

/** In a container the app output is the log: files under TEND_HOME only when the spec names them. */
function toConsole(spec: AppSpec): AppSpec {
  return { ...spec, out_file: spec.out_file ?? '/dev/null', error_file: spec.error_file ?? '/dev/null' };
}

async function run(target: string, scriptArgs: string[], options: RuntimeOptions): Promise<number> {
  const home = (dev ? undefined : process.env.TEND_HOME) ?? mkdtempSync(join(tmpdir(), `${name}-`));
  const embedded = await startEmbeddedDaemon(homePaths(home));
  const client = await DaemonClient.connect({ home, autoStart: false });
  const only = splitList(options.only);
  const desired = isEcosystemFile(target)
    ? await desiredFromFile(target, { ...(options.env ? { env: options.env } : {}), ...(options.only ? { only: options.only } : {}) })
    : { source: 'cli', specs: desiredFromScript(target, scriptArgs, {}) };
  const specs = desired.specs.map((spec) => watched(toConsole(spec)));

  let exitCode = 0;
  let stopping = false;
  const finished = new Promise<void>((resolve) => {
    const stop = (code: number): void => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      // Keep streaming until the apps are down, so their last lines (shutdown messages) show.
      void embedded.stop().then(() => {
        client.close();
        resolve();
      });
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(0));
    void client.subscribe({ logs: true, lifecycle: true }, (event) => {
      if (event.type === 'log') {
        const line = formatLogLine(event.event, { color: false, ...(options.raw ? { raw: true } : {}), ...(options.json ? { json: true } : {}) });
        if (event.event.stream === 'err') process.stderr.write(`${line}\n`);
        else printLine(line);
        return;
      }
      if (event.type === 'lifecycle' && (event.event.kind === 'errored' || event.event.kind === 'exit')) {
        void embedded.daemon.processes.list().then((records) => {
          const alive = records.some((r) => ['online', 'launching', 'waiting restart', 'stopping'].includes(r.pm2_env.status));
          if (alive || stopping) return;
          const failed = records.some((r) => r.pm2_env.status === 'errored');
          printNotice(failed ? `${name}: every app has failed; exiting` : `${name}: every app has exited`);
          stop(failed ? 2 : 0);
        });
      }
    });
  });
  const { result } = await planAndApply(client, {
    source: desired.source,
    specs,
    mode: 'start',
    prune: false,
    holder: holderName(name),
    confirmed: true,
    ...(only ? { only } : {}),
  });
  if (result?.failed) {
    printNotice(`${name}: ${result.failed.app} failed to start: ${result.failed.error.message}`);
  }
  await finished;
  // tend-dev's home lives as long as the session (PM2's pm2-dev home is throwaway too).
  if (dev) rmSync(home, { recursive: true, force: true });
  // A start that failed (an app dying at start) leaves nothing running: that is a failure, not an exit.
  return result?.failed && exitCode === 0 ? 2 : exitCode;
}

const program = new Command(name)
  .description(dev ? 'run apps in the foreground, restarted when their files change (a home of its own)' : 'run apps in the foreground, for containers')
  .version(version, '-v, --version')
  .exitOverride();
program
  .command('start', { isDefault: true })
  .argument('<target>', 'ecosystem file or script')
  .argument('[args...]', 'script arguments (after --)')
  .option('--env <name>', 'use the env_<name> overlay of the file')
  .option('--only <apps>', 'only these apps')
  .option('--json', 'print app output as JSON lines')
  .option('--raw', 'print app output without a prefix')
  .action(async (target: string, args: string[], options: RuntimeOptions) => {
    process.exitCode = await run(target, args, options);
  });

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    // Commander has printed its own help, version or usage error.
    if (error instanceof CommanderError) process.exit(error.exitCode);
    printError(asTendError(error));
    process.exit(1);
  },
);
