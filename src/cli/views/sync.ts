// Views of git sync: the source table, one source's status, its history, and a sync's progress,
// plan and result (what `git push` shows through the post-receive hook).
import Table from 'cli-table3';
import type { Progress } from '../../protocol/messages.js';
import type { SourceView, StepLine, SyncRecord, SyncRunResult, SyncStatus } from '../../protocol/sync.js';
import { actionInfo } from '../../reconciler/vocabulary.js';
import { formatDuration, paint, useColor } from './format.js';
import { printJson, printLine, printNotice } from './output.js';
import { renderPlanHuman } from '../../format/plan.js';

function short(revision: string | null): string {
  return revision === null ? '-' : revision.slice(0, 12);
}

function colorSyncStatus(status: SyncStatus): string {
  if (status === 'synced') return paint.green(status);
  if (status === 'failed') return paint.red(status);
  if (status === 'progressing') return paint.cyan(status);
  return paint.yellow(status);
}

function ago(at: number | null, now: number): string {
  return at === null ? '-' : `${formatDuration(now - at)} ago`;
}

export function renderSourceTable(sources: readonly SourceView[], now: number): string {
  const table = new Table({
    head: ['name', 'status', 'revision', 'ref', 'auto-sync', 'last sync', 'message'],
    style: { head: useColor() ? ['cyan', 'bold'] : [], border: useColor() ? ['grey'] : [] },
  });
  for (const source of sources) {
    const auto = source.suspended ? 'suspended' : source.config.interval > 0 ? `every ${formatDuration(source.config.interval)}` : 'push/webhook';
    table.push([
      paint.bold(source.name),
      colorSyncStatus(source.status),
      short(source.revision),
      source.config.ref,
      auto,
      ago(source.lastSyncAt, now),
      source.message,
    ]);
  }
  return table.toString();
}

export function printSources(sources: readonly SourceView[], json: boolean): void {
  if (json) return printJson(sources);
  if (sources.length === 0) return printLine('No sync sources. Add one with `tend sync add <name> --repo <url|path>`.');
  printLine(renderSourceTable(sources, Date.now()));
}

export function renderSourceStatus(source: SourceView, now: number): string {
  const { config } = source;
  const lines = [
    `${paint.bold(source.name)}  ${colorSyncStatus(source.status)}${source.suspended ? paint.yellow('  (auto-sync suspended)') : ''}`,
    `  repo       ${config.repo}  ref ${config.ref}  file ${config.path || '(default names)'}${config.env ? `  env ${config.env}` : ''}`,
    `  revision   ${short(source.revision)}${source.subject ? `  ${source.subject}` : ''}${source.appliedAt ? `  (applied ${ago(source.appliedAt, now)})` : ''}`,
    `  head       ${short(source.head)}`,
    `  sync       ${config.interval > 0 ? `every ${formatDuration(config.interval)}` : 'on push/webhook only'}${source.nextSyncAt ? `, next in ${formatDuration(source.nextSyncAt - now)}` : ''}; prune ${config.prune ? 'on' : 'off'}; self-heal ${config.selfHeal ? 'on' : 'off'}; approval ${config.approval ?? 'auto'}${config.build ? `; build \`${config.build}\`` : ''}`,
    `  message    ${source.message}`,
  ];
  if (source.failure)
    lines.push(
      paint.red(`  failed     at ${source.failure.step}${source.failure.revision ? ` (${short(source.failure.revision)})` : ''}: ${source.failure.message}`),
    );
  for (const item of source.drift) lines.push(paint.yellow(`  drift      ${item.app}: ${item.detail}`));
  if (source.pending) {
    const { pending } = source;
    lines.push(
      paint.yellow(
        `  pending    ${short(pending.revision)}  ${pending.subject}  (fetched ${ago(pending.at, now)}; \`tend sync now ${source.name} --revision ${short(pending.revision)}\` applies it)`,
      ),
    );
    for (const step of pending.steps) lines.push(`             ${stepText(step)}`);
  }
  for (const app of source.apps) lines.push(`  app        ${app.name}  ${app.running}/${app.instances} running`);
  return lines.join('\n');
}

export function printStatus(sources: readonly SourceView[], json: boolean): void {
  if (json) return printJson(sources);
  if (sources.length === 0) return printLine('No sync sources.');
  const now = Date.now();
  printLine(sources.map((source) => renderSourceStatus(source, now)).join('\n\n'));
}

function summaryText(record: SyncRecord): string {
  const summary = record.summary;
  if (summary === null) return '';
  const parts = (['create', 'scale', 'reload', 'restart', 'replace', 'live', 'delete'] as const)
    .filter((action) => summary[action] > 0)
    .map((action) => `${summary[action]} ${action}`);
  return parts.length === 0 ? 'no change' : parts.join(', ');
}

/** One kept plan step: `~ reload api (spec-changed, drift-reverted)`. */
function stepText(step: StepLine): string {
  return `${actionInfo[step.action].symbol} ${step.action} ${step.app} (${step.reasons.join(', ')})`;
}

export function printSyncHistory(records: readonly SyncRecord[], json: boolean): void {
  if (json) return printJson(records.map((record) => ({ ...record, at: new Date(record.at).toISOString() })));
  if (records.length === 0) return printLine('No syncs recorded yet.');
  for (const record of records) {
    const outcome =
      record.outcome === 'failed'
        ? paint.red(`failed at ${record.step ?? '?'}`)
        : record.outcome === 'applied'
          ? paint.green('applied')
          : paint.yellow(record.outcome);
    printLine(
      `${new Date(record.at).toISOString()}  ${short(record.revision)}  ${outcome.padEnd(12)}  ${record.trigger.padEnd(8)}  ${summaryText(record)}${record.subject ? `  "${record.subject}"` : ''}`,
    );
    if (record.outcome === 'failed' || record.outcome === 'self-healed' || record.message.includes('reverted drift'))
      printLine(paint.dim(`    ${record.message}`));
    for (const step of record.steps ?? []) printLine(paint.dim(`    ${stepText(step)}`));
  }
}

export function printSyncProgress(progress: Progress): void {
  const text =
    progress.total === 0
      ? `${progress.action}: ${progress.message}`
      : `[${progress.step}/${progress.total}] ${progress.action} ${progress.app}: ${progress.message}`;
  printNotice(paint.dim(`tend sync: ${text}`));
}

export function printRunResult(result: SyncRunResult, json: boolean): void {
  if (json) return printJson(result);
  const name = result.source.name;
  if (result.plan !== null && (result.plan.steps.length > 0 || result.outcome === 'applied' || result.outcome === 'preview' || result.outcome === 'pending')) {
    printLine(`Plan for ${name} at ${short(result.revision)}${result.source.subject && result.outcome === 'applied' ? ` (${result.source.subject})` : ''}:`);
    printLine(renderPlanHuman(result.plan, { color: useColor(), sourceLabel: `sync:${name}` }));
  }
  const line = `${name}: ${result.message}`;
  if (result.outcome === 'failed') printLine(paint.red(line));
  else if (result.outcome === 'applied' || result.outcome === 'self-healed') printLine(paint.green(line));
  else if (result.outcome === 'drift' || result.outcome === 'skipped' || result.outcome === 'pending') printLine(paint.yellow(line));
  else printLine(line);
  printLine(`status: ${colorSyncStatus(result.source.status)} — ${result.source.message}`);
}
