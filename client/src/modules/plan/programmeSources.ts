import { citedFor, formatDanishDate, VEJLEDNING } from '@samplan/schema';
import type { LawVersion, ProgrammeType } from '../../gql/graphql';

/**
 * Which source governs a rule of a forløb of this type, as the server's rules cite it (@samplan/schema
 * citedFor): STAR's vejledning om ressourceforløb 2020 for a ressourceforløb; "som for
 * ressourceforløb" for a jobafklaringsforløb; the municipality's own frame (lov nr. 1750 af 29.
 * december 2025) and "som for ressourceforløb" for the municipality's own forløb. Every text of the
 * programme pages that cites the guidance cites it through here.
 */
export function ruleSource(type: ProgrammeType | null | undefined, afsnit: string): string {
  return citedFor(type ?? 'RESSOURCEFORLOEB', VEJLEDNING(afsnit));
}

/**
 * Barsel moves the end of a ressourceforløb under the rules from 2013 and 2022 (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3);
 * the server refuses it otherwise (SUSPENSION_NOT_APPLICABLE: a jobafklaringsforløb has no suspension), so the form is offered only here.
 */
export function canSuspend(p: { type: ProgrammeType; lawVersion: LawVersion }): boolean {
  return p.type === 'RESSOURCEFORLOEB' && p.lawVersion !== 'REFORM_2026';
}

/**
 * What the staff's card says of a forløb that runs on under the transition rule of lov nr. 1750 af
 * 29. december 2025 (the server decides whether it does: `Programme.continuesUnderTransitionRule`),
 * with the day it runs until; null otherwise.
 */
export function transitionNote(p: { continuesUnderTransitionRule: boolean; endDate: string }): string | null {
  if (!p.continuesUnderTransitionRule) return null;
  return `Fortsætter efter overgangsreglen i lov nr. 1750 af 29. december 2025: et ressourceforløb besluttet før 1. februar 2026 afsluttes efter sine egne regler, her til og med ${formatDanishDate(p.endDate)}.`;
}
