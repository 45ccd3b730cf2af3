import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertToBinary } from '../backtest/binary/convert';
import { runBacktest } from '../backtest/run';
import { runConfigSchema } from '../bots/config';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../core/log';

const EXAMPLE = join(__dirname, '..', 'examples', 'depeg-arb.yaml');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('a backtest on the binary format', () => {
  it('gives the identical summary as on the NDJSON files it was converted from', async () => {
    const config = loadConfigFile(EXAMPLE, runConfigSchema);
    const ndjson = await runBacktest({ config, configFile: EXAMPLE, log: silent });
    const binary = join(mkdtempSync(join(tmpdir(), 'repeg-bin-')), 'week.rpg');
    const inputs = config.data.map((f) => join(__dirname, '..', 'examples', f));
    await convertToBinary(inputs, binary);
    const fromBinary = await runBacktest({ config: { ...config, data: [binary] }, configFile: EXAMPLE, log: silent });
    expect(JSON.stringify(fromBinary.summary)).toBe(JSON.stringify(ndjson.summary));
  }, 60_000);
});
