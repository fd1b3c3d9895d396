import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { CLIENT_OPERATION_NAMES_FILE, Metrics } from './metrics';

/**
 * `/metrics` (metrics.ts): open in development, absent in production without METRICS_TOKEN,
 * behind the token when one is set; each server counts in a registry of its own.
 */
jest.setTimeout(60_000);

const TOKEN = 'metrics-token-for-tests-0000000000';
let dev: TestServer;
let prod: TestServer;
let guarded: TestServer;
const sockets: WsClient[] = [];

let dist: string;

beforeAll(async () => {
  // A built web client whose build names its operations, as client/codegen/operation-names.ts writes them.
  dist = mkdtempSync(path.join(tmpdir(), 'samplan-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Samplan</title>');
  writeFileSync(path.join(dist, CLIENT_OPERATION_NAMES_FILE), JSON.stringify(['PlanPage', 'MyCaseload']));
  [dev, prod, guarded] = await Promise.all([
    // A small mutation budget for the refusal counter (the test server's default is unlimited).
    startTestServer({ env: { RATE_MUTATION_BURST: '3', RATE_MUTATIONS_PER_MINUTE: '0.001', CLIENT_DIST: dist } }),
    startTestServer({ env: { NODE_ENV: 'production' }, seed: false }),
    startTestServer({ env: { METRICS_TOKEN: TOKEN }, seed: false }),
  ]);
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await Promise.all([dev?.stop(), prod?.stop(), guarded?.stop()]);
  rmSync(dist, { recursive: true, force: true });
});

async function scrape(t: TestServer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${t.url}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function post(t: TestServer, body: Record<string, unknown>, token?: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> } };
}

const METRICS = [
  ['samplan_graphql_request_duration_seconds', 'histogram'],
  ['samplan_graphql_errors_total', 'counter'],
  ['samplan_rate_limit_refusals_total', 'counter'],
  ['samplan_websocket_sockets', 'gauge'],
  ['samplan_subscriptions_active', 'gauge'],
  ['samplan_event_feed_lag_seconds', 'histogram'],
  ['samplan_db_pool_connections', 'gauge'],
  ['samplan_db_pool_waiting', 'gauge'],
];

describe('/metrics', () => {
  it('is open in development, in the Prometheus text format, with every metric', async () => {
    const { status, text, type } = await scrape(dev);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, kind] of METRICS) expect(text).toContain(`# TYPE ${name} ${kind}`);
    // Node's own, under the same prefix.
    expect(text).toContain('# TYPE samplan_process_cpu_seconds_total counter');
  });

  it('is absent in production without METRICS_TOKEN', async () => {
    const { status, text } = await scrape(prod);
    expect(status).toBe(404);
    expect(text).not.toContain('# TYPE');
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    expect((await scrape(guarded)).status).toBe(401);
    expect((await scrape(guarded, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await scrape(guarded, { authorization: TOKEN })).status).toBe(401);
    const ok = await scrape(guarded, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE samplan_graphql_request_duration_seconds histogram');
  });

  it('times a GraphQL request by its operation name and transport', async () => {
    const token = await dev.login('anna');
    const labels = { operation: 'Me', transport: 'http' };
    const before = sample((await scrape(dev)).text, 'samplan_graphql_request_duration_seconds_count', labels) ?? 0;
    const res = await post(dev, { query: 'query Me { me { id } }', operationName: 'Me' }, token);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const after = (await scrape(dev)).text;
    expect(sample(after, 'samplan_graphql_request_duration_seconds_count', labels)).toBe(before + 1);
    expect(sample(after, 'samplan_graphql_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(before + 1);
    // Another server's registry did not see it.
    expect(sample((await scrape(guarded, { authorization: `Bearer ${TOKEN}` })).text, 'samplan_graphql_request_duration_seconds_count', labels)).toBeUndefined();
  });

  it('does not take a name the document does not define as a label', async () => {
    await post(dev, { query: 'query Real { __typename }', operationName: 'Invented' });
    const text = (await scrape(dev)).text;
    expect(text).not.toContain('operation="Invented"');
  });

  it('takes no new name as a label from a caller without a token: made-up names cannot crowd out the real ones', async () => {
    for (let i = 0; i < 250; i++) await post(dev, { query: `query Made${i} { __typename }` });
    const token = await dev.login('anna');
    await post(dev, { query: 'query MyPlans { me { id } }', operationName: 'MyPlans' }, token);
    const text = (await scrape(dev)).text;
    expect(text).not.toContain('operation="Made0"');
    expect(sample(text, 'samplan_graphql_request_duration_seconds_count', { operation: 'MyPlans', transport: 'http' })).toBe(1);
  });

  it('times operations over the WebSocket, and counts open sockets', async () => {
    const token = await dev.login('anna');
    const ws = await WsClient.connect(dev.url, token);
    sockets.push(ws);
    const result = await ws.request('query MeOverSocket { me { id } }', undefined, 'MeOverSocket');
    expect(result.type).toBe('next');
    const text = (await scrape(dev)).text;
    expect(sample(text, 'samplan_graphql_request_duration_seconds_count', { operation: 'MeOverSocket', transport: 'ws' })).toBe(1);
    expect(sample(text, 'samplan_websocket_sockets')).toBeGreaterThanOrEqual(1);
  });

  it('counts errors by code', async () => {
    const count = async () => sample((await scrape(dev)).text, 'samplan_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }) ?? 0;
    const before = await count();
    const res = await post(dev, { query: '{ me { nosuchfield } }' });
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await count()).toBe(before + 1);
  });

  it('counts rate-limit refusals by limit', async () => {
    const login = { query: 'mutation { devLogin(username: "anna") { token } }' };
    let refused = 0;
    for (let i = 0; i < 6 && refused === 0; i++) {
      const res = await post(dev, login);
      if (res.body.errors?.[0].extensions?.code === 'RATE_LIMITED') refused++;
    }
    expect(refused).toBe(1);
    const text = (await scrape(dev)).text;
    expect(sample(text, 'samplan_rate_limit_refusals_total', { limit: 'mutations' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'samplan_graphql_errors_total', { code: 'RATE_LIMITED' })).toBeGreaterThanOrEqual(1);
  });

  it("reads the database pool from the data source's driver", async () => {
    const text = (await scrape(dev)).text;
    expect(sample(text, 'samplan_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(sample(text, 'samplan_db_pool_waiting')).toBe(0);
  });

  // Last: it uses up the names a signed-in caller may add.
  it("a signed-in caller's made-up names, however many, never crowd out the web client's own operations", async () => {
    const token = await dev.login('per');
    for (let i = 0; i < 250; i++) await post(dev, { query: `query Invented${i} { __typename }` }, token);
    await post(dev, { query: 'query PlanPage { __typename }' }, token);
    await post(dev, { query: 'query Invented250 { __typename }' }, token);
    const text = (await scrape(dev)).text;
    expect(sample(text, 'samplan_graphql_request_duration_seconds_count', { operation: 'PlanPage', transport: 'http' })).toBe(1);
    expect(text).not.toContain('operation="Invented250"');
    expect(sample(text, 'samplan_graphql_request_duration_seconds_count', { operation: '(other)', transport: 'http' })).toBeGreaterThan(0);
  });
});

describe('Metrics', () => {
  it('observes the feed lag from the event time', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const at = new Date(1_000_000);
    m.feedDelivered([{ at } as never, { at } as never], 1_000_300);
    const text = await m.registry.metrics();
    expect(sample(text, 'samplan_event_feed_lag_seconds_count')).toBe(2);
    expect(sample(text, 'samplan_event_feed_lag_seconds_sum')).toBeCloseTo(0.6);
  });
});
