import { addDays, addMonths, todayInDenmark } from '@samplan/schema';
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

it('paused in March, going again in April, paused again in June: March keeps its figure, April and May count the hours', async () => {
  // The three months of the example, seven months back, within Kim's forløb (begun ten months ago).
  const march = addMonths(`${todayInDenmark().slice(0, 8)}01`, -7);
  const [april, may, june] = [1, 2, 3].map((n) => addMonths(march, n));
  const at = (day: string) => new Date(`${day}T10:00:00Z`);
  const planId = await planIdOf(t, 'Kim');
  const [{ municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [planId]);
  const figureOf = async (month: string) =>
    (await queryKeyFigures(t.db.dataSource, municipalityId, month, month, ['INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS'], todayInDenmark())).find((r) => r.isTotal)!;
  const without = { march: await figureOf(march), april: await figureOf(april), may: await figureOf(may), june: await figureOf(june) };

  now = at(addMonths(march, -1));
  const created = await t.gql<{ createJobcenterIntervention: Shown }>(CREATE,
    { input: { planId, kind: 'ORDINARY_HOURS', title: 'Løntimer på værkstedet', status: 'ACTIVE', startDate: addMonths(march, -1), companyName: 'Værkstedet', hoursPerWeek: 7 } }, dorte);
  expect(created.errors).toBeUndefined();
  let version = created.data!.createJobcenterIntervention.version;
  const id = created.data!.createJobcenterIntervention.id;
  const setStatus = async (day: string, status: string) => {
    now = at(day);
    const res = await t.gql<{ updateJobcenterIntervention: Shown }>(UPDATE, { input: { id, expectedVersion: version, status } }, dorte);
    expect(res.errors).toBeUndefined();
    version = res.data!.updateJobcenterIntervention.version;
  };
  await setStatus(addDays(march, 2), 'PAUSED');
  await setStatus(addDays(april, 13), 'ACTIVE');
  const marchBefore = await figureOf(march);
  expect(marchBefore.hoursTotal).toBe(without.march.hoursTotal);
  expect(marchBefore.hoursPeople).toBe(without.march.hoursPeople);
  expect((await figureOf(april)).hoursTotal).toBe(without.april.hoursTotal + 7);

  await setStatus(addDays(june, 1), 'PAUSED');
  expect(await figureOf(march)).toEqual(marchBefore);
  expect((await figureOf(april)).hoursTotal).toBe(without.april.hoursTotal + 7);
  expect((await figureOf(may)).hoursTotal).toBe(without.may.hoursTotal + 7);
  expect((await figureOf(june)).hoursTotal).toBe(without.june.hoursTotal);

  // The card's pauses, oldest first: the one gone by with its end, the current one open.
  const read = await t.gql<{ intervention: { pausedOn: string; pauses: Array<{ from: string; to: string | null }> } }>(
    `query($id: ID!) { intervention(id: $id) { pausedOn pauses { from to } } }`, { id }, dorte);
  expect(read.data?.intervention).toEqual({
    pausedOn: addDays(june, 1),
    pauses: [{ from: addDays(march, 2), to: addDays(april, 13) }, { from: addDays(june, 1), to: null }],
  });
});
