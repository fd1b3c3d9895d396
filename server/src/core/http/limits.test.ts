import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, print, specifiedRules, validate, type ValidationContext } from 'graphql';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { planIdOf } from '../../test-support/fixtures';
import { WsClient, type WsResult } from '../../test-support/ws-client';
import { LIMITS, limitRules } from './limits';

/**
 * Abuse limits on both transports, against a real server and real sockets: over a limit,
 * HTTP answers 400 and the WebSocket an error frame (the socket stays open), both with
 * BAD_USER_INPUT naming the limit, and nothing is executed.
 */
jest.setTimeout(60_000);

let t: TestServer;
let anna: string;
let ws: WsClient;
let planId: string;

beforeAll(async () => {
  t = await startTestServer();
  anna = await t.login('anna');
  planId = await planIdOf(t, 'Per');
  ws = await WsClient.connect(t.url, anna);
});

afterAll(async () => {
  await ws?.close();
  await t?.stop();
});

const auditRows = async () => Number((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n);

/** plan ⇄ programme is a cycle in the schema: a chain of `n` nested fields. */
function chain(n: number, planArg = 'plan(id: $id)'): string {
  const names = ['programme', 'plan'];
  let inner = 'id';
  for (let i = n - 2; i >= 1; i--) inner = `${names[(i - 1) % 2]} { ${inner} }`;
  return `query Deep($id: ID!) { ${planArg} { ${inner} } }`;
}

const aliases = (n: number) => `query { me { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } }`;
const directives = (n: number) => `query { me { ${Array.from({ length: n }, () => '__typename @skip(if: false)').join(' ')} } }`;
/**
 * Exactly `n` tokens that pass every other limit: root `__typename`s cost 1 each, and 50
 * of them carry a directive (8 tokens, still cost 1), so the cost stays under its limit
 * and graphql-js's own overlap budget is not hit by ~1000 identical fields.
 */
function tokens(n: number): string {
  const withDirective = Math.min(LIMITS.directives, Math.floor((n - 2) / 8));
  const plain = n - 2 - 8 * withDirective;
  return `{ ${Array.from({ length: withDirective }, () => '__typename @include(if: true)').join(' ')} ${Array.from({ length: plain }, () => '__typename').join(' ')} }`;
}
/** Within depth, alias and token limits, but costly: 15 caseloads, each resolving deep lists. */
const costly = () =>
  `query { ${Array.from({ length: 15 }, (_, i) => `c${i}: myCaseload { interventions { activities { updatedBy { unit { id name kind } municipality { id name code } } } subGoals { progress { id value } } } }`).join(' ')} }`;

async function expectRefused(query: string, limit: string, variables: Record<string, unknown> = {}) {
  const before = await auditRows();
  const http = await t.gql(query, variables, anna);
  expect(http.status).toBe(400);
  expect(http.data).toBeUndefined();
  const httpError = http.errors?.find((e) => e.extensions?.limit === limit);
  expect(httpError).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit, max: LIMITS[limit as keyof typeof LIMITS] } });
  expect(httpError!.message).toMatch(/grænsen for/);

  const wsResult = await ws.request(query, variables);
  expect(wsResult.type).toBe('error');
  const wsError = wsResult.errors?.find((e) => e.extensions?.limit === limit);
  expect(wsError).toMatchObject({ message: httpError!.message, extensions: { code: 'BAD_USER_INPUT', limit } });
  // Refused before execution: nothing read, nothing audited; and the socket is still usable.
  expect(await auditRows()).toBe(before);
  expect(ws.isOpen).toBe(true);
  return { http, ws: wsResult };
}

async function expectAccepted(query: string, variables: Record<string, unknown> = {}) {
  const http = await t.gql(query, variables, anna);
  expect(http.errors).toBeUndefined();
  expect(http.status).toBe(200);
  const wsResult: WsResult = await ws.request(query, variables);
  expect(wsResult.type).toBe('next');
  expect(wsResult.errors).toBeUndefined();
}

describe('limits, HTTP and WebSocket alike', () => {
  it('a list at the root is read once per query: aliases of it are refused, through fragments too; a page of it once passes, as do aliases of one record', async () => {
    const { http } = await expectRefused(`query { a: myCaseload { id } b: myCaseload { id } }`, 'listRepeats');
    expect(http.errors![0].extensions).toMatchObject({ found: 2 });
    await expectRefused(`query($n: Int) { a: caseload(first: $n) { totalCount } ...B } fragment B on Query { b: caseload(first: $n) { totalCount } }`, 'listRepeats', { n: 100 });
    await expectAccepted(`query($n: Int) { caseload(first: $n) { totalCount } }`, { n: 100 });
    await expectAccepted(`query($id: ID!) { a: plan(id: $id) { id } b: plan(id: $id) { id } }`, { id: planId });
    // Selected twice under one name, it is merged and read once.
    await expectAccepted(`query { citizens(search: "Per") { name } ...C } fragment C on Query { citizens(search: "Per") { name } }`);
  });

  it(`depth: ${LIMITS.depth} nested fields pass, ${LIMITS.depth + 1} are refused before the plan is read`, async () => {
    await expectAccepted(chain(LIMITS.depth), { id: planId });
    const { http } = await expectRefused(chain(LIMITS.depth + 1), 'depth', { id: planId });
    expect(http.errors![0].extensions).toMatchObject({ found: LIMITS.depth + 1 });
  });

  it(`aliases: ${LIMITS.aliases} pass, ${LIMITS.aliases + 1} are refused`, async () => {
    await expectAccepted(aliases(LIMITS.aliases));
    await expectRefused(aliases(LIMITS.aliases + 1), 'aliases');
  });

  it(`directives: ${LIMITS.directives} pass, ${LIMITS.directives + 1} are refused`, async () => {
    await expectAccepted(directives(LIMITS.directives));
    await expectRefused(directives(LIMITS.directives + 1), 'directives');
  });

  it(`tokens: ${LIMITS.tokens} pass, ${LIMITS.tokens + 1} are refused by the parser`, async () => {
    await expectAccepted(tokens(LIMITS.tokens));
    await expectRefused(tokens(LIMITS.tokens + 1), 'tokens');
  });

  it(`cost: a document within every other limit but costing more than ${LIMITS.cost} is refused`, async () => {
    const { http } = await expectRefused(costly(), 'cost');
    expect(Number(http.errors![0].extensions!.found)).toBeGreaterThan(LIMITS.cost);
  });

  it('a page weighs the same whether its size is written in the document or sent in a variable', async () => {
    const page = (first: string) =>
      `query${first === '$n' ? '($n: Int)' : ''} { caseload(first: ${first}) { totalCount nextCursor items { id citizen { name } programme { type status endDate } } } }`;
    await expectAccepted(page('$n'), { n: 25 });
    await expectAccepted(page('25'));
    await expectAccepted(page('100'));
    // Still refused for what it selects, written either way.
    const heavy = (first: string) => costly().replace('query {', `query${first === '$n' ? '($n: Int)' : ''} { caseload(first: ${first}) { totalCount } `);
    await expectRefused(heavy('$n'), 'cost', { n: 25 });
    await expectRefused(heavy('25'), 'cost');
  });

  it('a fragment spread over the limit counts as if written out (fragments are flattened)', async () => {
    const q = `query { ...A } fragment A on Query { me { ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `x${i}: id`).join(' ')} } }`;
    await expectRefused(q, 'aliases');
  });

  it('batched HTTP requests are refused; a body over the limit is refused with 413', async () => {
    const batch = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}` },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batch/i);

    const big = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(t.config.bodyLimitBytes) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('inputs that would break below the API (found by the fuzz test)', () => {
  it('a NUL character in text is BAD_USER_INPUT before execution (PostgreSQL text cannot hold it), on both transports', async () => {
    const before = await auditRows();
    const inline = await t.gql(`query { plan(id: "x\\u0000") { id } }`, {}, anna);
    expect(inline.status).toBe(400);
    expect(inline.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const variable = await t.gql(`mutation($u: String!) { devLogin(username: $u) { token } }`, { u: 'anna\u0000' });
    expect(variable.status).toBe(400);
    expect(variable.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const over = await ws.request(`query($id: ID!) { plan(id: $id) { id } }`, { id: `${planId}\u0000` });
    expect(over).toMatchObject({ type: 'error', errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(await auditRows()).toBe(before);
    expect(ws.isOpen).toBe(true);
  });

  it('subscriptions are WebSocket-only; one graphql-js throws on while validating is an error frame, not a dropped socket', async () => {
    // @skip without its argument on a subscription's root field makes graphql-js's
    // SingleFieldSubscriptionsRule throw instead of report (Apollo answered 500; graphql-ws closed the socket).
    const broken = `subscription { caseloadEvents @skip { seq } }`;
    const http = await t.gql(broken, {}, anna);
    expect(http.status).toBe(400);
    expect(http.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect((await t.gql(`subscription { caseloadEvents { seq } }`, {}, anna)).status).toBe(400);
    const over = await ws.request(broken);
    expect(over).toMatchObject({ type: 'error', errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(ws.isOpen).toBe(true);
  });
});

describe('the limits fit the real client', () => {
  /** Every `graphql(`…`)` document in client/src, operations with the fragments they use. */
  function clientOperations(): Array<{ name: string; source: string }> {
    const root = path.resolve(__dirname, '../../../../client/src');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'gql' ? [] : files(path.join(dir, e.name))) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
    const fragments = new Map<string, string>();
    const operations: Array<{ name: string; text: string }> = [];
    for (const file of files(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([\s\S]*?)`/g)) {
        for (const def of parse(m[1]).definitions) {
          if (def.kind === 'FragmentDefinition') fragments.set(def.name.value, print(def));
          else if (def.kind === 'OperationDefinition') operations.push({ name: def.name?.value ?? '(anonymous)', text: print(def) });
        }
      }
    }
    return operations.map((op) => {
      const used = new Set<string>();
      const queue = [op.text];
      while (queue.length) {
        for (const m of queue.pop()!.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)) {
          if (m[1] !== 'on' && fragments.has(m[1]) && !used.has(m[1])) {
            used.add(m[1]);
            queue.push(fragments.get(m[1])!);
          }
        }
      }
      return { name: op.name, source: [op.text, ...[...used].map((n) => fragments.get(n)!)].join('\n') };
    });
  }

  it('every client document passes, with the plan page (the heaviest) well under the cost limit', () => {
    const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../../../schema/schema.graphql'), 'utf8'));
    const ops = clientOperations();
    expect(ops.length).toBeGreaterThan(5);
    const measured: Record<string, string> = {};
    for (const op of ops) {
      const errors = validate(schema, parse(op.source, { maxTokens: LIMITS.tokens }), [...specifiedRules, ...limitRules()]);
      expect({ op: op.name, errors: errors.map((e) => e.message) }).toEqual({ op: op.name, errors: [] });
      measured[op.name] = costOf(schema, op.source).toString();
    }
    const plan = Number(measured.PlanPage);
    expect(plan).toBeGreaterThan(0);
    // Headroom: the plan page may grow by half again before the limit needs a look.
    expect(plan * 1.5).toBeLessThan(LIMITS.cost);
  });

  function costOf(schema: ReturnType<typeof buildSchema>, source: string): number {
    let cost = 0;
    // Re-run only the cost rule with a huge limit to read the measured cost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { costLimitRule } = require('@escape.tech/graphql-armor-cost-limit') as {
      costLimitRule: (o: object) => (c: ValidationContext) => unknown;
    };
    validate(schema, parse(source), [costLimitRule({ maxCost: 1e9, flattenFragments: true, onAccept: [(_c: unknown, d: { n: number }) => (cost = d.n)] }) as never]);
    return cost;
  }
});
