import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { PlanHistoryQuery } from '../live/events';
import { EMPLOYMENT, HEALTH, perPlan, PLAN_ID, renderPlanPage, SOCIAL } from '../../test-support/plan-page';
import { CoordinatorCandidatesQuery, CoordinatorSection, ReassignCoordinatorMutation } from './CoordinatorSection';

const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const dorte = { __typename: 'User', id: 'u-dorte', name: 'Dorte Madsen', role: 'CASEWORKER', unit: { __typename: 'Unit', id: 'unit-social', name: 'Socialforvaltningen' } };
const assignment = { __typename: 'CoordinatorAssignment', id: 'ca-1', fromAt: '2026-03-01T09:00:00.000Z', toAt: null, reason: 'Første tildeling', citizenConsulted: true, user: anna, unit: null };
const plan = { __typename: 'Plan', id: 'plan-per', myStanding: 'COORDINATOR', coordinatorLeft: false, programme: { __typename: 'Programme', id: 'pr-per', status: 'ACTIVE' }, coordinator: assignment, coordinatorHistory: [assignment] };

const candidates: MockLink.MockedResponse = { request: { query: CoordinatorCandidatesQuery }, result: { data: { colleagues: [{ ...dorte }] } } };
const reassign = (): MockLink.MockedResponse => ({
  request: { query: ReassignCoordinatorMutation, variables: { input: { programmeId: 'pr-per', userId: 'u-dorte', reason: 'Borgeren flytter til socialområdet', citizenConsulted: true } } },
  result: { data: { reassignCoordinator: { __typename: 'CoordinatorAssignment', id: 'ca-2', fromAt: '2026-11-24T10:00:00.000Z', user: { __typename: 'User', id: 'u-dorte', name: 'Dorte Madsen' } } } },
});

function renderSection(mocks: MockLink.MockedResponse[]) {
  const onChanged = jest.fn();
  render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <CoordinatorSection plan={plan as never} teamUnitIds={['unit-social']} onChanged={onChanged} />
    </MockedProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Skift koordinator' }));
  const form = screen.getByRole('form', { name: 'Skift koordinator' });
  return { form, onChanged };
}

async function fillIn(form: HTMLElement) {
  await within(form).findByRole('option', { name: /Dorte Madsen/ });
  fireEvent.change(within(form).getByLabelText('Ny koordinerende sagsbehandler'), { target: { value: 'u-dorte' } });
  fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Borgeren flytter til socialområdet' } });
  fireEvent.click(within(form).getByLabelText('Borgeren er hørt'));
  fireEvent.click(within(form).getByRole('button', { name: 'Skift koordinator' }));
}

describe('handing over the coordinator role', () => {
  it('asks first, names the colleague and what the user loses; "Overdrag" hands over', async () => {
    const { form, onChanged } = renderSection([candidates, reassign()]);
    await fillIn(form);

    const question = screen.getByText(/^Overdrag koordinatorrollen til Dorte Madsen\?/).closest('p')!;
    expect(question.textContent).toBe('Overdrag koordinatorrollen til Dorte Madsen? Du mister de rettigheder, der følger med rollen.');
    expect(document.activeElement).toBe(question);
    fireEvent.click(screen.getByRole('button', { name: 'Overdrag' }));

    await screen.findByText('Dorte Madsen er nu koordinerende sagsbehandler.');
    expect(onChanged).toHaveBeenCalled();
  });

  it('a refusal about the colleague chosen is shown at the select and in the error summary, which takes focus, and not in a box', async () => {
    const refused = { ...reassign(), result: { errors: [{ message: 'Vælg en sagsbehandler fra en enhed på planen.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } }] } };
    const { form } = renderSection([candidates, refused]);
    await fillIn(form);
    fireEvent.click(screen.getByRole('button', { name: 'Overdrag' }));

    // The form comes back in the question's place.
    const again = await screen.findByRole('form', { name: 'Skift koordinator' });
    const select = within(again).getByLabelText('Ny koordinerende sagsbehandler');
    await waitFor(() => expect(select.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(select.getAttribute('aria-describedby')!)?.textContent).toBe('Vælg en sagsbehandler fra en enhed på planen.');
    await waitFor(() => expect(document.activeElement).toBe(within(again).getByText('Der er et problem').closest('[tabindex="-1"]')));
    expect((within(again).getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Borgeren flytter til socialområdet');
    // At the field and in the summary; not a third time in a box.
    expect(within(again).getAllByText('Vælg en sagsbehandler fra en enhed på planen.')).toHaveLength(2);
    expect(within(again).queryByRole('alert')).toBeNull();
  });

  it('any other refusal is said under the form, and focus goes to it', async () => {
    const refused = { ...reassign(), result: { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] } };
    await fillIn(renderSection([candidates, refused]).form);
    fireEvent.click(screen.getByRole('button', { name: 'Overdrag' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Koordinatoren blev ikke skiftet').closest('[tabindex="-1"]')));
    expect(within(screen.getByRole('form', { name: 'Skift koordinator' })).getByLabelText('Ny koordinerende sagsbehandler').getAttribute('aria-invalid')).toBeNull();
  });

  it('once handed over, the focus goes from the "Skift koordinator" that went with the role to the section, not to the top of the page', async () => {
    const cache = createCache();
    const section = (standing: string) => (
      <MockedProvider mocks={[candidates, reassign()]} cache={cache}>
        <CoordinatorSection plan={{ ...plan, myStanding: standing } as never} teamUnitIds={['unit-social']} onChanged={() => undefined} />
      </MockedProvider>
    );
    const { rerender } = render(section('COORDINATOR'));
    fireEvent.click(screen.getByRole('button', { name: 'Skift koordinator' }));
    await fillIn(screen.getByRole('form', { name: 'Skift koordinator' }));
    fireEvent.click(screen.getByRole('button', { name: 'Overdrag' }));
    await screen.findByText('Dorte Madsen er nu koordinerende sagsbehandler.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Skift koordinator' }));
    // The plan read again: Anna is on the team, no longer its coordinator.
    rerender(section('TEAM'));
    expect(screen.queryByRole('button', { name: 'Skift koordinator' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Koordinerende sagsbehandler' }));
  });

  it('a colleague of a unit not on the plan: the form, once chosen, and the question say that the unit comes onto the plan', async () => {
    const carla = { __typename: 'User', id: 'u-carla', name: 'Carla Nielsen', role: 'CASEWORKER', unit: { __typename: 'Unit', id: 'unit-health', name: 'Sundhedsforvaltningen' } };
    const { form } = renderSection([{ request: { query: CoordinatorCandidatesQuery }, result: { data: { colleagues: [{ ...dorte }, carla] } } }]);
    const select = within(form).getByLabelText('Ny koordinerende sagsbehandler');
    await within(form).findByRole('option', { name: /Carla Nielsen/ });
    // Dorte's unit is on the plan already: nothing to say.
    fireEvent.change(select, { target: { value: 'u-dorte' } });
    expect(within(form).queryByText(/kommer med på planen/)).toBeNull();
    fireEvent.change(select, { target: { value: 'u-carla' } });
    const hint = within(form).getByText(/kommer med på planen/);
    expect(hint.textContent).toBe('Sundhedsforvaltningen kommer med på planen, så enhedens sagsbehandlere kan se den.');
    expect(select.getAttribute('aria-describedby')).toBe(hint.id);

    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Helbredet fylder mest' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Skift koordinator' }));
    const question = screen.getByText(/^Overdrag koordinatorrollen til Carla Nielsen\?/).closest('p')!;
    expect(question.textContent).toBe(
      'Overdrag koordinatorrollen til Carla Nielsen? Du mister de rettigheder, der følger med rollen. Sundhedsforvaltningen kommer med på planen, så enhedens sagsbehandlere kan se den.',
    );
  });

  it('"Annullér" hands nothing over and gives the form back as it was', async () => {
    // No mutation mock: a hand-over here would fail the test.
    const { form } = renderSection([candidates]);
    await fillIn(form);
    fireEvent.click(screen.getByRole('button', { name: 'Annullér' }));

    const again = screen.getByRole('form', { name: 'Skift koordinator' });
    expect((within(again).getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Borgeren flytter til socialområdet');
    expect((within(again).getByLabelText('Ny koordinerende sagsbehandler') as HTMLSelectElement).value).toBe('u-dorte');
    await waitFor(() => expect(document.activeElement).toBe(within(again).getByRole('button', { name: 'Skift koordinator' })));
    expect(screen.queryByText(/er nu koordinerende sagsbehandler/)).toBeNull();
  });

  it('a form with problems asks nothing: the error summary lists both, with links to the fields', async () => {
    const { form } = renderSection([candidates]);
    fireEvent.click(within(form).getByRole('button', { name: 'Skift koordinator' }));
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Vælg den nye koordinator.', `#${within(form).getByLabelText('Ny koordinerende sagsbehandler').id}`],
      ['Skriv en begrundelse for skiftet.', `#${within(form).getByLabelText('Begrundelse').id}`],
    ]);
    expect(document.activeElement).toBe(summary);
    expect(screen.queryByRole('button', { name: 'Overdrag' })).toBeNull();
  });
});

describe('taking over when the coordinator has left', () => {
  const renderAs = (standing: string, left: boolean, mocks: MockLink.MockedResponse[] = []) =>
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <CoordinatorSection plan={{ ...plan, myStanding: standing, coordinatorLeft: left } as never} teamUnitIds={['unit-social']} onChanged={jest.fn()} />
      </MockedProvider>,
    );

  it('a caseworker on the team is told, and takes over', async () => {
    renderAs('TEAM', true, [candidates, reassign()]);
    expect(screen.getByTestId('coordinator-left').textContent).toBe('Anna Holm har ikke længere adgang til Samplan. En sagsbehandler fra en enhed på planen kan overtage koordineringen.');
    fireEvent.click(screen.getByRole('button', { name: 'Overtag koordineringen' }));
    const form = screen.getByRole('form', { name: 'Overtag koordineringen' });
    await within(form).findByRole('option', { name: /Dorte Madsen/ });
    fireEvent.change(within(form).getByLabelText('Ny koordinerende sagsbehandler'), { target: { value: 'u-dorte' } });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Borgeren flytter til socialområdet' } });
    fireEvent.click(within(form).getByLabelText('Borgeren er hørt'));
    fireEvent.click(within(form).getByRole('button', { name: 'Overtag koordineringen' }));
    expect(screen.getByText(/^Gør Dorte Madsen til koordinerende sagsbehandler\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ja, gem' }));
    await screen.findByText('Dorte Madsen er nu koordinerende sagsbehandler.');
  });

  it('offers only caseworkers of the units on the plan', async () => {
    const outsider = { __typename: 'User', id: 'u-carla', name: 'Carla Nielsen', role: 'CASEWORKER', unit: { __typename: 'Unit', id: 'unit-health', name: 'Sundhedsforvaltningen' } };
    renderAs('TEAM', true, [{ request: { query: CoordinatorCandidatesQuery }, result: { data: { colleagues: [{ ...dorte }, outsider] } } }]);
    fireEvent.click(screen.getByRole('button', { name: 'Overtag koordineringen' }));
    const form = screen.getByRole('form', { name: 'Overtag koordineringen' });
    await within(form).findByRole('option', { name: /Dorte Madsen/ });
    expect(within(form).queryByRole('option', { name: /Carla Nielsen/ })).toBeNull();
  });

  it('on an ended forløb, says why it is still taken over', () => {
    render(
      <MockedProvider mocks={[]} cache={createCache()}>
        <CoordinatorSection plan={{ ...plan, myStanding: 'TEAM', coordinatorLeft: true, programme: { ...plan.programme, status: 'ENDED' } } as never} teamUnitIds={['unit-social']} onChanged={jest.fn()} />
      </MockedProvider>,
    );
    expect(screen.getByTestId('coordinator-left').textContent).toBe(
      'Anna Holm har ikke længere adgang til Samplan. Forløbet er afsluttet, men planen skal stadig have en koordinator, der fx kan tilbagekalde et samtykke. En sagsbehandler fra en enhed på planen kan overtage koordineringen.',
    );
    expect(screen.getByRole('button', { name: 'Overtag koordineringen' })).toBeTruthy();
  });

  it('while the coordinator is there, the team has no such action', () => {
    renderAs('TEAM', false);
    expect(screen.queryByTestId('coordinator-left')).toBeNull();
    expect(screen.queryByRole('button', { name: /koordinator/i })).toBeNull();
  });
});

describe('the reason of the current assignment', () => {
  /** The section with a first assignment for `reason` (the citizen was not asked). */
  function renderWithReason(reason: string) {
    const first = { ...assignment, reason, citizenConsulted: null };
    render(
      <MockedProvider mocks={[]} cache={createCache()}>
        <CoordinatorSection plan={{ ...plan, coordinator: first, coordinatorHistory: [first] } as never} teamUnitIds={['unit-social']} onChanged={jest.fn()} />
      </MockedProvider>,
    );
    return screen.getByText(/^Begrundelse for nuværende tildeling/).textContent;
  }

  it('says nothing of consulting the citizen for the first assignment, where it was not asked', () => {
    expect(renderWithReason('Oprettede forløbet')).toBe('Begrundelse for nuværende tildeling: Oprettede forløbet. ');
  });

  it('a reason that already ends its sentence gets no second full stop', () => {
    expect(renderWithReason('Anna går på barsel; Dorte overtager.')).toBe('Begrundelse for nuværende tildeling: Anna går på barsel; Dorte overtager. ');
  });
});

describe('since when the coordinator holds the case', () => {
  afterEach(() => jest.useRealTimers());

  it('says the day with its year, also within this year, as the earlier coordinators are listed', () => {
    // Nine days after the assignment of 1 March 2026, in the same year.
    jest.useFakeTimers({ now: new Date('2026-03-10T12:00:00.000Z') });
    render(
      <MockedProvider mocks={[]} cache={createCache()}>
        <CoordinatorSection plan={plan as never} teamUnitIds={['unit-social']} onChanged={jest.fn()} />
      </MockedProvider>,
    );
    expect(screen.getByText(/– siden/).textContent).toBe('Anna Holm – siden 1. marts 2026 kl. 10.00');
  });
});

describe('who changed the coordinator, on the card', () => {
  const user = (id: string, name: string) => ({ __typename: 'User', id, name });
  const bent = user('u-bent', 'Bent Sørensen');
  const carla = user('u-carla', 'Carla Nielsen');
  /** A hand-over as the plan's history has it, after everyone's read position (none). */
  const handOver = (seq: string, at: string, actor: object, unit: object, to: string) => ({
    __typename: 'PlanEvent',
    seq,
    kind: 'COORDINATOR_ASSIGNED',
    planId: PLAN_ID,
    entityType: 'COORDINATOR_ASSIGNMENT',
    entityId: `ca-${seq}`,
    at,
    summary: `${(actor as { name: string }).name} gjorde ${to} til koordinerende sagsbehandler`,
    actor,
    unit,
    title: null,
    changes: [],
    overwrote: [],
    record: { __typename: 'CoordinatorAssignment' },
  });
  // Anna handed Per's plan to Bent; then Bent handed it on to Carla, of a unit now on the team.
  const history: MockLink.MockedResponse = {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
    result: {
      data: {
        planHistory: {
          __typename: 'PlanHistoryPage',
          items: [handOver('13', '2026-11-23T17:07:00.000Z', bent, SOCIAL, 'Carla Nielsen'), handOver('12', '2026-11-23T16:50:00.000Z', user('u-anna', 'Anna Holm'), EMPLOYMENT, 'Bent Sørensen')],
          olderCursor: null,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
  const assignment = (id: string, who: object, unit: object, fromAt: string, toAt: string | null) => ({ __typename: 'CoordinatorAssignment', id, fromAt, toAt, reason: 'Skift', citizenConsulted: true, user: who, unit });
  const handedOn = (myStanding: string) => {
    const now = assignment('ca-13', carla, HEALTH, '2026-11-23T17:07:00.000Z', null);
    return perPlan({
      myStanding,
      team: [EMPLOYMENT, SOCIAL, HEALTH],
      coordinator: now,
      coordinatorHistory: [assignment('ca-per', user('u-anna', 'Anna Holm'), EMPLOYMENT, '2026-04-01T08:00:00.000Z', '2026-11-23T16:50:00.000Z'), assignment('ca-12', bent, SOCIAL, '2026-11-23T16:50:00.000Z', '2026-11-23T17:07:00.000Z'), now],
    });
  };
  const flagOfCard = () => within(screen.getByTestId('coordinator-section')).queryByTestId('changed-flag');

  it('in the view of the one who handed over last, names no earlier colleague above the new coordinator', async () => {
    renderPlanPage({ viewer: 'bent', plan: handedOn('TEAM'), sectionMocks: [history] });
    // The history is read: Anna's hand-over is still new to Bent in the list of changes.
    await waitFor(() => expect(screen.getAllByTestId('feed-item')).toHaveLength(2));
    expect(screen.getByTestId('coordinator-section').querySelector('.coordinator-now')!.textContent).toMatch(/^Carla Nielsen, Sundhedsforvaltningen – siden/);
    expect(flagOfCard()).toBeNull();
  });

  it('a colleague sees who handed over last', async () => {
    renderPlanPage({ viewer: 'anna', plan: handedOn('TEAM'), sectionMocks: [history] });
    await waitFor(() => expect(flagOfCard()?.textContent).toMatch(/^Ny Ændret af Bent Sørensen \(Socialforvaltningen\) · /));
  });
});
