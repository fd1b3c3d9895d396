import { actorNamed, codeOf, count, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { citizenMayReceive, citizenView } from '../citizen';
import { mentorMayReceive } from '../mentor';
import { Role } from '../org/org.enums';
import { loadPlanAccess } from '../plan';
import { insertCase, type CaseIds } from '../rules/rules-fixtures';

/**
 * LAB §113 a (lov nr. 1160 af 8. juni 2021): a citizen in a ressourceforløb decided under the 2022
 * rules has the right to a personal jobformidler. The coordinator or a caseworker of a jobcenter
 * unit on the team records who it is from a day, changes and ends it; every assignment is kept,
 * audited, and told to the plan (its history and live stream) and to the citizen's Min plan.
 */
jest.setTimeout(30_000);
let now = new Date();
const clock = { now: () => now };
/** Noon, Danish time, on a calendar day. */
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let t: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'mikkel', 'otto', 'lene', 'per']) tokens[u] = await t.login(u);
  for (const r of await t.db.dataSource.query(`SELECT username, id FROM app_user WHERE username = ANY($1)`, [['anna', 'bent', 'carla', 'dorte', 'mikkel', 'otto', 'lene']])) {
    ids[r.username] = r.id;
  }
});
afterAll(() => t.stop());

const FIELDS = `id jobFacilitatorRight mayRecordJobFacilitator
  jobFacilitator { id fromDate toDate user { id name } unit { name } }
  jobFacilitatorHistory { id fromDate toDate user { name } unit { name } }`;
interface Assignment { id: string; fromDate: string; toDate: string | null; user: { id?: string; name: string }; unit: { name: string } }
interface P { id: string; jobFacilitatorRight: boolean; mayRecordJobFacilitator: boolean; jobFacilitator: Assignment | null; jobFacilitatorHistory: Assignment[] }
const ASSIGN = `mutation($input: AssignJobFacilitatorInput!) { assignJobFacilitator(input: $input) { ${FIELDS} } }`;
const END = `mutation($input: EndJobFacilitatorInput!) { endJobFacilitator(input: $input) { ${FIELDS} } }`;
const READ = `query($id: ID!) { programme(id: $id) { ${FIELDS} } }`;

/** Held to the current assignment as the form reads it, unless the test says what was read ('omit' sends nothing). */
async function assign(c: CaseIds, user: string, fromDate: string, who = 'anna', expectedCurrentId?: string | null | 'omit') {
  const held = expectedCurrentId === undefined ? await currentIdOf(c) : expectedCurrentId;
  return t.gql<{ assignJobFacilitator: P }>(ASSIGN, { input: { programmeId: c.programmeId, userId: ids[user] ?? user, fromDate, ...(held !== 'omit' ? { expectedCurrentId: held } : {}) } }, tokens[who]);
}
async function currentIdOf(c: CaseIds): Promise<string | null> {
  const [row]: Array<{ id: string }> = await t.db.dataSource.query(`SELECT id FROM job_facilitator_assignment WHERE programme_id = $1 AND to_date IS NULL`, [c.programmeId]);
  return row?.id ?? null;
}
const end = (c: CaseIds, fromDate: string, expectedCurrentId: string, who = 'anna') =>
  t.gql<{ endJobFacilitator: P }>(END, { input: { programmeId: c.programmeId, fromDate, expectedCurrentId } }, tokens[who]);
async function read(c: CaseIds, who = 'anna'): Promise<P> {
  const res = await t.gql<{ programme: P }>(READ, { id: c.programmeId }, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!.programme;
}
const rows = (c: CaseIds) => count(t, `SELECT 1 FROM job_facilitator_assignment WHERE programme_id = $1`, [c.programmeId]);

/** A ressourceforløb decided under the 2022 rules, coordinated by Anna of the jobcenter. */
const ressourceforloeb = (opts: Partial<Parameters<typeof insertCase>[1]> = {}) => insertCase(t.db.dataSource, { start: '2025-01-15', ...opts });

describe('the personal jobformidler on a 2022-rules ressourceforløb', () => {
  it('is named from a day, changed and ended; every assignment is kept, and the forløb shows the current one', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    expect(await read(c)).toMatchObject({ jobFacilitatorRight: true, mayRecordJobFacilitator: true, jobFacilitator: null, jobFacilitatorHistory: [] });

    const named = await assign(c, 'dorte', '2025-02-01', 'anna', null);
    expect(named.errors).toBeUndefined();
    const first = named.data!.assignJobFacilitator.jobFacilitator!;
    expect(first).toMatchObject({ fromDate: '2025-02-01', toDate: null, user: { name: 'Dorte Madsen' }, unit: { name: 'Jobcenter' } });

    // A new person from a later day: the one before ends that day, and stays.
    const changed = await assign(c, 'anna', '2025-03-01', 'anna', first.id);
    expect(changed.errors).toBeUndefined();
    const second = changed.data!.assignJobFacilitator;
    expect(second.jobFacilitator).toMatchObject({ fromDate: '2025-03-01', toDate: null, user: { name: 'Anna Holm' } });
    expect(second.jobFacilitatorHistory.map((a) => [a.user.name, a.fromDate, a.toDate])).toEqual([
      ['Dorte Madsen', '2025-02-01', '2025-03-01'],
      ['Anna Holm', '2025-03-01', null],
    ]);

    // "Ingen personlig jobformidler" from a day: none is current, both are kept.
    const ended = await end(c, '2025-03-10', second.jobFacilitator!.id);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.endJobFacilitator.jobFacilitator).toBeNull();
    expect(ended.data!.endJobFacilitator.jobFacilitatorHistory.map((a) => [a.user.name, a.fromDate, a.toDate])).toEqual([
      ['Dorte Madsen', '2025-02-01', '2025-03-01'],
      ['Anna Holm', '2025-03-01', '2025-03-10'],
    ]);
    expect(await rows(c)).toBe(2);
    // Nothing to end now.
    expect((await end(c, '2025-03-10', second.jobFacilitator!.id)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });

    // Everyone on the plan reads it: a caseworker of another unit on the team too.
    await t.db.dataSource.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3)`, [c.planId, await unitIdOf(t, 'HEALTH'), c.municipalityId]);
    expect(await read(c, 'carla')).toMatchObject({ mayRecordJobFacilitator: false, jobFacilitator: null, jobFacilitatorHistory: [{ user: { name: 'Dorte Madsen' } }, { user: { name: 'Anna Holm' } }] });
  });

  it('each change is audited and a plan event, in the same transaction; the plan’s history says it in Danish', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    const named = await assign(c, 'dorte', '2025-02-01');
    expect(named.errors).toBeUndefined();
    const changed = await assign(c, 'anna', '2025-03-03');
    expect(changed.errors).toBeUndefined();
    const ended = await end(c, '2025-03-10', changed.data!.assignJobFacilitator.jobFacilitator!.id);
    expect(ended.errors).toBeUndefined();

    const audit: Array<{ action: string; entity_type: string }> = await t.db.dataSource.query(
      `SELECT action, entity_type FROM audit_log WHERE citizen_id = $1 AND outcome = 'ALLOWED' AND action LIKE '%JOB_FACILITATOR' ORDER BY id`, [c.citizenId]);
    expect(audit).toEqual([
      { action: 'ASSIGN_JOB_FACILITATOR', entity_type: 'JOB_FACILITATOR' },
      { action: 'ASSIGN_JOB_FACILITATOR', entity_type: 'JOB_FACILITATOR' },
      { action: 'END_JOB_FACILITATOR', entity_type: 'JOB_FACILITATOR' },
    ]);
    const events: Array<{ kind: string; summary: string; actor_id: string }> = await t.db.dataSource.query(
      `SELECT kind, summary, actor_id FROM plan_event WHERE plan_id = $1 AND kind = 'JOB_FACILITATOR_CHANGED' ORDER BY seq`, [c.planId]);
    expect(events.map((e) => e.summary)).toEqual([
      'Anna Holm (Jobcenter) gjorde Dorte Madsen (Jobcenter) til borgerens personlige jobformidler fra 1. februar 2025',
      'Anna Holm (Jobcenter) gjorde sig selv til borgerens personlige jobformidler fra 3. marts 2025',
      'Anna Holm (Jobcenter) registrerede, at borgeren ikke har en personlig jobformidler fra 10. marts 2025 (før Anna Holm)',
    ]);
    expect(events.every((e) => e.actor_id === ids.anna)).toBe(true);

    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; title: string | null; changes: Array<{ label: string; before: string | null; after: string | null }> }> } }>(
      `query($planId: ID!) { planHistory(planId: $planId, first: 3) { items { kind title changes { label before after } } } }`, { planId: c.planId }, tokens.dorte);
    expect(history.errors).toBeUndefined();
    const [endItem, changeItem] = history.data!.planHistory.items;
    expect(changeItem).toEqual({
      kind: 'JOB_FACILITATOR_CHANGED', title: 'den personlige jobformidler',
      changes: [
        { label: 'Personlig jobformidler', before: 'Dorte Madsen', after: 'Anna Holm' },
        { label: 'Personlig jobformidler fra', before: '1. februar 2025', after: '3. marts 2025' },
      ],
    });
    expect(endItem.changes).toEqual([
      { label: 'Personlig jobformidler', before: 'Anna Holm', after: null },
      { label: 'Ikke længere personlig jobformidler fra', before: null, after: '10. marts 2025' },
    ]);
  });

  it('a new person from the day the one before began: the history lists who changed, not the day that stayed', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    // Anna takes it on herself, then hands it to Dorte the same day.
    for (const user of ['anna', 'dorte']) expect((await assign(c, user, '2025-03-10')).errors).toBeUndefined();
    const history = await t.gql<{ planHistory: { items: Array<{ summary: string; changes: Array<{ label: string; before: string | null; after: string | null }> }> } }>(
      `query($planId: ID!) { planHistory(planId: $planId, first: 2) { items { summary changes { label before after } } } }`, { planId: c.planId }, tokens.dorte);
    expect(history.errors).toBeUndefined();
    expect(history.data!.planHistory.items).toEqual([
      {
        summary: 'Anna Holm (Jobcenter) gjorde Dorte Madsen (Jobcenter) til borgerens personlige jobformidler fra 10. marts 2025',
        changes: [{ label: 'Personlig jobformidler', before: 'Anna Holm', after: 'Dorte Madsen' }],
      },
      {
        summary: 'Anna Holm (Jobcenter) gjorde sig selv til borgerens personlige jobformidler fra 10. marts 2025',
        changes: [
          { label: 'Personlig jobformidler', before: null, after: 'Anna Holm' },
          { label: 'Personlig jobformidler fra', before: null, after: '10. marts 2025' },
        ],
      },
    ]);
  });

  it('between two colleagues of one name the history still lists the person, and its record says which of them it is now', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    // Two caseworkers in the jobcenter, both named Jens Hansen.
    const jens: string[] = [];
    for (const username of ['jens-hansen-1', 'jens-hansen-2']) {
      const [{ id }] = await t.db.dataSource.query(
        `INSERT INTO app_user (municipality_id, username, name, role, unit_id) SELECT municipality_id, $1, 'Jens Hansen', 'CASEWORKER', unit_id FROM app_user WHERE username = 'dorte' RETURNING id`,
        [username]);
      jens.push(id);
    }
    // The first from 1 March; handed to his namesake the same day; back to the first from 5 March.
    for (const [user, day] of [[jens[0], '2025-03-01'], [jens[1], '2025-03-01'], [jens[0], '2025-03-05']]) expect((await assign(c, user, day)).errors).toBeUndefined();
    const history = await t.gql<{ planHistory: { items: Array<{ summary: string; changes: Array<{ label: string; before: string | null; after: string | null }>; record: { fromDate: string; user: { id: string; name: string } } }> } }>(
      `query($planId: ID!) { planHistory(planId: $planId, first: 2) { items { summary changes { label before after } record { ... on JobFacilitatorAssignment { fromDate user { id name } } } } } }`,
      { planId: c.planId }, tokens.dorte);
    expect(history.errors).toBeUndefined();
    const person = { label: 'Personlig jobformidler', before: 'Jens Hansen', after: 'Jens Hansen' };
    expect(history.data!.planHistory.items).toEqual([
      {
        summary: 'Anna Holm (Jobcenter) gjorde Jens Hansen (Jobcenter) til borgerens personlige jobformidler fra 5. marts 2025',
        changes: [person, { label: 'Personlig jobformidler fra', before: '1. marts 2025', after: '5. marts 2025' }],
        record: { fromDate: '2025-03-05', user: { id: jens[0], name: 'Jens Hansen' } },
      },
      {
        summary: 'Anna Holm (Jobcenter) gjorde Jens Hansen (Jobcenter) til borgerens personlige jobformidler fra 1. marts 2025',
        changes: [person],
        record: { fromDate: '2025-03-01', user: { id: jens[1], name: 'Jens Hansen' } },
      },
    ]);
  });
});

describe('refusals', () => {
  it('another forløb than a 2022-rules ressourceforløb is refused JOB_FACILITATOR_NOT_APPLICABLE, and the card is told so', async () => {
    setDay('2025-03-10');
    for (const c of [
      await ressourceforloeb({ start: '2021-06-01', end: '2025-05-31' }),
      await ressourceforloeb({ type: 'JOBAFKLARINGSFORLOEB' }),
    ]) {
      expect(await read(c)).toMatchObject({ jobFacilitatorRight: false, mayRecordJobFacilitator: false });
      const res = await assign(c, 'dorte', '2025-03-01');
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'JOB_FACILITATOR_NOT_APPLICABLE', source: 'LAB §113 a' });
      expect(await rows(c)).toBe(0);
    }
    setDay('2026-03-10');
    const own = await ressourceforloeb({ start: '2026-02-15', type: 'HELHEDSORIENTERET' });
    expect(codeOf(await assign(own, 'dorte', '2026-03-01'))).toBe('RULE_VIOLATION');
  });

  it('the person must be an active caseworker of a jobcenter unit in the municipality (BAD_USER_INPUT at userId)', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    for (const user of ['bent', 'carla', 'mikkel', 'lene', 'otto', 'not-a-uuid']) {
      const res = await assign(c, user, '2025-03-01');
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    }
    // Deactivated: no longer to be named.
    const [gone] = await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, name, role, unit_id, deactivated_at) SELECT municipality_id, 'gone-jf', 'Gitte Gået', 'CASEWORKER', unit_id, now() FROM app_user WHERE username = 'dorte' RETURNING id`);
    expect((await assign(c, gone.id, '2025-03-01')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect(await rows(c)).toBe(0);
    // The same person again is no change.
    expect((await assign(c, 'dorte', '2025-03-01')).errors).toBeUndefined();
    expect((await assign(c, 'dorte', '2025-03-05')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
  });

  it('the day: not ahead of today, not before the decision date, not before the current one began (at fromDate)', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb({ decision: '2025-01-10', start: '2025-01-15' });
    for (const day of ['2025-03-11', '2025-01-09']) {
      expect((await assign(c, 'dorte', day)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDate' });
    }
    // From the decision day, before the first day of the forløb: the right comes with the decision.
    const named = await assign(c, 'dorte', '2025-01-10');
    expect(named.errors).toBeUndefined();
    const current = named.data!.assignJobFacilitator.jobFacilitator!;
    await assign(c, 'anna', '2025-03-01');
    const anna = (await read(c)).jobFacilitator!;
    expect((await assign(c, 'dorte', '2025-02-28')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDate' });
    expect((await end(c, '2025-02-28', anna.id)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDate' });
    expect(current.id).not.toBe(anna.id);
  });

  it('a change made on what someone else has changed meanwhile is refused (CONFLICT), with the current one', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    const first = (await assign(c, 'dorte', '2025-02-01', 'anna', null)).data!.assignJobFacilitator.jobFacilitator!;
    // Another caseworker named nobody yet as far as the form read: the first is there now.
    const stale = await assign(c, 'anna', '2025-03-01', 'dorte', null);
    // Named, so the form can say who it is now.
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { id: first.id, userId: ids.dorte, fromDate: '2025-02-01', toDate: null, userName: 'Dorte Madsen' } });
    // And who registered it (the form says whether it was the user, in another window); not the stored row's own columns.
    expect(stale.errors?.[0].extensions?.current).toMatchObject({ __typename: 'JobFacilitatorAssignment', assignedById: ids.anna });
    expect(stale.errors?.[0].extensions?.current).not.toHaveProperty('municipalityId');
    expect(await rows(c)).toBe(1);
  });

  it('a change that says nothing of what was read counts as having read none: it does not end a colleague’s assignment unseen (CONFLICT)', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    const first = (await assign(c, 'dorte', '2025-02-01', 'anna', 'omit')).data!.assignJobFacilitator.jobFacilitator!;
    const blind = await assign(c, 'anna', '2025-03-01', 'anna', 'omit');
    expect(blind.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { id: first.id, userName: 'Dorte Madsen' } });
    expect(await rows(c)).toBe(1);
  });

  it('an ended forløb is read, not changed (PROGRAMME_ENDED)', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT', end_date = '2025-03-05' WHERE id = $1`, [c.programmeId]);
    expect(await read(c)).toMatchObject({ jobFacilitatorRight: true, mayRecordJobFacilitator: false });
    expect((await assign(c, 'dorte', '2025-03-01')).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' });
    expect(await rows(c)).toBe(0);
  });
});

describe('who records it: the coordinator and the jobcenter’s caseworkers on the plan', () => {
  it('a coordinator of another unit may; a jobcenter caseworker on the team may; another unit on the team is refused; one not on the plan finds nothing', async () => {
    setDay('2025-03-10');
    // Bent of social services coordinates.
    const c = await ressourceforloeb({ coordinator: 'bent' });
    expect(codeOf(await assign(c, 'dorte', '2025-03-01', 'dorte'))).toBe('NOT_FOUND');
    expect(codeOf(await assign(c, 'dorte', '2025-03-01', 'otto'))).toBe('NOT_FOUND');
    for (const kind of ['EMPLOYMENT', 'HEALTH']) {
      await t.db.dataSource.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3)`, [c.planId, await unitIdOf(t, kind), c.municipalityId]);
    }
    const carla = await assign(c, 'dorte', '2025-03-01', 'carla');
    expect(carla.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('jobcenterets sagsbehandlere på planen') });
    expect(await read(c, 'carla')).toMatchObject({ mayRecordJobFacilitator: false });
    expect(await count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'ASSIGN_JOB_FACILITATOR' AND outcome = 'DENIED'`, [c.programmeId])).toBe(3);
    expect(await rows(c)).toBe(0);

    expect(await read(c, 'bent')).toMatchObject({ mayRecordJobFacilitator: true });
    const bent = await assign(c, 'dorte', '2025-02-01', 'bent');
    expect(bent.errors).toBeUndefined();
    expect(await read(c, 'dorte')).toMatchObject({ mayRecordJobFacilitator: true });
    const dorte = await assign(c, 'anna', '2025-03-01', 'dorte');
    expect(dorte.errors).toBeUndefined();
    expect(dorte.data!.assignJobFacilitator.jobFacilitator).toMatchObject({ user: { name: 'Anna Holm' } });
  });
});

describe('who hears of it live', () => {
  it('the change’s event reaches the citizen as a refresh of Min plan, and not the mentor on the plan', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    await t.db.dataSource.query(
      `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date)
       SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', '2025-01-15', '2025-06-30' FROM app_user u WHERE u.username = 'mikkel'`,
      [c.municipalityId, c.programmeId, c.planId]);
    expect((await assign(c, 'dorte', '2025-03-01')).errors).toBeUndefined();
    const [row] = await t.db.dataSource.query(`SELECT kind, plan_id, municipality_id, at, payload FROM plan_event WHERE plan_id = $1 AND kind = 'JOB_FACILITATOR_CHANGED'`, [c.planId]);
    const event = { kind: row.kind, planId: row.plan_id, municipalityId: row.municipality_id, at: row.at, payload: row.payload };
    const access = await loadPlanAccess(t.db.dataSource, c.planId);
    const citizen = { ...(await actorNamed(t.db.dataSource, 'anna')), userId: 'u-citizen', role: Role.CITIZEN, unitId: null, unitKind: null, citizenId: c.citizenId };
    expect(citizenMayReceive(citizen, event, access)).toBe(true);
    // No record and no names: the page reads Min plan again.
    expect(citizenView(event)).toMatchObject({ entity: null, summary: 'Din plan er opdateret' });
    expect(mentorMayReceive(await actorNamed(t.db.dataSource, 'mikkel'), event, access, now)).toBe(false);
  });
});

describe('the citizen’s Min plan', () => {
  it('shows the citizen their personal jobformidler by name and unit, from its first day, while the person is active', async () => {
    setDay('2025-03-10');
    const planId = await planIdOf(t, 'Per Hansen');
    const [{ programme_id: programmeId, municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT programme_id, municipality_id FROM plan WHERE id = $1`, [planId]);
    const MY = `{ myPlan { jobFacilitator { name unitName } } }`;
    const mine = async () => {
      const res = await t.gql<{ myPlan: { jobFacilitator: { name: string; unitName: string | null } | null } }>(MY, {}, tokens.per);
      expect(res.errors).toBeUndefined();
      return res.data!.myPlan.jobFacilitator;
    };
    expect(await mine()).toBeNull();
    await t.db.dataSource.query(
      `INSERT INTO job_facilitator_assignment (municipality_id, programme_id, user_id, unit_id, from_date, assigned_at, assigned_by)
       SELECT $1, $2, u.id, u.unit_id, '2025-03-01', now(), u.id FROM app_user u WHERE u.username = 'dorte'`, [municipalityId, programmeId]);
    expect(await mine()).toEqual({ name: 'Dorte Madsen', unitName: 'Jobcenter' });
  });
});

describe('a jobformidler who has left', () => {
  it('is marked as having left once their account is deactivated, so the plan says a new one is to be chosen', async () => {
    setDay('2025-03-10');
    const c = await ressourceforloeb();
    const [{ id: leaver }] = await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, name, role, unit_id) SELECT municipality_id, 'jf-leaver', 'Lise Leaver', 'CASEWORKER', unit_id FROM app_user WHERE username = 'dorte' RETURNING id`);
    const LEFT = `query($id: ID!) { programme(id: $id) { jobFacilitator { user { name } userLeft } } }`;
    const left = async () => (await t.gql<{ programme: { jobFacilitator: { user: { name: string }; userLeft: boolean } } }>(LEFT, { id: c.programmeId }, tokens.anna)).data!.programme.jobFacilitator;
    expect((await assign(c, leaver, '2025-03-01')).errors).toBeUndefined();
    expect(await left()).toEqual({ user: { name: 'Lise Leaver' }, userLeft: false });
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE id = $1`, [leaver]);
    expect(await left()).toEqual({ user: { name: 'Lise Leaver' }, userLeft: true });
  });
});
