import { codeOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertIntervention, insertMeeting, type CaseIds } from '../rules/rules-fixtures';
import { computeWarnings } from '../rules';
import { insertFiguresMunicipality } from './figures-fixtures';
import { queryKeyFigures, type RawBucket } from './figures.sql';

/**
 * Key figures on a municipality of our own ("Testkommune"), so every number is known:
 *  - 12 programmes coordinated from the jobcenter, started 1 Oct 2024 (first six months end 31 Mar 2025);
 *    7 with an internship from 1 Mar 2025, 5 of those also with 6 ordinary hours a week from 1 May;
 *    6 with 4 meetings in their first six months, 6 with 2;
 *  - 3 programmes coordinated from social services, started 10 Jan 2025, ended 20 Apr 2025
 *    (2 to flexjob, 1 moved);
 *  - 1 programme that moved from social services to the jobcenter on 15 Mar 2025.
 * The first forløb was registered in Samplan on 1 Oct 2024: the months before are unknown.
 * The demo municipality's own data must never show up here.
 */
let t: TestServer;
let leader: string;
let municipalityId: string;
const kinds = ['INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS'];

async function setUp(): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  ({ municipalityId } = await insertFiguresMunicipality(t.db.dataSource, { code: '9999', name: 'Testkommune', prefix: 'tk', suffix: 'Test', unitKinds: ['EMPLOYMENT', 'SOCIAL', 'HEALTH'] }));

  const jobcenter: CaseIds[] = [];
  for (let i = 0; i < 12; i++) jobcenter.push(await insertCase(t.db.dataSource, { coordinator: 'tk-job', start: '2024-10-01', end: '2026-09-30', name: `Hemmelig Borger ${i}` }));
  for (const [i, c] of jobcenter.entries()) {
    if (i < 7) await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'ACTIVE', start: '2025-03-01', details: { internshipPurpose: 'SKILLS', hoursPerWeek: 10 } });
    if (i < 5) await insertIntervention(t.db.dataSource, c, { kind: 'ORDINARY_HOURS', status: 'ACTIVE', start: '2025-05-01', details: { hoursPerWeek: 6 } });
    const days = i < 6 ? ['2024-10-05', '2024-11-05', '2025-01-05', '2025-03-05'] : ['2024-10-05', '2025-02-05'];
    for (const d of days) await insertMeeting(t.db.dataSource, c, d, '2025-06-30');
  }
  // Ordinary hours marked completed on 20 February with no end date: company-based in February only, and no hours in May.
  const done = await insertIntervention(t.db.dataSource, jobcenter[11], { kind: 'ORDINARY_HOURS', status: 'COMPLETED', start: '2025-02-01', details: { hoursPerWeek: 4 } });
  await q(`UPDATE intervention SET updated_at = '2025-02-20 10:00+01' WHERE id = $1`, [done]);
  for (let i = 0; i < 3; i++) {
    const c = await insertCase(t.db.dataSource, { coordinator: 'tk-soc', start: '2025-01-10', end: '2027-01-09', name: `Hemmelig Social ${i}` });
    await q(`UPDATE programme SET status = 'ENDED', end_date = '2025-04-20', end_reason = $2 WHERE id = $1`, [c.programmeId, i < 2 ? 'FLEXJOB' : 'MOVED']);
  }
  const moved = await insertCase(t.db.dataSource, { coordinator: 'tk-soc', start: '2024-12-01', end: '2026-11-30', name: 'Hemmelig Flyttet' });
  await q(`UPDATE coordinator_assignment SET to_at = '2025-03-15 09:00+01' WHERE programme_id = $1`, [moved.programmeId]);
  await q(`INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted)
           SELECT $1, $2, u.id, u.unit_id, '2025-03-15 09:00+01', 'Skift', true FROM app_user u WHERE u.username = 'tk-job'`, [municipalityId, moved.programmeId]);
  // Testkommune registered its first forløb in Samplan on 1 October 2024 (the rest as they came): the figures count from then.
  await q(`UPDATE programme SET created_at = GREATEST('2024-10-01 09:00+02', start_date::timestamp AT TIME ZONE 'Europe/Copenhagen') WHERE municipality_id = $1`, [municipalityId]);
}

beforeAll(async () => {
  t = await startTestServer();
  await setUp();
  leader = await t.login('tk-leder');
});
afterAll(() => t.stop());

/** The events and cohorts of the months added up, as the whole period shows them. */
const sumOfMonths = (months: RawBucket[]) => {
  const add = (f: 'started' | 'ended' | 'guaranteeDue' | 'guaranteeMet' | 'cohortDue') => months.reduce((n, m) => n + m[f], 0);
  return { started: add('started'), ended: add('ended'), guaranteeDue: add('guaranteeDue'), guaranteeMet: add('guaranteeMet'), cohortDue: add('cohortDue') };
};

describe('the definitions (raw, before suppression)', () => {
  let rows: RawBucket[];
  const cell = (label: string, unitKind: 'EMPLOYMENT' | 'SOCIAL' | 'TOTAL') =>
    rows.find((r) => r.label === label && (unitKind === 'TOTAL' ? r.isTotal : !r.isTotal && r.unitId === unitIds[unitKind]))!;
  const unitIds: Record<string, string> = {};
  beforeAll(async () => {
    rows = await queryKeyFigures(t.db.dataSource, municipalityId, '2025-01-01', '2025-06-01', kinds, '2026-01-01');
    for (const u of await t.db.dataSource.query(`SELECT id, kind FROM unit WHERE municipality_id = $1`, [municipalityId])) unitIds[u.kind] = u.id;
  });

  it('active, company-based and ordinary hours month by month', () => {
    expect(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].map((m) => cell(m, 'TOTAL').active)).toEqual([16, 16, 16, 16, 13, 13]);
    expect(['2025-02', '2025-03', '2025-05'].map((m) => cell(m, 'TOTAL').companyBased)).toEqual([1, 7, 7]);
    expect(cell('2025-04', 'TOTAL').hoursPeople).toBe(0);
    expect(cell('2025-05', 'TOTAL')).toMatchObject({ hoursPeople: 5, hoursTotal: 30 });
    // The hours marked completed on 20 February are no longer in force at February's end: company-based that month, no hours.
    expect(cell('2025-02', 'TOTAL')).toMatchObject({ companyBased: 1, hoursPeople: 0, hoursTotal: 0 });
  });

  it('the indsatsgaranti cohort and follow-ups in the first six months', () => {
    expect(cell('2025-03', 'TOTAL')).toMatchObject({ guaranteeDue: 12, guaranteeMet: 7, cohortMeetings: 36, cohortMeetingsOk: 6 });
    // Started 1 Dec 2024: its six months end 31 May 2025, with no intervention and no meetings.
    expect(cell('2025-05', 'TOTAL')).toMatchObject({ guaranteeDue: 1, guaranteeMet: 0, cohortMeetings: 0 });
    // The social programmes ended before their six months ran out: in no cohort (12 + 1 in the months).
    expect(sumOfMonths(rows.filter((r) => r.isTotal))).toMatchObject({ guaranteeDue: 13, guaranteeMet: 7 });
  });

  it('starts, ends and end reasons', () => {
    expect(cell('2025-01', 'TOTAL').started).toBe(3);
    expect(cell('2025-04', 'TOTAL')).toMatchObject({ ended: 3, endReasons: expect.objectContaining({ FLEXJOB: 2, MOVED: 1, OTHER: 0 }) });
    expect(sumOfMonths(rows.filter((r) => r.isTotal))).toMatchObject({ started: 3, ended: 3 });
  });

  it('by the unit of the coordinator at the end of each month', () => {
    expect(cell('2025-02', 'SOCIAL').active).toBe(4);
    expect(cell('2025-03', 'SOCIAL').active).toBe(3);
    expect(cell('2025-03', 'EMPLOYMENT').active).toBe(13);
    // Ended programmes count with the unit they had when they ended.
    expect(cell('2025-04', 'SOCIAL')).toMatchObject({ active: 3, ended: 3 });
  });
});

describe('the indsatsgaranti figure tests what the warning tests (LAB §113, stk. 2)', () => {
  let rows: RawBucket[];
  const total = (label: string) => rows.find((r) => r.label === label && r.isTotal)!;
  beforeAll(async () => {
    const db = t.db.dataSource;
    const ended = (c: CaseIds, end: string) => db.query(`UPDATE programme SET status = 'ENDED', end_date = $2, end_reason = 'OTHER' WHERE id = $1`, [c.programmeId, end]);
    // Under the 2013 rules, which had no guarantee: in the samtaler cohort of December 2021 only.
    const old = await insertCase(db, { coordinator: 'tk-job', decision: '2021-06-20', start: '2021-07-01', name: 'Hemmelig 2013' });
    await insertIntervention(db, old, { kind: 'INTERNSHIP', status: 'ACTIVE', start: '2021-09-01', details: { internshipPurpose: 'SKILLS' } });
    await ended(old, '2022-06-30');
    // Under the 2022 rules, started 15 January 2022: six months end 14 July, the deadline is 15 July.
    const start = { coordinator: 'tk-job', decision: '2022-01-10', start: '2022-01-15' };
    const hours = await insertCase(db, { ...start, name: 'Hemmelig løntimer' });
    await insertIntervention(db, hours, { kind: 'ORDINARY_HOURS', status: 'ACTIVE', start: '2022-03-01', details: { hoursPerWeek: 4 } });
    const onDeadline = await insertCase(db, { ...start, name: 'Hemmelig på fristen' });
    await insertIntervention(db, onDeadline, { kind: 'PSYCHOLOGIST', unit: 'HEALTH', status: 'ACTIVE', start: '2022-07-15' });
    const late = await insertCase(db, { ...start, name: 'Hemmelig for sent' });
    await insertIntervention(db, late, { kind: 'INTERNSHIP', status: 'ACTIVE', start: '2022-07-16', details: { internshipPurpose: 'SKILLS' } });
    // Family support under serviceloven § 52 (barnets lov took it over only on 1 January 2024).
    const family = await insertCase(db, { ...start, name: 'Hemmelig familiebehandling' });
    await insertIntervention(db, family, { kind: 'FAMILY_SUPPORT', unit: 'SOCIAL', status: 'ACTIVE', start: '2022-05-01' });
    // The coordinators' warning, a few days after the deadline: only the start on the deadline clears it.
    const warned = async (c: CaseIds) => ((await computeWarnings(db, [c.programmeId], '2022-07-20')).get(c.programmeId) ?? []).some((w) => w.rule === 'INTERVENTION_GUARANTEE');
    expect(await Promise.all([hours, onDeadline, late, family].map(warned))).toEqual([true, false, true, false]);
    for (const c of [hours, onDeadline, late, family]) await ended(c, '2023-01-14');
    rows = await queryKeyFigures(db, municipalityId, '2021-12-01', '2022-07-01', kinds, '2023-02-01');
  });

  it('only ressourceforløb under the 2022 rules are in its cohort; the samtaler cohort keeps every ressourceforløb', () => {
    expect(total('2021-12')).toMatchObject({ cohortDue: 1, guaranteeDue: 0, guaranteeMet: 0 });
  });

  it('only a qualifying intervention counts, and one that starts on the deadline (start + 6 months) still does; family support begun under serviceloven does', () => {
    expect(total('2022-07')).toMatchObject({ cohortDue: 4, guaranteeDue: 4, guaranteeMet: 2 });
    expect(sumOfMonths(rows.filter((r) => r.isTotal))).toMatchObject({ cohortDue: 5, guaranteeDue: 4, guaranteeMet: 2 });
  });
});

describe('ordinary hours as the statement reads them: in force at the month\'s end, with their hours, added up', () => {
  let rows: RawBucket[];
  const total = (label: string) => rows.find((r) => r.label === label && r.isTotal)!;
  beforeAll(async () => {
    const db = t.db.dataSource;
    const start = { coordinator: 'tk-job', decision: '2022-11-25', start: '2022-12-01' };
    const hours = (c: CaseIds, status: string, start: string, details: Record<string, unknown>) => insertIntervention(db, c, { kind: 'ORDINARY_HOURS', status, start, details });
    /** A period it was Sat på pause, as the status changes keep them (intervention_pause, migration 63). */
    const pause = (id: string, from: string, to: string | null = null) =>
      db.query(`INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on, resumed_on) VALUES ($1, $2, $3, $4)`, [municipalityId, id, from, to]);
    // 6 hours a week at one employer from January, 4 at another from February: 10.
    const twoJobs = await insertCase(db, { ...start, name: 'Hemmelig to arbejdsgivere' });
    await hours(twoJobs, 'ACTIVE', '2023-01-01', { companyName: 'Kiosken', hoursPerWeek: 6 });
    await hours(twoJobs, 'ACTIVE', '2023-02-01', { companyName: 'Lageret', hoursPerWeek: 4 });
    // Stored without hours before they were required: company-based, no person with ordinary hours.
    const unstated = await insertCase(db, { ...start, name: 'Hemmelig uden timer' });
    await hours(unstated, 'ACTIVE', '2023-01-01', { companyName: 'Kantinen' });
    // 8 hours a week, Sat på pause on 10 March: in force at February's end, not at March's. Its notes
    // corrected on 2 February: its last change came before the pause, as a stored record of an
    // earlier pause could not tell (the figure follows the day it was paused, not its last change).
    const paused = await insertCase(db, { ...start, name: 'Hemmelig på pause' });
    const pausedHours = await hours(paused, 'ACTIVE', '2023-01-01', { hoursPerWeek: 8 });
    await db.query(`UPDATE intervention SET status = 'PAUSED', paused_on = '2023-03-10', updated_at = '2023-02-02 10:00+01' WHERE id = $1`, [pausedHours]);
    await pause(pausedHours, '2023-03-10');
    // 2 hours a week, Sat på pause on 20 February and its notes changed on 15 March: still not in force at March's end,
    // nor at February's; with the day of its last change it would have counted again at February's end.
    const pausedThenEdited = await insertCase(db, { ...start, name: 'Hemmelig på pause, rettet siden' });
    const editedHours = await hours(pausedThenEdited, 'ACTIVE', '2023-01-01', { hoursPerWeek: 2 });
    await db.query(`UPDATE intervention SET status = 'PAUSED', paused_on = '2023-02-20', updated_at = '2023-03-15 10:00+01' WHERE id = $1`, [editedHours]);
    await pause(editedHours, '2023-02-20');
    // 3 hours a week, Sat på pause from 10 February and going again from 5 March: not in force at February's end,
    // in force at March's; and paused again on 1 June, which changes neither month.
    const pausedBefore = await insertCase(db, { ...start, name: 'Hemmelig holdt pause' });
    const earlierHours = await hours(pausedBefore, 'ACTIVE', '2023-01-01', { hoursPerWeek: 3 });
    await pause(earlierHours, '2023-02-10', '2023-03-05');
    await db.query(`UPDATE intervention SET status = 'PAUSED', paused_on = '2023-06-01' WHERE id = $1`, [earlierHours]);
    await pause(earlierHours, '2023-06-01');
    const plain = await insertCase(db, { ...start, name: 'Hemmelig 5 timer' });
    await hours(plain, 'ACTIVE', '2023-01-01', { hoursPerWeek: 5 });
    for (const c of [twoJobs, unstated, paused, pausedThenEdited, pausedBefore, plain]) await db.query(`UPDATE programme SET status = 'ENDED', end_date = '2023-06-30', end_reason = 'OTHER' WHERE id = $1`, [c.programmeId]);
    rows = await queryKeyFigures(db, municipalityId, '2023-02-01', '2023-03-01', kinds, '2024-01-01');
  });

  it('two at once are added up, one without hours is no person with them, one paused is not in force from the day it was paused until it went on', () => {
    expect(total('2023-02')).toMatchObject({ active: 6, companyBased: 6, hoursPeople: 3, hoursTotal: 23 });
    expect(total('2023-03')).toMatchObject({ active: 6, companyBased: 6, hoursPeople: 3, hoursTotal: 18 });
  });
});

const KEY_FIGURES = `query($from: String, $to: String) { keyFigures(from: $from, to: $to) {
  municipalityName fromMonth toMonth dataFrom companyBasedTarget minimumGroupSize figures { figure label kind source definition }
  months { label from to beforeDataFrom values { figure value suppressed display } }
  period { label from beforeDataFrom values { figure value suppressed display } }
  units { unitKind unitName months { label beforeDataFrom values { figure value suppressed display } } period { label values { figure display } } }
} }`;

interface Fig { figure: string; value: number | null; suppressed: boolean; display: string }
interface Bucket { label: string; from?: string; beforeDataFrom?: boolean; values: Fig[] }
interface Answer {
  keyFigures: {
    municipalityName: string; fromMonth: string; toMonth: string; dataFrom: string | null; companyBasedTarget: number; figures: Array<{ figure: string; label: string; definition: string }>;
    months: Bucket[]; period: Bucket; units: Array<{ unitKind: string | null; months: Bucket[] }>;
  };
}
/** The figures of one bucket by name, e.g. fig(month).ACTIVE_PROGRAMMES. */
const fig = (b: Bucket) => Object.fromEntries(b.values.map(({ figure, ...rest }) => [figure, rest]));

describe('keyFigures through the API', () => {
  const ask = (token: string, vars: Record<string, unknown> = { from: '2025-01', to: '2025-06' }) => t.gql<Answer>(KEY_FIGURES, vars, token);

  it('leaders and caseworkers (any of whom may coordinate); mentors, administrators and strangers are refused', async () => {
    expect(codeOf(await t.gql(KEY_FIGURES, {}))).toBe('UNAUTHENTICATED');
    for (const who of ['mikkel', 'ida']) expect(codeOf(await ask(await t.login(who)))).toBe('FORBIDDEN');
    for (const who of ['anna', 'dorte']) expect((await ask(await t.login(who))).errors).toBeUndefined();
  });

  it('shows the numbers, with groups under 5 hidden ("skjult") and nothing from which they can be worked out', async () => {
    const res = await ask(leader);
    expect(res.errors).toBeUndefined();
    const k = res.data!.keyFigures;
    expect(k).toMatchObject({ municipalityName: 'Testkommune', fromMonth: '2025-01', toMonth: '2025-06', companyBasedTarget: 0.3 });
    const month = (label: string) => fig(k.months.find((m) => m.label === label)!);
    expect(k.months.map((m) => m.label)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(k.figures.find((f) => f.figure === 'GUARANTEE_SHARE')!.label).toBe('Andel der lever op til indsatsgarantien');
    expect(month('2025-03')).toMatchObject({
      ACTIVE_PROGRAMMES: { value: 16, display: '16' },
      // 7 of 16: sent as shown, 0.44, never as 7/16.
      COMPANY_BASED_SHARE: { value: 0.44, display: '44 %' },
      FOLLOW_UPS_PER_PERSON: { value: 3, display: '3,0' },
      FOLLOW_UP_REQUIREMENT_SHARE: { display: '50 %' },
    });
    // March: 16 in ressourceforløb, 12 of whose forløb reach six months (the indsatsgaranti cohort):
    // 16 and 12 shown would give away the 4 who do not. The cohort is hidden, and what is built on it.
    expect(month('2025-03')).toMatchObject({
      ACTIVE_RESSOURCEFORLOEB: { value: 16, display: '16' },
      GUARANTEE_DUE: { value: null, display: 'skjult' },
      GUARANTEE_MET: { value: null, display: 'skjult' },
      GUARANTEE_SHARE: { value: null, display: 'skjult' },
    });
    expect(month('2025-05')).toMatchObject({ GUARANTEE_DUE: { display: 'skjult' }, GUARANTEE_SHARE: { display: 'skjult' } });
    // May: 13 in forløb, 7 company-based, 5 of them with ordinary hours (a company-based kind). 7 and 5
    // shown would give away the 2 in an internship without hours: the 5, and their hours, are hidden.
    const hidden = { value: null, suppressed: true, display: 'skjult' };
    for (const may of [month('2025-05'), fig(k.units.find((u) => u.unitKind === 'EMPLOYMENT')!.months.find((m) => m.label === '2025-05')!)]) {
      expect(may).toMatchObject({ ACTIVE_PROGRAMMES: { value: 13 }, COMPANY_BASED: { value: 7, display: '7' } });
      expect([may.ORDINARY_HOURS_PEOPLE, may.ORDINARY_HOURS_TOTAL, may.ORDINARY_HOURS_PER_PERSON]).toEqual([hidden, hidden, hidden]);
    }
    expect(month('2025-01').STARTED).toMatchObject({ display: 'skjult' });
    expect(month('2025-04').ENDED).toEqual({ value: null, suppressed: true, display: 'skjult' });
    expect(month('2025-04').ENDED_FLEXJOB).toEqual({ value: null, suppressed: true, display: 'skjult' });
    // Over the period, people are the average per month, and May's and June's with hours are hidden: so is the
    // average (it would give the hidden months back). Hours are a month's figure.
    expect(fig(k.period)).toMatchObject({ ORDINARY_HOURS_PEOPLE: { value: null, display: 'skjult' }, ORDINARY_HOURS_TOTAL: { display: '–' }, ORDINARY_HOURS_PER_PERSON: { display: '–' } });
    // January's starts are hidden: the period's starts are too, or the period minus the other
    // months (or this period against February–June) would give January's back.
    expect(fig(k.period).STARTED).toEqual({ value: null, suppressed: true, display: 'skjult' });
    const fromFebruary = fig((await ask(leader, { from: '2025-02', to: '2025-06' })).data!.keyFigures.period);
    const shownMonths = ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].map((l) => month(l).STARTED);
    if (shownMonths.every((m) => !m.suppressed)) expect(fromFebruary.STARTED.value).toBe(shownMonths.reduce((a, m) => a + (m.value ?? 0), 0));
    else expect(fromFebruary.STARTED.suppressed).toBe(true);
    // April: social services has 3 (hidden); the jobcenter's 13 is hidden too, or 16 − 13 would give it away.
    const april = (code: string) => fig(k.units.find((u) => u.unitKind === code)!.months.find((m) => m.label === '2025-04')!).ACTIVE_PROGRAMMES;
    expect(april('SOCIAL')).toMatchObject({ suppressed: true, display: 'skjult' });
    expect(april('EMPLOYMENT')).toMatchObject({ suppressed: true, display: 'skjult' });
    expect(april('HEALTH')).toMatchObject({ value: 0, display: '0' });
    // Aggregates only: no names anywhere.
    expect(JSON.stringify(res.data)).not.toMatch(/Hemmelig|Job Test|Soc Test/);
  });

  it('months before the day Samplan has data from are unknown, not 0; that day\'s month counts', async () => {
    const res = await ask(leader, { from: '2024-08', to: '2024-11' });
    expect(res.errors).toBeUndefined();
    const k = res.data!.keyFigures;
    expect(k.dataFrom).toBe('2024-10-01');
    const month = (label: string) => k.months.find((m) => m.label === label)!;
    for (const label of ['2024-08', '2024-09']) {
      expect(month(label).beforeDataFrom).toBe(true);
      // Every figure unknown: no 0, no percentage, and not "skjult" either (nothing is hidden, nothing is known).
      expect(month(label).values.every((v) => v.value === null && !v.suppressed && v.display === '–')).toBe(true);
      for (const u of k.units) expect(u.months.find((m) => m.label === label)!.values.every((v) => v.value === null && v.display === '–')).toBe(true);
    }
    expect(month('2024-10').beforeDataFrom).toBe(false);
    expect(fig(month('2024-10'))).toMatchObject({ ACTIVE_PROGRAMMES: { value: 12, display: '12' }, COMPANY_BASED: { value: 0, display: '0' } });
    // The whole period counts from the first month with data.
    expect(k.period).toMatchObject({ label: '2024-10–2024-11', from: '2024-10-01', beforeDataFrom: false });
    expect(fig(k.period).ACTIVE_PROGRAMMES).toMatchObject({ value: 12 });
    // A period wholly before it: nothing known, the period included.
    const early = (await ask(leader, { from: '2024-01', to: '2024-09' })).data!.keyFigures;
    expect([...early.months, early.period].every((b) => b.beforeDataFrom && b.values.every((v) => v.value === null && v.display === '–'))).toBe(true);
  });

  it('every figure comes with a short Danish definition of what it counts', async () => {
    const { figures } = (await ask(leader)).data!.keyFigures;
    expect(figures.every((f) => f.definition.length > 20)).toBe(true);
    const def = (f: string) => figures.find((x) => x.figure === f)!.definition;
    expect(def('ACTIVE_PROGRAMMES')).toMatch(/Hver borger tælles én gang/);
    expect(def('STARTED')).toMatch(/Hvert forløb tælles, ikke hver borger/);
    expect(def('GUARANTEE_DUE')).toMatch(/reglerne fra 2022/);
  });

  it('is confined to the caller\'s municipality', async () => {
    const lene = await ask(await t.login('lene'));
    expect(lene.data!.keyFigures.municipalityName).toBe('Faaborg-Midtfyn Kommune');
    expect(lene.data!.keyFigures.months.every((m) => (fig(m).ACTIVE_PROGRAMMES.value ?? 0) < 16)).toBe(true);
    const [audit] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'lene' AND a.action = 'READ_KEY_FIGURES'`);
    expect(audit.n).toBe(1);
  });

  it('defaults to the 12 months up to this one, takes the target from the setting, and refuses bad ranges', async () => {
    // The setting is read at start: a second instance on the same database, started with it.
    const other = await startTestServer({ db: t.db, seed: false, env: { KEY_FIGURE_COMPANY_TARGET_PERCENT: '35' } });
    try {
      const res = await other.gql<Answer>(KEY_FIGURES, {}, leader);
      expect(res.data!.keyFigures.companyBasedTarget).toBeCloseTo(0.35);
      expect(res.data!.keyFigures.months).toHaveLength(12);
    } finally {
      await other.stop();
    }
    expect(codeOf(await ask(leader, { from: '2025-13' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ask(leader, { from: '2025-06', to: '2025-01' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ask(leader, { from: '2020-01', to: '2025-06' }))).toBe('BAD_USER_INPUT');
    // A second server starts inside this test.
  }, 30_000);
});
