// docs/benchmarks.md: how the run was made, then the table.
import type { Figure } from '../lib/figure.js';
import { headers, rows } from './table.js';

export interface RunInfo {
  date: string;
  quick: boolean;
  machine: string[];
  versions: string[];
  durationMs: number;
  notes: string[];
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

export function markdown(figures: readonly Figure[], info: RunInfo): string {
  const out = [
    '# Benchmarks: tend and PM2 side by side',
    '',
    `Written by \`npm run bench${info.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${info.date}; the run took ${Math.round(info.durationMs / 1000)} s.`,
    'Both tools ran the same work on the same machine in the same run, taking turns (who goes first flips',
    'every round), each with a home of its own (`TEND_HOME` / `PM2_HOME` in a temp dir). Figures are',
    'median (min–max) over the rounds; the ratio is tend ÷ PM2 of the medians; the result column judges',
    "tend's median against its goal (issues 11 and 20). Baselines are plain `node` doing the same without a manager.",
    '',
    '**Machine**: ' + info.machine.join('; '),
    '',
    '**Versions**: ' + info.versions.join('; '),
    '',
  ];
  let group: string | undefined;
  for (const row of rows(figures)) {
    if (row.group !== group) {
      group = row.group;
      out.push('', `### ${group}`, '', `| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`);
    }
    out.push(`| ${row.cells.map(cell).join(' | ')} |`);
  }
  out.push('', '## How each figure is measured', '', ...info.notes.map((note) => `- ${note}`), '');
  return out.join('\n');
}
