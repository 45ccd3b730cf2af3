import { assembleKernel } from '../../bots/assemble';
import { UsEquityCalendar } from '../../core/calendar/us-equity';
import { TestClock } from '../../core/clock';
import type { Fill, MarketDataEvent, OrderDenied, TradingStateChanged } from '../../core/events';
import type { ExecutionClient, ExecutionEstimate, ExecutionSink } from '../../core/execution';
import { FairValueService } from '../../core/fair-value';
import { InstrumentRegistry } from '../../core/instruments';
import type { Logger } from '../../core/log';
import type { Order, OrderRequest } from '../../core/orders';
import { Portfolio } from '../../core/portfolio';
import type { StrategyContext, StrategyHandlers } from '../../core/strategy';
import { microsFromIso } from '../../core/time';
import { type RiskConfigInput, riskConfigSchema } from '../../risk/config';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
export const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';

/**
 * A venue for risk tests: fills at the order's price (or a set price) at once, or lets orders rest until
 * `fillResting` is called; its execution estimate can be set per test.
 */
export class TestVenue implements ExecutionClient {
  private sink!: ExecutionSink;
  readonly resting: Order[] = [];
  rest = false;
  /** Take orders without a word (a venue that has not answered yet). */
  silent = false;
  fillPrice: number | undefined;
  nextEstimate: ExecutionEstimate | undefined;

  constructor(
    readonly venue: string,
    private readonly account: string,
    private readonly quoteAsset: string,
    private readonly now: () => number,
  ) {}

  bind(sink: ExecutionSink) {
    this.sink = sink;
  }
  async connect() {}
  async disconnect() {}
  estimate() {
    return this.nextEstimate;
  }
  submit(order: Order) {
    if (this.silent) return;
    if (this.rest) {
      this.resting.push(order);
      this.sink.orderEvent({ type: 'order', ts: this.now(), orderId: order.id, strategyId: order.strategyId, status: 'accepted' });
    } else this.fill(order);
  }
  cancel(order: Order) {
    const at = this.resting.indexOf(order);
    if (at < 0) return;
    this.resting.splice(at, 1);
    this.sink.orderEvent({ type: 'order', ts: this.now(), orderId: order.id, strategyId: order.strategyId, status: 'cancelled' });
  }
  fillResting() {
    for (const o of this.resting.splice(0)) this.fill(o);
  }
  private fill(order: Order) {
    const r = order.request;
    this.sink.fill({
      type: 'fill', ts: this.now(), orderId: order.id, strategyId: order.strategyId, venue: this.venue, asset: r.asset ?? r.instrument,
      quoteAsset: this.quoteAsset, account: this.account, side: r.side, qty: r.qty, price: this.fillPrice ?? r.price ?? 250, fee: 0, gasUsd: 0, liquidity: 'taker',
    });
  }
}

/** A strategy whose orders are sent by the test, recording what comes back. */
export class Probe implements StrategyHandlers {
  ctx!: StrategyContext;
  denials: OrderDenied[] = [];
  fills: Fill[] = [];
  states: TradingStateChanged[] = [];
  constructor(readonly id: string) {}
  onStart(ctx: StrategyContext) {
    this.ctx = ctx;
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
  send(r: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'qty'>): Order {
    return this.ctx.submit({ venue: 'broker', instrument: 'TSLA', type: 'market', ...r });
  }
}

/**
 * A kernel with the real risk manager, fair value and calendar, TSLA at a broker and TSLAx in a pool,
 * starting at `startIso`. Time moves with `advance`.
 */
export async function riskHarness(risk: RiskConfigInput, startIso = '2026-03-06T15:00:00Z', strategyIds = ['a', 'b']) {
  const clock = new TestClock(microsFromIso(startIso));
  const instruments = new InstrumentRegistry([
    { kind: 'equity', id: 'TSLA', symbol: 'TSLA', currency: 'USD' },
    { kind: 'token', id: 'USDC', symbol: 'USDC', chain: 'ethereum', decimals: 6, usdPeg: 1 },
    { kind: 'tokenized-stock', id: 'TSLAx', symbol: 'TSLAx', chain: 'ethereum', decimals: 18, underlying: 'TSLA', multiplier: 1 },
    { kind: 'pool', id: POOL, protocol: 'uniswap-v2', chain: 'ethereum', token0: 'TSLAx', token1: 'USDC', feePips: 3000 },
  ]);
  const portfolio = new Portfolio({ USD: 1, USDC: 1 });
  portfolio.deposit('broker', 'USD', 100_000);
  portfolio.deposit('wallet', 'USDC', 100_000);
  const calendar = new UsEquityCalendar();
  const fairValue = new FairValueService(instruments, calendar, () => clock.now());
  const { kernel, risk: manager } = assembleKernel({
    clock, instruments, portfolio, fairValue, hours: calendar, log: silent, risk: riskConfigSchema.parse(risk), cashAssets: new Set(['USD', 'USDC']),
  });
  const broker = new TestVenue('broker', 'broker', 'USD', () => clock.now());
  const pool = new TestVenue('pool', 'wallet', 'USDC', () => clock.now());
  kernel.addVenue(broker);
  kernel.addVenue(pool);
  const probes = strategyIds.map((id) => new Probe(id));
  for (const p of probes) kernel.addStrategy(p);
  const feed = (e: Partial<MarketDataEvent> & Pick<MarketDataEvent, 'type'>) => kernel.onMarketData({ tsEvent: clock.now(), tsRecv: clock.now(), ...e } as MarketDataEvent);
  const quote = (mid: number) => feed({ type: 'equity.quote', symbol: 'TSLA', bid: mid - 0.01, bidSize: 100, ask: mid + 0.01, askSize: 100 });
  /** Pool reserves for a TSLAx price in USDC (1,000 TSLAx deep). */
  const poolAt = (price: number) =>
    feed({ type: 'pool.state', pool: POOL, reserve0: 1_000n * 10n ** 18n, reserve1: BigInt(Math.round(price * 1_000 * 1e6)) });
  const advance = (us: number) => clock.advanceTo(clock.now() + us);
  quote(250);
  await kernel.start();
  return { kernel, risk: manager, portfolio, broker, pool, probes, a: probes[0]!, b: probes[1]!, quote, poolAt, feed, advance, clock };
}
