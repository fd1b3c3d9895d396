import type { MockLink } from '@apollo/client/testing';
import { PlanMeetingsQuery } from '../modules/meeting/meeting.documents';

/** Booked samtaler as the server answers them for a plan (none by default), however often the section asks. */
export function planMeetings(planId: string, meetings: readonly unknown[] = [], options: { period?: string; myStanding?: string } = {}): MockLink.MockedResponse {
  return {
    request: { query: PlanMeetingsQuery, variables: { planId, period: options.period ?? 'UPCOMING' } },
    result: { data: { plan: { __typename: 'Plan', id: planId, myStanding: options.myStanding ?? 'COORDINATOR', meetings } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** What the plan page's Samtaler section reads, for a page test about something else: no samtaler. */
export const quietMeetings = (planId: string): MockLink.MockedResponse[] => [planMeetings(planId)];
