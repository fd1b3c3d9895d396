import { ApolloLink, Observable, type InMemoryCache } from '@apollo/client';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import { createCache } from '../core/apollo';
import { PlanEventsSubscription, PlanHistoryQuery } from '../modules/live/events';
import { OpenUnitsQuery } from '../modules/org/units';
import { ViewerQuery } from '../modules/org/viewer';
import { PlanPage, PlanPageQuery } from '../modules/plan/PlanPage';
import { quietConsent } from './consent';
import { bostoette } from './fixtures';
import { quietDescription } from './description';
import { quietMeetings } from './meetings';
import { presentOnPlan, quietPresence } from './presence';

/**
 * Per Hansen's plan as the plan page's query returns it, with the jobcenter (Anna is the
 * coordinator) and social services (Bent) on the team.
 */

export const PLAN_ID = 'plan-per';

const unit = (kind: string, name: string) => ({ __typename: 'Unit', id: `unit-${kind.toLowerCase()}`, kind, name });
export const EMPLOYMENT = unit('EMPLOYMENT', 'Jobcenter Faaborg-Midtfyn');
export const SOCIAL = unit('SOCIAL', 'Socialforvaltningen');
export const HEALTH = unit('HEALTH', 'Sundhedsforvaltningen');
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };

/** The municipality's open units, as the units query answers the team pickers, however often they ask. */
export const openUnits = (units: readonly unknown[] = [EMPLOYMENT, SOCIAL, HEALTH]): MockLink.MockedResponse => ({
  request: { query: OpenUnitsQuery },
  result: { data: { units } },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

export const viewers = {
  anna: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'CASEWORKER', unit: EMPLOYMENT, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' } },
  bent: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen', role: 'CASEWORKER', unit: SOCIAL, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' } },
  carla: { __typename: 'User', id: 'u-carla', name: 'Carla Nielsen', role: 'CASEWORKER', unit: HEALTH, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' } },
};
export type Viewer = keyof typeof viewers;

/** The jobcenter's internship, as the intervention card reads it. */
export function praktik(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'JobcenterIntervention',
    id: 'iv-praktik',
    version: 3,
    title: 'Virksomhedspraktik i detailbutik',
    kind: 'INTERNSHIP',
    kindLabel: 'Virksomhedspraktik',
    unitKind: 'EMPLOYMENT',
    unit: EMPLOYMENT,
    shortTermGoal: 'Kende butikkens faste opgaver',
    status: 'ACTIVE',
    startDate: '2026-09-01',
    endDate: null,
    endReason: null,
    pausedOn: null,
    pauses: [],
    notes: '',
    updatedAt: '2026-11-02T09:00:00.000Z',
    updatedBy: anna,
    subGoals: [],
    companyName: 'Dagligvarebutikken i Ringe',
    hoursPerWeek: 10,
    internshipPurpose: 'SKILLS',
    courseName: null,
    // The samtale with the sundhedskoordinator (LAB §113, stk. 3): its section shows where a test says the right holds.
    healthTalkRight: false,
    healthTalkAskedOn: null,
    healthTalkBeforeStart: null,
    healthTalkDecidedOn: null,
    healthTalkOutcome: null,
    healthTalkDecisionNote: null,
    ...overrides,
  };
}

export function progressPoint(id: string, measuredOn: string, value: number, scale = 'ONE_TO_FIVE', comment: string | null = null, recordedBy = 'Bent Sørensen') {
  return { __typename: 'SubGoalProgress', id, measuredOn, scale, value, comment, recordedBy: { __typename: 'User', id: `u-${recordedBy}`, name: recordedBy } };
}

export function subGoal(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'SubGoal',
    id: 'sg-butik',
    area: 'EMPLOYMENT',
    text: 'Løse faste opgaver i butikken selvstændigt',
    reason: 'Per vil gerne arbejde i en butik.',
    status: 'ACTIVE',
    version: 1,
    updatedAt: '2026-10-01T09:00:00.000Z',
    progress: [progressPoint('pg-1', '2026-09-01', 2), progressPoint('pg-2', '2026-10-01', 3)],
    ...overrides,
  };
}

export function activity(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Activity',
    id: 'act-samtale',
    title: 'Samtale med butikschefen',
    dueAt: '2099-01-15T09:00:00.000Z',
    status: 'PLANNED',
    assignee: 'Anna Holm',
    place: null,
    notes: '',
    interventionId: 'iv-praktik',
    sharedWithMentor: false,
    // The server's answer for a jobcenter activity: the plan's own to share.
    mentorShareRefusal: null,
    version: 1,
    updatedAt: '2026-11-02T09:00:00.000Z',
    updatedBy: anna,
    ...overrides,
  };
}

export function perPlan(overrides: Record<string, unknown> = {}) {
  const myStanding = (overrides.myStanding as string | null | undefined) ?? 'COORDINATOR';
  const plan = {
    __typename: 'Plan',
    id: PLAN_ID,
    version: 4,
    myStanding,
    // The server's answer for the default viewer: anna, coordinator from the jobcenter, decides.
    mayDecide: myStanding === 'COORDINATOR',
    // The default plan is the citizen's running one, so its coordinator is the one who reads the access log.
    mayReadAccessLog: myStanding === 'COORDINATOR',
    // Its coordinator corrects the citizen's CPR number and closes or opens their access there.
    mayChangeCitizenSignIn: myStanding === 'COORDINATOR',
    // Nothing new since the viewer last marked the plan seen.
    lastSeenSeq: null,
    unseenChangeCount: 0,
    // No feed position: the stream follows from now on (afterSeq null).
    liveFrom: null as string | null,
    citizen: {
      __typename: 'Citizen', id: 'c-per', name: 'Per Hansen', cpr: '020605-4123', birthDate: '2005-06-02', phone: '20 11 22 33', address: null as string | null, version: 1,
      // Per's login, bound at his first MitID sign-in; his access not closed.
      signIn: { __typename: 'CitizenSignIn', firstSignInAt: '2026-04-02T08:15:00.000Z' as string | null, closedAt: null as string | null, closedByName: null as string | null },
    },
    programme: {
      __typename: 'Programme',
      id: 'pr-per',
      type: 'RESSOURCEFORLOEB',
      status: 'ACTIVE',
      startDate: '2026-04-01',
      endDate: '2028-04-01',
      daysLeft: 500,
      version: 2,
      endReason: null,
      endReasonOptions: ['EMPLOYMENT', 'EDUCATION', 'FLEXJOB', 'LEDIGHEDSYDELSE', 'FOERTIDSPENSION', 'UNEMPLOYMENT_BENEFIT', 'FIT_FOR_WORK', 'PENSION', 'DEATH', 'MOVED', 'OTHER'],
      decisionDate: '2026-01-20',
      lawVersion: 'RULES_2022',
      // Whether it finishes under the transition rule of lov nr. 1750 is the server's word: a test that shows it says so.
      continuesUnderTransitionRule: false,
      teamMeetingDate: '2026-01-15',
      guaranteeTeamDate: null,
      guaranteeSpecialReasons: null,
      citizenRequested: false,
      healthTalkGuidedOn: null,
      // The personal jobformidler (LAB §113 a): left out of the card unless a test gives it.
      jobFacilitatorRight: false,
      mayRecordJobFacilitator: false,
      jobFacilitatorHistory: [],
      stoppedBeforeStart: false,
      registeredInErrorReason: null as string | null,
      registeredInErrorAt: null as string | null,
      registeredInErrorBy: null as { __typename: 'User'; id: string; name: string } | null,
      suspendedDays: 0,
      suspensions: [],
      citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen' },
      nextStep: null,
      // A ressourceforløb decided after 1 February 2026 is followed by no new ressourceforløb (lov nr. 1750 af 29. december 2025).
      nextStepOptions: ['FLEXJOB', 'FOERTIDSPENSION', 'CASH_BENEFIT', 'UNEMPLOYMENT_BENEFIT', 'PENSION', 'EMPLOYMENT', 'EDUCATION', 'HELHEDSORIENTERET', 'OTHER'],
      nextStepLastDays: [],
      warningLevel: null,
      warnings: [],
    },
    employmentGoal: 'Lønnede timer i en butik i detailhandlen',
    goalKind: 'SECTOR',
    periodStart: '2026-04-01',
    periodEnd: '2027-04-01',
    updatedAt: '2026-10-01T09:00:00.000Z',
    team: [EMPLOYMENT, SOCIAL],
    subGoals: [subGoal()],
    interventions: [praktik(), bostoette()],
    activities: [activity()],
    coordinator: {
      __typename: 'CoordinatorAssignment',
      id: 'ca-per',
      fromAt: '2026-04-01T08:00:00.000Z',
      reason: 'Forløbet er mest beskæftigelsesrettet',
      citizenConsulted: true,
      user: anna,
      unit: EMPLOYMENT,
    },
    coordinatorHistory: [
      {
        __typename: 'CoordinatorAssignment',
        id: 'ca-per',
        fromAt: '2026-04-01T08:00:00.000Z',
        toAt: null,
        reason: 'Forløbet er mest beskæftigelsesrettet',
        citizenConsulted: true,
        user: anna,
        unit: EMPLOYMENT,
      },
    ],
    nextFollowUpAt: '2099-01-10T09:00:00.000Z',
    nextFollowUpBooked: false,
    nextBookedMeeting: null,
    bookedAwaitingAttendanceAt: null as string | null,
    coordinatorLeft: false,
    followUps: [],
    mentorGrants: [],
    mentorTasks: [],
    ...overrides,
  };
  return plan;
}

/**
 * The plan page for a viewer, with the plan and the viewer already fetched and the live stream
 * quiet. `sectionMocks` answer before the quiet ones (e.g. samtaler or description sections
 * for the page's own sections to show).
 */
export function renderPlanPage(options: {
  viewer: Viewer;
  plan?: ReturnType<typeof perPlan>;
  mocks?: MockLink.MockedResponse[];
  events?: MockLink.MockedResponse;
  sectionMocks?: MockLink.MockedResponse[];
  /** Who else has the plan open, as the presence subscription says once and keeps open; without it, nobody. */
  present?: readonly unknown[];
  /** As the app reads (core/apollo.tsx): what the cache keeps shows at once, and the server is asked too. */
  cacheAndNetwork?: boolean;
  /** A link before the mocks (e.g. a stream the test feeds when it chooses, liveStreamFedByTest). */
  link?: ApolloLink;
}) {
  const cache: InMemoryCache = createCache();
  cache.writeQuery({ query: ViewerQuery, data: { me: viewers[options.viewer] } as never });
  const plan = options.plan ?? perPlan();
  cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN_ID }, data: { plan } as never });
  // The stream goes on from where the plan was read to (Plan.liveFrom).
  const quietEvents: MockLink.MockedResponse = options.events ?? {
    request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: plan.liveFrom } },
    result: { data: null },
    delay: Infinity,
  };
  // The plan's history is empty, however often the feed asks.
  const noHistory: MockLink.MockedResponse = {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [], olderCursor: null } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
  const mocks = new MockLink([...(options.sectionMocks ?? []), quietEvents, noHistory, openUnits(), ...quietMeetings(plan), ...quietDescription(plan), ...quietConsent(plan), ...quietPresence(PLAN_ID), ...(options.mocks ?? [])]);
  const link = ApolloLink.from([...(options.link ? [options.link] : []), ...(options.present ? [presentOnPlan(PLAN_ID, options.present)] : []), mocks]);
  const view = render(
    <MockedProvider link={link} cache={cache} defaultOptions={options.cacheAndNetwork ? { watchQuery: { fetchPolicy: 'cache-and-network' } } : undefined}>
      <PlanPage id={PLAN_ID} />
    </MockedProvider>,
  );
  /** What the plan refetch after a live event does to the cache: replaces the plan with the server's. */
  const serverSends = (plan: ReturnType<typeof perPlan>) =>
    cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN_ID }, data: { plan } as never });
  return { ...view, cache, serverSends };
}

/**
 * The plan's live stream, fed by the test: `send` delivers an event when the test says so (not
 * after a delay that a busy machine may outrun); `afterSeqs` are where each stream asked to go on from.
 */
export function liveStreamFedByTest(): { link: ApolloLink; send: (planEvent: unknown) => void; afterSeqs: Array<string | null> } {
  const streams: Array<{ next: (value: unknown) => void }> = [];
  const afterSeqs: Array<string | null> = [];
  const link = new ApolloLink((operation, forward) => {
    if (operation.operationName !== 'PlanEvents') return forward(operation);
    afterSeqs.push((operation.variables.afterSeq as string | null | undefined) ?? null);
    return new Observable((observer) => {
      streams.push(observer as { next: (value: unknown) => void });
    });
  });
  return { link, afterSeqs, send: (planEvent) => streams.forEach((s) => s.next({ data: { planEvents: planEvent } })) };
}
