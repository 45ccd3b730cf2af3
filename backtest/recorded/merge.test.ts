import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { encodeEvent } from './encode';
import { mergeByRecvTime } from './merge';
import { openRecordedFile, readAllEvents, type RecordedSource } from './source';

/** 2024-06-05 13:30:00 UTC in µs. */
const T0 = 1_717_594_200_000_000;

/** An event whose symbol names where it came from: `B2` is the third event of source B. */
function tagged(tag: string, tsRecv: number): MarketDataEvent {
  return { type: 'market.status', tsEvent: tsRecv - 300, tsRecv, symbol: tag, status: 'open' };
}

/** Events of one source from receive-time offsets (µs after T0), tagged with the source's letter. */
function sourceEvents(letter: string, offsets: number[]): MarketDataEvent[] {
  return offsets.map((offset, i) => tagged(`${letter}${i}`, T0 + offset));
}

/** A source serving fixed batches, counting reads and closes. */
class ArraySource implements RecordedSource {
  reads = 0;
  closes = 0;
  readonly bytesRead = 0;
  private readonly batches: MarketDataEvent[][];

  constructor(
    readonly name: string,
    batches: MarketDataEvent[][],
    private readonly failure?: Error,
  ) {
    this.batches = [...batches];
  }

  async readBatch(): Promise<readonly MarketDataEvent[] | null> {
    this.reads++;
    const batch = this.batches.shift();
    if (batch === undefined && this.failure) throw this.failure;
    return batch ?? null;
  }

  async close(): Promise<void> {
    this.closes++;
  }
}

async function collect(sources: RecordedSource[], batchEvents?: number): Promise<{ tags: string[]; sizes: number[] }> {
  const tags: string[] = [];
  const sizes: number[] = [];
  for await (const batch of mergeByRecvTime(sources, batchEvents === undefined ? {} : { batchEvents })) {
    sizes.push(batch.length);
    for (const event of batch) tags.push((event as { symbol: string }).symbol);
  }
  return { tags, sizes };
}

describe('mergeByRecvTime', () => {
  // Receive times in µs after T0. A: 1000 1000 3000 5000; B: 2000 3000 4000 5000; C: 3000.
  const a = sourceEvents('A', [1_000, 1_000, 3_000, 5_000]);
  const b = sourceEvents('B', [2_000, 3_000, 4_000, 5_000]);
  const c = sourceEvents('C', [3_000]);
  const expected = ['A0', 'A1', 'B0', 'A2', 'B1', 'C0', 'B2', 'A3', 'B3'];

  it('orders by tsRecv; equal times go by source index, then file order', async () => {
    const sources = [new ArraySource('A', [a.slice(0, 1), a.slice(1, 3), a.slice(3)]), new ArraySource('B', [b.slice(0, 2), b.slice(2)]), new ArraySource('C', [c])];
    const { tags, sizes } = await collect(sources);
    expect(tags).toEqual(expected);
    expect(sizes).toEqual([9]);
  });

  it('gives the later source the tie when sources are listed the other way round', async () => {
    const { tags } = await collect([new ArraySource('C', [c]), new ArraySource('B', [b]), new ArraySource('A', [a])]);
    expect(tags).toEqual(['A0', 'A1', 'B0', 'C0', 'B1', 'A2', 'B2', 'B3', 'A3']);
  });

  it('yields batches of at most batchEvents and refills a source only when its batch is used up', async () => {
    const sources = [new ArraySource('A', [a.slice(0, 2), a.slice(2)]), new ArraySource('B', [b]), new ArraySource('C', [c])];
    const { tags, sizes } = await collect(sources, 2);
    expect(tags).toEqual(expected);
    expect(sizes).toEqual([2, 2, 2, 2, 1]);
    // Each batch read once, plus the read that returned null.
    expect(sources.map((source) => source.reads)).toEqual([3, 2, 2]);
  });

  it('reuses the yielded array: a consumer keeping events copies them', async () => {
    const seen = new Set<readonly MarketDataEvent[]>();
    for await (const batch of mergeByRecvTime([new ArraySource('A', [a]), new ArraySource('B', [b])], { batchEvents: 3 })) seen.add(batch);
    expect(seen.size).toBe(1);
  });

  it('skips empty sources and empty batches', async () => {
    const sources = [new ArraySource('empty', []), new ArraySource('A', [[], a, []]), new ArraySource('hollow', [[], []])];
    expect((await collect(sources)).tags).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(await collect([])).toEqual({ tags: [], sizes: [] });
  });

  it('closes every source when the consumer breaks out of the loop', async () => {
    const sources = [new ArraySource('A', [a]), new ArraySource('B', [b]), new ArraySource('C', [c])];
    for await (const batch of mergeByRecvTime(sources, { batchEvents: 2 })) {
      expect(batch).toHaveLength(2);
      break;
    }
    expect(sources.map((source) => source.closes)).toEqual([1, 1, 1]);
  });

  it('closes every source and passes the error on when a source fails', async () => {
    const corrupt = new DataError('/data/b.ndjson', 912, 'bid', 'must be a finite number >= 0, got -1');
    const sources = [new ArraySource('A', [a]), new ArraySource('B', [b.slice(0, 1)], corrupt)];
    await expect(collect(sources)).rejects.toBe(corrupt);
    expect(sources.map((source) => source.closes)).toEqual([1, 1]);
  });

  it('closes every source when the consumer throws', async () => {
    const sources = [new ArraySource('A', [a]), new ArraySource('B', [b])];
    const consume = async (): Promise<void> => {
      for await (const _batch of mergeByRecvTime(sources)) throw new Error('strategy failed');
    };
    await expect(consume()).rejects.toThrow('strategy failed');
    expect(sources.map((source) => source.closes)).toEqual([1, 1]);
  });

  it('refuses a batch size that is not a positive integer, closing the sources', async () => {
    const sources = [new ArraySource('A', [a])];
    await expect(collect(sources, 0)).rejects.toMatchObject({ code: 'USAGE' });
    expect(sources[0]!.closes).toBe(1);
  });

  describe('recorded files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'repeg-merge-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    /** Quotes every 50 ms and pool syncs every 12 s, both on shared millisecond boundaries to force ties. */
    function writeFeeds(): { quotes: string; pool: string } {
      const quotes: MarketDataEvent[] = [];
      const pool: MarketDataEvent[] = [];
      for (let i = 0; i < 6_000; i++) {
        const ts = T0 + i * 50_000;
        quotes.push({ type: 'equity.quote', tsEvent: ts - 700, tsRecv: ts, symbol: 'TSLA', bid: 178.31, bidSize: 100 + i, ask: 178.33, askSize: 200 });
        if (i % 240 === 0) {
          const reserve1 = 17_800_000_000n + BigInt(i) * 1_000_000n;
          pool.push({ type: 'pool.state', tsEvent: ts - 150_000, tsRecv: ts, pool: 'uniswap-v2:ethereum:TSLAx-USDC', reserve0: 100n * 10n ** 18n, reserve1 });
        }
      }
      const quotesPath = join(dir, 'quotes.ndjson');
      const poolPath = join(dir, 'pool.ndjson.gz');
      writeFileSync(quotesPath, quotes.map((e) => `${encodeEvent(e)}\n`).join(''));
      writeFileSync(poolPath, gzipSync(pool.map((e) => `${encodeEvent(e)}\n`).join('')));
      return { quotes: quotesPath, pool: poolPath };
    }

    it('merges a plain and a gzip file into the stable receive-time order', async () => {
      const { quotes, pool } = writeFeeds();
      const merged: MarketDataEvent[] = [];
      const sources = [openRecordedFile(pool, { batchEvents: 7 }), openRecordedFile(quotes, { batchEvents: 1_000 })];
      for await (const batch of mergeByRecvTime(sources, { batchEvents: 512 })) merged.push(...batch);

      // Reference: the pool file's events (source 0) first among equal times, each file in its own order.
      const byFile = [await readAllEvents(pool), await readAllEvents(quotes)];
      const reference = byFile
        .flatMap((events, source) => events.map((event, line) => ({ event, source, line })))
        .sort((x, y) => x.event.tsRecv - y.event.tsRecv || x.source - y.source || x.line - y.line)
        .map((entry) => entry.event);
      expect(merged).toHaveLength(6_025);
      expect(merged).toEqual(reference);
      expect(merged[0]!.type).toBe('pool.state');
      expect(merged[1]!.type).toBe('equity.quote');
    });

    it('releases the files when the consumer stops early', async () => {
      const { quotes, pool } = writeFeeds();
      const sources = [openRecordedFile(pool), openRecordedFile(quotes)];
      for await (const _batch of mergeByRecvTime(sources)) break;
      await expect(sources[0]!.readBatch()).rejects.toMatchObject({ code: 'USAGE' });
      await expect(sources[1]!.readBatch()).rejects.toMatchObject({ code: 'USAGE' });
    });
  });
});
