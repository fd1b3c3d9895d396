import type { MockLink } from '@apollo/client/testing';
import { PlanDescriptionQuery } from '../modules/description/description.documents';

/** What the plan page's Samlet beskrivelse reads, for a page test about something else: no sections written. */
export function quietDescription(planId: string): MockLink.MockedResponse[] {
  return [{
    request: { query: PlanDescriptionQuery, variables: { planId } },
    result: { data: { plan: { __typename: 'Plan', id: planId, descriptionSections: [] } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  }];
}
