import type { MarketDataType } from '../../core/events';

/**
 * repeg binary v1 (docs/binary-format.md): a header, then 64-byte records. Each event is one head record
 * (kind, flags, instrument, how many continuation records follow, tsEvent, tsRecv, 40 payload bytes)
 * followed by `continuations` raw 64-byte records of payload. All little-endian; every field sits on an
 * 8-byte boundary so a Float64Array over a chunk reads it in place.
 */
export const MAGIC = 'RPGB';
export const VERSION = 1;
export const RECORD_BYTES = 64;
/** Bytes of payload in the head record (after kind/flags/instrument/continuations and the two stamps). */
export const HEAD_PAYLOAD_BYTES = 40;
export const HEAD_PAYLOAD_OFFSET = 24;

/** Field types: each takes a whole number of 8-byte slots. */
export type FieldType = 'f64' | 'u128' | 'i128' | 'u256' | 'i64' | 'levels';

/** Slots (8 bytes) per fixed-size field type. */
export const SLOTS: Readonly<Record<Exclude<FieldType, 'levels'>, number>> = { f64: 1, i64: 1, u128: 2, i128: 2, u256: 4 };

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
}

export interface KindSpec {
  readonly code: number;
  readonly type: MarketDataType;
  /** The field naming the instrument, stored as an index into the header's id table. */
  readonly instrumentField: string;
  readonly fields: readonly FieldSpec[];
}

const f = (name: string, type: FieldType): FieldSpec => ({ name, type });

/**
 * The payload of every event type, in order. Strings (side, status) and booleans travel in the head's
 * flags byte; see FLAG_* below. Optional numbers (book sequence ids) are NaN when absent.
 */
export const KINDS: readonly KindSpec[] = [
  { code: 1, type: 'equity.quote', instrumentField: 'symbol', fields: [f('bid', 'f64'), f('bidSize', 'f64'), f('ask', 'f64'), f('askSize', 'f64')] },
  { code: 2, type: 'cex.quote', instrumentField: 'market', fields: [f('bid', 'f64'), f('bidSize', 'f64'), f('ask', 'f64'), f('askSize', 'f64')] },
  { code: 3, type: 'cex.trade', instrumentField: 'market', fields: [f('price', 'f64'), f('size', 'f64')] },
  { code: 4, type: 'cex.book', instrumentField: 'market', fields: [f('firstSeq', 'f64'), f('lastSeq', 'f64'), f('levels', 'levels')] },
  { code: 5, type: 'pool.state', instrumentField: 'pool', fields: [f('reserve0', 'u128'), f('reserve1', 'u128')] },
  { code: 6, type: 'pool.swap', instrumentField: 'pool', fields: [f('amount0In', 'u128'), f('amount1In', 'u128'), f('amount0Out', 'u128'), f('amount1Out', 'u128')] },
  { code: 7, type: 'pool.liquidity', instrumentField: 'pool', fields: [f('amount0', 'i128'), f('amount1', 'i128')] },
  { code: 8, type: 'pool.v3.swap', instrumentField: 'pool', fields: [f('amount0', 'i128'), f('amount1', 'i128'), f('sqrtPriceX96', 'u256'), f('liquidity', 'u128'), f('tick', 'i64')] },
  { code: 9, type: 'pool.v3.mint', instrumentField: 'pool', fields: [f('tickLower', 'i64'), f('tickUpper', 'i64'), f('liquidity', 'u128'), f('amount0', 'u128'), f('amount1', 'u128')] },
  { code: 10, type: 'pool.v3.burn', instrumentField: 'pool', fields: [f('tickLower', 'i64'), f('tickUpper', 'i64'), f('liquidity', 'u128'), f('amount0', 'u128'), f('amount1', 'u128')] },
  { code: 11, type: 'pool.v3.collect', instrumentField: 'pool', fields: [f('tickLower', 'i64'), f('tickUpper', 'i64'), f('amount0', 'u128'), f('amount1', 'u128')] },
  { code: 12, type: 'pool.v3.state', instrumentField: 'pool', fields: [f('sqrtPriceX96', 'u256'), f('tick', 'i64'), f('liquidity', 'u128')] },
  { code: 13, type: 'market.status', instrumentField: 'symbol', fields: [] },
  { code: 14, type: 'corporate.action', instrumentField: 'token', fields: [f('newMultiplier', 'f64'), f('activation', 'f64')] },
  { code: 15, type: 'chain.gas', instrumentField: 'chain', fields: [f('baseFeeGwei', 'f64')] },
];

export const KIND_BY_TYPE: ReadonlyMap<MarketDataType, KindSpec> = new Map(KINDS.map((k) => [k.type, k]));
export const KIND_BY_CODE: readonly (KindSpec | undefined)[] = (() => {
  const table: (KindSpec | undefined)[] = [];
  for (const k of KINDS) table[k.code] = k;
  return table;
})();

/** cex.trade: the aggressor sold. cex.book: a snapshot. */
export const FLAG_SELL = 1;
export const FLAG_SNAPSHOT = 1;
/** market.status values in the flags byte. */
export const STATUS_CODES = ['open', 'closed', 'halted'] as const;
