import { addDays, formatDanishDate, localDate } from '@samplan/schema';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { ConsentRegisterQuery } from '../consent/ConsentSection';
import { MarkRegisteredInErrorMutation, notCoordinatorNotice, UnmarkRegisteredInErrorMutation } from './RegisteredInError';

const section = () => screen.getByTestId('programme-section');

/** The server's answer: Per's programme with the given changes. */
function programme(overrides: Record<string, unknown> = {}) {
  const { programme: p } = perPlan();
  return { ...p, neverRan: false, nextStep: null, ...overrides };
}

const REASON = 'Forløbet er oprettet to gange; det andet er det rigtige.';
const markedBy = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };

describe('Registreret ved en fejl', () => {
  it('asks for a reason, then for confirmation, and the card then says what was marked, by whom and when', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [{
        request: { query: MarkRegisteredInErrorMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, reason: REASON } } },
        result: { data: { markProgrammeRegisteredInError: programme({
          status: 'ENDED', endReason: 'OTHER', endDate: '2026-11-24', daysLeft: 0, version: 3, neverRan: true,
          registeredInErrorReason: REASON, registeredInErrorAt: '2026-11-24T09:30:00.000Z', registeredInErrorBy: markedBy,
        }) } },
      }],
    });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registreret ved en fejl' }));
    const form = within(section()).getByRole('form', { name: 'Registreret ved en fejl' });
    const reason = within(form).getByLabelText(/^Begrundelse/);
    expect(document.activeElement).toBe(reason);
    // The limit the server holds the reason to is said in its hint.
    expect(document.getElementById(reason.getAttribute('aria-describedby')!.split(' ')[0])?.textContent).toMatch(/ Højst 500 tegn\.$/);

    // No reason: said at the field, nothing asked or sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Skriv begrundelsen.', { selector: '.field-error' })).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).queryByRole('button', { name: 'Ja, markér forløbet som registreret ved en fejl' })).toBeNull();
    // Over 500 characters, as the server would refuse it.
    fireEvent.change(reason, { target: { value: 'x'.repeat(501) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Begrundelsen må højst være 500 tegn (du har skrevet 501).', { selector: '.field-error' })).toBeTruthy();

    fireEvent.change(reason, { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const confirm = within(form).getByRole('group', { name: /^Markér forløbet/ });
    expect(confirm.textContent).toContain('Markér forløbet som registreret ved en fejl? Det tæller så ikke med som et forløb, borgeren har haft');
    expect(confirm.textContent).toContain('Forløbet afsluttes pr. i dag med årsagen »Andet«.');
    // "Fortryd" goes back to the form, with the reason kept.
    fireEvent.click(within(confirm).getByRole('button', { name: 'Fortryd' }));
    expect(within(form).queryByRole('group', { name: /^Markér forløbet/ })).toBeNull();
    expect((reason as HTMLTextAreaElement).value).toBe(REASON);
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, markér forløbet som registreret ved en fejl' }));

    expect(await within(section()).findByText('Forløbet er markeret som registreret ved en fejl.')).toBeTruthy();
    const mark = within(section()).getByTestId('programme-registered-in-error');
    expect(mark.textContent).toContain(`Registreret ved en fejl: ${REASON}`);
    expect(mark.textContent).toContain('Markeret af Anna Holm 24. november 2026 kl. 10.30.');
    expect(within(section()).getByTestId('programme-status').textContent).toBe('Afsluttet');
    // Marked, the coordinator may take it back.
    expect(within(section()).getByRole('button', { name: 'Fortryd markeringen' })).toBeTruthy();
    expect(within(section()).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
  });

  it('is taken back with a reason; the server’s refusal at the field is shown there', async () => {
    const marked = perPlan();
    Object.assign(marked.programme, {
      status: 'ENDED', endReason: 'OTHER', registeredInErrorReason: REASON, registeredInErrorAt: '2026-11-24T09:30:00.000Z', registeredInErrorBy: markedBy, version: 3,
    });
    const input = { id: 'pr-per', expectedVersion: 3, reason: 'Det var det rigtige forløb.' };
    renderPlanPage({
      viewer: 'anna',
      plan: marked,
      mocks: [
        {
          request: { query: UnmarkRegisteredInErrorMutation, variables: { input } },
          result: { errors: [{ message: 'Begrundelsen må højst være 500 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'reason' } }] },
        },
        {
          request: { query: UnmarkRegisteredInErrorMutation, variables: { input } },
          result: { data: { unmarkProgrammeRegisteredInError: programme({ status: 'ENDED', endReason: 'OTHER', version: 4 }) } },
        },
      ],
    });
    expect(within(section()).getByTestId('programme-registered-in-error').textContent).toContain(`Registreret ved en fejl: ${REASON}`);
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd markeringen' }));
    const form = within(section()).getByRole('form', { name: 'Fortryd markeringen' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group', { name: /^Fortryd markeringen/ }).textContent).toContain('Forløbet tæller så igen med som et forløb, borgeren har haft. Et afsluttet forløb genåbnes ikke.');
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, fortryd markeringen' }));
    expect(await within(form).findByText('Begrundelsen må højst være 500 tegn.', { selector: '.field-error' })).toBeTruthy();
    // Said at the field and in the summary, not a third time in a box.
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual(['Begrundelsen må højst være 500 tegn.']);
    expect(within(form).queryByRole('alert')).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, fortryd markeringen' }));
    expect(await within(section()).findByText('Markeringen er fortrudt. Forløbet tæller igen med.')).toBeTruthy();
    expect(within(section()).getByTestId('programme-registered-in-error').textContent).not.toContain('Registreret ved en fejl:');
  });

  it('is not offered to a caseworker on the team who is not the coordinator', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(section()).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
  });
  /** The question for a running forløb, with today's date moved around its first and last day. */
  function question(dates: { startDate: string; endDate: string }) {
    const { unmount } = renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...perPlan().programme, ...dates } }) });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registreret ved en fejl' }));
    const form = within(section()).getByRole('form', { name: 'Registreret ved en fejl' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const text = within(form).getByRole('group', { name: /^Markér forløbet/ }).textContent;
    unmount();
    return text;
  }

  it('says how a running forløb ends with the mark, as the server ends it: stopped before its first day, or on its passed end date', () => {
    const today = localDate(new Date());
    const notBegun = addDays(today, 10);
    const stops = question({ startDate: notBegun, endDate: addDays(today, 400) });
    expect(stops).toContain(`Forløbet stoppes, før det begynder ${formatDanishDate(notBegun)}, med årsagen »Andet«.`);
    expect(stops).not.toContain('i dag');
    const lastDay = addDays(today, -5);
    const past = question({ startDate: addDays(today, -400), endDate: lastDay });
    expect(past).toContain(`Forløbet afsluttes pr. ${formatDanishDate(lastDay)}, forløbets slutdato, med årsagen »Andet«.`);
    expect(past).not.toContain('i dag');
  });

  it('taken back on a forløb also stopped before its first day: asked and told that it still does not count', async () => {
    const stopped = perPlan();
    Object.assign(stopped.programme, {
      status: 'ENDED', endReason: 'MOVED', stoppedBeforeStart: true, endDate: stopped.programme.startDate,
      registeredInErrorReason: REASON, registeredInErrorAt: '2026-11-24T09:30:00.000Z', registeredInErrorBy: markedBy, version: 3,
    });
    const input = { id: 'pr-per', expectedVersion: 3, reason: 'Det var det rigtige forløb.' };
    renderPlanPage({
      viewer: 'anna',
      plan: stopped,
      mocks: [{
        request: { query: UnmarkRegisteredInErrorMutation, variables: { input } },
        result: { data: { unmarkProgrammeRegisteredInError: programme({
          status: 'ENDED', endReason: 'MOVED', stoppedBeforeStart: true, endDate: stopped.programme.startDate, neverRan: true, version: 4,
        }) } },
      }],
    });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd markeringen' }));
    const form = within(section()).getByRole('form', { name: 'Fortryd markeringen' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const confirm = within(form).getByRole('group', { name: /^Fortryd markeringen/ });
    expect(confirm.textContent).toContain('Forløbet blev stoppet, før det begyndte, og tæller derfor stadig ikke med som et forløb, borgeren har haft.');
    expect(confirm.textContent).not.toContain('tæller så igen med');
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, fortryd markeringen' }));
    expect(await within(section()).findByText('Markeringen er fortrudt. Forløbet blev stoppet, før det begyndte, og tæller derfor stadig ikke med.')).toBeTruthy();
    expect(within(section()).queryByText('Markeringen er fortrudt. Forløbet tæller igen med.')).toBeNull();
  });

  it('marked by a colleague while the form is open: the form stays a mark, says so, and offers nothing that would undo their mark', async () => {
    const colleague = { __typename: 'User', id: 'u-dorte', name: 'Dorte Berg' };
    const input = { id: 'pr-per', expectedVersion: 2, reason: REASON };
    const current = {
      __typename: 'Programme', id: 'pr-per', version: 3, status: 'ENDED', endReason: 'OTHER', endDate: '2026-11-24',
      registeredInErrorReason: 'Dublet', registeredInErrorAt: '2026-11-24T09:30:00.000Z', registeredInErrorById: 'u-dorte',
    };
    const unmarked = jest.fn(() => ({ data: { unmarkProgrammeRegisteredInError: programme({ version: 4 }) } }));
    const { cache } = renderPlanPage({
      viewer: 'anna',
      mocks: [
        {
          request: { query: MarkRegisteredInErrorMutation, variables: { input } },
          result: { errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }] },
        },
        { request: { query: UnmarkRegisteredInErrorMutation, variables: () => true }, result: unmarked as never, maxUsageCount: Number.POSITIVE_INFINITY },
      ],
    });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registreret ved en fejl' }));
    const form = within(section()).getByRole('form', { name: 'Registreret ved en fejl' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, markér forløbet som registreret ved en fejl' }));

    // The colleague's mark, as the CONFLICT brings it: the card shows it, the form is still the one opened.
    expect(await within(form).findByText('Forløbet er ændret af en anden, mens du havde formularen åben. Intet er gemt.')).toBeTruthy();
    expect(await within(form).findByText(/^Forløbet er netop markeret som registreret ved en fejl af en anden, så det skal ikke markeres igen\./)).toBeTruthy();
    expect(within(section()).getByTestId('programme-registered-in-error').textContent).toContain('Registreret ved en fejl: Dublet');
    expect(form.isConnected).toBe(true);
    expect(within(form).getByRole('heading', { name: 'Registreret ved en fejl' })).toBeTruthy();
    expect((within(form).getByLabelText(/^Begrundelse/) as HTMLTextAreaElement).value).toBe(REASON);
    // Nothing to confirm, neither the mark nor its opposite: only "Luk".
    expect(within(form).queryByRole('button', { name: 'Fortsæt' })).toBeNull();
    fireEvent.submit(form);
    expect(within(form).queryByRole('group')).toBeNull();
    expect(within(section()).queryByRole('form', { name: 'Fortryd markeringen' })).toBeNull();
    expect(unmarked).not.toHaveBeenCalled();

    // The colleague's name arrives with their event: the notice stays the same kind.
    act(() => {
      cache.modify({ id: cache.identify({ __typename: 'Programme', id: 'pr-per' }), fields: { registeredInErrorBy: (_v, { toReference }) => toReference(colleague as never) ?? null } });
    });
    // Closed and opened again, the form is what fits the forløb now: "Fortryd markeringen".
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd markeringen' }));
    expect(within(section()).getByRole('form', { name: 'Fortryd markeringen' })).toBeTruthy();
    expect(unmarked).not.toHaveBeenCalled();
  });

  it('the mark taken back live while "Fortryd markeringen" is open: it stays, says so, and does not mark it again', async () => {
    const marked = perPlan();
    Object.assign(marked.programme, {
      status: 'ENDED', endReason: 'OTHER', registeredInErrorReason: REASON, registeredInErrorAt: '2026-11-24T09:30:00.000Z', registeredInErrorBy: markedBy, version: 3,
    });
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: marked });
    fireEvent.click(within(section()).getByRole('button', { name: 'Fortryd markeringen' }));
    const form = within(section()).getByRole('form', { name: 'Fortryd markeringen' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: 'Det var det rigtige forløb.' } });
    act(() => serverSends(perPlan({ programme: { ...marked.programme, registeredInErrorReason: null, registeredInErrorAt: null, registeredInErrorBy: null, version: 4 } })));
    expect(await within(form).findByText(/^Markeringen er netop fortrudt af en anden, så der er ingen markering at fortryde\./)).toBeTruthy();
    expect(within(form).getByRole('heading', { name: 'Fortryd markeringen' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Fortsæt' })).toBeNull();
    expect(within(section()).queryByRole('form', { name: 'Registreret ved en fejl' })).toBeNull();
    // Its button keeps saying what the open form does, until it is closed.
    expect(within(section()).getByRole('button', { name: 'Fortryd markeringen', expanded: true })).toBeTruthy();
  });

  it('the coordinatorship handed on while the form is open: it stays with the reason typed, and says it cannot be saved', async () => {
    // The consent register reads the plan's standing too, again when it changes: as the server says it at the time.
    let standing = 'COORDINATOR';
    const consent = {
      request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } },
      result: () => ({ data: { plan: { __typename: 'Plan', id: PLAN_ID, myStanding: standing, consentWarning: null, withheldInterventionIds: [], consents: [] } } }),
      maxUsageCount: Number.POSITIVE_INFINITY,
    };
    const { serverSends } = renderPlanPage({ viewer: 'anna', sectionMocks: [consent as never] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registreret ved en fejl' }));
    const form = within(section()).getByRole('form', { name: 'Registreret ved en fejl' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: REASON } });
    // Anna handed it to Dorte: she is on the team, no longer its coordinator.
    standing = 'TEAM';
    act(() => serverSends(perPlan({ myStanding: 'TEAM' })));
    expect(await screen.findByText(/Din enhed er på planen/)).toBeTruthy();
    expect(await within(form).findByText(notCoordinatorNotice(false))).toBeTruthy();
    expect(notCoordinatorNotice(false)).toMatch(/^Du er ikke længere koordinerende sagsbehandler, så markeringen kan ikke gemmes\./);
    expect(form.isConnected).toBe(true);
    expect((within(form).getByLabelText(/^Begrundelse/) as HTMLTextAreaElement).value).toBe(REASON);
    expect(within(form).queryByRole('button', { name: 'Fortsæt' })).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
    // Closed, it is gone, and not offered again.
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('form')).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
  });
});
