/** What one on-chain transaction costs, in USD. */
export interface GasModel {
  costUsd(gasUnits: number): number;
  /** A new base fee from the chain (`chain.gas` events). */
  observeBaseFee(baseFeeGwei: number): void;
}

export interface Eip1559GasConfig {
  /** Base fee until the data says otherwise, gwei. */
  baseFeeGwei: number;
  /** Tip offered to the block builder, gwei. */
  priorityFeeGwei: number;
  /** Most the sender pays per gas, gwei (EIP-1559 `maxFeePerGas`); unset: no cap. */
  maxFeeGwei?: number;
  /** USD per unit of the chain's native token (ETH). */
  nativeUsd: number;
}

/**
 * EIP-1559 pricing: a transaction pays min(maxFee, baseFee + priorityFee) per gas. The base fee follows the
 * chain's blocks when the data has them, else stays at the configured value; the native token's USD price
 * is a constant of the run.
 */
export class Eip1559GasModel implements GasModel {
  private baseFeeGwei: number;

  constructor(private readonly config: Eip1559GasConfig) {
    this.baseFeeGwei = config.baseFeeGwei;
  }

  observeBaseFee(baseFeeGwei: number): void {
    this.baseFeeGwei = baseFeeGwei;
  }

  /** Gwei per gas the transaction pays now. */
  effectiveGasPriceGwei(): number {
    const offered = this.baseFeeGwei + this.config.priorityFeeGwei;
    return this.config.maxFeeGwei === undefined ? offered : Math.min(this.config.maxFeeGwei, offered);
  }

  costUsd(gasUnits: number): number {
    return gasUnits * this.effectiveGasPriceGwei() * 1e-9 * this.config.nativeUsd;
  }
}
