import { codeOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * A grant's end reaches its mentor whether their view of the citizen is open or not (their page
 * reads its cases again), so it is told as a bare fact: that the grant ended, on which plan,
 * and nothing of the grant — its purpose, goals and focus areas are the coordinator's free text
 * about the citizen, theirs to read only while the grant runs (docs/domain.md, Mentor).
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'mikkel']) tokens[u] = await t.login(u);
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => t.stop());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PURPOSE = 'Støtte til at komme ud af gælden og drikke mindre';
const GOAL = 'Åbne sin post hver uge';
const FOCUS = 'Alkohol';
const CASELOAD = `subscription($after: String) { caseloadEvents(afterSeq: $after) { __typename seq planId ... on PlanEvent { kind summary title changes { field } record { __typename ... on MentorGrant { purpose goals focusAreas } } } } }`;

interface Item { seq: string; planId: string; kind?: string; summary?: string; record?: unknown }

/** Mikkel's caseload stream, as his open page follows it (from `after` on a replay): every item, with its frame as sent. */
async function mikkelFollows(after: string | null): Promise<{ heard: Array<{ item: Item; raw: string }>; settled: () => Promise<void> }> {
  const socket = await WsClient.connect(t.url, tokens.mikkel);
  sockets.push(socket);
  const heard: Array<{ item: Item; raw: string }> = [];
  const listeners = t.server.feed.stats().listeners;
  socket.subscribe(CASELOAD, { after }, (r: WsResult) => {
    expect(r.errors).toBeUndefined();
    const item = r.data?.caseloadEvents as Item | undefined;
    if (item) heard.push({ item, raw: r.raw });
  });
  await until('the stream to attach', () => t.server.feed.stats().listeners > listeners);
  // A round trip on the same socket: whatever the server sent him before the answer is here.
  const settled = async () => expect((await socket.request(`{ me { id } }`)).errors).toBeUndefined();
  return { heard, settled };
}

async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a grant not yet begun, shortened by the coordinator: its mentor hears that it ended and nothing of the grant, live and on a replay', async () => {
  const planId = await planIdOf(t, 'Per');
  const [{ id: mikkel }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  const created = await t.gql<{ createMentorGrant: { id: string; version: number } }>(
    `mutation($i: CreateMentorGrantInput!) { createMentorGrant(input: $i) { id version } }`,
    { i: { planId, mentorId: mikkel, purpose: PURPOSE, goals: [GOAL], focusAreas: [FOCUS], startDate: day(10), endDate: day(100) } }, tokens.anna);
  expect(created.errors).toBeUndefined();
  const grant = created.data!.createMentorGrant;
  // It has not begun: Mikkel cannot read Per.
  const CASE = `query($g: ID!) { mentorCase(grantId: $g) { grant { purpose } } }`;
  expect(codeOf(await t.gql(CASE, { g: grant.id }, tokens.mikkel))).toBe('NOT_FOUND');

  const live = await mikkelFollows(null);
  // Shortened, not called off: its new last day is still after its first.
  const ended = await t.gql(`mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { id } }`,
    { id: grant.id, v: grant.version, d: day(40) }, tokens.anna);
  expect(ended.errors).toBeUndefined();
  await until('the end of the grant', () => live.heard.some((h) => h.item.kind === 'MENTOR_GRANT_ENDED'));
  await live.settled();

  // What his page reads to know the grant ended (seq, plan, kind) is there; the grant is not.
  const told = { __typename: 'PlanEvent', planId, kind: 'MENTOR_GRANT_ENDED', summary: 'Din mentorbevilling er afsluttet', title: null, changes: [], record: null };
  expect(live.heard.map((h) => h.item)).toEqual([{ ...told, seq: expect.any(String) }]);
  for (const text of [PURPOSE, GOAL, FOCUS]) expect(live.heard[0].raw).not.toContain(text);
  // A read of the grant is refused as before.
  expect(codeOf(await t.gql(CASE, { g: grant.id }, tokens.mikkel))).toBe('NOT_FOUND');

  // A replay from the start tells the same bare fact, whatever his access is by then.
  const replay = await mikkelFollows('0');
  await until('the end of the grant, on a replay', () => replay.heard.some((h) => h.item.kind === 'MENTOR_GRANT_ENDED'));
  await replay.settled();
  const onPer = replay.heard.filter((h) => h.item.planId === planId);
  expect(onPer.map((h) => h.item)).toEqual([{ ...told, seq: live.heard[0].item.seq }]);
  for (const text of [PURPOSE, GOAL, FOCUS]) expect(onPer[0].raw).not.toContain(text);
});
