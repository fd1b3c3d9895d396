import { screen, within } from '@testing-library/react';
import { EMPLOYMENT, HEALTH, perPlan, praktik, renderPlanPage, SOCIAL } from '../../test-support/plan-page';

const section = () => screen.getByRole('region', { name: 'Indsatser' });
const group = (name: RegExp) => within(section()).getByRole('region', { name });

describe('Indsatser shows every unit on the team', () => {
  it('to the coordinator: a unit added to the team has its group before it has written anything, saying that only it writes there', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ team: [EMPLOYMENT, SOCIAL], interventions: [] }) });
    const social = group(/^Socialforvaltningen/);
    expect(within(social).getByText('Ingen indsatser endnu. Kun Socialforvaltningen kan oprette dem.')).toBeTruthy();
    expect(within(social).queryByRole('button', { name: 'Ny indsats' })).toBeNull();
    // Her own unit first, where she adds hers.
    expect(within(section()).getAllByRole('region').map((r) => r.getAttribute('aria-labelledby') && document.getElementById(r.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
      'Jobcenter Faaborg-Midtfyn Din enhed',
      'Socialforvaltningen',
    ]);
  });

  it('beside the interventions other units have written, in the words their own members see', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM', team: [EMPLOYMENT, SOCIAL, HEALTH], interventions: [praktik()] }) });
    expect(within(group(/^Jobcenter Faaborg-Midtfyn/)).getByText('Kun Jobcenter Faaborg-Midtfyn kan ændre disse indsatser.')).toBeTruthy();
    expect(within(group(/^Sundhedsforvaltningen/)).getByText('Ingen indsatser endnu. Kun Sundhedsforvaltningen kan oprette dem.')).toBeTruthy();
  });
});
