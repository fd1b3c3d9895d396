import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { addDays, todayInDenmark } from '@samplan/schema';
import { formatDateTime } from '../../core/format';
import { followUp, mentorGrant, monthsFromToday } from '../../test-support/mentor';
import { activity, perPlan, renderPlanPage } from '../../test-support/plan-page';
import { SetMentorSharingMutation } from './MentorSharingToggle';

const HELD_AT = followUp().heldAt;
const meeting = followUp();

const withGrant = (overrides: Record<string, unknown> = {}) => perPlan({ mentorGrants: [mentorGrant()], followUps: [meeting], ...overrides });
const activities = () => screen.getByRole('region', { name: 'Aktiviteter' });
const mentorSection = () => screen.getByTestId('mentor-section');
const activityHint = () => within(activities()).getByTestId('activity').querySelector('p.hint')?.textContent;
const activityBox = () => within(activities()).getByRole('checkbox', { name: 'Delt med mentor – Samtale med butikschefen' }) as HTMLInputElement;
const meetingName = `Delt med mentor – samtalen ${formatDateTime(HELD_AT)}`;
const meetingBox = () => within(mentorSection()).getByRole('checkbox', { name: meetingName }) as HTMLInputElement;

const share = (id: string, kind: string, shared: boolean, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: SetMentorSharingMutation, variables: { id, kind, shared } },
  ...rest,
});

describe('"Delt med mentor" (the coordinator, while a mentor grant is active)', () => {
  it('shares an activity with the mentor: the box and the row say so at once', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [share('act-samtale', 'ACTIVITY', true, { result: { data: { setMentorSharing: true } } })] });
    expect(activityBox().checked).toBe(false);
    fireEvent.click(activityBox());
    await waitFor(() => expect(activityBox().checked).toBe(true));
    expect(activityHint()).toContain('· Delt med mentor');

    // The live event's refetch agrees: nothing doubles.
    serverSends(withGrant({ activities: [activity({ sharedWithMentor: true })] }));
    expect(within(activities()).getAllByTestId('activity')).toHaveLength(1);
    expect(activityBox().checked).toBe(true);
  });

  it('stops sharing an activity', async () => {
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant({ activities: [activity({ sharedWithMentor: true })] }),
      mocks: [share('act-samtale', 'ACTIVITY', false, { result: { data: { setMentorSharing: false } } })],
    });
    expect(activityBox().checked).toBe(true);
    fireEvent.click(activityBox());
    await waitFor(() => expect(activityBox().checked).toBe(false));
    expect(activityHint()).not.toContain('Delt med mentor');
  });

  it('shares a follow-up meeting from the Mentorstøtte section', async () => {
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [share('fu-1', 'FOLLOW_UP', true, { result: { data: { setMentorSharing: true } } })] });
    expect(within(mentorSection()).getByRole('heading', { name: 'Opfølgningssamtaler delt med mentor' })).toBeTruthy();
    expect(meetingBox().checked).toBe(false);
    fireEvent.click(meetingBox());
    await waitFor(() => expect(meetingBox().checked).toBe(true));
  });

  it('a refusal is shown in Danish and the box turns back', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Kun den koordinerende sagsbehandler kan gøre dette.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [share('fu-1', 'FOLLOW_UP', true, { error })] });
    fireEvent.click(meetingBox());
    const alert = await within(mentorSection()).findByRole('alert');
    expect(alert.textContent).toBe('Delingen med mentor blev ikke ændretDu har ikke adgang til at gøre dette. Kun den koordinerende sagsbehandler kan gøre dette.');
    expect(meetingBox().checked).toBe(false);
  });
});

describe('"Delt med mentor" on an activity the server would refuse to share (a health activity without consent for the mentor)', () => {
  const REFUSAL = 'Aktiviteten hører til en indsats med helbreds- eller sociale oplysninger. Den kan kun deles med mentoren, når borgerens samtykke eller hjemmel til at dele dem med mentoren er registreret under Samtykke.';

  it('shows the box disabled, with the reason beside it as its description', () => {
    renderPlanPage({ viewer: 'anna', plan: withGrant({ activities: [activity({ mentorShareRefusal: REFUSAL })] }) });
    expect(activityBox().disabled).toBe(true);
    expect(activityBox().checked).toBe(false);
    const reason = document.getElementById(activityBox().getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe(REFUSAL);
    expect(within(activities()).getByText(REFUSAL)).toBeTruthy();
  });

  it('an activity shared before the consent was withdrawn says it is in abeyance: the mentor does not see it now, and will again if consent is recorded', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: withGrant({ activities: [activity({ sharedWithMentor: true })] }) });
    expect(activityHint()).toMatch(/· Delt med mentor$/);
    expect(activityBox().getAttribute('aria-describedby')).toBeNull();

    // The consent is withdrawn: the plan read again brings the server's reason.
    serverSends(withGrant({ activities: [activity({ sharedWithMentor: true, mentorShareRefusal: REFUSAL })] }));
    await waitFor(() => expect(activityHint()).toMatch(/· Delt med mentor – i bero: mentoren ser den ikke nu$/));
    expect(activityBox().checked).toBe(true);
    expect(activityBox().disabled).toBe(false);
    const reason = document.getElementById(activityBox().getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe(
      `I bero: mentoren ser den ikke nu. ${REFUSAL} Registreres samtykket eller hjemlen igen, ser mentoren den igen, uden at den skal markeres på ny.`,
    );
  });

  it('the rest of the team reads the same on the row', () => {
    renderPlanPage({ viewer: 'bent', plan: withGrant({ myStanding: 'TEAM', activities: [activity({ sharedWithMentor: true, mentorShareRefusal: REFUSAL })] }) });
    expect(activityHint()).toContain('· Delt med mentor – i bero: mentoren ser den ikke nu');
  });

  it('a step shared while no mentor grant runs (the grant ended, or the next has not begun) says no mentor sees it now, to the coordinator and the team', () => {
    const over = mentorGrant({ startDate: monthsFromToday(-7), endDate: monthsFromToday(-1) });
    const later = mentorGrant({ id: 'g-later', startDate: monthsFromToday(1), endDate: monthsFromToday(4) });
    for (const viewer of ['anna', 'bent'] as const) {
      const { unmount } = renderPlanPage({
        viewer,
        plan: perPlan({ myStanding: viewer === 'anna' ? 'COORDINATOR' : 'TEAM', mentorGrants: [over, later], activities: [activity({ sharedWithMentor: true })] }),
      });
      expect(activityHint()).toMatch(/· Delt med mentor – i bero: ingen mentor har adgang nu$/);
      unmount();
    }
    // While a grant runs, the same step reaches the mentor.
    renderPlanPage({ viewer: 'bent', plan: withGrant({ myStanding: 'TEAM', activities: [activity({ sharedWithMentor: true })] }) });
    expect(activityHint()).toMatch(/· Delt med mentor$/);
  });

  it('an activity already shared (before the consent was withdrawn) can still be taken back', async () => {
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant({ activities: [activity({ sharedWithMentor: true, mentorShareRefusal: REFUSAL })] }),
      mocks: [share('act-samtale', 'ACTIVITY', false, { result: { data: { setMentorSharing: false } } })],
    });
    expect(activityBox().disabled).toBe(false);
    fireEvent.click(activityBox());
    await waitFor(() => expect(activityBox().checked).toBe(false));
    // Taken back, it is one the server would not share again: the box says why, and the row no longer speaks of the mentor.
    expect(activityBox().disabled).toBe(true);
    expect(document.getElementById(activityBox().getAttribute('aria-describedby') ?? '')?.textContent).toBe(REFUSAL);
    expect(activityHint()).not.toContain('Delt med mentor');
  });
});

describe('"Delt med mentor" while a grant ended early still runs (its new last day is today or ahead)', () => {
  it('the mentor still sees what is shared: the row says so, and the coordinator can take it back', async () => {
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant({ mentorGrants: [mentorGrant({ endedEarly: true, endDate: todayInDenmark() })], activities: [activity({ sharedWithMentor: true })] }),
      mocks: [share('act-samtale', 'ACTIVITY', false, { result: { data: { setMentorSharing: false } } })],
    });
    expect(activityHint()).toMatch(/· Delt med mentor$/);
    expect(activityBox().checked).toBe(true);
    fireEvent.click(activityBox());
    await waitFor(() => expect(activityBox().checked).toBe(false));
  });
});

describe('"Delt med mentor" is not offered', () => {
  const boxes = () => screen.queryAllByRole('checkbox', { name: /^Delt med mentor/ });

  it('without a mentor grant', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ followUps: [meeting] }) });
    expect(boxes()).toHaveLength(0);
    expect(within(mentorSection()).queryByRole('heading', { name: 'Opfølgningssamtaler delt med mentor' })).toBeNull();
  });

  it('when the grant ended early and its last day has passed, or the next has not begun', () => {
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant({
        mentorGrants: [mentorGrant({ endedEarly: true, endDate: addDays(todayInDenmark(), -1) }), mentorGrant({ id: 'g-later', startDate: monthsFromToday(1), endDate: monthsFromToday(4) })],
      }),
    });
    expect(boxes()).toHaveLength(0);
  });

  it('to someone who is not the coordinator, even with an active grant; they read what is shared', () => {
    renderPlanPage({ viewer: 'bent', plan: withGrant({ myStanding: 'TEAM', activities: [activity({ sharedWithMentor: true })] }) });
    expect(boxes()).toHaveLength(0);
    expect(within(mentorSection()).queryByRole('heading', { name: 'Opfølgningssamtaler delt med mentor' })).toBeNull();
    expect(activityHint()).toContain('· Delt med mentor');
  });
});
