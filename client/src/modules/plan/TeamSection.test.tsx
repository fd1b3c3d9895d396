import { ApolloLink } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hasUnsavedText } from '../../core/unsaved-text';
import { bostoette } from '../../test-support/fixtures';
import { EMPLOYMENT, HEALTH, perPlan, PLAN_ID, praktik, renderPlanPage, SOCIAL } from '../../test-support/plan-page';
import { PlanPageQuery } from './PlanPage';
import { AddTeamUnitMutation, RemoveTeamUnitMutation } from './TeamSection';

const section = () => screen.getByTestId('team-section');
/** The units on the plan, as the list names them. */
const team = () => Array.from(section().querySelectorAll('.team-list > li > span:first-child')).map((s) => s.textContent);
const removeSocial = (team: unknown[]) => ({
  request: { query: RemoveTeamUnitMutation, variables: { planId: PLAN_ID, unitId: SOCIAL.id } },
  result: { data: { removeTeamUnit: { __typename: 'Plan', id: PLAN_ID, team } } },
});
/** The plan read again after the change (the page's onChanged). */
const planAfter = (team: unknown[]) => ({ request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan: perPlan({ team }) } } });
/** Social services' interventions on the plan have all ended: the unit may be taken off. */
const socialDone = (overrides: Record<string, unknown> = {}) =>
  perPlan({ interventions: [praktik(), bostoette({ status: 'COMPLETED', endDate: '2026-11-30' }), bostoette({ id: 'iv-mentor', title: 'Mentor', status: 'CANCELLED' })], ...overrides });
/** Social services still has two interventions that have not ended (and one that has). */
const socialBusy = (overrides: Record<string, unknown> = {}) =>
  perPlan({
    interventions: [
      praktik(),
      bostoette(),
      bostoette({ id: 'iv-mentor', title: 'Mentor', status: 'PAUSED' }),
      bostoette({ id: 'iv-misbrug', title: 'Misbrugsbehandling', status: 'COMPLETED' }),
    ],
    ...overrides,
  });
const CANNOT_REMOVE =
  'Socialforvaltningen kan ikke fjernes fra teamet, fordi enheden har indsatser på planen, der ikke er afsluttet: »Bostøtte« og »Mentor«. Enheden skal sætte dem til Afsluttet (eller Annulleret, hvis de aldrig er begyndt), før enheden fjernes fra teamet.';
const QUESTION = 'Fjern Socialforvaltningen? Deres medarbejdere mister adgangen til planen.';
/** The names of the operations the page sends, to see that nothing was sent. */
function operationsSent(): { link: ApolloLink; sent: string[] } {
  const sent: string[] = [];
  const link = new ApolloLink((operation, forward) => {
    sent.push(operation.operationName ?? '');
    return forward(operation);
  });
  return { link, sent };
}

describe('Fjern en enhed fra planen', () => {
  it('"Fjern" asks first, and the question takes the focus so it is read out', () => {
    renderPlanPage({ viewer: 'anna', plan: socialDone() });
    const button = within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' });
    button.focus();
    fireEvent.click(button);
    const question = within(section()).getByText('Fjern Socialforvaltningen? Deres medarbejdere mister adgangen til planen.');
    expect(document.activeElement).toBe(question);
    expect(within(section()).getByRole('group', { name: 'Fjern Socialforvaltningen? Deres medarbejdere mister adgangen til planen.' })).toBeTruthy();
  });

  it('"Fortryd" goes back to the unit’s "Fjern" button, and nothing is sent', () => {
    renderPlanPage({ viewer: 'anna', plan: socialDone() });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd' }));
    expect(within(section()).queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(team()).toEqual(['Jobcenter Faaborg-Midtfyn', 'Socialforvaltningen']);
  });

  it('"Ja, fjern" removes the unit; focus goes to the message that says so', async () => {
    renderPlanPage({ viewer: 'anna', plan: socialDone(), mocks: [removeSocial([EMPLOYMENT]), planAfter([EMPLOYMENT])] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    const message = await within(section()).findByText('Socialforvaltningen er fjernet fra teamet.');
    await waitFor(() => expect(team()).toEqual(['Jobcenter Faaborg-Midtfyn']));
    expect(document.activeElement).toBe(message);
  });

  it('a refusal is announced, and focus goes back to "Fjern" to try again', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Du har ikke adgang til at ændre teamet.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', plan: socialDone(), mocks: [{ request: removeSocial([]).request, error }] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    const alert = await within(section()).findByRole('alert');
    expect(alert.textContent).toContain('Teamet blev ikke ændret');
    await waitFor(() => expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' })));
  });
});

describe('En enhed med indsatser, der ikke er afsluttet', () => {
  it('"Fjern" says why the unit cannot be taken off, naming the interventions, with the focus; nothing is asked or sent', async () => {
    const { link, sent } = operationsSent();
    renderPlanPage({ viewer: 'anna', plan: socialBusy(), link });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    const explanation = within(section()).getByText(CANNOT_REMOVE);
    expect(document.activeElement).toBe(explanation);
    expect(within(section()).queryByText(QUESTION)).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Ja, fjern' })).toBeNull();
    // "Luk" goes back to the unit's "Fjern" button; the unit is still on the plan.
    fireEvent.click(within(section()).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByText(CANNOT_REMOVE)).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(team()).toEqual(['Jobcenter Faaborg-Midtfyn', 'Socialforvaltningen']);
    expect(sent).not.toContain('RemoveTeamUnit');
  });

  it('one intervention is named in the singular', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(
      within(section()).getByText(
        'Socialforvaltningen kan ikke fjernes fra teamet, fordi enheden har en indsats på planen, der ikke er afsluttet: »Bostøtte«. Enheden skal sætte den til Afsluttet (eller Annulleret, hvis den aldrig er begyndt), før enheden fjernes fra teamet.',
      ),
    ).toBeTruthy();
  });

  it('the interventions ended meanwhile (live): the explanation goes, focus stays on "Fjern", which asks again and removes', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: socialBusy(), mocks: [removeSocial([EMPLOYMENT]), planAfter([EMPLOYMENT])] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(document.activeElement).toBe(within(section()).getByText(CANNOT_REMOVE));
    act(() => serverSends(socialDone()));
    await waitFor(() => expect(within(section()).queryByText(CANNOT_REMOVE)).toBeNull(), { timeout: 5000 });
    const button = within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' });
    await waitFor(() => expect(document.activeElement).toBe(button), { timeout: 5000 });
    fireEvent.click(button);
    expect(document.activeElement).toBe(within(section()).getByText(QUESTION));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    await within(section()).findByText('Socialforvaltningen er fjernet fra teamet.', undefined, { timeout: 5000 });
  });

  it('on an ended programme the unit may be taken off: "Fjern" asks, and "Ja, fjern" sends the removal', async () => {
    const plan = socialBusy();
    const ended = socialBusy({ programme: { ...plan.programme, status: 'ENDED', endReason: 'EDUCATION', endDate: '2026-11-24', daysLeft: 0 } });
    const { link, sent } = operationsSent();
    renderPlanPage({ viewer: 'anna', plan: ended, link, mocks: [removeSocial([EMPLOYMENT]), { ...planAfter([EMPLOYMENT]), result: { data: { plan: { ...ended, team: [EMPLOYMENT] } } } }] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(within(section()).queryByText(CANNOT_REMOVE)).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByText(QUESTION));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    await within(section()).findByText('Socialforvaltningen er fjernet fra teamet.', undefined, { timeout: 5000 });
    expect(sent).toContain('RemoveTeamUnit');
  });
});

describe('Tilføj enhed', () => {
  it('adding the last unit missing takes the form away: focus goes to the message', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        {
          request: { query: AddTeamUnitMutation, variables: { planId: PLAN_ID, unitId: HEALTH.id } },
          result: { data: { addTeamUnit: { __typename: 'Plan', id: PLAN_ID, team: [EMPLOYMENT, SOCIAL, HEALTH] } } },
        },
        planAfter([EMPLOYMENT, SOCIAL, HEALTH]),
      ],
    });
    const select = await within(section()).findByLabelText('Tilføj enhed');
    fireEvent.change(select, { target: { value: HEALTH.id } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Tilføj' }));
    const message = await within(section()).findByText('Sundhedsforvaltningen er tilføjet teamet.');
    expect(within(section()).queryByLabelText('Tilføj enhed')).toBeNull();
    expect(document.activeElement).toBe(message);
  });

  it('a unit added while another is still missing: the form stays, emptied, and leaving the page asks nothing', async () => {
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ team: [EMPLOYMENT] }),
      mocks: [
        {
          request: { query: AddTeamUnitMutation, variables: { planId: PLAN_ID, unitId: HEALTH.id } },
          result: { data: { addTeamUnit: { __typename: 'Plan', id: PLAN_ID, team: [EMPLOYMENT, HEALTH] } } },
        },
        planAfter([EMPLOYMENT, HEALTH]),
      ],
    });
    const select = (await within(section()).findByLabelText('Tilføj enhed')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: HEALTH.id } });
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(within(section()).getByRole('button', { name: 'Tilføj' }));
    await within(section()).findByText('Sundhedsforvaltningen er tilføjet teamet.');
    expect(within(section()).getByLabelText('Tilføj enhed')).toBe(select);
    expect(select.value).toBe('');
    expect(hasUnsavedText()).toBe(false);
  });

  it('a refusal keeps the unit chosen, to send again, and unsaved: leaving the page asks', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Kun den koordinerende sagsbehandler kan gøre dette.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: AddTeamUnitMutation, variables: { planId: PLAN_ID, unitId: HEALTH.id } }, error }] });
    const select = (await within(section()).findByLabelText('Tilføj enhed')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: HEALTH.id } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Tilføj' }));
    const alert = await within(section()).findByRole('alert');
    expect(alert.textContent).toContain('Kun den koordinerende sagsbehandler kan gøre dette.');
    expect(select.value).toBe(HEALTH.id);
    expect((within(section()).getByRole('button', { name: 'Tilføj' }) as HTMLButtonElement).disabled).toBe(false);
    expect(hasUnsavedText()).toBe(true);
  });
});
