import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, PLAN_EVENTS, attachedCount, planIdOf, setCoordinator, setTeam, waitFor, type LiveSubscription } from './live-kit';

/**
 * 200 changes made through two instances (real mutations, three writers in parallel, so
 * transactions overlap and commit out of seq order) while 50 subscribers listen, half on
 * each instance: every subscriber gets all 200, in seq order, nothing twice.
 */
jest.setTimeout(120_000);

let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db });
  for (const u of ['anna', 'bent', 'carla', 'dorte']) tokens[u] = await a.login(u);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await b.stop();
  await a.stop();
});

const UPDATE = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version } }`;

it('200 changes through two instances reach each of 50 subscribers, all of them, in seq order', async () => {
  const ds = a.db.dataSource;
  const kim = await planIdOf(ds, 'Kim');
  await setTeam(ds, kim.id, ['EMPLOYMENT', 'SOCIAL', 'HEALTH']);
  await setCoordinator(ds, kim.id, 'anna');
  const [{ mark }] = await ds.query(`SELECT COALESCE(max(seq), 0)::text AS mark FROM plan_event`);

  const subs: LiveSubscription[] = [];
  const who = ['anna', 'bent', 'carla', 'dorte'];
  for (let i = 0; i < 50; i++) {
    const user = who[i % who.length];
    const c = await LiveClient.connect((i % 2 === 0 ? a : b).url, tokens[user]);
    clients.push(c);
    subs.push(i % 4 < 2 ? c.subscribe(CASELOAD_EVENTS) : c.subscribe(PLAN_EVENTS, { planId: kim.id }));
  }
  await attachedCount(() => a.server.feed.stats().listeners + b.server.feed.stats().listeners, 50);

  // Each unit edits its own intervention on Kim's plan, through "its" instance.
  const writers: Array<{ user: string; t: TestServer; unit: string; n: number }> = [
    { user: 'bent', t: a, unit: 'SOCIAL', n: 67 },
    { user: 'dorte', t: b, unit: 'EMPLOYMENT', n: 67 },
    { user: 'carla', t: a, unit: 'HEALTH', n: 66 },
  ];
  await Promise.all(
    writers.map(async (w) => {
      const [row] = await ds.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND unit_kind = $2 LIMIT 1`, [kim.id, w.unit]);
      let version: number = row.version;
      for (let i = 0; i < w.n; i++) {
        const send = () => w.t.gql<{ updateIntervention: { version: number } }>(
          UPDATE, { input: { id: row.id, expectedVersion: version, title: `${w.unit} ændring ${i}` } }, tokens[w.user]);
        let res = await send();
        // Both instances share one pool of 20 here, on a machine the full run loads: a write that
        // got no connection within 3 s is answered 503 SERVICE_UNAVAILABLE, nothing written, and
        // a client sends it again (had it been written, the same expectedVersion would conflict).
        for (let again = 0; again < 3 && res.errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE'; again++) res = await send();
        if (!res.data?.updateIntervention) throw new Error(JSON.stringify(res.errors));
        version = res.data.updateIntervention.version;
      }
    }),
  );

  const rows: Array<{ seq: string }> = await ds.query(`SELECT seq::text AS seq FROM plan_event e WHERE e.seq > $1::bigint ORDER BY e.seq`, [mark]);
  const expected = rows.map((r) => r.seq);
  expect(expected).toHaveLength(200);
  const final = expected[expected.length - 1];
  await waitFor('every subscriber to get the last change', () => subs.every((s) => s.has(final)), 60_000);
  for (const s of subs) {
    expect(s.errors).toEqual([]);
    expect(s.seqs()).toEqual(expected);
  }
});
