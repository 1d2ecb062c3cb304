// `tend deploy [file] <env> setup|update|revert [n]|curr|prev|list|exec <cmd>|[ref]` — PM2's deploy
// verbs over tend's release layout (docs/deploy.md).
import os from 'node:os';
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { checkPushed } from '../../deploy/local.js';
import { throwIfFailed, type DeployContext } from '../../deploy/session.js';
import { loadTarget, looksLikeEcosystemFile } from '../../deploy/target.js';
import { parseAction, parseParallel, performDeploy } from '../../deploy/action.js';
import { deployProgress, printDeploySummary, printHistory } from '../views/deploy.js';
import { printLine, printWarning } from '../views/output.js';

interface DeployFlags {
  force?: boolean;
  forceUnlock?: boolean;
  parallel?: string;
  json?: boolean;
}

/**
 * Ctrl-C during a deploy cancels it rather than killing tend: remote hooks are stopped, locks given
 * back and the outcome recorded before the command ends. A second Ctrl-C quits at once.
 */
function cancelOnInterrupt(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const second = (): void => {
    process.off('SIGINT', second);
    process.kill(process.pid, 'SIGINT');
  };
  const first = (): void => {
    printWarning('cancelling: stopping remote steps and giving back the locks (Ctrl-C again to quit at once)');
    controller.abort();
    process.on('SIGINT', second);
  };
  process.once('SIGINT', first);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', first);
      process.off('SIGINT', second);
    },
  };
}

async function run(words: readonly string[], flags: DeployFlags): Promise<void> {
  const cancellation = cancelOnInterrupt();
  try {
    await deploy(words, flags, cancellation.signal);
  } finally {
    cancellation.release();
  }
}

async function deploy(words: readonly string[], flags: DeployFlags, signal: AbortSignal): Promise<void> {
  const cwd = process.cwd();
  const [first, ...others] = words;
  if (first === undefined)
    throw new TendError('E_USAGE', 'which environment? tend deploy [file] <env> [setup|update|revert [n]|curr|prev|list|exec <cmd>|<ref>]');
  const fileGiven = looksLikeEcosystemFile(first, cwd);
  const [env, ...actionWords] = fileGiven ? others : words;
  if (env === undefined) throw new TendError('E_USAGE', 'which environment? tend deploy <file> <env> …');
  const action = parseAction(actionWords);
  const parallel = parseParallel(flags.parallel);
  const json = flags.json === true;

  const loaded = await loadTarget(fileGiven ? first : undefined, env, cwd);
  for (const warning of loaded.target.warnings) printWarning(warning);
  if (action.kind === 'update' && flags.force !== true) {
    if (loaded.workTree === undefined) printWarning(`${loaded.target.file} is not in a git work tree: not checking that what you deploy is pushed`);
    else await checkPushed(loaded.workTree);
  }

  const user = os.userInfo().username;
  const machine = os.hostname();
  const context: DeployContext = {
    target: loaded.target,
    listen: deployProgress(loaded.target.hosts.map((host) => host.label).concat('local'), json),
    now: () => new Date(),
    by: `${user}@${machine}`,
    machine,
    command: ['tend', 'deploy', ...words].join(' '),
    ecosystemInRepo: loaded.ecosystemInRepo,
    ...(parallel === undefined ? {} : { parallel }),
    signal,
  };

  const run = await performDeploy(context, action, { forceUnlock: flags.forceUnlock === true });
  if (run.hosts !== undefined && (action.kind === 'curr' || action.kind === 'prev' || action.kind === 'list')) printHistory(action.kind, run.hosts, json);
  else printDeploySummary(run.verb, run.outcomes, json);
  throwIfFailed(run.outcomes, run.verb);
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description('deploy over SSH: setup, update, revert [n], curr, prev, list, exec <cmd>, or a ref')
    .argument('<words...>', '[file] <env> [setup|update|revert [n]|curr|prev|list|exec <cmd>|<ref>]')
    .option('-F, --force', 'deploy even if the local repository has uncommitted or unpushed changes')
    .option('--force-unlock', 'break a lock held by another deploy (see its holder in the error)')
    .option('--parallel <n>', "hosts deployed at once (1 = one after another; default: the env's `parallel`, or all)")
    .option('--json', 'print the result as JSON (progress goes to stderr)')
    .action(async (words: string[], flags: DeployFlags, command: Command) => {
      // PM2's `deploy help` (the guide's line): the usage, not an environment named "help".
      const [first, second] = words;
      const env = first !== undefined && looksLikeEcosystemFile(first, process.cwd()) ? second : first;
      if (env === 'help' && words.length <= 2) printLine(command.helpInformation().trimEnd());
      else await run(words, flags);
    });
}
