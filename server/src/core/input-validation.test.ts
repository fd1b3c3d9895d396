import { count, codeOf, interventionOf, unitIdOf } from '../test-support/fixtures';
import { startTestServer, type TestServer } from '../test-support/test-server';

/**
 * Input that no caseworker types, refused as BAD_USER_INPUT before anything is written,
 * rather than stored or failing deep in PostgreSQL as a masked INTERNAL_SERVER_ERROR
 * (OWASP ASVS 4.0, V5.1.3: input validated by range).
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let bostoette: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'lene']) tokens[u] = await t.login(u);
  bostoette = (await interventionOf(t, 'Per', 'Bostøtte')).id;
});
afterAll(() => t.stop());

const CREATE_ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id dueAt notes } }`;
const fieldOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions?.field;

describe('dates outside the years Samplan keeps', () => {
  it('a programme decided in year 0 is refused by its field, not failed as an internal error, and nothing is written', async () => {
    const citizen = await t.gql<{ registerCitizen: { id: string } }>(
      `mutation($i: RegisterCitizenInput!) { registerCitizen(input: $i) { id } }`, { i: { cpr: '0101901234', name: 'Ole År Nul' } }, tokens.anna);
    expect(citizen.errors).toBeUndefined();
    const programmes = () => count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizen.data!.registerCitizen.id]);
    const res = await t.gql(`mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`, {
      i: {
        citizenId: citizen.data!.registerCitizen.id, type: 'JOBAFKLARINGSFORLOEB', decisionDate: '0000-01-01', startDate: '0000-01-01', endDate: '0001-06-01',
        planPeriodEnd: '0000-12-31', employmentGoal: 'Lager', goalKind: 'JOB', teamUnits: [await unitIdOf(t, 'EMPLOYMENT')],
      },
    }, tokens.anna);
    expect({ code: codeOf(res), field: fieldOf(res) }).toEqual({ code: 'BAD_USER_INPUT', field: 'decisionDate' });
    expect(await programmes()).toBe(0);
  });

  it.each([['0000-06-01T10:00:00Z'], ['1899-12-31T10:00:00Z'], ['9999-12-31T10:00:00Z'], ['2200-01-01T00:00:00+01:00']])('an activity due %s is refused and not stored', async (dueAt) => {
    const before = await count(t, `SELECT 1 FROM activity WHERE intervention_id = $1`, [bostoette]);
    const res = await t.gql(CREATE_ACTIVITY, { i: { interventionId: bostoette, title: 'Møde', dueAt } }, tokens.bent);
    expect({ code: codeOf(res), field: fieldOf(res) }).toEqual({ code: 'BAD_USER_INPUT', field: 'dueAt' });
    expect(await count(t, `SELECT 1 FROM activity WHERE intervention_id = $1`, [bostoette])).toBe(before);
  });

  it('key figures from month 0000-01 are refused by the field, not failed as an internal error', async () => {
    const res = await t.gql(`{ keyFigures(from: "0000-01", to: "0000-02") { fromMonth } }`, {}, tokens.lene);
    expect({ code: codeOf(res), field: fieldOf(res) }).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('the first and last day of the range are taken', async () => {
    for (const dueAt of ['1900-01-01T10:00:00+01:00', '2199-12-31T22:00:00Z']) {
      const res = await t.gql(CREATE_ACTIVITY, { i: { interventionId: bostoette, title: 'Møde', dueAt } }, tokens.bent);
      expect(res.errors).toBeUndefined();
    }
  });
});
