import { createCache } from '../core/apollo';
import { InterventionCardFragment } from '../modules/plan/Interventions';

/** Per's "Bostøtte" as the API returns it for the intervention card. */
export function bostoette(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'SocialIntervention',
    id: 'iv-bostoette',
    version: 1,
    title: 'Bostøtte',
    kind: 'HOUSING_SUPPORT',
    kindLabel: 'Bostøtte',
    unitKind: 'SOCIAL',
    unit: { __typename: 'Unit', id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' },
    shortTermGoal: 'Per kan selv handle ind',
    status: 'PLANNED',
    startDate: null,
    endDate: null,
    endReason: null,
    pausedOn: null,
    pauses: [],
    notes: '',
    updatedAt: '2026-11-20T09:00:00.000Z',
    updatedBy: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
    subGoals: [],
    legalBasis: 'SEL §85',
    provider: 'Bostøtteteamet, Ringe',
    hoursPerWeek: 3,
    ...overrides,
  };
}

/** A cache (with the app's type policies) that already holds the intervention. */
export function cacheWith(intervention: ReturnType<typeof bostoette>) {
  const cache = createCache();
  cache.writeFragment({ fragment: InterventionCardFragment, data: intervention as never });
  return cache;
}
