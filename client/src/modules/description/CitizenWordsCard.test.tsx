import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
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

function planWords(meetingRequests: unknown[] = [request()]): MockLink.MockedResponse {
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
            meetingRequests,
            lastSeen: { __typename: 'CitizenPlanSeen', id: 'seen-1', seenAt: SEEN_AT },
          },
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function renderCard(isCoordinator: boolean, mocks: MockLink.MockedResponse[] = [], words = planWords()) {
  return render(
    <MockedProvider mocks={[words, ...mocks]} cache={createCache()}>
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
    expect(within(card).queryByRole('button', { name: /^Markér som behandlet/ })).toBeNull();
  });

  it('its headings go down one level at a time: the sections and the lists under the card\'s h2, each samtale under its list', async () => {
    renderCard(false);
    const card = await screen.findByRole('region', { name: 'Borgerens egne ord' });
    await within(card).findByText('Arbejde med dyr');
    const outline = within(card).getAllByRole('heading').map((h) => [Number(h.tagName.slice(1)), h.textContent]);
    expect(outline).toEqual([
      [2, 'Borgerens egne ord'],
      [3, 'Mine ønsker og mål'],
      [3, 'Det vil jeg gerne have hjælp til'],
      [3, 'Ønsker om en samtale'],
      [3, 'Borgerens kommentarer til samtaler'],
      [4, `Samtalen ${formatDateTime('2026-11-04T09:00:00.000Z')} (telefon)`],
    ]);
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
    fireEvent.click(await within(card).findByRole('button', { name: /^Markér som behandlet/ }));
    await within(card).findByText('Ønsket om en samtale er markeret som behandlet.');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(within(card).queryByTestId('citizen-request')).toBeNull();
    expect(within(card).getByText('Ingen åbne ønsker om en samtale.')).toBeTruthy();
  });
  it('with several open requests each button names its request; marking one handled puts focus on the message, each time', async () => {
    const second = request({ id: 'r-2', text: 'Kan vi tale om min økonomi?', requestedAt: '2026-12-02T13:30:00.000Z' });
    const handled = (r: ReturnType<typeof request>) => ({
      request: { query: HandleMeetingRequestMutation, variables: { input: { id: r.id, expectedVersion: 1 } } },
      result: { data: { handleMeetingRequest: { ...r, handledAt: SEEN_AT, handledBy: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' }, version: 2 } } },
    });
    renderCard(true, [handled(request()), handled(second)], planWords([request(), second]));
    const card = await screen.findByRole('region', { name: 'Borgerens egne ord' });
    await within(card).findAllByTestId('citizen-request');
    const names = within(card).getAllByRole('button', { name: /^Markér som behandlet/ }).map((b) => b.textContent);
    expect(names).toEqual([
      `Markér som behandlet (ønsket sendt ${formatDateTime('2026-12-01T08:00:00.000Z')})`,
      `Markér som behandlet (ønsket sendt ${formatDateTime('2026-12-02T13:30:00.000Z')})`,
    ]);

    const button = within(card).getByRole('button', { name: `Markér som behandlet (ønsket sendt ${formatDateTime('2026-12-01T08:00:00.000Z')})` });
    button.focus();
    fireEvent.click(button);
    const notice = await within(card).findByTestId('citizen-words-notice');
    expect(notice.textContent).toBe('Ønsket om en samtale er markeret som behandlet.');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(within(card).getAllByTestId('citizen-request')).toHaveLength(1);

    // The second, the same message: focus comes to it again, so it is read out again.
    const next = within(card).getByRole('button', { name: `Markér som behandlet (ønsket sendt ${formatDateTime('2026-12-02T13:30:00.000Z')})` });
    next.focus();
    fireEvent.click(next);
    await waitFor(() => expect(within(card).queryByTestId('citizen-request')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(within(card).getByTestId('citizen-words-notice')));
    expect(document.activeElement).not.toBe(document.body);
  });
});
