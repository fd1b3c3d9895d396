import type { Pool, PoolClient } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, metricOf, PLAN_EVENTS, planIdOf, setCoordinator, setTeam, waitFor, type LiveSubscription } from './live-kit';

/**
 * A live event is delivered while every pooled connection is taken (a full load on the
 * instance). What the receiver may see of another unit's details is read from the citizen's
 * consent register at delivery; that read waits out the pool's connect timeout. A request's
 * caller would be told to try again; a subscriber cannot ask for one event again, so the
 * event waits for the pool and arrives whole, not as "Databasen er midlertidigt utilgængelig".
 */
jest.setTimeout(60_000);

let t: TestServer;
const clients: LiveClient[] = [];
/** Reads of the citizen's consent register, as PostgreSQL was sent them. */
let registerReads = 0;

beforeAll(async () => {
  t = await startTestServer({ onQuery: (sql) => void (sql.includes('JOIN consent_entry c ON c.citizen_id = p.citizen_id') && registerReads++) });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.stop();
});

it('another unit\'s change reaches the coordinator with its record after the pool frees up, not as an error', async () => {
  const ds = t.db.dataSource;
  const kim = await planIdOf(ds, 'Kim');
  await setTeam(ds, kim.id, ['EMPLOYMENT', 'SOCIAL']);
  await setCoordinator(ds, kim.id, 'anna');
  const [intervention] = await ds.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND unit_kind = 'SOCIAL' LIMIT 1`, [kim.id]);

  const anna = await LiveClient.connect(t.url, await t.login('anna'));
  clients.push(anna);
  const sub = anna.subscribe(CASELOAD_EVENTS);
  await waitFor('Anna\'s subscription on the feed', () => t.server.feed.stats().listeners === 1);

  // As the feed hands the event on, everything the pool has is taken, before Anna's
  // delivery asks for a connection (listeners are called in the order they came).
  const pool = (ds.driver as PostgresDriver).master as Pool;
  let taking: Promise<PoolClient[]> | null = null;
  t.server.feed.attach({
    accepts: () => true,
    push: () => {
      taking ??= Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
    },
  });

  const res = await t.gql<{ updateIntervention: { version: number } }>(
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`,
    { input: { id: intervention.id, expectedVersion: intervention.version, title: 'Bostøtte, to gange om ugen' } },
    await t.login('bent'),
  );
  expect(res.errors).toBeUndefined();
  await waitFor('the pool to be taken', () => taking !== null);
  const taken = await taking!;
  try {
    // Anna's delivery met the busy pool once and is waiting again; nothing reached her yet.
    await waitFor('the delivery to try again', async () => (await metricOf(t.url, 'samplan_live_retries_total')) >= 1, 20_000);
    expect(sub.events).toEqual([]);
    expect(sub.errors).toEqual([]);
  } finally {
    for (const c of taken) c.release();
  }

  await waitFor('the change at Anna', () => sub.events.length === 1, 20_000);
  expect(sub.errors).toEqual([]);
  expect(sub.events[0]).toMatchObject({ kind: 'INTERVENTION_UPDATED', entityId: intervention.id, title: 'Bostøtte, to gange om ugen', unit: { kind: 'SOCIAL' } });
});

it('the consent register is read once per delivered event, however many receivers and fields ask', async () => {
  const ds = t.db.dataSource;
  const per = await planIdOf(ds, 'Per');
  await setTeam(ds, per.id, ['EMPLOYMENT', 'SOCIAL', 'HEALTH']);
  await setCoordinator(ds, per.id, 'anna');
  const [intervention] = await ds.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND unit_kind = 'SOCIAL' LIMIT 1`, [per.id]);
  // Two views (the jobcenter's, health's), two documents, five subscriptions: each execution
  // asks for the summary, title, changes and record, all cut by the register.
  const subs: LiveSubscription[] = [];
  for (const [user, doc] of [['anna', 'caseload'], ['anna', 'plan'], ['dorte', 'caseload'], ['carla', 'caseload'], ['carla', 'plan']] as const) {
    const c = await LiveClient.connect(t.url, await t.login(user));
    clients.push(c);
    subs.push(doc === 'caseload' ? c.subscribe(CASELOAD_EVENTS) : c.subscribe(PLAN_EVENTS, { planId: per.id }));
  }
  await waitFor('five subscriptions on the feed', () => t.server.feed.stats().listeners >= 5);

  const before = registerReads;
  const res = await t.gql<{ updateIntervention: { version: number } }>(
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`,
    { input: { id: intervention.id, expectedVersion: intervention.version, title: 'Bostøtte i hjemmet' } },
    await t.login('bent'),
  );
  expect(res.errors).toBeUndefined();
  await waitFor('the change at all five', () => subs.every((s) => s.events.some((e) => e.entityId === intervention.id)));
  for (const s of subs) expect(s.errors).toEqual([]);
  expect(registerReads - before).toBe(1);
});
