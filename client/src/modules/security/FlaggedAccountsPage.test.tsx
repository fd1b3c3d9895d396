import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { canReviewAccounts, FlaggedAccountsQuery, ResolveAccountFlagMutation } from './accountFlags';
import { FlaggedAccountsPage } from './FlaggedAccountsPage';
import { ATTEMPTS_TOGETHER } from './FlagCard';
import { checkResolution } from './ResolveFlagForm';

/** Each denial its own attempt unless told otherwise (`attempt`), numbered in order. */
let attempts = 0;
function denial(at: string, action: string, entityType: string, detail: string | null, extra: { operation?: string | null; recordNumber?: number | null; attempt?: number } = {}) {
  return { __typename: 'AccountDenial' as const, at, action, entityType, detail, operation: null, recordNumber: 1, attempt: ++attempts, ...extra };
}

function flag(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'AccountReviewFlag' as const,
    id: 'flag-bent',
    userId: 'u-bent',
    username: 'bent',
    name: 'Bent Sørensen',
    role: 'CASEWORKER',
    unitName: 'Socialforvaltningen',
    flaggedAt: '2026-11-03T08:20:00.000Z',
    denials: 3,
    firstDeniedAt: '2026-11-03T08:10:00.000Z',
    lastDeniedAt: '2026-11-03T08:20:00.000Z',
    resolvedAt: null,
    resolvedByName: null,
    resolution: null,
    mine: false,
    recentDenials: [
      denial('2026-11-03T08:20:00.000Z', 'READ_ACCESS_LOG', 'CITIZEN', null),
      denial('2026-11-03T08:15:00.000Z', 'UPDATE_INTERVENTION', 'INTERVENTION', 'not the owning unit'),
      denial('2026-11-03T08:10:00.000Z', 'UPDATE_PLAN', 'PLAN', 'only the coordinator'),
    ],
    ...overrides,
  };
}

const NOTE = 'Bent rettede i den forkerte indsats ved en fejl. Talt med ham.';
const bent = flag();
const bentClosed = flag({ resolvedAt: '2026-11-04T09:00:00.000Z', resolvedByName: 'Lene Kristensen', resolution: NOTE });
const carlaClosed = flag({
  id: 'flag-carla',
  userId: 'u-carla',
  username: 'carla',
  name: 'Carla Nielsen',
  unitName: 'Sundhedsforvaltningen',
  resolvedAt: '2026-10-01T10:00:00.000Z',
  resolvedByName: 'Lene Kristensen',
  resolution: 'Forkert link i en mail. Ingen videre handling.',
});

const listMock = (includeResolved: boolean, flags: unknown[]): MockLink.MockedResponse => ({
  request: { query: FlaggedAccountsQuery, variables: { includeResolved } },
  result: { data: { flaggedAccounts: flags } },
});

const resolveMock = (result: MockLink.MockedResponse['result']): MockLink.MockedResponse => ({
  request: { query: ResolveAccountFlagMutation, variables: { id: 'flag-bent', resolution: NOTE } },
  result,
});

function renderPage(mocks: MockLink.MockedResponse[]) {
  render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <FlaggedAccountsPage />
    </MockedProvider>,
  );
}

const card = (name: string) => screen.getByRole('article', { name });
const fact = (article: HTMLElement, term: string) => within(article).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

function closeWith(article: HTMLElement, note: string) {
  fireEvent.change(within(article).getByLabelText('Bemærkning'), { target: { value: note } });
  const send = within(article).getByRole('button', { name: 'Afslut markering af Bent Sørensen' });
  // As a real click does, focus is on the button when the form is sent.
  send.focus();
  fireEvent.click(send);
}

describe('Konti til gennemsyn', () => {
  it('shows each flagged account with the denials behind it, in Danish', async () => {
    renderPage([listMock(false, [bent])]);
    expect(screen.getByRole('heading', { level: 1, name: 'Konti til gennemsyn' })).toBeTruthy();
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    expect(screen.getByRole('heading', { level: 2, name: 'Til gennemsyn (1)' })).toBeTruthy();
    expect(within(article).getByText('Til gennemsyn', { selector: '.status' })).toBeTruthy();
    expect(fact(article, 'Rolle')).toBe('Sagsbehandler');
    expect(fact(article, 'Enhed')).toBe('Socialforvaltningen');
    expect(fact(article, 'Brugernavn')).toBe('bent');
    expect(fact(article, 'Markeret')).toBe(formatDateTime(bent.flaggedAt));
    expect(fact(article, 'Afviste forsøg')).toBe('3');
    // The same day: its date once, the latest by its time alone.
    expect(fact(article, 'Første og seneste afvisning')).toBe(`${formatDateTime(bent.firstDeniedAt)}–09.20`);
    const denials = within(article).getByRole('region', { name: 'Afviste forsøg for Bent Sørensen (rul vandret)' });
    expect(within(denials).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Tidspunkt', 'Handling', 'Hvad', 'Hvorfor afvist']);
    const rows = within(denials).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      [formatDateTime('2026-11-03T08:20:00.000Z'), 'Se adgangsloggen', 'Borger', ''],
      [formatDateTime('2026-11-03T08:15:00.000Z'), 'Ret indsats', 'Indsats', 'Ikke den enhed, der ejer indsatsen'],
      [formatDateTime('2026-11-03T08:10:00.000Z'), 'Ret planens mål og periode', 'Plan', 'Kun koordinatoren må'],
    ]);
    expect(within(article).getByRole('form', { name: 'Afslut markeringen af Bent Sørensen' })).toBeTruthy();
    // Each refusal its own attempt here: nothing is said of attempts of several.
    expect(within(article).queryByText(ATTEMPTS_TOGETHER)).toBeNull();
  });

  it('names a refused function, and tells the same plan tried again from many plans, without naming a plan or a citizen', async () => {
    const at = (m: number) => `2026-11-03T08:${String(m).padStart(2, '0')}:00.000Z`;
    const plans = (numbers: number[]) => numbers.map((n, i) => denial(at(20 - i), 'READ_PLAN', 'PLAN', 'no access to plan', { recordNumber: n }));
    const operation = denial(at(30), 'CALL_OPERATION', 'OPERATION', 'not for this role', { operation: 'Nøgletal for alle forløb i egen kommune (keyFigures)', recordNumber: null });
    const same = flag({ recentDenials: [operation, ...plans([1, 1, 1, 1])] });
    const many = flag({ id: 'flag-carla', userId: 'u-carla', username: 'carla', name: 'Carla Nielsen', recentDenials: plans([3, 2, 1, 1]) });
    renderPage([listMock(false, [same, many])]);
    const bentCard = await screen.findByRole('article', { name: 'Bent Sørensen' });
    const cellsOf = (article: HTMLElement, name: string) =>
      within(within(article).getByRole('region', { name: `Afviste forsøg for ${name} (rul vandret)` })).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2]!.textContent);
    expect(cellsOf(bentCard, 'Bent Sørensen')).toEqual(['Funktion: Nøgletal for alle forløb i egen kommune (keyFigures)', 'Plan', 'Plan', 'Plan', 'Plan']);
    expect(within(bentCard).getByTestId('denied-records').textContent).toBe('Plan: samme plan 4 gange');
    const carlaCard = card('Carla Nielsen');
    expect(cellsOf(carlaCard, 'Carla Nielsen')).toEqual(['Plan 3', 'Plan 2', 'Plan 1', 'Plan 1']);
    expect(within(carlaCard).getByTestId('denied-records').textContent).toBe('Plan: 4 forsøg på 3 forskellige planer');
  });

  it('lists the reads one click sent, refused together, as one attempt, as the flag counts them', async () => {
    const at = (m: number, s: number) => `2026-11-03T08:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`;
    // Three opens of the same plan, each the plan and its history (newest first, as the server lists them);
    // the second open's history was logged before its plan: the rows still read alike.
    const opens = [30, 20, 10].flatMap((m, i) => {
      const [first, second] = m === 20 ? ['READ_PLAN_HISTORY', 'READ_PLAN'] : ['READ_PLAN', 'READ_PLAN_HISTORY'];
      return [denial(at(m, 1), second, 'PLAN', 'no access to plan', { attempt: 3 - i }), denial(at(m, 0), first, 'PLAN', 'no access to plan', { attempt: 3 - i })];
    });
    renderPage([listMock(false, [flag({ recentDenials: opens })])]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    expect(fact(article, 'Afviste forsøg')).toBe('3');
    const region = within(article).getByRole('region', { name: 'Afviste forsøg for Bent Sørensen (rul vandret)' });
    const rows = within(region).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([30, 20, 10].map((m) => [formatDateTime(at(m, 0)), 'Se planen og se planens historik', 'Plan', 'Ingen adgang til planen']));
    expect(within(article).getByTestId('denied-records').textContent).toBe('Plan: samme plan 3 gange');
    expect(within(article).getByText(ATTEMPTS_TOGETHER)).toBeTruthy();
  });

  it('a leader’s own flag says another leader must review it, and offers no way to close it', async () => {
    renderPage([listMock(false, [flag({ mine: true })])]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    expect(within(article).getByText('Det er din egen markering. En anden leder skal gennemse den.')).toBeTruthy();
    expect(within(article).queryByLabelText('Bemærkning')).toBeNull();
    expect(within(article).queryByRole('button', { name: /^Afslut markering/ })).toBeNull();
  });

  it('says clearly when there is nothing to review', async () => {
    renderPage([listMock(false, [])]);
    expect(await screen.findByText('Ingen konti til gennemsyn')).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('"Vis også afsluttede" adds the closed flags, with who closed them and the note', async () => {
    renderPage([listMock(false, [bent]), listMock(true, [bent, carlaClosed])]);
    await screen.findByRole('article', { name: 'Bent Sørensen' });
    expect(screen.queryByRole('heading', { name: /^Afsluttede/ })).toBeNull();
    fireEvent.click(screen.getByLabelText('Vis også afsluttede'));
    const closed = await screen.findByRole('region', { name: 'Afsluttede (1)' });
    const carla = within(closed).getByRole('article', { name: 'Carla Nielsen' });
    expect(fact(carla, 'Afsluttet')).toBe(`${formatDateTime(carlaClosed.resolvedAt)} af Lene Kristensen`);
    expect(fact(carla, 'Bemærkning')).toBe('Forkert link i en mail. Ingen videre handling.');
    expect(within(carla).queryByRole('form')).toBeNull();
    fireEvent.click(screen.getByLabelText('Vis også afsluttede'));
    expect(screen.queryByRole('article', { name: 'Carla Nielsen' })).toBeNull();
  });

  it('closes a flag with the note: sends it trimmed, and the flag leaves the list', async () => {
    renderPage([listMock(false, [bent]), resolveMock({ data: { resolveAccountFlag: bentClosed } })]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, `  ${NOTE}  `);
    const status = await screen.findByText('Markeringen af Bent Sørensen er afsluttet.');
    expect(screen.queryByRole('article', { name: 'Bent Sørensen' })).toBeNull();
    expect(screen.getByText('Ingen konti til gennemsyn')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Til gennemsyn (0)' })).toBeTruthy();
    expect(document.activeElement).toBe(status);
  });

  it('asks for the note before sending', async () => {
    // No mock for the mutation: had it been sent, its error would show as an alert.
    renderPage([listMock(false, [bent])]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, '   ');
    const problem = within(article).getByText('Skriv en bemærkning til gennemsynet.');
    const note = within(article).getByLabelText('Bemærkning');
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(note.getAttribute('aria-describedby')).toContain(problem.id);
    // Focus goes to the field, which names its problem: a screen reader says both.
    expect(document.activeElement).toBe(note);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(note, { target: { value: 'Noget' } });
    expect(within(article).queryByText('Skriv en bemærkning til gennemsynet.')).toBeNull();
  });

  it('says the limit before the note is written, and a note over it with its count before sending', async () => {
    // No mock for the mutation: had it been sent, its error would show as an alert.
    renderPage([listMock(false, [bent])]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    const note = within(article).getByLabelText('Bemærkning');
    expect(note.getAttribute('aria-describedby')).toBeTruthy();
    const hint = document.getElementById(note.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(hint.textContent).toContain('Højst 1.000 tegn.');
    closeWith(article, 'x'.repeat(1001));
    expect(within(article).getByText('Bemærkningen må højst være 1.000 tegn (du har skrevet 1.001).').className).toBe('field-error');
    expect(document.activeElement).toBe(note);
  });

  it('shows a refused close in Danish, and keeps the flag', async () => {
    renderPage([
      listMock(false, [bent]),
      resolveMock({ errors: [{ message: 'Markeringen findes ikke.', extensions: { code: 'NOT_FOUND' } }] }),
    ]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, NOTE);
    const alert = await within(article).findByRole('alert');
    expect(alert.textContent).toContain('Markeringen blev ikke afsluttet');
    expect(alert.textContent).toContain('Findes ikke eller du har ikke adgang.');
    expect(card('Bent Sørensen')).toBeTruthy();
  });

  it('says who closed a flag closed meanwhile (another leader, another window), and keeps the note typed', async () => {
    const why = 'Markeringen er allerede afsluttet af Lone Leder. Din bemærkning er ikke gemt.';
    renderPage([listMock(false, [bent]), resolveMock({ errors: [{ message: why, extensions: { code: 'CONFLICT', current: { __typename: 'AccountReviewFlag', id: 'flag-bent' } } }] })]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, NOTE);
    const alert = await within(article).findByRole('alert');
    expect(alert.textContent).toContain(why);
    expect((within(article).getByLabelText('Bemærkning') as HTMLTextAreaElement).value).toBe(NOTE);
  });

  it('puts the server’s own words about the note next to the field', async () => {
    const tooLong = 'Bemærkningen må højst være 1.000 tegn (du har skrevet 1.001).';
    renderPage([listMock(false, [bent]), resolveMock({ errors: [{ message: tooLong, extensions: { code: 'BAD_USER_INPUT', field: 'resolution' } }] })]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, NOTE);
    await waitFor(() => expect(within(article).getByLabelText('Bemærkning').getAttribute('aria-invalid')).toBe('true'));
    expect(within(article).getByText(tooLong).className).toBe('field-error');
    expect(document.activeElement).toBe(within(article).getByLabelText('Bemærkning'));
  });

  it('finds the note among several problems the server tells; what no field shows is said in the box', async () => {
    const tooLong = 'Bemærkningen må højst være 1.000 tegn (du har skrevet 1.001).';
    const problems = [{ field: 'id', message: 'Markeringen findes ikke.' }, { field: 'resolution', message: tooLong }];
    renderPage([listMock(false, [bent]), resolveMock({ errors: [{ message: problems[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: 'id', problems } }] })]);
    const article = await screen.findByRole('article', { name: 'Bent Sørensen' });
    closeWith(article, NOTE);
    await waitFor(() => expect(within(article).getByLabelText('Bemærkning').getAttribute('aria-invalid')).toBe('true'));
    expect(within(article).getByText(tooLong).className).toBe('field-error');
    // What the field does not show is still said, in the box.
    expect((await within(article).findByRole('alert')).textContent).toContain('Markeringen findes ikke.');
  });

  it('shows in Danish when the list cannot be fetched', async () => {
    renderPage([
      { request: { query: FlaggedAccountsQuery, variables: { includeResolved: false } }, result: { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] } },
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Konti til gennemsyn kunne ikke hentes');
    expect(alert.textContent).toContain('Du har ikke adgang til at gøre dette.');
    expect(screen.queryByText('Ingen konti til gennemsyn')).toBeNull();
  });
});

describe('Konti til gennemsyn: rules', () => {
  it('is for leaders only', () => {
    expect(['LEADER', 'ADMINISTRATOR', 'CASEWORKER', 'MENTOR', null].map(canReviewAccounts)).toEqual([true, false, false, false, false]);
  });

  it('wants a note of at most 1.000 characters, and says how many were written', () => {
    expect(checkResolution('  ')).toBe('Skriv en bemærkning til gennemsynet.');
    expect(checkResolution(` ${'x'.repeat(1001)} `)).toBe('Bemærkningen må højst være 1.000 tegn (du har skrevet 1.001).');
    // Counted as the server counts: an emoji is one character.
    expect(checkResolution('😀'.repeat(1000))).toBeNull();
    expect(checkResolution(` ${'x'.repeat(1000)} `)).toBeNull();
  });
});
