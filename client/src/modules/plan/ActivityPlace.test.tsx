import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { activity, perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { UpdateActivityMutation } from './ActivityEditForm';
import { CreateActivityMutation } from './NewActivityForm';

/** "Sted" on an activity: typed in "Ny aktivitet" and "Redigér", shown in the plan's list of activities. */

const praktikCard = () => screen.getByRole('article', { name: 'Virksomhedspraktik i detailbutik' });
const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const row = (title: string) => within(activities()).getAllByTestId('activity').find((li) => li.querySelector('.activity-title span')?.textContent === title)!;

// 10.00 on a Danish clock in January, typed as such; the API gets the instant in UTC.
const DUE_LOCAL = '2099-01-10T10:00';
const DUE = '2099-01-10T09:00:00.000Z';

const input = { interventionId: 'iv-praktik', title: 'Jobsamtale hos Bygma', dueAt: DUE, place: 'Bygma, Roskilde', assignee: '', notes: '' };
const createMock = (rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({ request: { query: CreateActivityMutation, variables: { input } }, ...rest });

function openNewForm() {
  fireEvent.click(within(praktikCard()).getByRole('button', { name: 'Ny aktivitet i Virksomhedspraktik i detailbutik' }));
  return within(praktikCard()).getByRole('form', { name: 'Ny aktivitet i Virksomhedspraktik i detailbutik' });
}

function fillNew(form: HTMLElement, place: string) {
  fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
  fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: DUE_LOCAL } });
  fireEvent.change(within(form).getByLabelText('Sted'), { target: { value: place } });
  fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
}

describe('Sted in "Ny aktivitet"', () => {
  it('is offered with a Danish hint, sent trimmed, and the new activity shows where it is', async () => {
    const created = { ...activity({ id: 'act-new', title: input.title, dueAt: DUE, assignee: '', place: 'Bygma, Roskilde' }), planId: PLAN_ID };
    renderPlanPage({ viewer: 'anna', mocks: [createMock({ result: { data: { createActivity: created } } })] });
    const form = openNewForm();
    const place = within(form).getByLabelText('Sted');
    expect(document.getElementById(place.getAttribute('aria-describedby')!)?.textContent).toBe('Fx adresse eller lokale. Højst 200 tegn.');
    // Optional.
    expect(place.getAttribute('aria-required')).toBeNull();
    fillNew(form, '  Bygma, Roskilde ');

    await within(praktikCard()).findByText(/^Aktiviteten »Jobsamtale hos Bygma« er tilføjet/);
    expect(row('Jobsamtale hos Bygma').textContent).toContain('Sted: Bygma, Roskilde');
  });

  it('a place the server refuses is said at the Sted field, and what was typed stays', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Stedet må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'place' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [createMock({ error })] });
    const form = openNewForm();
    fillNew(form, 'Bygma, Roskilde');
    const place = within(form).getByLabelText('Sted');
    await waitFor(() => expect(place.getAttribute('aria-invalid')).toBe('true'));
    expect(place.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain('Stedet må højst være 200 tegn.');
    expect((place as HTMLInputElement).value).toBe('Bygma, Roskilde');
  });
});

describe('Sted in "Redigér" and in the list', () => {
  const save = (changed: Record<string, unknown>, result: Record<string, unknown>): MockLink.MockedResponse => ({
    request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 1, ...changed } } },
    result: { data: { updateActivity: activity({ ...result, version: 2 }) } },
  });

  function openEdit() {
    fireEvent.click(within(activities()).getByRole('button', { name: 'Redigér Samtale med butikschefen' }));
    return within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' });
  }

  it('sends only the new place with the version read, and the list shows it at once', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [save({ place: 'Dagligvarebutikken, baglokalet' }, { place: 'Dagligvarebutikken, baglokalet' })] });
    const form = openEdit();
    expect((within(form).getByLabelText('Sted') as HTMLInputElement).value).toBe('');
    fireEvent.change(within(form).getByLabelText('Sted'), { target: { value: ' Dagligvarebutikken, baglokalet ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await waitFor(() => expect(within(activities()).queryByRole('form')).toBeNull());
    expect(row('Samtale med butikschefen').textContent).toContain('Sted: Dagligvarebutikken, baglokalet');
  });

  it('emptied, it sends an empty text (the server takes the place away)', async () => {
    const plan = perPlan({ activities: [activity({ place: 'Jobcentret, lokale 3' })] });
    renderPlanPage({ viewer: 'anna', plan, mocks: [save({ place: '' }, { place: null })] });
    expect(row('Samtale med butikschefen').textContent).toContain('Sted: Jobcentret, lokale 3');
    const form = openEdit();
    expect((within(form).getByLabelText('Sted') as HTMLInputElement).value).toBe('Jobcentret, lokale 3');
    fireEvent.change(within(form).getByLabelText('Sted'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await waitFor(() => expect(within(activities()).queryByRole('form')).toBeNull());
    expect(row('Samtale med butikschefen').textContent).not.toContain('Sted');
  });
});
