// The words after `deploy <env>` (PM2's verbs: setup, update, revert [n], curr, prev, list, exec
// <cmd>, ref <ref>, or a bare ref), read the same for the CLI and the programmatic API.
import { TendError } from '../errors/index.js';
import { execEverywhere } from './exec.js';
import { history, type HostHistory } from './history.js';
import { notifyOutcome } from './notify.js';
import { revert } from './revert.js';
import { setup } from './setup.js';
import type { DeployContext } from './session.js';
import type { HostOutcome } from './events.js';
import { update } from './update.js';

export type DeployAction =
  | { kind: 'setup' }
  | { kind: 'update'; ref?: string }
  | { kind: 'revert'; steps: number }
  | { kind: 'curr' | 'prev' | 'list' }
  | { kind: 'exec'; command: string };

export function parseAction(words: readonly string[]): DeployAction {
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

export function parseParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parallel = Number(value);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new TendError('E_USAGE', `--parallel takes a whole number of hosts (1 = one after another), not "${value}"`);
  return parallel;
}

/** What one deploy action did: its verb, each host's outcome, and for curr/prev/list the releases. */
export interface DeployRun {
  verb: string;
  outcomes: HostOutcome[];
  hosts?: HostHistory[];
}

/** Runs `action` on every host of the context (deploys and reverts also notify). */
export async function performDeploy(context: DeployContext, action: DeployAction, options: { forceUnlock: boolean }): Promise<DeployRun> {
  switch (action.kind) {
    case 'curr':
    case 'prev':
    case 'list':
      return { verb: action.kind, ...(await history(context)) };
    case 'setup':
      return { verb: 'setup', outcomes: await setup(context) };
    case 'update': {
      const outcomes = await update(context, { ...(action.ref === undefined ? {} : { ref: action.ref }), forceUnlock: options.forceUnlock });
      await notifyOutcome(context, 'deploy', outcomes);
      return { verb: 'deploy', outcomes };
    }
    case 'revert': {
      const outcomes = await revert(context, { steps: action.steps, forceUnlock: options.forceUnlock });
      await notifyOutcome(context, 'revert', outcomes);
      return { verb: 'revert', outcomes };
    }
    case 'exec':
      return { verb: 'exec', outcomes: await execEverywhere(context, action.command) };
  }
}
