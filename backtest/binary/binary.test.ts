import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarketDataEvent } from '../../core/events';
import { ONE_OF_EACH } from '../../test/support/events';
import { encodeEvent } from '../recorded/encode';
import { readAllEvents } from '../recorded/source';
import { convertToBinary } from './convert';
import { CursorMerge } from './merge';
import { BinaryCursor } from './reader';
import { BinaryWriter } from './writer';

const dir = mkdtempSync(join(tmpdir(), 'repeg-binary-'));

/** Reads a binary file back, copying each flyweight (deeply, for book levels) so the list can be compared. */
function readBack(path: string, chunkBytes?: number): MarketDataEvent[] {
  const cursor = BinaryCursor.open(path, chunkBytes === undefined ? {} : { chunkBytes });
  const out: MarketDataEvent[] = [];
  for (let e = cursor.next(); e; e = cursor.next()) out.push(structuredClone(e));
  cursor.close();
  return out;
}

/** Undefined optional fields vanish in a JSON round trip: compare as the NDJSON format would. */
const asJson = (events: readonly MarketDataEvent[]) => events.map((e) => JSON.parse(encodeEvent(e)) as unknown);

describe('repeg binary v1', () => {
  const events = Object.values(ONE_OF_EACH).sort((a, b) => a.tsRecv - b.tsRecv);
  const withBigBook: MarketDataEvent = {
    type: 'cex.book', tsEvent: 5, tsRecv: 6, market: 'm', snapshot: true,
    bids: Array.from({ length: 40 }, (_, i) => [100 - i * 0.01, i + 0.5] as [number, number]), asks: [[100.5, 1]],
  };
  const file = join(dir, 'all.rpg');

  beforeAll(() => {
    const writer = new BinaryWriter(file, ['TSLA', 'TSLAx@ethereum', 'kraken:TSLAx/USD', 'uniswap-v2:ethereum:TSLAx-USDC', 'uniswap-v3:ethereum:USDC-WETH-3000', 'ethereum', 'm']);
    for (const e of [withBigBook, ...events]) writer.write(e);
    writer.close();
  });

  it('round-trips every event type exactly, bigints beyond 2^64 and negative amounts included', () => {
    expect(asJson(readBack(file))).toEqual(asJson([withBigBook, ...events]));
    const swap = readBack(file).find((e) => e.type === 'pool.v3.swap');
    expect(swap).toMatchObject({ amount0: -4_009_416_115n, sqrtPriceX96: 1_835_256_658_823_455_418_233_541_207_474_372n });
  });

  it('reads the same through chunks of one record, events spanning chunk ends', () => {
    expect(asJson(readBack(file, 64))).toEqual(asJson(readBack(file)));
  });

  it('hands out one reused object per event type (a flyweight), with reused book levels', () => {
    const cursor = BinaryCursor.open(file);
    const first = cursor.next();
    const firstBids = (first as Extract<MarketDataEvent, { type: 'cex.book' }>).bids;
    let again: MarketDataEvent | undefined;
    for (let e = cursor.next(); e; e = cursor.next()) if (e.type === 'cex.book') again = e;
    cursor.close();
    expect(again).toBe(first);
    expect((again as Extract<MarketDataEvent, { type: 'cex.book' }>).bids).toBe(firstBids);
  });

  it('merges files by receive time, earlier file first on ties', () => {
    const a = join(dir, 'a.rpg');
    const b = join(dir, 'b.rpg');
    const q = (t: number, bid: number): MarketDataEvent => ({ type: 'equity.quote', tsEvent: t, tsRecv: t, symbol: 'X', bid, bidSize: 1, ask: bid + 1, askSize: 1 });
    for (const [path, list] of [[a, [q(1, 10), q(3, 11)]], [b, [q(1, 20), q(2, 21)]]] as const) {
      const w = new BinaryWriter(path, ['X']);
      for (const e of list) w.write(e);
      w.close();
    }
    const merge = new CursorMerge([BinaryCursor.open(a), BinaryCursor.open(b)]);
    const bids: number[] = [];
    for (let e = merge.next(); e; e = merge.next()) bids.push((e as Extract<MarketDataEvent, { type: 'equity.quote' }>).bid);
    merge.close();
    expect(bids).toEqual([10, 20, 21, 11]);
  });

  it('names the record of a corrupt file, and refuses a file that is not binary', () => {
    const cut = join(dir, 'cut.rpg');
    const bytes = readFileSync(file);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 32));
    expect(() => readBack(cut)).toThrow(expect.objectContaining({ code: 'DATA_INVALID', message: expect.stringMatching(/cut\.rpg:\d+: a partial record at the end of the file/) }));
    const text = join(dir, 'text.rpg');
    writeFileSync(text, '{"type":"equity.quote"}\n');
    expect(() => BinaryCursor.open(text)).toThrow(/not a repeg binary file \(bad magic\)/);
  });

  it('converts NDJSON recordings into one file with the same events in receive-time order', async () => {
    const nd = join(dir, 'in.ndjson');
    writeFileSync(nd, `${events.map(encodeEvent).join('\n')}\n`);
    const out = join(dir, 'converted.rpg');
    const result = await convertToBinary([nd], out);
    expect(result.events).toBe(events.length);
    expect(asJson(readBack(out))).toEqual(asJson(await readAllEvents(nd)));
  });
});
