import { count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, type CaseIds } from '../rules/rules-fixtures';

/**
 * "Registrér fremmøde" of a booked samtale, when the citizen came: it is recorded as a held
 * samtale of the forløb, so it follows the rule "Registrér opfølgningssamtale" follows
 * (heldBeforeForloeb, @samplan/schema): not held before the forløb came to be — its
 * decision date, or its first day where a jobafklaringsforløb began before its decision. A
 * booking made before the decision date was corrected to a later day is such a samtale.
 */
let now = new Date();
let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  // Tokens are checked against real time: signed before the clock moves.
  anna = await t.login('anna');
});
afterAll(() => t.stop());

type Errors = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`;
const ATTEND = `mutation($input: RecordMeetingAttendanceInput!) { recordMeetingAttendance(input: $input) { status followUp { id } } }`;

/** Booked on the day before `startsAt` (the clock then), for an hour from `startsAt`. */
async function bookOn(c: CaseIds, startsAt: string): Promise<string> {
  now = new Date(new Date(startsAt).getTime() - 86_400_000);
  const booked = await t.gql<{ bookMeeting: { id: string } } & Errors>(BOOK, {
    input: { planId: c.planId, startsAt, endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(), mode: 'IN_PERSON', place: 'Jobcentret, Østergade 5, 5750 Ringe', agenda: 'Første samtale' },
  }, anna);
  expect(booked.errors).toBeUndefined();
  return booked.data!.bookMeeting.id;
}

/** Registered as held on the walk's day. */
const attended = (id: string) => {
  now = new Date('2026-12-07T12:00:00+01:00');
  return t.gql<{ recordMeetingAttendance: { status: string; followUp: { id: string } | null } } & Errors>(ATTEND, {
    input: { id, expectedVersion: 1, attendance: 'ATTENDED', note: '', summary: 'Planen er gennemgået.', nextMeetingAt: '2026-12-21T10:00:00+01:00' },
  }, anna);
};
const heldOn = (c: CaseIds) => count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1`, [c.planId]);
const stillBooked = (id: string) => count(t, `SELECT 1 FROM booked_meeting WHERE id = $1 AND status = 'BOOKED' AND version = 1 AND follow_up_id IS NULL`, [id]);

describe('a booked samtale registered as held before the forløb', () => {
  it('is refused at "Fremmøde" before the decision date, and nothing is recorded; between the decision and the first day it is recorded', async () => {
    const c = await insertCase(t.db.dataSource, { type: 'HELHEDSORIENTERET', decision: '2026-11-01', start: '2026-12-07', end: '2027-12-06', name: 'Tove Fremmøde' });
    const early = await bookOn(c, '2026-11-12T10:00:00+01:00');
    const between = await bookOn(c, '2026-11-27T10:00:00+01:00');
    // The decision date corrected to a later day after the bookings.
    await t.db.dataSource.query(`UPDATE programme SET decision_date = '2026-11-20' WHERE id = $1`, [c.programmeId]);

    const refused = await attended(early);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'En samtale kan ikke være holdt før forløbets afgørelsesdato (20. november 2026). Aflys samtalen, hvis den ikke blev holdt i forløbet. Blev den holdt på en anden dag, så aflys den, og registrér den med »Registrér opfølgningssamtale«.',
      extensions: { code: 'BAD_USER_INPUT', field: 'attendance' },
    });
    expect(await stillBooked(early)).toBe(1);
    expect(await heldOn(c)).toBe(0);

    const recorded = await attended(between);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordMeetingAttendance).toMatchObject({ status: 'ATTENDED', followUp: { id: expect.any(String) } });
    expect(await heldOn(c)).toBe(1);
  });

  it('a jobafklaringsforløb begun before its decision takes samtaler from its first day, not before', async () => {
    const c = await insertCase(t.db.dataSource, { type: 'JOBAFKLARINGSFORLOEB', decision: '2026-09-20', start: '2026-09-20', end: '2027-09-19', name: 'Jens Fremmøde' });
    const early = await bookOn(c, '2026-09-28T10:00:00+02:00');
    const onFirstDay = await bookOn(c, '2026-10-01T10:00:00+02:00');
    // Corrected: the forløb began on 1 October, before its decision on 20 October.
    await t.db.dataSource.query(`UPDATE programme SET start_date = '2026-10-01', decision_date = '2026-10-20' WHERE id = $1`, [c.programmeId]);

    const refused = await attended(early);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'En samtale kan ikke være holdt, før forløbet begyndte (1. oktober 2026). Aflys samtalen, hvis den ikke blev holdt i forløbet. Blev den holdt på en anden dag, så aflys den, og registrér den med »Registrér opfølgningssamtale«.',
      extensions: { code: 'BAD_USER_INPUT', field: 'attendance' },
    });
    expect(await stillBooked(early)).toBe(1);
    expect((await attended(onFirstDay)).errors).toBeUndefined();
    expect(await heldOn(c)).toBe(1);
  });
});
