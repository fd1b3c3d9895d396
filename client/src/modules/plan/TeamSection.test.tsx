import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hasUnsavedText } from '../../core/unsaved-text';
import { EMPLOYMENT, HEALTH, perPlan, PLAN_ID, renderPlanPage, SOCIAL } from '../../test-support/plan-page';
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

describe('Fjern en enhed fra planen', () => {
  it('"Fjern" asks first, and the question takes the focus so it is read out', () => {
    renderPlanPage({ viewer: 'anna' });
    const button = within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' });
    button.focus();
    fireEvent.click(button);
    const question = within(section()).getByText('Fjern Socialforvaltningen? Deres medarbejdere mister adgangen til planen.');
    expect(document.activeElement).toBe(question);
    expect(within(section()).getByRole('group', { name: 'Fjern Socialforvaltningen? Deres medarbejdere mister adgangen til planen.' })).toBeTruthy();
  });

  it('"Fortryd" goes back to the unit’s "Fjern" button, and nothing is sent', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd' }));
    expect(within(section()).queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    expect(team()).toEqual(['Jobcenter Faaborg-Midtfyn', 'Socialforvaltningen']);
  });

  it('"Ja, fjern" removes the unit; focus goes to the message that says so', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [removeSocial([EMPLOYMENT]), planAfter([EMPLOYMENT])] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    const message = await within(section()).findByText('Socialforvaltningen er fjernet fra teamet.');
    await waitFor(() => expect(team()).toEqual(['Jobcenter Faaborg-Midtfyn']));
    expect(document.activeElement).toBe(message);
  });

  it('a refusal is announced, and focus goes back to "Fjern" to try again', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Du har ikke adgang til at ændre teamet.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: removeSocial([]).request, error }] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ja, fjern' }));
    const alert = await within(section()).findByRole('alert');
    expect(alert.textContent).toContain('Teamet blev ikke ændret');
    await waitFor(() => expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Fjern Socialforvaltningen' })));
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
