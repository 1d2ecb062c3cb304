// PM2's `pull <app> [commit]`, `forward <app>`, `backward <app>`: move the git checkout the app runs
// from (pull, one commit ahead, one back) and reload the app when its code changed.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { backwardCheckout, forwardCheckout, pullCheckout, type Move } from '../../adapters/git/checkout.js';
import { withDaemon } from '../daemon-session.js';
import { finishAction } from '../target-command.js';
import { printLine } from '../views/output.js';

const moves: Record<string, { description: string; move: (dir: string, commit?: string) => Promise<Move> }> = {
  pull: { description: "git pull the app's checkout (or check out a commit) and reload it", move: pullCheckout },
  forward: { description: "move the app's checkout one commit toward its upstream and reload it", move: forwardCheckout },
  backward: { description: "move the app's checkout one commit back and reload it", move: backwardCheckout },
};

export function register(program: Command): void {
  for (const [verb, { description, move }] of Object.entries(moves)) {
    const command = program.command(verb).description(description).argument('<app>', 'app name');
    if (verb === 'pull') command.argument('[commit]', 'commit to check out instead of pulling');
    command.action(async (app: string, commit?: string) => {
      await withDaemon(async (client) => {
        const record = (await client.request('list', {})).find((candidate) => candidate.name === app);
        if (record === undefined) throw new TendError('E_APP_NOT_FOUND', `no app named '${app}'`);
        const dir = String(record.pm2_env.pm_cwd);
        const { from, to } = await move(dir, typeof commit === 'string' ? commit : undefined);
        if (from === to) {
          printLine(`${app}: already at ${to.slice(0, 7)} in ${dir}; nothing to reload`);
          return;
        }
        printLine(`${app}: ${dir} moved ${from.slice(0, 7)} → ${to.slice(0, 7)}`);
        await finishAction(client, 'reloaded', await client.request('reload', { targets: [app] }), {});
      });
    });
  }
}
