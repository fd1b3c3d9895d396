import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { bostoette } from '../../test-support/fixtures';
import { activity, perPlan, praktik, renderPlanPage } from '../../test-support/plan-page';
import type { LiveEvent } from '../live/events';
import { applyEventToCache } from '../live/recordCache';
import { UpdateActivityMutation } from './ActivityEditForm';

const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const row = (title: string) => within(activities()).getAllByTestId('activity').find((li) => li.querySelector('.activity-title span')?.textContent === title)!;
/** The titles under "Kommende", and under the folded "Tidligere og afsluttede", in the order shown. */
const titles = (where: 'upcoming' | 'rest') => {
  const list = where === 'rest' ? activities().querySelector('details .activity-list') : activities().querySelector(':scope > .activity-list');
  return Array.from(list?.querySelectorAll('.activity-title > span:first-child') ?? []).map((s) => s.textContent);
};
const inFoldedList = (title: string) => !!row(title).closest('details');

const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
const samtale = activity();
const besoeg = activity({ id: 'act-besoeg', title: 'Besøg på værkstedet', dueAt: '2099-03-01T09:00:00.000Z' });
const moede = activity({ id: 'act-moede', title: 'Møde med mentor', dueAt: '2099-02-01T09:00:00.000Z' });

/** A colleague's change of an activity as the live event writes it into the cache. */
async function liveChange(cache: Parameters<typeof applyEventToCache>[0], changed: ReturnType<typeof activity>) {
  const none = { __typename: 'Activity' };
  const event = { kind: 'ACTIVITY_UPDATED', planId: 'plan-per', asIntervention: none, asSubGoal: none, asPlan: none, asProgramme: none, asFollowUp: none, asMentorTask: none, asActivity: changed };
  act(() => void applyEventToCache(cache, event as unknown as LiveEvent));
  // The page hears of a cache write a moment later.
  await waitFor(() => {
    const time = row(changed.title).querySelector('time');
    expect([time?.getAttribute('dateTime'), row(changed.title).querySelector('.activity-title .status')?.textContent]).toEqual([changed.dueAt, changed.status === 'DONE' ? 'Udført' : 'Planlagt']);
  });
}

describe('the activity lists follow the activities’ times', () => {
  it('a colleague’s new time moves an activity to its place among "Kommende"', async () => {
    const { cache } = renderPlanPage({ viewer: 'anna', plan: perPlan({ activities: [samtale, moede, besoeg] }) });
    expect(titles('upcoming')).toEqual(['Samtale med butikschefen', 'Møde med mentor', 'Besøg på værkstedet']);
    await liveChange(cache, activity({ dueAt: '2099-04-01T09:00:00.000Z', version: 2, updatedBy: bent }));
    expect(titles('upcoming')).toEqual(['Møde med mentor', 'Besøg på værkstedet', 'Samtale med butikschefen']);
  });

  it('my own new time does too, once the form is closed', async () => {
    const changed = { dueAt: '2099-04-01T08:00:00.000Z' };
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ activities: [samtale, moede, besoeg] }),
      mocks: [
        {
          request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 1, ...changed } } },
          result: { data: { updateActivity: activity({ ...changed, version: 2 }) } },
        },
      ],
    });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Redigér Samtale med butikschefen' }));
    const form = within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' });
    // 10.00 on a Danish clock in April (UTC + 2).
    fireEvent.change(within(form).getByLabelText('Tidspunkt eller frist'), { target: { value: '2099-04-01T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(within(activities()).queryByRole('form')).toBeNull());
    expect(titles('upcoming')).toEqual(['Møde med mentor', 'Besøg på værkstedet', 'Samtale med butikschefen']);
    // Focus went with the row to its new place.
    expect(document.activeElement).toBe(within(row('Samtale med butikschefen')).getByRole('button', { name: 'Redigér Samtale med butikschefen' }));
  });

  it('"Tidligere og afsluttede" lists the newest first, also after a change of time', async () => {
    const done = (a: ReturnType<typeof activity>) => ({ ...a, status: 'DONE' });
    const { cache } = renderPlanPage({ viewer: 'anna', plan: perPlan({ activities: [done(samtale), done(moede), done(besoeg)] }) });
    expect(titles('rest')).toEqual(['Besøg på værkstedet', 'Møde med mentor', 'Samtale med butikschefen']);
    await liveChange(cache, done(activity({ dueAt: '2099-05-01T09:00:00.000Z', version: 2, updatedBy: bent })));
    expect(titles('rest')).toEqual(['Samtale med butikschefen', 'Besøg på værkstedet', 'Møde med mentor']);
  });
});

describe('the steps of an intervention that is Afsluttet or Annulleret', () => {
  const visit = activity({ id: 'act-besoeg', title: 'Besøg i lejligheden', dueAt: '2099-02-15T09:00:00.000Z', interventionId: 'iv-bostoette', assignee: 'Bent Sørensen' });
  const hint = (title: string) => row(title).querySelector('.hint')?.textContent;

  it('are no longer "Kommende": listed with the earlier ones, saying so, and can still be marked udført or aflyst', () => {
    const plan = perPlan({ activities: [samtale, visit, moede], interventions: [praktik({ status: 'COMPLETED', endDate: '2026-11-01' }), bostoette({ status: 'CANCELLED' })] });
    renderPlanPage({ viewer: 'anna', plan });
    expect(titles('upcoming')).toEqual([]);
    expect(titles('rest')).toEqual(['Besøg i lejligheden', 'Møde med mentor', 'Samtale med butikschefen']);
    expect(hint('Samtale med butikschefen')).toContain(' · Virksomhedspraktik i detailbutik (afsluttet)');
    expect(hint('Besøg i lejligheden')).toContain(' · Bostøtte (annulleret)');
    // Still planned, and nothing is lost: the owning unit closes it to tidy up.
    expect(row('Samtale med butikschefen').querySelector('.activity-title .status')?.textContent).toBe('Planlagt');
    expect(within(row('Samtale med butikschefen')).getByRole('button', { name: 'Markér Samtale med butikschefen som udført' })).toBeTruthy();
    expect(within(row('Samtale med butikschefen')).getByRole('button', { name: 'Markér Samtale med butikschefen som aflyst' })).toBeTruthy();
  });

  it('leave "Kommende" when a colleague ends the intervention, and return when it goes on', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: perPlan({ activities: [samtale, visit] }) });
    expect(titles('upcoming')).toEqual(['Samtale med butikschefen', 'Besøg i lejligheden']);
    serverSends(perPlan({ activities: [samtale, visit], interventions: [praktik(), bostoette({ status: 'COMPLETED', endDate: '2026-11-01', version: 2 })] }));
    // The page hears of a cache write a moment later.
    await waitFor(() => expect(titles('upcoming')).toEqual(['Samtale med butikschefen']));
    expect(titles('rest')).toEqual(['Besøg i lejligheden']);
    serverSends(perPlan({ activities: [samtale, visit], interventions: [praktik(), bostoette({ status: 'ACTIVE', version: 3 })] }));
    await waitFor(() => expect(titles('upcoming')).toEqual(['Samtale med butikschefen', 'Besøg i lejligheden']));
    expect(hint('Besøg i lejligheden')).not.toContain('(');
  });
});

describe('an activity whose edit form is open stays where it is', () => {
  const conflict = new CombinedGraphQLErrors({
    errors: [
      {
        message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.',
        extensions: { code: 'CONFLICT', current: { ...activity({ status: 'DONE', version: 2 }), __typename: undefined, updatedBy: undefined, updatedById: 'u-bent', planId: 'plan-per' } },
      },
    ],
  });
  const NOTES = 'Husk at spørge til arbejdstøjet.';

  function openAndType() {
    fireEvent.click(within(activities()).getByRole('button', { name: 'Redigér Samtale med butikschefen' }));
    const form = within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' });
    fireEvent.change(within(form).getByLabelText('Noter'), { target: { value: NOTES } });
    return form;
  }

  it('a colleague marks it udført meanwhile: my typed notes stay, and my save meets the conflict view', async () => {
    const { cache } = renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ activities: [samtale, besoeg] }),
      mocks: [{ request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', expectedVersion: 1, notes: NOTES } } }, error: conflict }],
    });
    const form = openAndType();
    const notes = within(form).getByLabelText('Noter');
    notes.focus();

    await liveChange(cache, activity({ status: 'DONE', version: 2, updatedBy: bent }));
    // The same form, with what I typed and where I typed it, still among the coming ones; the form says someone saved meanwhile.
    expect(within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' })).toBe(form);
    expect((notes as HTMLTextAreaElement).value).toBe(NOTES);
    expect(document.activeElement).toBe(notes);
    expect(inFoldedList('Samtale med butikschefen')).toBe(false);
    expect(row('Samtale med butikschefen').querySelector('.activity-title .status')?.textContent).toBe('Udført');
    expect(await within(form).findByText(/^En anden har gemt en ændring af aktiviteten/)).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const view = await within(activities()).findByTestId('conflict-view');
    const values = (label: string) => [...within(view).getByRole('group', { name: label }).querySelectorAll('dd')].map((d) => d.textContent);
    expect(values('Noter')).toEqual(['(tom) (ikke ændret)', `${NOTES} (din ændring)`]);
    expect(inFoldedList('Samtale med butikschefen')).toBe(false);
  });

  it('a time more than a day ago does not move it either; closing the form lets it go, and focus follows it', async () => {
    const { cache } = renderPlanPage({ viewer: 'anna', plan: perPlan({ activities: [samtale, besoeg] }) });
    const form = openAndType();
    // Its time moved into the past: past the 24-hour cut-off of "Kommende".
    await liveChange(cache, activity({ dueAt: '2000-01-15T09:00:00.000Z', version: 2, updatedBy: bent }));
    expect(within(activities()).getByRole('form', { name: 'Redigér Samtale med butikschefen' })).toBe(form);
    expect(inFoldedList('Samtale med butikschefen')).toBe(false);

    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Kassér' }));
    expect(within(activities()).queryByRole('form')).toBeNull();
    expect(inFoldedList('Samtale med butikschefen')).toBe(true);
    // The row went into the folded list: focus is on its summary, not lost to the page.
    expect(document.activeElement).toBe(within(activities()).getByText('Tidligere og afsluttede (1)'));
  });

  it('the others move around it, and it keeps its place and its focus', async () => {
    const { cache } = renderPlanPage({ viewer: 'anna', plan: perPlan({ activities: [samtale, moede, besoeg] }) });
    fireEvent.click(within(activities()).getByRole('button', { name: 'Redigér Møde med mentor' }));
    const form = within(activities()).getByRole('form', { name: 'Redigér Møde med mentor' });
    const title = within(form).getByLabelText('Titel');
    expect(document.activeElement).toBe(title);
    // Besøg moves before everything, Samtale after everything: each stays on its side of the open form.
    await liveChange(cache, activity({ ...besoeg, dueAt: '2099-01-01T09:00:00.000Z', version: 2, updatedBy: bent }));
    await liveChange(cache, activity({ dueAt: '2099-06-01T09:00:00.000Z', version: 2, updatedBy: bent }));
    expect(titles('upcoming')).toEqual(['Samtale med butikschefen', 'Møde med mentor', 'Besøg på værkstedet']);
    expect(document.activeElement).toBe(title);
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(titles('upcoming')).toEqual(['Besøg på værkstedet', 'Møde med mentor', 'Samtale med butikschefen']);
  });
});
