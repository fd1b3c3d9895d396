import { codeOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';

/** The administration log: what the municipality's administrators did, in Danish, newest first, and nothing else. */
// A server and a seeded database of its own: its start can take a while on a busy machine.
jest.setTimeout(30_000);

let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['ida', 'sif', 'anna', 'lene', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

interface Entry { id: string; at: string; actorName: string | null; action: string; summary: string }
interface Page { administrationLog: { entries: Entry[]; nextCursor: string | null } }
const LOG = `query($first: Int!, $after: String) { administrationLog(first: $first, after: $after) { entries { id at actorName action summary } nextCursor } }`;

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const logOf = async (as: string, first = 50, after?: string) => ok(await t.gql<Page>(LOG, { first, after }, tokens[as])).administrationLog;
const run = async <T>(query: string, variables: Record<string, unknown>, as = 'ida') => ok(await t.gql<T>(query, variables, tokens[as]));

describe('the administration log', () => {
  it('shows each unit action with its Danish summary and who did it, newest first', async () => {
    const { createUnit: unit } = await run<{ createUnit: { id: string } }>(`mutation { createUnit(input: { name: "Socialpsykiatri", kind: SOCIAL }) { id } }`, {});
    // Each change on the version the one before it left (a new unit is version 1).
    await run(`mutation($id: ID!) { renameUnit(input: { unitId: $id, name: "Socialpsykiatrien", expectedVersion: 1 }) { id } }`, { id: unit.id });
    await run(`mutation($id: ID!) { closeUnit(unitId: $id, expectedVersion: 2) { id } }`, { id: unit.id });
    await run(`mutation($id: ID!) { reopenUnit(unitId: $id, expectedVersion: 3) { id } }`, { id: unit.id });
    await run(`mutation($u: ID!) { inviteStaff(input: { name: "Karen Holm", email: "karen@faaborg.dk", role: CASEWORKER, unitId: $u }) { id } }`, { u: unit.id });

    const { entries } = await logOf('ida');
    expect(entries.slice(0, 5).map((e) => [e.actorName, e.action, e.summary])).toEqual([
      ['Ida Administrator', 'INVITE_STAFF', 'Inviterede Karen Holm (karen@faaborg.dk) som sagsbehandler i Socialpsykiatrien'],
      ['Ida Administrator', 'REOPEN_UNIT', 'Genåbnede enheden »Socialpsykiatrien« (Social)'],
      ['Ida Administrator', 'CLOSE_UNIT', 'Lukkede enheden »Socialpsykiatrien« (Social)'],
      ['Ida Administrator', 'RENAME_UNIT', 'Omdøbte enheden »Socialpsykiatri« til »Socialpsykiatrien«'],
      ['Ida Administrator', 'CREATE_UNIT', 'Oprettede enheden »Socialpsykiatri« (Social)'],
    ]);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('holds administrative actions only: no reads or writes of citizen data', async () => {
    // Anna reads and changes a plan: audited, but not administration.
    await run(`query($id: ID!) { plan(id: $id) { id } }`, { id: await planIdOf(t, 'Per') }, 'anna');
    // Nor a caseworker's refused attempt to put a unit unknown to her on a team: plan work, audited as a probe.
    const probe = await t.gql(`mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`, { p: await planIdOf(t, 'Per'), u: '00000000-0000-4000-8000-00000000abcd' }, tokens.anna);
    expect(codeOf(probe)).toBe('NOT_FOUND');
    const actions = new Set((await logOf('ida', 200)).entries.map((e) => e.action));
    expect(actions.has('READ_PLAN')).toBe(false);
    expect(actions.has('ADD_TEAM_UNIT')).toBe(false);
    expect([...actions].every((a) => /_(UNIT|STAFF)$/.test(a))).toBe(true);
  });

  it('pages with an opaque cursor, without gaps or repeats; a bad cursor or page size is BAD_USER_INPUT', async () => {
    for (const name of ['Side A', 'Side B', 'Side C']) await run(`mutation($n: String!) { createUnit(input: { name: $n, kind: HEALTH }) { id } }`, { n: name });
    const all = (await logOf('ida', 200)).entries;
    const paged: Entry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await logOf('ida', 2, after);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect((await t.gql(LOG, { first: 2, after: 'not a cursor' }, tokens.ida)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    for (const first of [0, 201]) expect((await t.gql(LOG, { first }, tokens.ida)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('is for administrators only, each of their own municipality', async () => {
    for (const as of ['anna', 'lene', 'mikkel']) expect([as, codeOf(await t.gql(LOG, { first: 10 }, tokens[as]))]).toEqual([as, 'FORBIDDEN']);
    expect(codeOf(await t.gql(LOG, { first: 10 }))).toBe('UNAUTHENTICATED');
    await run(`mutation { createUnit(input: { name: "Svendborg Sundhed", kind: HEALTH }) { id } }`, {}, 'sif');
    const fmk = (await logOf('ida', 200)).entries;
    const svb = (await logOf('sif', 200)).entries;
    expect(svb.map((e) => e.summary)).toEqual(['Oprettede enheden »Svendborg Sundhed« (Sundhed)']);
    expect(fmk.map((e) => e.summary)).not.toContain('Oprettede enheden »Svendborg Sundhed« (Sundhed)');
    const svbIds = new Set(svb.map((e) => e.id));
    expect(fmk.filter((e) => svbIds.has(e.id))).toEqual([]);
  });

  it("shows a leader's change of the municipality's own frames as a Danish sentence", async () => {
    const SETTINGS = `mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { version } }`;
    const { setOwnProgrammeSettings: set } = await run<{ setOwnProgrammeSettings: { version: number } }>(SETTINGS, { input: { maxLengthMonths: 18, followUpIntervalDays: 30, expectedVersion: 0 } }, 'lene');
    await run(SETTINGS, { input: { maxLengthMonths: null, followUpIntervalDays: null, expectedVersion: set.version } }, 'lene');
    const [cleared, first] = (await logOf('ida')).entries;
    expect([first.actorName, first.summary]).toEqual(['Lene Kristensen', 'Satte kommunens egne rammer for helhedsorienterede forløb: højst 18 måneder, højst 30 dage mellem samtaler']);
    expect(cleared.summary).toBe('Satte kommunens egne rammer for helhedsorienterede forløb: ingen længste varighed, ingen ramme for dage mellem samtaler');
  });
});
