import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { MeetingMode } from '../plan/plan.enums';
import { changesMentorNextSamtale, mentorNextSamtale } from './mentor-next-samtale';

/**
 * The next samtale as the mentor sees it (docs/domain.md, rule 2), through the real server:
 * Eva Jensen's plan (coordinator Anna), whose latest held samtale is shared with her mentor
 * Mikkel. The mentor follows the booking of the agreed samtale, its moves and its
 * cancellation; sees its time and form only; and nothing once a later samtale is held that
 * the coordinator did not share.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

/** A time `days` days from now, at `hour` UTC: whole hours, on one Danish day. */
const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** The times used, fixed once: a run that crosses midnight compares the same instants. */
const AT = {
  day20: inDays(20),
  day20_10: inDays(20, 10),
  day40: inDays(40),
  day40_10: inDays(40, 10),
  day45_12: inDays(45, 12),
  day45_13: inDays(45, 13),
  day50: inDays(50),
  day50_10: inDays(50, 10),
  day55: inDays(55),
  day55_10: inDays(55, 10),
  day60: inDays(60),
  day60_10: inDays(60, 10),
  day65: inDays(65),
  day65_10: inDays(65, 10),
  day70: inDays(70),
  day70_10: inDays(70, 10),
  day72: inDays(72),
  day72_10: inDays(72, 10),
};

interface NextSamtale { status: string; startsAt: string; endsAt: string | null; mode: string | null }
const CASE = `{ myMentorCases { nextSamtale { status startsAt endsAt mode } } }`;
async function mentorSees(): Promise<NextSamtale | null> {
  const res = await t.gql<{ myMentorCases: Array<{ nextSamtale: NextSamtale | null }> }>(CASE, {}, tokens.mikkel);
  expect(res.errors).toBeUndefined();
  return res.data!.myMentorCases[0].nextSamtale;
}

async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.gql<T>(query, variables, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`;
const MOVE = `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { id version } }`;
const CANCEL = `mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id version } }`;
const HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 50) { items { kind summary entityType record { __typename } } } }`;
type History = { planHistory: { items: Array<{ kind: string; summary: string; entityType: string; record: unknown }> } };

/** The booked-samtale facts the mentor has been told on the plan, newest first: each "Den næste samtale er ændret". */
async function mentorFacts(planId: string): Promise<string[]> {
  const history = await t.gql<History>(HISTORY, { planId }, tokens.mikkel);
  expect(history.errors).toBeUndefined();
  const samtale = history.data!.planHistory.items.filter((e) => e.entityType === 'MEETING');
  expect(samtale.every((e) => e.record === null && e.summary === 'Den næste samtale er ændret')).toBe(true);
  return samtale.map((e) => e.kind);
}

/** Eva's plan and the time agreed at her latest held samtale, which is what the mentor sees now. */
async function agreedSeen(): Promise<{ eva: string; agreed: string }> {
  const eva = await planIdOf(t, 'Eva');
  const [latest] = await t.db.dataSource.query(`SELECT next_meeting_at FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [eva]);
  const agreed = new Date(latest.next_meeting_at).toISOString();
  expect(await mentorSees()).toEqual({ status: 'AGREED', startsAt: agreed, endsAt: null, mode: null });
  return { eva, agreed };
}

describe('the next samtale the mentor sees', () => {
  it('a samtale booked for something else and called off leaves the agreed time: it was not the agreed samtale that was called off', async () => {
    const { eva, agreed } = await agreedSeen();

    // "Book samtale", not the agreed one: an extra samtale before it, then called off.
    const { bookMeeting: extra } = await ok<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: {
      planId: eva, startsAt: AT.day20, endsAt: AT.day20_10, mode: 'PHONE', agenda: 'Ekstra samtale om transport', staffIds: [], guests: [],
    } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day20, endsAt: AT.day20_10, mode: 'PHONE' });
    await ok(CANCEL, { input: { id: extra.id, expectedVersion: extra.version, reason: 'Ikke længere nødvendig' } });
    expect(await mentorSees()).toEqual({ status: 'AGREED', startsAt: agreed, endsAt: null, mode: null });
  });

  it('the agreed time, then the booked time and form when it is booked elsewhere, the new time when it is moved, "aflyst" when it is called off', async () => {
    const { eva, agreed } = await agreedSeen();

    // "Book den aftalte samtale", at another time than agreed: staff see the booked time, and now so does the mentor.
    const { bookMeeting: booked } = await ok<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: {
      planId: eva, agreedAt: agreed, startsAt: AT.day40, endsAt: AT.day40_10, mode: 'VIDEO', videoLink: 'https://video.example/eva', agenda: 'Evas helbred og løntimer', staffIds: [],
      guests: [{ name: 'Jens Jensen', relation: 'Evas bror' }],
    } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day40, endsAt: AT.day40_10, mode: 'VIDEO' });

    const { moveMeeting: moved } = await ok<{ moveMeeting: { id: string; version: number } }>(MOVE, { input: {
      id: booked.id, expectedVersion: booked.version, startsAt: AT.day45_12, endsAt: AT.day45_13, mode: 'PHONE',
    } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day45_12, endsAt: AT.day45_13, mode: 'PHONE' });

    await ok(CANCEL, { input: { id: moved.id, expectedVersion: moved.version, reason: 'Borgeren er indlagt' } });
    expect(await mentorSees()).toEqual({ status: 'CANCELLED', startsAt: AT.day45_12, endsAt: AT.day45_13, mode: 'PHONE' });

    // Each of the three reached the mentor as a bare fact: that the next samtale changed, nothing of the booking.
    const history = await t.gql<History>(HISTORY, { planId: eva }, tokens.mikkel);
    expect(history.errors).toBeUndefined();
    const samtale = history.data!.planHistory.items.filter((e) => e.entityType === 'MEETING');
    // (Newest first; before them, the other samtale booked and called off in the test above.)
    expect(samtale.map((e) => e.kind)).toEqual(['MEETING_CANCELLED', 'MEETING_MOVED', 'MEETING_BOOKED', 'MEETING_CANCELLED', 'MEETING_BOOKED']);
    expect(samtale.every((e) => e.record === null && e.summary === 'Den næste samtale er ændret')).toBe(true);
    expect(JSON.stringify(history.data)).not.toMatch(/helbred|Jens|indlagt|video\.example/);

    // Another samtale booked and called off meanwhile takes nothing from it: the agreed samtale is still the one called off.
    const { bookMeeting: other } = await ok<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: {
      planId: eva, startsAt: AT.day20, endsAt: AT.day20_10, mode: 'PHONE', agenda: 'Ekstra samtale', staffIds: [], guests: [],
    } });
    await ok(CANCEL, { input: { id: other.id, expectedVersion: other.version, reason: 'Ikke længere nødvendig' } });
    expect(await mentorSees()).toEqual({ status: 'CANCELLED', startsAt: AT.day45_12, endsAt: AT.day45_13, mode: 'PHONE' });

    // Booked again: the new booking.
    await ok(BOOK, { input: { planId: eva, agreedAt: agreed, startsAt: AT.day50, endsAt: AT.day50_10, mode: 'IN_PERSON', place: 'Jobcentret', agenda: 'Ny tid', staffIds: [], guests: [] } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day50, endsAt: AT.day50_10, mode: 'IN_PERSON' });
  });

  it('"Den næste samtale er ændret" only when what the mentor sees of it changes: not for another samtale booked after it, moved or called off', async () => {
    const eva = await planIdOf(t, 'Eva');
    // The agreed samtale, booked in the test above: the one the mentor sees.
    const seen = { status: 'BOOKED', startsAt: AT.day50, endsAt: AT.day50_10, mode: 'IN_PERSON' };
    expect(await mentorSees()).toEqual(seen);
    const [agreedBooking] = await t.db.dataSource.query(
      `SELECT id, version FROM booked_meeting WHERE plan_id = $1 AND status = 'BOOKED' AND starts_at = $2`, [eva, AT.day50]);
    const factsSoFar = await mentorFacts(eva);

    // Another samtale, after the agreed one: staff see it in Samtaler, the mentor sees nothing of it, so nothing reaches them.
    const { bookMeeting: extra } = await ok<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: {
      planId: eva, startsAt: AT.day70, endsAt: AT.day70_10, mode: 'PHONE', agenda: 'Ekstra samtale om transport', staffIds: [], guests: [],
    } });
    const { moveMeeting: extraMoved } = await ok<{ moveMeeting: { id: string; version: number } }>(MOVE, { input: {
      id: extra.id, expectedVersion: extra.version, startsAt: AT.day72, endsAt: AT.day72_10, mode: 'VIDEO',
    } });
    await ok(CANCEL, { input: { id: extraMoved.id, expectedVersion: extraMoved.version, reason: 'Ikke længere nødvendig' } });
    expect(await mentorSees()).toEqual(seen);
    expect(await mentorFacts(eva)).toEqual(factsSoFar);

    // The agreed samtale moved, called off and booked again: each reaches them.
    const { moveMeeting: moved } = await ok<{ moveMeeting: { id: string; version: number } }>(MOVE, { input: {
      id: agreedBooking.id, expectedVersion: agreedBooking.version, startsAt: AT.day60, endsAt: AT.day60_10, mode: 'PHONE',
    } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day60, endsAt: AT.day60_10, mode: 'PHONE' });
    expect(await mentorFacts(eva)).toEqual(['MEETING_MOVED', ...factsSoFar]);
    await ok(CANCEL, { input: { id: moved.id, expectedVersion: moved.version, reason: 'Borgeren er syg' } });
    expect(await mentorSees()).toEqual({ status: 'CANCELLED', startsAt: AT.day60, endsAt: AT.day60_10, mode: 'PHONE' });
    expect(await mentorFacts(eva)).toEqual(['MEETING_CANCELLED', 'MEETING_MOVED', ...factsSoFar]);
    const [latest] = await t.db.dataSource.query(`SELECT next_meeting_at FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [eva]);
    await ok(BOOK, { input: {
      planId: eva, agreedAt: new Date(latest.next_meeting_at).toISOString(), startsAt: AT.day65, endsAt: AT.day65_10, mode: 'PHONE', agenda: 'Ny tid', staffIds: [], guests: [],
    } });
    expect(await mentorSees()).toEqual({ status: 'BOOKED', startsAt: AT.day65, endsAt: AT.day65_10, mode: 'PHONE' });
    expect(await mentorFacts(eva)).toEqual(['MEETING_BOOKED', 'MEETING_CANCELLED', 'MEETING_MOVED', ...factsSoFar]);
  });

  it('nothing, and no event, once a later samtale is held that the coordinator did not share: what was agreed or booked after it is not the mentor\'s to know', async () => {
    const eva = await planIdOf(t, 'Eva');
    const [held] = await t.db.dataSource.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, shared_with_mentor, created_by)
       SELECT municipality_id, plan_id, now() - interval '1 hour', 'IN_PERSON', '{}', 'Ikke delt', now() + interval '60 days', false, created_by
         FROM follow_up_meeting WHERE plan_id = $1 LIMIT 1 RETURNING id`, [eva]);
    try {
      expect(await mentorSees()).toBeNull();
      await ok(BOOK, { input: { planId: eva, startsAt: AT.day55, endsAt: AT.day55_10, mode: 'PHONE', agenda: 'Efter den ikke-delte samtale', staffIds: [], guests: [] } });
      expect(await mentorSees()).toBeNull();
      const history = await t.gql<History>(HISTORY, { planId: eva }, tokens.mikkel);
      // Judged at delivery too, as an item unshared: while the latest samtale is not shared, no booking's change reaches them.
      expect(history.data!.planHistory.items.filter((e) => e.entityType === 'MEETING')).toEqual([]);
    } finally {
      await t.db.dataSource.query(`DELETE FROM follow_up_meeting WHERE id = $1`, [held.id]);
    }
  });

  it('a booked samtale is not the mentor\'s to read beyond its time and form: its agenda is no field of theirs', async () => {
    const res = await t.gql(`{ myMentorCases { nextSamtale { agenda } } }`, {}, tokens.mikkel);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('the rule, case by case (mentorNextSamtale)', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const latest = { id: 'held-1', heldAt: new Date('2026-11-20T09:00:00Z'), nextMeetingAt: new Date('2026-12-19T09:00:00Z'), sharedWithMentor: true };
  const booking = (status: 'BOOKED' | 'CANCELLED', day: string, updatedAt = '2026-12-01T09:00:00Z', agreedAtFollowUpId: string | null = 'held-1') => ({
    status, startsAt: new Date(`${day}T09:00:00Z`), endsAt: new Date(`${day}T10:00:00Z`), mode: MeetingMode.PHONE, updatedAt: new Date(updatedAt), agreedAtFollowUpId,
  });

  it('the first booked samtale wins over the agreed time and over one called off', () => {
    expect(mentorNextSamtale(latest, [booking('CANCELLED', '2027-01-05'), booking('BOOKED', '2027-01-20'), booking('BOOKED', '2027-01-12')], now))
      .toEqual({ status: 'BOOKED', startsAt: new Date('2027-01-12T09:00:00Z'), endsAt: new Date('2027-01-12T10:00:00Z'), mode: MeetingMode.PHONE });
  });

  it('only the booking of the agreement, called off, says "aflyst"; one of something else or of an earlier agreement leaves the agreed time', () => {
    expect(mentorNextSamtale(latest, [booking('CANCELLED', '2027-01-05')], now)?.status).toBe('CANCELLED');
    expect(mentorNextSamtale(latest, [booking('CANCELLED', '2027-01-05', undefined, null)], now)?.status).toBe('AGREED');
    expect(mentorNextSamtale(latest, [booking('CANCELLED', '2027-01-05', '2026-12-02T09:00:00Z', 'held-0')], now)?.status).toBe('AGREED');
    // The agreement's own booking called off, then another's: the agreement's is what the mentor is told.
    expect(mentorNextSamtale(latest, [booking('CANCELLED', '2027-01-05', '2026-12-01T09:00:00Z'), booking('CANCELLED', '2026-12-20', '2026-12-03T09:00:00Z', null)], now))
      .toEqual({ status: 'CANCELLED', startsAt: new Date('2027-01-05T09:00:00Z'), endsAt: new Date('2027-01-05T10:00:00Z'), mode: MeetingMode.PHONE });
  });

  it('a write of a booking changes what the mentor sees only when the rule gives another samtale, time or form after it', () => {
    const agreedBooking = { id: 'b-agreed', ...booking('BOOKED', '2027-01-12') };
    const extra = { id: 'b-extra', ...booking('BOOKED', '2027-01-20', '2026-12-02T09:00:00Z', null) };
    const facts = { latest, bookings: [agreedBooking] };
    // The agreement booked, where only its time was agreed: the mentor sees the booked time.
    expect(changesMentorNextSamtale({ latest, bookings: [] }, agreedBooking, now)).toBe(true);
    // Another samtale booked after it, moved (still after it) or called off: what the mentor sees stands.
    expect(changesMentorNextSamtale(facts, extra, now)).toBe(false);
    const withExtra = { latest, bookings: [agreedBooking, extra] };
    expect(changesMentorNextSamtale(withExtra, { ...extra, startsAt: new Date('2027-01-21T09:00:00Z'), endsAt: new Date('2027-01-21T10:00:00Z') }, now)).toBe(false);
    expect(changesMentorNextSamtale(withExtra, { ...extra, status: 'CANCELLED' }, now)).toBe(false);
    // Moved before it, it is the first booked samtale: the mentor sees it (as staff do).
    expect(changesMentorNextSamtale(withExtra, { ...extra, startsAt: new Date('2027-01-05T09:00:00Z'), endsAt: new Date('2027-01-05T10:00:00Z') }, now)).toBe(true);
    // The agreed samtale moved (a new form is a change too) or called off.
    expect(changesMentorNextSamtale(facts, { ...agreedBooking, startsAt: new Date('2027-01-13T09:00:00Z'), endsAt: new Date('2027-01-13T10:00:00Z') }, now)).toBe(true);
    expect(changesMentorNextSamtale(facts, { ...agreedBooking, mode: MeetingMode.VIDEO }, now)).toBe(true);
    expect(changesMentorNextSamtale(facts, { ...agreedBooking, status: 'CANCELLED', updatedAt: new Date('2026-12-04T09:00:00Z') }, now)).toBe(true);
    // The latest held samtale not shared: the mentor sees nothing, before or after.
    expect(changesMentorNextSamtale({ latest: { ...latest, sharedWithMentor: false }, bookings: [] }, agreedBooking, now)).toBe(false);
  });

  it('nothing when the latest held samtale is not shared, or the agreed time has gone by with nothing booked', () => {
    expect(mentorNextSamtale({ ...latest, sharedWithMentor: false }, [booking('BOOKED', '2027-01-12')], now)).toBeNull();
    expect(mentorNextSamtale(null, [booking('BOOKED', '2027-01-12')], now)).toBeNull();
    expect(mentorNextSamtale({ ...latest, nextMeetingAt: new Date('2026-12-01T09:00:00Z') }, [], now)).toBeNull();
  });
});
