// The result table as rows of cells, shared by the console and the markdown renderers.
import { formatSamples, judge, ratio, type Figure } from '../lib/figure.js';

export const headers = ['figure', 'tend: median (min–max)', 'PM2: median (min–max)', 'tend ÷ PM2', 'baseline', 'goal', 'result'];

export interface Row {
  group: string;
  cells: string[];
}

export function rows(figures: readonly Figure[]): Row[] {
  return figures.map((figure) => {
    const verdict = judge(figure);
    const baseline = figure.baseline === undefined ? '' : `${figure.baseline.label}: ${formatSamples(figure.baseline.samples, figure.unit)}`;
    const result = verdict === null ? '' : `${verdict.met === null ? '?' : verdict.met ? '✓' : '✗'} ${verdict.achieved}`;
    return {
      group: figure.group,
      cells: [
        figure.label,
        formatSamples(figure.tend, figure.unit),
        figure.pm2.length === 0 ? 'n/a' : formatSamples(figure.pm2, figure.unit),
        ratio(figure),
        baseline,
        verdict?.text ?? '',
        result,
      ],
    };
  });
}
