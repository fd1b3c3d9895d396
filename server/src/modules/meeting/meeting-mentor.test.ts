import { mitIdToken } from '../../test-support/mitid-token';
import { codeOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * The citizen's mentor as a participant in a samtale (docs/domain.md, Mentor): the coordinator
 * books Eva Jensen's samtale with her mentor Mikkel, who sees when, in what form and where —
 * to get her there — whether or not the plan's samtaler are otherwise shared with him, and
 * never the agenda or the other participants. Only a mentor with a grant on the plan active
 * today may be booked.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
let eva: string;
let mikkel: string;
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'mikkel']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
  // Eva herself, signed in through a MitID broker (her account is bound at this first sign-in).
  const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Eva Jensen'`);
  tokens.eva = await mitIdToken(t.config.auth, 'mitid:eva-participants', { cpr });
  [{ id: mikkel }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
});
afterAll(() => t.stop());

/** A time `days` days from now at `hour` UTC, whole hours on one Danish day; fixed once per run. */
const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const AT = { start: inDays(2), end: inDays(2, 10) };

const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version staff { id } } }`;
const CANCEL = `mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id version } }`;
const MOVE = `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { id version } }`;
const OPTIONS = `query($id: ID!) { plan(id: $id) { meetingStaffOptions { id name role } } }`;
const MENTOR_CASE = `{ myMentorCases { nextSamtale { status } mySamtaler { id startsAt endsAt mode place videoLink cancelled } } }`;
const CITIZEN_PARTICIPANTS = `{ myPlan { meetings { id participants } } }`;
async function citizenSees(id: string): Promise<string[] | undefined> {
  const res = await t.gql<{ myPlan: { meetings: Array<{ id: string; participants: string[] }> } }>(CITIZEN_PARTICIPANTS, {}, tokens.eva);
  expect(res.errors).toBeUndefined();
  return res.data!.myPlan.meetings.find((m) => m.id === id)?.participants;
}
let bookedId: string;
const HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 50) { items { kind summary entityType record { __typename } } } }`;

type Samtale = { id: string; startsAt: string; endsAt: string; mode: string; place: string | null; videoLink: string | null; cancelled: boolean };
async function mentorCase(): Promise<{ nextSamtale: unknown; mySamtaler: Samtale[] }> {
  const res = await t.gql<{ myMentorCases: Array<{ nextSamtale: unknown; mySamtaler: Samtale[] }> }>(MENTOR_CASE, {}, tokens.mikkel);
  expect(res.errors).toBeUndefined();
  return res.data!.myMentorCases[0];
}

const book = (planId: string, staffIds: string[]) =>
  t.gql<{ bookMeeting: { id: string; version: number; staff: Array<{ id: string }> } }>(BOOK, { input: {
    planId, startsAt: AT.start, endsAt: AT.end, mode: 'IN_PERSON', place: 'Jobcentret, Torvet 1', agenda: 'Evas helbred og medicin', staffIds,
    guests: [{ name: 'Jens Jensen', relation: 'Evas bror' }],
  } }, tokens.anna);

it('the coordinator is offered the mentor with a grant on the plan, and books the samtale with him', async () => {
  const options = await t.gql<{ plan: { meetingStaffOptions: Array<{ id: string; role: string }> } }>(OPTIONS, { id: eva }, tokens.anna);
  expect(options.errors).toBeUndefined();
  expect(options.data!.plan.meetingStaffOptions).toContainEqual(expect.objectContaining({ id: mikkel, role: 'MENTOR' }));

  // The plan's held samtaler no longer shared with him: what he sees comes from being a participant only.
  await t.db.dataSource.query(`UPDATE follow_up_meeting SET shared_with_mentor = false WHERE plan_id = $1`, [eva]);
  expect(await mentorCase()).toEqual({ nextSamtale: null, mySamtaler: [] });

  const booked = await book(eva, [mikkel]);
  expect(booked.errors).toBeUndefined();
  expect(booked.data!.bookMeeting.staff.map((s) => s.id)).toEqual([mikkel]);

  bookedId = booked.data!.bookMeeting.id;
  // Eva sees who is coming: her mentor too.
  expect(await citizenSees(bookedId)).toEqual(['Mikkel Lund', 'Jens Jensen (Evas bror)']);

  const seen = await mentorCase();
  expect(seen.mySamtaler).toEqual([{ id: booked.data!.bookMeeting.id, startsAt: AT.start, endsAt: AT.end, mode: 'IN_PERSON', place: 'Jobcentret, Torvet 1', videoLink: null, cancelled: false }]);
  expect(seen.nextSamtale).toBeNull();

  // Told as a bare fact, in his history (and live, by the same rule): nothing of the agenda or the guests.
  const history = await t.gql<{ planHistory: { items: Array<{ kind: string; summary: string; entityType: string; record: unknown }> } }>(HISTORY, { planId: eva }, tokens.mikkel);
  expect(history.errors).toBeUndefined();
  const told = history.data!.planHistory.items.filter((e) => e.entityType === 'MEETING');
  expect(told).toEqual([{ kind: 'MEETING_BOOKED', summary: 'En samtale, du deltager i, er ændret', entityType: 'MEETING', record: null }]);
  expect(JSON.stringify(history.data)).not.toMatch(/helbred|Jens/);

  // Moved to a day his grant does not reach: refused at the new time.
  const [grant] = await t.db.dataSource.query(`SELECT end_date::text AS end FROM mentor_grant WHERE plan_id = $1 AND mentor_id = $2 ORDER BY end_date DESC LIMIT 1`, [eva, mikkel]);
  const after = new Date(`${grant.end}T09:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 3);
  const tooLate = await t.gql(MOVE, { input: { id: booked.data!.bookMeeting.id, expectedVersion: booked.data!.bookMeeting.version, startsAt: after.toISOString(), endsAt: new Date(after.getTime() + 3_600_000).toISOString(), mode: 'PHONE' } }, tokens.anna);
  expect(codeOf(tooLate)).toBe('BAD_USER_INPUT');
  expect(tooLate.errors![0]).toMatchObject({ message: 'Mentoren deltager i samtalen, og mentorens bevilling løber ikke den dag. Vælg en dag inden for bevillingen.', extensions: { field: 'startsAt' } });
  // Nor booked for that day in the first place.
  const bookedLate = await t.gql(BOOK, { input: {
    planId: eva, startsAt: after.toISOString(), endsAt: new Date(after.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agenda: '', staffIds: [mikkel], guests: [],
  } }, tokens.anna);
  expect(bookedLate.errors![0]).toMatchObject({ message: 'En mentor kan kun deltage med en bevilling på borgerens plan, der løber i dag og på samtalens dag.', extensions: { field: 'staffIds' } });

  // Called off: still on his list until it would have ended, marked, and he is told.
  await t.gql(CANCEL, { input: { id: booked.data!.bookMeeting.id, expectedVersion: booked.data!.bookMeeting.version, reason: 'Borgeren er syg' } }, tokens.anna);
  expect((await mentorCase()).mySamtaler).toEqual([expect.objectContaining({ id: booked.data!.bookMeeting.id, cancelled: true })]);
  const told2 = await t.gql<{ planHistory: { items: Array<{ kind: string; entityType: string }> } }>(HISTORY, { planId: eva }, tokens.mikkel);
  expect(told2.data!.planHistory.items.filter((e) => e.entityType === 'MEETING').map((e) => e.kind)).toEqual(['MEETING_CANCELLED', 'MEETING_BOOKED']);
});

it('a mentor without a grant on the plan running today is not offered, and is refused at the field', async () => {
  const [other]: Array<{ id: string; name: string }> = await t.db.dataSource.query(
    `SELECT p.id, c.name FROM plan p JOIN citizen c ON c.id = p.citizen_id JOIN programme pr ON pr.id = p.programme_id
       JOIN coordinator_assignment ca ON ca.programme_id = pr.id AND ca.to_at IS NULL JOIN app_user u ON u.id = ca.user_id AND u.username = 'anna'
      WHERE pr.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM mentor_grant g WHERE g.plan_id = p.id AND g.mentor_id = $1) LIMIT 1`,
    [mikkel],
  );
  expect(other).toBeDefined();
  const options = await t.gql<{ plan: { meetingStaffOptions: Array<{ id: string }> } }>(OPTIONS, { id: other.id }, tokens.anna);
  expect(options.data!.plan.meetingStaffOptions.map((u) => u.id)).not.toContain(mikkel);
  const refused = await book(other.id, [mikkel]);
  expect(codeOf(refused)).toBe('BAD_USER_INPUT');
  expect(refused.errors![0].extensions).toMatchObject({ field: 'staffIds' });
  expect(refused.errors![0].message).toBe('En mentor kan kun deltage med en bevilling på borgerens plan, der løber i dag og på samtalens dag.');

  // His grant on Eva's plan cut short to end today, before a samtale booked with him: out of it for him (not listed,
  // not told of it) and for Eva (not among those coming), though the booking still names him.
  const later = await book(eva, [mikkel]);
  expect(later.errors).toBeUndefined();
  const laterId = later.data!.bookMeeting.id;
  await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = (now() AT TIME ZONE 'Europe/Copenhagen')::date WHERE plan_id = $1 AND mentor_id = $2`, [eva, mikkel]);
  expect((await mentorCase()).mySamtaler).toEqual([]);
  expect(await citizenSees(laterId)).toEqual(['Jens Jensen (Evas bror)']);
  // Nor do staff see him among those coming (nor would the calendar file have him).
  const staffSee = await t.gql<{ plan: { meetings: Array<{ id: string; staff: Array<{ id: string }> }> } }>(
    `query($id: ID!) { plan(id: $id) { meetings(period: UPCOMING) { id staff { id } } } }`, { id: eva }, tokens.anna);
  expect(staffSee.data!.plan.meetings.find((m) => m.id === laterId)!.staff).toEqual([]);
  await t.gql(CANCEL, { input: { id: laterId, expectedVersion: later.data!.bookMeeting.version, reason: 'Ikke længere nødvendig' } }, tokens.anna);
  const history = await t.gql<{ planHistory: { items: Array<{ kind: string; entityType: string }> } }>(HISTORY, { planId: eva }, tokens.mikkel);
  // Nothing of samtaler on days his grant no longer reaches, this one's call-off included (both were booked +2 days).
  expect(history.data!.planHistory.items.filter((e) => e.entityType === 'MEETING')).toEqual([]);

  // His grant on Eva's plan ended yesterday: no longer offered there either, nor bookable.
  await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = (now() AT TIME ZONE 'Europe/Copenhagen')::date - 1 WHERE plan_id = $1 AND mentor_id = $2`, [eva, mikkel]);
  const afterEnd = await t.gql<{ plan: { meetingStaffOptions: Array<{ id: string }> } }>(OPTIONS, { id: eva }, tokens.anna);
  expect(afterEnd.data!.plan.meetingStaffOptions.map((u) => u.id)).not.toContain(mikkel);
  expect(codeOf(await book(eva, [mikkel]))).toBe('BAD_USER_INPUT');
  // And Eva is not told he is coming to the samtale booked with him before.
  expect(await citizenSees(bookedId)).toEqual(['Jens Jensen (Evas bror)']);
});
