import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { actorNamed, interventionOf, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsGraphQLError } from '../../test-support/ws-client';

/**
 * A subscriber whose client reads slowly has events of a plan queued on the server when their
 * access to it ends or narrows: a member of staff loses the plan (their unit taken off the
 * team), a mentor's grant is ended, the citizen withdraws a consent. An event's fields are
 * resolved only as the client takes it, so what was queued would show the plan as it is then,
 * or as the older decision had it. Nothing goes out that the subscriber may not receive when it
 * goes out; and the access log counts what was handed to the client, not what was queued.
 * Carla is health, put on Per's team for the first test; Eva's team has health on it throughout.
 * The tests run in order: the last one ends Mikkel's grant on Eva.
 */
jest.setTimeout(120_000);

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'carla', 'dorte', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The client stops reading its socket, and the server's writes to it back up. It still says
 * now and then that it is there (an unsolicited pong, as a busy client answers pings late), so
 * the server's heartbeat does not take it for a dead connection. Returns how it reads again.
 */
function pauseReading(client: WsClient): () => void {
  const tcp = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  const alive = setInterval(() => client.isOpen && client.socket.pong(), 1000);
  void client.closed.then(() => clearInterval(alive));
  return () => {
    clearInterval(alive);
    tcp.resume();
  };
}
const feedPast = (seq: string) => waitFor(`the feed past ${seq}`, () => BigInt(t.server.feed.stats().last || '0') >= BigInt(seq));
const lastSeq = async (planId: string, kind: string): Promise<string> =>
  (await t.db.dataSource.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1 AND kind = $2`, [planId, kind]))[0].seq;

interface Item {
  __typename?: string;
  seq: string;
  planId?: string;
  kind?: string;
  summary?: string;
  changes?: Array<{ field: string; after: string | null }>;
  record?: { __typename: string; title?: string } | null;
}

function follow(client: WsClient, query: string, variables: Record<string, unknown>, field: string) {
  const items: Item[] = [];
  const errors: WsGraphQLError[] = [];
  client.subscribe(query, variables, (r) => {
    if (r.errors) errors.push(...r.errors);
    const item = r.data?.[field] as Item | undefined;
    if (item) items.push(item);
  });
  return { items, errors };
}

/** Far more than a socket holds: most of it waits, queued on the server. Each event's text is large. */
const filler = 'x'.repeat(32_000);
const FILLERS = 600;
const ENTITY_TYPE: Partial<Record<EventKind, string>> = { [EventKind.PLAN_UPDATED]: 'PLAN', [EventKind.INTERVENTION_UPDATED]: 'INTERVENTION', [EventKind.ACTIVITY_UPDATED]: 'ACTIVITY' };
interface Change { kind: EventKind; entity: Record<string, unknown>; changes?: unknown[]; summary?: string }
let writeAll: (planId: string, changes: Change[]) => Promise<string>;
beforeAll(async () => {
  const anna = await actorNamed(t.db.dataSource, 'anna');
  const [{ municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
  // As the services write them: in one transaction, appendEvent last; the seq of the last.
  writeAll = (planId, changes) => t.db.dataSource.transaction(async (m) => {
    let seq = '';
    for (const { kind, entity, changes: fields, summary = kind } of changes) {
      seq = await appendEvent(m, { planId, municipalityId, kind, entityType: ENTITY_TYPE[kind]!, entityId: String(entity.id), actor: anna, summary, payload: { entity, changes: fields } });
    }
    return seq;
  });
});
const write = (planId: string, change: Change) => writeAll(planId, [change]);

/** `FILLERS` changes made by `changeOf`, ten to a transaction. */
async function queueFillers(planId: string, changeOf: (i: number) => Change): Promise<void> {
  for (let i = 0; i < FILLERS; i += 10) await writeAll(planId, Array.from({ length: 10 }, (_, j) => changeOf(i + j)));
}

/** How many events of this plan the access log says the user received live. */
async function loggedLive(username: string, planId: string): Promise<number> {
  const [{ n }] = await t.db.dataSource.query(
    `SELECT COALESCE(sum(a.count), 0)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
      WHERE u.username = $1 AND a.action = 'RECEIVE_LIVE_EVENTS' AND a.entity_id = $2`,
    [username, planId],
  );
  return n;
}

/**
 * The log counts every event handed to the client (written to its socket), and runs at most
 * 64 events per subscription ahead of that: never the hundreds that were queued and dropped.
 */
async function expectLogged(username: string, planId: string, before: number, received: number, subscriptions = 1): Promise<void> {
  const logged = (await loggedLive(username, planId)) - before;
  expect(logged).toBeGreaterThanOrEqual(received);
  expect(logged).toBeLessThanOrEqual(received + 64 * subscriptions);
}

it('a slow reader who loses a plan gets nothing more of it: none of the events queued for them, nothing written after', async () => {
  const ds = t.db.dataSource;
  const per = await planIdOf(t, 'Per');
  const eva = await planIdOf(t, 'Eva');
  const health = await unitIdOf(t, 'HEALTH');
  const added = await t.gql(`mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`, { p: per, u: health }, tokens.anna);
  expect(added.errors).toBeUndefined();
  const [goal] = await ds.query(`SELECT id::text, text FROM sub_goal WHERE plan_id = $1 LIMIT 1`, [per]);
  const logBefore = await loggedLive('carla', per);

  const planSocket = await WsClient.connect(t.url, tokens.carla);
  const caseloadSocket = await WsClient.connect(t.url, tokens.carla);
  try {
    const plan = follow(planSocket, `subscription($p: ID!) { planEvents(planId: $p) { seq summary changes { field after } } }`, { p: per }, 'planEvents');
    const caseload = follow(caseloadSocket, `subscription { caseloadEvents { __typename seq planId ... on PlanEvent { summary changes { field after } } } }`, {}, 'caseloadEvents');
    await waitFor('both streams attached', () => t.server.feed.stats().listeners >= 2);
    const resumePlan = pauseReading(planSocket);
    const resumeCaseload = pauseReading(caseloadSocket);

    await queueFillers(per, (i) => ({ kind: EventKind.PLAN_UPDATED, entity: { __typename: 'Plan', id: per }, summary: `filler ${i} ${filler}` }));
    // Then which sub-goals an intervention serves: shown as the sub-goals' texts.
    const link = await write(per, {
      kind: EventKind.INTERVENTION_UPDATED, entity: { __typename: 'JobcenterIntervention', id: per, planId: per }, changes: [{ field: 'subGoalIds', before: [], after: [goal.id] }],
    });
    await feedPast(link);

    // Health taken off Per's team: Carla no longer holds the plan.
    const removed = await t.gql(`mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`, { p: per, u: health }, tokens.anna);
    expect(removed.errors).toBeUndefined();
    const removal = await lastSeq(per, 'TEAM_CHANGED');
    await feedPast(removal);
    // A change Carla still may read, after the removal: once the feed is past it, both streams have judged the removal.
    const sentinel = await write(eva, { kind: EventKind.PLAN_UPDATED, entity: { __typename: 'Plan', id: eva } });
    await feedPast(sentinel);
    await waitFor('the plan stream to let go', () => t.server.feed.stats().listeners === 1);

    // After she lost the plan, a colleague renames the sub-goal.
    await ds.query(`UPDATE sub_goal SET text = 'WRITTEN-AFTER-CARLA-LOST-THE-PLAN' WHERE id = $1`, [goal.id]);

    resumePlan();
    resumeCaseload();
    await waitFor('the plan stream’s end', () => plan.errors.length > 0);
    await waitFor('the sentinel on the caseload', () => caseload.items.some((i) => i.seq === sentinel));

    const shown = (items: Item[]) => items.flatMap((i) => i.changes ?? []).map((c) => c.after);
    // The plan stream: NOT_FOUND, and of what was queued only what had left before the change.
    expect(plan.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(shown(plan.items)).not.toContain('WRITTEN-AFTER-CARLA-LOST-THE-PLAN');
    expect(plan.items.some((i) => i.seq === link)).toBe(false);
    expect(plan.items.length).toBeLessThan(FILLERS);
    // The caseload: the plan left, in the change's place, and nothing of it queued before that.
    const ofPer = caseload.items.filter((i) => i.planId === per);
    expect(shown(caseload.items)).not.toContain('WRITTEN-AFTER-CARLA-LOST-THE-PLAN');
    expect(ofPer.some((i) => i.seq === link)).toBe(false);
    expect(ofPer.length).toBeLessThan(FILLERS);
    expect(ofPer[ofPer.length - 1]).toEqual({ __typename: 'PlanLeftCaseload', seq: removal, planId: per });
    expect(caseload.errors).toEqual([]);
    // Her access log: what reached her of Per's plan on the two streams, not the events dropped untaken.
    await expectLogged('carla', per, logBefore, plan.items.length + ofPer.filter((i) => i.__typename === 'PlanEvent').length, 2);
  } finally {
    await ds.query(`UPDATE sub_goal SET text = $2 WHERE id = $1`, [goal.id, goal.text]);
    await Promise.all([planSocket.close(), caseloadSocket.close()]);
  }
});

it('a consent withdrawn while events wait for a slow reader: those handed after it are cut by it, also where another reader of the same view got them whole before', async () => {
  const ds = t.db.dataSource;
  const eva = await planIdOf(t, 'Eva');
  const mindfulness = await interventionOf(t, 'Eva', 'Mindfulnessforløb');
  const health = await unitIdOf(t, 'HEALTH');
  const [entry] = await ds.query(
    `SELECT c.id FROM consent_entry c JOIN plan p ON p.citizen_id = c.citizen_id
      WHERE p.id = $1 AND c.scope = 'HEALTH_DETAILS' AND c.recipient_kind = 'WHOLE_TEAM' AND c.withdrawn_at IS NULL`,
    [eva],
  );
  // Dorte (jobcenter) reads the health unit's notes only under Eva's consent to share them with the whole team.
  const EVENTS = `subscription($p: ID!) { planEvents(planId: $p) { seq kind changes { field after } } }`;
  const fastSocket = await WsClient.connect(t.url, tokens.dorte);
  const slowSocket = await WsClient.connect(t.url, tokens.dorte);
  try {
    const listeners = t.server.feed.stats().listeners;
    const slow = follow(slowSocket, EVENTS, { p: eva }, 'planEvents');
    await waitFor('the slow reader’s stream attached', () => t.server.feed.stats().listeners > listeners);
    const resumeSlow = pauseReading(slowSocket);

    const note = (i: number) => `FORTROLIGT ${i} ${filler}`;
    const notesOf = (i: number): Change => ({
      kind: EventKind.INTERVENTION_UPDATED, entity: { __typename: 'HealthIntervention', id: mindfulness.id, planId: eva, unitId: health, unitKind: 'HEALTH' }, changes: [{ field: 'notes', before: '', after: note(i) }],
    });
    await queueFillers(eva, notesOf);
    // Another of Dorte's screens follows the plan from here: it has the last one whole, under the consent.
    const fast = follow(fastSocket, EVENTS, { p: eva }, 'planEvents');
    await waitFor('the fast reader’s stream attached', () => t.server.feed.stats().listeners > listeners + 1);
    const last = await write(eva, notesOf(FILLERS));
    await waitFor('the fast reader to have the last one', () => fast.items.some((i) => i.seq === last));
    expect(fast.items.find((i) => i.seq === last)!.changes!.map((c) => c.after)).toEqual([note(FILLERS)]);
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { id: entry.id, planId: eva } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    const withdrawal = await lastSeq(eva, 'CONSENT_WITHDRAWN');
    await feedPast(withdrawal);
    resumeSlow();
    await waitFor('the withdrawal on the slow reader', () => slow.items.some((i) => i.seq === withdrawal));
    // Every event reaches the slow reader, in order; what went out after the withdrawal without the notes.
    const fillers = slow.items.filter((i) => i.kind === 'INTERVENTION_UPDATED');
    expect(fillers).toHaveLength(FILLERS + 1);
    const lastSent = fillers[fillers.length - 1];
    expect(lastSent.seq).toBe(last);
    expect(lastSent.changes!.map((c) => c.field)).toEqual([]);
    expect(slow.errors).toEqual([]);
  } finally {
    await Promise.all([fastSocket.close(), slowSocket.close()]);
  }
});

/**
 * Mikkel's client reads nothing while updates of a shared activity (its title large: he reads
 * it) wait for him on the server, `FILLERS` and one more; then `change` narrows what he may
 * see (its event's seq). What he is sent of Eva's plan once he reads again ends with `told`,
 * the bare fact of that change, and holds nothing that waited: his access log counts it.
 */
async function mentorNarrowedWhileQueued(activity: { id: string; plan_id: string; intervention_id: string }, change: () => Promise<string>, told: { kind: string; summary: string }): Promise<Item[]> {
  const eva = activity.plan_id;
  const logBefore = await loggedLive('mikkel', eva);
  const socket = await WsClient.connect(t.url, tokens.mikkel);
  try {
    const listeners = t.server.feed.stats().listeners;
    const mikkel = follow(socket, `subscription { caseloadEvents { __typename seq planId ... on PlanEvent { kind summary record { __typename ... on MentorActivity { title } } } } }`, {}, 'caseloadEvents');
    await waitFor('the stream attached', () => t.server.feed.stats().listeners > listeners);
    const resume = pauseReading(socket);
    const update = (i: number): Change => ({
      kind: EventKind.ACTIVITY_UPDATED,
      entity: { __typename: 'Activity', id: activity.id, planId: eva, interventionId: activity.intervention_id, sharedWithMentor: true, title: `Aktivitet ${i} ${filler}` },
    });
    await queueFillers(eva, update);
    const last = await write(eva, update(FILLERS));
    await feedPast(last);
    const seq = await change();
    await feedPast(seq);

    resume();
    await waitFor(`${told.kind}, told to Mikkel`, () => mikkel.items.some((i) => i.seq === seq));
    const ofEva = mikkel.items.filter((i) => i.planId === eva);
    expect(ofEva.some((i) => i.seq === last)).toBe(false);
    expect(ofEva.length).toBeLessThan(FILLERS);
    expect(ofEva[ofEva.length - 1]).toEqual({ __typename: 'PlanEvent', seq, planId: eva, ...told, record: null });
    expect(mikkel.errors).toEqual([]);
    await expectLogged('mikkel', eva, logBefore, ofEva.length);
    return ofEva;
  } finally {
    await socket.close();
  }
}

it('a mentor whose consent for health details is withdrawn while events of a health activity wait for them: none of those go out after it', async () => {
  const ds = t.db.dataSource;
  const eva = await planIdOf(t, 'Eva');
  const [activity] = await ds.query(`SELECT id, plan_id, intervention_id FROM activity WHERE plan_id = $1 AND title = 'Ugentlig mindfulness, torsdag kl. 10'`, [eva]);
  const today = new Date().toISOString().slice(0, 10);
  const recorded = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    { input: { planId: eva, scope: 'HEALTH_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: today } }, tokens.anna);
  expect(recorded.errors).toBeUndefined();
  const shared = await t.gql(`mutation($id: ID!) { setMentorSharing(id: $id, kind: ACTIVITY, shared: true) }`, { id: activity.id }, tokens.anna);
  expect(shared.errors).toBeUndefined();

  await mentorNarrowedWhileQueued(activity, async () => {
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`,
      { input: { id: recorded.data!.recordConsent.id, planId: eva } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    return lastSeq(eva, 'CONSENT_WITHDRAWN');
  }, { kind: 'CONSENT_WITHDRAWN', summary: 'Et punkt er ikke længere delt med dig' });
});

it('a mentor whose grant is ended while events wait for them: none of those go out after it, only that it ended (nothing of the grant)', async () => {
  const ds = t.db.dataSource;
  const eva = await planIdOf(t, 'Eva');
  const [activity] = await ds.query(`SELECT id, plan_id, intervention_id FROM activity WHERE plan_id = $1 AND title = 'Samtale med arbejdsgiver om løntimer'`, [eva]);
  const [grant] = await ds.query(`SELECT id, version, purpose FROM mentor_grant WHERE plan_id = $1`, [eva]);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  const ofEva = await mentorNarrowedWhileQueued(activity, async () => {
    // Ended as of yesterday: his access ends now.
    const ended = await t.gql(`mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { id } }`,
      { id: grant.id, v: grant.version, d: yesterday }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    return lastSeq(eva, 'MENTOR_GRANT_ENDED');
  }, { kind: 'MENTOR_GRANT_ENDED', summary: 'Din mentorbevilling er afsluttet' });
  expect(JSON.stringify(ofEva[ofEva.length - 1])).not.toContain(grant.purpose);
});
