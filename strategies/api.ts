import { BaseError } from '../core/errors';
import type { StrategyContext, StrategyHandlers } from '../core/strategy';

export type { StrategyContext, StrategyHandlers } from '../core/strategy';

/**
 * Base class for strategies: keeps the context handed over at start. Subclasses implement the handlers
 * they need and `onStarted` to subscribe and set timers. A strategy holds no venue client and never reads
 * the system clock: `ctx.now()` is data time in a backtest and wall time live.
 */
export abstract class Strategy<Params> implements StrategyHandlers {
  private context: StrategyContext | undefined;

  constructor(
    readonly id: string,
    readonly params: Params,
  ) {}

  protected get ctx(): StrategyContext {
    if (!this.context) throw new BaseError('USAGE', `strategy ${this.id} used before start`);
    return this.context;
  }

  onStart(ctx: StrategyContext): void {
    this.context = ctx;
    this.onStarted();
  }

  /** Subscribe to data and set timers here. */
  protected abstract onStarted(): void;
}
