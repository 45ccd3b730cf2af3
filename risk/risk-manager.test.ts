import { TestClock } from '../core/clock';
import type { EquityQuote, Fill, OrderDenied, TradingStateChanged } from '../core/events';
import type { ExecutionClient, ExecutionSink } from '../core/execution';
import { FairValueService } from '../core/fair-value';
import { InstrumentRegistry } from '../core/instruments';
import type { Logger } from '../core/log';
import type { Order } from '../core/orders';
import { Portfolio } from '../core/portfolio';
import type { StrategyContext, StrategyHandlers } from '../core/strategy';
import { Topics } from '../core/topics';
import { assembleKernel } from '../bots/assemble';
import { type RiskConfigInput, riskConfigSchema } from './config';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A venue that fills every market order at a fixed price: enough to see what passes the gate. */
class InstantFillVenue implements ExecutionClient {
  readonly venue = 'broker';
  private sink!: ExecutionSink;
  constructor(private readonly clock: TestClock) {}
  bind(sink: ExecutionSink) {
    this.sink = sink;
  }
  async connect() {}
  async disconnect() {}
  submit(order: Order) {
    const r = order.request;
    this.sink.fill({
      type: 'fill', ts: this.clock.now(), orderId: order.id, strategyId: order.strategyId, venue: this.venue, asset: r.instrument,
      quoteAsset: 'USD', account: 'broker', side: r.side, qty: r.qty, price: 100, fee: 0, gasUsd: 0, liquidity: 'taker',
    });
  }
  cancel() {}
}

/** Sends the orders it is told to on each quote and records what comes back. */
class ScriptedStrategy implements StrategyHandlers {
  readonly id = 'scripted';
  ctx!: StrategyContext;
  denials: OrderDenied[] = [];
  fills: Fill[] = [];
  states: TradingStateChanged[] = [];
  script: { side: 'buy' | 'sell'; qty: number }[] = [];
  onStart(ctx: StrategyContext) {
    this.ctx = ctx;
    ctx.subscribe(Topics.equityQuotes('TSLA'));
  }
  onEquityQuote() {
    for (const o of this.script.splice(0)) {
      const order = this.ctx.submit({ venue: 'broker', instrument: 'TSLA', side: o.side, type: 'market', qty: o.qty });
      // The refusal is visible at once on the order, and later as an event: never as an exception.
      if (order.status === 'denied') expect(this.denials.some((d) => d.orderId === order.id)).toBe(false);
    }
  }
  onOrderDenied(e: OrderDenied) {
    this.denials.push(e);
  }
  onFill(f: Fill) {
    this.fills.push(f);
  }
  onTradingState(e: TradingStateChanged) {
    this.states.push(e);
  }
}

async function setUp(limits: RiskConfigInput = {}) {
  const clock = new TestClock(0);
  const instruments = new InstrumentRegistry([{ kind: 'equity', id: 'TSLA', symbol: 'TSLA', currency: 'USD' }]);
  const portfolio = new Portfolio({ USD: 1 });
  portfolio.deposit('broker', 'USD', 1_000_000);
  const hours = { isRegularOpen: () => true, sessionAt: () => 'regular' as const };
  const fairValue = new FairValueService(instruments, hours, () => clock.now());
  const config = riskConfigSchema.parse({ global: { maxOrdersPerSecond: 3 }, assets: { default: { maxOrderNotionalUsd: 5_000, maxPosition: 80 } }, ...limits });
  const { kernel, risk } = assembleKernel({ clock, instruments, portfolio, fairValue, hours, log: silent, risk: config, cashAssets: new Set(['USD']) });
  kernel.addVenue(new InstantFillVenue(clock));
  const strategy = new ScriptedStrategy();
  kernel.addStrategy(strategy);
  await kernel.start();
  let t = 0;
  const quote = () => {
    t += 10_000; // 10 ms apart
    clock.advanceTo(t);
    kernel.onMarketData({ type: 'equity.quote', tsEvent: t, tsRecv: t, symbol: 'TSLA', bid: 99.99, bidSize: 100, ask: 100.01, askSize: 100 } satisfies EquityQuote);
  };
  return { strategy, risk, portfolio, quote, clock };
}

describe('RiskManager in the order path', () => {
  it('delivers each refusal to the strategy as an order.denied event with a typed reason', async () => {
    const { strategy, quote, portfolio } = await setUp();
    quote(); // fair value exists from here on
    strategy.script = [
      { side: 'buy', qty: 60 }, // 6,000 USD > 5,000 notional limit
      { side: 'buy', qty: 45 }, // passes
      { side: 'buy', qty: 45 }, // position would be 90 > 80
      { side: 'sell', qty: 45 }, // passes (reduces)
    ];
    quote();
    expect(strategy.denials.map((d) => d.reason)).toEqual(['MAX_ORDER_NOTIONAL', 'MAX_POSITION']);
    expect(strategy.fills.map((f) => [f.side, f.qty])).toEqual([
      ['buy', 45],
      ['sell', 45],
    ]);
    expect(portfolio.position('broker', 'TSLA')).toBe(0);
  });

  it('caps the order rate over a sliding second', async () => {
    const { strategy, quote } = await setUp();
    quote();
    strategy.script = Array.from({ length: 5 }, () => ({ side: 'buy' as const, qty: 1 }));
    quote();
    expect(strategy.fills).toHaveLength(3);
    expect(strategy.denials.map((d) => d.reason)).toEqual(['MAX_ORDER_RATE', 'MAX_ORDER_RATE']);
  });

  it('in reducing passes only orders that shrink the position, in halted nothing, and reports each change', async () => {
    const { strategy, risk, quote } = await setUp({ global: { maxOrdersPerSecond: 100 } });
    quote();
    strategy.script = [{ side: 'buy', qty: 10 }];
    quote();
    risk.setState('reducing', 'drawdown soft limit');
    strategy.script = [
      { side: 'buy', qty: 1 },
      { side: 'sell', qty: 15 }, // would flip to short 5: not a reduction
      { side: 'sell', qty: 4 },
    ];
    quote();
    risk.setState('halted', 'kill switch');
    strategy.script = [{ side: 'sell', qty: 1 }];
    quote();
    expect(strategy.denials.map((d) => d.reason)).toEqual(['REDUCING_ONLY', 'REDUCING_ONLY', 'TRADING_HALTED']);
    expect(strategy.fills.map((f) => f.qty)).toEqual([10, 4]);
    expect(strategy.states.map((s) => `${s.scope} ${s.from}->${s.to}: ${s.reason}`)).toEqual(['global active->reducing: drawdown soft limit', 'global reducing->halted: kill switch']);
  });

  it('denies an order it cannot value', async () => {
    const { strategy, quote } = await setUp();
    quote();
    const order = strategy.ctx.submit({ venue: 'broker', instrument: 'AAPL', side: 'buy', type: 'market', qty: 1 });
    expect(order.status).toBe('denied');
    expect(strategy.denials.map((d) => [d.orderId, d.reason])).toEqual([[order.id, 'NO_REFERENCE_PRICE']]);
  });
});
