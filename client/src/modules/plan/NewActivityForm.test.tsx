import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { bostoette } from '../../test-support/fixtures';
import { activity, perPlan, PLAN_ID, praktik, renderPlanPage } from '../../test-support/plan-page';
import { recordedRequests } from '../../test-support/requests';
import { CreateActivityMutation } from './NewActivityForm';

const praktikCard = () => screen.getByRole('article', { name: 'Virksomhedspraktik i detailbutik' });
const bostoetteCard = () => screen.getByRole('article', { name: 'Bostøtte' });
const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const activityTitles = () => within(activities()).getAllByTestId('activity').map((li) => li.querySelector('.activity-title span')?.textContent);

// A local time, as typed into the field; the API gets the same instant in UTC.
const DUE_LOCAL = '2099-01-10T10:00';
// 10.00 on a Danish clock in January (UTC + 1), whatever zone the browser runs in.
const DUE = '2099-01-10T09:00:00.000Z';

const input = { interventionId: 'iv-praktik', title: 'Prøvedag i frugt og grønt', dueAt: DUE, assignee: 'Per', notes: 'Mød op kl. 10 ved personaleindgangen.' };
const created = { ...activity({ id: 'act-new', title: input.title, dueAt: DUE, assignee: 'Per' }), planId: PLAN_ID };

function openForm() {
  const button = within(praktikCard()).getByRole('button', { name: 'Ny aktivitet i Virksomhedspraktik i detailbutik' });
  fireEvent.click(button);
  return { button, form: within(praktikCard()).getByRole('form', { name: 'Ny aktivitet i Virksomhedspraktik i detailbutik' }) };
}

function fill(form: HTMLElement) {
  fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
  fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: DUE_LOCAL } });
  fireEvent.change(within(form).getByLabelText('Ansvarlig'), { target: { value: 'Per' } });
  fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: input.notes } });
  fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
}

const createMock = (rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({ request: { query: CreateActivityMutation, variables: { input } }, ...rest });

describe('Ny aktivitet', () => {
  it('adds an activity to my unit’s intervention; it shows under Aktiviteter at once, in date order, once', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', mocks: [createMock({ result: { data: { createActivity: created } } })] });
    expect(activityTitles()).toEqual(['Samtale med butikschefen']);
    const { button, form } = openForm();
    expect(document.activeElement).toBe(within(form).getByLabelText('Titel'));
    fill(form);

    await within(praktikCard()).findByText(/^Aktiviteten »Prøvedag i frugt og grønt« er tilføjet med frist/);
    expect(activityTitles()).toEqual(['Prøvedag i frugt og grønt', 'Samtale med butikschefen']);
    expect(within(activities()).getByText(/Ansvarlig: Per · Virksomhedspraktik i detailbutik/)).toBeTruthy();
    expect(within(praktikCard()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);

    serverSends(perPlan({ activities: [created, activity()] }));
    expect(activityTitles()).toEqual(['Prøvedag i frugt og grønt', 'Samtale med butikschefen']);
  });

  it('is offered only on my own unit’s interventions', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(within(praktikCard()).getByRole('button', { name: /^Ny aktivitet/ })).toBeTruthy();
    expect(within(bostoetteCard()).queryByRole('button', { name: /^Ny aktivitet/ })).toBeNull();
  });

  it('is offered to the other unit on its own interventions, not on the jobcenter’s', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(bostoetteCard()).getByRole('button', { name: 'Ny aktivitet i Bostøtte' })).toBeTruthy();
    expect(within(praktikCard()).queryByRole('button', { name: /^Ny aktivitet/ })).toBeNull();
  });

  it('is not offered on an intervention that is Afsluttet or Annulleret: it takes no new steps', () => {
    const plan = perPlan({ interventions: [praktik({ status: 'COMPLETED', endDate: '2026-11-01' }), bostoette()] });
    const view = renderPlanPage({ viewer: 'anna', plan });
    expect(within(praktikCard()).queryByRole('button', { name: /^Ny aktivitet/ })).toBeNull();
    // "Redigér" stays: a status set by mistake is set back there.
    expect(within(praktikCard()).getByRole('button', { name: 'Redigér Virksomhedspraktik i detailbutik' })).toBeTruthy();
    view.unmount();
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM', interventions: [praktik(), bostoette({ status: 'CANCELLED' })] }) });
    expect(within(bostoetteCard()).queryByRole('button', { name: /^Ny aktivitet/ })).toBeNull();
  });

  it('open when a colleague ends the intervention: keeps what was typed, says why, and sends nothing', async () => {
    // No mock answers createActivity: nothing may be sent.
    const { serverSends } = renderPlanPage({ viewer: 'anna' });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
    serverSends(perPlan({ interventions: [praktik({ status: 'COMPLETED', endDate: '2026-11-01', version: 4 }), bostoette()] }));
    // The page hears of a cache write a moment later.
    await waitFor(() => expect(within(praktikCard()).queryByRole('button', { name: /^Ny aktivitet/ })).toBeNull());
    expect(within(praktikCard()).getByRole('form')).toBe(form);
    expect(await within(form).findByText('Indsatsen er afsluttet, så der kan ikke tilføjes aktiviteter til den.')).toBeTruthy();
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe(input.title);
    expect(within(form).queryByRole('button', { name: 'Tilføj aktivitet' })).toBeNull();
    fireEvent.submit(form);
    await act(() => new Promise((done) => setTimeout(done, 20)));
    expect(within(form).queryByRole('alert')).toBeNull();
    // "Luk" closes it; its button went with the end, so the focus goes to the card's heading.
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(form.isConnected).toBe(false);
    expect(document.activeElement).toBe(within(praktikCard()).getByRole('heading', { name: 'Virksomhedspraktik i detailbutik' }));
  });

  it('asks for a title and a time in Danish before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = openForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
    const title = within(form).getByLabelText('Titel');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    // Its hint (the limit), then its problem.
    expect(document.getElementById(title.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('Skriv titel.');
    expect(within(form).getByText('Vælg tidspunkt eller frist.', { selector: '.field-error' })).toBeTruthy();
    // Both at once in the summary at the top of the form, which takes focus; a link leads to the field.
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Skriv titel.', 'Vælg tidspunkt eller frist.']);
    expect(document.activeElement).toBe(summary);
    fireEvent.click(within(summary).getByRole('link', { name: 'Skriv titel.' }));
    expect(document.activeElement).toBe(title);
  });

  it('says each text’s limit in its hint, as the server checks it, and refuses a longer text before anything is sent', async () => {
    const { mock, sent } = recordedRequests(CreateActivityMutation, { data: { createActivity: created } });
    renderPlanPage({ viewer: 'anna', mocks: [mock] });
    const { form } = openForm();
    const described = (name: string) => within(form).getByLabelText(name).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described('Titel')).toEqual(['Højst 200 tegn.']);
    expect(described('Sted')).toEqual(['Fx adresse eller lokale. Højst 200 tegn.']);
    expect(described('Ansvarlig')).toEqual(['Navn eller rolle, fx borgeren eller kontaktpersonen. Højst 200 tegn.']);
    expect(described('Noter')).toEqual(['Højst 4.000 tegn.']);

    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
    fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: DUE_LOCAL } });
    fireEvent.change(within(form).getByLabelText('Ansvarlig'), { target: { value: 'P'.repeat(201) } });
    fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: input.notes } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Ansvarlig må højst være 200 tegn (du har skrevet 201).']);
    expect(within(form).getByLabelText('Ansvarlig').getAttribute('aria-invalid')).toBe('true');

    // Within its limit it goes, and it is the only activity sent.
    fireEvent.change(within(form).getByLabelText('Ansvarlig'), { target: { value: 'Per' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
    await within(praktikCard()).findByText(/^Aktiviteten »Prøvedag i frugt og grønt« er tilføjet/);
    expect(sent.mock.calls).toEqual([[{ input }]]);
  });

  it('refuses a time no Danish clock shows, by its field, rather than saving the hour before it', () => {
    // No mock answers createActivity: nothing may be sent.
    renderPlanPage({ viewer: 'anna' });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
    // The last Sunday of March 2099: the clocks go from 02.00 to 03.00.
    fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: '2099-03-29T02:30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj aktivitet' }));
    const due = within(form).getByLabelText('Tidspunkt eller frist');
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Klokken 02.30 findes ikke den dag (sommertid begynder).', { selector: '.field-error' })).toBeTruthy();
  });

  it('shows a Danish error when the server refuses, and keeps what was typed', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Kun den enhed, der ejer indsatsen, kan ændre den.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [createMock({ error })] });
    const { form } = openForm();
    fill(form);
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('Aktiviteten blev ikke tilføjetDu har ikke adgang til at gøre dette. Kun den enhed, der ejer indsatsen, kan ændre den.');
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe(input.title);
    expect(activityTitles()).toEqual(['Samtale med butikschefen']);
  });

  it('shows every field the server refuses by its field and in the summary, not a third time in a box', async () => {
    const problems = [
      { field: 'title', message: 'Titlen må højst være 200 tegn.' },
      { field: 'notes', message: 'Noterne må højst være 4000 tegn.' },
    ];
    const error = new CombinedGraphQLErrors({ errors: [{ message: problems[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: 'title', problems } }] });
    renderPlanPage({ viewer: 'anna', mocks: [createMock({ error })] });
    const { form } = openForm();
    fill(form);
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Titlen må højst være 200 tegn.', 'Noterne må højst være 4000 tegn.']);
    for (const [label, message] of [['Titel', problems[0]!.message], ['Noter', problems[1]!.message]] as const) {
      const field = within(form).getByLabelText(label);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
    }
    expect(within(form).queryByRole('alert')).toBeNull();
    expect((within(form).getByLabelText('Noter') as HTMLTextAreaElement).value).toBe(input.notes);
  });

  it('stays open with what was typed while the intervention’s own edit form is opened and closed', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = openForm();
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: input.title } });
    fireEvent.click(within(praktikCard()).getByRole('button', { name: 'Redigér Virksomhedspraktik i detailbutik' }));
    const edit = within(praktikCard()).getByRole('form', { name: 'Redigér Virksomhedspraktik i detailbutik' });
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe(input.title);
    expect(button.getAttribute('aria-expanded')).toBe('true');

    fireEvent.click(within(edit).getByRole('button', { name: 'Annullér' }));
    expect(within(praktikCard()).queryByRole('form', { name: 'Redigér Virksomhedspraktik i detailbutik' })).toBeNull();
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe(input.title);
  });

  it('its button does not close the form while the save is on its way: the refusal shows in it, with what was typed', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Kun den enhed, der ejer indsatsen, kan ændre den.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [createMock({ error, delay: 200 })] });
    const { button, form } = openForm();
    fill(form);
    fireEvent.click(button);
    fireEvent.keyDown(within(form).getByLabelText('Ansvarlig'), { key: 'Escape' });
    expect(within(praktikCard()).getByRole('form')).toBe(form);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect((await within(form).findByRole('alert')).textContent).toBe('Aktiviteten blev ikke tilføjetDu har ikke adgang til at gøre dette. Kun den enhed, der ejer indsatsen, kan ændre den.');
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe(input.title);
  });

  it('Escape closes the form and gives focus back to its button', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = openForm();
    fireEvent.keyDown(within(form).getByLabelText('Ansvarlig'), { key: 'Escape' });
    expect(within(praktikCard()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});

describe('a time outside the intervention’s period', () => {
  const dueField = (form: HTMLElement) => within(form).getByLabelText('Tidspunkt eller frist');

  it('is pointed out under the field while typing, and the activity can still be added', async () => {
    const ending = praktik({ endDate: '2099-01-09' });
    const made = { ...created, interventionId: 'iv-praktik' };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [ending, bostoette()] }), mocks: [createMock({ result: { data: { createActivity: made } } })] });
    const { form } = openForm();
    // Inside the period: nothing to say. 23.30 on the last day is still that day on a Danish clock.
    fireEvent.change(dueField(form), { target: { value: '2099-01-09T23:30' } });
    expect(within(form).queryByText(/^Ligger/)).toBeNull();
    fireEvent.change(dueField(form), { target: { value: '2026-08-31T10:00' } });
    expect(within(form).getByText('Ligger før indsatsens startdato, 1. september 2026.')).toBeTruthy();
    fireEvent.change(dueField(form), { target: { value: '2099-01-10T00:30' } });
    const hint = within(form).getByText('Ligger efter indsatsens slutdato, 9. januar 2099.');
    expect(dueField(form).getAttribute('aria-describedby')?.split(' ')).toContain(hint.id);
    // Said, not refused: the step is added as typed.
    fill(form);
    await within(praktikCard()).findByText(/^Aktiviteten »Prøvedag i frugt og grønt« er tilføjet/);
  });

  it('is pointed out under the field while typing in the activity\'s own Redigér form', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [praktik({ endDate: '2099-01-31' }), bostoette()], activities: [activity()] }) });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Redigér Samtale med butikschefen' }));
    const form = within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' });
    const field = within(form).getByLabelText('Tidspunkt eller frist');
    expect(within(form).queryByText(/^Ligger/)).toBeNull();
    fireEvent.change(field, { target: { value: '2099-02-01T09:00' } });
    const note = within(form).getByText('Ligger efter indsatsens slutdato, 31. januar 2099.');
    expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(note.id);
  });

  it('is said on the activity in the list, unless it is aflyst', () => {
    const ending = praktik({ endDate: '2099-01-09' });
    const plan = perPlan({
      interventions: [ending, bostoette()],
      activities: [activity({ id: 'a1', title: 'Efter slutdatoen' }), activity({ id: 'a2', title: 'Aflyst efter slutdatoen', status: 'CANCELLED' })],
    });
    renderPlanPage({ viewer: 'anna', plan });
    const item = (title: string) => within(activities()).getAllByTestId('activity').find((li) => li.querySelector('.activity-title span')?.textContent === title)!;
    expect(within(item('Efter slutdatoen')).getByText('Ligger efter indsatsens slutdato, 9. januar 2099.')).toBeTruthy();
    expect(within(item('Aflyst efter slutdatoen')).queryByText(/^Ligger/)).toBeNull();
  });
});
