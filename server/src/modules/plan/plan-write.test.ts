import type { RequestContext } from '../../core/context';
import { openRequestDb } from '../../core/db/request-db';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { changeInPlan } from './plan-write';
import type { PlanAccess } from './plan.policy';

// changeInPlan queues the plan-change hooks' reads right behind the change's statement, so a
// change that awaits before sending it would have them read the plan as it was: refused.
let db: TestDatabase;
let municipality: string;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  [{ id: municipality }] = await db.dataSource.query(`INSERT INTO municipality (code, name) VALUES ('9998', 'Prøvekommune') RETURNING id`);
});
afterAll(() => db.drop());

const access = (): PlanAccess => ({
  planId: '00000000-0000-4000-8000-000000000001', programmeId: '00000000-0000-4000-8000-000000000002', citizenId: '00000000-0000-4000-8000-000000000003',
  municipalityId: municipality, coordinatorId: null, teamUnitIds: [], mentorGrants: [],
}) as unknown as PlanAccess;

function requestContext() {
  const requestDb = openRequestDb(db.dataSource, municipality);
  const actor = { userId: '00000000-0000-4000-8000-000000000004', municipalityId: municipality, unitId: null, name: 'Prøve', role: 'CASEWORKER' };
  return { requestDb, ctx: { actor, requestDb, db: requestDb.manager } as unknown as RequestContext };
}

it('counts the statements a request asks for, sent or queued', async () => {
  const { requestDb } = requestContext();
  expect(requestDb.statementsAsked).toBe(0);
  await Promise.all([requestDb.manager.query('SELECT 1'), requestDb.manager.query('SELECT 2')]);
  expect(requestDb.statementsAsked).toBe(2);
  await requestDb.release();
});

it('refuses a change that awaits before sending its statement, and nothing of it is kept', async () => {
  const { requestDb, ctx } = requestContext();
  const late = changeInPlan(ctx, access(), { action: 'UPDATE_PROBE', entityType: 'PROBE' }, async (m) => {
    await Promise.resolve();
    return m.query(`SELECT 1 AS n`);
  }, () => {
    throw new Error('never reached');
  });
  await expect(late).rejects.toThrow('the change must send its statement before its first await');
  await requestDb.commit();
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'UPDATE_PROBE'`);
  expect(n).toBe(0);
});
