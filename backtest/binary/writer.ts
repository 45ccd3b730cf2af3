import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { BaseError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { FLAG_SELL, FLAG_SNAPSHOT, HEAD_PAYLOAD_BYTES, HEAD_PAYLOAD_OFFSET, KIND_BY_TYPE, MAGIC, RECORD_BYTES, SLOTS, STATUS_CODES, VERSION } from './layout';

const FLUSH_BYTES = 4 * 1024 * 1024;
const U64 = (1n << 64n) - 1n;

/**
 * Writes events into a repeg binary v1 file, in the order given (callers merge by receive time first).
 * The instrument table is known up front (ids are stored once, as indices per event). The file appears
 * under its name only when `close` completes.
 */
export class BinaryWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private buffer = Buffer.alloc(FLUSH_BYTES + 64 * RECORD_BYTES);
  private used = 0;
  private readonly index: ReadonlyMap<string, number>;
  count = 0;

  constructor(
    private readonly path: string,
    instruments: readonly string[],
  ) {
    if (instruments.length > 0xffff) throw new BaseError('USAGE', 'more than 65,535 instruments in one binary file');
    this.index = new Map(instruments.map((id, i) => [id, i]));
    this.tmp = `${path}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    writeSync(this.fd, header(instruments));
  }

  write(event: MarketDataEvent): void {
    const kind = KIND_BY_TYPE.get(event.type);
    if (!kind) throw new BaseError('USAGE', `no binary encoding for ${event.type}`);
    const e = event as unknown as Record<string, unknown>;
    const instrument = this.index.get(String(e[kind.instrumentField]));
    if (instrument === undefined) throw new BaseError('USAGE', `instrument ${String(e[kind.instrumentField])} is not in the file's table`);
    const payload = payloadOf(event, kind.fields);
    const continuations = Math.max(0, Math.ceil((payload.length - HEAD_PAYLOAD_BYTES) / RECORD_BYTES));
    const size = RECORD_BYTES * (1 + continuations);
    if (this.used + size > this.buffer.length) this.flush();
    const at = this.used;
    this.buffer.fill(0, at, at + size);
    this.buffer.writeUInt8(kind.code, at);
    this.buffer.writeUInt8(flagsOf(event), at + 1);
    this.buffer.writeUInt16LE(instrument, at + 2);
    this.buffer.writeUInt32LE(continuations, at + 4);
    this.buffer.writeDoubleLE(event.tsEvent, at + 8);
    this.buffer.writeDoubleLE(event.tsRecv, at + 16);
    payload.copy(this.buffer, at + HEAD_PAYLOAD_OFFSET);
    this.used += size;
    this.count++;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

/** Magic, version, record size, then the JSON table of instrument ids, padded to a whole record. */
function header(instruments: readonly string[]): Buffer {
  const table = Buffer.from(JSON.stringify({ instruments }), 'utf8');
  const fixed = 12;
  const size = Math.ceil((fixed + table.length) / RECORD_BYTES) * RECORD_BYTES;
  const b = Buffer.alloc(size);
  b.write(MAGIC, 0, 'latin1');
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(RECORD_BYTES, 6);
  b.writeUInt32LE(table.length, 8);
  table.copy(b, fixed);
  return b;
}

function flagsOf(event: MarketDataEvent): number {
  switch (event.type) {
    case 'cex.trade':
      return event.side === 'sell' ? FLAG_SELL : 0;
    case 'cex.book':
      return event.snapshot ? FLAG_SNAPSHOT : 0;
    case 'market.status':
      return STATUS_CODES.indexOf(event.status);
    default:
      return 0;
  }
}

function payloadOf(event: MarketDataEvent, fields: readonly { name: string; type: string }[]): Buffer {
  const e = event as unknown as Record<string, unknown>;
  const parts: Buffer[] = [];
  for (const field of fields) {
    const value = e[field.name];
    if (field.type === 'levels') {
      const book = event as Extract<MarketDataEvent, { type: 'cex.book' }>;
      const b = Buffer.alloc(8 + 16 * (book.bids.length + book.asks.length));
      b.writeUInt32LE(book.bids.length, 0);
      b.writeUInt32LE(book.asks.length, 4);
      let at = 8;
      for (const [price, size] of [...book.bids, ...book.asks]) {
        b.writeDoubleLE(price, at);
        b.writeDoubleLE(size, at + 8);
        at += 16;
      }
      parts.push(b);
      continue;
    }
    const slots = SLOTS[field.type as keyof typeof SLOTS];
    const b = Buffer.alloc(8 * slots);
    if (field.type === 'f64') b.writeDoubleLE(value === undefined ? Number.NaN : (value as number), 0);
    else if (field.type === 'i64') b.writeBigInt64LE(BigInt(value as number), 0);
    else writeLimbs(b, value as bigint, slots, field.type === 'i128');
    parts.push(b);
  }
  return Buffer.concat(parts);
}

/** Little-endian 64-bit limbs; signed values in two's complement over the field's width. */
function writeLimbs(b: Buffer, value: bigint, limbs: number, signed: boolean): void {
  const bits = BigInt(64 * limbs);
  if (value < 0n && !signed) throw new BaseError('USAGE', `negative value ${value} in an unsigned field`);
  if (signed ? value >= 1n << (bits - 1n) || value < -(1n << (bits - 1n)) : value >= 1n << bits) {
    throw new BaseError('MATH_OVERFLOW', `${value} does not fit ${bits} bits`);
  }
  let v = value < 0n ? (1n << bits) + value : value;
  for (let i = 0; i < limbs; i++) {
    b.writeBigUInt64LE(v & U64, 8 * i);
    v >>= 64n;
  }
}
