import type { MeetingMode } from '../plan/plan.enums';
import { MentorNextSamtaleStatus, type MentorNextSamtale } from './mentor-view.types';

/** The plan's latest held samtale: when it was held, the next samtale agreed at it, and whether it is shared with the mentor. */
export interface LatestHeldSamtale {
  id: string;
  heldAt: Date;
  nextMeetingAt: Date;
  sharedWithMentor: boolean;
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
 *  - else the time agreed at that samtale, while it is ahead.
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
  if (latest.nextMeetingAt.getTime() > now.getTime()) return { status: MentorNextSamtaleStatus.AGREED, startsAt: latest.nextMeetingAt, endsAt: null, mode: null };
  return null;
}
