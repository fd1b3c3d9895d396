import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * Min plan names the citizen's forløb: its kind, its first and last day, and whether it is a kind
 * that can no longer begin though theirs goes on under the rules that granted it. Per's
 * ressourceforløb was decided before 1 February 2026, when lov nr. 1750 af 29. december 2025 ended
 * new ressourceforløb; it runs to its end date. Lise's jobafklaringsforløb is no such case: they
 * are still granted.
 */
jest.setTimeout(30_000);
const today = new Date();
let now = today;
const clock = { now: () => now };

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Lise Mortensen, of Faaborg, in a jobafklaringsforløb, signs in with an account of her own.
  await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
     SELECT c.municipality_id, 'lise', 'lise', c.name, 'CITIZEN', c.id, now() FROM citizen c WHERE c.name = 'Lise Mortensen'`,
  );
  // Tokens are checked against real time: signed before the clock moves.
  for (const u of ['per', 'lise', 'anna']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const MY_PROGRAMME = `{ myPlan { periodStart periodEnd programme { type startDate endDate continuesUnderTransitionRule } } }`;
interface Answer { periodStart: string; periodEnd: string; programme: { type: string; startDate: string; endDate: string; continuesUnderTransitionRule: boolean } }

async function myPlanOf(username: string): Promise<Answer> {
  const res = await t.gql<{ myPlan: Answer }>(MY_PROGRAMME, {}, tokens[username]);
  expect(res.errors).toBeUndefined();
  return res.data!.myPlan;
}

/** The citizen's running programme as stored. */
async function storedProgramme(citizenName: string): Promise<{ id: string; type: string; decision_date: string; start_date: string; end_date: string }> {
  const [row] = await t.db.dataSource.query(
    `SELECT pr.id, pr.type, pr.decision_date::text AS decision_date, pr.start_date::text AS start_date, pr.end_date::text AS end_date
       FROM programme pr JOIN citizen c ON c.id = pr.citizen_id WHERE c.name = $1 AND pr.status = 'ACTIVE'`,
    [citizenName],
  );
  return row;
}

describe('Min plan names the forløb', () => {
  it('Per reads that he is in a ressourceforløb, from its first to its last day, which goes on under the transition rule', async () => {
    const stored = await storedProgramme('Per Hansen');
    expect(stored.type).toBe('RESSOURCEFORLOEB');
    expect(stored.decision_date < '2026-02-01').toBe(true);
    const plan = await myPlanOf('per');
    expect(plan.programme).toEqual({ type: 'RESSOURCEFORLOEB', startDate: stored.start_date, endDate: stored.end_date, continuesUnderTransitionRule: true });
    // The plan's period is the plan's, not the forløb's: here it ends before the forløb does.
    expect(plan.periodEnd < plan.programme.endDate).toBe(true);
  });

  it('Lise, in a jobafklaringsforløb, reads its kind and days, with no transition rule: they are still granted, also one decided before 1 February 2026', async () => {
    const stored = await storedProgramme('Lise Mortensen');
    expect(stored.type).toBe('JOBAFKLARINGSFORLOEB');
    expect((await myPlanOf('lise')).programme).toEqual({ type: 'JOBAFKLARINGSFORLOEB', startDate: stored.start_date, endDate: stored.end_date, continuesUnderTransitionRule: false });
    // As if decided in January 2026, under the rules before the reform.
    await t.db.dataSource.query(`UPDATE programme SET decision_date = '2026-01-20', start_date = '2026-01-26', law_version = 'RULES_2022' WHERE id = $1`, [stored.id]);
    expect((await myPlanOf('lise')).programme).toEqual({ type: 'JOBAFKLARINGSFORLOEB', startDate: '2026-01-26', endDate: stored.end_date, continuesUnderTransitionRule: false });
  });

  it('before 1 February 2026 a ressourceforløb could still begin: Per\'s then went on under no transition rule', async () => {
    now = new Date('2026-01-20T11:00:00Z');
    try {
      expect((await myPlanOf('per')).programme.continuesUnderTransitionRule).toBe(false);
    } finally {
      now = today;
    }
  });
});

/** The staff's card reads the rule from the same place as Min plan, and says nothing of it once the forløb has ended. */
describe('the staff read the same transition rule on the programme', () => {
  const PROGRAMME = `query ($id: ID!) { programme(id: $id) { status continuesUnderTransitionRule } }`;
  async function staffView(programmeId: string): Promise<{ status: string; continuesUnderTransitionRule: boolean }> {
    const res = await t.gql<{ programme: { status: string; continuesUnderTransitionRule: boolean } }>(PROGRAMME, { id: programmeId }, tokens.anna);
    expect(res.errors).toBeUndefined();
    return res.data!.programme;
  }

  it('Per\'s running ressourceforløb runs on under it; once ended, it is said no more; Lise\'s jobafklaringsforløb never', async () => {
    const per = await storedProgramme('Per Hansen');
    expect(await staffView(per.id)).toEqual({ status: 'ACTIVE', continuesUnderTransitionRule: true });
    const lise = await storedProgramme('Lise Mortensen');
    expect((await staffView(lise.id)).continuesUnderTransitionRule).toBe(false);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = $1`, [per.id]);
    expect(await staffView(per.id)).toEqual({ status: 'ENDED', continuesUnderTransitionRule: false });
  });
});
