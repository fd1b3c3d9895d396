import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { planIdOf } from '../../test-support/fixtures';
import { WsClient } from '../../test-support/ws-client';
import { FailureWindow, TokenBuckets, executedRootFields, isLogin, rateLimited } from './rate-limit';
import { WS_TOO_MANY_FAILURES, WS_UNAUTHORIZED } from './websocket';
import { NSIS_LOA_CLAIM } from '../auth/nsis';
import { signToken } from '../auth/tokens';
import { configFromEnv } from '../config';

/**
 * Rate limits (in memory, per instance): mutations per user, failed logins per address.
 * Unit tests with a fake clock; then real servers with small limits, over HTTP and WS.
 */
jest.setTimeout(60_000);

describe('the limiters', () => {
  it('a token bucket allows a burst, then refills at the sustained rate', () => {
    let now = 0;
    const b = new TokenBuckets(3, 60, () => now); // 1 per second
    expect([1, 2, 3].map(() => b.take('u').ok)).toEqual([true, true, true]);
    expect(b.take('u')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(b.take('other').ok).toBe(true);
    now += 1000;
    expect(b.take('u').ok).toBe(true);
    expect(b.take('u', 2)).toEqual({ ok: false, retryAfterSeconds: 2 });
    now += 10_000;
    expect(b.take('u', 3).ok).toBe(true);
  });

  it('a failure window refuses after the limit until the oldest counted failure leaves it', () => {
    let now = 0;
    const w = new FailureWindow(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(w.check('a').ok).toBe(true);
      w.record('a');
      now += 1000;
    }
    expect(w.check('a')).toEqual({ ok: false, retryAfterSeconds: 57 });
    expect(w.check('b').ok).toBe(true);
    now = 60_001;
    expect(w.check('a').ok).toBe(true);
  });

  it('the refusal says the wait in Danish, singular for one second', () => {
    expect(rateLimited(1, 'mutations').message).toBe('For mange ændringer på kort tid. Prøv igen om 1 sekund.');
    expect(rateLimited(2, 'mutations').message).toBe('For mange ændringer på kort tid. Prøv igen om 2 sekunder.');
    expect(rateLimited(1, 'subscriptions').message).toBe('For mange nye abonnementer på opdateringer på kort tid. Prøv igen om 1 sekund.');
    expect(rateLimited(30, 'subscriptions').message).toBe('For mange nye abonnementer på opdateringer på kort tid. Prøv igen om 30 sekunder.');
    expect(rateLimited(1, 'authentication').message).toBe('For mange mislykkede log ind fra denne adresse. Prøv igen om 1 sekund.');
    expect(rateLimited(57, 'authentication').message).toBe('For mange mislykkede log ind fra denne adresse. Prøv igen om 57 sekunder.');
  });

  it('each executed root mutation field costs one, also through aliases and fragments; a skipped one costs nothing', () => {
    const schema = buildSchema(`type Query { x: Int } type Login { token: String } type Mutation { devLogin(username: String): Login }`);
    const doc = parse(`mutation($no: Boolean!) { a: devLogin(username: "x") { token } b: devLogin(username: "y") { token } ...F ... @skip(if: $no) { d: devLogin { token } } }
      fragment F on Mutation { c: devLogin(username: "z") { token } __typename ... on Mutation { e: devLogin { token } } }`);
    const op = doc.definitions[0] as OperationDefinitionNode;
    expect(executedRootFields(schema, doc, op, { no: true }).map((f) => f.responseName)).toEqual(['a', 'b', 'c', 'e']);
    expect(executedRootFields(schema, doc, op, { no: false })).toHaveLength(5);
    expect(isLogin(executedRootFields(schema, doc, op, { no: true }))).toBe(true);
    // Variables that do not fit: graphql-js executes nothing.
    expect(executedRootFields(schema, doc, op, {})).toEqual([]);
  });
});

const LIMITS = { RATE_MUTATIONS_PER_MINUTE: '6', RATE_MUTATION_BURST: '5', RATE_AUTH_FAILURES: '4', RATE_AUTH_FAILURE_WINDOW_SECONDS: '300' };
/** A mutation that is refused by its service (bad input): it still costs a token. */
const UPDATE = `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { id } }`;

describe('mutations per user', () => {
  let t: TestServer;
  const tokens: Record<string, string> = {};
  let planId: string;

  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
    // Logins are mutations too (by address): two here leave three in the anonymous bucket.
    tokens.anna = await t.login('anna');
    tokens.bent = await t.login('bent');
    planId = await planIdOf(t, 'Per');
  });
  afterAll(() => t?.stop());

  it('after the burst the user gets 429 RATE_LIMITED with Retry-After, over HTTP and WS; others are unaffected; reads go on', async () => {
    const input = { id: planId, expectedVersion: -1 };
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(UPDATE, { input }, tokens.anna);
      expect(res.errors?.[0].extensions?.code).not.toBe('RATE_LIMITED');
    }
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.anna}` },
      body: JSON.stringify({ query: UPDATE, variables: { input } }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'mutations' } });
    expect(body.errors[0].message).toMatch(/For mange ændringer/);

    const ws = await WsClient.connect(t.url, tokens.anna);
    const over = await ws.request(UPDATE, { input });
    expect(over).toMatchObject({ type: 'error', errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(over.raw).not.toMatch(/"http"/);
    expect(ws.isOpen).toBe(true);
    // Reads are not limited; another user has their own budget.
    expect((await ws.request(`{ me { username } }`)).data).toEqual({ me: { username: 'anna' } });
    await ws.close();
    expect((await t.gql(`{ me { username } }`, {}, tokens.anna)).data).toEqual({ me: { username: 'anna' } });
    expect((await t.gql(UPDATE, { input }, tokens.bent)).errors?.[0].extensions?.code).not.toBe('RATE_LIMITED');
  });

  it('aliasing many writes into one request costs one token per write', async () => {
    const many = `mutation($input: UpdatePlanInput!) { ${Array.from({ length: 6 }, (_, i) => `w${i}: updatePlan(input: $input) { id }`).join(' ')} }`;
    const res = await t.gql(many, { input: { id: planId, expectedVersion: -1 } }, tokens.bent);
    expect(res.status).toBe(429);
    expect(res.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('failed logins and bad tokens per address', () => {
  let t: TestServer;
  let anna: string;

  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
    anna = await t.login('anna');
  });
  afterAll(() => t?.stop());

  it('after 4 failures, the address gets 429 (HTTP) and 4429 (WS) instead of 401s, but a valid token still works', async () => {
    // Two bad tokens, one unknown demo user, one bad token on a socket: four failures.
    expect((await t.gql(`{ me { id } }`, {}, 'not-a-token')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(`{ me { id } }`, {}, `${anna.slice(0, -4)}AAAA`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gql(`mutation { devLogin(username: "mallory") { token } }`);
    expect(unknown.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const first = await WsClient.connect(t.url, 'bad');
    expect(await first.closed).toBe(WS_UNAUTHORIZED);

    const blocked = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer still-bad' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeTruthy();
    expect(await blocked.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'authentication' } }] });
    // A login attempt from the address is refused too, before it is tried.
    const login = await t.gql(`mutation { devLogin(username: "anna") { token } }`);
    expect(login.status).toBe(429);
    const second = await WsClient.connect(t.url, 'bad');
    expect(await second.closed).toBe(WS_TOO_MANY_FAILURES);

    // A colleague behind the same address with a valid token is not locked out.
    expect((await t.gql(`{ me { username } }`, {}, anna)).data).toEqual({ me: { username: 'anna' } });
    const ws = await WsClient.connect(t.url, anna);
    expect(ws.isOpen).toBe(true);
    await ws.close();
  });
});

describe('what is no failed login: an expired genuine token, no token at all', () => {
  let t: TestServer;
  let expired: string;
  const me = (token: string) => t.gql(`{ me { id } }`, {}, token);

  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
    const [{ subject }] = await t.db.dataSource.query(`SELECT subject FROM app_user WHERE username = 'anna'`);
    // Signed by the right key, valid for a minute, two hours ago: a laptop that slept through its renewal.
    expired = await signToken(t.config.auth, subject, new Date(Date.now() - 2 * 3600_000), 60);
  });
  afterAll(() => t?.stop());

  it('is answered "sign in again" every time, never counted, and never locked out', async () => {
    for (let i = 0; i < 6; i++) expect((await me(expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 6; i++) expect(await (await WsClient.connect(t.url)).closed).toBe(WS_UNAUTHORIZED);
    for (let i = 0; i < 6; i++) expect(await (await WsClient.connect(t.url, expired)).closed).toBe(WS_UNAUTHORIZED);
    // None of that counted: four bad tokens are still needed for the lock-out.
    for (let i = 0; i < 4; i++) expect((await me(`bad-${i}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me('bad-5')).status).toBe(429);
    // Locked out, the expired genuine token is still told to sign in again (4401), so the client renews instead of waiting.
    expect((await me(expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await (await WsClient.connect(t.url, expired)).closed).toBe(WS_UNAUTHORIZED);
  });
});

describe('a valid token of nobody Samplan knows, again and again', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
  });
  afterAll(() => t?.stop());

  it('is written to the access log until the address is locked out, then only answered', async () => {
    // Each sign-in a token of its own (issued a second apart): the log has a line per sign-in, not per request.
    const signIn = (n: number) => signToken(t.config.auth, 'idp|stranger', new Date(Date.now() + n * 1000));
    const stranger = await signIn(0);
    const rows = () => t.db.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'SIGN_IN_UNKNOWN_USER'`).then((r: unknown[]) => r.length);
    for (let i = 0; i < 4; i++) expect((await t.gql(`{ me { id } }`, {}, i === 0 ? stranger : await signIn(i))).errors?.[0].extensions?.code).toBe('NOT_A_USER');
    expect(await rows()).toBe(4);
    for (let i = 0; i < 10; i++) expect((await t.gql(`{ me { id } }`, {}, stranger)).status).toBe(429);
    expect(await (await WsClient.connect(t.url, stranger)).closed).toBe(WS_TOO_MANY_FAILURES);
    expect(await rows()).toBe(4);
  });
});

describe('failed sign-ins sent all at once', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
  });
  afterAll(() => t?.stop());

  it('are counted as they fail: the limit holds, and no more than it is written to the access log', async () => {
    const strangers = await Promise.all(Array.from({ length: 12 }, (_, i) => signToken(t.config.auth, `idp|stranger-${i}`, new Date())));
    const answers = await Promise.all(strangers.map((token) => t.gql(`{ me { id } }`, {}, token)));
    expect(answers.filter((a) => a.errors?.[0].extensions?.code === 'NOT_A_USER')).toHaveLength(4);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(8);
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'SIGN_IN_UNKNOWN_USER'`);
    expect(n).toBe(4);
    // And over the WebSocket, from the same address: already locked out.
    expect(await (await WsClient.connect(t.url, strangers[0])).closed).toBe(WS_TOO_MANY_FAILURES);
  });
});

describe('behind a load balancer (TRUSTED_PROXIES)', () => {
  let t: TestServer;
  const from = (address: string, token: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });

  beforeAll(async () => {
    t = await startTestServer({ env: { ...LIMITS, TRUSTED_PROXIES: 'loopback' } });
  });
  afterAll(() => t?.stop());

  it('locks out the client the balancer names, not everyone behind it', async () => {
    for (let i = 0; i < 4; i++) expect((await from('203.0.113.7', 'bad')).status).not.toBe(429);
    expect((await from('203.0.113.7', 'bad')).status).toBe(429);
    // A colleague at another address, through the same balancer: not locked out.
    expect(((await (await from('203.0.113.8', 'bad')).json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // The client's own header in front of the balancer's is not believed: the balancer's last entry counts.
    expect((await from('198.51.100.1, 203.0.113.7', 'bad')).status).toBe(429);
  });

  it('one refused token sent from address after address is remembered for a few addresses only: past them each request counts again', async () => {
    // A genuine token of a login Samplan does not know.
    const roaming = await signToken(t.config.auth, 'idp|roaming-stranger', new Date());
    for (let i = 1; i <= 16; i++) expect((await from(`198.51.100.${i}`, roaming)).status).not.toBe(429);
    // The seventeenth address: no longer one person's sign-in at a desk, so the limit of 4 holds per request.
    for (let i = 0; i < 4; i++) expect((await from('198.51.100.17', roaming)).status).not.toBe(429);
    expect((await from('198.51.100.17', roaming)).status).toBe(429);
  });

  it('is refused at start when an entry is no address or range', () => {
    expect(() => configFromEnv({ DEMO: '1', TRUSTED_PROXIES: 'loopback, not-an-address' })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('failed logins are counted by the executed root fields, whatever the shape of the document', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ env: { ...LIMITS, RATE_AUTH_FAILURES: '3' } });
  });
  afterAll(() => t?.stop());

  it('devLogin inside an inline fragment, a named fragment or behind @include counts as a login: the fourth attempt gets 429', async () => {
    const shapes = [
      `mutation { ... on Mutation { devLogin(username: "mallory") { token } } }`,
      `mutation { ...L } fragment L on Mutation { login: devLogin(username: "mallory") { token } }`,
      `mutation($yes: Boolean!) { ... @include(if: $yes) { ... on Mutation { devLogin(username: "mallory") { token } } } }`,
    ];
    for (const q of shapes) {
      const res = await t.gql(q, { yes: true });
      expect({ q, code: res.errors?.[0].extensions?.code }).toEqual({ q, code: 'UNAUTHENTICATED' });
    }
    const blocked = await t.gql(`mutation { ... on Mutation { devLogin(username: "anna") { token } } }`);
    expect(blocked.status).toBe(429);
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'authentication' });
    const plain = await t.gql(`mutation { devLogin(username: "anna") { token } }`);
    expect(plain.status).toBe(429);
  });
});

describe('a refused sign-in (a genuine token of nobody who may use Samplan) counts once per token, however many requests the page sends', () => {
  let t: TestServer;
  let anna: string;
  const me = (token: string) => t.gql(`{ me { id } }`, {}, token);
  /** The provider's token for the login, issued `secondsLater` from now: another second, another token. */
  const providerToken = (subject: string, claims: Record<string, unknown> = {}, secondsLater = 0) =>
    signToken(t.config.auth, subject, new Date(Date.now() + secondsLater * 1000), undefined, claims);

  /** What a page does at sign-in: several requests at once and its live connection, then a reload, all with the one token. */
  async function signInAttempt(token: string): Promise<void> {
    const answers = await Promise.all([me(token), me(token), me(token)]);
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(['NOT_A_USER', 'NOT_A_USER', 'NOT_A_USER']);
    const socket = await WsClient.connect(t.url, token);
    await socket.closed;
    expect(socket.closeCode).toBe(4403);
    expect((await me(token)).errors?.[0]?.extensions?.code).toBe('NOT_A_USER');
  }

  beforeAll(async () => {
    t = await startTestServer({ env: LIMITS });
    anna = await t.login('anna');
  });
  afterAll(() => t?.stop());

  it('four requests and a socket with one token add one failure; another token (a new sign-in, a citizen below the level) adds one more each', async () => {
    // A login Samplan does not know, signing in once (five requests, one socket), and again later with a new token.
    await signInAttempt(await providerToken('idp|office-stranger'));
    await signInAttempt(await providerToken('idp|office-stranger', {}, 2));
    // A citizen's account, bound at Substantial, named by a sign-in at Low.
    const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Eva Jensen'`);
    expect((await me(await providerToken('mitid:eva-office', { cpr, [NSIS_LOA_CLAIM]: 'Substantial' }))).errors).toBeUndefined();
    const low = await providerToken('mitid:eva-office', { [NSIS_LOA_CLAIM]: 'Low' });
    await signInAttempt(low);

    // Three failures so far (limit 4): one bad token is still answered, the next is locked out.
    expect((await me('bad-1')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me('bad-2')).status).toBe(429);
    // Locked out, a token already counted is answered 429 as before, over HTTP and WS; a valid token still passes.
    expect((await me(low)).status).toBe(429);
    expect(await (await WsClient.connect(t.url, low)).closed).toBe(WS_TOO_MANY_FAILURES);
    expect((await t.gql(`{ me { username } }`, {}, anna)).data).toEqual({ me: { username: 'anna' } });
  });
});
