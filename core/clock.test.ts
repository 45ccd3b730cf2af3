import { TestClock } from './clock';

describe('TestClock', () => {
  it('fires due timers in due order, each at its own time, before moving to the target', () => {
    const clock = new TestClock(1_000);
    const seen: [string, number, number][] = [];
    const record = (name: string, due: number) => seen.push([name, due, clock.now()]);
    clock.setTimer('b', 3_000, record);
    clock.setTimer('a', 2_000, record);
    clock.setTimer('late', 9_000, record);
    clock.advanceTo(5_000);
    expect(seen).toEqual([
      ['a', 2_000, 2_000],
      ['b', 3_000, 3_000],
    ]);
    expect(clock.now()).toBe(5_000);
    expect(clock.hasTimer('late')).toBe(true);
  });

  it('repeats interval timers and fires a timer due exactly at the target', () => {
    const clock = new TestClock(0);
    const dues: number[] = [];
    clock.setTimer('tick', 100, (_n, due) => dues.push(due), 100);
    clock.advanceTo(350);
    clock.advanceTo(400);
    expect(dues).toEqual([100, 200, 300, 400]);
  });

  it('fires timers due at the same instant in the order they were set', () => {
    const clock = new TestClock(0);
    const order: string[] = [];
    for (const name of ['x', 'y', 'z']) clock.setTimer(name, 10, (n) => order.push(n));
    clock.advanceTo(10);
    expect(order).toEqual(['x', 'y', 'z']);
  });

  it('lets a callback set and cancel timers', () => {
    const clock = new TestClock(0);
    const fired: string[] = [];
    clock.setTimer('first', 10, () => {
      fired.push('first');
      clock.setTimer('chained', 15, (n) => fired.push(n));
      clock.cancelTimer('doomed');
    });
    clock.setTimer('doomed', 12, (n) => fired.push(n));
    clock.advanceTo(20);
    expect(fired).toEqual(['first', 'chained']);
  });

  it('refuses to go backwards', () => {
    const clock = new TestClock(100);
    expect(() => clock.advanceTo(99)).toThrow(expect.objectContaining({ code: 'INVARIANT_VIOLATED' }));
  });
});
