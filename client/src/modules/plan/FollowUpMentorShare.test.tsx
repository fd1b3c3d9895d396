import { fireEvent, screen, within } from '@testing-library/react';
import { mentorGrant } from '../../test-support/mentor';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';

const section = () => screen.getByTestId('followups-section');

/** "Registrér opfølgningssamtale", opened by the coordinator. */
function openForm() {
  fireEvent.click(within(section()).getByRole('button', { name: 'Registrér opfølgningssamtale' }));
  return within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
}

describe('"Del med mentor" when a samtale is registered', () => {
  it('is not offered on a plan without a mentor grant: there is nobody to share it with', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [] }) });
    expect(within(openForm()).queryByLabelText('Del med mentor')).toBeNull();
  });

  it('is offered while the plan’s mentor grant runs', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mentorGrant()] }) });
    expect(within(openForm()).getByLabelText('Del med mentor')).toBeTruthy();
  });
});
