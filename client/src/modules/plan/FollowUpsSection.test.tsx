import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';

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
});
