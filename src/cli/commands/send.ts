// PM2's `send <target> <line>` (a line to the app's stdin) and `attach <target>` (the app's output
// here, each line typed here sent to its stdin, until Ctrl-D or Ctrl-C).
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { TendError } from '../../errors/index.js';
import { withDaemon } from '../daemon-session.js';
import { matchRecords } from '../records.js';
import { printActionResult } from '../views/actions.js';
import { formatLogLine } from '../../format/log-lines.js';
import { useColor } from '../views/format.js';
import { printLine, printNotice } from '../views/output.js';
import { resolveScriptTargets } from '../../workspace/script-targets.js';

export function register(program: Command): void {
  program
    .command('send')
    .description("write a line to an app's stdin")
    .argument('<target>', 'id, name, script path, namespace, all or /regex/')
    .argument('<line...>', 'the text (words are joined with spaces)')
    .action(async (target: string, words: string[]) => {
      const result = await withDaemon((client) => client.request('sendLine', { targets: resolveScriptTargets([target]), line: words.join(' ') }));
      printActionResult('sent a line to', result);
    });
  program
    .command('attach')
    .description("show an app's output and send what you type to its stdin (Ctrl-D or Ctrl-C ends)")
    .argument('<target>', 'id or name')
    .action(async (given: string) => {
      const [target = given] = resolveScriptTargets([given]);
      await withDaemon(async (client) => {
        const records = matchRecords(await client.request('list', {}), target);
        if (records.length === 0) throw new TendError('E_APP_NOT_FOUND', `no app matches '${given}'`);
        const ids = new Set(records.map((record) => record.pm_id));
        await client.subscribe({ logs: true }, (event) => {
          if (event.type === 'log' && ids.has(event.event.pm_id)) printLine(formatLogLine(event.event, { color: useColor() }));
        });
        printNotice(`attached to ${[...new Set(records.map((record) => record.name))].join(', ')}: lines you type go to its stdin (Ctrl-D ends)`);
        for await (const line of createInterface({ input: process.stdin })) {
          await client.request('sendLine', { targets: [target], line });
        }
      });
    });
}
