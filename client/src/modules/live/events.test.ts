import { changedByLabel, highlightKeys, isSomebodysChange } from './events';
import { highlightText } from './PlanLive';

describe('plan events on the page', () => {
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
    expect(highlightText({ ...event, unit: { id: 'x', kind: 'SOCIAL', name: 'Socialforvaltningen' } } as never)).toBe('Ændret af Socialforvaltningen · kl. 00.30');
    expect(changedByLabel(event as never)).toBe('Mikkel Lund');
  });
});

describe('isSomebodysChange', () => {
  it('is false only for the rules re-evaluating warnings', () => {
    expect(isSomebodysChange({ kind: 'WARNINGS_CHANGED' })).toBe(false);
    expect(isSomebodysChange({ kind: 'INTERVENTION_STATUS_CHANGED' })).toBe(true);
    expect(isSomebodysChange({ kind: 'MENTOR_TASK_LOGGED' })).toBe(true);
  });
});
