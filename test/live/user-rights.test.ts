import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { WsClient } from '../../server/src/test-support/ws-client';
import { CASELOAD_EVENTS, LiveClient, attachedCount, planIdOf, setTeam, waitFor } from './live-kit';

/**
 * Rights are not frozen into an open socket. When a user's role, unit or municipality
 * changes, or the user is deactivated, every socket of theirs on every instance is closed
 * within a second (migration 1700000000015's trigger NOTIFYs, each instance's feed
 * connection LISTENs, core/auth/user-sockets.ts re-checks the user): 4410 "Rights changed"
 * when the client may reconnect and be judged by the new rights, 4403 when the user was
 * deactivated or left the municipality. Their next request is judged by what is in the
 * table now: nothing is written with the old rights.
 */
jest.setTimeout(60_000);

const WITHIN_MS = 1000;
let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];
let per: { id: string; municipalityId: string };
let original: Array<{ username: string; role: string; unit_id: string | null; municipality_id: string; deactivated_at: Date | null }>;
const measured: string[] = [];

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  for (const u of ['anna', 'bent', 'dorte']) tokens[u] = await a.login(u);
  per = await planIdOf(a.db.dataSource, 'Per');
  await setTeam(a.db.dataSource, per.id, ['EMPLOYMENT', 'SOCIAL']);
  original = await a.db.dataSource.query(`SELECT username, role, unit_id, municipality_id, NULL::timestamptz AS deactivated_at FROM app_user`);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  // Everybody back as the seed made them.
  for (const u of original) {
    await a.db.dataSource.query(`UPDATE app_user SET role = $2, unit_id = $3, municipality_id = $4, deactivated_at = NULL WHERE username = $1`, [
      u.username, u.role, u.unit_id, u.municipality_id,
    ]);
  }
});

afterAll(async () => {
  // The figures this file exists to show.
  process.stdout.write(`re-authorisation after a change in app_user:\n${measured.map((m) => `  ${m}`).join('\n')}\n`);
  await b?.stop();
  await a?.stop();
});

/** One socket per instance, each with a live caseload subscription attached to its feed. */
async function subscribedOnBoth(user: string): Promise<LiveClient[]> {
  const before = [a.server.feed.stats().listeners, b.server.feed.stats().listeners];
  const both = await Promise.all([a, b].map((s) => LiveClient.connect(s.url, tokens[user])));
  clients.push(...both);
  for (const c of both) c.subscribe(CASELOAD_EVENTS);
  await attachedCount(() => a.server.feed.stats().listeners, before[0] + 1);
  await attachedCount(() => b.server.feed.stats().listeners, before[1] + 1);
  return both;
}

/** Runs the change, and resolves with each socket's close code and how long after the UPDATE was sent it came (null: still open a second after the commit). */
async function closesAfter(sockets: LiveClient[], change: () => Promise<unknown>): Promise<Array<{ code: number | null; ms: number | null }>> {
  // From sending the UPDATE (it commits on its own): an upper bound of notification, re-read and close.
  const committed = performance.now();
  await change();
  return Promise.all(
    sockets.map(
      (s) =>
        new Promise<{ code: number | null; ms: number | null }>((resolve) => {
          const timer = setTimeout(() => resolve({ code: null, ms: null }), WITHIN_MS);
          void s.closed.then((code) => {
            clearTimeout(timer);
            resolve({ code, ms: Math.round(performance.now() - committed) });
          });
        }),
    ),
  );
}

function note(what: string, closes: Array<{ code: number | null; ms: number | null }>): void {
  measured.push(`${what}: instance A ${closes[0].ms ?? '—'} ms, instance B ${closes[1].ms ?? '—'} ms`);
}

/** An activity of Per's jobcenter intervention, and a mutation of it as `user` over HTTP on instance A. */
async function editActivity(user: string): Promise<{ code: unknown; written: boolean }> {
  const ds = a.db.dataSource;
  const [act] = await ds.query(
    `SELECT a.id, a.version, a.title FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1 AND i.unit_kind = 'EMPLOYMENT' ORDER BY a.id LIMIT 1`,
    [per.id],
  );
  const [{ events: before }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event`);
  const res = await a.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, {
    input: { id: act.id, expectedVersion: act.version, title: `${act.title} (${user})` },
  }, tokens[user]);
  const [after] = await ds.query(`SELECT version, title FROM activity WHERE id = $1`, [act.id]);
  const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event`);
  const written = after.version !== act.version || after.title !== act.title || events !== before;
  return { code: res.errors?.[0]?.extensions?.code ?? null, written };
}

it('a deactivated user: both sockets close with 4403 within a second, and the next mutation is refused with nothing written', async () => {
  expect(await editActivity('dorte')).toEqual({ code: null, written: true }); // allowed while active
  const sockets = await subscribedOnBoth('dorte');
  const closes = await closesAfter(sockets, () => a.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'dorte'`));
  note('deactivated', closes);
  expect(closes.map((c) => c.code)).toEqual([4403, 4403]);
  // The token is still valid at the identity provider: NOT_A_USER (see the administrator, not sign in again).
  expect(await editActivity('dorte')).toEqual({ code: 'NOT_A_USER', written: false });
  // And no new socket either: refused for good (4403, NOT_A_USER), not "sign in again" (4401).
  const again = await LiveClient.connect(b.url, tokens.dorte);
  clients.push(again);
  expect(await again.closed).toBe(4403);
  await waitFor('the subscriptions to detach', () => a.server.feed.stats().listeners === 0 && b.server.feed.stats().listeners === 0);
});

it('a changed role: both sockets close with 4410 within a second; a new socket has the new rights, and the next mutation is refused', async () => {
  const sockets = await subscribedOnBoth('dorte');
  const closes = await closesAfter(sockets, () => a.db.dataSource.query(`UPDATE app_user SET role = 'LEADER' WHERE username = 'dorte'`));
  note('role changed', closes);
  expect(closes.map((c) => c.code)).toEqual([4410, 4410]);
  expect(await editActivity('dorte')).toEqual({ code: 'FORBIDDEN', written: false });
  // The client reconnects with the same token, and is judged by the role it has now.
  const again = await WsClient.connect(b.url, tokens.dorte);
  try {
    expect(again.isOpen).toBe(true);
    expect((await again.request(`{ me { role } }`)).data).toEqual({ me: { role: 'LEADER' } });
    const [act] = await a.db.dataSource.query(`SELECT a.id, a.version FROM activity a WHERE a.plan_id = $1 ORDER BY a.id LIMIT 1`, [per.id]);
    const refused = await again.request(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, {
      input: { id: act.id, expectedVersion: act.version, title: 'as a leader' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  } finally {
    await again.close();
  }
});

it('a changed unit: both sockets close with 4410 within a second, and the next mutation is judged by the new unit', async () => {
  const sockets = await subscribedOnBoth('dorte');
  const closes = await closesAfter(sockets, () =>
    a.db.dataSource.query(`UPDATE app_user u SET unit_id = (SELECT id FROM unit WHERE municipality_id = u.municipality_id AND kind = 'HEALTH') WHERE username = 'dorte'`),
  );
  note('unit changed', closes);
  expect(closes.map((c) => c.code)).toEqual([4410, 4410]);
  // Health is not on Per's team: the jobcenter activity is no longer hers to edit.
  const refused = await editActivity('dorte');
  expect(refused.written).toBe(false);
  expect(['NOT_FOUND', 'FORBIDDEN']).toContain(refused.code);
});

it('a user moved to another municipality: both sockets close with 4403 within a second', async () => {
  const sockets = await subscribedOnBoth('anna');
  const closes = await closesAfter(sockets, () =>
    a.db.dataSource.query(`UPDATE app_user SET municipality_id = (SELECT municipality_id FROM app_user WHERE username = 'otto'), unit_id = NULL WHERE username = 'anna'`),
  );
  note('moved municipality', closes);
  expect(closes.map((c) => c.code)).toEqual([4403, 4403]);
});

it('a change that touches no rights (the name) leaves the sockets open', async () => {
  const sockets = await subscribedOnBoth('bent');
  const closes = await closesAfter(sockets, () => a.db.dataSource.query(`UPDATE app_user SET name = name || ' ' WHERE username = 'bent'`));
  expect(closes.map((c) => c.code)).toEqual([null, null]);
  await a.db.dataSource.query(`UPDATE app_user SET name = rtrim(name) WHERE username = 'bent'`);
});

/**
 * A client that never answers the server's close frame: `ws` answers one by calling the socket's
 * own close(), stubbed here, so the socket stays open on the client's side and can go on sending.
 * `closeFrame` resolves with the server's close code when its close frame arrives.
 */
async function stubbornClient(url: string, token: string): Promise<{ client: WsClient; closeFrame: Promise<number> }> {
  const client = await WsClient.connect(url, token);
  expect(client.isOpen).toBe(true);
  let heard: (code: number) => void = () => undefined;
  const closeFrame = new Promise<number>((resolve) => (heard = resolve));
  client.socket.close = (code?: number) => heard(code ?? 1005);
  return { client, closeFrame };
}

/** Well past the server's grace for an unanswered close frame, well short of `ws`'s own 30 s and the heartbeat's 6.5 s of silence. */
const CUT_OFF_MS = 4000;

/**
 * Opens a stubborn socket as `user` on `server`, makes the change, and once the server's close
 * frame has come sends a mutation of Per's jobcenter activity over that same socket. Resolves
 * with the close code, whether the server cut the socket off within CUT_OFF_MS, and whether
 * the activity or the plan's history changed by then.
 */
async function mutateAfterClose(server: TestServer, token: string, change: () => Promise<unknown>): Promise<{ code: number; cutOff: boolean; written: boolean }> {
  const ds = a.db.dataSource;
  const { client, closeFrame } = await stubbornClient(server.url, token);
  try {
    const [act] = await ds.query(
      `SELECT a.id, a.version, a.title FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1 AND i.unit_kind = 'EMPLOYMENT' ORDER BY a.id LIMIT 1`,
      [per.id],
    );
    const [{ events: before }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event`);
    await change();
    const code = await closeFrame;
    // The client reads nothing after the close frame (ws stops reading then): only the table tells.
    client.send({
      id: 'after-close',
      type: 'subscribe',
      payload: { query: `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, variables: { input: { id: act.id, expectedVersion: act.version, title: `${act.title} (after close)` } } },
    });
    let timer: NodeJS.Timeout | undefined;
    const cutOff = await Promise.race([client.closed.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CUT_OFF_MS)))]);
    clearTimeout(timer);
    const [after] = await ds.query(`SELECT version, title FROM activity WHERE id = $1`, [act.id]);
    const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM plan_event`);
    return { code, cutOff, written: after.version !== act.version || after.title !== act.title || events !== before };
  } finally {
    client.kill();
  }
}

describe('a client that does not answer the close frame', () => {
  it('deactivated (4403): a mutation sent after the close writes nothing, and the socket is cut off', async () => {
    const result = await mutateAfterClose(a, tokens.dorte, () => a.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'dorte'`));
    expect(result).toEqual({ code: 4403, written: false, cutOff: true });
  });

  it('a changed role (4410): a mutation sent after the close is not run with the old role, and the socket is cut off', async () => {
    const result = await mutateAfterClose(b, tokens.dorte, () => a.db.dataSource.query(`UPDATE app_user SET role = 'LEADER' WHERE username = 'dorte'`));
    expect(result).toEqual({ code: 4410, written: false, cutOff: true });
  });

  it('an expired token (4401): a mutation sent after the close writes nothing, and the socket is cut off', async () => {
    const shortLived = await startTestServer({ db: a.db, seed: false, env: { DEMO_TOKEN_TTL_SECONDS: '2' } });
    try {
      // The change is the token's own end, some 2 s after sign-in.
      const result = await mutateAfterClose(shortLived, await shortLived.login('dorte'), async () => undefined);
      expect(result).toEqual({ code: 4401, written: false, cutOff: true });
    } finally {
      await shortLived.stop();
    }
  });
});
