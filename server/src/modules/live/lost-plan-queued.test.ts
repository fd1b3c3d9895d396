import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { actorNamed, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsGraphQLError } from '../../test-support/ws-client';

/**
 * A member of staff whose client reads slowly has events of a plan queued on the server when
 * a change takes the plan from them (their unit taken off the team). An event's fields are
 * resolved only as the client takes it, so what was queued would show the plan as it is
 * then: a sub-goal's text, say, written after they lost the plan. Nothing of that plan not yet
 * taken goes out after the change: the plan stream ends with NOT_FOUND at once, and the
 * caseload stream says the plan left, with none of the plan's queued events before it.
 * Carla is health, put on Per's team for the test; Eva's team has health on it throughout.
 */
jest.setTimeout(120_000);

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'carla']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The client's own socket: paused, it reads nothing, and the server's writes to it back up. */
const tcpOf = (client: WsClient) => (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
const feedPast = (seq: string) => waitFor(`the feed past ${seq}`, () => BigInt(t.server.feed.stats().last || '0') >= BigInt(seq));

interface Item {
  __typename?: string;
  seq: string;
  planId?: string;
  summary?: string;
  changes?: Array<{ field: string; after: string | null }>;
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

it('a slow reader who loses a plan gets nothing more of it: none of the events queued for them, nothing written after', async () => {
  const ds = t.db.dataSource;
  const per = await planIdOf(t, 'Per');
  const eva = await planIdOf(t, 'Eva');
  const health = await unitIdOf(t, 'HEALTH');
  const added = await t.gql(`mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`, { p: per, u: health }, tokens.anna);
  expect(added.errors).toBeUndefined();
  const [{ municipality_id: municipalityId }] = await ds.query(`SELECT municipality_id FROM plan WHERE id = $1`, [per]);
  const [goal] = await ds.query(`SELECT id::text, text FROM sub_goal WHERE plan_id = $1 LIMIT 1`, [per]);
  const anna = await actorNamed(ds, 'anna');
  const write = (planId: string, summary: string, payload: Record<string, unknown> = { entity: { __typename: 'Plan', id: planId } }, kind = EventKind.PLAN_UPDATED) =>
    (m: Parameters<typeof appendEvent>[0]) => appendEvent(m, { planId, municipalityId, kind, entityType: kind === EventKind.PLAN_UPDATED ? 'PLAN' : 'INTERVENTION', entityId: planId, actor: anna, summary, payload });

  const planSocket = await WsClient.connect(t.url, tokens.carla);
  const caseloadSocket = await WsClient.connect(t.url, tokens.carla);
  try {
    const plan = follow(planSocket, `subscription($p: ID!) { planEvents(planId: $p) { seq summary changes { field after } } }`, { p: per }, 'planEvents');
    const caseload = follow(caseloadSocket, `subscription { caseloadEvents { __typename seq planId ... on PlanEvent { summary changes { field after } } } }`, {}, 'caseloadEvents');
    await waitFor('both streams attached', () => t.server.feed.stats().listeners >= 2);
    tcpOf(planSocket).pause();
    tcpOf(caseloadSocket).pause();

    // Far more than the sockets hold: most of it waits, queued on the server.
    const filler = 'x'.repeat(32_000);
    const fillers = 600;
    for (let i = 0; i < fillers / 10; i++) {
      await ds.transaction(async (m) => {
        for (let j = 0; j < 10; j++) await write(per, `filler ${i}.${j} ${filler}`)(m);
      });
    }
    // Then which sub-goals an intervention serves: shown as the sub-goals' texts.
    const link: string = await ds.transaction(
      write(per, 'links', { entity: { __typename: 'JobcenterIntervention', id: per, planId: per }, changes: [{ field: 'subGoalIds', before: [], after: [goal.id] }] }, EventKind.INTERVENTION_UPDATED),
    );
    await feedPast(link);

    // Health taken off Per's team: Carla no longer holds the plan.
    const removed = await t.gql(`mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`, { p: per, u: health }, tokens.anna);
    expect(removed.errors).toBeUndefined();
    const [{ seq: removal }] = await ds.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1 AND kind = 'TEAM_CHANGED'`, [per]);
    await feedPast(removal);
    // A change Carla still may read, after the removal: once the feed is past it, both streams have judged the removal.
    const sentinel: string = await ds.transaction(write(eva, 'sentinel'));
    await feedPast(sentinel);
    await waitFor('the plan stream to let go', () => t.server.feed.stats().listeners === 1);

    // After she lost the plan, a colleague renames the sub-goal.
    await ds.query(`UPDATE sub_goal SET text = 'WRITTEN-AFTER-CARLA-LOST-THE-PLAN' WHERE id = $1`, [goal.id]);

    tcpOf(planSocket).resume();
    tcpOf(caseloadSocket).resume();
    await waitFor('the plan stream’s end', () => plan.errors.length > 0);
    await waitFor('the sentinel on the caseload', () => caseload.items.some((i) => i.seq === sentinel));

    const shown = (items: Item[]) => items.flatMap((i) => i.changes ?? []).map((c) => c.after);
    // The plan stream: NOT_FOUND, and of what was queued only what had left before the change.
    expect(plan.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(shown(plan.items)).not.toContain('WRITTEN-AFTER-CARLA-LOST-THE-PLAN');
    expect(plan.items.some((i) => i.seq === link)).toBe(false);
    expect(plan.items.length).toBeLessThan(fillers);
    // The caseload: the plan left, in the change's place, and nothing of it queued before that.
    const ofPer = caseload.items.filter((i) => i.planId === per);
    expect(shown(caseload.items)).not.toContain('WRITTEN-AFTER-CARLA-LOST-THE-PLAN');
    expect(ofPer.some((i) => i.seq === link)).toBe(false);
    expect(ofPer.length).toBeLessThan(fillers);
    expect(ofPer[ofPer.length - 1]).toEqual({ __typename: 'PlanLeftCaseload', seq: removal, planId: per });
    expect(caseload.errors).toEqual([]);
  } finally {
    await ds.query(`UPDATE sub_goal SET text = $2 WHERE id = $1`, [goal.id, goal.text]);
    await Promise.all([planSocket.close(), caseloadSocket.close()]);
  }
});
