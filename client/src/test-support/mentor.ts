import type { MockLink } from '@apollo/client/testing';
import { addMonths, todayInDenmark } from '@samplan/schema';
import { MentorEventsSubscription } from '../modules/mentor/MentorPage';

/** The first of the month `months` from this one (YYYY-MM-DD), for grants that run today whenever the test runs. */
export function monthsFromToday(months: number): string {
  return addMonths(`${todayInDenmark().slice(0, 7)}-01`, months);
}

/** Per's mentor grant with Mikkel Lund, running today unless told otherwise. */
export function mentorGrant(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'MentorGrant',
    id: 'g-per',
    purpose: 'Struktur i hverdagen',
    goals: ['Møde til tiden i butikken'],
    focusAreas: ['Morgenrutiner'],
    subGoalIds: [] as string[],
    startDate: monthsFromToday(-1),
    endDate: monthsFromToday(3),
    endedEarly: false,
    version: 1,
    mentor: { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' },
    ...overrides,
  };
}

/** A held follow-up meeting on Per's plan, not shared with the mentor. */
export function followUp(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'FollowUpMeeting',
    id: 'fu-1',
    heldAt: '2026-11-03T09:00:00.000Z',
    mode: 'IN_PERSON',
    participants: ['Per Hansen', 'Anna Holm'],
    summary: 'Praktikken går godt.',
    nextMeetingAt: '2099-01-10T09:00:00.000Z',
    sharedWithMentor: false,
    createdBy: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
    ...overrides,
  };
}

/** The mentor's live feed, quiet: for a mentor page test about something else. */
export const quietMentorEvents = (): MockLink.MockedResponse => ({
  request: { query: MentorEventsSubscription, variables: { afterSeq: null } },
  result: { data: null },
  delay: Number.POSITIVE_INFINITY,
});
