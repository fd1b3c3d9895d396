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

/** A section of the description as the plan page reads it: empty and never written unless `overrides` say otherwise. */
export function descriptionSection(kind: string, title: string, overrides: Record<string, unknown> = {}) {
  return { __typename: 'DescriptionSection', id: `s-${kind}`, kind, title, text: '', inCitizensOwnWords: false, authorKind: 'STAFF', version: 0, updatedAt: null, updatedBy: null, ...overrides };
}

/** The plan's description with these sections, however often it is read. */
export function describedWith(planId: string, sections: readonly unknown[]): MockLink.MockedResponse {
  return {
    request: { query: PlanDescriptionQuery, variables: { planId } },
    result: { data: { plan: { __typename: 'Plan', id: planId, descriptionSections: sections } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}
