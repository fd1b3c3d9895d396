import {
  HEALTH_KIND_LABELS,
  JOBCENTER_KIND_LABELS,
  ROLE_LABELS,
  SOCIAL_KIND_LABELS,
  WARNING_SEVERITY_LABELS,
} from '../gql/enum-labels';
import type {
  Area,
  EndReason,
  GoalKind,
  HealthKind,
  InternshipPurpose,
  InterventionStatus,
  JobcenterKind,
  MeetingMode,
  NextStep,
  ProgrammeType,
  ProgressScale,
  Role,
  SocialKind,
  SubGoalStatus,
  UnitKind,
  WarningSeverity,
} from '../gql/graphql';

/**
 * The API's enums in Danish. The words are the schema's: each enum value's description in
 * ../schema/schema.graphql, written into src/gql/enum-labels.ts by `npm run codegen`
 * (codegen/enum-labels.ts). What the client adds is the order in which the screens list
 * the values (the schema lists them alphabetically).
 */
export * from '../gql/enum-labels';

export function label<K extends string>(labels: Readonly<Record<K, string>>, value: K | null | undefined): string {
  return value ? (labels[value] ?? value) : '';
}

export function roleLabel(role: Role | null | undefined): string {
  return label(ROLE_LABELS, role);
}

/** Every value of an enum, in the order given: a value the schema adds is a type error here until it has its place. */
const inOrder =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): readonly T[] =>
    values;

/** In the order a caseworker moves through them. */
export const INTERVENTION_STATUSES = inOrder<InterventionStatus>()(['PLANNED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED']);

export const AREAS = inOrder<Area>()(['EMPLOYMENT', 'EDUCATION', 'SOCIAL', 'HEALTH']);

/** In the order a coordinator moves through them. */
export const SUB_GOAL_STATUSES = inOrder<SubGoalStatus>()(['ACTIVE', 'ACHIEVED', 'DROPPED']);

export const GOAL_KINDS = inOrder<GoalKind>()(['JOB', 'SECTOR', 'EDUCATION']);

export const PROGRAMME_TYPES = inOrder<ProgrammeType>()(['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB', 'HELHEDSORIENTERET']);

export const UNIT_KINDS = inOrder<UnitKind>()(['EMPLOYMENT', 'SOCIAL', 'HEALTH']);

export const MEETING_MODES = inOrder<MeetingMode>()(['IN_PERSON', 'PHONE', 'VIDEO']);

export const PROGRESS_SCALES = inOrder<ProgressScale>()(['ONE_TO_FIVE', 'PERCENT']);

export const INTERNSHIP_PURPOSES = inOrder<InternshipPurpose>()(['ORDINARY_HOURS', 'SKILLS', 'CLARIFY_JOB_GOAL']);

/** Afslutningsårsager, in the order the form lists them. */
export const END_REASONS = inOrder<EndReason>()([
  'EMPLOYMENT', 'EDUCATION', 'FLEXJOB', 'LEDIGHEDSYDELSE', 'FOERTIDSPENSION', 'RESSOURCEFORLOEB', 'HELHEDSORIENTERET', 'JOBAFKLARINGSFORLOEB', 'REVALIDERING', 'CASH_BENEFIT',
  'UNEMPLOYMENT_BENEFIT', 'FIT_FOR_WORK', 'PENSION', 'DEATH', 'MOVED', 'OTHER',
]);

/** What can follow a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5), in the order the form lists them. */
export const NEXT_STEPS = inOrder<NextStep>()([
  'NEW_PROGRAMME', 'RESSOURCEFORLOEB', 'NEW_JOBAFKLARING', 'HELHEDSORIENTERET', 'FLEXJOB', 'FOERTIDSPENSION', 'REVALIDERING', 'CASH_BENEFIT', 'UNEMPLOYMENT_BENEFIT', 'PENSION', 'EMPLOYMENT', 'EDUCATION', 'OTHER',
]);

/** Each unit's kinds of intervention, in the order a caseworker looks for them. */
const JOBCENTER_KINDS = inOrder<JobcenterKind>()(['INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS', 'MENTOR_SUPPORT', 'COURSE', 'READING_TEACHING', 'EDUCATION_GUIDANCE']);
const SOCIAL_KINDS = inOrder<SocialKind>()([
  'HOUSING_SUPPORT',
  'SUPPORT_CONTACT',
  'ADDICTION_TREATMENT',
  'DEBT_COUNSELLING',
  'FAMILY_SUPPORT',
  'ESCORT',
  'TEMPORARY_HOUSING',
  'SOCIAL_MENTOR',
]);
const HEALTH_KINDS = inOrder<HealthKind>()([
  'PHYSICAL_TRAINING',
  'PHYSIOTHERAPY',
  'PSYCHOLOGIST',
  'COPING_COURSE',
  'MINDFULNESS',
  'PSYCHIATRIC_TREATMENT',
  'DIET_GUIDANCE',
  'REHABILITATION',
]);

/** A unit's kinds of intervention as [value, label], in the order a caseworker looks for them. */
export const INTERVENTION_KINDS: Readonly<Record<UnitKind, ReadonlyArray<readonly [kind: string, label: string]>>> = {
  EMPLOYMENT: JOBCENTER_KINDS.map((k) => [k, JOBCENTER_KIND_LABELS[k]] as const),
  SOCIAL: SOCIAL_KINDS.map((k) => [k, SOCIAL_KIND_LABELS[k]] as const),
  HEALTH: HEALTH_KINDS.map((k) => [k, HEALTH_KIND_LABELS[k]] as const),
};

/** Most serious first. */
export const WARNING_ORDER: Readonly<Record<WarningSeverity, number>> = { OVERDUE: 0, WARNING: 1, INFO: 2 };

/**
 * A warning's severity as its reader reads it. "Handl nu" tells the reader to act, so it is
 * for those the message tells what to do (Warning.forReader); the rest of the team read that
 * the warning needs acting on, and the message says by whom ("Jobcenteret vurderer …").
 * Only the word: the order and the filter by severity are the same for everyone.
 */
export function warningSeverityLabel(warning: { severity: WarningSeverity; forReader?: boolean | null }): string {
  if (warning.severity === 'WARNING' && warning.forReader === false) return 'Kræver handling';
  return label(WARNING_SEVERITY_LABELS, warning.severity);
}
