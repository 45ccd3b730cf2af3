import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getAmountOut } from '../../core/amm/uniswap-v2';
import { UsEquityCalendar } from '../../core/calendar/us-equity';
import type { EquityQuote, MarketDataEvent, PoolState } from '../../core/events';
import { MICROS_PER_SECOND, microsFromIso } from '../../core/time';
import { decodeEvent } from '../recorded/decode';
import { SYNTH_FILES, synthEvents, writeSynthRecording, type SynthRecording } from './generate';
import { parseSynthParams } from './params';

const calendar = new UsEquityCalendar();
const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';
const TSLAX = 10n ** 18n;
const USDC = 10n ** 6n;

/** Friday noon ET to Saturday noon ET: a close, a night, the spike; small enough to generate twice. */
const SHORT = { start: '2026-03-06T12:00:00-05:00', end: '2026-03-07T12:00:00-05:00' };

let dir: string;
let week: SynthRecording;
let equity: MarketDataEvent[];
let pool: MarketDataEvent[];
let cex: MarketDataEvent[];

function readLines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n');
}

function readEvents(file: string): MarketDataEvent[] {
  const events: MarketDataEvent[] = [];
  readLines(file).forEach((line, i) => {
    if (line !== '' && !line.startsWith('#')) events.push(decodeEvent(line, file, i + 1));
  });
  return events;
}

function poolPrice(state: PoolState): number {
  return Number(state.reserve1) / 1e6 / (Number(state.reserve0) / 1e18);
}

function ofType<K extends MarketDataEvent['type']>(events: MarketDataEvent[], type: K): Extract<MarketDataEvent, { type: K }>[] {
  return events.filter((e): e is Extract<MarketDataEvent, { type: K }> => e.type === type);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'repeg-synth-'));
  week = await writeSynthRecording({ seed: 42 }, join(dir, 'week'));
  equity = readEvents(join(dir, 'week', SYNTH_FILES.equity));
  pool = readEvents(join(dir, 'week', SYNTH_FILES.pool));
  cex = readEvents(join(dir, 'week', SYNTH_FILES.cex));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSynthRecording', () => {
  it('writes the three files and counts what it wrote', () => {
    expect(week.files).toEqual([join(dir, 'week', SYNTH_FILES.equity), join(dir, 'week', SYNTH_FILES.pool), join(dir, 'week', SYNTH_FILES.cex)]);
    // A book update every 30 s for 5 x 24 - 1 hours (the DST switch takes an hour out).
    expect(week.counts['cex.book']).toBe(((5 * 24 - 1) * 3600) / 30);
    // 3 trading days x (4,680 regular quotes every 5 s + 1,140 extended quotes every 30 s).
    expect(week.counts['equity.quote']).toBe(3 * (4680 + 1140));
    expect(ofType(equity, 'equity.quote')).toHaveLength(3 * (4680 + 1140));
    expect(week.counts['market.status']).toBe(7);
    expect(week.counts['pool.swap']).toBe(ofType(pool, 'pool.swap').length);
    expect(week.counts['pool.liquidity']).toBe(1);
    // One initial state, then one per swap and per liquidity change.
    expect(week.counts['pool.state']).toBe(1 + week.counts['pool.swap']! + 1);
  });

  it('is byte-identical for the same seed, and differs for another', async () => {
    const a = await writeSynthRecording({ seed: 7, ...SHORT }, join(dir, 'a'));
    const b = await writeSynthRecording({ seed: 7, ...SHORT }, join(dir, 'b'));
    const c = await writeSynthRecording({ seed: 8, ...SHORT }, join(dir, 'c'));
    for (let i = 0; i < a.files.length; i++) {
      expect(readFileSync(a.files[i]!).equals(readFileSync(b.files[i]!))).toBe(true);
      expect(readFileSync(a.files[i]!).equals(readFileSync(c.files[i]!))).toBe(false);
    }
    expect(a.counts).toEqual(b.counts);
  });

  it('writes a gzip header without a time and a # header line with generator, seed and parameters', () => {
    for (const file of week.files) {
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]); // no FNAME flag, mtime 0
      const [first, second] = readLines(file);
      expect(first).toMatch(/^# repeg NDJSON v1 \| SYNTHETIC .*generator: repeg backtest\/synth \| seed: 42 \| params: \{/);
      expect(JSON.parse(first!.slice(first!.indexOf('params: ') + 8))).toEqual(parseSynthParams({ seed: 42 }));
      expect(second!.startsWith('#')).toBe(false);
    }
  });

  it('delivers both files in non-decreasing receive time with the documented latencies', () => {
    for (const [events, min, max] of [
      [equity, 2_000, 20_000],
      [pool, 300_000, 1_500_000],
    ] as const) {
      for (let i = 1; i < events.length; i++) expect(events[i]!.tsRecv).toBeGreaterThanOrEqual(events[i - 1]!.tsRecv);
      for (const e of events) {
        expect(e.tsRecv - e.tsEvent).toBeGreaterThanOrEqual(min);
        expect(e.tsRecv - e.tsEvent).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('TSLA quotes', () => {
  it('exist only in pre, regular and post sessions of trading days, never at the weekend', () => {
    const quotes = ofType(equity, 'equity.quote');
    const sessions = new Map<string, number>();
    for (const q of quotes) {
      const session = calendar.sessionAt(q.tsEvent);
      sessions.set(session, (sessions.get(session) ?? 0) + 1);
      expect(calendar.isTradingDay(calendar.etDate(q.tsEvent))).toBe(true);
    }
    expect(Object.fromEntries(sessions)).toEqual({ pre: 3 * 660, regular: 3 * 4680, post: 3 * 480 });
    expect(new Set(quotes.map((q) => calendar.etDate(q.tsEvent)))).toEqual(new Set(['2026-03-05', '2026-03-06', '2026-03-09']));
    // Pre-market opens at 04:00 ET: 09:00 UTC before the DST switch, 08:00 UTC after it.
    expect(quotes[0]!.tsEvent).toBe(microsFromIso('2026-03-05T09:00:00Z'));
    expect(quotes.find((q) => calendar.etDate(q.tsEvent) === '2026-03-09')!.tsEvent).toBe(microsFromIso('2026-03-09T08:00:00Z'));
    expect(quotes.at(-1)!.tsEvent).toBe(microsFromIso('2026-03-09T23:59:30Z'));
  });

  it('quote 1–4 cents wide around the mid, in round lots of 100–900', () => {
    for (const q of ofType(equity, 'equity.quote')) {
      const spreadCents = Math.round((q.ask - q.bid) * 100);
      expect(spreadCents).toBeGreaterThanOrEqual(1);
      expect(spreadCents).toBeLessThanOrEqual(4);
      expect(Math.round(q.bid * 100)).toBeCloseTo(q.bid * 100, 6);
      for (const size of [q.bidSize, q.askSize]) {
        expect(size % 100).toBe(0);
        expect(size).toBeGreaterThanOrEqual(100);
        expect(size).toBeLessThanOrEqual(900);
      }
    }
  });

  it('show the overnight gap in the first pre-market quote', () => {
    // Without intraday volatility, everything between Thursday's last quote and Friday's first is the gap.
    const calm = synthEvents({ start: '2026-03-05T19:00:00-05:00', end: '2026-03-06T05:00:00-05:00', equity: { annualVol: 1e-9, overnightGapSd: 0.2 } });
    const quotes = ofType([...calm.equity], 'equity.quote');
    const mid = (q: EquityQuote) => (q.bid + q.ask) / 2;
    const thursday = quotes.filter((q) => calendar.etDate(q.tsEvent) === '2026-03-05');
    const friday = quotes.filter((q) => calendar.etDate(q.tsEvent) === '2026-03-06');
    expect(friday[0]!.tsEvent).toBe(microsFromIso('2026-03-06T04:00:00-05:00'));
    expect(Math.abs(mid(friday[0]!) - mid(thursday.at(-1)!))).toBeGreaterThan(0.5);
    for (const day of [thursday, friday]) for (const q of day) expect(Math.abs(mid(q) - mid(day[0]!))).toBeLessThanOrEqual(0.02);
  });
});

describe('market.status', () => {
  it('starts closed and falls exactly on each regular open and close, across the DST switch', () => {
    const statuses = ofType(equity, 'market.status').map((e) => [new Date(e.tsEvent / 1000).toISOString(), e.status]);
    expect(statuses).toEqual([
      ['2026-03-05T05:00:00.000Z', 'closed'],
      ['2026-03-05T14:30:00.000Z', 'open'],
      ['2026-03-05T21:00:00.000Z', 'closed'],
      ['2026-03-06T14:30:00.000Z', 'open'],
      ['2026-03-06T21:00:00.000Z', 'closed'],
      ['2026-03-09T13:30:00.000Z', 'open'],
      ['2026-03-09T20:00:00.000Z', 'closed'],
    ]);
    for (const e of ofType(equity, 'market.status').slice(1)) {
      const hours = calendar.regularHours(calendar.etDate(e.tsEvent))!;
      expect(e.tsEvent).toBe(e.status === 'open' ? hours.open : hours.close);
    }
  });
});

describe('the pool', () => {
  it('replays exactly: every state follows from the first one by the V2 formula', () => {
    const [first, ...rest] = pool;
    expect(first).toMatchObject({ type: 'pool.state', pool: POOL, reserve0: 40n * TSLAX, reserve1: 10_000n * USDC });
    let { reserve0, reserve1 } = first as PoolState;
    let pendingState = false;
    for (const e of rest) {
      expect(e.tsEvent % (12 * MICROS_PER_SECOND)).toBe(0);
      if (e.type === 'pool.swap') {
        expect(pendingState).toBe(false);
        const sells = e.amount0In > 0n;
        expect(sells ? e.amount1In : e.amount0In).toBe(0n);
        expect(sells ? e.amount0Out : e.amount1Out).toBe(0n);
        if (sells) {
          expect(e.amount1Out).toBe(getAmountOut(e.amount0In, reserve0, reserve1, 3000n));
          expect(e.amount1Out).toBeGreaterThan(0n);
          expect(e.amount1Out).toBeLessThan(reserve1);
          reserve0 += e.amount0In;
          reserve1 -= e.amount1Out;
        } else {
          expect(e.amount1In).toBeGreaterThan(0n);
          expect(e.amount0Out).toBe(getAmountOut(e.amount1In, reserve1, reserve0, 3000n));
          expect(e.amount0Out).toBeGreaterThan(0n);
          expect(e.amount0Out).toBeLessThan(reserve0);
          reserve1 += e.amount1In;
          reserve0 -= e.amount0Out;
        }
        pendingState = true;
      } else if (e.type === 'pool.liquidity') {
        expect(pendingState).toBe(false);
        reserve0 += e.amount0;
        reserve1 += e.amount1;
        pendingState = true;
      } else {
        expect(e).toMatchObject({ type: 'pool.state', reserve0, reserve1 });
        pendingState = false;
      }
    }
    expect(pendingState).toBe(false);
  });

  it('spikes more than 4x within a minute of the Friday 14:05 ET fat-finger buy', () => {
    const spikeAt = microsFromIso('2026-03-06T14:05:00-05:00');
    const states = ofType(pool, 'pool.state');
    const before = states.filter((s) => s.tsEvent < spikeAt).at(-1)!;
    const within = states.filter((s) => s.tsEvent >= spikeAt && s.tsEvent <= spikeAt + 60 * MICROS_PER_SECOND);
    expect(Math.max(...within.map(poolPrice)) / poolPrice(before)).toBeGreaterThan(4);
    const swapsAt = (iso: string) => ofType(pool, 'pool.swap').filter((s) => s.tsEvent === microsFromIso(iso));
    expect(swapsAt('2026-03-06T14:05:00-05:00').map((s) => s.amount1In)).toContain(15_000n * USDC);
    expect(swapsAt('2026-03-06T14:05:24-05:00').map((s) => s.amount1In)).toContain(1_000n * USDC);
    expect(swapsAt('2026-03-06T14:06:00-05:00').map((s) => s.amount1In)).toContain(600n * USDC);
  });

  it('holds the weekend buy, the Monday panic sell and the liquidity add at their times', () => {
    const swapsAt = (iso: string) => ofType(pool, 'pool.swap').filter((s) => s.tsEvent === microsFromIso(iso));
    expect(swapsAt('2026-03-07T11:00:00-05:00').map((s) => s.amount1In)).toContain(3_000n * USDC);
    expect(swapsAt('2026-03-09T10:45:00-04:00').map((s) => s.amount0In)).toContain(12n * TSLAX);
    const [add] = ofType(pool, 'pool.liquidity');
    expect(add!.tsEvent).toBe(microsFromIso('2026-03-09T16:00:00Z'));
    expect(add!.amount0).toBe(5n * TSLAX);
    const before = pool[pool.indexOf(add!) - 1] as PoolState;
    expect(before.type).toBe('pool.state');
    expect(add!.amount1).toBe((add!.amount0 * before.reserve1) / before.reserve0);
  });

  it('is pulled back toward fair value by arbitrage after the spike', () => {
    const synth = synthEvents({ seed: 42 });
    const states = ofType(pool, 'pool.state');
    const premiumAt = (iso: string) => {
      const ts = microsFromIso(iso);
      return poolPrice(states.filter((s) => s.tsEvent <= ts).at(-1)!) / synth.model.fair.at(ts) - 1;
    };
    expect(premiumAt('2026-03-06T14:07:00-05:00')).toBeGreaterThan(3);
    expect(premiumAt('2026-03-06T14:07:00-05:00')).toBeGreaterThan(premiumAt('2026-03-06T16:00:00-05:00'));
    expect(premiumAt('2026-03-06T16:00:00-05:00')).toBeGreaterThan(premiumAt('2026-03-06T20:00:00-05:00'));
  });
});

describe('the CEX book', () => {
  it('numbers its updates without a gap, never crosses, and trades at the touch', () => {
    const books = ofType(cex, 'cex.book');
    let lastSeq = 0;
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let nextTradeCheck = 0;
    const trades = ofType(cex, 'cex.trade');
    for (const b of books) {
      expect(b.firstSeq).toBe(lastSeq + 1);
      lastSeq = b.lastSeq!;
      if (b.snapshot) {
        bids.clear();
        asks.clear();
      }
      for (const [side, levels] of [[bids, b.bids], [asks, b.asks]] as const) {
        for (const [p, q] of levels) {
          if (q === 0) side.delete(p);
          else side.set(p, q);
        }
      }
      const bestBid = Math.max(...bids.keys());
      const bestAsk = Math.min(...asks.keys());
      expect(bestBid).toBeLessThan(bestAsk);
      // Trades before the next update happen at this book's touch.
      const next = books[books.indexOf(b) + 1]?.tsEvent ?? Number.POSITIVE_INFINITY;
      for (; nextTradeCheck < trades.length && trades[nextTradeCheck]!.tsEvent < next; nextTradeCheck++) {
        const t = trades[nextTradeCheck]!;
        if (t.tsEvent > b.tsEvent) expect(t.price).toBe(t.side === 'buy' ? bestAsk : bestBid);
      }
    }
    expect(trades.length).toBeGreaterThan(6_000);
  });

  it('keeps its mid within a few basis-point sds of the latent fair price', () => {
    const s = synthEvents({ seed: 42 });
    let worst = 0;
    for (const b of ofType(cex, 'cex.book')) {
      if (!b.snapshot) continue;
      const mid = (b.bids[0]![0] + b.asks[0]![0]) / 2;
      worst = Math.max(worst, Math.abs(mid / s.model.fair.at(b.tsEvent) - 1));
    }
    expect(worst).toBeLessThan(0.0125); // 5 sd of 25 bps
  });
});

describe('the latent fair price', () => {
  it('is the TSLA mid in regular hours and joins it continuously at the open and close', () => {
    const { path, fair } = synthEvents({ seed: 42 }).model;
    const open = microsFromIso('2026-03-06T09:30:00-05:00');
    const close = microsFromIso('2026-03-06T16:00:00-05:00');
    expect(fair.at(open + 3_600 * MICROS_PER_SECOND)).toBe(path.midAt(open + 3_600 * MICROS_PER_SECOND));
    expect(fair.at(open - 1) / path.midAt(open)).toBeCloseTo(1, 4);
    expect(fair.at(close) / path.midAt(close - 1)).toBeCloseTo(1, 9);
  });
});

describe('parseSynthParams', () => {
  it('fills every default and refuses unknown or invalid fields', () => {
    const params = parseSynthParams({});
    expect(params).toMatchObject({ seed: 42, start: '2026-03-05T00:00:00-05:00', end: '2026-03-10T00:00:00-04:00' });
    expect(params.pool.scripted).toHaveLength(6);
    expect(() => parseSynthParams({ seed: -1 })).toThrow(/seed/);
    expect(() => parseSynthParams({ start: '2026-03-05T00:00:00' })).toThrow(/start/);
    expect(() => parseSynthParams({ start: '2026-03-06T00:00:00Z', end: '2026-03-05T00:00:00Z' })).toThrow(/end: start must be before end/);
    expect(() => parseSynthParams({ equity: { volatility: 0.5 } } as never)).toThrow(/Unrecognized key/);
  });
});
