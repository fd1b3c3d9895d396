import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ordinaryHoursProblem, todayInDenmark } from '@samplan/schema';
import { perPlan, PLAN_ID, praktik, renderPlanPage } from '../../test-support/plan-page';
import { UpdateJobcenterInterventionMutation } from './InterventionEditForm';
import { CreateJobcenterInterventionMutation } from './NewInterventionForm';

/**
 * Ordinære løntimer state their hours a week, as the server requires (the key figures add them
 * up per person): the forms ask before sending, at Timer om ugen, in the server's words.
 */
const MESSAGE = ordinaryHoursProblem('ORDINARY_HOURS', null)!;
const jobcenterGroup = () => screen.getByRole('region', { name: /^Jobcenter Faaborg-Midtfyn/ });
const fieldError = (form: HTMLElement, label: string) => {
  const field = within(form).getByLabelText(label);
  expect(field.getAttribute('aria-invalid')).toBe('true');
  return document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent;
};

const hours = praktik({ id: 'iv-hours', title: 'Løntimer i kiosken', kind: 'ORDINARY_HOURS', kindLabel: 'Ordinære løntimer', status: 'PLANNED', startDate: null, companyName: 'Kiosken', hoursPerWeek: null, internshipPurpose: null });

it('a new one is sent only with its hours, more than 0', async () => {
  const created = { ...hours, id: 'iv-new', title: 'Ordinære løntimer', companyName: null, hoursPerWeek: 6, version: 1 };
  renderPlanPage({
    viewer: 'anna',
    mocks: [{
      request: { query: CreateJobcenterInterventionMutation, variables: { input: { planId: PLAN_ID, kind: 'ORDINARY_HOURS', subGoalIds: [], title: 'Ordinære løntimer', status: 'PLANNED', hoursPerWeek: 6 } } },
      result: { data: { createJobcenterIntervention: created } },
    }],
  });
  fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
  const form = within(jobcenterGroup()).getByRole('form');
  fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'ORDINARY_HOURS' } });
  for (const typed of ['', '0']) {
    fireEvent.change(within(form).getByLabelText('Timer om ugen'), { target: { value: typed } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    expect(fieldError(form, 'Timer om ugen')).toBe(MESSAGE);
  }
  fireEvent.change(within(form).getByLabelText('Timer om ugen'), { target: { value: '6' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
  // The whole plan page renders the new card before the notice fills (StatusNotice waits a moment
  // for screen readers): on a busy CI machine that took longer than the usual 4 s.
  await waitFor(() => expect(within(jobcenterGroup()).getByRole('status').textContent).toBe('Indsatsen »Ordinære løntimer« er oprettet.'), { timeout: 10_000 });
});

it('one stored without hours is set to Aktiv only with them, and keeps its other fields editable', async () => {
  const today = todayInDenmark();
  renderPlanPage({
    viewer: 'anna',
    plan: perPlan({ interventions: [hours] }),
    mocks: [
      {
        request: { query: UpdateJobcenterInterventionMutation, variables: { input: { id: 'iv-hours', expectedVersion: 3, notes: 'Aftalt med kiosken' } } },
        result: { data: { updateJobcenterIntervention: { ...hours, notes: 'Aftalt med kiosken', version: 4 } } },
      },
      {
        request: { query: UpdateJobcenterInterventionMutation, variables: { input: { id: 'iv-hours', expectedVersion: 4, status: 'ACTIVE', startDate: today, hoursPerWeek: 4.5 } } },
        result: { data: { updateJobcenterIntervention: { ...hours, notes: 'Aftalt med kiosken', status: 'ACTIVE', startDate: today, hoursPerWeek: 4.5, version: 5 } } },
      },
    ],
  });
  const edit = () => {
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Redigér Løntimer i kiosken' }));
    return screen.getByRole('form', { name: 'Redigér Løntimer i kiosken' });
  };
  let form = edit();
  fireEvent.change(within(form).getByLabelText('Noter (kun enhederne på planen)'), { target: { value: 'Aftalt med kiosken' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
  await screen.findByText('Ændringen er gemt.');

  form = edit();
  fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'ACTIVE' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
  expect(fieldError(form, 'Timer om ugen')).toBe(MESSAGE);
  fireEvent.change(within(form).getByLabelText('Timer om ugen'), { target: { value: '4,5' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
  await waitFor(() => expect(screen.queryByRole('form', { name: 'Redigér Løntimer i kiosken' })).toBeNull());
  const card = within(jobcenterGroup()).getByRole('article', { name: 'Løntimer i kiosken' });
  expect(within(card).getByText('4,5')).toBeTruthy();
});
