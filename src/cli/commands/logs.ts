// `tend logs [target]`: the last N lines of each log file, then live lines from the daemon's event
// stream (until Ctrl-C, or right away with --nostream). Works for stopped apps too (files remain).
import type { Command } from 'commander';
import { TendError } from '../../errors/index.js';
import { readDaemonLog, readLastLines } from '../../workspace/log-files.js';
import type { ProcessRecord } from '../../protocol/messages.js';
import { withDaemon } from '../daemon-session.js';
import { matchRecords } from '../records.js';
import { resolveScriptTargets } from '../../workspace/script-targets.js';
import { useColor } from '../views/format.js';
import {
  DEFAULT_TIMESTAMP_FORMAT,
  formatDaemonLine,
  formatLifecycleLine,
  formatLogLine,
  formatTailHeading,
  nameWidthOf,
  type LogViewOptions,
} from '../../format/log-lines.js';
import { printLine, printNotice } from '../views/output.js';

interface LogsOptions {
  lines: string;
  raw?: boolean;
  json?: boolean;
  timestamp?: string | boolean;
  err?: boolean;
  out?: boolean;
  nostream?: boolean;
  highlight?: string | boolean;
  daemon?: boolean;
}

function select(records: ProcessRecord[], target: string | undefined): ProcessRecord[] {
  if (target === undefined || target === 'all') return records;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(target);
  if (regex?.[1]) {
    const pattern = new RegExp(regex[1], regex[2]);
    return records.filter((r) => pattern.test(r.name));
  }
  return matchRecords(records, resolveScriptTargets([target])[0] ?? target);
}

export function register(program: Command): void {
  program
    .command('logs')
    .alias('log')
    .description('show and follow app logs (or the daemon log with --daemon)')
    .argument('[target]', 'id, name, script path, namespace, all or /regex/ (default: all)')
    .option('--lines <n>', 'lines to show from each file', '15')
    .option('--raw', 'the text alone, no prefix')
    .option('--json', 'one JSON object per line')
    .option('--timestamp [format]', 'prefix live lines with their time (dayjs format)')
    .option('--err', 'only the error stream')
    .option('--out', 'only the output stream')
    .option('--nostream', 'print the tail and exit')
    .option('--highlight [word]', 'highlight a word')
    .option('--daemon', "tend's own log (TEND_HOME/tend.log)")
    .action(async (target: string | undefined, options: LogsOptions) => {
      const lines = Number(options.lines);
      if (!Number.isInteger(lines) || lines < 0) throw new TendError('E_USAGE', `--lines must be a whole number, not '${options.lines}'`);
      const view: LogViewOptions = {
        color: useColor(),
        ...(options.raw ? { raw: true } : {}),
        ...(options.json ? { json: true } : {}),
        ...(options.timestamp ? { timestamp: typeof options.timestamp === 'string' ? options.timestamp : DEFAULT_TIMESTAMP_FORMAT } : {}),
        ...(typeof options.highlight === 'string' ? { highlight: options.highlight } : {}),
      };
      const wantOut = !options.err || options.out === true;
      const wantErr = !options.out || options.err === true;
      await withDaemon(async (client) => {
        if (options.daemon || target === 'TEND' || target === 'PM2') {
          for (const line of await readDaemonLog(client.paths.daemonLog, lines)) printLine(formatDaemonLine(line, view));
          if (options.daemon) return;
        }
        const records = select(await client.request('list', {}), target);
        if (target !== undefined && target !== 'all' && records.length === 0) throw new TendError('E_APP_NOT_FOUND', `no app matches '${target}'`);
        if (records.length === 0) {
          // Nothing to tail and nothing would ever stream: say so instead of waiting forever.
          printNotice('no apps yet: start one with `tend start <script|file>`, or see the daemon log with `tend logs --daemon`');
          return;
        }
        const width = nameWidthOf(records.map((r) => r.name));
        const shown = new Set<string>();
        for (const record of records) {
          const files: Array<['out' | 'err', unknown]> = [];
          if (wantOut) files.push(['out', record.pm2_env.pm_out_log_path]);
          if (wantErr) files.push(['err', record.pm2_env.pm_err_log_path]);
          for (const [stream, path] of files) {
            if (typeof path !== 'string' || path === '/dev/null' || shown.has(path) || lines === 0) continue;
            shown.add(path);
            const tail = await readLastLines(path, lines).catch(() => []);
            const heading = formatTailHeading(path, lines, view);
            if (heading) printLine(heading);
            for (const line of tail) printLine(formatLogLine({ pm_id: record.pm_id, name: record.name, stream, line }, { ...view, nameWidth: width }));
          }
        }
        if (options.nostream) return;
        const ids = new Set(records.map((r) => r.pm_id));
        const everything = target === undefined || target === 'all';
        // A reader that does not keep up (a pager, `| sleep`) stops us reading; the daemon then drops
        // lines for us (bounded memory on both sides) and says how many.
        let paused = false;
        const keepPace = (): void => {
          if (paused || !process.stdout.writableNeedDrain) return;
          paused = true;
          client.pause();
          process.stdout.once('drain', () => {
            paused = false;
            client.resume();
          });
        };
        await client.subscribe({ logs: true, lifecycle: true }, (event) => {
          if (event.type === 'daemon') printNotice(`tend: ${event.event.message}`);
          if (event.type === 'lifecycle' && (everything || ids.has(event.event.pm_id))) {
            const shown = formatLifecycleLine(event.event, view);
            if (shown !== null) printLine(shown);
          }
          if (event.type !== 'log') return;
          const line = event.event;
          if (!everything && !ids.has(line.pm_id)) return;
          if ((line.stream === 'out' && !wantOut) || (line.stream === 'err' && !wantErr)) return;
          printLine(formatLogLine(line, { ...view, nameWidth: Math.max(width, line.name.length) }));
          keepPace();
        });
        await client.waitClosed();
      });
    });
}
