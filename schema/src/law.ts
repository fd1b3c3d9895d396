import { addDays, formatDanishDate, lastDayOfPeriod } from './dates.js';
import { charCount, tooLongMessage } from './words.js';

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
 * ressourceforløb 2020, afsnit 6.3), so one ended after that day ends on it. One ended on its
 * first day ran that day: a forløb of one day. One ended before its first day is stopped before
 * it began (stopsBeforeStart): it ran on no day, and is stored with its start day as its end and
 * marked so (Programme.stoppedBeforeStart). The server saves this day, and the form's hint and
 * question name it, so the caseworker confirms the day that is saved.
 */
export function endedOnWhenNoDate(today: string, programme: { startDate: string; endDate: string }): string {
  if (today <= programme.startDate) return programme.startDate;
  return today < programme.endDate ? today : programme.endDate;
}

/**
 * Whether a forløb ended today with "Afsluttes pr." left empty is stopped before it began: its
 * first day has not come. It then ran on no day, and is neither a forløb the citizen has had
 * (the age rules, the count of jobafklaringsforløb) nor one the key figures count. Ended on its
 * first day, it ran that day.
 */
export function stopsBeforeStart(today: string, programme: { startDate: string }): boolean {
  return today < programme.startDate;
}

/**
 * "Afsluttes pr." a day before the forløb's first day: a forløb is ended as of its first day at
 * the earliest (then it ran one day). One not begun yet is stopped before it begins by leaving the
 * field empty. Both tiers say it in these words, at the field: the form before sending, the server
 * on refusal.
 */
export function endsBeforeStartMessage(startDate: string): string {
  return `Et forløb afsluttes tidligst pr. sin første dag, ${formatDanishDate(startDate)}; afsluttet den dag har det varet én dag. Er forløbet ikke begyndt endnu, så lad feltet stå tomt: så stoppes det, før det begynder.`;
}

/**
 * A forløb and its decision (afgørelsesdato), by type:
 *  - a ressourceforløb is granted by the municipality's decision, after the rehabiliteringsteam
 *    (STAR’s vejledning om ressourceforløb 2020, afsnit 3 and 5.2), which fixes its period (afsnit
 *    6.3): it runs from the decision's day or later, never before it was granted. The
 *    municipality's own helhedsorienteret forløb likewise (its own frame, lov nr. 1750 af 29.
 *    december 2025);
 *  - a jobafklaringsforløb is a right that follows from lov om sygedagpenge when the sygedagpenge
 *    cannot be extended (§ 24 a: from the day set there, e.g. after the employer's period), so it
 *    may have begun before the municipality's decision on it. The decision is still taken while
 *    it runs: not after its last day.
 * Both tiers judge it in these words, at the field: the form before sending, the server on
 * refusal (RULE_VIOLATION PROGRAMME_STARTS_BEFORE_DECISION, PROGRAMME_DECIDED_AFTER_END).
 * Null when the dates agree, or one of them is missing.
 */
export function decisionDateProblem(
  type: string,
  p: { decisionDate?: string | null; startDate?: string | null; endDate?: string | null },
): { rule: 'PROGRAMME_STARTS_BEFORE_DECISION' | 'PROGRAMME_DECIDED_AFTER_END'; field: 'startDate' | 'decisionDate'; message: string } | null {
  if (!p.decisionDate) return null;
  if (type === 'JOBAFKLARINGSFORLOEB') {
    if (!p.endDate || p.decisionDate <= p.endDate) return null;
    return {
      rule: 'PROGRAMME_DECIDED_AFTER_END',
      field: 'decisionDate',
      message: `Afgørelsen om jobafklaringsforløbet kan ikke ligge efter forløbets slutdato, ${formatDanishDate(p.endDate)}. Et jobafklaringsforløb kan være begyndt før afgørelsen (lov om sygedagpenge § 24 a), men det besluttes, mens det løber. Ret afgørelsesdatoen eller slutdatoen.`,
    };
  }
  if (!p.startDate || p.startDate >= p.decisionDate) return null;
  const what = type === 'HELHEDSORIENTERET' ? 'Et helhedsorienteret forløb' : 'Et ressourceforløb';
  return {
    rule: 'PROGRAMME_STARTS_BEFORE_DECISION',
    field: 'startDate',
    message: `Forløbet kan tidligst starte på afgørelsesdatoen, ${formatDanishDate(p.decisionDate)}. ${what} bevilges ved kommunens afgørelse og kan ikke løbe, før det er bevilget. Ret startdatoen, eller afgørelsesdatoen, hvis den er skrevet forkert.`,
  };
}

/**
 * The longest frame a municipality can set for its helhedsorienterede forløb, in months (the
 * leader's setting, 1–120). Where the municipality has set none, a forløb is held to this one,
 * so a forløb without a frame is never longer than one under the widest frame there can be: a
 * mistyped year (2036 for 2026) is refused, not granted as ten years more.
 */
export const OWN_PROGRAMME_LONGEST_MONTHS = 120;

/**
 * A helhedsorienteret forløb past the widest frame there can be, at the end date: true whatever
 * frame the municipality has set, so the form says it without knowing the frame.
 */
export function ownProgrammeLongestMessage(startDate: string): string {
  return `Et helhedsorienteret forløb kan højst vare ${OWN_PROGRAMME_LONGEST_MONTHS / 12} år (til og med ${formatDanishDate(lastDayOfPeriod(startDate, OWN_PROGRAMME_LONGEST_MONTHS))}), den længste ramme en kommune kan fastsætte.`;
}

/** The server's refusal of the same where the municipality has set no frame: said so first, then the words the form uses. */
export function ownProgrammeWithoutFrameTooLongMessage(startDate: string): string {
  return `Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb. ${ownProgrammeLongestMessage(startDate)}`;
}

/** The longest reason given for prolonging a helhedsorienteret forløb (a few sentences, not a case note). */
export const EXTENSION_REASON_MAX = 500;

/**
 * Prolonging the municipality's own forløb (a later end date, "Ret slutdato"): within the
 * municipality's longest length when it has set one. Where it has set none, nothing says how long
 * such a forløb may run, so each prolongation states its reason, which is kept in the plan's
 * history with the change: the coordinator's decision on the length is on record, for the
 * citizen's next caseworker, a leader or an appeal. A reason belongs to a prolongation: given
 * with no later end date, it is refused rather than lost. Both tiers say it in these words, at the
 * field Begrundelse for forlængelsen: the form before sending where it knows (it does not know the
 * municipality's frame), the server on refusal (RULE_VIOLATION PROGRAMME_EXTENSION_NEEDS_REASON).
 */
export const EXTENSION_NEEDS_REASON_MESSAGE =
  'Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb, så forlængelsen skal begrundes: skriv, hvorfor borgeren har brug for mere tid. Begrundelsen står i planens historik.';

/** A reason for prolonging, checked as it will be stored (trimmed); null when it may be sent. */
export function extensionReasonProblem(reason: string | null | undefined, prolongs: boolean): string | null {
  const text = (reason ?? '').trim();
  if (charCount(text) > EXTENSION_REASON_MAX) return tooLongMessage('Begrundelsen', EXTENSION_REASON_MAX, text);
  if (text && !prolongs) return 'En begrundelse for forlængelse gives, når slutdatoen flyttes senere. Vælg en senere slutdato, eller slet begrundelsen.';
  return null;
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

/** The longest reason an intervention's end or annulment is given (a few sentences, not a case note). */
export const INTERVENTION_END_REASON_MAX = 500;

/**
 * Why an intervention was set to "Afsluttet" or "Annulleret", in the owning unit's words. An
 * annulled one never took place, so the plan would otherwise show an intervention that simply
 * stopped with nothing to tell the rest of the team, the citizen's next caseworker or an appeal
 * why: the reason is asked. One ended has its end date and usually ended as planned: the reason
 * may be given (the goal reached, the citizen moved on to a job). Any other status has none: the
 * reason belongs to the ending, and one set going again loses it. Both tiers say it in these
 * words, at the field Begrundelse: the form before sending, the server on refusal. The reason is
 * judged as it will be stored (trimmed). Null when status and reason agree.
 */
export function interventionEndReasonProblem(status: string | null | undefined, reason: string | null | undefined): string | null {
  const text = (reason ?? '').trim();
  if (charCount(text) > INTERVENTION_END_REASON_MAX) return tooLongMessage('Begrundelsen', INTERVENTION_END_REASON_MAX, text);
  if (status === 'CANCELLED' && !text) return 'Skriv, hvorfor indsatsen annulleres.';
  if (text && status !== 'COMPLETED' && status !== 'CANCELLED') return 'En begrundelse gives, når indsatsen afsluttes eller annulleres. Vælg status Afsluttet eller Annulleret, eller slet begrundelsen.';
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
