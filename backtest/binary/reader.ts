import { closeSync, openSync, readSync } from 'node:fs';
import { BaseError, DataError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { FLAG_SELL, FLAG_SNAPSHOT, HEAD_PAYLOAD_OFFSET, KIND_BY_CODE, type KindSpec, MAGIC, RECORD_BYTES, SLOTS, STATUS_CODES, VERSION } from './layout';

const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const TWO64 = 1n << 64n;

type Level = [number, number];
type Flyweight = Record<string, unknown> & { bids?: Level[]; asks?: Level[] };

/** Where each field of a kind sits in the payload, in 8-byte slots, precomputed once. */
interface Decoder {
  readonly kind: KindSpec;
  readonly event: Flyweight;
  readonly fields: readonly { name: string; type: string; slot: number }[];
}

/**
 * Reads a repeg binary v1 file forward, one event at a time, synchronously, in chunks, in constant memory.
 * `next()` returns a flyweight: the same object per event type, overwritten by the next call. Consumers
 * copy what they keep (the kernel's rule for every event).
 */
export class BinaryCursor {
  readonly instruments: readonly string[];
  private readonly fd: number;
  private buffer: Buffer;
  private f64: Float64Array;
  private view: DataView;
  /** Valid bytes in the buffer, and the read position (a record boundary). */
  private end = 0;
  private pos = 0;
  private eof = false;
  private readonly decoders: (Decoder | undefined)[] = [];
  /** Records read before the buffer's start, for error positions. */
  private recordBase = 0;

  private constructor(
    readonly path: string,
    chunkBytes: number,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new BaseError('DATA_INVALID', `cannot open binary data file ${path}: ${(error as Error).message}`, { cause: error });
    }
    // Own ArrayBuffer at offset 0: the Float64Array view needs 8-byte alignment.
    this.buffer = Buffer.from(new ArrayBuffer(Math.ceil(chunkBytes / RECORD_BYTES) * RECORD_BYTES));
    this.f64 = new Float64Array(this.buffer.buffer);
    this.view = new DataView(this.buffer.buffer);
    this.instruments = this.readHeader();
    for (const code of KIND_BY_CODE.keys()) {
      const kind = KIND_BY_CODE[code];
      if (kind) this.decoders[code] = decoderFor(kind);
    }
  }

  static open(path: string, options: { chunkBytes?: number } = {}): BinaryCursor {
    return new BinaryCursor(path, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  }

  /** Receive time of the next event, or Infinity at the end: lets a merge choose without decoding. */
  peekRecv(): number {
    return this.ensure(RECORD_BYTES) ? this.f64[(this.pos + 16) / 8]! : Number.POSITIVE_INFINITY;
  }

  next(): MarketDataEvent | undefined {
    if (!this.ensure(RECORD_BYTES)) return undefined;
    const continuations = this.view.getUint32(this.pos + 4, true);
    if (!this.ensure(RECORD_BYTES * (1 + continuations))) throw this.corrupt('event cut short by the end of the file');
    const p = this.pos;
    const code = this.buffer[p]!;
    const decoder = this.decoders[code];
    if (!decoder) throw this.corrupt(`unknown record kind ${code}`);
    const e = decoder.event;
    const instrument = this.instruments[this.view.getUint16(p + 2, true)];
    if (instrument === undefined) throw this.corrupt('instrument index out of the table');
    e[decoder.kind.instrumentField] = instrument;
    e.tsEvent = this.f64[(p + 8) / 8];
    e.tsRecv = this.f64[(p + 16) / 8];
    const flags = this.buffer[p + 1]!;
    const base = (p + HEAD_PAYLOAD_OFFSET) / 8;
    for (const field of decoder.fields) this.decodeField(e, field, base + field.slot);
    if (code === 3) e.side = flags & FLAG_SELL ? 'sell' : 'buy';
    else if (code === 4) e.snapshot = (flags & FLAG_SNAPSHOT) !== 0;
    else if (code === 13) e.status = STATUS_CODES[flags];
    this.pos += RECORD_BYTES * (1 + continuations);
    return e as unknown as MarketDataEvent;
  }

  close(): void {
    closeSync(this.fd);
  }

  private decodeField(e: Flyweight, field: { name: string; type: string }, slot: number): void {
    switch (field.type) {
      case 'f64':
        e[field.name] = this.f64[slot];
        return;
      case 'i64':
        e[field.name] = Number(this.view.getBigInt64(slot * 8, true));
        return;
      case 'u128':
      case 'i128':
      case 'u256':
        e[field.name] = this.limbs(slot, SLOTS[field.type], field.type === 'i128');
        return;
      case 'levels':
        this.decodeLevels(e, slot);
    }
  }

  /** Book levels into the flyweight's reused arrays (and reused [price, size] pairs). */
  private decodeLevels(e: Flyweight, slot: number): void {
    const nBids = this.view.getUint32(slot * 8, true);
    const nAsks = this.view.getUint32(slot * 8 + 4, true);
    let at = slot + 1;
    for (const [side, n] of [[e.bids!, nBids], [e.asks!, nAsks]] as const) {
      while (side.length < n) side.push([0, 0]);
      side.length = n;
      for (let i = 0; i < n; i++, at += 2) {
        const level = side[i]!;
        level[0] = this.f64[at]!;
        level[1] = this.f64[at + 1]!;
      }
    }
    // Absent sequence ids are stored as NaN; the event type has them optional.
    if (Number.isNaN(e.firstSeq)) e.firstSeq = undefined;
    if (Number.isNaN(e.lastSeq)) e.lastSeq = undefined;
  }

  private limbs(slot: number, n: number, signed: boolean): bigint {
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = v * TWO64 + this.view.getBigUint64((slot + i) * 8, true);
    const bits = BigInt(64 * n);
    return signed && v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
  }

  /** Makes [pos, pos + bytes) readable, refilling the buffer; false at a clean end of file. */
  private ensure(bytes: number): boolean {
    if (this.pos + bytes <= this.end) return true;
    if (this.eof) {
      if (this.pos < this.end) throw this.corrupt('a partial record at the end of the file');
      return false;
    }
    if (bytes > this.buffer.length) this.grow(bytes);
    this.recordBase += this.pos / RECORD_BYTES;
    this.buffer.copyWithin(0, this.pos, this.end);
    this.end -= this.pos;
    this.pos = 0;
    while (this.end < this.buffer.length && !this.eof) {
      const n = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
      if (n === 0) this.eof = true;
      this.end += n;
    }
    return this.ensure(bytes);
  }

  private grow(bytes: number): void {
    const bigger = Buffer.from(new ArrayBuffer(Math.ceil(bytes / RECORD_BYTES) * RECORD_BYTES * 2));
    this.buffer.copy(bigger, 0, 0, this.end);
    this.buffer = bigger;
    this.f64 = new Float64Array(bigger.buffer);
    this.view = new DataView(bigger.buffer);
  }

  private readHeader(): string[] {
    const fixed = Buffer.alloc(12);
    if (readSync(this.fd, fixed, 0, 12, 0) < 12 || fixed.toString('latin1', 0, 4) !== MAGIC) throw this.corrupt('not a repeg binary file (bad magic)');
    const version = fixed.readUInt16LE(4);
    if (version !== VERSION) throw this.corrupt(`binary format version ${version}; this build reads ${VERSION}`);
    if (fixed.readUInt16LE(6) !== RECORD_BYTES) throw this.corrupt('unexpected record size');
    const tableBytes = fixed.readUInt32LE(8);
    const table = Buffer.alloc(tableBytes);
    readSync(this.fd, table, 0, tableBytes, 12);
    const headerBytes = Math.ceil((12 + tableBytes) / RECORD_BYTES) * RECORD_BYTES;
    // Position the stream after the header: records start on a record boundary.
    const skip = Buffer.alloc(headerBytes);
    readSync(this.fd, skip, 0, headerBytes, null);
    return (JSON.parse(table.toString('utf8')) as { instruments: string[] }).instruments;
  }

  private corrupt(reason: string): DataError {
    return new DataError(this.path, this.recordBase + this.pos / RECORD_BYTES + 1, undefined, reason);
  }
}

function decoderFor(kind: KindSpec): Decoder {
  let slot = 0;
  const fields = kind.fields.map((f) => {
    const at = slot;
    slot += f.type === 'levels' ? 0 : SLOTS[f.type];
    return { name: f.name, type: f.type, slot: at };
  });
  const event: Flyweight = { type: kind.type, tsEvent: 0, tsRecv: 0 };
  if (kind.type === 'cex.book') {
    event.bids = [];
    event.asks = [];
  }
  return { kind, event, fields };
}
