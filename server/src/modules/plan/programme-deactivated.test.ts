import { codeOf, count, unitIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A new forløb and its creator's deactivation do not pass each other unseen: a caseworker
 * deactivated while their "Nyt forløb" waited creates nothing, and a forløb being created while
 * the administrator's question was open is counted in what the deactivation leaves behind (the
 * yes is refused, and the question asked again).
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let dorte: string;
let serial = 0;
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'dorte', 'ida']) tokens[u] = await t.login(u);
  [{ id: dorte }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'dorte'`);
});
afterAll(() => t.stop());

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
async function newCitizen(): Promise<string> {
  const res = await t.gql<{ registerCitizen: { id: string } }>(
    `mutation { registerCitizen(input: { name: "Lise Holm", cpr: "040480-${1000 + ++serial}" }) { id } }`, {}, tokens.anna);
  return res.data!.registerCitizen.id;
}
const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id coordinator { user { name } } } }`;
const createByDorte = async (citizenId: string) => t.gql<{ createProgramme: { id: string; coordinator: { user: { name: string } } } }>(CREATE, {
  input: {
    citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR',
    planPeriodEnd: day(200), teamUnits: [await unitIdOf(t, 'SOCIAL')],
  },
}, tokens.dorte);

it('a caseworker deactivated while their new forløb waited for their row creates nothing, and is told the account is deactivated', async () => {
  const citizenId = await newCitizen();
  // An administrator's deactivation, not yet committed: it holds Dorte's row.
  const deactivation = t.db.dataSource.createQueryRunner();
  await deactivation.connect();
  await deactivation.startTransaction();
  await deactivation.query(`UPDATE app_user SET deactivated_at = now(), version = version + 1 WHERE id = $1`, [dorte]);
  try {
    const pending = createByDorte(citizenId);
    expect(await untilWaitingForLock(t, pending)).toBe(true);
    await deactivation.commitTransaction();
    const res = await pending;
    expect(codeOf(res)).toBe('NOT_A_USER');
    expect(res.errors![0]).toMatchObject({ message: 'Din bruger er deaktiveret i Samplan — kontakt din administrator.', extensions: { reason: 'DEACTIVATED' } });
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizenId])).toBe(0);
  } finally {
    await deactivation.release();
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL, version = version + 1 WHERE id = $1`, [dorte]);
  }
});

it('a forløb being created while the administrator says yes is counted: the yes waits for it, and is refused with the new numbers', async () => {
  const citizenId = await newCitizen();
  const STAFF = `{ staffMembers { id version coordinatedProgrammes } }`;
  const seen = (await t.gql<{ staffMembers: Array<{ id: string; version: number; coordinatedProgrammes: number }> }>(STAFF, {}, tokens.ida)).data!.staffMembers.find((s) => s.id === dorte)!;
  // The citizen's row held by another change: the creation waits there, once it has taken Dorte's row.
  const citizenChange = t.db.dataSource.createQueryRunner();
  await citizenChange.connect();
  await citizenChange.startTransaction();
  await citizenChange.query(`SELECT 1 FROM citizen WHERE id = $1 FOR UPDATE`, [citizenId]);
  const creating = createByDorte(citizenId);
  expect(await untilWaitingForLock(t, creating)).toBe(true);
  const DEACTIVATE = `mutation($id: ID!, $v: Int!, $c: Int) { deactivateStaff(userId: $id, expectedVersion: $v, seenCoordinatedProgrammes: $c) { status } }`;
  const yes = t.gql(DEACTIVATE, { id: dorte, v: seen.version, c: seen.coordinatedProgrammes }, tokens.ida);
  // The yes waits too: for Dorte's row, held by the creation.
  expect(await untilWaitingForLock(t, yes, 2)).toBe(true);
  await citizenChange.commitTransaction();
  await citizenChange.release();
  const created = await creating;
  expect(created.errors).toBeUndefined();
  expect(created.data!.createProgramme.coordinator.user.name).toBe('Dorte Madsen');
  const res = await yes;
  expect(codeOf(res)).toBe('CONFLICT');
  expect(res.errors![0].extensions).toMatchObject({ current: { id: dorte, coordinatedProgrammes: seen.coordinatedProgrammes + 1 } });
  expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL`, [dorte])).toBe(1);
});

it('a caseworker made a leader while their new forløb waited for their row creates nothing, and the refusal is in the citizen\'s access log', async () => {
  const citizenId = await newCitizen();
  const [{ unit_id: unitId }] = await t.db.dataSource.query(`SELECT unit_id FROM app_user WHERE id = $1`, [dorte]);
  // An administrator's change of Dorte's role, not yet committed: it holds her row.
  const change = t.db.dataSource.createQueryRunner();
  await change.connect();
  await change.startTransaction();
  await change.query(`UPDATE app_user SET role = 'LEADER', unit_id = NULL, version = version + 1 WHERE id = $1`, [dorte]);
  try {
    const pending = createByDorte(citizenId);
    expect(await untilWaitingForLock(t, pending)).toBe(true);
    await change.commitTransaction();
    const res = await pending;
    expect(res.errors![0]).toMatchObject({ message: 'Du er ikke længere sagsbehandler i en forvaltning, så forløbet er ikke oprettet.', extensions: { code: 'FORBIDDEN' } });
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizenId])).toBe(0);
    expect(await t.db.dataSource.query(
      `SELECT action, entity_type, entity_id, detail FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED' AND citizen_id = $2`, [dorte, citizenId],
    )).toEqual([{ action: 'CREATE_PROGRAMME', entity_type: 'CITIZEN', entity_id: citizenId, detail: 'no longer a caseworker' }]);
  } finally {
    await change.release();
    await t.db.dataSource.query(`UPDATE app_user SET role = 'CASEWORKER', unit_id = $2, version = version + 1 WHERE id = $1`, [dorte, unitId]);
  }
});
