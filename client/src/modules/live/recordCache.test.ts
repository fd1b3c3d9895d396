import { createCache } from '../../core/apollo';
import { getFragmentData } from '../../gql';
import { bostoette } from '../../test-support/fixtures';
import { activity, perPlan, PLAN_ID, praktik, progressPoint, subGoal } from '../../test-support/plan-page';
import { InterventionCardFragment } from '../plan/Interventions';
import { PlanPageQuery } from '../plan/PlanPage';
import { ActivityFragment, SubGoalFragment } from '../plan/PlanSections';
import type { LiveEvent } from './events';
import { applyEventToCache } from './recordCache';

/** A cache holding Per's plan as the plan page read it. */
function planInCache() {
  const cache = createCache();
  cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN_ID }, data: { plan: { ...perPlan(), lastSeenSeq: null, unseenChangeCount: 0 } } as never });
  return cache;
}

/** The plan page's query as the cache answers it: complete (else the page would ask the server again). */
function planPage(cache: ReturnType<typeof createCache>) {
  const plan = cache.readQuery({ query: PlanPageQuery, variables: { id: PLAN_ID } })?.plan;
  if (!plan) throw new Error('the plan page is not complete in the cache');
  return {
    activities: plan.activities.map((a) => getFragmentData(ActivityFragment, a)),
    interventions: plan.interventions.map((iv) => getFragmentData(InterventionCardFragment, iv)),
    subGoals: plan.subGoals.map((g) => getFragmentData(SubGoalFragment, g)),
  };
}

/** An event as the subscription delivers it: only the alias of the record's own type has fields. */
function event(kind: string, records: Partial<Record<keyof LiveEvent, unknown>>): LiveEvent {
  const typename = (Object.values(records)[0] as { __typename: string }).__typename;
  const none = { __typename: typename };
  return {
    kind,
    planId: PLAN_ID,
    asActivity: none,
    asIntervention: none,
    asSubGoal: none,
    asPlan: none,
    asProgramme: none,
    asFollowUp: none,
    asMentorTask: none,
    ...records,
  } as unknown as LiveEvent;
}

const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };

describe('a live event into the cache', () => {
  it('writes a changed record over the cached one: the card shows the new status and who changed it', () => {
    const cache = planInCache();
    const changed = bostoette({ status: 'ACTIVE', hoursPerWeek: 4, version: 2, updatedAt: '2026-11-23T09:41:00.000Z', updatedBy: bent });
    expect(applyEventToCache(cache, event('INTERVENTION_STATUS_CHANGED', { asIntervention: changed }))).toBe(true);
    const page = planPage(cache);
    const card = page.interventions.find((iv) => iv.id === 'iv-bostoette');
    expect(card).toMatchObject({ status: 'ACTIVE', version: 2, hoursPerWeek: 4, updatedBy: { name: 'Bent Sørensen' } });
  });

  it('adds a new activity to the plan’s list in date order, complete, so nothing is fetched again', () => {
    const cache = planInCache();
    const earlier = activity({ id: 'act-ny', title: 'Besøg på værkstedet', dueAt: '2098-06-01T09:00:00.000Z', updatedBy: bent });
    expect(applyEventToCache(cache, event('ACTIVITY_CREATED', { asActivity: earlier }))).toBe(true);
    // The same event twice (a replay after a reconnect) adds it once.
    applyEventToCache(cache, event('ACTIVITY_CREATED', { asActivity: earlier }));
    const page = planPage(cache);
    expect(page.activities.map((a) => a.title)).toEqual(['Besøg på værkstedet', 'Samtale med butikschefen']);
  });

  it('adds a new intervention where the server lists it (by unit kind, then title)', () => {
    const cache = planInCache();
    const kursus = praktik({ id: 'iv-kursus', title: 'Kursus i kundeservice', courseName: 'Kundeservice', updatedBy: bent });
    expect(applyEventToCache(cache, event('INTERVENTION_CREATED', { asIntervention: kursus }))).toBe(true);
    const page = planPage(cache);
    expect(page.interventions.map((iv) => iv.title)).toEqual(['Kursus i kundeservice', 'Virksomhedspraktik i detailbutik', 'Bostøtte']);
  });

  it('adds a new sub-goal to the plan and a progress measurement to its sub-goal', () => {
    const cache = planInCache();
    const goal = subGoal({ id: 'sg-ny', area: 'SOCIAL', text: 'Handle selv ind', progress: [] });
    expect(applyEventToCache(cache, event('SUBGOAL_CREATED', { asSubGoal: goal }))).toBe(true);
    const point = { ...progressPoint('pg-3', '2026-11-01', 4), subGoalId: 'sg-butik' };
    expect(applyEventToCache(cache, event('SUBGOAL_PROGRESS_RECORDED', { asSubGoal: point }))).toBe(true);
    const page = planPage(cache);
    expect(page.subGoals.map((g) => g.text)).toEqual(['Løse faste opgaver i butikken selvstændigt', 'Handle selv ind']);
    expect(page.subGoals[0]!.progress.map((p) => p.value)).toEqual([2, 3, 4]);
  });

  it('leaves team, coordinator and mentor grants to a refetch (they change who may see and do what)', () => {
    const cache = planInCache();
    const plan = { ...perPlan(), __typename: 'Plan' };
    expect(applyEventToCache(cache, event('TEAM_CHANGED', { asPlan: plan }))).toBe(false);
    expect(applyEventToCache(cache, event('COORDINATOR_ASSIGNED', { asPlan: { __typename: 'CoordinatorAssignment' } }))).toBe(false);
    expect(applyEventToCache(cache, event('MENTOR_GRANT_CREATED', { asPlan: { __typename: 'MentorGrant' } }))).toBe(false);
  });

  it('refetches what it does not know how to apply (a mentor’s own record type)', () => {
    expect(applyEventToCache(planInCache(), event('MENTOR_TASK_LOGGED', { asMentorTask: { __typename: 'MentorActivity' } }))).toBe(false);
  });
});
