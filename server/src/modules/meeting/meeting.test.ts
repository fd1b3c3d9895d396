import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertMeeting } from '../rules/rules-fixtures';

const SEE_THE_PLAN = 'En deltager fra kommunen skal kunne se planen: en sagsbehandler fra en forvaltning i planens team eller den koordinerende sagsbehandler.';

/**
 * Booked samtaler through the real server: who may book and change them (Per Hansen's plan:
 * coordinator Anna from the jobcenter, Social on the team; Carla's health unit is not, Otto
 * works in another municipality), the checks on time, place and participants, versions, the
 * audit row and event of each write, and the next-samtale rule with the clock moved.
 */
let now = new Date();
const clock = { now: () => now };
let statements = 0;
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock, onQuery: () => void statements++ });
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'bent', 'carla', 'otto', 'mikkel', 'lene']) tokens[u] = await t.login(u);
});
afterEach(() => { now = new Date(); });
afterAll(() => t.stop());

const userId = async (username: string): Promise<string> => (await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
/** A time `days` days from the real now, at `hour` UTC. */
const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

const FIELDS = `id version status startsAt endsAt mode place videoLink agenda cancelReason absenceReasonableCause attendanceNote
  staff { name } guests { name relation } bookedBy { name } followUp { id summary nextMeetingAt participants }`;
const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { ${FIELDS} } }`;
const MOVE = `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { ${FIELDS} } }`;
const ATTEND = `mutation($input: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $input) { ${FIELDS} } }`;
const MEETINGS = `query($id: ID!, $period: MeetingPeriod) { plan(id: $id) { meetings(period: $period) { id startsAt status agenda } } }`;

interface Meeting { id: string; version: number; status: string; startsAt: string; endsAt: string; mode: string; place: string | null; videoLink: string | null; agenda: string;
  cancelReason: string | null; absenceReasonableCause: boolean | null; attendanceNote: string | null; staff: Array<{ name: string }>; guests: Array<{ name: string; relation: string }>;
  bookedBy: { name: string }; followUp: { id: string; summary: string; nextMeetingAt: string; participants: string[] } | null }

async function perPlan(): Promise<string> {
  return planIdOf(t, 'Per');
}

function bookingFor(planId: string, extra: Record<string, unknown> = {}) {
  return { planId, startsAt: inDays(3), endsAt: inDays(3, 10), mode: 'IN_PERSON', place: 'Jobcentret, Østergade 5, 5750 Ringe', agenda: 'Status på praktikken', ...extra };
}

async function book(user: string, extra: Record<string, unknown> = {}): Promise<Meeting> {
  const res = await t.gql<{ bookMeeting: Meeting }>(BOOK, { input: bookingFor(await perPlan(), extra) }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.bookMeeting;
}

describe('who may book and change a samtale', () => {
  it('the coordinator books one with staff, network and a bisidder; the team caseworker sees it and moves it', async () => {
    const meeting = await book('anna', {
      staffIds: [await userId('bent')],
      guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }, { name: 'Jens Bisgaard', relation: 'bisidder' }],
    });
    expect(meeting).toMatchObject({ status: 'BOOKED', version: 1, mode: 'IN_PERSON', place: 'Jobcentret, Østergade 5, 5750 Ringe', bookedBy: { name: 'Anna Holm' }, staff: [{ name: 'Bent Sørensen' }] });
    expect(meeting.guests).toEqual([{ name: 'Hanne Hansen', relation: 'Pers mor' }, { name: 'Jens Bisgaard', relation: 'bisidder' }]);

    const seen = await t.gql<{ plan: { meetings: Array<{ id: string }> } }>(MEETINGS, { id: await perPlan() }, tokens.bent);
    expect(seen.data!.plan.meetings.map((m) => m.id)).toContain(meeting.id);
    const moved = await t.gql<{ moveMeeting: Meeting }>(MOVE,
      { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(4), endsAt: inDays(4, 10), mode: 'VIDEO', videoLink: null } }, tokens.bent);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveMeeting).toMatchObject({ version: 2, mode: 'VIDEO', place: null, videoLink: null, startsAt: inDays(4) });
  });

  it('a caseworker of a unit on the team books too', async () => {
    expect((await book('bent')).bookedBy.name).toBe('Bent Sørensen');
  });

  it.each([
    ['a caseworker whose unit is not on the team', 'carla'],
    ['a caseworker of another municipality', 'otto'],
  ])('%s gets NOT_FOUND for booking, reading, moving and cancelling, and each refusal is audited', async (_label, user) => {
    const planId = await perPlan();
    const meeting = await book('anna');
    const denialsBefore = await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId(user)]);
    expect(codeOf(await t.gql(BOOK, { input: bookingFor(planId) }, tokens[user]))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(MEETINGS, { id: planId }, tokens[user]))).toBe('NOT_FOUND');
    const move = { id: meeting.id, expectedVersion: 1, startsAt: inDays(5), endsAt: inDays(5, 10), mode: 'PHONE' };
    expect(codeOf(await t.gql(MOVE, { input: move }, tokens[user]))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CANCEL, { input: { id: meeting.id, expectedVersion: 1, reason: 'Syg' } }, tokens[user]))).toBe('NOT_FOUND');
    // The answer for a real id is the answer for a made-up one.
    const madeUp = await t.gql(CANCEL, { input: { id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, reason: 'Syg' } }, tokens[user]);
    expect(madeUp.errors![0].message).toBe((await t.gql(CANCEL, { input: { id: meeting.id, expectedVersion: 1, reason: 'Syg' } }, tokens[user])).errors![0].message);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId(user)])).toBeGreaterThanOrEqual(denialsBefore + 5);
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE id = $1 AND version = 1 AND status = 'BOOKED'`, [meeting.id])).toBe(1);
    // Each refusal about the samtale names Per, so his coordinator sees the attempts in his access log.
    const aboutIt = `SELECT 1 FROM audit_log a JOIN citizen c ON c.id = a.citizen_id WHERE a.actor_id = $1 AND a.entity_id = $2 AND a.outcome = 'DENIED' AND c.name = 'Per Hansen'`;
    expect(await count(t, aboutIt, [await userId(user), meeting.id])).toBe(3);
  });

  it.each([['a mentor', 'mikkel'], ['a leader', 'lene']])('%s can neither book nor see booked samtaler', async (_label, user) => {
    const planId = await perPlan();
    expect(codeOf(await t.gql(BOOK, { input: bookingFor(planId) }, tokens[user]))).toBe('FORBIDDEN');
    // Refused by role, the same answer for a real plan and a made-up one: it tells nothing of the plan.
    const real = codeOf(await t.gql(MEETINGS, { id: planId }, tokens[user]));
    expect(real).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect(codeOf(await t.gql(MEETINGS, { id: '00000000-0000-4000-8000-000000000000' }, tokens[user]))).toBe(real);
  });
});

describe('what a booking must hold (Danish messages at the field)', () => {
  const refused = async (extra: Record<string, unknown>) => {
    const res = await t.gql(BOOK, { input: bookingFor(await perPlan(), extra) }, tokens.anna);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    return { field: res.errors![0].extensions!.field, message: res.errors![0].message };
  };

  it('the end after the start, not in the past, a place when in person, a https link', async () => {
    expect(await refused({ endsAt: inDays(3, 8) })).toEqual({ field: 'endsAt', message: 'Samtalen skal slutte efter, at den begynder.' });
    expect(await refused({ startsAt: inDays(-1), endsAt: inDays(-1, 10) })).toEqual({ field: 'startsAt', message: 'En samtale kan ikke lægges i fortiden.' });
    expect(await refused({ place: '  ' })).toEqual({ field: 'place', message: 'Angiv stedet (adressen), når samtalen er ved fremmøde.' });
    expect((await refused({ mode: 'VIDEO', videoLink: 'javascript:alert(1)' })).message).toBe('Linket skal være en https-adresse.');
    // An invitation link of Teams as people paste it is long (here 262 characters): it is taken; one past 2,000 is not.
    const teams = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${'N2QxZTk4'.repeat(8)}%40thread.v2/0?context=%7b%22Tid%22%3a%22${'a1b2c3d4'.repeat(12)}%22%7d`;
    const booked = await t.gql<{ bookMeeting: { videoLink: string } }>(BOOK, { input: bookingFor(await perPlan(), { mode: 'VIDEO', place: null, videoLink: teams, agenda: 'Teams' }) }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    expect(booked.data!.bookMeeting.videoLink).toBe(teams);
    expect(await refused({ mode: 'VIDEO', videoLink: `https://møde.dk/${'x'.repeat(2000)}` })).toEqual({ field: 'videoLink', message: 'Linket må højst være 2.000 tegn.' });
    // A time without its time zone would be read in the server's own: refused, as is a bare day.
    const start = new Date(inDays(3)).toISOString();
    expect(await refused({ startsAt: start.slice(0, 16) })).toEqual({ field: 'startsAt', message: 'Starttidspunktet skal være et tidspunkt.' });
    expect(await refused({ startsAt: start.slice(0, 10) })).toEqual({ field: 'startsAt', message: 'Starttidspunktet skal være et tidspunkt.' });
    // A guest is somebody: blanks are no name.
    expect(await refused({ guests: [{ name: '   ', relation: 'Mor' }] })).toEqual({ field: 'guests.0.name', message: 'Deltagerens navn skal udfyldes.' });
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE agenda = 'Ugyldig'`)).toBe(0);
  });

  it('"Book den aftalte samtale" books the samtale agreed at the latest held one; a time no longer agreed there is refused, and nothing is booked', async () => {
    const planId = await perPlan();
    const [latest] = await t.db.dataSource.query(`SELECT id, next_meeting_at FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [planId]);
    const agreedAt = new Date(latest.next_meeting_at).toISOString();
    const agreed = await book('anna', { agreedAt });
    const other = await book('anna');
    const linked = await t.db.dataSource.query(`SELECT id, agreed_at_follow_up_id AS "of" FROM booked_meeting WHERE id = ANY($1::uuid[])`, [[agreed.id, other.id]]);
    expect(Object.fromEntries(linked.map((r: { id: string; of: string | null }) => [r.id, r.of]))).toEqual({ [agreed.id]: latest.id, [other.id]: null });
    // A second form open on the same agreement, saved after a colleague booked it: refused, not a second booking.
    const twice = await refused({ agreedAt, agenda: 'Ugyldig' });
    expect(twice.field).toBe('agreedAt');
    expect(twice.message).toMatch(/^Den aftalte samtale er allerede booket .+\. Luk formularen; flyt den bookede samtale, hvis tiden skal ændres\.$/);
    // A form opened on an agreement a samtale recorded since has replaced.
    const replaced = new Date(new Date(agreedAt).getTime() - 86_400_000).toISOString();
    expect(await refused({ agreedAt: replaced, agenda: 'Ugyldig' })).toEqual({
      field: 'agreedAt', message: 'Den aftalte samtale er ændret, siden du åbnede formularen. Luk den, og book den samtale, der nu er aftalt.',
    });
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE agenda = 'Ugyldig'`)).toBe(0);
  });

  it('a samtale ends on the Danish day it begins: a move of only its start to an earlier day is refused, not stored as a samtale of days', async () => {
    // 10.00–11.00 three days ahead; "Flyt" to the day before with only "Starter" changed keeps "Slutter" on the old day.
    expect(await refused({ startsAt: inDays(2), endsAt: inDays(3, 10) })).toEqual({ field: 'endsAt', message: 'Samtalen skal slutte samme dag, som den begynder.' });
    const meeting = await book('anna');
    const res = await t.gql(MOVE, { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(1), endsAt: inDays(3, 10), mode: 'IN_PERSON', place: 'Jobcentret, Ringe' } }, tokens.anna);
    expect(res.errors![0]).toMatchObject({ message: 'Samtalen skal slutte samme dag, som den begynder.', extensions: { code: 'BAD_USER_INPUT', field: 'endsAt' } });
    // The Danish day, not UTC's: 23.30–00.30 UTC is 00.30–01.30 (winter) or 01.30–02.30 (summer) on one Danish day.
    const late = new Date(new Date(inDays(5, 23)).getTime() + 30 * 60_000);
    const lateEnd = new Date(late.getTime() + 60 * 60_000);
    const res2 = await t.gql(BOOK, { input: bookingFor(await perPlan(), { startsAt: late.toISOString(), endsAt: lateEnd.toISOString() }) }, tokens.anna);
    expect(res2.errors).toBeUndefined();
  });

  it('participants from the municipality are its active staff: not another municipality\'s caseworker, not a mentor without a grant on the plan', async () => {
    expect(await refused({ staffIds: [await userId('otto')] })).toEqual({ field: 'staffIds', message: 'En deltager fra kommunen skal være en aktiv medarbejder i kommunen.' });
    // Mikkel is Eva's mentor, not Per's (a mentor of the plan may take part: meeting-mentor.test.ts).
    expect(await refused({ staffIds: [await userId('mikkel')] })).toEqual({ field: 'staffIds', message: 'En mentor kan kun deltage med en bevilling på borgerens plan, der løber i dag og på samtalens dag.' });
    expect((await refused({ guests: [{ name: '', relation: 'bisidder' }] })).message).toBe('Deltagerens navn skal udfyldes.');
  });

  it('participants from the municipality are those who may see the plan: a caseworker of a unit on the team or the coordinator, not another unit\'s, not a leader', async () => {
    // Per's team: the jobcenter (Anna, coordinator; Dorte) and social services (Bent); Carla's health unit is not on it, Lene is a leader.
    const before = await count(t, `SELECT 1 FROM booked_meeting WHERE plan_id = $1`, [await perPlan()]);
    for (const who of ['carla', 'lene']) {
      expect(await refused({ staffIds: [await userId('bent'), await userId(who)] })).toEqual({
        field: 'staffIds',
        message: SEE_THE_PLAN,
      });
    }
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE plan_id = $1`, [await perPlan()])).toBe(before);
    expect((await book('bent', { staffIds: [await userId('anna'), await userId('dorte')] })).staff.map((s) => s.name).sort()).toEqual(['Anna Holm', 'Dorte Madsen']);

    // The form offers the same people: those who may see the plan.
    const options = await t.gql<{ plan: { meetingStaffOptions: Array<{ name: string }> } }>(
      `query($id: ID!) { plan(id: $id) { meetingStaffOptions { name } } }`, { id: await perPlan() }, tokens.anna);
    const names = options.data!.plan.meetingStaffOptions.map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(['Anna Holm', 'Bent Sørensen', 'Dorte Madsen']));
    for (const name of ['Carla Nielsen', 'Lene Kristensen', 'Mikkel Lund', 'Otto Berg']) expect(names).not.toContain(name);
  });

  it('a move is checked the same way, and a samtale may not be moved into the past', async () => {
    const meeting = await book('anna');
    const res = await t.gql(MOVE, { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(-2), endsAt: inDays(-2, 10), mode: 'PHONE' } }, tokens.anna);
    expect(res.errors![0]).toMatchObject({ message: 'En samtale kan ikke lægges i fortiden.', extensions: { code: 'BAD_USER_INPUT', field: 'startsAt' } });
  });

  it('a samtale under way keeps its start and gets its video link added: no move into the past', async () => {
    const meeting = await book('anna', { mode: 'VIDEO', place: null, videoLink: null });
    now = new Date(new Date(meeting.startsAt).getTime() + 2 * 60_000);
    const input = { id: meeting.id, expectedVersion: 1, startsAt: meeting.startsAt, endsAt: meeting.endsAt, mode: 'VIDEO', videoLink: 'https://møde.faaborg-midtfyn.dk/per' };
    const res = await t.gql<{ moveMeeting: Meeting }>(MOVE, { input }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.moveMeeting).toMatchObject({ videoLink: 'https://møde.faaborg-midtfyn.dk/per', version: 2 });
    // Its start moved to another time that has passed is still refused.
    const back = await t.gql(MOVE, { input: { ...input, expectedVersion: 2, startsAt: new Date(new Date(meeting.startsAt).getTime() - 60_000).toISOString() } }, tokens.anna);
    expect(back.errors![0]).toMatchObject({ message: 'En samtale kan ikke lægges i fortiden.', extensions: { field: 'startsAt' } });
  });
});

describe('versions, audit rows and events', () => {
  it('a move with a stale version is refused with CONFLICT and the current record; nothing is written', async () => {
    const meeting = await book('anna');
    const first = await t.gql<{ moveMeeting: Meeting }>(MOVE, { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(6), endsAt: inDays(6, 10), mode: 'PHONE' } }, tokens.anna);
    expect(first.data!.moveMeeting.version).toBe(2);
    // The event says what the move changed, before -> after.
    const [moved] = await t.db.dataSource.query(`SELECT payload->'changes' AS changes FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_MOVED'`, [meeting.id]);
    const changes = moved.changes as Array<{ field: string; before: unknown; after: unknown }>;
    expect(changes.map((c) => c.field).sort()).toEqual(['endsAt', 'mode', 'place', 'startsAt']);
    expect(changes.find((c) => c.field === 'startsAt')).toEqual({ field: 'startsAt', before: inDays(3), after: inDays(6) });
    expect(changes.find((c) => c.field === 'mode')).toEqual({ field: 'mode', before: 'IN_PERSON', after: 'PHONE' });
    const stale = await t.gql(MOVE, { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(7), endsAt: inDays(7, 10), mode: 'PHONE' } }, tokens.bent);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ id: meeting.id, version: 2 });
    expect(new Date((stale.errors![0].extensions!.current as { startsAt: string }).startsAt).toISOString()).toBe(inDays(6));
    // Who saved it and when, as the plan's history tells it (the form names them); not the stored row's own columns.
    const current = stale.errors![0].extensions!.current as Record<string, unknown>;
    expect(current).not.toHaveProperty('municipalityId');
    expect(current).toMatchObject({ __typename: 'BookedMeeting', updatedById: await userId('anna'), updatedAt: expect.any(String) });
    const staleCancel = await t.gql(CANCEL, { input: { id: meeting.id, expectedVersion: 1, reason: 'Syg' } }, tokens.anna);
    expect(codeOf(staleCancel)).toBe('CONFLICT');
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1::uuid`, [meeting.id])).toBe(2);
    // Each was handed the samtale as it is now (agenda, network, staff): a read of the citizen's data, logged.
    const reads: Array<{ username: string }> = await t.db.dataSource.query(
      `SELECT u.username FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE a.action = 'READ_AFTER_CONFLICT' AND a.entity_type = 'MEETING' AND a.entity_id = $1 AND a.channel = 'RECORD' AND a.citizen_id IS NOT NULL ORDER BY a.id`, [meeting.id]);
    expect(reads.map((r) => r.username)).toEqual(['bent', 'anna']);
  });

  it('each write commits its change, its audit row and its event in one transaction, with a Danish summary', async () => {
    const meeting = await book('anna');
    const cancelled = await t.gql<{ cancelMeeting: Meeting }>(CANCEL, { input: { id: meeting.id, expectedVersion: 1, reason: 'Per er syg' } }, tokens.bent);
    expect(cancelled.data!.cancelMeeting).toMatchObject({ status: 'CANCELLED', cancelReason: 'Per er syg', version: 2 });
    const events: Array<{ kind: string; summary: string; tx: string }> = await t.db.dataSource.query(
      `SELECT kind, summary, xmin::text AS tx FROM plan_event WHERE entity_id = $1::uuid ORDER BY seq`, [meeting.id]);
    expect(events.map((e) => e.kind)).toEqual(['MEETING_BOOKED', 'MEETING_CANCELLED']);
    expect(events[0].summary).toMatch(/^Anna Holm \(Jobcenter\) bookede en samtale \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d\d\.\d\d$/);
    expect(events[1].summary).toMatch(/^Bent Sørensen \(Socialforvaltningen\) aflyste samtalen \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d\d\.\d\d$/);
    const audits: Array<{ action: string; tx: string }> = await t.db.dataSource.query(
      `SELECT action, xmin::text AS tx FROM audit_log WHERE entity_id = $1 AND outcome = 'ALLOWED' ORDER BY id`, [meeting.id]);
    expect(audits.map((a) => a.action)).toEqual(['BOOK_MEETING', 'CANCEL_MEETING']);
    const [row] = await t.db.dataSource.query(`SELECT xmin::text AS tx FROM booked_meeting WHERE id = $1`, [meeting.id]);
    expect(audits[1].tx).toBe(events[1].tx);
    expect(row.tx).toBe(events[1].tx);
    expect(audits[0].tx).toBe(events[0].tx);
    // A cancelled samtale stays cancelled.
    const again = await t.gql(MOVE, { input: { id: meeting.id, expectedVersion: 2, startsAt: inDays(8), endsAt: inDays(8, 10), mode: 'PHONE' } }, tokens.anna);
    expect(again.errors![0]).toMatchObject({ message: 'Samtalen er aflyst og kan ikke ændres.', extensions: { code: 'BAD_USER_INPUT' } });
    // Moved from the version read before the cancellation: a CONFLICT with the samtale as it is now, so the form shows it cancelled.
    const stale = await t.gql(MOVE, { input: { id: meeting.id, expectedVersion: 1, startsAt: inDays(8), endsAt: inDays(8, 10), mode: 'PHONE' } }, tokens.bent);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', current: { id: meeting.id, version: 2, status: 'CANCELLED' } });
  });

  it('a cancellation needs a reason', async () => {
    const meeting = await book('anna');
    const res = await t.gql(CANCEL, { input: { id: meeting.id, expectedVersion: 1, reason: '' } }, tokens.anna);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'reason' } });
  });
});

describe('Plan.meetings', () => {
  it('upcoming with the next first, past with the latest first; statements do not grow with the number of samtaler', async () => {
    const planId = await perPlan();
    const later = await book('anna', { startsAt: inDays(20), endsAt: inDays(20, 10), agenda: 'Senere' });
    const sooner = await book('anna', { startsAt: inDays(1), endsAt: inDays(1, 10), agenda: 'Snart' });
    const upcoming = (await t.gql<{ plan: { meetings: Array<{ id: string; startsAt: string }> } }>(MEETINGS, { id: planId }, tokens.anna)).data!.plan.meetings;
    const ids = upcoming.map((m) => m.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect(upcoming.map((m) => m.startsAt)).toEqual([...upcoming.map((m) => m.startsAt)].sort());

    now = new Date(Date.now() + 25 * 86_400_000);
    const past = (await t.gql<{ plan: { meetings: Array<{ id: string; startsAt: string }> } }>(MEETINGS, { id: planId, period: 'PAST' }, tokens.anna)).data!.plan.meetings;
    expect(past[0].id).toBe(later.id);
    expect(past.map((m) => m.id)).toContain(sooner.id);
    expect((await t.gql<{ plan: { meetings: unknown[] } }>(MEETINGS, { id: planId }, tokens.anna)).data!.plan.meetings).toEqual([]);
    // Held, and no fremmøde registered: still open, the oldest first, until it is.
    const open = async () => (await t.gql<{ plan: { meetings: Array<{ id: string }> } }>(MEETINGS, { id: planId, period: 'OPEN' }, tokens.anna)).data!.plan.meetings.map((m) => m.id);
    expect((await open()).filter((id) => id === sooner.id || id === later.id)).toEqual([sooner.id, later.id]);
    const recorded = await t.gql(
      `mutation($input: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $input) { id status } }`,
      { input: { id: sooner.id, expectedVersion: 1, attendance: 'ABSENT', reasonableCause: true } },
      tokens.anna,
    );
    expect(recorded.errors).toBeUndefined();
    expect(await open()).not.toContain(sooner.id);
    expect(await open()).toContain(later.id);
    now = new Date();

    const DEEP = `query($id: ID!) { plan(id: $id) { meetings(period: ALL) { id staff { name } bookedBy { name } followUp { id } } } }`;
    // The counter sees every statement on the server's data source, the live feed's once-a-second poll too: the least of three reads is the request's own count.
    const measure = async () => {
      let least = Infinity;
      for (let i = 0; i < 3; i++) {
        statements = 0;
        expect((await t.gql(DEEP, { id: planId }, tokens.anna)).errors).toBeUndefined();
        least = Math.min(least, statements);
      }
      return least;
    };
    await book('anna', { staffIds: [await userId('bent')] });
    await measure(); // the first read of the plan is audited as a row; repeats fold into it
    const few = await measure();
    await book('anna', { staffIds: [await userId('bent')] });
    await book('bent', { staffIds: [await userId('anna')] });
    expect(await measure()).toBe(few);
  });
});

describe('attendance', () => {
  it('not before the samtale has begun; attended records the held follow-up samtale and links to it', async () => {
    const meeting = await book('anna', { staffIds: [await userId('bent')], guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }] });
    const input = { id: meeting.id, expectedVersion: 1, attendance: 'ATTENDED', note: '', summary: 'Praktikken går godt', nextMeetingAt: inDays(30), sharedWithMentor: true };
    expect((await t.gql(ATTEND, { input }, tokens.anna)).errors![0].message).toBe('Fremmøde kan først registreres, når samtalen er begyndt.');
    // The latest begun and not registered, by its start: this one, once it has begun (others booked by the tests before may start later).
    const awaiting = async () => (await t.gql<{ plan: { bookedAwaitingAttendanceAt: string | null } }>(
      `query($id: ID!) { plan(id: $id) { bookedAwaitingAttendanceAt } }`, { id: await perPlan() }, tokens.anna)).data!.plan.bookedAwaitingAttendanceAt;
    const before = await awaiting();
    expect(before === null || new Date(before).getTime() < new Date(meeting.startsAt).getTime()).toBe(true);
    now = new Date(new Date(meeting.startsAt).getTime() + 30 * 60_000);
    // Begun and not registered: the plan says so, so "Registrér opfølgningssamtale" points to it.
    expect(await awaiting()).not.toBeNull();
    expect(new Date((await awaiting())!).getTime()).toBeGreaterThanOrEqual(new Date(meeting.startsAt).getTime());
    expect((await t.gql(ATTEND, { input: { ...input, summary: '' } }, tokens.anna)).errors![0].extensions!.field).toBe('summary');
    // A held samtale is a follow-up record: the coordinator's to write, not a team caseworker's.
    expect((await t.gql(ATTEND, { input }, tokens.bent)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const res = await t.gql<{ recordMeetingAttendance: Meeting }>(ATTEND, { input }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordMeetingAttendance).toMatchObject({ status: 'ATTENDED', version: 2 });
    // The citizen took part: named first, as the booking lists its participants (»Borgeren, Bent Sørensen, …«).
    expect(res.data!.recordMeetingAttendance.followUp).toMatchObject({ summary: 'Praktikken går godt', participants: ['Borgeren', 'Bent Sørensen', 'Hanne Hansen (Pers mor)'] });
    // Registered half an hour in, before its booked end: no longer to come, it is among the past samtaler at once.
    const listed = async (period: string) => (await t.gql<{ plan: { meetings: Array<{ id: string }> } }>(MEETINGS, { id: await perPlan(), period }, tokens.anna)).data!.plan.meetings.map((m) => m.id);
    expect(await listed('OPEN')).not.toContain(meeting.id);
    expect(await listed('UPCOMING')).not.toContain(meeting.id);
    expect(await listed('PAST')).toContain(meeting.id);
    expect(new Date(res.data!.recordMeetingAttendance.followUp!.nextMeetingAt).toISOString()).toBe(inDays(30));
    expect(await count(t, `SELECT 1 FROM follow_up_meeting f JOIN booked_meeting b ON b.follow_up_id = f.id WHERE b.id = $1 AND f.held_at = b.starts_at AND f.shared_with_mentor`, [meeting.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM booked_meeting WHERE id = $1 AND status = 'BOOKED'`, [meeting.id])).toBe(0);
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_ATTENDANCE_RECORDED'`, [meeting.id])).toBe(1);
    // The held samtale is a record of its own, with its event and audit row in the same transaction: its history, and the mentor it is shared with, hear of it.
    const heldId = res.data!.recordMeetingAttendance.followUp!.id;
    const [held] = await t.db.dataSource.query(`SELECT kind, xmin::text AS tx, summary FROM plan_event WHERE entity_id = $1::uuid`, [heldId]);
    expect(held).toMatchObject({ kind: 'FOLLOW_UP_RECORDED', summary: expect.stringMatching(/registrerede en opfølgningssamtale; næste samtale /) });
    const [booking] = await t.db.dataSource.query(`SELECT xmin::text AS tx FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_ATTENDANCE_RECORDED'`, [meeting.id]);
    expect(held.tx).toBe(booking.tx);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'RECORD_FOLLOW_UP' AND entity_id = $1`, [heldId])).toBe(1);
  });

  it('absent records whether there was reasonable cause, and no held samtale', async () => {
    const meeting = await book('bent');
    now = new Date(new Date(meeting.startsAt).getTime() + 60 * 60_000);
    const input = { id: meeting.id, expectedVersion: 1, attendance: 'ABSENT', note: 'Ringede ikke' };
    expect((await t.gql(ATTEND, { input }, tokens.bent)).errors![0].extensions!.field).toBe('reasonableCause');
    const res = await t.gql<{ recordMeetingAttendance: Meeting }>(ATTEND, { input: { ...input, reasonableCause: false } }, tokens.bent);
    expect(res.data!.recordMeetingAttendance).toMatchObject({ status: 'ABSENT', absenceReasonableCause: false, attendanceNote: 'Ringede ikke', followUp: null });
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE entity_id = $1::uuid AND kind = 'MEETING_ATTENDANCE_RECORDED'`, [meeting.id]);
    expect(event.summary).toMatch(/udeblivelse fra samtalen .* \(uden rimelig grund\)$/);
  });
});

describe('rule 2: the next samtale is agreed (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5)', () => {
  const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));
  const nextMeetingWarning = async (programmeId: string, day: string) => {
    setDay(day);
    const res = await t.gql<{ programme: { warnings: Array<{ rule: string; severity: string; dueDate: string }> } }>(
      `query($id: ID!) { programme(id: $id) { warnings { rule severity dueDate } } }`, { id: programmeId }, tokens.anna);
    expect(res.errors).toBeUndefined();
    return res.data!.programme.warnings.find((w) => w.rule === 'NEXT_MEETING')?.severity ?? null;
  };

  it('a booked samtale ahead satisfies it until its day has passed; a cancelled one does not', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', name: 'Regelborger' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-01');
    expect(await nextMeetingWarning(c.programmeId, '2025-03-02')).toBe('WARNING');

    setDay('2025-03-02');
    const booked = await t.gql<{ bookMeeting: Meeting }>(BOOK, { input: { planId: c.planId, startsAt: '2025-03-10T09:00:00+01:00', endsAt: '2025-03-10T10:00:00+01:00', mode: 'PHONE' } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    expect(await nextMeetingWarning(c.programmeId, '2025-03-02')).toBeNull();
    expect(await nextMeetingWarning(c.programmeId, '2025-03-10')).toBeNull();
    // The booked day went by with nothing recorded: the agreed samtale is missing again, overdue 14 days after the first one.
    expect(await nextMeetingWarning(c.programmeId, '2025-03-11')).toBe('WARNING');
    expect(await nextMeetingWarning(c.programmeId, '2025-03-16')).toBe('OVERDUE');

    setDay('2025-03-02');
    const cancelled = await t.gql(CANCEL, { input: { id: booked.data!.bookMeeting.id, expectedVersion: 1, reason: 'Borgeren er indlagt' } }, tokens.anna);
    expect(cancelled.errors).toBeUndefined();
    expect(await nextMeetingWarning(c.programmeId, '2025-03-02')).toBe('WARNING');
  });
  it('Plan.nextBookedMeeting is the booking, also when moved; the time agreed stays in nextFollowUpAt; a cancelled or passed one is not next', async () => {
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', name: 'Næsteborger' });
    await insertMeeting(t.db.dataSource, c, '2025-01-20', '2025-03-05');
    const NEXT = `query($id: ID!) { plan(id: $id) { nextFollowUpAt nextBookedMeeting { id startsAt } } }`;
    const next = async () => {
      const res = await t.gql<{ plan: { nextFollowUpAt: string; nextBookedMeeting: { id: string; startsAt: string } | null } }>(NEXT, { id: c.planId }, tokens.anna);
      expect(res.errors).toBeUndefined();
      return { agreed: new Date(res.data!.plan.nextFollowUpAt).toISOString().slice(0, 10), booked: res.data!.plan.nextBookedMeeting?.startsAt ?? null };
    };
    setDay('2025-03-02');
    expect(await next()).toEqual({ agreed: '2025-03-05', booked: null });
    const booked = await t.gql<{ bookMeeting: Meeting }>(BOOK, { input: { planId: c.planId, startsAt: '2025-03-05T09:00:00+01:00', endsAt: '2025-03-05T10:00:00+01:00', mode: 'PHONE' } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    expect(await next()).toEqual({ agreed: '2025-03-05', booked: '2025-03-05T08:00:00.000Z' });
    const moved = await t.gql(MOVE, { input: { id: booked.data!.bookMeeting.id, expectedVersion: 1, startsAt: '2025-03-07T13:00:00+01:00', endsAt: '2025-03-07T14:00:00+01:00', mode: 'PHONE' } }, tokens.anna);
    expect(moved.errors).toBeUndefined();
    expect(await next()).toEqual({ agreed: '2025-03-05', booked: '2025-03-07T12:00:00.000Z' });
    setDay('2025-03-08');
    expect((await next()).booked).toBeNull();
    setDay('2025-03-02');
    expect((await t.gql(CANCEL, { input: { id: booked.data!.bookMeeting.id, expectedVersion: 2, reason: 'Borgeren er syg' } }, tokens.anna)).errors).toBeUndefined();
    expect((await next()).booked).toBeNull();
  });
});
