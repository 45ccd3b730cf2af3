import type { Position } from '../core/portfolio';
import type { RiskConfig } from './config';

type MarginConfig = NonNullable<RiskConfig['margin']>;

/** A cross-margin view of several accounts. */
export interface MarginView {
  /** Value of everything held, longs after haircuts, shorts at full value (negative). */
  readonly equity: number;
  /** Margin the short positions need: their value x shortMarginRate. */
  readonly requirement: number;
  /** equity / requirement; Infinity with nothing short. */
  readonly ratio: number;
}

export interface MarginInputs {
  positions: readonly Position[];
  mark(asset: string): number | undefined;
  isCash(asset: string): boolean;
  /** Whether the asset's market is open now (its haircut depends on it). */
  marketOpen(asset: string): boolean;
}

/**
 * Collateral with haircuts that widen while an asset's market is closed (a stock token cannot be hedged
 * or sold at a known price over a weekend), and shorts that need margin on their value.
 */
export function marginView(config: MarginConfig, inputs: MarginInputs): MarginView {
  const accounts = new Set(config.accounts);
  let equity = 0;
  let requirement = 0;
  for (const p of inputs.positions) {
    if (!accounts.has(p.account) || p.qty === 0) continue;
    const mark = inputs.mark(p.asset);
    if (mark === undefined) continue;
    const value = p.qty * mark;
    if (inputs.isCash(p.asset) || value < 0) {
      equity += value;
      if (value < 0 && !inputs.isCash(p.asset)) requirement += -value * config.shortMarginRate;
      continue;
    }
    const haircut = config.haircuts.assets[p.asset] ?? config.haircuts.default;
    equity += value * (1 - (inputs.marketOpen(p.asset) ? haircut.open : haircut.closed));
  }
  return { equity, requirement, ratio: requirement === 0 ? Number.POSITIVE_INFINITY : equity / requirement };
}
