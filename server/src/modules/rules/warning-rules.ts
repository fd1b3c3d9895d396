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

/**
 * Every warning for one programme on one day. A warning about an intervention carries the unit
 * that owns it, from the same facts, for the advice to its reader (Warning.unitId).
 */
export function evaluateWarnings(f: ProgrammeFacts, today: string): Warning[] {
  if (f.status !== 'ACTIVE') return [];
  const law = typeLaw(f.lawVersion, f.type);
  if (!law) return [];
  const unitOf = new Map(f.interventions.map((i) => [i.id, i.unitId ?? null]));
  return law.warnings
    .flatMap((rule) => rule(f, today, env))
    .map((w) => (w.subjectId !== null && unitOf.has(w.subjectId) ? Object.assign(w, { unitId: unitOf.get(w.subjectId) }) : w))
    .sort(compareWarnings);
}

/**
 * The form of the fingerprints recorded from now on: of the warnings' facts. Those recorded before
 * it (of their Danish messages, `textFingerprint`) have no such mark.
 */
const FACTS_FORM = 'f1:';

/**
 * A stable summary of a warning set: equal fingerprints mean the warnings say the same things.
 * Taken of what each warning IS — its rule, severity, due date, subject and the facts its message
 * is made from (Warning.facts: counts such as "2 af 4 samtaler", days, titles) — and never of the
 * Danish wording, so a reworded message or another date format does not make every running forløb
 * write a WARNINGS_CHANGED that changes nothing. Facts never mention "days left".
 */
export function fingerprint(warnings: Warning[]): string {
  const said = warnings.map((w) => [w.rule, w.severity, w.dueDate ?? null, w.subjectId ?? null, Object.entries(w.facts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  return FACTS_FORM + createHash('sha256').update(JSON.stringify(said)).digest('hex');
}

/** Whether a recorded fingerprint is of the form before FACTS_FORM: of the messages' words. */
export function isTextFingerprint(recorded: string): boolean {
  return !recorded.startsWith(FACTS_FORM);
}

/**
 * The fingerprint as it was taken before FACTS_FORM, of the messages (in the advising form).
 * Only to tell whether a set recorded then is the set of today: then its record is upgraded to
 * the new form without a WARNINGS_CHANGED (warnings.service.ts, recordStates).
 */
export function textFingerprint(warnings: Warning[]): string {
  return createHash('sha256').update(warnings.map((w) => `${w.rule}|${w.severity}|${w.dueDate ?? ''}|${w.subjectId ?? ''}|${w.message}`).join('\n')).digest('hex');
}
