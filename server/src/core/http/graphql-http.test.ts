import { codeOf, interventionOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * `/graphql` over HTTP (graphql-http.ts): the answer leaves only after the request's
 * transaction committed, and a COMMIT that fails gives the caller an error in its place.
 */
jest.setTimeout(30_000);
let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer();
  anna = await t.login('anna');
  // Checked at COMMIT, after the mutation has run and its answer is ready: this title is refused there.
  await t.db.dataSource.query(`
    CREATE FUNCTION refuse_title_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.title = 'Afvist ved commit' THEN RAISE EXCEPTION 'refused at commit'; END IF;
      IF NEW.title = 'Langsom commit' THEN PERFORM pg_sleep(0.3); END IF;
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER refuse_title_at_commit AFTER UPDATE ON intervention
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_title_at_commit();`);
});
afterAll(() => t.stop());

const UPDATE = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version title } }`;

async function post(query: string, variables: Record<string, unknown>, token: string): Promise<Response> {
  return fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
}

/** One sample of `/metrics` (public outside production), 0 when it is not there yet. */
async function metric(line: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(' ').pop()) : 0;
}
const internalErrorsCounted = () => metric('samplan_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}');

it('answers a change that committed with its data, as JSON of the length it says, never stored and without an ETag', async () => {
  const iv = await interventionOf(t, 'Per', 'Virksomhedspraktik i detailbutik');
  const res = await post(UPDATE, { input: { id: iv.id, expectedVersion: iv.version, title: 'Praktik i detailbutik' } }, anna);
  const text = await res.text();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('etag')).toBeNull();
  expect(JSON.parse(text)).toEqual({ data: { updateIntervention: { id: iv.id, version: iv.version + 1, title: 'Praktik i detailbutik' } } });
  const [row] = await t.db.dataSource.query(`SELECT title FROM intervention WHERE id = $1`, [iv.id]);
  expect(row.title).toBe('Praktik i detailbutik');
});

it('answers a change whose COMMIT failed with INTERNAL_SERVER_ERROR and no data, and keeps nothing of it: not the change, its audit row nor its event', async () => {
  const iv = await interventionOf(t, 'Per', 'Praktik i detailbutik');
  const count = async () => (await t.db.dataSource.query(
    `SELECT (SELECT count(*) FROM audit_log WHERE entity_id = $1::text)::int AS audit, (SELECT count(*) FROM plan_event WHERE entity_id = $1::uuid)::int AS events`, [iv.id],
  ))[0];
  const before = await count();
  const errorsBefore = await internalErrorsCounted();
  const res = await post(UPDATE, { input: { id: iv.id, expectedVersion: iv.version, title: 'Afvist ved commit' } }, anna);
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> };
  expect(res.status).toBe(500);
  expect(body.data).toBeUndefined();
  expect(codeOf(body)).toBe('INTERNAL_SERVER_ERROR');
  // The database's words stay on the server.
  expect(JSON.stringify(body)).not.toContain('refused at commit');
  const [row] = await t.db.dataSource.query(`SELECT title, version FROM intervention WHERE id = $1`, [iv.id]);
  expect(row).toEqual({ title: 'Praktik i detailbutik', version: iv.version });
  expect(await count()).toEqual(before);
  // Operators see it among the errors sent to clients.
  expect(await internalErrorsCounted()).toBe(errorsBefore + 1);
  // The next request on the same server is answered as usual.
  const again = await t.gql<{ updateIntervention: { title: string } }>(UPDATE, { input: { id: iv.id, expectedVersion: iv.version, title: 'Praktik i butik' } }, anna);
  expect(again.errors).toBeUndefined();
  expect(again.data!.updateIntervention.title).toBe('Praktik i butik');
});

it('times a request up to its answer, COMMIT included: a commit that takes PostgreSQL 0.3 s shows in the latency', async () => {
  const iv = await interventionOf(t, 'Per', 'Praktik i butik');
  const labels = '{operation="SlowCommit",transport="http"}';
  const res = await post(
    `mutation SlowCommit($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id title } }`,
    { input: { id: iv.id, expectedVersion: iv.version, title: 'Langsom commit' } },
    anna,
  );
  expect(res.status).toBe(200);
  expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  expect(await metric(`samplan_graphql_request_duration_seconds_count${labels}`)).toBe(1);
  expect(await metric(`samplan_graphql_request_duration_seconds_sum${labels}`)).toBeGreaterThanOrEqual(0.3);
});
