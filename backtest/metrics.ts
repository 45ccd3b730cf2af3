import type { InstrumentRegistry } from '../core/instruments';
import type { Portfolio } from '../core/portfolio';
import { MICROS_PER_DAY, MICROS_PER_SECOND, type Micros } from '../core/time';
import { MARKOUT_HORIZONS_SEC, type RunRecorder, type Sample, type TradeRecord } from './run-recorder';

export interface PnlDecomposition {
  readonly total: number;
  /** Edge of the fills that are not hedges against fair value at the fill: sold above it, bought below. */
  readonly spreadCapture: number;
  /** The same edge of hedge fills (usually negative: the hedge pays the spread). */
  readonly hedge: number;
  /** What held positions made or lost as prices moved: the rest of the total. */
  readonly inventory: number;
  /** Fees and gas, as the negative amounts they cost. */
  readonly fees: number;
  readonly gas: number;
  /** Perpetual funding (no perpetuals are traded yet). */
  readonly funding: number;
}

export interface Metrics {
  readonly pnl: PnlDecomposition;
  /** Annualised over 365 days (these markets trade every day) from returns between samples. */
  readonly sharpe: number;
  readonly sortino: number;
  readonly drawdown: { readonly maxUsd: number; readonly maxPct: number; readonly maxDurationSec: number };
  /** Orders with at least one fill over orders that reached a venue. */
  readonly fillRatio: number;
  /** Per horizon: the sum of markouts (USD) and their mean per unit of notional (bps). */
  readonly markouts: Readonly<Record<string, { readonly totalUsd: number; readonly meanBps: number; readonly fills: number }>>;
  /** Share of samples with any net exposure to an underlying. */
  readonly timeInMarket: number;
  /** Distribution of net position per asset over the samples. */
  readonly inventory: Readonly<Record<string, Quantiles>>;
}

export interface Quantiles {
  readonly min: number;
  readonly p5: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p95: number;
  readonly max: number;
}

const SAMPLES_PER_YEAR_BASE = 365 * MICROS_PER_DAY;

export function computeMetrics(recorder: RunRecorder, portfolio: Portfolio, instruments: InstrumentRegistry): Metrics {
  return {
    pnl: decompose(recorder.trades, portfolio),
    ...riskAdjusted(recorder.samples),
    drawdown: drawdown(recorder.samples),
    fillRatio: recorder.ordersSent === 0 ? 0 : new Set(recorder.trades.map((t) => t.fill.orderId)).size / recorder.ordersSent,
    markouts: markouts(recorder.trades),
    timeInMarket: timeInMarket(recorder.samples, instruments),
    inventory: inventory(recorder.samples),
  };
}

/** Signed edge of a fill against fair value at the moment: positive when sold above or bought below. */
export function edgeOf(t: TradeRecord): number {
  if (t.fairValue === undefined) return 0;
  return t.fill.side === 'sell' ? t.fill.qty * (t.fill.price - t.fairValue) : t.fill.qty * (t.fairValue - t.fill.price);
}

function decompose(trades: readonly TradeRecord[], portfolio: Portfolio): PnlDecomposition {
  let spreadCapture = 0;
  let hedge = 0;
  for (const t of trades) {
    if (t.tag === 'hedge') hedge += edgeOf(t);
    else spreadCapture += edgeOf(t);
  }
  const fees = -portfolio.feesPaid;
  const gas = -portfolio.gasPaid;
  const total = portfolio.realizedPnl + portfolio.unrealizedPnl() + fees + gas;
  return { total, spreadCapture, hedge, inventory: total - spreadCapture - hedge - fees - gas, fees, gas, funding: 0 };
}

function riskAdjusted(samples: readonly Sample[]): { sharpe: number; sortino: number } {
  const returns: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1]!;
    const cur = samples[i]!;
    if (cur.ts > prev.ts && prev.nav > 0) returns.push(cur.nav / prev.nav - 1);
  }
  if (returns.length < 2) return { sharpe: 0, sortino: 0 };
  const span = samples[samples.length - 1]!.ts - samples[0]!.ts;
  const perYear = (returns.length / span) * SAMPLES_PER_YEAR_BASE;
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(0, r) ** 2, 0) / returns.length);
  const annualise = (ratio: number) => (Number.isFinite(ratio) ? ratio * Math.sqrt(perYear) : 0);
  return { sharpe: sd === 0 ? 0 : annualise(mean / sd), sortino: downside === 0 ? 0 : annualise(mean / downside) };
}

function drawdown(samples: readonly Sample[]): Metrics['drawdown'] {
  let peak = Number.NEGATIVE_INFINITY;
  let peakAt: Micros = 0;
  let maxUsd = 0;
  let maxPct = 0;
  let maxDuration = 0;
  for (const s of samples) {
    if (s.nav >= peak) {
      peak = s.nav;
      peakAt = s.ts;
      continue;
    }
    const dd = peak - s.nav;
    if (dd > maxUsd) {
      maxUsd = dd;
      maxPct = dd / peak;
    }
    // Duration: time spent below the last peak, until it is regained (or the run ends).
    maxDuration = Math.max(maxDuration, s.ts - peakAt);
  }
  return { maxUsd, maxPct, maxDurationSec: maxDuration / MICROS_PER_SECOND };
}

function markouts(trades: readonly TradeRecord[]): Metrics['markouts'] {
  const out: Record<string, { totalUsd: number; meanBps: number; fills: number }> = {};
  for (const h of MARKOUT_HORIZONS_SEC) {
    let total = 0;
    let notional = 0;
    let fills = 0;
    for (const t of trades) {
      const m = t.markouts[h];
      if (m === undefined) continue;
      total += m;
      notional += t.fill.qty * t.fill.price;
      fills++;
    }
    out[`${h}s`] = { totalUsd: total, meanBps: notional === 0 ? 0 : (total / notional) * 10_000, fills };
  }
  return out;
}

function timeInMarket(samples: readonly Sample[], instruments: InstrumentRegistry): number {
  if (samples.length === 0) return 0;
  const groupOf = (asset: string): [string, number] => {
    const i = instruments.has(asset) ? instruments.get(asset) : undefined;
    return i?.kind === 'tokenized-stock' ? [i.underlying, i.multiplier] : [asset, 1];
  };
  let inMarket = 0;
  for (const s of samples) {
    const exposure = new Map<string, number>();
    for (const [asset, qty] of Object.entries(s.positions)) {
      const [group, multiplier] = groupOf(asset);
      exposure.set(group, (exposure.get(group) ?? 0) + qty * multiplier);
    }
    if ([...exposure.values()].some((q) => Math.abs(q) > 1e-6)) inMarket++;
  }
  return inMarket / samples.length;
}

function inventory(samples: readonly Sample[]): Record<string, Quantiles> {
  const byAsset = new Map<string, number[]>();
  for (const s of samples) for (const [asset, qty] of Object.entries(s.positions)) (byAsset.get(asset) ?? byAsset.set(asset, []).get(asset)!).push(qty);
  const out: Record<string, Quantiles> = {};
  for (const [asset, values] of byAsset) {
    values.sort((a, b) => a - b);
    const q = (p: number) => values[Math.min(values.length - 1, Math.floor(p * (values.length - 1)))]!;
    out[asset] = { min: values[0]!, p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), max: values[values.length - 1]! };
  }
  return out;
}
