import type { Queryable } from '../../core/db/queryable';
import type { MeetingMode } from '../plan/plan.enums';
import { MentorNextSamtaleStatus, type MentorNextSamtale } from './mentor-view.types';

/** The plan's latest held samtale: when it was held, the next samtale agreed at it, and whether it is shared with the mentor. */
export interface LatestHeldSamtale {
  id: string;
  heldAt: Date;
  nextMeetingAt: Date;
  sharedWithMentor: boolean;
  /** Whether its agreed samtale was ever booked as such (agreementBookedSql), whatever became of that booking since. */
  agreementBooked?: boolean;
}

/** A booked samtale of the plan still to end, booked or cancelled: its time and form, never its agenda, participants or notes. */
export interface BookingSeenByRule {
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  status: 'BOOKED' | 'CANCELLED';
  /** When it was last written: for a cancelled one, when it was called off. */
  updatedAt: Date;
  /** The held samtale whose agreed next samtale it is the booking of; null for one booked for something else. */
  agreedAtFollowUpId: string | null;
}

/**
 * The next samtale as the mentor sees it (docs/domain.md, rule 2). The mentor's task is to get
 * the citizen to the samtale (STAR's vejledning om ressourceforløb 2020, afsnit 5.8), so they
 * see the time staff see, not an agreement that a booking has since replaced:
 *  - only when the plan's latest held samtale is shared with them: its agreement is the one
 *    they were told of; a later samtale not shared, and so whatever was agreed or booked after
 *    it, is not theirs to know;
 *  - then the first booked samtale that has not ended (as Plan.nextBookedMeeting), with its
 *    time and form;
 *  - with none booked, the booking of that samtale's agreement called off and still ahead:
 *    "aflyst", with the time called off, rather than the agreed time it replaced. Only a
 *    booking of that agreement: one of something else called off leaves the agreement as it
 *    was, and a mentor told "aflyst" for it would keep the citizen from a samtale that stands;
 *  - else the time agreed at that samtale, while it is ahead and was never booked: once booked
 *    as the agreed samtale it is no longer agreed, also when that booking is moved or called
 *    off (agreementTakenUp).
 */
export function mentorNextSamtale(latest: LatestHeldSamtale | null, bookings: readonly BookingSeenByRule[], now: Date): MentorNextSamtale | null {
  if (!latest?.sharedWithMentor) return null;
  const ahead = bookings.filter((b) => b.endsAt.getTime() > now.getTime());
  const booked = ahead.filter((b) => b.status === 'BOOKED').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  if (booked) return { status: MentorNextSamtaleStatus.BOOKED, startsAt: booked.startsAt, endsAt: booked.endsAt, mode: booked.mode };
  const calledOff = ahead
    .filter((b) => b.status === 'CANCELLED' && b.agreedAtFollowUpId === latest.id)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  if (calledOff) return { status: MentorNextSamtaleStatus.CANCELLED, startsAt: calledOff.startsAt, endsAt: calledOff.endsAt, mode: calledOff.mode };
  if (latest.nextMeetingAt.getTime() > now.getTime() && !agreementTakenUp(latest, bookings)) return { status: MentorNextSamtaleStatus.AGREED, startsAt: latest.nextMeetingAt, endsAt: null, mode: null };
  return null;
}

/**
 * Whether the next samtale agreed at a held samtale was acted on: booked as the agreed one
 * ("Book den aftalte samtale", which links the booking to the held samtale), whatever its
 * booking is now — moved, called off, held or missed. It is then no longer agreed and still to
 * be booked: what stands is the booking, and after a cancellation nothing is agreed until a new
 * time is agreed or booked. A samtale booked for something else leaves the agreement as it is.
 * Citizen, staff and mentor are all told by this rule; SQL reads it as agreementBookedSql.
 */
export function agreementTakenUp(latest: { id: string; agreementBooked?: boolean }, bookings: ReadonlyArray<{ agreedAtFollowUpId: string | null }>): boolean {
  return latest.agreementBooked === true || bookings.some((b) => b.agreedAtFollowUpId === latest.id);
}

/** agreementTakenUp in SQL, for the held samtale `followUp` (a table name or alias of follow_up_meeting). */
export const agreementBookedSql = (followUp: string) => `EXISTS (SELECT 1 FROM booked_meeting agreed_b WHERE agreed_b.agreed_at_follow_up_id = ${followUp}.id)`;

/** A booking of the plan as the rule reads it, with its id: the booking a write replaces. */
export interface PlanBooking extends BookingSeenByRule {
  id: string;
}

/** What the rule reads of one plan: its latest held samtale and its bookings still to end. */
export interface NextSamtaleFacts {
  latest: LatestHeldSamtale | null;
  bookings: PlanBooking[];
}

/** The columns of a held samtale the rule reads, as latestHeldOf takes them. */
export const LATEST_HELD_COLUMNS = `id, held_at, next_meeting_at, shared_with_mentor, ${agreementBookedSql('follow_up_meeting')} AS agreement_booked`;
/** The columns of a booking the rule reads, as bookingOf takes them: never its agenda, participants or notes. */
export const BOOKING_COLUMNS = 'id, starts_at, ends_at, mode, status, updated_at, agreed_at_follow_up_id';
/** The bookings the rule reads, with the time they must end after as `$2`: booked or cancelled, and still to end. */
export const BOOKINGS_READ = `status IN ('BOOKED', 'CANCELLED') AND ends_at > $2`;

export function latestHeldOf(row: Record<string, unknown>): LatestHeldSamtale {
  return { id: row.id as string, heldAt: row.held_at as Date, nextMeetingAt: row.next_meeting_at as Date, sharedWithMentor: row.shared_with_mentor === true, agreementBooked: row.agreement_booked === true };
}

export function bookingOf(row: Record<string, unknown>): PlanBooking {
  return {
    id: row.id as string, startsAt: row.starts_at as Date, endsAt: row.ends_at as Date, mode: row.mode as MeetingMode,
    status: row.status as PlanBooking['status'], updatedAt: row.updated_at as Date, agreedAtFollowUpId: (row.agreed_at_follow_up_id as string | null) ?? null,
  };
}

/**
 * What the rule reads of one plan now. Its two statements are sent at once, so in a write's
 * transaction they read the plan as it was before the write's own statement that follows them.
 */
export async function nextSamtaleFactsOf(db: Queryable, planId: string, now: Date): Promise<NextSamtaleFacts> {
  const [held, bookings]: [Array<Record<string, unknown>>, Array<Record<string, unknown>>] = await Promise.all([
    db.query(`SELECT ${LATEST_HELD_COLUMNS} FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [planId]),
    db.query(`SELECT ${BOOKING_COLUMNS} FROM booked_meeting WHERE plan_id = $1 AND ${BOOKINGS_READ}`, [planId, now]),
  ]);
  return { latest: held[0] ? latestHeldOf(held[0]) : null, bookings: bookings.map(bookingOf) };
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function sameNextSamtale(a: MentorNextSamtale | null, b: MentorNextSamtale | null): boolean {
  if (!a || !b) return a === b;
  return a.status === b.status && sameTime(a.startsAt, b.startsAt) && sameTime(a.endsAt, b.endsAt) && a.mode === b.mode;
}

/**
 * Whether the write of one booking (booked, moved or called off) changes the next samtale the
 * mentor sees: the rule above before it and after it. Only then is the mentor told that the
 * next samtale changed; another samtale booked after the one they see, moved or called off
 * leaves what they see as it was, and a fact of a change they cannot find would send them
 * looking for one, or asking the citizen about a samtale that is not theirs to know of.
 * `before`: the plan as it was before the write; `written`: the booking as the write left it.
 */
export function changesMentorNextSamtale(before: NextSamtaleFacts, written: Omit<PlanBooking, 'status'> & { status: string }, now: Date): boolean {
  const others: PlanBooking[] = before.bookings.filter((b) => b.id !== written.id);
  const after = written.status === 'BOOKED' || written.status === 'CANCELLED' ? [...others, { ...written, status: written.status as PlanBooking['status'] }] : others;
  return !sameNextSamtale(mentorNextSamtale(before.latest, before.bookings, now), mentorNextSamtale(before.latest, after, now));
}
