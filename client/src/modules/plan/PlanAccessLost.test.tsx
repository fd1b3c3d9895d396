import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { PlanEventsSubscription } from '../live/events';
import { ViewerQuery } from '../org/viewer';
import { perPlan, PLAN_ID, renderPlanPage, viewers } from '../../test-support/plan-page';
import { PLAN_ACCESS_LOST_NOTICE, PROGRAMME_ENDED_NOTICE } from './planOpen';
import { PlanPage, PlanPageQuery } from './PlanPage';

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

/** Anna's plan page, taken from her a moment after it opened (when a form is open): the stream and the plan read again are refused NOT_FOUND. */
function openThenTaken() {
  const notFound = { errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] };
  renderPlanPage({
    viewer: 'anna',
    plan: perPlan(),
    events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: null } }, result: notFound as never, delay: 300 },
    mocks: [{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: notFound as never, maxUsageCount: Number.POSITIVE_INFINITY }],
  });
}

/**
 * Taken from me with a form open: as after the end, the form stays with what I typed and says
 * why it cannot be saved, and nothing new is offered, not even what the server takes after an
 * end (a hand-over of the coordinatorship): every save would now be refused NOT_FOUND.
 */
it('a form open when the plan is taken keeps what was typed, says it can no longer be saved, and nothing else is offered', async () => {
  openThenTaken();
  const contact = screen.getByTestId('citizen-contact');
  fireEvent.click(within(contact).getByRole('button', { name: 'Ret kontaktoplysninger' }));
  const form = within(contact).getByRole('form', { name: 'Kontaktoplysninger for Per Hansen' });
  fireEvent.change(within(form).getByLabelText('Telefon', { exact: false }), { target: { value: '30 40 50 60' } });
  expect(within(form).getByRole('button', { name: 'Gem' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Nyt delmål' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Skift koordinator' })).toBeTruthy();

  await screen.findByTestId('plan-access-lost');
  expect(await within(form).findByText(PLAN_ACCESS_LOST_NOTICE)).toBeTruthy();
  expect(form.isConnected).toBe(true);
  expect((within(form).getByLabelText('Telefon', { exact: false }) as HTMLInputElement).value).toBe('30 40 50 60');
  expect(within(form).queryByRole('button', { name: 'Gem' })).toBeNull();
  expect(within(form).getByRole('button', { name: 'Luk' })).toBeTruthy();
  // Not said to have ended: the forløb runs, it is only no longer mine.
  expect(screen.queryByTestId('plan-ended')).toBeNull();
  expect(screen.queryByText(PROGRAMME_ENDED_NOTICE)).toBeNull();
  for (const offer of ['Ret kontaktoplysninger', 'Nyt delmål', 'Skift koordinator', 'Ret slutdato', 'Afslut forløb']) {
    expect(screen.queryByRole('button', { name: offer })).toBeNull();
  }
});

/**
 * "Afslut forløb" open when the plan is taken: the forløb still runs, so its end form stays
 * like any other, with the reason chosen, and says why it can no longer be saved; it asks no
 * question that could only be refused.
 */
it('an open "Afslut forløb" stays with the reason chosen, says it can no longer be saved, and asks nothing', async () => {
  openThenTaken();
  const programme = screen.getByTestId('programme-section');
  fireEvent.click(within(programme).getByRole('button', { name: 'Afslut forløb' }));
  const form = within(programme).getByRole('form', { name: 'Afslut forløbet' });
  const reason = within(form).getByLabelText('Afslutningsårsag', { exact: false }) as HTMLSelectElement;
  fireEvent.change(reason, { target: { value: reason.options[1].value } });
  const chosen = reason.value;

  await screen.findByTestId('plan-access-lost');
  expect(await within(form).findByText(PLAN_ACCESS_LOST_NOTICE)).toBeTruthy();
  expect(form.isConnected).toBe(true);
  expect((within(form).getByLabelText('Afslutningsårsag', { exact: false }) as HTMLSelectElement).value).toBe(chosen);
  expect(within(form).queryByRole('button', { name: 'Fortsæt' })).toBeNull();
  expect(within(form).getByRole('button', { name: 'Luk' })).toBeTruthy();
  fireEvent.submit(form);
  expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
});

it('an open "Registreret ved en fejl" stays with the reason typed, says it can no longer be saved, and its button goes', async () => {
  openThenTaken();
  const programme = screen.getByTestId('programme-section');
  fireEvent.click(within(programme).getByRole('button', { name: 'Registreret ved en fejl' }));
  const form = within(programme).getByRole('form', { name: 'Registreret ved en fejl' });
  fireEvent.change(within(form).getByLabelText('Begrundelse', { exact: false }), { target: { value: 'Oprettet på den forkerte borger' } });

  await screen.findByTestId('plan-access-lost');
  expect(await within(form).findByText(PLAN_ACCESS_LOST_NOTICE)).toBeTruthy();
  expect(form.isConnected).toBe(true);
  expect((within(form).getByLabelText('Begrundelse', { exact: false }) as HTMLTextAreaElement).value).toBe('Oprettet på den forkerte borger');
  expect(within(form).queryByRole('button', { name: 'Fortsæt' })).toBeNull();
  expect(within(programme).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
});

/**
 * A plan the server will not show (a leader or a mentor on a link to it, NOT_FOUND): the way back
 * is named for where it leads, the viewer's start page, not "Mine sager", which only a caseworker has.
 */
describe('the way back from a plan that cannot be shown', () => {
  const refused = (role: string) => {
    const cache = createCache();
    cache.writeQuery({ query: ViewerQuery, data: { me: { ...viewers.anna, id: 'u-other', role, unit: null } } as never });
    const notFound = { errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] };
    return render(
      <MockedProvider cache={cache} mocks={[{ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: notFound as never }]}>
        <PlanPage id={PLAN_ID} />
      </MockedProvider>,
    );
  };

  it.each([
    ['LEADER', 'Til Nøgletal'],
    ['MENTOR', 'Til Mentor'],
    ['CASEWORKER', 'Til Mine sager'],
  ])('a %s is offered "%s"', async (role, name) => {
    refused(role);
    await screen.findByText('Planen kunne ikke vises');
    const link = screen.getByRole('link', { name });
    expect(link.getAttribute('href')).toBe('/');
    expect(screen.queryByRole('link', { name: /Mine sager/ })).toBe(role === 'CASEWORKER' ? link : null);
  });
});
