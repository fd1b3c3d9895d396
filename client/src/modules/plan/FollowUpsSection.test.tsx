import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { RecordFollowUpMutation } from './FollowUpsSection';

const section = () => screen.getByTestId('followups-section');
const opener = () => within(section()).getByRole('button', { name: 'Registrér opfølgningssamtale' });

describe('"Registrér opfølgningssamtale" (the coordinator)', () => {
  it('is closed by "Annullér" as every other form on the plan, with focus back on its button', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(section()).queryByRole('button', { name: 'Registrér samtale' })).toBeNull();
    expect(document.activeElement).toBe(opener());
  });

  it('with a booked samtale begun and not registered, points to "Registrér fremmøde" under Samtaler', () => {
    const startsAt = '2026-11-24T09:00:00.000Z';
    renderPlanPage({ viewer: 'anna', plan: { ...perPlan(), bookedAwaitingAttendanceAt: startsAt } });
    fireEvent.click(opener());
    const hint = within(section()).getByTestId('booked-samtale-hint');
    expect(hint.textContent).toContain('er booket. Er det den, du registrerer, så brug "Registrér fremmøde" ved samtalen under Samtaler i stedet');
    expect(hint.querySelector('time')?.getAttribute('dateTime')).toBe(startsAt);
  });

  it('says nothing of bookings when none is waiting for its fremmøde', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    expect(within(section()).queryByTestId('booked-samtale-hint')).toBeNull();
  });

  it('a refusal the server ties to a field shows there and in the error summary, which takes the focus; what was typed stays', async () => {
    const refusal = 'Næste samtale kan ikke ligge efter forløbets slutning (1. april 2028).';
    const refused = { request: { query: RecordFollowUpMutation, variables: () => true }, result: { errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'nextMeetingAt' } }] } };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [refused] });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Praktikken går godt.' } });
    fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2028-05-02T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    const next = within(form).getByLabelText('Næste samtale');
    await waitFor(() => expect(next.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(next.getAttribute('aria-describedby')!)?.textContent).toBe(refusal);
    const summary = within(form).getByTestId('error-summary');
    expect(summary.textContent).toContain(refusal);
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect((within(form).getByLabelText('Resumé') as HTMLTextAreaElement).value).toBe('Praktikken går godt.');
  });
});
