// PM2's deploy(file, commands, cb): the deploy verbs of `tend deploy` (setup, update, revert [n],
// curr, prev, list, exec <cmd>, a ref), run without printing. `commands` is PM2's commander object
// (`{ rawArgs: [..., 'deploy', file, env, ...verb] }`) or tend's shorter list of words after the file.
import os from 'node:os';
import { TendError } from '../errors/index.js';
import { parseAction, parseParallel, performDeploy, type DeployRun } from '../deploy/action.js';
import { checkPushed } from '../deploy/local.js';
import { throwIfFailed } from '../deploy/session.js';
import { loadTarget, looksLikeEcosystemFile } from '../deploy/target.js';
import type { DeployEvent } from '../deploy/events.js';
import type { Session } from './session.js';
import type { DeployCommands } from './types.js';

/** The run, the deploy section's warnings (what `tend deploy` prints first) and every event, in order. */
type DeployResult = DeployRun & { warnings: string[]; events: DeployEvent[] };

/** The ecosystem file (undefined: the default one) and the words after it: `<env> [verb...]`. */
function wordsOf(file: string, commands: DeployCommands | undefined, cwd: string): { fileArg: string | undefined; words: string[]; flags: string[] } {
  const isFile = looksLikeEcosystemFile(file, cwd);
  let given: string[];
  if (Array.isArray(commands)) given = commands.map(String);
  else if (typeof commands === 'string') given = [commands];
  else if (commands !== undefined && Array.isArray(commands.rawArgs)) {
    const raw = commands.rawArgs.map(String);
    // PM2 keeps what follows `deploy` on the command line, the file included when one was given.
    const after = raw.slice(raw.indexOf('deploy') + 1);
    given = isFile && after[0] !== undefined && looksLikeEcosystemFile(after[0], cwd) ? after.slice(1) : after;
    if (!isFile && given[0] === file) given = given.slice(1);
  } else given = [];
  const words = given.filter((word) => !word.startsWith('--'));
  const flags = given.filter((word) => word.startsWith('--'));
  return isFile ? { fileArg: file, words, flags } : { fileArg: undefined, words: [file, ...words], flags };
}

export async function deploy(session: Session, file: unknown, commands: DeployCommands | undefined): Promise<DeployResult | undefined> {
  if (typeof file !== 'string' || file === '')
    throw new TendError('E_USAGE', 'deploy takes (file, commands, [callback]): the ecosystem file, then { rawArgs } or [env, ...verb]');
  // PM2 prints its deploy guide for `help` and calls back with nothing.
  if (file === 'help') return undefined;
  const { fileArg, words, flags } = wordsOf(file, commands, session.cwd);
  const [env, ...verb] = words;
  if (env === undefined || env === 'help') throw new TendError('E_USAGE', 'which environment? deploy(file, [env, ...verb]) or deploy(file, { rawArgs })');
  const options = typeof commands === 'object' && !Array.isArray(commands) ? commands : {};
  const action = parseAction(verb);
  const parallel = parseParallel(options.parallel === undefined ? undefined : String(options.parallel));
  const loaded = await loadTarget(fileArg, env, session.cwd);
  const force = options.force === true || flags.includes('--force');
  if (action.kind === 'update' && !force && loaded.workTree !== undefined) await checkPushed(loaded.workTree);
  const events: DeployEvent[] = [];
  const machine = os.hostname();
  const run = await performDeploy(
    {
      target: loaded.target,
      listen: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
      now: () => new Date(),
      by: `${os.userInfo().username}@${machine}`,
      machine,
      command: ['tend', 'deploy', ...(fileArg === undefined ? [] : [fileArg]), ...words].join(' '),
      ecosystemInRepo: loaded.ecosystemInRepo,
      ...(parallel === undefined ? {} : { parallel }),
    },
    action,
    { forceUnlock: options.forceUnlock === true || flags.includes('--force-unlock') },
  );
  throwIfFailed(run.outcomes, run.verb);
  return { ...run, warnings: [...loaded.target.warnings], events };
}
