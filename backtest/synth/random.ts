import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** The draws the generator needs, from one seeded xoroshiro128+ stream. */
export class Random {
  constructor(private readonly rng: RandomGenerator) {}

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Uniform integer in [min, max], both included. */
  integerBetween(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** Standard normal by Box–Muller; one pair of uniforms per draw keeps the stream easy to reason about. */
  normal(): number {
    const u1 = 1 - this.uniform(); // in (0, 1]: log(0) is never taken
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Exponential with the given mean: the gap between Poisson arrivals. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }
}

/**
 * Independent streams per concern, split from one seed by xoroshiro's jump (2^64 draws apart). Each part
 * of the model draws from its own stream, so changing, say, the noise-trade parameters leaves the TSLA path
 * unchanged for the same seed.
 */
export interface RandomStreams {
  readonly equityPath: Random;
  readonly equityQuotes: Random;
  readonly offHoursFair: Random;
  readonly noiseFlow: Random;
  readonly blockLatency: Random;
  readonly cexBook: Random;
  readonly cexTrades: Random;
}

export function randomStreams(seed: number): RandomStreams {
  const base = xoroshiro128plus(seed);
  const next = (): Random => {
    const stream = new Random(base.clone());
    base.jump();
    return stream;
  };
  // The order of these calls fixes which stream each concern gets: keep it.
  return { equityPath: next(), equityQuotes: next(), offHoursFair: next(), noiseFlow: next(), blockLatency: next(), cexBook: next(), cexTrades: next() };
}
