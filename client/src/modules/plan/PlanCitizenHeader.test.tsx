import { screen } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';

const meta = () => screen.getByRole('heading', { level: 1, name: 'Per Hansen' }).parentElement!.querySelector('.page-header-meta')!.textContent;

describe('the citizen header of the plan page', () => {
  it('shows the CPR number to those working the case (the server sends it whole)', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(meta()).toBe('CPR 020605-4123 · Født 2. juni 2005 · Du er koordinerende sagsbehandler');
  });

  it('shows no CPR number where the server masked it', () => {
    const plan = perPlan({ myStanding: 'TEAM' });
    renderPlanPage({ viewer: 'bent', plan: { ...plan, citizen: { ...plan.citizen, cpr: '020605-****' } } });
    expect(screen.queryByTestId('citizen-cpr')).toBeNull();
    expect(meta()).toContain('Født 2. juni 2005');
  });
});
