import { todayInDenmark } from '@samplan/schema';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { DecideNextStepMutation } from './NextStepSection';

const section = () => screen.getByTestId('next-step-section');
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };

describe('"Beslutningen er gemt." under Efter forløbet', () => {
  it('goes when the forløb ends: it spoke of a decision that can no longer be changed', async () => {
    const plan = perPlan();
    const input = { programmeId: 'pr-per', step: 'FLEXJOB', decidedOn: todayInDenmark(), note: '', expectedVersion: null };
    const taken = { __typename: 'NextStepDecision', id: 'ns-per', step: 'FLEXJOB', status: 'DECIDED', stepLabel: 'Fleksjob', decidedOn: todayInDenmark(), note: '', version: 1, decidedBy: anna };
    const answer = { ...plan.programme, nextStep: taken, warningLevel: null, warnings: [] };
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: answer } } }],
    });
    fireEvent.click(within(section()).getByRole('button', { name: 'Træf beslutning' }));
    const form = within(section()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    await within(section()).findByText('Beslutningen er gemt.');

    // Anna ends the forløb (ProgrammeSummary): the plan is read again, the programme ended.
    await act(async () => {
      serverSends(perPlan({ programme: { ...answer, status: 'ENDED', endReason: 'FLEXJOB' } }));
    });
    // The decision stays, and nothing is offered any more.
    await waitFor(() => expect(within(section()).queryByRole('button', { name: 'Ret beslutning' })).toBeNull());
    expect(within(section()).getByTestId('next-step').textContent).toBe('Fleksjob');
    expect(within(section()).queryByText('Beslutningen er gemt.')).toBeNull();
  });
});
