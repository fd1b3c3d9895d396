import type { Actor } from '../../server/src/core/auth/actor';
import { signToken } from '../../server/src/core/auth/tokens';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import {
  CASELOAD_EVENTS, LiveClient, PLAN_EVENTS, actorOf, attachedCount, caughtUp, planIdOf, setCoordinator, setTeam, waitFor, writeEvent,
} from './live-kit';

/**
 * Nothing leaks: every event is checked against the subscriber's access when it is
 * delivered (and when it is replayed). "Received nothing" is shown without sleeping: a
 * later sentinel event that the subscriber may see arrives, and events are delivered in
 * seq order, so anything leaked before it would already be there.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
type PlanRef = { id: string; municipalityId: string };
let per: PlanRef;
let eva: PlanRef;
let kim: PlanRef;
let sofie: PlanRef;
let anna: Actor;
let otto: Actor;
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'lene', 'mikkel']) tokens[u] = await t.login(u);
  const ds = t.db.dataSource;
  [per, eva, kim, sofie] = await Promise.all(['Per', 'Eva', 'Kim', 'Sofie'].map((n) => planIdOf(ds, n)));
  await setTeam(ds, per.id, ['EMPLOYMENT', 'SOCIAL']);
  await setTeam(ds, eva.id, ['EMPLOYMENT', 'HEALTH']);
  await setTeam(ds, kim.id, ['EMPLOYMENT', 'SOCIAL', 'HEALTH']);
  await setTeam(ds, sofie.id, ['EMPLOYMENT']);
  for (const p of [per, eva, kim]) await setCoordinator(ds, p.id, 'anna');
  await setCoordinator(ds, sofie.id, 'otto');
  anna = await actorOf(ds, 'anna');
  otto = await actorOf(ds, 'otto');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await waitFor('subscriptions to detach', () => t.server.feed.stats().listeners === 0);
  await caughtUp(t.db.dataSource, [t.server.feed]);
});

afterAll(() => t.stop());

async function connect(user: string): Promise<LiveClient> {
  const c = await LiveClient.connect(t.url, tokens[user]);
  clients.push(c);
  return c;
}

const attached = (n: number) => attachedCount(() => t.server.feed.stats().listeners, n);
const write = (plan: PlanRef, summary: string, by: Actor = plan === sofie ? otto : anna) => writeEvent(t.db.dataSource, plan, by, summary);

describe('authentication', () => {
  it.each([
    ['no token', undefined],
    ['a bad token', 'not-a-jwt'],
  ])('a subscription with %s is refused: the socket closes with 4401', async (_label, token) => {
    const c = await LiveClient.connect(t.url, token);
    expect(await c.closed).toBe(4401);
    expect(t.server.feed.stats().listeners).toBe(0);
  });
  it('the server closes the socket with 4401 when the token expires, and the subscription detaches', async () => {
    const shortLived = await signToken(t.config.auth, 'anna', new Date(), 2);
    const c = await LiveClient.connect(t.url, shortLived);
    clients.push(c);
    c.subscribe(CASELOAD_EVENTS);
    await attached(1);
    expect(await c.closed).toBe(4401);
    await waitFor('the subscription to detach', () => t.server.feed.stats().listeners === 0);
  });
});

describe('authorization per plan', () => {
  it('a unit not on the team gets NOT_FOUND for the plan and nothing of it in its caseload', async () => {
    const carla = await connect('carla'); // HEALTH: on Eva's team, not on Per's
    const direct = carla.subscribe(PLAN_EVENTS, { planId: per.id });
    await waitFor('the refusal', () => direct.errors.length > 0);
    expect(direct.errors[0].extensions?.code).toBe('NOT_FOUND');
    const caseload = carla.subscribe(CASELOAD_EVENTS);
    await attached(1);
    await write(per, 'Per 1');
    await write(per, 'Per 2');
    const sentinel = await write(eva, 'Eva');
    await waitFor('the sentinel', () => caseload.has(sentinel));
    expect(caseload.seqs()).toEqual([sentinel]);
  });

  it('a user of another municipality receives nothing, live or replayed, and NOT_FOUND for the plan', async () => {
    const before = await write(sofie, 'Sofie, before');
    const oc = await connect('otto');
    const direct = oc.subscribe(PLAN_EVENTS, { planId: per.id });
    await waitFor('the refusal', () => direct.errors.length > 0);
    expect(direct.errors[0].extensions?.code).toBe('NOT_FOUND');
    const live = oc.subscribe(CASELOAD_EVENTS);
    const replayed = oc.subscribe(CASELOAD_EVENTS, { after: '0' });
    const ac = await connect('anna');
    const annaSub = ac.subscribe(CASELOAD_EVENTS, { after: '0' });
    await attached(3);
    await write(per, 'Per');
    await write(kim, 'Kim');
    const sentinel = await write(sofie, 'Sofie');
    await waitFor('the sentinel', () => live.has(sentinel) && replayed.has(sentinel));
    expect(live.seqs()).toEqual([sentinel]);
    const sofies: Array<{ seq: string }> = await t.db.dataSource.query(`SELECT seq::text AS seq FROM plan_event e WHERE e.plan_id = $1 ORDER BY e.seq`, [sofie.id]);
    expect(replayed.seqs()).toEqual(sofies.map((r) => r.seq));
    expect(replayed.seqs()).toEqual(expect.arrayContaining([before, sentinel]));
    // And the other way round: Faaborg-Midtfyn's coordinator sees nothing of Svendborg.
    const annaLast = await write(kim, 'Kim, last');
    await waitFor('anna', () => annaSub.has(annaLast));
    expect(annaSub.events.some((e) => e.planId === sofie.id)).toBe(false);
  });

  it('a leader and a mentor (no standing in any plan) receive nothing', async () => {
    const lene = (await connect('lene')).subscribe(CASELOAD_EVENTS, { after: '0' });
    const mikkel = (await connect('mikkel')).subscribe(CASELOAD_EVENTS);
    // Attached after them on the same instance, so delivered to after them.
    const annaSub = (await connect('anna')).subscribe(CASELOAD_EVENTS);
    await attached(3);
    await write(per, 'Per');
    const last = await write(eva, 'Eva');
    await waitFor('anna', () => annaSub.has(last));
    expect(lene.events).toEqual([]);
    expect(mikkel.events).toEqual([]);
    expect([...lene.errors, ...mikkel.errors]).toEqual([]);
  });
});

describe('access removed mid-stream', () => {
  afterEach(async () => {
    await setTeam(t.db.dataSource, per.id, ['EMPLOYMENT', 'SOCIAL']);
    await setCoordinator(t.db.dataSource, per.id, 'anna');
  });

  it('the unit is removed from the plan team: the next event is not delivered', async () => {
    const bc = await connect('bent'); // SOCIAL: on Per's and Kim's teams
    const direct = bc.subscribe(PLAN_EVENTS, { planId: per.id });
    const caseload = bc.subscribe(CASELOAD_EVENTS);
    await attached(2);
    const first = await write(per, 'before the removal');
    await waitFor('the first event', () => direct.has(first) && caseload.has(first));
    await t.db.dataSource.query(
      `DELETE FROM plan_team_unit WHERE plan_id = $1 AND unit_id = (SELECT unit_id FROM app_user WHERE username = 'bent')`,
      [per.id],
    );
    await write(per, 'after the removal');
    const sentinel = await write(kim, 'Kim, still on the team');
    await waitFor('the sentinel', () => caseload.has(sentinel));
    expect(caseload.seqs()).toEqual([first, sentinel]);
    expect(direct.seqs()).toEqual([first]);
  });

  it('the coordinator is replaced (and their unit is not on the team): the next event is not delivered', async () => {
    await setTeam(t.db.dataSource, eva.id, ['HEALTH']);
    try {
      const ac = await connect('anna');
      const caseload = ac.subscribe(CASELOAD_EVENTS);
      await attached(1);
      const first = await write(eva, 'before the handover');
      await waitFor('the first event', () => caseload.has(first));
      await setCoordinator(t.db.dataSource, eva.id, 'carla');
      await write(eva, 'after the handover', await actorOf(t.db.dataSource, 'carla'));
      const sentinel = await write(per, 'Per');
      await waitFor('the sentinel', () => caseload.has(sentinel));
      expect(caseload.seqs()).toEqual([first, sentinel]);
    } finally {
      await setTeam(t.db.dataSource, eva.id, ['EMPLOYMENT', 'HEALTH']);
      await setCoordinator(t.db.dataSource, eva.id, 'anna');
    }
  });
});
