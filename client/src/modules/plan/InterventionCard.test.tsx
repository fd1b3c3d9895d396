import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { useFragment } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { InMemoryCache } from '@apollo/client';
import { addDays, endedInterventionEndProblem, interventionEndReasonProblem, todayInDenmark } from '@samplan/schema';
import { bostoette, cacheWith } from '../../test-support/fixtures';
import { perPlan, praktik, renderPlanPage } from '../../test-support/plan-page';
import { InterventionCard, InterventionCardFragment } from './Interventions';
import { UpdateSocialInterventionMutation } from './InterventionEditForm';
import type { SubGoalChoice } from './NewInterventionForm';

/** Reads the intervention from the cache, as the plan page does through its query. */
function CachedCard({ editable = true, subGoals }: { editable?: boolean; subGoals?: readonly SubGoalChoice[] }) {
  const { data, complete } = useFragment({ fragment: InterventionCardFragment, from: { __typename: 'SocialIntervention', id: 'iv-bostoette' } });
  return complete ? <InterventionCard intervention={data as never} editable={editable} subGoals={subGoals} /> : null;
}

function renderCard(mocks: ReadonlyArray<MockLink.MockedResponse>, cache: InMemoryCache, editable = true, subGoals?: readonly SubGoalChoice[]) {
  return render(
    <MockedProvider mocks={mocks} cache={cache}>
      <CachedCard editable={editable} subGoals={subGoals} />
    </MockedProvider>,
  );
}

const save = (input: Record<string, unknown>, result: MockLink.MockedResponse['result']): MockLink.MockedResponse => ({
  request: { query: UpdateSocialInterventionMutation, variables: { input } },
  result,
});

const status = () => screen.getByTestId('intervention-status').textContent;

describe('inline edit of my unit’s intervention', () => {
  it('sends only the changed fields with the version read, and shows the saved status; "Aktiv" fills in a missing start date', async () => {
    const cache = cacheWith(bostoette());
    const today = todayInDenmark();
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, status: 'ACTIVE', startDate: today }, { data: { updateSocialIntervention: bostoette({ status: 'ACTIVE', startDate: today, version: 2 }) } })], cache);
    expect(status()).toBe('Planlagt');

    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    // Focus lands in the first field; every field has a Danish label.
    expect(document.activeElement).toBe(screen.getByLabelText('Titel'));
    for (const name of ['Status', 'Kortsigtet mål', 'Startdato', 'Slutdato', 'Lovgrundlag', 'Leverandør', 'Timer om ugen', 'Noter (kun enhederne på planen)']) {
      expect(screen.getByLabelText(name)).toBeTruthy();
    }
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'ACTIVE' } });
    // A begun intervention counts for the indsatsgaranti only with its start date: today, to correct if it began earlier.
    expect((screen.getByLabelText('Startdato') as HTMLInputElement).value).toBe(today);
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));

    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Aktiv');
    expect(screen.queryByRole('button', { name: 'Gem' })).toBeNull();
  });

  it('"Aktiv" keeps a start date already set', () => {
    renderCard([], cacheWith(bostoette({ startDate: '2026-11-01' })));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'ACTIVE' } });
    expect((screen.getByLabelText('Startdato') as HTMLInputElement).value).toBe('2026-11-01');
  });

  it('"Afsluttet" fills in today as the end date when none is set, or the planned end is still ahead; an end gone by stays', () => {
    const today = todayInDenmark();
    for (const [endDate, expected] of [[null, today], ['2999-12-31', today], ['2026-01-31', '2026-01-31']] as const) {
      const view = renderCard([], cacheWith(bostoette({ status: 'ACTIVE', startDate: '2026-01-01', endDate })));
      fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
      expect((screen.getByLabelText('Slutdato') as HTMLInputElement).value).toBe(expected);
      view.unmount();
    }
  });

  it('"Afsluttet" with its end date cleared or moved ahead is refused at Slutdato before sending, in the server’s words; one stored without it keeps its notes editable', async () => {
    const today = todayInDenmark();
    const ahead = addDays(today, 7);
    // No mocks: a mutation sent would fail the test with "No more mocked responses".
    const view = renderCard([], cacheWith(bostoette({ status: 'ACTIVE', startDate: '2026-01-01', endDate: null })));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    for (const [typed, message] of [['', endedInterventionEndProblem('COMPLETED', null, today)], [ahead, endedInterventionEndProblem('COMPLETED', ahead, today)]] as const) {
      fireEvent.change(screen.getByLabelText('Slutdato'), { target: { value: typed } });
      fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
      const end = screen.getByLabelText('Slutdato');
      expect(end.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(end.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(message);
    }
    expect(status()).toBe('Aktiv');
    view.unmount();

    // Stored as Afsluttet without an end date (before the rule): a change of its notes goes, as the server lets it.
    const old = bostoette({ status: 'COMPLETED', startDate: '2026-01-01', endDate: null });
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, notes: 'Sluttede i sommer' }, { data: { updateSocialIntervention: { ...old, notes: 'Sluttede i sommer', version: 2 } } })], cacheWith(old));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Noter (kun enhederne på planen)'), { target: { value: 'Sluttede i sommer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
  });

  it('validates in Danish before sending, and ties the message to the field', async () => {
    const cache = cacheWith(bostoette());
    renderCard([], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Titel'), { target: { value: '  ' } });
    fireEvent.change(screen.getByLabelText('Timer om ugen'), { target: { value: 'tre' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    const title = screen.getByLabelText('Titel');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('Skriv titel.');
    expect(screen.getByText('Skriv et tal i timer om ugen, fx 1,5.', { selector: '.field-error' })).toBeTruthy();
    // The summary at the top lists the problems apart from their fields: each names its field.
    const summary = screen.getByTestId('error-summary');
    expect(Array.from(summary.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['Skriv titel.', 'Skriv et tal i timer om ugen, fx 1,5.']);
  });

  it('says each text field’s limit in its hint, as the server checks it, and refuses a longer text before sending', () => {
    // No mock: a mutation sent would fail the test with "No more mocked responses".
    renderCard([], cacheWith(bostoette()));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    const hint = (name: string) => screen.getByLabelText(name).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(hint('Titel')).toContain('Højst 200 tegn.');
    expect(hint('Kortsigtet mål')).toContain('Højst 1.000 tegn.');
    expect(hint('Lovgrundlag')).toContain('Højst 100 tegn.');
    expect(hint('Leverandør')).toContain('Højst 200 tegn.');
    expect(hint('Noter (kun enhederne på planen)')).toContain('Højst 4.000 tegn.');
    fireEvent.change(screen.getByLabelText('Lovgrundlag'), { target: { value: 'S'.repeat(101) } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    expect(screen.getByLabelText('Lovgrundlag').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Lovgrundlag må højst være 100 tegn (du har skrevet 101).', { selector: '.field-error' })).toBeTruthy();
  });

  it('accepts a Danish decimal comma', async () => {
    const cache = cacheWith(bostoette());
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, hoursPerWeek: 4.5 }, { data: { updateSocialIntervention: bostoette({ hoursPerWeek: 4.5, version: 2 }) } })], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Timer om ugen'), { target: { value: '4,5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
    expect(screen.getByText('4,5')).toBeTruthy();
  });

  it('shows stored decimal hours with a Danish comma, as the card does; the same number typed again is no change', async () => {
    // No mock for a change: a mutation sent would fail the test with "No more mocked responses".
    const cache = cacheWith(bostoette({ hoursPerWeek: 7.5 }));
    const view = renderCard([], cache);
    expect(screen.getByText('7,5')).toBeTruthy();
    for (const typed of ['7,5', '7.5', ' 7,50 ']) {
      fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
      const hours = screen.getByLabelText('Timer om ugen') as HTMLInputElement;
      expect(hours.value).toBe('7,5');
      fireEvent.change(hours, { target: { value: typed } });
      fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
      expect(await screen.findByText('Der var ingen ændringer at gemme.')).toBeTruthy();
    }
    view.unmount();

    // Another number is a change, sent as the number.
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, hoursPerWeek: 8 }, { data: { updateSocialIntervention: bostoette({ hoursPerWeek: 8, version: 2 }) } })],
      cacheWith(bostoette({ hoursPerWeek: 7.5 })));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Timer om ugen'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
  });

  it('shows a server validation error on its field, in Danish', async () => {
    const cache = cacheWith(bostoette());
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Slutdatoen skal ligge efter startdatoen.', extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } }],
    });
    renderCard([{ request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, endDate: '2020-01-01' } } }, error }], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Slutdato'), { target: { value: '2020-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByTestId('error-summary');
    expect(screen.getByLabelText('Slutdato').getAttribute('aria-invalid')).toBe('true');
    // At the field and in the summary; not a third time in a box.
    expect(screen.getAllByText('Slutdatoen skal ligge efter startdatoen.')).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a begun intervention is not offered "Annulleret": the status field says to end it instead (LAB §113, stk. 2)', () => {
    const options = () => [...(screen.getByLabelText('Status') as HTMLSelectElement).options].map((o) => o.textContent);
    const hint = () => screen.getByLabelText('Status').getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    for (const begun of [{ status: 'ACTIVE', startDate: '2026-03-01' }, { status: 'PAUSED', startDate: '2026-03-01', pausedOn: '2026-10-01' }, { status: 'COMPLETED', startDate: '2026-03-01', endDate: '2026-10-01' }]) {
      const view = renderCard([], cacheWith(bostoette(begun)));
      fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
      expect(options()).toEqual(['Planlagt', 'Aktiv', 'Sat på pause', 'Afsluttet']);
      expect(hint()).toContain('Indsatsen er påbegyndt og kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Blev den aldrig påbegyndt, så ret først status til Planlagt.');
      view.unmount();
    }
    // Not begun, it may be annulled, and nothing is said of it.
    renderCard([], cacheWith(bostoette()));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    expect(options()).toContain('Annulleret');
    expect(screen.getByLabelText('Status').getAttribute('aria-describedby')).toBeNull();
  });

  it('set going by someone else while the user annuls it: said at the status field before sending, what was typed stays', async () => {
    const cache = cacheWith(bostoette());
    renderCard([], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: 'Per er flyttet til Odense' } });
    // Dorte's save reaches the plan live.
    cache.writeFragment({ fragment: InterventionCardFragment, data: bostoette({ status: 'ACTIVE', startDate: '2026-11-30', version: 2, updatedBy: { __typename: 'User', id: 'u-dorte', name: 'Dorte Jensen' } }) as never });
    await waitFor(() => expect(status()).toBe('Aktiv'));
    // No mock: a save sent would fail the test with "No more mocked responses".
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    const field = screen.getByLabelText('Status');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(
      'Dorte Jensen har sat indsatsen til Aktiv, mens du redigerede. En påbegyndt indsats kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Det, du har skrevet, står stadig i formularen.',
    );
    expect((screen.getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Per er flyttet til Odense');
  });

  it('the server’s refusal of an annulment (INTERVENTION_BEGUN) shows at the status field, in its words', async () => {
    const cache = cacheWith(bostoette());
    const message = 'Indsatsen er påbegyndt og kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Blev den aldrig påbegyndt, så ret først status til Planlagt.';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'INTERVENTION_BEGUN', source: 'LAB §113, stk. 2' } }] });
    renderCard([{ request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, status: 'CANCELLED', endReason: 'Per flytter' } } }, error }], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: 'Per flytter' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    const field = screen.getByLabelText('Status');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ')).toContain(message);
  });

  it('is read-only for another unit, with who changed it last', () => {
    renderCard([], cacheWith(bostoette()), false);
    expect(screen.queryByRole('button', { name: /Redigér/ })).toBeNull();
    const card = screen.getByRole('article', { name: 'Bostøtte' });
    expect(within(card).getByText(/af Bent Sørensen/)).toBeTruthy();
  });
});

describe('the reason an intervention is ended or annulled (Begrundelse)', () => {
  const labels = () => [...screen.getByRole('form', { name: 'Redigér Bostøtte' }).querySelectorAll('label')].map((l) => l.textContent);
  const fieldError = (label: string) => {
    const field = screen.getByLabelText(label);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    return document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent;
  };

  it('"Annulleret" asks why, right after the status, before anything is sent; the reason is sent with the status and shown on the card', async () => {
    const annulled = bostoette({ status: 'CANCELLED', endReason: 'Per er flyttet til Odense', version: 2 });
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, status: 'CANCELLED', endReason: 'Per er flyttet til Odense' }, { data: { updateSocialIntervention: annulled } })], cacheWith(bostoette()));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    expect(screen.queryByLabelText('Begrundelse')).toBeNull();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    const reason = screen.getByLabelText('Begrundelse');
    expect(labels().slice(0, 3)).toEqual(['Titel', 'Status', 'Begrundelse']);
    expect(reason.tagName).toBe('TEXTAREA');
    expect(reason.getAttribute('aria-required')).toBe('true');
    // No mock for a save without it: a mutation sent would fail the test with "No more mocked responses".
    for (const typed of ['', '   ']) {
      fireEvent.change(reason, { target: { value: typed } });
      fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
      expect(fieldError('Begrundelse')).toBe(interventionEndReasonProblem('CANCELLED', ''));
    }
    fireEvent.change(reason, { target: { value: 'x'.repeat(501) } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    expect(fieldError('Begrundelse')).toBe('Begrundelsen må højst være 500 tegn (du har skrevet 501).');
    expect(status()).toBe('Planlagt');

    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: 'Per er flyttet til Odense' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Annulleret');
    expect(screen.getByTestId('intervention-end-reason').textContent).toBe('Begrundelse: Per er flyttet til Odense');
  });

  it('"Afsluttet" may say why or not: the field is there, and left empty nothing of it is sent', async () => {
    const today = todayInDenmark();
    renderCard(
      [save({ id: 'iv-bostoette', expectedVersion: 1, status: 'COMPLETED', endDate: today }, { data: { updateSocialIntervention: bostoette({ status: 'COMPLETED', startDate: '2026-01-01', endDate: today, version: 2 }) } })],
      cacheWith(bostoette({ status: 'ACTIVE', startDate: '2026-01-01' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    expect(screen.getByLabelText('Begrundelse').getAttribute('aria-required')).toBeNull();
    // Back to a status that is no ending: the field goes (nothing of it would be kept).
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'PAUSED' } });
    expect(screen.queryByLabelText('Begrundelse')).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Afsluttet');
    expect(screen.queryByTestId('intervention-end-reason')).toBeNull();
  });

  it('an annulled one keeps its reason: it is shown to be corrected and may not be emptied; one annulled before the reason was asked keeps its notes editable', async () => {
    const view = renderCard([], cacheWith(bostoette({ status: 'CANCELLED', endReason: 'Per takkede nej' })));
    expect(screen.getByTestId('intervention-end-reason').textContent).toBe('Begrundelse: Per takkede nej');
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    expect((screen.getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Per takkede nej');
    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    expect(fieldError('Begrundelse')).toBe(interventionEndReasonProblem('CANCELLED', ''));
    view.unmount();

    const old = bostoette({ status: 'CANCELLED', endReason: null });
    renderCard([save({ id: 'iv-bostoette', expectedVersion: 1, notes: 'Aldrig startet' }, { data: { updateSocialIntervention: { ...old, notes: 'Aldrig startet', version: 2 } } })], cacheWith(old));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Noter (kun enhederne på planen)'), { target: { value: 'Aldrig startet' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
  });

  it('a paused one tells the day it was paused', () => {
    renderCard([], cacheWith(bostoette({ status: 'PAUSED', startDate: '2026-09-01', pausedOn: '2026-11-03' })));
    const card = screen.getByRole('article', { name: 'Bostøtte' });
    const fact = [...card.querySelectorAll('dt')].find((dt) => dt.textContent === 'Sat på pause den');
    expect(fact?.nextElementSibling?.textContent).toBe('3. november 2026');
  });

  it('the earlier pauses are told briefly under the status, the current one as the day it was paused', () => {
    const pauses = [
      { __typename: 'InterventionPause', from: '2026-03-03', to: '2026-04-14' },
      { __typename: 'InterventionPause', from: '2025-12-01', to: '2026-01-10' },
      { __typename: 'InterventionPause', from: '2026-06-02', to: null },
    ];
    const view = renderCard([], cacheWith(bostoette({ status: 'PAUSED', startDate: '2025-09-01', pausedOn: '2026-06-02', pauses: [pauses[1], pauses[0], pauses[2]] })));
    const card = screen.getByRole('article', { name: 'Bostøtte' });
    const told = within(card).getByTestId('intervention-earlier-pauses');
    expect(told.textContent).toBe('Tidligere pauser: 1. dec. 2025 – 9. jan. 2026, 3. mar. – 13. apr. 2026');
    // Under the current status.
    expect(card.querySelector('.intervention-head')?.nextElementSibling).toBe(told);
    expect([...card.querySelectorAll('dt')].find((dt) => dt.textContent === 'Sat på pause den')?.nextElementSibling?.textContent).toBe('2. juni 2026');
    view.unmount();

    // Going again after one pause: that pause is told; never paused, or paused for the first time: nothing.
    const again = renderCard([], cacheWith(bostoette({ status: 'ACTIVE', startDate: '2026-01-05', pauses: [pauses[0]] })));
    expect(screen.getByTestId('intervention-earlier-pauses').textContent).toBe('Tidligere pauser: 3. mar. – 13. apr. 2026');
    again.unmount();
    // Set going again the day it was paused: paused on no whole day, and said so.
    const sameDay = renderCard([], cacheWith(bostoette({ status: 'ACTIVE', startDate: '2026-01-05', pauses: [{ __typename: 'InterventionPause', from: '2026-03-03', to: '2026-03-03' }] })));
    expect(screen.getByTestId('intervention-earlier-pauses').textContent).toBe('Tidligere pauser: 3. mar. 2026 (samme dag)');
    sameDay.unmount();
    for (const data of [bostoette({ status: 'ACTIVE', startDate: '2026-01-05' }), bostoette({ status: 'PAUSED', startDate: '2026-01-05', pausedOn: '2026-06-02', pauses: [pauses[2]] })]) {
      const view = renderCard([], cacheWith(data));
      expect(screen.queryByTestId('intervention-earlier-pauses')).toBeNull();
      view.unmount();
    }
  });
});

describe('the delmål an intervention serves', () => {
  // Per's plan: two delmål; the sub-goal ids sort as the server sends them ('sg-a' < 'sg-b').
  const GOALS: SubGoalChoice[] = [
    { id: 'sg-b', area: 'SOCIAL', text: 'Bo i egen lejlighed' },
    { id: 'sg-a', area: 'EMPLOYMENT', text: 'Møde stabilt i praktikken' },
  ];
  const served = (...ids: string[]) => ids.map((id) => ({ __typename: 'SubGoal', id, text: GOALS.find((g) => g.id === id)!.text }));
  const box = (text: string) => within(screen.getByRole('group', { name: 'Delmål, som indsatsen understøtter' })).getByLabelText(text, { exact: false }) as HTMLInputElement;

  it('are chosen in the edit form, and only a changed choice is sent, as the whole new set', async () => {
    const cache = cacheWith(bostoette({ subGoals: served('sg-b') }));
    renderCard(
      [save({ id: 'iv-bostoette', expectedVersion: 1, subGoalIds: ['sg-a'] }, { data: { updateSocialIntervention: bostoette({ version: 2, subGoals: served('sg-a') }) } })],
      cache,
      true,
      GOALS,
    );
    expect(screen.getByText('Understøtter: Bo i egen lejlighed')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    expect(box('Socialt: Bo i egen lejlighed').checked).toBe(true);
    expect(box('Beskæftigelse: Møde stabilt i praktikken').checked).toBe(false);
    fireEvent.click(box('Socialt: Bo i egen lejlighed'));
    fireEvent.click(box('Beskæftigelse: Møde stabilt i praktikken'));
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Ændringen er gemt.');
    expect(screen.getByText('Understøtter: Møde stabilt i praktikken')).toBeTruthy();
  });

  it('ticking and unticking the same delmål is no change', async () => {
    renderCard([], cacheWith(bostoette({ subGoals: served('sg-b', 'sg-a') })), true, GOALS);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.click(box('Socialt: Bo i egen lejlighed'));
    fireEvent.click(box('Socialt: Bo i egen lejlighed'));
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText('Der var ingen ændringer at gemme.');
  });

  it('a conflict shows both choices of delmål by their text', async () => {
    const current = { ...bostoette({ version: 2 }), __typename: undefined, unit: undefined, updatedBy: undefined, subGoals: undefined, subGoalIds: ['sg-a', 'sg-b'] };
    renderCard(
      [{
        request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, subGoalIds: [] } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Ændret.', extensions: { code: 'CONFLICT', current } }] }),
      }],
      cacheWith(bostoette({ subGoals: served('sg-b') })),
      true,
      GOALS,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.click(box('Socialt: Bo i egen lejlighed'));
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    const view = await screen.findByTestId('conflict-view');
    const values = [...within(view).getByRole('group', { name: 'Delmål, som indsatsen understøtter' }).querySelectorAll('dd')].map((e) => e.textContent);
    expect(values).toEqual(['Møde stabilt i praktikken; Bo i egen lejlighed (ændret)', '(ingen) (din ændring)']);
  });
});

describe('conflict view', () => {
  const current = {
    ...bostoette({ version: 2, shortTermGoal: 'Per handler selv ind to gange om ugen', status: 'PLANNED', updatedAt: '2026-11-23T09:41:00.000Z' }),
    __typename: undefined,
    unit: undefined,
    updatedBy: undefined,
    unitId: 'unit-social',
    updatedById: 'u-bent',
  };
  const conflictError = () =>
    new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den.', extensions: { code: 'CONFLICT', current } }],
    });

  function startConflict(mocks: MockLink.MockedResponse[]) {
    const cache = cacheWith(bostoette());
    renderCard(
      [{ request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, status: 'PAUSED' } } }, error: conflictError() }, ...mocks],
      cache,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'PAUSED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    return cache;
  }

  it('shows theirs and mine per changed field and focuses its heading; nothing is saved yet', async () => {
    startConflict([]);
    const view = await screen.findByTestId('conflict-view');
    const heading = within(view).getByRole('heading', { name: 'Bostøtte er ændret af en anden, mens du redigerede' });
    expect(document.activeElement).toBe(heading);
    const values = (label: string) => [...within(view).getByRole('group', { name: label }).querySelectorAll('dt, dd')].map((e) => e.textContent);
    expect(values('Status')).toEqual(['Nyeste gemte udgave', 'Planlagt (ikke ændret)', 'Din udgave', 'Sat på pause (din ændring)']);
    expect(values('Kortsigtet mål')).toEqual(['Nyeste gemte udgave', 'Per handler selv ind to gange om ugen (ændret)', 'Din udgave', 'Per kan selv handle ind (ikke ændret af dig)']);
    // A choice for my field only; a status may also be set anew here.
    expect(within(within(view).getByRole('group', { name: 'Status' })).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag deres', 'Vælg en anden']);
    expect(within(within(view).getByRole('group', { name: 'Kortsigtet mål' })).queryAllByRole('radio')).toHaveLength(0);
    // Unchanged fields are not listed.
    expect(within(view).queryByRole('group', { name: 'Lovgrundlag' })).toBeNull();
  });

  it('"Behold min" saves my field over the newest version, with the version I started from', async () => {
    startConflict([
      save(
        { id: 'iv-bostoette', expectedVersion: 2, baseVersion: 1, status: 'PAUSED' },
        { data: { updateSocialIntervention: bostoette({ version: 3, status: 'PAUSED', shortTermGoal: 'Per handler selv ind to gange om ugen' }) } },
      ),
    ]);
    const view = await screen.findByTestId('conflict-view');
    expect((within(view).getByRole('radio', { name: 'Behold min' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Sat på pause');
    expect(screen.getByText('Per handler selv ind to gange om ugen')).toBeTruthy();
    expect(screen.queryByTestId('conflict-view')).toBeNull();
  });

  it('"Tag den nyeste udgave" drops my change and shows theirs, without saving', async () => {
    const cache = startConflict([]);
    const view = await screen.findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    await screen.findByText('Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.');
    expect(status()).toBe('Planlagt');
    expect(screen.getByText('Per handler selv ind to gange om ugen')).toBeTruthy();
    const cached = cache.readFragment({ fragment: InterventionCardFragment, id: 'SocialIntervention:iv-bostoette' }) as { version: number } | null;
    expect(cached?.version).toBe(2);
  });

  it('a second conflict while keeping mine shows the view again', async () => {
    startConflict([
      {
        request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 2, baseVersion: 1, status: 'PAUSED' } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Ændret igen.', extensions: { code: 'CONFLICT', current: { ...current, version: 3, status: 'ACTIVE' } } }] }),
      },
    ]);
    const view = await screen.findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await waitFor(() => {
      const group = within(screen.getByTestId('conflict-view')).getByRole('group', { name: 'Status' });
      expect(group.querySelector('dd')?.textContent).toBe('Aktiv (ændret)');
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Der er gemt en endnu nyere udgave/));
  });
});

describe('an annulment that meets a version someone else has set going', () => {
  const today = todayInDenmark();
  // Bent's save while Anna was annulling: the stored record, as a CONFLICT carries it.
  const begun = {
    ...bostoette({ version: 2, status: 'ACTIVE', startDate: '2026-11-30', updatedAt: '2026-11-30T09:41:00.000Z' }),
    __typename: undefined, unit: undefined, updatedBy: undefined, unitId: 'unit-social', updatedById: 'u-bent',
  };
  const conflict = (current: Record<string, unknown> = begun) =>
    new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den.', extensions: { code: 'CONFLICT', current } }] });
  const mine = { status: 'CANCELLED', endReason: 'Per er flyttet til Odense', notes: 'Aftalt med Per i telefonen' };
  /** Anna annuls the Bostøtte in its form, with a reason and a note, and saves. */
  const annul = () => {
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: mine.endReason } });
    fireEvent.change(screen.getByLabelText('Noter (kun enhederne på planen)'), { target: { value: mine.notes } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
  };
  const refusal = 'En anden har sat indsatsen til Aktiv, mens du redigerede. En påbegyndt indsats kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Det, du har skrevet, står stadig i formularen.';

  it('is not offered to be kept in the conflict view: the form says why at Status, keeps the reason and notes, and Afsluttet saves them', async () => {
    const ended = { status: 'COMPLETED', endDate: today, endReason: mine.endReason, notes: mine.notes };
    renderCard([
      { request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, ...mine } } }, error: conflict() },
      { request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, ...ended } } }, error: conflict() },
      save({ id: 'iv-bostoette', expectedVersion: 2, baseVersion: 1, ...ended }, { data: { updateSocialIntervention: bostoette({ version: 3, startDate: '2026-11-30', ...ended }) } }),
    ], cacheWith(bostoette()));
    annul();

    const field = await screen.findByLabelText('Status');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.queryByTestId('conflict-view')).toBeNull();
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(refusal);
    expect((screen.getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe(mine.endReason);
    expect((screen.getByLabelText('Noter (kun enhederne på planen)') as HTMLTextAreaElement).value).toBe(mine.notes);

    // Afsluttet instead: Annulleret goes from the list, the reason stays; Bent's start is met in the conflict view.
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    expect([...(screen.getByLabelText('Status') as HTMLSelectElement).options].map((o) => o.value)).not.toContain('CANCELLED');
    expect((screen.getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe(mine.endReason);
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    const view = await screen.findByTestId('conflict-view');
    expect(within(within(view).getByRole('group', { name: 'Status' })).getAllByRole('definition').map((d) => d.textContent)).toEqual(['Aktiv (ændret)', 'Afsluttet (din ændring)']);
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Afsluttet');
    expect(screen.getByTestId('intervention-end-reason').textContent).toBe('Begrundelse: Per er flyttet til Odense');
  });

  it('met while choosing in the conflict view: the view shows the newest version and offers the status to set there; Afsluttet saves every other choice', async () => {
    // Bent changed the short-term goal first (version 2), then set it going (version 3) while Anna chose.
    const goalChanged = { ...begun, version: 2, status: 'PLANNED', startDate: null, shortTermGoal: 'Per handler selv ind to gange om ugen' };
    const setGoing = { ...begun, version: 3, shortTermGoal: goalChanged.shortTermGoal };
    const ended = { status: 'COMPLETED', endReason: mine.endReason, notes: mine.notes, endDate: today };
    renderCard([
      { request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, ...mine } } }, error: conflict(goalChanged) },
      { request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 2, baseVersion: 1, ...mine } } }, error: conflict(setGoing) },
      save({ id: 'iv-bostoette', expectedVersion: 3, baseVersion: 1, ...ended }, { data: { updateSocialIntervention: bostoette({ version: 4, startDate: '2026-11-30', shortTermGoal: goalChanged.shortTermGoal, ...ended }) } }),
    ], cacheWith(bostoette()));
    annul();
    const view = await screen.findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));

    // The newest version, with my value beside it; Annulleret is no longer to keep: a status is picked here.
    const statusRow = () => within(screen.getByTestId('conflict-view')).getByRole('group', { name: 'Status' });
    await waitFor(() => expect(within(statusRow()).getAllByRole('definition').map((d) => d.textContent)).toEqual(['Aktiv (ændret)', 'Annulleret (din ændring)']));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Der er gemt en endnu nyere udgave/));
    expect(within(statusRow()).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Tag deres', 'Vælg en anden']);
    expect((within(statusRow()).getByRole('radio', { name: 'Vælg en anden' }) as HTMLInputElement).checked).toBe(true);
    expect(within(statusRow()).getByText(/^Indsatsen er påbegyndt og kan ikke annulleres: sæt status til Afsluttet med slutdatoen/)).toBeTruthy();
    const pick = within(statusRow()).getByLabelText('Vælg status') as HTMLSelectElement;
    expect([...pick.options].map((o) => o.textContent)).toEqual(['Vælg …', 'Planlagt', 'Sat på pause', 'Afsluttet']);
    // My reason and notes are still mine to keep.
    for (const name of ['Begrundelse', 'Noter (kun enhederne på planen)']) {
      expect((within(within(screen.getByTestId('conflict-view')).getByRole('group', { name })).getByRole('radio', { name: 'Behold min' }) as HTMLInputElement).checked).toBe(true);
    }
    // Nothing picked yet: said at the field, nothing sent.
    fireEvent.click(within(screen.getByTestId('conflict-view')).getByRole('button', { name: 'Gem valgene' }));
    expect(within(statusRow()).getByText('Vælg status.')).toBeTruthy();

    fireEvent.change(pick, { target: { value: 'COMPLETED' } });
    fireEvent.click(within(screen.getByTestId('conflict-view')).getByRole('button', { name: 'Gem valgene' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Afsluttet');
    expect(screen.getByTestId('intervention-end-reason').textContent).toBe('Begrundelse: Per er flyttet til Odense');
    expect(screen.getByText(mine.notes)).toBeTruthy();
  });
});

describe('the conflict view of an annulment, when someone else sets the intervention going while the user chooses', () => {
  const today = todayInDenmark();
  const began = addDays(today, -7);
  const shortTermGoal = 'Per handler selv ind to gange om ugen';
  // Bent's first save (the short-term goal), as a CONFLICT carries the stored record.
  const goalChanged = {
    ...bostoette({ version: 2, shortTermGoal, updatedAt: '2026-11-30T09:41:00.000Z' }),
    __typename: undefined, unit: undefined, updatedBy: undefined, unitId: 'unit-social', updatedById: 'u-bent',
  };
  const mine = { status: 'CANCELLED', endReason: 'Per er flyttet til Odense', notes: 'Aftalt med Per i telefonen' };
  const setGoing = bostoette({ version: 3, status: 'ACTIVE', startDate: began, shortTermGoal, updatedAt: '2026-11-30T10:02:00.000Z' });
  const view = () => screen.getByTestId('conflict-view');
  const row = (name: string) => within(view()).getByRole('group', { name });
  const choicesAt = (name: string) => within(row(name)).getAllByRole('radio').map((r) => r.closest('label')?.textContent);

  /** Anna annuls with a reason and a note and meets Bent's first save; then Bent sets it going, which the plan's live event writes into the cache. */
  async function annulThenBegunLive(mocks: MockLink.MockedResponse[]) {
    const cache = cacheWith(bostoette());
    renderCard([{ request: { query: UpdateSocialInterventionMutation, variables: { input: { id: 'iv-bostoette', expectedVersion: 1, ...mine } } }, error: new CombinedGraphQLErrors({ errors: [{ message: 'Ændret.', extensions: { code: 'CONFLICT', current: goalChanged } }] }) }, ...mocks], cache);
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Bostøtte' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.change(screen.getByLabelText('Begrundelse'), { target: { value: mine.endReason } });
    fireEvent.change(screen.getByLabelText('Noter (kun enhederne på planen)'), { target: { value: mine.notes } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByTestId('conflict-view');
    expect(within(row('Status')).getAllByRole('definition').map((d) => d.textContent)).toEqual(['Planlagt (ikke ændret)', 'Annulleret (din ændring)']);
    act(() => {
      cache.writeFragment({ fragment: InterventionCardFragment, data: setGoing as never });
    });
  }

  it('takes the newest version as theirs at once, says what changed, and offers neither Annulleret nor a reason with a status that has none', async () => {
    await annulThenBegunLive([save({ id: 'iv-bostoette', expectedVersion: 3, baseVersion: 1, notes: mine.notes }, { data: { updateSocialIntervention: { ...setGoing, version: 4, notes: mine.notes } } })]);
    await waitFor(() => expect(within(row('Status')).getByText('Bent Sørensens udgave').nextElementSibling?.textContent).toBe('Aktiv (ændret)'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Der er gemt en endnu nyere udgave, mens du valgte. Ændret: Status og Startdato. Her er den nyeste; dine valg og din tekst er bevaret, hvor de stadig kan gemmes.'));
    expect(choicesAt('Status')).toEqual(['Tag deres', 'Vælg en anden']);
    expect([...(within(row('Status')).getByLabelText('Vælg status') as HTMLSelectElement).options].map((o) => o.textContent)).not.toContain('Annulleret');

    // Aktiv taken: my reason cannot go with it, and Begrundelse says so in the view's own choices.
    fireEvent.click(within(row('Status')).getByRole('radio', { name: 'Tag deres' }));
    expect(choicesAt('Begrundelse')).toEqual(['Tag deres']);
    expect(within(row('Begrundelse')).getByText('Begrundelse gemmes kun med status Afsluttet. Med status Aktiv gælder den nyeste udgave; vælg Afsluttet under Status for at gemme din tekst.')).toBeTruthy();
    fireEvent.click(within(view()).getByRole('button', { name: 'Gem valgene' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Aktiv');
    // The reason that was not saved stays on screen to copy.
    expect(within(screen.getByTestId('your-text')).getByText(mine.endReason)).toBeTruthy();
  });

  it('Afsluttet picked shows the end date it is saved with, to correct; a day ahead is refused there, a day gone by is saved', async () => {
    const ended = addDays(today, -2);
    await annulThenBegunLive([
      save(
        { id: 'iv-bostoette', expectedVersion: 3, baseVersion: 1, status: 'COMPLETED', endReason: mine.endReason, notes: mine.notes, endDate: ended },
        { data: { updateSocialIntervention: { ...setGoing, version: 4, status: 'COMPLETED', endDate: ended, endReason: mine.endReason, notes: mine.notes } } },
      ),
    ]);
    await waitFor(() => expect(choicesAt('Status')).toEqual(['Tag deres', 'Vælg en anden']));
    fireEvent.change(within(row('Status')).getByLabelText('Vælg status'), { target: { value: 'COMPLETED' } });
    const end = within(row('Status')).getByLabelText('Slutdato') as HTMLInputElement;
    expect(end.value).toBe(today);
    expect(within(row('Status')).getByText('Gemmes med status Afsluttet.')).toBeTruthy();
    expect(choicesAt('Begrundelse')).toEqual(['Behold min', 'Tag deres']);

    // No mock answers a day ahead: were it sent, the test would fail.
    const ahead = addDays(today, 3);
    fireEvent.change(end, { target: { value: ahead } });
    fireEvent.click(within(view()).getByRole('button', { name: 'Gem valgene' }));
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(end.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(endedInterventionEndProblem('COMPLETED', ahead, today));

    fireEvent.change(end, { target: { value: ended } });
    fireEvent.click(within(view()).getByRole('button', { name: 'Gem valgene' }));
    await screen.findByText('Ændringen er gemt.');
    expect(status()).toBe('Afsluttet');
  });
});

describe('the edit form’s fields follow the intervention’s kind', () => {
  const mentorSupport = praktik({ id: 'iv-mentor', title: 'Virksomhedsmentor i butikken', kind: 'MENTOR_SUPPORT', kindLabel: 'Mentorstøtte', hoursPerWeek: null, internshipPurpose: null });
  const fieldsOf = (title: string) => {
    fireEvent.click(screen.getByRole('button', { name: `Redigér ${title}` }));
    const form = screen.getByRole('form', { name: `Redigér ${title}` });
    return within(form).getAllByRole('textbox').concat(within(form).getAllByRole('combobox'), within(form).queryAllByRole('spinbutton'))
      .map((el) => form.querySelector(`label[for="${el.id}"]`)?.textContent);
  };

  it('mentor support is asked neither an internship’s purpose nor a course; the company it has stays', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [mentorSupport] }) });
    const labels = fieldsOf('Virksomhedsmentor i butikken');
    expect(labels).toContain('Virksomhed');
    expect(labels).toContain('Timer om ugen');
    expect(labels).not.toContain('Formål med praktikken');
    expect(labels).not.toContain('Kursus');
  });

  it('an internship is asked its purpose, and no course', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ interventions: [praktik()] }) });
    const labels = fieldsOf('Virksomhedspraktik i detailbutik');
    expect(labels).toEqual(expect.arrayContaining(['Virksomhed', 'Timer om ugen', 'Formål med praktikken']));
    expect(labels).not.toContain('Kursus');
  });
});
