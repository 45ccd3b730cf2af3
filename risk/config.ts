import { z } from 'zod';

/** Limits that can be set per scope. Unset means no limit at that scope. docs/risk.md explains each. */
const limitsSchema = z.strictObject({
  /** Largest USD notional of one order (qty x limit price, or the venue's estimate, or the reference price). */
  maxOrderNotionalUsd: z.number().positive().optional(),
  /** Largest absolute net position in units (asset scope only: units of different assets do not add up). */
  maxPosition: z.number().positive().optional(),
  /** Largest gross position value in USD: one asset's at asset scope, the sum over the scope's assets otherwise. */
  maxPositionNotionalUsd: z.number().positive().optional(),
  /** Largest gross position value as a share of capital (`capitalUsd`). */
  maxInventoryShare: z.number().positive().max(10).optional(),
  /** Most orders open at once. */
  maxOpenOrders: z.number().int().positive().optional(),
  /** Most orders accepted in any sliding second. */
  maxOrdersPerSecond: z.number().int().positive().optional(),
  /** Most cancels in any sliding second; past it, new orders are refused (cancels never are). */
  maxCancelsPerSecond: z.number().int().positive().optional(),
});

export type Limits = z.output<typeof limitsSchema>;

const drawdownLevels = z.strictObject({
  /** Loss from the day's peak, USD, that moves the scope to Reducing / Halted until the next day. */
  dailySoftUsd: z.number().positive().optional(),
  dailyHardUsd: z.number().positive().optional(),
  /** Loss from the all-time peak, USD, that moves the scope to Reducing / Halted until resumed by hand. */
  totalSoftUsd: z.number().positive().optional(),
  totalHardUsd: z.number().positive().optional(),
});

export type DrawdownLevels = z.output<typeof drawdownLevels>;

const haircut = z.strictObject({
  /** Share of the value not counted as collateral while the asset's market is open. */
  open: z.number().min(0).max(1),
  /** ... while it is closed (no hedge, no exit at a known price). */
  closed: z.number().min(0).max(1),
});

export const riskConfigSchema = z.strictObject({
  /** Capital the inventory-share limits are measured against; the starting NAV when unset. */
  capitalUsd: z.number().positive().optional(),
  global: limitsSchema.default({}),
  /** Per asset id, with `default` for assets not listed. */
  assets: z.record(z.string(), limitsSchema).default({}),
  /** Per venue id. */
  venues: z.record(z.string(), limitsSchema).default({}),
  /** Per strategy id, with `default` for strategies not listed. */
  strategies: z.record(z.string(), limitsSchema).default({}),
  priceBand: z
    .strictObject({
      /** Refuse an order priced more than this from fair value, percent. */
      maxDeviationPct: z.number().positive().default(10),
      /**
       * `adverse`: only prices on the losing side (a buy above fair value, a sell below it): the AMZNX guard.
       * `both`: any price further than the band.
       */
      mode: z.enum(['adverse', 'both']).default('adverse'),
      /** Refuse a pool trade that moves the pool's price away from fair value by more than this, percent. */
      maxPoolImpactPct: z.number().positive().default(5),
    })
    .default({ maxDeviationPct: 10, mode: 'adverse', maxPoolImpactPct: 5 }),
  staleData: z
    .strictObject({
      /** Fair-value input older than this, while it is a live input, stops new exposure; seconds. */
      maxAgeSec: z.number().positive().default(120),
      assets: z.record(z.string(), z.number().positive()).default({}),
    })
    .default({ maxAgeSec: 120, assets: {} }),
  offHours: z
    .strictObject({
      /**
       * Strategies allowed to add exposure while the underlying is closed, with the most unhedged exposure
       * (in shares of the underlying) each may carry. Everyone else may only reduce.
       */
      unhedged: z.record(z.string(), z.number().min(0)).default({}),
    })
    .default({ unhedged: {} }),
  depegBreaker: z
    .strictObject({
      /** Premium or discount of the token's market price to fair value that trips the breaker, percent. */
      premiumPct: z.number().positive().default(15),
      /** While tripped: no quoting; arbitrage toward fair value only, up to this notional per order. */
      arbMaxNotionalUsd: z.number().positive().default(2_000),
    })
    .default({ premiumPct: 15, arbMaxNotionalUsd: 2_000 }),
  drawdown: z
    .strictObject({
      global: drawdownLevels.default({}),
      strategies: z.record(z.string(), drawdownLevels).default({}),
      /** Hour (UTC) at which a trading day starts for the daily levels. */
      dayStartUtcHour: z.number().int().min(0).max(23).default(0),
      /** How often drawdown is measured, seconds of clock time (and after every fill). */
      checkEverySec: z.number().positive().default(1),
    })
    .default({ global: {}, strategies: {}, dayStartUtcHour: 0, checkEverySec: 1 }),
  killSwitch: z
    .strictObject({
      /** Venue rejections in a row that pause all trading. */
      maxConsecutiveRejects: z.number().int().positive().default(20),
    })
    .default({ maxConsecutiveRejects: 20 }),
  margin: z
    .strictObject({
      /** The accounts pooled into one cross-margin view. */
      accounts: z.array(z.string()).min(1),
      haircuts: z.strictObject({ default: haircut, assets: z.record(z.string(), haircut).default({}) }),
      /** Margin required on the value of a short position, as a fraction (Reg T initial: 0.5). */
      shortMarginRate: z.number().min(0).default(0.5),
      /** Refuse orders that would take collateral / requirement below this. */
      minMarginRatio: z.number().positive().default(1.5),
      /** Below this the account goes to Reducing. */
      maintenanceMarginRatio: z.number().positive().default(1.2),
    })
    .optional(),
  /** Trading state at start. */
  initialState: z.enum(['active', 'reducing', 'halted']).default('active'),
});

export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;
