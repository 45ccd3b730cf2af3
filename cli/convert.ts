import { statSync } from 'node:fs';
import { convertToBinary } from '../backtest/binary/convert';

export async function convertCommand(inputs: string[], flags: { out: string }): Promise<void> {
  const { events, instruments } = await convertToBinary(inputs, flags.out);
  const bytes = statSync(flags.out).size;
  process.stdout.write(`wrote ${flags.out}: ${events.toLocaleString('en-US')} events, ${instruments.length} instruments, ${(bytes / 1e6).toFixed(2)} MB\n`);
}
