import { startTestServer, type TestServer } from '../../test-support/test-server';
import { planIdOf } from '../../test-support/fixtures';
import { WsClient } from '../../test-support/ws-client';
import { LIMITS } from './limits';

/**
 * One operation pipeline (operation-pipeline.ts) behind both transports: the same table of
 * hostile documents, sent over HTTP and over the WebSocket to a production-mode server,
 * answers the same error code (and the same message) on both, executes nothing, and
 * leaves the socket open.
 */
jest.setTimeout(60_000);

const BODY_LIMIT = 64 * 1024;
let t: TestServer;
let anna: string;
let ws: WsClient;
let planId: string;

beforeAll(async () => {
  t = await startTestServer({
    env: { NODE_ENV: 'production', BODY_LIMIT_BYTES: String(BODY_LIMIT), RATE_MUTATIONS_PER_MINUTE: '6', RATE_MUTATION_BURST: '3' },
  });
  anna = await t.login('anna');
  planId = await planIdOf(t, 'Per');
  ws = await WsClient.connect(t.url, anna);
});

afterAll(async () => {
  await ws?.close();
  await t?.stop();
});

/** plan ⇄ programme is a cycle in the schema: a chain of `n` nested fields. */
function chain(n: number): string {
  const names = ['programme', 'plan'];
  let inner = 'id';
  for (let i = n - 2; i >= 1; i--) inner = `${names[(i - 1) % 2]} { ${inner} }`;
  return `query Deep($id: ID!) { plan(id: $id) { ${inner} } }`;
}

interface Hostile {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  code: string;
  /** extensions.limit, when a limit refuses it. */
  limit?: string;
}

const costly = `query { ${Array.from({ length: 15 }, (_, i) => `c${i}: myCaseload { interventions { activities { updatedBy { unit { id name kind } municipality { id name code } } } subGoals { progress { id value } } } }`).join(' ')} }`;

const table = (): Hostile[] => [
  { name: 'too deep', query: chain(LIMITS.depth + 1), variables: { id: planId }, code: 'BAD_USER_INPUT', limit: 'depth' },
  { name: 'too many tokens', query: `{ ${Array.from({ length: LIMITS.tokens + 1 }, () => '__typename').join(' ')} }`, code: 'BAD_USER_INPUT', limit: 'tokens' },
  { name: 'too many aliases', query: `{ me { ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: id`).join(' ')} } }`, code: 'BAD_USER_INPUT', limit: 'aliases' },
  { name: 'too many directives', query: `{ me { ${Array.from({ length: LIMITS.directives + 1 }, () => '__typename @skip(if: false)').join(' ')} } }`, code: 'BAD_USER_INPUT', limit: 'directives' },
  { name: 'over the cost', query: costly, code: 'BAD_USER_INPUT', limit: 'cost' },
  { name: 'introspection in production', query: `{ __schema { types { name } } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'introspection by __type', query: `{ __type(name: "Plan") { fields { name } } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'unknown field (suggestion hidden)', query: `{ me { nam } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'unknown input field (suggestion hidden)', query: `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { id } }`, variables: { input: { id: 'x', expectedVersion: 1, employmentGoa: 'x' } }, code: 'BAD_USER_INPUT' },
  { name: 'NUL in a literal', query: `query { plan(id: "x\\u0000") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'NUL in a variable', query: `query($id: ID!) { plan(id: $id) { id } }`, variables: { id: 'x\u0000' }, code: 'BAD_USER_INPUT' },
  { name: 'a terminal escape in a literal', query: `query { plan(id: "x\\u001b[2J") { id } }`, code: 'BAD_USER_INPUT' },
  { name: 'a right-to-left override in a variable', query: `query($id: ID!) { plan(id: $id) { id } }`, variables: { id: 'x\u202e' }, code: 'BAD_USER_INPUT' },
  { name: 'syntax error', query: `{ me { id `, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'several operations in one document (a batch)', query: `query A { me { id } } query B { me { username } }`, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a document over the body limit', query: `{ me { id } } # ${'x'.repeat(BODY_LIMIT + 10)}`, code: 'BAD_REQUEST' },
  {
    name: 'mutations over the rate limit (aliased past the burst)',
    query: `mutation($input: UpdatePlanInput!) { ${Array.from({ length: 4 }, (_, i) => `w${i}: updatePlan(input: $input) { id }`).join(' ')} }`,
    variables: { input: { id: 'x', expectedVersion: -1 } },
    code: 'RATE_LIMITED',
  },
  {
    name: 'mutations through a fragment on Mutation over the rate limit',
    query: `mutation($input: UpdatePlanInput!) { ...W } fragment W on Mutation { ${Array.from({ length: 4 }, (_, i) => `w${i}: updatePlan(input: $input) { id }`).join(' ')} }`,
    variables: { input: { id: 'x', expectedVersion: -1 } },
    code: 'RATE_LIMITED',
  },
];

const auditRows = async () => Number((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n);

describe('one pipeline: every hostile document gets the same answer over HTTP and WebSocket', () => {
  it.each(table().map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    const before = await auditRows();
    const http = await t.gql(h.query, h.variables ?? {}, anna);
    const over = await ws.request(h.query, h.variables ?? {});
    const httpCodes = (http.errors ?? []).map((e) => e.extensions?.code);
    const wsCodes = (over.errors ?? []).map((e) => e.extensions?.code);
    expect({ http: httpCodes[0], ws: wsCodes[0] }).toEqual({ http: h.code, ws: h.code });
    expect(http.data ?? undefined).toBeUndefined();
    expect(over.data ?? undefined).toBeUndefined();
    expect(over.errors?.[0].message).toBe(http.errors?.[0].message);
    if (h.limit) {
      expect(http.errors?.[0].extensions?.limit).toBe(h.limit);
      expect(over.errors?.[0].extensions?.limit).toBe(h.limit);
    }
    // Nothing names the schema, nothing leaks, nothing ran.
    expect(JSON.stringify(http) + over.raw).not.toMatch(/Did you mean|stacktrace|"http"/);
    expect(await auditRows()).toBe(before);
    expect(ws.isOpen).toBe(true);
  });

  it('a subscription whose root field hangs on @skip or @include is refused as invalid, and the socket stays open', async () => {
    // graphql-js 16 let these through validation and failed inside execution: the socket closed (4500) with its internal message.
    for (const query of [
      'subscription { caseloadEvents @skip(if: true) { seq } }',
      'subscription { ... on Subscription @include(if: false) { caseloadEvents { seq } } }',
      'subscription { ...Feed } fragment Feed on Subscription { caseloadEvents @include(if: false) { seq } }',
    ]) {
      const answer = await ws.request(query);
      expect(answer.type).toBe('error');
      expect(answer.errors).toEqual([expect.objectContaining({ message: 'Et abonnements felt på øverste niveau kan ikke have @skip eller @include.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
      expect(ws.isOpen).toBe(true);
    }
    // Directives further down are the client's own business: that subscription is taken.
    const listeners = t.server.feed.stats().listeners;
    const id = ws.subscribe('subscription { caseloadEvents { seq ... on PlanEvent @include(if: false) { summary } } }', {}, () => undefined);
    for (const until = Date.now() + 10_000; t.server.feed.stats().listeners === listeners; ) {
      if (Date.now() > until) throw new Error('the subscription was not taken');
      await new Promise((r) => setTimeout(r, 10));
    }
    ws.complete(id);
    expect(ws.isOpen).toBe(true);
  });

  it('a plain query still works on both after the table', async () => {
    expect((await t.gql(`{ me { username } }`, {}, anna)).data).toEqual({ me: { username: 'anna' } });
    expect((await ws.request(`{ me { username } }`)).data).toEqual({ me: { username: 'anna' } });
    expect((await ws.request(`query A { me { username } } query B { me { id } }`, {}, 'A')).data).toBeUndefined();
  });
});
