import { DataError } from '../../core/errors';
import {
  MARKET_DATA_TYPES,
  type CexBook,
  type CexQuote,
  type CexTrade,
  type ChainGas,
  type CorporateAction,
  type EquityQuote,
  type MarketDataEvent,
  type MarketStatus,
  type PoolLiquidity,
  type PoolState,
  type PoolSwap,
  type V3PoolCollect,
  type V3PoolLiquidity,
  type V3PoolState,
  type V3PoolSwap,
} from '../../core/events';

/**
 * Decodes one line of repeg NDJSON v1 into a typed event, or throws a DataError naming the file, the
 * 1-based line and the offending field. See docs/data-format.md for the rules.
 *
 * This is the replay hot path: the checks are plain comparisons on the object JSON.parse made, which is
 * validated in place and returned (its bigint strings replaced by bigints), so a valid line costs the
 * parse and nothing more than its bigints. Error messages are built only when a check fails.
 */
export function decodeEvent(line: string, file: string, lineNo: number): MarketDataEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new DataError(file, lineNo, undefined, `invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DataError(file, lineNo, undefined, `expected a JSON object, got ${describe(parsed)}`);
  }
  const o = parsed as Fields;
  switch (o.type) {
    case 'equity.quote':
      return decodeEquityQuote(o, file, lineNo);
    case 'cex.quote':
      return decodeCexQuote(o, file, lineNo);
    case 'cex.trade':
      return decodeCexTrade(o, file, lineNo);
    case 'cex.book':
      return decodeCexBook(o, file, lineNo);
    case 'pool.state':
      return decodePoolState(o, file, lineNo);
    case 'pool.swap':
      return decodePoolSwap(o, file, lineNo);
    case 'pool.liquidity':
      return decodePoolLiquidity(o, file, lineNo);
    case 'pool.v3.swap':
      return decodeV3Swap(o, file, lineNo);
    case 'pool.v3.mint':
    case 'pool.v3.burn':
      return decodeV3Liquidity(o, file, lineNo);
    case 'pool.v3.collect':
      return decodeV3Collect(o, file, lineNo);
    case 'pool.v3.state':
      return decodeV3State(o, file, lineNo);
    case 'chain.gas':
      return decodeChainGas(o, file, lineNo);
    case 'market.status':
      return decodeMarketStatus(o, file, lineNo);
    case 'corporate.action':
      return decodeCorporateAction(o, file, lineNo);
    default:
      throw invalid(file, lineNo, 'type', `must be one of ${MARKET_DATA_TYPES.join(', ')}`, o.type);
  }
}

type Fields = Record<string, unknown>;

/** Every field of T, checked by the compiler: adding a field to an event type fails here until it is listed. */
function fieldNames<T>(fields: Record<keyof T & string, true>): readonly string[] {
  return Object.keys(fields);
}

const STAMPS = { type: true, tsEvent: true, tsRecv: true } as const;
const EQUITY_QUOTE_FIELDS = fieldNames<EquityQuote>({ ...STAMPS, symbol: true, bid: true, bidSize: true, ask: true, askSize: true });
const CEX_QUOTE_FIELDS = fieldNames<CexQuote>({ ...STAMPS, market: true, bid: true, bidSize: true, ask: true, askSize: true });
const CEX_TRADE_FIELDS = fieldNames<CexTrade>({ ...STAMPS, market: true, price: true, size: true, side: true });
const CEX_BOOK_FIELDS = fieldNames<CexBook>({ ...STAMPS, market: true, snapshot: true, firstSeq: true, lastSeq: true, bids: true, asks: true });
const POOL_STATE_FIELDS = fieldNames<PoolState>({ ...STAMPS, pool: true, reserve0: true, reserve1: true });
const POOL_SWAP_FIELDS = fieldNames<PoolSwap>({ ...STAMPS, pool: true, amount0In: true, amount1In: true, amount0Out: true, amount1Out: true });
const POOL_LIQUIDITY_FIELDS = fieldNames<PoolLiquidity>({ ...STAMPS, pool: true, amount0: true, amount1: true });
const V3_SWAP_FIELDS = fieldNames<V3PoolSwap>({ ...STAMPS, pool: true, amount0: true, amount1: true, sqrtPriceX96: true, liquidity: true, tick: true });
const V3_LIQUIDITY_FIELDS = fieldNames<V3PoolLiquidity>({ ...STAMPS, pool: true, tickLower: true, tickUpper: true, liquidity: true, amount0: true, amount1: true });
const V3_COLLECT_FIELDS = fieldNames<V3PoolCollect>({ ...STAMPS, pool: true, tickLower: true, tickUpper: true, amount0: true, amount1: true });
const V3_STATE_FIELDS = fieldNames<V3PoolState>({ ...STAMPS, pool: true, sqrtPriceX96: true, tick: true, liquidity: true });
const CHAIN_GAS_FIELDS = fieldNames<ChainGas>({ ...STAMPS, chain: true, baseFeeGwei: true });
const MARKET_STATUS_FIELDS = fieldNames<MarketStatus>({ ...STAMPS, symbol: true, status: true });
const CORPORATE_ACTION_FIELDS = fieldNames<CorporateAction>({ ...STAMPS, token: true, newMultiplier: true, activation: true });

function decodeEquityQuote(o: Fields, file: string, lineNo: number): EquityQuote {
  checkStamps(o, file, lineNo);
  checkId(o.symbol, 'symbol', file, lineNo);
  checkPricedSize(o.bid, o.bidSize, 'bid', 'bidSize', file, lineNo);
  checkPricedSize(o.ask, o.askSize, 'ask', 'askSize', file, lineNo);
  rejectUnknownFields(o, EQUITY_QUOTE_FIELDS, file, lineNo);
  return o as unknown as EquityQuote;
}

function decodeCexQuote(o: Fields, file: string, lineNo: number): CexQuote {
  checkStamps(o, file, lineNo);
  checkId(o.market, 'market', file, lineNo);
  checkPricedSize(o.bid, o.bidSize, 'bid', 'bidSize', file, lineNo);
  checkPricedSize(o.ask, o.askSize, 'ask', 'askSize', file, lineNo);
  rejectUnknownFields(o, CEX_QUOTE_FIELDS, file, lineNo);
  return o as unknown as CexQuote;
}

function decodeCexTrade(o: Fields, file: string, lineNo: number): CexTrade {
  checkStamps(o, file, lineNo);
  checkId(o.market, 'market', file, lineNo);
  checkPricedSize(o.price, o.size, 'price', 'size', file, lineNo);
  if (o.side !== 'buy' && o.side !== 'sell') throw invalid(file, lineNo, 'side', 'must be "buy" or "sell"', o.side);
  rejectUnknownFields(o, CEX_TRADE_FIELDS, file, lineNo);
  return o as unknown as CexTrade;
}

function decodeCexBook(o: Fields, file: string, lineNo: number): CexBook {
  checkStamps(o, file, lineNo);
  checkId(o.market, 'market', file, lineNo);
  if (typeof o.snapshot !== 'boolean') throw invalid(file, lineNo, 'snapshot', 'must be true or false', o.snapshot);
  if (o.firstSeq !== undefined) checkSequence(o.firstSeq, 'firstSeq', file, lineNo);
  if (o.lastSeq !== undefined) checkSequence(o.lastSeq, 'lastSeq', file, lineNo);
  checkLevels(o.bids, 'bids', file, lineNo);
  checkLevels(o.asks, 'asks', file, lineNo);
  rejectUnknownFields(o, CEX_BOOK_FIELDS, file, lineNo);
  return o as unknown as CexBook;
}

function decodePoolState(o: Fields, file: string, lineNo: number): PoolState {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  o.reserve0 = unsignedAmount(o.reserve0, 'reserve0', file, lineNo);
  o.reserve1 = unsignedAmount(o.reserve1, 'reserve1', file, lineNo);
  rejectUnknownFields(o, POOL_STATE_FIELDS, file, lineNo);
  return o as unknown as PoolState;
}

function decodePoolSwap(o: Fields, file: string, lineNo: number): PoolSwap {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  o.amount0In = unsignedAmount(o.amount0In, 'amount0In', file, lineNo);
  o.amount1In = unsignedAmount(o.amount1In, 'amount1In', file, lineNo);
  o.amount0Out = unsignedAmount(o.amount0Out, 'amount0Out', file, lineNo);
  o.amount1Out = unsignedAmount(o.amount1Out, 'amount1Out', file, lineNo);
  rejectUnknownFields(o, POOL_SWAP_FIELDS, file, lineNo);
  return o as unknown as PoolSwap;
}

function decodePoolLiquidity(o: Fields, file: string, lineNo: number): PoolLiquidity {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  o.amount0 = signedAmount(o.amount0, 'amount0', file, lineNo);
  o.amount1 = signedAmount(o.amount1, 'amount1', file, lineNo);
  rejectUnknownFields(o, POOL_LIQUIDITY_FIELDS, file, lineNo);
  return o as unknown as PoolLiquidity;
}

function decodeV3Swap(o: Fields, file: string, lineNo: number): V3PoolSwap {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  o.amount0 = signedAmount(o.amount0, 'amount0', file, lineNo);
  o.amount1 = signedAmount(o.amount1, 'amount1', file, lineNo);
  o.sqrtPriceX96 = unsignedAmount(o.sqrtPriceX96, 'sqrtPriceX96', file, lineNo);
  o.liquidity = unsignedAmount(o.liquidity, 'liquidity', file, lineNo);
  checkTick(o.tick, 'tick', file, lineNo);
  rejectUnknownFields(o, V3_SWAP_FIELDS, file, lineNo);
  return o as unknown as V3PoolSwap;
}

function decodeV3Liquidity(o: Fields, file: string, lineNo: number): V3PoolLiquidity {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  checkRange(o, file, lineNo);
  o.liquidity = unsignedAmount(o.liquidity, 'liquidity', file, lineNo);
  o.amount0 = unsignedAmount(o.amount0, 'amount0', file, lineNo);
  o.amount1 = unsignedAmount(o.amount1, 'amount1', file, lineNo);
  rejectUnknownFields(o, V3_LIQUIDITY_FIELDS, file, lineNo);
  return o as unknown as V3PoolLiquidity;
}

function decodeV3Collect(o: Fields, file: string, lineNo: number): V3PoolCollect {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  checkRange(o, file, lineNo);
  o.amount0 = unsignedAmount(o.amount0, 'amount0', file, lineNo);
  o.amount1 = unsignedAmount(o.amount1, 'amount1', file, lineNo);
  rejectUnknownFields(o, V3_COLLECT_FIELDS, file, lineNo);
  return o as unknown as V3PoolCollect;
}

function decodeV3State(o: Fields, file: string, lineNo: number): V3PoolState {
  checkStamps(o, file, lineNo);
  checkId(o.pool, 'pool', file, lineNo);
  o.sqrtPriceX96 = unsignedAmount(o.sqrtPriceX96, 'sqrtPriceX96', file, lineNo);
  checkTick(o.tick, 'tick', file, lineNo);
  o.liquidity = unsignedAmount(o.liquidity, 'liquidity', file, lineNo);
  rejectUnknownFields(o, V3_STATE_FIELDS, file, lineNo);
  return o as unknown as V3PoolState;
}

/** TickMath's MIN_TICK and MAX_TICK. */
const MAX_TICK = 887272;

function checkTick(value: unknown, field: string, file: string, lineNo: number): void {
  if (!Number.isInteger(value) || Math.abs(value as number) > MAX_TICK) throw invalid(file, lineNo, field, `must be an integer in [-${MAX_TICK}, ${MAX_TICK}]`, value);
}

function checkRange(o: Fields, file: string, lineNo: number): void {
  checkTick(o.tickLower, 'tickLower', file, lineNo);
  checkTick(o.tickUpper, 'tickUpper', file, lineNo);
  if ((o.tickLower as number) >= (o.tickUpper as number)) throw invalid(file, lineNo, 'tickUpper', 'must be > tickLower', o.tickUpper);
}

function checkSequence(value: unknown, field: string, file: string, lineNo: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid(file, lineNo, field, 'must be a non-negative integer', value);
}

function decodeChainGas(o: Fields, file: string, lineNo: number): ChainGas {
  checkStamps(o, file, lineNo);
  checkId(o.chain, 'chain', file, lineNo);
  if (!isNonNegative(o.baseFeeGwei)) throw invalid(file, lineNo, 'baseFeeGwei', 'must be a finite number >= 0', o.baseFeeGwei);
  rejectUnknownFields(o, CHAIN_GAS_FIELDS, file, lineNo);
  return o as unknown as ChainGas;
}

function decodeMarketStatus(o: Fields, file: string, lineNo: number): MarketStatus {
  checkStamps(o, file, lineNo);
  checkId(o.symbol, 'symbol', file, lineNo);
  if (o.status !== 'open' && o.status !== 'closed' && o.status !== 'halted') {
    throw invalid(file, lineNo, 'status', 'must be "open", "closed" or "halted"', o.status);
  }
  rejectUnknownFields(o, MARKET_STATUS_FIELDS, file, lineNo);
  return o as unknown as MarketStatus;
}

function decodeCorporateAction(o: Fields, file: string, lineNo: number): CorporateAction {
  checkStamps(o, file, lineNo);
  checkId(o.token, 'token', file, lineNo);
  const multiplier = o.newMultiplier;
  if (typeof multiplier !== 'number' || !(multiplier > 0 && multiplier < Infinity)) {
    throw invalid(file, lineNo, 'newMultiplier', 'must be a finite number > 0', multiplier);
  }
  checkTimestamp(o.activation, 'activation', file, lineNo);
  rejectUnknownFields(o, CORPORATE_ACTION_FIELDS, file, lineNo);
  return o as unknown as CorporateAction;
}

function checkStamps(o: Fields, file: string, lineNo: number): void {
  checkTimestamp(o.tsEvent, 'tsEvent', file, lineNo);
  checkTimestamp(o.tsRecv, 'tsRecv', file, lineNo);
}

function checkTimestamp(value: unknown, field: string, file: string, lineNo: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw invalid(file, lineNo, field, 'must be a non-negative integer (microseconds since the Unix epoch)', value);
  }
}

function checkId(value: unknown, field: string, file: string, lineNo: number): void {
  if (typeof value !== 'string' || value.length === 0) throw invalid(file, lineNo, field, 'must be a non-empty string', value);
}

/** A price and its size: both finite and >= 0, and a price offered in a positive size must be > 0. */
function checkPricedSize(price: unknown, size: unknown, priceField: string, sizeField: string, file: string, lineNo: number): void {
  if (!isNonNegative(price)) throw invalid(file, lineNo, priceField, 'must be a finite number >= 0', price);
  if (!isNonNegative(size)) throw invalid(file, lineNo, sizeField, 'must be a finite number >= 0', size);
  if (price === 0 && size > 0) throw invalid(file, lineNo, priceField, `must be > 0 when ${sizeField} is > 0`, price);
}

function isNonNegative(value: unknown): value is number {
  // The comparison is false for NaN; JSON.parse turns an overlong literal such as 1e999 into Infinity.
  return typeof value === 'number' && value >= 0 && value < Infinity;
}

function checkLevels(value: unknown, field: string, file: string, lineNo: number): void {
  if (!Array.isArray(value)) throw invalid(file, lineNo, field, 'must be an array of [price, size] pairs', value);
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level) || level.length !== 2) {
      throw invalid(file, lineNo, `${field}[${i}]`, 'must be a [price, size] pair', level);
    }
    checkPricedSize(level[0], level[1], `${field}[${i}][0]`, `${field}[${i}][1]`, file, lineNo);
  }
}

const UNSIGNED_INTEGER = /^\d+$/;
const SIGNED_INTEGER = /^-?\d+$/;

function unsignedAmount(value: unknown, field: string, file: string, lineNo: number): bigint {
  if (typeof value === 'string' && UNSIGNED_INTEGER.test(value)) return BigInt(value);
  const rule = typeof value === 'string' && SIGNED_INTEGER.test(value) ? 'must be >= 0' : 'must be a decimal integer string >= 0';
  throw invalid(file, lineNo, field, rule, value);
}

function signedAmount(value: unknown, field: string, file: string, lineNo: number): bigint {
  if (typeof value === 'string' && SIGNED_INTEGER.test(value)) return BigInt(value);
  throw invalid(file, lineNo, field, 'must be a decimal integer string', value);
}

/**
 * Called once every listed field has been checked, so the object has an unknown field exactly when it
 * has more keys than the list: counting is enough on the hot path.
 */
function rejectUnknownFields(o: Fields, known: readonly string[], file: string, lineNo: number): void {
  let count = 0;
  for (const _key in o) count++;
  if (count === known.length) return;
  for (const key in o) {
    if (!known.includes(key)) throw new DataError(file, lineNo, key, `unknown field for ${String(o.type)} (expected ${known.join(', ')})`);
  }
}

function invalid(file: string, lineNo: number, field: string, rule: string, value: unknown): DataError {
  return new DataError(file, lineNo, field, value === undefined ? `missing (${rule})` : `${rule}, got ${describe(value)}`);
}

const MAX_SHOWN_CHARS = 60;

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}...` : text;
}
