import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatDateTime } from '../../core/format';
import { DISCARD_QUESTION } from '../../core/forms/FormParts';
import { hasUnsavedText } from '../../core/unsaved-text';
import { gamleSocial, jobcenterSyd, mockOf, psykiatri, refusal, renderWith, staffMember, staffMock, unit, unitRef, unitsMock } from '../../test-support/admin';
import { makeFragmentData } from '../../gql';
import { AdminStaffFragment, AdminUnitFragment, CloseUnitMutation, CreateUnitMutation, RenameUnitMutation, ReopenUnitMutation } from './admin';
import { placeStaff } from './adminCache';
import { UnitsPanel } from './UnitsPanel';

const unitResult = (u: ReturnType<typeof unit>) => makeFragmentData(u, AdminUnitFragment);

function renderPanel(mocks: Parameters<typeof renderWith>[0]) {
  renderWith(mocks, <UnitsPanel />);
}

const card = (name: string) => screen.getByRole('article', { name });

/** Staff of the municipality as the Medarbejdere tab lists them: none of them in Socialpsykiatri. */
const anna = staffMember({ id: 'u-anna', name: 'Anna Jensen', unit: unitRef(jobcenterSyd) });
const elsewhere = staffMock([anna]);

/** The unit conflict's server message (closeUnit, renameUnit, reopenUnit on a version not read). */
const CHANGED = 'Enheden er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.';
const fact = (article: HTMLElement, term: string) => within(article).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

describe('Administration: Enheder', () => {
  it('lists the open units, then the closed ones, with kind and status in Danish', async () => {
    renderPanel([unitsMock([jobcenterSyd, psykiatri, gamleSocial])]);
    expect(screen.getByRole('heading', { level: 2, name: 'Enheder' })).toBeTruthy();
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    expect(screen.getByRole('heading', { level: 3, name: 'Åbne enheder (2)' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'Lukkede enheder (1)' })).toBeTruthy();
    expect(screen.getAllByRole('article').map((a) => within(a).getByRole('heading', { level: 4 }).textContent)).toEqual([
      'Jobcenter Syd',
      'Socialpsykiatri',
      'Gamle Socialforvaltning',
    ]);
    expect(fact(card('Jobcenter Syd'), 'Art')).toBe('Beskæftigelse');
    expect(fact(card('Socialpsykiatri'), 'Art')).toBe('Social');
    expect(fact(card('Socialpsykiatri'), 'Status')).toBe('Åben');
    expect(fact(card('Gamle Socialforvaltning'), 'Status')).toBe(`Lukket ${formatDateTime(gamleSocial.closedAt)}`);
    expect(within(card('Socialpsykiatri')).getByRole('button', { name: 'Luk enhed Socialpsykiatri' })).toBeTruthy();
    expect(within(card('Gamle Socialforvaltning')).getByRole('button', { name: 'Genåbn Gamle Socialforvaltning' })).toBeTruthy();
    expect(within(card('Gamle Socialforvaltning')).queryByRole('button', { name: /^Luk enhed/ })).toBeNull();
  });

  it('creates a unit with its name and kind, and puts it in the list', async () => {
    const created = unit({ id: 'unit-handicap', name: 'Handicap og udsatte', kind: 'SOCIAL' });
    renderPanel([
      unitsMock([jobcenterSyd, psykiatri]),
      mockOf(CreateUnitMutation, { input: { name: 'Handicap og udsatte', kind: 'SOCIAL' } }, { data: { createUnit: unitResult(created) } }),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Opret enhed' }));
    const form = screen.getByRole('form', { name: 'Opret enhed' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Navn'));
    expect(within(form).getAllByRole('option').map((o) => o.textContent)).toEqual(['Beskæftigelse', 'Social', 'Sundhed']);
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: '  Handicap og udsatte ' } });
    fireEvent.change(within(form).getByLabelText('Art'), { target: { value: 'SOCIAL' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret enhed' }));
    const status = await screen.findByText('Enheden »Handicap og udsatte« (Social) er oprettet.');
    expect(document.activeElement).toBe(status);
    expect(screen.queryByRole('form', { name: 'Opret enhed' })).toBeNull();
    expect(fact(card('Handicap og udsatte'), 'Art')).toBe('Social');
    expect(screen.getByRole('heading', { name: 'Åbne enheder (3)' })).toBeTruthy();
  });

  it('asks for a name before sending, next to the field', async () => {
    // No mock for the mutation: had it been sent, its error would show as an alert.
    renderPanel([unitsMock([psykiatri])]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Opret enhed' }));
    const form = screen.getByRole('form', { name: 'Opret enhed' });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret enhed' }));
    const name = within(form).getByLabelText('Navn');
    const problem = within(form).getByText('Skriv enhedens navn.', { selector: '.field-error' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toContain(problem.id);
    // Focus goes to the summary of problems at the top of the form (core/forms/FormParts.tsx).
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a name longer than the server takes (100 characters) is refused by the field before sending', async () => {
    renderPanel([unitsMock([psykiatri])]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Opret enhed' }));
    const form = screen.getByRole('form', { name: 'Opret enhed' });
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Å'.repeat(101) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret enhed' }));
    expect(within(form).getByText('Navnet må højst være 100 tegn.', { selector: '.field-error' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the server’s words about the name by the field and in the summary, not in a box', async () => {
    // As the server refuses a name in use (units.service.ts): DUPLICATE_UNIT, naming the field.
    const taken = 'Der findes allerede en åben enhed med det navn i kommunen. Vælg et andet navn.';
    renderPanel([
      unitsMock([psykiatri]),
      mockOf(CreateUnitMutation, { input: { name: 'Socialpsykiatri', kind: 'SOCIAL' } }, refusal('DUPLICATE_UNIT', 'Der findes allerede en åben enhed med navnet "Socialpsykiatri". Vælg et andet navn.', { field: 'name' })),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Opret enhed' }));
    const form = screen.getByRole('form', { name: 'Opret enhed' });
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Socialpsykiatri' } });
    fireEvent.change(within(form).getByLabelText('Art'), { target: { value: 'SOCIAL' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret enhed' }));
    await waitFor(() => expect(within(form).getByLabelText('Navn').getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText(taken, { selector: '.field-error' })).toBeTruthy();
    // At the field and in the summary; not a third time in a box.
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual([taken]);
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('renames a unit inline', async () => {
    renderPanel([
      unitsMock([psykiatri]),
      mockOf(RenameUnitMutation, { input: { unitId: psykiatri.id, name: 'Psykiatri og misbrug', expectedVersion: 1 } }, { data: { renameUnit: unitResult({ ...psykiatri, name: 'Psykiatri og misbrug' }) } }),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri') as HTMLInputElement;
    expect(input.value).toBe('Socialpsykiatri');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'Psykiatri og misbrug' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem navn' }));
    const status = await screen.findByText('Enheden »Socialpsykiatri« hedder nu »Psykiatri og misbrug«.');
    expect(document.activeElement).toBe(status);
    expect(card('Psykiatri og misbrug')).toBeTruthy();
    expect(screen.queryByLabelText(/^Nyt navn til/)).toBeNull();
  });

  it('a rename being typed stays, with its text, when another administrator closes the unit meanwhile', async () => {
    let cache: ApolloCache | undefined;
    function GrabCache() {
      cache = useApolloClient().cache;
      return null;
    }
    renderWith([unitsMock([jobcenterSyd, psykiatri])], (
      <>
        <GrabCache />
        <UnitsPanel />
      </>
    ));
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'Psykiatri og misbrug' } });

    // The live update of the other administrator's change.
    act(() => cache!.writeFragment({ fragment: AdminUnitFragment, data: { ...psykiatri, closedAt: '2026-12-05T09:00:00.000Z' } }));
    await screen.findByRole('heading', { level: 3, name: 'Lukkede enheder (1)' });
    expect(screen.getByLabelText('Nyt navn til Socialpsykiatri')).toBe(input);
    expect(input.value).toBe('Psykiatri og misbrug');
  });

  it('asks for the new name before renaming, and puts focus on the field', async () => {
    // No mock for the mutation: had it been sent, its error would show as an alert.
    renderPanel([unitsMock([psykiatri])]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri');
    fireEvent.change(input, { target: { value: '   ' } });
    const save = screen.getByRole('button', { name: 'Gem navn' });
    // As a real click does, focus is on the button when the form is sent.
    save.focus();
    fireEvent.click(save);
    const problem = within(card('Socialpsykiatri')).getByText('Skriv enhedens navn.', { selector: '.field-error' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(problem.id);
    // Focus goes to the field, which names its problem: a screen reader says both.
    expect(document.activeElement).toBe(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a new name already in use is shown by the field, and the focus is put there', async () => {
    const taken = 'Der findes allerede en åben enhed med det navn i kommunen. Vælg et andet navn.';
    renderPanel([
      unitsMock([jobcenterSyd, psykiatri]),
      mockOf(RenameUnitMutation, { input: { unitId: psykiatri.id, name: 'Jobcenter Syd', expectedVersion: 1 } }, refusal('DUPLICATE_UNIT', 'Der findes allerede en åben enhed med navnet "Jobcenter Syd". Vælg et andet navn.', { field: 'name' })),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri');
    fireEvent.change(input, { target: { value: 'Jobcenter Syd' } });
    const save = screen.getByRole('button', { name: 'Gem navn' });
    save.focus();
    fireEvent.click(save);
    const problem = await within(card('Socialpsykiatri')).findByText(taken, { selector: '.field-error' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(problem.id);
    expect(document.activeElement).toBe(input);
    // The name typed is kept to correct.
    expect((input as HTMLInputElement).value).toBe('Jobcenter Syd');
  });

  it('Escape in the rename form does what "Annullér" does: closes at once with nothing typed, asks first with a name typed', async () => {
    renderPanel([unitsMock([psykiatri])]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    fireEvent.keyDown(screen.getByLabelText('Nyt navn til Socialpsykiatri'), { key: 'Escape' });
    expect(screen.queryByLabelText('Nyt navn til Socialpsykiatri')).toBeNull();
    expect(screen.queryByText(DISCARD_QUESTION)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'Psykiatri og misbrug' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(within(card('Socialpsykiatri')).getByText(DISCARD_QUESTION)).toBeTruthy();
    expect(input.value).toBe('Psykiatri og misbrug');
    fireEvent.click(screen.getByRole('button', { name: 'Kassér' }));
    expect(screen.queryByLabelText('Nyt navn til Socialpsykiatri')).toBeNull();
  });

  it('a new name the server refuses stays unsaved: "Annullér" asks first, and leaving the page would ask', async () => {
    renderPanel([
      unitsMock([jobcenterSyd, psykiatri]),
      mockOf(RenameUnitMutation, { input: { unitId: psykiatri.id, name: 'Jobcenter Syd', expectedVersion: 1 } }, refusal('DUPLICATE_UNIT', 'Der findes allerede en åben enhed med navnet "Jobcenter Syd". Vælg et andet navn.', { field: 'name' })),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    fireEvent.change(screen.getByLabelText('Nyt navn til Socialpsykiatri'), { target: { value: 'Jobcenter Syd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem navn' }));
    await within(card('Socialpsykiatri')).findByText(/allerede en åben enhed/, { selector: '.field-error' });
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Annullér' }));
    expect(within(card('Socialpsykiatri')).getByText(DISCARD_QUESTION)).toBeTruthy();
    expect((screen.getByLabelText('Nyt navn til Socialpsykiatri') as HTMLInputElement).value).toBe('Jobcenter Syd');
  });

  it('closes a unit after a confirmation that says what closing means', async () => {
    const closedAt = '2026-12-01T10:00:00.000Z';
    renderPanel([
      unitsMock([jobcenterSyd, psykiatri]),
      elsewhere,
      mockOf(CloseUnitMutation, { unitId: psykiatri.id, expectedVersion: 1 }, { data: { closeUnit: unitResult({ ...psykiatri, closedAt }) } }),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
    // The unit's staff are looked up first: it has none, so the question is asked.
    const confirm = await screen.findByRole('group', { name: 'Bekræft lukning af Socialpsykiatri' });
    const question = within(confirm).getByText(/^Luk Socialpsykiatri\?/);
    expect(question.textContent).toContain('kan ikke få nye medarbejdere');
    expect(document.activeElement).toBe(question);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Fortryd' }));
    expect(screen.queryByRole('group', { name: 'Bekræft lukning af Socialpsykiatri' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));

    fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, luk enheden' }));
    const status = await screen.findByText('Enheden »Socialpsykiatri« er lukket.');
    expect(document.activeElement).toBe(status);
    expect(fact(card('Socialpsykiatri'), 'Status')).toBe(`Lukket ${formatDateTime(closedAt)}`);
    expect(screen.getByRole('heading', { name: 'Lukkede enheder (1)' })).toBeTruthy();
    expect(within(card('Socialpsykiatri')).getByRole('button', { name: 'Genåbn Socialpsykiatri' })).toBeTruthy();
  });

  it('shows the server’s refusal to close next to the action, and the unit stays open', async () => {
    // The list read before someone was placed in the unit: the server counts them.
    const why = 'Enheden Socialpsykiatri har 1 medarbejder. Flyt eller deaktivér vedkommende under Medarbejdere, før enheden lukkes.';
    renderPanel([unitsMock([psykiatri]), elsewhere, mockOf(CloseUnitMutation, { unitId: psykiatri.id, expectedVersion: 1 }, refusal('RULE_VIOLATION', why, { rule: 'UNIT_HAS_STAFF' }))]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, luk enheden' }));
    const alert = await within(card('Socialpsykiatri')).findByRole('alert');
    expect(alert.textContent).toContain('Enheden blev ikke lukket');
    expect(alert.textContent).toContain(why);
    expect(alert.parentElement!.contains(document.activeElement)).toBe(true);
    expect(fact(card('Socialpsykiatri'), 'Status')).toBe('Åben');
  });

  it('reopens a closed unit after a confirmation', async () => {
    renderPanel([unitsMock([gamleSocial]), mockOf(ReopenUnitMutation, { unitId: gamleSocial.id, expectedVersion: 1 }, { data: { reopenUnit: unitResult({ ...gamleSocial, closedAt: null }) } })]);
    await screen.findByRole('article', { name: 'Gamle Socialforvaltning' });
    fireEvent.click(screen.getByRole('button', { name: 'Genåbn Gamle Socialforvaltning' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Bekræft genåbning af Gamle Socialforvaltning' })).getByRole('button', { name: 'Ja, genåbn' }));
    await screen.findByText('Enheden »Gamle Socialforvaltning« er genåbnet.');
    expect(fact(card('Gamle Socialforvaltning'), 'Status')).toBe('Åben');
    expect(screen.queryByRole('heading', { name: /^Lukkede enheder/ })).toBeNull();
  });

  it('shows in Danish when the units cannot be fetched', async () => {
    renderPanel([{ ...unitsMock([]), result: refusal('FORBIDDEN', 'Forbidden') }]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Enhederne kunne ikke hentes');
    expect(alert.textContent).toContain('Du har ikke adgang til at gøre dette.');
  });

  it('a rename on the version the form opened with gets CONFLICT: the field keeps what was typed, says what the unit is now, and saves on that version next', async () => {
    const now = unit({ name: 'Socialpsykiatrien', version: 2 });
    renderPanel([
      unitsMock([psykiatri]),
      mockOf(RenameUnitMutation, { input: { unitId: psykiatri.id, name: 'Psykiatri og misbrug', expectedVersion: 1 } },
        refusal('CONFLICT', CHANGED, { current: now })),
      mockOf(RenameUnitMutation, { input: { unitId: psykiatri.id, name: 'Psykiatri og misbrug', expectedVersion: 2 } }, { data: { renameUnit: unitResult({ ...now, name: 'Psykiatri og misbrug', version: 3 }) } }),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Omdøb Socialpsykiatri' }));
    const input = screen.getByLabelText('Nyt navn til Socialpsykiatri') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'Psykiatri og misbrug' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem navn' }));

    const alert = await screen.findByRole('alert');
    // One message, the server's, and no one blamed: it may have been this administrator in another window.
    expect(alert.textContent).toBe(`Enheden blev ikke omdøbt${CHANGED}`);
    expect(screen.getByTestId('unit-now').textContent).toBe('Sådan er det nu: »Socialpsykiatrien«, åben. Det, du skrev, står stadig i feltet.');
    // The card has the name the other administrator gave it; the field still holds this one's.
    expect(card('Socialpsykiatrien')).toBeTruthy();
    expect((screen.getByLabelText('Nyt navn til Socialpsykiatrien') as HTMLInputElement).value).toBe('Psykiatri og misbrug');

    fireEvent.click(screen.getByRole('button', { name: 'Gem navn' }));
    expect(await screen.findByText('Enheden »Socialpsykiatrien« hedder nu »Psykiatri og misbrug«.')).toBeTruthy();
    expect(card('Psykiatri og misbrug')).toBeTruthy();
  });

  it('a closing confirmed on an older version gets CONFLICT, and a second yes goes on the version the card now shows', async () => {
    const now = unit({ name: 'Socialpsykiatrien', version: 2 });
    const closedAt = '2026-12-05T09:00:00.000Z';
    renderPanel([
      unitsMock([psykiatri]),
      elsewhere,
      mockOf(CloseUnitMutation, { unitId: psykiatri.id, expectedVersion: 1 }, refusal('CONFLICT', CHANGED, { current: now })),
      mockOf(CloseUnitMutation, { unitId: psykiatri.id, expectedVersion: 2 }, { data: { closeUnit: unitResult({ ...now, closedAt, version: 3 }) } }),
    ]);
    await screen.findByRole('article', { name: 'Socialpsykiatri' });
    fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, luk enheden' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`Enheden blev ikke lukket${CHANGED}`);
    expect(card('Socialpsykiatrien')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ja, luk enheden' }));
    expect(await screen.findByText(/er lukket\.$/)).toBeTruthy();
    expect(fact(card('Socialpsykiatrien'), 'Status')).toMatch(/^Lukket/);
  });

  describe('a unit that still has staff', () => {
    const karen = staffMember();
    const ole = staffMember({ id: 'u-ole', name: 'Ole Dahl', status: 'INVITED', activatedAt: null });
    const mette = staffMember({ id: 'u-mette', name: 'Mette Berg', status: 'DEACTIVATED', deactivatedAt: '2026-11-20T12:00:00.000Z' });

    it('is not asked to close: the card says who works there and to move or deactivate them first, and nothing is sent', async () => {
      // No mock for closeUnit: had it been sent, its error would show as an alert.
      renderPanel([unitsMock([jobcenterSyd, psykiatri]), staffMock([anna, karen, mette])]);
      await screen.findByRole('article', { name: 'Socialpsykiatri' });
      fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
      const why = await within(card('Socialpsykiatri')).findByTestId('unit-still-staffed');
      // Karen only: Mette is deactivated, and Anna works in Jobcenter Syd.
      expect(why.textContent).toBe(
        'Socialpsykiatri kan ikke lukkes endnu. Enheden har 1 medarbejder, Karen Holm. Flyt eller deaktivér vedkommende under Medarbejdere, før enheden lukkes.',
      );
      expect(document.activeElement).toBe(why);
      expect(within(why).getByRole('link', { name: 'Medarbejdere' }).getAttribute('href')).toBe('/administration/medarbejdere');
      expect(screen.queryByRole('button', { name: 'Ja, luk enheden' })).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();

      fireEvent.click(within(card('Socialpsykiatri')).getByRole('button', { name: 'Fortryd' }));
      expect(screen.queryByTestId('unit-still-staffed')).toBeNull();
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
    });

    it('names several, invited ones too, and says "dem"', async () => {
      renderPanel([unitsMock([psykiatri]), staffMock([karen, ole, mette])]);
      await screen.findByRole('article', { name: 'Socialpsykiatri' });
      fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
      expect((await screen.findByTestId('unit-still-staffed')).textContent).toBe(
        'Socialpsykiatri kan ikke lukkes endnu. Enheden har 2 medarbejdere: Karen Holm og Ole Dahl. Flyt eller deaktivér dem under Medarbejdere, før enheden lukkes.',
      );
    });

    it('asks the question once the last of them is moved, in another window or by another administrator', async () => {
      let cache: ApolloCache | undefined;
      function GrabCache() {
        cache = useApolloClient().cache;
        return null;
      }
      renderWith([unitsMock([jobcenterSyd, psykiatri]), staffMock([karen])], (
        <>
          <GrabCache />
          <UnitsPanel />
        </>
      ));
      await screen.findByRole('article', { name: 'Socialpsykiatri' });
      fireEvent.click(screen.getByRole('button', { name: 'Luk enhed Socialpsykiatri' }));
      await screen.findByTestId('unit-still-staffed');
      // The live word of Karen's move to Jobcenter Syd.
      act(() => placeStaff(cache!, makeFragmentData({ ...karen, unit: unitRef(jobcenterSyd), version: 2 }, AdminStaffFragment)));
      const confirm = await screen.findByRole('group', { name: 'Bekræft lukning af Socialpsykiatri' });
      expect(document.activeElement).toBe(within(confirm).getByText(/^Luk Socialpsykiatri\?/));
      expect(screen.queryByTestId('unit-still-staffed')).toBeNull();
    });
  });
});
