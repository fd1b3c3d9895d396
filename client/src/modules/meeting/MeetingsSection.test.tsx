import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useApolloClient } from '@apollo/client/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { RecordEditingContext, type RecordEditing } from '../../core/forms/recordEditing';
import { bookedMeeting as sharedBookedMeeting, planMeetings, planOverlaps } from '../../test-support/meetings';
import { recordedRequests } from '../../test-support/requests';
import { PlanEventsSubscription, PlanHistoryQuery } from '../live/events';
import { ViewerQuery } from '../org/viewer';
import { PlanLiveProvider } from '../live/PlanLive';
import { PlanPageQuery } from '../plan/PlanPage';
import { PlanOpenContext } from '../plan/planOpen';
import { BookMeetingMutation, CancelMeetingMutation, EditMeetingMutation, MeetingStaffQuery, MoveMeetingMutation, PlanMeetingsQuery, RecordMeetingAttendanceMutation } from './meeting.documents';
import { MeetingsSection } from './MeetingsSection';

const PLAN = 'plan-per';
/** Per's ressourceforløb, decided 20 January 2026 and begun 1 April: every samtale below is held after it came to be. */
const FORLOEB = { decisionDate: '2026-01-20', startDate: '2026-04-01' };
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };

/** With Bent among the staff and Per's mother as a guest. */
function bookedMeeting(overrides: Record<string, unknown> = {}) {
  return sharedBookedMeeting({ staff: [bent], guests: [{ __typename: 'MeetingGuest', name: 'Hanne Hansen', relation: 'Pers mor' }], bookedBy: anna, ...overrides });
}

/** Those who may see Per's plan, as the server lists them for a samtale on it. */
const staffMock: MockLink.MockedResponse = {
  request: { query: MeetingStaffQuery, variables: { planId: PLAN } },
  result: {
    data: {
      plan: {
        __typename: 'Plan',
        id: PLAN,
        meetingStaffOptions: [
          { ...anna, role: 'CASEWORKER', unit: null },
          { ...bent, role: 'CASEWORKER', unit: { __typename: 'Unit', id: 'unit-social', name: 'Socialforvaltningen' } },
          { __typename: 'User', id: 'u-mette', name: 'Mette Mentor', role: 'MENTOR', unit: null },
        ],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/** The mocks, and after them nothing the citizen already has, for a booking or move whose test gives none of its own. */
const withOverlaps = (mocks: MockLink.MockedResponse[]) => [...mocks, planOverlaps(PLAN)];

/** Who is signed in, as the plan page has read it: a caseworker, or an administrator who is not on the plan. */
const signedIn = {
  anna: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'CASEWORKER', unit: null, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' } },
  admin: { __typename: 'User', id: 'u-admin', name: 'Ida Admin', role: 'ADMIN', unit: null, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' } },
};

function renderSection(mocks: MockLink.MockedResponse[], options: { mentorCanReceive?: boolean; ended?: boolean; viewer?: (typeof signedIn)[keyof typeof signedIn] } = {}) {
  const section = <MeetingsSection planId={PLAN} programme={FORLOEB} mentorCanReceive={options.mentorCanReceive} />;
  const cache = createCache();
  if (options.viewer) cache.writeQuery({ query: ViewerQuery, data: { me: options.viewer } as never });
  return render(
    <MockedProvider mocks={withOverlaps(mocks)} cache={cache}>
      {options.ended ? <PlanOpenContext.Provider value={false}>{section}</PlanOpenContext.Provider> : section}
    </MockedProvider>,
  );
}

const section = () => screen.getByRole('region', { name: 'Samtaler' });
const items = () => within(section()).queryAllByTestId('meeting');

/** The section, and the client to read its samtaler again with, as a live event or a reconnect does. */
function renderWithClient(mocks: MockLink.MockedResponse[], editing?: RecordEditing) {
  let client: ApolloClient | undefined;
  function GrabClient() {
    client = useApolloClient();
    return null;
  }
  const section = <MeetingsSection planId={PLAN} programme={FORLOEB} />;
  render(
    <MockedProvider mocks={withOverlaps(mocks)} cache={createCache()}>
      {/* One child: MockedProvider renders a single element only. */}
      <>
        <GrabClient />
        {editing ? <RecordEditingContext.Provider value={editing}>{section}</RecordEditingContext.Provider> : section}
      </>
    </MockedProvider>,
  );
  return {
    readAgain: () =>
      act(async () => {
        await client!.refetchQueries({ include: [PlanMeetingsQuery] });
      }),
    /** The plan's next agreed samtale changed live (a held samtale recorded, or the agreed one booked). */
    agreedLive: (nextFollowUpAt: string | null) =>
      act(async () => {
        client!.cache.modify({ id: client!.cache.identify({ __typename: 'Plan', id: PLAN }), fields: { nextFollowUpAt: () => nextFollowUpAt } });
      }),
  };
}

describe('Samtaler on the plan page', () => {
  it('lists the booked samtaler with time, place, participants and agenda, and the actions for staff on the plan', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting()])]);
    await waitFor(() => expect(items()).toHaveLength(1));
    const item = items()[0];
    expect(within(item).getByRole('heading', { level: 3 }).textContent).toContain(formatDateTime('2099-03-12T09:00:00.000Z'));
    expect(item.textContent).toContain('Fremmøde: Jobcentret, Østergade 5, 5750 Ringe');
    expect(item.textContent).toContain('Borgeren, Bent Sørensen, Hanne Hansen (Pers mor)');
    expect(item.textContent).toContain('Status på praktikken');
    expect(item.textContent).toContain('Booket');
    for (const name of [/^Flyt samtalen/, /^Ret deltagere og dagsorden for samtalen/, /^Aflys samtalen/, /^Hent i kalender \(\.ics\)/]) expect(within(item).getByRole('button', { name })).toBeTruthy();
    // Attendance is recorded once the samtale has begun.
    expect(within(item).queryByRole('button', { name: /^Registrér fremmøde/ })).toBeNull();
  });

  it('a video samtale without a link says it comes later; a cancelled one shows why and has no actions but the calendar file', async () => {
    renderSection([
      planMeetings(PLAN, [bookedMeeting({ mode: 'VIDEO', place: null }), bookedMeeting({ id: 'm-2', status: 'CANCELLED', version: 2, cancelReason: 'Per er syg' })]),
    ]);
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(items()[0].textContent).toContain('Video: link oplyses senere');
    expect(items()[1].textContent).toContain('Aflyst, fordi');
    expect(items()[1].textContent).toContain('Per er syg');
    expect(within(items()[1]).queryByRole('button', { name: /^Flyt/ })).toBeNull();
    expect(within(items()[1]).getByRole('button', { name: /^Hent i kalender/ })).toBeTruthy();
  });

  it('books a samtale: checks the times before sending, then sends time, place, staff, network and agenda', async () => {
    // Typed on a Danish clock, sent as the instant (summer time in April: UTC + 2), whatever zone the browser runs in.
    const startsAt = '2099-04-02T08:00:00.000Z';
    const endsAt = '2099-04-02T09:00:00.000Z';
    const input = {
      planId: PLAN, startsAt, endsAt, mode: 'IN_PERSON', place: 'Jobcentret, Ringe', videoLink: null,
      staffIds: ['u-bent'], guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }], agenda: 'Status på praktikken',
    };
    const sent = jest.fn();
    renderSection([
      planMeetings(PLAN, []),
      staffMock,
      { request: { query: BookMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { bookMeeting: bookedMeeting({ id: 'm-new', startsAt, endsAt }) } }; } },
    ]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Starter'));

    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-04-02T10:00' } });
    // The end follows the start by an hour until it is chosen.
    expect((within(form).getByLabelText('Slutter') as HTMLInputElement).value).toBe('2099-04-02T11:00');
    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-04-02T09:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    await waitFor(() => expect(within(form).getAllByText('Samtalen skal slutte efter, at den begynder.').length).toBeGreaterThan(0));
    expect(within(form).getAllByText('Angiv stedet (adressen), når samtalen er ved fremmøde.').length).toBeGreaterThan(0);
    expect(sent).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-04-02T11:00' } });
    fireEvent.change(within(form).getByLabelText('Sted (adresse)'), { target: { value: 'Jobcentret, Ringe' } });
    fireEvent.click(await within(form).findByLabelText('Bent Sørensen, Socialforvaltningen'));
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj netværksperson eller bisidder' }));
    const guest = within(form).getByRole('group', { name: 'Deltager 1 uden for kommunen' });
    fireEvent.change(within(guest).getByLabelText('Navn'), { target: { value: 'Hanne Hansen' } });
    fireEvent.change(within(guest).getByLabelText('Relation'), { target: { value: 'Pers mor' } });
    fireEvent.change(within(form).getByLabelText('Dagsorden'), { target: { value: 'Status på praktikken' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    await waitFor(() => expect(within(section()).getByRole('status').textContent).toBe(`Samtalen er booket ${formatDateTime(startsAt)}.`));
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('the one booking is ticked among "Deltagere fra kommunen" from the start, may untick themselves, and is sent with those they tick', async () => {
    const startsAt = '2099-04-02T08:00:00.000Z';
    const endsAt = '2099-04-02T09:00:00.000Z';
    const { mock, sent } = recordedRequests(BookMeetingMutation, { data: { bookMeeting: bookedMeeting({ id: 'm-new', startsAt, endsAt, staff: [anna, bent], guests: [] }) } });
    renderSection([planMeetings(PLAN, []), staffMock, mock], { viewer: signedIn.anna });
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    const annaBox = (await within(form).findByLabelText('Anna Holm')) as HTMLInputElement;
    const bentBox = within(form).getByLabelText('Bent Sørensen, Socialforvaltningen') as HTMLInputElement;
    expect(annaBox.checked).toBe(true);
    expect(bentBox.checked).toBe(false);
    expect((within(form).getByLabelText('Mette Mentor, mentor') as HTMLInputElement).checked).toBe(false);
    // Unticked, she stays off; ticked again, she is on, with Bent.
    fireEvent.click(annaBox);
    expect(annaBox.checked).toBe(false);
    fireEvent.click(bentBox);
    expect(annaBox.checked).toBe(false);
    fireEvent.click(annaBox);
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-04-02T10:00' } });
    fireEvent.change(within(form).getByLabelText('Sted (adresse)'), { target: { value: 'Jobcentret, Ringe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    expect([...sent.mock.calls[0][0].input.staffIds].sort()).toEqual(['u-anna', 'u-bent']);
  });

  it('nobody is ticked from the start when the one booking is not among those the samtale may be booked with', async () => {
    renderSection([planMeetings(PLAN, []), staffMock], { viewer: signedIn.admin });
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    await within(form).findByLabelText('Anna Holm');
    expect(within(form).getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked)).toEqual([]);
  });

  it('says the limits of place, agenda and each guest’s name and relation; a longer name is refused before sending, and one the server refuses is said at its row', async () => {
    const tooLong = 'Deltagerens relation må højst være 200 tegn.';
    const { mock, sent } = recordedRequests(BookMeetingMutation, {
      errors: [{ message: tooLong, extensions: { code: 'BAD_USER_INPUT', field: 'guests.0.relation', problems: [{ field: 'guests.0.relation', message: tooLong }] } }],
    });
    renderSection([planMeetings(PLAN, []), staffMock, mock]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj netværksperson eller bisidder' }));
    const guest = within(form).getByRole('group', { name: 'Deltager 1 uden for kommunen' });
    const described = (field: HTMLElement) => field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described(within(form).getByLabelText('Sted (adresse)'))).toEqual(['Skal udfyldes ved fremmøde. Højst 200 tegn.']);
    // The citizen reads the agenda word for word: the hint says where.
    expect(described(within(form).getByLabelText('Dagsorden'))).toEqual(['Hvad I skal tale om. Borgeren kan læse dagsordenen på Min plan og i kalenderfilen. Højst 4.000 tegn.']);
    expect(described(within(guest).getByLabelText('Navn'))).toEqual(['Højst 200 tegn.']);
    expect(described(within(guest).getByLabelText('Relation'))).toEqual(['Højst 200 tegn.']);

    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-04-02T10:00' } });
    fireEvent.change(within(form).getByLabelText('Sted (adresse)'), { target: { value: 'Jobcentret, Ringe' } });
    fireEvent.change(within(guest).getByLabelText('Navn'), { target: { value: 'H'.repeat(201) } });
    fireEvent.change(within(guest).getByLabelText('Relation'), { target: { value: 'Pers mor' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual(['Deltagerens navn må højst være 200 tegn (du har skrevet 201).']);
    expect(within(guest).getByLabelText('Navn').getAttribute('aria-invalid')).toBe('true');

    // Within its limit it is sent, the only booking sent; the server's refusal of the first guest's
    // relation is said at that row's Relation and in the summary, not a third time in a box.
    fireEvent.change(within(guest).getByLabelText('Navn'), { target: { value: 'Hanne Hansen' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    const relation = within(guest).getByLabelText('Relation');
    await waitFor(() => expect(relation.getAttribute('aria-invalid')).toBe('true'));
    expect(sent.mock.calls.map(([variables]) => variables.input.guests)).toEqual([[{ name: 'Hanne Hansen', relation: 'Pers mor' }]]);
    expect(described(relation)).toEqual(['Højst 200 tegn.', tooLong]);
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual([tooLong]);
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('refuses a time that does not exist on a Danish clock, by its field, and sends nothing: 02.30 on the night summer time begins', async () => {
    renderSection([planMeetings(PLAN, []), staffMock]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    // The last Sunday of March 2099: the clocks go from 02.00 to 03.00.
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-03-29T02:30' } });
    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-03-29T04:00' } });
    fireEvent.change(within(form).getByLabelText('Sted (adresse)'), { target: { value: 'Jobcentret, Ringe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    // No mock answers bookMeeting: a mutation sent would fail the form with a network error instead.
    const starts = within(form).getByLabelText('Starter');
    await waitFor(() => expect(starts.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(starts.getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('error'))!)?.textContent).toContain(
      'Klokken 02.30 findes ikke den dag (sommertid begynder).',
    );
    expect(within(form).queryByText(/Samtalen er booket/)).toBeNull();
  });

  it('"Flyt" refuses a time in the hour shown twice when summer time ends, by its field, and sends nothing: 02.30–03.15 would be read as 1 hour 45 minutes', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting()])]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
    const form = within(items()[0]).getByRole('form');
    // The last Sunday of October 2099: the clocks go from 03.00 back to 02.00.
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-10-25T02:30' } });
    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-10-25T03:15' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    // No mock answers moveMeeting: a mutation sent would fail the form with a network error instead.
    const starts = within(form).getByLabelText('Starter');
    await waitFor(() => expect(starts.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(starts.getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('error'))!)?.textContent).toContain(
      'Klokken 02.30 findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.',
    );
    expect(within(items()[0]).queryByText(/Samtalen er flyttet/)).toBeNull();
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('"Flyt" to an earlier day with only "Starter" changed moves "Slutter" along, keeping the samtale’s length, and moves it', async () => {
    // 12 March 2099 at 10.00–11.30 (Danish time): an hour and a half.
    const meeting = bookedMeeting({ endsAt: '2099-03-12T10:30:00.000Z' });
    const input = {
      id: 'm-1', expectedVersion: 1, baseVersion: undefined, startsAt: '2099-03-09T09:00:00.000Z', endsAt: '2099-03-09T10:30:00.000Z', mode: 'IN_PERSON', place: meeting.place, videoLink: null,
    };
    const sent = jest.fn();
    renderSection([
      planMeetings(PLAN, [meeting]),
      { request: { query: MoveMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { moveMeeting: { ...meeting, startsAt: input.startsAt, endsAt: input.endsAt, version: 2 } } }; } },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
    const form = within(items()[0]).getByRole('form');
    expect((within(form).getByLabelText('Slutter') as HTMLInputElement).value).toBe('2099-03-12T11:30');
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-03-09T10:00' } });
    expect((within(form).getByLabelText('Slutter') as HTMLInputElement).value).toBe('2099-03-09T11:30');
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    expect(within(section()).queryByText('Samtalen skal slutte samme dag, som den begynder.')).toBeNull();
  });

  it('"Flyt": once the user has chosen "Slutter", a new "Starter" leaves it where they put it, as in "Book samtale"', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting()])]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
    const form = within(items()[0]).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-03-12T12:00' } });
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-03-12T11:00' } });
    expect((within(form).getByLabelText('Slutter') as HTMLInputElement).value).toBe('2099-03-12T12:00');
  });

  it('"Flyt" to another form does not take the link the form opened with as typed, though a colleague has changed the link since', async () => {
    const video = (videoLink: string, version: number) => bookedMeeting({ mode: 'VIDEO', place: null, videoLink, version });
    const { readAgain } = renderWithClient([
      { ...planMeetings(PLAN, [video('https://møde.dk/per-1', 1)]), maxUsageCount: 1 },
      planMeetings(PLAN, [video('https://møde.dk/per-2', 2)]),
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
    const form = within(items()[0]).getByRole('form');
    // A colleague corrects the link while the form is open.
    await readAgain();
    fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'PHONE' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    // Sent (no mock answers moveMeeting, so the form says it was not moved), not held back at the link.
    await within(form).findByText(/Samtalen blev ikke flyttet/);
    expect(within(form).queryByText(/Et link gemmes kun/)).toBeNull();
  });

  it('"Flyt" shows the fields of the form chosen, as "Book samtale" does: by phone neither place nor link, a place in person, a link for video', async () => {
    const meeting = bookedMeeting({ mode: 'PHONE', place: null });
    const input = { id: 'm-1', expectedVersion: 1, baseVersion: undefined, startsAt: meeting.startsAt, endsAt: meeting.endsAt, mode: 'IN_PERSON', place: 'Jobcentret, Ringe', videoLink: null };
    const sent = jest.fn();
    renderSection([
      planMeetings(PLAN, [meeting]),
      { request: { query: MoveMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { moveMeeting: { ...meeting, mode: 'IN_PERSON', place: input.place, version: 2 } } }; } },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
    const form = within(items()[0]).getByRole('form');
    expect(within(form).queryByLabelText('Sted (adresse)')).toBeNull();
    expect(within(form).queryByLabelText('Link til video')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'VIDEO' } });
    expect(within(form).getByLabelText('Link til video')).toBeTruthy();
    expect(within(form).queryByLabelText('Sted (adresse)')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'IN_PERSON' } });
    expect(within(form).queryByLabelText('Link til video')).toBeNull();
    // In person it needs its place, as a booking does.
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(await within(form).findAllByText('Angiv stedet (adressen), når samtalen er ved fremmøde.', {}, { timeout: 5000 })).not.toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Sted (adresse)'), { target: { value: 'Jobcentret, Ringe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1), { timeout: 5000 });
  });

  it('offers as participants from the municipality those who may see the plan and the citizen\'s mentor, and says so', async () => {
    renderSection([planMeetings(PLAN, []), staffMock]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const staff = within(within(section()).getByRole('form', { name: 'Book samtale' })).getByRole('group', { name: 'Deltagere fra kommunen' });
    await within(staff).findByLabelText('Bent Sørensen, Socialforvaltningen');
    expect(within(staff).getAllByRole('checkbox').map((c) => c.closest('.checkbox')?.textContent)).toEqual(['Anna Holm', 'Bent Sørensen, Socialforvaltningen', 'Mette Mentor, mentor']);
    expect(staff.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(
      'Koordinatoren og sagsbehandlerne fra enhederne i teamet, som kan se planen – og borgerens mentor, som kun får samtalens tid, form og sted at se, ikke dagsordenen eller de andre deltagere.',
    );
  });

  it('says so, with "Prøv igen", when the municipality’s staff cannot be read for "Deltagere fra kommunen"', async () => {
    renderSection([
      planMeetings(PLAN, []),
      { request: { query: MeetingStaffQuery, variables: { planId: PLAN } }, error: new Error('Netværksfejl') },
      staffMock,
    ]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    const staff = within(form).getByRole('group', { name: 'Deltagere fra kommunen' });
    const alert = await within(staff).findByRole('alert');
    expect(alert.textContent).toContain('Kommunens medarbejdere kunne ikke hentes');
    fireEvent.click(within(alert).getByRole('button', { name: 'Prøv igen' }));
    expect(await within(staff).findByLabelText('Bent Sørensen, Socialforvaltningen')).toBeTruthy();
    expect(within(staff).queryByRole('alert')).toBeNull();
  });

  it('a samtale agreed at the last one and not booked yet is said, and "Book den aftalte samtale" starts from its time and books it as the agreed one', async () => {
    const agreed = '2099-05-06T08:00:00.000Z';
    const ends = '2099-05-06T09:00:00.000Z';
    // agreedAt: the booking is the agreed samtale's, so its cancellation is what a mentor is told of as "aflyst".
    const input = { planId: PLAN, startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null, videoLink: null, staffIds: [], guests: [], agenda: '', agreedAt: agreed };
    const sent = jest.fn();
    renderSection([
      planMeetings(PLAN, [], { nextFollowUpAt: agreed }),
      staffMock,
      { request: { query: BookMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { bookMeeting: bookedMeeting({ id: 'm-new', startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null }) } }; } },
    ]);
    const notice = await within(section()).findByTestId('agreed-not-booked');
    expect(notice.textContent).toContain(`Næste samtale er aftalt til ${formatDateTime(agreed)}, men den er ikke booket endnu.`);
    fireEvent.click(within(section()).getByRole('button', { name: 'Book den aftalte samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    expect((within(form).getByLabelText('Starter') as HTMLInputElement).value).toBe('2099-05-06T10:00');
    expect((within(form).getByLabelText('Slutter') as HTMLInputElement).value).toBe('2099-05-06T11:00');
    fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'PHONE' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
  });

  it('"Book den aftalte samtale" keeps the agreement it was opened on: a new time agreed meanwhile is said in the form, and the booking is not made the new agreement\'s', async () => {
    const agreed = '2099-05-06T08:00:00.000Z';
    const ends = '2099-05-06T09:00:00.000Z';
    const input = { planId: PLAN, startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null, videoLink: null, staffIds: [], guests: [], agenda: '', agreedAt: agreed };
    const sent = jest.fn();
    const page = renderWithClient([
      planMeetings(PLAN, [], { nextFollowUpAt: agreed }),
      staffMock,
      { request: { query: BookMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { bookMeeting: bookedMeeting({ id: 'm-new', startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null }) } }; } },
    ]);
    fireEvent.click(await within(section()).findByRole('button', { name: 'Book den aftalte samtale' }));
    const form = within(section()).getByRole('form', { name: 'Book samtale' });
    await page.agreedLive('2099-05-13T08:00:00.000Z');
    expect(await within(form).findByText(`Der er aftalt en ny tid for næste samtale, ${formatDateTime('2099-05-13T08:00:00.000Z')}, mens formularen var åben. Luk formularen, og book den samtale, der nu er aftalt.`)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'PHONE' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
    // Sent as the booking of the agreement it was opened on (the server refuses it as no longer agreed).
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
  });

  describe('a samtale booked when the citizen already has something', () => {
    /** Social services' intervention on Per's plan, and health's, whose details are withheld from the coordinator. */
    const social = { __typename: 'SocialIntervention', id: 'iv-social', title: 'Flytning til egen bolig', status: 'ACTIVE', unit: { __typename: 'Unit', id: 'unit-social', name: 'Socialforvaltningen' } };
    const health = { __typename: 'HealthIntervention', id: 'iv-health', title: 'Genoptræning', status: 'ACTIVE', unit: { __typename: 'Unit', id: 'unit-health', name: 'Sundhed' } };
    const activity = (id: string, title: string, dueAt: string, overrides: Record<string, unknown> = {}) => ({ __typename: 'Activity', id, title, dueAt, status: 'PLANNED', interventionId: 'iv-social', ...overrides });

    it('"Book den aftalte samtale" at the time of social services\' visit warns before sending, names the visit and its unit, and books it all the same', async () => {
      // 21 December 2099, 10.00–11.00 on a Danish clock (UTC + 1); the visit is at 10.00.
      const agreed = '2099-12-21T09:00:00.000Z';
      const ends = '2099-12-21T10:00:00.000Z';
      const input = { planId: PLAN, startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null, videoLink: null, staffIds: [], guests: [], agenda: '', agreedAt: agreed };
      const sent = jest.fn();
      renderSection([
        planMeetings(PLAN, [], { nextFollowUpAt: agreed }),
        staffMock,
        planOverlaps(PLAN, { interventions: [social], activities: [activity('a-visit', 'Besøg i den nye lejlighed', agreed)] }),
        { request: { query: BookMeetingMutation, variables: { input } }, result: () => { sent(); return { data: { bookMeeting: bookedMeeting({ id: 'm-new', startsAt: agreed, endsAt: ends, mode: 'PHONE', place: null }) } }; } },
      ]);
      fireEvent.click(await within(section()).findByRole('button', { name: 'Book den aftalte samtale' }));
      const form = within(section()).getByRole('form', { name: 'Book samtale' });
      const warning = await within(form).findByText(/^Borgeren har allerede/);
      expect(warning.textContent).toBe('Borgeren har allerede »Besøg i den nye lejlighed« kl. 10.00 samme dag (Socialforvaltningen). Vælg en anden tid, eller book samtalen alligevel.');
      expect(warning.getAttribute('role')).toBe('status');

      // Later the same day the visit is over: no warning.
      fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-12-21T13:00' } });
      await waitFor(() => expect(within(form).queryByText(/^Borgeren har allerede/)).toBeNull());
      fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-12-21T10:00' } });
      fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2099-12-21T11:00' } });
      await within(form).findByText(/^Borgeren har allerede »Besøg i den nye lejlighed«/);

      // A warning, not a refusal: the coordinator may book it knowingly.
      fireEvent.change(within(form).getByLabelText('Form'), { target: { value: 'PHONE' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Book samtale' }));
      await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    });

    it('names the samtaler booked at the same time and the planned activities in it or the hour before, in order of time; a withheld activity only as the plan page shows it', async () => {
      // The booking: 11.00–12.00 on 21 December 2099 (UTC + 1).
      const samtale = bookedMeeting({ id: 'm-2', startsAt: '2099-12-21T10:30:00.000Z', endsAt: '2099-12-21T11:30:00.000Z' });
      const cancelled = bookedMeeting({ id: 'm-3', status: 'CANCELLED', version: 2, cancelReason: 'Per er syg', startsAt: '2099-12-21T10:00:00.000Z', endsAt: '2099-12-21T11:00:00.000Z' });
      const before = bookedMeeting({ id: 'm-4', startsAt: '2099-12-21T09:00:00.000Z', endsAt: '2099-12-21T10:00:00.000Z' });
      const ended = { ...social, id: 'iv-ended', status: 'COMPLETED' };
      renderSection([
        planMeetings(PLAN, [before, samtale, cancelled]),
        staffMock,
        planOverlaps(PLAN, {
          meetings: [before, samtale, cancelled],
          interventions: [social, health, ended],
          withheldInterventionIds: ['iv-health'],
          activities: [
            // The server names a withheld activity "Aktivitet", as the plan page shows it, beside its intervention's title.
            activity('a-health', 'Aktivitet', '2099-12-21T09:30:00.000Z', { interventionId: 'iv-health' }),
            activity('a-own', 'Lægetid', '2099-12-21T10:45:00.000Z', { interventionId: null }),
            // Over by 11.00, done, in an ended intervention, or another day: nothing to warn of.
            activity('a-early', 'Morgenmøde', '2099-12-21T09:00:00.000Z'),
            activity('a-done', 'Indflytning', '2099-12-21T10:00:00.000Z', { status: 'DONE' }),
            activity('a-ended', 'Gammel aftale', '2099-12-21T10:15:00.000Z', { interventionId: 'iv-ended' }),
            activity('a-next-day', 'Besøg', '2099-12-22T10:00:00.000Z'),
          ],
        }),
      ]);
      await waitFor(() => expect(items()).toHaveLength(3));
      fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
      const form = within(section()).getByRole('form', { name: 'Book samtale' });
      fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2099-12-21T11:00' } });
      const warning = await within(form).findByText(/^Borgeren har allerede/);
      expect(warning.textContent).toBe(
        'Borgeren har allerede en aktivitet i »Genoptræning« kl. 10.30 samme dag (Sundhed). ' +
          'Borgeren har allerede en samtale kl. 11.30–12.30 samme dag. ' +
          'Borgeren har allerede »Lægetid« kl. 11.45 samme dag. ' +
          'Vælg en anden tid, eller book samtalen alligevel.',
      );
    });

    it('"Flyt" warns of an activity at the new time, naming it; not at a free time, and never of the samtale moved itself', async () => {
      // 12 March 2099, 10.00–11.00 on a Danish clock (UTC + 1); social services' visit the next day at 10.00.
      const meeting = bookedMeeting();
      renderSection([
        planMeetings(PLAN, [meeting]),
        planOverlaps(PLAN, { meetings: [meeting], interventions: [social], activities: [activity('a-visit', 'Besøg i den nye lejlighed', '2099-03-13T09:00:00.000Z')] }),
      ]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Flyt samtalen/ }));
      const form = within(items()[0]).getByRole('form');
      const moveTo = (starts: string, ends: string) => {
        fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: starts } });
        fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: ends } });
      };

      moveTo('2099-03-13T10:00', '2099-03-13T11:00');
      const warning = await within(form).findByText(/^Borgeren har allerede/);
      expect(warning.textContent).toBe('Borgeren har allerede »Besøg i den nye lejlighed« kl. 10.00 samme dag (Socialforvaltningen). Vælg en anden tid, eller flyt samtalen alligevel.');

      // Half an hour later the same day as booked: only the samtale itself was there.
      moveTo('2099-03-12T10:30', '2099-03-12T11:30');
      await waitFor(() => expect(within(form).queryByText(/^Borgeren har allerede/)).toBeNull());

      moveTo('2099-03-13T10:00', '2099-03-13T11:00');
      await within(form).findByText(/^Borgeren har allerede »Besøg i den nye lejlighed«/);
      // In the afternoon the visit is over.
      moveTo('2099-03-13T13:00', '2099-03-13T14:00');
      await waitFor(() => expect(within(form).queryByText(/^Borgeren har allerede/)).toBeNull());
    });
  });

  it('a held samtale shows the note written with "Borgeren mødte"', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting({ status: 'ATTENDED', version: 2, attendanceNote: 'Per kom med sin mor' })])]);
    await waitFor(() => expect(items()).toHaveLength(1));
    const facts = within(items()[0]);
    expect(facts.getByText('Note om fremmødet').nextElementSibling?.textContent).toBe('Per kom med sin mor');
  });

  it('a samtale by phone or video that was held: the citizen took part (deltog), as »mødte« says only of one in person', async () => {
    renderSection([planMeetings(PLAN, [
      bookedMeeting({ id: 'm-phone', status: 'ATTENDED', version: 2, mode: 'PHONE', place: null }),
      bookedMeeting({ id: 'm-room', status: 'ATTENDED', version: 2, startsAt: '2099-01-21T09:00:00.000Z', endsAt: '2099-01-21T10:00:00.000Z' }),
    ])]);
    await waitFor(() => expect(items()).toHaveLength(2));
    const status = (id: string) => items().find((li) => li.dataset.meetingId === id)!.querySelector('.status')!.textContent;
    expect([status('m-phone'), status('m-room')]).toEqual(['Borgeren deltog', 'Borgeren mødte']);
  });

  it('after the end, the samtale agreed is not to be booked: its booking was called off with the forløb, and that is what is said', async () => {
    const agreed = '2099-12-11T12:00:00.000Z';
    const cancelled = bookedMeeting({ startsAt: agreed, endsAt: '2099-12-11T13:00:00.000Z', status: 'CANCELLED', cancelReason: 'Forløbet er afsluttet' });
    renderSection([planMeetings(PLAN, [cancelled], { nextFollowUpAt: agreed })], { ended: true });
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(within(section()).queryByTestId('agreed-not-booked')).toBeNull();
    expect(section().textContent).not.toContain('Book den');
    expect(within(section()).getByTestId('agreed-after-end').textContent).toBe(
      `Forløbet er afsluttet, så der holdes ikke flere samtaler i det. Samtalen, der var aftalt til ${formatDateTime(agreed)}, er aflyst.`,
    );
  });

  it('after the end, a samtale agreed and never booked is not to be booked either', async () => {
    const agreed = '2099-12-11T12:00:00.000Z';
    renderSection([planMeetings(PLAN, [], { nextFollowUpAt: agreed })], { ended: true });
    await waitFor(() => expect(within(section()).getByTestId('agreed-after-end')).toBeTruthy());
    expect(within(section()).queryByTestId('agreed-not-booked')).toBeNull();
    expect(within(section()).getByTestId('agreed-after-end').textContent).toContain('skal ikke bookes.');
  });

  it('says nothing of the agreed time once a samtale is booked, or when the agreed time has passed', async () => {
    const agreed = '2099-05-06T08:00:00.000Z';
    const first = renderSection([planMeetings(PLAN, [bookedMeeting()], { nextFollowUpAt: agreed, nextBookedMeeting: { id: 'm-1', startsAt: '2099-03-12T09:00:00.000Z' } })]);
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(within(section()).queryByTestId('agreed-not-booked')).toBeNull();
    expect(within(section()).getByRole('button', { name: 'Book samtale' })).toBeTruthy();
    first.unmount();

    renderSection([planMeetings(PLAN, [], { nextFollowUpAt: '2020-01-06T08:00:00.000Z' })]);
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    expect(within(section()).queryByTestId('agreed-not-booked')).toBeNull();
  });

  describe('Registrér fremmøde', () => {
    // A samtale that began an hour ago.
    const begun = () => bookedMeeting({ startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() - 1_800_000).toISOString() });
    const openForm = async () => {
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
      return within(items()[0]).getByRole('form');
    };

    it('is offered when the samtale begins, on a page nobody touches', async () => {
      const soon = bookedMeeting({ startsAt: new Date(Date.now() + 600).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() });
      renderSection([planMeetings(PLAN, [soon], { period: 'OPEN' })]);
      await waitFor(() => expect(items()).toHaveLength(1));
      expect(within(items()[0]).queryByRole('button', { name: /^Registrér fremmøde/ })).toBeNull();
      expect(await within(items()[0]).findByRole('button', { name: /^Registrér fremmøde/ }, { timeout: 5_000 })).toBeTruthy();
    });

    it('for a samtale by phone the choice is that the citizen took part (deltog), not that they turned up', async () => {
      renderSection([planMeetings(PLAN, [{ ...begun(), mode: 'PHONE', place: null }], { period: 'OPEN' })]);
      const form = await openForm();
      expect(within(form).getByLabelText('Borgeren deltog')).toBeTruthy();
      expect(within(form).getByLabelText('Borgeren udeblev')).toBeTruthy();
      expect(within(form).queryByLabelText('Borgeren mødte')).toBeNull();
    });

    it('the coordinator records a held samtale and may share it with the mentor', async () => {
      const meeting = begun();
      // 10.00 on a Danish clock in February (UTC + 1).
      const next = new Date('2099-02-03T09:00:00.000Z');
      const sent = jest.fn();
      const input = { id: 'm-1', expectedVersion: 1, attendance: 'ATTENDED', reasonableCause: null, note: '', summary: 'Praktikken går godt', nextMeetingAt: next.toISOString(), sharedWithMentor: true };
      renderSection([
        planMeetings(PLAN, [meeting], { period: 'OPEN' }),
        { request: { query: RecordMeetingAttendanceMutation, variables: { input } }, result: () => { sent(); return { data: { recordMeetingAttendance: { ...meeting, status: 'ATTENDED', version: 2 } } }; } },
      ], { mentorCanReceive: true });
      const form = await openForm();
      fireEvent.click(within(form).getByLabelText('Borgeren mødte'));
      fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Praktikken går godt' } });
      fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2099-02-03T10:00' } });
      // The coordinator shares knowing what the mentor will see: the next samtale's booked time and form too, never the summary.
      const share = within(form).getByLabelText('Del med mentor');
      expect(document.getElementById(share.getAttribute('aria-describedby')!)!.textContent).toBe(
        'Mentor ser tidspunktet, formen og næste samtale, også når den bookes, flyttes eller aflyses (tid og form, ikke dagsorden eller deltagere), men ikke resuméet.',
      );
      fireEvent.click(share);
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    });

    it('"Næste samtale" starts from the samtale booked next, which is what is saved unless the user changes it', async () => {
      const meeting = begun();
      // Booked already for 11 December 2099 at 13.00 (Danish time); another later still.
      const next = bookedMeeting({ id: 'm-2', startsAt: '2099-12-11T12:00:00.000Z', endsAt: '2099-12-11T13:00:00.000Z' });
      const after = bookedMeeting({ id: 'm-3', startsAt: '2099-12-18T12:00:00.000Z', endsAt: '2099-12-18T13:00:00.000Z' });
      const sent = jest.fn();
      const input = { id: 'm-1', expectedVersion: 1, attendance: 'ATTENDED', reasonableCause: null, note: '', summary: 'Praktikken går godt', nextMeetingAt: next.startsAt, sharedWithMentor: false };
      renderSection([
        planMeetings(PLAN, [meeting, after, next], { nextBookedMeeting: { id: 'm-2', startsAt: next.startsAt } }),
        { request: { query: RecordMeetingAttendanceMutation, variables: { input } }, result: () => { sent(); return { data: { recordMeetingAttendance: { ...meeting, status: 'ATTENDED', version: 2 } } }; } },
      ]);
      await waitFor(() => expect(items()).toHaveLength(3));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
      const form = within(items()[0]).getByRole('form');
      fireEvent.click(within(form).getByLabelText('Borgeren mødte'));
      expect((within(form).getByLabelText('Næste samtale') as HTMLInputElement).value).toBe('2099-12-11T13:00');
      fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Praktikken går godt' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
      expect(within(form).queryByText('Angiv, hvornår næste samtale er aftalt.')).toBeNull();
    });

    it('offers "Del med mentor" only while a mentor grant runs: without one there is no mentor to share with', async () => {
      renderSection([planMeetings(PLAN, [begun()], { period: 'OPEN' })], { mentorCanReceive: false });
      const form = await openForm();
      fireEvent.click(within(form).getByLabelText('Borgeren mødte'));
      expect(within(form).getByLabelText('Resumé')).toBeTruthy();
      expect(within(form).queryByLabelText('Del med mentor')).toBeNull();
    });

    it('a caseworker on the team records an absence only: a held samtale is the coordinator’s record', async () => {
      renderSection([planMeetings(PLAN, [begun()], { myStanding: 'TEAM' })]);
      const form = await openForm();
      expect(within(form).queryByLabelText('Borgeren mødte')).toBeNull();
      expect(within(form).getByText('Registrér, at borgeren udeblev. En holdt samtale registreres af den koordinerende sagsbehandler.')).toBeTruthy();
      expect(within(form).getByRole('group', { name: 'Var der rimelig grund til udeblivelsen?' })).toBeTruthy();
    });

    it('is sent on the version read when the form opened: a samtale moved meanwhile is shown, and nothing is recorded on it unseen', async () => {
      const first = begun();
      // Bent moved it meanwhile: Per had rung to say he would come later.
      const later = new Date(Date.now() - 600_000).toISOString();
      const moved = { ...first, version: 2, startsAt: later, endsAt: new Date(Date.now() + 3_000_000).toISOString() };
      const recorded = { ...moved, status: 'ABSENT', version: 3, absenceReasonableCause: false, attendanceNote: 'Svarede ikke' };
      const input = (expectedVersion: number) => ({
        id: 'm-1', expectedVersion, attendance: 'ABSENT', reasonableCause: false, note: 'Svarede ikke', summary: null, nextMeetingAt: null, sharedWithMentor: false,
      });
      const sentOnNewer = jest.fn();
      const { readAgain } = renderWithClient([
        { ...planMeetings(PLAN, [first]), maxUsageCount: 1 },
        // Read again on a live event: Bent has moved the samtale.
        { ...planMeetings(PLAN, [moved]), maxUsageCount: 1 },
        planMeetings(PLAN, [recorded]),
        {
          request: { query: RecordMeetingAttendanceMutation, variables: { input: input(1) } },
          error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'BOOKED', startsAt: later } } }] }),
        },
        {
          request: { query: RecordMeetingAttendanceMutation, variables: { input: input(2) } },
          // Sent first, this would record an absence from the samtale at the new time, which the user never saw.
          result: () => {
            sentOnNewer();
            return { data: { recordMeetingAttendance: recorded } };
          },
        },
      ]);
      const form = await openForm();
      expect(within(form).getByRole('heading', { level: 4 }).textContent).toBe(`Registrér fremmøde ${formatDateTime(first.startsAt)}`);
      fireEvent.click(within(form).getByLabelText('Borgeren udeblev'));
      fireEvent.click(within(form).getByLabelText('Nej, ingen rimelig grund'));
      fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Svarede ikke' } });

      await readAgain();
      await waitFor(() => expect(within(items()[0]).getByRole('heading', { level: 3 }).textContent).toContain(formatDateTime(later)));
      // The form still says which samtale the user is recording, and that it changed.
      expect(within(form).getByRole('heading', { level: 4 }).textContent).toBe(`Registrér fremmøde ${formatDateTime(first.startsAt)}`);
      expect(await within(form).findByText(/^En anden har ændret samtalen, mens du registrerer fremmødet\./)).toBeTruthy();

      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      const changed = await within(form).findByTestId('meeting-changed');
      expect(changed.textContent).toContain(`Den er nu ${formatDateTime(later)}. Intet er registreret.`);
      expect(sentOnNewer).not.toHaveBeenCalled();
      expect(within(form).getByRole('heading', { level: 4 }).textContent).toBe(`Registrér fremmøde ${formatDateTime(later)}`);
      // What the user filled in is kept.
      expect((within(form).getByLabelText('Borgeren udeblev') as HTMLInputElement).checked).toBe(true);
      expect((within(form).getByLabelText('Nej, ingen rimelig grund') as HTMLInputElement).checked).toBe(true);
      expect((within(form).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Svarede ikke');

      // Seen, and sent again: now on the version shown.
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      await waitFor(() => expect(within(section()).getByText('Udeblivelsen er registreret.')).toBeTruthy());
      expect(sentOnNewer).toHaveBeenCalledTimes(1);
    });

    it('a samtale whose attendance someone else recorded meanwhile is said to be recorded, and nothing is saved', async () => {
      const first = begun();
      renderSection([
        planMeetings(PLAN, [first]),
        {
          request: { query: RecordMeetingAttendanceMutation, variables: { input: { id: 'm-1', expectedVersion: 1, attendance: 'ABSENT', reasonableCause: true, note: '', summary: null, nextMeetingAt: null, sharedWithMentor: false } } },
          error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'ATTENDED', startsAt: first.startsAt } } }] }),
        },
      ]);
      const form = await openForm();
      fireEvent.click(within(form).getByLabelText('Borgeren udeblev'));
      fireEvent.click(within(form).getByLabelText('Ja, rimelig grund'));
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      const changed = await within(form).findByTestId('meeting-changed');
      expect(changed.textContent).toContain('står nu som »Borgeren mødte«');
      expect(changed.textContent).toContain('intet er gemt');
      expect(within(form).queryByRole('alert')).toBeNull();
    });
  });

  describe('a held samtale whose fremmøde is not registered yet', () => {
    // 10–11, and it is now 11.05: held, still booked.
    const ended = () => bookedMeeting({ startsAt: new Date(Date.now() - 3_900_000).toISOString(), endsAt: new Date(Date.now() - 300_000).toISOString() });

    it('stays under Kommende samtaler, says that its fremmøde is missing, and offers to register it', async () => {
      renderSection([planMeetings(PLAN, [ended()])]);
      await waitFor(() => expect(items()).toHaveLength(1));
      expect(within(items()[0]).getByTestId('awaiting-attendance').textContent).toBe('Samtalen er slut, og fremmøde er ikke registreret.');
      expect(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ })).toBeTruthy();
    });

    it('a samtale ahead says nothing of fremmøde', async () => {
      renderSection([planMeetings(PLAN, [bookedMeeting()])]);
      await waitFor(() => expect(items()).toHaveLength(1));
      expect(within(items()[0]).queryByTestId('awaiting-attendance')).toBeNull();
    });
  });

  describe('a samtale someone else registers or cancels while a form is open in it', () => {
    // 10–11, and it is now 11.05: held, still booked when the page was read; then someone else registered its fremmøde.
    const ended = () => bookedMeeting({ startsAt: new Date(Date.now() - 3_900_000).toISOString(), endsAt: new Date(Date.now() - 300_000).toISOString() });

    it.each([
      ['Registrér fremmøde', /^Registrér fremmøde/, 'Resumé', 'Praktikken går godt. Per vil gerne fortsætte.'],
      ['Aflys', /^Aflys samtalen/, 'Begrundelse', 'Per var syg og ringede afbud i går.'],
      ['Flyt', /^Flyt samtalen/, 'Sted (adresse)', 'Jobcentret, Algade 1, 5750 Ringe'],
    ])('"%s": the samtale, its form and what the user wrote stay when the samtaler are read again without it', async (_, button, field, text) => {
      const { readAgain } = renderWithClient([{ ...planMeetings(PLAN, [ended()]), maxUsageCount: 1 }, planMeetings(PLAN, [])]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: button }));
      const form = within(items()[0]).getByRole('form');
      if (field === 'Resumé') fireEvent.click(within(form).getByLabelText('Borgeren mødte'));
      fireEvent.change(within(form).getByLabelText(field), { target: { value: text } });

      await readAgain();
      expect(items()).toHaveLength(1);
      expect(within(items()[0]).getByRole('form')).toBe(form);
      expect((within(form).getByLabelText(field) as HTMLInputElement).value).toBe(text);
      expect(within(section()).queryByText('Der er ingen kommende samtaler booket.')).toBeNull();
    });

    it('"Annullér": the samtale goes to Tidligere samtaler, and the message saying so takes the focus', async () => {
      const meeting = ended();
      const { readAgain } = renderWithClient([{ ...planMeetings(PLAN, [meeting]), maxUsageCount: 1 }, planMeetings(PLAN, [])]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
      await readAgain();
      fireEvent.click(within(items()[0]).getByRole('button', { name: 'Annullér' }));
      await waitFor(() => expect(items()).toHaveLength(0));
      const message = `Samtalen ${formatDateTime(meeting.startsAt as string)} står nu under Tidligere samtaler.`;
      await waitFor(() => expect(document.activeElement).toBe(within(section()).getByRole('status')));
      expect(document.activeElement?.textContent).toBe(message);
    });

    it('switching to Tidligere samtaler keeps "Book samtale" open with what was typed while the list comes', async () => {
      renderSection([staffMock, planMeetings(PLAN, [bookedMeeting()]), { ...planMeetings(PLAN, [], { period: 'PAST' }), delay: 100 }]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(section()).getByRole('button', { name: 'Book samtale' }));
      const form = within(section()).getByRole('form', { name: 'Book samtale' });
      fireEvent.change(within(form).getByLabelText('Dagsorden'), { target: { value: 'Status på praktikken' } });
      fireEvent.change(within(section()).getByLabelText('Vis'), { target: { value: 'PAST' } });
      expect(within(section()).getByRole('form', { name: 'Book samtale' })).toBe(form);
      await waitFor(() => expect(within(section()).getByText('Der er ingen tidligere samtaler.')).toBeTruthy());
      expect(within(section()).getByRole('form', { name: 'Book samtale' })).toBe(form);
      expect((within(form).getByLabelText('Dagsorden') as HTMLTextAreaElement).value).toBe('Status på praktikken');
    });

    it('switching to Tidligere samtaler closes the form with its list, and says nothing of a samtale that ended', async () => {
      renderSection([planMeetings(PLAN, [ended()]), planMeetings(PLAN, [], { period: 'PAST' })]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
      fireEvent.change(within(section()).getByLabelText('Vis'), { target: { value: 'PAST' } });
      await waitFor(() => expect(within(section()).getByText('Der er ingen tidligere samtaler.')).toBeTruthy());
      expect(items()).toHaveLength(0);
      expect(within(section()).queryByTestId('meeting-notice')).toBeNull();
    });

    it('recorded, it goes from the list, and the message takes the focus', async () => {
      const meeting = ended();
      const input = { id: 'm-1', expectedVersion: 1, attendance: 'ABSENT', reasonableCause: true, note: 'Ringede afbud', summary: null, nextMeetingAt: null, sharedWithMentor: false };
      const { readAgain } = renderWithClient([
        { ...planMeetings(PLAN, [meeting]), maxUsageCount: 1 },
        planMeetings(PLAN, []),
        { request: { query: RecordMeetingAttendanceMutation, variables: { input } }, result: { data: { recordMeetingAttendance: { ...meeting, status: 'ABSENT', version: 2, absenceReasonableCause: true, attendanceNote: 'Ringede afbud' } } } },
      ]);
      await waitFor(() => expect(items()).toHaveLength(1));
      fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
      const form = within(items()[0]).getByRole('form');
      fireEvent.click(within(form).getByLabelText('Borgeren udeblev'));
      fireEvent.click(within(form).getByLabelText('Ja, rimelig grund'));
      fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Ringede afbud' } });
      await readAgain();
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
      await waitFor(() => expect(items()).toHaveLength(0));
      await waitFor(() => expect(document.activeElement).toBe(within(section()).getByRole('status')));
      expect(document.activeElement?.textContent).toBe('Udeblivelsen er registreret.');
    });
  });

  it('after "Aflys samtale" the samtale’s buttons are gone: the message takes the focus, not the page', async () => {
    const cancelled = bookedMeeting({ status: 'CANCELLED', version: 2, cancelReason: 'Per er syg' });
    renderSection([
      { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
      planMeetings(PLAN, [cancelled]),
      { request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er syg' } } }, result: { data: { cancelMeeting: cancelled } } },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Aflys samtalen/ });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er syg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    await waitFor(() => expect(items()[0].textContent).toContain('Aflyst, fordi'));
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
    expect(document.activeElement).toBe(within(section()).getByRole('status'));
    expect(document.activeElement?.textContent).toBe(`Samtalen ${formatDateTime('2099-03-12T09:00:00.000Z')} er aflyst. Hent kalenderfilen igen, så den også udgår af kalenderen.`);
  });

  it('after "Registrér fremmøde" the samtale’s buttons are gone: the message takes the focus, not the page', async () => {
    const meeting = bookedMeeting({ startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 1_800_000).toISOString() });
    const recorded = { ...meeting, status: 'ABSENT', version: 2, absenceReasonableCause: false, attendanceNote: '' };
    const input = { id: 'm-1', expectedVersion: 1, attendance: 'ABSENT', reasonableCause: false, note: '', summary: null, nextMeetingAt: null, sharedWithMentor: false };
    renderSection([
      { ...planMeetings(PLAN, [meeting]), maxUsageCount: 1 },
      // Registered, it is no longer to come, though its booked time runs on: the server lists it under Tidligere samtaler.
      planMeetings(PLAN, []),
      planMeetings(PLAN, [recorded], { period: 'PAST' }),
      { request: { query: RecordMeetingAttendanceMutation, variables: { input } }, result: { data: { recordMeetingAttendance: recorded } } },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Registrér fremmøde/ }));
    const form = within(items()[0]).getByRole('form');
    fireEvent.click(within(form).getByLabelText('Borgeren udeblev'));
    fireEvent.click(within(form).getByLabelText('Nej, ingen rimelig grund'));
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
    await waitFor(() => expect(items()).toHaveLength(0));
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
    expect(document.activeElement).toBe(within(section()).getByRole('status'));
    expect(document.activeElement?.textContent).toBe('Udeblivelsen er registreret.');
    fireEvent.change(within(section()).getByLabelText('Vis'), { target: { value: 'PAST' } });
    await waitFor(() => expect(items()[0]?.textContent).toContain('Uden rimelig grund'), { timeout: 5000 });
  });

  it('the list of samtaler is no live region, so a change does not read every samtale out again: the section\'s message says what changed', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting(), bookedMeeting({ id: 'm-2', startsAt: '2099-04-12T08:00:00.000Z', endsAt: '2099-04-12T09:00:00.000Z' })])]);
    await waitFor(() => expect(items()).toHaveLength(2));
    const list = items()[0].closest('ol')!;
    expect(list.closest('[aria-live]')).toBeNull();
    expect(list.querySelector('[aria-live]')).toBeNull();
  });

  it('Tidligere samtaler with none booked does not contradict the samtaler held under Opfølgningssamtaler', async () => {
    // A time agreed at the last held samtale: samtaler are held, registered without a booking.
    const agreed = { nextFollowUpAt: '2099-01-10T09:00:00.000Z' };
    renderSection([planMeetings(PLAN, [], agreed), planMeetings(PLAN, [], { ...agreed, period: 'PAST' })]);
    await within(section()).findByText('Der er ingen kommende samtaler booket.', {}, { timeout: 5000 });
    fireEvent.change(within(section()).getByLabelText('Vis'), { target: { value: 'PAST' } });
    expect(await within(section()).findByText('Der er ingen tidligere bookede samtaler. Afholdte samtaler står under Opfølgningssamtaler.', {}, { timeout: 5000 })).toBeTruthy();
    expect(within(section()).queryByText('Der er ingen tidligere samtaler.')).toBeNull();
  });

  it('a cancellation needs its reason, and is sent with the version read', async () => {
    const sent = jest.fn();
    const cancelled = bookedMeeting({ status: 'CANCELLED', version: 2, cancelReason: 'Per er syg' });
    renderSection([
      { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
      // Read again after the cancellation.
      planMeetings(PLAN, [cancelled]),
      {
        request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er syg' } } },
        result: () => { sent(); return { data: { cancelMeeting: cancelled } }; },
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Aflys samtalen/ });
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    expect(within(form).getAllByText('Skriv, hvorfor samtalen aflyses.').length).toBeGreaterThan(0);
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er syg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(items()[0].textContent).toContain('Aflyst, fordi'));
  });

  it('a reason the server refuses is said at Begrundelse and in the summary, not a third time in a box', async () => {
    const tooLong = 'Begrundelsen må højst være 1000 tegn.';
    renderSection([
      { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
      {
        request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er syg' } } },
        result: { errors: [{ message: tooLong, extensions: { code: 'BAD_USER_INPUT', field: 'reason', problems: [{ field: 'reason', message: tooLong }] } }] },
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Aflys samtalen/ });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er syg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    const reason = within(form).getByLabelText('Begrundelse');
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual([tooLong]);
    expect(within(form).getAllByText(tooLong)).toHaveLength(2);
    expect(within(form).queryByRole('alert')).toBeNull();
    expect((reason as HTMLTextAreaElement).value).toBe('Per er syg');
  });

  it('a cancellation is sent on the version read when the form opened: a samtale moved meanwhile is shown, not cancelled unseen', async () => {
    const TWELFTH = '2099-03-12T09:00:00.000Z';
    const NINETEENTH = '2099-03-19T09:00:00.000Z';
    const moved = bookedMeeting({ version: 2, startsAt: NINETEENTH, endsAt: '2099-03-19T10:00:00.000Z' });
    const sentOnNewer = jest.fn();
    const cancelled = { ...moved, status: 'CANCELLED', version: 3, cancelReason: 'Per er på ferie' };
    const { readAgain } = renderWithClient([
      { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
      // Read again on a live event: Bent has moved the samtale to 19 March.
      { ...planMeetings(PLAN, [moved]), maxUsageCount: 1 },
      planMeetings(PLAN, [cancelled]),
      {
        request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er på ferie' } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'BOOKED', startsAt: NINETEENTH } } }] }),
      },
      {
        request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 2, reason: 'Per er på ferie' } } },
        // Sent first, this would cancel the samtale of 19 March with a reason written about 12 March.
        result: () => {
          sentOnNewer();
          return { data: { cancelMeeting: cancelled } };
        },
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: `Aflys samtalen ${formatDateTime(TWELFTH)}` });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er på ferie' } });

    await readAgain();
    await waitFor(() => expect(within(items()[0]).getByRole('heading', { level: 3 }).textContent).toContain(formatDateTime(NINETEENTH)));
    // The form still says which samtale the user is cancelling, and that it changed.
    expect(within(form).getByRole('heading', { level: 4 }).textContent).toBe(`Aflys samtalen ${formatDateTime(TWELFTH)}`);
    expect(await within(form).findByText(/^En anden har ændret samtalen, mens du aflyser den\./)).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    const changed = await within(form).findByTestId('meeting-changed');
    expect(changed.textContent).toContain(`Den er nu ${formatDateTime(NINETEENTH)}. Intet er aflyst.`);
    expect(sentOnNewer).not.toHaveBeenCalled();
    expect(within(form).getByRole('heading', { level: 4 }).textContent).toBe(`Aflys samtalen ${formatDateTime(NINETEENTH)}`);
    expect((within(form).getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Per er på ferie');

    // Seen, and sent again: now on the version shown.
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    await waitFor(() => expect(within(section()).getByText(`Samtalen ${formatDateTime(NINETEENTH)} er aflyst. Hent kalenderfilen igen, så den også udgår af kalenderen.`)).toBeTruthy());
    expect(sentOnNewer).toHaveBeenCalledTimes(1);
  });

  it('a samtale moved by the user in another window is told as their own save there, while cancelling and on sending', async () => {
    const TWELFTH = '2099-03-12T09:00:00.000Z';
    const NINETEENTH = '2099-03-19T09:00:00.000Z';
    const moved = bookedMeeting({ version: 2, startsAt: NINETEENTH, endsAt: '2099-03-19T10:00:00.000Z' });
    // Anna Holm has the plan open in two windows; the plan's live events say she saved the samtale last.
    const annaInTwoWindows: RecordEditing = { open: () => () => undefined, newestHeard: () => null, lastSavedBy: () => 'Anna Holm', lastSavedByMe: () => true, isMe: (id) => id === 'u-anna' };
    const { readAgain } = renderWithClient(
      [
        { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
        planMeetings(PLAN, [moved]),
        {
          request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er på ferie' } } },
          error: new CombinedGraphQLErrors({
            errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'BOOKED', startsAt: NINETEENTH, updatedById: 'u-anna' } } }],
          }),
        },
      ],
      annaInTwoWindows,
    );
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: `Aflys samtalen ${formatDateTime(TWELFTH)}` });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er på ferie' } });

    await readAgain();
    expect(await within(form).findByText(/^Samtalen er gemt af dig i et andet vindue, mens du aflyser den her\./)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys samtale' }));
    const changed = await within(form).findByTestId('meeting-changed');
    expect(changed.textContent).toBe(
      `Samtalen er gemt af dig i et andet vindue, mens du havde formularen åben. Den er nu ${formatDateTime(NINETEENTH)}. Intet er aflyst. Se tidspunktet og din begrundelse igen, og aflys, hvis samtalen stadig skal aflyses.`,
    );
    expect(form.textContent).not.toMatch(/en anden/i);
  });

  it('"Aflys samtale" stopped by a samtale moved meanwhile: the message saying so takes the focus, not the page', async () => {
    const ELEVENTH = '2099-01-11T08:00:00.000Z';
    const TWELFTH = '2099-01-12T08:00:00.000Z';
    renderSection([
      planMeetings(PLAN, [bookedMeeting({ startsAt: ELEVENTH, endsAt: '2099-01-11T09:00:00.000Z' })]),
      {
        request: { query: CancelMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, reason: 'Per er syg' } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'BOOKED', startsAt: TWELFTH } } }] }),
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Aflys samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Aflys samtalen/ });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: 'Per er syg' } });
    // Pressed from the keyboard: the button has the focus, and is busy while the cancellation is sent.
    const button = within(form).getByRole('button', { name: 'Aflys samtale' });
    button.focus();
    fireEvent.click(button);
    const changed = await within(form).findByTestId('meeting-changed');
    expect(changed.textContent).toContain(`Den er nu ${formatDateTime(TWELFTH)}. Intet er aflyst. Se tidspunktet og din begrundelse igen`);
    await waitFor(() => expect(document.activeElement).toBe(changed));
    expect((within(form).getByLabelText('Begrundelse') as HTMLTextAreaElement).value).toBe('Per er syg');
  });

  it('hands over the samtale as a calendar file', async () => {
    const files: Blob[] = [];
    const create = jest.fn((blob: Blob) => { files.push(blob); return 'blob:samtale'; });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
    const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('samtale-2099-03-12.ics');
    });
    renderSection([planMeetings(PLAN, [bookedMeeting()])]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Hent i kalender/ }));
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(files[0].type).toBe('text/calendar;charset=utf-8');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(files[0]);
    });
    expect(text).toContain('UID:m-1@samplan\r\n');
    expect(text).toContain('DTSTART:20990312T090000Z\r\n');
    clicked.mockRestore();
  });

  it('reads the samtaler again when the plan page hears that another screen booked one (live)', async () => {
    const job = { __typename: 'Unit', id: 'unit-job', kind: 'EMPLOYMENT', name: 'Jobcenter' };
    const record = { __typename: 'BookedMeeting' };
    const bookedElsewhere = {
      __typename: 'PlanEvent', seq: '41', kind: 'MEETING_BOOKED', planId: PLAN, entityType: 'MEETING', entityId: 'm-1', at: '2026-11-23T09:41:00.000Z',
      summary: 'Anna Holm (Jobcenter) bookede en samtale 12. marts 2099 kl. 10.00', actor: anna, unit: job, title: null, changes: [], overwrote: [],
      record, asActivity: record, asIntervention: record, asSubGoal: record, asPlan: record, asProgramme: record, asFollowUp: record, asMentorTask: record,
    };
    const mocks: MockLink.MockedResponse[] = [
      { request: { query: PlanHistoryQuery, variables: { planId: PLAN, recordId: null, first: 20, before: null } }, result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [], olderCursor: null } } } },
      { request: { query: PlanEventsSubscription, variables: { planId: PLAN, afterSeq: null } }, result: { data: { planEvents: bookedElsewhere } }, delay: 300 },
      { ...planMeetings(PLAN, []), maxUsageCount: 1 },
      planMeetings(PLAN, [bookedMeeting()]),
    ];
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        {/* The plan page's own refetch goes to its query (not here), so only the section's reaction reads the samtaler again. */}
        <PlanLiveProvider planId={PLAN} viewerId="u-bent" readPosition={null} liveFrom={null} refetchQuery={PlanPageQuery}>
          <MeetingsSection planId={PLAN} programme={FORLOEB} />
        </PlanLiveProvider>
      </MockedProvider>,
    );
    await waitFor(() => expect(within(section()).getByText('Der er ingen kommende samtaler booket.')).toBeTruthy());
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(items()[0].textContent).toContain('Status på praktikken');
  });
});

describe('"Ret deltagere og dagsorden" on a booked samtale', () => {
  it('starts from who is coming and the agenda; Bent taken off, Mette put on, Per\'s mother replaced by a bisidder, the agenda added to, sent whole on the version read', async () => {
    const changed = bookedMeeting({
      version: 2, agenda: 'Status på praktikken og bisidderens rolle',
      staff: [{ __typename: 'User', id: 'u-mette', name: 'Mette Mentor' }], guests: [{ __typename: 'MeetingGuest', name: 'Lise Hansen', relation: 'bisidder' }],
    });
    const input = { id: 'm-1', expectedVersion: 1, staffIds: ['u-mette'], guests: [{ name: 'Lise Hansen', relation: 'bisidder' }], agenda: 'Status på praktikken og bisidderens rolle' };
    renderSection([
      { ...planMeetings(PLAN, [bookedMeeting()]), maxUsageCount: 1 },
      planMeetings(PLAN, [changed]),
      staffMock,
      { request: { query: EditMeetingMutation, variables: { input } }, result: { data: { editMeeting: changed } } },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Ret deltagere og dagsorden for samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Ret deltagere og dagsorden for samtalen/ });
    // Who is coming now is ticked and filled in.
    const bentBox = await within(form).findByLabelText('Bent Sørensen, Socialforvaltningen');
    expect((bentBox as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Mette Mentor, mentor') as HTMLInputElement).checked).toBe(false);
    expect((within(form).getByLabelText('Navn') as HTMLInputElement).value).toBe('Hanne Hansen');
    fireEvent.click(bentBox);
    fireEvent.click(within(form).getByLabelText('Mette Mentor, mentor'));
    fireEvent.click(within(form).getByRole('button', { name: 'Fjern deltager 1' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj netværksperson eller bisidder' }));
    // A row left empty is said before anything is sent, in a summary that takes the focus.
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    expect(within(form).getAllByText('Skriv deltagerens navn.').length).toBeGreaterThan(0);
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Skriv deltagerens navn.'));
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Lise Hansen' } });
    fireEvent.change(within(form).getByLabelText('Relation'), { target: { value: 'bisidder' } });
    // The agenda, as booked, to be added to.
    expect((within(form).getByLabelText('Dagsorden') as HTMLTextAreaElement).value).toBe('Status på praktikken');
    fireEvent.change(within(form).getByLabelText('Dagsorden'), { target: { value: 'Status på praktikken og bisidderens rolle' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    await waitFor(() => expect(items()[0].textContent).toContain('Borgeren, Mette Mentor, Lise Hansen (bisidder)'));
    expect(items()[0].textContent).toContain('Status på praktikken og bisidderens rolle');
    expect(within(section()).getByRole('status').textContent).toBe(
      `Deltagere og dagsorden for samtalen ${formatDateTime('2099-03-12T09:00:00.000Z')} er gemt. Hent den nye kalenderfil. Giv dem, der er taget af, besked, så samtalen udgår af deres kalender.`,
    );
  });

  it('starts from who is coming only: the one editing is not put on the samtale', async () => {
    renderSection([planMeetings(PLAN, [bookedMeeting()]), staffMock], { viewer: signedIn.anna });
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Ret deltagere og dagsorden for samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Ret deltagere og dagsorden for samtalen/ });
    expect(((await within(form).findByLabelText('Bent Sørensen, Socialforvaltningen')) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Anna Holm') as HTMLInputElement).checked).toBe(false);
  });

  it('changed by someone else meanwhile: says so, keeps the list typed, and saves nothing until sent again', async () => {
    renderSection([
      planMeetings(PLAN, [bookedMeeting()]),
      staffMock,
      {
        request: { query: EditMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, staffIds: [], guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }], agenda: 'Status på praktikken' } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 'm-1', version: 2, status: 'BOOKED', startsAt: '2099-03-12T09:00:00.000Z' } } }] }),
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Ret deltagere og dagsorden for samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Ret deltagere og dagsorden for samtalen/ });
    fireEvent.click(await within(form).findByLabelText('Bent Sørensen, Socialforvaltningen'));
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    const notice = await within(form).findByTestId('meeting-changed');
    expect(notice.textContent).toContain('Intet er gemt. Se samtalen, og gem dine deltagere og din dagsorden igen, hvis de stadig passer.');
    expect((within(form).getByLabelText('Bent Sørensen, Socialforvaltningen') as HTMLInputElement).checked).toBe(false);
  });
  it('saved with nothing changed says so, and asks for no new calendar file', async () => {
    const same = bookedMeeting();
    renderSection([
      planMeetings(PLAN, [same]),
      staffMock,
      {
        request: { query: EditMeetingMutation, variables: { input: { id: 'm-1', expectedVersion: 1, staffIds: ['u-bent'], guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }], agenda: 'Status på praktikken' } } },
        result: { data: { editMeeting: same } },
      },
    ]);
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(within(items()[0]).getByRole('button', { name: /^Ret deltagere og dagsorden for samtalen/ }));
    const form = within(items()[0]).getByRole('form', { name: /^Ret deltagere og dagsorden for samtalen/ });
    await within(form).findByLabelText('Bent Sørensen, Socialforvaltningen');
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    await waitFor(() => expect(within(section()).getByRole('status').textContent).toBe(`Intet er ændret i samtalen ${formatDateTime('2099-03-12T09:00:00.000Z')}.`));
  });
});
