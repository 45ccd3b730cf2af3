import type { CexBook, CexTrade, MarketDataEvent } from '../../core/events';
import { MICROS_PER_SECOND, type Micros } from '../../core/time';
import type { LatentFairPrice } from './fair-price';
import { SYNTH_IDS } from './ids';
import type { SynthParams } from './params';
import type { Random } from './random';
import { ReceiveClock } from './receive-clock';

type Level = readonly [price: number, size: number];

/**
 * A 24/7 CEX book for TSLAx/USD (xStocks trade around the clock on Kraken): a ladder of levels around a mid
 * that follows the latent fair price times (1 + basis), the basis mean-reverting (Ornstein–Uhlenbeck), so
 * a market maker quoting around fair value sees departures that come back. Updates are diffs of the levels
 * that changed, numbered (`firstSeq`..`lastSeq`) like Binance's; a snapshot opens the file and repeats every
 * `snapshotIntervalSec`. Taker trades arrive as a Poisson stream at the touch of the book at that moment.
 */
export function* cexEvents(fair: LatentFairPrice, start: Micros, end: Micros, params: SynthParams['cex'], random: { book: Random; trades: Random }): Generator<MarketDataEvent> {
  const recv = new ReceiveClock(random.book, params.feedLatencyMs);
  const step = params.updateIntervalSec * MICROS_PER_SECOND;
  const snapshotEvery = params.snapshotIntervalSec * MICROS_PER_SECOND;
  // OU: b' = b * a + sd * sqrt(1 - a^2) * N, with a = 2^(-step / halfLife), so sd is the stationary one.
  const decay = Math.pow(0.5, params.updateIntervalSec / params.basisHalfLifeSec);
  const shock = (params.basisSdBps / 10_000) * Math.sqrt(1 - decay * decay);
  let basis = 0;
  let seq = 1;
  let book: { bids: Level[]; asks: Level[] } | undefined;
  let nextSnapshot = start;
  let nextTrade = start + Math.round(random.trades.exponential(params.tradeMeanGapSec) * MICROS_PER_SECOND);
  for (let t = start; t < end; t += step) {
    while (nextTrade < t && book) {
      yield trade(nextTrade, recv.receive(nextTrade), book, random.trades, params);
      nextTrade += Math.max(1, Math.round(random.trades.exponential(params.tradeMeanGapSec) * MICROS_PER_SECOND));
    }
    basis = basis * decay + shock * random.book.normal();
    const next = ladder(fair.at(t) * (1 + basis), params, random.book);
    const snapshot = book === undefined || t >= nextSnapshot;
    const bids = snapshot ? next.bids : diff(book!.bids, next.bids);
    const asks = snapshot ? next.asks : diff(book!.asks, next.asks);
    if (snapshot) nextSnapshot = t + snapshotEvery;
    const updates = Math.max(1, bids.length + asks.length);
    const event: CexBook = { type: 'cex.book', tsEvent: t, tsRecv: recv.receive(t), market: SYNTH_IDS.cex, snapshot, firstSeq: seq, lastSeq: seq + updates - 1, bids, asks };
    seq += updates;
    book = next;
    yield event;
  }
}

/** Levels around `mid`: best bid/ask at the half spread, rounded to the tick away from the mid. */
function ladder(mid: number, p: SynthParams['cex'], random: Random): { bids: Level[]; asks: Level[] } {
  const half = (mid * p.halfSpreadBps) / 10_000;
  const bestBid = Math.floor((mid - half) / p.tick);
  const bestAsk = Math.ceil((mid + half) / p.tick);
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let i = 0; i < p.levels; i++) {
    bids.push([toPrice(bestBid - i * p.levelGapTicks, p.tick), size(random, p)]);
    asks.push([toPrice(bestAsk + i * p.levelGapTicks, p.tick), size(random, p)]);
  }
  return { bids, asks };
}

/** The levels of `next` that differ from `prev`, plus removals (size 0) of prices no longer quoted. */
function diff(prev: readonly Level[], next: readonly Level[]): Level[] {
  const before = new Map(prev.map(([price, s]) => [price, s]));
  const changes: Level[] = next.filter(([price, s]) => before.get(price) !== s);
  const now = new Set(next.map(([price]) => price));
  for (const [price] of prev) if (!now.has(price)) changes.push([price, 0]);
  return changes;
}

function trade(ts: Micros, tsRecv: Micros, book: { bids: Level[]; asks: Level[] }, random: Random, p: SynthParams['cex']): CexTrade {
  const side = random.uniform() < 0.5 ? 'buy' : 'sell';
  const touch = side === 'buy' ? book.asks[0]! : book.bids[0]!;
  const qty = Math.min(touch[1], roundSize(random.between(p.tradeSize.min, p.tradeSize.max)));
  return { type: 'cex.trade', tsEvent: ts, tsRecv, market: SYNTH_IDS.cex, price: touch[0], size: qty, side };
}

function size(random: Random, p: SynthParams['cex']): number {
  return roundSize(random.between(p.levelSize.min, p.levelSize.max));
}

/** Sizes in 0.001 TSLAx, prices on the tick: as a venue prints them. */
function roundSize(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function toPrice(ticks: number, tick: number): number {
  return Math.round(ticks * tick * 100) / 100;
}
