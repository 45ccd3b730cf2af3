/**
 * Time in repeg is an integer number of microseconds since the Unix epoch.
 *
 * Why microseconds in a plain `number`: nanoseconds since the epoch (~1.7e18) do not fit a double exactly,
 * and a `bigint` per event would allocate on the replay hot path. Microseconds stay exact up to the year
 * 2255 and resolve every latency a venue model needs.
 */
export type Micros = number;

export const MICROS_PER_MILLI = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

export function microsFromMillis(ms: number): Micros {
  return Math.round(ms * MICROS_PER_MILLI);
}

export function millisFromMicros(us: Micros): number {
  return Math.floor(us / MICROS_PER_MILLI);
}

/** Parses an ISO-8601 instant with an explicit offset or `Z`; throws on anything else. */
export function microsFromIso(iso: string): Micros {
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new RangeError(`timestamp needs a time zone: ${iso}`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 timestamp: ${iso}`);
  return microsFromMillis(ms);
}

export function isoFromMicros(us: Micros): string {
  return new Date(millisFromMicros(us)).toISOString();
}
