import type { UnitCode, WarningSeverity } from '../../gql/graphql';

/** What the caseload list needs of a plan, flattened from the query. */
export interface CaseRow {
  planId: string;
  citizenName: string;
  programmeType: string;
  daysLeft: number;
  teamCodes: readonly UnitCode[];
  coordinatorName: string | null;
  myStanding: string | null;
  latest: LatestChange | null;
  /** Advarsler from the rules, most serious first (empty when none, or before the rules exist). */
  warnings?: ReadonlyArray<{ severity: WarningSeverity; message: string }>;
}

const SEVERITY_RANK: Readonly<Record<WarningSeverity, number>> = { OVERDUE: 0, WARNING: 1, INFO: 2 };

function warningRank(row: CaseRow): number {
  const worst = row.warnings?.reduce((min, w) => Math.min(min, SEVERITY_RANK[w.severity] ?? 3), 3) ?? 3;
  return worst;
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

export type CaseSort = 'name' | 'daysLeft' | 'latest' | 'warnings';

export interface CaseFilter {
  search: string;
  unit: UnitCode | '';
  sort: CaseSort;
}

/** Lower-case, without accents, for "søg" that finds "Søren" and "soren" alike. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('da-DK')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Mine sager, searched (citizen, coordinator), filtered by a unit on the team, and sorted. */
export function filterCases(rows: readonly CaseRow[], filter: CaseFilter): CaseRow[] {
  const words = fold(filter.search).split(/\s+/).filter(Boolean);
  const matches = rows.filter((row) => {
    if (filter.unit && !row.teamCodes.includes(filter.unit)) return false;
    if (words.length === 0) return true;
    const haystack = fold(`${row.citizenName} ${row.coordinatorName ?? ''}`);
    return words.every((w) => haystack.includes(w));
  });
  const byName = (a: CaseRow, b: CaseRow) => a.citizenName.localeCompare(b.citizenName, 'da');
  const sorted = [...matches];
  if (filter.sort === 'daysLeft') sorted.sort((a, b) => a.daysLeft - b.daysLeft || byName(a, b));
  else if (filter.sort === 'warnings') sorted.sort((a, b) => warningRank(a) - warningRank(b) || (b.warnings?.length ?? 0) - (a.warnings?.length ?? 0) || byName(a, b));
  else if (filter.sort === 'latest') sorted.sort((a, b) => (b.latest?.at ?? '').localeCompare(a.latest?.at ?? '') || byName(a, b));
  else sorted.sort(byName);
  return sorted;
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
