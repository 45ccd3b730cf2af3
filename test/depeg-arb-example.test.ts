import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runBacktest } from '../backtest/run';
import { runConfigSchema } from '../bots/config';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../core/log';
import { microsFromIso } from '../core/time';

const EXAMPLE = join(__dirname, '..', 'examples', 'depeg-arb.yaml');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function run(patch: (c: ReturnType<typeof loadConfigFile<typeof runConfigSchema>>) => void = () => {}) {
  const config = loadConfigFile(EXAMPLE, runConfigSchema);
  patch(config);
  return runBacktest({ config, configFile: EXAMPLE, log: silent });
}

/** Fills with a tag in [from, to). */
function tradesBetween(r: Awaited<ReturnType<typeof run>>, tag: string, from: string, to: string) {
  const [start, end] = [microsFromIso(from), microsFromIso(to)];
  return r.recorder.trades.filter((t) => t.tag === tag && t.fill.ts >= start && t.fill.ts < end);
}

describe('the depeg-arb example on the shipped synthetic week', () => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run();
  }, 60_000);

  it('replays every event of both files', () => {
    expect(result.summary.events).toBe(21_560);
  });

  it('sells into the Friday 14:05 ET spike, above fair value, within seconds', () => {
    const spike = tradesBetween(result, 'arb', '2026-03-06T19:05:00Z', '2026-03-06T19:06:00Z');
    expect(spike.length).toBeGreaterThanOrEqual(3);
    for (const t of spike) {
      expect(t.fill.side).toBe('sell');
      expect(t.fill.price).toBeGreaterThan(t.fairValue! * 1.1);
    }
    // The first sale meets the pool at more than 4x fair value: the AMZNX-style print.
    expect(spike[0]!.fill.price / spike[0]!.fairValue!).toBeGreaterThan(4);
    // Hedged at the broker in the same second, share for share.
    const hedged = tradesBetween(result, 'hedge', '2026-03-06T19:05:00Z', '2026-03-06T19:06:00Z');
    const sold = spike.reduce((s, t) => s + t.fill.qty, 0);
    expect(hedged.reduce((s, t) => s + (t.fill.side === 'buy' ? t.fill.qty : -t.fill.qty), 0)).toBeCloseTo(sold, 6);
  });

  it('buys the Monday 10:45 ET panic sale below fair value', () => {
    const panic = tradesBetween(result, 'arb', '2026-03-09T14:45:00Z', '2026-03-09T14:46:00Z');
    expect(panic.length).toBeGreaterThanOrEqual(1);
    for (const t of panic) {
      expect(t.fill.side).toBe('buy');
      expect(t.fill.price).toBeLessThan(t.fairValue! * 0.9);
    }
  });

  it('never trades the wrong way: every pool sale above fair value, every pool purchase below it', () => {
    const arbs = result.recorder.trades.filter((t) => t.tag === 'arb');
    expect(arbs.length).toBeGreaterThan(100);
    for (const t of arbs) {
      if (t.fill.side === 'sell') expect(t.fill.price).toBeGreaterThan(t.fairValue!);
      else expect(t.fill.price).toBeLessThan(t.fairValue!);
    }
  });

  it('earns a positive PnL net of pool fees and gas, and the books balance', () => {
    const s = result.summary;
    expect(s.pnl.total).toBeGreaterThan(5_000);
    expect(s.fees).toBeGreaterThan(100);
    expect(s.gas).toBeGreaterThan(50);
    expect(s.pnl.total).toBeCloseTo(s.pnl.realized + s.pnl.unrealized - s.fees - s.gas, 6);
    expect(s.endNav - s.startNav).toBeCloseTo(s.pnl.total, 6);
    expect(s.startNav).toBeCloseTo(70_000, 6);
    // Off-hours inventory stays inside its 10-share limit: net delta at the end is within it.
    const inv = s.endInventory;
    expect(Math.abs(inv['wallet:ethereum']!['TSLAx@ethereum']! + inv.broker!.TSLA!)).toBeLessThanOrEqual(10 + 1e-6);
  });

  it('stays flat when the pool never strays past the threshold', async () => {
    const flat = await run((c) => {
      c.strategies[0]!.params.minEdgeBps = 600_000; // a 60x margin: no deviation in the data reaches it
    });
    expect(flat.summary.trades).toBe(0);
    expect(flat.summary.pnl.total).toBe(0);
  });

  it('gives the identical summary.json on a second run (determinism)', async () => {
    const again = await run();
    expect(JSON.stringify(again.summary)).toBe(JSON.stringify(result.summary));
  });

  it('stands aside off hours when so configured', async () => {
    const aside = await run((c) => {
      c.strategies[0]!.params.offHours = { mode: 'stand-aside', maxUnhedgedShares: 0 };
    });
    const offHoursArbs = tradesBetween(aside, 'arb', '2026-03-07T01:00:00Z', '2026-03-09T13:30:00Z');
    expect(offHoursArbs).toHaveLength(0);
    expect(aside.summary.trades).toBeGreaterThan(0);
  });

  it('ships data that says it is synthetic', () => {
    for (const file of ['equity-TSLA.ndjson.gz', 'pool-TSLAx-USDC.ndjson.gz']) {
      const text = gunzipSync(readFileSync(join(__dirname, '..', 'examples', 'data', 'tslax-week', file))).toString('utf8');
      expect(text.slice(0, text.indexOf('\n'))).toMatch(/^# repeg NDJSON v1 \| SYNTHETIC data, not market history \|.* seed: 42 \|/);
    }
  });
});
