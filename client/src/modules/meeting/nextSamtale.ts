import { formatDateTime } from '../../core/format';

/**
 * The next samtale as staff see it: the booked one when there is one, because a booking may
 * since have been moved to another day; otherwise the time agreed at the last samtale, which
 * is still to be booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).
 */
export interface NextSamtale {
  at: string;
  booked: boolean;
}

export function nextSamtale(plan: { nextFollowUpAt?: string | null; nextBookedMeeting?: { startsAt: string } | null }): NextSamtale | null {
  if (plan.nextBookedMeeting) return { at: plan.nextBookedMeeting.startsAt, booked: true };
  return plan.nextFollowUpAt ? { at: plan.nextFollowUpAt, booked: false } : null;
}

/** "12.01.2027 10.00 (booket)", "… (aftalt, ikke booket)" or "Ikke aftalt". */
export function nextSamtaleText(next: NextSamtale | null): string {
  if (!next) return 'Ikke aftalt';
  return `${formatDateTime(next.at)} (${next.booked ? 'booket' : 'aftalt, ikke booket'})`;
}
