import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { UpdateCitizenContactMutation } from './CitizenContact';

/** Per Hansen's number as stored: "20 11 22 33" (perPlan). */
const openContactForm = (mocks: Parameters<typeof renderPlanPage>[0]['mocks'] = []) => {
  renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }), mocks });
  const contact = screen.getByTestId('citizen-contact');
  fireEvent.click(within(contact).getByRole('button', { name: 'Ret kontaktoplysninger' }));
  return contact;
};

describe('correcting the citizen’s contact details', () => {
  it('a phone number typed with an extra space is the number stored: nothing is sent, and the form says so', async () => {
    const sent = jest.fn(() => ({ data: { updateCitizenContact: null } }));
    const contact = openContactForm([{ request: { query: UpdateCitizenContactMutation, variables: () => true }, result: sent }]);
    // The server stores a run of spaces as one (normalPhone): the same number, as it stands.
    fireEvent.change(within(contact).getByLabelText('Telefon'), { target: { value: '20  11 22 33' } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    expect(await within(contact).findByText('Der var ingen ændringer at gemme.')).toBeTruthy();
    expect(sent).not.toHaveBeenCalled();
    expect(contact.querySelector('dl')!.textContent).toBe('Telefon20 11 22 33AdresseIkke oplyst');
  });

  it('with the address changed, only the address is sent', async () => {
    const input = { planId: 'plan-per', expectedVersion: 1, address: 'Nørregade 12, 5750 Ringe' };
    const saved = { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen', phone: '20 11 22 33', address: 'Nørregade 12, 5750 Ringe', version: 2 };
    const contact = openContactForm([{ request: { query: UpdateCitizenContactMutation, variables: { input } }, result: { data: { updateCitizenContact: saved } } }]);
    fireEvent.change(within(contact).getByLabelText('Telefon'), { target: { value: '20  11 22 33' } });
    fireEvent.change(within(contact).getByLabelText('Adresse'), { target: { value: 'Nørregade 12, 5750 Ringe' } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    expect(await within(contact).findByText('Kontaktoplysningerne er gemt.')).toBeTruthy();
    expect(contact.querySelector('dl')!.textContent).toBe('Telefon20 11 22 33AdresseNørregade 12, 5750 Ringe');
  });

  it('a number written with other spacing is a change: the number is sent as typed', async () => {
    const input = { planId: 'plan-per', expectedVersion: 1, phone: '20112233' };
    const saved = { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen', phone: '20112233', address: null, version: 2 };
    const contact = openContactForm([{ request: { query: UpdateCitizenContactMutation, variables: { input } }, result: { data: { updateCitizenContact: saved } } }]);
    fireEvent.change(within(contact).getByLabelText('Telefon'), { target: { value: '20112233' } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    expect(await within(contact).findByText('Kontaktoplysningerne er gemt.')).toBeTruthy();
    expect(contact.querySelector('dl')!.textContent).toBe('Telefon20112233AdresseIkke oplyst');
  });

  it('the address says its limit, as the server checks it, and a longer one is refused before sending', () => {
    // No mock: a mutation sent would fail the test with "No more mocked responses".
    const contact = openContactForm();
    const address = within(contact).getByLabelText('Adresse');
    const described = () => address.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described()).toEqual(['Tomt: ingen adresse. Højst 200 tegn.']);
    fireEvent.change(address, { target: { value: 'a'.repeat(201) } });
    fireEvent.click(within(contact).getByRole('button', { name: 'Gem' }));
    expect(described()).toContain('Adresse må højst være 200 tegn (du har skrevet 201).');
  });
});
