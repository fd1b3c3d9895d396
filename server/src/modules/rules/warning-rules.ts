import { createHash } from 'node:crypto';
import type { ProgrammeFacts, RuleEnv } from './checks';
import { teamStepsOn, typeLaw } from './law/law-version';
import { SEVERITY_RANK, Warning } from './warning.type';

/**
 * Every warning for a programme: the rules its own law version sets for its type
 * (./law/rules-*.ts compose the building blocks of ./checks.ts), evaluated on one Danish
 * calendar day. A running programme is judged by the rules that granted it; what depends on
 * the law in force on another day (which next steps need the rehabiliteringsteam at the
 * programme's end) is asked through the environment. An ENDED programme has no warnings.
 */
export type { InterventionFact, MeetingFact, MentorGrantFact, ProgrammeFacts } from './checks';
export { dk, firstSixMonthsEnd, inclusiveEnd, projectedMeetings, STARTED_STATUSES } from './checks';

const env: RuleEnv = { teamStepsOn };

/** Most severe first, then the nearest deadline. */
export function compareWarnings(a: Warning, b: Warning): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
    || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999')
    || a.rule.localeCompare(b.rule)
    || (a.subjectId ?? '').localeCompare(b.subjectId ?? '');
}

/** Every warning for one programme on one day. */
export function evaluateWarnings(f: ProgrammeFacts, today: string): Warning[] {
  if (f.status !== 'ACTIVE') return [];
  const law = typeLaw(f.lawVersion, f.type);
  if (!law) return [];
  return law.warnings.flatMap((rule) => rule(f, today, env)).sort(compareWarnings);
}

/**
 * A stable summary of a warning set: equal fingerprints mean nothing a user sees has changed.
 * Messages are part of it (they carry counts), so they never mention "days left".
 */
export function fingerprint(warnings: Warning[]): string {
  return createHash('sha256').update(warnings.map((w) => `${w.rule}|${w.severity}|${w.dueDate ?? ''}|${w.subjectId ?? ''}|${w.message}`).join('\n')).digest('hex');
}
