import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { CitizenWordsCard } from './CitizenWordsCard';
import { HandleMeetingRequestMutation, PlanCitizenWordsQuery } from './description.documents';

const PLAN = 'plan-per';
const SEEN_AT = '2026-12-02T09:14:00.000Z';
const per = { __typename: 'User', id: 'u-per', name: 'Per Hansen' };

const request = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'CitizenMeetingRequest', id: 'r-1', text: 'Jeg vil gerne tale om praktikken.', wishedTime: 'En formiddag', wishedMode: 'PHONE',
  requestedAt: '2026-12-01T08:00:00.000Z', handledAt: null, handledBy: null, version: 1, ...overrides,
});

function planWords(): MockLink.MockedResponse {
  return {
    request: { query: PlanCitizenWordsQuery, variables: { planId: PLAN } },
    result: {
      data: {
        plan: {
          __typename: 'Plan', id: PLAN, citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen' },
          citizenOwnWords: {
            __typename: 'CitizenOwnWords', id: PLAN,
            sections: [
              { __typename: 'DescriptionSection', id: 's-w', kind: 'CITIZEN_WISHES', title: 'Mine ønsker og mål', text: 'Arbejde med dyr', inCitizensOwnWords: true, authorKind: 'CITIZEN', version: 1, updatedAt: SEEN_AT, updatedBy: per },
              { __typename: 'DescriptionSection', id: 's-h', kind: 'HELP_WANTED', title: 'Det vil jeg gerne have hjælp til', text: '', inCitizensOwnWords: false, authorKind: 'STAFF', version: 0, updatedAt: null, updatedBy: null },
            ],
            heldMeetings: [{ __typename: 'CitizenHeldMeeting', followUpId: 'f-1', heldAt: '2026-11-04T09:00:00.000Z', mode: 'PHONE', comment: { __typename: 'CitizenMeetingComment', id: 'c-1', text: 'En god samtale.', version: 1, updatedAt: SEEN_AT } }],
            meetingRequests: [request()],
            lastSeen: { __typename: 'CitizenPlanSeen', id: 'seen-1', seenAt: SEEN_AT },
          },
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function renderCard(isCoordinator: boolean, mocks: MockLink.MockedResponse[] = []) {
  return render(
    <MockedProvider mocks={[planWords(), ...mocks]} cache={createCache()}>
      <CitizenWordsCard planId={PLAN} isCoordinator={isCoordinator} />
    </MockedProvider>,
  );
}

describe('Borgerens egne ord on the plan page', () => {
  it("shows the citizen's sections, comment, open request and when they saw the plan, labelled as theirs", async () => {
    renderCard(false);
    const card = await screen.findByRole('region', { name: 'Borgerens egne ord' });
    await within(card).findByText('Arbejde med dyr');
    expect(within(card).getByTestId('citizen-seen').textContent).toBe(`Borgeren har set planen ${formatDateTime(SEEN_AT)}`);
    expect(within(card).getByText(/^Skrevet af borgeren/)).toBeTruthy();
    expect(within(card).getByText('En god samtale.')).toBeTruthy();
    expect(within(card).getByTestId('citizen-request').textContent).toContain('Ønsker: Telefon, En formiddag');
    expect(within(card).queryByRole('button', { name: 'Markér som behandlet' })).toBeNull();
  });

  it('the coordinator marks an open request handled, on the version read', async () => {
    const sent = jest.fn();
    renderCard(true, [{
      request: { query: HandleMeetingRequestMutation, variables: { input: { id: 'r-1', expectedVersion: 1 } } },
      result: () => {
        sent();
        return { data: { handleMeetingRequest: request({ handledAt: SEEN_AT, handledBy: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' }, version: 2 }) } };
      },
    }]);
    const card = await screen.findByRole('region', { name: 'Borgerens egne ord' });
    fireEvent.click(await within(card).findByRole('button', { name: 'Markér som behandlet' }));
    await within(card).findByText('Ønsket om en samtale er markeret som behandlet.');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(within(card).queryByTestId('citizen-request')).toBeNull();
    expect(within(card).getByText('Ingen åbne ønsker om en samtale.')).toBeTruthy();
  });
});
