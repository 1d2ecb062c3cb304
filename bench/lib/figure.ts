// A figure is one row of the result table: samples per tool, an optional baseline (plain node), and
// the goal tend is held to. Goals are data so the renderer can judge them from the medians.
import { summarize } from './stats.js';

export type Unit = 'ms' | 'MiB' | '%' | 'count' | 'req/s';

export type Goal =
  /** tend's median at most `value` (absolute, in the figure's unit). */
  | { kind: 'at-most'; value: number }
  /** tend's median at least `value`. */
  | { kind: 'at-least'; value: number }
  /** tend's median at most `value` × PM2's median. */
  | { kind: 'pm2-ratio'; value: number }
  /** tend's median at least `value` × PM2's median (figures where more is better). */
  | { kind: 'pm2-ratio-at-least'; value: number }
  /** tend's median at most `value` × the baseline's median. */
  | { kind: 'baseline-ratio'; value: number }
  /** tend's median at most the baseline's median + `value`. */
  | { kind: 'baseline-plus'; value: number };

export interface Figure {
  group: string;
  label: string;
  unit: Unit;
  tend: number[];
  /** Empty for figures only tend has. */
  pm2: number[];
  baseline?: { label: string; samples: number[] };
  goal?: Goal;
  /** What was measured, or what went wrong. */
  note?: string;
}

export interface GoalVerdict {
  text: string;
  met: boolean | null;
  /** tend's figure in the goal's terms, e.g. "1.42 × node". */
  achieved: string;
}

function median(samples: readonly number[]): number | undefined {
  return summarize(samples)?.median;
}

export function judge(figure: Figure): GoalVerdict | null {
  const goal = figure.goal;
  if (goal === undefined) return null;
  const tend = median(figure.tend);
  const pm2 = median(figure.pm2);
  const base = figure.baseline === undefined ? undefined : median(figure.baseline.samples);
  const baseName = figure.baseline?.label ?? 'baseline';
  const unit = figure.unit === 'count' ? '' : ` ${figure.unit}`;
  const unknown = (text: string): GoalVerdict => ({ text, met: null, achieved: 'not measured' });
  switch (goal.kind) {
    case 'at-most': {
      const text = `≤ ${goal.value}${unit}`;
      return tend === undefined ? unknown(text) : { text, met: tend <= goal.value, achieved: formatValue(tend, figure.unit) };
    }
    case 'at-least': {
      const text = `≥ ${goal.value}${unit}`;
      return tend === undefined ? unknown(text) : { text, met: tend >= goal.value, achieved: formatValue(tend, figure.unit) };
    }
    case 'pm2-ratio': {
      const text = `≤ ${goal.value} × PM2`;
      if (tend === undefined || pm2 === undefined || pm2 === 0) return unknown(text);
      return { text, met: tend <= goal.value * pm2, achieved: `${(tend / pm2).toFixed(2)} × PM2` };
    }
    case 'pm2-ratio-at-least': {
      const text = goal.value === 1 ? '≥ PM2' : `≥ ${goal.value} × PM2`;
      if (tend === undefined || pm2 === undefined || pm2 === 0) return unknown(text);
      return { text, met: tend >= goal.value * pm2, achieved: `${(tend / pm2).toFixed(2)} × PM2` };
    }
    case 'baseline-ratio': {
      const text = `≤ ${goal.value} × ${baseName}`;
      if (tend === undefined || base === undefined || base === 0) return unknown(text);
      return { text, met: tend <= goal.value * base, achieved: `${(tend / base).toFixed(2)} × ${baseName}` };
    }
    case 'baseline-plus': {
      const text = `≤ ${baseName} + ${goal.value}${unit}`;
      if (tend === undefined || base === undefined) return unknown(text);
      const over = tend - base;
      return { text, met: over <= goal.value, achieved: `${baseName} ${over >= 0 ? '+' : '−'} ${formatValue(Math.abs(over), figure.unit)}` };
    }
  }
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
    case 'MiB':
      return `${value.toFixed(1)} MiB`;
    case '%':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} %`;
    case 'count':
      return String(Math.round(value));
    case 'req/s':
      return `${Math.round(value)} req/s`;
  }
}

/** "median (min–max)", or "—" without samples. */
export function formatSamples(samples: readonly number[], unit: Unit): string {
  const summary = summarize(samples);
  if (summary === null) return '—';
  if (summary.count === 1 || summary.min === summary.max) return formatValue(summary.median, unit);
  return `${formatValue(summary.median, unit)} (${formatValue(summary.min, unit).replace(/ .*/, '')}–${formatValue(summary.max, unit)})`;
}

/** tend's median ÷ PM2's median, or "—". */
export function ratio(figure: Figure): string {
  const tend = median(figure.tend);
  const pm2 = median(figure.pm2);
  if (tend === undefined || pm2 === undefined) return '—';
  if (pm2 === 0) return tend === 0 ? '1.00' : '∞';
  return (tend / pm2).toFixed(2);
}
