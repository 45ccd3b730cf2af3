import { z } from 'zod';

/** Parameters of the depeg arbitrage; README.md in this folder explains each with the maths. */
export const depegArbParamsSchema = z.strictObject({
  /** The tokenized stock traded (a `tokenized-stock` instrument id). */
  token: z.string().min(1),
  /** The V2 pool holding the token against a dollar stablecoin. */
  pool: z.string().min(1),
  /** Venue id of the pool's execution client. */
  poolVenue: z.string().min(1),
  /** Portfolio account of the wallet that trades the pool. */
  poolAccount: z.string().min(1),
  hedge: z.strictObject({
    /** Venue id of the broker. */
    venue: z.string().min(1),
    /** The underlying equity id at the broker. */
    instrument: z.string().min(1),
    /** Expected cost of hedging (slippage + commission), in bps of notional. */
    costBps: z.number().min(0).default(5),
    /** Smallest hedge order in shares; smaller deltas wait. */
    minQty: z.number().positive().default(0.01),
  }),
  /** Margin required on top of every cost, in bps of the trade's notional. */
  minEdgeBps: z.number().min(0).default(30),
  /** Gas one swap costs, in USD, as the strategy budgets it (the venue charges the real figure). */
  estimatedGasUsd: z.number().min(0).default(0.5),
  /** Largest single swap, in USD at fair value. */
  maxTradeUsd: z.number().positive(),
  /** Tolerance on the swap's average price against the quote, in bps (the swap's limit). */
  slippageBps: z.number().min(0).default(50),
  /** After the risk manager refuses an order, wait this long before sending another, seconds. */
  retryAfterDenialSec: z.number().min(0).default(30),
  /** Fair value older than this (while the market is open) is stale: no trading. */
  maxQuoteAgeSec: z.number().positive().default(60),
  /**
   * The issuer's mint/redeem channel, used to restore token inventory when the pool's premium (to mint) or
   * discount (to redeem) pays the issuer fee plus the carry of the settlement delay.
   */
  issuer: z
    .strictObject({
      venue: z.string().min(1),
      /** Where the issuer's executed orders wait for delivery. */
      pendingAccount: z.string().min(1),
      feeBps: z.number().min(0),
      settlementDays: z.number().int().min(0),
      /** Cost of capital tied up during settlement, bps per trading day. */
      carryBpsPerDay: z.number().min(0).default(2),
      minQty: z.number().positive().default(1),
      /** Token inventory (wallet + pending) bounds: mint below `min`, redeem above `max`, both toward `target`. */
      inventory: z.strictObject({ min: z.number().min(0), target: z.number().min(0), max: z.number().min(0) }),
    })
    .optional(),
  offHours: z
    .strictObject({
      /** `stand-aside`: no pool trades while the hedge venue is closed. `unhedged`: trade within the limit below and hedge at the open. */
      mode: z.enum(['stand-aside', 'unhedged']).default('stand-aside'),
      /** Largest unhedged delta, in shares, carried while the market is closed. */
      maxUnhedgedShares: z.number().min(0).default(0),
    })
    .default({ mode: 'stand-aside', maxUnhedgedShares: 0 }),
});

export type DepegArbParams = z.output<typeof depegArbParamsSchema>;
