import { addDays, todayInDenmark } from '@samplan/schema';
import { fireEvent, screen, within } from '@testing-library/react';
import { DISCARD_QUESTION } from '../../core/forms/FormParts';
import { mentorGrant, monthsFromToday } from '../../test-support/mentor';
import { perPlan, renderPlanPage, subGoal } from '../../test-support/plan-page';
import { MentorCandidatesQuery } from './MentorSection';

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

describe('Escape in the grant form', () => {
  const section = () => screen.getByTestId('mentor-section');
  const mikkel = { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null };
  const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [mikkel] } }, maxUsageCount: Number.POSITIVE_INFINITY };

  it('Escape with something typed asks first, as "Annullér" does; "Fortsæt med at skrive" keeps the text, "Kassér" closes', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [mentors] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const purpose = within(section()).getByLabelText('Formål') as HTMLInputElement;
    fireEvent.change(purpose, { target: { value: 'Struktur i hverdagen' } });
    purpose.focus();
    fireEvent.keyDown(purpose, { key: 'Escape' });
    expect(within(section()).getByText(DISCARD_QUESTION)).toBeTruthy();
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortsæt med at skrive' }));
    expect(purpose.value).toBe('Struktur i hverdagen');
    expect(document.activeElement).toBe(purpose);
    fireEvent.keyDown(purpose, { key: 'Escape' });
    fireEvent.click(within(section()).getByRole('button', { name: 'Kassér' }));
    expect(within(section()).queryByLabelText('Formål')).toBeNull();
  });
});

describe('A new period after a grant ended early whose last day is today', () => {
  const section = () => screen.getByTestId('mentor-section');
  const mikkel = { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null };
  const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [mikkel] } }, maxUsageCount: Number.POSITIVE_INFINITY };

  it("continues it from tomorrow, the first day the server takes, with its purpose, goals and focus areas to bring up to date", () => {
    const today = todayInDenmark();
    const endedToday = mentorGrant({ endedEarly: true, endDate: today, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden', 'Handle selv ind'], focusAreas: ['Morgenrutiner', 'Økonomi'] });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [endedToday] }), mocks: [mentors] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const continues = within(section()).getByLabelText('Ny periode af') as HTMLSelectElement;
    expect(continues.value).toBe(endedToday.id);
    expect((within(section()).getByLabelText('Start') as HTMLInputElement).value).toBe(addDays(today, 1));
    expect((within(section()).getByLabelText('Formål') as HTMLInputElement).value).toBe('Struktur i hverdagen');
    expect((within(section()).getByLabelText('Mål, vigtigste først') as HTMLTextAreaElement).value).toBe('Møde til tiden\nHandle selv ind');
    expect((within(section()).getByLabelText('Fokusområder') as HTMLInputElement).value).toBe('Morgenrutiner, Økonomi');

    // Typed over, the texts are the user's: choosing "Ingen" keeps them, and the start is today.
    fireEvent.change(within(section()).getByLabelText('Formål'), { target: { value: 'Fastholde praktikken' } });
    fireEvent.change(continues, { target: { value: '' } });
    expect((within(section()).getByLabelText('Formål') as HTMLInputElement).value).toBe('Fastholde praktikken');
    expect((within(section()).getByLabelText('Start') as HTMLInputElement).value).toBe(today);
  });
});
