import type { EndReason, WarningSeverity } from '../../gql/graphql';

/** What the caseload list needs of a plan, flattened from the query. */
export interface CaseRow {
  planId: string;
  citizenName: string;
  programmeType: string;
  daysLeft: number;
  /** When the programme has ended: its last day and why (the row shows these, not the days left). */
  ended?: { endDate: string; endReason: EndReason | null } | null;
  /** The names of the units on the plan's team. */
  teamNames: readonly string[];
  coordinatorName: string | null;
  /** The coordinator has left (account deactivated, or no coordinator): a caseworker of the team may take over. */
  coordinatorLeft?: boolean;
  myStanding: string | null;
  /** Changes by others since I last marked the plan seen (0: none). */
  unseenChanges?: number;
  latest: LatestChange | null;
  /** Advarsler from the rules, most serious first (empty when none, or before the rules exist). */
  warnings?: ReadonlyArray<{ severity: WarningSeverity; message: string; forReader?: boolean }>;
}

/** The latest change to a plan and who made it. */
export interface LatestChange {
  at: string;
  /** What changed, e.g. "Bostøtte" or a live event's summary. */
  what: string;
  who: string | null;
  unit: string | null;
  /** True when it came from a live event (the summary is a whole sentence). */
  live?: boolean;
}

interface Changed {
  updatedAt: string;
  updatedBy?: { name: string; unit?: { name: string } | null } | null;
}

/** The newest of a plan's own change and its items' changes. */
export function latestOf(candidates: ReadonlyArray<{ item: Changed; what: string; unit?: string | null }>): LatestChange | null {
  let best: LatestChange | null = null;
  for (const { item, what, unit } of candidates) {
    if (!item.updatedAt) continue;
    if (!best || new Date(item.updatedAt).getTime() > new Date(best.at).getTime()) {
      best = { at: item.updatedAt, what, who: item.updatedBy?.name ?? null, unit: unit ?? item.updatedBy?.unit?.name ?? null };
    }
  }
  return best;
}

/**
 * Who has a caseload: plans are coordinated, and teams staffed, by caseworkers. A leader follows
 * the figures, a mentor their own citizens, an administrator the staff: Mine sager would show
 * them a form over "0 sager" (app/App.tsx answers as for any other role's page).
 */
export const hasCaseload = (role: string | null | undefined): boolean => role === 'CASEWORKER';
