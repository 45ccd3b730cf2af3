import { getAmountIn, getAmountOut, priceOf } from '../../core/amm/uniswap-v2';
import { InvariantError } from '../../core/errors';
import type { MarketDataEvent, PoolState, PoolSwap } from '../../core/events';
import type { ExecutionClient, ExecutionEstimate, ExecutionSink, MarketDataListener } from '../../core/execution';
import type { ChainAsset, InstrumentRegistry, Pool } from '../../core/instruments';
import type { Order, OrderRequest } from '../../core/orders';
import type { Micros } from '../../core/time';
import type { Clock } from '../../core/clock';
import type { GasModel } from './gas';
import { fromUnits, toUnitsFloor } from '../../core/units';
import type { SimWallets } from './wallets';

/** Float dust tolerated between a strategy's view of a balance and the exact one: one part in 1e9. */
const DUST_DIVISOR = 1_000_000_000n;

export interface SimUniswapV2Config {
  /** Venue id orders name, e.g. `uniswap-v2:ethereum`. */
  venue: string;
  /** The chain the pools are on: its `chain.gas` events price the swaps. */
  chain: string;
  /** Portfolio account of the wallet that trades, e.g. `wallet:ethereum`. */
  account: string;
  /** Gas one swap uses (a V2 router swap is ~110-150k). */
  swapGasUnits: number;
  /** Gas a swap that reverts uses before it fails. */
  revertGasUnits: number;
  /** Time from sending a swap to its inclusion on chain, µs; 0 executes at once. */
  latencyUs: number;
  gas: GasModel;
  /** The run's exact balances; this venue spends and credits `account`'s. */
  wallets: SimWallets;
}

interface PlannedSwap {
  sim: PoolSim;
  base: ChainAsset;
  quote: ChainAsset;
  baseIs0: boolean;
  baseUnits: bigint;
  quoteUnits: bigint;
  reserveBase: bigint;
  reserveQuote: bigint;
}

interface PoolSim {
  readonly pool: Pool;
  readonly token0: ChainAsset;
  readonly token1: ChainAsset;
  reserve0: bigint;
  reserve1: bigint;
  initialised: boolean;
  /** True once we traded: from then on recorded reserves no longer describe our pool. */
  diverged: boolean;
}

/**
 * Simulated Uniswap V2 pools and the wallet that trades them, with the pair contract's integer math.
 *
 * Replay model: reserves start from the first recorded `pool.state`. Every recorded swap is then applied to
 * the simulated reserves by its input amount (the output recomputed by the pair's formula) and every
 * recorded liquidity change by its amounts, so our own trades' price impact persists. Until we trade,
 * recorded states must equal the simulated ones: a mismatch means the recording is inconsistent and stops
 * the run. Other traders' reactions to our trades are not modelled (their recorded swaps replay as they were).
 *
 * A swap executes after `latencyUs` on the reserves of that moment (see `submit`).
 */
export class SimUniswapV2Venue implements ExecutionClient, MarketDataListener {
  readonly venue: string;
  private sink: ExecutionSink | undefined;
  private readonly pools = new Map<string, PoolSim>();

  constructor(
    private readonly config: SimUniswapV2Config,
    private readonly instruments: InstrumentRegistry,
    private readonly clock: Clock,
  ) {
    this.venue = config.venue;
  }

  bind(sink: ExecutionSink): void {
    this.sink = sink;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  /** Simulated reserves of a pool (token units). */
  reserves(poolId: string): { reserve0: bigint; reserve1: bigint } | undefined {
    const sim = this.pools.get(poolId);
    return sim?.initialised ? { reserve0: sim.reserve0, reserve1: sim.reserve1 } : undefined;
  }

  balance(token: string): bigint {
    return this.config.wallets.balance(this.config.account, token);
  }

  /** Pool events of simulated pools are replaced by the simulator's own view (see the class comment). */
  onMarketData(event: MarketDataEvent): boolean {
    if (event.type === 'chain.gas') {
      if (event.chain === this.config.chain) this.config.gas.observeBaseFee(event.baseFeeGwei);
      return false;
    }
    if (event.type !== 'pool.state' && event.type !== 'pool.swap' && event.type !== 'pool.liquidity') return false;
    const sim = this.sim(event.pool);
    if (!sim) return false;
    if (event.type === 'pool.state') {
      if (this.onRecordedState(sim, event)) this.publishState(sim, event.tsEvent);
      return true;
    }
    if (!sim.initialised) return true; // flow before the first state cannot be placed on reserves
    if (event.type === 'pool.liquidity') {
      sim.reserve0 += event.amount0;
      sim.reserve1 += event.amount1;
      this.requireSink().marketData({ ...event });
    } else {
      this.requireSink().marketData(this.replaySwap(sim, event));
    }
    this.publishState(sim, event.tsEvent);
    return true;
  }

  /**
   * Like a bot that simulates its transaction (eth_call) before sending it, an order that would fail now is
   * refused at no cost. With `latencyUs`, the transaction lands that much later, on the reserves of then:
   * if it fails there (others' swaps moved the price past its limit), it reverts and still pays gas.
   */
  submit(order: Order): void {
    const failure = this.failureOf(order);
    if (failure) return this.report(order, 'rejected', failure);
    if (this.config.latencyUs === 0) return this.execute(order, this.planSwap(order.request) as PlannedSwap);
    this.report(order, 'accepted');
    this.clock.setTimer(`${this.venue}:land:${order.id}`, this.clock.now() + this.config.latencyUs, () => this.land(order));
  }

  private land(order: Order): void {
    const failure = this.failureOf(order);
    if (!failure) return this.execute(order, this.planSwap(order.request) as PlannedSwap);
    const gasUsd = this.config.gas.costUsd(this.config.revertGasUnits);
    this.requireSink().expense({ type: 'expense', ts: this.clock.now(), strategyId: order.strategyId, orderId: order.id, gasUsd, reason: `reverted: ${failure}` });
    this.report(order, 'rejected', `reverted on chain: ${failure}`);
  }

  /** Why the swap would fail on the current reserves and balances, or undefined. */
  private failureOf(order: Order): string | undefined {
    const swap = this.planSwap(order.request);
    if (typeof swap === 'string') return swap;
    const { request } = order;
    const { base, quote, baseUnits, quoteUnits } = swap;
    const [spendToken, spendUnits] = request.side === 'buy' ? [quote.id, quoteUnits] : [base.id, baseUnits];
    if (this.balance(spendToken) < spendUnits) return `insufficient ${spendToken} balance`;
    const avgPrice = fromUnits(quoteUnits, quote.decimals) / fromUnits(baseUnits, base.decimals);
    if (request.price !== undefined && (request.side === 'buy' ? avgPrice > request.price : avgPrice < request.price)) {
      return `slippage: average price ${avgPrice} beyond limit ${request.price}`;
    }
    return undefined;
  }

  private execute(order: Order, swap: PlannedSwap): void {
    const sink = this.requireSink();
    const { request } = order;
    const { sim, base, quote, baseIs0, baseUnits, quoteUnits, reserveBase, reserveQuote } = swap;
    const qty = fromUnits(baseUnits, base.decimals);
    const quoteAmount = fromUnits(quoteUnits, quote.decimals);

    if (request.side === 'buy') {
      this.move(quote.id, -quoteUnits);
      this.move(base.id, baseUnits);
      this.setReserves(sim, baseIs0, reserveBase - baseUnits, reserveQuote + quoteUnits);
    } else {
      this.move(base.id, -baseUnits);
      this.move(quote.id, quoteUnits);
      this.setReserves(sim, baseIs0, reserveBase + baseUnits, reserveQuote - quoteUnits);
    }
    sim.diverged = true;

    // The pool keeps its fee out of the input. Report the price net of it and the fee in quote units, so
    // that cash moved = qty x price +/- fee exactly as for any other venue.
    const feeRate = sim.pool.feePips / 1e6;
    const feeQuote = request.side === 'buy' ? quoteAmount * feeRate : (quoteAmount * feeRate) / (1 - feeRate);
    const price = request.side === 'buy' ? (quoteAmount - feeQuote) / qty : (quoteAmount + feeQuote) / qty;
    sink.fill({
      type: 'fill',
      ts: this.clock.now(),
      orderId: order.id,
      strategyId: order.strategyId,
      venue: this.venue,
      asset: base.id,
      quoteAsset: quote.id,
      account: this.config.account,
      side: request.side,
      qty,
      price,
      fee: feeQuote,
      gasUsd: this.config.gas.costUsd(this.config.swapGasUnits),
      liquidity: 'taker',
    });
    // After the fill, so that a strategy reacting to the new reserves already holds the new balances.
    this.publishState(sim, this.clock.now());
  }

  /** Average price and the pool's spot before and after, for the risk manager's price band and impact rules. */
  estimate(order: Order): ExecutionEstimate | undefined {
    const swap = this.planSwap(order.request);
    if (typeof swap === 'string') return undefined;
    const { base, quote, baseUnits, quoteUnits, reserveBase, reserveQuote } = swap;
    const spot = (rBase: bigint, rQuote: bigint) => priceOf(rBase, rQuote, base.decimals, quote.decimals);
    const buy = order.request.side === 'buy';
    return {
      avgPrice: fromUnits(quoteUnits, quote.decimals) / fromUnits(baseUnits, base.decimals),
      priceBefore: spot(reserveBase, reserveQuote),
      priceAfter: buy ? spot(reserveBase - baseUnits, reserveQuote + quoteUnits) : spot(reserveBase + baseUnits, reserveQuote - quoteUnits),
    };
  }

  /** The swap an order asks for on the current reserves, or why it cannot be made. */
  private planSwap(request: OrderRequest): PlannedSwap | string {
    const sim = this.sim(request.instrument);
    if (!sim || !sim.initialised) return `pool ${request.instrument} has no state yet`;
    if (request.type !== 'market') return 'a V2 pool takes market swaps only';
    const asset = request.asset ?? sim.token0.id;
    const baseIs0 = asset === sim.token0.id;
    if (!baseIs0 && asset !== sim.token1.id) return `${asset} is not in pool ${sim.pool.id}`;
    const base = baseIs0 ? sim.token0 : sim.token1;
    const quote = baseIs0 ? sim.token1 : sim.token0;
    const [reserveBase, reserveQuote] = baseIs0 ? [sim.reserve0, sim.reserve1] : [sim.reserve1, sim.reserve0];
    const fee = BigInt(sim.pool.feePips);
    const baseUnits = this.roundSellToBalance(request.side, base.id, toUnitsFloor(request.qty, base.decimals));
    if (baseUnits === 0n) return 'quantity rounds to zero token units';
    try {
      // A buy is exact-output in the base token; a sell is exact-input.
      const quoteUnits =
        request.side === 'buy' ? getAmountIn(baseUnits, reserveQuote, reserveBase, fee) : getAmountOut(baseUnits, reserveBase, reserveQuote, fee);
      return { sim, base, quote, baseIs0, baseUnits, quoteUnits, reserveBase, reserveQuote };
    } catch (error) {
      return `swap would revert: ${(error as Error).message}`;
    }
  }

  cancel(): void {
    // A sent transaction cannot be recalled (a replacement with a higher fee is the live adapter's job).
  }

  private report(order: Order, status: 'accepted' | 'rejected', reason?: string): void {
    this.requireSink().orderEvent({ type: 'order', ts: this.clock.now(), orderId: order.id, strategyId: order.strategyId, status, ...(reason === undefined ? {} : { reason }) });
  }

  /** Re-applies a recorded swap by its input amount; returns the swap as it happened on our reserves. */
  private replaySwap(sim: PoolSim, swap: PoolSwap): PoolSwap {
    const fee = BigInt(sim.pool.feePips);
    if (swap.amount0In > 0n) {
      const out = getAmountOut(swap.amount0In, sim.reserve0, sim.reserve1, fee);
      sim.reserve0 += swap.amount0In;
      sim.reserve1 -= out;
      return { ...swap, amount1In: 0n, amount0Out: 0n, amount1Out: out };
    }
    const out = getAmountOut(swap.amount1In, sim.reserve1, sim.reserve0, fee);
    sim.reserve1 += swap.amount1In;
    sim.reserve0 -= out;
    return { ...swap, amount0In: 0n, amount0Out: out, amount1Out: 0n };
  }

  /** Returns true when the state initialised the pool. */
  private onRecordedState(sim: PoolSim, state: PoolState): boolean {
    if (!sim.initialised) {
      sim.reserve0 = state.reserve0;
      sim.reserve1 = state.reserve1;
      sim.initialised = true;
      return true;
    }
    if (!sim.diverged && (sim.reserve0 !== state.reserve0 || sim.reserve1 !== state.reserve1)) {
      throw new InvariantError(`pool ${sim.pool.id}: recorded reserves disagree with the replayed swaps`, {
        recorded: [state.reserve0.toString(), state.reserve1.toString()],
        simulated: [sim.reserve0.toString(), sim.reserve1.toString()],
        tsRecv: state.tsRecv,
      });
    }
    return false;
  }

  private publishState(sim: PoolSim, tsEvent: Micros): void {
    const now = this.clock.now();
    this.requireSink().marketData({ type: 'pool.state', tsEvent, tsRecv: now, pool: sim.pool.id, reserve0: sim.reserve0, reserve1: sim.reserve1 });
  }

  /**
   * A strategy that sells its whole balance computes it in floating point, which can exceed the exact
   * balance by float dust; such a sell is rounded down to the balance. Anything larger stays a rejection.
   */
  private roundSellToBalance(side: 'buy' | 'sell', token: string, units: bigint): bigint {
    const balance = this.balance(token);
    if (side !== 'sell' || units <= balance) return units;
    return units - balance <= units / DUST_DIVISOR ? balance : units;
  }

  private setReserves(sim: PoolSim, baseIs0: boolean, reserveBase: bigint, reserveQuote: bigint): void {
    if (baseIs0) [sim.reserve0, sim.reserve1] = [reserveBase, reserveQuote];
    else [sim.reserve0, sim.reserve1] = [reserveQuote, reserveBase];
  }

  private move(token: string, delta: bigint): void {
    this.config.wallets.move(this.config.account, token, delta);
  }

  private sim(poolId: string): PoolSim | undefined {
    let sim = this.pools.get(poolId);
    if (sim) return sim;
    if (!this.instruments.has(poolId)) return undefined;
    const pool = this.instruments.pool(poolId);
    sim = {
      pool,
      token0: this.instruments.chainAsset(pool.token0),
      token1: this.instruments.chainAsset(pool.token1),
      reserve0: 0n,
      reserve1: 0n,
      initialised: false,
      diverged: false,
    };
    this.pools.set(poolId, sim);
    return sim;
  }

  private requireSink(): ExecutionSink {
    if (!this.sink) throw new InvariantError(`venue ${this.venue} is not bound to a kernel`);
    return this.sink;
  }
}
