import { attendedBeforeForloeb, endsOnItsDay, formatDanishDateTime, localDate, networkDiff, SAME_DAY_MESSAGE } from '@samplan/schema';
import { In, IsNull, type EntityManager } from 'typeorm';
import { recordReadsWithCommit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, type ReadAs } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { Role } from '../../core/auth/roles';
import { User } from '../org/user.entity';
import { changesMentorNextSamtale, mentorGrantRunsOn, nextSamtaleFactsOf } from '../mentor';
import { actorLabel, alsoChanged, camelRow, COORDINATE, FollowUpMeeting, guardPlan, HELD_ONCE_INDEX, MeetingMode, planPolicy, READ, refuseStale, refuseUnseen, standing, writeInPlan, type PlanAccess, type PlanNeed } from '../plan';
import { BookedMeeting, MeetingStatus } from './meeting.entity';
import { Attendance, MeetingPeriod, type BookMeetingInput, type CancelMeetingInput, type EditMeetingInput, type MoveMeetingInput, type RecordMeetingAttendanceInput } from './meeting.inputs';

const ENTITY_TYPE = 'MEETING';
const RECORD_ATTENDANCE = 'RECORD_MEETING_ATTENDANCE';

/**
 * Who books, moves, cancels and records samtaler: the coordinator and the caseworkers of the
 * units on the plan's team — everyone who reads the plan as staff (planPolicy.read). Agreeing
 * the next samtale is the whole team's concern (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 5.5), not the coordinator's alone. A mentor reads the plan only through the mentor's
 * own view, which holds the samtaler they take part in, read only, so a mentor never reaches
 * these (NOT_FOUND).
 */
const MEETING_WRITE = READ;

/** "12. marts 2026 kl. 10.00" in Danish time, as the client writes a time: the form an event's summary and a message use. */
export const danishTime = formatDanishDateTime;

/**
 * The booked samtaler of a plan for one period: upcoming with the next first, past with the
 * latest first. Open is upcoming plus those held and still booked: their fremmøde is not
 * registered yet, which the coordinator does after every samtale (it decides whether an
 * absence had a reasonable cause), so they stay in view until it is. One whose fremmøde is
 * registered (held, or the citizen absent) is past from then on, though its booked time has
 * not run out: it is no longer to come.
 */
export function meetingsFor(all: readonly BookedMeeting[], period: MeetingPeriod, now: Date): BookedMeeting[] {
  const byStart = [...all].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const over = (x: BookedMeeting) => x.endsAt.getTime() < now.getTime() || isRecorded(x);
  if (period === MeetingPeriod.ALL) return byStart;
  if (period === MeetingPeriod.UPCOMING) return byStart.filter((x) => !over(x));
  if (period === MeetingPeriod.OPEN) return byStart.filter((x) => !over(x) || x.status === MeetingStatus.BOOKED);
  return byStart.filter(over).reverse();
}

/**
 * The next samtale as booked: the first booked (not cancelled, not yet recorded) samtale that
 * has not ended. It wins over the time agreed at the last samtale (Plan.nextFollowUpAt),
 * because a booking may since have been moved to another day.
 */
export function nextBooked(all: readonly BookedMeeting[], now: Date): BookedMeeting | null {
  return meetingsFor(all, MeetingPeriod.UPCOMING, now).find((x) => x.status === MeetingStatus.BOOKED) ?? null;
}

/**
 * The booked samtaler that have begun and whose fremmøde is not registered yet, by start: held
 * (or being held), each is registered with "Registrér fremmøde", which ends its booking;
 * recorded as an opfølgningssamtale instead, the booking would stay open and the samtale be
 * counted twice.
 */
export function awaitingAttendance(all: readonly BookedMeeting[], now: Date): BookedMeeting[] {
  return meetingsFor(all, MeetingPeriod.ALL, now).filter((x) => x.status === MeetingStatus.BOOKED && x.startsAt.getTime() <= now.getTime());
}

interface WhenWhere {
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  place: string | null;
  videoLink: string | null;
}

/**
 * Time and place as they are stored: the end after the start and on the same Danish day (a
 * samtale of days is a slip: "Flyt" to an earlier day with only the start changed), not in the
 * past, a place for a samtale in person; a place is kept only for one in person and a link only for video.
 * `keptStart`: a move's current start. Kept as it is, it may have passed: a samtale under way
 * gets its video link or its place corrected without being moved.
 */
function whenWhereOf(ctx: RequestContext, input: MoveMeetingInput | BookMeetingInput, keptStart?: Date): WhenWhere {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt', 'Samtalen skal slutte efter, at den begynder.');
  if (!endsOnItsDay(startsAt, endsAt)) throw badInput('endsAt', SAME_DAY_MESSAGE);
  const kept = keptStart?.getTime() === startsAt.getTime();
  if (!kept && startsAt.getTime() < ctx.deps.clock.now().getTime()) throw badInput('startsAt', 'En samtale kan ikke lægges i fortiden.');
  const place = input.place?.trim() || null;
  if (input.mode === MeetingMode.IN_PERSON && !place) throw badInput('place', 'Angiv stedet (adressen), når samtalen er ved fremmøde.');
  return {
    startsAt, endsAt, mode: input.mode,
    place: input.mode === MeetingMode.IN_PERSON ? place : null,
    videoLink: input.mode === MeetingMode.VIDEO ? input.videoLink?.trim() || null : null,
  };
}

/**
 * Whether a member of staff may take part in a samtale on the plan: they may see the plan
 * (the rule of `standing`, asked for them rather than the caller) — the coordinator and the
 * caseworkers of the units on the team. A samtale goes through the citizen's plan, so anyone
 * else would hear what they have no need to know, and could not read the plan afterwards.
 */
const maySeePlan = (user: Pick<User, 'id' | 'municipalityId' | 'role' | 'unitId'>, access: PlanAccess) =>
  standing({ userId: user.id, municipalityId: user.municipalityId, role: user.role, unitId: user.unitId }, access) !== null;

/**
 * Whether a mentor may take part in a samtale on the plan: the citizen's mentor, whose view of
 * the plan is open today (planPolicy.mentorView: a grant of theirs active today, the programme
 * running), with a grant that runs on the samtale's day too (`day`; the form's list, before a
 * day is chosen, asks for today only). The mentor's task is to get the citizen to the samtale
 * and support them there (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8). Booking them
 * is sharing the samtale's time, form and place with them (MentorCase.mySamtaler), never its
 * agenda or the other participants: a samtale after their grant would be listed to the citizen
 * with a mentor who no longer hears of it.
 */
function mentorMayTakePart(user: Pick<User, 'id' | 'municipalityId' | 'role'>, access: PlanAccess, today: string, day = today): boolean {
  return planPolicy.mentorView({ userId: user.id, municipalityId: user.municipalityId, role: user.role }, access, today) && mentorGrantRunsOn(access, user.id, day);
}

const MENTOR_GRANT_MESSAGE = 'En mentor kan kun deltage med en bevilling på borgerens plan, der løber i dag og på samtalens dag.';

/** The municipality's staff who may see the plan and the citizen's mentors (mentorMayTakePart), by name: the form's list. */
export async function meetingStaffOptions(ctx: RequestContext, access: PlanAccess): Promise<User[]> {
  const active = await ctx.db.getRepository(User).find({ where: { municipalityId: access.municipalityId, deactivatedAt: IsNull() }, order: { name: 'ASC' } });
  const today = localDate(ctx.deps.clock.now());
  return active.filter((u) => (u.role === Role.MENTOR ? mentorMayTakePart(u, access, today) : maySeePlan(u, access)));
}

/**
 * Participants from the municipality must be its active staff or mentors (under row-level
 * security another municipality's users are not even visible): staff who may see the plan,
 * and the citizen's mentors with a grant running today and on the samtale's day.
 */
async function checkStaff(ctx: RequestContext, access: PlanAccess, staffIds: readonly string[], startsAt: Date): Promise<string[]> {
  const ids = [...new Set(staffIds)];
  if (ids.length === 0) return ids;
  const users = await ctx.db.getRepository(User).findBy({ id: In(ids), municipalityId: access.municipalityId, deactivatedAt: IsNull(), role: In([Role.CASEWORKER, Role.LEADER, Role.MENTOR]) });
  if (users.length !== ids.length) throw badInput('staffIds', 'En deltager fra kommunen skal være en aktiv medarbejder i kommunen.');
  const today = localDate(ctx.deps.clock.now());
  const mentors = users.filter((u) => u.role === Role.MENTOR);
  if (!mentors.every((u) => mentorMayTakePart(u, access, today, localDate(startsAt)))) throw badInput('staffIds', MENTOR_GRANT_MESSAGE);
  if (!users.every((u) => u.role === Role.MENTOR || maySeePlan(u, access))) {
    throw badInput('staffIds', 'En deltager fra kommunen skal kunne se planen: en sagsbehandler fra en forvaltning i planens team eller den koordinerende sagsbehandler.');
  }
  return ids;
}

/**
 * A samtale moved to another day keeps its mentors only where their grant runs then: refused
 * at the new time otherwise. A mentor whose view has closed meanwhile (the grant ended, the
 * mentor left) holds no move up: they hear of the samtale no more either way.
 */
async function checkMentorsOnMove(ctx: RequestContext, access: PlanAccess, meeting: BookedMeeting, startsAt: Date): Promise<void> {
  const today = localDate(ctx.deps.clock.now());
  const open = (await staffComing(ctx, meeting)).filter((u) => u.role === Role.MENTOR && mentorMayTakePart(u, access, today));
  if (!open.every((u) => mentorMayTakePart(u, access, today, localDate(startsAt)))) {
    throw badInput('startsAt', 'Mentoren deltager i samtalen, og mentorens bevilling løber ikke den dag. Vælg en dag inden for bevillingen.');
  }
}

/**
 * A booked samtale and the plan it belongs to, for a write: NOT_FOUND when the caller may not
 * see it. A samtale changed since the caller read it is a CONFLICT with it as it is now, also
 * when that change was its cancellation or its fremmøde: the form shows what happened.
 */
async function meetingForWrite(
  ctx: RequestContext,
  id: string,
  action: string,
  expectedVersion: number,
  need: PlanNeed = MEETING_WRITE,
  evenWhenEnded = false,
): Promise<{ meeting: BookedMeeting; access: PlanAccess }> {
  const what = { action, entityType: ENTITY_TYPE, entityId: id, label: 'Samtalen', evenWhenEnded };
  const meeting = await ctx.loaders.bookedMeeting.load(id);
  if (!meeting) return refuseUnseen(ctx, what, 'Samtalen');
  const access = await guardPlan(ctx, meeting.planId, need, what);
  if (meeting.version !== expectedVersion) {
    // A second registration of the fremmøde is told so, not only that the samtale has changed.
    const message = action === RECORD_ATTENDANCE && isRecorded(meeting) ? recordedAlready(meeting) : 'Posten er ændret af en anden, siden du hentede den. Se den nye version.';
    return refuseStale(ctx, access, what, conflict(message, meeting, SAVED_AS_IN_HISTORY));
  }
  if (meeting.status !== MeetingStatus.BOOKED) {
    const now = meeting.status === MeetingStatus.CANCELLED ? 'er aflyst' : 'har fået registreret fremmøde';
    throw badInput('id', `Samtalen ${now} og kan ikke ændres.`);
  }
  return { meeting, access };
}

/**
 * The versioned write of a booked samtale (CONFLICT with the current record when someone else
 * wrote first): the record after it, and as it was when the write applied (the event's `changes`).
 */
async function updateMeeting(ctx: RequestContext, m: EntityManager, meeting: BookedMeeting, expectedVersion: number, sets: Record<string, unknown>): Promise<{ before: BookedMeeting; after: BookedMeeting }> {
  const change = await updateVersionedChange(m, 'booked_meeting', meeting.id, expectedVersion,
    { ...sets, updated_at: ctx.deps.clock.now(), updated_by: actorOf(ctx).userId },
    () => m.findOneBy(BookedMeeting, { id: meeting.id }), SAVED_AS_IN_HISTORY);
  return { before: camelRow<BookedMeeting>(change.before), after: camelRow<BookedMeeting>(change.after) };
}

/**
 * Who saved the samtale last, and when: no fields of a `BookedMeeting`, but what the plan's
 * history tells of that save. A CONFLICT's samtale carries them (conflict()), so the form can
 * say when it was saved, and that it was the user's own save in another window.
 */
const SAVED_AS_IN_HISTORY: ReadAs = { updatedById: 'PlanEvent.actor', updatedAt: 'PlanEvent.at' };

const asRecord = (meeting: BookedMeeting) => ({ __typename: 'BookedMeeting', ...meeting });

/**
 * A booking's event: for an update the record before it (`change`). For a booking, move or
 * cancellation also whether it changed the next samtale the mentor sees (docs/domain.md, rule 2),
 * judged under the plan's lock against the plan as it was just before: the mentor is told of
 * the change only then (mentor-events.ts).
 */
const eventOf = (kind: EventKind, summary: string, meeting: BookedMeeting, also: {
  change?: { before: BookedMeeting; versions: { expected: number; base?: number | null } };
  mentorNextSamtaleChanged?: boolean;
} = {}) => ({
  kind, summary, entity: asRecord(meeting),
  ...(also.change ? { before: asRecord(also.change.before), versions: also.change.versions } : {}),
  ...(also.mentorNextSamtaleChanged === undefined ? {} : { forReceivers: { mentorNextSamtaleChanged: also.mentorNextSamtaleChanged } }),
});

export async function bookMeeting(ctx: RequestContext, input: BookMeetingInput): Promise<BookedMeeting> {
  const access = await guardPlan(ctx, input.planId, MEETING_WRITE, { action: 'BOOK_MEETING', entityType: ENTITY_TYPE });
  const at = whenWhereOf(ctx, input);
  const staffIds = await checkStaff(ctx, access, input.staffIds, at.startsAt);
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  const now = ctx.deps.clock.now();
  const agreedAt = input.agreedAt ? new Date(input.agreedAt) : null;
  return writeInPlan(ctx, access, { action: 'BOOK_MEETING', entityType: ENTITY_TYPE }, async (m) => {
    const seen = await nextSamtaleFactsOf(m, access.planId, now);
    const agreedAtFollowUpId = agreedAt ? agreementBooked(seen.latest, agreedAt) : null;
    if (agreedAtFollowUpId) await refuseBookedTwice(m, agreedAtFollowUpId);
    const meeting = await m.save(m.create(BookedMeeting, {
      municipalityId: access.municipalityId, planId: access.planId, ...at, staffIds, agreedAtFollowUpId,
      guests: input.guests.map((g) => ({ name: g.name.trim(), relation: g.relation.trim() })),
      agenda: input.agenda.trim(), status: MeetingStatus.BOOKED, cancelReason: null, absenceReasonableCause: null, attendanceNote: null,
      followUpId: null, version: 1, bookedAt: now, bookedById: actor.userId, updatedAt: now, updatedById: actor.userId,
    }));
    const changed = changesMentorNextSamtale(seen, meeting, now);
    return { result: meeting, entityId: meeting.id, event: eventOf(EventKind.MEETING_BOOKED, `${label} bookede en samtale ${danishTime(at.startsAt)}`, meeting, { mentorNextSamtaleChanged: changed }) };
  });
}

/**
 * The held samtale a booking "Book den aftalte samtale" is the booking of: the plan's latest,
 * whose agreed time the form was opened with. A samtale recorded since then agreed another
 * time, and a booking made from the old one would be taken for it (and its cancellation told
 * to the mentor as the agreed samtale's): refused, so the form is opened on the new agreement.
 */
function agreementBooked(latest: { id: string; nextMeetingAt: Date } | null, agreedAt: Date): string {
  if (!latest || latest.nextMeetingAt.getTime() !== agreedAt.getTime()) {
    throw badInput('agreedAt', 'Den aftalte samtale er ændret, siden du åbnede formularen. Luk den, og book den samtale, der nu er aftalt.');
  }
  return latest.id;
}

/**
 * An agreement is booked once: a second "Book den aftalte samtale" (a form open on it while a
 * colleague booked it) would put two bookings on the plan for the one samtale agreed. Read
 * under the plan's lock (writeInPlan), so two such bookings cannot both pass. Only one that
 * stands is refused: once one is called off the plan shows nothing agreed (agreementTakenUp),
 * and a form opened on the agreement before that still books what it was opened for.
 */
async function refuseBookedTwice(m: EntityManager, followUpId: string): Promise<void> {
  const booked: Array<{ starts_at: Date }> = await m.query(
    `SELECT starts_at FROM booked_meeting WHERE agreed_at_follow_up_id = $1 AND status = $2 LIMIT 1`, [followUpId, MeetingStatus.BOOKED]);
  if (booked[0]) {
    throw badInput('agreedAt', `Den aftalte samtale er allerede booket ${danishTime(booked[0].starts_at)}. Luk formularen; flyt den bookede samtale, hvis tiden skal ændres.`);
  }
}

export async function moveMeeting(ctx: RequestContext, input: MoveMeetingInput): Promise<BookedMeeting> {
  const { meeting, access } = await meetingForWrite(ctx, input.id, 'MOVE_MEETING', input.expectedVersion);
  const at = whenWhereOf(ctx, input, meeting.startsAt);
  await checkMentorsOnMove(ctx, access, meeting, at.startsAt);
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'MOVE_MEETING', entityType: ENTITY_TYPE }, async (m) => {
    const now = ctx.deps.clock.now();
    // Asked before the update, so it reads the plan as it was just before it.
    const [seen, { before, after: moved }] = await Promise.all([
      nextSamtaleFactsOf(m, access.planId, now),
      updateMeeting(ctx, m, meeting, input.expectedVersion, { starts_at: at.startsAt, ends_at: at.endsAt, mode: at.mode, place: at.place, video_link: at.videoLink }),
    ]);
    const summary = `${label} flyttede samtalen ${danishTime(before.startsAt)} til ${danishTime(moved.startsAt)}`;
    const versions = { expected: input.expectedVersion, base: input.baseVersion };
    const changed = changesMentorNextSamtale(seen, moved, now);
    return { result: moved, entityId: moved.id, event: eventOf(EventKind.MEETING_MOVED, summary, moved, { change: { before, versions }, mentorNextSamtaleChanged: changed }) };
  });
}

/**
 * "Ret deltagere og dagsorden": who takes part in a booked samtale (each list whole, as it is to
 * be: those coming now, as staff see them) and its agenda, on the version read; what is left out
 * stays as it is. Those put on must be allowed to take part now, by the booking's rules
 * (checkStaff, on the samtale's day): staff who may see the plan, the citizen's mentor with a
 * grant running today and on the day. Those kept are not asked again (a mentor whose view is
 * closed today, a caseworker whose unit left the team, holds no change of the others up, as at a
 * move), and those booked but not coming now (deactivated, a mentor whose grant no longer reaches
 * the day) stay booked: the rule that hides them shows them again if it changes. Those put on or
 * taken off hear of it as they heard of the booking: a mentor by a bare fact (mentor-events.ts;
 * never of the agenda), the citizen by Min plan read again. Nothing changed is no write.
 */
export async function editMeeting(ctx: RequestContext, input: EditMeetingInput): Promise<BookedMeeting> {
  const { meeting, access } = await meetingForWrite(ctx, input.id, 'EDIT_MEETING', input.expectedVersion);
  // Once over, it waits for its fremmøde, which records who took part: not changed after the fact.
  if (meeting.endsAt.getTime() <= ctx.deps.clock.now().getTime()) throw badInput('id', 'Samtalen er slut. Registrér fremmødet i stedet.');
  const coming = await staffComing(ctx, meeting);
  const isComing = (id: string) => coming.some((u) => u.id === id);
  const wanted = input.staffIds ? [...new Set(input.staffIds)] : coming.map((u) => u.id);
  const putOn = wanted.filter((id) => !isComing(id));
  await checkStaff(ctx, access, putOn, meeting.startsAt);
  const added = await ctx.loaders.user.loadMany(putOn);
  const takenOff = coming.filter((u) => !wanted.includes(u.id));
  const guests = input.guests ? input.guests.map((g) => ({ name: g.name.trim(), relation: g.relation.trim() })) : meeting.guests;
  const network = networkDiff(meeting.guests, guests);
  const agenda = typeof input.agenda === 'string' ? input.agenda.trim() : meeting.agenda;
  const newStaff = putOn.length > 0 || takenOff.length > 0;
  const newNetwork = network.joined.length > 0 || network.left.length > 0;
  const newAgenda = agenda !== meeting.agenda;
  if (!newStaff && !newNetwork && !newAgenda) {
    // No write, but the samtale (its agenda, its network) is still read out: the citizen's access log says so.
    await recordReadsWithCommit(ctx, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'RECORD', action: 'READ_MEETING', entityType: ENTITY_TYPE, entityId: meeting.id }]);
    return meeting;
  }
  const joined = [...added.filter((u): u is User => !!u && !(u instanceof Error)), ...network.joined];
  const left = [...takenOff, ...network.left];
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'EDIT_MEETING', entityType: ENTITY_TYPE }, async (m) => {
    const sets = {
      // Those booked and not coming now are kept, after those the list names.
      ...(newStaff ? { staff_ids: [...wanted, ...meeting.staffIds.filter((id) => !isComing(id) && !wanted.includes(id))] } : {}),
      ...(newNetwork ? { guests: JSON.stringify(guests) } : {}),
      ...(newAgenda ? { agenda } : {}),
    };
    const { before, after } = await updateMeeting(ctx, m, meeting, input.expectedVersion, sets);
    const summary = `${label} ${editedWhat(after, joined, left, newAgenda)}`;
    return { result: after, entityId: after.id, event: eventOf(EventKind.MEETING_EDITED, summary, after, { change: { before, versions: { expected: input.expectedVersion } } }) };
  });
}

/** What an edit did, as staff read it: "ændrede deltagerne i samtalen … (tilføjet: …; taget af: …) og rettede dagsordenen". */
function editedWhat(meeting: BookedMeeting, joined: ReadonlyArray<{ name: string; relation?: string }>, left: ReadonlyArray<{ name: string; relation?: string }>, newAgenda: boolean): string {
  const named = (people: ReadonlyArray<{ name: string; relation?: string }>) => people.map((p) => (p.relation ? `${p.name} (${p.relation})` : p.name)).join(', ');
  const when = danishTime(meeting.startsAt);
  if (joined.length === 0 && left.length === 0) return `rettede dagsordenen for samtalen ${when}`;
  const who = [joined.length ? `tilføjet: ${named(joined)}` : '', left.length ? `taget af: ${named(left)}` : ''].filter(Boolean).join('; ');
  return `ændrede deltagerne i samtalen ${when} (${who})${newAgenda ? ' og rettede dagsordenen' : ''}`;
}

export async function cancelMeeting(ctx: RequestContext, input: CancelMeetingInput): Promise<BookedMeeting> {
  // A samtale can be called off on an ended programme too (plan-guard.ts, evenWhenEnded).
  const { meeting, access } = await meetingForWrite(ctx, input.id, 'CANCEL_MEETING', input.expectedVersion, MEETING_WRITE, true);
  const reason = input.reason.trim();
  if (!reason) throw badInput('reason', 'Skriv, hvorfor samtalen aflyses.');
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'CANCEL_MEETING', entityType: ENTITY_TYPE, evenWhenEnded: true }, async (m) => {
    const now = ctx.deps.clock.now();
    // Asked before the update, so it reads the plan as it was just before it.
    const [seen, { before, after: cancelled }] = await Promise.all([
      nextSamtaleFactsOf(m, access.planId, now),
      updateMeeting(ctx, m, meeting, input.expectedVersion, { status: MeetingStatus.CANCELLED, cancel_reason: reason }),
    ]);
    const summary = `${label} aflyste samtalen ${danishTime(cancelled.startsAt)}`;
    const changed = changesMentorNextSamtale(seen, cancelled, now);
    return { result: cancelled, entityId: cancelled.id, event: eventOf(EventKind.MEETING_CANCELLED, summary, cancelled, { change: { before, versions: { expected: input.expectedVersion } }, mentorNextSamtaleChanged: changed }) };
  });
}

/**
 * Attendance of a booked samtale. Attended: it is recorded as the held follow-up samtale
 * (FollowUpMeeting), which needs a summary and the next samtale agreed after it (STAR’s
 * vejledning om ressourceforløb 2020, afsnit 5.5), and the booking links to it. Absent: whether
 * there was reasonable cause (rimelig grund) and a note; no samtale was held.
 */
export async function recordMeetingAttendance(ctx: RequestContext, input: RecordMeetingAttendanceInput): Promise<BookedMeeting> {
  // A held samtale becomes a follow-up record, which only the coordinator writes (as in
  // recordFollowUp); an absence is the whole team's to record.
  const need = input.attendance === Attendance.ATTENDED ? COORDINATE : MEETING_WRITE;
  const { meeting, access } = await meetingForWrite(ctx, input.id, RECORD_ATTENDANCE, input.expectedVersion, need);
  if (meeting.startsAt.getTime() > ctx.deps.clock.now().getTime()) throw badInput('attendance', 'Fremmøde kan først registreres, når samtalen er begyndt.');
  const note = input.note.trim() || null;
  const attended = input.attendance === Attendance.ATTENDED;
  const summary = input.summary?.trim() ?? '';
  const next = input.nextMeetingAt ? new Date(input.nextMeetingAt) : null;
  if (attended && !summary) throw badInput('summary', 'Skriv et resumé af samtalen.');
  if (attended && !next) throw badInput('nextMeetingAt', 'Angiv, hvornår næste samtale er aftalt.');
  if (attended && next!.getTime() <= meeting.startsAt.getTime()) throw badInput('nextMeetingAt', 'Næste samtale skal ligge efter denne.');
  if (!attended && typeof input.reasonableCause !== 'boolean') throw badInput('reasonableCause', 'Angiv, om der var rimelig grund til udeblivelsen.');
  if (attended) {
    // Held, it becomes one of the forløb's samtaler, on the day it began: not one before the
    // forløb came to be, as when it is registered as an opfølgningssamtale (heldBeforeForloeb).
    // Said at "Fremmøde", the choice that records it as held, with the way forward (attendedBeforeForloeb).
    const programme = await ctx.loaders.programme.load(access.programmeId);
    const before = programme ? attendedBeforeForloeb(programme, localDate(meeting.startsAt)) : null;
    if (before) throw badInput('attendance', before);
  }
  const participants = attended ? await participantNames(ctx, meeting) : [];
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: RECORD_ATTENDANCE, entityType: ENTITY_TYPE }, async (m) => {
    await refuseRecordedMeanwhile(m, meeting);
    let followUpId: string | null = null;
    if (attended) {
      const held = await registerHeldOnce(m, meeting, m.create(FollowUpMeeting, {
        municipalityId: access.municipalityId, planId: access.planId, heldAt: meeting.startsAt, mode: meeting.mode, participants,
        summary, nextMeetingAt: next!, sharedWithMentor: input.sharedWithMentor === true, version: 1, createdById: actor.userId,
      }));
      followUpId = held.id;
      // The held samtale is a record of its own: its history, and the mentor when it is shared with them.
      await alsoChanged(m, ctx, access, { action: 'RECORD_FOLLOW_UP', entityType: 'FOLLOW_UP' }, {
        result: held,
        entityId: held.id,
        event: { kind: EventKind.FOLLOW_UP_RECORDED, summary: `${label} registrerede en opfølgningssamtale; næste samtale ${danishTime(next!)}`, entity: { __typename: 'FollowUpMeeting', ...held } },
      });
    }
    const { before, after: recorded } = await updateMeeting(ctx, m, meeting, input.expectedVersion, {
      status: attended ? MeetingStatus.ATTENDED : MeetingStatus.ABSENT,
      absence_reasonable_cause: attended ? null : input.reasonableCause,
      attendance_note: note,
      follow_up_id: followUpId,
    });
    const when = danishTime(meeting.startsAt);
    const text = attended
      ? `${label} registrerede samtalen ${when} som holdt; næste samtale ${danishTime(next!)}`
      : `${label} registrerede udeblivelse fra samtalen ${when} (${input.reasonableCause ? 'med' : 'uden'} rimelig grund)`;
    return { result: recorded, entityId: recorded.id, event: eventOf(EventKind.MEETING_ATTENDANCE_RECORDED, text, recorded, { change: { before, versions: { expected: input.expectedVersion } } }) };
  });
}

const isRecorded = (meeting: Pick<BookedMeeting, 'status'>) => meeting.status === MeetingStatus.ATTENDED || meeting.status === MeetingStatus.ABSENT;

/** What a second registration of a booked samtale's fremmøde is told: it is registered, and how. */
function recordedAlready(meeting: Pick<BookedMeeting, 'status' | 'startsAt'>): string {
  const as = meeting.status === MeetingStatus.ATTENDED ? 'borgeren mødte, og samtalen er registreret som holdt' : 'borgeren udeblev';
  return `Fremmødet til samtalen ${danishTime(meeting.startsAt)} er allerede registreret: ${as}. Se samtalen, som den er nu.`;
}

/**
 * Fremmøde is registered once per booking. Read under the plan's lock (writeInPlan), ahead of
 * the held samtale's record: a colleague's registration that committed while this one waited
 * is seen here, so the second of two at the same moment is told that it is registered, with the
 * booking as it is now, and writes nothing.
 */
async function refuseRecordedMeanwhile(m: EntityManager, meeting: BookedMeeting): Promise<void> {
  const now = await m.findOneBy(BookedMeeting, { id: meeting.id });
  if (now && isRecorded(now)) throw conflict(recordedAlready(now), now, SAVED_AS_IN_HISTORY);
}

/**
 * The held samtale an attended booking becomes. A samtale held at the booking's start may be
 * registered on the plan already, with "Registrér opfølgningssamtale": it is the same samtale,
 * and is not counted twice.
 */
async function registerHeldOnce(m: EntityManager, meeting: BookedMeeting, held: FollowUpMeeting): Promise<FollowUpMeeting> {
  try {
    return await m.save(held);
  } catch (err) {
    if (uniqueViolationOf(err) !== HELD_ONCE_INDEX) throw err;
    throw conflict(`En opfølgningssamtale holdt ${danishTime(meeting.startsAt)} er allerede registreret på planen, så samtalen kan ikke registreres som holdt igen. Se planens opfølgningssamtaler.`, null);
  }
}

/**
 * Who took part, as the follow-up samtale lists them: the citizen first (»Borgeren«, as the
 * booking lists its participants and as "Registrér opfølgningssamtale" starts its list), for
 * the citizen was there; then the staff by name, then the guests with their relation.
 */
async function participantNames(ctx: RequestContext, meeting: BookedMeeting): Promise<string[]> {
  const staff = await staffComing(ctx, meeting);
  return [CITIZEN_PARTICIPANT, ...staff.map((u) => u.name), ...meeting.guests.map((g) => `${g.name} (${g.relation})`)];
}

/** The citizen among a held samtale's participants, as staff and the citizen read the list. */
const CITIZEN_PARTICIPANT = 'Borgeren';

/**
 * A booked samtale's participants from the municipality who are still coming, in the order booked:
 * not someone who has left (deactivated), nor a mentor whose grant no longer runs on the
 * samtale's day (cut short after the booking: mentorGrantCoversSamtaleSql, the same rule for
 * the mentor's own view and Min plan). What staff see on the samtale, its calendar file, and the
 * participants a held samtale records.
 */
export async function staffComing(ctx: RequestContext, meeting: Pick<BookedMeeting, 'staffIds' | 'planId' | 'startsAt' | 'status'>): Promise<User[]> {
  const [loaded, access] = await Promise.all([ctx.loaders.user.loadMany(meeting.staffIds), ctx.loaders.planAccess.load(meeting.planId)]);
  const users = loaded.filter((u): u is User => !!u && !(u instanceof Error));
  // Once held or called off, who was booked is what happened: kept as it was.
  if (meeting.status !== MeetingStatus.BOOKED) return users;
  const day = localDate(new Date(meeting.startsAt));
  return users.filter((u) => !u.deactivatedAt && (u.role !== Role.MENTOR || mentorGrantRunsOn(access, u.id, day)));
}
