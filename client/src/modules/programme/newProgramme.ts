import {
  AGE_RULES_APPLY, closeToFolkepensionRefusal, CONSENT_AHEAD_MESSAGE, DECISION_DATE_AHEAD_MESSAGE, decisionDateProblem, frameLengthProblem, isIsoDay, lawVersionOn, lengthSourceFor, ownProgrammeLongestHint, parseCpr,
  PLAN_PERIOD_MIN_MONTHS, planPeriodProblem, PROGRAMME_LENGTHS, programmeTypeRefusal, TEXT_LIMITS, type NewProgrammeType,
} from '@samplan/schema';
import { formatDate } from '../../core/format';
import type { Problems } from '../../core/forms/formErrors';
import { choicesOf, phoneProblems, problemOf } from '../../core/forms/fields';
import type { FormField } from '../../core/forms/VersionedEditForm';
import type { ProgrammeType } from '../../gql/graphql';
import { GOAL_KIND_LABELS, GOAL_KINDS, PROGRAMME_TYPE_LABELS } from '../../core/labels';
import { EMPLOYMENT_GOAL_FIELD, sixMonthPlanApplies } from '../plan/PlanGoalForm';
import { TEAM_MEETING_FIELD, teamMeetingField } from '../plan/ProgrammeLaw';

/** The "Borger" choice that means: register the citizen from the fields below. */
export const NEW_CITIZEN = 'new';

export const CITIZEN_FIELDS: readonly FormField[] = [
  { key: 'cpr', label: 'CPR-nummer', input: 'text', required: true, requiredMessage: 'Skriv borgerens CPR-nummer.', hint: '10 cifre, fx 010190-1234. Fødselsdatoen læses af CPR-nummeret.' },
  { key: 'name', label: 'Navn', input: 'text', required: true, requiredMessage: 'Skriv borgerens navn.', maxChars: TEXT_LIMITS.title },
  { key: 'phone', label: 'Telefon', input: 'text' },
  { key: 'address', label: 'Adresse', input: 'text', maxChars: TEXT_LIMITS.title },
];

/**
 * The types in the order "Nyt forløb" offers them: those that can be started today first. Since
 * 1 February 2026 no new ressourceforløb is granted (lov nr. 1750 af 29. december 2025); one
 * decided before that day can still be registered late, so it comes last, saying so.
 */
export const NEW_PROGRAMME_TYPES: readonly ProgrammeType[] = ['HELHEDSORIENTERET', 'JOBAFKLARINGSFORLOEB', 'RESSOURCEFORLOEB'];

const typeOption = (t: ProgrammeType) => ({ value: t, label: t === 'RESSOURCEFORLOEB' ? `${PROGRAMME_TYPE_LABELS[t]} (kun afgørelse før 1. februar 2026)` : PROGRAMME_TYPE_LABELS[t] });

const TYPE_FIELD: FormField = {
  key: 'type',
  label: 'Forløbstype',
  input: 'select',
  required: true,
  requiredMessage: 'Vælg forløbstype.',
  options: [{ value: '', label: 'Vælg forløbstype' }, ...NEW_PROGRAMME_TYPES.map(typeOption)],
};

/**
 * The types a caseworker of a unit of this kind may create, as the server decides
 * (checkGrantedBy, server/src/modules/plan/programme-law.ts): a ressourceforløb or
 * jobafklaringsforløb is granted under the employment legislation by a caseworker from
 * beskæftigelse (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1); the municipality's
 * own forløb by a caseworker of any unit.
 */
export function programmeTypesFor(unitKind: string | null | undefined): readonly ProgrammeType[] {
  return unitKind === 'EMPLOYMENT' ? NEW_PROGRAMME_TYPES : NEW_PROGRAMME_TYPES.filter((t) => t === 'HELHEDSORIENTERET');
}

/**
 * Whether the form asks for the rehabiliteringsteam's meeting: a ressourceforløb, or a
 * jobafklaringsforløb decided before 1 February 2026. From that day the law no longer requires a
 * rehabiliteringsteam (lov nr. 1750 af 29. december 2025), so a jobafklaringsforløb under those
 * rules is not asked for it (nor one whose decision date is not given yet); the municipality's own
 * forløb has no such team.
 */
export function asksTeamMeeting(values: NewProgrammeValues): boolean {
  const decided = (values.decisionDate ?? '').trim();
  if (values.type === 'RESSOURCEFORLOEB') return true;
  return values.type === 'JOBAFKLARINGSFORLOEB' && isIsoDay(decided) && lawVersionOn(decided) !== 'REFORM_2026';
}

/** The Forløb section's hint: the source that governs the chosen type's length (lengthSourceFor). */
export function lengthHint(type: string | undefined): string {
  const chosen = NEW_PROGRAMME_TYPES.find((t) => t === type);
  return chosen ? `Længden skal holde sig inden for rammen for forløbstypen (${lengthSourceFor(chosen)}).` : 'Længden skal holde sig inden for rammen for forløbstypen.';
}

/**
 * The programme's fields for a caseworker of a unit of this kind: only the types they may create
 * are offered. For the municipality's own forløb Slutdato says the municipality's frame as the page
 * read it (`ownMaxMonths`; left out: not known), and the last day it allows once the start is given.
 */
export function programmeFields(unitKind: string | null | undefined, values: NewProgrammeValues = {}, ownMaxMonths?: number | null): readonly FormField[] {
  const types = programmeTypesFor(unitKind);
  const type: FormField | null =
    types.length === NEW_PROGRAMME_TYPES.length
      ? null
      : {
          ...TYPE_FIELD,
          options: [{ value: '', label: 'Vælg forløbstype' }, ...types.map(typeOption)],
          hint: 'Et ressourceforløb eller jobafklaringsforløb oprettes af en sagsbehandler fra beskæftigelse, som træffer afgørelsen om det.',
        };
  const chosen = NEW_PROGRAMME_TYPES.find((t) => t === values.type);
  const endHint = chosen === 'HELHEDSORIENTERET' ? ownEndDateHint(values, ownMaxMonths) : chosen ? `Som fastsat i afgørelsen. Forløbet kan ikke forlænges bagefter (${lengthSourceFor(chosen)}).` : null;
  // A field of one type only is shown for that type: the team meeting where it is asked for, the consent for the own forløb.
  const shown = PROGRAMME_FIELDS.filter((f) => (f.key === 'teamMeetingDate' ? asksTeamMeeting(values) : f.key === 'jointPlanConsentOn' ? chosen === 'HELHEDSORIENTERET' : true));
  return shown.map((f) => {
    if (f.key === 'type' && type) return type;
    if (f.key === 'endDate' && endHint) return { ...f, hint: endHint };
    if (f.key === 'teamMeetingDate' && chosen) return { ...f, hint: teamMeetingField(chosen).hint };
    return f;
  });
}

/** Slutdato's hint for the municipality's own forløb: its frame, and the last day from the start given; null while the frame is not read. */
function ownEndDateHint(values: NewProgrammeValues, ownMaxMonths: number | null | undefined): string | null {
  const start = (values.startDate ?? '').trim();
  const longest = ownProgrammeLongestHint(isIsoDay(start) ? start : null, ownMaxMonths);
  if (!longest) return null;
  return `Som fastsat i afgørelsen. ${longest}${ownMaxMonths === null ? '' : ' Forløbet kan forlænges bagefter, inden for kommunens ramme.'}`;
}

export const PROGRAMME_FIELDS: readonly FormField[] = [
  TYPE_FIELD,
  {
    key: 'decisionDate',
    label: 'Afgørelsesdato',
    input: 'date',
    required: true,
    requiredMessage: 'Vælg afgørelsesdatoen.',
    hint: 'Den dag forløbet blev besluttet; den afgør, hvilke regler der gælder. Nye ressourceforløb kan ikke besluttes fra 1. februar 2026 (lov nr. 1750 af 29. december 2025).',
  },
  {
    key: 'startDate',
    label: 'Startdato',
    input: 'date',
    required: true,
    requiredMessage: 'Vælg startdatoen.',
    hint: 'Tidligst afgørelsesdatoen: forløbet løber fra den dag, det er bevilget. Et jobafklaringsforløb kan være begyndt før afgørelsen (lov om sygedagpenge § 24 a).',
  },
  {
    key: 'endDate',
    label: 'Slutdato',
    input: 'date',
    required: true,
    requiredMessage: 'Vælg slutdatoen.',
    hint: 'Som fastsat i afgørelsen.',
  },
  TEAM_MEETING_FIELD,
  {
    key: 'jointPlanConsentOn',
    label: 'Samtykke til fælles plan',
    input: 'date',
    hint: 'Helhedsorienteret forløb: den dag borgeren gav samtykke til en fælles plan på tværs af lovområder.',
  },
];

/**
 * A ressourceforløb under the 2022 rules is granted past the age rules (from 40 more than
 * 5 years in all, from 50 a second one, less than 6 years to folkepension) only when the
 * citizen wants it (lov nr. 1160 af 8. juni 2021). Asked for such a ressourceforløb only.
 */
export const CITIZEN_REQUESTED_FIELD: FormField = {
  key: 'citizenRequested',
  label: 'Borgerens eget ønske',
  input: 'choices',
  options: [{ value: 'yes', label: 'Borgeren ønsker selv forløbet' }],
  hint: 'Kun når borgeren selv har bedt om forløbet. Så står aldersreglerne fra 2022 ikke i vejen: fra 40 år højst 5 år i ressourceforløb i alt, fra 50 år ét forløb, under 6 år til folkepension intet (lov nr. 1160 af 8. juni 2021).',
};

/** Whether the form asks for the citizen's wish: a ressourceforløb, decided under the 2022 rules (or no decision date yet): where the age rules apply (AGE_RULES_APPLY). */
export function asksCitizenWish(values: NewProgrammeValues): boolean {
  const decided = (values.decisionDate ?? '').trim();
  return values.type === 'RESSOURCEFORLOEB' && (!isIsoDay(decided) || AGE_RULES_APPLY[lawVersionOn(decided)].RESSOURCEFORLOEB);
}

/** Whether the form says the citizen wants the forløb (sent only where the form asks). */
export function citizenRequested(values: NewProgrammeValues): boolean {
  return asksCitizenWish(values) && choicesOf(values.citizenRequested ?? '').includes('yes');
}

/**
 * Whether the plan period must cover at least 6 months ahead: a ressourceforløb decided
 * under the 2013 or 2022 rules (or no decision date yet). The server's rules (minPlanMonths,
 * rules/law) ask it of no other forløb, and a period to the forløb's end is enough there too.
 */
export function asksSixMonthPlan(values: NewProgrammeValues): boolean {
  const decided = (values.decisionDate ?? '').trim();
  return sixMonthPlanApplies(values.type, isIsoDay(decided) ? lawVersionOn(decided) : null);
}

const PLAN_PERIOD_HINT = 'Planen starter med forløbet.';
const SIX_MONTH_PLAN_HINT =
  'Planen starter med forløbet og skal dække mindst de næste 6 måneder eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).';

export const PLAN_START_FIELDS: readonly FormField[] = [
  EMPLOYMENT_GOAL_FIELD,
  {
    key: 'goalKind',
    label: 'Målet angiver',
    input: 'select',
    required: true,
    requiredMessage: 'Vælg, hvad målet angiver.',
    options: [{ value: '', label: 'Vælg' }, ...GOAL_KINDS.map((k) => ({ value: k, label: GOAL_KIND_LABELS[k] }))],
  },
  {
    key: 'planPeriodEnd',
    label: 'Planperiodens slut',
    input: 'date',
    required: true,
    requiredMessage: 'Vælg planperiodens slut.',
    hint: PLAN_PERIOD_HINT,
  },
];

/** The plan's fields as the form shows them: the 6 months are said only where the rules ask for them. */
export function planStartFields(values: NewProgrammeValues): readonly FormField[] {
  if (!asksSixMonthPlan(values)) return PLAN_START_FIELDS;
  return PLAN_START_FIELDS.map((f) => (f.key === 'planPeriodEnd' ? { ...f, hint: SIX_MONTH_PLAN_HINT } : f));
}

export const ALL_FIELDS: readonly string[] = ['citizen', ...[...CITIZEN_FIELDS, ...PROGRAMME_FIELDS, CITIZEN_REQUESTED_FIELD, ...PLAN_START_FIELDS].map((f) => f.key), 'teamUnits'];

/** The server's rule codes, by the field each is about (server: modules/plan/programme.service.ts). */
export const RULE_FIELDS: Readonly<Record<string, string>> = {
  PROGRAMME_TOO_SHORT: 'endDate',
  PROGRAMME_TOO_LONG: 'endDate',
  PROGRAMME_STARTS_BEFORE_DECISION: 'startDate',
  PROGRAMME_DECIDED_AFTER_END: 'decisionDate',
  RESSOURCEFORLOEB_ABOLISHED: 'decisionDate',
  PROGRAMME_TYPE_NOT_IN_FORCE: 'decisionDate',
  PLAN_PERIOD_TOO_SHORT: 'planPeriodEnd',
  PROGRAMME_ALREADY_RUNNING: 'citizen',
  DECISION_NEEDS_EMPLOYMENT_UNIT: 'type',
  CLOSE_TO_FOLKEPENSION: 'citizenRequested',
  ONE_PROGRAMME_FROM_50: 'citizenRequested',
  FIVE_YEARS_FROM_40: 'citizenRequested',
};

/** The server's input names where this form calls the field something else. */
export const FIELD_ALIASES: Readonly<Record<string, string>> = { periodEnd: 'planPeriodEnd', citizenId: 'citizen' };

export type NewProgrammeValues = Record<string, string>;

/** The law's facts for the form's type and decision date (@samplan/schema, the tables the server's rules are built from); null until both are given. */
function lawFor(values: NewProgrammeValues, decisionDate: string): { type: NewProgrammeType; version: ReturnType<typeof lawVersionOn> } | null {
  const type = values.type as NewProgrammeType;
  if (!decisionDate || !(type in PROGRAMME_LENGTHS.REFORM_2026)) return null;
  return { type, version: lawVersionOn(decisionDate) };
}

/**
 * Everything the server's rules for a new forløb judge from the form alone, in the server's
 * words, before anything is sent: a citizen registered here would stay registered (and the
 * lookup counted) if the forløb were then refused. So: missing fields and dates out of order; a
 * decision date ahead; a type the law of the decision date does not grant (no new
 * ressourceforløb from 1 February 2026, no helhedsorienteret forløb before it:
 * programmeTypeRefusal); a start before the decision that grants the forløb
 * (decisionDateProblem); the length of the type under that law (lengthProblem: a ressourceforløb
 * 1 to 5 or 1 to 3 years, a jobafklaringsforløb at most 2, a helhedsorienteret forløb within the
 * municipality's own frame as the page read it, or the widest where it has set none:
 * frameLengthProblem); the plan period within the forløb and, for a ressourceforløb under the 2013
 * or 2022 rules, 6 months ahead (planPeriodProblem); a ressourceforløb under the 2022 rules for a
 * citizen with less than 6 years to folkepension on the decision date, unless it is their own wish
 * (closeToFolkepensionRefusal, from the birth date of the CPR number typed or of the citizen
 * picked); the consent and the team meeting not ahead. Left to the server: the citizen's other
 * forløb (a running one, the age rules from 40 and from 50, which count them) and the caseworker's
 * unit.
 */
export function checkNewProgramme(
  values: NewProgrammeValues,
  options: {
    newCitizen: boolean;
    today: string;
    /** The birth date of the citizen picked, or registered here before (a new citizen's is read from the CPR number). */
    birthDate?: string | null;
    /** The municipality's longest length of its own forløb, as read (null: none set; left out: not known, only the widest frame is judged). */
    ownMaxMonths?: number | null;
  },
): Problems {
  const problems: Problems = {};
  const fields = [...(options.newCitizen ? CITIZEN_FIELDS : []), ...PROGRAMME_FIELDS, ...PLAN_START_FIELDS];
  for (const f of fields) {
    const text = (values[f.key] ?? '').trim();
    if (f.required && !text) problems[f.key] = f.requiredMessage ?? `Udfyld ${f.label.toLowerCase()}.`;
    else if (f.input === 'date' && text && !isIsoDay(text)) problems[f.key] = 'Skriv en gyldig dato.';
    else if (f.maxChars !== undefined) {
      // A text over its limit, in the words of the other forms (fields.ts).
      const over = problemOf(f, text);
      if (over) problems[f.key] = over;
    }
  }
  const v = (key: string) => (problems[key] ? '' : (values[key] ?? ''));
  // The same rule as the server's (@samplan/schema parseCpr): the form and the API never disagree about a CPR number.
  const cpr = options.newCitizen && v('cpr') ? parseCpr(v('cpr'), options.today) : null;
  if (cpr && !cpr.ok) problems.cpr = cpr.problem;
  if (options.newCitizen) Object.assign(problems, phoneProblems(v('phone')));
  // In the server's order (checkNewProgramme, programme-law.ts): the decision date, the type it grants, then the dates.
  if (v('decisionDate') > options.today) problems.decisionDate = DECISION_DATE_AHEAD_MESSAGE;
  const refused = programmeTypeRefusal(values.type ?? '', v('decisionDate'));
  if (refused && !problems.decisionDate) problems.decisionDate = refused.message;
  if (v('startDate') && v('endDate') && v('endDate') <= v('startDate')) problems.endDate = 'Slutdatoen skal ligge efter startdatoen.';
  const undecided = decisionDateProblem(values.type ?? '', { decisionDate: v('decisionDate'), startDate: v('startDate'), endDate: v('endDate') });
  if (undecided && !problems[undecided.field]) problems[undecided.field] = undecided.message;
  const law = refused ? null : lawFor(values, v('decisionDate'));
  const length = law ? PROGRAMME_LENGTHS[law.version][law.type] : null;
  const tooLong = length && v('startDate') && v('endDate') && !problems.endDate ? frameLengthProblem(length, v('startDate'), v('endDate'), options.ownMaxMonths) : null;
  if (tooLong) problems.endDate = tooLong.message;
  // The age rule the birth date alone decides, where the citizen's wish does not lift it; the server's
  // rule field is "Borgerens eget ønske" (RULE_FIELDS).
  const birthDate = options.newCitizen ? (cpr?.ok ? cpr.cpr.birthDate : null) : options.birthDate;
  if (law && AGE_RULES_APPLY[law.version][law.type] && birthDate && !citizenRequested(values)) {
    const close = closeToFolkepensionRefusal(birthDate, v('decisionDate'));
    if (close) problems.citizenRequested = close.message;
  }
  if (v('startDate') && v('planPeriodEnd')) {
    // Against the forløb's end and the law's minimum once the end is known; before, only against the start.
    const programmeEnd = v('endDate') > v('startDate') ? v('endDate') : null;
    const minMonths = law && programmeEnd ? PLAN_PERIOD_MIN_MONTHS[law.version][law.type] : null;
    const period = planPeriodProblem({ periodStart: v('startDate'), periodEnd: v('planPeriodEnd'), programmeEnd: programmeEnd ?? '9999-12-31', minMonths }, options.today);
    if (period) problems.planPeriodEnd = period.message;
  }
  if (values.type === 'HELHEDSORIENTERET' && !v('jointPlanConsentOn') && !problems.jointPlanConsentOn) problems.jointPlanConsentOn = 'Registrér borgerens samtykke til en fælles plan.';
  if (values.type === 'HELHEDSORIENTERET' && v('jointPlanConsentOn') > options.today) problems.jointPlanConsentOn = CONSENT_AHEAD_MESSAGE;
  if (asksTeamMeeting(values) && v('teamMeetingDate') > options.today) problems.teamMeetingDate = 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.';
  return problems;
}

/**
 * What the form says at a field before "Opret forløb", from checkNewProgramme as the form is now:
 * the end date's problems once the field has been left with a date in it (`endDateLeft`), and
 * again as the dates and the type change; and the age rule the citizen's birth date decides, at
 * "Borgerens eget ønske", as soon as the CPR number (or the citizen picked), the type and the
 * decision date are known; and a type the decision date's law does not grant (a ressourceforløb
 * decided from 1 February 2026), at Afgørelsesdato as soon as both are given, in the server's
 * words. Said at the fields only: the summary at the top is the submit's.
 */
export function earlyProblems(
  values: NewProgrammeValues,
  options: Parameters<typeof checkNewProgramme>[1] & { endDateLeft: boolean },
): Problems {
  const found = checkNewProgramme(values, options);
  const early: Problems = {};
  if (options.endDateLeft && (values.endDate ?? '').trim() && found.endDate) early.endDate = found.endDate;
  // A type the decision date's law does not grant, in the server's words, as soon as both are given.
  if (found.decisionDate && programmeTypeRefusal(values.type ?? '', (values.decisionDate ?? '').trim())) early.decisionDate = found.decisionDate;
  if (asksCitizenWish(values) && found.citizenRequested) early.citizenRequested = found.citizenRequested;
  return early;
}

/** A citizen as the search shows them: the CPR number whole or masked, as the server decided. */
export interface CitizenChoice {
  id: string;
  name: string;
  cpr: string | null;
  birthDate: string;
  hasActiveProgramme?: boolean;
}

export function citizenLabel(c: CitizenChoice): string {
  return [c.name, c.cpr ? `CPR ${c.cpr}` : null, `født ${formatDate(c.birthDate)}`, c.hasActiveProgramme ? 'i forløb nu' : null].filter(Boolean).join(', ');
}
