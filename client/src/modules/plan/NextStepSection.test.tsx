import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { todayInDenmark } from '@samplan/schema';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PlanEventsSubscription } from '../live/events';
import { perPlan, renderPlanPage, SOCIAL } from '../../test-support/plan-page';
import { checkDecidedOn, DECIDED_MEANWHILE, DecideNextStepMutation, LEDIGHEDSYDELSE_HINT, nextStepFields } from './NextStepSection';

const section = () => screen.getByTestId('next-step-section');
const shown = () => within(section()).getByTestId('next-step').textContent;
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };

const nextStepWarning = {
  __typename: 'Warning',
  rule: 'NEXT_STEP_DECISION',
  severity: 'WARNING',
  message: 'Forløbet slutter 1. april 2028. Træf beslutning om indsatsen bagefter.',
  dueDate: '2028-04-01',
  source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.5',
  subjectId: null,
  forReader: true,
};

function decision(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'NextStepDecision',
    id: 'ns-per',
    step: 'FLEXJOB',
    status: 'DECIDED',
    stepLabel: 'Fleksjob',
    decidedOn: '2026-11-20',
    note: 'Rehabiliteringsteamet indstiller til fleksjob.',
    version: 1,
    decidedBy: anna,
    ...overrides,
  };
}

/** A plan whose programme has, or lacks, a decision (and then the warning that asks for it). */
function planWith(nextStep: ReturnType<typeof decision> | null, standing = 'COORDINATOR') {
  const plan = perPlan({ myStanding: standing });
  const warnings = nextStep ? [] : [nextStepWarning];
  return perPlan({ myStanding: standing, programme: { ...plan.programme, nextStep, warnings, warningLevel: nextStep ? null : 'WARNING' } });
}

/** decideNextStep's answer: the programme with its decision and its warnings now. */
const programmeAfter = (nextStep: ReturnType<typeof decision>) => ({
  __typename: 'Programme',
  id: 'pr-per',
  type: 'RESSOURCEFORLOEB',
  status: 'ACTIVE',
  endDate: '2028-04-01',
  nextStepOptions: perPlan().programme.nextStepOptions,
  nextStepLastDays: [],
  nextStep,
  warningLevel: null,
  warnings: [],
});

function open(name: string) {
  const button = within(section()).getByRole('button', { name });
  fireEvent.click(button);
  return { button, form: within(section()).getByRole('form') };
}

/** The coordinator decides uddannelse on 5 January 2026, and the server refuses with `error`: the form. */
function decideRefused(error: CombinedGraphQLErrors) {
  const input = { programmeId: 'pr-per', step: 'EDUCATION', decidedOn: '2026-01-05', note: '', expectedVersion: null };
  renderPlanPage({ viewer: 'anna', plan: planWith(null), mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, error }] });
  const { form } = open('Træf beslutning');
  fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'EDUCATION' } });
  fireEvent.change(within(form).getByLabelText('Besluttet den'), { target: { value: '2026-01-05' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
  return form;
}

describe('Efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5)', () => {
  it('the coordinator takes the decision; it shows at once and the warning that asked for it goes', async () => {
    const input = { programmeId: 'pr-per', step: 'FLEXJOB', decidedOn: todayInDenmark(), note: 'Rehabiliteringsteamet indstiller til fleksjob.', expectedVersion: null };
    const taken = decision({ decidedOn: todayInDenmark() });
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan: planWith(null),
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: programmeAfter(taken) } } }],
    });
    expect(shown()).toBe('Der er ikke truffet beslutning om indsatsen efter forløbet. Den skal træffes, før forløbet slutter 1. april 2028 (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).');
    expect(screen.getByTestId('warnings').textContent).toContain('Træf beslutning om indsatsen bagefter.');
    const toDecision = within(screen.getByTestId('warnings')).getByRole('link', { name: 'Til beslutningen efter forløbet' });
    expect(document.querySelector(toDecision.getAttribute('href')!)).toBe(within(section()).getByRole('heading', { name: 'Efter forløbet' }));

    const { button, form } = open('Træf beslutning');
    const step = within(form).getByLabelText('Indsatsen efter forløbet') as HTMLSelectElement;
    expect(document.activeElement).toBe(step);
    expect(step.value).toBe('');
    expect((within(form).getByLabelText('Besluttet den') as HTMLInputElement).value).toBe(todayInDenmark());
    fireEvent.change(step, { target: { value: 'FLEXJOB' } });
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: input.note } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));

    await within(section()).findByText('Beslutningen er gemt.');
    expect(shown()).toBe('Fleksjob');
    expect(within(section()).getByText(/af Anna Holm/)).toBeTruthy();
    expect(within(section()).getByText(input.note)).toBeTruthy();
    expect(screen.queryByTestId('warnings')).toBeNull();
    expect(button.textContent).toBe('Ret beslutning');
    expect(document.activeElement).toBe(button);

    serverSends(planWith(taken));
    expect(within(section()).getAllByText('Fleksjob')).toHaveLength(1);
  });

  it('changing a decision sends the whole decision with the version read', async () => {
    const input = { programmeId: 'pr-per', step: 'FOERTIDSPENSION', decidedOn: '2026-11-20', note: 'Rehabiliteringsteamet indstiller til fleksjob.', expectedVersion: 1 };
    renderPlanPage({
      viewer: 'anna',
      plan: planWith(decision()),
      mocks: [
        {
          request: { query: DecideNextStepMutation, variables: { input } },
          result: { data: { decideNextStep: programmeAfter(decision({ step: 'FOERTIDSPENSION', stepLabel: 'Førtidspension', version: 2 })) } },
        },
      ],
    });
    expect(shown()).toBe('Fleksjob');
    const { form } = open('Ret beslutning');
    fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'FOERTIDSPENSION' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    await within(section()).findByText('Beslutningen er gemt.');
    expect(shown()).toBe('Førtidspension');
  });

  it('after a conflict, saves on top of the newest decision with the version I started from (the colleague is told)', async () => {
    const first = { programmeId: 'pr-per', step: 'FOERTIDSPENSION', decidedOn: '2026-11-20', note: 'Rehabiliteringsteamet indstiller til fleksjob.', expectedVersion: 1 };
    const current = { id: 'ns-per', step: 'FLEXJOB', status: 'DECIDED', decidedOn: '2026-11-21', note: 'Drøftet med borgeren.', version: 2 };
    const conflict = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    const again = { programmeId: 'pr-per', step: 'FOERTIDSPENSION', decidedOn: '2026-11-21', note: 'Drøftet med borgeren.', expectedVersion: 2, baseVersion: 1 };
    renderPlanPage({
      viewer: 'anna',
      plan: planWith(decision()),
      mocks: [
        { request: { query: DecideNextStepMutation, variables: { input: first } }, error: conflict },
        {
          request: { query: DecideNextStepMutation, variables: { input: again } },
          result: { data: { decideNextStep: programmeAfter(decision({ ...current, step: 'FOERTIDSPENSION', stepLabel: 'Førtidspension', version: 3 })) } },
        },
      ],
    });
    const { form } = open('Ret beslutning');
    fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'FOERTIDSPENSION' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    const view = await within(section()).findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await within(section()).findByText('Beslutningen er gemt.');
    expect(shown()).toBe('Førtidspension');
  });

  it('shows the server’s refusal of the date by the date field, in Danish', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'En beslutning kan ikke dateres frem i tiden.', extensions: { code: 'BAD_USER_INPUT', field: 'decidedOn' } }],
    });
    const form = decideRefused(error);
    await within(form).findByTestId('error-summary');
    expect(within(form).queryByRole('alert')).toBeNull();
    const date = within(form).getByLabelText('Besluttet den');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(date.getAttribute('aria-describedby')!)?.textContent).toBe('En beslutning kan ikke dateres frem i tiden.');
    expect(shown()).toMatch(/^Der er ikke truffet beslutning/);
  });

  it('shows the law’s refusal of the step by the step field: the form offers the steps of every law since the decision', async () => {
    const message = 'Nyt ressourceforløb kan ikke besluttes for denne forløbstype efter reglerne på beslutningsdagen.';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'NEXT_STEP_NOT_AVAILABLE' } }] });
    const form = decideRefused(error);
    const step = within(form).getByLabelText('Indsatsen efter forløbet');
    await within(form).findByTestId('error-summary');
    expect(step.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(step.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(message);
  });

  it('asks for the decision before sending', () => {
    renderPlanPage({ viewer: 'anna', plan: planWith(null) });
    const { form } = open('Træf beslutning');
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    expect(within(form).getByText('Vælg, hvad der skal ske efter forløbet.', { selector: '.field-error' })).toBeTruthy();
  });

  it('everyone on the plan sees the decision; only the coordinator takes or changes it', () => {
    renderPlanPage({ viewer: 'bent', plan: planWith(decision(), 'TEAM') });
    expect(shown()).toBe('Fleksjob');
    expect(within(section()).queryByRole('button')).toBeNull();
  });
});

describe('checkDecidedOn', () => {
  it('refuses a date ahead of today', () => {
    expect(checkDecidedOn({ decidedOn: '2026-11-21' }, '2026-11-20')).toEqual({ decidedOn: 'En beslutning kan ikke dateres frem i tiden.' });
    expect(checkDecidedOn({ decidedOn: '2026-11-20' }, '2026-11-20')).toEqual({});
  });
});

/** Per's plan with Bent from social services as his coordinator: he proposes, the jobcenter decides. */
function socialCoordinatorPlan(nextStep: ReturnType<typeof decision> | null, standing: string) {
  const plan = planWith(nextStep, standing);
  const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
  // The server's Plan.mayDecide: the social coordinator proposes; the jobcenter's caseworker on the team decides.
  return { ...plan, mayDecide: standing === 'TEAM', coordinator: { ...plan.coordinator, user: bent, unit: SOCIAL } };
}

describe('Forslag og afgørelse (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1; lov nr. 1750 af 29. december 2025)', () => {
  it('offers only the steps the server allows today: no new ressourceforløb', () => {
    renderPlanPage({ viewer: 'anna', plan: planWith(null) });
    const { form } = open('Træf beslutning');
    const options = within(within(form).getByLabelText('Indsatsen efter forløbet')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toContain('Fleksjob');
    expect(options).not.toContain('Nyt ressourceforløb');
    expect(options).not.toContain('Nyt jobafklaringsforløb');
  });

  it('a coordinator outside the jobcenter proposes; the proposal shows as Forslag awaiting the jobcenter', async () => {
    const input = { programmeId: 'pr-per', step: 'FLEXJOB', decidedOn: todayInDenmark(), note: '', expectedVersion: null };
    const proposal = decision({ status: 'PROPOSED', decidedOn: todayInDenmark(), note: '', decidedBy: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' } });
    renderPlanPage({
      viewer: 'bent',
      plan: socialCoordinatorPlan(null, 'COORDINATOR'),
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: programmeAfter(proposal) } } }],
    });
    expect(within(section()).getByTestId('next-step-role').textContent).toContain('du foreslår indsatsen, og en sagsbehandler fra beskæftigelse på planen træffer afgørelsen');
    // Ending is the jobcenter's decision too.
    expect(within(screen.getByTestId('programme-section')).queryByRole('button', { name: 'Afslut forløb' })).toBeNull();
    const { form } = open('Foreslå indsats');
    expect(within(form).getByRole('heading', { name: 'Forslag om indsatsen efter forløbet' })).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem forslag' }));
    await within(section()).findByText('Forslaget er gemt. En sagsbehandler fra beskæftigelse træffer afgørelsen.');
    expect(within(section()).getByText('Forslag')).toBeTruthy();
    expect(shown()).toBe('Fleksjob');
    expect(within(section()).getByTestId('next-step-status').textContent).toBe('Forslag – afventer afgørelse fra en sagsbehandler i beskæftigelse');
    expect(within(section()).getByRole('button', { name: 'Ret forslag' })).toBeTruthy();
  });

  it('a jobafklaringsforløb: the coordinator outside the jobcenter is told the guidance holds for it as for ressourceforløb', () => {
    const plan = socialCoordinatorPlan(null, 'COORDINATOR');
    renderPlanPage({ viewer: 'bent', plan: { ...plan, programme: { ...plan.programme, type: 'JOBAFKLARINGSFORLOEB' } } });
    expect(within(section()).getByTestId('next-step-role').textContent).toBe(
      'Du er koordinator uden for beskæftigelse: du foreslår indsatsen, og en sagsbehandler fra beskæftigelse på planen træffer afgørelsen (som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).',
    );
  });

  it('the jobcenter caseworker on the plan decides the proposal as proposed', async () => {
    const proposal = decision({ status: 'PROPOSED', decidedBy: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' } });
    const input = { programmeId: 'pr-per', step: 'FLEXJOB', decidedOn: todayInDenmark(), note: proposal.note, expectedVersion: 1 };
    const decided = decision({ decidedOn: todayInDenmark(), version: 2 });
    renderPlanPage({
      viewer: 'anna',
      plan: socialCoordinatorPlan(proposal, 'TEAM'),
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: programmeAfter(decided) } } }],
    });
    expect(within(section()).getByText('Forslag')).toBeTruthy();
    expect(within(section()).getByTestId('next-step-role').textContent).toBe('Du træffer afgørelsen efter beskæftigelseslovgivningen: som foreslået eller en anden.');
    expect(within(section()).getByRole('button', { name: 'Træf en anden afgørelse' })).toBeTruthy();
    // The jobcenter's caseworker also ends the programme when the coordinator is from another unit.
    expect(within(screen.getByTestId('programme-section')).getByRole('button', { name: 'Afslut forløb' })).toBeTruthy();
    const accept = within(section()).getByRole('button', { name: 'Træf afgørelse som foreslået' });
    accept.focus();
    fireEvent.click(accept);
    await within(section()).findByText('Afgørelsen er truffet: Fleksjob.');
    // The button went with the proposal: focus is on the section's heading, not the top of the page.
    expect(document.activeElement).toBe(within(section()).getByRole('heading', { name: 'Efter forløbet' }));
    expect(within(section()).getByText('Beslutning')).toBeTruthy();
    expect(within(section()).queryByTestId('next-step-status')).toBeNull();
    expect(within(section()).getByRole('button', { name: 'Ret beslutning' })).toBeTruthy();
  });

  it('the jobcenter decides while the coordinator changes the proposal: the form stays with what was typed and says it was decided meanwhile', async () => {
    const proposal = decision({ status: 'PROPOSED', decidedBy: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' } });
    const { serverSends } = renderPlanPage({ viewer: 'bent', plan: socialCoordinatorPlan(proposal, 'COORDINATOR') });
    const { form } = open('Ret forslag');
    const typed = 'Per ønsker at prøve et fleksjob i butikken.';
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: typed } });

    act(() => serverSends(socialCoordinatorPlan(decision({ step: 'EDUCATION', stepLabel: 'Uddannelse', version: 2 }), 'COORDINATOR')));
    const notice = await within(form).findByText(/^Forslaget er afgjort i mellemtiden/);
    expect(notice.textContent).toBe(DECIDED_MEANWHILE);
    expect(within(section()).getByText('Beslutning')).toBeTruthy();
    expect(shown()).toBe('Uddannelse');
    expect((within(form).getByLabelText('Bemærkning') as HTMLTextAreaElement).value).toBe(typed);
    // It cannot be saved now; it can be closed, and the focus stays in the section.
    expect(within(form).queryByRole('button', { name: 'Gem forslag' })).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Ret forslag' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('heading', { name: 'Efter forløbet' }));
  });

  it('a decision taken by someone else while I write the first one is said in the form', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: planWith(null) });
    const { form } = open('Træf beslutning');
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: 'Borgeren ønsker uddannelse.' } });
    act(() => serverSends(planWith(decision())));
    expect(
      await within(form).findByText('En anden har gemt en beslutning om indsatsen efter forløbet, mens du skrev. Når du gemmer, kan du sammenligne de to udgaver.'),
    ).toBeTruthy();
    expect((within(form).getByLabelText('Bemærkning') as HTMLTextAreaElement).value).toBe('Borgeren ønsker uddannelse.');
    expect(within(form).getByRole('button', { name: 'Gem beslutning' })).toBeTruthy();
  });

  /** Anna Holm's own change of the programme, as the live stream brings it. */
  const annasProgrammeChange = (summary: string, planId: string, programme: object) => ({
    __typename: 'PlanEvent', seq: '42', kind: 'PROGRAMME_UPDATED', planId, entityType: 'PROGRAMME', entityId: 'pr-per', at: '2026-11-23T09:41:00.000Z',
    summary, actor: anna, unit: { __typename: 'Unit', id: 'unit-employment', kind: 'EMPLOYMENT', name: 'Jobcenteret' }, title: null, changes: [], overwrote: [],
    record: programme, asActivity: programme, asIntervention: programme, asSubGoal: programme, asPlan: programme,
    asProgramme: programme, asFollowUp: programme, asMentorTask: programme, asDescriptionSection: programme,
  });

  it('a decision I took in another window while I write here is told as my own, not "en anden"', async () => {
    const plan = planWith(null);
    const decided = planWith(decision());
    // Anna Holm's own decision, saved in another window of the plan, as the live stream brings it: a change of the programme.
    const savedInTheOtherWindow = annasProgrammeChange('Anna Holm (Jobcenteret) besluttede indsatsen efter forløbet: Fleksjob', plan.id, decided.programme);
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan,
      events: { request: { query: PlanEventsSubscription, variables: { planId: plan.id, afterSeq: plan.liveFrom } }, result: { data: { planEvents: savedInTheOtherWindow } }, delay: 50 },
    });
    const { form } = open('Træf beslutning');
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: 'Borgeren ønsker uddannelse.' } });
    await waitFor(() => expect(screen.getAllByText(/besluttede indsatsen efter forløbet/).length).toBeGreaterThan(0));
    act(() => serverSends(decided));
    expect(
      await within(form).findByText('Beslutningen er gemt af dig i et andet vindue, mens du skrev her. Når du gemmer, kan du sammenligne de to udgaver.'),
    ).toBeTruthy();
    expect(within(form).queryByText(/En anden/)).toBeNull();
    expect((within(form).getByLabelText('Bemærkning') as HTMLTextAreaElement).value).toBe('Borgeren ønsker uddannelse.');
  });

  it('my own change of the programme heard before the form opened is not what it meets: a decision arriving unannounced is "en anden"', async () => {
    const plan = planWith(null);
    const decided = planWith(decision());
    // Anna Holm's own earlier change of the programme (its end date, say), heard before she opens the form.
    const mineBefore = annasProgrammeChange(`Anna Holm (Jobcenteret) ændrede forløbets slutdato til ${plan.programme.endDate}`, plan.id, plan.programme);
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan,
      events: { request: { query: PlanEventsSubscription, variables: { planId: plan.id, afterSeq: plan.liveFrom } }, result: { data: { planEvents: mineBefore } }, delay: 0 },
    });
    await waitFor(() => expect(screen.getAllByText(/ændrede forløbets slutdato/).length).toBeGreaterThan(0));
    const { form } = open('Træf beslutning');
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: 'Borgeren ønsker uddannelse.' } });
    // A colleague's decision, read with the plan before its event has come.
    act(() => serverSends(decided));
    expect(
      await within(form).findByText('En anden har gemt en beslutning om indsatsen efter forløbet, mens du skrev. Når du gemmer, kan du sammenligne de to udgaver.'),
    ).toBeTruthy();
  });

  it('a coordinator outside the jobcenter cannot change what the jobcenter decided', () => {
    renderPlanPage({ viewer: 'bent', plan: socialCoordinatorPlan(decision(), 'COORDINATOR') });
    expect(within(section()).queryByRole('button')).toBeNull();
    expect(within(section()).getByTestId('next-step-role').textContent).toBe('Beskæftigelse har truffet afgørelsen. Som koordinator uden for beskæftigelse kan du ikke ændre den.');
  });

  it('the municipality’s own forløb is tied to no jobcenter: its coordinator from social services decides what follows and may end it', () => {
    const plan = socialCoordinatorPlan(null, 'COORDINATOR');
    renderPlanPage({ viewer: 'bent', plan: { ...plan, programme: { ...plan.programme, type: 'HELHEDSORIENTERET' } } });
    expect(within(section()).queryByRole('button', { name: 'Foreslå indsats' })).toBeNull();
    const { form } = open('Træf beslutning');
    expect(within(form).getByRole('button', { name: 'Gem beslutning' })).toBeTruthy();
    expect(within(screen.getByTestId('programme-section')).getByRole('button', { name: 'Afslut forløb' })).toBeTruthy();
  });
});

describe('the municipality’s own forløb (lov nr. 1750 af 29. december 2025): its coordinator decides, an employment caseworker on it proposes', () => {
  it('the jobcenter caseworker on a forløb coordinated from social services proposes, and is told the coordinator decides', async () => {
    const input = { programmeId: 'pr-per', step: 'FLEXJOB', decidedOn: todayInDenmark(), note: '', expectedVersion: null };
    const base = socialCoordinatorPlan(null, 'TEAM');
    const plan = { ...base, programme: { ...base.programme, type: 'HELHEDSORIENTERET' } };
    const proposal = decision({ status: 'PROPOSED', decidedOn: todayInDenmark(), note: '' });
    renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: { ...programmeAfter(proposal), type: 'HELHEDSORIENTERET' } } } }],
    });
    expect(within(section()).getByTestId('next-step-role').textContent).toBe('Du kan foreslå indsatsen efter forløbet; koordinatoren træffer beslutningen.');
    expect(within(section()).queryByRole('button', { name: 'Træf beslutning' })).toBeNull();
    const { form } = open('Foreslå indsats');
    fireEvent.change(within(form).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem forslag' }));
    await within(section()).findByText('Forslaget er gemt. Koordinatoren træffer beslutningen.');
    expect(within(section()).getByTestId('next-step-status').textContent).toBe('Forslag – afventer koordinatorens beslutning');
  });

  it('the coordinator is told they decide on the proposal, not under the employment legislation', () => {
    const base = socialCoordinatorPlan(decision({ status: 'PROPOSED' }), 'COORDINATOR');
    renderPlanPage({ viewer: 'bent', plan: { ...base, programme: { ...base.programme, type: 'HELHEDSORIENTERET' } } });
    expect(within(section()).getByTestId('next-step-role').textContent).toBe('Du træffer beslutningen som koordinator: som foreslået eller en anden.');
    expect(within(section()).getByTestId('next-step-status').textContent).toBe('Forslag – afventer koordinatorens beslutning');
    expect(within(section()).getByRole('button', { name: 'Træf beslutning som foreslået' })).toBeTruthy();
    const { form } = open('Træf en anden beslutning');
    expect(within(form).getByRole('heading', { name: 'Træf en anden beslutning end forslaget' })).toBeTruthy();
    expect(within(form).getByRole('button', { name: 'Træf beslutning' })).toBeTruthy();
  });
});

describe('a step the reform ended (lov nr. 1750 af 29. december 2025)', () => {
  const REFORM = 'lov nr. 1750 af 29. december 2025';
  /** Per's ressourceforløb, decided in January 2026: "Nyt ressourceforløb" may still be recorded, if decided by 31 January 2026. */
  function planBeforeReform() {
    const plan = planWith(null);
    return perPlan({
      programme: {
        ...plan.programme,
        nextStepOptions: ['NEW_PROGRAMME', ...plan.programme.nextStepOptions],
        nextStepLastDays: [{ __typename: 'NextStepLastDay', step: 'NEW_PROGRAMME', lastDay: '2026-01-31' }],
      },
    });
  }

  it('is offered with its last day, and dated after it is refused at the step before anything is sent; dated in time it is sent', async () => {
    const input = { programmeId: 'pr-per', step: 'NEW_PROGRAMME', decidedOn: '2026-01-30', note: '', expectedVersion: null };
    const taken = decision({ step: 'NEW_PROGRAMME', stepLabel: 'Nyt ressourceforløb', decidedOn: '2026-01-30', note: '' });
    const sent = jest.fn();
    renderPlanPage({
      viewer: 'anna',
      plan: planBeforeReform(),
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: () => { sent(); return { data: { decideNextStep: { ...programmeAfter(taken), nextStepLastDays: [] } } }; } }],
    });
    const { form } = open('Træf beslutning');
    const step = within(form).getByLabelText('Indsatsen efter forløbet') as HTMLSelectElement;
    expect([...step.options].map((o) => o.textContent)).toContain('Nyt ressourceforløb (kun besluttet til og med 31. januar 2026)');
    fireEvent.change(step, { target: { value: 'NEW_PROGRAMME' } });
    // "Besluttet den" is today, after 31 January 2026.
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    expect(
      (await within(form).findAllByText(`Nyt ressourceforløb kan kun besluttes til og med 31. januar 2026 (${REFORM}). Vælg en anden indsats, eller ret datoen, hvis beslutningen blev truffet før.`)).length,
    ).toBeGreaterThan(0);
    expect(sent).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText('Besluttet den'), { target: { value: '2026-01-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem beslutning' }));
    await within(section()).findByText('Beslutningen er gemt.');
    expect(sent).toHaveBeenCalledTimes(1);
  });
});

describe('"Træf beslutning" in the words of "Afslutningsårsag"', () => {
  it('says "Beskæftigelse" as the end reason does, and where Fleksjob is offered, that Ledighedsydelse follows it', () => {
    const [step] = nextStepFields(['FLEXJOB', 'EMPLOYMENT']);
    expect(step.options!.map((o) => o.label)).toEqual(['Vælg indsats', 'Fleksjob', 'Beskæftigelse']);
    expect(step.hint).toBe(LEDIGHEDSYDELSE_HINT);
    expect(LEDIGHEDSYDELSE_HINT).toContain('lov om aktiv socialpolitik § 74 a');
    expect(nextStepFields(['EMPLOYMENT'])[0].hint).toBeUndefined();
  });
});
