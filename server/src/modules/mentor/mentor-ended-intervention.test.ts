import { addDays, todayInDenmark } from '@samplan/schema';
import { count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * The mentor's list of what is ahead leaves out the steps still planned in an intervention that
 * is Afsluttet or Annulleret: they are no longer going to happen, as the plan's "Kommende" and the
 * printed plan say. The steps are kept, and those closed (udført, aflyst) stay in the list.
 */
let t: TestServer;
/** The coordinator of Eva's plan, from the jobcenter, and Eva's mentor. */
let anna: string;
let mikkel: string;
beforeAll(async () => {
  t = await startTestServer();
  [anna, mikkel] = await Promise.all([t.login('anna'), t.login('mikkel')]);
});
afterAll(() => t.stop());

const today = () => todayInDenmark();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const SHARE = `mutation($id: ID!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: true) }`;
const UPDATE_IVN = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`;

/** What Mikkel, Eva's mentor, has listed from her plan: title and status. */
async function mikkelSees(): Promise<Array<{ title: string; status: string }>> {
  const res = await t.gql<{ myMentorCases: Array<{ citizen: { name: string }; sharedActivities: Array<{ title: string; status: string }> }> }>(
    `{ myMentorCases { citizen { name } sharedActivities { title status } } }`, {}, mikkel);
  expect(res.errors).toBeUndefined();
  return res.data!.myMentorCases.find((c) => c.citizen.name === 'Eva Jensen')!.sharedActivities;
}

/** A jobcenter intervention in Eva's plan with its steps, each shared with the mentor. */
async function withSharedSteps(title: string, fields: Record<string, unknown>, steps: string[]): Promise<{ id: string; version: number; stepIds: string[] }> {
  const created = await t.gql(`mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id } }`,
    { input: { planId: await planIdOf(t, 'Eva'), kind: 'COURSE', title, ...fields } }, anna);
  expect(created.errors).toBeUndefined();
  const ivn = await interventionOf(t, 'Eva', title);
  const stepIds: string[] = [];
  for (const [i, step] of steps.entries()) {
    const res = await t.gql<{ createActivity: { id: string } }>(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { interventionId: ivn.id, title: step, dueAt: inDays(5 + i), assignee: 'Eva' } }, anna);
    expect(res.errors).toBeUndefined();
    stepIds.push(res.data!.createActivity.id);
    expect((await t.gql(SHARE, { id: res.data!.createActivity.id }, anna)).errors).toBeUndefined();
  }
  return { ...ivn, stepIds };
}

it('an intervention ended (Afsluttet): its planned steps leave the list, one marked udført stays; set going again, they return', async () => {
  const course = await withSharedSteps('Hygiejnekursus', { status: 'ACTIVE', startDate: addDays(today(), -14) }, ['Kursusdag 1', 'Kursusdag 2']);
  const done = await t.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`,
    { input: { id: course.stepIds[0], expectedVersion: 1, status: 'DONE' } }, anna);
  expect(done.errors).toBeUndefined();
  expect((await mikkelSees()).filter((a) => a.title.startsWith('Kursusdag'))).toEqual([{ title: 'Kursusdag 1', status: 'DONE' }, { title: 'Kursusdag 2', status: 'PLANNED' }]);

  const ended = await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version, status: 'COMPLETED', endDate: today() } }, anna);
  expect(ended.errors).toBeUndefined();
  expect((await mikkelSees()).filter((a) => a.title.startsWith('Kursusdag'))).toEqual([{ title: 'Kursusdag 1', status: 'DONE' }]);
  // Nothing is lost: the step is there, planned and shared, in the plan and its history.
  expect(await count(t, `SELECT 1 FROM activity WHERE id = $1 AND status = 'PLANNED' AND shared_with_mentor`, [course.stepIds[1]])).toBe(1);

  const resumed = await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version + 1, status: 'ACTIVE', endDate: null } }, anna);
  expect(resumed.errors).toBeUndefined();
  expect((await mikkelSees()).map((a) => a.title)).toContain('Kursusdag 2');
});

it('an intervention annulled (Annulleret): its planned steps leave the list', async () => {
  const course = await withSharedSteps('Truckkursus', { status: 'PLANNED' }, ['Truckkursus, første dag']);
  expect((await mikkelSees()).map((a) => a.title)).toContain('Truckkursus, første dag');
  const annulled = await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version, status: 'CANCELLED' } }, anna);
  expect(annulled.errors).toBeUndefined();
  expect((await mikkelSees()).map((a) => a.title)).not.toContain('Truckkursus, første dag');
  // The plan's other shared steps are as before.
  expect((await mikkelSees()).map((a) => a.title)).toEqual(expect.arrayContaining(['Samtale med arbejdsgiver om løntimer', 'Øg til 2 dage om ugen']));
});
