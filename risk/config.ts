import { z } from 'zod';

/** The first-cut limits. Every field is documented in docs/risk.md. */
export const riskConfigSchema = z.strictObject({
  /** Largest USD notional of one order (qty x limit price, or x reference price for market orders). */
  maxOrderNotionalUsd: z.number().positive(),
  /** Largest absolute net position per asset, in units, summed over accounts. Assets not listed use `default`. */
  maxPosition: z.strictObject({ default: z.number().positive() }).catchall(z.number().positive()),
  /** Orders accepted in any sliding one-second window, over all strategies. */
  maxOrdersPerSecond: z.number().int().positive(),
  /** Trading state at start. */
  initialState: z.enum(['active', 'reducing', 'halted']).default('active'),
});

export type RiskConfig = z.output<typeof riskConfigSchema>;
