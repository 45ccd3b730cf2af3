import { join } from 'node:path';
import { runBacktest } from '../backtest/run';
import { runConfigSchema } from '../bots/config';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../core/log';
import { microsFromIso } from '../core/time';

const EXAMPLE = join(__dirname, '..', 'examples', 'depeg-arb-issuer.yaml');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('the depeg-arb example with the mint/redeem channel', () => {
  it('mints in the spike once the wallet is empty, settles T+1 at Monday open, and stays hedged', async () => {
    const config = loadConfigFile(EXAMPLE, runConfigSchema);
    const { summary, recorder } = await runBacktest({ config, configFile: EXAMPLE, log: silent });
    const mints = recorder.trades.filter((t) => t.tag === 'mint');
    expect(mints).toHaveLength(1);
    const mint = mints[0]!;
    // During the spike minute, at fair value (the issuer's price), for the inventory target of 20.
    expect(mint.fill.ts).toBeGreaterThanOrEqual(microsFromIso('2026-03-06T19:05:00Z'));
    expect(mint.fill.ts).toBeLessThan(microsFromIso('2026-03-06T19:06:00Z'));
    expect(mint.fill.price).toBe(mint.fairValue);
    expect(mint.fill.fee).toBeCloseTo(mint.fill.qty * mint.fill.price * 0.005, 6);
    expect(mint.fill.qty + (recorder.trades.filter((t) => t.tag === 'arb' && t.fill.ts <= mint.fill.ts).reduce((s, t) => s + (t.fill.side === 'buy' ? t.fill.qty : -t.fill.qty), 8))).toBeCloseTo(20, 6);
    // The tokens reach the wallet at the next trading day's open: Monday 09:30 EDT, over the weekend.
    const delivery = summary.transfers.find((t) => t.to === 'wallet:ethereum' && t.asset === 'TSLAx@ethereum');
    expect(delivery).toMatchObject({ ts: '2026-03-09T13:30:00.000Z', from: 'issuer:pending', qty: mint.fill.qty });
    // The mint's delta was sold at the broker at once.
    const hedgeAfterMint = recorder.trades.find((t) => t.tag === 'hedge' && t.fill.ts === mint.fill.ts);
    expect(hedgeAfterMint?.fill).toMatchObject({ side: 'sell' });
    expect(hedgeAfterMint!.fill.qty).toBeCloseTo(mint.fill.qty, 6);
    expect(summary.orders.denied).toBe(0);
    expect(summary.pnl.total).toBeGreaterThan(3_000);
  }, 60_000);
});
