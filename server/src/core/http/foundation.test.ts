import { SignJWT } from 'jose';
import { startTestServer, TEST_SECRET, type TestServer } from '../../test-support/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/stacktrace|\n\s+at |node_modules|\.ts:\d+/);
}

describe('health', () => {
  it('answers /healthz and /readyz with JSON when the database is migrated', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', migrations: 'applied' });
  });
});

describe('authentication', () => {
  it('devLogin returns a token and the user; me answers with that token', async () => {
    const login = await t.gql<{ devLogin: { token: string; user: { name: string; role: string; unit: { kind: string; name: string } } } }>(
      `mutation { devLogin(username: "bent") { token user { id name role unit { kind name } } } }`,
    );
    expect(login.data?.devLogin.user).toMatchObject({ name: 'Bent Sørensen', role: 'CASEWORKER', unit: { kind: 'SOCIAL', name: 'Socialforvaltningen' } });
    const me = await t.gql<{ me: { name: string } }>(`{ me { name } }`, {}, login.data!.devLogin.token);
    expect(me.data?.me.name).toBe('Bent Sørensen');
  });

  it('no answer about a person may be stored by a browser or a proxy: cache-control no-store', async () => {
    const login = await t.gql<{ devLogin: { token: string } }>(`mutation { devLogin(username: "bent") { token } }`);
    const answered = await post(JSON.stringify({ query: '{ me { name } }' }), { authorization: `Bearer ${login.data!.devLogin.token}` });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('cache-control')).toBe('no-store');
    const refused = await post(JSON.stringify({ query: '{ me { name ' }));
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses an unknown demo user', async () => {
    const res = await t.gql(`mutation { devLogin(username: "nobody") { token } }`);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'not-a-jwt'],
  ])('answers UNAUTHENTICATED with %s', async (_label, token) => {
    const res = await t.gql(`{ me { name } }`, {}, token);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  const sign = (secret: string, claims: { iss?: string; aud?: string; exp?: number }) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('anna')
      .setIssuer(claims.iss ?? 'samplan-demo')
      .setAudience(claims.aud ?? 'samplan')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(new TextEncoder().encode(secret));

  it('accepts a correctly signed token and refuses a wrong key, issuer, audience or an expired one', async () => {
    const good = await sign(TEST_SECRET, {});
    expect((await t.gql<{ me: { name: string } }>(`{ me { name } }`, {}, good)).data?.me.name).toBe('Anna Holm');
    const bad = [
      await sign('another-secret-another-secret-another-secret', {}),
      await sign(TEST_SECRET, { iss: 'evil' }),
      await sign(TEST_SECRET, { aud: 'other-app' }),
      await sign(TEST_SECRET, { exp: Math.floor(Date.now() / 1000) - 60 }),
    ];
    for (const token of bad) {
      const res = await t.gql(`{ me { name } }`, {}, token);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('plan', () => {
  it('shows the citizen name and employment goal to staff of the municipality, NOT_FOUND to another municipality', async () => {
    const anna = await t.login('anna');
    const ids: Array<{ id: string }> = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Per Hansen'`,
    );
    const query = `query($id: ID!) { plan(id: $id) { employmentGoal citizen { name } programme { type } } }`;
    const res = await t.gql<{ plan: { employmentGoal: string; citizen: { name: string } } }>(query, { id: ids[0].id }, anna);
    expect(res.data?.plan.citizen.name).toBe('Per Hansen');
    expect(res.data?.plan.employmentGoal).toMatch(/butik/);
    const otto = await t.login('otto');
    const denied = await t.gql(query, { id: ids[0].id }, otto);
    expect(denied.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(denied.data).toBeNull();
  });
});

describe('bad input never crashes and never shows a stack trace', () => {
  it('malformed JSON: 400 with a code', async () => {
    const res = await post('{"query": "{ me { name }');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expectNoStackTrace(text);
  });

  it('unparsable query: 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ me { name ' }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectNoStackTrace(text);
  });

  it('wrong variable type: 400 BAD_USER_INPUT', async () => {
    const res = await post(JSON.stringify({ query: 'query($id: ID!) { plan(id: $id) { id } }', variables: { id: { nested: true } } }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectNoStackTrace(text);
  });

  it('unknown field: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ secretTable { id } }' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('huge body: 413 with a code', async () => {
    const res = await post(JSON.stringify({ query: `{ me { name } }`, variables: { pad: 'x'.repeat(t.config.bodyLimitBytes + 10) } }));
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expectNoStackTrace(text);
  });

  it('a malformed id is NOT_FOUND, not a database error', async () => {
    const anna = await t.login('anna');
    const res = await t.gql(`{ plan(id: "'; DROP TABLE plan; --") { id } }`, {}, anna);
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expectNoStackTrace(JSON.stringify(res));
  });
});

describe('outside demo mode', () => {
  it('has no devLogin field', async () => {
    const prod = await startTestServer({ demo: false, db: t.db, seed: false });
    try {
      const res = await prod.gql<{ devLogin?: unknown }>(`mutation { devLogin(username: "anna") { token } }`);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.data?.devLogin).toBeUndefined();
      const schema = await prod.gql<{ __schema: { mutationType: { fields: Array<{ name: string }> } | null; queryType: { fields: Array<{ name: string }> } } }>(
        `{ __schema { mutationType { fields { name } } queryType { fields { name } } } }`,
      );
      const names = [...(schema.data?.__schema.mutationType?.fields ?? []), ...(schema.data!.__schema.queryType.fields)].map((f) => f.name);
      expect(names).toContain('me');
      expect(names).not.toContain('devLogin');
      expect(names).not.toContain('demoUsers');
    } finally {
      await prod.server.stop();
    }
  });
});
