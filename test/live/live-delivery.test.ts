import type { QueryRunner } from 'typeorm';
import type { Actor } from '../../server/src/core/auth/actor';
import { EventKind } from '../../server/src/core/events/event-kinds';
import { appendEvent } from '../../server/src/core/events/event-log';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import {
  CASELOAD_EVENTS, LiveClient, PLAN_EVENTS, actorOf, attachedCount, caughtUp, planIdOf, setCoordinator, setTeam, waitFor, writeEvent,
} from './live-kit';

/**
 * Live delivery across two real server instances on one PostgreSQL, over real WebSockets:
 * cross-instance, out-of-order commits, replay with afterSeq, reconnect after a killed socket.
 */
jest.setTimeout(60_000);

let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
let per: { id: string; municipalityId: string };
let eva: { id: string; municipalityId: string };
let bent: Actor;
const clients: LiveClient[] = [];

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db });
  for (const u of ['anna', 'bent', 'dorte']) tokens[u] = await a.login(u);
  per = await planIdOf(a.db.dataSource, 'Per');
  eva = await planIdOf(a.db.dataSource, 'Eva');
  await setTeam(a.db.dataSource, per.id, ['EMPLOYMENT', 'SOCIAL']);
  await setCoordinator(a.db.dataSource, per.id, 'anna');
  await setTeam(a.db.dataSource, eva.id, ['EMPLOYMENT', 'HEALTH']);
  await setCoordinator(a.db.dataSource, eva.id, 'anna');
  bent = await actorOf(a.db.dataSource, 'bent');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await waitFor('subscriptions to detach', () => a.server.feed.stats().listeners === 0 && b.server.feed.stats().listeners === 0);
  await caughtUp(a.db.dataSource, [a.server.feed, b.server.feed]);
});

afterAll(async () => {
  await b.stop();
  await a.stop();
});

async function connect(t: TestServer, user: string): Promise<LiveClient> {
  const c = await LiveClient.connect(t.url, tokens[user]);
  clients.push(c);
  return c;
}

const listeners = () => a.server.feed.stats().listeners + b.server.feed.stats().listeners;

describe('across instances', () => {
  it('a change written through instance A reaches subscribers on both instances, with actor, unit and record', async () => {
    const onB = (await connect(b, 'anna')).subscribe(PLAN_EVENTS, { planId: per.id });
    const onA = (await connect(a, 'bent')).subscribe(CASELOAD_EVENTS);
    await attachedCount(listeners, 2);
    const seq = await writeEvent(a.db.dataSource, per, bent, 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv');
    await waitFor('both to receive it', () => onA.has(seq) && onB.has(seq));
    expect(onB.events).toEqual([
      expect.objectContaining({
        seq,
        kind: 'ACTIVITY_UPDATED',
        planId: per.id,
        summary: 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv',
        actor: { name: 'Bent Sørensen' },
        unit: { kind: 'SOCIAL', name: 'Socialforvaltningen' },
        record: { __typename: 'Activity', id: per.id, title: 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv' },
      }),
    ]);
    expect(onA.seqs()).toEqual([seq]);
  });

  it('a real mutation on instance A reaches a subscriber on instance B carrying the changed intervention', async () => {
    const [bostotte] = await a.db.dataSource.query(`SELECT id, version, title FROM intervention WHERE plan_id = $1 AND unit_kind = 'SOCIAL' LIMIT 1`, [per.id]);
    const typed = `subscription($planId: ID!) { planEvents(planId: $planId) {
      seq kind entityId title changes { field label before after }
      record { ... on Intervention { __typename id title version status unitKind updatedBy { name } } ... on SocialIntervention { legalBasis } } } }`;
    const onB = (await connect(b, 'anna')).subscribe(typed, { planId: per.id });
    await attachedCount(listeners, 1);
    const res = await a.gql(
      `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version } }`,
      { input: { id: bostotte.id, expectedVersion: bostotte.version, title: `${bostotte.title} (live)` } },
      tokens.bent,
    );
    expect(res.errors).toBeUndefined();
    await waitFor('the event on B', () => onB.events.length >= 1);
    expect(onB.events[0]).toMatchObject({
      kind: 'INTERVENTION_UPDATED',
      entityId: bostotte.id,
      title: `${bostotte.title} (live)`,
      changes: [{ field: 'title', label: 'Titel', before: bostotte.title, after: `${bostotte.title} (live)` }],
      // Typed, through the Intervention interface: what a client's cache is updated from.
      record: {
        __typename: 'SocialIntervention', id: bostotte.id, title: `${bostotte.title} (live)`, version: bostotte.version + 1,
        unitKind: 'SOCIAL', updatedBy: { name: 'Bent Sørensen' }, legalBasis: 'SEL §85',
      },
    });
  });
});

describe('seq is not commit order', () => {
  const runners: QueryRunner[] = [];
  afterEach(async () => {
    for (const qr of runners.splice(0)) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  });

  async function openTx(): Promise<QueryRunner> {
    const qr = a.db.dataSource.createQueryRunner();
    runners.push(qr);
    await qr.connect();
    await qr.startTransaction();
    return qr;
  }

  const change = (summary: string) => ({
    planId: per.id, municipalityId: per.municipalityId, kind: EventKind.ACTIVITY_UPDATED, entityType: 'ACTIVITY', entityId: per.id, actor: bent, summary,
  });

  it('two overlapping transactions that commit in the reverse order of their seq reach every subscriber, in seq order', async () => {
    const subs = [
      (await connect(a, 'anna')).subscribe(PLAN_EVENTS, { planId: per.id }),
      (await connect(a, 'bent')).subscribe(CASELOAD_EVENTS),
      (await connect(b, 'anna')).subscribe(CASELOAD_EVENTS),
      (await connect(b, 'dorte')).subscribe(PLAN_EVENTS, { planId: per.id }),
    ];
    await attachedCount(listeners, 4);
    const first = await openTx();
    const second = await openTx();
    const low = await appendEvent(first.manager, change('takes the lower seq, commits last'));
    const high = await appendEvent(second.manager, change('takes the higher seq, commits first'));
    await second.commitTransaction();
    // Both instances have read the higher seq and hold it behind the open lower one.
    await waitFor('both feeds to see the gap', () => a.server.feed.stats().pendingGaps > 0 && b.server.feed.stats().pendingGaps > 0);
    expect(subs.map((s) => s.events.length)).toEqual([0, 0, 0, 0]);
    await first.commitTransaction();
    await waitFor('every subscriber to get both', () => subs.every((s) => s.events.length >= 2));
    for (const s of subs) expect(s.seqs()).toEqual([low, high]);
  });
});

describe('replay with afterSeq', () => {
  it('returns exactly the missed events of the plan, then continues live, with no gap or duplicate at the seam', async () => {
    const before = await writeEvent(a.db.dataSource, per, bent, 'seen before the disconnect');
    const missed = [];
    for (let i = 0; i < 5; i++) {
      missed.push(await writeEvent(a.db.dataSource, per, bent, `missed ${i}`));
      await writeEvent(a.db.dataSource, eva, await actorOf(a.db.dataSource, 'dorte'), `another plan ${i}`);
    }
    // A writer keeps going while the client subscribes, so the seam falls among live writes.
    let writing = true;
    const during: string[] = [];
    const writer = (async () => {
      while (writing) during.push(await writeEvent(a.db.dataSource, per, bent, 'during the subscribe'));
    })();
    const sub = (await connect(b, 'anna')).subscribe(PLAN_EVENTS, { planId: per.id, after: before });
    await waitFor('the replay to arrive', () => sub.events.length >= missed.length);
    await waitFor('a few live writes', () => during.length >= 5);
    writing = false;
    await writer;
    const last = await writeEvent(a.db.dataSource, per, bent, 'after the seam');
    await waitFor('the last event', () => sub.has(last));
    expect(sub.seqs()).toEqual([...missed, ...during, last]);
    expect(sub.errors).toEqual([]);
  });

  it('a client whose socket is killed mid-stream reconnects with its last seq and ends with the full ordered sequence, no duplicates', async () => {
    const first = await connect(a, 'anna');
    const sub1 = first.subscribe(CASELOAD_EVENTS);
    await attachedCount(listeners, 1);
    const written: string[] = [];
    let writing = true;
    const dorte = await actorOf(a.db.dataSource, 'dorte');
    // Two writers, one per plan, so transactions overlap as they would in production.
    const writers = [per, eva].map((plan, i) =>
      (async () => {
        for (let n = 0; writing && n < 60; n++) written.push(await writeEvent(a.db.dataSource, plan, i === 0 ? bent : dorte, `change ${n}`));
      })(),
    );
    await waitFor('some events before the kill', () => sub1.events.length >= 10);
    first.kill();
    await first.closed;
    const lastSeen = sub1.last()!;
    // Reconnect to the other instance, as a load balancer might send it.
    const sub2 = (await connect(b, 'anna')).subscribe(CASELOAD_EVENTS, { after: lastSeen });
    await Promise.all(writers);
    writing = false;
    const expected = [...written].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    const final = expected[expected.length - 1];
    await waitFor('the reconnected client to catch up', () => sub2.has(final));
    const all = [...sub1.seqs(), ...sub2.seqs()];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expected);
  });

  it('refuses a malformed afterSeq with BAD_USER_INPUT', async () => {
    const sub = (await connect(a, 'anna')).subscribe(CASELOAD_EVENTS, { after: '12; DROP TABLE plan_event' });
    await waitFor('the error', () => sub.errors.length > 0);
    expect(sub.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an afterSeq past what a seq can be, rather than following a stream that stays silent', async () => {
    const c = await connect(a, 'anna');
    for (const after of ['9223372036854775808', '9999999999999999999']) {
      const sub = c.subscribe(PLAN_EVENTS, { planId: per.id, after });
      await waitFor(`the error for ${after}`, () => sub.errors.length > 0);
      expect(sub.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'afterSeq' });
    }
  });

  it('a seq newer than any the database has handed out (a client from before a restore from backup) is refused, so the client reads its data again instead of waiting past every change to come', async () => {
    const c = await connect(b, 'anna');
    const newest = BigInt((await a.db.dataSource.query(`SELECT last_value FROM plan_event_seq_seq`))[0].last_value);
    for (const after of [String(newest + 1000n), '9223372036854775807']) {
      const sub = c.subscribe(PLAN_EVENTS, { planId: per.id, after });
      await waitFor(`the refusal of ${after}`, () => sub.errors.length > 0);
      expect(sub.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'afterSeq', reason: 'UNKNOWN_POSITION' });
    }
    // The newest seq there is stays a position to follow on from.
    const seen = await writeEvent(a.db.dataSource, per, bent, 'the newest the client saw');
    const following = c.subscribe(PLAN_EVENTS, { planId: per.id, after: seen });
    await attachedCount(listeners, 1);
    const next = await writeEvent(a.db.dataSource, per, bent, 'after it');
    await waitFor('the next change', () => following.has(next));
    expect(following.errors).toEqual([]);
    expect(following.seqs()).toEqual([next]);
  });
});
