import { addDays, addMonths, formatDanishDate, lastDayOfPeriod } from './dates.js';
import { lawVersionOn, OWN_PROGRAMME_LONGEST_MONTHS, ownProgrammeLongestMessage, ownProgrammeWithoutFrameTooLongMessage, type LawVersionName } from './law.js';

/**
 * What the law says of a new forløb that follows from its type and its dates alone: whether the
 * law version of its decision date grants the type, how long it may run (within the
 * municipality's own frame for its own forløb), how far its first plan must reach, and whether the
 * citizen's birth date alone stands in the way of a ressourceforløb under the 2022 rules. The server's rules (modules/rules/law) are built from these tables and judge
 * with these functions; "Nyt forløb" checks the same before anything is sent, so a citizen is
 * never registered for a forløb the server then refuses for a reason the form could have told.
 */

export type NewProgrammeType = 'RESSOURCEFORLOEB' | 'JOBAFKLARINGSFORLOEB' | 'HELHEDSORIENTERET';

/** A forløb's own date ahead of today: a decision is recorded once it is taken. Both tiers say it in these words, at the field. */
export const DECISION_DATE_AHEAD_MESSAGE = 'Afgørelsesdatoen kan ikke ligge frem i tiden.';

/** The citizen's consent to a joint plan is recorded once given. Both tiers say it in these words, at the field. */
export const CONSENT_AHEAD_MESSAGE = 'Samtykket kan ikke ligge frem i tiden.';

/** RESSOURCEFORLOEB_ABOLISHED: no new ressourceforløb with a decision from 1 February 2026 (lov nr. 1750 af 29. december 2025). */
export const RESSOURCEFORLOEB_ABOLISHED_MESSAGE =
  'Ressourceforløb er afskaffet for nye forløb med afgørelse fra 1. februar 2026 (lov nr. 1750 af 29. december 2025). Igangværende forløb afsluttes efter de regler, de blev bevilget efter; brug et helhedsorienteret forløb.';

/** PROGRAMME_TYPE_NOT_IN_FORCE: the municipality's own forløb came with the reform, so it has no decision before it. */
export const OWN_PROGRAMME_NOT_IN_FORCE_MESSAGE =
  'Et helhedsorienteret forløb er kommunens egen forløbstype efter reformen og kan først have en afgørelsesdato fra 1. februar 2026 (lov nr. 1750 af 29. december 2025).';

/**
 * A type the law version of the decision date does not grant, with the server's rule and words
 * (RULE_VIOLATION at Afgørelsesdato); null when it is granted, or no decision date is given.
 */
export function programmeTypeRefusal(
  type: string,
  decisionDate: string | null | undefined,
): { rule: 'RESSOURCEFORLOEB_ABOLISHED' | 'PROGRAMME_TYPE_NOT_IN_FORCE'; message: string } | null {
  if (!decisionDate) return null;
  const version = lawVersionOn(decisionDate);
  if (type === 'RESSOURCEFORLOEB' && version === 'REFORM_2026') return { rule: 'RESSOURCEFORLOEB_ABOLISHED', message: RESSOURCEFORLOEB_ABOLISHED_MESSAGE };
  if (type === 'HELHEDSORIENTERET' && version !== 'REFORM_2026') return { rule: 'PROGRAMME_TYPE_NOT_IN_FORCE', message: OWN_PROGRAMME_NOT_IN_FORCE_MESSAGE };
  return null;
}

/** Length bounds of a programme type under one law version, in months (a year is 12). */
export interface ProgrammeLength {
  minMonths: number | null;
  /** A number, or 'MUNICIPALITY': the municipality's own setting (none: no bound). */
  maxMonths: number | 'MUNICIPALITY' | null;
  /** Danish name of the type in messages ("et ressourceforløb"). */
  what: string;
}

const JOBAFKLARING: ProgrammeLength = { minMonths: null, maxMonths: 24, what: 'et jobafklaringsforløb' };

/**
 * The lengths by law version and type (null: none granted, or no bound):
 *  - a ressourceforløb 1 to 5 years at a time under the 2013 rules, 1 to 3 years from 2022
 *    (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; lov nr. 1160 af 8. juni 2021);
 *  - a jobafklaringsforløb up to 2 years at a time (LAB kapitel 18);
 *  - the municipality's own forløb within the municipality's own frame (lov nr. 1750 af 29.
 *    december 2025).
 */
export const PROGRAMME_LENGTHS: Readonly<Record<LawVersionName, Readonly<Record<NewProgrammeType, ProgrammeLength | null>>>> = {
  RULES_2013: {
    RESSOURCEFORLOEB: { minMonths: 12, maxMonths: 60, what: 'et ressourceforløb' },
    JOBAFKLARINGSFORLOEB: JOBAFKLARING,
    HELHEDSORIENTERET: null,
  },
  RULES_2022: {
    RESSOURCEFORLOEB: { minMonths: 12, maxMonths: 36, what: 'et ressourceforløb' },
    JOBAFKLARINGSFORLOEB: JOBAFKLARING,
    HELHEDSORIENTERET: null,
  },
  REFORM_2026: {
    RESSOURCEFORLOEB: null,
    JOBAFKLARINGSFORLOEB: JOBAFKLARING,
    HELHEDSORIENTERET: { minMonths: null, maxMonths: 'MUNICIPALITY', what: 'et helhedsorienteret forløb' },
  },
};

/**
 * Whether the age rules of the 2022 rules hold when a forløb of the type is granted under the
 * version (lov nr. 1160 af 8. juni 2021): a ressourceforløb decided under them. The server's rules
 * (rules/law, `ageRules`) are built from this table.
 */
export const AGE_RULES_APPLY: Readonly<Record<LawVersionName, Readonly<Record<NewProgrammeType, boolean>>>> = {
  RULES_2013: { RESSOURCEFORLOEB: false, JOBAFKLARINGSFORLOEB: false, HELHEDSORIENTERET: false },
  RULES_2022: { RESSOURCEFORLOEB: true, JOBAFKLARINGSFORLOEB: false, HELHEDSORIENTERET: false },
  REFORM_2026: { RESSOURCEFORLOEB: false, JOBAFKLARINGSFORLOEB: false, HELHEDSORIENTERET: false },
};

/**
 * The folkepension age by birth date, in months (lov om social pension §1 a, with the raises
 * enacted so far: 65½ and 66 for those born in 1954, 66½ in the first half of 1955, 67 for those
 * born from July 1955 to 1962, 68 for 1963–1966, 69 for 1967–1970, 70 from 1971).
 */
export function folkepensionAgeMonths(birthDate: string): number {
  if (birthDate < '1954-01-01') return 65 * 12;
  if (birthDate < '1954-07-01') return 65 * 12 + 6;
  if (birthDate < '1955-01-01') return 66 * 12;
  if (birthDate < '1955-07-01') return 66 * 12 + 6;
  if (birthDate < '1963-01-01') return 67 * 12;
  if (birthDate < '1967-01-01') return 68 * 12;
  if (birthDate < '1971-01-01') return 69 * 12;
  return 70 * 12;
}

/** What every refusal by the age rules ends with: the citizen's own wish lifts them. */
export const AGE_RULES_WISH = 'Registrér forløbet som borgerens eget ønske, hvis borgeren selv ønsker det.';

/**
 * CLOSE_TO_FOLKEPENSION: less than 6 years to the folkepension age on the decision date, no
 * ressourceforløb unless the citizen wants it (LAB §112, stk. 3, lov nr. 1160 af 8. juni 2021);
 * one who reaches that point during a forløb finishes it. Judged from the birth date and the
 * decision date alone, where AGE_RULES_APPLY: the server when the forløb is registered, "Nyt
 * forløb" before anything is sent, at "Borgerens eget ønske", in these words. Null when it does not
 * stand in the way.
 */
export function closeToFolkepensionRefusal(birthDate: string, decisionDate: string): { rule: 'CLOSE_TO_FOLKEPENSION'; message: string } | null {
  const pensionAt = addMonths(birthDate, folkepensionAgeMonths(birthDate));
  if (decisionDate <= addMonths(pensionAt, -72)) return null;
  return {
    rule: 'CLOSE_TO_FOLKEPENSION',
    message: `Borgeren havde på afgørelsesdatoen mindre end 6 år til folkepensionsalderen (${formatDanishDate(pensionAt)}). Et ressourceforløb iværksættes kun, hvis borgeren selv ønsker det. ${AGE_RULES_WISH}`,
  };
}

/**
 * The plan period a new plan covers at least, in months, or to the forløb's end: a ressourceforløb
 * under the 2013 and 2022 rules, "mindst 6 måneder ad gangen" (STAR’s vejledning om ressourceforløb
 * 2020, afsnit 5.3). No other forløb has a minimum.
 */
export const PLAN_PERIOD_MIN_MONTHS: Readonly<Record<LawVersionName, Readonly<Record<NewProgrammeType, number | null>>>> = {
  RULES_2013: { RESSOURCEFORLOEB: 6, JOBAFKLARINGSFORLOEB: null, HELHEDSORIENTERET: null },
  RULES_2022: { RESSOURCEFORLOEB: 6, JOBAFKLARINGSFORLOEB: null, HELHEDSORIENTERET: null },
  REFORM_2026: { RESSOURCEFORLOEB: null, JOBAFKLARINGSFORLOEB: null, HELHEDSORIENTERET: null },
};

const years = (months: number) => (months % 12 === 0 ? `${months / 12} år` : `${months} måneder`);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Whether an end date keeps within the bounds, with inclusive end dates: a 1-year forløb
 * ends on start + 1 year − 1 day at the earliest, a 5-year one on start + 5 years − 1 day
 * at the latest. Suspended days (barsel) do not count toward the length. `ownMaxMonths` is the
 * municipality's own frame where the bound is its ('MUNICIPALITY'; null: none set, no bound here).
 * Both tiers judge it so, in these words (RULE_VIOLATION PROGRAMME_TOO_LONG, PROGRAMME_TOO_SHORT).
 */
export function lengthProblem(
  spec: ProgrammeLength,
  start: string,
  end: string,
  suspendedDays: number,
  ownMaxMonths: number | null,
): { code: 'PROGRAMME_TOO_SHORT' | 'PROGRAMME_TOO_LONG'; message: string; months: number; lastDay: string } | null {
  const counted = addDays(end, -suspendedDays);
  const max = spec.maxMonths === 'MUNICIPALITY' ? ownMaxMonths : spec.maxMonths;
  if (max != null && counted > lastDayOfPeriod(start, max)) {
    const lastDay = lastDayOfPeriod(start, max);
    return { code: 'PROGRAMME_TOO_LONG', months: max, lastDay, message: `${capital(spec.what)} kan højst vare ${years(max)} ad gangen (til og med ${formatDanishDate(lastDay)}${suspendedDays ? ' plus perioder med barsel' : ''}).` };
  }
  if (spec.minMonths != null && counted < lastDayOfPeriod(start, spec.minMonths)) {
    const lastDay = lastDayOfPeriod(start, spec.minMonths);
    return { code: 'PROGRAMME_TOO_SHORT', months: spec.minMonths, lastDay, message: `${capital(spec.what)} skal vare mindst ${years(spec.minMonths)} (til og med ${formatDanishDate(lastDay)}).` };
  }
  return null;
}

/**
 * The length of a forløb where it is written (a new one, or the municipality's own moved later):
 * the law's bounds (lengthProblem), and for the municipality's own forløb the municipality's frame
 * (`ownMaxMonths`), or, where it has set none (null), the widest frame a leader can set
 * (OWN_PROGRAMME_LONGEST_MONTHS), in words that say the municipality has set none. `undefined`:
 * the frame is not known (a form that could not read the setting), so only the widest frame, in
 * words true whatever the frame is. `widest`: refused by that frame, Samplan's own bound, not the
 * law's. Both tiers judge it so, in these words (RULE_VIOLATION PROGRAMME_TOO_LONG or
 * PROGRAMME_TOO_SHORT, at the end date).
 */
export function frameLengthProblem(
  spec: ProgrammeLength,
  start: string,
  end: string,
  ownMaxMonths: number | null | undefined,
): { code: 'PROGRAMME_TOO_SHORT' | 'PROGRAMME_TOO_LONG'; message: string; widest: boolean } | null {
  const problem = lengthProblem(spec, start, end, 0, ownMaxMonths ?? null);
  if (problem) return { code: problem.code, message: problem.message, widest: false };
  if (spec.maxMonths !== 'MUNICIPALITY' || ownMaxMonths != null || end <= lastDayOfPeriod(start, OWN_PROGRAMME_LONGEST_MONTHS)) return null;
  return { code: 'PROGRAMME_TOO_LONG', message: ownMaxMonths === null ? ownProgrammeWithoutFrameTooLongMessage(start) : ownProgrammeLongestMessage(start), widest: true };
}

/**
 * The longest the municipality's own forløb may run, as "Nyt forløb" says it at Slutdato before an
 * end date is chosen: the municipality's frame (`ownMaxMonths`), or, where it has set none (null),
 * the widest frame a leader can set; with the last day allowed once the start is known, counted as
 * frameLengthProblem counts it. Null where the frame is not known (undefined).
 */
export function ownProgrammeLongestHint(start: string | null, ownMaxMonths: number | null | undefined): string | null {
  if (ownMaxMonths === undefined) return null;
  const months = ownMaxMonths ?? OWN_PROGRAMME_LONGEST_MONTHS;
  const until = start ? ` (til og med ${formatDanishDate(lastDayOfPeriod(start, months))})` : '';
  return ownMaxMonths === null
    ? `Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb; et helhedsorienteret forløb kan højst vare ${years(months)}${until}, den længste ramme en kommune kan fastsætte.`
    : `Kommunens ramme: et helhedsorienteret forløb kan højst vare ${years(months)} ad gangen${until}.`;
}

/**
 * A plan period set for a forløb: after its start, not past the forløb's end (the plan is the
 * forløb's), and, where the law sets `minMonths`, at least that many months from today or its
 * start, whichever is later — or to the forløb's end. A period set today for exactly 6 months ends
 * on today + 6 months − 1 day. Both tiers judge it so, in these words, at the period's end
 * (RULE_VIOLATION PLAN_PERIOD_TOO_SHORT for the minimum). Null when the period may be set.
 */
export function planPeriodProblem(
  p: { periodStart: string; periodEnd: string; programmeEnd: string; minMonths: number | null },
  today: string,
): { rule: 'PLAN_PERIOD_TOO_SHORT' | null; message: string } | null {
  if (p.periodEnd <= p.periodStart) return { rule: null, message: 'Planperioden skal slutte efter den starter.' };
  if (p.periodEnd > p.programmeEnd) return { rule: null, message: `Planperioden kan ikke slutte efter forløbet (${formatDanishDate(p.programmeEnd)}).` };
  if (!p.minMonths) return null;
  const needed = lastDayOfPeriod(p.periodStart > today ? p.periodStart : today, p.minMonths);
  if (p.periodEnd >= needed || p.periodEnd >= p.programmeEnd) return null;
  return {
    rule: 'PLAN_PERIOD_TOO_SHORT',
    message: `Planen skal fastsættes for mindst ${p.minMonths} måneder ad gangen (til og med ${formatDanishDate(needed)}) eller til forløbets slutning (${formatDanishDate(p.programmeEnd)}).`,
  };
}

/**
 * End reasons that need no decision on what follows: there is nothing to follow here (the
 * citizen died or moved), or the law ends the forløb itself (a jobafklaringsforløb ends when the
 * citizen is declared fit, LAB kapitel 18; the sickness benefit it replaced is over, with no
 * municipal decision to take). With any other reason a forløb is ended only once the decision on
 * what follows is taken — a proposal is no decision (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 6.5): the server refuses it (NEXT_STEP_NOT_DECIDED), and "Afslut forløb" says so first.
 */
export const END_REASONS_WITHOUT_NEXT_STEP: readonly string[] = ['DEATH', 'MOVED', 'FIT_FOR_WORK'];

/** NEXT_STEP_NOT_DECIDED: the server's words, which "Afslut forløb" uses before anything is sent. */
export const NEXT_STEP_NOT_DECIDED_MESSAGE = 'Træf beslutning om indsatsen efter forløbet, før forløbet afsluttes.';
