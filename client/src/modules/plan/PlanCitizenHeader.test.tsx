import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { UpdateCitizenContactMutation } from './CitizenContact';

const meta = () => screen.getByRole('heading', { level: 1, name: 'Per Hansen' }).parentElement!.querySelector('.page-header-meta')!.textContent;

describe('the citizen header of the plan page', () => {
  it('shows the CPR number to those working the case (the server sends it whole)', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(meta()).toBe('CPR 020605-4123 · Født 2. juni 2005 · Du er koordinerende sagsbehandler');
  });

  it('shows no CPR number where the server masked it', () => {
    const plan = perPlan({ myStanding: 'TEAM' });
    renderPlanPage({ viewer: 'bent', plan: { ...plan, citizen: { ...plan.citizen, cpr: '020605-****' } } });
    expect(screen.queryByTestId('citizen-cpr')).toBeNull();
    expect(meta()).toContain('Født 2. juni 2005');
  });
});

describe('the citizen’s contact details', () => {
  it('are shown, and staff on the plan correct them: only what changed is sent, with the version read', async () => {
    const input = { planId: 'plan-per', expectedVersion: 1, address: 'Nørregade 12, 5750 Ringe' };
    const saved = { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen', phone: '20 11 22 33', address: 'Nørregade 12, 5750 Ringe', version: 2 };
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }), mocks: [{ request: { query: UpdateCitizenContactMutation, variables: { input } }, result: { data: { updateCitizenContact: saved } } }] });
    const contact = screen.getByTestId('citizen-contact');
    expect(contact.querySelector('dl')!.textContent).toBe('Telefon20 11 22 33AdresseIkke oplyst');
    fireEvent.click(within(contact).getByRole('button', { name: 'Ret kontaktoplysninger' }));
    fireEvent.change(within(contact).getByLabelText('Telefon'), { target: { value: 'ring til moren' } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    expect(within(contact).getAllByText('Skriv et telefonnummer med cifre, fx 72 53 10 00.').length).toBeGreaterThan(0);
    fireEvent.change(within(contact).getByLabelText('Telefon'), { target: { value: '20 11 22 33' } });
    fireEvent.change(within(contact).getByLabelText('Adresse'), { target: { value: 'Nørregade 12, 5750 Ringe' } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    await within(contact).findByText('Kontaktoplysningerne er gemt.');
    expect(contact.querySelector('dl')!.textContent).toBe('Telefon20 11 22 33AdresseNørregade 12, 5750 Ringe');
  });

  it('an ended programme’s plan shows them but offers no correction', () => {
    const plan = perPlan();
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...plan.programme, status: 'ENDED', endReason: 'EMPLOYMENT' } }) });
    expect(within(screen.getByTestId('citizen-contact')).queryByRole('button')).toBeNull();
  });
});
