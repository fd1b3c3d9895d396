import type { MockLink } from '@apollo/client/testing';
import { ConsentRegisterQuery } from '../modules/consent/ConsentSection';

/**
 * What the plan page's consent register reads, for a page test about something else: no
 * consent recorded and nothing withheld from the viewer. The answer lands on the cached plan,
 * so it keeps the plan's own standing.
 */
export function quietConsent(plan: { id: string; myStanding: string | null }): MockLink.MockedResponse[] {
  return [{
    request: { query: ConsentRegisterQuery, variables: { planId: plan.id } },
    result: { data: { plan: { __typename: 'Plan', id: plan.id, myStanding: plan.myStanding, consentWarning: null, withheldInterventionIds: [], consents: [] } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  }];
}
