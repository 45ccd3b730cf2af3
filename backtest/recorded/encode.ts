import type { MarketDataEvent } from '../../core/events';

/**
 * One recorded event as one line of JSON (no trailing newline). Token amounts are bigint in memory and
 * decimal strings on disk, so that no amount passes through a double. See docs/data-format.md.
 */
export function encodeEvent(event: MarketDataEvent): string {
  return JSON.stringify(event, bigintAsString);
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
