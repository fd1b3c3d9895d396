import { codeOf, count, planIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A mentor grant and the mentor's deactivation do not pass each other unseen: a grant is
 * refused for a deactivated mentor, also one deactivated while the grant waited; and a grant
 * made while the administrator's question was open is counted in what the deactivation leaves
 * behind (the yes is refused, and the question asked again), also when both are under way at once.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let eva: string;
let mikkel: string;
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'ida']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
  [{ id: mikkel }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
});
afterAll(() => t.stop());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const CREATE = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`;
/** A new period for Mikkel on Eva's plan, after the grants he has (one grant at a time per mentor and citizen). */
const grant = () => t.gql<{ createMentorGrant: { id: string } }>(CREATE, {
  input: { planId: eva, mentorId: mikkel, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(200), endDate: day(260) },
}, tokens.anna);
const REFUSED = 'Mentoren er deaktiveret og kan ikke få en bevilling. Vælg en aktiv mentor fra kommunens mentorliste.';

it('a grant for a mentor deactivated while it waited for his row is refused, and nothing is granted', async () => {
  const before = await count(t, `SELECT 1 FROM mentor_grant WHERE mentor_id = $1`, [mikkel]);
  // An administrator's deactivation, not yet committed: it holds Mikkel's row.
  const deactivation = t.db.dataSource.createQueryRunner();
  await deactivation.connect();
  await deactivation.startTransaction();
  await deactivation.query(`UPDATE app_user SET deactivated_at = now(), version = version + 1 WHERE id = $1`, [mikkel]);
  const pending = grant();
  expect(await untilWaitingForLock(t, pending)).toBe(true);
  await deactivation.commitTransaction();
  await deactivation.release();
  const res = await pending;
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]).toMatchObject({ message: REFUSED, extensions: { field: 'mentorId' } });
  expect(await count(t, `SELECT 1 FROM mentor_grant WHERE mentor_id = $1`, [mikkel])).toBe(before);
  // And so, of course, once he is deactivated.
  expect((await grant()).errors![0]).toMatchObject({ message: REFUSED });
  await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL, version = version + 1 WHERE id = $1`, [mikkel]);
});

it('a grant under way while the administrator says yes is counted: the yes waits for it, and is refused with the new numbers', async () => {
  const STAFF = `{ staffMembers { id version activeMentorGrants } }`;
  const seen = (await t.gql<{ staffMembers: Array<{ id: string; version: number; activeMentorGrants: number }> }>(STAFF, {}, tokens.ida)).data!.staffMembers.find((s) => s.id === mikkel)!;
  // A grant being written, as createMentorGrant writes it (his row held, the grant inserted), not yet committed.
  const granting = t.db.dataSource.createQueryRunner();
  await granting.connect();
  await granting.startTransaction();
  await granting.query(`SELECT 1 FROM app_user WHERE id = $1 FOR SHARE`, [mikkel]);
  await granting.query(
    `INSERT INTO mentor_grant SELECT (jsonb_populate_record(NULL::mentor_grant, to_jsonb(g) || jsonb_build_object('id', gen_random_uuid(), 'start_date', $2::date, 'end_date', $3::date))).*
       FROM mentor_grant g WHERE g.mentor_id = $1 AND g.plan_id = $4 LIMIT 1`,
    [mikkel, day(300), day(350), eva],
  );
  const DEACTIVATE = `mutation($id: ID!, $v: Int!, $g: Int) { deactivateStaff(userId: $id, expectedVersion: $v, seenActiveMentorGrants: $g) { status activeMentorGrants } }`;
  const pending = t.gql(DEACTIVATE, { id: mikkel, v: seen.version, g: seen.activeMentorGrants }, tokens.ida);
  expect(await untilWaitingForLock(t, pending)).toBe(true);
  await granting.commitTransaction();
  await granting.release();
  const res = await pending;
  expect(codeOf(res)).toBe('CONFLICT');
  expect(res.errors![0].extensions).toMatchObject({ current: { id: mikkel, activeMentorGrants: seen.activeMentorGrants + 1 } });
  expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL`, [mikkel])).toBe(1);
});
