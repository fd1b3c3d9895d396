import { citedFor, formatDanishDate, LAW_VERSION_FIRST_DAYS, lengthSourceFor, VEJLEDNING } from '@samplan/schema';
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

/** What a forløb's length and end rest on, for its type (@samplan/schema lengthSourceFor). */
export function lengthSource(type: ProgrammeType): string {
  return lengthSourceFor(type);
}

/**
 * Barsel moves the end of a ressourceforløb under the rules from 2013 and 2022 (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3);
 * the server refuses it otherwise (SUSPENSION_NOT_APPLICABLE: a jobafklaringsforløb has no suspension), so the form is offered only here.
 */
export function canSuspend(p: { type: ProgrammeType; lawVersion: LawVersion }): boolean {
  return p.type === 'RESSOURCEFORLOEB' && p.lawVersion !== 'REFORM_2026';
}

/**
 * The transition rule of lov nr. 1750 af 29. december 2025: no new ressourceforløb from 1 February
 * 2026, and one decided before it runs to its end under the rules it was granted under. Said on a
 * running ressourceforløb once the reform is in force, with the day it runs until; null otherwise.
 */
export function transitionNote(p: { type: ProgrammeType; lawVersion: LawVersion; status: string; endDate: string }, today: string): string | null {
  if (p.type !== 'RESSOURCEFORLOEB' || p.lawVersion === 'REFORM_2026' || p.status !== 'ACTIVE' || today < LAW_VERSION_FIRST_DAYS.REFORM_2026) return null;
  return `Fortsætter efter overgangsreglen i lov nr. 1750 af 29. december 2025: et ressourceforløb besluttet før 1. februar 2026 afsluttes efter sine egne regler, her til og med ${formatDanishDate(p.endDate)}.`;
}
