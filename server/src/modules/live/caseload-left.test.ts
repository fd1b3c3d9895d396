import { localDate } from '@samplan/schema';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { actorNamed, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsGraphQLError } from '../../test-support/ws-client';

/**
 * When a change takes a plan from a member of staff who follows their caseload (their unit
 * taken off the team; they hand the coordinatorship on and their unit is not on the team),
 * their caseload stream says so in the change's place: the plan's id and the seq, nothing of
 * the change. Everyone else on the plan gets the change as before; nobody who did not hold
 * the plan hears of it; the word is no read of the citizen's data (no access-log row).
 * Per's team is the jobcenter (Anna, Dorte; Anna coordinates) and social services (Bent);
 * Carla is health; Lene is a leader (no plans); Otto is of another municipality.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
let per: { plan: string; citizen: string; programme: string };
let eva: { plan: string; citizen: string; programme: string };

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'lene', 'otto', 'mikkel']) tokens[u] = await t.login(u);
  const facts = async (name: string) => {
    const plan = await planIdOf(t, name);
    const [row] = await t.db.dataSource.query(`SELECT citizen_id, programme_id FROM plan WHERE id = $1`, [plan]);
    return { plan, citizen: row.citizen_id as string, programme: row.programme_id as string };
  };
  per = await facts('Per');
  eva = await facts('Eva');
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await waitFor('the subscriptions to detach', () => t.server.feed.stats().listeners === 0);
});
afterAll(() => t.stop());

const CASELOAD = `subscription($after: String) { caseloadEvents(afterSeq: $after) { __typename seq planId ... on PlanEvent { kind summary } } }`;
const ADD_UNIT = `mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`;
const REMOVE_UNIT = `mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`;
const REASSIGN = `mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { id } }`;

interface Item {
  __typename: string;
  seq: string;
  planId: string;
  kind?: string;
  summary?: string;
}

/** One user's caseload stream: every item it was sent, and any error. */
class Follower {
  readonly items: Item[] = [];
  readonly errors: WsGraphQLError[] = [];
  constructor(private readonly socket: WsClient) {}
  of(planId: string): Item[] {
    return this.items.filter((i) => i.planId === planId);
  }
  has(seq: string): boolean {
    return this.items.some((i) => i.seq === seq);
  }
  /**
   * A round trip on this user's socket. A fan-out writes to every subscriber before the last
   * one (whom the test waited for) has its share, and a socket delivers in order: whatever the
   * server sent this user before is here once the answer is.
   */
  async settled(): Promise<void> {
    const answer = await this.socket.request(`{ me { id } }`);
    expect(answer.errors).toBeUndefined();
  }
}

async function follow(user: string, afterSeq: string | null = null): Promise<Follower> {
  const socket = await WsClient.connect(t.url, tokens[user]);
  sockets.push(socket);
  const follower = new Follower(socket);
  socket.subscribe(CASELOAD, { after: afterSeq }, (r) => {
    if (r.errors) follower.errors.push(...r.errors);
    const item = r.data?.caseloadEvents as Item | undefined;
    if (item) follower.items.push(item);
  });
  return follower;
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const attached = (n: number) => waitFor(`${n} subscriptions attached`, () => t.server.feed.stats().listeners >= n);

async function ok(query: string, variables: Record<string, unknown>, user: string): Promise<void> {
  const res = await t.gql(query, variables, tokens[user]);
  expect(res.errors).toBeUndefined();
}

async function lastSeq(planId?: string, kind?: EventKind): Promise<string> {
  const [{ seq }] = await t.db.dataSource.query(
    `SELECT COALESCE(max(seq), 0)::text AS seq FROM plan_event WHERE ($1::uuid IS NULL OR plan_id = $1) AND ($2::text IS NULL OR kind = $2)`,
    [planId ?? null, kind ?? null],
  );
  return seq;
}

/** A change in Eva's plan, as a service writes it (a sentinel Carla may read: health is on Eva's team). */
async function changeEva(summary: string): Promise<string> {
  const anna = await actorNamed(t.db.dataSource, 'anna');
  const [{ municipality_id }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [eva.plan]);
  return t.db.dataSource.transaction((m) =>
    appendEvent(m, {
      planId: eva.plan, municipalityId: municipality_id, kind: EventKind.PLAN_UPDATED, entityType: 'PLAN', entityId: eva.plan, actor: anna, summary,
      payload: { entity: { __typename: 'Plan', id: eva.plan } },
    }),
  );
}

/** How many live and replayed deliveries of the citizen's plan events the user's access log counts. */
async function deliveriesLogged(user: string, citizenId: string, channel: 'LIVE' | 'REPLAY'): Promise<number> {
  const [{ n }] = await t.db.dataSource.query(
    `SELECT COALESCE(sum(a.count), 0)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
      WHERE u.username = $1 AND a.citizen_id = $2 AND a.channel = $3`,
    [user, citizenId, channel],
  );
  return n;
}

const left = (seq: string, planId: string): Item => ({ __typename: 'PlanLeftCaseload', seq, planId });

describe('a unit taken off the team', () => {
  let beforeAdd: string;
  let removal: string;

  it('its staff hear on their caseload that the plan left them, in its place and with nothing of the change; the rest of the team gets the change; nobody else hears anything', async () => {
    const health = await unitIdOf(t, 'HEALTH');
    beforeAdd = await lastSeq();
    await ok(ADD_UNIT, { p: per.plan, u: health }, 'anna');
    // Those who never held Per's plan first: the fan-out reaches them before Carla and Bent.
    const lene = await follow('lene');
    const otto = await follow('otto');
    const bent = await follow('bent');
    const carla = await follow('carla');
    await attached(4);
    const bentLogged = await deliveriesLogged('bent', per.citizen, 'LIVE');

    await ok(REMOVE_UNIT, { p: per.plan, u: health }, 'anna');
    removal = await lastSeq(per.plan, EventKind.TEAM_CHANGED);
    await waitFor('the removal, to Carla and to Bent', () => carla.has(removal) && bent.has(removal));

    // Carla: the plan's id and the seq, nothing else (not the change, not who made it).
    expect(carla.of(per.plan)).toEqual([left(removal, per.plan)]);
    // Bent, still on the team: the change itself, once, as before.
    expect(bent.items.filter((i) => i.seq === removal)).toEqual([{ __typename: 'PlanEvent', seq: removal, planId: per.plan, kind: 'TEAM_CHANGED', summary: expect.stringContaining('fjernede') }]);
    await Promise.all([lene.settled(), otto.settled()]);
    expect(lene.items).toEqual([]);
    expect(otto.items).toEqual([]);
    expect([...carla.errors, ...bent.errors, ...lene.errors, ...otto.errors]).toEqual([]);

    // Carla's stream goes on: a change in Eva's plan (health is on its team) reaches her next.
    const sentinel = await changeEva('Eva, after Per left Carla');
    await waitFor('the sentinel', () => carla.has(sentinel));
    expect(carla.items.map((i) => i.seq)).toEqual([removal, sentinel]);

    // The word is no read of Per's data: nothing in the access log for Carla; Bent's delivery is there.
    expect(await deliveriesLogged('carla', per.citizen, 'LIVE')).toBe(0);
    expect(await deliveriesLogged('bent', per.citizen, 'LIVE')).toBe(bentLogged + 1);
  });

  it('a replay from before says it too, in its place; the change that gave her the plan and what came after it are not hers', async () => {
    const carla = await follow('carla', beforeAdd);
    const bent = await follow('bent', beforeAdd);
    await attached(2);
    const sentinel = await changeEva('Eva, after the replay');
    await waitFor('the sentinel', () => carla.has(sentinel));
    const added = (await t.db.dataSource.query(
      `SELECT seq::text AS seq FROM plan_event WHERE plan_id = $1 AND kind = 'TEAM_CHANGED' AND seq > $2 ORDER BY seq`,
      [per.plan, beforeAdd],
    )) as Array<{ seq: string }>;
    expect(added.map((r) => r.seq)).toEqual([expect.any(String), removal]);
    // Health joined Per's team (she did not hold the plan before it) and left it (she did).
    expect(carla.of(per.plan)).toEqual([left(removal, per.plan)]);
    await waitFor('Bent’s replay', () => bent.has(removal));
    expect(bent.of(per.plan).filter((i) => i.kind === 'TEAM_CHANGED').map((i) => [i.__typename, i.seq])).toEqual(added.map((r) => ['PlanEvent', r.seq]));
    expect(bent.of(per.plan).every((i) => i.__typename === 'PlanEvent')).toBe(true);
    expect(await deliveriesLogged('carla', per.citizen, 'REPLAY')).toBe(0);
  });
});

describe('the coordinatorship handed on, the coordinator’s unit not on the team', () => {
  afterEach(async () => {
    // Back as the seed had it: the jobcenter and health on Eva's team, Anna her coordinator.
    const ds = t.db.dataSource;
    await ds.query(
      `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT p.id, u.id, p.municipality_id FROM plan p JOIN unit u ON u.municipality_id = p.municipality_id
        WHERE p.id = $1 AND u.kind IN ('EMPLOYMENT', 'HEALTH') ON CONFLICT DO NOTHING`,
      [eva.plan],
    );
    await ds.query(`UPDATE coordinator_assignment SET to_at = now() WHERE programme_id = $1 AND to_at IS NULL`, [eva.programme]);
    await ds.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, reason, citizen_consulted)
       SELECT u.municipality_id, $1, u.id, u.unit_id, 'test', true FROM app_user u WHERE u.username = 'anna'`,
      [eva.programme],
    );
  });

  it('the coordinator who handed it on hears the plan left them; the new one gets the change; colleagues off the team hear nothing', async () => {
    const ds = t.db.dataSource;
    const [{ username }] = await ds.query(
      `SELECT u.username FROM coordinator_assignment ca JOIN app_user u ON u.id = ca.user_id WHERE ca.programme_id = $1 AND ca.to_at IS NULL`,
      [eva.programme],
    );
    expect(username).toBe('anna');
    // Only health on Eva's team: Anna holds the plan as its coordinator alone.
    await ds.query(`DELETE FROM plan_team_unit t USING unit u WHERE t.plan_id = $1 AND u.id = t.unit_id AND u.kind <> 'HEALTH'`, [eva.plan]);
    const dorte = await follow('dorte'); // jobcenter, like Anna: off Eva's team now
    const bent = await follow('bent'); // social services: never on Eva's team
    const carla = await follow('carla');
    const anna = await follow('anna');
    await attached(4);

    const [{ id: carlaId }] = await ds.query(`SELECT id FROM app_user WHERE username = 'carla'`);
    await ok(REASSIGN, { input: { programmeId: eva.programme, userId: carlaId, reason: 'Sundhed fører sagen', citizenConsulted: true } }, 'anna');
    const handover = await lastSeq(eva.plan, EventKind.COORDINATOR_ASSIGNED);
    await waitFor('the hand-over, to Anna and to Carla', () => anna.has(handover) && carla.has(handover));

    expect(anna.of(eva.plan)).toEqual([left(handover, eva.plan)]);
    // Carla, the new coordinator: the change itself (the programme's warnings, read again after it, may follow).
    expect(carla.items.filter((i) => i.seq === handover)).toEqual([{ __typename: 'PlanEvent', seq: handover, planId: eva.plan, kind: 'COORDINATOR_ASSIGNED', summary: expect.stringContaining('Carla') }]);
    await Promise.all([dorte.settled(), bent.settled()]);
    expect(dorte.items).toEqual([]);
    expect(bent.items).toEqual([]);
    expect(await deliveriesLogged('anna', eva.citizen, 'LIVE')).toBe(0);
  });
});

// Not a change of this work: a check that the mentor's list already learns of the grant's end.
describe('a mentor whose grant ends', () => {
  it('hears of it on the same stream (a bare fact about their own grant), and their cases no longer hold the citizen', async () => {
    const [grant] = await t.db.dataSource.query(
      `SELECT g.id, g.version FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id WHERE g.plan_id = $1 AND u.username = 'mikkel'`,
      [eva.plan],
    );
    const mikkel = await follow('mikkel');
    await attached(1);
    const yesterday = localDate(new Date(Date.now() - 86_400_000));
    await ok(`mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { id } }`, { id: grant.id, v: grant.version, d: yesterday }, 'anna');
    const ended = await lastSeq(eva.plan, EventKind.MENTOR_GRANT_ENDED);
    await waitFor('the end of the grant', () => mikkel.has(ended));
    expect(mikkel.of(eva.plan)).toEqual([{ __typename: 'PlanEvent', seq: ended, planId: eva.plan, kind: 'MENTOR_GRANT_ENDED', summary: 'Din mentorbevilling er afsluttet' }]);
    const cases = await t.gql<{ myMentorCases: Array<{ grant: { id: string } }> }>(`{ myMentorCases { grant { id } } }`, {}, tokens.mikkel);
    expect(cases.data?.myMentorCases.map((c) => c.grant.id)).not.toContain(grant.id);
  });
});
