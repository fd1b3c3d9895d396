import { screen, waitFor, within } from '@testing-library/react';
import { PlanEventsSubscription } from '../live/events';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { PlanPageQuery } from './PlanPage';

/**
 * The plan taken from me while I have it open (my unit off the team): the stream ends with
 * NOT_FOUND and the page reads the plan again, which the server refuses the same way. What
 * stays on screen is the plan as it was, so nothing typed goes; the page says why, and no
 * longer that my unit is on the plan, nor offers to try again what cannot succeed.
 */
it('says the plan is no longer mine, without "Din enhed er på planen" or "Prøv igen"', async () => {
  const notFound = { errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] };
  const readAgain = jest.fn(() => notFound);
  renderPlanPage({
    viewer: 'bent',
    plan: perPlan({ myStanding: 'TEAM' }),
    events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: null } }, result: notFound as never },
    mocks: [{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: readAgain as never, maxUsageCount: Number.POSITIVE_INFINITY }],
  });
  expect(screen.getByText(/Din enhed er på planen/)).toBeTruthy();
  await waitFor(() => expect(readAgain).toHaveBeenCalled());
  const notice = await screen.findByTestId('plan-access-lost');
  expect(within(notice).getByText('Du har ikke længere adgang til planen')).toBeTruthy();
  expect(notice.textContent).toContain('Planen, som den så ud, står stadig her');
  expect(within(notice).getByRole('link', { name: 'Til Mine sager' })).toBeTruthy();
  expect(within(notice).queryByRole('button', { name: 'Prøv igen' })).toBeNull();
  expect(screen.queryByText(/Din enhed er på planen/)).toBeNull();
  expect(screen.queryByText('Planen kunne ikke opdateres')).toBeNull();
  // The plan as it was stays on screen.
  expect(screen.getByRole('heading', { level: 1, name: 'Per Hansen' })).toBeTruthy();
});
