import { UsEquityCalendar } from './calendar/us-equity';
import type { MarketDataEvent } from './events';
import { FairValueService, type TokenFairValueConfig } from './fair-value';
import { InstrumentRegistry } from './instruments';
import { microsFromIso } from './time';

function setUp(config: Partial<TokenFairValueConfig> = {}) {
  let now = 0;
  const instruments = new InstrumentRegistry([
    { kind: 'equity', id: 'TSLA', symbol: 'TSLA', currency: 'USD' },
    { kind: 'tokenized-stock', id: 'TSLAx', symbol: 'TSLAx', chain: 'ethereum', decimals: 18, underlying: 'TSLA', multiplier: 1 },
  ]);
  const fv = new FairValueService(instruments, new UsEquityCalendar(), () => now, { TSLAx: config });
  const at = (iso: string) => (now = microsFromIso(iso));
  const feed = (e: Partial<MarketDataEvent> & Pick<MarketDataEvent, 'type'>) => fv.onMarketData({ tsEvent: now, tsRecv: now, ...e } as MarketDataEvent);
  const quote = (mid: number) => feed({ type: 'equity.quote', symbol: 'TSLA', bid: mid - 0.01, bidSize: 100, ask: mid + 0.01, askSize: 100 });
  return { fv, at, feed, quote };
}

describe('FairValueService', () => {
  it('is the underlying mid x multiplier with a tight band in the regular session', () => {
    const { fv, at, quote } = setUp();
    at('2026-03-06T15:00:00Z'); // Fri 10:00 ET
    quote(250);
    expect(fv.get('TSLAx')).toMatchObject({ price: 250, marketOpen: true, session: 'regular', source: 'underlying', tradable: true });
    expect(fv.get('TSLAx')!.band).toBeCloseTo(250 * 5e-4, 9); // 5 bps base
  });

  it('widens the band with the square root of the time since the last print while closed', () => {
    const { fv, at, quote } = setUp();
    at('2026-03-06T20:59:00Z'); // Fri 15:59 ET
    quote(250);
    at('2026-03-07T16:59:00Z'); // Sat, 20 h later
    const f = fv.get('TSLAx')!;
    expect(f).toMatchObject({ price: 250, marketOpen: false, session: 'weekend', source: 'last-print' });
    expect(f.band).toBeCloseTo((250 * (5 + 60 * Math.sqrt(20))) / 10_000, 9);
  });

  it('uses a fresh 24/7 reference while the underlying is closed, and not during the session', () => {
    const { fv, at, quote, feed } = setUp({ reference: { market: 'kraken:TSLAx/USD', kind: 'token', maxAgeSec: 300 } });
    at('2026-03-06T20:59:00Z');
    quote(250);
    at('2026-03-07T16:00:00Z');
    feed({ type: 'cex.quote', market: 'kraken:TSLAx/USD', bid: 259, bidSize: 3, ask: 261, askSize: 2 });
    expect(fv.get('TSLAx')).toMatchObject({ price: 260, source: 'reference', session: 'weekend' });
    at('2026-03-07T16:10:00Z'); // the reference is 10 min old: past its 300 s limit
    expect(fv.get('TSLAx')).toMatchObject({ price: 250, source: 'last-print' });
    at('2026-03-09T14:00:00Z'); // Monday 10:00 EDT: the session is open, the underlying rules
    quote(255);
    feed({ type: 'cex.quote', market: 'kraken:TSLAx/USD', bid: 300, bidSize: 3, ask: 302, askSize: 2 });
    expect(fv.get('TSLAx')).toMatchObject({ price: 255, source: 'underlying' });
  });

  it('marks a halted underlying as halted and not open', () => {
    const { fv, at, quote, feed } = setUp();
    at('2026-03-06T15:00:00Z');
    quote(250);
    feed({ type: 'market.status', symbol: 'TSLA', status: 'halted' });
    expect(fv.get('TSLAx')).toMatchObject({ marketOpen: false, session: 'halted', status: 'halted' });
  });

  it('stops trading around a multiplier change made while closed until the first regular print after it', () => {
    const { fv, at, quote, feed } = setUp();
    at('2026-03-06T20:00:00Z');
    quote(250);
    // A 2-for-1 split activating Monday 00:00 UTC (Sunday evening ET), announced Friday.
    feed({ type: 'corporate.action', token: 'TSLAx', newMultiplier: 2, activation: microsFromIso('2026-03-09T00:00:00Z') });
    expect(fv.get('TSLAx')).toMatchObject({ multiplier: 1, tradable: true });
    at('2026-03-08T23:30:00Z'); // 30 min before activation: inside the one-hour pause
    expect(fv.get('TSLAx')).toMatchObject({ multiplier: 1, tradable: false });
    at('2026-03-09T01:00:00Z');
    expect(fv.get('TSLAx')).toMatchObject({ multiplier: 2, price: 500, tradable: false });
    at('2026-03-09T12:00:00Z'); // pre-market print: not yet a regular print
    quote(126);
    expect(fv.get('TSLAx')!.tradable).toBe(false);
    at('2026-03-09T13:30:00Z'); // the open
    quote(125);
    expect(fv.get('TSLAx')).toMatchObject({ multiplier: 2, price: 250, tradable: true });
  });

  it('ignores one-sided quotes', () => {
    const { fv, at, quote, feed } = setUp();
    at('2026-03-06T15:00:00Z');
    quote(250);
    at('2026-03-06T15:00:01Z');
    feed({ type: 'equity.quote', symbol: 'TSLA', bid: 0, bidSize: 0, ask: 999, askSize: 100 });
    expect(fv.get('TSLAx')!.price).toBe(250);
    expect(fv.get('TSLAx')!.updatedAt).toBe(microsFromIso('2026-03-06T15:00:00Z'));
  });
});
