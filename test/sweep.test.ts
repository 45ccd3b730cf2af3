import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridPoints, parseAxis, randomPoints } from '../backtest/sweep/grid';
import { runSweep } from '../backtest/sweep/run-sweep';
import { runBacktest } from '../backtest/run';
import { runConfigSchema } from '../bots/config';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../core/log';

const ROOT = join(__dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'depeg-arb.yaml');
const EDGE = 'strategies[0].params.minEdgeBps';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('sweep grids', () => {
  it('takes every combination of listed values, and a seeded random sample of ranges', () => {
    const axes = [parseAxis(`${EDGE}=10,30`), parseAxis('strategies[0].params.offHours.mode=stand-aside,unhedged')];
    expect(gridPoints(axes).map((p) => p.params)).toEqual([
      { [EDGE]: 10, 'strategies[0].params.offHours.mode': 'stand-aside' },
      { [EDGE]: 10, 'strategies[0].params.offHours.mode': 'unhedged' },
      { [EDGE]: 30, 'strategies[0].params.offHours.mode': 'stand-aside' },
      { [EDGE]: 30, 'strategies[0].params.offHours.mode': 'unhedged' },
    ]);
    expect(gridPoints(axes)[0]!.overrides[0]!.path).toEqual(['strategies', 0, 'params', 'minEdgeBps']);
    const random = [parseAxis(`${EDGE}=5..80`)];
    const a = randomPoints(random, 5, 7).map((p) => p.params[EDGE] as number);
    expect(randomPoints(random, 5, 7).map((p) => p.params[EDGE])).toEqual(a);
    expect(a.every((v) => v >= 5 && v < 80)).toBe(true);
    expect(new Set(a).size).toBe(5);
    expect(() => gridPoints(random)).toThrow(/ranges are for --random/);
  });
});

describe('a sweep', () => {
  it('gives each run exactly the summary it gives alone', async () => {
    const points = gridPoints([parseAxis(`${EDGE}=60,120`)]);
    const runs = await runSweep(EXAMPLE, points, { workers: 0 });
    const config = loadConfigFile(EXAMPLE, runConfigSchema);
    config.strategies[0]!.params.minEdgeBps = 120;
    const alone = await runBacktest({ config, configFile: EXAMPLE, log: silent });
    expect(JSON.stringify(runs[1]!.summary)).toBe(JSON.stringify(alone.summary));
    expect(runs[0]!.summary.trades).not.toBe(runs[1]!.summary.trades);
  }, 60_000);

  it('runs on worker threads from the CLI, ranks the runs and writes sweep.csv', () => {
    const out = mkdtempSync(join(tmpdir(), 'repeg-sweep-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'repeg.js'), 'sweep', '--config', EXAMPLE, '--grid', `${EDGE}=10,60,120`, '--workers', '2', '--out', out, '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ranked = JSON.parse(r.stdout) as { rank: number; params: Record<string, number>; 'pnl.total': number }[];
    expect(ranked.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(ranked[0]!['pnl.total']).toBeGreaterThanOrEqual(ranked[1]!['pnl.total']);
    expect(ranked[1]!['pnl.total']).toBeGreaterThanOrEqual(ranked[2]!['pnl.total']);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(`rank,run,${EDGE},pnl.total,pnl.realized,trades,fees,gas,maxDrawdown.usd,metrics.sharpe,metrics.fillRatio`);
    expect(csv).toHaveLength(4);
    // The same run as in-process (thread or not, the numbers are the same).
    const sweepJson = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { params: Record<string, number>; summary: { pnl: { total: number } } }[];
    const at120 = sweepJson.find((x) => x.params[EDGE] === 120)!;
    expect(at120.summary.pnl.total).toBe(ranked.find((x) => x.params[EDGE] === 120)!['pnl.total']);
  }, 120_000);

  it('refuses a parameter the config does not have, exit code 2', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'repeg.js'), 'sweep', '--config', EXAMPLE, '--grid', 'strategies[0].params.minEdgeBP=1,2', '--workers', '0', '--out', mkdtempSync(join(tmpdir(), 'repeg-sweep-'))], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strategies\[0\]\.params\.minEdgeBP: unknown key "minEdgeBP" \(with strategies\[0\]\.params\.minEdgeBP=1\)/);
  });
});
