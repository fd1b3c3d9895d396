import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, attachedCount, planIdOf, waitFor } from './live-kit';

/**
 * The next samtale the mentor sees follows the booking of the agreed one (docs/domain.md,
 * rule 2): booking, moving and calling it off reach the mentor live as a bare fact, so their
 * page reads the case again; nothing of the booking itself, and nothing of a booking that
 * leaves what they see as it was. Eva Jensen's latest held samtale
 * is shared with her mentor Mikkel.
 */
jest.setTimeout(60_000);

let a: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  a = await startTestServer();
  for (const u of ['anna', 'mikkel']) tokens[u] = await a.login(u);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await a.stop();
});

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await a.gql<T>(query, variables, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

it('booked, moved and called off: the mentor hears each live, that the next samtale changed, and no more; not another samtale booked after it', async () => {
  const c = await LiveClient.connect(a.url, tokens.mikkel);
  clients.push(c);
  const mikkel = c.subscribe(CASELOAD_EVENTS);
  await attachedCount(() => a.server.feed.stats().listeners, 1);
  const eva = await planIdOf(a.db.dataSource, 'Eva');

  const { bookMeeting: booked } = await ok<{ bookMeeting: { id: string; version: number } }>(
    `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`,
    { input: { planId: eva.id, startsAt: inDays(40), endsAt: inDays(40, 10), mode: 'IN_PERSON', place: 'Jobcentret, Østergade 5', agenda: 'Evas helbred', staffIds: [], guests: [{ name: 'Jens Jensen', relation: 'bror' }] } },
  );
  await waitFor('the booking', () => mikkel.events.length >= 1);
  // Another samtale, after the booked one: the mentor sees nothing of it, and hears nothing of it
  // (the move below comes next in their stream, not this).
  await ok(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`,
    { input: { planId: eva.id, startsAt: inDays(70), endsAt: inDays(70, 10), mode: 'PHONE', agenda: 'Ekstra samtale om transport', staffIds: [], guests: [] } });
  const { moveMeeting: moved } = await ok<{ moveMeeting: { id: string; version: number } }>(
    `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { id version } }`,
    { input: { id: booked.id, expectedVersion: booked.version, startsAt: inDays(45), endsAt: inDays(45, 10), mode: 'PHONE' } },
  );
  await waitFor('the move', () => mikkel.events.length >= 2);
  await ok(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`, { input: { id: moved.id, expectedVersion: moved.version, reason: 'Eva er indlagt' } });
  await waitFor('the cancellation', () => mikkel.events.length >= 3);

  expect(mikkel.events.map((e) => [e.kind, e.summary, e.record ?? null, e.title ?? null, e.changes])).toEqual([
    ['MEETING_BOOKED', 'Den næste samtale er ændret', null, null, []],
    ['MEETING_MOVED', 'Den næste samtale er ændret', null, null, []],
    ['MEETING_CANCELLED', 'Den næste samtale er ændret', null, null, []],
  ]);
  expect(JSON.stringify(mikkel.events)).not.toMatch(/helbred|Jens|indlagt|Østergade|transport/);
});
