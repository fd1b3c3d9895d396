import { codeOf, count } from '../../test-support/fixtures';
import { createTestDatabase } from '../../test-support/test-db';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { CPR_MISSES_PER_HOUR } from './citizen.service';

/**
 * Registering a citizen answers DUPLICATE_CITIZEN for a number already registered in the
 * municipality: a lookup of that number like the citizen search's. Registrations of numbers
 * nobody has share the search's budget of lookups without a hit, so registering cannot be
 * used to guess the four digits a masked number (DDMMYY-****) hides.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let per: { id: string; cpr: string };

beforeAll(async () => {
  // Thirty lookups at once, counted one after the other, through the pool's ten connections:
  // on a machine a full test run loads, waiting for a connection may take longer than the
  // usual 3 s, and a request given up on that is SERVICE_UNAVAILABLE, not what is tested here.
  t = await startTestServer({ db: await createTestDatabase({ connectionWaitMs: 15_000 }) });
  for (const u of ['anna', 'bent', 'carla', 'dorte']) tokens[u] = await t.login(u);
  [per] = await t.db.dataSource.query(`SELECT id, cpr FROM citizen WHERE name = 'Per Hansen'`);
});
afterAll(async () => {
  await t.stop();
  // Given its own database, the server leaves it: dropped here.
  await t.db.drop();
});

const SEARCH = `query($search: String!) { citizens(search: $search) { id name cpr } }`;
const REGISTER = `mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id cpr } }`;
const search = (who: string, text: string) => t.gql<{ citizens: Array<{ id: string; cpr: string }> }>(SEARCH, { search: text }, tokens[who]);
const register = (who: string, cpr: string, name = 'Ny Borger') => t.gql<{ registerCitizen: { id: string } }>(REGISTER, { input: { cpr, name } }, tokens[who]);
/** A CPR number of a day in 1990 that no citizen of the demo has. */
const unknownCpr = (n: number) => `010190${String(1000 + n).padStart(4, '0')}`;

it('a caseworker off the plan cannot guess a masked CPR number by registering: registrations of new numbers count with the search misses', async () => {
  // Carla (health) is not on Per's team: she sees his number masked, with his birth date.
  expect((await search('carla', 'Per Hans')).data!.citizens[0].cpr).toBe(`${per.cpr.slice(0, 6)}-****`);
  const half = CPR_MISSES_PER_HOUR / 2;
  for (let n = 0; n < half; n++) expect((await search('carla', unknownCpr(n))).data!.citizens).toEqual([]);
  // Each number nobody had is registered: in normal work, a citizen new to Samplan.
  for (let n = half; n < CPR_MISSES_PER_HOUR; n++) expect((await register('carla', unknownCpr(n))).errors).toBeUndefined();

  // The right guess is refused like a wrong one: the answer says nothing of the number.
  const guessed = await register('carla', per.cpr);
  expect(codeOf(guessed)).toBe('RATE_LIMITED');
  expect(guessed.errors?.[0].extensions).not.toHaveProperty('citizenId');
  expect(guessed.errors?.[0].extensions).toMatchObject({ limit: 'cprLookups' });
  expect(guessed.errors?.[0].message).toMatch(/^For mange CPR-opslag og nye borgere den seneste time\. Prøv igen om \d+ minutter\.$/);
  const wrong = await register('carla', unknownCpr(CPR_MISSES_PER_HOUR));
  expect(codeOf(wrong)).toBe('RATE_LIMITED');
  expect(await count(t, `SELECT 1 FROM citizen WHERE cpr = $1`, [unknownCpr(CPR_MISSES_PER_HOUR)])).toBe(0);
  expect(codeOf(await search('carla', unknownCpr(CPR_MISSES_PER_HOUR)))).toBe('RATE_LIMITED');
  // Each refusal is a denial in the log, towards the leaders' review of the account.
  expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'carla' AND a.outcome = 'DENIED' AND a.action = 'REGISTER_CITIZEN'`)).toBe(2);
  expect(await count(t, `SELECT 1 FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'carla'`)).toBe(1);
});

it('a registration of a number already there does not count: the coordinator is told which citizen it is, as often as it happens', async () => {
  for (let n = 0; n < CPR_MISSES_PER_HOUR + 5; n++) {
    const twin = await register('anna', per.cpr, 'Per Hansen');
    expect(twin.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_CITIZEN', citizenId: per.id });
  }
  expect((await register('anna', '020290-1234', 'Ny Borger')).errors).toBeUndefined();
});

it('lookups made at the same moment are counted one after the other: a burst gets no more than the budget', async () => {
  const burst = await Promise.all(Array.from({ length: CPR_MISSES_PER_HOUR + 10 }, (_, n) => register('dorte', `020190${String(2000 + n)}`)));
  const registered = burst.filter((r) => !r.errors).map((r) => r.data!.registerCitizen.id).sort();
  expect(registered).toHaveLength(CPR_MISSES_PER_HOUR);
  expect(burst.filter((r) => codeOf(r) === 'RATE_LIMITED').length).toBe(10);
  // Each citizen an answer named is there, registered by her, and no other.
  const rows: Array<{ id: string }> = await t.db.dataSource.query(
    `SELECT c.id FROM citizen c JOIN app_user u ON u.id = c.registered_by WHERE u.username = 'dorte' ORDER BY c.id`,
  );
  expect(rows.map((r) => r.id).sort()).toEqual(registered);
  // The search the same.
  const searches = await Promise.all(Array.from({ length: CPR_MISSES_PER_HOUR + 10 }, (_, n) => search('bent', unknownCpr(100 + n))));
  expect(searches.filter((r) => !r.errors).length).toBe(CPR_MISSES_PER_HOUR);
  expect(searches.filter((r) => codeOf(r) === 'RATE_LIMITED').length).toBe(10);
});
