// `tend deploy [file] <env> setup|update|revert [n]|curr|prev|list|exec <cmd>|[ref]` — PM2's deploy
// verbs over tend's release layout (docs/deploy.md).
import os from 'node:os';
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { execEverywhere } from '../../deploy/exec.js';
import { history } from '../../deploy/history.js';
import { notifyOutcome } from '../../deploy/notify.js';
import { checkPushed } from '../../deploy/local.js';
import { revert } from '../../deploy/revert.js';
import { setup } from '../../deploy/setup.js';
import { throwIfFailed, type DeployContext } from '../../deploy/session.js';
import { loadTarget, looksLikeEcosystemFile } from '../../deploy/target.js';
import { update } from '../../deploy/update.js';
import { deployProgress, printDeploySummary, printHistory } from '../views/deploy.js';
import { printLine, printWarning } from '../views/output.js';

interface DeployFlags {
  force?: boolean;
  forceUnlock?: boolean;
  parallel?: string;
  json?: boolean;
}

type Action =
  | { kind: 'setup' }
  | { kind: 'update'; ref?: string }
  | { kind: 'revert'; steps: number }
  | { kind: 'curr' | 'prev' | 'list' }
  | { kind: 'exec'; command: string };

function parseAction(words: readonly string[]): Action {
  const [verb, ...rest] = words;
  switch (verb) {
    case undefined:
    case 'update':
      return { kind: 'update' };
    case 'setup':
      return { kind: 'setup' };
    case 'revert': {
      const steps = rest[0] === undefined ? 1 : Number(rest[0]);
      if (!Number.isInteger(steps) || steps < 1) throw new TendError('E_USAGE', `revert takes a number of releases to go back (1 or more), not "${rest[0]}"`);
      return { kind: 'revert', steps };
    }
    case 'curr':
    case 'current':
      return { kind: 'curr' };
    case 'prev':
    case 'previous':
      return { kind: 'prev' };
    case 'list':
      return { kind: 'list' };
    case 'exec':
    case 'run':
      if (rest.length === 0) throw new TendError('E_USAGE', 'exec needs a command: tend deploy <env> exec "<command>"');
      return { kind: 'exec', command: rest.join(' ') };
    case 'ref':
      // PM2's spelling: `deploy <env> ref <ref>`.
      if (rest[0] === undefined) throw new TendError('E_USAGE', 'ref needs a ref to deploy');
      return { kind: 'update', ref: rest[0] };
    default:
      if (rest.length > 0) throw new TendError('E_USAGE', `unexpected "${rest.join(' ')}" after the ref ${verb}`);
      return { kind: 'update', ref: verb };
  }
}

function parseParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parallel = Number(value);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new TendError('E_USAGE', `--parallel takes a whole number of hosts (1 = one after another), not "${value}"`);
  return parallel;
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

  switch (action.kind) {
    case 'curr':
    case 'prev':
    case 'list': {
      const { outcomes, hosts } = await history(context);
      printHistory(action.kind, hosts, json);
      throwIfFailed(outcomes, action.kind);
      return;
    }
    case 'setup':
      return finish('setup', await setup(context), json);
    case 'update': {
      const outcomes = await update(context, { ...(action.ref === undefined ? {} : { ref: action.ref }), forceUnlock: flags.forceUnlock === true });
      await notifyOutcome(context, 'deploy', outcomes);
      return finish('deploy', outcomes, json);
    }
    case 'revert': {
      const outcomes = await revert(context, { steps: action.steps, forceUnlock: flags.forceUnlock === true });
      await notifyOutcome(context, 'revert', outcomes);
      return finish('revert', outcomes, json);
    }
    case 'exec':
      return finish('exec', await execEverywhere(context, action.command), json);
  }
}

function finish(verb: string, outcomes: Parameters<typeof printDeploySummary>[1], json: boolean): void {
  printDeploySummary(verb, outcomes, json);
  throwIfFailed(outcomes, verb);
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
