import { screen, waitFor, within } from '@testing-library/react';
import { bookedMeeting, planMeetings } from '../../test-support/meetings';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { describedWith, descriptionSection } from '../../test-support/description';

/**
 * "… redigerer" on every part of the plan page that has an edit form, not only the goal,
 * sub-goals, interventions and activities: the citizen's contact details, a section of the
 * description, the programme's facts, the decision on what follows and a booked samtale. Without it, two people correct the
 * same text unaware of each other until one of them meets the conflict view.
 */

const person = (id: string, name: string, editing: string) => ({
  __typename: 'PresentUser',
  user: { __typename: 'User', id, name },
  unit: { __typename: 'Unit', id: `unit-${id}`, name: 'Socialforvaltningen' },
  editing,
  since: '2026-12-01T09:00:00.000Z',
});

// One section written, one not yet: both have their id, and a form open on either is told.
const described = describedWith(PLAN_ID, [descriptionSection('RESOURCES', 'Ressourcer', { text: 'Glad for praktisk arbejde.', version: 1 }), descriptionSection('CHALLENGES', 'Udfordringer')]);

const nextStep = { __typename: 'NextStepDecision', id: 'ns-per', step: 'FLEXJOB', status: 'DECIDED', stepLabel: 'Fleksjob', decidedOn: '2026-11-20', note: '', version: 1, decidedBy: null };

it('shows who edits the contact details, a description section, the programme, the decision on what follows and a booked samtale, each where it is', async () => {
  const plain = perPlan();
  const plan = perPlan({ programme: { ...plain.programme, nextStep } });
  renderPlanPage({
    viewer: 'anna',
    plan,
    sectionMocks: [described, planMeetings(PLAN_ID, [bookedMeeting()], { nextFollowUpAt: plan.nextFollowUpAt })],
    present: [
      person('u-bent', 'Bent Sørensen', 'c-per'),
      person('u-dorte', 'Dorte Madsen', 's-CHALLENGES'),
      person('u-carla', 'Carla Nielsen', 'pr-per'),
      person('u-erik', 'Erik Berg', 'm-1'),
      person('u-lis', 'Lis Holm', 'ns-per'),
    ],
  });
  await waitFor(() => expect(screen.getByTestId('present-others').textContent).toContain('Bent Sørensen (Socialforvaltningen)'));
  const badgeIn = async (part: HTMLElement) => (await within(part).findByTestId('editing-badge')).textContent;
  expect(await badgeIn(screen.getByTestId('citizen-contact'))).toBe('Bent Sørensen redigerer');
  expect(await badgeIn(await screen.findByRole('listitem', { name: 'Udfordringer' }))).toBe('Dorte Madsen redigerer');
  expect(within(screen.getByRole('listitem', { name: 'Ressourcer' })).queryByTestId('editing-badge')).toBeNull();
  expect(await badgeIn(screen.getByTestId('programme-section'))).toBe('Carla Nielsen redigerer');
  expect(await badgeIn((await screen.findAllByTestId('meeting'))[0]!)).toBe('Erik Berg redigerer');
  expect(await badgeIn(screen.getByTestId('next-step-section'))).toBe('Lis Holm redigerer');
});
