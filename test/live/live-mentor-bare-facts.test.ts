import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { EVENT_FIELDS, LiveClient, attachedCount, caughtUp, waitFor, type LiveSubscription } from './live-kit';

/**
 * What a mentor hears only as a bare fact, live, on a replay and in the plan's history (STAR’s
 * vejledning om ressourceforløb 2020, afsnit 5.8: only what the task needs): a grant of theirs
 * called off before it began (a mentor picked by mistake never had access, so nothing of the
 * grant, its purpose, goals or focus areas, reaches them), and the citizen's word for the
 * mentor recorded (their open page reads again, so what is shared under it shows at once).
 */
jest.setTimeout(60_000);

let a: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  a = await startTestServer();
  const [fmk] = await a.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  await a.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now())`,
    [fmk.municipality_id],
  );
  for (const u of ['anna', 'mikkel', 'mette']) tokens[u] = await a.login(u);
  for (const row of await a.db.dataSource.query(`SELECT username, id FROM app_user WHERE username IN ('mikkel', 'mette')`)) ids[row.username] = row.id;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await a.stop();
});

/** The record as a client would select it, the grant's free text included: what must not arrive. */
const SUBSCRIPTION = `subscription($after: String) { caseloadEvents(afterSeq: $after) { __typename seq planId ... on PlanEvent {
  ${EVENT_FIELDS.replace('record { __typename', 'record { __typename ... on MentorGrant { purpose goals focusAreas }')} } } }`;
const HISTORY = `query($planId: ID!) { planHistory(planId: $planId) { items { kind entityId summary record { __typename ... on MentorGrant { purpose goals focusAreas } } } } }`;
const GRANT = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id version } }`;
const END = `mutation($id: ID!, $v: Int!) { endMentorGrant(id: $id, expectedVersion: $v) { startDate endDate } }`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`;
const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
const CASES = `{ myMentorCases { citizen { name } sharedActivities { title } } }`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function ok<T>(query: string, variables: Record<string, unknown>, who = 'anna'): Promise<T> {
  const res = await a.gql<T>(query, variables, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

async function subscribe(who: string, afterSeq: string | null): Promise<LiveSubscription> {
  const c = await LiveClient.connect(a.url, tokens[who]);
  clients.push(c);
  return c.subscribe(SUBSCRIPTION, afterSeq === null ? {} : { after: afterSeq });
}

async function planOf(citizen: string): Promise<string> {
  const [row] = await a.db.dataSource.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = $1`, [citizen]);
  return row.id;
}

/** The grant's free text about the citizen: none of it may reach a mentor who never had access. */
const PRIVATE = { purpose: 'Støtte efter indlæggelsen på psykiatrisk afdeling', goals: ['Tage sin medicin hver morgen'], focusAreas: ['Angst og søvn'] };
const leaks = (said: unknown) => /indlæggelsen|medicin|Angst/.test(JSON.stringify(said));

it('a grant to the wrong mentor, called off before it starts, reaches that mentor as a bare fact: nothing of the grant, live or on a replay', async () => {
  const plan = await planOf('Kim Larsen');
  const live = await subscribe('mette', null);
  await attachedCount(() => a.server.feed.stats().listeners, 1);

  // Mette picked by mistake for next week; the coordinator calls it off before it begins.
  const grant = (await ok<{ createMentorGrant: { id: string; version: number } }>(GRANT, {
    input: { planId: plan, mentorId: ids.mette, ...PRIVATE, startDate: inDays(7), endDate: inDays(60) },
  })).createMentorGrant;
  const ended = await ok<{ endMentorGrant: { startDate: string; endDate: string } }>(END, { id: grant.id, v: grant.version });
  expect(ended.endMentorGrant).toEqual({ startDate: inDays(7), endDate: inDays(6) });

  await waitFor('the grant called off, live', () => live.events.some((e) => e.kind === 'MENTOR_GRANT_ENDED'));
  await caughtUp(a.db.dataSource, [a.server.feed]);
  const replay = await subscribe('mette', '0');
  await waitFor('the grant called off, on a replay', () => replay.events.some((e) => e.kind === 'MENTOR_GRANT_ENDED'));
  for (const sub of [live, replay]) {
    expect(sub.errors).toEqual([]);
    // Nothing of the grant's creation (her view was never open), and its calling off without its record.
    expect(sub.events.filter((e) => e.planId === plan).map((e) => [e.kind, e.entityId])).toEqual([['MENTOR_GRANT_ENDED', grant.id]]);
    expect(sub.events[0]).toMatchObject({ summary: 'Din mentorbevilling er aflyst', record: null, title: null, changes: [] });
    expect(leaks(sub.events)).toBe(false);
  }
  // Nor the plan's history: she has no view of the plan.
  expect((await a.gql(HISTORY, { planId: plan }, tokens.mette)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect((await ok<{ myMentorCases: unknown[] }>(CASES, {}, 'mette')).myMentorCases).toEqual([]);
});

it("a renewal called off before it starts is a bare fact in the running mentor's history too; their running grant's ending is a bare fact as well", async () => {
  const plan = await planOf('Kim Larsen');
  const running = (await ok<{ createMentorGrant: { id: string; version: number } }>(GRANT, {
    input: { planId: plan, mentorId: ids.mikkel, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: inDays(0), endDate: inDays(30) },
  })).createMentorGrant;
  const renewal = (await ok<{ createMentorGrant: { id: string; version: number } }>(GRANT, {
    input: { planId: plan, mentorId: ids.mikkel, ...PRIVATE, startDate: inDays(31), endDate: inDays(90), previousGrantId: running.id },
  })).createMentorGrant;
  await ok(END, { id: renewal.id, v: renewal.version });

  type Items = { planHistory: { items: Array<{ kind: string; entityId: string; summary: string; record: Record<string, unknown> | null }> } };
  const items = (await ok<Items>(HISTORY, { planId: plan }, 'mikkel')).planHistory.items;
  const calledOff = items.find((i) => i.kind === 'MENTOR_GRANT_ENDED' && i.entityId === renewal.id);
  expect(calledOff).toEqual({ kind: 'MENTOR_GRANT_ENDED', entityId: renewal.id, summary: 'Din mentorbevilling er aflyst', record: null });

  // The running grant ended early (it had begun): told as an end, and nothing of the grant either.
  await ok(END, { id: running.id, v: running.version });
  const live = await subscribe('mikkel', '0');
  await waitFor('the running grant ended, on a replay', () => live.events.some((e) => e.kind === 'MENTOR_GRANT_ENDED' && e.entityId === running.id));
  const endedRunning = live.events.find((e) => e.kind === 'MENTOR_GRANT_ENDED' && e.entityId === running.id)!;
  expect(endedRunning).toMatchObject({ summary: 'Din mentorbevilling er afsluttet', record: null, title: null, changes: [] });
  expect(JSON.stringify(endedRunning)).not.toMatch(/Struktur i hverdagen|Møde til tiden|Hverdagens struktur/);
});

it("the citizen's word for the mentor recorded reaches the mentor it covers as a bare fact, and what is shared under it shows at once; not another mentor, not a word for a unit", async () => {
  const plan = await planOf('Per Hansen');
  for (const mentor of ['mikkel', 'mette']) {
    await ok(GRANT, { input: { planId: plan, mentorId: ids[mentor], purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: inDays(0), endDate: inDays(60) } });
  }
  // Per's social visit was shared under his earlier word for the mentor, which he then withdrew: ticked, not seen.
  const word = (extra: Record<string, unknown>) => ({ planId: plan, scope: 'SOCIAL_DETAILS', basis: 'CONSENT', givenOn: inDays(0), ...extra });
  const earlier = await ok<{ recordConsent: { id: string } }>(CONSENT, { input: word({ recipientKind: 'MENTOR' }) });
  const VISIT = 'Besøg i den nye lejlighed med Per og forældrene';
  const [visit] = await a.db.dataSource.query(`SELECT id FROM activity WHERE title = $1`, [VISIT]);
  await ok(SHARE, { id: visit.id, s: true });
  await ok(WITHDRAW, { input: { id: earlier.recordConsent.id, planId: plan } });
  const sees = async (mentor: string) =>
    ((await ok<{ myMentorCases: Array<{ citizen: { name: string }; sharedActivities: Array<{ title: string }> }> }>(CASES, {}, mentor)).myMentorCases
      .find((c) => c.citizen.name === 'Per Hansen')?.sharedActivities ?? []).map((x) => x.title);
  expect(await sees('mette')).not.toContain(VISIT);

  // The earlier tests' subscriptions are still attached.
  const attached = a.server.feed.stats().listeners;
  const mikkel = await subscribe('mikkel', null);
  const mette = await subscribe('mette', null);
  await attachedCount(() => a.server.feed.stats().listeners, attached + 2);
  const note = 'Per vil gerne have hjælp til at holde styr på sine aftaler med misbrugscentret';
  // For Mette alone; then for a unit (Socialforvaltningen); then for whoever is his mentor.
  const forMette = await ok<{ recordConsent: { id: string } }>(CONSENT, { input: word({ recipientKind: 'MENTOR', recipientMentorId: ids.mette, note }) });
  const [social] = await a.db.dataSource.query(`SELECT unit_id FROM app_user WHERE username = 'bent'`);
  await ok(CONSENT, { input: word({ recipientKind: 'UNIT', recipientUnitId: social.unit_id, note }) });
  const forAny = await ok<{ recordConsent: { id: string } }>(CONSENT, { input: word({ recipientKind: 'MENTOR', note }) });

  await waitFor('the word for any mentor, live to Mikkel', () => mikkel.events.some((e) => e.entityId === forAny.recordConsent.id));
  await waitFor('the word for any mentor, live to Mette', () => mette.events.some((e) => e.entityId === forAny.recordConsent.id));
  const consents = (sub: LiveSubscription) => sub.events.filter((e) => e.kind === 'CONSENT_RECORDED');
  // Events come in order: by the last one, any earlier one would have come.
  expect(consents(mette).map((e) => e.entityId)).toEqual([forMette.recordConsent.id, forAny.recordConsent.id]);
  expect(consents(mikkel).map((e) => e.entityId)).toEqual([forAny.recordConsent.id]);
  for (const sub of [mikkel, mette]) {
    expect(sub.errors).toEqual([]);
    for (const e of consents(sub)) expect(e).toMatchObject({ summary: 'Det, der er delt med dig, er opdateret', record: null, title: null, changes: [] });
    expect(JSON.stringify(sub.events)).not.toMatch(/misbrug|Sociale oplysninger|Socialforvaltningen/);
  }
  // The page that reads again on the event now has the visit.
  expect(await sees('mette')).toContain(VISIT);
});
