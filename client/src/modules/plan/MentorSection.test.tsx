import { screen, within } from '@testing-library/react';
import { mentorGrant, monthsFromToday } from '../../test-support/mentor';
import { perPlan, renderPlanPage, subGoal } from '../../test-support/plan-page';

/**
 * The Mentorstøtte card says what each grant gives the mentor to work with: its purpose, goals
 * and focus, and the delmål chosen for the mentor ("Delmål mentor skal kende" in the grant's
 * form), by their text on the plan, as the mentor's own page shows them.
 */
const grants = () => [...screen.getByTestId('mentor-section').querySelectorAll<HTMLElement>('.grant')];
const handleSelv = subGoal({ id: 'sg-handle', area: 'SOCIAL', text: 'Handle selv ind', progress: [] });

describe('Mentorstøtte shows the delmål the mentor knows', () => {
  it('each grant names its delmål by their text; a grant naming none says nothing of them', () => {
    const withGoals = mentorGrant({ subGoalIds: ['sg-butik', 'sg-handle'] });
    const earlier = mentorGrant({ id: 'g-earlier', startDate: monthsFromToday(-8), endDate: monthsFromToday(-2), subGoalIds: [] });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [subGoal(), handleSelv], mentorGrants: [earlier, withGoals] }) });
    // Newest first.
    const [running, over] = grants();
    expect(within(running).getByText(/^Delmål mentor skal kende:/).textContent).toBe('Delmål mentor skal kende: Løse faste opgaver i butikken selvstændigt; Handle selv ind');
    expect(over.textContent).not.toContain('Delmål mentor skal kende');
  });

  it('a caseworker on the team sees them too', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM', subGoals: [subGoal(), handleSelv], mentorGrants: [mentorGrant({ subGoalIds: ['sg-handle'] })] }) });
    expect(within(screen.getByTestId('mentor-section')).getByText('Delmål mentor skal kende: Handle selv ind')).toBeTruthy();
  });
});
