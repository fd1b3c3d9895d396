import { interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * Plan.liveFrom: where the answer was read to. A page reads the plan, then subscribes to its
 * changes; a change made in between is in neither unless the stream goes on from there.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
let plan: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent']) tokens[u] = await t.login(u);
  plan = await planIdOf(t, 'Per');
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await t.stop();
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const READ = `query($id: ID!) { plan(id: $id) { liveFrom interventions { id notes } } }`;
const UPDATE = `mutation($i: UpdateInterventionInput!) { updateIntervention(input: $i) { version } }`;
const EVENTS = `subscription($p: ID!, $a: String) { planEvents(planId: $p, afterSeq: $a) { seq kind entityId } }`;

interface Read {
  liveFrom: string | null;
  interventions: Array<{ id: string; notes: string }>;
}

async function readPlan(): Promise<Read> {
  const res = await t.gql<{ plan: Read }>(READ, { id: plan }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.plan;
}

/** Bent's change to Bostøtte; resolves with its seq once this instance's feed has passed it. */
async function bentChangesBostoette(notes: string): Promise<string> {
  const bostoette = await interventionOf(t, 'Per', 'Bostøtte');
  const res = await t.gql(UPDATE, { i: { id: bostoette.id, expectedVersion: bostoette.version, notes } }, tokens.bent);
  expect(res.errors).toBeUndefined();
  const [{ seq }] = await t.db.dataSource.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1`, [plan]);
  await until('the feed has passed the change', () => BigInt(t.server.feed.stats().last) >= BigInt(seq));
  return seq as string;
}

async function follow(afterSeq: string | null): Promise<WsResult[]> {
  const ws = await WsClient.connect(t.url, tokens.anna);
  sockets.push(ws);
  const got: WsResult[] = [];
  ws.subscribe(EVENTS, { p: plan, a: afterSeq }, (r) => got.push(r));
  return got;
}
const seqsOf = (got: WsResult[]) => got.map((r) => (r.data?.planEvents as { seq: string } | undefined)?.seq ?? JSON.stringify(r.errors));

describe('Plan.liveFrom', () => {
  it('a change made after the plan was read and before the stream was there comes with a stream from liveFrom', async () => {
    const before = await readPlan();
    expect(before.liveFrom).toMatch(/^\d+$/);
    const seq = await bentChangesBostoette('Skrevet mens siden åbnede');
    expect(BigInt(seq)).toBeGreaterThan(BigInt(before.liveFrom!));

    const fromRead = await follow(before.liveFrom);
    await until('the change replayed', () => fromRead.length >= 1);
    expect(seqsOf(fromRead)).toEqual([seq]);
  });

  it('a plan read after the change holds it, and its liveFrom is past it: nothing is sent twice', async () => {
    const seq = await bentChangesBostoette('Læst med planen');
    const after = await readPlan();
    expect(after.interventions.map((i) => i.notes)).toContain('Læst med planen');
    expect(BigInt(after.liveFrom!)).toBeGreaterThanOrEqual(BigInt(seq));

    const attached = t.server.feed.stats().listeners;
    const fromRead = await follow(after.liveFrom);
    await until('the stream attached', () => t.server.feed.stats().listeners > attached);
    const next = await bentChangesBostoette('Den næste');
    await until('the next change live', () => fromRead.length >= 1);
    expect(seqsOf(fromRead)).toEqual([next]);
  });

  it('Mine sager: a change made after the list was read comes with a caseload stream from its liveFrom', async () => {
    const res = await t.gql<{ caseload: { liveFrom: string | null } }>(`{ caseload(first: 5) { liveFrom } }`, {}, tokens.anna);
    expect(res.errors).toBeUndefined();
    const { liveFrom } = res.data!.caseload;
    expect(liveFrom).toMatch(/^\d+$/);
    const seq = await bentChangesBostoette('Skrevet mens listen åbnede');

    const ws = await WsClient.connect(t.url, tokens.anna);
    sockets.push(ws);
    const got: WsResult[] = [];
    ws.subscribe(`subscription($a: String) { caseloadEvents(afterSeq: $a) { seq planId } }`, { a: liveFrom }, (r) => got.push(r));
    await until('the change replayed', () => got.length >= 1);
    expect(got.map((r) => (r.data?.caseloadEvents as { seq: string } | undefined)?.seq)).toEqual([seq]);
  });
});
