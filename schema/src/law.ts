import { addDays, formatDanishDate, lastDayOfPeriod } from './dates.js';

/**
 * The law versions by the first decision day (afgørelsesdato) they govern. A programme
 * is governed by the version in force on its decision date and finishes under it. The
 * server's rules (rules/law) and the client's forms read their dates from this one table.
 */
export const LAW_VERSION_FIRST_DAYS = {
  /** The reform of førtidspension og fleksjob. */
  RULES_2013: '2013-01-01',
  /** Lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb). */
  RULES_2022: '2022-01-01',
  /** Lov nr. 1750 af 29. december 2025: no new ressourceforløb from this day. */
  REFORM_2026: '2026-02-01',
} as const;

export type LawVersionName = keyof typeof LAW_VERSION_FIRST_DAYS;

/** The version in force on a 'YYYY-MM-DD' day: the last one whose first day is on or before it (the first covers anything earlier). */
export function lawVersionOn(day: string): LawVersionName {
  let found: LawVersionName = 'RULES_2013';
  for (const [version, first] of Object.entries(LAW_VERSION_FIRST_DAYS) as [LawVersionName, string][]) {
    if (first <= day) found = version;
  }
  return found;
}

/** The act behind each law version, as the schema's LawVersion descriptions, the plan page and messages cite it. */
export const LAW_VERSION_LAWS: Record<LawVersionName, string> = {
  RULES_2013: 'reformen af førtidspension og fleksjob',
  RULES_2022: 'lov nr. 1160 af 8. juni 2021',
  REFORM_2026: 'lov nr. 1750 af 29. december 2025',
};

/**
 * A step on what follows that the law no longer offers, chosen with a decision day after the
 * last day it was offered: both tiers say it in these words (the form before sending, the
 * server on refusal), citing the law in force from the day after. A decision taken in time
 * and recorded later still stands.
 */
export function stepOfferedUntilMessage(stepLabel: string, lastDay: string): string {
  const law = LAW_VERSION_LAWS[lawVersionOn(addDays(lastDay, 1))];
  return `${stepLabel} kan kun besluttes til og med ${formatDanishDate(lastDay)} (${law}). Vælg en anden indsats, eller ret datoen, hvis beslutningen blev truffet før.`;
}

/**
 * "Afsluttes pr." a day ahead: ending takes effect at once (the plan closes, the samtaler booked
 * after now are called off, the mentor's access ends), so a forløb is ended as of today or a day
 * gone by. Both tiers say it in these words (the form before sending, the server on refusal).
 */
export function endsAheadMessage(endDate: string): string {
  return `Et forløb afsluttes pr. i dag eller en dag, der er gået, for afslutningen gælder med det samme. Skal forløbet slutte ${formatDanishDate(endDate)}, så ret slutdatoen nu, og afslut forløbet den dag.`;
}

/**
 * The last day saved when a forløb is ended with "Afsluttes pr." left empty: today, but never
 * past its end date, for its length is fixed in the decision (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 6.3), so one ended after that day ends on it; one ended on or
 * before its first day never ran and ends on its start day. The server saves this day, and the
 * form's hint and question name it, so the caseworker confirms the day that is saved.
 */
export function endedOnWhenNoDate(today: string, programme: { startDate: string; endDate: string }): string {
  if (today <= programme.startDate) return programme.startDate;
  return today < programme.endDate ? today : programme.endDate;
}

/**
 * "Afsluttes pr." a day after the end date of a ressourceforløb or jobafklaringsforløb: the
 * forløb's length is fixed in the decision and cannot be extended (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 6.3), so it ends on its end date at the latest, also when the
 * decision on what follows came after it. Both tiers say it in these words, at the field: the
 * form before sending, the server on refusal (PROGRAMME_ENDS_AFTER_END_DATE).
 */
export function endsAfterEndDateMessage(endDate: string): string {
  const last = formatDanishDate(endDate);
  return `Forløbet afsluttes senest pr. sin slutdato, ${last}, for dets længde er fastsat i afgørelsen og kan ikke forlænges. Vælg en dag til og med ${last}, eller lad feltet stå tomt, så afsluttes det pr. ${last}.`;
}

/**
 * An intervention marked "Afsluttet" (COMPLETED) has ended, on its end date, and that day has
 * come: the plan is the record of what was done, the card and the printed plan say "Afsluttet"
 * with the day, and the key figures count a company-based intervention's days up to it. Without
 * one the card reads "– ikke fastsat"; with a day ahead it says ended what is still running.
 * Both tiers say it in these words, at the field Slutdato: the form before sending, the server
 * on refusal. Null when the status and end date agree (any status other than Afsluttet may have
 * none, or one ahead).
 */
export function endedInterventionEndProblem(status: string | null | undefined, endDate: string | null | undefined, today: string): string | null {
  if (status !== 'COMPLETED') return null;
  if (!endDate) return 'Angiv slutdatoen: den dag, indsatsen sluttede.';
  if (endDate > today) {
    return `Slutdatoen for en afsluttet indsats er i dag eller en dag, der er gået. Skal indsatsen først slutte ${formatDanishDate(endDate)}, så behold dens nuværende status, og sæt den til Afsluttet den dag.`;
  }
  return null;
}

/**
 * Ordinære løntimer are paid hours at an employer, agreed as so many hours a week: the key
 * figures add them up per person, and one without its hours would be counted as none. They are
 * stated when the intervention is created, when it is set to Aktiv, and whenever its hours are
 * changed. Both tiers say it in these words, at the field Timer om ugen: the form before
 * sending, the server on refusal. Null for any other kind, or with hours above 0.
 */
export function ordinaryHoursProblem(kind: string | null | undefined, hoursPerWeek: number | null | undefined): string | null {
  if (kind !== 'ORDINARY_HOURS' || (typeof hoursPerWeek === 'number' && hoursPerWeek > 0)) return null;
  return 'Angiv timer om ugen for de ordinære løntimer (mere end 0).';
}

/**
 * Mentor support is granted within the forløb it supports: a grant belongs to its programme, and
 * the mentor's access ends with the forløb, so days outside it would be granted on paper only.
 * A grant's days lie between the forløb's first and last day.
 * Both tiers say it in these words, at the field: the form before sending, the server on refusal.
 */
export function mentorGrantOutsideProgramme(
  grant: { startDate: string; endDate: string },
  programme: { startDate: string; endDate: string },
): { field: 'startDate' | 'endDate'; message: string } | null {
  if (grant.startDate && grant.startDate < programme.startDate) {
    return { field: 'startDate', message: `Mentorstøtten kan tidligst begynde den dag, forløbet begynder (${formatDanishDate(programme.startDate)}).` };
  }
  if (grant.startDate && grant.startDate > programme.endDate) {
    return { field: 'startDate', message: `Mentorstøtten skal begynde, før forløbet slutter (${formatDanishDate(programme.endDate)}).` };
  }
  if (grant.endDate && grant.endDate > programme.endDate) {
    return { field: 'endDate', message: `Mentorstøtten kan højst vare, til forløbet slutter (${formatDanishDate(programme.endDate)}).` };
  }
  return null;
}

/**
 * The longest period of barsel registered in one: two years, twice what barselsloven gives a
 * parent for one child (it is longer only by weeks, for a child in hospital). A period of years
 * is a mistyped year, which would move the forløb's end date as far. Two years as the calendar
 * counts them (730 or 731 days, by the leap day), as every period in Samplan (lastDayOfPeriod).
 */
export const MAX_SUSPENSION_MONTHS = 24;

/** The last day a period of barsel beginning `fromDate` may run to. */
export function latestSuspensionEnd(fromDate: string): string {
  return lastDayOfPeriod(fromDate, MAX_SUSPENSION_MONTHS);
}

/** The refusal of a longer period, in the same words on both tiers (the form's field, the server's toDate). */
export function suspensionTooLongMessage(fromDate: string): string {
  return `En periode med barsel kan højst vare 2 år: fra ${formatDanishDate(fromDate)} til og med ${formatDanishDate(latestSuspensionEnd(fromDate))}. Er det barsel med to børn, så registrér en periode for hvert.`;
}
