import { addDays, formatDanishDate, localDate } from '@samplan/schema';
import { codeOf, count, planIdOf, summariesReadBy, untilWaitingForLock } from '../../test-support/fixtures';
import { insertCase } from '../rules/rules-fixtures';
import { mentorView } from './mentor-events';
import { MENTOR_ALLOW } from './mentor.allow-list';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/** The clock is injected so that grant periods can be crossed (STAR’s vejledning om ressourceforløb 2020, afsnit 7: at most 6 months). */
let now = new Date();
const clock = { now: () => now };
const day = (offsetDays: number, from = new Date()) => new Date(from.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  const [svb] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'otto'`);
  await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now()), ($2, 'sven', 'sven', 'Sven Mentor', 'MENTOR', now())`, [fmk.municipality_id, svb.municipality_id]);
  for (const u of ['anna', 'bent', 'mikkel', 'mette', 'sven']) tokens[u] = await t.login(u);
});
afterEach(() => { now = new Date(); });
afterAll(() => t.stop());

const CASES = `{ myMentorCases { grant { id purpose goals startDate endDate version } citizen { name phone address } employmentGoal
  subGoals { area text } sharedActivities { title dueAt status } sharedMeetings { nextMeetingAt mode } tasks { title minutes } } }`;
type Cases = { myMentorCases: Array<{ grant: { id: string; goals: string[]; startDate: string; endDate: string; version: number }; citizen: { name: string }; subGoals: unknown[]; sharedActivities: Array<{ title: string }>; sharedMeetings: unknown[]; tasks: Array<{ title: string }> }> };

async function evaGrant(): Promise<{ id: string; startDate: string; endDate: string; version: number }> {
  const [g] = await t.db.dataSource.query(`SELECT id, start_date AS "startDate", end_date AS "endDate", version FROM mentor_grant ORDER BY created_at LIMIT 1`);
  return g;
}

describe('what a mentor sees', () => {
  it('only citizens with an active grant of theirs, with just the facts the task needs', async () => {
    const res = await t.gql<Cases>(CASES, {}, tokens.mikkel);
    expect(res.errors).toBeUndefined();
    expect(res.data!.myMentorCases).toHaveLength(1);
    const c = res.data!.myMentorCases[0];
    expect(c.citizen.name).toBe('Eva Jensen');
    expect(c.grant.goals[0]).toBe('Komme op om morgenen og møde i kantinen');
    expect(c.subGoals).toHaveLength(1);
    expect(c.sharedActivities.map((a) => a.title).sort()).toEqual(['Samtale med arbejdsgiver om løntimer', 'Øg til 2 dage om ugen']);
    expect(c.sharedMeetings).toHaveLength(1);
    expect(c.tasks.map((x) => x.title)).toEqual(['Morgenbesøg før arbejdet']);
    expect((await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases).toEqual([]);
  });

  it('never the plan, its interventions or another mentor\'s citizen (NOT_FOUND)', async () => {
    const eva = await planIdOf(t, 'Eva');
    expect(codeOf(await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: eva }, tokens.mikkel))).toBe('NOT_FOUND');
    const [ivn] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id = $1 LIMIT 1`, [eva]);
    expect(codeOf(await t.gql(`query($id: ID!) { intervention(id: $id) { id notes } }`, { id: ivn.id }, tokens.mikkel))).toBe('NOT_FOUND');
    const grant = await evaGrant();
    for (const other of ['mette', 'sven']) {
      expect(codeOf(await t.gql(`query($g: ID!) { mentorCase(grantId: $g) { citizen { name } } }`, { g: grant.id }, tokens[other]))).toBe('NOT_FOUND');
    }
    expect(codeOf(await t.gql(`{ myCaseload { id } }`, {}, tokens.mikkel))).toBeUndefined();
    expect((await t.gql<{ myCaseload: unknown[] }>(`{ myCaseload { id } }`, {}, tokens.mikkel)).data?.myCaseload).toEqual([]);
  });

  it('a field off the allow-list answers FORBIDDEN and is in the access log once, however often it was asked for', async () => {
    const before = await count(t, `SELECT a.id FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'mikkel' AND a.action = 'READ_FIELD'`);
    const res = await t.gql<{ me: { name: string; phone: string | null } }>(`{ me { name phone again: phone } }`, {}, tokens.mikkel);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(res.data?.me).toEqual({ name: 'Mikkel Lund', phone: null, again: null });
    const rows: Array<{ entity_type: string; entity_id: string; outcome: string }> = await t.db.dataSource.query(
      `SELECT a.entity_type, a.entity_id, a.outcome FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE u.username = 'mikkel' AND a.action = 'READ_FIELD' ORDER BY a.id`,
    );
    expect(rows.length - before).toBe(1);
    expect(rows[rows.length - 1]).toEqual({ entity_type: 'FIELD', entity_id: 'User.phone', outcome: 'DENIED' });
  });

  it("a staff member's user name (their work e-mail) is not the mentor's to read: not of who changed the plan, not even their own", async () => {
    const res = await t.gql<{ me: { name: string; username: string | null } }>(`{ me { name username } }`, {}, tokens.mikkel);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(res.data?.me).toEqual({ name: 'Mikkel Lund', username: null });
  });

  it.each([
    ['the day before the grant starts', (g: { startDate: string }) => `${day(-1, new Date(`${g.startDate}T12:00:00Z`))}T12:00:00Z`, false],
    ['the day it starts', (g: { startDate: string }) => `${g.startDate}T12:00:00Z`, true],
    ['its last day', (g: { endDate: string }) => `${g.endDate}T12:00:00Z`, true],
    ['the day after it ends', (g: { endDate: string }) => `${day(1, new Date(`${g.endDate}T12:00:00Z`))}T12:00:00Z`, false],
  ])('access follows the grant period: %s', async (_label, at, visible) => {
    const grant = await evaGrant();
    now = new Date(at(grant));
    const list = await t.gql<Cases>(CASES, {}, tokens.mikkel);
    expect(list.data!.myMentorCases.length).toBe(visible ? 1 : 0);
    const one = await t.gql(`query($g: ID!) { mentorCase(grantId: $g) { citizen { name } } }`, { g: grant.id }, tokens.mikkel);
    expect(codeOf(one)).toBe(visible ? undefined : 'NOT_FOUND');
  });
});

describe('mentor tasks', () => {
  const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id version title minutes } }`;

  it('the coordinator\'s live line says the time as the mentor\'s log does: "1 time", "1,5 timer"', async () => {
    const grant = await evaGrant();
    const summaries: string[] = [];
    for (const [minutes, title] of [[60, 'Ringede til lægen med Eva'], [90, 'Fulgte Eva til tandlægen']] as const) {
      const logged = await t.gql<{ logMentorTask: { id: string } }>(LOG, { input: { grantId: grant.id, date: day(0), minutes, title } }, tokens.mikkel);
      expect(logged.errors).toBeUndefined();
      const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE entity_id = $1`, [logged.data!.logMentorTask.id]);
      summaries.push(event.summary);
    }
    expect(summaries).toEqual(['Mentor Mikkel Lund loggede »Ringede til lægen med Eva« (1 time)', 'Mentor Mikkel Lund loggede »Fulgte Eva til tandlægen« (1,5 timer)']);
  });

  it('the mentor logs a task; it shows in the plan and as an event; edits carry the version', async () => {
    const grant = await evaGrant();
    const logged = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG,
      { input: { grantId: grant.id, date: day(0), minutes: 30, title: 'Fulgte Eva til kantinen', outcome: 'Mødte til tiden' } }, tokens.mikkel);
    expect(logged.errors).toBeUndefined();
    const { id, version } = logged.data!.logMentorTask;
    const [event] = await t.db.dataSource.query(`SELECT kind, summary FROM plan_event WHERE entity_id = $1`, [id]);
    expect(event).toEqual({ kind: 'MENTOR_TASK_LOGGED', summary: 'Mentor Mikkel Lund loggede »Fulgte Eva til kantinen« (30 min)' });
    const plan = await t.gql<{ plan: { mentorTasks: Array<{ title: string }>; mentorGrants: Array<{ mentor: { name: string } }> } }>(
      `query($id: ID!) { plan(id: $id) { mentorTasks { title } mentorGrants { mentor { name } } } }`, { id: await planIdOf(t, 'Eva') }, tokens.anna);
    expect(plan.data?.plan.mentorTasks[0].title).toBe('Fulgte Eva til kantinen');
    expect(plan.data?.plan.mentorGrants[0].mentor.name).toBe('Mikkel Lund');
    const UPDATE = `mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { minutes version } }`;
    expect((await t.gql<{ updateMentorTask: unknown }>(UPDATE, { input: { id, expectedVersion: version, minutes: 40 } }, tokens.mikkel)).data?.updateMentorTask).toEqual({ minutes: 40, version: version + 1 });
    const stale = await t.gql(UPDATE, { input: { id, expectedVersion: version, minutes: 50 } }, tokens.mikkel);
    expect(codeOf(stale)).toBe('CONFLICT');
    // The task as he reads it: the fields of his allow-list, not the stored row's municipality or mentor.
    const current = stale.errors![0].extensions!.current as Record<string, unknown>;
    expect(Object.keys(current).filter((k) => k !== '__typename').sort()).toEqual([...MENTOR_ALLOW.MentorTask].sort());
    expect(current).toMatchObject({ __typename: 'MentorTask', id, minutes: 40, version: version + 1, title: 'Fulgte Eva til kantinen' });
    expect(codeOf(await t.gql(UPDATE, { input: { id, expectedVersion: version + 1, minutes: 50 } }, tokens.mette))).toBe('NOT_FOUND');
  });

  it('the plan\'s history names a changed outcome as the mentor\'s form does: »Hvordan gik det?«', async () => {
    const grant = await evaGrant();
    const logged = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG,
      { input: { grantId: grant.id, date: day(0), minutes: 20, title: 'Handlede ind med Eva', outcome: 'Fint' } }, tokens.mikkel);
    const { id, version } = logged.data!.logMentorTask;
    const updated = await t.gql(`mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { version } }`,
      { input: { id, expectedVersion: version, outcome: 'Eva betalte selv' } }, tokens.mikkel);
    expect(updated.errors).toBeUndefined();
    const history = await t.gql<{ planHistory: { items: Array<{ changes: Array<{ label: string; before: string; after: string }> }> } }>(
      `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId, first: 1) { items { changes { label before after } } } }`,
      { planId: await planIdOf(t, 'Eva'), recordId: id }, tokens.anna);
    expect(history.data?.planHistory.items[0].changes).toEqual([{ label: 'Hvordan gik det?', before: 'Fint', after: 'Eva betalte selv' }]);
  });

  it('refuses tasks on someone else\'s grant, in the future, or with bad input', async () => {
    const grant = await evaGrant();
    expect(codeOf(await t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes: 30, title: 'x' } }, tokens.mette))).toBe('NOT_FOUND');
    expect((await t.gql(LOG, { input: { grantId: grant.id, date: day(2), minutes: 30, title: 'x' } }, tokens.mikkel)).errors?.[0].extensions?.field).toBe('date');
    expect((await t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes: 0, title: 'x' } }, tokens.mikkel)).errors?.[0].extensions?.field).toBe('minutes');
    expect((await t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes: 10, title: '' } }, tokens.mikkel)).errors?.[0].extensions?.field).toBe('title');
    expect(codeOf(await t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes: 10, title: 'x' } }, tokens.anna))).toBe('FORBIDDEN');
  });
});

describe('the time of a task: one rule for a task logged and one corrected', () => {
  const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id version minutes } }`;
  const UPDATE = `mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { minutes version } }`;
  const refusal = (res: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) =>
    res.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field, message: e.message }));

  it('more than 8 hours, up to 24: logged so, or corrected to it, alike', async () => {
    const grant = await evaGrant();
    const long = await t.gql<{ logMentorTask: { id: string; version: number; minutes: number } }>(LOG,
      { input: { grantId: grant.id, date: day(0), minutes: 600, title: 'Arbejdsdag og aftenvagt i kantinen' } }, tokens.mikkel);
    expect(long.errors).toBeUndefined();
    expect(long.data!.logMentorTask.minutes).toBe(600);

    const short = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG,
      { input: { grantId: grant.id, date: day(0), minutes: 480, title: 'Fulgte Eva en hel arbejdsdag' } }, tokens.mikkel);
    expect(short.errors).toBeUndefined();
    const { id, version } = short.data!.logMentorTask;
    const corrected = await t.gql<{ updateMentorTask: { minutes: number; version: number } }>(UPDATE, { input: { id, expectedVersion: version, minutes: 600 } }, tokens.mikkel);
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.updateMentorTask).toEqual({ minutes: 600, version: version + 1 });
    expect((await t.gql(UPDATE, { input: { id, expectedVersion: version + 1, minutes: 1440 } }, tokens.mikkel)).errors).toBeUndefined();
  });

  it('more than 24 hours, or none: refused at the field in the same words and code, logged or corrected, and nothing is written', async () => {
    const grant = await evaGrant();
    const logged = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG,
      { input: { grantId: grant.id, date: day(0), minutes: 60, title: 'Hjalp Eva med posten' } }, tokens.mikkel);
    expect(logged.errors).toBeUndefined();
    const { id, version } = logged.data!.logMentorTask;
    const tasksBefore = await count(t, `SELECT 1 FROM mentor_task`);
    for (const [minutes, message] of [[1441, 'Højst 24 timer (1440 minutter).'], [0, 'Mindst 1 minut.']] as const) {
      const expected = [{ code: 'BAD_USER_INPUT', field: 'minutes', message }];
      expect(refusal(await t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes, title: 'Hjalp Eva med posten' } }, tokens.mikkel))).toEqual(expected);
      expect(refusal(await t.gql(UPDATE, { input: { id, expectedVersion: version, minutes } }, tokens.mikkel))).toEqual(expected);
    }
    expect(await count(t, `SELECT 1 FROM mentor_task`)).toBe(tasksBefore);
    expect(await count(t, `SELECT 1 FROM mentor_task WHERE id = $1 AND minutes = 60 AND version = $2`, [id, version])).toBe(1);
  });
});

describe('grants (coordinator)', () => {
  const CREATE = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id version startDate endDate previousGrantId } }`;

  it('at most 6 months; renewal is a new grant; ending early ends the mentor\'s access', async () => {
    const plan = await planIdOf(t, 'Kim');
    const [{ id: metteId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const base = { planId: plan, mentorId: metteId, purpose: 'Social mentor', goals: ['Komme ud af huset', 'Ringe til arbejdsgiver ved sygdom'], focusAreas: ['Hverdagens struktur'], startDate: day(-10) };
    const tooLong = await t.gql(CREATE, { input: { ...base, endDate: day(200) } }, tokens.anna);
    expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'MENTOR_GRANT_TOO_LONG', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 7' });
    // The last day allowed, as a Danish date ("… (til og med 3. juni 2027)").
    expect(tooLong.errors?.[0].message).toMatch(/^Mentorstøtte bevilges for op til 6 måneder ad gangen \(til og med \d{1,2}\. [a-zæøå]+ \d{4}\)\. Forlæng med en ny bevilling\.$/);
    expect((await t.gql(CREATE, { input: { ...base, endDate: '2025-02-30' } }, tokens.anna)).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'endDate', problems: [{ field: 'endDate', message: 'Skal være en dato (ÅÅÅÅ-MM-DD).' }] });
    // Goals and focus areas are both stated (afsnit 5.8): a grant without focus areas is refused at the field.
    const { focusAreas: _none, ...unfocused } = base;
    const noFocus = await t.gql(CREATE, { input: { ...unfocused, endDate: day(100) } }, tokens.anna);
    expect(noFocus.errors?.[0]).toMatchObject({ message: 'Angiv mindst ét fokusområde for mentorstøtten, fx morgenrutiner.', extensions: { code: 'BAD_USER_INPUT', field: 'focusAreas' } });
    expect(codeOf(await t.gql(CREATE, { input: { ...base, endDate: day(100) } }, tokens.bent))).toBe('FORBIDDEN');
    const [{ id: bentId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'bent'`);
    expect((await t.gql(CREATE, { input: { ...base, mentorId: bentId, endDate: day(100) } }, tokens.anna)).errors?.[0].extensions?.field).toBe('mentorId');
    const first = (await t.gql<{ createMentorGrant: { id: string; version: number; endDate: string } }>(CREATE, { input: { ...base, endDate: day(100) } }, tokens.anna)).data!.createMentorGrant;
    const renewal = await t.gql<{ createMentorGrant: { previousGrantId: string } }>(CREATE,
      { input: { ...base, startDate: day(101), endDate: day(250), previousGrantId: first.id } }, tokens.anna);
    expect(renewal.data?.createMentorGrant.previousGrantId).toBe(first.id);
    expect((await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases.map((c) => c.citizen.name)).toEqual(['Kim Larsen']);
    const END = `mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { endDate } }`;
    expect((await t.gql(END, { id: first.id, v: first.version, d: day(300) }, tokens.anna)).errors?.[0].extensions?.field).toBe('endDate');
    // Only real calendar days: 31 February is refused before anything is read or written.
    for (const d of ['2024-02-31', '2023-02-29', '2024-13-01', '2024-2-1', '2024-02-01T00:00:00Z']) {
      const bad = await t.gql(END, { id: first.id, v: first.version, d }, tokens.anna);
      expect(bad.errors?.[0]).toMatchObject({ message: 'Skal være en dato (ÅÅÅÅ-MM-DD).', extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
    }
    const HISTORY = `query($planId: ID!) { planHistory(planId: $planId) { items { seq } } }`;
    expect((await t.gql(HISTORY, { planId: plan }, tokens.mette)).errors).toBeUndefined();
    expect((await t.gql(END, { id: first.id, v: first.version, d: day(-1) }, tokens.anna)).errors).toBeUndefined();
    expect((await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases).toEqual([]);
    // The plan's history closes with the mentor's page, though a later grant (not begun) is on the plan.
    expect(codeOf(await t.gql(HISTORY, { planId: plan }, tokens.mette))).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'READ_PLAN_HISTORY' AND entity_id = $1 AND outcome = 'DENIED'`, [plan])).toBe(1);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND kind IN ('MENTOR_GRANT_CREATED', 'MENTOR_GRANT_ENDED')`, [plan])).toBe(3);

    // The renewal, not begun, is called off (today is before its first day): the mentor never gets access, not even on its first day.
    const [renewed] = await t.db.dataSource.query(`SELECT id, version FROM mentor_grant WHERE previous_grant_id = $1`, [first.id]);
    const calledOff = await t.gql<{ endMentorGrant: { endDate: string } }>(END, { id: renewed.id, v: renewed.version, d: null }, tokens.anna);
    expect(calledOff.data?.endMentorGrant.endDate).toBe(day(100));
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE entity_id = $1 AND kind = 'MENTOR_GRANT_ENDED'`, [renewed.id]);
    expect(event.summary).toBe(`Anna Holm (Jobcenter) aflyste mentorstøtten fra ${formatDanishDate(day(101))}, før den begyndte`);
    try {
      now = new Date(Date.now() + 101 * 86_400_000);
      expect((await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases).toEqual([]);
    } finally {
      now = new Date();
    }
    // Nor does it count as a grant that runs: the mentor's role may change.
    const staff = await t.gql<{ staffMembers: Array<{ name: string; activeMentorGrants: number }> }>(`{ staffMembers { name activeMentorGrants } }`, {}, await t.login('ida'));
    expect(staff.data!.staffMembers.find((s) => s.name.startsWith('Mette'))?.activeMentorGrants).toBe(0);
  });

  it('a grant lies inside the forløb: a start before it begins or an end after it ends is refused at the field, nothing written', async () => {
    const plan = await planIdOf(t, 'Kim');
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const [programme] = await t.db.dataSource.query(
      `SELECT start_date::text AS "startDate", end_date::text AS "endDate" FROM programme WHERE id = (SELECT programme_id FROM plan WHERE id = $1)`, [plan]);
    const dayAfter = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const base = { planId: plan, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'] };
    const before = await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan]);

    const early = await t.gql(CREATE, { input: { ...base, startDate: dayAfter(programme.startDate, -1), endDate: dayAfter(programme.startDate, 30) } }, tokens.anna);
    expect(early.errors?.[0]).toMatchObject({
      message: `Mentorstøtten kan tidligst begynde den dag, forløbet begynder (${formatDanishDate(programme.startDate)}).`,
      extensions: { code: 'BAD_USER_INPUT', field: 'startDate' },
    });
    const late = await t.gql(CREATE, { input: { ...base, startDate: dayAfter(programme.endDate, -30), endDate: dayAfter(programme.endDate, 1) } }, tokens.anna);
    expect(late.errors?.[0]).toMatchObject({
      message: `Mentorstøtten kan højst vare, til forløbet slutter (${formatDanishDate(programme.endDate)}).`,
      extensions: { code: 'BAD_USER_INPUT', field: 'endDate' },
    });
    const after = await t.gql(CREATE, { input: { ...base, startDate: dayAfter(programme.endDate, 1), endDate: dayAfter(programme.endDate, 30) } }, tokens.anna);
    expect(after.errors?.[0]).toMatchObject({
      message: `Mentorstøtten skal begynde, før forløbet slutter (${formatDanishDate(programme.endDate)}).`,
      extensions: { code: 'BAD_USER_INPUT', field: 'startDate' },
    });
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan])).toBe(before);
    // Its first and last day may be the forløb's own.
    const edge = await t.gql(CREATE, { input: { ...base, startDate: dayAfter(programme.endDate, -30), endDate: programme.endDate } }, tokens.anna);
    expect(edge.errors).toBeUndefined();
  });

  it('names at most 50 sub-goals for the mentor, as an intervention does: 51 are refused at the field in Danish, nothing written', async () => {
    const plan = await planIdOf(t, 'Kim');
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const subGoalIds = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const before = await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan]);
    const res = await t.gql(CREATE, { input: { planId: plan, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'],
      subGoalIds, startDate: day(0), endDate: day(30) } }, tokens.anna);
    expect(res.errors?.[0]).toMatchObject({ message: 'Højst 50 delmål.', extensions: { code: 'BAD_USER_INPUT', field: 'subGoalIds' } });
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan])).toBe(before);
  });

  it('a mentor has one grant at a time with a citizen: a new period begins after the running one ends; another mentor may overlap', async () => {
    const plan = await planIdOf(t, 'Bo');
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const [{ id: metteId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const base = { planId: plan, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden på lageret'], focusAreas: ['Hverdagens struktur'] };
    const first = (await t.gql<{ createMentorGrant: { id: string } }>(CREATE, { input: { ...base, startDate: day(-30), endDate: day(60) } }, tokens.anna)).data!.createMentorGrant;
    // "Bevilg ny periode" with its start moved into the running grant: refused, nothing written.
    const overlapping = await t.gql(CREATE, { input: { ...base, startDate: day(50), endDate: day(200), previousGrantId: first.id } }, tokens.anna);
    expect(overlapping.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'startDate' });
    expect(overlapping.errors?.[0].message).toMatch(/^Mikkel Lund har allerede mentorstøtte hos borgeren til og med \d{1,2}\. [a-zæøå]+ \d{4}\. En ny periode kan begynde \d{1,2}\. [a-zæøå]+ \d{4}\.$/);
    // Nor a second grant beside it, unlinked.
    expect((await t.gql(CREATE, { input: { ...base, startDate: day(0), endDate: day(30) } }, tokens.anna)).errors?.[0].extensions?.field).toBe('startDate');
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1 AND mentor_id = $2`, [plan, mikkelId])).toBe(1);
    // Mikkel sees Bo once.
    expect((await t.gql<Cases>(CASES, {}, tokens.mikkel)).data!.myMentorCases.filter((c) => c.citizen.name === 'Bo Petersen')).toHaveLength(1);
    // From the day after its last day, and another mentor alongside: both fine.
    const renewal = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: { ...base, startDate: day(61), endDate: day(200), previousGrantId: first.id } }, tokens.anna)).data!.createMentorGrant;
    expect((await t.gql(CREATE, { input: { ...base, mentorId: metteId, startDate: day(0), endDate: day(30) } }, tokens.anna)).errors).toBeUndefined();
    // A period called off before it began holds no days: it does not stand in the way of the one granted instead, a little earlier.
    const END = `mutation($id: ID!, $v: Int!) { endMentorGrant(id: $id, expectedVersion: $v) { endDate } }`;
    expect((await t.gql(END, { id: renewal.id, v: renewal.version }, tokens.anna)).errors).toBeUndefined();
    expect((await t.gql(CREATE, { input: { ...base, startDate: day(61), endDate: day(200), previousGrantId: first.id } }, tokens.anna)).errors).toBeUndefined();
    const later = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: { ...base, mentorId: metteId, startDate: day(100), endDate: day(150) } }, tokens.anna)).data!.createMentorGrant;
    expect((await t.gql(END, { id: later.id, v: later.version }, tokens.anna)).errors).toBeUndefined();
    expect((await t.gql(CREATE, { input: { ...base, mentorId: metteId, startDate: day(90), endDate: day(150) } }, tokens.anna)).errors).toBeUndefined();
  });

  it('"Ny periode af" is a continuation: a linked grant begun later than the day after the earlier one ends is refused at previousGrantId, nothing written', async () => {
    const plan = await planIdOf(t, 'Kim');
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const base = { planId: plan, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'] };
    const first = (await t.gql<{ createMentorGrant: { id: string } }>(CREATE, { input: { ...base, startDate: day(10), endDate: day(60) } }, tokens.anna)).data!.createMentorGrant;
    const before = await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan]);
    const events = await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1`, [plan]);

    // Support again after a gap of five weeks, linked to the grant as its next period: refused, nothing written.
    const gap = await t.gql(CREATE, { input: { ...base, startDate: day(100), endDate: day(150), previousGrantId: first.id } }, tokens.anna);
    expect(gap.errors?.[0]).toMatchObject({
      message: `En ny periode af en bevilling skal begynde senest dagen efter, at den slutter (${formatDanishDate(day(61))}). Vælg ingen tidligere bevilling, hvis støtten begynder senere.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'previousGrantId' },
    });
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [plan])).toBe(before);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1`, [plan])).toBe(events);

    // The same support unlinked is granted, and told as a grant of its own, not as an extension.
    const own = await t.gql<{ createMentorGrant: { id: string; previousGrantId: string | null } }>(CREATE, { input: { ...base, startDate: day(100), endDate: day(150) } }, tokens.anna);
    expect(own.errors).toBeUndefined();
    expect(own.data!.createMentorGrant.previousGrantId).toBeNull();
    // The coordinator's feed says who granted it, the person with their unit.
    const summaryOf = async (id: string) => (await summariesReadBy(t, tokens.anna, plan, 1, id))[0];
    expect(await summaryOf(own.data!.createMentorGrant.id)).toBe(`Anna Holm (Jobcenter) bevilgede mentorstøtte med Mikkel Lund til ${formatDanishDate(day(150))}`);

    // Linked from the day after its last day: its next period, told as an extension.
    const next = await t.gql<{ createMentorGrant: { id: string; previousGrantId: string } }>(CREATE, { input: { ...base, startDate: day(61), endDate: day(90), previousGrantId: first.id } }, tokens.anna);
    expect(next.errors).toBeUndefined();
    expect(next.data!.createMentorGrant.previousGrantId).toBe(first.id);
    expect(await summaryOf(next.data!.createMentorGrant.id)).toBe(`Anna Holm (Jobcenter) forlængede mentorstøtten med Mikkel Lund til ${formatDanishDate(day(90))}`);
  });

  it("an early end keeps the mentor's log inside the grant: not before the latest task logged under it", async () => {
    const plan = await planIdOf(t, 'Per');
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const grant = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE,
      { input: { planId: plan, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(-140), endDate: day(30) } }, tokens.anna)).data!.createMentorGrant;
    const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id } }`;
    for (const d of [day(-100), day(-60)]) {
      expect((await t.gql(LOG, { input: { grantId: grant.id, date: d, minutes: 30, title: 'Fulgte Per til jobcentret' } }, tokens.mikkel)).errors).toBeUndefined();
    }
    const END = `mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { endDate } }`;
    const latest = formatDanishDate(day(-60));
    for (const d of [day(-120), day(-61)]) {
      const refused = await t.gql(END, { id: grant.id, v: grant.version, d }, tokens.anna);
      expect(refused.errors?.[0].extensions).toEqual({ code: 'RULE_VIOLATION', rule: 'MENTOR_GRANT_ENDS_BEFORE_TASK', field: 'endDate' });
      expect(refused.errors?.[0].message).toBe(`Mentoren har logget en opgave ${latest} under bevillingen, så den kan tidligst slutte den dag.`);
    }
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE id = $1 AND version = $2 AND NOT ended_early`, [grant.id, grant.version])).toBe(1);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1 AND kind = 'MENTOR_GRANT_ENDED'`, [grant.id])).toBe(0);
    // The day of the latest task is the first day allowed: the mentor's access ends after it.
    const ended = await t.gql<{ endMentorGrant: { endDate: string } }>(END, { id: grant.id, v: grant.version, d: day(-60) }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.endMentorGrant.endDate).toBe(day(-60));
    expect((await t.gql<Cases>(CASES, {}, tokens.mikkel)).data!.myMentorCases.map((c) => c.citizen.name)).not.toContain('Per Hansen');
  });

  it('a grant begun today with nothing logged is called off at once, so a mentor picked by mistake stops reading the citizen now, not at midnight; with a task logged today it ends today at the earliest', async () => {
    // Danish days, as the server counts them (localDate), whatever the hour in UTC.
    const today = localDate(new Date());
    const ids = await insertCase(t.db.dataSource, { start: addDays(today, -30), name: 'Forkert mentor' });
    const [{ id: metteId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const base = { planId: ids.planId, mentorId: metteId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: today, endDate: addDays(today, 60) };
    const END = `mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { endDate endedEarly version } }`;
    const mine = async () => (await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases.map((c) => c.citizen.name);

    // Granted from today to Mette by mistake: she reads the citizen already.
    const wrong = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: base }, tokens.anna)).data!.createMentorGrant;
    expect(await mine()).toContain('Forkert mentor');
    // Called off as a grant not begun is (the day before its first as its last): her access ends now.
    const calledOff = await t.gql<{ endMentorGrant: { endDate: string; endedEarly: boolean } }>(END, { id: wrong.id, v: wrong.version, d: addDays(today, -1) }, tokens.anna);
    expect(calledOff.errors).toBeUndefined();
    expect(calledOff.data!.endMentorGrant).toMatchObject({ endDate: addDays(today, -1), endedEarly: true });
    expect(await mine()).not.toContain('Forkert mentor');
    expect(codeOf(await t.gql(`query($id: ID!) { mentorCase(grantId: $id) { grant { id } } }`, { id: wrong.id }, tokens.mette))).toBe('NOT_FOUND');
    // One change, as every call-off: its audit row and its event, which reaches Mette as "aflyst" and nothing of the grant.
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'END_MENTOR_GRANT' AND entity_id = $1 AND outcome = 'ALLOWED'`, [wrong.id])).toBe(1);
    const [event] = await t.db.dataSource.query(`SELECT kind, plan_id AS "planId", municipality_id AS "municipalityId", at, summary, payload FROM plan_event WHERE entity_id = $1 AND kind = 'MENTOR_GRANT_ENDED'`, [wrong.id]);
    expect(event.summary).toBe(`Anna Holm (Jobcenter) aflyste mentorstøtten fra ${formatDanishDate(today)} på dens første dag`);
    expect(mentorView(event)).toEqual({ entity: null, summary: 'Din mentorbevilling er aflyst' });

    // The right grant, from today too, and Mette has logged today's work: the task stays inside the grant.
    const right = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: base }, tokens.anna)).data!.createMentorGrant;
    const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id } }`;
    expect((await t.gql(LOG, { input: { grantId: right.id, date: today, minutes: 30, title: 'Første møde' } }, tokens.mette)).errors).toBeUndefined();
    const refused = await t.gql(END, { id: right.id, v: right.version, d: addDays(today, -1) }, tokens.anna);
    expect(refused.errors?.[0]).toMatchObject({
      message: `Mentoren har logget en opgave ${formatDanishDate(today)} under bevillingen, så den kan tidligst slutte den dag.`,
      extensions: { code: 'RULE_VIOLATION', rule: 'MENTOR_GRANT_ENDS_BEFORE_TASK', field: 'endDate' },
    });
    expect(await count(t, `SELECT 1 FROM mentor_grant WHERE id = $1 AND version = $2 AND NOT ended_early`, [right.id, right.version])).toBe(1);
    expect(await mine()).toContain('Forkert mentor');

    // A grant begun before today has given access on days gone by: it ends, it is not called off.
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const begun = (await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: { ...base, mentorId: mikkelId, startDate: addDays(today, -1) } }, tokens.anna)).data!.createMentorGrant;
    const notUndone = await t.gql(END, { id: begun.id, v: begun.version, d: addDays(today, -2) }, tokens.anna);
    expect(notUndone.errors?.[0]).toMatchObject({ message: 'Slutdatoen kan ikke ligge før bevillingens start.', extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
  });

  it('a task logged while the coordinator ends the grant early waits for the end, and is then refused: the log stays inside the grant', async () => {
    const plan = await planIdOf(t, 'Eva');
    const [{ id: metteId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const grant = (await t.gql<{ createMentorGrant: { id: string; version: number; startDate: string } }>(CREATE,
      { input: { planId: plan, mentorId: metteId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(-30), endDate: day(30) } }, tokens.anna)).data!.createMentorGrant;
    const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id version } }`;
    const earlier = (await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG, { input: { grantId: grant.id, date: day(-20), minutes: 30, title: 'Første møde' } }, tokens.mette)).data!.logMentorTask;
    // The coordinator's early end (as endMentorGrant does: the programme locked, then the update), not yet committed.
    const ending = t.db.dataSource.createQueryRunner();
    await ending.connect();
    await ending.startTransaction();
    await ending.query(`SELECT status FROM programme WHERE id = (SELECT programme_id FROM plan WHERE id = $1) FOR NO KEY UPDATE`, [plan]);
    await ending.query(`UPDATE mentor_grant SET end_date = $2, ended_early = true, version = version + 1 WHERE id = $1`, [grant.id, day(-10)]);
    // Meanwhile the mentor logs today's task and edits an earlier one: both passed the check of the grant before the end committed.
    const logging = t.gql(LOG, { input: { grantId: grant.id, date: day(0), minutes: 30, title: 'Fulgte Eva til lægen' } }, tokens.mette);
    expect(await untilWaitingForLock(t, logging)).toBe(true);
    const editing = t.gql(`mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { id } }`, { input: { id: earlier.id, expectedVersion: earlier.version, minutes: 45 } }, tokens.mette);
    expect(await untilWaitingForLock(t, editing, 2)).toBe(true);
    await ending.commitTransaction();
    await ending.release();
    expect(codeOf(await logging)).toBe('NOT_FOUND');
    expect(codeOf(await editing)).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM mentor_task WHERE grant_id = $1`, [grant.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM mentor_task WHERE id = $1 AND minutes = 30 AND version = $2`, [earlier.id, earlier.version])).toBe(1);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE kind = 'MENTOR_TASK_LOGGED' AND plan_id = $1 AND summary LIKE '%Fulgte Eva til lægen%'`, [plan])).toBe(0);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE kind = 'MENTOR_TASK_UPDATED' AND entity_id = $1`, [earlier.id])).toBe(0);
    // Refused as a grant no longer hers is at the gate: in the citizen's access log.
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'mette' AND a.outcome = 'DENIED' AND a.entity_id = $1`, [grant.id])).toBe(2);
  });

  it('the coordinator decides what is shared with the mentor', async () => {
    const [activity] = await t.db.dataSource.query(`SELECT id, plan_id FROM activity WHERE title = 'Øg til 2 dage om ugen'`);
    const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
    expect(codeOf(await t.gql(SHARE, { id: activity.id, s: false }, tokens.mikkel))).toBe('FORBIDDEN');
    expect((await t.gql(SHARE, { id: activity.id, s: false }, tokens.anna)).errors).toBeUndefined();
    const titles = (await t.gql<Cases>(CASES, {}, tokens.mikkel)).data!.myMentorCases[0].sharedActivities.map((a) => a.title);
    expect(titles).toEqual(['Samtale med arbejdsgiver om løntimer']);
    await t.gql(SHARE, { id: activity.id, s: true }, tokens.anna);
    // The coordinator's feed says who shared what: the person with their unit, the activity in » «.
    expect(await summariesReadBy(t, tokens.anna, activity.plan_id, 2, activity.id)).toEqual([
      'Anna Holm (Jobcenter) delte »Øg til 2 dage om ugen« med mentor',
      'Anna Holm (Jobcenter) fjernede »Øg til 2 dage om ugen« fra mentor',
    ]);
  });

  it("shares a social or health activity only with the citizen's word for the mentor: the mentor would read its title", async () => {
    const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
    // Per's Bostøtte is Socialforvaltningen's; his register shares social details with the whole team and his parents, not the mentor.
    const [visit] = await t.db.dataSource.query(`SELECT id FROM activity WHERE title = 'Besøg i den nye lejlighed med Per og forældrene'`);
    const refused = await t.gql(SHARE, { id: visit.id, s: true }, tokens.anna);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'MENTOR_SHARE_NEEDS_CONSENT' });
    expect(refused.errors?.[0].message).toMatch(/^Aktiviteten hører til en indsats med helbreds- eller sociale oplysninger/);
    expect(await count(t, `SELECT 1 FROM activity WHERE id = $1 AND shared_with_mentor`, [visit.id])).toBe(0);

    // Recorded: the citizen agrees to share social details with the mentor.
    const recorded = await t.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { planId: await planIdOf(t, 'Per'), scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: day(0) },
    }, tokens.anna);
    expect(recorded.errors).toBeUndefined();
    expect((await t.gql(SHARE, { id: visit.id, s: true }, tokens.anna)).errors).toBeUndefined();

    // Mette becomes Per's mentor and reads the shared activity; once Per withdraws his word for
    // the mentor, she no longer does, though the box is still ticked.
    const [mette] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const grant = await t.gql(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, {
      input: { planId: await planIdOf(t, 'Per'), mentorId: mette.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(0), endDate: day(60) },
    }, tokens.anna);
    expect(grant.errors).toBeUndefined();
    const metteSees = async () => ((await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases.find((c) => c.citizen.name === 'Per Hansen')?.sharedActivities ?? []).map((a) => a.title);
    expect(await metteSees()).toContain('Besøg i den nye lejlighed med Per og forældrene');
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`, { input: { id: (recorded.data as { recordConsent: { id: string } }).recordConsent.id } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    expect(await metteSees()).not.toContain('Besøg i den nye lejlighed med Per og forældrene');
    expect(await count(t, `SELECT 1 FROM activity WHERE id = $1 AND shared_with_mentor`, [visit.id])).toBe(1);

    // Taking it back needs nothing.
    expect((await t.gql(SHARE, { id: visit.id, s: false }, tokens.anna)).errors).toBeUndefined();
  });

  it("a new mentor, once the last one's grant has ended, sees what is shared with the mentor (the coordinator's choice for the mentor support, not for one person), never the last mentor's log", async () => {
    const plan = await planIdOf(t, 'Eva');
    // Mikkel's grant ended yesterday: Eva is no longer his.
    await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = $2 WHERE plan_id = $1 AND mentor_id = (SELECT id FROM app_user WHERE username = 'mikkel')`, [plan, day(-1)]);
    expect((await t.gql<Cases>(CASES, {}, tokens.mikkel)).data!.myMentorCases.map((c) => c.citizen.name)).not.toContain('Eva Jensen');
    const [mette] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const grant = await t.gql(CREATE, { input: { planId: plan, mentorId: mette.id, purpose: 'Fastholde praktikken', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(0), endDate: day(60) } }, tokens.anna);
    expect(grant.errors).toBeUndefined();
    const eva = (await t.gql<Cases>(CASES, {}, tokens.mette)).data!.myMentorCases.find((c) => c.citizen.name === 'Eva Jensen')!;
    expect(eva.sharedActivities.map((a) => a.title).sort()).toEqual(['Samtale med arbejdsgiver om løntimer', 'Øg til 2 dage om ugen']);
    expect(eva.sharedMeetings).toHaveLength(1);
    // Never Mikkel's log; her own entry from her earlier grant on Eva's plan (ended early above) is hers to read.
    expect(eva.tasks.map((x) => x.title)).toEqual(['Første møde']);
  });
});

describe('a consent that names one mentor', () => {
  const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id recipientKind recipientMentor { name } } }`;
  const VISIT = 'Besøg i den nye lejlighed med Per og forældrene';
  const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
  const CREATE = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`;

  /** The mentor's grant on Per's plan running today: the one they have, else a new one from today. */
  async function grantOnPer(username: string): Promise<void> {
    const plan = await planIdOf(t, 'Per');
    const [mentor] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]);
    const running = await t.db.dataSource.query(`SELECT 1 FROM mentor_grant WHERE plan_id = $1 AND mentor_id = $2 AND start_date <= $3 AND end_date >= $3`, [plan, mentor.id, day(0)]);
    if (running.length > 0) return;
    const grant = await t.gql(CREATE, { input: { planId: plan, mentorId: mentor.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(0), endDate: day(60) } }, tokens.anna);
    expect(grant.errors).toBeUndefined();
  }
  const sees = async (mentor: string) =>
    ((await t.gql<Cases>(CASES, {}, tokens[mentor])).data!.myMentorCases.find((c) => c.citizen.name === 'Per Hansen')?.sharedActivities ?? []).map((a) => a.title);

  it("reaches only the mentor it names: Per's social visit is Mette's to see, not Mikkel's, though both are his mentors; the register and Per's own view name her", async () => {
    const planId = await planIdOf(t, 'Per');
    const [mette] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    await grantOnPer('mette');
    await grantOnPer('mikkel');

    // Per agrees to share his social details with Mette, and only with her.
    const recorded = await t.gql<{ recordConsent: { id: string; recipientMentor: { name: string } | null } }>(RECORD, {
      input: { planId, scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentorId: mette.id, basis: 'CONSENT', givenOn: day(0) },
    }, tokens.anna);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordConsent.recipientMentor).toEqual({ name: 'Mette Mentor' });
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'CONSENT_RECORDED' ORDER BY seq DESC LIMIT 1`, [planId]);
    expect(event.summary).toBe('Anna Holm (Jobcenter) registrerede samtykke: Sociale oplysninger deles med mentoren Mette Mentor');

    const [visit] = await t.db.dataSource.query(`SELECT id FROM activity WHERE title = $1`, [VISIT]);
    expect((await t.gql(SHARE, { id: visit.id, s: true }, tokens.anna)).errors).toBeUndefined();
    expect(await sees('mette')).toContain(VISIT);
    expect(await sees('mikkel')).not.toContain(VISIT);

    // Per reads whom he said yes to.
    const perToken = await t.login('per');
    const mine = await t.gql<{ myPlan: { consents: Array<{ id: string; recipientKind: string; recipientMentorName: string | null }> } }>(
      `{ myPlan { consents { id recipientKind recipientMentorName } } }`, {}, perToken,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myPlan.consents.find((c) => c.id === recorded.data!.recordConsent.id)).toEqual({ id: recorded.data!.recordConsent.id, recipientKind: 'MENTOR', recipientMentorName: 'Mette Mentor' });

    // Withdrawn: Mette no longer reads it either.
    expect((await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { id: recorded.data!.recordConsent.id } }, tokens.anna)).errors).toBeUndefined();
    expect(await sees('mette')).not.toContain(VISIT);
    expect((await t.gql(SHARE, { id: visit.id, s: false }, tokens.anna)).errors).toBeUndefined();
  });

  it('names only a mentor of the municipality: a caseworker, or a mentor of another municipality, is refused at the field', async () => {
    const planId = await planIdOf(t, 'Per');
    for (const username of ['bent', 'sven']) {
      const [user] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]);
      const res = await t.gql(RECORD, { input: { planId, scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentorId: user.id, basis: 'CONSENT', givenOn: day(0) } }, tokens.anna);
      expect(res.errors?.[0]).toMatchObject({ message: 'Vælg en mentor i kommunen.', extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect(await count(t, `SELECT 1 FROM consent_entry WHERE recipient_mentor_id IS NOT NULL AND withdrawn_at IS NULL`)).toBe(0);
  });
});

describe("the mentor's own log after a renewal", () => {
  const CREATE = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`;
  const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id version } }`;
  const UPDATE = `mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { id version } }`;
  const LOGS = `{ myMentorCases { citizen { name } grant { id } tasks { id grantId title nextStep } } }`;
  type Logs = { myMentorCases: Array<{ citizen: { name: string }; grant: { id: string }; tasks: Array<{ id: string; grantId: string; title: string; nextStep: string | null }> }> };

  it("keeps the mentor's earlier entries for the citizen, read only (only the running grant's are corrected); never another mentor's", async () => {
    const plan = await planIdOf(t, 'Lise');
    const [{ id: metteId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mette'`);
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const grant = async (mentorId: string, startDate: string, endDate: string, previousGrantId?: string) => {
      const res = await t.gql<{ createMentorGrant: { id: string } }>(CREATE, { input: { planId: plan, mentorId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate, endDate, previousGrantId } }, tokens.anna);
      expect(res.errors).toBeUndefined();
      return res.data!.createMentorGrant.id;
    };
    const log = async (who: string, grantId: string, date: string, title: string, nextStep?: string) => {
      const res = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG, { input: { grantId, date, minutes: 30, title, nextStep } }, tokens[who]);
      expect(res.errors).toBeUndefined();
      return res.data!.logMentorTask;
    };
    // Mette's first period, and Mikkel alongside her; both log 40 days ago.
    const first = await grant(metteId, day(-80), day(-1));
    const mikkels = await grant(mikkelId, day(-80), day(30));
    now = new Date(Date.now() - 40 * 86_400_000);
    const earlier = await log('mette', first, day(-40), 'Hjalp Lise med at åbne e-Boks', 'Ringe til lægen sammen');
    await log('mikkel', mikkels, day(-40), 'Mikkels besøg hos Lise');
    now = new Date();

    // Renewed from today: her log for Lise keeps the earlier entry and its next step.
    const renewal = await grant(metteId, day(0), day(60), first);
    const lise = async () => (await t.gql<Logs>(LOGS, {}, tokens.mette)).data!.myMentorCases.find((c) => c.citizen.name === 'Lise Mortensen')!;
    expect((await lise()).grant.id).toBe(renewal);
    expect((await lise()).tasks).toEqual([{ id: earlier.id, grantId: first, title: 'Hjalp Lise med at åbne e-Boks', nextStep: 'Ringe til lægen sammen' }]);
    const today = await log('mette', renewal, day(0), 'Ringede til lægen med Lise');
    expect((await lise()).tasks.map((x) => [x.title, x.grantId])).toEqual([['Ringede til lægen med Lise', renewal], ['Hjalp Lise med at åbne e-Boks', first]]);
    expect(JSON.stringify(await lise())).not.toContain('Mikkels besøg');

    // The earlier entry is not corrected: its grant has ended (refused as unseen, in the access log); today's is.
    const refused = await t.gql(UPDATE, { input: { id: earlier.id, expectedVersion: earlier.version, minutes: 45 } }, tokens.mette);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM mentor_task WHERE id = $1 AND minutes = 30 AND version = $2`, [earlier.id, earlier.version])).toBe(1);
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'mette' AND a.outcome = 'DENIED' AND a.entity_id = $1`, [first])).toBe(1);
    expect((await t.gql(UPDATE, { input: { id: today.id, expectedVersion: today.version, minutes: 45 } }, tokens.mette)).errors).toBeUndefined();
  });
});

describe("the mentor's history is judged on the server's today, as their access to it is", () => {
  const HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 50) { items { kind entityId } } }`;
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

  it('a grant running on the server\'s today (ended by the wall clock) shows its own entries', async () => {
    const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
    const eva = await planIdOf(t, 'Eva');
    const grant = await evaGrant();
    const [kept] = await q(`SELECT start_date::text AS s, end_date::text AS e, created_at AS c FROM mentor_grant WHERE id = $1`, [grant.id]);
    // The grant ran from 40 to 5 days ago by the wall clock; the server's clock says it is 10 days ago.
    await q(`UPDATE mentor_grant SET start_date = $2, end_date = $3, created_at = $4 WHERE id = $1`, [grant.id, day(-40), day(-5), daysAgo(41)]);
    try {
      const [task] = await q(`SELECT id FROM mentor_task WHERE grant_id = $1 LIMIT 1`, [grant.id]);
      // Mikkel logged it 20 days ago, under the grant.
      await q(`INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, at, summary, payload)
               SELECT p.id, p.municipality_id, 'MENTOR_TASK_LOGGED', 'MENTOR_TASK', $2::uuid, u.id, $3, 'Mentor Mikkel Lund loggede en opgave',
                      jsonb_build_object('entity', jsonb_build_object('__typename', 'MentorTask', 'id', $2::text, 'mentorId', u.id::text, 'grantId', $4::text))
                 FROM plan p, app_user u WHERE p.id = $1 AND u.username = 'mikkel'`, [eva, task.id, daysAgo(20), grant.id]);
      now = daysAgo(10);
      const res = await t.gql<{ planHistory: { items: Array<{ kind: string; entityId: string }> } }>(HISTORY, { planId: eva }, tokens.mikkel);
      expect(res.errors).toBeUndefined();
      expect(res.data!.planHistory.items).toContainEqual({ kind: 'MENTOR_TASK_LOGGED', entityId: task.id });
    } finally {
      await q(`UPDATE mentor_grant SET start_date = $2, end_date = $3, created_at = $4 WHERE id = $1`, [grant.id, kept.s, kept.e, kept.c]);
    }
  });
});
