import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { MarketDataEvent } from '../../core/events';
import { encodeEvent } from '../recorded/encode';

/** Lines are handed to gzip in chunks of about this many characters: fewer stream writes than one per line. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams `header` (a `#` comment line) and one line per event into a gzip file, and counts the events by
 * type. The bytes depend only on the input: the compression level is fixed and Node's gzip header holds
 * no time (mtime 0) and no file name. The file appears under its name only once complete.
 */
export async function writeNdjsonGz(path: string, header: string, events: Iterable<MarketDataEvent>, counts: Record<string, number>): Promise<void> {
  const tmp = `${path}.tmp`;
  await pipeline(Readable.from(chunks(header, events, counts)), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(tmp));
  await rename(tmp, path);
}

function* chunks(header: string, events: Iterable<MarketDataEvent>, counts: Record<string, number>): Generator<string> {
  let chunk = `${header}\n`;
  for (const event of events) {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    chunk += `${encodeEvent(event)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}
