import { EventKind } from '../../server/src/core/events/event-kinds';
import { appendEvent } from '../../server/src/core/events/event-log';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, actorOf, attachedCount, caughtUp, metricOf, planIdOf, setCoordinator, setTeam, waitFor } from './live-kit';

/**
 * A live event is executed and serialised once per role and selection, and those bytes go
 * to every subscriber of that role (core/http/shared-delivery.ts). Sharing must never hand
 * a subscriber a payload built for another view: a mentor and two caseworkers of one plan
 * subscribe with the same document (a mentor follows their plans through the caseload
 * stream); the mentor gets the item cut to the allow-list, the
 * caseworkers (the coordinator, and a colleague on the team) the whole record, as the same
 * bytes, built once. The count comes from the instance's /metrics.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'dorte', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.stop();
});

const metric = (name: string) => metricOf(t.url, name);

/** The message without its subscription id: what the subscribers may share. */
const body = (raw: string) => raw.replace(/^\{"id":"[^"]+",/, '');

it('a mentor and two caseworkers on one plan: the mentor gets their cut view, the caseworkers byte-identical full ones, built once per view', async () => {
  const ds = t.db.dataSource;
  const eva = await planIdOf(ds, 'Eva');
  await setTeam(ds, eva.id, ['EMPLOYMENT', 'HEALTH']);
  await setCoordinator(ds, eva.id, 'anna');
  const [activity] = await ds.query(`SELECT id, title, due_at FROM activity WHERE plan_id = $1 AND shared_with_mentor ORDER BY title LIMIT 1`, [eva.id]);
  await caughtUp(ds, [t.server.feed]);

  const subscribe = async (user: string) => {
    const c = await LiveClient.connect(t.url, tokens[user]);
    clients.push(c);
    return c.subscribe(CASELOAD_EVENTS);
  };
  const [mikkel, anna, dorte] = [await subscribe('mikkel'), await subscribe('anna'), await subscribe('dorte')];
  await attachedCount(() => t.server.feed.stats().listeners, 3);
  const executions = await metric('samplan_live_executions_total');
  const shared = await metric('samplan_live_messages_total{path="shared"}');

  // One change to an activity shared with the mentor, carrying a note only staff may read.
  const dorteActor = await actorOf(ds, 'dorte');
  const entity = {
    __typename: 'Activity', id: activity.id, title: activity.title, dueAt: activity.due_at, status: 'PLANNED',
    sharedWithMentor: true, notes: 'Intern note om løntilskud', assignee: 'Dorte Madsen',
  };
  await ds.transaction((m) => appendEvent(m, {
    planId: eva.id, municipalityId: eva.municipalityId, kind: EventKind.ACTIVITY_UPDATED, entityType: 'ACTIVITY', entityId: activity.id,
    actor: dorteActor, summary: `Dorte Madsen (Jobcenter) ændrede aktiviteten »${activity.title}«: note`,
    payload: { entity, changes: [{ field: 'notes', before: '', after: 'Intern note om løntilskud' }] },
  }));
  await waitFor('all three to receive it', () => [mikkel, anna, dorte].every((s) => s.events.length === 1));

  // The caseworkers: the whole record and the staff summary, the very same bytes.
  expect(anna.events[0].record).toMatchObject({ __typename: 'Activity', id: activity.id, title: activity.title });
  expect(anna.events[0].changes).toEqual([{ field: 'notes', label: 'Noter', before: null, after: 'Intern note om løntilskud' }]);
  expect(anna.events[0].summary).toContain(': note');
  expect(body(anna.raw[0])).toBe(body(dorte.raw[0]));
  // The mentor: the allow-list's fields and a neutral summary, nothing of the note.
  expect(mikkel.events[0].changes).toEqual([]);
  expect(mikkel.events[0].record).toEqual({ __typename: 'MentorActivity', id: activity.id, title: activity.title, dueAt: expect.any(String), status: 'PLANNED' });
  expect(mikkel.events[0].summary).toBe(`Aktivitet »${activity.title}« er opdateret`);
  expect(mikkel.raw[0]).not.toMatch(/Intern note|assignee|: note/);
  expect(body(mikkel.raw[0])).not.toBe(body(anna.raw[0]));

  // Built twice (once per view), sent three times from those payloads.
  expect(await metric('samplan_live_executions_total')).toBe(executions + 2);
  expect(await metric('samplan_live_messages_total{path="shared"}')).toBe(shared + 3);
  expect([...mikkel.errors, ...anna.errors, ...dorte.errors]).toEqual([]);
});
