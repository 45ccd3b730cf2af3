import { z } from 'zod';
import { riskConfigSchema } from '../risk/config';
import { strategyConfigSchema } from '../strategies/registry';

const id = z.string().min(1);

const instrumentsSchema = z.strictObject({
  equities: z.array(z.strictObject({ id, symbol: z.string().min(1) })).default([]),
  tokens: z
    .array(z.strictObject({ id, symbol: z.string().min(1), chain: id, decimals: z.number().int().min(0).max(36), address: z.string().optional(), usdPeg: z.number().positive().optional() }))
    .default([]),
  tokenizedStocks: z
    .array(
      z.strictObject({
        id,
        symbol: z.string().min(1),
        chain: id,
        decimals: z.number().int().min(0).max(36),
        address: z.string().optional(),
        underlying: id,
        multiplier: z.number().positive().default(1),
        issuer: z.string().optional(),
      }),
    )
    .default([]),
  pools: z
    .array(z.strictObject({ id, protocol: z.literal('uniswap-v2'), chain: id, address: z.string().optional(), token0: id, token1: id, feePips: z.number().int().min(0).max(999_999).default(3000) }))
    .default([]),
});

const venuesSchema = z.strictObject({
  /** Simulated V2 pools and the wallet trading them, one entry per chain. */
  pools: z
    .array(
      z.strictObject({
        venue: id,
        account: id,
        swapGasUnits: z.number().int().positive().default(150_000),
        /** Gas a reverted swap burns. */
        revertGasUnits: z.number().int().positive().default(40_000),
        /** From sending a swap to its inclusion in a block, ms (0: at once). */
        latencyMs: z.number().min(0).default(0),
        /** The chain whose `chain.gas` events set the base fee. */
        chain: id,
        /** EIP-1559 fees, gwei: the base fee until the data gives one, the tip, and the cap. */
        baseFeeGwei: z.number().min(0),
        priorityFeeGwei: z.number().min(0).default(0.1),
        maxFeeGwei: z.number().positive().optional(),
        /** USD per unit of the native token. */
        nativeUsd: z.number().positive(),
      }),
    )
    .default([]),
  /** Issuers' mint/redeem channels (simulated: fair value +/- fee, T+n delivery). */
  issuers: z
    .array(
      z.strictObject({
        venue: id,
        walletAccount: id,
        pendingAccount: id,
        feeBps: z.number().min(0),
        minQty: z.number().positive().default(1),
        settlementDays: z.number().int().min(0).default(1),
        /** Tokens listed, each with the cash token it is minted for and redeemed into. */
        tokens: z.array(z.strictObject({ token: id, cash: id })).min(1),
      }),
    )
    .default([]),
  broker: z
    .strictObject({
      venue: id.default('broker'),
      account: id.default('broker'),
      currency: id.default('USD'),
      slippageBps: z.number().min(0).default(2),
      commissionPerShare: z.number().min(0).default(0),
      maxQuoteAgeSec: z.number().positive().default(60),
      /** Spend settled cash only (sale proceeds settle T+1). */
      cashAccount: z.boolean().default(false),
      /** Buying power per dollar of cash (1 for cash, 2 for Reg T margin). */
      buyingPowerMultiplier: z.number().positive().default(2),
      allowShort: z.boolean().default(true),
    })
    .optional(),
});

const fairValueSchema = z
  .strictObject({
    /** Per tokenized-stock settings; see core/fair-value.ts. */
    tokens: z
      .record(
        id,
        z.strictObject({
          reference: z.strictObject({ market: id, kind: z.enum(['token', 'underlying']), maxAgeSec: z.number().positive().default(300) }).optional(),
          baseBandBps: z.number().min(0).default(5),
          bandBpsPerSqrtHour: z.number().min(0).default(60),
          pauseBeforeActivationSec: z.number().min(0).default(3600),
        }),
      )
      .default({}),
  })
  .default({ tokens: {} });

/** One run: instruments, venues, starting balances, risk limits, strategies, and the recorded data. */
export const runConfigSchema = z.strictObject({
  name: z.string().min(1),
  /** Recorded-data files (repeg NDJSON, optionally gzipped), relative to this config file. */
  data: z.array(z.string().min(1)).min(1),
  instruments: instrumentsSchema,
  venues: venuesSchema,
  /** Starting balances per portfolio account and asset, in whole units (negative = short). */
  accounts: z.record(id, z.record(id, z.number())),
  fairValue: fairValueSchema,
  risk: riskConfigSchema,
  strategies: z.array(strategyConfigSchema).min(1),
  report: z
    .strictObject({
      /** Interval of the equity-curve samples (and of the drawdown measurement), in seconds of data time. */
      sampleSec: z.number().positive().default(60),
    })
    .default({ sampleSec: 60 }),
});

export type RunConfig = z.output<typeof runConfigSchema>;
