import { formatDateTime } from '../../core/format';

/**
 * What sharing a held samtale with the mentor shows them (docs/domain.md, rule 2): said where
 * the coordinator ticks "Del med mentor", so the choice is made knowing it.
 */
export const SHARED_WITH_MENTOR_HINT = 'Mentor ser tidspunktet, formen og næste samtale, også når den bookes, flyttes eller aflyses (tid og form, ikke dagsorden eller deltagere), men ikke resuméet.';

/**
 * The next samtale as staff see it: the booked one when there is one, because a booking may
 * since have been moved to another day; otherwise the time agreed at the last samtale, which
 * is still to be booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5), unless it was
 * booked as the agreed one (Plan.nextFollowUpBooked): then none, until a new one is agreed.
 */
export interface NextSamtale {
  at: string;
  /** Booked, or only agreed at the last samtale. */
  booked: boolean;
  /** Agreed for a time that has passed with no samtale recorded as held since (the next-samtale warning's case). */
  passed: boolean;
}

export function nextSamtale(
  plan: { nextFollowUpAt?: string | null; nextFollowUpBooked?: boolean | null; nextBookedMeeting?: { startsAt: string } | null },
  now: Date = new Date(),
): NextSamtale | null {
  if (plan.nextBookedMeeting) return { at: plan.nextBookedMeeting.startsAt, booked: true, passed: false };
  // Booked as the agreed samtale and since moved or called off, the agreed time no longer stands.
  if (!plan.nextFollowUpAt || plan.nextFollowUpBooked) return null;
  return { at: plan.nextFollowUpAt, booked: false, passed: new Date(plan.nextFollowUpAt).getTime() < now.getTime() };
}

/** What is said after the time: booked; agreed and still to book; or agreed and gone by without a samtale. */
export function nextSamtaleState(next: NextSamtale): string {
  return next.booked ? 'booket' : next.passed ? 'aftalt, ikke registreret' : 'aftalt, ikke booket';
}

/** "12. januar 2027 kl. 10.00 (booket)", "… (aftalt, ikke booket)", "… (aftalt, ikke registreret)" or "Ikke aftalt". */
export function nextSamtaleText(next: NextSamtale | null): string {
  return next ? `${formatDateTime(next.at)} (${nextSamtaleState(next)})` : 'Ikke aftalt';
}

/**
 * The start of the first samtale booked to begin after `startsAt`, or null: the next samtale
 * already agreed and booked when the one at `startsAt` is registered as held.
 */
export function bookedAfter(startsAt: string, samtaler: ReadonlyArray<{ status: string; startsAt: string }>): string | null {
  const after = new Date(startsAt).getTime();
  const later = samtaler.filter((m) => m.status === 'BOOKED' && new Date(m.startsAt).getTime() > after).map((m) => m.startsAt);
  return later.sort((a, b) => new Date(a).getTime() - new Date(b).getTime())[0] ?? null;
}
