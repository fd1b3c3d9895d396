import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { recordedRequests } from '../../test-support/requests';
import { checkPlanPeriod, UpdatePlanMutation } from './PlanGoalForm';

const section = () => screen.getByTestId('goal-section');
const goalText = () => section().querySelector('.goal')?.textContent;
const NEW_GOAL = 'Ordinære løntimer som butiksassistent';

/** The plan as updatePlan returns it (the goal section's fields and the programme's warnings). */
function saved(overrides: Record<string, unknown> = {}) {
  const plan = perPlan();
  return {
    __typename: 'Plan',
    id: PLAN_ID,
    version: 5,
    myStanding: 'COORDINATOR',
    employmentGoal: plan.employmentGoal,
    goalKind: plan.goalKind,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    updatedAt: '2026-11-24T10:00:00.000Z',
    programme: { __typename: 'Programme', id: 'pr-per', type: 'RESSOURCEFORLOEB', lawVersion: 'RULES_2022', warningLevel: null, warnings: [] },
    ...overrides,
  };
}

const updateMock = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdatePlanMutation, variables: { input: { id: PLAN_ID, expectedVersion: 4, ...input } } },
  ...rest,
});

function open() {
  const button = within(section()).getByRole('button', { name: 'Redigér mål og planperiode' });
  fireEvent.click(button);
  return { button, form: within(section()).getByRole('form', { name: 'Redigér mål og planperiode' }) };
}

describe('Redigér mål og planperiode', () => {
  it('sends only what changed with the version read; the section shows the new goal at once, once', async () => {
    const input = { employmentGoal: NEW_GOAL, goalKind: 'JOB', periodEnd: '2027-10-01' };
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      mocks: [updateMock(input, { result: { data: { updatePlan: saved({ ...input }) } } })],
    });
    const { button, form } = open();
    expect(document.activeElement).toBe(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål'));
    fireEvent.change(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål'), { target: { value: ` ${NEW_GOAL} ` } });
    fireEvent.change(within(form).getByLabelText('Målet angiver'), { target: { value: 'JOB' } });
    fireEvent.change(within(form).getByLabelText('Planperiodens slut'), { target: { value: '2027-10-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await within(section()).findByText('Mål og planperiode er gemt.');
    expect(goalText()).toBe(NEW_GOAL);
    expect(within(section()).getByText('Konkret job')).toBeTruthy();
    expect(within(section()).getByText('1. oktober 2027')).toBeTruthy();
    expect(document.activeElement).toBe(button);

    // The live event's refetch brings the same plan: nothing changes, nothing doubles.
    serverSends(perPlan({ ...input, version: 5, updatedAt: '2026-11-24T10:00:00.000Z' }));
    expect(goalText()).toBe(NEW_GOAL);
    expect(within(section()).getAllByText('1. oktober 2027')).toHaveLength(1);
  });

  it('says the goal’s limit in its hint, as the server checks it, and refuses a longer goal before anything is sent', async () => {
    const { mock, sent } = recordedRequests(UpdatePlanMutation, { data: { updatePlan: saved({ employmentGoal: NEW_GOAL }) } });
    renderPlanPage({ viewer: 'anna', mocks: [mock] });
    const { form } = open();
    const goal = within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål');
    const described = () => goal.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described()[0]).toMatch(/ Højst 1\.000 tegn\.$/);
    fireEvent.change(goal, { target: { value: 'm'.repeat(1001) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(described()).toContain('Beskæftigelses- eller uddannelsesmål må højst være 1.000 tegn (du har skrevet 1.001).');

    // Within its limit it goes, and it is the only goal sent.
    fireEvent.change(goal, { target: { value: NEW_GOAL } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Mål og planperiode er gemt.');
    expect(sent.mock.calls).toEqual([[{ input: { id: PLAN_ID, expectedVersion: 4, employmentGoal: NEW_GOAL } }]]);
  });

  it('shows the server’s rule on the plan period by its field, in Danish', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Planen skal dække mindst de næste 6 måneder.', extensions: { code: 'RULE_VIOLATION', rule: 'PLAN_PERIOD_TOO_SHORT', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3' } }],
    });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ periodEnd: '2026-12-01' }, { error })] });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Planperiodens slut'), { target: { value: '2026-12-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Planen skal dække mindst de næste 6 måneder.']);
    // Said at the field and in the summary; not a third time in a box.
    expect(within(form).queryByRole('alert')).toBeNull();
    const end = within(form).getByLabelText('Planperiodens slut');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(end.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Planen skal dække mindst de næste 6 måneder eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).',
      'Planen skal dække mindst de næste 6 måneder.',
    ]);
    expect(within(section()).getByText('1. april 2027')).toBeTruthy();
  });

  it('asks for 6 months only of a ressourceforløb under the older rules: not of a jobafklaringsforløb, nor of a forløb under the 2026 rules', () => {
    for (const [type, lawVersion] of [['JOBAFKLARINGSFORLOEB', 'RULES_2022'], ['HELHEDSORIENTERET', 'REFORM_2026'], ['RESSOURCEFORLOEB', 'REFORM_2026']]) {
      const { unmount } = renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...perPlan().programme, type, lawVersion } }) });
      const { form } = open();
      const hint = document.getElementById(within(form).getByLabelText('Planperiodens slut').getAttribute('aria-describedby')!.split(' ')[0]);
      expect(hint?.textContent).toBe('Den periode, planen dækker. Der advares, før den udløber.');
      unmount();
    }
  });

  it('checks a missing goal and a period that ends before it starts, before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål'), { target: { value: '  ' } });
    fireEvent.change(within(form).getByLabelText('Planperiodens slut'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(within(form).getByText('Skriv beskæftigelses- eller uddannelsesmålet.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Planperioden skal slutte efter den starter.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål').getAttribute('aria-invalid')).toBe('true');
  });

  it('a newer save by someone else opens the conflict view; taking theirs shows it without saving', async () => {
    const current = { ...saved({ periodEnd: '2027-06-01' }), __typename: undefined, programme: undefined, myStanding: undefined, updatedById: 'u-dorte' };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ employmentGoal: NEW_GOAL }, { error })] });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål'), { target: { value: NEW_GOAL } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    const view = await within(section()).findByTestId('conflict-view');
    expect(document.activeElement).toBe(within(view).getByRole('heading', { name: 'Planen er ændret af en anden, mens du redigerede' }));
    const fields = within(view).getAllByRole('group').map((g) => [g.querySelector('legend')?.textContent, ...[...g.querySelectorAll('dd')].map((d) => d.textContent)]);
    expect(fields).toEqual([
      ['Beskæftigelses- eller uddannelsesmål', 'Lønnede timer i en butik i detailhandlen (ikke ændret)', `${NEW_GOAL} (din ændring)`],
      ['Planperiodens slut', '1. juni 2027 (ændret)', '1. april 2027 (ikke ændret af dig)'],
    ]);
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    await within(section()).findByText('Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.');
    expect(goalText()).toBe('Lønnede timer i en butik i detailhandlen');
    expect(within(section()).getByText('1. juni 2027')).toBeTruthy();
    // The goal I wrote stays on screen until I close the form.
    expect(within(within(section()).getByRole('region', { name: 'Din tekst' })).getByText(NEW_GOAL)).toBeTruthy();
    fireEvent.click(within(section()).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('region', { name: 'Din tekst' })).toBeNull();
  });

  it('keeping mine saves my field on the newest version, with the version I started from', async () => {
    const current = { ...saved({ periodEnd: '2027-06-01' }), __typename: undefined, programme: undefined, myStanding: undefined };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        updateMock({ employmentGoal: NEW_GOAL }, { error }),
        {
          request: { query: UpdatePlanMutation, variables: { input: { id: PLAN_ID, expectedVersion: 5, baseVersion: 4, employmentGoal: NEW_GOAL } } },
          result: { data: { updatePlan: saved({ version: 6, employmentGoal: NEW_GOAL, periodEnd: '2027-06-01' }) } },
        },
      ],
    });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Beskæftigelses- eller uddannelsesmål'), { target: { value: NEW_GOAL } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    fireEvent.click(within(await within(section()).findByTestId('conflict-view')).getByRole('button', { name: 'Gem valgene' }));
    await within(section()).findByText('Mål og planperiode er gemt.');
    expect(goalText()).toBe(NEW_GOAL);
    expect(within(section()).getByText('1. juni 2027')).toBeTruthy();
  });

  it('Escape closes the form and gives focus back to its button', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = open();
    fireEvent.keyDown(within(form).getByLabelText('Målet angiver'), { key: 'Escape' });
    expect(within(section()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('is only for the coordinator', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(goalText()).toBe('Lønnede timer i en butik i detailhandlen');
    expect(within(section()).queryByRole('button', { name: /Redigér/ })).toBeNull();
  });
});

describe('checkPlanPeriod', () => {
  it.each([
    [{ periodStart: '2026-04-01', periodEnd: '2027-04-01' }, {}],
    [{ periodStart: '2026-04-01', periodEnd: '2026-04-01' }, { periodEnd: 'Planperioden skal slutte efter den starter.' }],
    [{ periodStart: '', periodEnd: '2026-01-01' }, {}],
  ])('%j', (values, expected) => {
    expect(checkPlanPeriod(values)).toEqual(expected);
  });
});
