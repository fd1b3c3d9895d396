import { createCache } from '../../core/apollo';
import { bostoette, cacheWith } from '../../test-support/fixtures';
import { InterventionCardFragment } from '../plan/Interventions';
import { describeProgress } from '../plan/ProgressChart';
import { applyEntityToCache, changedByLabel, highlightKeys, isSomebodysChange } from './events';
import { highlightText } from './PlanLive';

describe('plan events into the cache', () => {
  it('writes the changed fields of the record, ignores internal ones, and points updatedBy at the actor', () => {
    const cache = cacheWith(bostoette());
    const applied = applyEntityToCache(
      cache,
      { __typename: 'SocialIntervention', id: 'iv-bostoette', status: 'ACTIVE', version: 2, updatedAt: '2026-11-23T09:41:00.000Z', unitId: 'x', updatedById: 'u-carl', municipalityId: 'm' },
      { actor: { id: 'u-carl', name: 'Carl Vikar' } },
    );
    expect(applied).toBe(true);
    const iv = cache.readFragment({ fragment: InterventionCardFragment, id: 'SocialIntervention:iv-bostoette' }) as Record<string, unknown>;
    expect(iv).toMatchObject({ status: 'ACTIVE', version: 2, updatedAt: '2026-11-23T09:41:00.000Z', title: 'Bostøtte', updatedBy: { id: 'u-carl', name: 'Carl Vikar' } });
    expect(iv).not.toHaveProperty('unitId');
  });

  it('does nothing for records not in the cache (new ones come with the refetch)', () => {
    expect(applyEntityToCache(createCache(), { __typename: 'Activity', id: 'a1', title: 'Ny' })).toBe(false);
    expect(applyEntityToCache(createCache(), null)).toBe(false);
  });

  it('highlights the item, and the section for whole-section changes', () => {
    const base = { planId: 'p1', entityId: 'e1', entityType: 'X', entity: null };
    expect(highlightKeys({ ...base, kind: 'INTERVENTION_STATUS_CHANGED' })).toEqual(['e1']);
    expect(highlightKeys({ ...base, kind: 'FOLLOW_UP_RECORDED' })).toEqual(['e1', 'section:followUps']);
    expect(highlightKeys({ ...base, kind: 'SUBGOAL_PROGRESS_RECORDED', entity: { __typename: 'SubGoalProgress', subGoalId: 'sg1' } })).toEqual(['e1', 'sg1']);
    expect(highlightKeys({ ...base, kind: 'COORDINATOR_ASSIGNED' })).toContain('section:coordinator');
  });

  it('"Ændret af {enhed} · {tid}", or the person when they have no unit', () => {
    const event = {
      seq: '1',
      kind: 'INTERVENTION_UPDATED',
      planId: 'p',
      entityType: 'INTERVENTION',
      entityId: 'i',
      at: '2026-06-30T22:30:00Z',
      summary: '',
      actor: { id: 'u', name: 'Mikkel Lund' },
      unit: null,
      entity: null,
    } as const;
    expect(highlightText({ ...event, unit: { id: 'x', code: 'SOCIAL', name: 'Socialforvaltningen' } } as never)).toBe('Ændret af Socialforvaltningen · kl. 00.30');
    expect(changedByLabel(event as never)).toBe('Mikkel Lund');
  });
});

describe('progress chart text', () => {
  it('describes the trend in Danish', () => {
    expect(describeProgress([])).toBe('Ingen målinger endnu.');
    expect(
      describeProgress([
        { measuredOn: '2026-05-07', value: 1, scale: 'ONE_TO_FIVE' },
        { measuredOn: '2026-08-27', value: 3, scale: 'ONE_TO_FIVE' },
      ]),
    ).toBe('2 målinger fra 7. maj 2026 til 27. august 2026: steget fra 1 af 5 til 3 af 5.');
  });
});

describe('isSomebodysChange', () => {
  it('is false only for the rules re-evaluating warnings', () => {
    expect(isSomebodysChange({ kind: 'WARNINGS_CHANGED' })).toBe(false);
    expect(isSomebodysChange({ kind: 'INTERVENTION_STATUS_CHANGED' })).toBe(true);
    expect(isSomebodysChange({ kind: 'MENTOR_TASK_LOGGED' })).toBe(true);
  });
});
