import { join } from 'node:path';
import { assembleSimulated } from '../bots/assemble';
import { type RunConfig, runConfigSchema } from '../bots/config';
import { openRecordedFile } from '../backtest/recorded/source';
import { replay } from '../backtest/replay';
import { loadConfigFile } from '../config/load';
import { TestClock } from '../core/clock';
import type { Fill, OrderDenied, PoolSwap } from '../core/events';
import type { Logger } from '../core/log';
import type { StrategyContext, StrategyHandlers } from '../core/strategy';
import { Topics } from '../core/topics';

const EXAMPLE = join(__dirname, '..', 'examples', 'depeg-arb.yaml');
const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A careless momentum trader: after any buy of more than 5,000 USDC in the pool, it buys 2 TSLAx there. */
class MomentumChaser implements StrategyHandlers {
  readonly id = 'chaser';
  private ctx!: StrategyContext;
  readonly fills: Fill[] = [];
  readonly denials: OrderDenied[] = [];
  onStart(ctx: StrategyContext) {
    this.ctx = ctx;
    ctx.subscribe(Topics.pool(POOL));
  }
  onPoolSwap(swap: PoolSwap) {
    if (swap.amount1In > 5_000n * 10n ** 6n) {
      this.ctx.submit({ venue: 'uniswap-v2:ethereum', instrument: POOL, asset: 'TSLAx@ethereum', side: 'buy', type: 'market', qty: 2, intent: 'arbitrage' });
    }
  }
  onFill(f: Fill) {
    this.fills.push(f);
  }
  onOrderDenied(d: OrderDenied) {
    this.denials.push(d);
  }
}

async function runChaser(guarded: boolean) {
  const config: RunConfig = loadConfigFile(EXAMPLE, runConfigSchema);
  config.strategies[0]!.params.minEdgeBps = 1e9; // the depeg strategy stays out of the way
  if (!guarded) {
    config.risk.priceBand = { maxDeviationPct: 1e9, mode: 'adverse', maxPoolImpactPct: 1e9 };
    config.risk.depegBreaker = { premiumPct: 1e9, arbMaxNotionalUsd: 1e9 };
  }
  const clock = new TestClock();
  const parts = assembleSimulated(config, clock, silent, EXAMPLE);
  const chaser = new MomentumChaser();
  parts.kernel.addStrategy(chaser);
  const sources = config.data.map((f) => openRecordedFile(join(__dirname, '..', 'examples', f)));
  await replay(sources, parts.kernel, clock);
  return { chaser, fairValue: parts.fairValue };
}

describe('the price band in the AMZNX-style spike', () => {
  it('lets an unguarded run buy at several times fair value, and stops the same trade when guarded', async () => {
    const unguarded = await runChaser(false);
    const bought = unguarded.chaser.fills;
    expect(bought.length).toBeGreaterThanOrEqual(1);
    // The spike buy: 2 TSLAx at more than 4x a ~$247 share.
    expect(bought[0]!.price).toBeGreaterThan(4 * 247);

    const guarded = await runChaser(true);
    expect(guarded.chaser.fills).toHaveLength(0);
    expect(guarded.chaser.denials.length).toBe(bought.length);
    expect(new Set(guarded.chaser.denials.map((d) => d.reason))).toEqual(new Set(['PRICE_BAND']));
    expect(guarded.chaser.denials[0]!.message).toMatch(/^buy at \d+(\.\d+)? is \d+(\.\d+)? % from fair value 24\d/);
  }, 60_000);
});
