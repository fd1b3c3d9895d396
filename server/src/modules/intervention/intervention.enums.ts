import { registerEnumType } from 'type-graphql';

export enum InterventionStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

export const INTERVENTION_STATUS_LABEL: Record<InterventionStatus, string> = {
  PLANNED: 'Planlagt',
  ACTIVE: 'Aktiv',
  PAUSED: 'Sat på pause',
  COMPLETED: 'Afsluttet',
  CANCELLED: 'Annulleret',
};

export enum ActivityStatus {
  PLANNED = 'PLANNED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

registerEnumType(InterventionStatus, {
  name: 'InterventionStatus',
  description: 'Indsatsens status.',
  valuesConfig: Object.fromEntries(Object.entries(INTERVENTION_STATUS_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});
registerEnumType(ActivityStatus, {
  name: 'ActivityStatus',
  description: 'Aktivitetens status.',
  valuesConfig: { PLANNED: { description: 'Planlagt.' }, DONE: { description: 'Udført.' }, CANCELLED: { description: 'Aflyst.' } },
});
