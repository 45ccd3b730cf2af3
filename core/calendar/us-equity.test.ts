import { isoFromMicros, microsFromIso } from '../time';
import { UsEquityCalendar } from './us-equity';

const cal = new UsEquityCalendar();
const at = (iso: string) => microsFromIso(iso);

function tradingDaysOf(year: number): Set<string> {
  const closed = new Set<string>();
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !cal.isTradingDay(date)) closed.add(date);
  }
  return closed;
}

describe('UsEquityCalendar', () => {
  it('knows the NYSE weekday holidays of 2025 and 2026 (rules only: the 2025-01-09 closure was a one-off)', () => {
    expect([...tradingDaysOf(2025)]).toEqual(['2025-01-01', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25']);
    expect([...tradingDaysOf(2026)]).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25']);
    // 2022-01-01 was a Saturday: NYSE did not close on Friday 2021-12-31.
    expect(cal.isTradingDay('2021-12-31')).toBe(true);
    // 2023-01-01 was a Sunday: observed on Monday 2023-01-02.
    expect(cal.isTradingDay('2023-01-02')).toBe(false);
  });

  it('closes at 13:00 ET on the early-close days', () => {
    for (const date of ['2025-11-28', '2025-12-24', '2026-11-27', '2026-12-24']) {
      const hours = cal.regularHours(date)!;
      expect(isoFromMicros(hours.close).slice(11, 16)).toBe('18:00'); // 13:00 EST
    }
    expect(isoFromMicros(cal.regularHours('2025-07-03')!.close)).toBe('2025-07-03T17:00:00.000Z'); // 13:00 EDT
    expect(cal.sessionAt(at('2025-07-03T20:30:00Z'))).toBe('post'); // 16:30 EDT, post ends at 17:00
    expect(cal.sessionAt(at('2025-07-03T21:00:00Z'))).toBe('overnight');
    expect(isoFromMicros(cal.regularHours('2026-07-02')!.close)).toBe('2026-07-02T20:00:00.000Z'); // the day before the observed holiday is a full day
  });

  it('opens at 14:30 UTC before the March DST switch and 13:30 UTC after it, and back in November', () => {
    expect(isoFromMicros(cal.regularHours('2026-03-06')!.open)).toBe('2026-03-06T14:30:00.000Z');
    expect(isoFromMicros(cal.regularHours('2026-03-09')!.open)).toBe('2026-03-09T13:30:00.000Z');
    expect(isoFromMicros(cal.regularHours('2026-10-30')!.close)).toBe('2026-10-30T20:00:00.000Z');
    expect(isoFromMicros(cal.regularHours('2026-11-02')!.close)).toBe('2026-11-02T21:00:00.000Z');
  });

  it('has the open inclusive and the close exclusive', () => {
    expect(cal.isRegularOpen(at('2026-03-09T13:29:59.999Z'))).toBe(false);
    expect(cal.isRegularOpen(at('2026-03-09T13:30:00Z'))).toBe(true);
    expect(cal.isRegularOpen(at('2026-03-09T19:59:59.999Z'))).toBe(true);
    expect(cal.isRegularOpen(at('2026-03-09T20:00:00Z'))).toBe(false);
    // The same instants again, out of order, through the cached answer.
    expect(cal.isRegularOpen(at('2026-03-09T15:00:00Z'))).toBe(true);
    expect(cal.isRegularOpen(at('2026-03-09T13:00:00Z'))).toBe(false);
  });

  it('names every session of a week', () => {
    const cases: [string, string][] = [
      ['2026-03-05T08:59:00Z', 'overnight'], // Thu 03:59 EST
      ['2026-03-05T09:00:00Z', 'pre'],
      ['2026-03-05T14:30:00Z', 'regular'],
      ['2026-03-05T21:00:00Z', 'post'], // 16:00
      ['2026-03-06T01:00:00Z', 'overnight'], // Thu 20:00
      ['2026-03-07T01:00:00Z', 'weekend'], // Fri 20:00
      ['2026-03-08T16:00:00Z', 'weekend'],
      ['2026-03-09T07:59:00Z', 'weekend'], // Mon 03:59 EDT
      ['2026-03-09T08:00:00Z', 'pre'], // Mon 04:00 EDT
      ['2026-04-03T15:00:00Z', 'holiday'], // Good Friday
    ];
    for (const [iso, session] of cases) expect([iso, cal.sessionAt(at(iso))]).toEqual([iso, session]);
  });

  it('finds the next regular open across a long weekend', () => {
    // Friday 2026-01-16 after the close -> Tuesday 2026-01-20 (Monday is MLK day).
    expect(isoFromMicros(cal.nextRegularOpen(at('2026-01-16T21:00:00Z')))).toBe('2026-01-20T14:30:00.000Z');
    expect(isoFromMicros(cal.nextRegularOpen(at('2026-01-20T14:30:00Z')))).toBe('2026-01-21T14:30:00.000Z');
    expect(cal.etDate(at('2026-03-07T04:59:00Z'))).toBe('2026-03-06');
    // T+1 from the Friday before MLK day is Tuesday; T+2 from Thursday 2026-04-02 skips Good Friday.
    expect(cal.tradingDaysAfter('2026-01-16', 1)).toBe('2026-01-20');
    expect(cal.tradingDaysAfter('2026-04-02', 2)).toBe('2026-04-07');
  });
});
