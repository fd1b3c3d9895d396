import { useMutation } from '@apollo/client/react';
import { TEXT_LIMITS } from '@samplan/schema';
import { formatDate } from '../../core/format';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { GOAL_KIND_LABELS, GOAL_KINDS, label } from '../../core/labels';
import { graphql } from '../../gql';
import type { GoalKind } from '../../gql/graphql';

export const UpdatePlanMutation = graphql(`
  mutation UpdatePlan($input: UpdatePlanInput!) {
    updatePlan(input: $input) {
      id
      version
      ...PlanGoal_Plan
      programme {
        id
        ...Warnings_Programme
      }
    }
  }
`);

const date = (v: unknown) => formatDate(String(v));

/**
 * The plan's overall goal, as set when the programme starts and edited later (STAR’s vejledning
 * om ressourceforløb 2020, afsnit 5.3); its limit as CreateProgrammeInput and UpdatePlanInput check it.
 */
export const EMPLOYMENT_GOAL_FIELD: FormField = {
  key: 'employmentGoal',
  label: 'Beskæftigelses- eller uddannelsesmål',
  input: 'textarea',
  required: true,
  requiredMessage: 'Skriv beskæftigelses- eller uddannelsesmålet.',
  hint: 'Et konkret job, eller en branche eller jobfunktion, hvis der ikke er et konkret job; eller en uddannelse.',
  maxChars: TEXT_LIMITS.short,
};

/**
 * Whether a plan period must cover at least 6 months ahead (or run to the forløb's end): a
 * ressourceforløb under the 2013 or 2022 rules, "mindst 6 måneder ad gangen" (STAR’s vejledning
 * om ressourceforløb 2020, afsnit 5.3). The server's rules (minPlanMonths, rules/law) ask it of
 * no other forløb: not of a jobafklaringsforløb, nor of one under the 2026 rules. A law version
 * not known yet (no decision date) is taken as the older rules.
 */
export function sixMonthPlanApplies(type: string | null | undefined, lawVersion: string | null): boolean {
  return type === 'RESSOURCEFORLOEB' && lawVersion !== 'REFORM_2026';
}

/** The plan's overall goal and its period, as the coordinator edits them; the period's hint by the forløb's rules (sixMonthPlanApplies). */
export const planFields = (sixMonthPlan: boolean): readonly FormField[] => [
  EMPLOYMENT_GOAL_FIELD,
  {
    key: 'goalKind',
    label: 'Målet angiver',
    input: 'select',
    required: true,
    options: GOAL_KINDS.map((k) => ({ value: k, label: GOAL_KIND_LABELS[k] })),
    format: (v) => label(GOAL_KIND_LABELS, v as GoalKind),
  },
  { key: 'periodStart', label: 'Planperiodens start', input: 'date', required: true, requiredMessage: 'Vælg planperiodens start.', format: date },
  {
    key: 'periodEnd',
    label: 'Planperiodens slut',
    input: 'date',
    required: true,
    requiredMessage: 'Vælg planperiodens slut.',
    hint: sixMonthPlan
      ? 'Planen skal dække mindst de næste 6 måneder eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).'
      : 'Den periode, planen dækker. Der advares, før den udløber.',
    format: date,
  },
];

/** The plan period must end after it starts; the 6 months ahead is the server's to judge. */
export function checkPlanPeriod(values: Values): Record<string, string> {
  const start = values.periodStart ?? '';
  const end = values.periodEnd ?? '';
  return start && end && end <= start ? { periodEnd: 'Planperioden skal slutte efter den starter.' } : {};
}

export type EditablePlan = {
  id: string;
  version: number;
  employmentGoal: string;
  goalKind: GoalKind;
  periodStart: string;
  periodEnd: string;
};

/** "Redigér mål og planperiode": the coordinator's inline edit of the goal section. */
export function PlanGoalForm(props: {
  plan: EditablePlan;
  liveVersion: number;
  /** Whether the forløb's rules ask for a period of at least 6 months (sixMonthPlanApplies). */
  sixMonthPlan: boolean;
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [update, { loading }] = useMutation(UpdatePlanMutation);
  return (
    <VersionedEditForm
      heading="Redigér mål og planperiode"
      subject="Planen"
      typename="Plan"
      fields={planFields(props.sixMonthPlan)}
      record={props.plan}
      liveVersion={props.liveVersion}
      staleNotice="En anden har gemt en ændring af planen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      cannotSave={props.cannotSave}
      check={checkPlanPeriod}
      ruleFields={{ PLAN_PERIOD_TOO_SHORT: 'periodEnd' }}
      save={(changed, expectedVersion, _onTopOf, baseVersion) => update({ variables: { input: { id: props.plan.id, expectedVersion: expectedVersion ?? props.plan.version, baseVersion, ...changed } } })}
      loading={loading}
      failedTitle="Planen blev ikke gemt"
      savedMessage="Mål og planperiode er gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}
