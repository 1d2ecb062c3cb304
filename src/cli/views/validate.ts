// `tend validate` output: a summary line, the normalized apps as YAML (like `docker compose config`) or JSON, and the
// problems of a file as `file:line:col path: message (value) — hint` lines.
import { isAbsolute, relative } from 'node:path';
import { inspect } from 'node:util';
import { stringify } from 'yaml';
import type { LoadedEcosystem } from '../../ecosystem/load.js';
import type { SpecProblem } from '../../ecosystem/problems.js';
import { redactEnv } from '../../ecosystem/redact.js';
import type { AppSpec } from '../../ecosystem/types.js';
import { printJson, printLine, printNotice, printRaw, printWarning } from './output.js';
import { paint } from './format.js';

/** A file path as short as it stays unambiguous: relative to the working directory when inside it. */
function displayFile(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

function displayValue(value: unknown): string {
  // A JavaScript file can hand over values JSON cannot show (BigInt, cycles): never fail on them.
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = inspect(value, { depth: 1, breakLength: Infinity });
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One problem on one line. */
export function formatProblem(problem: SpecProblem, cwd = process.cwd()): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.col ?? 1}`;
  const where = problem.file === undefined ? '' : `${displayFile(problem.file, cwd)}${position}`;
  const location = [where, problem.path].filter(Boolean).join(' ');
  const value = 'value' in problem ? ` (${displayValue(problem.value)})` : '';
  return `${location ? `${location}: ` : ''}${problem.message}${value} — ${problem.hint}`;
}

/** In file order (line, column) when positions are known; otherwise as found. */
export function sortProblems(problems: readonly SpecProblem[]): SpecProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.col ?? 0) - (b.col ?? 0));
}

export function printProblems(problems: readonly SpecProblem[]): void {
  for (const problem of sortProblems(problems)) {
    if (problem.severity === 'warning') printWarning(formatProblem(problem));
    else printNotice(`${paint.red('problem')}: ${formatProblem(problem)}`);
  }
}

export function printSpecWarnings(warnings: readonly SpecProblem[]): void {
  for (const warning of sortProblems(warnings)) printWarning(formatProblem(warning));
}

function shownApps(apps: readonly AppSpec[], showSecrets: boolean): AppSpec[] {
  return showSecrets ? [...apps] : apps.map((app) => ({ ...app, env: redactEnv(app.env) }));
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `quickstart.yaml is valid: 3 apps (api ×2, worker, heartbeat), no warnings`. */
export function validSummary(loaded: LoadedEcosystem, cwd = process.cwd()): string {
  const apps = loaded.apps.map((app) => (app.instances === 1 ? app.name : `${app.name} ×${app.instances}`));
  const warnings = loaded.warnings.length === 0 ? 'no warnings' : plural(loaded.warnings.length, 'warning');
  const deploy = loaded.deploy === null ? '' : `, deploy: ${Object.keys(loaded.deploy).join(', ')}`;
  return `${displayFile(loaded.file, cwd)} is valid: ${plural(apps.length, 'app')} (${apps.join(', ')})${deploy}, ${warnings}`;
}

export function printValidated(loaded: LoadedEcosystem, options: { json: boolean; verbose: boolean; showSecrets: boolean }): void {
  const apps = shownApps(loaded.apps, options.showSecrets);
  const document = { file: loaded.file, apps, ...(loaded.deploy === null ? {} : { deploy: loaded.deploy }) };
  if (options.json) {
    printJson(document);
    return;
  }
  if (!options.verbose) {
    printLine(validSummary(loaded));
    return;
  }
  printRaw(
    `# ${loaded.file}\n${stringify({ apps: document.apps, ...(loaded.deploy === null ? {} : { deploy: loaded.deploy }) }, { lineWidth: 0, aliasDuplicateObjects: false })}`,
  );
}
