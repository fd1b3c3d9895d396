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
