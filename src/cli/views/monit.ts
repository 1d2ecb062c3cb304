// `tend monit`: a full-screen dashboard drawn with ink (React for terminals). The process list
// with cpu/mem/status/restarts on top; the selected process's metadata and its app's live logs
// below. ↑/↓ or j/k select, PgUp/PgDn/g/G jump, q or Ctrl-C quit. Redrawn on resize; uses the
// alternate screen so the shell's scrollback is left as it was.
import React from 'react';
import { Box, Text, render, useApp, useInput, useStdout } from 'ink';
import { asTendError } from '../../errors/index.js';
import type { DaemonEvent, ProcessRecord } from '../../protocol/messages.js';
import { LogBuffer, fit, hiddenNote, layoutFor, metadata, processHeading, processRow, recordEvent, scrollStart, type LogEntry } from './monit-model.js';

const h = React.createElement;

export interface MonitSource {
  list(): Promise<ProcessRecord[]>;
  /** Streams log and lifecycle events; returns a function that stops the stream. */
  subscribe(listener: (event: DaemonEvent) => void): Promise<() => void>;
  /** The last lines of a log file (empty when it does not exist). */
  tail(path: string, count: number): Promise<string[]>;
}

const refreshMs = 1000;
/** Log lines arrive in bursts: redraw at most this often. */
const logRedrawMs = 100;
const tailLines = 40;

function statusColor(status: string): string {
  if (status === 'online') return 'green';
  if (status === 'errored') return 'red';
  if (status === 'stopped') return 'gray';
  return 'yellow';
}

function logColor(entry: LogEntry): { color?: string } {
  if (entry.kind === 'err') return { color: 'red' };
  if (entry.kind === 'event') return { color: 'cyan' };
  return {};
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = React.useState(read);
  React.useEffect(() => {
    const onResize = (): void => {
      // Clear first: the terminal may have rewrapped the previous frame at the old width.
      stdout.write('\x1b[2J\x1b[H');
      setSize(read());
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

interface DashboardProps {
  source: MonitSource;
  onFailure: (error: unknown) => void;
}

function Dashboard({ source, onFailure }: DashboardProps): React.ReactElement {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [records, setRecords] = React.useState<ProcessRecord[]>([]);
  const [selectedId, setSelectedId] = React.useState<number | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const [, setLogVersion] = React.useState(0);
  const buffer = React.useRef(new LogBuffer());
  const tailed = React.useRef(new Set<string>());
  const recordsRef = React.useRef<ProcessRecord[]>([]);

  React.useEffect(() => {
    let stopped = false;
    let redraw: NodeJS.Timeout | null = null;
    let unsubscribe: (() => void) | null = null;
    const refresh = (): void => {
      source.list().then(
        (list) => {
          if (stopped) return;
          recordsRef.current = list;
          setRecords(list);
        },
        (error: unknown) => {
          if (!stopped) onFailure(error);
        },
      );
    };
    const multiInstance = (name: string): boolean => recordsRef.current.filter((r) => r.name === name).length > 1;
    source
      .subscribe((event) => {
        const message = recordEvent(buffer.current, event, multiInstance);
        if (message !== null) setNotice(message);
        redraw ??= setTimeout(() => {
          redraw = null;
          setLogVersion((version) => version + 1);
        }, logRedrawMs);
      })
      .then(
        (stop) => {
          if (stopped) stop();
          else unsubscribe = stop;
        },
        (error: unknown) => onFailure(error),
      );
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (redraw) clearTimeout(redraw);
      unsubscribe?.();
    };
  }, [source, onFailure]);

  const index = Math.max(
    0,
    records.findIndex((r) => r.pm_id === selectedId),
  );
  const selected = records[index];

  // The first time an app is selected, its files give the lines logged before the dashboard opened.
  React.useEffect(() => {
    if (!selected || tailed.current.has(selected.name)) return;
    const name = selected.name;
    tailed.current.add(name);
    const instances = records.filter((r) => r.name === name);
    // Instances sharing a file (merge_logs) are read once; lines of several files carry their id.
    const files = new Map<string, { kind: LogEntry['kind']; prefix: string }>();
    for (const r of instances) {
      const prefix = instances.length > 1 ? `${r.pm_id}| ` : '';
      for (const [path, kind] of [
        [r.pm2_env.pm_out_log_path, 'out'],
        [r.pm2_env.pm_err_log_path, 'err'],
      ] as const) {
        if (typeof path === 'string' && path !== '/dev/null' && !files.has(path)) files.set(path, { kind, prefix });
      }
    }
    void Promise.all(
      [...files].map(async ([path, { kind, prefix }]) => (await source.tail(path, tailLines).catch(() => [])).map((text) => ({ text: prefix + text, kind }))),
    ).then((parts) => {
      buffer.current.prepend(name, parts.flat());
      setLogVersion((version) => version + 1);
    });
  }, [selected, records, source]);

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      exit();
      return;
    }
    if (records.length === 0) return;
    const page = Math.max(1, layoutFor(columns, rows, records.length).listRows);
    let next = index;
    if (key.upArrow || input === 'k') next = index - 1;
    else if (key.downArrow || input === 'j') next = index + 1;
    else if (key.pageUp) next = index - page;
    else if (key.pageDown) next = index + page;
    else if (input === 'g') next = 0;
    else if (input === 'G') next = records.length - 1;
    next = Math.min(records.length - 1, Math.max(0, next));
    setSelectedId(records[next]?.pm_id ?? null);
  });

  const layout = layoutFor(columns, rows, records.length);
  const now = Date.now();
  const listInner = layout.columns - 2;
  const start = scrollStart(records.length, index, layout.listRows);
  const visible = records.slice(start, start + layout.listRows);
  const metaInner = layout.metaWidth - 2;
  const labelWidth = 12;
  const logsInner = layout.logsWidth - 2;

  const title = h(
    Box,
    { width: layout.columns, height: 1 },
    h(
      Text,
      { bold: true, wrap: 'truncate' },
      fit(` tend monit — ${records.length} process${records.length === 1 ? '' : 'es'}${hiddenNote(records.length, visible.length)}`, layout.columns),
    ),
  );
  const list = h(
    Box,
    { flexDirection: 'column', borderStyle: 'round', borderColor: 'cyan', width: layout.columns, height: layout.listHeight },
    h(Text, { bold: true, wrap: 'truncate' }, processHeading(listInner)),
    ...(records.length === 0
      ? [h(Text, { key: 'none', dimColor: true, wrap: 'truncate' }, fit('No apps. Start one with `tend start app.js`.', listInner))]
      : visible.map((record) => {
          const isSelected = record.pm_id === selected?.pm_id;
          return h(
            Text,
            { key: String(record.pm_id), inverse: isSelected, color: statusColor(record.pm2_env.status), wrap: 'truncate' },
            processRow(record, listInner, now),
          );
        })),
  );
  const meta = h(
    Box,
    { flexDirection: 'column', borderStyle: 'round', borderColor: 'cyan', width: layout.metaWidth, height: layout.bottomHeight },
    ...(selected ? metadata(selected, now) : [])
      .slice(0, layout.logRows)
      .map(([label, value]) =>
        h(Text, { key: label, wrap: 'truncate' }, h(Text, { dimColor: true }, fit(label, labelWidth)), fit(value, metaInner - labelWidth)),
      ),
  );
  const logLines = selected ? buffer.current.last(selected.name, layout.logRows) : [];
  const logs = h(
    Box,
    { flexDirection: 'column', borderStyle: 'round', borderColor: 'cyan', width: layout.logsWidth, height: layout.bottomHeight },
    ...logLines.map((entry, i) => h(Text, { key: String(i), ...logColor(entry), wrap: 'truncate' }, fit(entry.text, logsInner))),
  );
  const help = notice ?? '↑/↓ j/k select · PgUp/PgDn · g/G first/last · q quit';
  const footer = h(
    Box,
    { width: layout.columns, height: 1 },
    h(Text, { ...(notice === null ? { dimColor: true } : { color: 'yellow' }), wrap: 'truncate' }, fit(` ${help}`, layout.columns)),
  );
  return h(Box, { flexDirection: 'column', width: layout.columns, height: layout.height }, title, list, h(Box, { flexDirection: 'row' }, meta, logs), footer);
}

/** Runs the dashboard until the user quits; rejects when the daemon goes away. */
export async function runMonitDashboard(source: MonitSource): Promise<void> {
  const stdout = process.stdout;
  let failure: unknown = null;
  stdout.write('\x1b[?1049h\x1b[H');
  try {
    const app = render(
      h(Dashboard, {
        source,
        onFailure: (error: unknown) => {
          failure = error;
          app.unmount();
        },
      }),
      { exitOnCtrlC: false, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    stdout.write('\x1b[?1049l');
  }
  if (failure !== null) throw asTendError(failure);
}
