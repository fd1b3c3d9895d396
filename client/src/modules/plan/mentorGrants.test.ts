import { grantStart, isActiveGrant, mayCallOffGrant, mayEndGrant, sixMonthsEnd } from './mentorGrants';

describe('mentor grant dates', () => {
  it('a grant runs at most 6 months, ending the day before the same day 6 months on', () => {
    expect(sixMonthsEnd('2026-01-15')).toBe('2026-07-14');
    expect(sixMonthsEnd('2026-11-01')).toBe('2027-04-30');
    // No 31st in February: 6 months from 31 August run to February's last day.
    expect(sixMonthsEnd('2026-08-31')).toBe('2027-02-28');
    expect(sixMonthsEnd('2027-08-31')).toBe('2028-02-29');
    expect(sixMonthsEnd('2026-08-28')).toBe('2027-02-27');
  });

  it('runs from its first to its last day, unless ended early', () => {
    const grant = { startDate: '2026-01-15', endDate: '2026-07-14', endedEarly: false };
    expect(isActiveGrant(grant, '2026-01-15')).toBe(true);
    expect(isActiveGrant(grant, '2026-07-14')).toBe(true);
    expect(isActiveGrant(grant, '2026-07-15')).toBe(false);
    expect(isActiveGrant({ ...grant, endedEarly: true }, '2026-03-01')).toBe(false);
  });
});

describe('ending a grant', () => {
  const grant = { startDate: '2026-01-15', endDate: '2026-07-14', endedEarly: false };

  it('is possible until its last day has passed, also once ended early (its end moved earlier still); never for one called off', () => {
    expect(mayEndGrant(grant, '2026-03-01')).toBe(true);
    expect(mayEndGrant({ ...grant, endDate: '2026-03-10', endedEarly: true }, '2026-03-01')).toBe(true);
    expect(mayEndGrant({ ...grant, endDate: '2026-03-01', endedEarly: true }, '2026-03-01')).toBe(true);
    expect(mayEndGrant({ ...grant, endDate: '2026-02-28', endedEarly: true }, '2026-03-01')).toBe(false);
    expect(mayEndGrant({ ...grant, endDate: '2026-01-14', endedEarly: true }, '2026-01-10')).toBe(false);
  });

  it('calls it off when it has not begun, or began that day with nothing logged under it', () => {
    expect(mayCallOffGrant(grant, '2026-01-10', false)).toBe(true);
    expect(mayCallOffGrant(grant, '2026-01-15', false)).toBe(true);
    expect(mayCallOffGrant(grant, '2026-01-15', true)).toBe(false);
    expect(mayCallOffGrant(grant, '2026-01-16', false)).toBe(false);
  });
});

describe('the start of a new grant', () => {
  it('is the day after the running grant ends; a first grant, or one after a gap, starts today', () => {
    expect(grantStart('2026-12-03', '2027-01-14')).toBe('2027-01-15');
    expect(grantStart('2026-12-03', '2026-12-03')).toBe('2026-12-04');
    expect(grantStart('2026-12-03', '2026-11-30')).toBe('2026-12-03');
    expect(grantStart('2026-12-03')).toBe('2026-12-03');
  });
});
