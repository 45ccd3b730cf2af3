import { UsEquityCalendar } from '../../core/calendar/us-equity';
import { RecordingSink } from '../../test/support/recording-sink';
import { Order, type OrderRequest } from '../../core/orders';
import { microsFromIso } from '../../core/time';
import { type SimBrokerConfig, SimBrokerVenue } from './broker-venue';

function setUp(startIso: string, overrides: Partial<SimBrokerConfig> = {}) {
  let now = microsFromIso(startIso);
  const venue = new SimBrokerVenue(
    {
      venue: 'broker', account: 'broker', currency: 'USD', slippageBps: 2, commissionPerShare: 0.005, maxQuoteAgeUs: 60_000_000,
      cashAccount: false, buyingPowerMultiplier: 2, allowShort: true, balances: { USD: 100_000, TSLA: 10 }, ...overrides,
    },
    new UsEquityCalendar(),
    () => now,
  );
  const sink = new RecordingSink();
  const { fills, events } = sink;
  venue.bind(sink);
  const quote = (bid: number, ask: number) => venue.onMarketData({ type: 'equity.quote', tsEvent: now, tsRecv: now, symbol: 'TSLA', bid, bidSize: 300, ask, askSize: 200 });
  let n = 0;
  const send = (r: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'qty'>) => {
    const order = new Order(`o${++n}`, 's', { venue: 'broker', instrument: 'TSLA', type: 'market', ...r }, now);
    order.transition('submitted');
    venue.submit(order);
    return order;
  };
  return { venue, fills, events, quote, send, at: (iso: string) => (now = microsFromIso(iso)), reasons: () => events.map((e) => e.reason) };
}

const FRIDAY_10AM = '2026-03-06T15:00:00Z';

describe('SimBrokerVenue', () => {
  it('fills market orders in the session at the touch moved by the slippage, rounded against the trader, with commission', () => {
    const b = setUp(FRIDAY_10AM);
    b.quote(250.1, 250.14);
    b.send({ side: 'buy', qty: 10 });
    b.send({ side: 'sell', qty: 4 });
    expect(b.fills.map((f) => [f.side, f.qty, f.price, f.fee])).toEqual([
      ['buy', 10, 250.1901, 0.05], // 250.14 x 1.0002 = 250.190028, rounded up to the $0.0001 grid
      ['sell', 4, 250.0499, 0.02], // 250.10 x 0.9998 = 250.04998, rounded down
    ]);
  });

  it('takes only extended-hours limit orders in pre-market, and nothing at the weekend', () => {
    const pre = setUp('2026-03-06T12:00:00Z'); // 07:00 ET
    pre.quote(249, 249.2);
    pre.send({ side: 'buy', qty: 1 });
    pre.send({ side: 'buy', qty: 1, type: 'limit', price: 250 });
    pre.send({ side: 'buy', qty: 1, type: 'limit', price: 250, extendedHours: true });
    expect(pre.reasons()).toEqual(['market closed: market orders fill only in the regular US session', expect.stringMatching(/^market closed \(pre\)/)]);
    expect(pre.fills.map((f) => f.price)).toEqual([249.2499]);
    const weekend = setUp('2026-03-07T16:00:00Z');
    weekend.quote(249, 249.2);
    weekend.send({ side: 'buy', qty: 1, type: 'limit', price: 250, extendedHours: true });
    expect(weekend.reasons()).toEqual([expect.stringMatching(/^market closed \(weekend\)/)]);
  });

  it('rests a limit order, fills it on a quote that makes it marketable, and expires day orders at the close', () => {
    const b = setUp(FRIDAY_10AM);
    b.quote(250, 250.05);
    const rests = b.send({ side: 'buy', qty: 2, type: 'limit', price: 249.5, timeInForce: 'day' });
    const lingers = b.send({ side: 'buy', qty: 2, type: 'limit', price: 240, timeInForce: 'day' });
    b.send({ side: 'buy', qty: 2, type: 'limit', price: 240, timeInForce: 'ioc' });
    expect(b.events.map((e) => e.status)).toEqual(['accepted', 'accepted', 'expired']);
    b.at('2026-03-06T15:00:05Z');
    b.quote(249.3, 249.4);
    expect(b.fills.map((f) => [f.orderId, f.price])).toEqual([[rests.id, 249.4499]]);
    b.at('2026-03-06T21:00:01Z'); // 16:00:01 ET
    b.quote(249.3, 249.4);
    expect(b.events.at(-1)).toMatchObject({ orderId: lingers.id, status: 'expired', reason: 'the regular session ended' });
  });

  it('trades nothing in a halted symbol', () => {
    const b = setUp(FRIDAY_10AM);
    b.quote(250, 250.05);
    b.venue.onMarketData({ type: 'market.status', tsEvent: 0, tsRecv: 0, symbol: 'TSLA', status: 'halted' });
    b.send({ side: 'buy', qty: 1 });
    expect(b.reasons()).toEqual(['TSLA is halted']);
  });

  it('limits buys by buying power and, in a cash account, waits for sale proceeds to settle T+1', () => {
    const cash = setUp('2026-03-06T19:00:00Z', { cashAccount: true, buyingPowerMultiplier: 1, allowShort: false, balances: { USD: 1_000, TSLA: 10 } });
    cash.quote(250, 250.05);
    cash.send({ side: 'sell', qty: 10 }); // 2,499.50 arrives T+1
    cash.send({ side: 'buy', qty: 5 }); // 1,250 > 1,000 settled
    cash.send({ side: 'sell', qty: 1 }); // no shares left, no shorting
    expect(cash.reasons()).toEqual([expect.stringMatching(/^insufficient buying power: 1250\.25 needed, 1000\.00 available/), 'insufficient TSLA: 0 available, short selling not allowed']);
    cash.at('2026-03-09T13:30:00Z'); // Monday's open (EDT): the Friday sale settles
    cash.quote(250, 250.05);
    expect(cash.venue.cash()).toBeCloseTo(1_000 + 10 * 249.95 - 0.05, 6);
    cash.send({ side: 'buy', qty: 5 });
    expect(cash.fills).toHaveLength(2);
  });
});
