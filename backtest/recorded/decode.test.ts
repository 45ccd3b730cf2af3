import { DataError } from '../../core/errors';
import type { MarketDataType } from '../../core/events';
import { MARKET_DATA_TYPES } from '../../core/events';
import { ONE_OF_EACH, T0 } from '../../test/support/events';
import { decodeEvent } from './decode';
import { encodeEvent } from './encode';

const FILE = '/data/tslax/2024-06-05.ndjson';

/** The JSON object of a valid line of `type`, to be broken one field at a time. */
function fieldsOf(type: MarketDataType): Record<string, unknown> {
  return JSON.parse(encodeEvent(ONE_OF_EACH[type])) as Record<string, unknown>;
}

function lineWith(type: MarketDataType, changes: Record<string, unknown>): string {
  const fields = fieldsOf(type);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete fields[key];
    else fields[key] = value;
  }
  return JSON.stringify(fields);
}

function decodeError(line: string, lineNo = 17): DataError {
  try {
    decodeEvent(line, FILE, lineNo);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error(`expected a DataError for ${line}`);
}

describe('decodeEvent', () => {
  it.each(MARKET_DATA_TYPES)('round-trips %s through encodeEvent', (type) => {
    const event = ONE_OF_EACH[type];
    expect(decodeEvent(encodeEvent(event), FILE, 1)).toEqual(event);
  });

  it('writes bigints above 2^64 as exact decimal strings and reads them back as bigints', () => {
    const line = encodeEvent(ONE_OF_EACH['pool.swap']);
    expect(line).toContain('"amount0Out":"99876543210987654321"');
    const swap = decodeEvent(line, FILE, 1);
    expect(swap.type === 'pool.swap' && swap.amount0Out).toBe(99_876_543_210_987_654_321n);
    expect(99_876_543_210_987_654_321n > 2n ** 64n).toBe(true);
  });

  it('accepts fields in any order, a zero bid in zero size, a book diff removing a level, and an empty book side', () => {
    const reordered = '{"askSize":0,"ask":0,"bidSize":0,"bid":0,"symbol":"TSLA","tsRecv":5,"tsEvent":0,"type":"equity.quote"}';
    expect(decodeEvent(reordered, FILE, 1)).toEqual({ type: 'equity.quote', tsEvent: 0, tsRecv: 5, symbol: 'TSLA', bid: 0, bidSize: 0, ask: 0, askSize: 0 });
    const diff = decodeEvent(lineWith('cex.book', { snapshot: false, bids: [[178.05, 0]], asks: [] }), FILE, 1);
    expect(diff).toMatchObject({ snapshot: false, bids: [[178.05, 0]], asks: [] });
  });

  it('tolerates a trailing carriage return (CRLF files)', () => {
    expect(decodeEvent(`${encodeEvent(ONE_OF_EACH['market.status'])}\r`, FILE, 1)).toEqual(ONE_OF_EACH['market.status']);
  });

  it('reports invalid JSON with the parser message and no field', () => {
    const error = decodeError('{"type":"equity.quote","tsEvent":1,', 17);
    expect(error.code).toBe('DATA_INVALID');
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(17);
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(/^\/data\/tslax\/2024-06-05\.ndjson:17: invalid JSON: /);
  });

  it('refuses JSON that is not an object', () => {
    for (const line of ['[1,2]', '42', 'null', '"equity.quote"']) {
      const error = decodeError(line);
      expect(error.field).toBeUndefined();
      expect(error.message).toContain('expected a JSON object');
    }
  });

  const badLines: [description: string, line: string, field: string][] = [
    ['missing type', lineWith('equity.quote', { type: undefined }), 'type'],
    ['unknown type', lineWith('equity.quote', { type: 'equity.trade' }), 'type'],
    ['type not a string', lineWith('equity.quote', { type: 7 }), 'type'],
    ['negative tsEvent', lineWith('equity.quote', { tsEvent: -1 }), 'tsEvent'],
    ['fractional tsEvent', lineWith('cex.quote', { tsEvent: T0 + 0.5 }), 'tsEvent'],
    ['tsRecv as a string', lineWith('cex.trade', { tsRecv: String(T0) }), 'tsRecv'],
    ['tsRecv beyond 2^53', lineWith('cex.trade', { tsRecv: 2 ** 53 }), 'tsRecv'],
    ['missing tsRecv', lineWith('market.status', { tsRecv: undefined }), 'tsRecv'],
    ['empty symbol', lineWith('equity.quote', { symbol: '' }), 'symbol'],
    ['market not a string', lineWith('cex.quote', { market: 42 }), 'market'],
    ['negative bid', lineWith('equity.quote', { bid: -178.31 }), 'bid'],
    ['zero bid offered in size 300', lineWith('equity.quote', { bid: 0 }), 'bid'],
    ['infinite bid size (1e999)', lineWith('equity.quote', { bidSize: 1 }).replace('"bidSize":1', '"bidSize":1e999'), 'bidSize'],
    ['ask as a string', lineWith('cex.quote', { ask: '178.6' }), 'ask'],
    ['missing askSize', lineWith('cex.quote', { askSize: undefined }), 'askSize'],
    ['trade price 0 for size 0.75', lineWith('cex.trade', { price: 0 }), 'price'],
    ['negative trade size', lineWith('cex.trade', { size: -0.75 }), 'size'],
    ['side in capitals', lineWith('cex.trade', { side: 'BUY' }), 'side'],
    ['snapshot as a string', lineWith('cex.book', { snapshot: 'true' }), 'snapshot'],
    ['bids not an array', lineWith('cex.book', { bids: { 178.1: 12.5 } }), 'bids'],
    ['a level of three numbers', lineWith('cex.book', { asks: [[178.6, 3.25, 1]] }), 'asks[0]'],
    ['a level price as a string', lineWith('cex.book', { bids: [[178.1, 12.5], ['178.05', 40]] }), 'bids[1][0]'],
    ['a negative level size', lineWith('cex.book', { asks: [[178.6, -3.25]] }), 'asks[0][1]'],
    ['negative reserve', lineWith('pool.state', { reserve0: '-1' }), 'reserve0'],
    ['reserve as a JSON number', lineWith('pool.state', { reserve1: 22_013_456_789 }), 'reserve1'],
    ['reserve with a fraction', lineWith('pool.state', { reserve0: '1.5' }), 'reserve0'],
    ['reserve in hex', lineWith('pool.state', { reserve0: '0x10' }), 'reserve0'],
    ['empty pool id', lineWith('pool.state', { pool: '' }), 'pool'],
    ['negative swap amount', lineWith('pool.swap', { amount1In: '-2483000000' }), 'amount1In'],
    ['missing swap amount', lineWith('pool.swap', { amount0Out: undefined }), 'amount0Out'],
    ['liquidity amount with a plus sign', lineWith('pool.liquidity', { amount0: '+5' }), 'amount0'],
    ['liquidity amount not a number', lineWith('pool.liquidity', { amount1: 'abc' }), 'amount1'],
    ['unknown market status', lineWith('market.status', { status: 'suspended' }), 'status'],
    ['zero multiplier', lineWith('corporate.action', { newMultiplier: 0 }), 'newMultiplier'],
    ['fractional activation', lineWith('corporate.action', { activation: 1.5 }), 'activation'],
    ['an unknown field', lineWith('equity.quote', { venue: 'IEX' }), 'venue'],
    ['a field of another type', lineWith('pool.state', { amount0: '1' }), 'amount0'],
  ];

  it.each(badLines)('refuses %s, naming file, line and field', (_description, line, field) => {
    const error = decodeError(line, 123);
    expect(error.code).toBe('DATA_INVALID');
    expect(error.field).toBe(field);
    expect(error.line).toBe(123);
    expect(error.message).toContain(`${FILE}:123 field "${field}": `);
  });

  it('says what it expected and what it got', () => {
    expect(decodeError(lineWith('equity.quote', { bid: -178.31 })).message).toContain('must be a finite number >= 0, got -178.31');
    expect(decodeError(lineWith('pool.state', { reserve0: '-1' })).message).toContain('must be >= 0, got "-1"');
    expect(decodeError(lineWith('cex.quote', { askSize: undefined })).message).toContain('field "askSize": missing');
    expect(decodeError(lineWith('equity.quote', { type: 'equity.trade' })).message).toContain('must be one of equity.quote, cex.quote');
  });

  it('accepts negative liquidity amounts (a Burn)', () => {
    const burn = decodeEvent(lineWith('pool.liquidity', { amount0: '-1', amount1: '-2' }), FILE, 1);
    expect(burn).toMatchObject({ amount0: -1n, amount1: -2n });
  });
});

describe('decodeEvent on Uniswap V3 and sequenced book lines', () => {
  it.each([
    ['pool.v3.swap', { tick: 887_273 }, 'tick', /must be an integer in \[-887272, 887272\]/],
    ['pool.v3.swap', { sqrtPriceX96: '-1' }, 'sqrtPriceX96', /must be >= 0/],
    ['pool.v3.mint', { tickUpper: 196_080 }, 'tickUpper', /must be > tickLower/],
    ['pool.v3.burn', { liquidity: 5 }, 'liquidity', /decimal integer string/],
    ['cex.book', { firstSeq: -3 }, 'firstSeq', /non-negative integer/],
  ] as const)('%s with %j names field %s', (type, changes, field, rule) => {
    const error = decodeError(lineWith(type, changes));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(rule);
  });
});
