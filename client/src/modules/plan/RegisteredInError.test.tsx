import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { MarkRegisteredInErrorMutation, UnmarkRegisteredInErrorMutation } from './RegisteredInError';

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

    // No reason: said at the field, nothing asked or sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Skriv begrundelsen.', { selector: '.field-error' })).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).queryByRole('button', { name: 'Ja, markér forløbet som registreret ved en fejl' })).toBeNull();
    // Over 500 characters, as the server would refuse it.
    fireEvent.change(reason, { target: { value: 'x'.repeat(501) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Begrundelsen må højst være 500 tegn.', { selector: '.field-error' })).toBeTruthy();

    fireEvent.change(reason, { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const confirm = within(form).getByRole('group', { name: /^Markér forløbet/ });
    expect(confirm.textContent).toContain('Markér forløbet som registreret ved en fejl? Det tæller så ikke med som et forløb, borgeren har haft');
    expect(confirm.textContent).toContain('Forløbet afsluttes i dag.');
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

    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, fortryd markeringen' }));
    expect(await within(section()).findByText('Markeringen er fortrudt. Forløbet tæller igen med.')).toBeTruthy();
    expect(within(section()).getByTestId('programme-registered-in-error').textContent).not.toContain('Registreret ved en fejl:');
  });

  it('is not offered to a caseworker on the team who is not the coordinator', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(section()).queryByRole('button', { name: 'Registreret ved en fejl' })).toBeNull();
  });
});
