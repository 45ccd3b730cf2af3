import { runConfigSchema } from '../../bots/config';
import { silentLogger } from '../../bots/logging';
import { type ConfigOverride, loadConfigWithOverrides } from '../../config/load';
import { runBacktest } from '../run';
import type { BacktestSummary } from '../summary';

export interface SweepJob {
  readonly index: number;
  readonly configFile: string;
  readonly overrides: readonly ConfigOverride[];
}

export type SweepJobResult = { readonly index: number; readonly summary: BacktestSummary } | { readonly index: number; readonly error: string; readonly code?: string };

/**
 * One run of a sweep: the config with the point's values, backtested exactly as `repeg backtest` would
 * (same loader, same runner), so a run in a sweep gives the summary it gives alone.
 */
export async function runSweepJob(job: SweepJob): Promise<SweepJobResult> {
  try {
    const config = loadConfigWithOverrides(job.configFile, runConfigSchema, job.overrides);
    const { summary } = await runBacktest({ config, configFile: job.configFile, log: silentLogger });
    return { index: job.index, summary };
  } catch (error) {
    return { index: job.index, error: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code };
  }
}
