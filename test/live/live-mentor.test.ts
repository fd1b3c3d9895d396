import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, attachedCount, caughtUp, setCoordinator, setTeam, waitFor } from './live-kit';

/**
 * The mentor's live stream is their scoped view (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8): only what is shared with them
 * or is their own, cut to the allow-list; and a mentor's task reaches the coordinator live,
 * also on another server instance.
 */
jest.setTimeout(60_000);

let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  for (const u of ['anna', 'carla', 'dorte', 'mikkel']) tokens[u] = await a.login(u);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await b.server.stop();
  await a.stop();
});

async function connect(server: TestServer, who: string): Promise<LiveClient> {
  const c = await LiveClient.connect(server.url, tokens[who]);
  clients.push(c);
  return c;
}

const one = async (sql: string, params: unknown[] = []) => (await a.db.dataSource.query(sql, params))[0];

it('a mentor receives shared activities cut to the allow-list, never unshared interventions; their task reaches the coordinator on another instance', async () => {
  const mikkel = (await connect(a, 'mikkel')).subscribe(CASELOAD_EVENTS);
  const anna = (await connect(b, 'anna')).subscribe(CASELOAD_EVENTS);
  await attachedCount(() => a.server.feed.stats().listeners, 1);
  await attachedCount(() => b.server.feed.stats().listeners, 1);

  // Health changes Eva's mindfulness intervention: not shared with the mentor.
  const mindfulness = await one(`SELECT id, version FROM intervention WHERE title = 'Mindfulnessforløb'`);
  const health = await a.gql(`mutation($i: UpdateInterventionInput!) { updateIntervention(input: $i) { id } }`,
    { i: { id: mindfulness.id, expectedVersion: mindfulness.version, notes: 'Fortroligt: angstanfald i weekenden' } }, tokens.carla);
  expect(health.errors).toBeUndefined();

  // The jobcenter changes an activity that is shared with the mentor.
  const shared = await one(`SELECT id, version FROM activity WHERE title = 'Samtale med arbejdsgiver om løntimer'`);
  const act = await a.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`,
    { i: { id: shared.id, expectedVersion: shared.version, notes: 'Intern note om løntilskud', assignee: 'Dorte Madsen' } }, tokens.dorte);
  expect(act.errors).toBeUndefined();

  await waitFor('mentor gets the shared activity', () => mikkel.events.length >= 1);
  expect(mikkel.events).toHaveLength(1);
  const [event] = mikkel.events;
  expect(event.kind).toBe('ACTIVITY_UPDATED');
  expect(event.record).toEqual({ __typename: 'MentorActivity', id: shared.id, title: 'Samtale med arbejdsgiver om løntimer', dueAt: expect.any(String), status: 'PLANNED' });
  expect(event.title).toBe('Samtale med arbejdsgiver om løntimer');
  // Notes and assignee changed, neither on the mentor's list: no change to show them.
  expect(event.changes).toEqual([]);
  expect(JSON.stringify(event)).not.toMatch(/Intern note|Virksomhedspraktik|angst|Fortroligt/);

  // The mentor logs a task through instance A; the coordinator on instance B sees it live.
  const grant = await one(`SELECT id FROM mentor_grant LIMIT 1`);
  const today = new Date().toISOString().slice(0, 10);
  const logged = await a.gql<{ logMentorTask: { id: string } }>(`mutation($i: LogMentorTaskInput!) { logMentorTask(input: $i) { id } }`,
    { i: { grantId: grant.id, date: today, minutes: 20, title: 'Ringede og vækkede Eva' } }, tokens.mikkel);
  expect(logged.errors).toBeUndefined();
  const taskId = logged.data!.logMentorTask.id;
  await waitFor('coordinator gets the task', () => anna.events.some((e) => e.entityId === taskId));
  const annaTask = anna.events.find((e) => e.entityId === taskId)!;
  expect(annaTask).toMatchObject({ kind: 'MENTOR_TASK_LOGGED', summary: 'Mentor Mikkel Lund loggede »Ringede og vækkede Eva« (20 min)' });
  await waitFor('mentor sees their own task', () => mikkel.events.some((e) => e.entityId === taskId));
  // The coordinator saw everything, the mentor only the two items of theirs. A note on an
  // intervention moves no warning (no rule reads notes), so it brings no WARNINGS_CHANGED.
  expect(anna.events.map((e) => e.kind)).toEqual(['INTERVENTION_UPDATED', 'ACTIVITY_UPDATED', 'MENTOR_TASK_LOGGED']);
  expect(mikkel.events.map((e) => e.kind)).toEqual(['ACTIVITY_UPDATED', 'MENTOR_TASK_LOGGED']);
  expect([...mikkel.errors, ...anna.errors]).toEqual([]);
});

it('a change made from a health or social unit reaches the mentor without who made it or from which unit; one from the jobcenter names them', async () => {
  const eva = await one(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Eva%'`);
  await setTeam(a.db.dataSource, eva.id, ['EMPLOYMENT', 'HEALTH']);
  await caughtUp(a.db.dataSource, [a.server.feed]);
  const before = a.server.feed.stats().listeners;
  const mikkel = (await connect(a, 'mikkel')).subscribe(CASELOAD_EVENTS);
  await attachedCount(() => a.server.feed.stats().listeners, before + 1);
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const record = async (who: string, summary: string) => {
    const res = await a.gql(`mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { id } }`, { i: {
      planId: eva.id, heldAt: day(-1), nextMeetingAt: day(30), mode: 'PHONE', participants: ['Eva Jensen'], sharedWithMentor: true, summary,
    } }, tokens[who]);
    expect(res.errors).toBeUndefined();
  };

  try {
    // Health's caseworker coordinates Eva's plan and records a samtale shared with the mentor.
    await setCoordinator(a.db.dataSource, eva.id, 'carla');
    await record('carla', 'Samtale om arbejdstider');
    await waitFor('the samtale at the mentor', () => mikkel.events.length >= 1);
    // That health works with Eva is health information: neither the person nor the unit.
    expect(mikkel.events[0]).toMatchObject({ kind: 'FOLLOW_UP_RECORDED', actor: null, unit: null });
    expect(JSON.stringify(mikkel.events[0])).not.toMatch(/Carla|Sundhed/i);

    await setCoordinator(a.db.dataSource, eva.id, 'anna');
    await record('anna', 'Samtale om praktik');
    await waitFor('the second samtale at the mentor', () => mikkel.events.length >= 2);
    expect(mikkel.events[1]).toMatchObject({ kind: 'FOLLOW_UP_RECORDED', actor: { name: expect.stringMatching(/^Anna/) }, unit: { kind: 'EMPLOYMENT' } });
    expect(mikkel.errors).toEqual([]);

    // The plan's history tells the mentor the same.
    const history = await a.gql<{ planHistory: { items: Array<{ kind: string; actor: unknown; unit: unknown }> } }>(
      `query($p: ID!) { planHistory(planId: $p, first: 10) { items { kind actor { name } unit { kind } } } }`, { p: eva.id }, tokens.mikkel);
    expect(history.errors).toBeUndefined();
    const samtaler = history.data!.planHistory.items.filter((e) => e.kind === 'FOLLOW_UP_RECORDED').slice(0, 2);
    expect(samtaler).toEqual([
      { kind: 'FOLLOW_UP_RECORDED', actor: { name: expect.stringMatching(/^Anna/) }, unit: { kind: 'EMPLOYMENT' } },
      { kind: 'FOLLOW_UP_RECORDED', actor: null, unit: null },
    ]);
  } finally {
    await setCoordinator(a.db.dataSource, eva.id, 'anna');
  }
});
