import { codeOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertIntervention, insertMeeting, type CaseIds } from './rules-fixtures';
import { startWarningSweep } from './warning-sweep';
import { computeWarnings, sweepWarnings } from './warnings.service';
import type { Warning } from './warning.type';
import { createHash } from 'node:crypto';
import { loadFactsIfNamed } from './warning-facts';
import { appendSweepEvents, COLUMNS_WARNINGS_READ, RECORDS_WITHOUT_WARNINGS } from './warning-events';

/**
 * Every rule at its boundaries — the day before, the day, the day after — through the real
 * server, with rows inserted on the exact days and the injected clock moved across them.
 */
let now = new Date();
const clock = { now: () => now };
/** Noon, Danish time, on a calendar day (never near midnight, whatever the offset). */
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let statements = 0;
let t: TestServer;
let anna: string;
let dorte: string;
let carla: string;
beforeAll(async () => {
  t = await startTestServer({ clock, onQuery: () => void statements++ });
  // Tokens are checked against real time: sign them before the clock moves.
  anna = await t.login('anna');
  dorte = await t.login('dorte');
  carla = await t.login('carla');
});
afterAll(() => t.stop());

interface W { rule: string; severity: string; dueDate: string | null; message: string; source: string; subjectId: string | null }

const QUERY = `query($id: ID!) { programme(id: $id) { warningLevel warnings { rule severity dueDate message source subjectId } } }`;

async function warnings(c: CaseIds, day: string, rule?: string): Promise<W[]> {
  setDay(day);
  const res = await t.gql<{ programme: { warnings: W[] } }>(QUERY, { id: c.programmeId }, anna);
  expect(res.errors).toBeUndefined();
  return res.data!.programme.warnings.filter((w) => !rule || w.rule === rule);
}

/** The severity of one rule's warning on each day (null: no warning). */
async function severities(c: CaseIds, rule: string, days: string[]): Promise<Array<string | null>> {
  const out: Array<string | null> = [];
  for (const day of days) out.push((await warnings(c, day, rule))[0]?.severity ?? null);
  return out;
}

describe('rule 1: indsatsgaranti (LAB §113, stk. 2): ressourceforløb under the 2022 rules', () => {
  it('INFO until 30 days before start + 6 months, WARNING to and on that day, OVERDUE after; only a qualifying start on or before it clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    // "senest 6 måneder efter, at ressourceforløbet er påbegyndt": 15 July 2025, that day included.
    expect(await severities(c, 'INTERVENTION_GUARANTEE', ['2025-06-14', '2025-06-15', '2025-07-14', '2025-07-15', '2025-07-16']))
      .toEqual(['INFO', 'WARNING', 'WARNING', 'WARNING', 'OVERDUE']);
    const [w] = await warnings(c, '2025-07-16', 'INTERVENTION_GUARANTEE');
    expect(w).toMatchObject({ dueDate: '2025-07-15', source: 'LAB §113, stk. 2 (lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb))' });
    expect(w.message).toContain('15. juli 2025');
    expect(w.message).toContain('Forelæg sagen for rehabiliteringsteamet, eller registrér de særlige grunde');

    // Ordinary hours and regional psychiatry do not count; planned is not begun; a start the day after is late.
    await insertIntervention(t.db.dataSource, c, { kind: 'ORDINARY_HOURS', status: 'ACTIVE', start: '2025-02-01' });
    await insertIntervention(t.db.dataSource, c, { kind: 'PSYCHIATRIC_TREATMENT', unit: 'HEALTH', status: 'ACTIVE', start: '2025-02-01' });
    await insertIntervention(t.db.dataSource, c, { kind: 'PHYSIOTHERAPY', unit: 'HEALTH', status: 'PLANNED', start: '2025-07-01' });
    const late = await insertIntervention(t.db.dataSource, c, { kind: 'COURSE', status: 'ACTIVE', start: '2025-07-16' });
    expect(await severities(c, 'INTERVENTION_GUARANTEE', ['2025-07-16', '2025-07-17'])).toEqual(['OVERDUE', 'OVERDUE']);
    // Begun, but without a start date: it does not count, and the warning says so and points at it.
    await t.db.dataSource.query(`UPDATE intervention SET start_date = NULL WHERE id = $1`, [late]);
    const [undated] = await warnings(c, '2025-07-14', 'INTERVENTION_GUARANTEE');
    expect(undated).toMatchObject({ severity: 'WARNING', subjectId: late });
    expect(undated.message).toMatch(/står som påbegyndt, men har ingen startdato og tæller derfor ikke: angiv startdatoen\.$/);
    // A course begun on the deadline day meets it.
    await t.db.dataSource.query(`UPDATE intervention SET start_date = '2025-07-15' WHERE id = $1`, [late]);
    expect(await severities(c, 'INTERVENTION_GUARANTEE', ['2025-07-14', '2025-07-15', '2025-07-16'])).toEqual(['WARNING', null, null]);
  });

  it('after the deadline: recording that the case went to the team, or the special reasons, clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    setDay('2025-07-20');
    const read = await t.gql<{ programme: { version: number } }>(`query($id: ID!) { programme(id: $id) { version } }`, { id: c.programmeId }, anna);
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { guaranteeSpecialReasons warnings { rule } } }`;
    const done = await t.gql<{ updateProgramme: { guaranteeSpecialReasons: string; warnings: W[] } }>(UPDATE,
      { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, guaranteeSpecialReasons: 'Borgeren har været indlagt i perioden' } }, anna);
    expect(done.errors).toBeUndefined();
    expect(done.data!.updateProgramme.guaranteeSpecialReasons).toBe('Borgeren har været indlagt i perioden');
    expect(done.data!.updateProgramme.warnings.map((x) => x.rule)).not.toContain('INTERVENTION_GUARANTEE');
  });

  it('the case goes before the team after the deadline: a meeting on or before it is refused at the field', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    setDay('2025-07-20');
    const read = await t.gql<{ programme: { version: number } }>(`query($id: ID!) { programme(id: $id) { version } }`, { id: c.programmeId }, anna);
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { guaranteeTeamDate warnings { rule } } }`;
    const early = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, guaranteeTeamDate: '2025-07-15' } }, anna);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guaranteeTeamDate' });
    expect(early.errors?.[0].message).toBe('Sagen forelægges rehabiliteringsteamet, når fristen for indsatsgarantien (15. juli 2025) er overskredet uden en påbegyndt indsats. Vælg en dag efter fristen.');
    const done = await t.gql<{ updateProgramme: { guaranteeTeamDate: string; warnings: W[] } }>(UPDATE,
      { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, guaranteeTeamDate: '2025-07-18' } }, anna);
    expect(done.errors).toBeUndefined();
    expect(done.data!.updateProgramme.warnings.map((x) => x.rule)).not.toContain('INTERVENTION_GUARANTEE');
  });

  it('a follow-up recorded by mistake can be taken back: the date and the reasons sent empty are cleared, and the warning returns', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    setDay('2025-07-20');
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { version guaranteeTeamDate guaranteeSpecialReasons warnings { rule } } }`;
    type Updated = { updateProgramme: { version: number; guaranteeTeamDate: string | null; guaranteeSpecialReasons: string | null; warnings: W[] } };
    const read = await t.gql<{ programme: { version: number } }>(`query($id: ID!) { programme(id: $id) { version } }`, { id: c.programmeId }, anna);
    const recorded = await t.gql<Updated>(UPDATE, { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, guaranteeTeamDate: '2025-07-18', guaranteeSpecialReasons: 'Indlagt' } }, anna);
    expect(recorded.errors).toBeUndefined();
    const cleared = await t.gql<Updated>(UPDATE, { input: { id: c.programmeId, expectedVersion: recorded.data!.updateProgramme.version, guaranteeTeamDate: null, guaranteeSpecialReasons: null } }, anna);
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateProgramme).toMatchObject({ guaranteeTeamDate: null, guaranteeSpecialReasons: null });
    expect(cleared.data!.updateProgramme.warnings.map((x) => x.rule)).toContain('INTERVENTION_GUARANTEE');
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event.summary).toMatch(/fjernede opfølgningen på indsatsgarantien$/);
    // Nothing recorded: clearing again is nothing to change, as any empty save.
    const again = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: cleared.data!.updateProgramme.version, guaranteeTeamDate: null } }, anna);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('not for a ressourceforløb under the 2013 rules, nor a jobafklaringsforløb', async () => {
    const old = await insertCase(t.db.dataSource, { start: '2021-06-01', decision: '2021-05-25' });
    expect(await severities(old, 'INTERVENTION_GUARANTEE', ['2021-11-30', '2021-12-01', '2021-12-02'])).toEqual([null, null, null]);
    const ja = await insertCase(t.db.dataSource, { start: '2025-01-15', type: 'JOBAFKLARINGSFORLOEB' });
    expect(await severities(ja, 'INTERVENTION_GUARANTEE', ['2025-07-16'])).toEqual([null]);
  });
});

describe('rule 7: the first samtale a week after the rehabiliteringsteam meeting (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2)', () => {
  it('a recommendation counted from the team meeting: INFO the day before, on and after the week, never OVERDUE; gone once a samtale is held', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', teamMeeting: '2025-01-10' });
    expect(await severities(c, 'FIRST_FOLLOW_UP', ['2025-01-16', '2025-01-17', '2025-01-18', '2025-03-01'])).toEqual(['INFO', 'INFO', 'INFO', 'INFO']);
    expect((await warnings(c, '2025-01-18', 'FIRST_FOLLOW_UP'))[0]).toMatchObject({ dueDate: '2025-01-17', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.2' });
    await insertMeeting(t.db.dataSource, c, '2025-01-16', '2025-02-20');
    expect(await severities(c, 'FIRST_FOLLOW_UP', ['2025-01-18'])).toEqual([null]);
  });

  it('no nudge about a week that was over before the forløb was registered in Samplan: a decision registered late', async () => {
    const registeredOn = async (c: CaseIds, at: string) => t.db.dataSource.query(`UPDATE programme SET created_at = $2::timestamptz WHERE id = $1`, [c.programmeId, at]);
    // Decided 28 January 2026 after the team met on the 27th; registered on 7 December 2026.
    const late = await insertCase(t.db.dataSource, { start: '2026-02-01', decision: '2026-01-28', teamMeeting: '2026-01-27' });
    await registeredOn(late, '2026-12-07T10:00:00+01:00');
    expect(await warnings(late, '2026-12-07', 'FIRST_FOLLOW_UP')).toEqual([]);
    // The same forløb registered while the week ran: the recommendation is there, and still after the week.
    const inTime = await insertCase(t.db.dataSource, { start: '2026-02-01', decision: '2026-01-28', teamMeeting: '2026-01-27' });
    await registeredOn(inTime, '2026-01-29T10:00:00+01:00');
    expect(await severities(inTime, 'FIRST_FOLLOW_UP', ['2026-01-30', '2026-12-07'])).toEqual(['INFO', 'INFO']);
    expect((await warnings(inTime, '2026-12-07', 'FIRST_FOLLOW_UP'))[0].message).toContain('Hold samtalen snarest');
    // Registered on the last day of the week: the week was not over yet.
    const lastDay = await insertCase(t.db.dataSource, { start: '2026-02-01', decision: '2026-01-28', teamMeeting: '2026-01-27' });
    await registeredOn(lastDay, '2026-02-03T15:00:00+01:00');
    expect(await severities(lastDay, 'FIRST_FOLLOW_UP', ['2026-02-05'])).toEqual(['INFO']);
  });

  it('none where no team meeting is recorded', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    expect(await severities(c, 'FIRST_FOLLOW_UP', ['2025-01-15', '2025-01-23', '2025-02-15'])).toEqual([null, null, null]);
  });
});

describe('rule 2: at least 4 samtaler in the first 6 months of a ressourceforløb (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5)', () => {
  it('projects from the booked samtale: a booking on the last day counts, the day after does not', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-02-20');
    await insertMeeting(t.db.dataSource, c, '2025-02-20', '2025-03-20');
    const last = await insertMeeting(t.db.dataSource, c, '2025-03-20', '2025-07-14');
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-04-01'])).toEqual([null]);
    await t.db.dataSource.query(`UPDATE follow_up_meeting SET next_meeting_at = next_meeting_at + interval '1 day' WHERE id = $1`, [last]);
    const [w] = await warnings(c, '2025-04-01', 'FOLLOW_UP_COUNT');
    expect(w).toMatchObject({ severity: 'WARNING', dueDate: '2025-07-14', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5' });
    expect(w.message).toContain('3 af 4');
  });

  it('counts what was held, by phone and video too (lov nr. 295 af 20. marts 2023): WARNING on the last day, OVERDUE the day after and for 30 days', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    await insertMeeting(t.db.dataSource, c, '2025-03-01', '2025-05-01', 'PHONE');
    await insertMeeting(t.db.dataSource, c, '2025-05-01', '2025-07-15', 'VIDEO');
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-07-13', '2025-07-14', '2025-07-15', '2025-08-13', '2025-08-14']))
      .toEqual(['WARNING', 'WARNING', 'OVERDUE', 'OVERDUE', null]);
    const late = await insertMeeting(t.db.dataSource, c, '2025-07-15', '2025-08-15', 'VIDEO');
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-07-16'])).toEqual(['OVERDUE']);
    await t.db.dataSource.query(`UPDATE follow_up_meeting SET held_at = held_at - interval '1 day' WHERE id = $1`, [late]);
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-07-16'])).toEqual([null]);
  });

  it('not for a jobafklaringsforløb: only that a next samtale is booked', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', type: 'JOBAFKLARINGSFORLOEB' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-07-14', '2025-07-15'])).toEqual([null, null]);
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-01', '2025-03-02'])).toEqual([null, 'WARNING']);
  });
});

describe('rule 2: a next samtale is always booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5)', () => {
  it('none on the booked day, WARNING the day after, OVERDUE after 14 days', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    expect(await severities(c, 'NEXT_MEETING', ['2025-02-28', '2025-03-01', '2025-03-02', '2025-03-15', '2025-03-16'])).toEqual([null, null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect((await warnings(c, '2025-03-02', 'NEXT_MEETING'))[0]).toMatchObject({ dueDate: '2025-03-01', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8' });
  });
});

describe('rule 2: the next samtale agreed, once booked as such, is the booking (agreementTakenUp, as the plan and the mentor read it)', () => {
  const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`;
  const MOVE = `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { version } }`;
  const CANCEL = `mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { status } }`;
  /** A samtale booked on `on` for `day` at 10.00 Danish time by phone; `agreedAt`: as the samtale agreed then ("Book den aftalte samtale"). */
  const book = async (c: CaseIds, on: string, day: string, agreedAt?: string): Promise<{ id: string; version: number }> => {
    setDay(on);
    const res = await t.gql<{ bookMeeting: { id: string; version: number } }>(BOOK, {
      input: { planId: c.planId, startsAt: `${day}T10:00:00+01:00`, endsAt: `${day}T11:00:00+01:00`, mode: 'PHONE', agreedAt: agreedAt ?? null },
    }, anna);
    expect(res.errors).toBeUndefined();
    return res.data!.bookMeeting;
  };
  const cancel = async (on: string, meeting: { id: string; version: number }) => {
    setDay(on);
    const res = await t.gql(CANCEL, { input: { id: meeting.id, expectedVersion: meeting.version, reason: 'Borgeren er syg' } }, anna);
    expect(res.errors).toBeUndefined();
  };
  const AGREED = '2025-03-05T10:00:00+01:00';

  it('its booking called off leaves nothing agreed: the warning shows at once, counted from the agreed day; moved, the booking stands for it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', name: 'Aflystborger' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-05');
    const agreed = await book(c, '2025-03-01', '2025-03-05', AGREED);
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-01', '2025-03-05'])).toEqual([null, null]);

    // Moved past the agreed day: the booking is the next samtale, until its own day has gone by unrecorded.
    setDay('2025-03-02');
    const moved = await t.gql<{ moveMeeting: { version: number } }>(MOVE,
      { input: { id: agreed.id, expectedVersion: agreed.version, startsAt: '2025-03-12T10:00:00+01:00', endsAt: '2025-03-12T11:00:00+01:00', mode: 'PHONE' } }, anna);
    expect(moved.errors).toBeUndefined();
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-02', '2025-03-08', '2025-03-12', '2025-03-13'])).toEqual([null, null, null, 'WARNING']);
    // The count of samtaler still runs by the agreed rhythm while its booking stands.
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-03-02'])).toEqual([null]);

    // Called off before the agreed day: nothing is booked and nothing agreed any more.
    await cancel('2025-03-02', { id: agreed.id, version: moved.data!.moveMeeting.version });
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-02', '2025-03-05', '2025-03-19', '2025-03-20'])).toEqual(['WARNING', 'WARNING', 'WARNING', 'OVERDUE']);
    const [w] = await warnings(c, '2025-03-02', 'NEXT_MEETING');
    expect(w.dueDate).toBe('2025-03-05');
    expect(w.message).toBe('Samtalen aftalt til 5. marts 2025 blev booket, men der er ikke længere en samtale booket. Registrér samtalen, hvis den blev holdt, ellers aftal og book en ny tid med borgeren.');
    // Nor does the agreed day give the rhythm of the samtaler to come: only bookings count.
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-03-02'])).toEqual(['WARNING']);

    // A new samtale booked clears it.
    await book(c, '2025-03-02', '2025-03-09');
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-02', '2025-03-09'])).toEqual([null, null]);
  });

  it('an agreed time never booked as such stands until its day, also when a samtale booked for something else is called off', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', name: 'Aftaltborger' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-05');
    await cancel('2025-03-01', await book(c, '2025-03-01', '2025-03-03'));
    expect(await severities(c, 'NEXT_MEETING', ['2025-03-01', '2025-03-05', '2025-03-06', '2025-03-19', '2025-03-20'])).toEqual([null, null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect((await warnings(c, '2025-03-06', 'NEXT_MEETING'))[0].message).toMatch(/^Den aftalte samtale 5\. marts 2025 er ikke registreret som holdt/);
    expect(await severities(c, 'FOLLOW_UP_COUNT', ['2025-03-01'])).toEqual([null]);
  });
});

describe('rule 3: the plan period runs out (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3)', () => {
  it('WARNING from 14 days before its last day, OVERDUE the day after; none when it runs to the programme’s end', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2027-01-14', periodEnd: '2025-09-30' });
    expect(await severities(c, 'PLAN_PERIOD', ['2025-03-31', '2025-09-15', '2025-09-16', '2025-09-30', '2025-10-01'])).toEqual([null, null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect((await warnings(c, '2025-10-01', 'PLAN_PERIOD'))[0]).toMatchObject({ dueDate: '2025-09-30', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3' });
    await t.db.dataSource.query(`UPDATE plan SET period_end = '2027-01-14' WHERE id = $1`, [c.planId]);
    expect(await severities(c, 'PLAN_PERIOD', ['2026-12-01', '2027-01-14'])).toEqual([null, null]);
  });

  it('a period set today for at least 6 months is accepted and not overdue tomorrow; in the last 6 months it may run to the end', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2027-01-14', periodEnd: '2025-06-30' });
    const UPDATE = `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { periodEnd version } }`;
    const version = async () => (await t.db.dataSource.query(`SELECT version FROM plan WHERE id = $1`, [c.planId]))[0].version as number;
    setDay('2025-03-15');
    // From today: 6 months end on 14 September (inclusive); one day less is refused.
    const short = await t.gql(UPDATE, { input: { id: c.planId, expectedVersion: await version(), periodEnd: '2025-09-13' } }, anna);
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PLAN_PERIOD_TOO_SHORT' });
    const exact = await t.gql(UPDATE, { input: { id: c.planId, expectedVersion: await version(), periodEnd: '2025-09-14' } }, anna);
    expect(exact.errors).toBeUndefined();
    expect(await severities(c, 'PLAN_PERIOD', ['2025-03-16', '2025-08-30', '2025-08-31', '2025-09-14', '2025-09-15'])).toEqual([null, null, 'WARNING', 'WARNING', 'OVERDUE']);
    // Four months before the end the period can run to the end, though that is less than 6 months.
    setDay('2026-09-14');
    const toEnd = await t.gql(UPDATE, { input: { id: c.planId, expectedVersion: await version(), periodEnd: '2027-01-14' } }, anna);
    expect(toEnd.errors).toBeUndefined();
    const notToEnd = await t.gql(UPDATE, { input: { id: c.planId, expectedVersion: await version(), periodEnd: '2027-01-13' } }, anna);
    expect(notToEnd.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PLAN_PERIOD_TOO_SHORT' });
    // Nor past it: the plan is the programme's.
    const past = await t.gql(UPDATE, { input: { id: c.planId, expectedVersion: await version(), periodEnd: '2027-01-15' } }, anna);
    expect(past.errors?.[0]).toMatchObject({ message: 'Planperioden kan ikke slutte efter forløbet (14. januar 2027).', extensions: { code: 'BAD_USER_INPUT', field: 'periodEnd' } });
  });
});

describe('rule 4: programme length by law version, inclusive end dates (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; lov nr. 1160 af 8. juni 2021)', () => {
  it('2013 rules: start + 5 years − 1 day is allowed, start + 5 years is flagged', async () => {
    const ok = await insertCase(t.db.dataSource, { start: '2021-01-15', end: '2026-01-14' });
    const long = await insertCase(t.db.dataSource, { start: '2021-01-15', end: '2026-01-15' });
    expect(await severities(ok, 'PROGRAMME_LENGTH', ['2021-02-01'])).toEqual([null]);
    expect(await warnings(long, '2021-02-01', 'PROGRAMME_LENGTH')).toEqual([expect.objectContaining({ severity: 'WARNING', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' })]);
  });

  it('2022 rules: start + 3 years − 1 day is allowed, start + 3 years is flagged', async () => {
    const ok = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    const long = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-15' });
    expect(await severities(ok, 'PROGRAMME_LENGTH', ['2025-02-01'])).toEqual([null]);
    expect(await severities(long, 'PROGRAMME_LENGTH', ['2025-02-01'])).toEqual(['WARNING']);
  });
});

describe('rule 5: decision on what follows, before the end (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5)', () => {
  it('ending under the 2022 rules (the team may be needed): WARNING from 3 months before the end through the last day, OVERDUE after', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2023-01-15', end: '2025-10-14' });
    expect(await severities(c, 'NEXT_STEP_DECISION', ['2025-07-13', '2025-07-14', '2025-10-14', '2025-10-15'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect((await warnings(c, '2025-10-15', 'NEXT_STEP_DECISION'))[0]).toMatchObject({ dueDate: '2025-10-14', source: 'LAB §113, stk. 4; STAR’s vejledning om ressourceforløb 2020, afsnit 6.5' });
  });

  it('ending after the reform (no team): WARNING from 1 month before; the jobcenter coordinator decides, which clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2027-01-14' });
    expect(await severities(c, 'NEXT_STEP_DECISION', ['2026-12-13', '2026-12-14', '2027-01-14', '2027-01-15'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);

    const DECIDE = `mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id nextStep { step stepLabel status decidedOn version decidedBy { name } } warnings { rule } } }`;
    const refused = await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB' } }, dorte);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(refused));
    // No new ressourceforløb can be decided after 1 February 2026.
    const abolished = await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'NEW_PROGRAMME' } }, anna);
    expect(abolished.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'NEXT_STEP_NOT_AVAILABLE', source: 'lov nr. 1750 af 29. december 2025' });
    const done = await t.gql<{ decideNextStep: { nextStep: { step: string; decidedOn: string; version: number }; warnings: W[] } }>(
      DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB', note: 'Visiteret til fleksjob' } }, anna);
    expect(done.errors).toBeUndefined();
    expect(done.data!.decideNextStep.nextStep).toMatchObject({ step: 'FLEXJOB', stepLabel: 'Fleksjob', status: 'DECIDED', decidedOn: '2027-01-15', version: 1, decidedBy: { name: 'Anna Holm' } });
    expect(done.data!.decideNextStep.warnings.map((w) => w.rule)).not.toContain('NEXT_STEP_DECISION');
    // Changing it needs the version read; a stale one conflicts.
    expect(codeOf(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'FOERTIDSPENSION' } }, anna))).toBe('CONFLICT');
    const changed = await t.gql<{ decideNextStep: { nextStep: { version: number } } }>(DECIDE, { input: { programmeId: c.programmeId, step: 'FOERTIDSPENSION', expectedVersion: 1 } }, anna);
    expect(changed.data!.decideNextStep.nextStep.version).toBe(2);
    expect(codeOf(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'OTHER', expectedVersion: 1 } }, anna))).toBe('CONFLICT');
    const [event] = await t.db.dataSource.query(`SELECT kind, summary FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event).toEqual({ kind: 'PROGRAMME_UPDATED', summary: 'Anna Holm (Jobcenter) besluttede indsatsen efter forløbet: Førtidspension' });
  });
});

describe('rule 6: a mentor grant ending (STAR’s vejledning om ressourceforløb 2020, afsnit 7)', () => {
  it('WARNING from 14 days before the end through the last day; a renewal clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const grant = async (start: string, end: string, previous: string | null = null) => {
      const [row] = await t.db.dataSource.query(
        `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date, previous_grant_id)
         SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', $4, $5, $6 FROM app_user u WHERE u.username = 'mikkel' RETURNING id`,
        [c.municipalityId, c.programmeId, c.planId, start, end, previous]);
      return row.id as string;
    };
    const first = await grant('2025-02-01', '2025-07-31');
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-16', '2025-07-17', '2025-07-31', '2025-08-01'])).toEqual([null, 'WARNING', 'WARNING', null]);
    expect((await warnings(c, '2025-07-20', 'MENTOR_GRANT_ENDING'))[0]).toMatchObject({ dueDate: '2025-07-31', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 7', subjectId: first });
    const renewal = await grant('2025-08-01', '2026-01-31', first);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual([null]);
    // The renewal called off before it began (the wrong mentor was picked) continues nothing: the warning is back.
    await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = start_date - 1, ended_early = true WHERE id = $1`, [renewal]);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual(['WARNING']);
  });

  it('a later grant that leaves a gap, or ends first, does not continue the grant; one from the day after its end does', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const grant = async (start: string, end: string) => {
      const [row] = await t.db.dataSource.query(
        `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date)
         SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', $4, $5 FROM app_user u WHERE u.username = 'mikkel' RETURNING id`,
        [c.municipalityId, c.programmeId, c.planId, start, end]);
      return row.id as string;
    };
    await grant('2025-02-01', '2025-07-31');
    // Support in the spring after a gap of four months: the mentor support still lapses on 31 July.
    await grant('2025-12-01', '2026-05-31');
    // A short grant within this one (a workplace mentor for the internship's first weeks) ends first.
    await grant('2025-03-01', '2025-04-30');
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual(['WARNING']);
    await grant('2025-08-01', '2026-01-31');
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual([null]);
  });

  /** Mentor grants written straight into a case (the API's own checks are tested in mentor.test.ts): by mentor, period and the grant it continues. */
  const grantsOn = (c: { municipalityId: string; programmeId: string; planId: string }) => async (mentor: string, start: string, end: string, previous: string | null = null) => {
    const [row] = await t.db.dataSource.query(
      `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date, previous_grant_id)
       SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', $4, $5, $6 FROM app_user u WHERE u.username = $7 RETURNING id`,
      [c.municipalityId, c.programmeId, c.planId, start, end, previous, mentor]);
    return row.id as string;
  };
  /** A second mentor of Faaborg-Midtfyn, Mette, beside Mikkel. */
  const secondMentor = () => t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at)
    SELECT municipality_id, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now() FROM app_user WHERE username = 'mikkel' AND NOT EXISTS (SELECT 1 FROM app_user WHERE username = 'mette')`);

  it("a grant that runs to the forløb's last day has no warning: no new period can follow it, and the forløb's own next step is warned about", async () => {
    const c = await insertCase(t.db.dataSource, { start: '2024-08-01', end: '2025-07-31' });
    const toTheEnd = await grantsOn(c)('mikkel', '2025-02-01', '2025-07-31');
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-17', '2025-07-31'])).toEqual([null, null]);
    expect((await warnings(c, '2025-07-20')).map((w) => w.rule)).toContain('NEXT_STEP_DECISION');
    // A day short of the forløb's end, a new period could still follow: the warning stands.
    await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = '2025-07-30' WHERE id = $1`, [toTheEnd]);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual(['WARNING']);
  });

  it("another mentor's grant begun while it runs stands beside it: the support still lapses, unless that grant is linked as taking it over", async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const grant = grantsOn(c);
    await secondMentor();
    const social = await grant('mikkel', '2025-02-01', '2025-07-31');
    // A workplace mentor from May, for the internship, running past the social mentor's grant.
    const workplace = await grant('mette', '2025-05-01', '2025-10-31');
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual(['WARNING']);
    // Said to take the social mentor's support over: it continues it.
    await t.db.dataSource.query(`UPDATE mentor_grant SET previous_grant_id = $2 WHERE id = $1`, [workplace, social]);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual([null]);
  });

  it('a grant linked as its next period continues it only when it begins by the day after it ends: one begun after a gap leaves the support to lapse', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const grant = grantsOn(c);
    await secondMentor();
    const first = await grant('mikkel', '2025-02-01', '2025-07-31');
    // "Bevilg ny periode" with the same mentor again from 1 October, linked to the grant: no support from 1 August to 30 September.
    await grant('mikkel', '2025-10-01', '2026-03-31', first);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20', '2025-07-31'])).toEqual(['WARNING', 'WARNING']);
    expect((await warnings(c, '2025-07-20', 'MENTOR_GRANT_ENDING'))[0]).toMatchObject({ dueDate: '2025-07-31', subjectId: first });
    // Another mentor said to take over, from 1 September: still a month without support.
    const takeover = await grant('mette', '2025-09-01', '2026-02-28', first);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual(['WARNING']);
    // Taking over from the day after the last day, it continues the support, which does not lapse.
    await t.db.dataSource.query(`UPDATE mentor_grant SET start_date = '2025-08-01', end_date = '2026-01-31' WHERE id = $1`, [takeover]);
    expect(await severities(c, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual([null]);
  });
});

describe('rule 8: an internship states its purpose (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2)', () => {
  it('WARNING before it starts, OVERDUE from its first day; a purpose or a cancellation clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const id = await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: '2025-03-01', title: 'Praktik i kantine', details: { hoursPerWeek: 3 } });
    expect(await severities(c, 'INTERNSHIP_PURPOSE', ['2025-02-28', '2025-03-01', '2025-03-02'])).toEqual(['WARNING', 'OVERDUE', 'OVERDUE']);
    const [w] = await warnings(c, '2025-02-28', 'INTERNSHIP_PURPOSE');
    expect(w).toMatchObject({ subjectId: id, dueDate: '2025-03-01', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.2' });
    expect(w.message).toContain('Praktik i kantine');
    await t.db.dataSource.query(`UPDATE intervention SET details = details || '{"internshipPurpose":"SKILLS"}' WHERE id = $1`, [id]);
    expect(await severities(c, 'INTERNSHIP_PURPOSE', ['2025-03-02'])).toEqual([null]);
    await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'CANCELLED', start: '2025-03-01', title: 'Aflyst praktik' });
    await insertIntervention(t.db.dataSource, c, { kind: 'WAGE_SUBSIDY', status: 'ACTIVE', start: '2025-03-01', title: 'Løntilskud' });
    expect(await severities(c, 'INTERNSHIP_PURPOSE', ['2025-03-02'])).toEqual([null]);
  });
});

describe('the samtale with the sundhedskoordinator (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2)', () => {
  it('an employment offer without the written guidance is warned about; recording the day (not ahead of today) clears it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    expect(await severities(c, 'HEALTH_TALK_GUIDANCE', ['2025-02-01'])).toEqual([null]);
    await insertIntervention(t.db.dataSource, c, { kind: 'COURSE', status: 'PLANNED', start: '2025-03-01', title: 'Truckcertifikat' });
    expect(await severities(c, 'HEALTH_TALK_GUIDANCE', ['2025-02-01'])).toEqual(['WARNING']);
    setDay('2025-02-10');
    const read = await t.gql<{ programme: { version: number } }>(`query($id: ID!) { programme(id: $id) { version } }`, { id: c.programmeId }, anna);
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { healthTalkGuidedOn warnings { rule } } }`;
    const ahead = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, healthTalkGuidedOn: '2025-02-11' } }, anna);
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'healthTalkGuidedOn' });
    const done = await t.gql<{ updateProgramme: { healthTalkGuidedOn: string; warnings: W[] } }>(UPDATE,
      { input: { id: c.programmeId, expectedVersion: read.data!.programme.version, healthTalkGuidedOn: '2025-02-10' } }, anna);
    expect(done.errors).toBeUndefined();
    expect(done.data!.updateProgramme.healthTalkGuidedOn).toBe('2025-02-10');
    expect(done.data!.updateProgramme.warnings.map((x) => x.rule)).not.toContain('HEALTH_TALK_GUIDANCE');
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event.summary).toMatch(/registrerede vejledningen om samtale med sundhedskoordinator$/);
  });
});

describe('the advice fits the reader: who can act is told what to do, the rest of the team who does it', () => {
  it('the jobcenter coordinator and a health caseworker on the team read the same warnings, each advised as fits them, on the plan and in Mine sager', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', periodEnd: '2025-07-31', name: 'Eva Rådgivning' });
    await t.db.dataSource.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, unit_id, municipality_id FROM app_user WHERE username = 'carla'`, [c.planId]);
    await t.db.dataSource.query(
      `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date)
       SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', '2025-02-01', '2025-07-31' FROM app_user u WHERE u.username = 'mikkel'`,
      [c.municipalityId, c.programmeId, c.planId]);
    await insertIntervention(t.db.dataSource, c, { kind: 'PHYSIOTHERAPY', unit: 'HEALTH', status: 'ACTIVE', start: '2025-02-01', end: '2025-07-15', title: 'Træning' });
    setDay('2025-07-20');
    const read = async (token: string) => {
      const res = await t.gql<{ programme: { warnings: W[] } }>(QUERY, { id: c.programmeId }, token);
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(res.data!.programme.warnings.map((w) => [w.rule, w.message]));
    };
    const [asAnna, asCarla] = [await read(anna), await read(carla)];
    // Whose advice it is, for the severity's label: the client says "Handl nu" only to those who can act.
    const forReader = async (token: string) => {
      const res = await t.gql<{ programme: { warnings: Array<{ rule: string; forReader: boolean }> } }>(`query($id: ID!) { programme(id: $id) { warnings { rule forReader } } }`, { id: c.programmeId }, token);
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(res.data!.programme.warnings.map((w) => [w.rule, w.forReader]));
    };
    expect(await forReader(anna)).toMatchObject({ MENTOR_GRANT_ENDING: true, PLAN_PERIOD: true, INTERVENTION_PAST_END: false });
    expect(await forReader(carla)).toMatchObject({ MENTOR_GRANT_ENDING: false, PLAN_PERIOD: false, INTERVENTION_PAST_END: true });
    // Mentor support is granted by the jobcenter (a decision under the employment legislation).
    expect(asAnna.MENTOR_GRANT_ENDING).toBe('Mentorstøtten udløber 31. juli 2025. Vurdér, om der skal bevilges en ny periode (op til 6 måneder) med opdaterede mål.');
    expect(asCarla.MENTOR_GRANT_ENDING).toBe('Mentorstøtten udløber 31. juli 2025. Jobcenteret vurderer, om der skal bevilges en ny periode (op til 6 måneder) med opdaterede mål.');
    // The plan period is the coordinator's.
    expect(asAnna.PLAN_PERIOD).toBe('Planperioden slutter 31. juli 2025. Fastlæg indsatsen for mindst 6 måneder frem eller til forløbets slutning, og forlæng planperioden senest da.');
    expect(asCarla.PLAN_PERIOD).toBe('Planperioden slutter 31. juli 2025. Den koordinerende sagsbehandler fastlægger indsatsen for mindst 6 måneder frem eller til forløbets slutning og forlænger planperioden senest da.');
    // The health intervention is the health unit's to end.
    expect(asCarla.INTERVENTION_PAST_END).toBe('Indsatsen »Træning« står stadig som aktiv, men sluttede 15. juli 2025. Afslut den, eller ret slutdatoen.');
    expect(asAnna.INTERVENTION_PAST_END).toBe('Indsatsen »Træning« står stadig som aktiv, men sluttede 15. juli 2025. Den enhed, der ejer indsatsen, afslutter den eller retter slutdatoen.');
    // Mine sager says the same as the plan.
    const caseload = await t.gql<{ myCaseload: Array<{ programme: { id: string; warnings: W[] } }> }>(`{ myCaseload { programme { id warnings { rule message } } } }`, {}, carla);
    const row = caseload.data!.myCaseload.find((p) => p.programme.id === c.programmeId)!;
    expect(row.programme.warnings.find((w) => w.rule === 'MENTOR_GRANT_ENDING')?.message).toBe(asCarla.MENTOR_GRANT_ENDING);
  });
});

describe('the warning list', () => {
  it('is ordered most severe first, then by due date; warningLevel is the top severity; an ended programme has none', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', teamMeeting: '2025-01-10' });
    setDay('2025-07-15');
    const res = await t.gql<{ programme: { warningLevel: string; warnings: W[] } }>(QUERY, { id: c.programmeId }, anna);
    const list = res.data!.programme.warnings;
    expect(list.map((w) => w.severity)).toEqual([...list.map((w) => w.severity)].sort((a, b) => ['OVERDUE', 'WARNING', 'INFO'].indexOf(a) - ['OVERDUE', 'WARNING', 'INFO'].indexOf(b)));
    expect(list.map((w) => w.rule)).toEqual(expect.arrayContaining(['INTERVENTION_GUARANTEE', 'FIRST_FOLLOW_UP', 'FOLLOW_UP_COUNT']));
    expect(res.data!.programme.warningLevel).toBe('OVERDUE');
    for (const w of list) expect(w.source).not.toMatch(/^00\d/);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'MOVED', end_date = '2025-07-01' WHERE id = $1`, [c.programmeId]);
    expect(await warnings(c, '2025-07-15')).toEqual([]);
  });

  it('costs the same number of statements for a caseload of any size (no N+1)', async () => {
    const CASELOAD = `{ myCaseload { id programme { id warningLevel warnings { rule severity dueDate } nextStep { step } } } }`;
    setDay('2025-07-15');
    // The counter also sees the live feed's once-a-second poll: the least of three reads is the request's own.
    const measure = async () => {
      let least = Infinity;
      let plans = 0;
      for (let i = 0; i < 3; i++) {
        statements = 0;
        const res = await t.gql<{ myCaseload: unknown[] }>(CASELOAD, {}, anna);
        expect(res.errors).toBeUndefined();
        least = Math.min(least, statements);
        plans = res.data!.myCaseload.length;
      }
      return { n: least, plans };
    };
    const before = await measure();
    for (let i = 0; i < 6; i++) await insertCase(t.db.dataSource, { start: '2025-01-15', name: `Ekstra ${i}` });
    const after = await measure();
    expect(after.plans).toBe(before.plans + 6);
    expect(after.n).toBe(before.n);
  });
});

describe('WARNINGS_CHANGED: the sweep', () => {
  it('reports a programme once when its warning set changes, not on every run', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    const run = async (day: string) => {
      setDay(day);
      const seen: string[] = [];
      await sweepWarnings(t.db.dataSource, clock, async (changes) => void seen.push(...changes.map((x) => x.programmeId)));
      return seen.includes(c.programmeId);
    };
    expect(await run('2025-03-01')).toBe(true); // first recording, with warnings
    expect(await run('2025-03-01')).toBe(false); // nothing changed
    expect(await run('2025-03-02')).toBe(true); // the booked meeting day went by
    expect(await run('2025-03-03')).toBe(false);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', end_date = '2025-03-03' WHERE id = $1`, [c.programmeId]);
    expect(await run('2025-03-03')).toBe(true); // ended: its warnings are gone
  });
});

describe('sets recorded before the fingerprint was taken of the warnings\' facts', () => {
  /** The fingerprint as it was recorded then: of each warning's Danish message. */
  const recordedThen = (warnings: Warning[]) =>
    createHash('sha256').update(warnings.map((w) => `${w.rule}|${w.severity}|${w.dueDate ?? ''}|${w.subjectId ?? ''}|${w.message}`).join('\n')).digest('hex');
  const state = async (c: CaseIds) => (await t.db.dataSource.query(`SELECT fingerprint FROM programme_warning_state WHERE programme_id = $1`, [c.programmeId]))[0].fingerprint as string;
  const eventCount = async (c: CaseIds) => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_event WHERE plan_id = $1 AND kind = 'WARNINGS_CHANGED'`, [c.planId]))[0].n as number;
  /** As the release before recorded the programme's warnings of `day`. */
  const recordAsThen = async (c: CaseIds, day: string) => {
    const warnings = (await computeWarnings(t.db.dataSource, [c.programmeId], day)).get(c.programmeId)!;
    await t.db.dataSource.query(`UPDATE programme_warning_state SET fingerprint = $2 WHERE programme_id = $1`, [c.programmeId, recordedThen(warnings)]);
    return warnings;
  };
  const sweep = async (day: string) => {
    setDay(day);
    const seen: string[] = [];
    await sweepWarnings(t.db.dataSource, clock, async (changes, m) => {
      seen.push(...changes.map((x) => x.programmeId));
      await appendSweepEvents(changes, m);
    });
    return seen;
  };

  it('are recorded again in the new form without a WARNINGS_CHANGED when the warnings are the same, also for an ended forløb without warnings', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: '2025-03-10', title: 'Praktik i kantine' });
    await sweep('2025-03-01');
    const events = await eventCount(c);
    expect(events).toBe(1);
    const warnings = await recordAsThen(c, '2025-03-01');
    expect(warnings.length).toBeGreaterThan(0);

    // The first sweep after the release: the same warnings, so nothing to tell the caseload.
    expect(await sweep('2025-03-01')).not.toContain(c.programmeId);
    expect(await eventCount(c)).toBe(events);
    const upgraded = await state(c);
    expect(upgraded).not.toBe(recordedThen(warnings));
    // Upgraded once: the next sweep finds the new form and writes nothing.
    expect(await sweep('2025-03-01')).not.toContain(c.programmeId);
    expect(await state(c)).toBe(upgraded);

    // A forløb that ended with no warnings recorded then has none now either.
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', end_date = '2025-03-01' WHERE id = $1`, [c.programmeId]);
    expect(await sweep('2025-03-02')).toContain(c.programmeId); // its warnings went with it
    expect(await eventCount(c)).toBe(events + 1);
    await t.db.dataSource.query(`UPDATE programme_warning_state SET fingerprint = $2 WHERE programme_id = $1`, [c.programmeId, recordedThen([])]);
    expect(await sweep('2025-03-03')).not.toContain(c.programmeId);
    expect(await eventCount(c)).toBe(events + 1);
  });

  it('are a change, with its WARNINGS_CHANGED, when the warnings are not the same, and are recorded in the new form', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    await sweep('2025-03-01');
    const events = await eventCount(c);
    await recordAsThen(c, '2025-03-01');
    // The next day the agreed samtale has gone by unrecorded (NEXT_MEETING): a real change.
    expect(await sweep('2025-03-02')).toContain(c.programmeId);
    expect(await eventCount(c)).toBe(events + 1);
    const now = (await computeWarnings(t.db.dataSource, [c.programmeId], '2025-03-02')).get(c.programmeId)!;
    expect(now.map((w) => w.rule)).toContain('NEXT_MEETING');
    expect(await state(c)).not.toBe(recordedThen(now));
    expect(await sweep('2025-03-02')).not.toContain(c.programmeId);
  });
});

describe('the records a recorded set is about (migration 32)', () => {
  it('are filled in by the sweep for a set recorded before they were kept, as no change and without an event', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const internship = await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: '2025-03-01', title: 'Praktik i vaskeri' });
    setDay('2025-02-20');
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    const state = async () => (await t.db.dataSource.query(`SELECT fingerprint, subject_ids, updated_at FROM programme_warning_state WHERE programme_id = $1`, [c.programmeId]))[0];
    const recorded = await state();
    expect(recorded.subject_ids).toEqual([internship]);
    const eventCount = async () => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_event WHERE plan_id = $1`, [c.planId]))[0].n as number;
    const events = await eventCount();
    // As a set recorded before migration 32 is.
    await t.db.dataSource.query(`UPDATE programme_warning_state SET subject_ids = NULL WHERE programme_id = $1`, [c.programmeId]);
    const seen: string[] = [];
    await sweepWarnings(t.db.dataSource, clock, async (changes, m) => {
      seen.push(...changes.map((x) => x.programmeId));
      await appendSweepEvents(changes, m);
    });
    expect(seen).not.toContain(c.programmeId);
    expect(await state()).toEqual(recorded);
    expect(await eventCount()).toBe(events);
  });
});

describe('WARNINGS_CHANGED: the daily sweep job', () => {
  it('sweeps once per Danish calendar day, and again when the day changes', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-04-01');
    const seen: string[][] = [];
    const logger = { info: () => undefined, error: () => undefined } as never;
    const job = startWarningSweep({ dataSource: t.db.dataSource, clock, logger }, async (changes) => void seen.push(changes.map((x) => x.programmeId)), { everyMs: 3_600_000 });
    try {
      setDay('2025-04-01');
      await job.runNow();
      const first = seen.length;
      await job.runNow(); // same day: nothing to do
      expect(seen.length).toBe(first);
      setDay('2025-04-02'); // the booked meeting day went by
      await job.runNow();
      expect(seen.slice(first).flat()).toContain(c.programmeId);
    } finally {
      await job.stop();
    }
  });
});

describe('the nightly sweep and a change at the same time', () => {
  it('the sweep waits for a change under way to its programme and records the warnings of the facts after it, not before', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    // A wage subsidy, an employment offer: HEALTH_TALK_GUIDANCE names it until the guidance is recorded.
    const subsidy = await insertIntervention(t.db.dataSource, c, { kind: 'WAGE_SUBSIDY', status: 'ACTIVE', start: '2025-02-01', title: 'Løntilskud' });
    setDay('2025-02-20');
    // The change has locked the programme (as every plan change does first) and recorded the guidance, not yet committed.
    const change = t.db.dataSource.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    await change.query(`SELECT id FROM programme WHERE id = $1 FOR NO KEY UPDATE`, [c.programmeId]);
    await change.query(`UPDATE programme SET health_talk_guided_on = '2025-02-19' WHERE id = $1`, [c.programmeId]);
    const sweep = sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    await untilWaitingForLock(t, sweep);
    await change.commitTransaction();
    await change.release();
    await sweep;
    const [state] = await t.db.dataSource.query(`SELECT subject_ids FROM programme_warning_state WHERE programme_id = $1`, [c.programmeId]);
    expect(state.subject_ids).not.toContain(subsidy);
  });
});

describe('WARNINGS_CHANGED: events', () => {
  const events = (planId: string) =>
    t.db.dataSource.query(`SELECT kind, summary, actor_id, xmin::text AS tx FROM plan_event WHERE plan_id = $1 ORDER BY seq`, [planId]) as Promise<
      Array<{ kind: string; summary: string; actor_id: string | null; tx: string }>
    >;

  it('the sweep appends one (no actor) when a day makes a deadline pass; the write that fixes it appends one in its own transaction', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-05-01' });
    setDay('2025-05-12'); // 11 days in, no samtale booked: the count of samtaler is at risk (rule 2)
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    const swept = await events(c.planId);
    expect(swept).toHaveLength(1);
    expect(swept[0]).toMatchObject({ kind: 'WARNINGS_CHANGED', actor_id: null });
    expect(swept[0].summary).toMatch(/^Advarsler på forløbet: \d+ advarsler?(, heraf \d+ overskredet)?$/);

    // A second sweep the same day changes nothing and says nothing.
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    expect(await events(c.planId)).toHaveLength(1);

    const before = await warnings(c, '2025-05-12');
    const res = await t.gql(
      `mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`,
      { input: { planId: c.planId, heldAt: '2025-05-12T10:00:00+02:00', mode: 'IN_PERSON', participants: ['Borgeren'], summary: 'Første samtale', nextMeetingAt: '2025-06-02T10:00:00+02:00' } },
      anna,
    );
    expect(res.errors).toBeUndefined();
    const after = await events(c.planId);
    expect(after.map((e) => e.kind)).toEqual(['WARNINGS_CHANGED', 'FOLLOW_UP_RECORDED', 'WARNINGS_CHANGED']);
    // Same transaction as the meeting, by the person who recorded it.
    expect(after[2].tx).toBe(after[1].tx);
    expect(after[2].actor_id).not.toBeNull();
    const now = await warnings(c, '2025-05-12');
    expect(now.length).toBeLessThan(before.length);
    expect(now.map((w) => w.rule)).not.toContain('NEXT_MEETING');
  });

  it('an intervention begun (a one-statement change) clears the guarantee in the same transaction, its WARNINGS_CHANGED after the change', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    const course = await insertIntervention(t.db.dataSource, c, { kind: 'COURSE', status: 'PLANNED', start: '2025-02-01' });
    setDay('2025-03-01');
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    expect((await warnings(c, '2025-03-01')).map((w) => w.rule)).toContain('INTERVENTION_GUARANTEE');
    const res = await t.gql(
      `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { status } }`,
      { input: { id: course, expectedVersion: 1, status: 'ACTIVE' } },
      anna,
    );
    expect(res.errors).toBeUndefined();
    const after = await events(c.planId);
    expect(after.map((e) => e.kind)).toEqual(['WARNINGS_CHANGED', 'INTERVENTION_STATUS_CHANGED', 'WARNINGS_CHANGED']);
    expect(after[2].tx).toBe(after[1].tx);
    expect((await warnings(c, '2025-03-01')).map((w) => w.rule)).not.toContain('INTERVENTION_GUARANTEE');
  });

  it('renaming an intervention a warning is about re-records the set, with the new name in its message; renaming one no warning is about appends no WARNINGS_CHANGED', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    // The citizen was told of the samtale with the sundhedskoordinator: that warning, which names the first offer, is not in play.
    await t.db.dataSource.query(`UPDATE programme SET health_talk_guided_on = '2025-01-15' WHERE id = $1`, [c.programmeId]);
    // An internship without a purpose: rule 8 warns about it, by name. The wage subsidy has no warning of its own.
    const internship = await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: '2025-03-01', title: 'Praktik i kantine' });
    const subsidy = await insertIntervention(t.db.dataSource, c, { kind: 'WAGE_SUBSIDY', status: 'ACTIVE', start: '2025-02-01', title: 'Løntilskud' });
    setDay('2025-02-20');
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    const state = async () => (await t.db.dataSource.query(`SELECT fingerprint, subject_ids FROM programme_warning_state WHERE programme_id = $1`, [c.programmeId]))[0];
    const recorded = await state();
    expect(recorded.subject_ids).toEqual([internship]);
    const rename = async (id: string, title: string) => {
      const res = await t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { title } }`, { input: { id, expectedVersion: 1, title } }, anna);
      expect(res.errors).toBeUndefined();
    };

    await rename(internship, 'Praktik i kantinen');
    const after = await events(c.planId);
    expect(after.map((e) => e.kind)).toEqual(['WARNINGS_CHANGED', 'INTERVENTION_UPDATED', 'WARNINGS_CHANGED']);
    expect(after[2].tx).toBe(after[1].tx);
    expect((await warnings(c, '2025-02-20', 'INTERNSHIP_PURPOSE'))[0].message).toContain('»Praktik i kantinen«');
    const rerecorded = await state();
    expect(rerecorded.fingerprint).not.toBe(recorded.fingerprint);
    expect(rerecorded.subject_ids).toEqual([internship]);

    await rename(subsidy, 'Løntilskud hos bageren');
    expect((await events(c.planId)).map((e) => e.kind)).toEqual(['WARNINGS_CHANGED', 'INTERVENTION_UPDATED', 'WARNINGS_CHANGED', 'INTERVENTION_UPDATED']);
    expect(await state()).toEqual(rerecorded);
  });

  it('the facts for a renamed intervention are computed only when the recorded set may be about it', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15' });
    await t.db.dataSource.query(`UPDATE programme SET health_talk_guided_on = '2025-01-15' WHERE id = $1`, [c.programmeId]);
    const internship = await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: '2025-03-01', title: 'Praktik på lager' });
    const subsidy = await insertIntervention(t.db.dataSource, c, { kind: 'WAGE_SUBSIDY', status: 'ACTIVE', start: '2025-02-01', title: 'Løntilskud' });
    // Calls of the facts function in this session's transaction (track_functions, PostgreSQL's own count).
    const session = t.db.dataSource.createQueryRunner();
    await session.query(`SET track_functions = 'all'`);
    await session.startTransaction();
    const calls = async () => (await session.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_xact_user_functions WHERE funcname = 'programme_warning_facts'`))[0].n as number;
    const facts = async (subject: string) => {
      const before = await calls();
      const found = await loadFactsIfNamed(session, c.programmeId, subject);
      return { found: found.has(c.programmeId), computed: (await calls()) - before };
    };
    try {
      // No recorded set yet: the facts.
      expect(await facts(subsidy)).toEqual({ found: true, computed: 1 });
      setDay('2025-02-20');
      await session.commitTransaction();
      await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
      await session.startTransaction();
      // The set names the internship: the facts for it, not for the subsidy (not even computed).
      expect(await facts(internship)).toEqual({ found: true, computed: 1 });
      expect(await facts(subsidy)).toEqual({ found: false, computed: 0 });
      // A set recorded before its subjects were (NULL): the facts, whatever the record.
      await session.query(`UPDATE programme_warning_state SET subject_ids = NULL WHERE programme_id = $1`, [c.programmeId]);
      expect(await facts(subsidy)).toEqual({ found: true, computed: 1 });
    } finally {
      await session.rollbackTransaction().catch(() => undefined);
      await session.release();
    }
  });

  it('a write that leaves the warnings as they were appends no WARNINGS_CHANGED', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-05-01' });
    setDay('2025-05-12');
    await sweepWarnings(t.db.dataSource, clock, appendSweepEvents);
    const res = await t.gql(
      `mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`,
      { input: { planId: c.planId, area: 'EMPLOYMENT', text: 'Møde til tiden', reason: 'Stabilitet' } },
      anna,
    );
    expect(res.errors).toBeUndefined();
    expect((await events(c.planId)).map((e) => e.kind)).toEqual(['WARNINGS_CHANGED', 'SUBGOAL_CREATED']);
  });
});

describe('changes that cannot change a warning', () => {
  it('are changes of records whose tables the warning facts do not read', async () => {
    const [{ def }] = await t.db.dataSource.query(`SELECT pg_get_functiondef('programme_warning_facts(uuid[])'::regprocedure) AS def`);
    const reads = (table: string) => new RegExp(`\\b${table}\\b`).test(def);
    // What the facts do read, found as a table by the same test.
    expect(['intervention', 'follow_up_meeting', 'mentor_grant'].filter(reads)).toHaveLength(3);
    const tables = Object.values(RECORDS_WITHOUT_WARNINGS).flat();
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter(reads)).toEqual([]);
  });

  it('are updates of an intervention that set none of the columns the warning facts read from it', async () => {
    const [{ def }] = await t.db.dataSource.query(`SELECT pg_get_functiondef('programme_warning_facts(uuid[])'::regprocedure) AS def`);
    // The facts read interventions under the alias i, and no other table goes by it.
    expect(def.match(/\bFROM\s+\w+\s+i\b/g)).toEqual(['FROM intervention i']);
    const used = [...new Set([...def.matchAll(/\bi\.(\w+)/g)].map((m: RegExpMatchArray) => m[1]))];
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((c) => !COLUMNS_WARNINGS_READ.INTERVENTION.includes(c))).toEqual([]);
  });
});
