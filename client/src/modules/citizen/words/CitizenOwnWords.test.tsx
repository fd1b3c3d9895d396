import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useApolloClient } from '@apollo/client/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../../core/apollo';
import { formatDateTime } from '../../../core/format';
import { followUnsavedText, hasUnsavedText } from '../../../core/unsaved-text';
import { CitizenOwnWords } from './CitizenOwnWords';
import { MarkMyPlanSeenMutation, MyOwnWordsQuery, RequestMeetingMutation, WriteMyDescriptionSectionMutation, WriteMyMeetingCommentMutation } from './citizenWords.documents';

const PLAN = 'plan-per';
const AT = '2026-11-30T09:15:00.000Z';

const section = (kind: string, title: string, text: string, version: number, authorKind = 'CITIZEN') =>
  ({ __typename: 'DescriptionSection', id: `s-${kind}`, kind, title, text, authorKind, version, updatedAt: version ? AT : null });

const WISHES = section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med dyr', 1);
const HELP = section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', '', 0);
const HELD = { __typename: 'CitizenHeldMeeting', followUpId: 'f-1', heldAt: '2026-11-04T09:00:00.000Z', mode: 'PHONE', comment: null };

/** The own words as the server answers them (as the fixture above unless told), however often they are read. */
function words(overrides: { sections?: unknown[]; heldMeetings?: unknown[] } = {}): MockLink.MockedResponse {
  return {
    request: { query: MyOwnWordsQuery, variables: { planId: PLAN } },
    result: {
      data: {
        myOwnWords: {
          __typename: 'CitizenOwnWords', id: PLAN,
          sections: overrides.sections ?? [WISHES, HELP],
          heldMeetings: overrides.heldMeetings ?? [HELD],
          meetingRequests: [],
          lastSeen: null,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** The own words as first read, once; what is read after that comes from the mocks given. */
const firstRead = (): MockLink.MockedResponse => ({ ...words(), maxUsageCount: 1 });

/** A save refused because someone saved the record since the version sent. */
const conflictWith = (current: Record<string, unknown>) =>
  new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }] });

/** The client, to read the own words again as a live event on Min plan does (CitizenPlanPage). */
let client: ApolloClient;
function GrabClient() {
  client = useApolloClient();
  return null;
}
const readAgain = () => act(async () => {
  await client.refetchQueries({ include: [MyOwnWordsQuery] }).catch(() => undefined);
});

/** Renders the own words with the mocks given instead of the fixture's reading. */
function renderOnly(mocks: MockLink.MockedResponse[]) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      {/* One child: MockedProvider renders a single element only. */}
      <>
        <GrabClient />
        <CitizenOwnWords planId={PLAN} />
      </>
    </MockedProvider>,
  );
}

function renderWords(mocks: MockLink.MockedResponse[]) {
  return render(
    <MockedProvider mocks={[words(), ...mocks]} cache={createCache()}>
      <CitizenOwnWords planId={PLAN} />
    </MockedProvider>,
  );
}

describe("the citizen's own words", () => {
  it('a section staff filled in before Per wrote in it is shown as theirs, not put in his box as his own words to save', async () => {
    const byStaff = section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Per ønsker at arbejde med dyr', 1, 'STAFF');
    renderOnly([words({ sections: [byStaff, HELP] })]);
    const wishes = (await screen.findAllByTestId('own-section')).find((s) => s.dataset.kind === 'CITIZEN_WISHES')!;
    const staffText = within(wishes).getByTestId('staff-text');
    expect(staffText.querySelector('blockquote')?.textContent).toBe('Per ønsker at arbejde med dyr');
    expect(staffText.textContent).toContain(`Skrevet af en medarbejder på din plan, ${formatDateTime(AT)}:`);
    const field = within(wishes).getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement;
    expect(field.value).toBe('');
    // "Gem" pressed at once sends nothing: there is nothing of his own to save.
    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    expect(await within(wishes).findByText('Skriv en tekst.', { selector: '.field-error' })).toBeTruthy();
  });

  it('the requests sent show the time and form Per asked for', async () => {
    const request = { __typename: 'CitizenMeetingRequest', id: 'r-1', text: 'Mit praktiksted', wishedTime: 'en formiddag i næste uge', wishedMode: 'PHONE', requestedAt: AT, handledAt: null };
    const read = words();
    (read.result as { data: { myOwnWords: { meetingRequests: unknown[] } } }).data.myOwnWords.meetingRequests = [request];
    renderOnly([read]);
    expect((await screen.findByTestId('own-request-wish')).textContent).toBe('Ønsket tid: en formiddag i næste uge · Form: Telefon');
  });

  it('characters are counted as the server counts them: 2,001 "😀" are 2,001 of the 4,000, sent and saved', async () => {
    const smiles = '😀'.repeat(2_001);
    renderWords([{
      request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'HELP_WANTED', text: smiles, expectedVersion: 0 } } },
      result: { data: { writeMyDescriptionSection: section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', smiles, 1) } },
    }]);
    const help = await screen.findByTestId('own-section-HELP_WANTED');
    fireEvent.change(within(help).getByLabelText('Det vil jeg gerne have hjælp til'), { target: { value: smiles } });
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    await within(help).findByText('»Det vil jeg gerne have hjælp til« er gemt.');
  });

  it('an empty section is refused in the error summary, which links to the field', async () => {
    renderWords([]);
    const help = await screen.findByTestId('own-section-HELP_WANTED');
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    const summary = await within(help).findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Skriv en tekst.' })).toBeTruthy();
    expect(within(help).getByLabelText('Det vil jeg gerne have hjælp til').getAttribute('aria-invalid')).toBe('true');
  });

  it('Per takes back what he wrote: the emptied box asks first, "Fortryd" sends nothing, "Ja, fjern det" saves it empty', async () => {
    const sent = jest.fn();
    renderWords([{
      request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: '', expectedVersion: 1 } } },
      result: () => {
        sent();
        return { data: { writeMyDescriptionSection: { ...section('CITIZEN_WISHES', 'Mine ønsker og mål', '', 2), inCitizensOwnWords: false } } };
      },
    }]);
    const wishes = await screen.findByTestId('own-section-CITIZEN_WISHES');
    const field = within(wishes).getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement;
    expect(field.value).toBe('Arbejde med dyr');
    fireEvent.change(field, { target: { value: '  ' } });
    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    // Not "Skriv en tekst.": the question, with the focus on it.
    const question = await within(wishes).findByText('Vil du fjerne det, du har skrevet?');
    expect(document.activeElement).toBe(question);
    expect(within(wishes).queryByText('Skriv en tekst.')).toBeNull();
    fireEvent.click(within(wishes).getByRole('button', { name: 'Fortryd' }));
    expect(within(wishes).queryByText('Vil du fjerne det, du har skrevet?')).toBeNull();
    expect(sent).not.toHaveBeenCalled();

    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    fireEvent.click(await within(wishes).findByRole('button', { name: 'Ja, fjern det' }));
    await within(wishes).findByText('Det, du skrev i »Mine ønsker og mål«, er fjernet.');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(within(wishes).queryByText('Vil du fjerne det, du har skrevet?')).toBeNull();
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
    await within(wishes).findByText('»Mine ønsker og mål« er gemt.');
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('a text as long as allowed, with a space or a line break after it, is sent without them and saved', async () => {
    const full = 'a'.repeat(4_000);
    renderWords([{
      request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'HELP_WANTED', text: full, expectedVersion: 0 } } },
      result: { data: { writeMyDescriptionSection: section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', full, 1) } },
    }]);
    const help = await screen.findByTestId('own-section-HELP_WANTED');
    fireEvent.change(within(help).getByLabelText('Det vil jeg gerne have hjælp til'), { target: { value: `${full} \n` } });
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    await within(help).findByText('»Det vil jeg gerne have hjælp til« er gemt.');
  });

  it('a saved section stays open with its text, and leaving the page no longer asks', async () => {
    followUnsavedText();
    renderWords([{
      request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'HELP_WANTED', text: 'Struktur på dagen', expectedVersion: 0 } } },
      result: { data: { writeMyDescriptionSection: section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', 'Struktur på dagen', 1) } },
    }]);
    const help = await screen.findByTestId('own-section-HELP_WANTED');
    fireEvent.change(within(help).getByLabelText('Det vil jeg gerne have hjælp til'), { target: { value: 'Struktur på dagen' } });
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    await within(help).findByText('»Det vil jeg gerne have hjælp til« er gemt.');
    expect(within(help).getByLabelText('Det vil jeg gerne have hjælp til')).toHaveProperty('value', 'Struktur på dagen');
    expect(hasUnsavedText()).toBe(false);
  });

  it('a comment refused because the forløb has ended keeps its text, says why, and tells Min plan, which reads the plan again', async () => {
    const ended = new CombinedGraphQLErrors({ errors: [{ message: 'Dit forløb er afsluttet, så du kan ikke længere skrive i planen.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } }] });
    const onEnded = jest.fn();
    render(
      <MockedProvider mocks={[words(), { request: { query: WriteMyMeetingCommentMutation, variables: { input: { followUpId: 'f-1', text: 'Det var en god samtale.', expectedVersion: 0 } } }, error: ended }]} cache={createCache()}>
        <CitizenOwnWords planId={PLAN} onEnded={onEnded} />
      </MockedProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /^Skriv en kommentar/ }));
    const form = within(screen.getByTestId('own-meeting-comment'));
    fireEvent.change(form.getByLabelText('Din kommentar'), { target: { value: 'Det var en god samtale.' } });
    fireEvent.click(form.getByRole('button', { name: 'Gem kommentar' }));
    const alert = await form.findByRole('alert');
    expect(alert.textContent).toBe('Det blev ikke gemtDit forløb er afsluttet, så det, du har skrevet, kan ikke længere gemmes i din plan. Teksten står stadig her, så du kan kopiere den.');
    expect((form.getByLabelText('Din kommentar') as HTMLTextAreaElement).value).toBe('Det var en god samtale.');
    expect(onEnded).toHaveBeenCalledTimes(1);
  });

  it('a request sent while the plan has no coordinator says it is saved, and to contact the municipality; with one, that it went to them', async () => {
    const input = { planId: PLAN, text: 'Om praktikken', wishedTime: null, wishedMode: null };
    const sent = { requestMeeting: { __typename: 'CitizenMeetingRequest', id: 'rq-1', text: 'Om praktikken', wishedTime: null, wishedMode: null, requestedAt: '2026-12-06T09:00:00.000Z', handledAt: null } };
    for (const [hasCoordinator, said] of [
      [false, 'Dit ønske om en samtale er gemt i din plan. Du har ikke en koordinerende sagsbehandler lige nu, så kontakt også kommunen.'],
      [true, 'Dit ønske om en samtale er sendt til din koordinerende sagsbehandler.'],
    ] as const) {
      const { unmount } = render(
        <MockedProvider mocks={[words(), { request: { query: RequestMeetingMutation, variables: { input } }, result: { data: sent } }, words()]} cache={createCache()}>
          <CitizenOwnWords planId={PLAN} hasCoordinator={hasCoordinator} />
        </MockedProvider>,
      );
      const form = await screen.findByTestId('own-request');
      fireEvent.change(within(form).getByLabelText('Hvad vil du gerne tale om?'), { target: { value: 'Om praktikken' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Send ønsket' }));
      expect(await screen.findByText(said)).toBeTruthy();
      unmount();
    }
  });

  it('how to talk is asked in the citizen’s words: »Det er lige meget« first and chosen, sent as no wish; a way chosen is sent as chosen', async () => {
    const asked = (wishedMode: string | null) => ({
      request: { query: RequestMeetingMutation, variables: { input: { planId: PLAN, text: 'Om praktikken', wishedTime: null, wishedMode } } },
      result: { data: { requestMeeting: { __typename: 'CitizenMeetingRequest', id: `rq-${wishedMode}`, text: 'Om praktikken', wishedTime: null, wishedMode, requestedAt: '2026-12-06T09:00:00.000Z', handledAt: null } } },
    });
    renderWords([asked(null), words(), asked('PHONE'), words()]);
    const form = await screen.findByTestId('own-request', {}, { timeout: 5_000 });
    const mode = within(form).getByLabelText('Hvordan vil du helst tale sammen?') as HTMLSelectElement;
    expect(Array.from(mode.options, (o) => o.text)).toEqual(['Det er lige meget', 'Fremmøde', 'Telefon', 'Video']);
    expect(mode.selectedOptions[0].text).toBe('Det er lige meget');
    const send = async () => {
      fireEvent.change(within(form).getByLabelText('Hvad vil du gerne tale om?'), { target: { value: 'Om praktikken' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Send ønsket' }));
      expect(await screen.findByText('Dit ønske om en samtale er sendt til din koordinerende sagsbehandler.', {}, { timeout: 5_000 })).toBeTruthy();
    };
    await send();
    // After a request the form starts again from »Det er lige meget«.
    await waitFor(() => expect(mode.selectedOptions[0].text).toBe('Det er lige meget'));
    fireEvent.change(mode, { target: { value: 'PHONE' } });
    await send();
  });

  it('"Jeg har set planen" refused because the forløb has ended meanwhile tells Min plan, which reads the plan again', async () => {
    const ended = new CombinedGraphQLErrors({ errors: [{ message: 'Dit forløb er afsluttet, så du kan ikke længere skrive i planen.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } }] });
    const onEnded = jest.fn();
    render(
      <MockedProvider mocks={[words(), { request: { query: MarkMyPlanSeenMutation, variables: { planId: PLAN } }, error: ended }]} cache={createCache()}>
        <CitizenOwnWords planId={PLAN} onEnded={onEnded} />
      </MockedProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Jeg har set planen' }));
    await waitFor(() => expect(onEnded).toHaveBeenCalledTimes(1));
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
  it('a section is saved on the version its draft started from: a text the coordinator saved meanwhile is not overwritten unseen', async () => {
    const LATER = '2026-12-01T10:30:00.000Z';
    const coordinators = { ...section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med heste', 2), updatedAt: LATER };
    const overwritten = jest.fn();
    renderOnly([
      firstRead(),
      // Read again after the citizen's save of the other section: the coordinator's text came meanwhile.
      words({ sections: [coordinators, section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', 'Hjælp til mit CV', 1)] }),
      {
        request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'HELP_WANTED', text: 'Hjælp til mit CV', expectedVersion: 0 } } },
        result: { data: { writeMyDescriptionSection: section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', 'Hjælp til mit CV', 1) } },
      },
      {
        request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Arbejde med hunde', expectedVersion: 1 } } },
        error: conflictWith({ id: 's-CITIZEN_WISHES', text: 'Arbejde med heste', version: 2 }),
      },
      // What a save on the version read since would do: the coordinator's text gone, unseen.
      {
        request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Arbejde med hunde', expectedVersion: 2 } } },
        result: () => {
          overwritten();
          return { data: { writeMyDescriptionSection: section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med hunde', 3) } };
        },
      },
    ]);
    const wishes = await screen.findByTestId('own-section-CITIZEN_WISHES');
    fireEvent.change(within(wishes).getByLabelText('Mine ønsker og mål'), { target: { value: 'Arbejde med hunde' } });

    const help = screen.getByTestId('own-section-HELP_WANTED');
    fireEvent.change(within(help).getByLabelText('Det vil jeg gerne have hjælp til'), { target: { value: 'Hjælp til mit CV' } });
    fireEvent.click(within(help).getByRole('button', { name: 'Gem' }));
    await within(help).findByText('»Det vil jeg gerne have hjælp til« er gemt.');
    // The own words are read again: the coordinator's save shows by the section.
    await screen.findByText(formatDateTime(LATER));

    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    const alert = await within(wishes).findByRole('alert');
    expect(alert.textContent).toContain('Din tekst er ikke gemt');
    expect(alert.textContent).toContain('Arbejde med heste');
    expect((within(wishes).getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement).value).toBe('Arbejde med hunde');
    expect(overwritten).not.toHaveBeenCalled();
  });

  it('a draft not written in yet follows a newer saved text, and is saved on its version', async () => {
    const saved = jest.fn();
    renderOnly([
      firstRead(),
      words({ sections: [section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med heste', 2), HELP] }),
      {
        request: { query: WriteMyDescriptionSectionMutation, variables: { input: { planId: PLAN, kind: 'CITIZEN_WISHES', text: 'Arbejde med heste og hunde', expectedVersion: 2 } } },
        result: () => {
          saved();
          return { data: { writeMyDescriptionSection: section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med heste og hunde', 3) } };
        },
      },
    ]);
    const wishes = await screen.findByTestId('own-section-CITIZEN_WISHES');
    const field = within(wishes).getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement;
    expect(field.value).toBe('Arbejde med dyr');
    await readAgain();
    await waitFor(() => expect(field.value).toBe('Arbejde med heste'));
    fireEvent.change(field, { target: { value: 'Arbejde med heste og hunde' } });
    fireEvent.click(within(wishes).getByRole('button', { name: 'Gem' }));
    await within(wishes).findByText('»Mine ønsker og mål« er gemt.');
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('a comment is saved on the version read when its form opened: one saved meanwhile shows, and the citizen’s own text stays', async () => {
    const other = { __typename: 'CitizenMeetingComment', id: 'c-1', text: 'Tak for en god samtale', version: 1, updatedAt: AT };
    const overwritten = jest.fn();
    renderOnly([
      firstRead(),
      // Written meanwhile on another device: a live event reads the own words again.
      words({ heldMeetings: [{ ...HELD, comment: other }] }),
      {
        request: { query: WriteMyMeetingCommentMutation, variables: { input: { followUpId: 'f-1', text: 'Jeg vil gerne i praktik', expectedVersion: 0 } } },
        error: conflictWith({ id: 'c-1', text: 'Tak for en god samtale', version: 1 }),
      },
      {
        request: { query: WriteMyMeetingCommentMutation, variables: { input: { followUpId: 'f-1', text: 'Jeg vil gerne i praktik', expectedVersion: 1 } } },
        result: () => {
          overwritten();
          return { data: { writeMyMeetingComment: { ...other, text: 'Jeg vil gerne i praktik', version: 2 } } };
        },
      },
    ]);
    const meeting = await screen.findByTestId('own-meeting');
    fireEvent.click(within(meeting).getByRole('button', { name: /^Skriv en kommentar/ }));
    const form = within(meeting).getByTestId('own-meeting-comment');
    fireEvent.change(within(form).getByLabelText('Din kommentar'), { target: { value: 'Jeg vil gerne i praktik' } });
    await readAgain();
    await within(meeting).findByText('Tak for en god samtale', { selector: 'li > blockquote' });

    fireEvent.click(within(form).getByRole('button', { name: 'Gem kommentar' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Tak for en god samtale');
    expect((within(form).getByLabelText('Din kommentar') as HTMLTextAreaElement).value).toBe('Jeg vil gerne i praktik');
    expect(overwritten).not.toHaveBeenCalled();
  });

  it('a failed reading again keeps the forms and what the citizen is writing, with a notice', async () => {
    renderOnly([firstRead(), { request: { query: MyOwnWordsQuery, variables: { planId: PLAN } }, error: new Error('Netværket svarede ikke.') }]);
    const wishes = await screen.findByTestId('own-section-CITIZEN_WISHES');
    fireEvent.change(within(wishes).getByLabelText('Mine ønsker og mål'), { target: { value: 'Arbejde med hunde' } });
    await readAgain();
    expect(await screen.findByText('Dine egne ord kunne ikke opdateres')).toBeTruthy();
    expect(screen.queryByText('Dine egne ord kunne ikke vises')).toBeNull();
    expect((within(screen.getByTestId('own-section-CITIZEN_WISHES')).getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement).value).toBe('Arbejde med hunde');
  });
  it('a comment being written on the third samtale stays, with the text and the place, when a new samtale is recorded', async () => {
    const heldOn = (id: string, day: number) => ({ ...HELD, followUpId: id, heldAt: `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z` });
    const three = [heldOn('f-3', 20), heldOn('f-2', 13), heldOn('f-1', 6)];
    renderOnly([{ ...words({ heldMeetings: three }), maxUsageCount: 1 }, words({ heldMeetings: [heldOn('f-4', 27), ...three] })]);
    await screen.findAllByTestId('own-meeting');
    const third = screen.getAllByTestId('own-meeting')[2];
    fireEvent.click(within(third).getByRole('button', { name: /^Skriv en kommentar/ }));
    const field = within(third).getByLabelText('Din kommentar') as HTMLTextAreaElement;
    fireEvent.change(field, { target: { value: 'Jeg fik styr på mine papirer.' } });
    expect(document.activeElement).toBe(field);

    await readAgain();
    await screen.findByRole('button', { name: 'Vis alle 4 samtaler' });
    // The newest three, and the one the citizen is writing in: the same form, text and focus.
    expect(screen.getAllByTestId('own-meeting')).toHaveLength(4);
    expect(within(third).getByLabelText('Din kommentar')).toBe(field);
    expect(third.isConnected).toBe(true);
    expect(field.value).toBe('Jeg fik styr på mine papirer.');
    expect(document.activeElement).toBe(field);
  });

  describe('on paper', () => {
    const printed = (el: Element) => !el.closest('.no-print');
    const comment = { __typename: 'CitizenMeetingComment', id: 'c-1', text: 'Det var en god snak', version: 1, updatedAt: AT };
    const heldOn = (id: string, day: number, withComment = false) =>
      ({ ...HELD, followUpId: id, heldAt: `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`, comment: withComment ? { ...comment, id: `c-${id}` } : null });

    it('a samtale without a comment is left out, and the section with it while Per has commented on none', async () => {
      renderOnly([words({ heldMeetings: [heldOn('f-2', 13), heldOn('f-1', 6)] })]);
      const meetings = await screen.findAllByTestId('own-meeting', undefined, { timeout: 5_000 });
      expect(meetings.filter(printed)).toEqual([]);
      expect(printed(screen.getByRole('heading', { name: 'Mine kommentarer til samtaler' }))).toBe(false);
    });

    it('with no samtale held, the section is left out', async () => {
      renderOnly([words({ heldMeetings: [] })]);
      const none = await screen.findByText('Du har ikke haft nogen samtaler endnu.', undefined, { timeout: 5_000 });
      expect(printed(none)).toBe(false);
    });

    it('the samtaler Per commented on print, also one past the newest three, and only those', async () => {
      renderOnly([words({ heldMeetings: [heldOn('f-4', 27), heldOn('f-3', 20, true), heldOn('f-2', 13), heldOn('f-1', 6, true)] })]);
      const meetings = await screen.findAllByTestId('own-meeting', undefined, { timeout: 5_000 });
      expect(printed(screen.getByRole('heading', { name: 'Mine kommentarer til samtaler' }))).toBe(true);
      expect(meetings.filter(printed).map((m) => m.querySelector('h3')?.textContent)).toEqual([
        `Samtalen ${formatDateTime('2026-11-20T09:00:00.000Z')} (telefon)`,
        `Samtalen ${formatDateTime('2026-11-06T09:00:00.000Z')} (telefon)`,
      ]);
      // The fourth is past "Vis alle" on screen: on paper it shows all the same.
      expect(meetings[3]!.classList.contains('print-only')).toBe(true);
    });

    it('one past the newest three without a comment stays off the screen as well as off the paper', async () => {
      renderOnly([words({ heldMeetings: [heldOn('f-4', 27), heldOn('f-3', 20), heldOn('f-2', 13), heldOn('f-1', 6)] })]);
      const meetings = await screen.findAllByTestId('own-meeting', undefined, { timeout: 5_000 });
      expect(meetings.map((m) => m.classList.contains('print-only'))).toEqual([false, false, false, true]);
      expect(meetings.filter(printed)).toEqual([]);
    });
  });
});
