import { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ApolloProvider } from '@apollo/client/react';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { RecordEditingContext } from '../../core/forms/recordEditing';
import { formatDateTime } from '../../core/format';
import { STATUS_FILL_DELAY_MS } from '../../core/ui';
import { describedWith } from '../../test-support/description';
import { PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { DescriptionCard } from './DescriptionCard';
import { PlanCitizenWordsQuery, PlanDescriptionQuery, UpdateDescriptionSectionMutation } from './description.documents';

const PLAN = 'plan-per';
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const CHANGED_AT = '2026-11-30T09:15:00.000Z';

function section(kind: string, title: string, overrides: Record<string, unknown> = {}) {
  return { __typename: 'DescriptionSection', id: `s-${kind}`, kind, title, text: '', inCitizensOwnWords: false, authorKind: 'STAFF', version: 0, updatedAt: null, updatedBy: null, ...overrides };
}

const sections = () => [
  section('RESOURCES', 'Ressourcer', { text: 'Gode hænder og glad for praktisk arbejde.', version: 2, updatedAt: CHANGED_AT, updatedBy: anna }),
  section('CHALLENGES', 'Udfordringer'),
  section('CITIZEN_WISHES', 'Mine ønsker og mål', { text: 'Jeg vil gerne arbejde i en butik.', inCitizensOwnWords: true, version: 1, updatedAt: CHANGED_AT, updatedBy: anna }),
  section('HELP_WANTED', 'Det vil jeg gerne have hjælp til'),
];

function planDescription(): MockLink.MockedResponse {
  return {
    request: { query: PlanDescriptionQuery, variables: { planId: PLAN } },
    result: { data: { plan: { __typename: 'Plan', id: PLAN, descriptionSections: sections() } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** The mutation for `input`; `sent` is called when it is sent with exactly that input. */
function updateMock(input: Record<string, unknown>, sent: jest.Mock, answer: Record<string, unknown>): MockLink.MockedResponse {
  return {
    request: { query: UpdateDescriptionSectionMutation, variables: { input } },
    result: () => {
      sent();
      return { data: { updateDescriptionSection: answer } };
    },
  };
}

const card = () => screen.getByRole('region', { name: 'Samlet beskrivelse' });
const item = (title: string) => within(card()).getByRole('listitem', { name: title });

function renderCard(mocks: MockLink.MockedResponse[], canEdit = true) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <DescriptionCard planId={PLAN} canEdit={canEdit} />
    </MockedProvider>,
  );
}

/** The sections as first read, then, on every reading again, with `wishes` in place of the CITIZEN_WISHES section. */
function readTwice(wishes: Record<string, unknown>): MockLink.MockedResponse[] {
  return [
    { ...planDescription(), maxUsageCount: 1 },
    {
      request: { query: PlanDescriptionQuery, variables: { planId: PLAN } },
      result: { data: { plan: { __typename: 'Plan', id: PLAN, descriptionSections: sections().map((s) => (s.kind === 'CITIZEN_WISHES' ? wishes : s)) } } },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
  ];
}

/** Renders the card for staff on the plan; `readAgain` reads the sections again, as a live event does. */
function renderLive(mocks: MockLink.MockedResponse[]) {
  const client = new ApolloClient({ cache: createCache(), link: new MockLink(mocks) });
  render(
    <ApolloProvider client={client}>
      <DescriptionCard planId={PLAN} canEdit />
    </ApolloProvider>,
  );
  return {
    readAgain: () =>
      act(async () => {
        await client.refetchQueries({ include: [PlanDescriptionQuery] });
      }),
  };
}

describe('Samlet beskrivelse on the plan page', () => {
  afterEach(() => jest.useRealTimers());

  it('shows every section: its text, the citizen-own-words marker, who changed it and when; an empty one says so', async () => {
    renderCard([planDescription()]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    expect(wishes.textContent).toContain('Jeg vil gerne arbejde i en butik.');
    expect(within(wishes).getByText('Borgerens egne ord')).toBeTruthy();
    expect(wishes.textContent).toContain(`Ændret af Anna Holm, ${formatDateTime(CHANGED_AT)}`);
    expect(within(item('Ressourcer')).queryByText('Borgerens egne ord')).toBeNull();
    expect(item('Udfordringer').textContent).toContain('Ikke udfyldt endnu.');
    expect(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' })).toBeTruthy();
  });

  it('offers no editing to a reader without standing in the plan', async () => {
    renderCard([planDescription()], false);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    expect(within(card()).queryByRole('button', { name: /^Redigér/ })).toBeNull();
  });

  it('writes an unwritten section in the citizen\'s own words on version 0, and says it is saved', async () => {
    const sent = jest.fn();
    const text = 'Jeg vil gerne have hjælp til at komme op om morgenen.';
    renderCard([
      planDescription(),
      updateMock({ planId: PLAN, kind: 'HELP_WANTED', text, inCitizensOwnWords: true, expectedVersion: 0 }, sent,
        section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', { text, inCitizensOwnWords: true, version: 1, updatedAt: CHANGED_AT, updatedBy: anna })),
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const help = item('Det vil borgeren gerne have hjælp til');
    fireEvent.click(within(help).getByRole('button', { name: 'Redigér Det vil borgeren gerne have hjælp til' }));
    const form = within(help).getByRole('form', { name: 'Redigér »Det vil borgeren gerne have hjælp til«' });
    fireEvent.change(within(form).getByLabelText('Det vil borgeren gerne have hjælp til'), { target: { value: text } });
    fireEvent.click(within(form).getByLabelText('Skrevet med borgerens egne ord'));
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(within(help).getByRole('status').textContent).toBe('»Det vil borgeren gerne have hjælp til« er gemt.'));
    expect(sent).toHaveBeenCalledTimes(1);
    expect(help.textContent).toContain(text);
    expect(within(help).getByText('Borgerens egne ord')).toBeTruthy();
  });

  it.each([
    ['an empty section marked as the citizen\'s own words', 'Udfordringer', null],
    ['a section in the citizen\'s own words emptied with the mark left on', 'Borgerens ønsker og mål', ''],
  ])('%s is refused at the text before anything is sent', async (_case, title, text) => {
    // No mutation is answered: anything sent would fail the test.
    renderCard([planDescription()]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const li = item(title);
    fireEvent.click(within(li).getByRole('button', { name: `Redigér ${title}` }));
    const form = within(li).getByRole('form', { name: `Redigér »${title}«` });
    const ownWords = within(form).getByLabelText('Skrevet med borgerens egne ord') as HTMLInputElement;
    if (!ownWords.checked) fireEvent.click(ownWords);
    if (text !== null) fireEvent.change(within(form).getByLabelText(title), { target: { value: text } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const field = within(form).getByLabelText(title);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(
      'Et tomt afsnit kan ikke være skrevet med borgerens egne ord. Skriv borgerens ord i feltet, eller fjern markeringen »Skrevet med borgerens egne ord«.',
    );
    expect(within(li).getByRole('form', { name: `Redigér »${title}«` })).toBeTruthy();
  });

  it('an empty section does not show "Borgerens egne ord" over "Ikke udfyldt endnu"', async () => {
    renderCard([
      {
        ...planDescription(),
        result: { data: { plan: { __typename: 'Plan', id: PLAN, descriptionSections: [section('CHALLENGES', 'Udfordringer', { inCitizensOwnWords: true, version: 1 })] } } },
      },
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(1));
    expect(item('Udfordringer').textContent).toContain('Ikke udfyldt endnu.');
    expect(within(item('Udfordringer')).queryByText('Borgerens egne ord')).toBeNull();
  });

  it('saves a change of only the own-words checkbox, with the text as it was and the version read', async () => {
    const sent = jest.fn();
    renderCard([
      planDescription(),
      updateMock({ planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Jeg vil gerne arbejde i en butik.', inCitizensOwnWords: false, expectedVersion: 1 }, sent,
        section('CITIZEN_WISHES', 'Mine ønsker og mål', { text: 'Jeg vil gerne arbejde i en butik.', version: 2, updatedAt: CHANGED_AT, updatedBy: anna })),
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const form = within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    const ownWords = within(form).getByLabelText('Skrevet med borgerens egne ord') as HTMLInputElement;
    expect(ownWords.checked).toBe(true);
    fireEvent.click(ownWords);
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(wishes).queryByText('Borgerens egne ord')).toBeNull());
  });
  it('a changed checkbox is still saved after a text refused: the text put back as it was, "Gem" saves the mark alone', async () => {
    const text = 'Jeg vil gerne arbejde i en butik.';
    const sent = jest.fn();
    renderCard([
      planDescription(),
      {
        request: { query: UpdateDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: `${text} Og mere.`, inCitizensOwnWords: false, expectedVersion: 1 } } },
        result: { errors: [{ message: 'Teksten må højst være 10.000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } }] },
      },
      updateMock({ planId: PLAN, kind: 'CITIZEN_WISHES', text, inCitizensOwnWords: false, expectedVersion: 1 }, sent,
        section('CITIZEN_WISHES', 'Mine ønsker og mål', { text, version: 2, updatedAt: CHANGED_AT, updatedBy: anna })),
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const form = within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    fireEvent.click(within(form).getByLabelText('Skrevet med borgerens egne ord'));
    const field = within(form).getByLabelText('Borgerens ønsker og mål');
    fireEvent.change(field, { target: { value: `${text} Og mere.` } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(form).findAllByText('Teksten må højst være 10.000 tegn.');
    fireEvent.change(field, { target: { value: text } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(wishes).queryByText('Borgerens egne ord')).toBeNull());
  });

  it('a change of only the checkbox that meets the user\'s own save in another window says so, not "en anden"', async () => {
    const lager = 'Jeg vil gerne arbejde på et lager.';
    const mocks = [
      planDescription(),
      {
        request: { query: UpdateDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Jeg vil gerne arbejde i en butik.', inCitizensOwnWords: false, expectedVersion: 1 } } },
        error: new CombinedGraphQLErrors({
          errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 's-CITIZEN_WISHES', text: lager, inCitizensOwnWords: true, version: 2, updatedById: 'u-anna' } } }],
        }),
      },
    ];
    // The plan page as Anna Holm has it open: she is the one signed in.
    const annaOnThePlan = { open: () => () => undefined, newestHeard: () => null, lastSavedBy: () => null, lastSavedByMe: () => false, isMe: (id: string | null | undefined) => id === 'u-anna' };
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <RecordEditingContext.Provider value={annaOnThePlan}>
          <DescriptionCard planId={PLAN} canEdit />
        </RecordEditingContext.Provider>
      </MockedProvider>,
    );
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const form = within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    fireEvent.click(within(form).getByLabelText('Skrevet med borgerens egne ord'));
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const view = await within(wishes).findByTestId('conflict-view');
    expect(within(view).getByRole('heading', { name: 'Afsnittet er gemt af dig i et andet vindue, mens du redigerede' })).toBeTruthy();
    expect(wishes.textContent).not.toMatch(/en anden/i);
    // The mark as the user set it, to keep or drop; the text as saved in the other window.
    const mark = within(view).getByRole('group', { name: 'Skrevet med borgerens egne ord' });
    expect(mark.textContent).toContain('Nej (din ændring)');
    expect(within(view).getByRole('group', { name: 'Borgerens ønsker og mål' }).textContent).toContain(`${lager} (ændret)`);
  });

  it('a change of only the checkbox is saved on the text and version seen when the form opened: a text saved meanwhile is shown to choose on, not marked unseen', async () => {
    const butik = 'Jeg vil gerne arbejde i en butik.';
    const lager = 'Jeg vil gerne arbejde på et lager.';
    const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
    const bents = section('CITIZEN_WISHES', 'Mine ønsker og mål', { text: lager, inCitizensOwnWords: true, version: 2, updatedAt: CHANGED_AT, updatedBy: bent });
    const sentOnNewer = jest.fn();
    const live = renderLive([
      // Read again on a live event: Bent has saved a new text meanwhile.
      ...readTwice(bents),
      {
        request: { query: UpdateDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: butik, inCitizensOwnWords: false, expectedVersion: 1 } } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 's-CITIZEN_WISHES', text: lager, inCitizensOwnWords: true, version: 2 } } }] }),
      },
      // Sent first, this would mark Bent's text, which the user has not seen, as not the citizen's own words.
      {
        request: { query: UpdateDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: lager, inCitizensOwnWords: false, expectedVersion: 2, baseVersion: 1 } } },
        result: () => {
          sentOnNewer();
          return { data: { updateDescriptionSection: { ...bents, inCitizensOwnWords: false, version: 3 } } };
        },
      },
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const form = () => within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    fireEvent.click(within(form()).getByLabelText('Skrevet med borgerens egne ord'));

    await live.readAgain();
    await waitFor(() => expect(within(wishes).getByText(lager, { selector: '.description-text' })).toBeTruthy());
    expect((within(form()).getByLabelText('Borgerens ønsker og mål') as HTMLTextAreaElement).value).toBe(butik);

    fireEvent.click(within(form()).getByRole('button', { name: 'Gem' }));
    const view = await within(wishes).findByTestId('conflict-view');
    expect(sentOnNewer).not.toHaveBeenCalled();
    // Bent's text, which the user did not change, and the mark as the user set it.
    expect(within(view).getByRole('group', { name: 'Borgerens ønsker og mål' }).textContent).toContain('Du har ikke ændret feltet; den nyeste udgave gælder.');
    expect(within(view).getByRole('group', { name: 'Skrevet med borgerens egne ord' }).textContent).toContain('Nej (din ændring)');

    // Seen, and saved: now on the text and version shown.
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await waitFor(() => expect(sentOnNewer).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(wishes).queryByText('Borgerens egne ord')).toBeNull());
  });

  it('a text saved while a colleague changed the mark keeps their mark: it is one of the fields of the conflict, not undone from the copy the form opened with', async () => {
    const butik = 'Jeg vil gerne arbejde i en butik.';
    const mine = `${butik} Gerne om formiddagen.`;
    const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
    // Bent has taken the mark off meanwhile; the text is as the form opened on it.
    const bents = section('CITIZEN_WISHES', 'Mine ønsker og mål', { text: butik, inCitizensOwnWords: false, version: 2, updatedAt: CHANGED_AT, updatedBy: bent });
    const sent = jest.fn();
    const live = renderLive([
      ...readTwice(bents),
      {
        request: { query: UpdateDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: mine, inCitizensOwnWords: true, expectedVersion: 1 } } },
        error: new CombinedGraphQLErrors({
          errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { id: 's-CITIZEN_WISHES', text: butik, inCitizensOwnWords: false, version: 2, updatedBy: { id: 'u-bent', name: 'Bent Sørensen' } } } }],
        }),
      },
      // My text on the newest version, with Bent's mark.
      updateMock({ planId: PLAN, kind: 'CITIZEN_WISHES', text: mine, inCitizensOwnWords: false, expectedVersion: 2, baseVersion: 1 }, sent, { ...bents, text: mine, version: 3 }),
    ]);
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const form = within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    fireEvent.change(within(form).getByLabelText('Borgerens ønsker og mål'), { target: { value: mine } });

    await live.readAgain();
    await waitFor(() => expect(within(wishes).queryByText('Borgerens egne ord')).toBeNull());
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    const view = await within(wishes).findByTestId('conflict-view');
    const mark = within(view).getByRole('group', { name: 'Skrevet med borgerens egne ord' });
    expect(within(mark).getByText('Bent Sørensens udgave').nextElementSibling?.textContent).toBe('Nej (ændret)');
    expect(mark.textContent).toContain('Ja (ikke ændret af dig)');
    expect(mark.textContent).toContain('Du har ikke ændret feltet; den nyeste udgave gælder.');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(wishes).getByText(mine, { selector: '.description-text' })).toBeTruthy());
    expect(within(wishes).queryByText('Borgerens egne ord')).toBeNull();
  });

  it('a form left open when the citizen writes the section keeps what the user typed and their place, says why, and cannot save', async () => {
    // On a fake clock (that also runs by itself, for the reading again), so that a notice that
    // is not there is known not to be on its way either.
    jest.useFakeTimers({ advanceTimers: true });
    const typed = 'Per vil gerne prøve en praktik i en butik.';
    const citizens = section('CITIZEN_WISHES', 'Mine ønsker og mål', { text: 'Jeg vil arbejde med dyr.', inCitizensOwnWords: true, authorKind: 'CITIZEN', version: 2, updatedAt: CHANGED_AT });
    // Read again on a live event: the citizen has written the section in Min plan.
    const live = renderLive(readTwice(citizens));
    await waitFor(() => expect(within(card()).getAllByTestId('description-section')).toHaveLength(4));
    const wishes = item('Borgerens ønsker og mål');
    fireEvent.click(within(wishes).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }));
    const field = within(wishes).getByLabelText('Borgerens ønsker og mål') as HTMLTextAreaElement;
    field.focus();
    fireEvent.change(field, { target: { value: typed } });

    await live.readAgain();
    await waitFor(() => expect(within(wishes).getByText('Jeg vil arbejde med dyr.', { selector: '.description-text' })).toBeTruthy());
    const form = within(wishes).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    // Their text and their place are still there; the card says why it cannot be saved.
    expect(within(form).getByLabelText('Borgerens ønsker og mål')).toBe(field);
    expect(field.value).toBe(typed);
    expect(document.activeElement).toBe(field);
    expect(within(wishes).getByRole('alert').textContent).toContain('Borgeren har selv skrevet i afsnittet "Borgerens ønsker og mål"');
    expect(within(wishes).getByRole('alert').textContent).toContain('Derfor kan din tekst ikke gemmes.');
    expect((within(form).getByRole('button', { name: 'Gem' }) as HTMLButtonElement).disabled).toBe(true);
    // No "a colleague saved, compare when you save": there is nothing to save on top of.
    act(() => jest.advanceTimersByTime(STATUS_FILL_DELAY_MS));
    expect(within(wishes).queryByText(/Når du gemmer, kan du sammenligne/)).toBeNull();

    // Closed, the section is the citizen's to change: no "Redigér", and focus on its heading.
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Kassér' }));
    expect(within(wishes).queryByRole('form')).toBeNull();
    expect(within(wishes).queryByRole('button', { name: /^Redigér/ })).toBeNull();
    expect(document.activeElement).toBe(within(wishes).getByRole('heading', { name: 'Borgerens ønsker og mål' }));
  });
});

describe('Samlet beskrivelse beside Borgerens egne ord', () => {
  /** The citizen's own words as the plan reads them: the same two sections, under the server's first-person titles. */
  function citizenWords(): MockLink.MockedResponse {
    const own = sections().filter((s) => s.kind === 'CITIZEN_WISHES' || s.kind === 'HELP_WANTED');
    return {
      request: { query: PlanCitizenWordsQuery, variables: { planId: PLAN_ID } },
      result: {
        data: {
          plan: {
            __typename: 'Plan', id: PLAN_ID, citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen' },
            citizenOwnWords: { __typename: 'CitizenOwnWords', id: PLAN_ID, sections: own, heldMeetings: [], meetingRequests: [], lastSeen: null },
          },
        },
      },
      maxUsageCount: Number.POSITIVE_INFINITY,
    };
  }
  // Each section's heading (h3 under the card's h2); "Borgerens egne ord" has the citizen's requests and comments beside them.
  const headings = (region: string) => {
    const card = within(screen.getByRole('region', { name: region }));
    const shown = region === 'Samlet beskrivelse' ? card.getAllByRole('heading', { level: 3 }) : card.getAllByTestId('citizen-section').map((li) => within(li).getByRole('heading', { level: 3 }));
    return shown.map((h) => h.textContent);
  };

  it("names the caseworker's sections about the citizen's wishes as the citizen's, apart from the citizen's own first-person headings", async () => {
    renderPlanPage({ viewer: 'anna', sectionMocks: [describedWith(PLAN_ID, sections()), citizenWords()] });
    await waitFor(() => expect(headings('Samlet beskrivelse')).toHaveLength(4));
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Borgerens egne ord' })).getAllByTestId('citizen-section')).toHaveLength(2));
    expect(headings('Samlet beskrivelse')).toEqual(['Ressourcer', 'Udfordringer', 'Borgerens ønsker og mål', 'Det vil borgeren gerne have hjælp til']);
    const own = screen.getByRole('region', { name: 'Borgerens egne ord' });
    expect(headings('Borgerens egne ord')).toEqual(['Mine ønsker og mål', 'Det vil jeg gerne have hjælp til']);
    expect(own.textContent).toContain('Et afsnit, borgeren har skrevet, kan kun borgeren ændre.');
    // The wishes were written by Anna until Per writes in them: not "only the citizen" then, and the card says so.
    const wishes = within(own).getAllByTestId('citizen-section').find((li) => li.getAttribute('data-kind') === 'CITIZEN_WISHES')!;
    expect(wishes.textContent).toMatch(/Skrevet af Anna Holm, .*\. Borgeren kan selv skrive videre i det\./);
  });
});
