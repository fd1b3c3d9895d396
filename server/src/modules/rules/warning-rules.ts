import { createHash } from 'node:crypto';
import type { ProgrammeRules } from '../../core/config';
import { addDays, addMonths, addYears, daysBetween } from '../../core/time/dates';
import { SEVERITY_RANK, Warning, WarningRule, WarningSeverity } from './warning.type';

/**
 * The rules of docs/domain.md (1–8) as pure functions of a programme's facts and the Danish
 * calendar day. No I/O here: warning-facts.ts loads the facts for many programmes in one
 * statement, and the tests can walk each rule across its boundaries.
 *
 * Conventions (the same for every rule, so boundaries are predictable):
 *  - days are 'YYYY-MM-DD' in Danish local time; a deadline day is still in time, the day
 *    after it is OVERDUE;
 *  - "the first 6 months" of a programme starting on S are S … addMonths(S, 6) − 1 day;
 *  - an ENDED programme has no warnings.
 */

export interface MeetingFact {
  /** Day the meeting was held. */
  held: string;
  /** Day of the next meeting agreed at it. */
  next: string;
}

export interface InterventionFact {
  id: string;
  title: string;
  unitCode: string;
  kind: string;
  status: string;
  startDate: string | null;
  internshipPurpose: string | null;
}

export interface MentorGrantFact {
  id: string;
  startDate: string;
  endDate: string;
  endedEarly: boolean;
  /** A later grant continues this one (renewal is a new grant, STAR’s vejledning om ressourceforløb 2020, afsnit 7). */
  renewed: boolean;
}

export interface ProgrammeFacts {
  programmeId: string;
  planId: string;
  municipalityId: string;
  type: string;
  status: string;
  startDate: string;
  endDate: string;
  planPeriodEnd: string;
  nextStepDecided: boolean;
  /** Oldest first. */
  meetings: MeetingFact[];
  interventions: InterventionFact[];
  mentorGrants: MentorGrantFact[];
}

/** How far ahead a deadline starts to show (days). Rules that name their own horizon use it. */
export const HORIZON = {
  guarantee: 30,
  planPeriod: 14,
  nextMeetingOverdue: 14,
  followUpMissedShownFor: 30,
  mentorGrant: 14,
  decisionMonths: 3,
  firstFollowUpDays: 7,
  requiredFollowUps: 4,
} as const;

/** Interventions that have begun: what counts for the indsatsgaranti. */
export const STARTED_STATUSES = ['ACTIVE', 'PAUSED', 'COMPLETED'];
const OPEN_STATUSES = ['PLANNED', 'ACTIVE', 'PAUSED'];

export const dk = (day: string): string => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** Last day of the first six months of a programme. */
export const firstSixMonthsEnd = (start: string): string => addDays(addMonths(start, 6), -1);

function warning(rule: WarningRule, severity: WarningSeverity, dueDate: string | null, source: string, message: string, subjectId: string | null = null): Warning {
  return Object.assign(new Warning(), { rule, severity, dueDate, source, message, subjectId });
}

/** Rule 1: an intervention must have started within the first 6 months (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8). */
function interventionGuarantee(f: ProgrammeFacts, today: string): Warning[] {
  const started = f.interventions.some((i) => STARTED_STATUSES.includes(i.status) && i.startDate !== null && i.startDate <= today);
  if (started) return [];
  const due = firstSixMonthsEnd(f.startDate);
  const left = daysBetween(today, due);
  const source = 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8';
  if (left < 0) {
    return [warning(WarningRule.INTERVENTION_GUARANTEE, WarningSeverity.OVERDUE, due, source,
      `Indsatsgarantien er overskredet: der skulle være sat en indsats i gang senest ${dk(due)}. Sæt en indsats i gang nu – som udgangspunkt en jobrettet indsats.`)];
  }
  const severity = left <= HORIZON.guarantee ? WarningSeverity.WARNING : WarningSeverity.INFO;
  return [warning(WarningRule.INTERVENTION_GUARANTEE, severity, due, source,
    `Ingen indsats er sat i gang endnu. Indsatsgarantien kræver en indsats senest ${dk(due)} – som udgangspunkt en jobrettet indsats.`)];
}

/** Rule 7: the first follow-up within one week of the start (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8; STAR’s vejledning om ressourceforløb 2020, afsnit 5.2). */
function firstFollowUp(f: ProgrammeFacts, today: string): Warning[] {
  if (f.meetings.length > 0) return [];
  const due = addDays(f.startDate, HORIZON.firstFollowUpDays);
  const source = 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8; STAR’s vejledning om ressourceforløb 2020, afsnit 5.2';
  if (today > due) {
    return [warning(WarningRule.FIRST_FOLLOW_UP, WarningSeverity.OVERDUE, due, source,
      `Første opfølgningssamtale skulle have været holdt senest ${dk(due)}, en uge efter start. Hold samtalen med borgeren nu, og gennemgå planen.`)];
  }
  return [warning(WarningRule.FIRST_FOLLOW_UP, WarningSeverity.WARNING, due, source,
    `Hold første opfølgningssamtale senest ${dk(due)} – en uge efter start – og gennemgå planen med borgeren.`)];
}

/**
 * Meetings the current booking leads to before `until`: the booked one, then the same
 * interval again (the coordinator's own rhythm), as long as they fall in the window.
 */
export function projectedMeetings(f: ProgrammeFacts, today: string, until: string): number {
  const last = f.meetings[f.meetings.length - 1];
  if (!last || last.next < today) return 0;
  const gap = Math.max(1, daysBetween(last.held, last.next));
  let n = 0;
  for (let day = last.next; day <= until; day = addDays(day, gap)) n++;
  return n;
}

/** Rule 2: at least 4 follow-up meetings in the first 6 months, actual and projected (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5). */
function followUpCount(f: ProgrammeFacts, today: string): Warning[] {
  const end = firstSixMonthsEnd(f.startDate);
  const held = f.meetings.filter((m) => m.held >= f.startDate && m.held <= end).length;
  const need = HORIZON.requiredFollowUps;
  if (held >= need) return [];
  const source = 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5';
  if (today > end) {
    if (daysBetween(end, today) > HORIZON.followUpMissedShownFor) return [];
    return [warning(WarningRule.FOLLOW_UP_COUNT, WarningSeverity.OVERDUE, end, source,
      `Kun ${held} af de ${need} krævede opfølgningssamtaler blev holdt i de første 6 måneder (til ${dk(end)}). Registrér samtaler, der mangler, og aftal det videre kontaktforløb med borgeren.`)];
  }
  // Before any meeting the first-follow-up rule speaks; afterwards this one projects.
  if (f.meetings.length === 0 && today <= addDays(f.startDate, HORIZON.firstFollowUpDays)) return [];
  const projected = held + projectedMeetings(f, today, end);
  if (projected >= need) return [];
  return [warning(WarningRule.FOLLOW_UP_COUNT, WarningSeverity.WARNING, end, source,
    `${held} af ${need} opfølgningssamtaler er holdt; med de aftalte samtaler når I ${projected} inden ${dk(end)}. Aftal de næste samtaler tættere.`)];
}

/** Rule 2: a next meeting is always booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8). */
function nextMeeting(f: ProgrammeFacts, today: string): Warning[] {
  const last = f.meetings[f.meetings.length - 1];
  if (!last || last.next >= today) return [];
  const late = daysBetween(last.next, today) > HORIZON.nextMeetingOverdue;
  return [warning(WarningRule.NEXT_MEETING, late ? WarningSeverity.OVERDUE : WarningSeverity.WARNING, last.next, 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8',
    `Den aftalte samtale ${dk(last.next)} er ikke registreret, og der er ingen ny samtale aftalt. Registrér samtalen, eller aftal en ny tid med borgeren.`)];
}

/** The last day on which a plan ending on `periodEnd` still covers the next 6 months. */
export function lastCoveredDay(periodEnd: string): string {
  let day = addMonths(periodEnd, -6);
  while (addMonths(addDays(day, 1), 6) <= periodEnd) day = addDays(day, 1);
  while (addMonths(day, 6) > periodEnd) day = addDays(day, -1);
  return day;
}

/** Rule 3: the plan covers at least the next 6 months, or the rest of the programme (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
function planPeriod(f: ProgrammeFacts, today: string): Warning[] {
  if (f.planPeriodEnd >= f.endDate) return [];
  const due = lastCoveredDay(f.planPeriodEnd);
  const source = 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3';
  if (today > due) {
    return [warning(WarningRule.PLAN_PERIOD, WarningSeverity.OVERDUE, due, source,
      `Planen dækker ikke de næste 6 måneder (planperioden slutter ${dk(f.planPeriodEnd)}). Fastlæg indsatsen for mindst 6 måneder frem, og forlæng planperioden.`)];
  }
  if (daysBetween(today, due) > HORIZON.planPeriod) return [];
  return [warning(WarningRule.PLAN_PERIOD, WarningSeverity.WARNING, due, source,
    `Planperioden slutter ${dk(f.planPeriodEnd)}. Forlæng den senest ${dk(due)}, så planen altid dækker mindst 6 måneder frem.`)];
}

/** Rule 4: length within the bounds of the type; no extension (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023). Bounds are settings. */
function programmeLength(f: ProgrammeFacts, rules: ProgrammeRules): Warning[] {
  if (f.type === 'RESSOURCEFORLOEB') {
    if (f.endDate > addYears(f.startDate, rules.ressourceforloebMaxYears)) {
      return [warning(WarningRule.PROGRAMME_LENGTH, WarningSeverity.WARNING, null, 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3',
        `Forløbet er længere end ${rules.ressourceforloebMaxYears} år. Et ressourceforløb kan ikke forlænges; ret slutdatoen, og bevilg et nyt forløb, hvis der er behov.`)];
    }
    if (f.endDate < addYears(f.startDate, rules.ressourceforloebMinYears)) {
      return [warning(WarningRule.PROGRAMME_LENGTH, WarningSeverity.WARNING, null, 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3',
        `Forløbet er kortere end ${rules.ressourceforloebMinYears} år, som er den nedre grænse for et ressourceforløb. Kontrollér afgørelsens varighed.`)];
    }
  } else if (f.endDate > addYears(f.startDate, rules.jobafklaringMaxYears)) {
    return [warning(WarningRule.PROGRAMME_LENGTH, WarningSeverity.WARNING, null, 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023',
      `Jobafklaringsforløbet er længere end ${rules.jobafklaringMaxYears} år. Ret slutdatoen.`)];
  }
  return [];
}

/**
 * Rule 5: before the programme ends the municipality decides what follows (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5, LAB
 * §113 stk. 2). Without that decision the programme and its benefit continue (Ankestyrelsen 82-16).
 */
function nextStepDecision(f: ProgrammeFacts, today: string): Warning[] {
  if (f.nextStepDecided) return [];
  const from = addMonths(f.endDate, -HORIZON.decisionMonths);
  if (today < from) return [];
  const source = 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.5';
  if (today > f.endDate) {
    return [warning(WarningRule.NEXT_STEP_DECISION, WarningSeverity.OVERDUE, f.endDate, source,
      `Forløbet skulle være afsluttet ${dk(f.endDate)}, men der er ikke truffet beslutning om den videre indsats. Forløbet og ydelsen fortsætter, indtil beslutningen er truffet – træf den nu.`)];
  }
  return [warning(WarningRule.NEXT_STEP_DECISION, WarningSeverity.WARNING, f.endDate, source,
    `Forløbet slutter ${dk(f.endDate)}. Vurdér resultatet, og træf beslutning om indsatsen bagefter (fx fleksjob, førtidspension, nyt forløb); forelæg sagen for rehabiliteringsteamet i god tid, hvis det kræves.`)];
}

/** Rule 6: a mentor grant lasts at most 6 months; renewal is a new grant (STAR’s vejledning om ressourceforløb 2020, afsnit 7). */
function mentorGrants(f: ProgrammeFacts, today: string): Warning[] {
  return f.mentorGrants
    .filter((g) => !g.endedEarly && !g.renewed && g.endDate >= today && daysBetween(today, g.endDate) <= HORIZON.mentorGrant)
    .map((g) => warning(WarningRule.MENTOR_GRANT_ENDING, WarningSeverity.WARNING, g.endDate, 'STAR’s vejledning om ressourceforløb 2020, afsnit 7',
      `Mentorstøtten udløber ${dk(g.endDate)}. Vurdér, om der skal bevilges en ny periode (højst 6 måneder) med opdaterede mål.`, g.id));
}

/** Rule 8: an internship states its purpose before it is set up (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2). */
function internshipPurpose(f: ProgrammeFacts, today: string): Warning[] {
  return f.interventions
    .filter((i) => i.unitCode === 'JOBCENTER' && i.kind === 'INTERNSHIP' && OPEN_STATUSES.includes(i.status) && !i.internshipPurpose)
    .map((i) => {
      const begun = i.startDate !== null && today >= i.startDate;
      return warning(WarningRule.INTERNSHIP_PURPOSE, begun ? WarningSeverity.OVERDUE : WarningSeverity.WARNING, i.startDate, 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.2',
        `Praktikken "${i.title}" mangler et formål. Angiv, om den skal give ordinære løntimer, træne konkrete kompetencer eller afklare jobmål${begun ? '' : ', før den starter'}.`, i.id);
    });
}

/** Most severe first, then the nearest deadline. */
export function compareWarnings(a: Warning, b: Warning): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
    || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999')
    || a.rule.localeCompare(b.rule)
    || (a.subjectId ?? '').localeCompare(b.subjectId ?? '');
}

/** Every warning for one programme on one day. */
export function evaluateWarnings(f: ProgrammeFacts, today: string, rules: ProgrammeRules): Warning[] {
  if (f.status !== 'ACTIVE') return [];
  return [
    ...interventionGuarantee(f, today),
    ...firstFollowUp(f, today),
    ...followUpCount(f, today),
    ...nextMeeting(f, today),
    ...planPeriod(f, today),
    ...programmeLength(f, rules),
    ...nextStepDecision(f, today),
    ...mentorGrants(f, today),
    ...internshipPurpose(f, today),
  ].sort(compareWarnings);
}

/**
 * A stable summary of a warning set: equal fingerprints mean nothing a user sees has changed.
 * Messages are part of it (they carry counts), so they never mention "days left".
 */
export function fingerprint(warnings: Warning[]): string {
  return createHash('sha256').update(warnings.map((w) => `${w.rule}|${w.severity}|${w.dueDate ?? ''}|${w.subjectId ?? ''}|${w.message}`).join('\n')).digest('hex');
}
