import type { MockLink } from '@apollo/client/testing';
import { BookingOverlapsQuery, PlanMeetingsQuery } from '../modules/meeting/meeting.documents';

/** Booked samtaler as the server answers them for a plan (none by default), however often the section asks. */
export function planMeetings(
  planId: string,
  meetings: readonly unknown[] = [],
  options: { period?: string; myStanding?: string; nextFollowUpAt?: string | null; nextFollowUpBooked?: boolean; nextBookedMeeting?: { id: string; startsAt: string } | null } = {},
): MockLink.MockedResponse {
  const nextBookedMeeting = options.nextBookedMeeting ? { __typename: 'BookedMeeting', ...options.nextBookedMeeting } : null;
  return {
    request: { query: PlanMeetingsQuery, variables: { planId, period: options.period ?? 'OPEN' } },
    result: { data: { plan: { __typename: 'Plan', id: planId, myStanding: options.myStanding ?? 'COORDINATOR', nextFollowUpAt: options.nextFollowUpAt ?? null, nextFollowUpBooked: options.nextFollowUpBooked ?? false, nextBookedMeeting, meetings } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/**
 * What "Book samtale" and "Flyt" read of the plan to warn of what the citizen already has at
 * the time typed (nothing by default): its samtaler, and its interventions and activities.
 */
export function planOverlaps(
  planId: string,
  plan: { meetings?: ReadonlyArray<{ __typename: string; id: string; status: string; startsAt: string; endsAt: string }>; interventions?: unknown[]; activities?: unknown[]; withheldInterventionIds?: string[] } = {},
): MockLink.MockedResponse {
  const meetings = (plan.meetings ?? []).map(({ __typename, id, status, startsAt, endsAt }) => ({ __typename, id, status, startsAt, endsAt }));
  return {
    request: { query: BookingOverlapsQuery, variables: { planId } },
    result: { data: { plan: { __typename: 'Plan', id: planId, withheldInterventionIds: plan.withheldInterventionIds ?? [], interventions: plan.interventions ?? [], activities: plan.activities ?? [], meetings } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/**
 * What the plan page's Samtaler section reads, for a page test about something else: no
 * samtaler, and the plan's next samtale as the page's own fixture has it (both answers land on
 * the same plan in the cache).
 */
export const quietMeetings = (plan: { id: string; nextFollowUpAt?: string | null }): MockLink.MockedResponse[] => [
  planMeetings(plan.id, [], { nextFollowUpAt: plan.nextFollowUpAt ?? null }),
];

/** A samtale booked on Per's plan by Anna, ahead (2099), as the samtaler section reads it. */
export function bookedMeeting(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'BookedMeeting',
    id: 'm-1',
    version: 1,
    status: 'BOOKED',
    startsAt: '2099-03-12T09:00:00.000Z',
    endsAt: '2099-03-12T10:00:00.000Z',
    mode: 'IN_PERSON',
    place: 'Jobcentret, Østergade 5, 5750 Ringe',
    videoLink: null,
    agenda: 'Status på praktikken',
    cancelReason: null,
    absenceReasonableCause: null,
    attendanceNote: null,
    staff: [] as unknown[],
    guests: [] as unknown[],
    bookedBy: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
    ...overrides,
  };
}
