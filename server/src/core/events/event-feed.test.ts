import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { DataSource, QueryRunner } from 'typeorm';
import { actorNamed } from '../../test-support/fixtures';
import { seedDemoIfEmpty } from '../../seed/demo-seed';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import type { Actor } from '../auth/actor';
import { createLogger } from '../logging/logger';
import { EventFeed } from './event-feed';
import { EventKind } from './event-kinds';
import { appendEvent } from './event-log';
import type { FeedEvent } from './event-row';

/**
 * The feed against a real PostgreSQL, driven by raw transactions so that the awkward
 * interleavings (seqs committing out of order, aborts, an open transaction at startup,
 * a lost LISTEN connection) happen exactly, not by chance.
 */
let db: TestDatabase;
let actor: Actor;
let plan: { id: string; municipalityId: string };
const feeds: EventFeed[] = [];
const runners: QueryRunner[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoIfEmpty(db.dataSource, { now: () => new Date() });
  actor = await actorNamed(db.dataSource, 'bent');
  const [row] = await db.dataSource.query(`SELECT id, municipality_id FROM plan WHERE municipality_id = $1 LIMIT 1`, [actor.municipalityId]);
  plan = { id: row.id, municipalityId: row.municipality_id };
});

afterEach(async () => {
  for (const qr of runners.splice(0)) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    await qr.release();
  }
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

afterAll(() => db.drop());

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// As the server runs it by default: its read of new events kept prepared on the pool's connections.
function newFeed(ds: DataSource = db.dataSource, pollMs?: number): { feed: EventFeed; got: FeedEvent[] } {
  const feed = new EventFeed({ dataSource: ds, url: db.url, logger: createLogger('silent'), loadAccess: async () => new Map(), preparedStatements: true, pollMs });
  feeds.push(feed);
  const got: FeedEvent[] = [];
  return { feed, got };
}

async function attached(pollMs?: number): Promise<{ feed: EventFeed; got: FeedEvent[] }> {
  const f = newFeed(db.dataSource, pollMs);
  await f.feed.start();
  f.feed.attach({ accepts: () => true, push: (events) => f.got.push(...events) });
  return f;
}

async function openTx(): Promise<QueryRunner> {
  const qr = db.dataSource.createQueryRunner();
  runners.push(qr);
  await qr.connect();
  await qr.startTransaction();
  return qr;
}

const event = (summary: string) => ({
  planId: plan.id,
  municipalityId: plan.municipalityId,
  kind: EventKind.PLAN_UPDATED,
  entityType: 'PLAN',
  entityId: plan.id,
  actor,
  summary,
  payload: { entity: { __typename: 'Plan', id: plan.id } },
});

async function writeOne(summary: string): Promise<string> {
  return db.dataSource.transaction((m) => appendEvent(m, event(summary)));
}

const seqs = (events: FeedEvent[]) => events.map((e) => e.seq);

describe('EventFeed', () => {
  it('delivers two overlapping transactions that commit in the reverse order of their seq, in seq order', async () => {
    const { feed, got } = await attached();
    const first = await openTx();
    const second = await openTx();
    const low = await appendEvent(first.manager, event('first, lower seq'));
    const high = await appendEvent(second.manager, event('second, higher seq'));
    expect(BigInt(high)).toBeGreaterThan(BigInt(low));
    await second.commitTransaction();
    // The feed has seen the higher seq and holds it back behind the open lower one.
    await waitFor('the feed to see the gap', () => feed.stats().pendingGaps > 0);
    const reads = feed.stats().reads;
    await waitFor('a few more reads', () => feed.stats().reads >= reads + 3);
    expect(got).toEqual([]);
    await first.commitTransaction();
    await waitFor('both events', () => got.length >= 2);
    expect(seqs(got)).toEqual([low, high]);
  });

  it('does not skip a seq whose holder has an xid at or above the snapshot xmax (the holder is not in the snapshot at all)', async () => {
    const { feed, got } = await attached();
    const later = await openTx();
    await later.query('SELECT pg_current_xact_id()'); // the later seq's writer gets the lower xid
    const holder = await openTx();
    const low = await appendEvent(holder.manager, event('held open'));
    const high = await appendEvent(later.manager, event('committed first'));
    await later.commitTransaction();
    // Here a snapshot reads "xid:xid:" with the holder's xid == xmin == xmax (on a quiet
    // cluster): a rule of "xmin >= the gap's snapshot xmax" would already hold, and the open
    // seq would be skipped for ever. The holder still holds its lock on plan_event.
    await waitFor('the feed to see the gap', () => feed.stats().pendingGaps > 0);
    const reads = feed.stats().reads;
    await waitFor('several more reads', () => feed.stats().reads >= reads + 5);
    expect(got).toEqual([]);
    await holder.commitTransaction();
    await waitFor('both events', () => got.length >= 2);
    expect(seqs(got)).toEqual([low, high]);
  });

  it('steps over the seq of an aborted transaction without waiting for the poll', async () => {
    // A poll a minute apart: the event arriving within waitFor's 10 s shows the feed did not wait for
    // it, however busy the machine (a bound on the time itself, 900 ms, would break on a loaded one).
    const { feed, got } = await attached(60_000);
    const aborted = await openTx();
    const lost = await appendEvent(aborted.manager, event('rolled back'));
    await aborted.rollbackTransaction();
    const kept = await writeOne('after the rollback');
    await waitFor('the later event', () => got.length >= 1);
    expect(seqs(got)).toEqual([kept]);
    expect(BigInt(kept)).toBeGreaterThan(BigInt(lost));
    expect(feed.stats().pendingGaps).toBe(0);
  });

  // A session that has nothing to do with plan_event — an administrator's psql left in a
  // transaction after an UPDATE, a long import, CREATE INDEX CONCURRENTLY — holds an xid for
  // as long as it runs. No event may wait for it.
  async function unrelatedOpenTransaction(): Promise<QueryRunner> {
    const other = await openTx();
    await other.query(`UPDATE municipality SET name = name WHERE id = $1`, [plan.municipalityId]);
    return other;
  }

  it('steps over an aborted seq while an unrelated transaction stays open', async () => {
    const { got } = await attached();
    const other = await unrelatedOpenTransaction();
    const aborted = await openTx();
    await appendEvent(aborted.manager, event('rolled back'));
    await aborted.rollbackTransaction();
    const kept = await writeOne('after the rollback');
    await waitFor('the later event, with the unrelated transaction still open', () => got.length >= 1);
    expect(seqs(got)).toEqual([kept]);
    await other.rollbackTransaction();
  });

  it('starts while an unrelated transaction stays open, and delivers what follows', async () => {
    const other = await unrelatedOpenTransaction();
    const { feed, got } = newFeed();
    await feed.start();
    feed.attach({ accepts: () => true, push: (events) => got.push(...events) });
    const next = await writeOne('after start');
    await waitFor('the next event', () => got.length >= 1);
    expect(seqs(got)).toEqual([next]);
    await other.rollbackTransaction();
  });

  it('delivers an event whose transaction was open while the feed started', async () => {
    const open = await openTx();
    const held = await appendEvent(open.manager, event('open during startup'));
    const after = await writeOne('committed during startup');
    const { feed, got } = newFeed();
    let ready = false;
    const starting = feed.start().then(() => {
      ready = true;
    });
    // The start is under way (listening) but waits for the open transaction, which could
    // hold a seq below the start mark.
    await waitFor('the feed to listen', () => feed.stats().listening);
    expect(ready).toBe(false);
    await open.commitTransaction();
    await starting;
    // Everything up to the start mark is history (replay serves it); the rest comes live.
    expect(BigInt(feed.last)).toBeGreaterThanOrEqual(BigInt(after));
    expect(BigInt(feed.last)).toBeGreaterThanOrEqual(BigInt(held));
    feed.attach({ accepts: () => true, push: (events) => got.push(...events) });
    const next = await writeOne('after start');
    await waitFor('the next event', () => got.length >= 1);
    expect(seqs(got)).toEqual([next]);
  });

  it('reconnects its LISTEN connection by itself and catches up from its last seq', async () => {
    const { feed, got } = await attached();
    const before = await writeOne('before the loss');
    await waitFor('the first event', () => got.length >= 1);
    await waitFor('listening', () => feed.stats().listening);
    // What a database restart does to the listener: its backend goes away.
    await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'samplan-event-feed'`,
    );
    await waitFor('the loss to be noticed', () => !feed.stats().listening);
    const during = await writeOne('while not listening');
    await waitFor('the listener to come back', () => feed.stats().listening);
    await waitFor('the missed event', () => got.length >= 2);
    const after = await writeOne('after the reconnect');
    await waitFor('the next event', () => got.length >= 3);
    expect(seqs(got)).toEqual([before, during, after]);
  });

  it('carries another channel on its one LISTEN connection, LISTENs again after a reconnect and asks it to resync', async () => {
    const { feed } = newFeed();
    await feed.start();
    const heard: string[] = [];
    let resyncs = 0;
    await feed.listen('feed_test_channel', { notify: (p) => heard.push(p), resync: () => resyncs++ });
    await db.dataSource.query(`SELECT pg_notify('feed_test_channel', 'one')`);
    await waitFor('the notification', () => heard.length === 1);
    await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'samplan-event-feed'`,
    );
    await waitFor('the loss to be noticed', () => !feed.stats().listening);
    await waitFor('the listener to come back', () => feed.stats().listening);
    expect(resyncs).toBe(1);
    await db.dataSource.query(`SELECT pg_notify('feed_test_channel', 'two')`);
    await waitFor('the notification after the reconnect', () => heard.length === 2);
    expect(heard).toEqual(['one', 'two']);
    await expect(feed.listen('no; DROP TABLE x', { notify: () => undefined })).rejects.toThrow(/not a channel name/);
  });

  it('gives up a LISTEN connection that goes silent without closing, LISTENs again and asks for a resync', async () => {
    // A TCP relay in front of PostgreSQL that can go silent, as a NAT that forgot the
    // connection does: nothing passes, nothing is closed.
    const target = new URL(db.url);
    const relays: Array<{ client: Socket; server: Socket }> = [];
    const relay = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      client.pipe(server).pipe(client);
      client.on('error', () => undefined);
      server.on('error', () => undefined);
      relays.push({ client, server });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(db.url);
    url.host = `127.0.0.1:${(relay.address() as AddressInfo).port}`;
    const feed = new EventFeed({ dataSource: db.dataSource, url: url.toString(), logger: createLogger('silent'), loadAccess: async () => new Map(), probe: { everyMs: 100, timeoutMs: 300 } });
    feeds.push(feed);
    try {
      await feed.start();
      const heard: string[] = [];
      let resyncs = 0;
      await feed.listen('feed_silent_channel', { notify: (p) => heard.push(p), resync: () => resyncs++ });
      await db.dataSource.query(`SELECT pg_notify('feed_silent_channel', 'before')`);
      await waitFor('the notification', () => heard.length === 1);

      for (const r of relays.splice(0)) {
        r.client.unpipe(r.server);
        r.server.unpipe(r.client);
        r.client.pause();
        r.server.pause();
      }
      // Lost on the silent connection: the resync is what makes up for it.
      await db.dataSource.query(`SELECT pg_notify('feed_silent_channel', 'lost')`);
      await waitFor('the silence to be noticed', () => !feed.stats().listening);
      await waitFor('the listener to come back', () => feed.stats().listening);
      expect(resyncs).toBe(1);
      await db.dataSource.query(`SELECT pg_notify('feed_silent_channel', 'after')`);
      await waitFor('the notification after the reconnect', () => heard.length === 2);
      expect(heard).toEqual(['before', 'after']);
    } finally {
      await feed.stop();
      for (const r of relays) {
        r.client.destroy();
        r.server.destroy();
      }
      relay.close();
    }
  });

  it('gives up reconnecting to an address that accepts and never answers, and tries again until it listens', async () => {
    // A database host going through a failover: something accepts the connection (a proxy, a
    // load balancer in front of the database) but nothing answers for a while.
    const target = new URL(db.url);
    let silent = false;
    const sockets: Socket[] = [];
    const held: Socket[] = [];
    const relay = createServer((client) => {
      client.on('error', () => undefined);
      if (silent) {
        held.push(client);
        return;
      }
      const server = connect(Number(target.port || 5432), target.hostname);
      server.on('error', () => undefined);
      client.pipe(server).pipe(client);
      sockets.push(client, server);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(db.url);
    url.host = `127.0.0.1:${(relay.address() as AddressInfo).port}`;
    const feed = new EventFeed({ dataSource: db.dataSource, url: url.toString(), logger: createLogger('silent'), loadAccess: async () => new Map(), probe: { everyMs: 60_000, timeoutMs: 300 } });
    feeds.push(feed);
    try {
      await feed.start();
      expect(feed.stats().listening).toBe(true);
      silent = true;
      for (const socket of sockets.splice(0)) socket.destroy();
      await waitFor('the loss to be noticed', () => !feed.stats().listening);
      await waitFor('a reconnect to be held without an answer', () => held.length >= 1);
      silent = false;
      await waitFor('the listener to come back', () => feed.stats().listening);
    } finally {
      await feed.stop();
      for (const socket of [...sockets, ...held]) socket.destroy();
      relay.close();
    }
  });

  it('hands a subscriber that attaches exactly the events above the mark it was given', async () => {
    const { feed, got } = await attached();
    await writeOne('one');
    await waitFor('one', () => got.length >= 1);
    const lateGot: FeedEvent[] = [];
    const mark = feed.attach({ accepts: () => true, push: (events) => lateGot.push(...events) });
    const two = await writeOne('two');
    await waitFor('two', () => lateGot.length >= 1 && got.length >= 2);
    expect(BigInt(mark)).toBeLessThan(BigInt(two));
    expect(seqs(lateGot)).toEqual([two]);
  });

  it('records each fan-out once, before anything is sent; when it cannot, sends nothing and drops the subscribers', async () => {
    const log: string[] = [];
    let failing = false;
    const feed = new EventFeed({
      dataSource: db.dataSource, url: db.url, logger: createLogger('silent'), loadAccess: async () => new Map(),
      record: async (sends) => {
        if (failing) throw new Error('audit log unavailable');
        log.push(`record ${sends.length}x${sends.map((s) => s.events.length).join(',')}`);
      },
    });
    feeds.push(feed);
    await feed.start();
    const dropped: string[] = [];
    for (const name of ['a', 'b']) {
      feed.attach({ accepts: () => true, push: (events) => log.push(`push ${name} ${events.length}`), drop: () => dropped.push(name) });
    }
    feed.attach({ accepts: () => false, push: () => log.push('push none') });
    await writeOne('recorded');
    await waitFor('both pushes', () => log.length >= 3);
    expect(log).toEqual(['record 2x1,1', 'push a 1', 'push b 1']);

    failing = true;
    await writeOne('not recorded');
    await waitFor('the drops', () => dropped.length >= 2);
    expect(dropped).toEqual(['a', 'b']);
    expect(log).toHaveLength(3);
  });
});
