import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import type { ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BaseError, DataError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { decodeEvent } from './decode';

/** Recorded market data, read in batches. */
export interface RecordedSource {
  /** The file path. */
  readonly name: string;
  /**
   * The next batch of decoded events in file order, with `tsRecv` never decreasing; null at the end.
   * One promise per batch, never per event. The batch is valid until the next call.
   */
  readBatch(): Promise<readonly MarketDataEvent[] | null>;
  /** Bytes of the file (compressed, for gzip) read so far: progress against its size on disk. */
  readonly bytesRead: number;
  /** Releases the file; idempotent. Reading after close is a usage error. */
  close(): Promise<void>;
}

export interface RecordedFileOptions {
  /** Bytes read from disk per chunk (and inflated per chunk, for gzip). */
  chunkBytes?: number;
  /** Events per batch (the last batch may hold fewer). */
  batchEvents?: number;
}

const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const DEFAULT_BATCH_EVENTS = 4096;

/**
 * Opens a repeg NDJSON v1 file, plain or gzip-compressed (told by its magic bytes, not its name). Nothing is
 * opened until the first `readBatch`, so a list of sources of which some are never read leaks nothing.
 * Memory stays at about one chunk plus one batch whatever the file's size.
 */
export function openRecordedFile(path: string, options: RecordedFileOptions = {}): RecordedSource {
  const chunkBytes = positiveInteger(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, 'chunkBytes');
  const batchEvents = positiveInteger(options.batchEvents ?? DEFAULT_BATCH_EVENTS, 'batchEvents');
  return new RecordedFile(path, chunkBytes, batchEvents);
}

/** Every event of a file in one array. Holds the whole file in memory: for tests and small tools, not replay. */
export async function readAllEvents(path: string, options: RecordedFileOptions = {}): Promise<MarketDataEvent[]> {
  const source = openRecordedFile(path, options);
  try {
    const events: MarketDataEvent[] = [];
    for (let batch = await source.readBatch(); batch !== null; batch = await source.readBatch()) {
      for (const event of batch) events.push(event);
    }
    return events;
  } finally {
    await source.close();
  }
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** zlib refuses smaller output buffers. */
const ZLIB_MIN_CHUNK_BYTES = 64;
/**
 * A line longer than this is not market data (a binary file, a file without newlines): refusing it keeps
 * memory bounded. A full book snapshot of thousands of levels is well under a megabyte.
 */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

const HASH = 0x23;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

class RecordedFile implements RecordedSource {
  private chunks: AsyncIterator<string> | undefined;
  /** The file stream, then the gunzip stream when there is one: destroyed on close. */
  private streams: Readable[] = [];
  private gzipped = false;
  /** Text not yet decoded starts at `pos`; it ends with a partial line unless the file has ended. */
  private text = '';
  private pos = 0;
  private ended = false;
  /** Lines consumed so far, blank and comment lines included: the next line is `lineNo + 1`. */
  private lineNo = 0;
  private lastRecv = 0;
  private lastRecvLine = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly chunkBytes: number,
    private readonly batchEvents: number,
  ) {}

  async readBatch(): Promise<readonly MarketDataEvent[] | null> {
    if (this.closed) throw this.closedError();
    if (this.chunks === undefined) this.chunks = await this.openChunks();
    const batch: MarketDataEvent[] = [];
    for (;;) {
      this.decodeLines(batch);
      if (batch.length >= this.batchEvents || this.ended) break;
      await this.appendNextChunk(this.chunks);
    }
    return batch.length > 0 ? batch : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams) stream.destroy();
    // Resolve only once the descriptor is released, so that callers may delete or rewrite the file.
    const file = this.streams[0];
    if (file !== undefined && !file.closed) await once(file, 'close');
  }

  /** Decodes the complete lines in `text` (and the unterminated last line once the file has ended) into `batch`, until it is full. */
  private decodeLines(batch: MarketDataEvent[]): void {
    const text = this.text;
    let pos = this.pos;
    let lineNo = this.lineNo;
    while (batch.length < this.batchEvents) {
      let end = text.indexOf('\n', pos);
      if (end === -1) {
        if (pos >= text.length) break;
        if (!this.ended) {
          if (text.length - pos > MAX_LINE_CHARS) {
            throw new DataError(this.name, lineNo + 1, undefined, `line longer than ${MAX_LINE_CHARS} characters: not repeg NDJSON`);
          }
          break;
        }
        end = text.length;
      }
      lineNo++;
      const line = text.slice(pos, end);
      pos = end + 1;
      if (isBlankOrComment(line)) continue;
      const event = decodeEvent(line, this.name, lineNo);
      if (event.tsRecv < this.lastRecv) {
        throw new DataError(this.name, lineNo, 'tsRecv', `${event.tsRecv} is earlier than ${this.lastRecv} on line ${this.lastRecvLine}: a file must be in receive-time order`, {
          code: 'DATA_OUT_OF_ORDER',
        });
      }
      this.lastRecv = event.tsRecv;
      this.lastRecvLine = lineNo;
      batch.push(event);
    }
    this.pos = pos;
    this.lineNo = lineNo;
  }

  private async appendNextChunk(chunks: AsyncIterator<string>): Promise<void> {
    let next: IteratorResult<string>;
    try {
      next = await chunks.next();
    } catch (error) {
      if (this.closed) throw this.closedError();
      const what = this.gzipped ? 'cannot inflate gzip data' : 'cannot read';
      throw new DataError(this.name, this.lineNo + 1, undefined, `${what}: ${(error as Error).message}`, { cause: error });
    }
    if (this.closed) throw this.closedError();
    if (next.done) {
      this.ended = true;
      return;
    }
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + next.value : next.value;
    this.pos = 0;
  }

  private async openChunks(): Promise<AsyncIterator<string>> {
    let handle: FileHandle;
    try {
      handle = await open(this.name, 'r');
    } catch (error) {
      throw this.fileError('cannot open', error);
    }
    try {
      this.gzipped = await startsWithGzipMagic(handle);
    } catch (error) {
      await handle.close();
      throw this.fileError('cannot read', error);
    }
    const file = handle.createReadStream({ start: 0, highWaterMark: this.chunkBytes });
    let text: Readable = file;
    if (this.gzipped) {
      const gunzip = createGunzip({ chunkSize: Math.max(this.chunkBytes, ZLIB_MIN_CHUNK_BYTES) });
      // pipe() does not forward errors: a failed read must fail the reader, not leave it waiting.
      file.on('error', (error) => gunzip.destroy(error));
      text = file.pipe(gunzip);
      this.streams = [file, gunzip];
    } else {
      this.streams = [file];
    }
    if (this.closed) {
      for (const stream of this.streams) stream.destroy();
      throw this.closedError();
    }
    // The stream's decoder keeps a UTF-8 sequence split across chunks whole.
    text.setEncoding('utf8');
    return text[Symbol.asyncIterator]();
  }

  get bytesRead(): number {
    return (this.streams[0] as ReadStream | undefined)?.bytesRead ?? 0;
  }

  private fileError(what: string, error: unknown): BaseError {
    return new BaseError('DATA_INVALID', `${what} recorded data file ${this.name}: ${(error as Error).message}`, {
      details: { file: this.name },
      cause: error,
    });
  }

  private closedError(): BaseError {
    return new BaseError('USAGE', `${this.name}: recorded source read after close`, { details: { file: this.name } });
  }
}

async function startsWithGzipMagic(handle: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(GZIP_MAGIC.length);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  return bytesRead === GZIP_MAGIC.length && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** Blank lines (a CRLF file's lone `\r` included) and `#` comment lines carry no event. */
function isBlankOrComment(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  if (first === HASH) return true;
  return (first === SPACE || first === TAB || first === CR) && line.trim().length === 0;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new BaseError('USAGE', `${name} must be a positive integer, got ${value}`);
  return value;
}
