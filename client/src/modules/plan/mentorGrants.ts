import { addDays, grantRunsOn, lastDayOfPeriod } from '@samplan/schema';

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
  return grantRunsOn(grant, day) && !grant.endedEarly;
}

/**
 * Whether a mentor has access on `day`, by the server's rule: a grant runs from its start to its
 * last day, one ended early too (until its new last day, which may be today). What is shared with
 * the mentor reaches them then, and can be taken back from them.
 */
export function mentorHasAccess(grants: readonly GrantPeriod[], day: string): boolean {
  return grantsGivingAccess(grants, day).length > 0;
}

/** The grants that give their mentor access on `day` (mentorHasAccess): those a new period continues from its next day. */
export function grantsGivingAccess<G extends Pick<GrantPeriod, 'startDate' | 'endDate'>>(grants: readonly G[], day: string): G[] {
  return grants.filter((g) => grantRunsOn(g, day));
}

/**
 * Whether the coordinator may still end the grant, or end it earlier: its last day has not
 * passed, and it was not called off (stored as ending the day before its first, it runs on no
 * day). One ended early counts here though it is over on the plan (isActiveGrant): while its
 * last day is ahead or today, the server takes an earlier one still, down to yesterday to cut
 * the mentor's access at once (docs/domain.md §6).
 */
export function mayEndGrant(grant: GrantPeriod, day: string): boolean {
  return grant.endDate >= day && grant.endDate >= grant.startDate;
}

/**
 * Whether ending it calls it off as a whole (its last day the day before its first, so the
 * mentor's access ends at once): a grant not begun on `day`, or begun that very day with nothing
 * logged under it. A mentor picked by mistake must not read the citizen for the rest of the day
 * (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8); a task logged keeps the grant to
 * its day at least (MENTOR_GRANT_ENDS_BEFORE_TASK), so then it is ended, not called off.
 */
export function mayCallOffGrant(grant: Pick<GrantPeriod, 'startDate'>, day: string, tasksLogged: boolean): boolean {
  return grant.startDate >= day && !tasksLogged;
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
