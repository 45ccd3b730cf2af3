import { UsEquityCalendar } from '../../core/calendar/us-equity';
import { TestClock } from '../../core/clock';
import { FairValueService } from '../../core/fair-value';
import { InstrumentRegistry } from '../../core/instruments';
import { RecordingSink } from '../../test/support/recording-sink';
import { Order } from '../../core/orders';
import { isoFromMicros, microsFromIso } from '../../core/time';
import { SimMintRedeemVenue } from './mint-redeem-venue';
import { SimWallets } from './wallets';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

function setUp(startIso: string) {
  const clock = new TestClock(microsFromIso(startIso));
  const instruments = new InstrumentRegistry([
    { kind: 'equity', id: 'TSLA', symbol: 'TSLA', currency: 'USD' },
    { kind: 'token', id: 'USDC', symbol: 'USDC', chain: 'ethereum', decimals: 6, usdPeg: 1 },
    { kind: 'tokenized-stock', id: 'TSLAx', symbol: 'TSLAx', chain: 'ethereum', decimals: 18, underlying: 'TSLA', multiplier: 1 },
  ]);
  const calendar = new UsEquityCalendar();
  const fairValue = new FairValueService(instruments, calendar, () => clock.now());
  const wallets = new SimWallets();
  wallets.move('wallet', 'USDC', 10_000n * E6);
  wallets.move('wallet', 'TSLAx', 5n * E18);
  const venue = new SimMintRedeemVenue(
    { venue: 'issuer', walletAccount: 'wallet', pendingAccount: 'pending', feeBps: 50, minQty: 1, settlementDays: 1 },
    new Map([['TSLAx', { token: instruments.chainAsset('TSLAx'), cash: instruments.chainAsset('USDC') }]]),
    { wallets, fairValue, calendar, clock },
  );
  const sink = new RecordingSink();
  const { fills, events, transfers } = sink;
  venue.bind(sink);
  const quote = (mid: number) => {
    const q = { type: 'equity.quote' as const, tsEvent: clock.now(), tsRecv: clock.now(), symbol: 'TSLA', bid: mid - 0.01, bidSize: 100, ask: mid + 0.01, askSize: 100 };
    fairValue.onMarketData(q);
    venue.onMarketData(q);
  };
  const send = (side: 'buy' | 'sell', qty: number) => {
    const order = new Order(`o${events.length}`, 's', { venue: 'issuer', instrument: 'TSLAx', asset: 'TSLAx', side, type: 'market', qty }, clock.now());
    order.transition('submitted');
    venue.submit(order);
    return order;
  };
  return { clock, wallets, venue, fills, events, transfers, quote, send };
}

describe('SimMintRedeemVenue', () => {
  it('mints at fair value plus the fee, and delivers T+1 at the open, across a weekend', () => {
    const h = setUp('2026-03-06T19:05:00Z'); // Friday 14:05 ET
    h.quote(250);
    h.send('buy', 20);
    expect(h.fills).toMatchObject([{ side: 'buy', qty: 20, price: 250, account: 'pending' }]);
    expect(h.fills[0]!.fee).toBeCloseTo(25, 6); // 50 bps of 5,000
    expect(h.wallets.balance('wallet', 'USDC')).toBe(10_000n * E6 - 5_025n * E6);
    expect(h.wallets.balance('wallet', 'TSLAx')).toBe(5n * E18);
    h.clock.advanceTo(microsFromIso('2026-03-09T13:29:59Z'));
    expect(h.wallets.balance('wallet', 'TSLAx')).toBe(5n * E18);
    h.clock.advanceTo(microsFromIso('2026-03-09T13:30:00Z')); // Monday's open (EDT): T+1
    expect(h.wallets.balance('wallet', 'TSLAx')).toBe(25n * E18);
    expect(h.transfers.map((t) => [t.fromAccount, t.toAccount, t.asset, t.qty, isoFromMicros(t.ts)])).toEqual([
      ['wallet', 'pending', 'USDC', 5_025, '2026-03-06T19:05:00.000Z'],
      ['pending', 'wallet', 'TSLAx', 20, '2026-03-09T13:30:00.000Z'],
    ]);
  });

  it('redeems at fair value less the fee, waiting for the open when asked while closed', () => {
    const h = setUp('2026-03-07T16:00:00Z'); // Saturday
    h.quote(250);
    h.send('sell', 4);
    expect(h.fills).toHaveLength(0);
    expect(h.events.map((e) => e.status)).toEqual(['accepted']);
    h.clock.advanceTo(microsFromIso('2026-03-09T13:30:05Z'));
    h.quote(252);
    expect(h.fills).toMatchObject([{ side: 'sell', qty: 4, price: 252 }]);
    expect(h.wallets.balance('wallet', 'TSLAx')).toBe(1n * E18);
    h.clock.advanceTo(microsFromIso('2026-03-10T13:30:00Z')); // Tuesday open: T+1
    // 4 x 252 = 1,008 less 50 bps = 1,002.96 USDC
    expect(h.wallets.balance('wallet', 'USDC')).toBe(10_000n * E6 + 1_002_960_000n);
  });

  it('refuses orders below the minimum and mints it cannot pay for', () => {
    const h = setUp('2026-03-06T19:05:00Z');
    h.quote(250);
    h.send('buy', 0.5);
    h.send('buy', 100); // 25,125 USDC > 10,000
    expect(h.events.filter((e) => e.status === 'rejected').map((e) => e.reason)).toEqual(["below the issuer's minimum of 1 tokens", 'insufficient USDC to mint']);
  });
});
