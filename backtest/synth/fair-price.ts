import { InvariantError } from '../../core/errors';
import { MICROS_PER_SECOND, type Micros } from '../../core/time';
import type { EquityPath } from './equity-path';
import type { SynthParams } from './params';
import type { Random } from './random';

const CALENDAR_SECONDS_PER_YEAR = 365 * 24 * 3600;

/** A span while the regular session is shut, with the log noise of a Brownian bridge on a time grid. */
interface ClosedSpan {
  readonly from: Micros;
  readonly to: Micros;
  readonly logFrom: number;
  readonly logTo: number;
  readonly step: Micros;
  /** Bridge value at from + k * step (the last point at `to`); zero at both ends. */
  readonly bridge: Float64Array;
}

/**
 * What informed traders believe one TSLAx is worth (multiplier 1.0, so one share). During the regular
 * session it is the TSLA mid. While the session is shut it runs from the last close's mid to the next
 * open's mid, linearly in log price, plus Brownian-bridge noise pinned to zero at both ends: informed
 * traders anticipate the gap, and prices wander on the way. Overnight and weekend, this is the only
 * anchor the pool has.
 */
export class LatentFairPrice {
  private constructor(
    private readonly path: EquityPath,
    private readonly spans: readonly ClosedSpan[],
  ) {}

  /**
   * `start` and `startPrice` anchor the first span when the period starts before the first open: the
   * start price stands for the previous close.
   */
  static build(path: EquityPath, start: Micros, startPrice: number, params: SynthParams['pool']['offHoursFair'], random: Random): LatentFairPrice {
    const days = path.days;
    const spans: ClosedSpan[] = [];
    const first = days[0];
    if (first !== undefined && start < first.open) {
      spans.push(closedSpan(start, first.open, startPrice, path.midAt(first.open), params, random));
    }
    for (let i = 0; i + 1 < days.length; i++) {
      const day = days[i]!;
      const next = days[i + 1]!;
      // The close's price is the mid of the last regular second.
      spans.push(closedSpan(day.close, next.open, path.midAt(day.close - 1), path.midAt(next.open), params, random));
    }
    return new LatentFairPrice(path, spans);
  }

  at(ts: Micros): number {
    for (const day of this.path.days) if (ts >= day.open && ts < day.close) return this.path.midAt(ts);
    for (const span of this.spans) if (ts >= span.from && ts <= span.to) return Math.exp(spanLogPrice(span, ts));
    throw new InvariantError('no fair price outside the generated period', { ts });
  }
}

function closedSpan(from: Micros, to: Micros, fromPrice: number, toPrice: number, params: SynthParams['pool']['offHoursFair'], random: Random): ClosedSpan {
  const step = params.stepSec * MICROS_PER_SECOND;
  const points = Math.ceil((to - from) / step) + 1;
  const offsets = Array.from({ length: points }, (_, k) => Math.min(k * step, to - from));
  // A random walk W, then the bridge W(t) - (t/T)·W(T).
  const walk = new Float64Array(points);
  for (let k = 1; k < points; k++) {
    const dtYears = (offsets[k]! - offsets[k - 1]!) / MICROS_PER_SECOND / CALENDAR_SECONDS_PER_YEAR;
    walk[k] = walk[k - 1]! + params.annualVol * Math.sqrt(dtYears) * random.normal();
  }
  const total = to - from;
  const bridge = walk.map((w, k) => w - (offsets[k]! / total) * walk[points - 1]!);
  return { from, to, logFrom: Math.log(fromPrice), logTo: Math.log(toPrice), step, bridge };
}

function spanLogPrice(span: ClosedSpan, ts: Micros): number {
  const elapsed = ts - span.from;
  const trend = span.logFrom + ((span.logTo - span.logFrom) * elapsed) / (span.to - span.from);
  const k = Math.min(Math.floor(elapsed / span.step), span.bridge.length - 2);
  const left = k * span.step;
  const right = Math.min(left + span.step, span.to - span.from);
  const weight = (elapsed - left) / (right - left);
  return trend + span.bridge[k]! + (span.bridge[k + 1]! - span.bridge[k]!) * weight;
}
