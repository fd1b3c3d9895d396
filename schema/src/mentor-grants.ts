/**
 * A mentor grant gives its mentor access on every day from its first to its last, both
 * included (a day is a Danish calendar day, YYYY-MM-DD). A grant ended early has a new last
 * day and runs until then; one called off is stored as ending the day before its first, so it
 * runs on no day. The one rule for both tiers: who the mentor is on a
 * plan, whom something shared reaches, who takes part in a samtale, what the plan offers to
 * continue from.
 */
export function grantRunsOn(grant: { readonly startDate: string; readonly endDate: string }, day: string): boolean {
  return grant.startDate <= day && day <= grant.endDate;
}
