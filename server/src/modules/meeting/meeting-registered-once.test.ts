import { formatDanishDateTime } from '@samplan/schema';
import { count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A held samtale is registered once: two registrations of the same samtale at the same moment
 * (two colleagues, or one in two windows) store one, and the other is refused with CONFLICT and a
 * Danish message saying it is registered. Per Hansen's plan: coordinator Anna (jobcenter), Bent
 * (social services) on the team.
 */
jest.setTimeout(60_000);
let now = new Date();
const clock = { now: () => now };
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  for (const u of ['anna', 'bent']) tokens[u] = await t.login(u);
});
afterEach(() => { now = new Date(); });
afterAll(() => t.stop());

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id startsAt } }`;
const ATTEND = `mutation($input: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $input) { id status version } }`;
const FOLLOW = `mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`;

/** A samtale on Per's plan `days` days ahead at 9.00 UTC, booked by Anna; the clock is then moved to half an hour after it began. */
async function bookedAndBegun(days: number): Promise<{ id: string; startsAt: string; planId: string }> {
  const planId = await planIdOf(t, 'Per');
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  const res = await t.gql<{ bookMeeting: { id: string; startsAt: string } }>(BOOK, {
    input: { planId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agenda: 'Status' },
  }, tokens.anna);
  expect(res.errors).toBeUndefined();
  now = new Date(start.getTime() + 30 * 60_000);
  return { ...res.data!.bookMeeting, planId };
}

const attended = (id: string, summary: string, days: number) => ({
  id, expectedVersion: 1, attendance: 'ATTENDED', note: '', summary, nextMeetingAt: new Date(Date.now() + days * 86_400_000).toISOString(), sharedWithMentor: false,
});

/** The one answer that was refused, and that exactly one was: the other stored the registration. */
function theRefusal(answers: Answer[]): { message: string; code: unknown } {
  const refused = answers.filter((a) => a.errors?.length);
  expect(refused).toHaveLength(1);
  expect(answers.filter((a) => !a.errors?.length && a.data)).toHaveLength(1);
  return { message: refused[0].errors![0].message, code: refused[0].errors![0].extensions?.code };
}

describe('"Registrér fremmøde" for a booked samtale', () => {
  it('two registrations of its fremmøde as held at the same moment store one held samtale; the other is told it is registered', async () => {
    const meeting = await bookedAndBegun(40);
    const answers: Answer[] = await Promise.all([
      t.gql(ATTEND, { input: attended(meeting.id, 'Første registrering', 60) }, tokens.anna),
      t.gql(ATTEND, { input: attended(meeting.id, 'Anden registrering', 61) }, tokens.anna),
    ]);
    const refusal = theRefusal(answers);
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toMatch(/^Fremmødet til samtalen .+ er allerede registreret: borgeren mødte, og samtalen er registreret som holdt\. Se samtalen, som den er nu\.$/);
    expect(await count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND held_at = $2`, [meeting.planId, meeting.startsAt])).toBe(1);
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE id = $1 AND status = 'ATTENDED' AND version = 2`, [meeting.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_ATTENDANCE_RECORDED'`, [meeting.id])).toBe(1);
    // A form opened before it was registered and saved afterwards is told the same, with the samtale as it is now.
    const late = await t.gql(ATTEND, { input: attended(meeting.id, 'Tredje registrering', 62) }, tokens.anna);
    expect(late.errors![0]).toMatchObject({ message: refusal.message, extensions: { code: 'CONFLICT', current: { id: meeting.id, status: 'ATTENDED', version: 2 } } });
    expect(await count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND held_at = $2`, [meeting.planId, meeting.startsAt])).toBe(1);
  });

  it('a team caseworker registering an absence while the coordinator registers it as held: one of the two is stored', async () => {
    const meeting = await bookedAndBegun(42);
    const answers: Answer[] = await Promise.all([
      t.gql(ATTEND, { input: attended(meeting.id, 'Holdt', 60) }, tokens.anna),
      t.gql(ATTEND, { input: { id: meeting.id, expectedVersion: 1, attendance: 'ABSENT', note: '', reasonableCause: false } }, tokens.bent),
    ]);
    const refusal = theRefusal(answers);
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toMatch(/^Fremmødet til samtalen .+ er allerede registreret: (borgeren udeblev|borgeren mødte, og samtalen er registreret som holdt)\. Se samtalen, som den er nu\.$/);
    const [row] = await t.db.dataSource.query(`SELECT status, follow_up_id FROM booked_meeting WHERE id = $1`, [meeting.id]);
    expect(await count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND held_at = $2`, [meeting.planId, meeting.startsAt])).toBe(row.status === 'ATTENDED' ? 1 : 0);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_ATTENDANCE_RECORDED'`, [meeting.id])).toBe(1);
  });

  it('a samtale registered already as an opfølgningssamtale at the booking\'s start is not registered as held a second time', async () => {
    const meeting = await bookedAndBegun(44);
    const free = await t.gql(FOLLOW, { input: {
      planId: meeting.planId, heldAt: meeting.startsAt, mode: 'PHONE', participants: ['Per'], summary: 'Registreret for sig', nextMeetingAt: new Date(Date.now() + 70 * 86_400_000).toISOString(), sharedWithMentor: false,
    } }, tokens.anna);
    expect(free.errors).toBeUndefined();
    const res = await t.gql(ATTEND, { input: attended(meeting.id, 'Igen', 71) }, tokens.anna);
    expect(res.errors![0]).toMatchObject({
      message: expect.stringMatching(/^En opfølgningssamtale holdt .+ er allerede registreret på planen, så samtalen kan ikke registreres som holdt igen\. Se planens opfølgningssamtaler\.$/),
      extensions: { code: 'CONFLICT' },
    });
    expect(await count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND held_at = $2`, [meeting.planId, meeting.startsAt])).toBe(1);
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE id = $1 AND status = 'BOOKED' AND version = 1`, [meeting.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'RECORD_MEETING_ATTENDANCE' AND entity_id = $1 AND outcome = 'ALLOWED'`, [meeting.id])).toBe(0);
  });
});

describe('"Registrér opfølgningssamtale"', () => {
  it('two registrations of the same samtale (plan and time held) at the same moment store one', async () => {
    const planId = await planIdOf(t, 'Per');
    const heldAt = new Date(Date.now() - 2 * 3_600_000);
    heldAt.setUTCSeconds(0, 0);
    const input = (summary: string) => ({
      planId, heldAt: heldAt.toISOString(), mode: 'IN_PERSON', participants: ['Per', 'Anna Holm'], summary, nextMeetingAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), sharedWithMentor: false,
    });
    const answers: Answer[] = await Promise.all([t.gql(FOLLOW, { input: input('Første') }, tokens.anna), t.gql(FOLLOW, { input: input('Anden') }, tokens.anna)]);
    expect(answers.filter((a) => !a.errors?.length && a.data)).toHaveLength(1);
    expect(theRefusal(answers)).toEqual({ code: 'CONFLICT', message: `En opfølgningssamtale holdt ${formatDanishDateTime(heldAt)} er allerede registreret på planen. Se planens opfølgningssamtaler.` });
    expect(await count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND held_at = $2`, [planId, heldAt])).toBe(1);
    // Typed again later, the same samtale is refused the same way.
    const again: Answer = await t.gql(FOLLOW, { input: input('Tredje') }, tokens.anna);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
