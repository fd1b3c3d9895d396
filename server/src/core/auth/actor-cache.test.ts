import type { DataSource } from 'typeorm';
import type { ChannelHandler } from '../events/event-feed';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { actorOrNull, type Actor, type ActorLoader } from './actor';
import { cachedActorLoader } from './actor-cache';
import { USER_RIGHTS_CHANNEL, type ReadsBoundActor } from './user-sockets';

jest.setTimeout(60_000);

const ds = {} as DataSource;
const anna: Actor = {
  userId: 'u-anna', username: 'anna', subject: 'anna', name: 'Anna Holm', role: 'CASEWORKER' as Actor['role'],
  municipalityId: 'm-1', unitId: 'unit-1', unitKind: 'EMPLOYMENT' as Actor['unitKind'],
};

/** A feed stand-in: the channel handlers, and whether the LISTEN connection is up. */
function fakeFeed() {
  const handlers: ChannelHandler[] = [];
  return {
    listening: true,
    handlers,
    async listen(channel: string, h: ChannelHandler) {
      expect(channel).toBe(USER_RIGHTS_CHANNEL);
      handlers.push(h);
    },
  };
}

/** The loader under the cache, with its pure read: counts reads and answers from a table the test changes. */
function table() {
  const rows = new Map<string, Actor>([['anna', anna]]);
  let reads = 0;
  const load: ActorLoader & ReadsBoundActor = Object.assign(
    async (_ds: DataSource, identity: { subject: string }, exp?: number) => {
      reads++;
      const row = rows.get(identity.subject);
      return row ? { ...row, tokenExpiresAt: exp } : null;
    },
    {
      readBound: async (_ds: DataSource, subject: string) => {
        reads++;
        return rows.get(subject) ?? null;
      },
    },
  );
  return { rows, load, reads: () => reads };
}

describe('the actor cache', () => {
  it('reads a staff member once, and gives each request its own token expiry', async () => {
    const t = table();
    const feed = fakeFeed();
    const load = cachedActorLoader(t.load, { feed });
    await Promise.resolve();
    expect(await load(ds, { subject: 'anna' }, 100)).toEqual({ ...anna, tokenExpiresAt: 100 });
    expect(await load(ds, { subject: 'anna' }, 200)).toEqual({ ...anna, tokenExpiresAt: 200 });
    expect(t.reads()).toBe(1);
  });

  it('a read through `readBound` (the re-check of open sockets) goes to the table and is not kept: the next sign-in reads the table too', async () => {
    const t = table();
    const load = cachedActorLoader(t.load, { feed: fakeFeed() });
    await Promise.resolve();
    expect((await load.readBound(ds, 'anna'))?.userId).toBe('u-anna');
    expect(load.size).toBe(0);
    // What the table says by then (an account moved, modules/org) is what a sign-in gets.
    t.rows.set('anna', { ...anna, userId: 'u-anna-moved', municipalityId: 'm-2' });
    expect((await load(ds, { subject: 'anna' }))?.userId).toBe('u-anna-moved');
    expect(t.reads()).toBe(2);
  });

  it('does not keep an unknown subject: it may be an invitation bound at the next sign-in', async () => {
    const t = table();
    const load = cachedActorLoader(t.load, { feed: fakeFeed() });
    await Promise.resolve();
    expect(await load(ds, { subject: 'nobody' })).toBeNull();
    t.rows.set('nobody', { ...anna, userId: 'u-new', subject: 'nobody' });
    expect((await load(ds, { subject: 'nobody' }))?.userId).toBe('u-new');
  });

  it('drops the user at once on a rights notice, everything on a resync, and keeps nothing while not listening', async () => {
    const t = table();
    const feed = fakeFeed();
    const load = cachedActorLoader(t.load, { feed });
    await Promise.resolve();
    await load(ds, { subject: 'anna' });
    t.rows.set('anna', { ...anna, role: 'LEADER' as Actor['role'] });
    for (const h of feed.handlers) h.notify('u-anna');
    expect((actorOrNull(await load(ds, { subject: 'anna' })))?.role).toBe('LEADER');
    t.rows.delete('anna');
    for (const h of feed.handlers) h.resync?.();
    expect(await load(ds, { subject: 'anna' })).toBeNull();
    t.rows.set('anna', anna);
    feed.listening = false;
    await load(ds, { subject: 'anna' });
    await load(ds, { subject: 'anna' });
    expect(t.reads()).toBe(5);
  });

  it('does not keep what a read saw when a notice came while it was under way', async () => {
    const t = table();
    const feed = fakeFeed();
    let release: () => void = () => undefined;
    const slow = Object.assign(async (d: DataSource, i: { subject: string }, e?: number) => {
      const seen = await t.load(d, i, e);
      await new Promise<void>((r) => (release = r));
      return seen;
    }, { readBound: t.load.readBound });
    const load = cachedActorLoader(slow, { feed });
    await Promise.resolve();
    const first = load(ds, { subject: 'anna' });
    await new Promise((r) => setImmediate(r));
    t.rows.set('anna', { ...anna, role: 'LEADER' as Actor['role'] });
    for (const h of feed.handlers) h.notify('u-anna');
    release();
    expect(actorOrNull(await first)?.role).toBe('CASEWORKER');
    const second = load(ds, { subject: 'anna' });
    await new Promise((r) => setImmediate(r));
    release();
    expect(actorOrNull(await second)?.role).toBe('LEADER');
  });

  it('refuses a loader without a pure read: an open socket would otherwise be re-checked by signing its user in', () => {
    const signInOnly: ActorLoader = async () => null;
    expect(() => cachedActorLoader(signInOnly, { feed: fakeFeed() })).toThrow(/readBound/);
  });

  it('holds a bounded number of subjects, dropping the oldest', async () => {
    const t = table();
    for (const s of ['b', 'c', 'd']) t.rows.set(s, { ...anna, userId: `u-${s}`, subject: s });
    const load = cachedActorLoader(t.load, { feed: fakeFeed(), maxEntries: 2 });
    await Promise.resolve();
    for (const s of ['b', 'c', 'd']) await load(ds, { subject: s });
    expect(load.size).toBe(2);
    await load(ds, { subject: 'b' });
    expect(t.reads()).toBe(4);
  });
});

/**
 * Across instances: the user's row changes (any instance, any tool, plain SQL), migration
 * 15's trigger notifies, and the other instance's very next request is judged by the row
 * as it is now, not by what it read a moment ago. The socket of the same user on that
 * instance shows when the notice arrived there: its handler runs after the cache's.
 */
describe('the actor cache across two instances', () => {
  const WITHIN_MS = 1000;
  let a: TestServer;
  let b: TestServer;
  let token: string;
  const ME = `{ me { name role } }`;

  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({ db: a.db, seed: false });
    token = await a.login('bent');
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  /** Warms instance b's cache, changes the row through instance a's database, and waits until b has heard of it. */
  async function changeSeenByB(sql: string, params: unknown[]): Promise<number> {
    for (let i = 0; i < 2; i++) expect((await b.gql<{ me: { name: string } }>(ME, {}, token)).data?.me.name).toBe('Bent Sørensen');
    const socket = await WsClient.connect(b.url, token);
    expect(socket.closeCode).toBeNull();
    const started = performance.now();
    await a.db.dataSource.query(sql, params);
    const closed = await Promise.race([socket.closed, new Promise<null>((r) => setTimeout(() => r(null), WITHIN_MS))]);
    expect(closed).not.toBeNull();
    return performance.now() - started;
  }

  it('a deactivation is honoured by the next request on the other instance', async () => {
    await changeSeenByB(`UPDATE app_user SET deactivated_at = now() WHERE username = 'bent'`, []);
    const res = await b.gql(ME, {}, token);
    expect(res.data?.me).toBeUndefined();
    expect(String(res.errors?.[0]?.extensions?.code)).toMatch(/NOT_A_USER|UNAUTHENTICATED/);
    await a.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username = 'bent'`);
  });

  it('a role change is honoured by the next request on the other instance', async () => {
    await changeSeenByB(`UPDATE app_user SET role = 'LEADER', unit_id = NULL WHERE username = 'bent'`, []);
    const res = await b.gql<{ me: { role: string } }>(ME, {}, token);
    expect(res.data?.me.role).toBe('LEADER');
  });
});
