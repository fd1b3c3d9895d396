import { randomUUID } from 'node:crypto';
import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * No existence oracle inside one municipality: for a user who may not see a record, a
 * record that exists and an id that was made up answer the same code and the same
 * message, for every read and write by id (OWASP ASVS 4.0, V4.2.1: access to records by
 * id; OWASP Testing Guide, IDOR).
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now())`, [fmk.municipality_id]);
  for (const u of ['carla', 'bent', 'mikkel', 'mette']) tokens[u] = await t.login(u);
  const per = await planIdOf(t, 'Per');
  const eva = await planIdOf(t, 'Eva');
  const one = async (sql: string, params: unknown[]) => ((await t.db.dataSource.query(sql, params)) as Array<{ id: string }>)[0].id;
  ids.intervention = await one(`SELECT id FROM intervention WHERE plan_id = $1 ORDER BY title LIMIT 1`, [per]);
  ids.activity = await one(`SELECT id FROM activity WHERE plan_id = $1 ORDER BY title LIMIT 1`, [per]);
  ids.subGoal = await one(`SELECT id FROM sub_goal WHERE plan_id = $1 ORDER BY text LIMIT 1`, [per]);
  ids.followUp = await one(`SELECT id FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at LIMIT 1`, [per]);
  ids.programme = await one(`SELECT programme_id AS id FROM plan WHERE id = $1`, [per]);
  ids.evaGrant = await one(`SELECT id FROM mentor_grant WHERE plan_id = $1`, [eva]);
  ids.mikkelTask = await one(`SELECT id FROM mentor_task WHERE plan_id = $1`, [eva]);
  ids.anna = await one(`SELECT id FROM app_user WHERE username = 'anna'`, []);
});
afterAll(() => t.stop());

interface Probe {
  name: string;
  /** Who is not allowed to see the record. */
  who: string;
  query: string;
  vars: (id: string) => Record<string, unknown>;
  /** The id of a record that exists (in the caller's own municipality). */
  existing: () => string;
}

const today = new Date().toISOString().slice(0, 10);

// Carla (health) is not on Per's team (jobcenter, social); Bent (social) is not on Eva's (jobcenter, health).
const PROBES: Probe[] = [
  { name: 'intervention(id)', who: 'carla', query: `query($id: ID!) { intervention(id: $id) { id } }`, vars: (id) => ({ id }), existing: () => ids.intervention },
  { name: 'intervention(id) by a mentor', who: 'mikkel', query: `query($id: ID!) { intervention(id: $id) { id } }`, vars: (id) => ({ id }), existing: () => ids.intervention },
  {
    name: 'updateIntervention', who: 'carla', query: `mutation($i: UpdateInterventionInput!) { updateIntervention(input: $i) { id } }`,
    vars: (id) => ({ i: { id, expectedVersion: 1, title: 'Ny titel' } }), existing: () => ids.intervention,
  },
  {
    name: 'createActivity', who: 'carla', query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }`,
    vars: (id) => ({ i: { interventionId: id, title: 'Møde', dueAt: `${today}T10:00:00Z` } }), existing: () => ids.intervention,
  },
  {
    name: 'updateActivity', who: 'carla', query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`,
    vars: (id) => ({ i: { id, expectedVersion: 1, title: 'Ny titel' } }), existing: () => ids.activity,
  },
  {
    name: 'updateSubGoal', who: 'carla', query: `mutation($i: UpdateSubGoalInput!) { updateSubGoal(input: $i) { id } }`,
    vars: (id) => ({ i: { id, expectedVersion: 1, text: 'Nyt delmål' } }), existing: () => ids.subGoal,
  },
  {
    name: 'recordSubGoalProgress', who: 'carla', query: `mutation($i: RecordProgressInput!) { recordSubGoalProgress(input: $i) { id } }`,
    vars: (id) => ({ i: { subGoalId: id, measuredOn: today, scale: 'ONE_TO_FIVE', value: 3 } }), existing: () => ids.subGoal,
  },
  {
    name: 'setMentorSharing(ACTIVITY)', who: 'carla', query: `mutation($id: ID!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: true) }`,
    vars: (id) => ({ id }), existing: () => ids.activity,
  },
  {
    name: 'setMentorSharing(FOLLOW_UP)', who: 'carla', query: `mutation($id: ID!) { setMentorSharing(kind: FOLLOW_UP, id: $id, shared: true) }`,
    vars: (id) => ({ id }), existing: () => ids.followUp,
  },
  {
    name: 'endMentorGrant', who: 'bent', query: `mutation($id: ID!) { endMentorGrant(id: $id, expectedVersion: 1) { id } }`,
    vars: (id) => ({ id }), existing: () => ids.evaGrant,
  },
  { name: 'mentorCase(grantId)', who: 'mette', query: `query($id: ID!) { mentorCase(grantId: $id) { grant { id } } }`, vars: (id) => ({ id }), existing: () => ids.evaGrant },
  {
    name: 'logMentorTask', who: 'mette', query: `mutation($i: LogMentorTaskInput!) { logMentorTask(input: $i) { id } }`,
    vars: (id) => ({ i: { grantId: id, date: today, minutes: 10, title: 'Opgave' } }), existing: () => ids.evaGrant,
  },
  {
    name: 'updateMentorTask', who: 'mette', query: `mutation($i: UpdateMentorTaskInput!) { updateMentorTask(input: $i) { id } }`,
    vars: (id) => ({ i: { id, expectedVersion: 1, title: 'Rettet' } }), existing: () => ids.mikkelTask,
  },
  { name: 'programme(id)', who: 'carla', query: `query($id: ID!) { programme(id: $id) { id } }`, vars: (id) => ({ id }), existing: () => ids.programme },
  {
    name: 'updateProgramme', who: 'carla', query: `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { id } }`,
    vars: (id) => ({ i: { id, expectedVersion: 1, endDate: today } }), existing: () => ids.programme,
  },
  {
    name: 'reassignCoordinator', who: 'carla', query: `mutation($i: ReassignCoordinatorInput!) { reassignCoordinator(input: $i) { id } }`,
    vars: (id) => ({ i: { programmeId: id, userId: ids.anna, reason: 'Skift', citizenConsulted: true } }), existing: () => ids.programme,
  },
  {
    name: 'decideNextStep', who: 'carla', query: `mutation($i: DecideNextStepInput!) { decideNextStep(input: $i) { id } }`,
    vars: (id) => ({ i: { programmeId: id, step: 'FLEXJOB' } }), existing: () => ids.programme,
  },
];

describe('a record the caller may not see answers exactly as a made-up id does', () => {
  it.each(PROBES.map((p) => [p.name, p] as const))('%s', async (_name, p) => {
    const seen = await t.gql(p.query, p.vars(p.existing()), tokens[p.who]);
    const madeUp = await t.gql(p.query, p.vars(randomUUID()), tokens[p.who]);
    const answer = (r: typeof seen) => ({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message, data: r.data ?? null });
    expect(answer(seen).code).toBe('NOT_FOUND');
    expect(answer(seen)).toEqual(answer(madeUp));
  });
});
