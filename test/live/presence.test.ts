import net from 'node:net';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { LiveClient, planIdOf, waitFor } from './live-kit';

/**
 * Presence across two instances with nothing but PostgreSQL between them (an unlogged
 * table and the `samplan_presence` channel): who subscribes on one instance is seen on the
 * other; a tab's `setEditing` may reach either instance over HTTP; a closed socket goes at
 * once; a connection that dies without a word is found by the server's pings and goes
 * within 10 seconds. None of it is an access to the citizen's data, so nothing is audited.
 * Eva's team is the jobcenter (Anna, Dorte) and health (Carla); Mikkel is her mentor, to whom
 * she shares no health details (so Carla is not in his list).
 */
jest.setTimeout(90_000);

const WITHIN_MS = 10_000;
let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];
let eva: { id: string; municipalityId: string };
let audits: number;
const measured: string[] = [];

const PRESENCE = `subscription($planId: ID!, $sessionId: String!) {
  planPresence(planId: $planId, sessionId: $sessionId) { planId present { user { name } unit { name } editing since } }
}`;

interface Present {
  user: { name: string };
  unit: { name: string } | null;
  editing: string | null;
}

/** A tab with Eva's plan open on one instance (possibly through a proxy): the lists it was sent. */
async function openTab(url: string, user: string): Promise<{ client: LiveClient; sessionId: string; latest(): Present[]; names(): string[]; errors: unknown[] }> {
  const client = await LiveClient.connect(url, tokens[user]);
  clients.push(client);
  const sessionId = `${user}-${Math.random().toString(36).slice(2, 12)}`;
  const sub = client.subscribe(PRESENCE, { planId: eva.id, sessionId });
  const latest = () => ((sub.events[sub.events.length - 1] as unknown as { present: Present[] } | undefined)?.present ?? []);
  return { client, sessionId, latest, names: () => latest().map((p) => p.user.name), errors: sub.errors };
}

const auditCount = async () => (await a.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  for (const u of ['anna', 'dorte', 'carla', 'mikkel']) tokens[u] = await a.login(u);
  eva = await planIdOf(a.db.dataSource, 'Eva');
  audits = await auditCount();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  process.stdout.write(`presence across instances:\n${measured.map((m) => `  ${m}`).join('\n')}\n`);
  await b?.stop();
  await a?.stop();
});

it('shows on instance A a person who opens the plan on instance B, and removes them promptly when their socket closes', async () => {
  const anna = await openTab(a.url, 'anna');
  const dorte = await openTab(b.url, 'dorte');
  await waitFor('Anna (on A) to see Dorte (on B)', () => anna.names().includes('Dorte Madsen'));
  await waitFor('Dorte (on B) to see Anna (on A)', () => dorte.names().includes('Anna Holm'));

  const closed = performance.now();
  await dorte.client.close();
  await waitFor('Dorte to leave Anna\'s list', () => !anna.names().includes('Dorte Madsen'));
  measured.push(`closed socket on B gone on A after ${Math.round(performance.now() - closed)} ms`);
  expect(anna.errors).toEqual([]);
});

it('shows on A what a tab on A edits when setEditing reaches B over HTTP; the mentor on B sees neither the health intervention being edited nor the health staff', async () => {
  const [health] = await a.db.dataSource.query(`SELECT i.id FROM intervention i JOIN unit u ON u.id = i.unit_id WHERE i.plan_id = $1 AND u.kind = 'HEALTH' LIMIT 1`, [eva.id]);
  const anna = await openTab(a.url, 'anna');
  const carla = await openTab(a.url, 'carla');
  const mikkel = await openTab(b.url, 'mikkel');
  await waitFor('everyone present for Anna', () => ['Anna Holm', 'Carla Nielsen', 'Mikkel Lund'].every((n) => anna.names().includes(n)));
  // Eva shares her health details with the team, not with her mentor: Carla is not in his list.
  await waitFor('Anna present for Mikkel', () => mikkel.names().includes('Anna Holm'));

  const res = await b.gql<{ setEditing: boolean }>(
    `mutation($planId: ID!, $sessionId: String!, $recordId: ID) { setEditing(planId: $planId, sessionId: $sessionId, recordId: $recordId) }`,
    { planId: eva.id, sessionId: carla.sessionId, recordId: health.id },
    tokens.carla,
  );
  expect(res.data?.setEditing).toBe(true);
  await waitFor('Anna (on A) to see Carla editing', () => anna.latest().find((p) => p.user.name === 'Carla Nielsen')?.editing === health.id);
  // Dorte arriving after the edit: once Mikkel (on B) sees her, his list was read after the edit too.
  const dorte = await openTab(a.url, 'dorte');
  await waitFor('Mikkel to see Dorte', () => mikkel.names().includes('Dorte Madsen'));
  expect(mikkel.names()).not.toContain('Carla Nielsen');
  expect(mikkel.latest().every((p) => p.editing !== health.id)).toBe(true);
  expect([...anna.errors, ...carla.errors, ...mikkel.errors, ...dorte.errors]).toEqual([]);
});

/**
 * A TCP proxy that can stop forwarding without closing anything: what a laptop lid, a
 * dead Wi-Fi or a frozen process looks like to the server — no close frame, no FIN.
 */
async function silentProxy(targetUrl: string): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const pairs: Array<[net.Socket, net.Socket]> = [];
  let frozen = false;
  const server = net.createServer((downstream) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    pairs.push([downstream, upstream]);
    downstream.on('data', (d) => !frozen && upstream.write(d));
    upstream.on('data', (d) => !frozen && downstream.write(d));
    for (const [from, to] of [[downstream, upstream], [upstream, downstream]] as const) {
      from.on('error', () => undefined);
      from.on('close', () => !frozen && to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const pair of pairs) for (const s of pair) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

it('drops, within 10 seconds, a person whose connection silently died (no close frame, no FIN)', async () => {
  const proxy = await silentProxy(b.url);
  try {
    const anna = await openTab(a.url, 'anna');
    const dorte = await openTab(proxy.url, 'dorte');
    await waitFor('Anna (on A) to see Dorte (on B, through the proxy)', () => anna.names().includes('Dorte Madsen'));
    await waitFor('Dorte to see Anna through the proxy', () => dorte.names().includes('Anna Holm'));

    const died = performance.now();
    proxy.freeze();
    await waitFor('Dorte to leave Anna\'s list', () => !anna.names().includes('Dorte Madsen'), WITHIN_MS + 5_000);
    const ms = Math.round(performance.now() - died);
    measured.push(`silently dead connection to B gone on A after ${ms} ms`);
    expect(ms).toBeLessThan(WITHIN_MS);
  } finally {
    await Promise.all(clients.splice(0).map((c) => (c.closeCode === null ? (c.kill(), c.closed) : undefined)));
    await proxy.close();
  }
});

it('wrote no audit row for any of it', async () => {
  expect(await auditCount()).toBe(audits);
});
