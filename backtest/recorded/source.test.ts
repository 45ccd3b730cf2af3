import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BaseError, DataError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { encodeEvent } from './encode';
import { openRecordedFile, readAllEvents, type RecordedSource } from './source';

/** 2024-06-05 13:30:00 UTC in µs. */
const T0 = 1_717_594_200_000_000;
const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';
/** Two- and four-byte UTF-8 characters (and a UTF-16 surrogate pair) for chunks to split. */
const FANCY_MARKET = 'bitvavo:TSLA𝕏/€';

/** A realistic mix: quotes every 50 ms, a pool swap and sync every 12 s, the odd trade and book update. */
function sampleEvents(count: number): MarketDataEvent[] {
  const events: MarketDataEvent[] = [];
  let reserve0 = 100_000_000_000_000_000_000n; // 100 TSLAx (18 decimals)
  let reserve1 = 17_800_000_000n; // 17,800 USDC (6 decimals)
  for (let i = 0; events.length < count; i++) {
    const ts = T0 + i * 50_000;
    const bid = Math.round((178.3 + Math.sin(i / 40)) * 100) / 100;
    events.push({ type: 'equity.quote', tsEvent: ts, tsRecv: ts + 900, symbol: 'TSLA', bid, bidSize: 100 * (1 + (i % 7)), ask: bid + 0.02, askSize: 200 });
    if (i % 5 === 0) events.push({ type: 'cex.trade', tsEvent: ts, tsRecv: ts + 900, market: FANCY_MARKET, price: bid + 0.01, size: 0.125 * (1 + (i % 3)), side: i % 2 ? 'buy' : 'sell' });
    if (i % 11 === 0) {
      events.push({ type: 'cex.book', tsEvent: ts, tsRecv: ts + 1_200, market: FANCY_MARKET, snapshot: i === 0, bids: [[bid, 1.5], [bid - 0.05, 0]], asks: [[bid + 0.04, 2.25]] });
    }
    if (i % 240 === 0) {
      const amount1In = 250_000_000n + BigInt(i) * 1_000n;
      const amount0Out = (amount1In * 997n * reserve0) / (reserve1 * 1000n + amount1In * 997n);
      reserve0 -= amount0Out;
      reserve1 += amount1In;
      events.push({ type: 'pool.swap', tsEvent: ts, tsRecv: ts + 150_000, pool: POOL, amount0In: 0n, amount1In, amount0Out, amount1Out: 0n });
      events.push({ type: 'pool.state', tsEvent: ts, tsRecv: ts + 150_000, pool: POOL, reserve0, reserve1 });
    }
  }
  // A recorder writes in the order it received: the pool's events arrive 150 ms after their block.
  return events.sort((a, b) => a.tsRecv - b.tsRecv).slice(0, count);
}

function ndjson(events: readonly MarketDataEvent[]): string {
  return events.map((event) => `${encodeEvent(event)}\n`).join('');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repeg-source-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTemp(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readError(path: string, options: { chunkBytes?: number } = {}): Promise<BaseError> {
  try {
    await readAllEvents(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(BaseError);
    return error as BaseError;
  }
  throw new Error(`expected ${path} to fail`);
}

const EVENTS = sampleEvents(2_000);
const HEADER = '# repeg NDJSON v1\n# source: synthetic TSLA/TSLAx session, 2024-06-05\n';

describe('openRecordedFile', () => {
  it('reads a plain file with header comments and blank lines in file order', async () => {
    const path = writeTemp('plain.ndjson', `${HEADER}\n${ndjson(EVENTS.slice(0, 1_000))}\n\n${ndjson(EVENTS.slice(1_000))}`);
    expect(await readAllEvents(path)).toEqual(EVENTS);
  });

  it('reads gzip told by its magic bytes, whatever the name', async () => {
    const content = HEADER + ndjson(EVENTS);
    const gzipped = writeTemp('gzipped.ndjson', gzipSync(content));
    const plainNamedGz = writeTemp('plain.ndjson.gz', content);
    expect(await readAllEvents(gzipped)).toEqual(EVENTS);
    expect(await readAllEvents(plainNamedGz)).toEqual(EVENTS);
  });

  it('gives the same events when lines and UTF-8 characters are split across tiny chunks', async () => {
    // Every chunk is one read on the thread pool: a few hundred events keep this under a second.
    const events = EVENTS.slice(0, 300);
    const content = HEADER + ndjson(events);
    expect(Buffer.byteLength(content)).toBeGreaterThan(content.length); // multi-byte characters are present
    const plain = writeTemp('tiny-chunks.ndjson', content);
    const gzipped = writeTemp('tiny-chunks.ndjson.gz', gzipSync(content));
    expect(await readAllEvents(plain, { chunkBytes: 7 })).toEqual(events);
    expect(await readAllEvents(gzipped, { chunkBytes: 7 })).toEqual(events);
  });

  it('returns batches of at most batchEvents, then null', async () => {
    const path = writeTemp('batches.ndjson', ndjson(EVENTS));
    const source = openRecordedFile(path, { batchEvents: 300, chunkBytes: 4_096 });
    const sizes: number[] = [];
    for (let batch = await source.readBatch(); batch !== null; batch = await source.readBatch()) sizes.push(batch.length);
    await source.close();
    expect(sizes).toEqual([300, 300, 300, 300, 300, 300, 200]);
    expect(source.name).toBe(path);
  });

  it('reads a last line without a newline, CRLF line ends and whitespace-only lines', async () => {
    const lines = EVENTS.slice(0, 3).map(encodeEvent);
    const path = writeTemp('crlf.ndjson', `# header\r\n${lines[0]}\r\n  \t\r\n${lines[1]}\r\n${lines[2]}`);
    expect(await readAllEvents(path, { chunkBytes: 5 })).toEqual(EVENTS.slice(0, 3));
  });

  it('ends at once on an empty file and on a file of comments only', async () => {
    for (const path of [writeTemp('empty.ndjson', ''), writeTemp('comments.ndjson', HEADER), writeTemp('empty.gz', gzipSync(''))]) {
      const source = openRecordedFile(path);
      expect(await source.readBatch()).toBeNull();
      await source.close();
    }
  });

  it('accepts equal receive times on consecutive lines', async () => {
    const [a, b] = EVENTS as [MarketDataEvent, MarketDataEvent];
    const path = writeTemp('equal-times.ndjson', ndjson([a, { ...b, tsRecv: a.tsRecv }]));
    expect(await readAllEvents(path)).toHaveLength(2);
  });

  describe('bad data', () => {
    /** Lines 1-2 header, line 3 blank, events from line 4: the bad line replaces the 6th event, on line 9. */
    function fileWithBadLine(name: string, bad: string, gzip = false): string {
      const lines = EVENTS.slice(0, 10).map(encodeEvent);
      lines[5] = bad;
      const content = `${HEADER}\n${lines.join('\n')}\n`;
      return writeTemp(name, gzip ? gzipSync(content) : content);
    }

    const good = JSON.parse(encodeEvent(EVENTS[5]!)) as Record<string, unknown>;
    const cases: [string, string, string | undefined][] = [
      ['invalid JSON', '{"type":"equity.quote",', undefined],
      ['an unknown type', JSON.stringify({ ...good, type: 'equity.trade' }), 'type'],
      ['a negative price', JSON.stringify({ ...good, bid: -1 }), 'bid'],
      ['a fractional timestamp', JSON.stringify({ ...good, tsEvent: 1.5 }), 'tsEvent'],
      ['an unknown field', JSON.stringify({ ...good, exchange: 'V' }), 'exchange'],
    ];

    it.each(cases)('names the file, the line and the field of %s, whatever the chunking', async (_what, bad, field) => {
      for (const [name, gzip, chunkBytes] of [['bad.ndjson', false, 7], ['bad.ndjson.gz', true, undefined]] as const) {
        const path = fileWithBadLine(name, bad, gzip);
        const error = await readError(path, chunkBytes === undefined ? {} : { chunkBytes });
        expect(error).toBeInstanceOf(DataError);
        expect(error).toMatchObject({ code: 'DATA_INVALID', file: path, line: 9, field });
        expect(error.message).toContain(`${path}:9`);
        if (field !== undefined) expect(error.message).toContain(`field "${field}"`);
      }
    });

    it('refuses tsRecv going backwards, naming the line', async () => {
      const late = EVENTS[4]!;
      const path = fileWithBadLine('backwards.ndjson', encodeEvent({ ...EVENTS[5]!, tsRecv: late.tsRecv - 1 }));
      const error = await readError(path);
      expect(error).toMatchObject({ code: 'DATA_OUT_OF_ORDER', file: path, line: 9, field: 'tsRecv' });
      expect(error.message).toBe(`${path}:9 field "tsRecv": ${late.tsRecv - 1} is earlier than ${late.tsRecv} on line 8: a file must be in receive-time order`);
    });

    it('refuses tsRecv going backwards across batches', async () => {
      const events = EVENTS.slice(0, 6);
      const path = writeTemp('backwards-batches.ndjson', ndjson([...events, { ...events[0]! }]));
      const source = openRecordedFile(path, { batchEvents: 3 });
      expect(await source.readBatch()).toHaveLength(3);
      expect(await source.readBatch()).toHaveLength(3);
      await expect(source.readBatch()).rejects.toMatchObject({ code: 'DATA_OUT_OF_ORDER', line: 7 });
      await source.close();
    });

    it('reports a missing file with its path', async () => {
      const path = join(dir, 'no-such-file.ndjson');
      const error = await readError(path);
      expect(error.code).toBe('DATA_INVALID');
      expect(error.message).toContain(`cannot open recorded data file ${path}: ENOENT`);
    });

    it('reports a directory with its path', async () => {
      const error = await readError(dir);
      expect(error.code).toBe('DATA_INVALID');
      expect(error.message).toContain(`recorded data file ${dir}: EISDIR`);
    });

    it('reports truncated gzip data as bad data in that file', async () => {
      const whole = gzipSync(ndjson(EVENTS));
      const path = writeTemp('truncated.ndjson.gz', whole.subarray(0, whole.length - 100));
      const error = await readError(path);
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cannot inflate gzip data: unexpected end of file`));
    });
  });

  describe('lifecycle', () => {
    it('closes idempotently, before or after reading, and refuses reads after close', async () => {
      const path = writeTemp('lifecycle.ndjson', ndjson(EVENTS));
      const unread = openRecordedFile(path);
      await unread.close();
      await unread.close();
      await expect(unread.readBatch()).rejects.toMatchObject({ code: 'USAGE' });

      const source: RecordedSource = openRecordedFile(path, { batchEvents: 10 });
      expect(await source.readBatch()).toHaveLength(10);
      await source.close();
      await source.close();
      await expect(source.readBatch()).rejects.toMatchObject({ code: 'USAGE' });
    });

    it('refuses options that are not positive integers', () => {
      expect(() => openRecordedFile('x', { chunkBytes: 0 })).toThrow('chunkBytes must be a positive integer');
      expect(() => openRecordedFile('x', { batchEvents: 2.5 })).toThrow('batchEvents must be a positive integer');
    });
  });
});
