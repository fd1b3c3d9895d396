import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/** N+1 is a bug: reading a plan costs the same number of statements with 5 or 50 interventions. */
// Nine plan reads of up to 50 interventions in a row: well under a second alone, slow on a busy machine.
jest.setTimeout(30_000);
let statements = 0;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ onQuery: () => { statements++; } });
});
afterAll(() => t.stop());

const PLAN = `query($id: ID!) { plan(id: $id) {
  id citizen { name } programme { type } team { name } coordinator { user { name } unit { name } }
  subGoals { text progress { value recordedBy { name } } updatedBy { name } }
  interventions { id title detailsWithheld unit { name } updatedBy { name } subGoals { text } pauses { from to } activities { title updatedBy { name } }
    ... on JobcenterIntervention { companyName } ... on SocialIntervention { legalBasis } }
  followUps { summary createdBy { name } }
} }`;

async function addInterventions(planId: string, n: number): Promise<void> {
  await t.db.dataSource.query(
    `WITH src AS (SELECT i.* FROM intervention i WHERE i.plan_id = $1 LIMIT 1),
          ins AS (INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title, details, updated_by)
                  SELECT src.municipality_id, src.plan_id, src.unit_id, src.unit_kind, src.kind, src.title || ' ' || g, src.details, src.updated_by
                    FROM src, generate_series(1, $2) g RETURNING id, plan_id, municipality_id)
     INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at) SELECT municipality_id, plan_id, id, 'Trin', now() FROM ins`,
    [planId, n],
  );
}

/**
 * The counter sees every statement on the server's data source, including the live feed's
 * once-a-second poll; the least of three reads is the request's own count.
 */
async function statementsFor(planId: string, token: string): Promise<{ n: number; interventions: number }> {
  let least = Infinity;
  let interventions = 0;
  for (let i = 0; i < 3; i++) {
    statements = 0;
    const res = await t.gql<{ plan: { interventions: unknown[] } }>(PLAN, { id: planId }, token);
    expect(res.errors).toBeUndefined();
    least = Math.min(least, statements);
    interventions = res.data!.plan.interventions.length;
  }
  return { n: least, interventions };
}

it('the statement count does not grow with the number of interventions', async () => {
  const anna = await t.login('anna');
  const small = await planIdOf(t, 'Bo');
  const large = await planIdOf(t, 'Kim');
  const bo = await statementsFor(small, anna);
  await addInterventions(small, 5 - bo.interventions);
  const [kim] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM intervention WHERE plan_id = $1`, [large]);
  await addInterventions(large, 50 - kim.n);
  const five = await statementsFor(small, anna);
  const fifty = await statementsFor(large, anna);
  expect(five.interventions).toBe(5);
  expect(fifty.interventions).toBe(50);
  expect(fifty.n).toBe(five.n);
  expect(five.n).toBeLessThan(25);
});
