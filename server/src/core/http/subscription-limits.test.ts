import { ConfigError, configFromEnv } from '../config';
import { EventKind } from '../events/event-kinds';
import { appendEvent } from '../events/event-log';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { actorNamed, planIdOf } from '../../test-support/fixtures';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * One user cannot slow everyone with subscriptions: at most SUBSCRIPTIONS_PER_SOCKET on a
 * socket and SUBSCRIPTIONS_PER_USER across the user's sockets on this instance, and a rate
 * limit on subscribing. Over a limit, that one subscription gets TOO_MANY_SUBSCRIPTIONS
 * (or RATE_LIMITED); the socket and the user's other subscriptions stay open.
 */
jest.setTimeout(60_000);

const CASELOAD = `subscription($after: String) { caseloadEvents(afterSeq: $after) { seq ... on PlanEvent { summary } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

class Subs {
  readonly frames = new Map<string, WsResult[]>();
  constructor(readonly ws: WsClient) {}
  open(afterSeq?: string): string {
    const list: WsResult[] = [];
    const id = this.ws.subscribe(CASELOAD, afterSeq ? { after: afterSeq } : {}, (r) => list.push(r));
    this.frames.set(id, list);
    return id;
  }
  errorOf(id: string): WsResult | undefined {
    return this.frames.get(id)!.find((r) => r.type === 'error');
  }
  summaries(id: string): string[] {
    return this.frames.get(id)!.flatMap((r) => (r.type === 'next' && r.data ? [(r.data.caseloadEvents as { summary: string }).summary] : []));
  }
}

async function writeEvent(t: TestServer, summary: string): Promise<void> {
  const planId = await planIdOf(t, 'Per');
  const actor = await actorNamed(t.db.dataSource, 'anna');
  await t.db.dataSource.transaction((m) =>
    appendEvent(m, {
      planId, municipalityId: actor.municipalityId, kind: EventKind.ACTIVITY_UPDATED, entityType: 'ACTIVITY', entityId: planId, actor, summary,
      payload: { entity: { __typename: 'Activity', id: planId, title: summary } },
    }),
  );
}

describe('subscriptions per socket and per user', () => {
  let t: TestServer;
  const sockets: WsClient[] = [];
  const connect = async (token: string) => {
    const ws = await WsClient.connect(t.url, token);
    sockets.push(ws);
    return new Subs(ws);
  };
  const listeners = () => t.server.feed.stats().listeners;

  beforeAll(async () => {
    t = await startTestServer({ env: { SUBSCRIPTIONS_PER_SOCKET: '3', SUBSCRIPTIONS_PER_USER: '5' } });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await t?.stop();
  });

  it('the fourth on a socket is refused with TOO_MANY_SUBSCRIPTIONS; the socket and the other three go on', async () => {
    const anna = await t.login('anna');
    const a = await connect(anna);
    const ok = [a.open(), a.open(), a.open()];
    await until('three attached', () => listeners() >= 3);
    const over = a.open('0');
    await until('the refusal', () => a.errorOf(over) !== undefined);
    expect(a.errorOf(over)!.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(a.errorOf(over)!.errors?.[0].message).toMatch(/For mange samtidige abonnementer/);
    expect(a.ws.isOpen).toBe(true);
    expect(listeners()).toBe(3);

    await writeEvent(t, 'first');
    await until('the others get the event', () => ok.every((id) => a.summaries(id).includes('first')));
    expect((await a.ws.request(`{ me { username } }`)).data).toEqual({ me: { username: 'anna' } });

    // Completing one frees its place.
    a.ws.complete(ok[0]);
    await until('detached', () => listeners() === 2);
    const again = a.open();
    await until('attached again', () => listeners() === 3);
    await writeEvent(t, 'second');
    await until('the new one gets the event', () => a.summaries(again).includes('second'));
    expect(a.errorOf(again)).toBeUndefined();
  });

  it('across sockets, a user has at most SUBSCRIPTIONS_PER_USER; another user is not affected; a closed socket frees its places', async () => {
    const anna = await t.login('anna');
    const b = await connect(anna);
    b.open();
    b.open();
    await until('five attached', () => listeners() >= 5);
    const over = b.open();
    await until('the refusal', () => b.errorOf(over) !== undefined);
    expect(b.errorOf(over)!.errors?.[0].extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(b.ws.isOpen).toBe(true);

    const bent = await connect(await t.login('bent'));
    const bentSub = bent.open();
    await until('bent attached', () => listeners() >= 6);
    expect(bent.errorOf(bentSub)).toBeUndefined();

    // The first socket closes: its three places are free again.
    await sockets[0].close();
    await until('detached', () => listeners() === 3);
    const c = await connect(anna);
    const now = [b.open(), c.open(), c.open()];
    await until('attached', () => listeners() === 6);
    await sleep(100);
    expect([b.errorOf(now[0]), c.errorOf(now[1]), c.errorOf(now[2])]).toEqual([undefined, undefined, undefined]);
  });

  it('an operation id longer than 128 characters is refused with BAD_REQUEST, takes no place, and the socket goes on', async () => {
    // The id travels in every message of the subscription: one of half a megabyte would make
    // each event cost the server that much to build and send, for each such subscription.
    const ws = await WsClient.connect(t.url, await t.login('lene'));
    const frames: WsResult[] = [];
    const before = listeners();
    ws.subscribe(CASELOAD, {}, (r) => frames.push(r), 'x'.repeat(129));
    await until('the refusal', () => frames.length > 0);
    expect(frames[0]).toMatchObject({ type: 'error', errors: [{ message: 'Operationens id er for langt (højst 128 tegn).', extensions: { code: 'BAD_REQUEST' } }] });
    expect(listeners()).toBe(before);
    const longest = 'y'.repeat(128);
    ws.subscribe(CASELOAD, {}, () => undefined, longest);
    await until('the longest id taken', () => listeners() === before + 1);
    expect(ws.isOpen).toBe(true);
    ws.complete(longest);
    await until('its place given back', () => listeners() === before);
    await ws.close();
  });
});

describe('subscribing is rate limited', () => {
  let t: TestServer;
  let ws: WsClient;
  beforeAll(async () => {
    t = await startTestServer({ env: { RATE_SUBSCRIBE_BURST: '3', RATE_SUBSCRIBES_PER_MINUTE: '1' } });
    ws = await WsClient.connect(t.url, await t.login('anna'));
  });
  afterAll(async () => {
    await ws?.close();
    await t?.stop();
  });

  it('subscribing and completing in a loop runs out of budget: RATE_LIMITED on that subscription, the socket stays open', async () => {
    const subs = new Subs(ws);
    for (let i = 0; i < 3; i++) {
      const id = subs.open();
      await until('attached', () => t.server.feed.stats().listeners === 1);
      ws.complete(id);
      await until('detached', () => t.server.feed.stats().listeners === 0);
    }
    const over = subs.open();
    await until('the refusal', () => subs.errorOf(over) !== undefined);
    expect(subs.errorOf(over)!.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'subscriptions' } });
    expect(Number(subs.errorOf(over)!.errors?.[0].extensions?.retryAfterSeconds)).toBeGreaterThanOrEqual(1);
    expect(ws.isOpen).toBe(true);
    expect((await ws.request(`{ me { username } }`)).data).toEqual({ me: { username: 'anna' } });
  });
});

describe('the settings', () => {
  it('default to 20 per socket, 50 per user, 40 at once and 120 a minute; the environment sets them; nonsense is refused', () => {
    const c = configFromEnv({});
    expect(c.subscriptionLimits).toEqual({ perSocket: 20, perUser: 50 });
    expect(c.rateLimits).toMatchObject({ subscribeBurst: 40, subscribesPerMinute: 120 });
    const set = configFromEnv({ SUBSCRIPTIONS_PER_SOCKET: '5', SUBSCRIPTIONS_PER_USER: '9', RATE_SUBSCRIBE_BURST: '7', RATE_SUBSCRIBES_PER_MINUTE: '30' });
    expect(set.subscriptionLimits).toEqual({ perSocket: 5, perUser: 9 });
    expect(set.rateLimits).toMatchObject({ subscribeBurst: 7, subscribesPerMinute: 30 });
    expect(() => configFromEnv({ SUBSCRIPTIONS_PER_SOCKET: '0' })).toThrow(ConfigError);
    expect(() => configFromEnv({ SUBSCRIPTIONS_PER_USER: 'many' })).toThrow(/SUBSCRIPTIONS_PER_USER/);
  });
});
