// Deploy output: one line per step per host with its elapsed time, hook output prefixed by host,
// a per-host summary, and the release lists of curr/prev/list.
import type { DeployEvent, HostOutcome } from '../../deploy/events.js';
import type { HostHistory } from '../../deploy/history.js';
import { paint } from './format.js';
import { printJson, printLine, printNotice } from './output.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Prints deploy events as they come (to stderr when stdout carries JSON), host names padded to one width. */
export function deployProgress(hostLabels: readonly string[], json: boolean): (event: DeployEvent) => void {
  const line = json ? printNotice : printLine;
  const width = Math.max(5, ...hostLabels.map((label) => label.length));
  const prefix = (host: string): string => paint.cyan(host.padEnd(width));
  return (event) => {
    switch (event.type) {
      case 'step': {
        const mark = event.ok ? paint.green('✓') : paint.red('✗');
        const detail = event.detail === undefined ? '' : `  ${event.ok ? paint.dim(event.detail) : event.detail}`;
        line(`${prefix(event.host)} ${mark} ${event.step.padEnd(16)} ${seconds(event.ms).padStart(6)}${detail}`);
        break;
      }
      case 'output':
        line(`${prefix(event.host)} ${paint.dim('|')} ${event.line}`);
        break;
      case 'notice':
        printNotice(`${event.host === undefined ? '' : `${event.host}: `}${event.message}`);
        break;
    }
  };
}

export function printDeploySummary(verb: string, outcomes: readonly HostOutcome[], json: boolean): void {
  if (json) {
    printJson({
      verb,
      hosts: outcomes.map(({ host, ok, summary, error }) => ({ host, ok, summary, ...(error === undefined ? {} : { error: error.toJSON() }) })),
    });
    return;
  }
  const width = Math.max(5, ...outcomes.map((outcome) => outcome.host.length));
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  printLine();
  printLine(paint.bold(`${verb}: ${outcomes.length - failed} of ${outcomes.length} host${outcomes.length === 1 ? '' : 's'} ok`));
  for (const outcome of outcomes) {
    const status = outcome.ok ? paint.green('ok    ') : paint.red('failed');
    printLine(`  ${outcome.host.padEnd(width)}  ${status}  ${outcome.summary}${outcome.error ? ` [${outcome.error.code}]` : ''}`);
  }
}

export type HistoryView = 'curr' | 'prev' | 'list';

export function printHistory(view: HistoryView, hosts: readonly HostHistory[], json: boolean): void {
  if (json) {
    printJson(
      hosts.map((host) =>
        view === 'list' ? host : { host: host.host, release: view === 'curr' ? (host.current ?? null) : (host.previous ?? null), ...releaseFields(host, view) },
      ),
    );
    return;
  }
  for (const host of hosts) {
    if (view !== 'list') {
      const name = view === 'curr' ? host.current : host.previous;
      const release = host.releases.find((entry) => entry.release === name);
      const text =
        name === undefined
          ? paint.dim(view === 'curr' ? 'nothing deployed' : 'no earlier good release')
          : `${name}  ${release ? `${release.sha.slice(0, 12)}  ${release.ref}  ${release.time}  ${release.by}` : '(not in the record)'}`;
      printLine(`${paint.cyan(host.host)}  ${text}`);
      continue;
    }
    printLine(paint.bold(host.host));
    if (host.releases.length === 0) printLine(`  ${paint.dim('no releases recorded')}`);
    for (const release of [...host.releases].reverse()) {
      const status = release.status === 'good' ? paint.green('good   ') : release.status === 'failed' ? paint.red('failed ') : paint.yellow('pending');
      const marks = `${release.current ? '→' : ' '}`;
      const gone = release.present ? '' : paint.dim('  (removed)');
      const failedAt = release.failedStep ? paint.dim(`  at ${release.failedStep}`) : '';
      printLine(`  ${marks} ${release.release}  ${status}  ${release.sha.slice(0, 12)}  ${release.ref}  ${release.time}  ${release.by}${failedAt}${gone}`);
    }
  }
}

function releaseFields(host: HostHistory, view: 'curr' | 'prev'): Record<string, unknown> {
  const name = view === 'curr' ? host.current : host.previous;
  const release = host.releases.find((entry) => entry.release === name);
  return release === undefined ? {} : { sha: release.sha, ref: release.ref, time: release.time, by: release.by, status: release.status };
}
