import { ProgrammeType } from '../plan';
import { cellHidden } from './figures.service';
import { aggregate, bucketsOf, type ProgrammeRow } from './figures.sql';

/**
 * The month-by-month counting of the key figures, on rows as the statement returns them
 * (figures.test.ts runs it against PostgreSQL). Counts of people count each citizen once.
 */
/** A day after every deadline in the rows below. */
const LATER = '2099-01-01';

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
    LATER,
  ).filter((c) => c.isTotal);
  const march = cells.find((c) => c.label === '2025-03')!;
  expect(march.active).toBe(2);
  expect(march.activeByType).toMatchObject({ [ProgrammeType.RESSOURCEFORLOEB]: 2, [ProgrammeType.JOBAFKLARINGSFORLOEB]: 1 });
  // Forløb started and ended are events, counted each.
  expect(march).toMatchObject({ started: 1, ended: 1 });
  expect(cells.find((c) => c.label === '2025-04')!.active).toBe(2);
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
    LATER,
  ).filter((c) => c.isTotal);
  expect(march).toMatchObject({ active: 1, companyBased: 1, hoursPeople: 1, hoursTotal: 8 });
});

it('the people with ordinary hours are counted month by month, each once in a month', () => {
  const cells = aggregate(
    [
      row({ company: [['ORDINARY_HOURS', '2025-03-01', '2025-03-31', 6]] }),
      row({ citizenId: 'c-2', company: [['ORDINARY_HOURS', '2025-04-10', null, 4], ['ORDINARY_HOURS', '2025-03-01', '2025-04-09', 2]] }),
      row({ citizenId: 'c-3' }),
    ],
    bucketsOf('2025-03-01', '2025-04-01'),
    LATER,
  ).filter((c) => c.isTotal);
  const at = (label: string) => cells.find((c) => c.label === label)!;
  expect(at('2025-03').hoursPeople).toBe(2);
  expect(at('2025-04').hoursPeople).toBe(1);
  expect(cells.map((c) => c.label)).toEqual(['2025-03', '2025-04']);
});

it('a forløb ended on or before its first day never ran: it is in none of the figures', () => {
  const buckets = bucketsOf('2027-01-01', '2027-01-01');
  const cells = aggregate([row({ start: '2027-01-04', end: '2027-01-04', status: 'ENDED', endReason: 'MOVED' as ProgrammeRow['endReason'] }), row({ citizenId: 'c-2' })], buckets, LATER);
  expect(cells.find((c) => c.isTotal && c.label === '2027-01')).toMatchObject({ active: 1, started: 0, ended: 0 });
});

it('ordinary hours raised in the month are the hours in force at its end, not the two added up', () => {
  const [may] = aggregate(
    [row({ company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-14', 6], ['ORDINARY_HOURS', '2025-05-15', null, 10]] })],
    bucketsOf('2025-05-01', '2025-05-01'),
    LATER,
  ).filter((c) => c.isTotal);
  expect(may).toMatchObject({ hoursPeople: 1, hoursTotal: 10 });
});

it("a person's ordinary hours in two forløb in one month are those begun last, whichever forløb is read first", () => {
  const ended = row({ type: ProgrammeType.JOBAFKLARINGSFORLOEB, start: '2024-10-01', end: '2025-05-14', status: 'ENDED', company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-14', 6]] });
  const next = row({ start: '2025-05-15', company: [['ORDINARY_HOURS', '2025-05-15', null, 10]] });
  for (const order of [[ended, next], [next, ended]]) {
    const [may] = aggregate(order, bucketsOf('2025-05-01', '2025-05-01'), LATER).filter((c) => c.isTotal);
    expect(may).toMatchObject({ hoursPeople: 1, hoursTotal: 10 });
  }
});

it('a whole short of its parts by a small group (one person in two units in a month) is hidden, so the person cannot be worked out', () => {
  const unit = (id: string): ProgrammeRow['units'] => [['2024-01-01 00:00:00', null, id]];
  const rows = [
    ...Array.from({ length: 11 }, (_, i) => row({ citizenId: `a-${i}`, start: '2025-01-01', units: unit('u1') })),
    ...Array.from({ length: 6 }, (_, i) => row({ citizenId: `b-${i}`, start: '2025-01-01', units: unit('u2') })),
    // One citizen moves from u1 to u2 within March, from one forløb to the next.
    row({ citizenId: 'x', start: '2024-10-01', end: '2025-03-14', status: 'ENDED', units: unit('u1') }),
    row({ citizenId: 'x', start: '2025-03-15', units: unit('u2') }),
  ];
  const march = aggregate(rows, bucketsOf('2025-03-01', '2025-03-01'), LATER).filter((c) => c.label === '2025-03');
  const [total, ...units] = march;
  expect(total.isTotal).toBe(true);
  expect([total.active, ...units.map((u) => u.active)].sort()).toEqual([12, 18, 7].sort());
  // 12 + 7 − 18 = 1: shown, the three would name one person.
  expect(cellHidden(march, 0, 'active')).toBe(true);
});

it('a person with no coordinator\'s unit is counted with hours in the municipality and under "Uden enhed" alike', () => {
  const cells = aggregate([row({ company: [['ORDINARY_HOURS', '2025-01-01', null, 7]] })], bucketsOf('2025-05-01', '2025-05-01'), LATER).filter((c) => c.label === '2025-05');
  expect(cells.map((c) => [c.isTotal, c.unitId, c.hoursPeople, c.hoursTotal])).toEqual([[true, null, 1, 7], [false, null, 1, 7]]);
});

it('a count shown under a hidden whole is hidden too, so the whole cannot be worked out from it', () => {
  // Five in forløb coordinated from the jobcenter, all in an internship; one from social services.
  // The municipality's 6 is shown, social services' 1 is hidden, so the jobcenter's 5 is hidden
  // to protect it. Its 5 in an internship, shown, would say the jobcenter has at least 5 and,
  // with 6 in all, that social services has exactly 1.
  const unit = (id: string): ProgrammeRow['units'] => [['2025-01-01 09:00:00', null, id]];
  const internship: ProgrammeRow['company'] = [['INTERNSHIP', '2025-01-01', null, 10]];
  const month = aggregate(
    [
      ...Array.from({ length: 5 }, (_, i) => row({ citizenId: `j-${i}`, start: '2025-01-01', units: unit('job'), company: internship })),
      row({ citizenId: 's-1', start: '2025-01-01', units: unit('social') }),
    ],
    bucketsOf('2025-03-01', '2025-03-01'),
    LATER,
  ).filter((c) => c.label === '2025-03');
  const job = month.findIndex((c) => !c.isTotal && c.unitId === 'job');
  expect([month[0].active, month[job].active, month[job].companyBased]).toEqual([6, 5, 5]);
  expect(cellHidden(month, 0, 'active')).toBe(false);
  expect(cellHidden(month, job, 'active')).toBe(true);
  expect(cellHidden(month, job, 'companyBased')).toBe(true);
});

it('a forløb is in the indsatsgaranti and samtaler figures once its deadline has passed, not while the citizen still has time', () => {
  // Started 15 March: the first six months end 14 September, the guarantee's deadline is 15 September.
  const september = (today: string) => {
    const [total] = aggregate([row({ cohortMeetings: 2, guaranteeMet: false })], bucketsOf('2025-09-01', '2025-09-01'), today).filter((c) => c.isTotal && c.label === '2025-09');
    return { guaranteeDue: total.guaranteeDue, cohortDue: total.cohortDue };
  };
  expect(september('2025-09-10')).toEqual({ guaranteeDue: 0, cohortDue: 0 });
  expect(september('2025-09-15')).toEqual({ guaranteeDue: 0, cohortDue: 1 });
  expect(september('2025-09-16')).toEqual({ guaranteeDue: 1, cohortDue: 1 });
});

it('a forløb or an internship decided to start later this month is not counted before its first day', () => {
  const march = (today: string) => {
    const [total] = aggregate(
      [
        ...Array.from({ length: 5 }, (_, i) => row({ citizenId: `c-${i}`, start: '2025-01-01' })),
        row({ citizenId: 'c-5', start: '2025-03-20', company: [['INTERNSHIP', '2025-03-20', null, 10]] }),
        row({ citizenId: 'c-0', start: '2025-01-01', company: [['INTERNSHIP', '2025-03-25', null, 10]] }),
      ],
      bucketsOf('2025-03-01', '2025-03-01'),
      today,
    ).filter((c) => c.isTotal && c.label === '2025-03');
    return { active: total.active, started: total.started, companyBased: total.companyBased };
  };
  expect(march('2025-03-10')).toEqual({ active: 5, started: 0, companyBased: 0 });
  expect(march('2025-03-20')).toEqual({ active: 6, started: 1, companyBased: 1 });
  expect(march('2025-03-25')).toEqual({ active: 6, started: 1, companyBased: 2 });
});
