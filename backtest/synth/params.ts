import { z } from 'zod';
import { BaseError } from '../../core/errors';
import { microsFromIso } from '../../core/time';

/**
 * Parameters of the synthetic TSLA/TSLAx recording. Every field has a default, so `{}` (or `{ seed: 7 }`)
 * is a complete input; the defaults make the shipped week in examples/data/tslax-week. Times are ISO-8601
 * instants with an explicit offset (ET is -05:00 before 2026-03-08 and -04:00 from then on).
 */

/** An ISO-8601 instant with `Z` or an offset: never a local time, whose meaning would depend on the machine. */
const instant = z.iso.datetime({ offset: true });
const positive = z.number().positive();
const fraction = z.number().min(0).max(1);

/** A closed range `[min, max]` of non-negative numbers. */
function range(defaults: { min: number; max: number }, integer = false) {
  const bound = integer ? z.number().int().min(0) : z.number().min(0);
  return z
    .strictObject({ min: bound.default(defaults.min), max: bound.default(defaults.max) })
    .refine((r) => r.min <= r.max, { message: 'min must be <= max' })
    .prefault({});
}

const equitySchema = z
  .strictObject({
    /** TSLA mid at the first pre-market second of the period, USD. */
    startPrice: positive.default(250),
    /**
     * Annualised volatility of the mid. Annualised over regular-session seconds (252 days x 6.5 h), the
     * usual convention, and applied per second of trading time.
     */
    annualVol: positive.default(0.55),
    /**
     * Volatility in pre- and post-market as a fraction of the regular-session volatility: extended hours
     * trade a few percent of the day's volume and the mid moves less per second.
     */
    extendedHoursVolFactor: z.number().min(0).default(0.5),
    /** Standard deviation of the log gap between a close and the next pre-market after one night. */
    overnightGapSd: z.number().min(0).default(0.015),
    /** Same, when the market stays shut for at least one whole day between (weekends, holidays). */
    weekendGapSd: z.number().min(0).default(0.025),
    /** Seconds between quotes in the regular session. */
    regularQuoteIntervalSec: z.number().int().positive().default(5),
    /** Seconds between quotes in pre- and post-market. */
    extendedQuoteIntervalSec: z.number().int().positive().default(30),
    /** Quoted spread in whole cents, drawn uniformly per quote. */
    spreadCents: range({ min: 1, max: 4 }, true),
    /** Bid and ask sizes in round lots of 100 shares, drawn uniformly per side (100–900 shares). */
    sizeLots: range({ min: 1, max: 9 }, true),
    /** Feed latency added to each event's time to make its receive time, milliseconds, uniform. */
    feedLatencyMs: range({ min: 2, max: 20 }),
  })
  .prefault({});

const noiseSchema = z
  .strictObject({
    /** Mean time between noise trades (Poisson arrivals), seconds. */
    meanGapSec: positive.default(300),
    /** Median trade size, USD (log-normal). */
    medianUsd: positive.default(60),
    /** Standard deviation of the log of the trade size. */
    sizeLogSd: z.number().min(0).default(0.8),
    /** Trade sizes are clipped to this range, USD. */
    clipUsd: range({ min: 10, max: 800 }),
    /** Probability that a noise trade buys TSLAx (else it sells). */
    buyProbability: fraction.default(0.5),
  })
  .prefault({});

const arbitrageSchema = z
  .strictObject({
    /** The arbitrageur looks at the pool this often (on a grid from the Unix epoch), seconds. */
    checkIntervalSec: z.number().int().positive().default(600),
    /** It trades only when |ln(pool price / fair price)| exceeds ln(1 + threshold). */
    threshold: positive.default(0.02),
    /** Fraction of the log gap one trade closes. */
    closeFraction: z.number().gt(0).max(1).default(0.1),
  })
  .prefault({});

const offHoursFairSchema = z
  .strictObject({
    /**
     * Volatility of the Brownian-bridge noise on the latent fair price while the market is closed,
     * annualised over calendar time (365 days): the information that still arrives at night.
     */
    annualVol: z.number().min(0).default(0.35),
    /** Grid of the bridge, seconds; the fair price is interpolated linearly in between. */
    stepSec: z.number().int().positive().default(60),
  })
  .prefault({});

/** A trade or liquidity change placed at a fixed instant. Events outside the period are left out. */
const scriptedEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('buy'), at: instant, usdcIn: positive, label: z.string().min(1) }),
  z.strictObject({ kind: z.literal('sell'), at: instant, tslaxIn: positive, label: z.string().min(1) }),
  /** Adds `tslax` and the USDC that keeps the pool ratio (floored to token units). */
  z.strictObject({ kind: z.literal('add-liquidity'), at: instant, tslax: positive, label: z.string().min(1) }),
]);

export const DEFAULT_SCRIPTED_EVENTS: z.input<typeof scriptedEventSchema>[] = [
  { kind: 'buy', at: '2026-03-06T14:05:00-05:00', usdcIn: 15_000, label: 'fat-finger buy (AMZNX-style spike), regular session' },
  { kind: 'buy', at: '2026-03-06T14:05:24-05:00', usdcIn: 1_000, label: 'follow-on buy chasing the spike' },
  { kind: 'buy', at: '2026-03-06T14:06:00-05:00', usdcIn: 600, label: 'second follow-on buy' },
  { kind: 'buy', at: '2026-03-07T11:00:00-05:00', usdcIn: 3_000, label: 'weekend buy, market closed' },
  { kind: 'sell', at: '2026-03-09T10:45:00-04:00', tslaxIn: 12, label: 'panic sell, regular session' },
  { kind: 'add-liquidity', at: '2026-03-09T12:00:00-04:00', tslax: 5, label: 'liquidity added at the pool ratio' },
];

const poolSchema = z
  .strictObject({
    /** TSLAx in the pool at the start (whole tokens): 40 x $250 = $10k a side, TVL ~$20k. */
    initialTslax: positive.default(40),
    /** USDC in the pool at the start (whole tokens). */
    initialUsdc: positive.default(10_000),
    /** Block interval, seconds: swaps land in the first block at or after they are sent. */
    blockIntervalSec: z.number().int().positive().default(12),
    /** Delay between a block and the node's delivery of its logs, milliseconds, uniform per block. */
    blockLatencyMs: range({ min: 300, max: 1500 }),
    noise: noiseSchema,
    arbitrage: arbitrageSchema,
    offHoursFair: offHoursFairSchema,
    scripted: z.array(scriptedEventSchema).default(() => structuredClone(DEFAULT_SCRIPTED_EVENTS) as z.output<typeof scriptedEventSchema>[]),
  })
  .prefault({});

const cexSchema = z
  .strictObject({
    /** Seconds between book updates (a diff of the levels that changed). */
    updateIntervalSec: z.number().int().positive().default(30),
    /** A full snapshot this often, seconds (as a websocket resubscribe would give). */
    snapshotIntervalSec: z.number().int().positive().default(3600),
    /** Price levels per side. */
    levels: z.number().int().min(1).max(50).default(5),
    /** Tick size, USD. */
    tick: positive.default(0.01),
    /** Half the quoted spread around the book's mid, bps. */
    halfSpreadBps: positive.default(8),
    /** Gap between levels, in ticks. */
    levelGapTicks: z.number().int().positive().default(5),
    /** Size per level, TSLAx: uniform in this range. */
    levelSize: range({ min: 2, max: 20 }),
    /**
     * The book's mid departs from the latent fair price by a basis that mean-reverts (Ornstein–Uhlenbeck):
     * stationary standard deviation in bps, and the half-life of a departure in seconds.
     */
    basisSdBps: z.number().min(0).default(25),
    basisHalfLifeSec: positive.default(600),
    /** Mean gap between taker trades (Poisson), seconds. */
    tradeMeanGapSec: positive.default(60),
    /** Taker trade size, TSLAx: uniform in this range. */
    tradeSize: range({ min: 0.1, max: 3 }),
    /** Feed latency, milliseconds, uniform. */
    feedLatencyMs: range({ min: 20, max: 120 }),
  })
  .prefault({});

export const synthParamsSchema = z
  .strictObject({
    /** Seed of every random draw; pure-rand's xoroshiro128+ takes 32 bits. */
    seed: z.number().int().min(0).max(0xffff_ffff).default(42),
    /** First instant of the data (inclusive): Thu 2026-03-05 00:00 ET. */
    start: instant.default('2026-03-05T00:00:00-05:00'),
    /** End of the data (exclusive): Tue 2026-03-10 00:00 ET, after the DST switch of Sun 2026-03-08. */
    end: instant.default('2026-03-10T00:00:00-04:00'),
    equity: equitySchema,
    pool: poolSchema,
    cex: cexSchema,
  })
  .refine((p) => microsFromIso(p.start) < microsFromIso(p.end), {
    message: 'start must be before end',
    path: ['end'],
    // Only once every field is valid: an unzoned start would make microsFromIso throw.
    when: (payload) => payload.issues.length === 0,
  });

export type SynthParamsInput = z.input<typeof synthParamsSchema>;
export type SynthParams = z.output<typeof synthParamsSchema>;
export type ScriptedEvent = SynthParams['pool']['scripted'][number];

/** Fills the defaults in and checks every field; throws a BaseError `CONFIG_INVALID` listing the problems. */
export function parseSynthParams(input: SynthParamsInput = {}): SynthParams {
  const result = synthParamsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new BaseError('CONFIG_INVALID', `invalid synth parameters: ${problems.join('; ')}`, { details: { issues: problems } });
}
