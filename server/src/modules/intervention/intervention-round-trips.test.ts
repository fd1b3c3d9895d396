import { codeOf, interventionOf } from '../../test-support/fixtures';
import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * What one change to an intervention costs in round trips to PostgreSQL: every message the
 * server sends through node-postgres (one `query` call, however many statements it holds).
 */
jest.setTimeout(30_000);
const messages = recordPgMessages();

let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer();
  anna = await t.login('anna');
});
afterAll(() => t.stop());

const UPDATE = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version title } }`;

/**
 * The live feed's read of new events (woken by the change's own NOTIFY), and its look at who
 * writes plan_event when seqs commit out of order: delivery, on a connection of its own.
 */
const isFeeds = (message: string) => message.includes('FROM plan_event e WHERE e.seq >') || message.includes('pg_locks');

/**
 * The messages of one change, without the feed's; the least of three changes, as a timed
 * poll of the feed may fall in too. `change(i, version)` makes the i-th change and answers the version after it.
 */
async function leastOfThree(version: number, change: (i: number, version: number) => Promise<number>): Promise<{ sent: string[]; version: number }> {
  let least: string[] | null = null;
  for (let i = 0; i < 3; i++) {
    messages.length = 0;
    version = await change(i, version);
    const own = messages.map((m) => m.join('; ')).filter((m) => !isFeeds(m));
    if (!least || own.length < least.length) least = own;
  }
  return { sent: least!, version };
}

/** An intervention's update with these fields, answering its version after it. */
async function updateIntervention(input: Record<string, unknown>): Promise<number> {
  const res = await t.gql<{ updateIntervention: { version: number } }>(UPDATE, { input }, anna);
  expect(res.errors).toBeUndefined();
  return res.data!.updateIntervention.version;
}

/** An intervention of a running programme: an ended programme's plan is not changed any more. */
const RUNNING = `i.plan_id IN (SELECT pl.id FROM plan pl JOIN programme pr ON pr.id = pl.programme_id WHERE pr.status = 'ACTIVE')`;

/** Title changes, which the warning facts must see (warnings name interventions by title). */
const messagesOfChange = (id: string, version: number) =>
  leastOfThree(version, (i, expectedVersion) => updateIntervention({ id, expectedVersion, title: `Virksomhedspraktik ${i}` }));

it('an audited change to an intervention costs three round trips: the row with its plan access facts, the update with the warning facts, the audit row and the event with COMMIT', async () => {
  const iv = await interventionOf(t, 'Per', 'Virksomhedspraktik i detailbutik');
  const { sent } = await messagesOfChange(iv.id, iv.version);
  // The intervention, its plan's access facts and the caller's unit in the first message, after BEGIN and the settings.
  expect(sent[0]).toMatch(/^BEGIN; SELECT set_config/);
  expect(sent[0]).toContain('FROM "intervention"');
  expect(sent[0]).toContain('plan_access_facts');
  // Then the versioned update with the warning facts read right behind it (they must see the change).
  expect(sent[1]).toMatch(/UPDATE intervention[\s\S]*programme_warning_facts/);
  // The audit row and the event go with COMMIT, the event after the audit row.
  expect(sent[2]).toMatch(/INSERT INTO audit_log[\s\S]*INSERT INTO plan_event[\s\S]*COMMIT$/);
  expect(sent).toHaveLength(3);
});

it('a stale version is a CONFLICT and leaves no audit row of a change and no event behind, only the read of the record it hands back', async () => {
  const [iv]: Array<{ id: string; version: number }> = await t.db.dataSource.query(
    `SELECT i.id, i.version FROM intervention i JOIN unit u ON u.id = i.unit_id JOIN app_user a ON a.unit_id = u.id WHERE a.username = 'anna' AND ${RUNNING} ORDER BY i.title LIMIT 1`,
  );
  const count = async () => (await t.db.dataSource.query(
    `SELECT (SELECT count(*) FROM audit_log WHERE entity_id = $1::text AND outcome = 'ALLOWED' AND action <> 'READ_AFTER_CONFLICT')::int AS a,
            (SELECT count(*) FROM audit_log WHERE entity_id = $1::text AND action = 'READ_AFTER_CONFLICT')::int AS r,
            (SELECT count(*) FROM plan_event WHERE entity_id = $1::uuid)::int AS e`, [iv.id]))[0];
  const was = await count();
  const res = await t.gql(UPDATE, { input: { id: iv.id, expectedVersion: iv.version + 1, title: 'For sent' } }, anna);
  expect(codeOf(res)).toBe('CONFLICT');
  expect(await count()).toEqual({ ...was, r: was.r + 1 });
});

it('a made-up intervention id is refused as before: NOT_FOUND, and the facts read for it find nothing', async () => {
  const res = await t.gql(UPDATE, { input: { id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, title: 'x' } }, anna);
  expect(codeOf(res)).toBe('NOT_FOUND');
});

it('a change to an activity reads no warning facts (no warning reads activities) and costs three round trips: the activity with the unit that owns it, the update, the audit row and the event with COMMIT', async () => {
  const [activity]: Array<{ id: string; version: number }> = await t.db.dataSource.query(
    `SELECT a.id, a.version FROM activity a JOIN intervention i ON i.id = a.intervention_id JOIN app_user u ON u.unit_id = i.unit_id
      WHERE u.username = 'anna' ORDER BY a.title LIMIT 1`,
  );
  const { sent: least } = await leastOfThree(activity.version, async (i, expectedVersion) => {
    const res = await t.gql<{ updateActivity: { version: number } }>(
      `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id version } }`,
      { input: { id: activity.id, expectedVersion, notes: `Aftalt med borgeren ${i}` } },
      anna,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.updateActivity.version;
  });
  expect(least!.join('\n')).not.toContain('programme_warning_facts');
  expect(least![0]).toMatch(/^BEGIN; SELECT set_config[\s\S]*FROM "activity"[\s\S]*JOIN intervention/);
  expect(least![1]).toMatch(/UPDATE activity/);
  expect(least![2]).toMatch(/INSERT INTO audit_log[\s\S]*INSERT INTO plan_event[\s\S]*COMMIT$/);
  expect(least).toHaveLength(3);
});

it('a change of an intervention\'s notes or short-term goal reads no warning facts (no warning reads them): three round trips, and its title still does', async () => {
  const [iv]: Array<{ id: string; version: number }> = await t.db.dataSource.query(
    `SELECT i.id, i.version FROM intervention i JOIN app_user a ON a.unit_id = i.unit_id WHERE a.username = 'anna' AND ${RUNNING} ORDER BY i.title LIMIT 1`,
  );
  const { sent: least, version } = await leastOfThree(iv.version, (i, expectedVersion) =>
    updateIntervention({ id: iv.id, expectedVersion, notes: `Borgeren møder stabilt ${i}`, shortTermGoal: `Tre dage om ugen ${i}` }),
  );
  expect(least!.join('\n')).not.toContain('programme_warning_facts');
  expect(least![1]).toMatch(/UPDATE intervention/);
  expect(least).toHaveLength(3);
  const { sent } = await messagesOfChange(iv.id, version);
  expect(sent[1]).toMatch(/UPDATE intervention[\s\S]*programme_warning_facts/);
});
