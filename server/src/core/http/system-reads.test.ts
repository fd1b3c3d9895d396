import { createTestDatabase } from '../../test-support/test-db';
import { codeOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A refusal names the citizen of the record it refused in their access log, read past
 * row-level security while the request's own transaction holds its connection. Here the
 * requests' pool has two connections, and more refusals than that come at once.
 */
jest.setTimeout(60_000);

let t: TestServer;

beforeAll(async () => {
  // Waiting for a connection may take longer than the usual 3 s on a machine a full test run
  // loads (six requests through two connections), never for ever: the deadlock this guards
  // against (each refusal holding its connection while waiting for another) would still end
  // every request in SERVICE_UNAVAILABLE, after 15 s. The pool of the reads past row-level
  // security, and the wait for a transaction's first answer, follow the same setting.
  t = await startTestServer({ db: await createTestDatabase({ poolSize: 2, connectionWaitMs: 15_000 }) });
});
afterAll(async () => {
  await t.stop();
  // Given its own database, the server leaves it: dropped here.
  await t.db.drop();
});

it('more refusals at once than the request pool has connections: each is NOT_FOUND and in the citizen\'s access log', async () => {
  const [{ id, citizen_id: citizen }] = await t.db.dataSource.query(
    `SELECT p.id, p.citizen_id FROM plan p JOIN municipality m ON m.id = p.municipality_id WHERE m.code = '0479' LIMIT 1`,
  );
  const anna = await t.login('anna');
  const answers = await Promise.all(Array.from({ length: 6 }, () => t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id }, anna)));
  expect(answers.map(codeOf)).toEqual(Array(6).fill('NOT_FOUND'));
  const [{ n }] = await t.db.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'anna' AND a.citizen_id = $1 AND a.outcome = 'DENIED'`,
    [citizen],
  );
  expect(n).toBe(6);
});
