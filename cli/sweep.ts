import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { ConfigError } from '../core/errors';
import { type Axis, gridPoints, parseAxis, randomPoints } from '../backtest/sweep/grid';
import { metricAt, rank, SWEEP_COLUMNS, sweepCsv } from '../backtest/sweep/ranking';
import { runSweep } from '../backtest/sweep/run-sweep';

interface SweepFlags {
  config: string;
  out: string;
  grid: string[];
  random?: number;
  seed: number;
  workers: number;
  rank: string;
  order: 'desc' | 'asc';
  json?: boolean;
}

export function registerSweepCommand(program: Command, integer: (v: string) => number): void {
  program
    .command('sweep')
    .description('backtest a config over a grid (or a random sample) of parameter values, in parallel')
    .requiredOption('-c, --config <file>', 'run config (YAML)')
    .requiredOption('-o, --out <dir>', 'output folder for sweep.csv and sweep.json')
    .option('--grid <path=values>', "a parameter and its values: 'strategies[0].params.minEdgeBps=10,30,50' (repeat for more; lo..hi ranges with --random)", (v: string, all: string[]) => [...all, v], [])
    .option('--random <n>', 'random search: n points drawn from the axes instead of the full grid', integer)
    .option('--seed <n>', 'seed of the random search', integer, 1)
    .option('--workers <n>', 'worker threads (0: run in this thread)', integer, Math.max(1, availableParallelism()))
    .option('--rank <metric>', 'summary field to rank by', 'pnl.total')
    .option('--order <order>', 'desc or asc', 'desc')
    .option('--json', 'print the ranked results as JSON')
    .action(sweepCommand);
}

async function sweepCommand(flags: SweepFlags): Promise<void> {
  if (flags.grid.length === 0) throw new ConfigError('(command line)', [{ path: '--grid', message: 'give at least one parameter to sweep' }]);
  const axes: Axis[] = flags.grid.map(parseAxis);
  const points = flags.random !== undefined ? randomPoints(axes, flags.random, flags.seed) : gridPoints(axes);
  const runs = await runSweep(flags.config, points, {
    workers: flags.workers,
    onRunDone: (done, total) => {
      if (process.stderr.isTTY && !process.env.CI) process.stderr.write(`\rsweep: ${done}/${total} runs`);
    },
  });
  if (process.stderr.isTTY && !process.env.CI) process.stderr.write('\n');
  const ranked = rank(runs, flags.rank, flags.order);
  const names = axes.map((a) => a.name);
  mkdirSync(flags.out, { recursive: true });
  const written = [
    write(join(flags.out, 'sweep.csv'), sweepCsv(ranked, names)),
    write(join(flags.out, 'sweep.json'), `${JSON.stringify(ranked.map((r, i) => ({ rank: i + 1, run: r.index + 1, params: r.params, summary: r.summary })), null, 2)}\n`),
  ];
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(ranked.map((r, i) => ({ rank: i + 1, params: r.params, [flags.rank]: metricAt(r.summary, flags.rank) })), null, 2)}\n`);
    return;
  }
  const plain = !process.stdout.isTTY;
  const columns = [...new Set([flags.rank, ...SWEEP_COLUMNS.slice(0, 4)])];
  const table = new Table({ head: ['rank', ...names, ...columns], style: plain ? { head: [], border: [] } : {} });
  for (const [i, r] of ranked.entries()) table.push([i + 1, ...names.map((n) => String(r.params[n])), ...columns.map((c) => format(metricAt(r.summary, c)))]);
  process.stdout.write(`${table.toString()}\nwrote ${written.join(', ')}\n`);
}

function format(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function write(path: string, text: string): string {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}
