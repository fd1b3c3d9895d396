import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { activity, perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { PlanHistoryQuery } from '../live/events';
import { UpdateActivityMutation } from '../plan/ActivityEditForm';

const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const job = { __typename: 'Unit', id: 'unit-job', kind: 'EMPLOYMENT', name: 'Jobcenter' };

/** A change to the activity's status, as its history lists it; the activity was left at `version`. */
function statusChanged(seq: string, before: string, after: string, record: { status: string; version: number }) {
  return {
    __typename: 'PlanEvent',
    seq,
    kind: 'ACTIVITY_UPDATED',
    planId: PLAN_ID,
    entityType: 'ACTIVITY',
    entityId: 'act-samtale',
    at: `2026-11-${seq.padStart(2, '0')}T09:41:00.000Z`,
    summary: `Anna Holm (Jobcenter) markerede »Samtale med butikschefen« som ${after.toLowerCase()}`,
    actor: anna,
    unit: job,
    title: 'Samtale med butikschefen',
    changes: [{ __typename: 'FieldChange', field: 'status', label: 'Status', before, after }],
    overwrote: [],
    record: { __typename: 'Activity', ...record },
  };
}

/** The activity's history, a page at a time. */
function historyPage(before: string | null, items: unknown[], olderCursor: string | null): MockLink.MockedResponse {
  return {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: 'act-samtale', first: 20, before } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items, olderCursor } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const openHistory = () => fireEvent.click(within(activities()).getByRole('button', { name: 'Historik for Samtale med butikschefen' }));

describe('Historik on an activity', () => {
  it('"Vis ældre" on the last page: the first older change takes the focus, and the panel says there is no more', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        historyPage(null, [statusChanged('12', 'Udført', 'Planlagt', { status: 'PLANNED', version: 3 })], 'c-12'),
        historyPage('c-12', [statusChanged('11', 'Planlagt', 'Udført', { status: 'DONE', version: 2 }), statusChanged('10', 'Aflyst', 'Planlagt', { status: 'PLANNED', version: 1 })], null),
      ],
    });
    openHistory();
    const showOlder = await within(activities()).findByRole('button', { name: 'Vis ældre ændringer' });
    showOlder.focus();
    fireEvent.click(showOlder);
    await waitFor(() => expect(within(activities()).getAllByTestId('history-entry')).toHaveLength(3));
    expect(within(activities()).queryByRole('button', { name: 'Vis ældre ændringer' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(activities()).getAllByTestId('history-entry')[1]));
    expect(within(activities()).getByTestId('history-notice').textContent).toBe('2 ældre ændringer vist. Der er ikke flere.');
    expect(within(activities()).getByTestId('history-notice').getAttribute('role')).toBe('status');
  });

  it('"Fortryd udført": the activity moves back to Kommende, its history says so, and the message takes the focus', async () => {
    const done = activity({ status: 'DONE', version: 2 });
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ activities: [done] }),
      mocks: [
        historyPage(null, [statusChanged('11', 'Planlagt', 'Udført', { status: 'DONE', version: 2 })], null),
        {
          request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 2, status: 'PLANNED' } } },
          result: { data: { updateActivity: activity({ status: 'PLANNED', version: 3 }) } },
        },
      ],
    });
    expect(within(activities()).getByText('Tidligere og afsluttede (1)')).toBeTruthy();
    openHistory();
    const undo = await within(activities()).findByRole('button', { name: 'Fortryd udført på Samtale med butikschefen' });
    undo.focus();
    fireEvent.click(undo);
    // Planned again and due ahead: among the coming ones (another row than the one the button was in).
    await waitFor(() => expect(within(activities()).queryByText('Tidligere og afsluttede (1)')).toBeNull());
    const notice = await within(activities()).findByTestId('history-notice');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toBe('»Samtale med butikschefen« er sat tilbage til planlagt.');
    await waitFor(() => expect(document.activeElement).toBe(within(activities()).getByTestId('history-notice')));
    // The history stays open in the row's new place.
    expect(within(activities()).getByRole('button', { name: 'Historik for Samtale med butikschefen' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('"Fortryd udført" on an activity that stays among the earlier ones: its history says so, and the message takes the focus', async () => {
    // Due two days ago: set back to planned, it stays under "Tidligere og afsluttede".
    const due = new Date(Date.now() - 2 * 86_400_000).toISOString();
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ activities: [activity({ status: 'DONE', version: 2, dueAt: due })] }),
      mocks: [
        historyPage(null, [statusChanged('11', 'Planlagt', 'Udført', { status: 'DONE', version: 2 })], null),
        {
          request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 2, status: 'PLANNED' } } },
          result: { data: { updateActivity: activity({ status: 'PLANNED', version: 3, dueAt: due }) } },
        },
      ],
    });
    openHistory();
    const undo = await within(activities()).findByRole('button', { name: 'Fortryd udført på Samtale med butikschefen' });
    undo.focus();
    fireEvent.click(undo);
    await waitFor(() => expect(within(activities()).queryByRole('button', { name: /^Fortryd/ })).toBeNull());
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
    expect(document.activeElement).toBe(within(activities()).getByTestId('history-notice'));
    expect(document.activeElement?.textContent).toBe('»Samtale med butikschefen« er sat tilbage til planlagt.');
  });
});
