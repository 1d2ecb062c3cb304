// A figure group: one module measures a set of related figures for both tools.
import type { BenchContext } from './context.js';
import type { Figure } from './figure.js';

export interface FigureGroup {
  /** Short name for --only and progress lines. */
  name: string;
  /** How the figures are measured, one line for docs/benchmarks.md. */
  method: string;
  run(context: BenchContext): Promise<Figure[]>;
}
