import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Registrér fremmøde" for a samtale held is one action: the plan's changes list it in one line
 * and "ændringer siden dit sidste besøg" counts it once, though it stores two events (the
 * booking's and the held samtale's). The held samtale's own history, and the mentor it is shared
 * with, still have its event. Eva Jensen's plan: Anna coordinates, Dorte (jobcenter) is on the team, Mikkel is
 * her mentor.
 */
jest.setTimeout(60_000);
let now = new Date();
let t: TestServer;
const tokens: Record<string, string> = {};
let eva: string;
beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  for (const u of ['anna', 'dorte', 'mikkel']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
});
afterAll(() => t.stop());

const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`;
const ATTEND = `mutation($input: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $input) { followUp { id } } }`;
const HISTORY = `query($planId: ID!, $recordId: ID, $first: Int, $before: String) {
  planHistory(planId: $planId, recordId: $recordId, first: $first, before: $before) { items { seq kind entityId summary } olderCursor } }`;
const POSITION = `query($id: ID!) { plan(id: $id) { unseenChangeCount } }`;
const MARK = `mutation($id: ID!, $seq: String!) { markPlanSeen(planId: $id, seq: $seq) { unseenChangeCount } }`;

type Item = { seq: string; kind: string; entityId: string; summary: string };
type Page = { items: Item[]; olderCursor: string | null };

async function history(user: string, vars: { recordId?: string; first?: number; before?: string | null }): Promise<Page> {
  const res = await t.gql<{ planHistory: Page }>(HISTORY, { planId: eva, ...vars }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.planHistory;
}

async function unseen(user: string): Promise<number> {
  const res = await t.gql<{ plan: { unseenChangeCount: number } }>(POSITION, { id: eva }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.unseenChangeCount;
}

/** Dorte has seen everything on the plan so far. */
async function dorteSawAll(): Promise<void> {
  const [{ seq }] = await t.db.dataSource.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1`, [eva]);
  const res = await t.gql<{ markPlanSeen: { unseenChangeCount: number } }>(MARK, { id: eva, seq }, tokens.dorte);
  expect(res.errors).toBeUndefined();
  expect(res.data!.markPlanSeen.unseenChangeCount).toBe(0);
}

/** Anna books a samtale `hours` hours ahead (each test its own, one held samtale per start) and, once it has begun, registers it as held, shared with the mentor; the held samtale's id. */
async function bookedAndHeld(hours: number): Promise<{ bookingId: string; heldId: string }> {
  now = new Date();
  const start = new Date(now.getTime() + hours * 3_600_000);
  start.setUTCSeconds(0, 0);
  const booked = await t.gql<{ bookMeeting: { id: string } }>(BOOK, {
    input: { planId: eva, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agenda: 'Status' },
  }, tokens.anna);
  expect(booked.errors).toBeUndefined();
  now = new Date(start.getTime() + 30 * 60_000);
  await dorteSawAll();
  const next = new Date(start.getTime() + 30 * 86_400_000).toISOString();
  const held = await t.gql<{ recordMeetingAttendance: { followUp: { id: string } } }>(ATTEND, {
    input: { id: booked.data!.bookMeeting.id, expectedVersion: 1, attendance: 'ATTENDED', note: '', summary: 'Praktikken går godt', nextMeetingAt: next, sharedWithMentor: true },
  }, tokens.anna);
  expect(held.errors).toBeUndefined();
  return { bookingId: booked.data!.bookMeeting.id, heldId: held.data!.recordMeetingAttendance.followUp.id };
}

it('registering a samtale as held is one line in the plan\'s changes and one change for a colleague; the held samtale keeps its own event', async () => {
  const { bookingId, heldId } = await bookedAndHeld(1);

  // Both events are stored, in one transaction.
  const stored: Array<{ kind: string }> = await t.db.dataSource.query(
    `SELECT kind FROM plan_event WHERE entity_id = ANY($1::uuid[]) AND kind IN ('FOLLOW_UP_RECORDED', 'MEETING_ATTENDANCE_RECORDED') ORDER BY seq`, [[bookingId, heldId]]);
  expect(stored.map((e) => e.kind)).toEqual(['FOLLOW_UP_RECORDED', 'MEETING_ATTENDANCE_RECORDED']);

  // The plan's changes: the booking's line, which says the next samtale too; the held samtale is not listed again.
  const plan = await history('dorte', { first: 5 });
  expect(plan.items.filter((i) => i.entityId === heldId)).toEqual([]);
  expect(plan.items[0]).toMatchObject({ kind: 'MEETING_ATTENDANCE_RECORDED', entityId: bookingId, summary: expect.stringMatching(/^Anna Holm \(Jobcenter\) registrerede samtalen .+ som holdt; næste samtale .+$/) });

  // The held samtale's own history still has its event.
  const own = await history('dorte', { recordId: heldId });
  expect(own.items.map((i) => i.kind)).toEqual(['FOLLOW_UP_RECORDED']);

  // For Dorte, who had seen everything before: one change.
  expect(await unseen('dorte')).toBe(1);

  // The mentor, who is not told of the booking's fremmøde, is told of the held samtale shared with him.
  const mentor = await history('mikkel', { first: 5 });
  expect(mentor.items[0]).toMatchObject({ kind: 'FOLLOW_UP_RECORDED', entityId: heldId });
});

it('pages of the plan\'s changes are full and skip nothing around the line that tells two events', async () => {
  const { bookingId, heldId } = await bookedAndHeld(2);
  const everyLine = (await history('anna', { first: 50 })).items;
  const line = everyLine.findIndex((i) => i.entityId === bookingId && i.kind === 'MEETING_ATTENDANCE_RECORDED');
  expect(line).toBe(0);
  // A page ending on the booking's line: the next one goes on with the change before the held samtale (its booking), one line, not none.
  const first = await history('anna', { first: 1 });
  expect(first.items.map((i) => i.seq)).toEqual([everyLine[0].seq]);
  expect(first.olderCursor).not.toBeNull();
  const second = await history('anna', { first: 2, before: first.olderCursor });
  expect(second.items.map((i) => i.seq)).toEqual([everyLine[1].seq, everyLine[2].seq]);
  expect(second.items.map((i) => i.entityId)).not.toContain(heldId);
  expect(second.items[0]).toMatchObject({ kind: 'MEETING_BOOKED', entityId: bookingId });
});
