import { request } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { interventionOf, planIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { createLogger } from '../logging/logger';

/**
 * A caller that goes away mid-request (a browser closed right after a page started loading):
 * the operator's log gets one line for it, at info, saying it was aborted, and no error
 * lines from the resolvers that stopped because its transaction was rolled back; the error
 * metric does not count it. A change whose caller went away is not kept, nor its audit row.
 *
 * The request is held by a lock the test keeps until the server has seen the caller go:
 * no timing decides the outcome.
 */
jest.setTimeout(30_000);

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  operation?: string;
  ms?: number;
  err?: unknown;
  [field: string]: unknown;
}

/** What the server logs, as the JSON lines an operator reads, and a way to wait for one. */
function capturedLog() {
  const lines: LogLine[] = [];
  const waiting: Array<{ fits: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const w of waiting.filter((x) => x.fits(line))) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(line);
        }
      }
      done();
    },
  });
  return {
    lines,
    logger: createLogger('debug', stream),
    until: (fits: (l: LogLine) => boolean) => new Promise<LogLine>((resolve) => {
      const seen = lines.find(fits);
      if (seen) resolve(seen);
      else waiting.push({ fits, resolve });
    }),
  };
}

const log = capturedLog();
let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer({ logger: log.logger });
  anna = await t.login('anna');
});
afterAll(() => t.stop());

/** One sample of `/metrics` (public outside production), 0 when it is not there yet. */
async function metric(line: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(' ').pop()) : 0;
}
const internalErrorsCounted = () => metric('samplan_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}');
const abortedCounted = () => metric('samplan_graphql_aborted_total');

/**
 * Sends the operation as a browser would, waits until it is held by the test's lock, then
 * closes the connection as a closed browser does, and waits until the server has seen it go.
 */
async function sendAndGoAway(requestId: string, body: object): Promise<void> {
  const serverSide = new Promise<Socket>((resolve) => t.server.httpServer.once('connection', resolve));
  const req = request(`${t.url}/graphql`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}`, 'x-request-id': requestId },
  });
  req.on('error', () => undefined); // the connection is closed on purpose
  let answered = false;
  req.on('response', () => (answered = true));
  req.end(JSON.stringify(body));
  expect(await untilWaitingForLock(t)).toBe(true);
  const socket = await serverSide;
  const gone = new Promise((resolve) => socket.once('close', resolve));
  req.destroy();
  await gone;
  expect(answered).toBe(false);
}

/** The lock the request waits behind, in a transaction of the test's own. */
async function holding<T>(lock: (q: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>, meanwhile: () => Promise<T>): Promise<T> {
  const runner = t.db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await lock((sql, params) => runner.query(sql, params));
    return await meanwhile();
  } finally {
    await runner.commitTransaction();
    await runner.release();
  }
}

const PLAN_PAGE = `query PlanPage($id: ID!) { plan(id: $id) {
  id version employmentGoal myStanding citizen { name } programme { type daysLeft }
  team { kind name } coordinator { user { name } unit { kind } } coordinatorHistory { user { name } toAt reason }
  subGoals { area text progress { value } }
  interventions { __typename title unitKind updatedBy { name } }
  followUps { mode } nextFollowUpAt
} }`;

it('logs a plan page whose caller went away once, at info, as aborted, with no error lines, and does not count it as an internal error', async () => {
  const planId = await planIdOf(t, 'Kim');
  const errorsBefore = await internalErrorsCounted();
  const abortedBefore = await abortedCounted();
  const from = log.lines.length;
  // The plan's sub-goals are read with the page's first round of loaders: held there.
  await holding((q) => q(`LOCK TABLE sub_goal IN ACCESS EXCLUSIVE MODE`).then(() => undefined), () =>
    sendAndGoAway('aborted-plan-page', { operationName: 'PlanPage', query: PLAN_PAGE, variables: { id: planId } }));
  // The lock is gone: the resolvers run on, and stop at their next statement.
  const aborted = await log.until((l) => l.requestId === 'aborted-plan-page' && /aborted/.test(l.msg));
  const during = log.lines.slice(from);
  expect(during.filter((l) => l.requestId === 'aborted-plan-page')).toEqual([aborted]);
  expect(aborted.level).toBeLessThan(40);
  expect(aborted).toMatchObject({ operation: 'PlanPage', transaction: 'rolled back' });
  expect(aborted.ms).toEqual(expect.any(Number));
  expect(JSON.stringify(aborted)).not.toMatch(/stack|\bat \w+ \(/);
  // Nothing else at warning or error: not the resolvers that stopped, not the COMMIT that was not made.
  expect(during.filter((l) => l.level >= 40)).toEqual([]);
  expect(await internalErrorsCounted()).toBe(errorsBefore);
  expect(await abortedCounted()).toBe(abortedBefore + 1);
});

it('keeps neither a change whose caller went away before the answer nor its audit row nor its event', async () => {
  const iv = await interventionOf(t, 'Per', 'Virksomhedspraktik i detailbutik');
  const kept = async () => (await t.db.dataSource.query(
    `SELECT (SELECT title FROM intervention WHERE id = $1::uuid) AS title,
            (SELECT count(*) FROM audit_log WHERE entity_id = $1::text)::int AS audit,
            (SELECT count(*) FROM plan_event WHERE entity_id = $1::uuid)::int AS events`, [iv.id],
  ))[0];
  const before = await kept();
  const errorsBefore = await internalErrorsCounted();
  const from = log.lines.length;
  // The change's UPDATE waits for the row the test holds.
  await holding((q) => q(`SELECT 1 FROM intervention WHERE id = $1 FOR UPDATE`, [iv.id]).then(() => undefined), () =>
    sendAndGoAway('aborted-change', {
      operationName: 'RenameIntervention',
      query: `mutation RenameIntervention($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version title } }`,
      variables: { input: { id: iv.id, expectedVersion: iv.version, title: 'Aldrig bekræftet' } },
    }));
  const aborted = await log.until((l) => l.requestId === 'aborted-change' && /aborted/.test(l.msg));
  expect(aborted).toMatchObject({ operation: 'RenameIntervention', transaction: 'rolled back' });
  expect(log.lines.slice(from).filter((l) => l.level >= 40)).toEqual([]);
  // Rolled back as one: the change, its audit row and its event together.
  expect(await kept()).toEqual(before);
  expect(before.title).toBe('Virksomhedspraktik i detailbutik');
  expect(await internalErrorsCounted()).toBe(errorsBefore);
  // The same change, asked again by a caller who waits, is made.
  const again = await t.gql<{ updateIntervention: { title: string } }>(
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { title } }`,
    { input: { id: iv.id, expectedVersion: iv.version, title: 'Aldrig bekræftet' } }, anna,
  );
  expect(again.errors).toBeUndefined();
  expect((await kept()).audit).toBe(before.audit + 1);
});

it('still logs a resolver that fails for a reason of its own, and a COMMIT that fails, as errors while the caller waits', async () => {
  await t.db.dataSource.query(`
    CREATE FUNCTION refuse_title() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.title = 'Afvist ved ændring' THEN RAISE EXCEPTION 'refused at update'; END IF;
      IF NEW.title = 'Afvist ved commit' THEN RAISE EXCEPTION 'refused at commit'; END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER refuse_title_at_update AFTER UPDATE ON intervention
      FOR EACH ROW WHEN (NEW.title = 'Afvist ved ændring') EXECUTE FUNCTION refuse_title();
    CREATE CONSTRAINT TRIGGER refuse_title_at_commit AFTER UPDATE ON intervention
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title = 'Afvist ved commit') EXECUTE FUNCTION refuse_title();`);
  // Renamed by the test before.
  const iv = await interventionOf(t, 'Per', 'Aldrig bekræftet');
  for (const [requestId, title, message] of [['fails-in-resolver', 'Afvist ved ændring', 'unexpected error'], ['fails-at-commit', 'Afvist ved commit', 'request transaction did not commit']]) {
    const errorsBefore = await internalErrorsCounted();
    const from = log.lines.length;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}`, 'x-request-id': requestId },
      body: JSON.stringify({
        query: `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`,
        variables: { input: { id: iv.id, expectedVersion: iv.version, title } },
      }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const lines = log.lines.slice(from).filter((l) => l.requestId === requestId);
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([message]);
    expect(lines.filter((l) => /aborted/.test(l.msg))).toEqual([]);
    expect(await internalErrorsCounted()).toBe(errorsBefore + 1);
  }
});
