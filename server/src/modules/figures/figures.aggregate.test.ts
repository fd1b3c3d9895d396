import { ProgrammeType } from '../plan';
import { aggregate, bucketsOf, PERIOD, type ProgrammeRow } from './figures.sql';

/**
 * The month-by-month counting of the key figures, on rows as the statement returns them
 * (figures.test.ts runs it against PostgreSQL). Counts of people count each citizen once.
 */
const row = (over: Partial<ProgrammeRow>): ProgrammeRow => ({
  citizenId: 'c-1', type: ProgrammeType.RESSOURCEFORLOEB, start: '2025-03-15', end: '2027-03-14', status: 'ACTIVE', endReason: null,
  sixEnd: '2025-09-14', lawVersion: 'RULES_2022', units: null, company: null, guaranteeMet: null, cohortMeetings: null, ...over,
});

it('a citizen whose jobafklaringsforløb ends on the 14th and whose ressourceforløb starts on the 15th is one person in forløb that month', () => {
  const buckets = bucketsOf('2025-03-01', '2025-04-01');
  const cells = aggregate(
    [
      row({ type: ProgrammeType.JOBAFKLARINGSFORLOEB, start: '2024-10-01', end: '2025-03-14', status: 'ENDED', sixEnd: '2025-03-31' }),
      row({}),
      row({ citizenId: 'c-2', start: '2025-01-01', sixEnd: '2025-06-30' }),
    ],
    buckets,
  ).filter((c) => c.isTotal);
  const march = cells.find((c) => c.label === '2025-03')!;
  expect(march.active).toBe(2);
  expect(march.activeByType).toMatchObject({ [ProgrammeType.RESSOURCEFORLOEB]: 2, [ProgrammeType.JOBAFKLARINGSFORLOEB]: 1 });
  // Forløb started and ended are events, counted each.
  expect(march).toMatchObject({ started: 1, ended: 1 });
  expect(cells.find((c) => c.label === '2025-04')!.active).toBe(2);
  expect(cells.find((c) => c.label === PERIOD)!.active).toBe(2);
});

it('in a company-based intervention and with ordinary hours: each person once, though two of their forløb hold one', () => {
  const buckets = bucketsOf('2025-03-01', '2025-03-01');
  const internship: [string, string, string | null, number | null] = ['ORDINARY_HOURS', '2025-01-01', null, 8];
  const [march] = aggregate(
    [
      row({ type: ProgrammeType.JOBAFKLARINGSFORLOEB, start: '2024-10-01', end: '2025-03-14', status: 'ENDED', company: [internship] }),
      row({ company: [internship] }),
    ],
    buckets,
  ).filter((c) => c.isTotal);
  expect(march).toMatchObject({ active: 1, companyBased: 1, hoursPeople: 1, hoursTotal: 8 });
});

it('a forløb ended on or before its first day never ran: it is in none of the figures', () => {
  const buckets = bucketsOf('2027-01-01', '2027-01-01');
  const cells = aggregate([row({ start: '2027-01-04', end: '2027-01-04', status: 'ENDED', endReason: 'MOVED' as ProgrammeRow['endReason'] }), row({ citizenId: 'c-2' })], buckets);
  expect(cells.find((c) => c.isTotal && c.label === '2027-01')).toMatchObject({ active: 1, started: 0, ended: 0 });
});

it('ordinary hours raised in the month are the hours in force at its end, not the two added up', () => {
  const [may] = aggregate(
    [row({ company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-14', 6], ['ORDINARY_HOURS', '2025-05-15', null, 10]] })],
    bucketsOf('2025-05-01', '2025-05-01'),
  ).filter((c) => c.isTotal);
  expect(may).toMatchObject({ hoursPeople: 1, hoursTotal: 10 });
});
