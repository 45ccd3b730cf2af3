/**
 * The venue edge where human quantities (numbers) meet token units (bigint). Rounding is explicit and
 * always toward the trader's safety: quantities sent round down, so an order never spends more than asked.
 */
export function toUnitsFloor(qty: number, decimals: number): bigint {
  if (!(qty >= 0) || !Number.isFinite(qty)) throw new RangeError(`quantity must be a finite number >= 0, got ${qty}`);
  // toFixed gives the double's exact decimal expansion; cutting it to `decimals` digits floors it.
  const [whole = '0', fraction = ''] = qty.toFixed(Math.min(decimals, 20)).split('.');
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt((fraction + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** Token units to a number of whole tokens; exact up to 2^53 units, nearest double beyond. */
export function fromUnits(units: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  const whole = units / scale;
  const fraction = units % scale;
  return Number(whole) + Number(fraction) / Number(scale);
}
