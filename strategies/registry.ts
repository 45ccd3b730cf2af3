import { z } from 'zod';
import type { StrategyHandlers } from '../core/strategy';
import { depegArbParamsSchema } from './depeg-arb/config';
import { DepegArbStrategy } from './depeg-arb/strategy';

/**
 * Every strategy type a config may name, with its parameter schema and constructor. Adding a strategy is
 * one entry here (docs/architecture.md, "Adding a strategy").
 */
export const strategyConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('depeg-arb'), id: z.string().min(1), params: depegArbParamsSchema }),
]);

export type StrategyConfig = z.output<typeof strategyConfigSchema>;

export function createStrategy(config: StrategyConfig): StrategyHandlers {
  switch (config.type) {
    case 'depeg-arb':
      return new DepegArbStrategy(config.id, config.params);
  }
}
