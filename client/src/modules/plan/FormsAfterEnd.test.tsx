import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { todayInDenmark } from '@samplan/schema';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describedWith, descriptionSection } from '../../test-support/description';
import { MeetingStaffQuery } from '../meeting/meeting.documents';
import { bookedMeeting, planMeetings } from '../../test-support/meetings';
import { mentorGrant } from '../../test-support/mentor';
import { EMPLOYMENT, HEALTH, perPlan, PLAN_ID, praktik, renderPlanPage, SOCIAL, type Viewer } from '../../test-support/plan-page';
import { UpdateJobcenterInterventionMutation } from './InterventionEditForm';
import { MentorCandidatesQuery } from './MentorSection';
import { PROGRAMME_ENDED_NOTICE } from './planOpen';
import { UpdateProgrammeMutation } from './ProgrammeEndForms';

/**
 * A form open on the plan page when the programme ends — ended by someone else (the plan read
 * again after the live event) or by the user in the programme's own form — stays with what was
 * typed in it, says the programme has ended so it can no longer be saved, offers no save, and
 * closes with "Luk".
 */

const TYPED = 'Skrevet lige inden forløbet blev afsluttet';

type Plan = ReturnType<typeof perPlan>;

/** The plan as the server sends it once the programme has ended (24 November 2026). */
function endedPlan(plan: Plan, overrides: Record<string, unknown> = {}): Plan {
  return perPlan({ ...plan, programme: { ...plan.programme, status: 'ENDED', endReason: 'EDUCATION', endDate: '2026-11-24', daysLeft: 0, version: 3 }, ...overrides });
}

const bySection = (testId: string) => () => screen.getByTestId(testId);
const byRegion = (name: string) => () => screen.getByRole('region', { name });


const meetingsWith = (meeting: Record<string, unknown>): MockLink.MockedResponse[] => [planMeetings(PLAN_ID, [meeting], { nextFollowUpAt: perPlan().nextFollowUpAt })];

const staff: MockLink.MockedResponse = {
  request: { query: MeetingStaffQuery, variables: { planId: PLAN_ID } },
  result: { data: { plan: { __typename: 'Plan', id: PLAN_ID, meetingStaffOptions: [] } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const mentors: MockLink.MockedResponse = {
  request: { query: MentorCandidatesQuery },
  result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }] } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const described = describedWith(PLAN_ID, [descriptionSection('RESOURCES', 'Ressourcer', { text: 'Glad for praktisk arbejde.', version: 1 })]);

interface FormCase {
  name: string;
  viewer?: Viewer;
  plan?: Plan;
  /** The plan once ended, when more than the programme changes with the end. */
  ended?: (plan: Plan) => Plan;
  mocks?: MockLink.MockedResponse[];
  sectionMocks?: MockLink.MockedResponse[];
  section: () => HTMLElement;
  /** The buttons that open the form, in turn (a name or a pattern). */
  open: Array<string | RegExp>;
  /** Before the field is filled in: what else the form needs (a kind chosen, an answer ticked). */
  prepare?: (section: HTMLElement) => void;
  field: string;
  value?: string;
  /** The form's save. */
  save: string;
}

const CASES: FormCase[] = [
  { name: 'the goal and plan period', section: bySection('goal-section'), open: ['Redigér mål og planperiode'], field: 'Beskæftigelses- eller uddannelsesmål', save: 'Gem' },
  { name: 'the citizen’s contact details', section: bySection('citizen-contact'), open: ['Ret kontaktoplysninger'], field: 'Adresse', save: 'Gem' },
  { name: 'a new sub-goal (delmål)', section: bySection('subgoals-section'), open: ['Nyt delmål'], field: 'Delmål', save: 'Tilføj delmål' },
  {
    name: 'a sub-goal’s edit',
    section: bySection('subgoals-section'),
    open: ['Redigér delmålet Løse faste opgaver i butikken selvstændigt'],
    field: 'Begrundelse',
    save: 'Gem',
  },
  {
    name: 'a sub-goal’s progress',
    section: bySection('subgoals-section'),
    open: ['Registrér progression på Løse faste opgaver i butikken selvstændigt'],
    field: 'Kommentar',
    save: 'Gem måling',
  },
  {
    name: 'a new intervention, in a unit group that has no interventions',
    viewer: 'carla',
    plan: perPlan({ myStanding: 'TEAM', team: [EMPLOYMENT, SOCIAL, HEALTH] }),
    section: byRegion('Indsatser'),
    open: ['Ny indsats'],
    prepare: (section) => fireEvent.change(within(section).getByLabelText('Indsatstype'), { target: { value: 'PHYSIOTHERAPY' } }),
    field: 'Titel',
    save: 'Opret indsats',
  },
  { name: 'an intervention’s edit', section: byRegion('Indsatser'), open: ['Redigér Virksomhedspraktik i detailbutik'], field: 'Kortsigtet mål', save: 'Gem' },
  { name: 'a new activity', section: byRegion('Indsatser'), open: ['Ny aktivitet i Virksomhedspraktik i detailbutik'], field: 'Titel', save: 'Tilføj aktivitet' },
  { name: 'an activity’s edit', section: byRegion('Aktiviteter'), open: ['Redigér Samtale med butikschefen'], field: 'Noter', save: 'Gem' },
  { name: 'a mentor grant', mocks: [mentors], section: bySection('mentor-section'), open: ['Bevilg mentorstøtte'], field: 'Formål', save: 'Bevilg mentorstøtte' },
  {
    name: 'ending a mentor grant early',
    plan: perPlan({ mentorGrants: [mentorGrant()] }),
    // The end ends the grant too (the server's close-at-programme-end).
    ended: (plan) => endedPlan(plan, { mentorGrants: [mentorGrant({ endDate: todayInDenmark(), endedEarly: true, version: 2 })] }),
    section: bySection('mentor-section'),
    open: ['Afslut mentorstøtte med Mikkel Lund'],
    field: 'Sidste dag med mentorstøtte',
    value: '2099-01-01',
    save: 'Afslut mentorstøtten',
  },
  { name: 'a follow-up samtale', section: bySection('followups-section'), open: ['Registrér opfølgningssamtale'], field: 'Resumé', save: 'Registrér samtale' },
  { name: 'the decision on what follows', section: bySection('next-step-section'), open: ['Træf beslutning'], field: 'Bemærkning', save: 'Gem beslutning' },
  { name: 'a consent', section: bySection('consent-section'), open: ['Registrér samtykke eller hjemmel'], field: 'Bemærkning (valgfri)', save: 'Registrér' },
  { name: 'a description section', sectionMocks: [described], section: bySection('description-card'), open: ['Redigér Ressourcer'], field: 'Ressourcer', save: 'Gem' },
  { name: 'booking a samtale', mocks: [staff], section: bySection('meetings-section'), open: ['Book den aftalte samtale'], field: 'Dagsorden', save: 'Book samtale' },
  { name: 'moving a samtale', sectionMocks: meetingsWith(bookedMeeting()), section: bySection('meetings-section'), open: [/^Flyt samtalen/], field: 'Sted (adresse)', save: 'Gem' },
  {
    name: 'a samtale’s fremmøde',
    sectionMocks: meetingsWith(bookedMeeting({ startsAt: '2026-01-12T09:00:00.000Z', endsAt: '2026-01-12T10:00:00.000Z' })),
    section: bySection('meetings-section'),
    open: [/^Registrér fremmøde/],
    prepare: (section) => fireEvent.click(within(section).getByLabelText('Borgeren mødte')),
    field: 'Resumé',
    save: 'Registrér fremmøde',
  },
];

/** A form's field by its label (not the section or list item a heading of that name labels). */
const FIELD = { selector: 'input, textarea, select' };

/** Opens the case's form and types in its field: the field. */
async function openAndType(c: FormCase): Promise<HTMLInputElement | HTMLTextAreaElement> {
  // Some sections read their own query first.
  await waitFor(() => c.section());
  for (const name of c.open) fireEvent.click(await within(c.section()).findByRole('button', { name }));
  c.prepare?.(c.section());
  const field = within(c.section()).getByLabelText(c.field, FIELD) as HTMLInputElement | HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: c.value ?? TYPED } });
  return field;
}

/** The form the field is in. */
const formOf = (field: HTMLElement) => field.closest('form')!;

describe('a plan page form open when someone else ends the programme', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s stays with what was typed, says why it cannot be saved, and closes with "Luk"', async (_name, c) => {
    const plan = c.plan ?? perPlan();
    const { serverSends } = renderPlanPage({ viewer: c.viewer ?? 'anna', plan, mocks: c.mocks, sectionMocks: c.sectionMocks });
    const typed = await openAndType(c);
    const form = formOf(typed);
    expect(within(form).getByRole('button', { name: c.save })).toBeTruthy();

    // The live event's refetch brings the ended programme.
    act(() => serverSends(c.ended ? c.ended(plan) : endedPlan(plan)));

    expect(await screen.findByTestId('plan-ended')).toBeTruthy();
    expect(await within(form).findByText(PROGRAMME_ENDED_NOTICE)).toBeTruthy();
    expect(form.isConnected).toBe(true);
    expect((within(c.section()).getByLabelText(c.field, FIELD) as HTMLInputElement).value).toBe(c.value ?? TYPED);
    // Nothing to save with, and Enter in a field sends nothing either.
    expect(within(form).queryByRole('button', { name: c.save })).toBeNull();
    fireEvent.submit(form);
    await act(() => new Promise((done) => setTimeout(done, 20)));
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).queryByTestId('error-summary')).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(form.isConnected).toBe(false);
    expect(within(c.section()).queryByLabelText(c.field, FIELD)).toBeNull();
    // The button that opened it went with the end: the focus is not left on the page's body.
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
  });
});

describe('a plan page form open when the user ends the programme in its own form', () => {
  it('"Nyt delmål" stays with what was typed, and cannot be saved', async () => {
    // The decision on what follows is taken: a forløb is ended after it (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).
    const decided = { __typename: 'NextStepDecision', id: 'ns-per', step: 'EDUCATION', status: 'DECIDED', stepLabel: 'Uddannelse', decidedOn: '2026-11-20', note: null, version: 1, decidedBy: null };
    const plan = perPlan({ programme: { ...perPlan().programme, nextStep: decided } });
    const ended = endedPlan(plan).programme;
    renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [
        {
          request: { query: UpdateProgrammeMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, endReason: 'EDUCATION' } } },
          result: { data: { updateProgramme: { ...ended, nextStep: null } } },
        },
      ],
    });
    const subGoals = screen.getByTestId('subgoals-section');
    fireEvent.click(within(subGoals).getByRole('button', { name: 'Nyt delmål' }));
    const form = within(subGoals).getByRole('form', { name: 'Nyt delmål' });
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: TYPED } });

    const programme = screen.getByTestId('programme-section');
    fireEvent.click(within(programme).getByRole('button', { name: 'Afslut forløb' }));
    const end = within(programme).getByRole('form', { name: 'Afslut forløbet' });
    fireEvent.change(within(end).getByLabelText('Afslutningsårsag'), { target: { value: 'EDUCATION' } });
    fireEvent.click(within(end).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(end).getByRole('button', { name: 'Ja, afslut forløbet' }));

    await within(programme).findByText('Forløbet er afsluttet. Årsag: Uddannelse.');
    expect(await within(form).findByText(PROGRAMME_ENDED_NOTICE)).toBeTruthy();
    expect((within(form).getByLabelText('Delmål') as HTMLTextAreaElement).value).toBe(TYPED);
    expect(within(form).queryByRole('button', { name: 'Tilføj delmål' })).toBeNull();
    expect(within(subGoals).queryByRole('button', { name: 'Nyt delmål' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(within(subGoals).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(within(subGoals).getByRole('heading', { name: 'Delmål' }));
  });
});

describe('the conflict view open when the programme ends', () => {
  it('no longer offers "Gem valgene", says why, and still lets the user take the newest version with their text kept', async () => {
    const mine = 'Kende kasseapparatet og varemodtagelsen';
    const current = {
      ...praktik({ version: 4, shortTermGoal: 'Kende butikkens åbning og lukning', updatedAt: '2026-11-23T09:41:00.000Z' }),
      __typename: undefined,
      unit: undefined,
      updatedBy: undefined,
      unitId: 'unit-employment',
      updatedById: 'u-dorte',
    };
    const plan = perPlan();
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [
        {
          request: { query: UpdateJobcenterInterventionMutation, variables: { input: { id: 'iv-praktik', expectedVersion: 3, shortTermGoal: mine } } },
          error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den.', extensions: { code: 'CONFLICT', current } }] }),
        },
      ],
    });
    const interventions = screen.getByRole('region', { name: 'Indsatser' });
    fireEvent.click(within(interventions).getByRole('button', { name: 'Redigér Virksomhedspraktik i detailbutik' }));
    fireEvent.change(within(interventions).getByLabelText('Kortsigtet mål'), { target: { value: mine } });
    fireEvent.click(within(interventions).getByRole('button', { name: 'Gem' }));
    const view = await within(interventions).findByTestId('conflict-view');
    expect(within(view).getByRole('button', { name: 'Gem valgene' })).toBeTruthy();

    act(() => serverSends(endedPlan(plan, { interventions: [praktik({ version: 4, shortTermGoal: 'Kende butikkens åbning og lukning' })] })));

    expect(await within(view).findByText(PROGRAMME_ENDED_NOTICE)).toBeTruthy();
    expect(within(view).queryByRole('button', { name: 'Gem valgene' })).toBeNull();
    expect(view.textContent).toContain('Dine valg kan ikke gemmes.');
    // My text is still there to copy.
    expect(within(within(view).getByRole('group', { name: 'Kortsigtet mål' })).getByText('Din tekst').nextElementSibling?.textContent).toBe(`${mine} (din ændring)`);
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    const yours = await within(interventions).findByTestId('your-text');
    expect(yours.textContent).toContain(mine);
    fireEvent.click(within(interventions).getByRole('button', { name: 'Luk' }));
    expect(within(interventions).queryByTestId('your-text')).toBeNull();
  });
});
