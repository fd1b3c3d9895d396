import type {
  ActivityStatus,
  Area,
  EndReason,
  GoalKind,
  HealthKind,
  InternshipPurpose,
  InterventionStatus,
  JobcenterKind,
  MeetingMode,
  NextStep,
  ProgrammeStatus,
  ProgrammeType,
  ProgressScale,
  SocialKind,
  SubGoalStatus,
  UnitCode,
  WarningSeverity,
} from '../../gql/graphql';

/** Programme types in Danish (server: modules/plan/plan.enums.ts). */
export const PROGRAMME_TYPE_LABELS: Readonly<Record<ProgrammeType, string>> = {
  RESSOURCEFORLOEB: 'Ressourceforløb',
  JOBAFKLARINGSFORLOEB: 'Jobafklaringsforløb',
};

export const PROGRAMME_STATUS_LABELS: Readonly<Record<ProgrammeStatus, string>> = {
  ACTIVE: 'Aktivt',
  ENDED: 'Afsluttet',
};

export const GOAL_KIND_LABELS: Readonly<Record<GoalKind, string>> = {
  JOB: 'Konkret job',
  SECTOR: 'Branche eller jobfunktion',
  EDUCATION: 'Uddannelse',
};

export const INTERVENTION_STATUS_LABELS: Readonly<Record<InterventionStatus, string>> = {
  PLANNED: 'Planlagt',
  ACTIVE: 'Aktiv',
  PAUSED: 'Sat på pause',
  COMPLETED: 'Afsluttet',
  CANCELLED: 'Annulleret',
};

/** In the order a caseworker moves through them. */
export const INTERVENTION_STATUSES: readonly InterventionStatus[] = ['PLANNED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED'];

export const AREA_LABELS: Readonly<Record<Area, string>> = {
  EMPLOYMENT: 'Beskæftigelse',
  EDUCATION: 'Uddannelse',
  SOCIAL: 'Socialt',
  HEALTH: 'Helbred',
};

export const AREAS: readonly Area[] = ['EMPLOYMENT', 'EDUCATION', 'SOCIAL', 'HEALTH'];

export const SUB_GOAL_STATUS_LABELS: Readonly<Record<SubGoalStatus, string>> = {
  ACTIVE: 'I gang',
  ACHIEVED: 'Nået',
  DROPPED: 'Opgivet',
};

export const ACTIVITY_STATUS_LABELS: Readonly<Record<ActivityStatus, string>> = {
  PLANNED: 'Planlagt',
  DONE: 'Udført',
  CANCELLED: 'Aflyst',
};

export const MEETING_MODE_LABELS: Readonly<Record<MeetingMode, string>> = {
  IN_PERSON: 'Fremmøde',
  PHONE: 'Telefon',
  VIDEO: 'Video',
};

export const UNIT_LABELS: Readonly<Record<UnitCode, string>> = {
  JOBCENTER: 'Jobcenter',
  SOCIAL: 'Socialforvaltningen',
  HEALTH: 'Sundhedsforvaltningen',
};

export const UNIT_CODES: readonly UnitCode[] = ['JOBCENTER', 'SOCIAL', 'HEALTH'];

export const INTERNSHIP_PURPOSE_LABELS: Readonly<Record<InternshipPurpose, string>> = {
  ORDINARY_HOURS: 'Afklare eller opnå ordinære løntimer',
  SKILLS: 'Opnå konkrete kompetencer',
  CLARIFY_JOB_GOAL: 'Afklare beskæftigelsesmål',
};

/** Each unit's kinds of intervention, in the order a caseworker looks for them (server: the unit modules). */
export const JOBCENTER_KIND_LABELS: Readonly<Record<JobcenterKind, string>> = {
  INTERNSHIP: 'Virksomhedspraktik',
  WAGE_SUBSIDY: 'Løntilskudsjob',
  ORDINARY_HOURS: 'Ordinære løntimer',
  MENTOR_SUPPORT: 'Mentorstøtte',
  COURSE: 'Kursus',
  READING_TEACHING: 'Læse- og ordblindeundervisning',
  EDUCATION_GUIDANCE: 'Uddannelsesvejledning',
};

export const SOCIAL_KIND_LABELS: Readonly<Record<SocialKind, string>> = {
  HOUSING_SUPPORT: 'Bostøtte',
  SUPPORT_CONTACT: 'Støttekontaktperson',
  ADDICTION_TREATMENT: 'Misbrugsbehandling',
  DEBT_COUNSELLING: 'Gældsrådgivning',
  FAMILY_SUPPORT: 'Familiestøtte',
  ESCORT: 'Ledsagelse',
  TEMPORARY_HOUSING: 'Midlertidigt botilbud',
  SOCIAL_MENTOR: 'Social mentor',
};

export const HEALTH_KIND_LABELS: Readonly<Record<HealthKind, string>> = {
  PHYSICAL_TRAINING: 'Fysisk træning',
  PHYSIOTHERAPY: 'Fysioterapi',
  PSYCHOLOGIST: 'Psykolog',
  COPING_COURSE: 'Kursus i at håndtere angst, stress eller smerter',
  MINDFULNESS: 'Mindfulness',
  PSYCHIATRIC_TREATMENT: 'Psykiatrisk behandling',
  DIET_GUIDANCE: 'Kostvejledning',
  REHABILITATION: 'Genoptræning',
};

export const INTERVENTION_KIND_LABELS: Readonly<Record<UnitCode, Readonly<Record<string, string>>>> = {
  JOBCENTER: JOBCENTER_KIND_LABELS,
  SOCIAL: SOCIAL_KIND_LABELS,
  HEALTH: HEALTH_KIND_LABELS,
};

export const PROGRESS_SCALE_LABELS: Readonly<Record<ProgressScale, string>> = {
  ONE_TO_FIVE: '1–5',
  PERCENT: '0–100 %',
};

export const PROGRESS_SCALES: readonly ProgressScale[] = ['ONE_TO_FIVE', 'PERCENT'];

export function label<K extends string>(labels: Readonly<Record<K, string>>, value: K | null | undefined): string {
  return value ? (labels[value] ?? value) : '';
}

export const WARNING_SEVERITY_LABELS: Readonly<Record<WarningSeverity, string>> = {
  INFO: 'Til orientering',
  WARNING: 'Handl nu',
  OVERDUE: 'Overskredet',
};

/** Most serious first. */
export const WARNING_ORDER: Readonly<Record<WarningSeverity, number>> = { OVERDUE: 0, WARNING: 1, INFO: 2 };

/** In the order a coordinator moves through them. */
export const SUB_GOAL_STATUSES: readonly SubGoalStatus[] = ['ACTIVE', 'ACHIEVED', 'DROPPED'];

export const GOAL_KINDS: readonly GoalKind[] = ['JOB', 'SECTOR', 'EDUCATION'];

export const PROGRAMME_TYPES: readonly ProgrammeType[] = ['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB'];

/** Afslutningsårsager (Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023; server: modules/plan/plan.enums.ts). */
export const END_REASON_LABELS: Readonly<Record<EndReason, string>> = {
  EMPLOYMENT: 'Beskæftigelse',
  EDUCATION: 'Uddannelse',
  FLEXJOB: 'Fleksjob',
  FOERTIDSPENSION: 'Førtidspension',
  MOVED: 'Fraflyttet kommunen',
  OTHER: 'Andet',
};

/** What follows a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5; server: modules/rules/next-step.types.ts). */
export const NEXT_STEP_LABELS: Readonly<Record<NextStep, string>> = {
  NEW_PROGRAMME: 'Nyt ressourceforløb',
  FLEXJOB: 'Fleksjob',
  FOERTIDSPENSION: 'Førtidspension',
  REVALIDERING: 'Revalidering',
  CASH_BENEFIT: 'Kontanthjælp med jobsøgning',
  EMPLOYMENT: 'Ordinær beskæftigelse',
  EDUCATION: 'Uddannelse',
  OTHER: 'Andet',
};
