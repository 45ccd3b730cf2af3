import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TestClock } from '../core/clock';
import { BaseError } from '../core/errors';
import type { Kernel } from '../core/kernel';
import type { Logger } from '../core/log';
import { MICROS_PER_SECOND } from '../core/time';
import { assembleSimulated } from '../bots/assemble';
import type { RunConfig } from '../bots/config';
import { openRecordedFile } from './recorded/source';
import { BinaryCursor } from './binary/reader';
import { CursorMerge } from './binary/merge';
import { isBinaryFile } from './binary/detect';
import { replay, replayBinary, type ReplayProgress } from './replay';
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
  const totalBytes = paths.reduce((sum, path) => sum + (existsSync(path) ? statSync(path).size : 0), 0);
  let start = 0;
  const onStart = (ts: number) => {
    start = ts;
    recorder.start(ts);
  };
  const progress = await replayFiles(paths, parts.kernel, clock, onStart, (p, bytesRead) => options.onProgress?.({ ...p, bytesRead, totalBytes }));
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

/** Replays NDJSON files, or binary files (told by their magic bytes), through the kernel. */
async function replayFiles(
  paths: readonly string[],
  kernel: Kernel,
  clock: TestClock,
  onStart: (ts: number) => void,
  onProgress: (p: ReplayProgress, bytesRead: number) => void,
): Promise<ReplayProgress> {
  const binary = paths.map(isBinaryFile);
  if (binary.every(Boolean)) {
    const merge = new CursorMerge(paths.map((p) => BinaryCursor.open(p)));
    try {
      return await replayBinary(merge, kernel, clock, { onStart, onBatch: (p) => onProgress(p, 0) });
    } finally {
      merge.close();
    }
  }
  if (binary.some(Boolean)) throw new BaseError('USAGE', 'a run reads binary files or NDJSON files, not both: convert them all with `repeg data convert`');
  const sources = paths.map((path) => openRecordedFile(path));
  return replay(sources, kernel, clock, { onStart, onBatch: (p) => onProgress(p, sources.reduce((sum, s) => sum + s.bytesRead, 0)) });
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
