// `tend monit` (PM2's monit / dashboard): a live terminal dashboard of every process.
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { readLastLines } from '../../workspace/log-files.js';
import { withDaemon } from '../daemon-session.js';

export function register(program: Command): void {
  program
    .command('monit')
    .aliases(['dashboard', 'dash', 'imonit'])
    .description('live dashboard: processes with cpu/mem/status/restarts, the selected app’s logs and metadata')
    .action(async () => {
      if (!process.stdout.isTTY || !process.stdin.isTTY) throw new TendError('E_MONIT_TTY', 'tend monit needs an interactive terminal');
      // ink draws nothing until exit when it believes it runs in CI; on a terminal the dashboard is interactive.
      process.env.CI = 'false';
      const { runMonitDashboard } = await import('../views/monit.js');
      await withDaemon((client) =>
        runMonitDashboard({
          list: () => client.request('list', {}),
          subscribe: (listener) => client.subscribe({ logs: true, lifecycle: true }, listener),
          tail: (path, count) => readLastLines(path, count),
        }),
      );
    });
}
