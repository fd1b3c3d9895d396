import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { bostoette } from '../../test-support/fixtures';
import { activity, perPlan, renderPlanPage } from '../../test-support/plan-page';
import { UpdateActivityMutation } from './ActivityEditForm';

const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const row = (title: string) => within(activities()).getAllByTestId('activity').find((li) => li.querySelector('.activity-title span')?.textContent === title)!;
const statusOf = (title: string) => row(title).querySelector('.activity-title .status')?.textContent;
const notice = () => within(activities()).getByTestId('activity-notice');

const save = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 1, ...input } } },
  ...rest,
});

/** The activity as the server holds it after someone else's save (extensions.current). */
const current = (overrides: Record<string, unknown>) => ({
  ...activity({ version: 2, updatedAt: '2026-11-23T09:41:00.000Z', ...overrides }),
  __typename: undefined,
  updatedBy: undefined,
  updatedById: overrides.updatedById ?? 'u-dorte',
  planId: 'plan-per',
});
const conflictError = (overrides: Record<string, unknown>) =>
  new CombinedGraphQLErrors({
    errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: current(overrides) } }],
  });

const socialActivity = activity({ id: 'act-besoeg', title: 'Besøg i lejligheden', interventionId: 'iv-bostoette', assignee: 'Bent Sørensen' });

describe('activity status in one click', () => {
  it('marks an activity done with the version read; it shows Udført at once, once, and focus stays on the page', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      mocks: [save({ status: 'DONE' }, { result: { data: { updateActivity: activity({ status: 'DONE', version: 2 }) } } })],
    });
    expect(statusOf('Samtale med butikschefen')).toBe('Planlagt');
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' }));

    await waitFor(() => expect(notice().textContent).toBe('Aktiviteten er markeret som udført. Fortryd udført på Samtale med butikschefen'));
    expect(statusOf('Samtale med butikschefen')).toBe('Udført');
    // Done: no longer among the coming ones, and no buttons to mark it again.
    expect(within(activities()).getByText('Tidligere og afsluttede (1)')).toBeTruthy();
    expect(within(activities()).queryByRole('button', { name: /^Markér/ })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(notice()));

    // The live event's refetch brings the same activity: still one row.
    serverSends(perPlan({ activities: [activity({ status: 'DONE', version: 2 })] }));
    expect(within(activities()).getAllByTestId('activity')).toHaveLength(1);
  });

  it('marks an activity cancelled ("Aflyst")', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [save({ status: 'CANCELLED' }, { result: { data: { updateActivity: activity({ status: 'CANCELLED', version: 2 }) } } })] });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som aflyst' }));
    await waitFor(() => expect(notice().firstChild?.textContent).toBe('Aktiviteten er markeret som aflyst.'));
    expect(statusOf('Samtale med butikschefen')).toBe('Aflyst');
  });

  it('on a stale version shows the newest one next to mine; "Tag den nyeste udgave" shows it without saving', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [save({ status: 'DONE' }, { error: conflictError({ status: 'CANCELLED', assignee: 'Dorte Madsen' }) })] });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' }));

    const view = await within(activities()).findByTestId('conflict-view');
    const heading = within(view).getByRole('heading', { name: 'Samtale med butikschefen er ændret af en anden, mens du redigerede' });
    expect(document.activeElement).toBe(heading);
    const values = (label: string) => [...within(view).getByRole('group', { name: label }).querySelectorAll('dd')].map((d) => d.textContent);
    expect(values('Status')).toEqual(['Aflyst (ændret)', 'Udført (din ændring)']);
    expect(values('Ansvarlig')).toEqual(['Dorte Madsen (ændret)', 'Anna Holm (ikke ændret af dig)']);
    expect(statusOf('Samtale med butikschefen')).toBe('Planlagt');

    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    await waitFor(() => expect(notice().textContent).toBe('Du ser nu den nyeste udgave af »Samtale med butikschefen«. Din ændring er ikke gemt.'));
    expect(statusOf('Samtale med butikschefen')).toBe('Aflyst');
    expect(within(activities()).queryByTestId('conflict-view')).toBeNull();
  });

  it('a newer version saved by the user in another window is told as their own save there, not "en anden"', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [save({ status: 'DONE' }, { error: conflictError({ status: 'CANCELLED', updatedById: 'u-anna' }) })] });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' }));

    const view = await within(activities()).findByTestId('conflict-view');
    expect(within(view).getByRole('heading', { name: 'Samtale med butikschefen er gemt af dig i et andet vindue, mens du redigerede' })).toBeTruthy();
    expect(view.textContent).toContain('Du gemte en nyere udgave i et andet vindue');
    expect(within(view).getByRole('group', { name: 'Status' }).textContent).toContain('Din gemte udgave');
    expect(view.textContent).not.toMatch(/en anden|Anna Holms udgave/);
  });

  it('keeping mine ("Behold min") saves my status over the newest version, naming the version I marked from', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        save({ status: 'DONE' }, { error: conflictError({ assignee: 'Dorte Madsen' }) }),
        // baseVersion: the server tells Dorte that my save went on top of hers.
        save({ expectedVersion: 2, baseVersion: 1, status: 'DONE' }, { result: { data: { updateActivity: activity({ status: 'DONE', assignee: 'Dorte Madsen', version: 3 }) } } }),
      ],
    });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' }));
    const view = await within(activities()).findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await waitFor(() => expect(notice().firstChild?.textContent).toBe('Aktiviteten er markeret som udført.'));
    expect(statusOf('Samtale med butikschefen')).toBe('Udført');
    expect(row('Samtale med butikschefen').textContent).toContain('Ansvarlig: Dorte Madsen');
  });

  it('a refusal by the rules is shown in Danish, and nothing changes', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Forløbet er afsluttet; planen kan ikke længere ændres.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } }],
    });
    renderPlanPage({ viewer: 'anna', mocks: [save({ status: 'DONE' }, { error })] });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' }));
    const alert = await within(activities()).findByRole('alert');
    expect(alert.textContent).toBe(
      'Aktiviteten blev ikke ændretÆndringen er ikke tilladt. Forløbet er afsluttet; planen kan ikke længere ændres.',
    );
    expect(statusOf('Samtale med butikschefen')).toBe('Planlagt');
  });
});

describe('"Redigér" an activity', () => {
  const DUE_LOCAL = '2099-02-01T13:30';
  // 13.30 on a Danish clock in February (UTC + 1), whatever zone the browser runs in.
  const DUE = '2099-02-01T12:30:00.000Z';

  function openForm() {
    const button = within(activities()).getByRole('button', { name: 'Redigér Samtale med butikschefen' });
    fireEvent.click(button);
    return { button, form: within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' }) };
  }

  it('sends only the changed fields with the version read, and shows them at once', async () => {
    const changed = { title: 'Samtale med butikschef og Per', dueAt: DUE, assignee: 'Per', notes: 'Husk arbejdstøj.' };
    renderPlanPage({ viewer: 'anna', mocks: [save(changed, { result: { data: { updateActivity: activity({ ...changed, version: 2 }) } } })] });
    const { button, form } = openForm();
    // Focus moves into the form; every field has its Danish label.
    expect(document.activeElement).toBe(within(form).getByLabelText('Titel'));
    expect((within(form).getByLabelText('Status') as HTMLSelectElement).value).toBe('PLANNED');
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: changed.title } });
    fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: DUE_LOCAL } });
    fireEvent.change(within(form).getByLabelText('Ansvarlig'), { target: { value: 'Per' } });
    fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: changed.notes } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await waitFor(() => expect(notice().textContent).toBe('Ændringen af »Samtale med butikschef og Per« er gemt.'));
    expect(within(activities()).queryByRole('form')).toBeNull();
    const item = row('Samtale med butikschef og Per');
    expect(item.textContent).toContain('Ansvarlig: Per');
    expect(item.textContent).toContain('Noter: Husk arbejdstøj.');
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('Redigér Samtale med butikschef og Per');
  });

  it('asks for a title in Danish before sending, and says each text’s limit', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: ' ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const title = within(form).getByLabelText('Titel');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const described = (el: HTMLElement) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described(title)).toEqual(['Højst 200 tegn.', 'Skriv titel.']);
    // Each text's limit, as the server checks it, is said in its hint.
    expect(described(within(form).getByLabelText('Sted'))).toEqual(['Fx adresse eller lokale. Højst 200 tegn.']);
    expect(described(within(form).getByLabelText('Ansvarlig'))).toEqual(['Navn eller rolle, fx borgeren eller kontaktpersonen. Højst 200 tegn.']);
    expect(described(within(form).getByLabelText('Noter'))).toEqual(['Højst 4.000 tegn.']);
  });

  it('a stale version opens the conflict view in place of the form', async () => {
    renderPlanPage({ viewer: 'anna', mocks: [save({ assignee: 'Per' }, { error: conflictError({ assignee: 'Dorte Madsen' }) })] });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Ansvarlig'), { target: { value: 'Per' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const view = await within(activities()).findByTestId('conflict-view');
    const assignee = within(view).getByRole('group', { name: 'Ansvarlig' });
    expect([...assignee.querySelectorAll('dt, dd')].map((e) => e.textContent)).toEqual(['Nyeste gemte udgave', 'Dorte Madsen (ændret)', 'Din tekst', 'Per (din ændring)']);
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    // What I wrote stays on screen until I close the form.
    expect(within(within(activities()).getByRole('region', { name: 'Din tekst' })).getByText('Per')).toBeTruthy();
    fireEvent.click(within(activities()).getByRole('button', { name: 'Luk' }));
    await waitFor(() => expect(notice().textContent).toBe('Du ser nu den nyeste udgave af aktiviteten. Dine ændringer er ikke gemt.'));
    expect(row('Samtale med butikschefen').textContent).toContain('Ansvarlig: Dorte Madsen');
  });

  it('Escape closes the form and gives focus back to its button', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = openForm();
    fireEvent.keyDown(within(form).getByLabelText('Noter'), { key: 'Escape' });
    expect(within(activities()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('while the form is open, the one-click status buttons are away: marking would close the form with what is typed', () => {
    renderPlanPage({ viewer: 'anna' });
    const markDone = () => within(row('Samtale med butikschefen')).queryByRole('button', { name: 'Markér Samtale med butikschefen som udført' });
    expect(markDone()).not.toBeNull();
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: 'Borgeren mødte op' } });
    expect(markDone()).toBeNull();
    expect((within(form).getByLabelText('Noter') as HTMLTextAreaElement).value).toBe('Borgeren mødte op');
  });

  it('Escape does not close the form while its save is on its way: the answer, a refusal or a conflict, reaches the form', async () => {
    const refusal = new CombinedGraphQLErrors({ errors: [{ message: 'Forløbet er afsluttet. Planen kan læses, men ikke længere ændres.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [save({ notes: 'Ny note' }, { error: refusal, delay: 50 })] });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: 'Ny note' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    fireEvent.keyDown(within(form).getByLabelText('Noter'), { key: 'Escape' });
    expect(within(activities()).queryByRole('form')).not.toBeNull();
    await within(form).findByText(/Forløbet er afsluttet/);
    expect((within(form).getByLabelText('Noter') as HTMLTextAreaElement).value).toBe('Ny note');
  });

  it('"Annullér" closes the form and gives focus back to its button', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = openForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(activities()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});

describe('only the unit that owns the intervention changes its activities', () => {
  const plan = (myStanding: string) => perPlan({ myStanding, interventions: [perPlan().interventions[0], bostoette()], activities: [activity(), socialActivity] });

  it('the jobcenter gets controls on its own activity only', () => {
    renderPlanPage({ viewer: 'anna', plan: plan('COORDINATOR') });
    expect(within(row('Samtale med butikschefen')).getByRole('button', { name: 'Redigér Samtale med butikschefen' })).toBeTruthy();
    expect(within(row('Besøg i lejligheden')).queryByRole('button', { name: /^(?!Historik)/ })).toBeNull();
  });

  it('social services get controls on theirs, none on the jobcenter’s', () => {
    renderPlanPage({ viewer: 'bent', plan: plan('TEAM') });
    expect(within(row('Besøg i lejligheden')).getByRole('button', { name: 'Markér Besøg i lejligheden som udført' })).toBeTruthy();
    expect(within(row('Besøg i lejligheden')).getByRole('button', { name: 'Redigér Besøg i lejligheden' })).toBeTruthy();
    expect(within(row('Samtale med butikschefen')).queryByRole('button', { name: /^(?!Historik)/ })).toBeNull();
  });

  it('a unit not on the team gets none', () => {
    renderPlanPage({ viewer: 'carla', plan: plan('TEAM') });
    expect(within(activities()).queryByRole('button', { name: /^(?!Historik)/ })).toBeNull();
  });
});
