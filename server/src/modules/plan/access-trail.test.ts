import { randomUUID } from 'node:crypto';
import { codeOf, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * Every read of a citizen's data leaves a trace in that citizen's access log, whatever the
 * channel it reached the user by: the plan page, the caseload list, a single record (over
 * HTTP or WebSocket), a live update or a replay (databeskyttelsesloven and GDPR art. 30/32:
 * who has had access to personal data, and when). Repeats of the same user, citizen and
 * channel within a quarter of an hour are one row with a count. Refused reads by id are
 * DENIED rows and count towards the leaders' account review.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
let per: { plan: string; citizen: string };
let kim: { plan: string; citizen: string };

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'otto', 'lene', 'mikkel']) tokens[u] = await t.login(u);
  const citizenOf = async (plan: string) => (await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [plan]))[0].citizen_id as string;
  const perPlan = await planIdOf(t, 'Per');
  const kimPlan = await planIdOf(t, 'Kim');
  per = { plan: perPlan, citizen: await citizenOf(perPlan) };
  kim = { plan: kimPlan, citizen: await citizenOf(kimPlan) };
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await t.stop();
});

interface Entry {
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  outcome: string;
  channel: string | null;
  count: number;
  at: string;
  lastAt: string | null;
}

const LOG = `query($c: ID!) { accessLog(citizenId: $c, limit: 1000) { actorName action entityType entityId outcome channel count at lastAt } }`;

/** The citizen's access log as the coordinator (Anna) reads it, without her own reads of it. */
async function trail(citizenId: string, who?: string): Promise<Entry[]> {
  const res = await t.gql<{ accessLog: Entry[] }>(LOG, { c: citizenId }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.accessLog.filter((e) => e.action !== 'READ_ACCESS_LOG' && (!who || e.actorName === who));
}

/**
 * Folded: together the rows count every read, and there is at most one row per quarter of
 * an hour (the fold's window), so reads a moment apart are one row.
 */
function expectFolded(rows: Entry[], reads: number): void {
  expect(rows.reduce((n, e) => n + e.count, 0)).toBe(reads);
  const quarters = rows.map((e) => Math.floor(new Date(e.at).getTime() / 900_000));
  expect(new Set(quarters).size).toBe(rows.length);
  expect(rows.length).toBeLessThanOrEqual(2);
}

async function socket(who: string): Promise<WsClient> {
  const ws = await WsClient.connect(t.url, tokens[who]);
  sockets.push(ws);
  return ws;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('each channel leaves a trace', () => {
  it('the caseload list: one row per citizen listed, not one row with a count', async () => {
    const res = await t.gql<{ myCaseload: Array<{ id: string; citizen: { name: string } }> }>(`{ myCaseload { id citizen { name } } }`, {}, tokens.bent);
    expect(res.errors).toBeUndefined();
    const plans = res.data!.myCaseload.map((p) => p.id);
    expect(plans).toEqual(expect.arrayContaining([per.plan, kim.plan]));
    // In the citizen's access log, as their coordinator reads it.
    for (const c of [per, kim]) {
      // (A citizen may have had more than one programme, each with its plan.)
      expect((await trail(c.citizen, 'Bent Sørensen')).filter((e) => e.entityId === c.plan)).toEqual([
        expect.objectContaining({ action: 'READ_CASELOAD', entityType: 'PLAN', entityId: c.plan, outcome: 'ALLOWED', channel: 'CASELOAD', count: 1 }),
      ]);
    }
    // Every plan listed, one row each, written in one statement.
    const rows: Array<{ plan: string }> = await t.db.dataSource.query(
      `SELECT a.entity_id AS plan FROM audit_log a JOIN plan p ON p.id::text = a.entity_id AND p.citizen_id = a.citizen_id
        JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'bent' AND a.channel = 'CASELOAD'`);
    expect(rows.map((r) => r.plan).sort()).toEqual([...plans].sort());
    expect(await t.db.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'READ_CASELOAD' AND citizen_id IS NULL`)).toEqual([]);
  });

  it('the plan page, folded: the same user, citizen and channel within 15 minutes is one row with a count', async () => {
    const PLAN = `query($id: ID!) { plan(id: $id) { id citizen { name } } }`;
    for (let i = 0; i < 3; i++) expect((await t.gql(PLAN, { id: per.plan }, tokens.bent)).errors).toBeUndefined();
    const rows = (await trail(per.citizen, 'Bent Sørensen')).filter((e) => e.channel === 'PLAN_PAGE');
    for (const row of rows) expect(row).toMatchObject({ action: 'READ_PLAN', entityType: 'PLAN', entityId: per.plan, outcome: 'ALLOWED' });
    expectFolded(rows, 3);
    const folded = rows.find((e) => e.count > 1)!;
    expect(new Date(folded.lastAt!).getTime()).toBeGreaterThanOrEqual(new Date(folded.at).getTime());
  });

  it('a single record, over HTTP and over WebSocket', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const ONE = `query($id: ID!) { intervention(id: $id) { id title } }`;
    expect((await t.gql(ONE, { id: bostotte.id }, tokens.bent)).errors).toBeUndefined();
    const ws = await socket('bent');
    const overWs = await ws.request(ONE, { id: bostotte.id });
    expect(overWs.errors).toBeUndefined();
    const programmeId = (await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [per.plan]))[0].programme_id;
    expect((await t.gql(`query($id: ID!) { programme(id: $id) { id } }`, { id: programmeId }, tokens.bent)).errors).toBeUndefined();
    const rows = (await trail(per.citizen, 'Bent Sørensen')).filter((e) => e.channel === 'RECORD');
    const interventionRows = rows.filter((e) => e.action === 'READ_INTERVENTION');
    for (const row of interventionRows) expect(row).toMatchObject({ entityType: 'INTERVENTION', entityId: bostotte.id, outcome: 'ALLOWED' });
    expectFolded(interventionRows, 2);
    expect(rows.filter((e) => e.action === 'READ_PROGRAMME')).toEqual([
      expect.objectContaining({ entityType: 'PROGRAMME', entityId: programmeId, outcome: 'ALLOWED', count: 1 }),
    ]);
  });

  it('live updates and replays', async () => {
    const [{ max }] = await t.db.dataSource.query(`SELECT COALESCE(max(seq), 0)::text AS max FROM plan_event`);
    const ws = await socket('bent');
    const live: WsResult[] = [];
    ws.subscribe(`subscription { caseloadEvents { seq planId } }`, {}, (r) => live.push(r));
    await until('the subscription is attached', () => t.server.feed.stats().listeners >= 1);

    // Two changes in Per's plan reach Bent live.
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const UPDATE = `mutation($i: UpdateInterventionInput!) { updateIntervention(input: $i) { version } }`;
    const first = await t.gql<{ updateIntervention: { version: number } }>(UPDATE, { i: { id: bostotte.id, expectedVersion: bostotte.version, notes: 'Første' } }, tokens.bent);
    await t.gql(UPDATE, { i: { id: bostotte.id, expectedVersion: first.data!.updateIntervention.version, notes: 'Anden' } }, tokens.bent);
    await until('both changes live', () => live.filter((r) => (r.data?.caseloadEvents as { planId: string } | undefined)?.planId === per.plan).length >= 2);
    await until('the live trace', async () => (await trail(per.citizen, 'Bent Sørensen')).some((e) => e.channel === 'LIVE'));
    const delivered = live.filter((r) => (r.data?.caseloadEvents as { planId: string } | undefined)?.planId === per.plan).length;
    await until('every live delivery counted', async () =>
      (await trail(per.citizen, 'Bent Sørensen')).filter((e) => e.channel === 'LIVE').reduce((n, e) => n + e.count, 0) >= delivered);
    const liveRows = (await trail(per.citizen, 'Bent Sørensen')).filter((e) => e.channel === 'LIVE');
    for (const row of liveRows) expect(row).toMatchObject({ action: 'RECEIVE_LIVE_EVENTS', entityType: 'PLAN', entityId: per.plan, outcome: 'ALLOWED' });
    expectFolded(liveRows, delivered);

    // Carla (health) is not on Per's team: she receives nothing of Per, and nothing is logged for her.
    expect(await trail(per.citizen, 'Carla Nielsen')).toEqual([]);

    // A replay from before the changes is a trace of its own.
    const replayed: WsResult[] = [];
    (await socket('bent')).subscribe(`subscription($a: String) { caseloadEvents(afterSeq: $a) { seq planId } }`, { a: max }, (r) => replayed.push(r));
    await until('the replay', () => replayed.filter((r) => (r.data?.caseloadEvents as { planId: string } | undefined)?.planId === per.plan).length >= 2);
    const replayedPer = replayed.filter((r) => (r.data?.caseloadEvents as { planId: string } | undefined)?.planId === per.plan).length;
    await until('the replay trace', async () => (await trail(per.citizen, 'Bent Sørensen')).some((e) => e.channel === 'REPLAY'));
    const replayRows = (await trail(per.citizen, 'Bent Sørensen')).filter((e) => e.channel === 'REPLAY');
    for (const row of replayRows) expect(row).toMatchObject({ action: 'REPLAY_EVENTS', entityType: 'PLAN', entityId: per.plan, outcome: 'ALLOWED' });
    expectFolded(replayRows, replayedPer);
  });
});

describe('the log itself', () => {
  it('accepts no change but one more on a folded read\'s count: not its facts, not a lower count, no delete, no refusal', async () => {
    const [folded] = await t.db.dataSource.query(`SELECT id FROM audit_log WHERE fold_bucket IS NOT NULL ORDER BY id LIMIT 1`);
    const [denied] = await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, outcome, channel) SELECT municipality_id, id, 'READ_PLAN', 'PLAN', 'DENIED', 'PLAN_PAGE'
         FROM app_user WHERE username = 'otto' RETURNING id`);
    const refused = (sql: string, id: string) => expect(t.db.dataSource.query(sql, [id])).rejects.toThrow(/append-only/);
    await refused(`UPDATE audit_log SET entity_id = 'x' WHERE id = $1`, folded.id);
    await refused(`UPDATE audit_log SET count = count + 1, at = at - interval '1 day' WHERE id = $1`, folded.id);
    await refused(`UPDATE audit_log SET count = count - 1 WHERE id = $1`, folded.id);
    await refused(`DELETE FROM audit_log WHERE id = $1`, folded.id);
    await refused(`UPDATE audit_log SET count = count + 1 WHERE id = $1`, denied.id);
    await t.db.dataSource.query(`UPDATE audit_log SET count = count + 1, last_at = now() WHERE id = $1`, [folded.id]);
  });
});

describe('refused reads by id', () => {
  it('are DENIED rows, in the citizen\'s log when the record exists, and count towards the account review', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const ONE = `query($id: ID!) { intervention(id: $id) { id } }`;
    expect(codeOf(await t.gql(ONE, { id: bostotte.id }, tokens.carla))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ONE, { id: randomUUID() }, tokens.carla))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(`query($id: ID!) { programme(id: $id) { id } }`, { id: randomUUID() }, tokens.carla))).toBe('NOT_FOUND');
    expect(await trail(per.citizen, 'Carla Nielsen')).toEqual([
      expect.objectContaining({ action: 'READ_INTERVENTION', entityId: bostotte.id, outcome: 'DENIED', count: 1 }),
    ]);
    const flags = await t.gql<{ flaggedAccounts: Array<{ username: string; denials: number; recentDenials: Array<{ action: string }> }> }>(
      `{ flaggedAccounts { username denials recentDenials { action } } }`, {}, tokens.lene);
    expect(flags.data!.flaggedAccounts).toEqual([
      expect.objectContaining({ username: 'carla', denials: 3, recentDenials: expect.arrayContaining([{ action: 'READ_INTERVENTION' }, { action: 'READ_PROGRAMME' }]) }),
    ]);
  });

  it('an id of another municipality is refused the same way, and the citizen\'s own coordinator sees the attempt', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const res = await t.gql(`query($id: ID!) { intervention(id: $id) { id } }`, { id: bostotte.id }, tokens.otto);
    expect(res.errors?.[0]).toMatchObject({ message: 'Indsatsen findes ikke.', extensions: { code: 'NOT_FOUND' } });
    expect(await trail(per.citizen, 'Otto Berg')).toEqual([
      expect.objectContaining({ action: 'READ_INTERVENTION', entityId: bostotte.id, outcome: 'DENIED' }),
    ]);
  });
});
