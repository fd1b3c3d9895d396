import { startTestServer, type TestServer } from '../../test-support/test-server';
import { planIdOf } from '../../test-support/fixtures';
import { WsClient } from '../../test-support/ws-client';
import { INTERNAL_MESSAGE } from '../errors/format-error';

/**
 * Production mode (NODE_ENV=production) on both transports: no introspection, no "Did you
 * mean …" naming the schema, and an unexpected (database) error reaches the client
 * without stack trace or SQL. The development server beside it shows what is hidden.
 */
jest.setTimeout(60_000);

let prod: TestServer;
let dev: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];

beforeAll(async () => {
  [prod, dev] = await Promise.all([startTestServer({ env: { NODE_ENV: 'production' } }), startTestServer()]);
  tokens.prod = await prod.login('anna');
  tokens.dev = await dev.login('anna');
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await Promise.all([prod?.stop(), dev?.stop()]);
});

async function socket(t: TestServer, token: string): Promise<WsClient> {
  const ws = await WsClient.connect(t.url, token);
  sockets.push(ws);
  return ws;
}

/** Nothing a client could learn the internals from. */
function expectNoLeak(raw: string) {
  expect(raw).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+|node_modules|QueryFailedError/);
  expect(raw).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b/i);
  expect(raw).not.toMatch(/relation "|follow_up_meeting|column "|syntax error at/i);
  expect(raw).not.toMatch(/Did you mean/);
}

const INTROSPECTION = [`{ __schema { types { name } } }`, `{ __type(name: "Plan") { name fields { name } } }`];
const TYPO = `{ me { nam } }`;

describe('production mode', () => {
  it('is on for NODE_ENV=production only', () => {
    expect(prod.config.production).toBe(true);
    expect(dev.config.production).toBe(false);
  });

  it('refuses introspection over HTTP and over the WebSocket (but __typename works)', async () => {
    const ws = await socket(prod, tokens.prod);
    for (const q of INTROSPECTION) {
      const http = await prod.gql(q, {}, tokens.prod);
      expect(http.status).toBe(400);
      expect(http.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(http.data).toBeUndefined();
      const over = await ws.request(q);
      expect(over.type).toBe('error');
      expect(over.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(over.raw).not.toMatch(/"types"|"fields"/);
    }
    expect((await prod.gql(`{ __typename }`, {}, tokens.prod)).data).toEqual({ __typename: 'Query' });
    expect(ws.isOpen).toBe(true);

    // Development keeps introspection (codegen, tooling).
    expect((await dev.gql(INTROSPECTION[1], {}, tokens.dev)).data).toMatchObject({ __type: { name: 'Plan' } });
    expect((await (await socket(dev, tokens.dev)).request(INTROSPECTION[1])).type).toBe('next');
  });

  it('names no schema field in suggestions: unknown fields, enum values and input fields', async () => {
    const ws = await socket(prod, tokens.prod);
    const devWs = await socket(dev, tokens.dev);
    const planId = await planIdOf(prod, 'Per');
    const cases: Array<[string, Record<string, unknown>]> = [
      [TYPO, {}],
      [`query { caseload(filter: { unit: SOCIALL }) { nextCursor } }`, {}],
      [`mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { id } }`, { input: { id: planId, expectedVersion: 1, employmentGoa: 'x' } }],
    ];
    for (const [query, variables] of cases) {
      const http = await prod.gql(query, variables, tokens.prod);
      expect(http.status).toBe(400);
      expect(http.errors?.length).toBeGreaterThan(0);
      expectNoLeak(JSON.stringify(http));
      const over = await ws.request(query, variables);
      expect(over.errors?.length).toBeGreaterThan(0);
      expectNoLeak(over.raw);
      // Refused before execution, with the same kind of code on both transports.
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(http.errors?.[0].extensions?.code);
      expect(over.errors?.[0].extensions?.code).toBe(http.errors?.[0].extensions?.code);

      // The same mistakes in development do get the hint.
      const devHttp = await dev.gql(query, variables, tokens.dev);
      expect(JSON.stringify(devHttp)).toMatch(/Did you mean/);
      expect((await devWs.request(query, variables)).raw).toMatch(/Did you mean/);
    }
  });

  it('a database error reaches the client masked (the log has it), with no stack trace and no SQL', async () => {
    const planId = await planIdOf(prod, 'Per');
    const ws = await socket(prod, tokens.prod);
    const q = `query($id: ID!) { plan(id: $id) { id followUps { id summary } } }`;
    expect((await prod.gql(q, { id: planId }, tokens.prod)).errors).toBeUndefined();
    // A throwaway database: break it under the running server.
    await prod.db.dataSource.query(`DROP TABLE follow_up_meeting CASCADE`);

    // The failed statement aborts the request's transaction, and with it the read rows of
    // the access log written in it: no part of the plan leaves without its trace, so the whole
    // answer is the masked error.
    // The answer names the request (as its x-request-id header and the log line do), so a user's report can be found in the log.
    const res = await fetch(`${prod.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.prod}`, 'x-request-id': 'report-4711' },
      body: JSON.stringify({ query: q, variables: { id: planId } }),
    });
    const http = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('report-4711');
    expect(http.data ?? null).toBeNull();
    expect(http.errors).toEqual([{ message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'report-4711' } }]);
    expectNoLeak(JSON.stringify(http));

    const over = await ws.request(q, { id: planId });
    expect(over.errors?.[0]).toMatchObject({ message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) } });
    expectNoLeak(over.raw);
    expect(ws.isOpen).toBe(true);
  });
});
