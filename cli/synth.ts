import { writeSynthRecording } from '../backtest/synth/generate';

interface SynthFlags {
  seed: number;
  out: string;
}

export async function synthCommand(flags: SynthFlags): Promise<void> {
  const { files, counts } = await writeSynthRecording({ seed: flags.seed }, flags.out);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`wrote ${total} SYNTHETIC events (${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')})\n`);
  for (const file of files) process.stdout.write(`  ${file}\n`);
}
