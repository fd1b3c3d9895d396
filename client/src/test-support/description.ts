import type { MockLink } from '@apollo/client/testing';
import { PlanCitizenWordsQuery, PlanDescriptionQuery } from '../modules/description/description.documents';

/**
 * What the plan page's Samlet beskrivelse and the citizen's own words read, for a page test
 * about something else: no sections written, and the citizen has written nothing themselves.
 * The plan's own citizen and standing are kept: the answers land on the same cached plan.
 */
export function quietDescription(plan: { id: string; citizen: { id: string; name: string } }): MockLink.MockedResponse[] {
  const planId = plan.id;
  return [
    {
      request: { query: PlanDescriptionQuery, variables: { planId } },
      result: { data: { plan: { __typename: 'Plan', id: planId, descriptionSections: [] } } },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
    {
      request: { query: PlanCitizenWordsQuery, variables: { planId } },
      result: { data: { plan: { __typename: 'Plan', id: planId, citizen: { __typename: 'Citizen', id: plan.citizen.id, name: plan.citizen.name }, citizenOwnWords: null } } },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
  ];
}
