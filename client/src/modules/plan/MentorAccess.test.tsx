import { addDays, todayInDenmark } from '@samplan/schema';
import { screen, within } from '@testing-library/react';
import { mentorGrant } from '../../test-support/mentor';
import { perPlan, praktik, renderPlanPage } from '../../test-support/plan-page';

/**
 * Mentorstøtte on the plan is about who may open the plan as mentor: a grant gives a mentor
 * access in Samplan. A Mentorstøtte under Indsatser (the jobcenter's decision on support) gives
 * none, so the section does not say the citizen has no mentor support while one runs.
 */
const mentorSection = () => screen.getByTestId('mentor-section');
const mentorSupport = (overrides: Record<string, unknown> = {}) =>
  praktik({ id: 'iv-mentor', title: 'Virksomhedsmentor i butikken', kind: 'MENTOR_SUPPORT', kindLabel: 'Mentorstøtte', internshipPurpose: null, ...overrides });

describe('Mentorstøtte says whether a mentor has access to the plan', () => {
  it('with an active Mentorstøtte under Indsatser and no grant: no mentor has access, and the section points to the intervention', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [praktik(), mentorSupport()] }) });
    expect(mentorSection().textContent).not.toContain('Borgeren har ikke mentorstøtte');
    expect(within(mentorSection()).getByTestId('mentor-no-access').textContent).toBe('Ingen mentor har adgang til planen i Samplan. En mentor får adgang med en mentorbevilling.');
    const pointer = within(mentorSection()).getByTestId('mentor-support-without-mentor');
    expect(pointer.textContent).toBe('Mentorstøtten under Indsatser (Virksomhedsmentor i butikken) har endnu ingen mentor med adgang til planen.');
    // The link leads to the intervention's card, whose heading takes the focus.
    const link = within(pointer).getByRole('link', { name: 'Virksomhedsmentor i butikken' });
    expect(document.querySelector(link.getAttribute('href')!)).toBe(screen.getByRole('heading', { level: 4, name: 'Virksomhedsmentor i butikken' }));
  });

  it('a Mentorstøtte that is over is not pointed to; no Mentorstøtte at all, only that no mentor has access', () => {
    const { unmount } = renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [mentorSupport({ status: 'COMPLETED' })] }) });
    expect(within(mentorSection()).getByTestId('mentor-no-access')).toBeTruthy();
    expect(within(mentorSection()).queryByTestId('mentor-support-without-mentor')).toBeNull();
    unmount();

    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(mentorSection()).getByTestId('mentor-no-access')).toBeTruthy();
    expect(within(mentorSection()).queryByTestId('mentor-support-without-mentor')).toBeNull();
  });

  it('a grant running today gives the mentor access: neither is said', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [mentorSupport()], mentorGrants: [mentorGrant()] }) });
    expect(mentorSection().textContent).toContain('Mikkel Lund');
    expect(within(mentorSection()).queryByTestId('mentor-no-access')).toBeNull();
    expect(within(mentorSection()).queryByTestId('mentor-support-without-mentor')).toBeNull();
  });

  it('a grant ended early keeps the mentor in until its last day; once it is over, the Mentorstøtte has no mentor with access', () => {
    const today = todayInDenmark();
    const endedEarly = mentorGrant({ endDate: addDays(today, 2), endedEarly: true });
    const { unmount } = renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [mentorSupport()], mentorGrants: [endedEarly] }) });
    expect(within(mentorSection()).queryByTestId('mentor-no-access')).toBeNull();
    unmount();

    const over = mentorGrant({ startDate: addDays(today, -60), endDate: addDays(today, -1) });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [mentorSupport()], mentorGrants: [over] }) });
    expect(within(mentorSection()).getByTestId('mentor-support-without-mentor').textContent).toBe(
      'Mentorstøtten under Indsatser (Virksomhedsmentor i butikken) har ingen mentor med adgang til planen.',
    );
  });
});
