import fc from 'fast-check';
import type { Order } from '../core/orders';
import { MICROS_PER_SECOND } from '../core/time';
import { riskHarness } from '../test/support/risk-harness';

/**
 * Property tests of the risk manager's promises, over random limits, states and order flows (seed kept:
 * fast-check prints it with the shrunk case on failure; add failing seeds to `regressions`).
 */
const action = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), strategy: fc.constantFrom(0, 1), side: fc.constantFrom('buy' as const, 'sell' as const), qty: fc.integer({ min: 1, max: 60 }), price: fc.double({ min: 200, max: 300, noNaN: true }), rests: fc.boolean() }),
  fc.record({ kind: fc.constant('fill' as const) }),
  fc.record({ kind: fc.constant('cancel' as const) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('state' as const), to: fc.constantFrom('active' as const, 'reducing' as const, 'halted' as const) }),
);

const limits = fc.record({
  maxOrderNotionalUsd: fc.integer({ min: 500, max: 10_000 }),
  maxPosition: fc.integer({ min: 5, max: 100 }),
  maxOpenOrders: fc.integer({ min: 1, max: 6 }),
  maxOrdersPerSecond: fc.integer({ min: 1, max: 8 }),
});

describe('risk invariants (property tests)', () => {
  it('no order that passes exceeds a limit; in Reducing every passed order shrinks exposure; Halted passes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(limits, fc.array(action, { minLength: 1, maxLength: 60 }), async (l, actions) => {
        const h = await riskHarness({
          global: { maxOpenOrders: l.maxOpenOrders, maxOrdersPerSecond: l.maxOrdersPerSecond },
          assets: { TSLA: { maxOrderNotionalUsd: l.maxOrderNotionalUsd, maxPosition: l.maxPosition } },
          staleData: { maxAgeSec: 1e9 },
        });
        const accepted: number[] = [];
        for (const a of actions) {
          if (a.kind === 'wait') h.advance(a.ms * 1000);
          else if (a.kind === 'fill') h.broker.fillResting();
          else if (a.kind === 'cancel') for (const o of [...h.broker.resting]) h.probes.find((p) => p.id === o.strategyId)!.ctx.cancel(o.id);
          else if (a.kind === 'state') h.risk.setState(a.to, 'test');
          else {
            h.broker.rest = a.rests;
            // Exposure before, counting open orders on the order's side as filled (the worst case).
            const sameSide = (side: 'buy' | 'sell') => h.broker.resting.filter((o) => o.request.side === side).reduce((s, o) => s + o.leavesQty, 0);
            const position = h.portfolio.netPosition('TSLA');
            const worstBefore = position + (a.side === 'buy' ? sameSide('buy') : -sameSide('sell'));
            const stateBefore = h.risk.state;
            const order: Order = h.probes[a.strategy]!.send({ side: a.side, qty: a.qty, type: 'limit', price: a.price });
            if (order.status === 'denied') continue;
            accepted.push(h.clock.now());
            const signed = a.side === 'buy' ? a.qty : -a.qty;
            const worstAfter = worstBefore + signed;
            expect(stateBefore).not.toBe('halted');
            expect(a.qty * a.price).toBeLessThanOrEqual(l.maxOrderNotionalUsd);
            const reduces = Math.abs(worstAfter) < Math.abs(worstBefore) && Math.sign(worstAfter) !== -Math.sign(worstBefore);
            if (stateBefore === 'reducing') expect(reduces).toBe(true);
            if (!reduces) expect(Math.abs(worstAfter)).toBeLessThanOrEqual(l.maxPosition);
            expect(h.broker.resting.length).toBeLessThanOrEqual(l.maxOpenOrders);
            const inLastSecond = accepted.filter((t) => t > h.clock.now() - MICROS_PER_SECOND).length;
            expect(inLastSecond).toBeLessThanOrEqual(l.maxOrdersPerSecond);
          }
        }
      }),
      { seed: 424242, numRuns: 150 },
    );
  }, 120_000);

  it('Halted passes cancels', async () => {
    const h = await riskHarness({});
    h.broker.rest = true;
    const orders = [1, 2, 3].map(() => h.a.send({ side: 'buy', qty: 1, type: 'limit', price: 249 }));
    h.risk.setState('halted', 'test');
    for (const o of orders) h.a.ctx.cancel(o.id);
    expect(orders.map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});
