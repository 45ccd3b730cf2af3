import { Order, canTransition } from './orders';

const request = { venue: 'broker', instrument: 'TSLA', side: 'buy', type: 'limit', qty: 10, price: 250 } as const;

describe('Order state machine', () => {
  it('goes submitted -> accepted -> partially filled -> filled with the average price', () => {
    const order = new Order('o1', 's', request, 0);
    order.transition('submitted');
    order.transition('accepted');
    order.applyFill(4, 249);
    expect(order.status).toBe('partially-filled');
    order.applyFill(6, 250);
    expect(order.status).toBe('filled');
    expect(order.avgPrice).toBeCloseTo((4 * 249 + 6 * 250) / 10, 12);
    expect(order.leavesQty).toBe(0);
    expect(order.isOpen).toBe(false);
  });

  it('rejects illegal transitions with a typed error', () => {
    const order = new Order('o2', 's', request, 0);
    expect(() => order.transition('filled')).toThrow(expect.objectContaining({ code: 'ORDER_STATE_INVALID' }));
    order.transition('denied');
    expect(() => order.transition('submitted')).toThrow(/illegal transition denied -> submitted/);
  });

  it('refuses an overfill', () => {
    const order = new Order('o3', 's', request, 0);
    order.transition('submitted');
    order.applyFill(8, 250);
    expect(() => order.applyFill(3, 250)).toThrow(/overfill/);
  });

  it('has terminal states with no way out', () => {
    for (const terminal of ['filled', 'cancelled', 'rejected', 'denied', 'expired'] as const) {
      for (const to of ['submitted', 'accepted', 'filled', 'cancelled'] as const) expect(canTransition(terminal, to)).toBe(false);
    }
  });
});
