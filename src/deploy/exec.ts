// `tend deploy <env> exec <cmd>`: a command in `current` on every host, in a login shell.
import { TendError } from '../errors/index.js';
import { hookVars } from './activate.js';
import type { HostOutcome } from './events.js';
import { forEachHost, type DeployContext } from './session.js';

export async function execEverywhere(context: DeployContext, command: string): Promise<HostOutcome[]> {
  // Every host runs the command even if another fails: exec is for looking, not for rolling out.
  return forEachHost(
    context,
    async (run) => {
      const { connection, remote } = await run.connect();
      try {
        if ((await remote.readCurrent()) === undefined) throw new TendError('E_DEPLOY_NO_RELEASE', `${run.label}: nothing is deployed (no current release)`);
        await run.step('exec', () => remote.runHook('exec', command, remote.current, hookVars(context, remote, undefined)), { abortable: false });
        return 'ok';
      } finally {
        connection.close();
      }
    },
    { stopOnFailure: false },
  );
}
