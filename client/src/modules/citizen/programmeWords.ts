import { todayInDenmark } from '@samplan/schema';
import { formatDate } from '../../core/format';
import type { ProgrammeType } from '../../gql/graphql';

/**
 * The kinds of forløb as Min plan says them to the citizen, in a sentence: one forløb with its
 * article ("et ressourceforløb"), and the kind in general ("Ressourceforløb kan ikke længere
 * begynde"). The staff's labels are names on a card ("Ressourceforløb"), not words in a sentence.
 */
const ONE: Record<ProgrammeType, string> = {
  RESSOURCEFORLOEB: 'et ressourceforløb',
  JOBAFKLARINGSFORLOEB: 'et jobafklaringsforløb',
  HELHEDSORIENTERET: 'et helhedsorienteret forløb',
};

const THE_KIND: Record<ProgrammeType, string> = {
  RESSOURCEFORLOEB: 'Ressourceforløb',
  JOBAFKLARINGSFORLOEB: 'Jobafklaringsforløb',
  HELHEDSORIENTERET: 'Helhedsorienterede forløb',
};

export interface CitizenProgrammeFacts {
  type: ProgrammeType;
  startDate: string;
  endDate: string;
  continuesUnderTransitionRule: boolean;
}

/** "Du er i et ressourceforløb fra 13. december 2025 til 12. december 2027." — or, before its first day, when it begins. */
export function programmeSentence(p: CitizenProgrammeFacts, today: string = todayInDenmark()): string {
  if (p.startDate > today) return `Du begynder i ${ONE[p.type]} den ${formatDate(p.startDate)}. Det varer til ${formatDate(p.endDate)}.`;
  return `Du er i ${ONE[p.type]} fra ${formatDate(p.startDate)} til ${formatDate(p.endDate)}.`;
}

/**
 * For a forløb of a kind that can no longer begin, which goes on under the rules that granted it
 * (a ressourceforløb decided before 1 February 2026): a citizen who heard that the kind was
 * abolished reads that their own runs to its end. Null for any other.
 */
export function transitionSentence(p: CitizenProgrammeFacts): string | null {
  if (!p.continuesUnderTransitionRule) return null;
  return `${THE_KIND[p.type]} kan ikke længere begynde, men dit forløb fortsætter efter de regler, det blev bevilget efter, til det slutter.`;
}

/** When the plan's period is not the forløb's: said under "Planperiode", so it is not read as the end of the forløb. Null when they are the same. */
export function planPeriodSentence(p: CitizenProgrammeFacts, plan: { periodStart: string; periodEnd: string }): string | null {
  if (plan.periodStart === p.startDate && plan.periodEnd === p.endDate) return null;
  return 'Planperioden er den tid, din plan gælder for nu – ikke hele dit forløb.';
}
