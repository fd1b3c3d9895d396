import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../../core/apollo';
import { CitizenOwnWords } from './CitizenOwnWords';
import { MyOwnWordsQuery, RequestMeetingMutation, WriteMyDescriptionSectionMutation } from './citizenWords.documents';

const PLAN = 'plan-per';
const AT = '2026-11-30T09:15:00.000Z';

const section = (kind: string, title: string, text: string, version: number) =>
  ({ __typename: 'DescriptionSection', id: `s-${kind}`, kind, title, text, version, updatedAt: version ? AT : null });

function words(): MockLink.MockedResponse {
  return {
    request: { query: MyOwnWordsQuery, variables: { planId: PLAN } },
    result: {
      data: {
        myOwnWords: {
          __typename: 'CitizenOwnWords', id: PLAN,
          sections: [section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med dyr', 1), section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', '', 0)],
          heldMeetings: [{ __typename: 'CitizenHeldMeeting', followUpId: 'f-1', heldAt: '2026-11-04T09:00:00.000Z', mode: 'PHONE', comment: null }],
          meetingRequests: [],
          lastSeen: null,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function renderWords(mocks: MockLink.MockedResponse[]) {
  return render(
    <MockedProvider mocks={[words(), ...mocks]} cache={createCache()}>
      <CitizenOwnWords planId={PLAN} />
    </MockedProvider>,
  );
}

describe("the citizen's own words", () => {
  it('an empty section is refused in the error summary, which links to the field', async () => {
    renderWords([]);
    const help = await screen.findByTestId('own-section-HELP_WANTED');
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    const summary = await within(help).findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Skriv en tekst.' })).toBeTruthy();
    expect(within(help).getByLabelText('Det vil jeg gerne have hjælp til').getAttribute('aria-invalid')).toBe('true');
  });

  it('a save on a version changed since shows the saved text; a second "Gem" saves on top of it', async () => {
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current: { id: 's-CITIZEN_WISHES', text: 'Arbejde med heste', version: 2 } } }],
    });
    const saved = jest.fn();
    renderWords([
      { request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Arbejde med hunde', expectedVersion: 1 } } }, error: conflict },
      {
        request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Arbejde med hunde', expectedVersion: 2, baseVersion: 1 } } },
        result: () => {
          saved();
          return { data: { writeMyDescriptionSection: section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med hunde', 3) } };
        },
      },
    ]);
    const wishes = await screen.findByTestId('own-section-CITIZEN_WISHES');
    fireEvent.change(within(wishes).getByLabelText('Mine ønsker og mål'), { target: { value: 'Arbejde med hunde' } });
    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    const alert = await within(wishes).findByRole('alert');
    expect(alert.textContent).toContain('Arbejde med heste');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    await within(wishes).findByText('"Mine ønsker og mål" er gemt.');
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it("the server's refusal of a field shows by that field", async () => {
    const refused = new CombinedGraphQLErrors({ errors: [{ message: 'Det ønskede tidspunkt må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'wishedTime' } }] });
    renderWords([{ request: { query: RequestMeetingMutation, variables: { input: { planId: PLAN, text: 'Om praktikken', wishedTime: 'Snart', wishedMode: null } } }, error: refused }]);
    const form = await screen.findByTestId('own-request');
    fireEvent.change(within(form).getByLabelText('Hvad vil du gerne tale om?'), { target: { value: 'Om praktikken' } });
    fireEvent.change(within(form).getByLabelText('Hvornår passer det dig?'), { target: { value: 'Snart' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send ønsket' }));
    await waitFor(() => expect(within(form).getByLabelText('Hvornår passer det dig?').getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getAllByText('Det ønskede tidspunkt må højst være 200 tegn.').length).toBeGreaterThan(0);
  });
});
