import { render } from '@testing-library/react';
import { actionsSaid, attemptsOf, byActionOrder, DeniedPeriod } from './FlagCard';

const period = (first: string, last: string) => render(<DeniedPeriod first={first} last={last} />).container.textContent;

describe('Konti til gennemsyn: the first and latest denial', () => {
  it('says one time when both are the same minute', () => {
    expect(period('2026-12-07T20:26:00.000Z', '2026-12-07T20:26:40.000Z')).toBe('7. december 2026 kl. 21.26');
  });

  it('says the day once, and only the time of the latest, on the same Danish day', () => {
    expect(period('2026-12-07T20:26:00.000Z', '2026-12-07T20:40:00.000Z')).toBe('7. december 2026 kl. 21.26–21.40');
    // 23.30 and 00.10 Danish time are two days, though the same day in UTC.
    expect(period('2026-12-07T22:30:00.000Z', '2026-12-07T23:10:00.000Z')).toBe('7. december 2026 kl. 23.30 – 8. december 2026 kl. 00.10');
  });

  it('says both in full on different days', () => {
    expect(period('2026-12-06T20:26:00.000Z', '2026-12-07T20:40:00.000Z')).toBe('6. december 2026 kl. 21.26 – 7. december 2026 kl. 21.40');
  });

  it('marks each up as a time for assistive technology and machines', () => {
    const { container } = render(<DeniedPeriod first="2026-12-07T20:26:00.000Z" last="2026-12-07T20:40:00.000Z" />);
    expect([...container.querySelectorAll('time')].map((t) => t.getAttribute('dateTime'))).toEqual(['2026-12-07T20:26:00.000Z', '2026-12-07T20:40:00.000Z']);
  });
});

describe('Konti til gennemsyn: an attempt’s actions', () => {
  const denial = (at: string, action: string, attempt: number) => ({ at, action, entityType: 'PLAN', detail: 'no access to plan', operation: null, recordNumber: 1, attempt });

  it('lists the actions of an attempt in one fixed order, whichever the log has first', () => {
    const attempts = attemptsOf([
      // Newest first: the history logged before the plan in one click, the plan before its history in the other.
      denial('2026-12-07T20:40:01.000Z', 'READ_PLAN', 2),
      denial('2026-12-07T20:40:00.000Z', 'READ_PLAN_HISTORY', 2),
      denial('2026-12-07T20:26:01.000Z', 'READ_PLAN_HISTORY', 1),
      denial('2026-12-07T20:26:00.000Z', 'READ_PLAN', 1),
    ]);
    expect(attempts.map((a) => actionsSaid(a.actions))).toEqual(['Se planen og se planens historik', 'Se planen og se planens historik']);
    // Still when it was first tried.
    expect(attempts.map((a) => a.at)).toEqual(['2026-12-07T20:40:00.000Z', '2026-12-07T20:26:00.000Z']);
  });

  it('puts a code without a label after the labelled ones, by its code', () => {
    expect(['ZZZ_NEW', 'READ_PLAN_HISTORY', 'AAA_NEW', 'READ_PLAN'].sort(byActionOrder)).toEqual(['READ_PLAN', 'READ_PLAN_HISTORY', 'AAA_NEW', 'ZZZ_NEW']);
  });
});
