import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BaseError } from '../../core/errors';
import type { BacktestSummary } from '../summary';
import type { SweepPoint } from './grid';
import { runSweepJob, type SweepJob, type SweepJobResult } from './job';

export interface SweepRun {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: BacktestSummary;
}

export interface SweepOptions {
  /** Worker threads; 0 runs every job in this thread, one after another. */
  workers: number;
  onRunDone?: (done: number, total: number) => void;
}

/** Runs every point of a sweep, in parallel on worker threads; results in point order. */
export async function runSweep(configFile: string, points: readonly SweepPoint[], options: SweepOptions): Promise<SweepRun[]> {
  const jobs: SweepJob[] = points.map((p, index) => ({ index, configFile, overrides: p.overrides }));
  const results = options.workers === 0 ? await inThisThread(jobs, options) : await onWorkers(jobs, options);
  return results.map((r) => {
    if ('error' in r) throw new BaseError(r.code === 'CONFIG_INVALID' ? 'CONFIG_INVALID' : 'USAGE', `sweep run ${r.index + 1} (${JSON.stringify(points[r.index]!.params)}): ${r.error}`);
    return { index: r.index, params: points[r.index]!.params, summary: r.summary };
  });
}

async function inThisThread(jobs: readonly SweepJob[], options: SweepOptions): Promise<SweepJobResult[]> {
  const results: SweepJobResult[] = [];
  for (const job of jobs) {
    results.push(await runSweepJob(job));
    options.onRunDone?.(results.length, jobs.length);
  }
  return results;
}

/** The compiled worker; sweeps on threads need the build (`npm run build`, done by npm ci). */
function workerFile(): string {
  const file = join(__dirname, 'worker.js');
  if (!existsSync(file)) throw new BaseError('USAGE', `no compiled sweep worker at ${file}: run \`npm run build\`, or use --workers 0`);
  return file;
}

function onWorkers(jobs: readonly SweepJob[], options: SweepOptions): Promise<SweepJobResult[]> {
  const file = workerFile();
  const results: SweepJobResult[] = new Array(jobs.length);
  const queue = [...jobs];
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers = Array.from({ length: Math.min(options.workers, jobs.length) }, () => new Worker(file));
    const finish = (error?: unknown) => {
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    for (const worker of workers) {
      const feed = () => {
        const job = queue.shift();
        if (job) worker.postMessage(job);
      };
      worker.on('message', (result: SweepJobResult) => {
        results[result.index] = result;
        options.onRunDone?.(++done, jobs.length);
        if (done === jobs.length) finish();
        else feed();
      });
      worker.on('error', finish);
      feed();
    }
  });
}
