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
});
