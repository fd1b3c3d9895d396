import { addDays, lastDayOfPeriod } from '@samplan/schema';

/** The dates of a mentor grant, as the plan shows them. */
export interface GrantPeriod {
  startDate: string;
  endDate: string;
  endedEarly: boolean;
}

/**
 * A grant is running on `day` (YYYY-MM-DD) from its start to its end. One ended early
 * counts as over at once on the plan, although the server lets the mentor in until its
 * new last day: the coordinator has closed it and shares nothing more under it.
 */
export function isActiveGrant(grant: GrantPeriod, day: string): boolean {
  return grant.startDate <= day && grant.endDate >= day && !grant.endedEarly;
}

/**
 * The last day of a grant of at most 6 months starting on `start` (YYYY-MM-DD): the day
 * before the same day 6 months on, counted as the server counts "the first 6 months"
 * (31 August → 28 February: no 31 February, so the period runs to February's end).
 */
export function sixMonthsEnd(start: string): string {
  return lastDayOfPeriod(start, 6);
}

/**
 * A new period starts the day after the running grant ends, so that the two do not overlap
 * and the new one gets its full six months (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 7); a first grant, or one after a gap, starts today.
 */
export function grantStart(today: string, previousEnd?: string): string {
  return previousEnd && previousEnd >= today ? addDays(previousEnd, 1) : today;
}
