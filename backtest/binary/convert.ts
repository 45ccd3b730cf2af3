import { InvariantError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import { mergeByRecvTime } from '../recorded/merge';
import { openRecordedFile } from '../recorded/source';
import { BinaryWriter } from './writer';

const INSTRUMENT_FIELDS = ['symbol', 'market', 'pool', 'token', 'chain'] as const;

/**
 * NDJSON recordings (one or more, merged by receive time) into one repeg binary v1 file. Two passes: the
 * first collects the instrument ids for the header's table, the second writes; memory stays flat.
 */
export async function convertToBinary(inputs: readonly string[], output: string): Promise<{ events: number; instruments: string[] }> {
  const ids = new Set<string>();
  for await (const batch of mergeByRecvTime(inputs.map((p) => openRecordedFile(p)))) {
    for (const e of batch) ids.add(instrumentOf(e));
  }
  const instruments = [...ids].sort();
  const writer = new BinaryWriter(output, instruments);
  for await (const batch of mergeByRecvTime(inputs.map((p) => openRecordedFile(p)))) {
    for (const e of batch) writer.write(e);
  }
  writer.close();
  return { events: writer.count, instruments };
}

function instrumentOf(e: MarketDataEvent): string {
  const record = e as unknown as Record<string, unknown>;
  for (const f of INSTRUMENT_FIELDS) if (typeof record[f] === 'string') return record[f];
  throw new InvariantError(`no instrument field on ${e.type}`);
}
