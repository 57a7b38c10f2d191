/**
 * The small contract between `npm run bench` (test/bench/run.ts) and its sections: each
 * `test/bench/<area>.bench.ts` default-exports a `BenchSection`; the runner imports them in name
 * order, runs them one after another and prints their tables as markdown.
 */

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** A scratch directory for this run (deleted afterwards). */
  scratch: string;
}

export interface Budget {
  /** What is measured, e.g. "api bundle size". */
  what: string;
  /** The limit in words, e.g. "≤ 800 KB (docs/decisions.md)". */
  limit: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  /** Column headers and rows of the section's markdown table. */
  columns: string[];
  rows: (string | number)[][];
  budgets?: Budget[];
  /** Method, environment and caveats, printed under the table. */
  notes?: string[];
}

export interface BenchSection {
  title: string;
  /** Starts whatever servers it needs and stops them before returning. */
  run(context: BenchContext): Promise<BenchReport>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const milliseconds = (ms: number) => `${ms.toFixed(1)} ms`;

export function markdownTable(columns: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}
