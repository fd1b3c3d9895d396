import { EndReason, ProgrammeType } from '../plan';
import { cellHidden, hiddenCells, hiddenMonthCells, type CellKey } from './figures.service';
import { workOut } from './figures-reader';
import { aggregate, bucketsOf, type ProgrammeRow, type RawBucket } from './figures.sql';
import { isSmall } from './suppression';

/**
 * The month-by-month counting of the key figures, on rows as the statement returns them
 * (figures.test.ts runs it against PostgreSQL). Counts of people count each citizen once.
 */
/** A day after every deadline in the rows below. */
const LATER = '2099-01-01';

const row = (over: Partial<ProgrammeRow>): ProgrammeRow => ({
  citizenId: 'c-1', type: ProgrammeType.RESSOURCEFORLOEB, start: '2025-03-15', end: '2027-03-14', status: 'ACTIVE', endReason: null, neverRan: false,
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

it('a forløb stopped before its first day never ran: it is in none of the figures', () => {
  const buckets = bucketsOf('2027-01-01', '2027-01-01');
  const cells = aggregate([row({ start: '2027-01-04', end: '2027-01-04', status: 'ENDED', endReason: 'MOVED' as ProgrammeRow['endReason'], neverRan: true }), row({ citizenId: 'c-2' })], buckets, LATER);
  expect(cells.find((c) => c.isTotal && c.label === '2027-01')).toMatchObject({ active: 1, started: 0, ended: 0 });
});

it('a forløb ended on its first day ran that day: it started and ended that month', () => {
  const buckets = bucketsOf('2027-01-01', '2027-01-01');
  const cells = aggregate([row({ start: '2027-01-04', end: '2027-01-04', status: 'ENDED', endReason: 'MOVED' as ProgrammeRow['endReason'] }), row({ citizenId: 'c-2' })], buckets, LATER);
  expect(cells.find((c) => c.isTotal && c.label === '2027-01')).toMatchObject({ active: 2, started: 1, ended: 1 });
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

describe('a count within another is hidden when the rest of the other is 1–4 (the complement rule), whichever count it is within', () => {
  const march = (rows: ProgrammeRow[], today = LATER) => aggregate(rows, bucketsOf('2025-03-01', '2025-03-01'), today).filter((c) => c.label === '2025-03');
  const internship: ProgrammeRow['company'] = [['INTERNSHIP', '2025-01-01', null, 10]];
  const internshipAndHours: ProgrammeRow['company'] = [['INTERNSHIP', '2025-01-01', null, 10], ['ORDINARY_HOURS', '2025-02-01', null, 6]];

  it('with ordinary hours, within the company-based: 7 company-based and 5 with hours would give the 2 without hours away', () => {
    // 13 in forløb, 7 company-based, 5 of them with ordinary hours (figures.test.ts's May): 13 − 7 and 13 − 5 are no small group, 7 − 5 is.
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => row({ citizenId: `h-${i}`, start: '2025-01-01', company: internshipAndHours })),
      ...Array.from({ length: 2 }, (_, i) => row({ citizenId: `i-${i}`, start: '2025-01-01', company: internship })),
      ...Array.from({ length: 6 }, (_, i) => row({ citizenId: `n-${i}`, start: '2025-01-01' })),
    ];
    const month = march(rows);
    expect(month[0]).toMatchObject({ isTotal: true, active: 13, companyBased: 7, hoursPeople: 5 });
    expect({ companyBased: cellHidden(month, 0, 'companyBased'), hoursPeople: cellHidden(month, 0, 'hoursPeople') }).toEqual({ companyBased: false, hoursPeople: true });
    // With 5 more company-based without hours, the rest is no small group: the 5 with hours are shown.
    const more = march([...rows, ...Array.from({ length: 5 }, (_, i) => row({ citizenId: `j-${i}`, start: '2025-01-01', company: internship }))]);
    expect(more[0]).toMatchObject({ active: 18, companyBased: 12, hoursPeople: 5 });
    expect(cellHidden(more, 0, 'hoursPeople')).toBe(false);
  });

  it('with ordinary hours under a hidden company-based count: hidden too, or it would pin the small group in the other unit', () => {
    // The jobcenter: 20 in forløb, 9 company-based, all 9 with hours. Social services: 20, 1 company-based.
    // Social services' 1 is hidden, the jobcenter's 9 with it (the municipality's 10 is shown). The
    // jobcenter's 9 with hours, shown, would say it has at least 9 company-based: 10 − 9 leaves 1.
    const unit = (id: string): ProgrammeRow['units'] => [['2025-01-01 09:00:00', null, id]];
    const hours: ProgrammeRow['company'] = [['ORDINARY_HOURS', '2025-01-01', null, 6]];
    const month = march([
      ...Array.from({ length: 9 }, (_, i) => row({ citizenId: `jh-${i}`, start: '2025-01-01', units: unit('job'), company: hours })),
      ...Array.from({ length: 11 }, (_, i) => row({ citizenId: `j-${i}`, start: '2025-01-01', units: unit('job') })),
      row({ citizenId: 'sc', start: '2025-01-01', units: unit('social'), company: internship }),
      ...Array.from({ length: 19 }, (_, i) => row({ citizenId: `s-${i}`, start: '2025-01-01', units: unit('social') })),
    ]);
    const job = month.findIndex((c) => !c.isTotal && c.unitId === 'job');
    expect([month[0].companyBased, month[job].companyBased, month[job].hoursPeople]).toEqual([10, 9, 9]);
    // And the municipality's 9 with hours of its 10 company-based: 10 − 9 is the 1.
    expect({ jobCompanyBased: cellHidden(month, job, 'companyBased'), jobHours: cellHidden(month, job, 'hoursPeople'), totalHours: cellHidden(month, 0, 'hoursPeople') })
      .toEqual({ jobCompanyBased: true, jobHours: true, totalHours: true });
  });

  it('started and ended forløb, within the people in forløb: hidden when those who did not start (or end) are 1–4, or when the forløb outnumber the people by 1–4', () => {
    const running = Array.from({ length: 2 }, (_, i) => row({ citizenId: `r-${i}`, start: '2025-01-01' }));
    const starting = Array.from({ length: 5 }, (_, i) => row({ citizenId: `s-${i}`, start: '2025-03-03' }));
    // 7 in forløb, 5 started in March: 7 − 5 gives away the 2 who were in forløb before.
    const started = march([...running, ...starting]);
    expect(started[0]).toMatchObject({ active: 7, started: 5 });
    expect({ started: cellHidden(started, 0, 'started') }).toEqual({ started: true });
    // 7 in forløb, 5 ended in March: 7 − 5 gives away the 2 still in forløb.
    const ending = Array.from({ length: 5 }, (_, i) => row({ citizenId: `e-${i}`, start: '2025-01-01', end: '2025-03-20', status: 'ENDED', endReason: EndReason.EMPLOYMENT }));
    const ended = march([...running, ...ending]);
    expect(ended[0]).toMatchObject({ active: 7, ended: 5 });
    expect({ ended: cellHidden(ended, 0, 'ended') }).toEqual({ ended: true });
    // Forløb are counted each, people once: 5 people, one of whom started two forløb in March (a
    // ressourceforløb ended on its second day, then a new one), make 6 started against 5 in forløb.
    const twice = march([...starting, row({ citizenId: 's-0', start: '2025-03-01', end: '2025-03-02', status: 'ENDED', endReason: EndReason.OTHER })]);
    expect(twice[0]).toMatchObject({ active: 5, started: 6 });
    expect({ startedTwice: cellHidden(twice, 0, 'started') }).toEqual({ startedTwice: true });
    // Nobody left over: 5 in forløb, all 5 started in March, is shown.
    const all = march(starting);
    expect(all[0]).toMatchObject({ active: 5, started: 5 });
    expect(cellHidden(all, 0, 'started')).toBe(false);
  });

  it('the indsatsgaranti cohort within the people in ressourceforløb: hidden when the rest is 1–4, and its met with it', () => {
    // Started 1 September 2024 under the 2022 rules: the first six months end 28 February 2025, so the cohort falls in February.
    const february = (rows: ProgrammeRow[]) => aggregate(rows, bucketsOf('2025-02-01', '2025-02-01'), LATER).filter((c) => c.label === '2025-02');
    const due = Array.from({ length: 5 }, (_, i) => row({ citizenId: `d-${i}`, start: '2024-09-01', sixEnd: '2025-02-28', guaranteeMet: true, cohortMeetings: 4 }));
    const others = Array.from({ length: 10 }, (_, i) => row({ citizenId: `o-${i}`, start: '2025-01-01', sixEnd: '2025-06-30' }));
    // 7 in ressourceforløb, 5 of whom reach six months: 7 − 5 gives away the 2 who do not.
    const few = february([...others.slice(0, 2), ...due]);
    expect(few[0]).toMatchObject({ active: 7, activeByType: expect.objectContaining({ [ProgrammeType.RESSOURCEFORLOEB]: 7 }), guaranteeDue: 5, guaranteeMet: 5 });
    expect({ guaranteeDue: cellHidden(few, 0, 'guaranteeDue'), guaranteeMet: cellHidden(few, 0, 'guaranteeMet') }).toEqual({ guaranteeDue: true, guaranteeMet: true });
    // 15 in ressourceforløb, 5 of whom reach six months: nothing to hide.
    const plain = february([...others, ...due]);
    expect([cellHidden(plain, 0, 'guaranteeDue'), cellHidden(plain, 0, 'guaranteeMet')]).toEqual([false, false]);
  });
});

/**
 * A reader of one month's table who subtracts: what the sums give (the units add up to the
 * municipality, the types of forløb to the people in forløb, the end reasons to the ended), and
 * then, for every count within another of the same row, the rest of the other.
 */
const NESTED: Array<[child: CellKey, parent: CellKey]> = [
  ['companyBased', 'active'],
  ['hoursPeople', 'companyBased'],
  ['hoursPeople', 'active'],
  ['started', 'active'],
  ['ended', 'active'],
  ['guaranteeDue', `type:${ProgrammeType.RESSOURCEFORLOEB}`],
  ['guaranteeMet', 'guaranteeDue'],
];

function readerAttack(table: RawBucket[]): string[] {
  const hidden = hiddenCells(table);
  const keys = [...hidden[0].keys()];
  const value = (r: number, k: CellKey) => (k.startsWith('type:') ? table[r].activeByType[k.slice(5) as ProgrammeType] : k.startsWith('reason:') ? table[r].endReasons[k.slice(7) as EndReason] : (table[r][k as keyof RawBucket] as number));
  const known = hidden.map((row) => new Map([...row].map(([k, h]) => [k, !h])));
  const sums: Array<Array<[number, CellKey]>> = [
    ...keys.map((k) => table.map((_, r) => [r, k] as [number, CellKey])),
    ...table.flatMap((_, r) => [
      [[r, 'active'], ...Object.values(ProgrammeType).map((t) => [r, `type:${t}`])] as Array<[number, CellKey]>,
      [[r, 'ended'], ...Object.values(EndReason).map((e) => [r, `reason:${e}`])] as Array<[number, CellKey]>,
    ]),
  ];
  for (let more = true; more; ) {
    more = false;
    for (const cells of sums) {
      const unknown = cells.filter(([r, k]) => !known[r].get(k));
      if (unknown.length === 1) {
        known[unknown[0][0]].set(unknown[0][1], true);
        more = true;
      }
    }
  }
  const leaks: string[] = [];
  table.forEach((_, r) => {
    for (const k of keys) if (known[r].get(k) && isSmall(value(r, k))) leaks.push(`row ${r}: ${k} = ${value(r, k)}`);
    for (const [child, parent] of NESTED) {
      const rest = value(r, parent) - value(r, child);
      if (known[r].get(child) && known[r].get(parent) && (isSmall(rest) || isSmall(-rest))) leaks.push(`row ${r}: ${parent} − ${child} = ${rest}`);
      // A count within a hidden one is a lower bound on it: shown only when it is 0.
      if (hidden[r].get(parent) && !hidden[r].get(child) && value(r, child) > 0) leaks.push(`row ${r}: ${child} = ${value(r, child)} under a hidden ${parent}`);
    }
  });
  return leaks;
}

it('no group of 1–4 is worked out from 300 random months, through the sums or by one count less another it is within', () => {
  // A fixed sequence (no flaky seeds).
  let seed = 20250531;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let n = 0; n < 300; n++) {
    const units = ['u1', 'u2', 'u3'].slice(0, 2 + next(2));
    const rows = Array.from({ length: 5 + next(30) }, (_, i): ProgrammeRow => {
      const type = next(5) === 0 ? ProgrammeType.JOBAFKLARINGSFORLOEB : ProgrammeType.RESSOURCEFORLOEB;
      const startsInMarch = next(4) === 0;
      const inCohort = !startsInMarch && type === ProgrammeType.RESSOURCEFORLOEB && next(3) === 0;
      const ends = next(5) === 0;
      const company = next(14);
      return row({
        citizenId: `c-${i}`,
        type,
        start: startsInMarch ? `2025-03-0${1 + next(9)}` : inCohort ? '2024-09-10' : '2025-01-01',
        sixEnd: inCohort ? '2025-03-09' : '2025-09-30',
        guaranteeMet: inCohort ? next(2) === 0 : null,
        ...(ends ? { status: 'ENDED', end: '2025-03-20', endReason: next(2) === 0 ? EndReason.EMPLOYMENT : EndReason.FLEXJOB } : {}),
        units: [['2024-01-01 00:00:00', null, units[next(units.length)]]],
        company:
          company < 3 ? [['INTERNSHIP', '2025-01-01', null, 10]]
          : company < 6 ? [['INTERNSHIP', '2025-01-01', null, 10], ['ORDINARY_HOURS', '2025-02-01', null, 6]]
          : company < 7 ? [['ORDINARY_HOURS', '2025-01-01', '2025-03-10', 6]]
          // No hours stated: company-based, not with ordinary hours.
          : company < 8 ? [['ORDINARY_HOURS', '2025-01-01', null, null]]
          // Paused in the month: company-based, not with ordinary hours at its end.
          : company < 9 ? [['INTERNSHIP', '2025-01-01', null, 10], ['ORDINARY_HOURS', '2025-02-01', null, 8, [['2025-03-15', null]]]]
          // Two employers at once.
          : company < 10 ? [['ORDINARY_HOURS', '2025-01-01', null, 6], ['ORDINARY_HOURS', '2025-02-01', null, 4]]
          : null,
      });
    });
    const table = aggregate(rows, bucketsOf('2025-03-01', '2025-03-01'), LATER).filter((c) => c.label === '2025-03');
    expect({ month: n, leaks: readerAttack(table) }).toEqual({ month: n, leaks: [] });
  }
});

/** A cell as the API names its figure (figures-reader.ts), or null for one the month-to-month reader does not add up. */
const figureOf = (k: CellKey): string | null =>
  k === 'active' ? 'ACTIVE_PROGRAMMES' : k === 'started' ? 'STARTED' : k === 'ended' ? 'ENDED' : k.startsWith('type:') ? `ACTIVE_${k.slice(5)}` : k.startsWith('reason:') ? `ENDED_${k.slice(7)}` : null;

it('no group of 1–4, nor any number but a 0 that a month alone does not give, is worked out from 300 random runs of three months set side by side', () => {
  // A fixed sequence (no flaky seeds): each citizen one forløb in one unit, started before or in the months, some ended in them.
  let seed = 20251207;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const labels = ['2025-02', '2025-03', '2025-04'];
  const reasons = [EndReason.EMPLOYMENT, EndReason.FLEXJOB, EndReason.DEATH];
  for (let n = 0; n < 300; n++) {
    const units = ['u1', 'u2', 'u3'].slice(0, 1 + next(3));
    const rows = Array.from({ length: 5 + next(40) }, (_, i): ProgrammeRow => {
      // The first runs through all three months, so every month has a table.
      const start = i === 0 || next(2) === 0 ? '2025-01-01' : `${labels[next(3)]}-1${next(9)}`;
      const endMonth = i === 0 ? undefined : labels.find((l) => `${l}-28` >= start && next(5) === 0);
      return row({
        citizenId: `c-${i}`,
        type: next(6) === 0 ? ProgrammeType.JOBAFKLARINGSFORLOEB : ProgrammeType.RESSOURCEFORLOEB,
        start,
        ...(endMonth ? { status: 'ENDED', end: `${endMonth}-28`, endReason: reasons[next(reasons.length)] } : {}),
        units: [['2024-01-01 00:00:00', null, units[next(units.length)]]],
      });
    });
    const cells = aggregate(rows, bucketsOf('2025-02-01', '2025-04-01'), LATER);
    const tables = labels.map((label) => {
      const total = cells.find((c) => c.isTotal && c.label === label)!;
      const none: RawBucket = { ...total, isTotal: false, active: 0, started: 0, ended: 0, endReasons: Object.fromEntries(Object.keys(total.endReasons).map((r) => [r, 0])) as RawBucket['endReasons'], activeByType: Object.fromEntries(Object.keys(total.activeByType).map((t) => [t, 0])) as RawBucket['activeByType'] };
      return [total, ...units.map((u) => cells.find((c) => !c.isTotal && c.label === label && c.unitId === u) ?? { ...none, unitId: u })];
    });
    const shown = new Map<string, number | null>();
    hiddenMonthCells(tables).forEach((table, m) => table.forEach((hidden, r) => {
      for (const [k, h] of hidden) {
        const figure = figureOf(k);
        const b = tables[m][r];
        const v = k.startsWith('type:') ? b.activeByType[k.slice(5) as ProgrammeType] : k.startsWith('reason:') ? b.endReasons[k.slice(7) as EndReason] : (b[k as keyof RawBucket] as number);
        if (figure) shown.set(`${labels[m]}|${r === 0 ? 'TOTAL' : units[r - 1]}|${figure}`, h ? null : v);
      }
    }));
    // What each month gives on its own (a 0 hidden beside a small group can give a number hidden to protect it: no group).
    const alone = labels.flatMap((label) => Object.keys(workOut(new Map([...shown].filter(([k]) => k.startsWith(label))))));
    const worked = Object.entries(workOut(shown));
    const leaked = [
      ...worked.filter(([, v]) => isSmall(v)),
      ...worked.filter(([k, v]) => v !== 0 && !alone.includes(k)),
    ];
    expect({ run: n, leaked }).toEqual({ run: n, leaked: [] });
  }
});

describe('ordinary hours are those in force at the month\'s end (its last day; in the current month, today)', () => {
  const may = (rows: ProgrammeRow[], today = LATER) => aggregate(rows, bucketsOf('2025-05-01', '2025-05-01'), today).find((c) => c.isTotal && c.label === '2025-05')!;

  it('hours that ended earlier in the month count neither the person nor the hours; they are still company-based in it', () => {
    const cells = may([
      row({ citizenId: 'ended-10th', company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-10', 6]] }),
      row({ citizenId: 'running', company: [['ORDINARY_HOURS', '2025-01-01', null, 8]] }),
      row({ citizenId: 'to-the-last-day', company: [['ORDINARY_HOURS', '2025-04-01', '2025-05-31', 5]] }),
    ]);
    expect(cells).toMatchObject({ active: 3, companyBased: 3, hoursPeople: 2, hoursTotal: 13 });
  });

  it('a forløb that ended earlier in the month has no hours in force at its end, though the intervention was left open', () => {
    const cells = may([
      row({ citizenId: 'left', start: '2025-01-01', end: '2025-05-14', status: 'ENDED', endReason: EndReason.EMPLOYMENT, company: [['ORDINARY_HOURS', '2025-01-01', null, 12]] }),
      row({ citizenId: 'stays', company: [['ORDINARY_HOURS', '2025-01-01', null, 8]] }),
    ]);
    expect(cells).toMatchObject({ active: 2, companyBased: 2, hoursPeople: 1, hoursTotal: 8 });
  });

  it('in the current month: the hours in force today, not those that ended earlier this month', () => {
    const rows = [
      row({ citizenId: 'ended-10th', company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-10', 6]] }),
      row({ citizenId: 'until-25th', company: [['ORDINARY_HOURS', '2025-01-01', '2025-05-25', 4]] }),
    ];
    expect(may(rows, '2025-05-20')).toMatchObject({ companyBased: 2, hoursPeople: 1, hoursTotal: 4 });
    // At the month's end, the hours that ran until the 25th have ended too.
    expect(may(rows)).toMatchObject({ companyBased: 2, hoursPeople: 0, hoursTotal: 0 });
  });

  it('ordinary hours at two employers at once are added up: 6 and 4 hours a week are 10, not the 4 begun last', () => {
    const twoJobs = row({ citizenId: 'two-jobs', company: [['ORDINARY_HOURS', '2025-02-01', null, 6], ['ORDINARY_HOURS', '2025-04-01', null, 4]] });
    const oneJob = row({ citizenId: 'one-job', company: [['ORDINARY_HOURS', '2025-01-01', null, 8]] });
    const cells = may([twoJobs, oneJob]);
    expect(cells).toMatchObject({ hoursPeople: 2, hoursTotal: 18 });
    expect(cells.hoursTotal / cells.hoursPeople).toBe(9);
  });

  it('ordinary hours with no hours a week stated are company-based, but neither a person with ordinary hours nor 0 hours pulling the hours per person down', () => {
    const cells = may([
      row({ citizenId: 'six', company: [['ORDINARY_HOURS', '2025-01-01', null, 6]] }),
      row({ citizenId: 'ten', company: [['ORDINARY_HOURS', '2025-01-01', null, 10]] }),
      row({ citizenId: 'none-stated', company: [['ORDINARY_HOURS', '2025-01-01', null, null]] }),
      row({ citizenId: 'zero', company: [['ORDINARY_HOURS', '2025-01-01', null, 0]] }),
      // Stated at one employer, not at the other: the stated hours are theirs.
      row({ citizenId: 'one-stated', company: [['ORDINARY_HOURS', '2025-01-01', null, 5], ['ORDINARY_HOURS', '2025-03-01', null, null]] }),
    ]);
    expect(cells).toMatchObject({ active: 5, companyBased: 5, hoursPeople: 3, hoursTotal: 21 });
    expect(cells.hoursTotal / cells.hoursPeople).toBe(7);
  });

  it('ordinary hours Sat på pause are not in force from the day they were paused, and were before it', () => {
    const rows = [
      row({ citizenId: 'paused-12th', company: [['ORDINARY_HOURS', '2025-01-01', null, 8, [['2025-05-12', null]]]] }),
      row({ citizenId: 'paused-last-day', company: [['ORDINARY_HOURS', '2025-01-01', null, 3, [['2025-05-31', null]]]] }),
      row({ citizenId: 'running', company: [['ORDINARY_HOURS', '2025-01-01', null, 6]] }),
    ];
    // Begun, so company-based in the month; not in force at its end.
    expect(may(rows)).toMatchObject({ companyBased: 3, hoursPeople: 1, hoursTotal: 6 });
    // In the current month, paused today: not in force today.
    expect(may(rows, '2025-05-12')).toMatchObject({ hoursPeople: 2, hoursTotal: 9 });
    // At April's end, before the pause, all three were.
    const [april] = aggregate(rows, bucketsOf('2025-04-01', '2025-04-01'), LATER).filter((c) => c.isTotal);
    expect(april).toMatchObject({ hoursPeople: 3, hoursTotal: 17 });
  });

  it('every pause counts: out of force from the day it was paused until the day it went on, and a later pause changes no month gone by', () => {
    // Paused on 3 March, going again on 14 April, paused again on 2 June.
    const hours = (pauses: Array<[string, string | null]>) => [row({ citizenId: 'twice', start: '2025-01-01', company: [['ORDINARY_HOURS', '2025-01-01', null, 7, pauses]] })];
    const month = (rows: ProgrammeRow[], first: string) => aggregate(rows, bucketsOf(first, first), LATER).find((c) => c.isTotal)!;
    const before = hours([['2025-03-03', '2025-04-14']]);
    const after = hours([['2025-03-03', '2025-04-14'], ['2025-06-02', null]]);
    for (const rows of [before, after]) {
      expect(month(rows, '2025-02-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
      expect(month(rows, '2025-03-01')).toMatchObject({ companyBased: 1, hoursPeople: 0, hoursTotal: 0 });
      expect(month(rows, '2025-04-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
      expect(month(rows, '2025-05-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
    }
    expect(month(before, '2025-06-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
    expect(month(after, '2025-06-01')).toMatchObject({ hoursPeople: 0, hoursTotal: 0 });
    // Going again on a month's last day: in force at its end; paused and going again the same day: never out of force.
    expect(month(hours([['2025-03-03', '2025-03-31']]), '2025-03-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
    expect(month(hours([['2025-03-31', '2025-03-31']]), '2025-03-01')).toMatchObject({ hoursPeople: 1, hoursTotal: 7 });
  });
});
