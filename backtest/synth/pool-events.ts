import { getAmountOut } from '../../core/amm/uniswap-v2';
import type { MarketDataEvent } from '../../core/events';
import { MICROS_PER_SECOND, microsFromIso, type Micros } from '../../core/time';
import { fromUnits, toUnitsFloor } from '../../core/units';
import type { LatentFairPrice } from './fair-price';
import { POOL_FEE_PIPS, SYNTH_IDS, TSLAX_DECIMALS, USDC_DECIMALS } from './ids';
import type { ScriptedEvent, SynthParams } from './params';
import type { Random } from './random';
import { ReceiveClock } from './receive-clock';

/** What a trader decided at an instant; reserves are read when the decision is made. */
type Intent = { at: Micros; kind: 'scripted'; event: ScriptedEvent } | { at: Micros; kind: 'arbitrage' } | { at: Micros; kind: 'noise' };

/** At the same instant, scripted events go first, then the arbitrageur, then noise: a fixed order. */
const PRIORITY: Record<Intent['kind'], number> = { scripted: 0, arbitrage: 1, noise: 2 };

/**
 * The thin TSLAx/USDC V2 pool over [start, end): its initial `pool.state`, then every swap as a `pool.swap`
 * followed by the `pool.state` of the reserves after it (the pair's Sync), and liquidity changes as a
 * `pool.liquidity` followed by its `pool.state`. Outputs use the pair's integer formula (getAmountOut), so
 * replaying the swaps reproduces every state exactly. Events land on the block grid (epoch-aligned), in
 * the order traders sent them.
 */
export function* poolEvents(fair: LatentFairPrice, start: Micros, end: Micros, params: SynthParams['pool'], random: { noise: Random; latency: Random }): Generator<MarketDataEvent> {
  const pool = new PoolReserves(toUnitsFloor(params.initialTslax, TSLAX_DECIMALS), toUnitsFloor(params.initialUsdc, USDC_DECIMALS));
  const blocks = new BlockClock(params.blockIntervalSec, new ReceiveClock(random.latency, params.blockLatencyMs));
  const noise = new NoiseTraders(params.noise, random.noise);

  const first = blocks.stamp(start);
  yield { type: 'pool.state', ...first, pool: SYNTH_IDS.pool, reserve0: pool.reserve0, reserve1: pool.reserve1 };

  for (const intent of intents(start, end, params, noise)) {
    const blockTime = blocks.blockTime(intent.at);
    if (blockTime >= end) break;
    const action = decide(intent, pool, fair, params, noise);
    if (action === undefined) continue;
    yield* pool.apply(action, blocks.stamp(intent.at));
  }
}

/** A trade or liquidity change in token units. */
type Action = { kind: 'sell-tslax'; amountIn: bigint } | { kind: 'buy-tslax'; amountIn: bigint } | { kind: 'add-liquidity'; amount0: bigint };

function decide(intent: Intent, pool: PoolReserves, fair: LatentFairPrice, params: SynthParams['pool'], noise: NoiseTraders): Action | undefined {
  switch (intent.kind) {
    case 'scripted':
      return scriptedAction(intent.event);
    case 'noise':
      return noise.trade(pool.price());
    case 'arbitrage':
      return arbitrage(pool, fair.at(intent.at), params.arbitrage);
  }
}

// Human amounts become token units by flooring (toUnitsFloor): a trader never sends more than it meant to.
function scriptedAction(event: ScriptedEvent): Action {
  switch (event.kind) {
    case 'buy':
      return { kind: 'buy-tslax', amountIn: toUnitsFloor(event.usdcIn, USDC_DECIMALS) };
    case 'sell':
      return { kind: 'sell-tslax', amountIn: toUnitsFloor(event.tslaxIn, TSLAX_DECIMALS) };
    case 'add-liquidity':
      return { kind: 'add-liquidity', amount0: toUnitsFloor(event.tslax, TSLAX_DECIMALS) };
  }
}

/**
 * Slow, costly informed flow: when the pool is more than `threshold` away from fair, one swap moves the
 * pool's reserve ratio `closeFraction` of the log gap toward it. For a target ratio P = R1'/R0' the input
 * that gets there is R_in·(sqrt(ratio change) − 1), since R_in' ≈ sqrt(k·P) (the fee stays in the pool and
 * moves the result by a fraction of a percent of the step, which does not matter here).
 */
function arbitrage(pool: PoolReserves, fairPrice: number, params: SynthParams['pool']['arbitrage']): Action | undefined {
  const price = pool.price();
  if (Math.abs(price - fairPrice) / fairPrice <= params.threshold) return undefined;
  const target = price * Math.exp(params.closeFraction * Math.log(fairPrice / price));
  if (target > price) {
    const usdcIn = fromUnits(pool.reserve1, USDC_DECIMALS) * (Math.sqrt(target / price) - 1);
    return { kind: 'buy-tslax', amountIn: toUnitsFloor(usdcIn, USDC_DECIMALS) };
  }
  const tslaxIn = fromUnits(pool.reserve0, TSLAX_DECIMALS) * (Math.sqrt(price / target) - 1);
  return { kind: 'sell-tslax', amountIn: toUnitsFloor(tslaxIn, TSLAX_DECIMALS) };
}

/** Retail flow: Poisson arrivals, log-normal USD sizes clipped to a range, a coin flip for the side. */
class NoiseTraders {
  constructor(
    private readonly params: SynthParams['pool']['noise'],
    private readonly random: Random,
  ) {}

  nextGap(): Micros {
    return Math.max(1, Math.round(this.random.exponential(this.params.meanGapSec) * MICROS_PER_SECOND));
  }

  trade(poolPrice: number): Action {
    const buy = this.random.uniform() < this.params.buyProbability;
    const drawn = this.params.medianUsd * Math.exp(this.params.sizeLogSd * this.random.normal());
    const usd = Math.min(this.params.clipUsd.max, Math.max(this.params.clipUsd.min, drawn));
    // A seller sizes its TSLAx at the price it sees: the pool's.
    return buy ? { kind: 'buy-tslax', amountIn: toUnitsFloor(usd, USDC_DECIMALS) } : { kind: 'sell-tslax', amountIn: toUnitsFloor(usd / poolPrice, TSLAX_DECIMALS) };
  }
}

/** Scripted events, arbitrage checks and noise arrivals in [start, end), merged in time order. */
function* intents(start: Micros, end: Micros, params: SynthParams['pool'], noise: NoiseTraders): Generator<Intent> {
  const scripted: Intent[] = params.scripted
    .map((event): Intent => ({ at: microsFromIso(event.at), kind: 'scripted', event }))
    .filter((intent) => intent.at >= start && intent.at < end)
    .sort((a, b) => a.at - b.at);
  const checkInterval = params.arbitrage.checkIntervalSec * MICROS_PER_SECOND;
  let nextScripted = 0;
  let nextCheck = Math.ceil(start / checkInterval) * checkInterval;
  let nextNoise = start + noise.nextGap();
  for (;;) {
    const candidates: Intent[] = [{ at: nextCheck, kind: 'arbitrage' }, { at: nextNoise, kind: 'noise' }];
    const scriptedIntent = scripted[nextScripted];
    if (scriptedIntent !== undefined) candidates.push(scriptedIntent);
    const intent = candidates.reduce((a, b) => (b.at < a.at || (b.at === a.at && PRIORITY[b.kind] < PRIORITY[a.kind]) ? b : a));
    if (intent.at >= end) return;
    if (intent.kind === 'scripted') nextScripted++;
    else if (intent.kind === 'arbitrage') nextCheck += checkInterval;
    else nextNoise += noise.nextGap();
    yield intent;
  }
}

/** The pair's reserves and the events a change of them emits. */
class PoolReserves {
  constructor(
    public reserve0: bigint,
    public reserve1: bigint,
  ) {}

  /** USDC per TSLAx, from the reserve ratio. */
  price(): number {
    return fromUnits(this.reserve1, USDC_DECIMALS) / fromUnits(this.reserve0, TSLAX_DECIMALS);
  }

  /**
   * The events of one action, or none when the pair contract would revert: a zero input, or an input so
   * small that the output rounds to zero (INSUFFICIENT_OUTPUT_AMOUNT).
   */
  *apply(action: Action, stamp: { tsEvent: Micros; tsRecv: Micros }): Generator<MarketDataEvent> {
    const pool = SYNTH_IDS.pool;
    if (action.kind === 'add-liquidity') {
      // At the pool ratio, floored: the depositor never adds more USDC than the ratio asks.
      const amount1 = (action.amount0 * this.reserve1) / this.reserve0;
      if (action.amount0 <= 0n || amount1 <= 0n) return;
      this.reserve0 += action.amount0;
      this.reserve1 += amount1;
      yield { type: 'pool.liquidity', ...stamp, pool, amount0: action.amount0, amount1 };
    } else if (action.kind === 'buy-tslax') {
      if (action.amountIn <= 0n) return;
      const out = getAmountOut(action.amountIn, this.reserve1, this.reserve0, POOL_FEE_PIPS);
      if (out <= 0n) return;
      this.reserve1 += action.amountIn;
      this.reserve0 -= out;
      yield { type: 'pool.swap', ...stamp, pool, amount0In: 0n, amount1In: action.amountIn, amount0Out: out, amount1Out: 0n };
    } else {
      if (action.amountIn <= 0n) return;
      const out = getAmountOut(action.amountIn, this.reserve0, this.reserve1, POOL_FEE_PIPS);
      if (out <= 0n) return;
      this.reserve0 += action.amountIn;
      this.reserve1 -= out;
      yield { type: 'pool.swap', ...stamp, pool, amount0In: action.amountIn, amount1In: 0n, amount0Out: 0n, amount1Out: out };
    }
    yield { type: 'pool.state', ...stamp, pool, reserve0: this.reserve0, reserve1: this.reserve1 };
  }
}

/** Block times on an epoch-aligned grid; the logs of one block arrive together, one latency per block. */
class BlockClock {
  private readonly interval: Micros;
  private lastBlock: Micros | undefined;
  private lastRecv: Micros = 0;

  constructor(
    intervalSec: number,
    private readonly receive: ReceiveClock,
  ) {
    this.interval = intervalSec * MICROS_PER_SECOND;
  }

  /** The first block at or after `ts`. */
  blockTime(ts: Micros): Micros {
    return Math.ceil(ts / this.interval) * this.interval;
  }

  stamp(ts: Micros): { tsEvent: Micros; tsRecv: Micros } {
    const tsEvent = this.blockTime(ts);
    if (tsEvent !== this.lastBlock) {
      this.lastBlock = tsEvent;
      this.lastRecv = this.receive.receive(tsEvent);
    }
    return { tsEvent, tsRecv: this.lastRecv };
  }
}
