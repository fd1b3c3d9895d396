import { addDays, todayInDenmark } from '@samplan/schema';
import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { queryKeyFigures } from './figures.sql';

/**
 * Ordinary hours Sat på pause are not in force from the day they were paused — the day the
 * intervention keeps — also when it is changed later: a month gone by keeps its figure. Driven
 * through the API, with the server's clock moved on between the pause and the later change.
 */
jest.setTimeout(30_000);
let t: TestServer;
let dorte: string;
let now = new Date();
beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  dorte = await t.login('dorte');
});
afterAll(() => t.stop());

const FIELDS = 'id version status pausedOn updatedAt';
const CREATE = `mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { ${FIELDS} } }`;
interface Shown { id: string; version: number; status: string; pausedOn: string | null; updatedAt: string }

it('paused this month and changed 40 days later: not in force at this month’s end, as on the day it was paused', async () => {
  const day = todayInDenmark();
  const month = `${day.slice(0, 8)}01`;
  const planId = await planIdOf(t, 'Kim');
  const [{ municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [planId]);
  // This month as a leader reads it once it has passed.
  const later = addDays(day, 40);
  const thisMonth = async () =>
    (await queryKeyFigures(t.db.dataSource, municipalityId, month, month, ['INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS'], later)).find((r) => r.isTotal)!;

  const before = await thisMonth();
  const created = await t.gql<{ createJobcenterIntervention: Shown }>(CREATE,
    { input: { planId, kind: 'ORDINARY_HOURS', title: 'Løntimer i kiosken', status: 'ACTIVE', startDate: day, companyName: 'Kiosken', hoursPerWeek: 7 } }, dorte);
  expect(created.errors).toBeUndefined();
  const hours = created.data!.createJobcenterIntervention;
  const inForce = await thisMonth();
  expect(inForce.hoursTotal).toBe(before.hoursTotal + 7);

  const paused = await t.gql<{ updateJobcenterIntervention: Shown }>(UPDATE, { input: { id: hours.id, expectedVersion: hours.version, status: 'PAUSED' } }, dorte);
  expect(paused.data?.updateJobcenterIntervention.pausedOn).toBe(day);
  expect((await thisMonth()).hoursTotal).toBe(before.hoursTotal);

  // 40 days on, in another month, its notes are corrected: the day it was paused stays.
  now = new Date(now.getTime() + 40 * 86_400_000);
  const noted = await t.gql<{ updateJobcenterIntervention: Shown }>(UPDATE,
    { input: { id: hours.id, expectedVersion: hours.version + 1, notes: 'Kiosken holder lukket i januar' } }, dorte);
  expect(noted.errors).toBeUndefined();
  expect(noted.data!.updateJobcenterIntervention).toMatchObject({ status: 'PAUSED', pausedOn: day });
  // Its last change is in a later month than this one: by that day it would have been in force at this month's end.
  expect(todayInDenmark(new Date(noted.data!.updateJobcenterIntervention.updatedAt)) > addDays(month, 31)).toBe(true);
  expect((await thisMonth()).hoursTotal).toBe(before.hoursTotal);
  expect((await thisMonth()).hoursPeople).toBe(before.hoursPeople);
});
