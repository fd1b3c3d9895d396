import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { CPR_MISSES_PER_HOUR } from './citizen.service';

/**
 * The citizen search answers a whole CPR number with the citizen, shown whole: the caller
 * typed it. Everyone off the citizen's plan sees the number as DDMMYY-**** elsewhere (the
 * name search gives them the birth date), so guessing the last four digits one lookup at
 * a time would give them the whole number. Lookups that find nobody are limited per user.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let perCpr: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla']) tokens[u] = await t.login(u);
  [{ cpr: perCpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Per Hansen'`);
});
afterAll(() => t.stop());

const SEARCH = `query($search: String!) { citizens(search: $search) { id name cpr } }`;
const search = (who: string, text: string) => t.gql<{ citizens: Array<{ id: string; cpr: string }> }>(SEARCH, { search: text }, tokens[who]);
/** A CPR number of a day in 1990 that no citizen of the demo has. */
const unknownCpr = (n: number) => `010190${String(1000 + n).padStart(4, '0')}`;
const denials = (who: string) =>
  count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = $1 AND a.action = 'SEARCH_CITIZEN_CPR' AND a.outcome = 'DENIED'`, [who]);

it('a caseworker off the plan cannot guess the rest of a masked CPR number: after the allowed misses, lookups are refused and logged as denials', async () => {
  // Carla (health) is not on Per's team: she sees his number masked, with his birth date.
  const masked = await search('carla', 'Per Hans');
  expect(masked.data!.citizens[0].cpr).toBe(`${perCpr.slice(0, 6)}-****`);

  for (let n = 0; n < CPR_MISSES_PER_HOUR; n++) {
    const miss = await search('carla', unknownCpr(n));
    expect(miss.errors).toBeUndefined();
    expect(miss.data!.citizens).toEqual([]);
  }
  const refused = await search('carla', unknownCpr(CPR_MISSES_PER_HOUR));
  expect(codeOf(refused)).toBe('RATE_LIMITED');
  // The right guess is refused too: the answer tells nothing.
  const guessed = await search('carla', perCpr);
  expect(codeOf(guessed)).toBe('RATE_LIMITED');
  expect(guessed.data?.citizens).toBeUndefined();
  expect(await denials('carla')).toBe(2);
  // Each refusal counts towards the leaders' account review (three in 24 hours flag it).
  expect(codeOf(await search('carla', unknownCpr(CPR_MISSES_PER_HOUR + 1)))).toBe('RATE_LIMITED');
  expect(await count(t, `SELECT 1 FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'carla'`)).toBe(1);

  // The name search still works for her, and a colleague's lookups are their own.
  expect((await search('carla', 'Per Hans')).data!.citizens).toHaveLength(1);
  expect((await search('bent', unknownCpr(0))).data!.citizens).toEqual([]);
});

it('lookups that find the citizen do not count: the coordinator looks up their citizens as often as they need', async () => {
  for (let n = 0; n < CPR_MISSES_PER_HOUR + 5; n++) {
    const hit = await search('anna', perCpr);
    expect(hit.errors).toBeUndefined();
    expect(hit.data!.citizens).toHaveLength(1);
  }
  expect(await denials('anna')).toBe(0);
});

it('the refusal says the wait in whole minutes, singular for one', async () => {
  // The misses as the search writes them, aged: the oldest leaves the hour in 30 s for Bent, in 90 s for Dorte.
  const missesAgo = (who: string, ago: string) =>
    t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, at, actor_id, actor_unit_id, action, entity_type, outcome, channel)
       SELECT u.municipality_id, now() - $2::interval, u.id, u.unit_id, 'SEARCH_CITIZEN_CPR', 'CITIZEN', 'ALLOWED', 'SEARCH'
         FROM app_user u, generate_series(1, $3) WHERE u.username = $1`,
      [who, ago, CPR_MISSES_PER_HOUR],
    );
  await missesAgo('bent', '59 minutes 30 seconds');
  tokens.dorte = await t.login('dorte');
  await missesAgo('dorte', '58 minutes 30 seconds');
  const soon = await search('bent', unknownCpr(0));
  expect(soon.errors?.[0].message).toBe('For mange CPR-opslag uden resultat den seneste time. Søg på navnet, eller prøv igen om 1 minut.');
  const later = await search('dorte', unknownCpr(0));
  expect(later.errors?.[0].message).toBe('For mange CPR-opslag uden resultat den seneste time. Søg på navnet, eller prøv igen om 2 minutter.');
});
