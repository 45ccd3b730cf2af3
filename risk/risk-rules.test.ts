import { MICROS_PER_SECOND, microsFromIso } from '../core/time';
import { POOL, riskHarness } from '../test/support/risk-harness';

const reasons = (p: { denials: { reason: string }[] }) => p.denials.map((d) => d.reason);

describe('risk rules', () => {
  it('price band: refuses a buy far above fair value (the AMZNX guard) and lets a favourable sell through', async () => {
    const h = await riskHarness({ priceBand: { maxDeviationPct: 10 } });
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 1, price: 2_500 });
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 1, price: 274 });
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 1, price: 2_500 });
    expect(reasons(h.a)).toEqual(['PRICE_BAND']);
    expect(h.a.denials[0]!.message).toMatch(/buy at 2500 is 900 % from fair value 250/);
    expect(h.a.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 274],
      ['sell', 2_500],
    ]);
  });

  it('price band in `both` mode refuses far prices on either side, judged on the venue estimate when there is one', async () => {
    const h = await riskHarness({ priceBand: { maxDeviationPct: 10, mode: 'both' } });
    h.pool.nextEstimate = { avgPrice: 300, priceBefore: 290, priceAfter: 310 };
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 1, price: 260 });
    expect(h.a.denials[0]!.message).toMatch(/sell at 300 is 20 % from fair value 250/);
  });

  it('pool impact: refuses a trade that pushes the pool away from fair value, not one that repairs it', async () => {
    const h = await riskHarness({ priceBand: { maxDeviationPct: 50, maxPoolImpactPct: 5 } });
    h.pool.nextEstimate = { avgPrice: 260, priceBefore: 250, priceAfter: 270 };
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 10 });
    h.pool.nextEstimate = { avgPrice: 700, priceBefore: 1_000, priceAfter: 255 };
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 10 });
    expect(reasons(h.a)).toEqual(['POOL_IMPACT']);
    expect(h.a.fills).toHaveLength(1);
  });

  it('depeg breaker: past the premium, no quotes; arbitrage toward fair value only, and small', async () => {
    const h = await riskHarness({ depegBreaker: { premiumPct: 15, arbMaxNotionalUsd: 2_000 }, priceBand: { maxDeviationPct: 1_000 } });
    h.poolAt(400); // +60 %
    expect(h.risk.stateOf('asset:TSLAx')).toBe('arbitrage-only');
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 1, type: 'limit', price: 390 }); // a quote
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 1, price: 400 }); // worse than fair
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 1, price: 240 }); // a sale below fair
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 10, price: 390 }); // 3,900 USD > 2,000
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 5, price: 390 }); // passes
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 2 }); // at fair (a mint): passes
    expect(reasons(h.a)).toEqual(['DEPEG_BREAKER', 'DEPEG_BREAKER', 'DEPEG_BREAKER', 'DEPEG_BREAKER']);
    expect(h.a.fills.map((f) => f.qty)).toEqual([5, 2]);
    h.poolAt(255);
    expect(h.risk.stateOf('asset:TSLAx')).toBe('active');
    expect(h.a.states.map((s) => `${s.scope}: ${s.from} -> ${s.to}`)).toEqual(['asset:TSLAx: active -> arbitrage-only', 'asset:TSLAx: arbitrage-only -> active']);
  });

  it('market closed: the asset goes to Reducing except for a strategy with an off-hours allowance, within it', async () => {
    const h = await riskHarness({ offHours: { unhedged: { b: 3 } } }, '2026-03-06T20:59:59Z');
    h.advance(2 * MICROS_PER_SECOND); // 16:00:01 ET: closed
    h.poolAt(250);
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 1, price: 250 });
    h.b.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 2, price: 250 });
    h.b.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 2, price: 250 }); // would carry 4 > 3
    expect(reasons(h.a)).toEqual(['MARKET_CLOSED']);
    expect(reasons(h.b)).toEqual(['MARKET_CLOSED']);
    expect(h.b.fills.map((f) => f.qty)).toEqual([2]);
    // Reducing passes for anybody: a sells what b bought (the book's delta shrinks).
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'sell', qty: 1, price: 250 });
    expect(h.a.fills).toHaveLength(1);
  });

  it('stale data: a live fair-value input older than its limit stops new exposure', async () => {
    const h = await riskHarness({ staleData: { maxAgeSec: 30 } });
    h.advance(31 * MICROS_PER_SECOND);
    h.a.send({ side: 'buy', qty: 1 });
    expect(reasons(h.a)).toEqual(['STALE_DATA']);
    h.quote(250);
    h.a.send({ side: 'buy', qty: 1 });
    expect(h.a.fills).toHaveLength(1);
  });

  it('not tradable around a multiplier change', async () => {
    const h = await riskHarness({});
    h.feed({ type: 'corporate.action', token: 'TSLAx', newMultiplier: 1.01, activation: h.clock.now() + 10 * MICROS_PER_SECOND });
    h.a.send({ venue: 'pool', instrument: POOL, asset: 'TSLAx', side: 'buy', qty: 1, price: 250 });
    expect(reasons(h.a)).toEqual(['NOT_TRADABLE']);
  });

  it('limits per scope: open orders, order rate, cancel rate, position notional and inventory share', async () => {
    const h = await riskHarness({
      global: { maxOpenOrders: 3 },
      strategies: { a: { maxOrdersPerSecond: 10, maxCancelsPerSecond: 2, maxPositionNotionalUsd: 5_000 } },
      assets: { default: { maxInventoryShare: 0.02 } },
      capitalUsd: 200_000,
    });
    h.broker.rest = true;
    for (let i = 0; i < 4; i++) h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 });
    expect(reasons(h.a)).toEqual(['MAX_OPEN_ORDERS']);
    const open = h.a.ctx.openOrders();
    for (const o of open) h.a.ctx.cancel(o.id);
    h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 });
    expect(reasons(h.a)).toEqual(['MAX_OPEN_ORDERS', 'MAX_CANCEL_RATE']);
    h.advance(MICROS_PER_SECOND + 1);
    h.a.send({ side: 'buy', qty: 21, type: 'limit', price: 250 }); // 5,250 USD of TSLA > 5,000 for strategy a
    h.b.send({ side: 'buy', qty: 17, type: 'limit', price: 250 }); // 4,250 USD > 2 % of 200,000
    h.b.send({ side: 'buy', qty: 15, type: 'limit', price: 250 }); // 3,750: passes
    expect(reasons(h.a).slice(2)).toEqual(['MAX_POSITION_NOTIONAL']);
    expect(reasons(h.b)).toEqual(['MAX_INVENTORY_SHARE']);
  });

  it('drawdown: soft -> Reducing, hard -> Halted; the daily level clears the next day, the total one on resume', async () => {
    const h = await riskHarness({ drawdown: { global: { dailySoftUsd: 100, dailyHardUsd: 300 }, strategies: { a: { totalSoftUsd: 50 } } } });
    h.a.send({ side: 'buy', qty: 100, price: 250 });
    h.quote(248.5); // -150
    h.advance(MICROS_PER_SECOND);
    expect(h.risk.state).toBe('reducing');
    expect(h.risk.stateOf('strategy:a')).toBe('reducing');
    h.quote(246.5); // -350
    h.advance(MICROS_PER_SECOND);
    expect(h.risk.state).toBe('halted');
    h.a.send({ side: 'sell', qty: 10, price: 246.5 });
    expect(reasons(h.a)).toEqual(['TRADING_HALTED']);
    h.clock.advanceTo(microsFromIso('2026-03-07T00:00:01Z')); // a new UTC day
    expect(h.risk.state).toBe('active');
    expect(h.risk.stateOf('strategy:a')).toBe('reducing'); // total drawdown: latched
    h.a.send({ side: 'buy', qty: 1, price: 246.5 });
    expect(reasons(h.a)).toEqual(['TRADING_HALTED', 'REDUCING_ONLY']);
    h.risk.resume('reviewed');
    h.advance(MICROS_PER_SECOND);
    // Resuming measures drawdown from here: the same loss does not trip the limit again.
    expect(h.risk.stateOf('strategy:a')).toBe('active');
    expect(h.a.states.some((s) => s.reason === 'resumed: reviewed')).toBe(true);
    h.quote(246.0); // a new 50 USD loss from the new baseline
    h.advance(MICROS_PER_SECOND);
    expect(h.risk.stateOf('strategy:a')).toBe('reducing');
  });

  it('kill switch: pause lets cancels through and nothing else, kill cancels everything, resume trades again', async () => {
    const h = await riskHarness({});
    h.broker.rest = true;
    const resting = h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 });
    h.risk.pause('operator');
    h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 });
    h.a.ctx.cancel(resting.id);
    expect(resting.status).toBe('cancelled');
    expect(reasons(h.a)).toEqual(['TRADING_HALTED']);
    h.risk.resume('operator');
    const again = h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 });
    expect(again.status).toBe('accepted');
    h.risk.kill('runaway');
    expect(again.status).toBe('cancelled');
    expect(h.risk.state).toBe('halted');
  });

  it('kill switch by rule: consecutive venue rejections pause trading', async () => {
    const h = await riskHarness({ killSwitch: { maxConsecutiveRejects: 3 } });
    const reject = (id: string) => h.kernel.orderEvent({ type: 'order', ts: h.clock.now(), orderId: id, strategyId: 'a', status: 'rejected', reason: 'venue down' });
    h.broker.silent = true;
    for (let i = 0; i < 3; i++) reject(h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 }).id);
    expect(h.risk.state).toBe('halted');
    expect(h.a.states.at(-1)!.reason).toMatch(/paused: 3 venue rejections in a row \(last: venue down\)/);
  });

  it('margin: refuses a short the collateral cannot carry', async () => {
    const margin = { accounts: ['broker', 'wallet'], haircuts: { default: { open: 0.1, closed: 0.5 } }, shortMarginRate: 0.5, minMarginRatio: 1.5 };
    const h = await riskHarness({ margin, global: {} });
    // Equity 200,000 (cash). A short of 400 TSLA (100,000 USD) needs 50,000: ratio 4.
    h.a.send({ side: 'sell', qty: 400, price: 250 });
    // Another 800 (200,000 USD) would need 150,000 in all: ratio 1.33 < 1.5.
    h.a.send({ side: 'sell', qty: 800, price: 250 });
    expect(reasons(h.a)).toEqual(['MARGIN']);
    expect(h.a.denials[0]!.message).toMatch(/margin ratio would be 1\.33/);
  });
});
