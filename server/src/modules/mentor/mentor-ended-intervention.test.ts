import { addDays, todayInDenmark } from '@samplan/schema';
import { count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

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
  const annulled = await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version, status: 'CANCELLED', endReason: 'Kurset blev aflyst af udbyderen' } }, anna);
  expect(annulled.errors).toBeUndefined();
  expect((await mikkelSees()).map((a) => a.title)).not.toContain('Truckkursus, første dag');
  // The plan's other shared steps are as before.
  expect((await mikkelSees()).map((a) => a.title)).toEqual(expect.arrayContaining(['Samtale med arbejdsgiver om løntimer', 'Øg til 2 dage om ugen']));
});

describe("the mentor's open page is told at once", () => {
  const sockets: WsClient[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  const CASELOAD = `subscription { caseloadEvents { __typename seq planId ... on PlanEvent { kind entityType entityId summary title actor { name } changes { field } record { __typename } } } }`;
  interface Item { seq: string; planId: string; kind?: string; entityType?: string; entityId?: string; summary?: string; title?: string | null; changes?: unknown[]; record?: unknown }

  /** Mikkel's caseload stream, as his open page follows it: every item with its frame as sent. */
  async function mikkelFollows(): Promise<Array<{ item: Item; raw: string }>> {
    const socket = await WsClient.connect(t.url, mikkel);
    sockets.push(socket);
    const heard: Array<{ item: Item; raw: string }> = [];
    const listeners = t.server.feed.stats().listeners;
    socket.subscribe(CASELOAD, {}, (r: WsResult) => {
      expect(r.errors).toBeUndefined();
      const item = r.data?.caseloadEvents as Item | undefined;
      if (item) heard.push({ item, raw: r.raw });
    });
    await until('the stream to attach', () => t.server.feed.stats().listeners > listeners);
    return heard;
  }

  async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const turns = (heard: Array<{ item: Item; raw: string }>) => heard.filter((h) => h.item.kind === 'INTERVENTION_STATUS_CHANGED');

  it('an intervention with shared steps ended, then set going again: a bare fact each time, naming nothing of the intervention or its other steps', async () => {
    const course = await withSharedSteps('Kantinekursus', { status: 'ACTIVE', startDate: addDays(today(), -7), shortTermGoal: 'Kunne stå op en hel formiddag' }, ['Kantinekursus, dag 1', 'Kantinekursus, dag 2']);
    // A step of it not shared with the mentor, and an intervention whose steps are not shared at all.
    const unshared = await t.gql(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { interventionId: course.id, title: 'Kantinekursus, samtale om misbrug', dueAt: inDays(6), assignee: 'Eva' } }, anna);
    expect(unshared.errors).toBeUndefined();
    await t.gql(`mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id } }`,
      { input: { planId: await planIdOf(t, 'Eva'), kind: 'COURSE', title: 'Svejsekursus', status: 'ACTIVE', startDate: addDays(today(), -7) } }, anna);
    const welding = await interventionOf(t, 'Eva', 'Svejsekursus');
    expect((await t.gql(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { interventionId: welding.id, title: 'Svejsekursus, dag 1', dueAt: inDays(5), assignee: 'Eva' } }, anna)).errors).toBeUndefined();
    const heard = await mikkelFollows();

    // Nothing of his ended: not told (and so the one after it is the first he hears).
    expect((await t.gql(UPDATE_IVN, { input: { id: welding.id, expectedVersion: welding.version, status: 'COMPLETED', endDate: today() } }, anna)).errors).toBeUndefined();
    expect((await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version, status: 'COMPLETED', endDate: today() } }, anna)).errors).toBeUndefined();
    await until('the ending to reach the mentor', () => turns(heard).length === 1);
    const [ended] = turns(heard);
    expect(ended.item).toMatchObject({
      planId: await planIdOf(t, 'Eva'), entityType: 'INTERVENTION', summary: 'En indsats med aktiviteter, der er delt med dig, er afsluttet',
      title: null, changes: [], record: null,
    });
    expect(ended.raw).not.toMatch(/Kantinekursus|formiddag|misbrug|Svejse|COMPLETED|Afsluttet|COURSE/);
    // What his page reads again on it: the planned steps have gone.
    expect((await mikkelSees()).map((a) => a.title)).not.toContain('Kantinekursus, dag 1');

    expect((await t.gql(UPDATE_IVN, { input: { id: course.id, expectedVersion: course.version + 1, status: 'ACTIVE', endDate: null } }, anna)).errors).toBeUndefined();
    await until('the reopening to reach the mentor', () => turns(heard).length === 2);
    expect(turns(heard)[1].item).toMatchObject({ summary: 'En indsats med aktiviteter, der er delt med dig, er genoptaget', title: null, changes: [], record: null });
    expect(turns(heard)[1].raw).not.toMatch(/Kantinekursus|formiddag|misbrug|ACTIVE|Aktiv/);
    expect((await mikkelSees()).map((a) => a.title)).toEqual(expect.arrayContaining(['Kantinekursus, dag 1', 'Kantinekursus, dag 2']));
    // Only the two turns of the intervention whose steps he sees.
    expect(turns(heard).map((h) => h.item.entityId)).toEqual([course.id, course.id]);

    // The plan's history, as the mentor reads it, says the same.
    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; summary: string; record: unknown }> } }>(
      `query($p: ID!, $r: ID!) { planHistory(planId: $p, recordId: $r, first: 50) { items { kind summary record { __typename } } } }`,
      { p: await planIdOf(t, 'Eva'), r: course.id }, mikkel);
    expect(history.errors).toBeUndefined();
    expect(history.data!.planHistory.items).toEqual([
      { kind: 'INTERVENTION_STATUS_CHANGED', summary: 'En indsats med aktiviteter, der er delt med dig, er genoptaget', record: null },
      { kind: 'INTERVENTION_STATUS_CHANGED', summary: 'En indsats med aktiviteter, der er delt med dig, er afsluttet', record: null },
    ]);
  });
});
