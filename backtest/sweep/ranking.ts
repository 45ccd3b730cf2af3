import { stringify } from 'csv-stringify/sync';
import type { SweepRun } from './run-sweep';

/** Reads a number out of a summary by dotted path (`pnl.total`, `metrics.sharpe`). */
export function metricAt(summary: unknown, path: string): number {
  let value: unknown = summary;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'number' ? value : Number.NaN;
}

/** Runs best first by the metric (ties keep point order, so the ranking is deterministic). */
export function rank(runs: readonly SweepRun[], metric: string, order: 'desc' | 'asc'): SweepRun[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...runs].sort((a, b) => sign * (metricAt(a.summary, metric) - metricAt(b.summary, metric)) || a.index - b.index);
}

export const SWEEP_COLUMNS = ['pnl.total', 'pnl.realized', 'trades', 'fees', 'gas', 'maxDrawdown.usd', 'metrics.sharpe', 'metrics.fillRatio'] as const;

export function sweepCsv(ranked: readonly SweepRun[], paramNames: readonly string[]): string {
  const rows = ranked.map((r, i) => [i + 1, r.index + 1, ...paramNames.map((p) => String(r.params[p])), ...SWEEP_COLUMNS.map((c) => metricAt(r.summary, c))]);
  return stringify([['rank', 'run', ...paramNames, ...SWEEP_COLUMNS], ...rows]);
}
