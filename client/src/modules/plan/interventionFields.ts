import { endedInterventionEndProblem, INTERVENTION_END_REASON_MAX, interventionEndReasonProblem, ordinaryHoursProblem, TEXT_LIMITS, todayInDenmark } from '@samplan/schema';
import { formatDate } from '../../core/format';
import type { EditField } from '../../core/forms/fields';
import { INTERNSHIP_PURPOSE_LABELS, INTERNSHIP_PURPOSES, INTERVENTION_STATUS_LABELS, INTERVENTION_STATUSES, label } from '../../core/labels';
import type { InternshipPurpose, InterventionStatus } from '../../gql/graphql';

const statusOptions = INTERVENTION_STATUSES.map((s) => ({ value: s, label: INTERVENTION_STATUS_LABELS[s] }));
const purposeOptions = INTERNSHIP_PURPOSES.map((p) => ({ value: p, label: INTERNSHIP_PURPOSE_LABELS[p] }));
const date = (v: unknown) => formatDate(String(v));
const hours = (v: unknown) => `${String(v).replace('.', ',')} timer om ugen`;

export const COMMON_FIELDS: readonly EditField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true, maxChars: TEXT_LIMITS.title },
  // Pickable in the conflict view: a status the newer version rules out (Annulleret once it has begun) is replaced there, not by leaving it.
  { key: 'status', label: 'Status', input: 'select', options: statusOptions, format: (v) => label(INTERVENTION_STATUS_LABELS, v as InterventionStatus), pickable: true },
  { key: 'shortTermGoal', label: 'Kortsigtet mål', input: 'textarea', maxChars: TEXT_LIMITS.short },
  { key: 'startDate', label: 'Startdato', input: 'date', format: date },
  { key: 'endDate', label: 'Slutdato', input: 'date', format: date },
];

/** The server's rule codes about an intervention's fields, by the field each is about. */
export const INTERVENTION_RULE_FIELDS: Readonly<Record<string, string>> = {
  // Mentor support is granted 6 months at a time (server: modules/jobcenter).
  MENTOR_SUPPORT_TOO_LONG: 'endDate',
  // A begun intervention is ended (Afsluttet), not annulled (server: modules/intervention).
  INTERVENTION_BEGUN: 'status',
  // Asked for the samtale with the sundhedskoordinator before it began, it waits for the jobcenter's decision (LAB §113, stk. 3).
  HEALTH_TALK_PENDING: 'status',
};

/**
 * What follows from a field's change: marking an intervention active with no start date fills
 * in today, for the user to correct. A begun intervention counts for the indsatsgaranti only
 * with the day it began (LAB §113, stk. 2). Marking it "Afsluttet" with no end date, or with a
 * planned end still ahead, fills in today as its end: an ended intervention is ended with its
 * end date, and the card would otherwise read "– ikke fastsat" or a day yet to come.
 */
export function followStatus(key: string, value: string, values: Readonly<Record<string, string>>): Record<string, string> {
  if (key !== 'status') return {};
  const today = todayInDenmark();
  if (value === 'ACTIVE' && !(values.startDate ?? '').trim()) return { startDate: today };
  const end = (values.endDate ?? '').trim();
  if (value === 'COMPLETED' && (!end || end > today)) return { endDate: today };
  return {};
}

/**
 * The server's rule, checked before sending in the same words: an intervention marked
 * "Afsluttet" has its end date, today or a day gone by (server: modules/intervention). The
 * proposal above fills one in; this catches it cleared or moved ahead afterwards.
 */
export function endedProblems(values: Readonly<Record<string, string>>): Record<string, string> {
  const problem = endedInterventionEndProblem(values.status, (values.endDate ?? '').trim(), todayInDenmark());
  return problem ? { endDate: problem } : {};
}

/**
 * The server's rule, checked before sending in the same words: ordinære løntimer state their
 * hours a week, more than 0 (server: modules/jobcenter). The forms ask it where the server
 * does: of a new one, and of one set to Aktiv or with its hours changed.
 */
export function ordinaryHoursProblems(kind: string, values: Readonly<Record<string, string>>): Record<string, string> {
  const text = (values.hoursPerWeek ?? '').trim();
  const problem = ordinaryHoursProblem(kind, text === '' ? null : Number(text.replace(',', '.')));
  return problem ? { hoursPerWeek: problem } : {};
}

/**
 * The statuses of an intervention that has begun (server: modules/intervention, BEGUN; the
 * rules' STARTED_STATUSES). One that has begun took place: it is ended (Afsluttet, with its end
 * date), never annulled, which would tell the indsatsgaranti (LAB §113, stk. 2) and the key
 * figures that it never began.
 */
const BEGUN_STATUSES: readonly string[] = ['ACTIVE', 'PAUSED', 'COMPLETED'];
export const hasBegun = (status: unknown): boolean => BEGUN_STATUSES.includes(String(status ?? ''));

/** What to do instead of annulling a begun intervention, in the words of the server's refusal (INTERVENTION_BEGUN). */
const END_IT_INSTEAD = 'sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted.';

/**
 * The status field of an intervention that has begun: Annulleret is not offered, and the field
 * says why and what to do instead, as the server would refuse it (INTERVENTION_BEGUN). While the
 * form holds Annulleret (`holdsCancelled`: chosen before the user learnt that someone else had
 * set the intervention going), it stays in the list, so the field shows what it holds; the
 * form's check refuses it (`annulledBegunProblems`).
 */
export function withBegunStatus<F extends EditField>(fields: readonly F[], begun: boolean, holdsCancelled: boolean): F[] {
  if (!begun) return [...fields];
  return fields.map((f) => f.key !== 'status' ? f : {
    ...f,
    options: holdsCancelled ? f.options : f.options?.filter((o) => o.value !== 'CANCELLED'),
    hint: `Indsatsen er påbegyndt og kan ikke annulleres: ${END_IT_INSTEAD} Blev den aldrig påbegyndt, så ret først status til Planlagt.`,
  });
}

/**
 * Annulleret held by the form of an intervention that has begun under the user (another user set
 * it going while they edited), refused at the status field before sending: `who` is the opening
 * of the sentence ("Bent Sørensen har sat"), and what they typed stays in the form.
 */
export function annulledBegunProblems(values: Readonly<Record<string, string>>, begun: { who: string; status: string } | null): Record<string, string> {
  if (!begun || values.status !== 'CANCELLED') return {};
  return { status: begunMeanwhileMessage(begun.who, begun.status) };
}

/**
 * Why Annulleret no longer goes, once another user has set the intervention going, said in the
 * edit form, where what the user typed stays in the fields. In the conflict view the status is
 * picked anew instead (`pickable`), with the field's hint saying why.
 */
export function begunMeanwhileMessage(who: string, status: string): string {
  return `${who} indsatsen til ${label(INTERVENTION_STATUS_LABELS, status as InterventionStatus)}, mens du redigerede. En påbegyndt indsats kan ikke annulleres: ${END_IT_INSTEAD} Det, du har skrevet, står stadig i formularen.`;
}

/** The statuses that end an intervention, and ask or allow a reason (server: modules/intervention). */
const ENDING_STATUSES: readonly string[] = ['COMPLETED', 'CANCELLED'];
export const isEnding = (status: string | null | undefined): boolean => ENDING_STATUSES.includes(String(status ?? ''));

/**
 * "Begrundelse": why the intervention is ended or annulled, asked where its status is set to
 * Afsluttet (may be left out) or Annulleret (must be written), right after the status. Any other
 * status has no reason: the field goes, and the server drops the reason of one set going again.
 * `required` marks it for the user; the words of a missing or too long reason are the server's
 * (`endReasonProblems`).
 */
export function endReasonField(status: string, required: boolean): EditField {
  // Another unit's health or social intervention shows it only with the citizen's consent (server: consent-cut.ts).
  const who = 'Vises for enhederne på planen (en sundheds- eller socialindsats kun med borgerens samtykke), ikke for mentor eller borger.';
  return {
    key: 'endReason',
    label: 'Begrundelse',
    input: 'textarea',
    required,
    // In the conflict view a reason of the user's goes only with an ending status chosen there.
    keptOnlyWith: { key: 'status', values: ENDING_STATUSES },
    hint: status === 'CANCELLED'
      ? `Skriv, hvorfor indsatsen annulleres (højst ${INTERVENTION_END_REASON_MAX} tegn). ${who}`
      : `Hvorfor afsluttes indsatsen, fx »Målet er nået«? Kan udelades (højst ${INTERVENTION_END_REASON_MAX} tegn). ${who}`,
  };
}

/** The fields with "Begrundelse" after the status while the status is an ending, and without it otherwise. */
export function withEndReason<F extends EditField>(fields: readonly F[], status: string, required: boolean, make: (field: EditField) => F = (f) => f as F): F[] {
  const own = fields.filter((f) => f.key !== 'endReason');
  if (!isEnding(status)) return own;
  const at = own.findIndex((f) => f.key === 'status') + 1;
  return [...own.slice(0, at), make(endReasonField(status, required)), ...own.slice(at)];
}

/**
 * The server's rule, checked before sending in the same words: Annulleret says why, at most
 * 500 characters once trimmed (server: modules/intervention, `interventionEndReasonProblem`).
 * Judged only while the field is shown: with any other status it is not sent.
 */
export function endReasonProblems(values: Readonly<Record<string, string>>): Record<string, string> {
  if (!isEnding(values.status)) return {};
  const problem = interventionEndReasonProblem(values.status, values.endReason ?? '');
  return problem ? { endReason: problem } : {};
}

export const NOTES_FIELD: EditField = { key: 'notes', label: 'Noter (kun enhederne på planen)', input: 'textarea', hint: 'Vises ikke for mentor eller borger.', maxChars: TEXT_LIMITS.long };

/** The limits of a unit's own texts, as its server module checks them (server: modules/jobcenter, social, health). */
const UNIT_TEXT_MAX = 200;
const LEGAL_BASIS_MAX = 100;

/** Each unit's own facts (server: modules/jobcenter, social, health). */
export const UNIT_FIELDS: Readonly<Record<string, readonly EditField[]>> = {
  JobcenterIntervention: [
    { key: 'companyName', label: 'Virksomhed', input: 'text', maxChars: UNIT_TEXT_MAX },
    { key: 'hoursPerWeek', label: 'Timer om ugen', input: 'decimal', format: hours, min: 0, max: 37 },
    {
      key: 'internshipPurpose',
      label: 'Formål med praktikken',
      input: 'select',
      options: purposeOptions,
      format: (v) => label(INTERNSHIP_PURPOSE_LABELS, v as InternshipPurpose),
      hint: 'En virksomhedspraktik skal angive sit formål (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2).',
    },
    { key: 'courseName', label: 'Kursus', input: 'text', maxChars: UNIT_TEXT_MAX },
  ],
  SocialIntervention: [
    { key: 'legalBasis', label: 'Lovgrundlag', input: 'text', maxChars: LEGAL_BASIS_MAX },
    { key: 'provider', label: 'Leverandør', input: 'text', maxChars: UNIT_TEXT_MAX },
    { key: 'hoursPerWeek', label: 'Timer om ugen', input: 'decimal', format: hours, min: 0, max: 37 },
  ],
  HealthIntervention: [
    { key: 'provider', label: 'Behandler', input: 'text', maxChars: UNIT_TEXT_MAX },
    { key: 'sessionsPerMonth', label: 'Sessioner om måneden', input: 'integer', min: 0, max: 31 },
    { key: 'focus', label: 'Fokus', input: 'text', maxChars: UNIT_TEXT_MAX },
  ],
};

export function fieldsFor(typename: string): EditField[] {
  return [...COMMON_FIELDS, ...(UNIT_FIELDS[typename] ?? []), NOTES_FIELD];
}

/** The GraphQL type of each unit's interventions (server: its unit module). */
export const INTERVENTION_TYPENAMES = {
  EMPLOYMENT: 'JobcenterIntervention',
  SOCIAL: 'SocialIntervention',
  HEALTH: 'HealthIntervention',
} as const;

/**
 * Jobcenter facts that belong to some kinds only: a company for the company-based kinds,
 * the purpose for an internship (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2), a course name for teaching. Any other field
 * applies to every kind of its unit.
 */
const ONLY_FOR_KINDS: Readonly<Record<string, readonly string[]>> = {
  companyName: ['INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS'],
  internshipPurpose: ['INTERNSHIP'],
  courseName: ['COURSE', 'READING_TEACHING'],
};

const belongsTo = (key: string, kind: string) => !ONLY_FOR_KINDS[key] || ONLY_FOR_KINDS[key]!.includes(kind);

/** The fields of a new intervention of a kind ('' before one is chosen). */
export function createFieldsFor(typename: string, kind: string): EditField[] {
  return fieldsFor(typename).filter((f) => belongsTo(f.key, kind));
}

/**
 * The fields of an intervention's edit form: those of its kind, and any other it has a value
 * in (a company on a virksomhedsmentor), so nothing it holds is out of reach. Mentor support
 * is not asked an internship's purpose.
 */
export function editFieldsFor(typename: string, kind: string, record: Readonly<Record<string, unknown>>): EditField[] {
  return fieldsFor(typename).filter((f) => belongsTo(f.key, kind) || (record[f.key] !== null && record[f.key] !== undefined && record[f.key] !== ''));
}

/** Starting values for a kind, changed freely: bostøtte is given under Serviceloven §85. */
export const KIND_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  HOUSING_SUPPORT: { legalBasis: 'SEL §85' },
};
