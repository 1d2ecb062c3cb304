// `tend deploy <env> setup`: pre-setup (local), the layout on every host, the mirror clone, post-setup (remote).
import path from 'node:path';
import { hookVars } from './activate.js';
import type { HostOutcome } from './events.js';
import { runLocalHook } from './local.js';
import { forEachHost, type DeployContext } from './session.js';

export async function setup(context: DeployContext): Promise<HostOutcome[]> {
  const { target } = context;
  const preSetup = target.hooks['pre-setup'];
  if (preSetup !== undefined) await runLocalHook('pre-setup', preSetup, path.dirname(target.file), target.vars, context.listen);
  return forEachHost(context, async (run) => {
    const { connection, remote } = await run.connect();
    try {
      await run.step('layout', () => remote.makeLayout(), { detail: () => remote.base });
      await run.step('clone', () => remote.cloneOrFetch(target.repo), { detail: () => target.repo });
      const postSetup = target.hooks['post-setup'];
      if (postSetup !== undefined)
        await run.step('post-setup', () => remote.runHook('post-setup', postSetup, remote.base, hookVars(context, remote, undefined)));
      return `set up ${remote.base}`;
    } finally {
      connection.close();
    }
  });
}
