import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { LiveClient, attachedCount, planIdOf, waitFor, type LiveSubscription } from './live-kit';

/**
 * Deactivation through the administrator's own screen takes effect at once, on every
 * instance: the caseworker and the coordinator have Per's plan open on two instances behind
 * one database; the administrator deactivates the caseworker (deactivateStaff); within a
 * second the caseworker's sockets on both instances are closed (4403), the coordinator's stay
 * open and go on receiving the plan's changes, and the caseworker's next save is refused with
 * nothing written. A move to another unit (changeStaff, approved by another administrator) re-authorises the sockets the same way.
 *
 * The refusal is NOT_A_USER, not UNAUTHENTICATED: the caseworker's token is still valid at
 * the identity provider, so asking them to sign in again would only bring them back to the
 * same refusal; NOT_A_USER tells them to contact their administrator.
 */
jest.setTimeout(60_000);

const WITHIN_MS = 1000;
const PLAN_EVENTS = `subscription($planId: ID!) { planEvents(planId: $planId) { seq kind summary actor { name } } }`;
let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];
let per: { id: string; municipalityId: string };

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  for (const u of ['anna', 'bent', 'dorte', 'ida', 'jonas']) tokens[u] = await a.login(u);
  per = await planIdOf(a.db.dataSource, 'Per');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await b?.stop();
  await a?.stop();
});

/** Resolves with each socket's close code and ms after `sent`, or null if not all closed within WITHIN_MS of it. */
async function closedWithin(sockets: LiveClient[], sent: number): Promise<Array<{ code: number; ms: number }> | null> {
  const closes = sockets.map((socket) => socket.closed.then((code) => ({ code, ms: Math.round(performance.now() - sent) })));
  return Promise.race([
    Promise.all(closes),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, WITHIN_MS - (performance.now() - sent)))),
  ]);
}

/** Per's plan open on both instances: one socket each, subscribed to the plan's changes. */
async function planOpenOnBoth(user: string): Promise<Array<{ socket: LiveClient; sub: LiveSubscription }>> {
  const sockets = await Promise.all([a, b].map((s) => LiveClient.connect(s.url, tokens[user])));
  clients.push(...sockets);
  return sockets.map((socket) => ({ socket, sub: socket.subscribe(PLAN_EVENTS, { planId: per.id }) }));
}

/** Saves a new title on the first activity of Per's employment intervention, over HTTP on instance B; reports what reached the database. */
async function save(user: string): Promise<{ code: unknown; written: boolean }> {
  const ds = a.db.dataSource;
  const [act] = await ds.query(
    `SELECT a.id, a.version, a.title FROM activity a JOIN intervention i ON i.id = a.intervention_id
      WHERE a.plan_id = $1 AND i.unit_kind = 'EMPLOYMENT' ORDER BY a.id LIMIT 1`,
    [per.id],
  );
  const [{ events: before }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event WHERE plan_id = $1`, [per.id]);
  const res = await b.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, {
    input: { id: act.id, expectedVersion: act.version, title: `${act.title} (${user})` },
  }, tokens[user]);
  const [after] = await ds.query(`SELECT version, title FROM activity WHERE id = $1`, [act.id]);
  const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event WHERE plan_id = $1`, [per.id]);
  return { code: res.errors?.[0]?.extensions?.code ?? null, written: after.version !== act.version || after.title !== act.title || events !== before };
}

it("the administrator deactivates the caseworker: her sockets on both instances close within a second, her next save is refused and nothing is written; the coordinator's plan stays live", async () => {
  const listeners = () => [a.server.feed.stats().listeners, b.server.feed.stats().listeners];
  const idle = listeners();
  const dorte = await planOpenOnBoth('dorte');
  const anna = await planOpenOnBoth('anna');
  await attachedCount(() => a.server.feed.stats().listeners, idle[0] + 2);
  await attachedCount(() => b.server.feed.stats().listeners, idle[1] + 2);

  // While active, the caseworker saves, and both of them see it on both instances.
  expect(await save('dorte')).toEqual({ code: null, written: true });
  await waitFor('the save to reach all four plan views', () => [...dorte, ...anna].every((v) => v.sub.events.length === 1));

  const [{ id: dorteId, version: dorteVersion }] = await a.db.dataSource.query(`SELECT id, version FROM app_user WHERE username = 'dorte'`);
  const sent = performance.now();
  const res = await a.gql<{ deactivateStaff: { status: string } }>(`mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { status } }`, { id: dorteId, v: dorteVersion }, tokens.ida);
  expect(res.data?.deactivateStaff.status).toBe('DEACTIVATED');
  const closed = await closedWithin(dorte.map((v) => v.socket), sent);
  process.stdout.write(`deactivateStaff → caseworker's sockets closed: ${closed ? closed.map((c, i) => `instance ${'AB'[i]} ${c.ms} ms`).join(', ') : `not within ${WITHIN_MS} ms`}\n`);
  expect(closed?.map((c) => c.code)).toEqual([4403, 4403]);
  expect(closed!.every((c) => c.ms <= WITHIN_MS)).toBe(true);

  expect(await save('dorte')).toEqual({ code: 'NOT_A_USER', written: false });
  // Reopening the plan is refused as well, on either instance: for good (4403), not "sign in again" (4401).
  const reopened = await Promise.all([a, b].map((s) => LiveClient.connect(s.url, tokens.dorte)));
  clients.push(...reopened);
  expect(await Promise.all(reopened.map((c) => c.closed))).toEqual([4403, 4403]);

  // The coordinator was not touched: her views are open and the plan is still live for her.
  expect(anna.map((v) => v.socket.closeCode)).toEqual([null, null]);
  expect(await save('anna')).toEqual({ code: null, written: true });
  await waitFor("the coordinator's save to reach her views on both instances", () => anna.every((v) => v.sub.events.length === 2));
  expect(dorte.map((v) => v.sub.events.length)).toEqual([1, 1]);
});

it("the administrator moves a caseworker to a unit not on the team: his sockets on both instances are re-authorised (4410) within a second, and the plan is no longer his", async () => {
  // He coordinates the running programmes of his own citizens: he hands them over first, as a
  // move to another unit requires (COORDINATES_PROGRAMMES).
  const [{ id: annaId }] = await a.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'anna'`);
  const coordinated: Array<{ programme_id: string }> = await a.db.dataSource.query(
    `SELECT ca.programme_id FROM coordinator_assignment ca JOIN app_user u ON u.id = ca.user_id JOIN programme p ON p.id = ca.programme_id
      WHERE u.username = 'bent' AND ca.to_at IS NULL AND p.status = 'ACTIVE'`,
  );
  for (const { programme_id: programmeId } of coordinated) {
    const handed = await a.gql(`mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { id } }`,
      { input: { programmeId, userId: annaId, reason: 'Bent skifter enhed', citizenConsulted: true } }, tokens.bent);
    expect(handed.errors).toBeUndefined();
  }
  const before = [a.server.feed.stats().listeners, b.server.feed.stats().listeners];
  const bent = await planOpenOnBoth('bent');
  await attachedCount(() => a.server.feed.stats().listeners, before[0] + 1);
  await attachedCount(() => b.server.feed.stats().listeners, before[1] + 1);
  const [{ id: bentId, version: bentVersion }] = await a.db.dataSource.query(`SELECT id, version FROM app_user WHERE username = 'bent'`);
  const [{ id: health }] = await a.db.dataSource.query(`SELECT id FROM unit WHERE municipality_id = $1 AND kind = 'HEALTH'`, [per.municipalityId]);
  const res = await b.gql(`mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { unit { id } } }`, { input: { userId: bentId, role: 'CASEWORKER', unitId: health, expectedVersion: bentVersion } }, tokens.ida);
  expect(res.errors).toBeUndefined();
  // He has signed in: the move waits for another administrator, and takes effect with Jonas's yes.
  const sent = performance.now();
  const approved = await b.gql(`mutation($id: ID!, $v: Int!) { approveStaffChange(userId: $id, expectedVersion: $v) { unit { id } } }`, { id: bentId, v: bentVersion + 1 }, tokens.jonas);
  expect(approved.errors).toBeUndefined();
  const closed = await closedWithin(bent.map((v) => v.socket), sent);
  process.stdout.write(`approveStaffChange → caseworker's sockets re-authorised: ${closed ? closed.map((c, i) => `instance ${'AB'[i]} ${c.ms} ms`).join(', ') : `not within ${WITHIN_MS} ms`}\n`);
  expect(closed?.map((c) => c.code)).toEqual([4410, 4410]);

  // He may reconnect (his token is good), and is judged by his new unit: Per's plan is not his to see.
  const again = await LiveClient.connect(a.url, tokens.bent);
  clients.push(again);
  const sub = again.subscribe(PLAN_EVENTS, { planId: per.id });
  await waitFor('the subscription to be refused', () => sub.completed);
  expect([again.closeCode, sub.errors[0]?.extensions?.code]).toEqual([null, 'NOT_FOUND']);
});
