/** What one on-chain transaction costs, in USD. */
export interface GasModel {
  costUsd(gasUnits: number): number;
}

/** A fixed gas price and native-token price: cost = units x gwei x 1e-9 x nativeUsd. */
export class FixedGasModel implements GasModel {
  constructor(
    private readonly gasPriceGwei: number,
    private readonly nativeUsd: number,
  ) {}

  costUsd(gasUnits: number): number {
    return gasUnits * this.gasPriceGwei * 1e-9 * this.nativeUsd;
  }
}
