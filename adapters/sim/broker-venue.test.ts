import type { Fill, OrderEvent } from '../../core/events';
import { Order } from '../../core/orders';
import { SimBrokerVenue } from './broker-venue';

function setUp(open: boolean) {
  let now = 1_000_000;
  const venue = new SimBrokerVenue(
    { venue: 'broker', account: 'broker', currency: 'USD', slippageBps: 2, commissionPerShare: 0.005, maxQuoteAgeUs: 60_000_000 },
    { isRegularOpen: () => open },
    () => now,
  );
  const fills: Fill[] = [];
  const events: OrderEvent[] = [];
  venue.bind({ fill: (f) => fills.push(f), orderEvent: (e) => events.push(e), marketData: () => {}, transfer: () => {} });
  venue.onMarketData({ type: 'equity.quote', tsEvent: now, tsRecv: now, symbol: 'TSLA', bid: 250.1, bidSize: 300, ask: 250.14, askSize: 200 });
  const send = (side: 'buy' | 'sell', qty: number, extra: { type?: 'market' | 'limit'; price?: number } = {}) => {
    const order = new Order(`o${fills.length + events.length}`, 's', { venue: 'broker', instrument: 'TSLA', side, type: extra.type ?? 'market', qty, price: extra.price }, now);
    order.transition('submitted');
    venue.submit(order);
  };
  return { venue, fills, events, send, advance: (us: number) => (now += us) };
}

describe('SimBrokerVenue', () => {
  it('fills market orders at the touch moved by the slippage, with commission per share', () => {
    const { fills, send } = setUp(true);
    send('buy', 10);
    send('sell', 4);
    expect(fills.map((f) => [f.side, f.qty, f.price, f.fee])).toEqual([
      ['buy', 10, 250.1901, 0.05], // 250.14 x 1.0002 = 250.190028, rounded up to the $0.0001 grid
      ['sell', 4, 250.0499, 0.02], // 250.10 x 0.9998 = 250.04998, rounded down
    ]);
  });

  it('rejects outside the regular session, on a stale quote, past the order limit, and limit orders', () => {
    const closed = setUp(false);
    closed.send('buy', 1);
    expect(closed.events.map((e) => [e.status, e.reason])).toEqual([['rejected', 'market closed: the broker fills only in the regular US session']]);

    const open = setUp(true);
    open.send('buy', 1, { price: 250.1 });
    open.send('buy', 1, { type: 'limit', price: 251 });
    open.advance(61_000_000);
    open.send('buy', 1);
    expect(open.fills).toHaveLength(0);
    expect(open.events.map((e) => e.reason)).toEqual([
      'price 250.1901 beyond the order\'s limit 250.1',
      'the simulated broker fills market orders only',
      'no fresh quote for TSLA',
    ]);
  });
});
