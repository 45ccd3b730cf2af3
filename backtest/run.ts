import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TestClock } from '../core/clock';
import type { Logger } from '../core/log';
import { MICROS_PER_SECOND } from '../core/time';
import { assembleSimulated } from '../bots/assemble';
import type { RunConfig } from '../bots/config';
import { openRecordedFile } from './recorded/source';
import { replay, type ReplayProgress } from './replay';
import { computeMetrics } from './metrics';
import { reportData } from './report/data';
import { reportHtml } from './report/html';
import { RunRecorder } from './run-recorder';
import { type BacktestSummary, summarize } from './summary';
import { tradesCsv } from './trades-csv';

export interface BacktestProgress extends ReplayProgress {
  /** Bytes of the data files read so far, and their total size on disk. */
  bytesRead: number;
  totalBytes: number;
}

export interface BacktestOptions {
  config: RunConfig;
  /** The config's path: data paths are relative to its folder, and errors name it. */
  configFile: string;
  log: Logger;
  onProgress?: (progress: BacktestProgress) => void;
}

export interface BacktestResult {
  summary: BacktestSummary;
  recorder: RunRecorder;
}

/** Runs one backtest on simulated venues over the config's recorded data. */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { config, configFile, log } = options;
  const clock = new TestClock();
  const parts = assembleSimulated(config, clock, log, configFile);
  const recorder = new RunRecorder(parts.kernel, parts.portfolio, parts.fairValue, parts.instruments, config.report.sampleSec * MICROS_PER_SECOND);
  const base = dirname(resolve(configFile));
  const paths = config.data.map((file) => resolve(base, file));
  const sources = paths.map((path) => openRecordedFile(path));
  const totalBytes = paths.reduce((sum, path) => sum + (existsSync(path) ? statSync(path).size : 0), 0);
  let start = 0;
  const progress = await replay(sources, parts.kernel, clock, {
    onStart: (ts) => {
      start = ts;
      recorder.start(ts);
    },
    onBatch: (p) => options.onProgress?.({ ...p, bytesRead: sources.reduce((sum, s) => sum + s.bytesRead, 0), totalBytes }),
  });
  recorder.finish(progress.dataTime);
  const summary = summarize({
    name: config.name,
    start,
    end: progress.dataTime,
    events: progress.events,
    portfolio: parts.portfolio,
    recorder,
    metrics: computeMetrics(recorder, parts.portfolio, parts.instruments),
    orders: parts.kernel.allOrders(),
  });
  return { summary, recorder };
}

/**
 * Writes summary.json, trades.csv and report.html. Each file is written to a temporary name and renamed, so a reader
 * never sees half a file.
 */
export function writeBacktestOutputs(outDir: string, result: BacktestResult): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(result.summary, null, 2)}\n`],
    ['trades.csv', tradesCsv(result.recorder.trades)],
    ['report.html', reportHtml(reportData(result.summary, result.recorder))],
  ];
  return files.map(([name, text]) => {
    const path = join(outDir, name);
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    return path;
  });
}
