import { count, codeOf, interventionOf, planIdOf, unitIdOf } from '../test-support/fixtures';
import { startTestServer, type TestServer } from '../test-support/test-server';
import { WsClient } from '../test-support/ws-client';

/**
 * Input that no caseworker types, refused as BAD_USER_INPUT before anything is written,
 * rather than stored or failing deep in PostgreSQL as a masked INTERNAL_SERVER_ERROR
 * (OWASP ASVS 4.0, V5.1.3–V5.1.4: input validated by range and by allowed characters).
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let bostoette: string;
let perPlan: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'lene']) tokens[u] = await t.login(u);
  bostoette = (await interventionOf(t, 'Per', 'Bostøtte')).id;
  perPlan = await planIdOf(t, 'Per');
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

describe('control characters in text', () => {
  const REGISTER = `mutation($i: RegisterCitizenInput!) { registerCitizen(input: $i) { id name } }`;

  it.each([
    ['a terminal escape', 'Ole\u001b[2J Hansen'],
    ['a bell and a backspace', 'Ole\u0007\u0008 Hansen'],
    ['a right-to-left override (the name shown reversed)', 'Ole \u202enesnaH'],
    ['a directional isolate', 'Ole \u2066Hansen\u2069'],
    ['a C1 control', 'Ole\u0085Hansen'],
    ['DEL', 'Ole\u007fHansen'],
  ])('a citizen named with %s is refused over HTTP and the WebSocket, and not registered', async (_what, name) => {
    const http = await t.gql(REGISTER, { i: { cpr: '0202902345', name } }, tokens.anna);
    expect(codeOf(http)).toBe('BAD_USER_INPUT');
    const ws = await WsClient.connect(t.url, tokens.anna);
    try {
      const over = await ws.request(REGISTER, { i: { cpr: '0202902345', name } });
      expect(codeOf(over)).toBe('BAD_USER_INPUT');
    } finally {
      await ws.close();
    }
    expect(await count(t, `SELECT 1 FROM citizen WHERE cpr = '0202902345'`)).toBe(0);
  });

  it('an address with a control character leaves the contact details as they were', async () => {
    const [before] = await t.db.dataSource.query(`SELECT c.address, c.version FROM citizen c JOIN plan p ON p.citizen_id = c.id WHERE p.id = $1`, [perPlan]);
    const res = await t.gql(`mutation($i: UpdateCitizenContactInput!) { updateCitizenContact(input: $i) { address } }`, {
      i: { planId: perPlan, expectedVersion: before.version, address: 'Østergade 12\u001b[8m, 5750 Ringe' },
    }, tokens.anna);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const [after] = await t.db.dataSource.query(`SELECT c.address, c.version FROM citizen c JOIN plan p ON p.citizen_id = c.id WHERE p.id = $1`, [perPlan]);
    expect(after).toEqual(before);
  });

  it('a sub-goal with half a character (an emoji cut in two) is refused in Danish, not failed as an internal error, and nothing is written', async () => {
    const before = await count(t, `SELECT 1 FROM sub_goal WHERE plan_id = '${perPlan}'`);
    const res = await t.gql(`mutation($i: CreateSubGoalInput!) { createSubGoal(input: $i) { id } }`, {
      i: { planId: perPlan, area: 'EMPLOYMENT', text: 'Møde stabilt 😀'.slice(0, -1), reason: 'Aftalt på samtalen' },
    }, tokens.anna);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('Teksten indeholder et ufuldstændigt tegn (fx en emoji, der er skåret over). Skriv eller indsæt teksten igen.');
    expect(await count(t, `SELECT 1 FROM sub_goal WHERE plan_id = '${perPlan}'`)).toBe(before);
  });

  it.each([
    ['a whole emoji, and letters beyond the first plane', 'Godt møde 😀👩‍👩‍👧‍👦 𝔄'],
    ['line breaks and tabs, as people write and paste them', 'Første linje\r\nAnden linje\n\tindrykket\u000blinjeskift fra tekstbehandling\u000cside 2'],
  ])('a note with %s is taken as written', async (_what, notes) => {
    const res = await t.gql<{ createActivity: { notes: string } }>(CREATE_ACTIVITY, {
      i: { interventionId: bostoette, title: 'Møde', dueAt: '2026-12-10T10:00:00Z', notes },
    }, tokens.bent);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createActivity.notes).toBe(notes);
  });
});
