import type { EquityQuote, MarketDataEvent, MarketStatus, MarketStatusValue } from '../../core/events';
import { MICROS_PER_SECOND, type Micros } from '../../core/time';
import type { EquityPath } from './equity-path';
import { SYNTH_IDS } from './ids';
import type { SynthParams } from './params';
import type { Random } from './random';
import { ReceiveClock } from './receive-clock';

const ROUND_LOT = 100;

/**
 * TSLA quotes and market status in file order over [start, end): status `closed` (or `open`) at the start,
 * then per trading day pre-market quotes, `open`, regular quotes, `closed`, post-market quotes. A status
 * comes before the quote of the same instant, so a replay sees the session change first.
 */
export function* equityEvents(path: EquityPath, start: Micros, end: Micros, params: SynthParams['equity'], random: Random): Generator<MarketDataEvent> {
  const clock = new ReceiveClock(random, params.feedLatencyMs);
  const status = (tsEvent: Micros, value: MarketStatusValue): MarketStatus => ({
    type: 'market.status',
    tsEvent,
    tsRecv: clock.receive(tsEvent),
    symbol: SYNTH_IDS.equity,
    status: value,
  });
  const quotes = function* (from: Micros, to: Micros, intervalSec: number): Generator<EquityQuote> {
    const interval = intervalSec * MICROS_PER_SECOND;
    for (let ts = from; ts < to; ts += interval) {
      if (ts >= start && ts < end) yield quote(ts, path.midAt(ts), params, random, clock);
    }
  };

  const openAtStart = path.days.some((day) => start >= day.open && start < day.close);
  yield status(start, openAtStart ? 'open' : 'closed');
  for (const day of path.days) {
    yield* quotes(day.preOpen, day.open, params.extendedQuoteIntervalSec);
    if (day.open > start && day.open < end) yield status(day.open, 'open');
    yield* quotes(day.open, day.close, params.regularQuoteIntervalSec);
    if (day.close > start && day.close < end) yield status(day.close, 'closed');
    yield* quotes(day.close, day.postClose, params.extendedQuoteIntervalSec);
  }
}

/** A quote around the mid on the cent grid: the spread in whole cents, sizes in round lots. */
function quote(ts: Micros, mid: number, params: SynthParams['equity'], random: Random, clock: ReceiveClock): EquityQuote {
  const spreadCents = random.integerBetween(params.spreadCents.min, params.spreadCents.max);
  const bidCents = Math.round(mid * 100 - spreadCents / 2);
  return {
    type: 'equity.quote',
    tsEvent: ts,
    tsRecv: clock.receive(ts),
    symbol: SYNTH_IDS.equity,
    bid: bidCents / 100,
    bidSize: ROUND_LOT * random.integerBetween(params.sizeLots.min, params.sizeLots.max),
    ask: (bidCents + spreadCents) / 100,
    askSize: ROUND_LOT * random.integerBetween(params.sizeLots.min, params.sizeLots.max),
  };
}
