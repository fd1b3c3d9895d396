import { addMonths, AGE_RULES_WISH, closeToFolkepensionRefusal, daysBetween, formatDanishDate } from '@samplan/schema';
import type { Refusal } from './law-types';
import { LOV_1160 } from './sources';

/**
 * The age rules for granting a ressourceforløb under the 2022 rules (lov nr. 1160 af 8.
 * juni 2021, bedre ressourceforløb), judged on the decision date:
 *  - less than 6 years to the folkepension age: none (LAB §112, stk. 3); one who reaches
 *    that point during a forløb finishes it (closeToFolkepensionRefusal, @samplan/schema, which
 *    "Nyt forløb" asks before anything is sent);
 *  - from 50: one ressourceforløb (read here: one decided from the 50th birthday on);
 *  - from 40 until 50: at most 5 years in ressourceforløb in all;
 * each unless the citizen wants the forløb. The years in all count the citizen's earlier
 * ressourceforløb as Samplan knows them, from start to (actual) end; a suspension for
 * barsel is not taken off.
 */

/**
 * Five years in days, the most a citizen from 40 to 50 spends in ressourceforløb in all:
 * the days of five calendar years from their first day in one (1826 or 1827, by the leap
 * days in between), so exactly five years is never "more than 5 years".
 */
function fiveYearsFrom(first: string): number {
  return daysBetween(first, addMonths(first, 60));
}

export interface AgeRuleFacts {
  birthDate: string;
  decisionDate: string;
  startDate: string;
  /** Inclusive. */
  endDate: string;
  /** The citizen's earlier ressourceforløb, ended or not; end dates inclusive. */
  earlier: ReadonlyArray<{ decisionDate: string; startDate: string; endDate: string }>;
}

/** Why the age rules stand in the way of this ressourceforløb, or null. */
export function ageRefusal(f: AgeRuleFacts): Refusal | null {
  // From the birth date and the decision date alone: "Nyt forløb" judges it before sending, in the same words.
  const close = closeToFolkepensionRefusal(f.birthDate, f.decisionDate);
  if (close) return { ...close, source: `LAB §112, stk. 3 (${LOV_1160})` };
  const fifty = addMonths(f.birthDate, 50 * 12);
  if (f.decisionDate >= fifty) {
    const since = f.earlier.find((e) => e.decisionDate >= fifty);
    if (since) {
      return {
        rule: 'ONE_PROGRAMME_FROM_50',
        message: `Borgeren er fyldt 50 år og har allerede haft et ressourceforløb efter det (${formatDanishDate(since.startDate)}–${formatDanishDate(since.endDate)}). Et nyt bevilges kun, hvis borgeren selv ønsker det. ${AGE_RULES_WISH}`,
        source: LOV_1160,
      };
    }
    return null;
  }
  const forty = addMonths(f.birthDate, 40 * 12);
  if (f.decisionDate >= forty) {
    const length = (e: { startDate: string; endDate: string }) => daysBetween(e.startDate, e.endDate) + 1;
    const before = f.earlier.reduce((sum, e) => sum + length(e), 0);
    const first = [f.startDate, ...f.earlier.map((e) => e.startDate)].sort()[0];
    if (before + length(f) > fiveYearsFrom(first)) {
      return {
        rule: 'FIVE_YEARS_FROM_40',
        message: `Borgeren har været i ressourceforløb i ${yearsAndMonths(before)} i alt; med dette forløb bliver det mere end 5 år. For en borger mellem 40 og 50 år bevilges det kun, hvis borgeren selv ønsker det. ${AGE_RULES_WISH}`,
        source: LOV_1160,
      };
    }
  }
  return null;
}

/** "3 år og 4 måneder", from days (a month as 30.44 days). */
function yearsAndMonths(days: number): string {
  const months = Math.round(days / 30.44);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years ? `${years} år` : '';
  const m = rest ? `${rest} ${rest === 1 ? 'måned' : 'måneder'}` : '';
  return [y, m].filter(Boolean).join(' og ') || 'under en måned';
}
