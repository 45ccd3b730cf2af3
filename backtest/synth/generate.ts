import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsEquityCalendar } from '../../core/calendar/us-equity';
import type { MarketDataEvent } from '../../core/events';
import { microsFromIso } from '../../core/time';
import { cexEvents } from './cex-events';
import { equityEvents } from './equity-events';
import { EquityPath } from './equity-path';
import { LatentFairPrice } from './fair-price';
import { writeNdjsonGz } from './ndjson-gz';
import { parseSynthParams, type SynthParams, type SynthParamsInput } from './params';
import { poolEvents } from './pool-events';
import { randomStreams } from './random';
import { tradingDays } from './schedule';

/** File names inside the output folder. */
export const SYNTH_FILES = {
  equity: 'equity-TSLA.ndjson.gz',
  pool: 'pool-TSLAx-USDC.ndjson.gz',
  cex: 'cex-TSLAx-USD.ndjson.gz',
} as const;

export interface SynthEvents {
  /** The parameters with every default filled in. */
  readonly params: SynthParams;
  /** TSLA quotes and market status, in file order. Each iteration replays the same events. */
  readonly equity: Iterable<MarketDataEvent>;
  /** The TSLAx/USDC pool, in file order. Each iteration replays the same events. */
  readonly pool: Iterable<MarketDataEvent>;
  /** The TSLAx/USD CEX book and trades, in file order. */
  readonly cex: Iterable<MarketDataEvent>;
  /** The TSLA mid the quotes are drawn around and the latent fair price arbitrageurs trade toward. */
  readonly model: { readonly path: EquityPath; readonly fair: LatentFairPrice };
}

/**
 * The synthetic recording in memory, as lazy event streams. The price model (path and fair price) is
 * drawn once; quotes, flow and latencies are drawn afresh from the seed on every iteration, so that
 * iterating twice yields identical events.
 */
export function synthEvents(input: SynthParamsInput = {}): SynthEvents {
  const params = parseSynthParams(input);
  const start = microsFromIso(params.start);
  const end = microsFromIso(params.end);
  const model = randomStreams(params.seed);
  const path = EquityPath.simulate(tradingDays(new UsEquityCalendar(), start, end), params.equity, model.equityPath);
  const fair = LatentFairPrice.build(path, start, params.equity.startPrice, params.pool.offHoursFair, model.offHoursFair);
  return {
    params,
    equity: { [Symbol.iterator]: () => equityEvents(path, start, end, params.equity, randomStreams(params.seed).equityQuotes) },
    pool: {
      [Symbol.iterator]: () => {
        const streams = randomStreams(params.seed);
        return poolEvents(fair, start, end, params.pool, { noise: streams.noiseFlow, latency: streams.blockLatency });
      },
    },
    cex: {
      [Symbol.iterator]: () => {
        const streams = randomStreams(params.seed);
        return cexEvents(fair, start, end, params.cex, { book: streams.cexBook, trades: streams.cexTrades });
      },
    },
    model: { path, fair },
  };
}

export interface SynthRecording {
  /** Paths of the files written. */
  readonly files: string[];
  /** Events written, by event type. */
  readonly counts: Record<string, number>;
}

/**
 * Writes the synthetic recording into `outDir` (created if missing) as gzip NDJSON: `equity-TSLA.ndjson.gz`
 * and `pool-TSLAx-USDC.ndjson.gz`. The same parameters give byte-identical files.
 */
export async function writeSynthRecording(input: SynthParamsInput, outDir: string): Promise<SynthRecording> {
  const synth = synthEvents(input);
  await mkdir(outDir, { recursive: true });
  const counts: Record<string, number> = {};
  const files: string[] = [];
  for (const [what, name, events] of [
    ['TSLA quotes and market status', SYNTH_FILES.equity, synth.equity],
    ['TSLAx/USDC Uniswap V2 pool', SYNTH_FILES.pool, synth.pool],
    ['TSLAx/USD CEX book and trades', SYNTH_FILES.cex, synth.cex],
  ] as const) {
    const file = join(outDir, name);
    await writeNdjsonGz(file, header(what, synth.params), events, counts);
    files.push(file);
  }
  return { files, counts };
}

/** The first line of each file: what it is, that it is synthetic, and everything needed to make it again. */
function header(what: string, params: SynthParams): string {
  return `# repeg NDJSON v1 | SYNTHETIC data, not market history | ${what} | generator: repeg backtest/synth | seed: ${params.seed} | params: ${JSON.stringify(params)}`;
}
