import type { PlanEvent } from '../live/events';
import { undoableOutcome } from './UndoActivityOutcome';

/** An activity's history entry: Bent marked it done, leaving it at version 3. */
function markedDone(overrides: Partial<PlanEvent> = {}): PlanEvent {
  return {
    seq: '40',
    kind: 'ACTIVITY_UPDATED',
    planId: 'plan-per',
    entityType: 'ACTIVITY',
    entityId: 'act-besoeg',
    at: '2026-11-23T09:41:00.000Z',
    summary: 'Bent Sørensen (Socialforvaltningen) markerede »Besøg i lejligheden« som udført',
    actor: { id: 'u-bent', name: 'Bent Sørensen' },
    unit: { id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' },
    title: 'Besøg i lejligheden',
    changes: [{ field: 'status', label: 'Status', before: 'Planlagt', after: 'Udført' }],
    overwrote: [],
    record: { __typename: 'Activity', status: 'DONE', version: 3 },
    ...overrides,
  };
}

describe('"Fortryd" on an activity’s outcome in its history', () => {
  it('is offered while the activity is still exactly as the change left it', () => {
    expect(undoableOutcome(markedDone(), { status: 'DONE', version: 3 })).toBe(true);
    expect(undoableOutcome(markedDone({ record: { __typename: 'Activity', status: 'CANCELLED', version: 3 } }), { status: 'CANCELLED', version: 3 })).toBe(true);
  });

  it('is not offered once the activity changed again (a later version), nor for other changes', () => {
    expect(undoableOutcome(markedDone(), { status: 'DONE', version: 4 })).toBe(false);
    expect(undoableOutcome(markedDone(), { status: 'PLANNED', version: 4 })).toBe(false);
    // Set back to planned: nothing to undo here.
    expect(undoableOutcome(markedDone({ record: { __typename: 'Activity', status: 'PLANNED', version: 3 } }), { status: 'PLANNED', version: 3 })).toBe(false);
    // A change of the title only, while it was done.
    expect(undoableOutcome(markedDone({ changes: [{ field: 'title', label: 'Titel', before: 'Besøg', after: 'Besøg i lejligheden' }] }), { status: 'DONE', version: 3 })).toBe(false);
    expect(undoableOutcome(markedDone({ record: { __typename: 'SubGoalProgress', subGoalId: 'sg' } }), { status: 'DONE', version: 3 })).toBe(false);
  });
});
