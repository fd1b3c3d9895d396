import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage, subGoal } from '../../test-support/plan-page';
import { UpdateSubGoalMutation } from './SubGoalEditForm';

const section = () => screen.getByTestId('subgoals-section');
const goalItem = () => within(section()).getAllByTestId('sub-goal')[0]!;
const title = () => goalItem().querySelector('.sub-goal-title')?.textContent;
const EDIT = 'Redigér delmålet Løse faste opgaver i butikken selvstændigt';

const updateMock = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdateSubGoalMutation, variables: { input: { id: 'sg-butik', expectedVersion: 1, ...input } } },
  ...rest,
});

function open() {
  const button = within(goalItem()).getByRole('button', { name: EDIT });
  fireEvent.click(button);
  return { button, form: within(goalItem()).getByRole('form', { name: 'Redigér delmål' }) };
}

describe('Redigér delmål', () => {
  it('marks a sub-goal achieved with a new reason: only those are sent, and it shows at once, once', async () => {
    const input = { reason: 'Per klarer nu butikkens faste opgaver.', status: 'ACHIEVED' };
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      mocks: [updateMock(input, { result: { data: { updateSubGoal: subGoal({ ...input, version: 2, updatedAt: '2026-11-24T10:00:00.000Z' }) } } })],
    });
    expect(title()).toBe('Løse faste opgaver i butikken selvstændigt I gang');
    const { button, form } = open();
    expect(document.activeElement).toBe(within(form).getByLabelText('Delmål'));
    expect((within(form).getByLabelText('Status') as HTMLSelectElement).value).toBe('ACTIVE');
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: input.reason } });
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'ACHIEVED' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await within(goalItem()).findByText('Delmålet er gemt.');
    expect(title()).toBe('Løse faste opgaver i butikken selvstændigt Nået');
    expect(within(goalItem()).getByText(`Begrundelse: ${input.reason}`)).toBeTruthy();
    expect(document.activeElement).toBe(button);

    serverSends(perPlan({ subGoals: [subGoal({ ...input, version: 2 })] }));
    expect(within(section()).getAllByTestId('sub-goal')).toHaveLength(1);
    expect(title()).toBe('Løse faste opgaver i butikken selvstændigt Nået');
  });

  it('shows the server’s refusal of a field by that field and in the summary, in Danish, and not again in a box', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Delmålet må højst være 1000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'text', problems: [{ field: 'text', message: 'Delmålet må højst være 1000 tegn.' }] } }],
    });
    // A text the form lets through (the form checks the same limit first): the server's words are shown, whatever they are.
    const long = 'x'.repeat(1000);
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ text: long }, { error })] });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: long } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Delmålet må højst være 1000 tegn.']);
    const text = within(form).getByLabelText('Delmål');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(text.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('Delmålet må højst være 1000 tegn.');
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('says the limits of text and reason in their hints, and refuses a longer text before sending', () => {
    // No mock: a mutation sent would fail the test with "No more mocked responses".
    renderPlanPage({ viewer: 'anna' });
    const { form } = open();
    const described = (name: string) => within(form).getByLabelText(name).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(described('Delmål')).toContain('Højst 1.000 tegn.');
    expect(described('Begrundelse')).toContain('Højst 4.000 tegn.');
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: 'x'.repeat(1001) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(within(form).getByText('Delmål må højst være 1.000 tegn (du har skrevet 1.001).', { selector: '.field-error' })).toBeTruthy();
  });

  it('asks for text and reason in Danish before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: ' ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(within(form).getByText('Skriv delmålet.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Skriv en begrundelse for delmålet.', { selector: '.field-error' })).toBeTruthy();
    // And both at once in the summary at the top of the form, which takes focus.
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Skriv delmålet.', 'Skriv en begrundelse for delmålet.']);
    expect(document.activeElement).toBe(summary);
  });

  it('says so when nothing was changed, without sending', async () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open();
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(await within(goalItem()).findByText('Der var ingen ændringer at gemme.')).toBeTruthy();
  });

  it('a newer save by someone else shows both versions', async () => {
    const current = { ...subGoal({ version: 2, status: 'DROPPED', updatedAt: '2026-11-24T09:00:00.000Z' }), __typename: undefined, progress: undefined, planId: 'plan-per' };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ status: 'ACHIEVED' }, { error })] });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'ACHIEVED' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const view = await within(goalItem()).findByTestId('conflict-view');
    const status = within(view).getByRole('group', { name: 'Status' });
    expect([...status.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['Opgivet (ændret)', 'Nået (din ændring)']);
  });

  it('opening "Registrér progression" keeps the edit form open with what was typed; Escape, after "Kassér", closes only its own form', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = open();
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per klarer nu de fleste opgaver.' } });
    const recordButton = within(goalItem()).getByRole('button', { name: /^Registrér progression/ });
    fireEvent.click(recordButton);
    const measurement = within(goalItem()).getByRole('form', { name: 'Ny måling' });
    fireEvent.change(within(measurement).getByLabelText('Værdi'), { target: { value: '4' } });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect((within(form).getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Per klarer nu de fleste opgaver.');

    fireEvent.keyDown(within(form).getByLabelText('Status'), { key: 'Escape' });
    fireEvent.click(within(form).getByRole('button', { name: 'Kassér' }));
    expect(within(goalItem()).queryByRole('form', { name: 'Redigér delmål' })).toBeNull();
    expect(document.activeElement).toBe(button);
    expect((within(measurement).getByLabelText('Værdi') as HTMLInputElement).value).toBe('4');

    // And the other way round: opening the edit form again leaves the measurement as typed.
    fireEvent.click(button);
    expect(within(goalItem()).getByRole('form', { name: 'Redigér delmål' })).toBeTruthy();
    expect(recordButton.getAttribute('aria-expanded')).toBe('true');
    expect((within(measurement).getByLabelText('Værdi') as HTMLInputElement).value).toBe('4');
  });

  it('is only for the coordinator', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(goalItem()).queryByRole('button', { name: EDIT })).toBeNull();
    expect(within(goalItem()).getByRole('button', { name: /Registrér progression/ })).toBeTruthy();
  });
});
