import { folkepensionAgeMonths } from '@samplan/schema';
import { ageRefusal } from './age-rules';

/** The 2022 age rules for granting a ressourceforløb (lov nr. 1160 af 8. juni 2021), on the decision date. */
describe('the folkepension age by birth date (lov om social pension §1 a)', () => {
  it.each([
    ['1953-12-31', 65 * 12],
    ['1954-01-01', 65 * 12 + 6],
    ['1954-07-01', 66 * 12],
    ['1954-12-31', 66 * 12],
    ['1955-01-01', 66 * 12 + 6],
    ['1955-06-30', 66 * 12 + 6],
    ['1955-07-01', 67 * 12],
    ['1962-12-31', 67 * 12],
    ['1963-01-01', 68 * 12],
    ['1967-01-01', 69 * 12],
    ['1971-01-01', 70 * 12],
  ])('born %s: %i months', (birth, months) => {
    expect(folkepensionAgeMonths(birth)).toBe(months);
  });
});

describe('ageRefusal', () => {
  const base = { startDate: '2025-07-01', endDate: '2026-06-30', earlier: [] };

  it('under 40: nothing stands in the way, however long they have been in ressourceforløb', () => {
    const earlier = [{ decisionDate: '2014-01-01', startDate: '2014-01-01', endDate: '2018-12-31' }, { decisionDate: '2019-01-01', startDate: '2019-01-01', endDate: '2021-12-31' }];
    expect(ageRefusal({ ...base, birthDate: '1990-05-05', decisionDate: '2025-06-20', earlier })).toBeNull();
  });

  it('less than 6 years to folkepension: refused from the day after it is exactly 6 years away', () => {
    // Born 10 June 1963: folkepension at 68, on 10 June 2031.
    expect(ageRefusal({ ...base, birthDate: '1963-06-10', decisionDate: '2025-06-10' })).toBeNull();
    expect(ageRefusal({ ...base, birthDate: '1963-06-10', decisionDate: '2025-06-11' })).toMatchObject({
      rule: 'CLOSE_TO_FOLKEPENSION',
      source: 'LAB §112, stk. 3 (lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb))',
    });
    expect(ageRefusal({ ...base, birthDate: '1963-06-10', decisionDate: '2025-06-11' })?.message).toContain('10. juni 2031');
  });

  it('from 50: one ressourceforløb decided after the 50th birthday; one before it does not count', () => {
    const before50 = { decisionDate: '2021-01-10', startDate: '2021-02-01', endDate: '2023-01-31' };
    const after50 = { decisionDate: '2022-06-01', startDate: '2022-06-01', endDate: '2024-05-31' };
    expect(ageRefusal({ ...base, birthDate: '1972-05-01', decisionDate: '2025-06-20', earlier: [before50] })).toBeNull();
    expect(ageRefusal({ ...base, birthDate: '1972-05-01', decisionDate: '2025-06-20', earlier: [before50, after50] })).toMatchObject({ rule: 'ONE_PROGRAMME_FROM_50' });
  });

  it('from 40 until 50: at most 5 years in ressourceforløb in all, this one included', () => {
    const three = { decisionDate: '2022-01-10', startDate: '2022-01-10', endDate: '2025-01-08' };
    // 3 years + 2 years: within 5 years.
    expect(ageRefusal({ birthDate: '1980-01-01', decisionDate: '2025-01-09', startDate: '2025-01-09', endDate: '2027-01-08', earlier: [three] })).toBeNull();
    const refused = ageRefusal({ birthDate: '1980-01-01', decisionDate: '2025-01-09', startDate: '2025-01-09', endDate: '2027-03-08', earlier: [three] });
    expect(refused).toMatchObject({ rule: 'FIVE_YEARS_FROM_40' });
    expect(refused?.message).toContain('3 år i alt');
  });

  it('allows exactly five years, also when they hold two leap days', () => {
    // 2024-02-01..2026-01-31 (731 days, 29 February 2024) and 2026-02-01..2029-01-31 (1096 days, 29 February 2028): five years to the day.
    const earlier = [{ decisionDate: '2024-01-20', startDate: '2024-02-01', endDate: '2026-01-31' }];
    expect(ageRefusal({ birthDate: '1981-03-01', decisionDate: '2026-01-20', startDate: '2026-02-01', endDate: '2029-01-31', earlier })).toBeNull();
    // One day more is more than five years.
    expect(ageRefusal({ birthDate: '1981-03-01', decisionDate: '2026-01-20', startDate: '2026-02-01', endDate: '2029-02-01', earlier })).toMatchObject({ rule: 'FIVE_YEARS_FROM_40' });
  });
});
