import { act, screen, waitFor } from '@testing-library/react';
import { liveStreamFedByTest, perPlan, PLAN_ID, renderPlanPage, viewers } from '../../test-support/plan-page';
import { ViewerQuery } from '../org/viewer';
import { PlanEventsSubscription } from '../live/events';
import { PlanPageQuery } from './PlanPage';

// The first render of the plan's cache takes a while on a busy machine.
jest.setTimeout(15_000);

/** Bent's change to the team, made after the plan was read (seq 42) and before the stream was there. */
const teamChanged = {
  __typename: 'PlanEvent',
  seq: '42',
  kind: 'TEAM_CHANGED',
  planId: PLAN_ID,
  entityType: 'PLAN',
  entityId: PLAN_ID,
  at: '2026-11-23T09:41:00.000Z',
  summary: 'Bent Sørensen (Socialforvaltningen) tilføjede Sundhedsforvaltningen til teamet på planen',
  actor: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
  unit: { __typename: 'Unit', id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' },
  title: null,
  changes: [],
  overwrote: [],
  record: null,
  asActivity: null,
  asIntervention: null,
  asSubGoal: null,
  asPlan: null,
  asProgramme: null,
  asFollowUp: null,
  asMentorTask: null,
  asDescriptionSection: null,
};

describe('the plan page’s live stream', () => {
  it('goes on from where the plan was read to: a change made before the stream was there still shows', async () => {
    const plan = { ...perPlan(), liveFrom: '41' };
    renderPlanPage({
      viewer: 'anna',
      plan,
      // Only a stream asked to go on after 41 brings the change; one from "now" would not.
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: '41' } }, result: { data: { planEvents: teamChanged } }, delay: 20 },
      // The team change is read again with the plan.
      mocks: [{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan } }, maxUsageCount: Number.POSITIVE_INFINITY }],
    });
    await waitFor(() => expect(screen.getByTestId('live-announcement').textContent).toBe('Bent Sørensen (Socialforvaltningen) tilføjede Sundhedsforvaltningen til teamet på planen'));
  });

  it('a change the plan as read again already counts is not counted twice (the reading and the stream\'s catch-up race after a reconnect)', async () => {
    const plan = { ...perPlan(), liveFrom: '41' };
    const stream = liveStreamFedByTest();
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan,
      link: stream.link,
      mocks: [{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan: { ...plan, liveFrom: '43', unseenChangeCount: 2 } } }, maxUsageCount: Number.POSITIVE_INFINITY }],
    });
    await screen.findByRole('region', { name: 'Seneste ændringer' });
    await waitFor(() => expect(stream.afterSeqs).toEqual(['41']));
    // Read again before Bent's change (42) comes on the stream: the server counts 42 and 43 already.
    await act(async () => serverSends({ ...plan, liveFrom: '43', unseenChangeCount: 2 }));
    await waitFor(() => expect(screen.getByTestId('unseen-summary').querySelector('p')?.textContent).toBe('Ny 2 ændringer siden dit sidste besøg'));
    act(() => stream.send(teamChanged));
    await waitFor(() => expect(screen.getByTestId('live-announcement').textContent).toBe('Bent Sørensen (Socialforvaltningen) tilføjede Sundhedsforvaltningen til teamet på planen'));
    expect(screen.getByTestId('unseen-summary').querySelector('p')?.textContent).toBe('Ny 2 ændringer siden dit sidste besøg');
  });

  it('on a return to the plan, goes on from where the server read it to, not from the copy kept since the last visit', async () => {
    // Kept from the last visit: read up to 10. The server reads it now up to 41; a stream from 10
    // would bring every change since the last visit again, each read out as new.
    const kept = { ...perPlan(), liveFrom: '10' };
    const now = { ...perPlan(), liveFrom: '41' };
    renderPlanPage({
      viewer: 'anna',
      plan: kept,
      cacheAndNetwork: true,
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: '41' } }, result: { data: { planEvents: teamChanged } }, delay: 20 },
      mocks: [
        { request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan: now } }, delay: 30, maxUsageCount: Number.POSITIVE_INFINITY },
        { request: { query: ViewerQuery }, result: { data: { me: viewers.anna } }, maxUsageCount: Number.POSITIVE_INFINITY },
      ],
    });
    await waitFor(() => expect(screen.getByTestId('live-announcement').textContent).toBe('Bent Sørensen (Socialforvaltningen) tilføjede Sundhedsforvaltningen til teamet på planen'));
  });

  it('the viewer\'s own change is listed, not read out again in the third person', async () => {
    const plan = { ...perPlan(), liveFrom: '41' };
    renderPlanPage({
      viewer: 'bent',
      plan,
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: '41' } }, result: { data: { planEvents: teamChanged } }, delay: 20 },
      mocks: [{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan } }, maxUsageCount: Number.POSITIVE_INFINITY }],
    });
    const feed = await screen.findByRole('region', { name: 'Seneste ændringer' });
    await waitFor(() => expect(feed.textContent).toContain('tilføjede Sundhedsforvaltningen til teamet på planen'));
    expect(screen.getByTestId('live-announcement').textContent).toBe('');
  });
});
