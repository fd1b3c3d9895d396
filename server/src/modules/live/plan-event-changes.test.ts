import { updateVersionedChange } from '../../core/db/versioned-update';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { codeOf, count, interventionOf, planIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * What an event says changed (changes, title, record), whose saved values a save replaced
 * (overwrote), and the plan's history that keeps it: read back as a caseworker or a mentor
 * reads it, through planHistory, from the events the mutations wrote.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'mikkel']) tokens[u] = await t.login(u);
}, 60_000);
afterAll(() => t.stop());

interface HistoryItem {
  seq: string;
  kind: string;
  entityId: string;
  title: string | null;
  actor: { name: string } | null;
  changes: Array<{ field: string; label: string; before: string | null; after: string | null }>;
  overwrote: Array<{ user: { name: string }; seq: string; fields: string[] }>;
  record: Record<string, unknown> | null;
}
type HistoryData = { planHistory: { items: HistoryItem[]; olderCursor: string | null } };

const HISTORY = `query($planId: ID!, $recordId: ID, $first: Int, $before: String) {
  planHistory(planId: $planId, recordId: $recordId, first: $first, before: $before) {
    items { seq kind entityId title actor { name } changes { field label before after } overwrote { user { name } seq fields }
      record { __typename
        ... on Intervention { id version interventionStatus: status title }
        ... on SocialIntervention { hoursPerWeek }
        ... on Activity { id title activityStatus: status }
        ... on SubGoal { id text subGoalStatus: status }
        ... on Plan { id employmentGoal }
        ... on MentorActivity { id title mentorActivityStatus: status dueAt } } }
    olderCursor } }`;

async function history(user: string, planId: string, vars: Record<string, unknown> = {}) {
  return t.gql<HistoryData>(HISTORY, { planId, ...vars }, tokens[user]);
}

async function latest(user: string, planId: string, recordId: string): Promise<HistoryItem> {
  const res = await history(user, planId, { recordId, first: 1 });
  expect(res.errors).toBeUndefined();
  return res.data!.planHistory.items[0];
}

describe('an update says what changed, before → after, in Danish', () => {
  it('an intervention: status and a unit\'s own field (Timer om ugen), and a date as the client shows it', async () => {
    const per = await planIdOf(t, 'Per');
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const res = await t.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`,
      { input: { id: bostotte.id, expectedVersion: bostotte.version, status: 'ACTIVE', hoursPerWeek: 4.5, startDate: '2026-03-03' } }, tokens.bent);
    expect(res.errors).toBeUndefined();

    const item = await latest('anna', per, bostotte.id);
    expect(item).toMatchObject({ kind: 'INTERVENTION_STATUS_CHANGED', title: 'Bostøtte', actor: { name: 'Bent Sørensen' }, overwrote: [] });
    expect(item.record).toMatchObject({ __typename: 'SocialIntervention', id: bostotte.id, interventionStatus: 'ACTIVE', hoursPerWeek: 4.5, version: bostotte.version + 1 });
    const byField = Object.fromEntries(item.changes.map((c) => [c.field, c]));
    expect(Object.keys(byField).sort()).toEqual(['hoursPerWeek', 'startDate', 'status']);
    expect(byField.status).toEqual({ field: 'status', label: 'Status', before: 'Planlagt', after: 'Aktiv' });
    expect(byField.hoursPerWeek).toEqual({ field: 'hoursPerWeek', label: 'Timer om ugen', before: '3', after: '4,5' });
    expect(byField.startDate).toMatchObject({ label: 'Startdato', after: '3. marts 2026' });

    // Stored raw, as the API names and holds the values.
    const [row] = await t.db.dataSource.query(`SELECT payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [bostotte.id]);
    expect(row.payload.changes).toEqual(expect.arrayContaining([{ field: 'status', before: 'PLANNED', after: 'ACTIVE' }, { field: 'hoursPerWeek', before: 3, after: 4.5 }]));
    expect(row.payload.recordVersion).toBe(bostotte.version + 1);
  });

  it('an activity, a sub-goal and the plan\'s goal', async () => {
    const per = await planIdOf(t, 'Per');
    const [activity] = await t.db.dataSource.query(`SELECT id, version, title, status FROM activity WHERE plan_id = $1 AND title LIKE 'Fast opgave%'`, [per]);
    const shown: Record<string, string> = { PLANNED: 'Planlagt', DONE: 'Udført', CANCELLED: 'Aflyst' };
    const status = activity.status === 'CANCELLED' ? 'DONE' : 'CANCELLED';
    const act = await t.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`,
      { i: { id: activity.id, expectedVersion: activity.version, status, title: 'Fast opgave: mælk og brød' } }, tokens.dorte);
    expect(act.errors).toBeUndefined();
    const a = await latest('anna', per, activity.id);
    expect(a.title).toBe('Fast opgave: mælk og brød');
    expect(a.record).toEqual({ __typename: 'Activity', id: activity.id, title: 'Fast opgave: mælk og brød', activityStatus: status });
    expect(a.changes).toEqual(expect.arrayContaining([
      { field: 'title', label: 'Titel', before: activity.title, after: 'Fast opgave: mælk og brød' },
      { field: 'status', label: 'Status', before: shown[activity.status], after: shown[status] },
    ]));
    expect(a.changes).toHaveLength(2);

    const [goal] = await t.db.dataSource.query(`SELECT id, version, text FROM sub_goal WHERE plan_id = $1 AND area = 'SOCIAL'`, [per]);
    const sg = await t.gql(`mutation($i: UpdateSubGoalInput!) { updateSubGoal(input: $i) { id } }`, { i: { id: goal.id, expectedVersion: goal.version, status: 'ACHIEVED' } }, tokens.anna);
    expect(sg.errors).toBeUndefined();
    const g = await latest('bent', per, goal.id);
    expect(g).toMatchObject({ title: goal.text, changes: [{ field: 'status', label: 'Status', before: 'I gang', after: 'Nået' }] });

    const [plan] = await t.db.dataSource.query(`SELECT version, employment_goal FROM plan WHERE id = $1`, [per]);
    const pl = await t.gql(`mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { id } }`, { i: { id: per, expectedVersion: plan.version, employmentGoal: 'Job i en dagligvarebutik, 15 timer om ugen' } }, tokens.anna);
    expect(pl.errors).toBeUndefined();
    const p = await latest('bent', per, per);
    expect(p).toMatchObject({
      kind: 'PLAN_UPDATED', title: 'planen', record: { __typename: 'Plan', id: per, employmentGoal: 'Job i en dagligvarebutik, 15 timer om ugen' },
      changes: [{ field: 'employmentGoal', label: 'Beskæftigelsesmål', before: plan.employment_goal, after: 'Job i en dagligvarebutik, 15 timer om ugen' }],
    });
  });

  it('a creation has no changes', async () => {
    const per = await planIdOf(t, 'Per');
    const created = await t.gql<{ createSubGoal: { id: string } }>(`mutation($i: CreateSubGoalInput!) { createSubGoal(input: $i) { id } }`,
      { i: { planId: per, area: 'HEALTH', text: 'Sove bedre', reason: 'Per sover dårligt' } }, tokens.anna);
    expect(created.errors).toBeUndefined();
    const item = await latest('anna', per, created.data!.createSubGoal.id);
    expect(item).toMatchObject({ kind: 'SUBGOAL_CREATED', title: 'Sove bedre', changes: [] });
  });
});

describe('before is the row the write replaced, even when a concurrent write got there first', () => {
  /** One transaction of its own, left open: it holds the row's lock until `end`. */
  async function holdingLock(sql: string, params: unknown[]) {
    const runner = t.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(sql, params);
    return {
      end: async (commit: boolean) => {
        await (commit ? runner.commitTransaction() : runner.rollbackTransaction());
        await runner.release();
      },
    };
  }

  const untilWaiting = () => untilWaitingForLock(t);

  it('a write that waited on the lock reports the value committed meanwhile, not what it saw when it started', async () => {
    const ds = t.db.dataSource;
    const eva = await planIdOf(t, 'Eva');
    const [activity] = await ds.query(`SELECT id, version, title, shared_with_mentor FROM activity WHERE plan_id = $1 AND title LIKE 'Øg til 2 dage%'`, [eva]);
    // Another change that does not move the version (sharing with the mentor) holds the row.
    const other = await holdingLock(`UPDATE activity SET shared_with_mentor = $2 WHERE id = $1`, [activity.id, !activity.shared_with_mentor]);
    const write = ds.transaction((m) => updateVersionedChange(m, 'activity', activity.id, activity.version, { title: 'Øg til 3 dage om ugen' }, async () => null));
    await untilWaiting();
    await other.end(true);
    const { before, after } = await write;
    expect(before).toMatchObject({ shared_with_mentor: !activity.shared_with_mentor, version: activity.version, title: activity.title });
    expect(after).toMatchObject({ shared_with_mentor: !activity.shared_with_mentor, version: activity.version + 1, title: 'Øg til 3 dage om ugen' });
  });

  it('a write on the version another writer is replacing waits, then gets CONFLICT', async () => {
    const ds = t.db.dataSource;
    const { id, version } = await interventionOf(t, 'Eva', 'Mindfulnessforløb');
    const other = await holdingLock(`UPDATE intervention SET title = 'Mindfulness (A)', version = version + 1 WHERE id = $1`, [id]);
    const write = ds.transaction((m) => updateVersionedChange(m, 'intervention', id, version, { title: 'Mindfulness (B)' }, async () => ({ id })));
    const settled = write.then(() => 'written', (e: { extensions?: { code?: string } }) => e.extensions?.code);
    await untilWaiting();
    await other.end(true);
    expect(await settled).toBe('CONFLICT');
    const [row] = await ds.query(`SELECT title, version FROM intervention WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Mindfulness (A)', version: version + 1 });
  });
});

describe('who a save overwrote', () => {
  it('a save after a conflict names the colleague whose values it replaced, and only the fields that differ', async () => {
    const per = await planIdOf(t, 'Per');
    const [praktik] = await t.db.dataSource.query(`SELECT id, version, title FROM intervention WHERE plan_id = $1 AND unit_kind = 'EMPLOYMENT' ORDER BY title LIMIT 1`, [per]);
    const UPDATE = `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { id version } }`;
    const anna = await t.gql(UPDATE, { input: { id: praktik.id, expectedVersion: praktik.version, title: 'Praktik (Anna)', hoursPerWeek: 12 } }, tokens.anna);
    expect(anna.errors).toBeUndefined();
    const annaSeq = (await latest('dorte', per, praktik.id)).seq;

    // Dorte started from the old version: CONFLICT, then she saves on the current one.
    const stale = await t.gql(UPDATE, { input: { id: praktik.id, expectedVersion: praktik.version, title: 'Praktik (Dorte)', hoursPerWeek: 12 } }, tokens.dorte);
    expect(codeOf(stale)).toBe('CONFLICT');
    const again = await t.gql(UPDATE, { input: { id: praktik.id, expectedVersion: praktik.version + 1, baseVersion: praktik.version, title: 'Praktik (Dorte)', hoursPerWeek: 12, notes: 'Aftalt' } }, tokens.dorte);
    expect(again.errors).toBeUndefined();
    const item = await latest('anna', per, praktik.id);
    // The hours were the same as Anna's: not overwritten; the title was.
    expect(item.overwrote).toEqual([{ user: { name: 'Anna Holm' }, seq: annaSeq, fields: ['Titel'] }]);

    // Without a base version, or with one that is current, nothing is reported.
    const third = await t.gql(UPDATE, { input: { id: praktik.id, expectedVersion: praktik.version + 2, baseVersion: praktik.version + 2, title: 'Praktik' } }, tokens.anna);
    expect(third.errors).toBeUndefined();
    expect((await latest('anna', per, praktik.id)).overwrote).toEqual([]);
  });
});

describe('a mentor sees only their cut', () => {
  it('record is the mentor type, changes only fields on the allow-list, nothing of other records', async () => {
    const eva = await planIdOf(t, 'Eva');
    const [shared] = await t.db.dataSource.query(`SELECT id, version, title FROM activity WHERE plan_id = $1 AND shared_with_mentor ORDER BY title LIMIT 1`, [eva]);
    const res = await t.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`,
      { i: { id: shared.id, expectedVersion: shared.version, status: 'DONE', notes: 'Intern note om løntilskud' } }, tokens.dorte);
    expect(res.errors).toBeUndefined();

    const mine = await history('mikkel', eva, { first: 100 });
    expect(mine.errors).toBeUndefined();
    const items = mine.data!.planHistory.items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => ['MentorActivity', 'MentorMeeting', 'MentorTask', 'MentorGrant'].includes(String(i.record?.__typename)))).toBe(true);
    const [latestShared] = items.filter((i) => i.entityId === shared.id);
    expect(latestShared.record).toEqual({ __typename: 'MentorActivity', id: shared.id, title: shared.title, mentorActivityStatus: 'DONE', dueAt: expect.any(String) });
    expect(latestShared.title).toBe(shared.title);
    expect(latestShared.changes).toEqual([{ field: 'status', label: 'Status', before: 'Planlagt', after: 'Udført' }]);
    expect(JSON.stringify(items)).not.toMatch(/Intern note|notes|Mindfulness/);

    // Asking for the record directly, or for a plan without a grant: nothing, or NOT_FOUND.
    const staffItem = await history('mikkel', eva, { recordId: eva });
    expect(staffItem.data?.planHistory.items).toEqual([]);
    expect(codeOf(await history('mikkel', await planIdOf(t, 'Per')))).toBe('NOT_FOUND');
  });
});

describe('whose saved values a change replaced, as a mentor is told', () => {
  it('a colleague of a health or social unit is not named to a mentor; one of the jobcenter is; staff see both', async () => {
    const eva = await planIdOf(t, 'Eva');
    const [shared] = await t.db.dataSource.query(`SELECT id, version FROM activity WHERE plan_id = $1 AND shared_with_mentor ORDER BY title LIMIT 1`, [eva]);
    const res = await t.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`, { i: { id: shared.id, expectedVersion: shared.version, title: 'Samtale med arbejdsgiver om flere timer' } }, tokens.dorte);
    expect(res.errors).toBeUndefined();
    // The save as one made after a conflict over values Carla (Sundhed) and Anna (Jobcenter) had saved.
    const [saved] = await t.db.dataSource.query(`SELECT seq, municipality_id, kind, entity_type, payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [shared.id]);
    const ids = Object.fromEntries((await t.db.dataSource.query(`SELECT username, id FROM app_user WHERE username IN ('carla', 'anna')`)).map((u: { username: string; id: string }) => [u.username, u.id]));
    await t.db.dataSource.transaction((m) => appendEvent(m, {
      planId: eva, municipalityId: saved.municipality_id, kind: saved.kind, entityType: saved.entity_type, entityId: shared.id, actor: null, summary: 'Aktiviteten er ændret',
      payload: { ...saved.payload, overwrote: [{ userId: ids.carla, seq: saved.seq, fields: ['title'] }, { userId: ids.anna, seq: saved.seq, fields: ['title'] }] },
    }));

    expect((await latest('mikkel', eva, shared.id)).overwrote).toEqual([{ user: { name: 'Anna Holm' }, seq: saved.seq, fields: ['Titel'] }]);
    expect((await latest('dorte', eva, shared.id)).overwrote.map((o) => o.user.name)).toEqual(['Carla Nielsen', 'Anna Holm']);
  });
});

describe('planHistory', () => {
  it('pages newest first with an opaque cursor, filters by record, leaves out the rules\' own events', async () => {
    const per = await planIdOf(t, 'Per');
    const all = (await history('anna', per, { first: 100 })).data!.planHistory.items;
    expect(all.length).toBeGreaterThan(4);
    const seqs = all.map((i) => BigInt(i.seq));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
    expect(all.some((i) => i.kind === 'WARNINGS_CHANGED')).toBe(false);
    // The rules' own event, newest of all: not in the history.
    const [plan] = await t.db.dataSource.query(`SELECT municipality_id, programme_id FROM plan WHERE id = $1`, [per]);
    await t.db.dataSource.transaction((m) => appendEvent(m, {
      planId: per, municipalityId: plan.municipality_id, kind: EventKind.WARNINGS_CHANGED, entityType: 'PROGRAMME', entityId: plan.programme_id,
      actor: null, summary: 'Advarslerne er ændret', payload: { entity: { __typename: 'Programme', id: plan.programme_id } },
    }));
    expect((await history('anna', per, { first: 100 })).data!.planHistory.items.map((i) => i.seq)).toEqual(all.map((i) => i.seq));

    const first = (await history('anna', per, { first: 2 })).data!.planHistory;
    expect(first.items.map((i) => i.seq)).toEqual(all.slice(0, 2).map((i) => i.seq));
    expect(first.olderCursor).toEqual(expect.any(String));
    const second = (await history('anna', per, { first: 2, before: first.olderCursor })).data!.planHistory;
    expect(second.items.map((i) => i.seq)).toEqual(all.slice(2, 4).map((i) => i.seq));
    const last = (await history('anna', per, { first: 100, before: second.olderCursor })).data!.planHistory;
    expect(last.items.map((i) => i.seq)).toEqual(all.slice(4).map((i) => i.seq));
    expect(last.olderCursor).toBeNull();

    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const one = (await history('anna', per, { recordId: bostotte.id, first: 100 })).data!.planHistory.items;
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((i) => i.entityId === bostotte.id)).toBe(true);
  });

  it('refuses bad input and unseen plans, and is in the access log as a read of the plan', async () => {
    const per = await planIdOf(t, 'Per');
    for (const first of [0, 101]) expect(codeOf(await history('anna', per, { first }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await history('anna', per, { before: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    // A cursor made by hand, past the largest seq there can be: refused, not an unexpected error.
    expect(codeOf(await history('anna', per, { before: Buffer.from('seq:9999999999999999999').toString('base64url') }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await history('otto', per))).toBe('NOT_FOUND');
    expect(codeOf(await history('anna', '00000000-0000-0000-0000-000000000000'))).toBe('NOT_FOUND');

    const [{ citizen_id }] = await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [per]);
    const reads = await t.db.dataSource.query(
      `SELECT a.outcome, a.channel FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = $1 AND a.action = 'READ_PLAN_HISTORY' AND a.citizen_id = $2`,
      ['anna', citizen_id]);
    expect(reads).toEqual(expect.arrayContaining([{ outcome: 'ALLOWED', channel: 'PLAN_PAGE' }]));
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'otto' AND a.action = 'READ_PLAN_HISTORY' AND a.outcome = 'DENIED'`)).toBeGreaterThan(0);
  });
});
