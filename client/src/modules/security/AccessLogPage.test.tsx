import { DENIAL_REASONS } from '@samplan/schema';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { paths } from '../../core/router';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { ACCESS_LOG_EXPORT_PAGE, ACCESS_LOG_PAGE, AccessLogPage, AccessLogPlanQuery, AccessLogQuery } from './AccessLogPage';
import { actionLabel, actorText, detailLabel, entityLabel, exportDateTime } from './auditLabels';

const CITIZEN_ID = 'c-per';
const BENT = 'u-bent';
const OTTO = 'u-otto';

function entry(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'AccessLogEntry' as const,
    id,
    at: '2026-11-02T09:05:33.000Z',
    actorName: 'Anna Holm',
    unitName: 'Jobcenter',
    action: 'READ_PLAN',
    entityType: 'PLAN',
    entityId: PLAN_ID,
    entityTitle: null as string | null,
    outcome: 'ALLOWED',
    detail: null,
    count: 1,
    channel: null as string | null,
    lastAt: null as string | null,
    ...overrides,
  };
}

const ENTRIES = [
  entry('6', { action: 'READ_ACCESS_LOG', entityType: 'CITIZEN', at: '2026-11-03T12:00:00.000Z' }),
  entry('5', { actorName: 'Otto Berg', unitName: 'Jobcenter', outcome: 'DENIED', detail: 'no access to plan', at: '2026-11-03T08:15:00.000Z' }),
  entry('4', { actorName: 'Bent Sørensen', unitName: 'Socialforvaltningen', action: 'UPDATE_INTERVENTION', entityType: 'INTERVENTION', entityTitle: 'Bostøtte', outcome: 'DENIED', detail: 'not the owning unit' }),
  entry('3', { actorName: 'Bent Sørensen', unitName: 'Socialforvaltningen', action: 'CREATE_ACTIVITY', entityType: 'ACTIVITY' }),
  entry('2', { actorName: 'Carla Nielsen', unitName: 'Sundhedsforvaltningen', action: 'RECORD_PROGRESS', entityType: 'SUB_GOAL_PROGRESS' }),
  entry('1', { actorName: null, unitName: null, action: 'EXPORT_SOMETHING_NEW', detail: 'Noget nyt' }),
];

const PER = 'u-per';
const PEOPLE = [
  { __typename: 'AccessLogPerson' as const, id: 'u-anna', name: 'Anna Holm', unitName: 'Jobcenter', isCitizen: false },
  { __typename: 'AccessLogPerson' as const, id: BENT, name: 'Bent Sørensen', unitName: 'Socialforvaltningen', isCitizen: false },
  { __typename: 'AccessLogPerson' as const, id: OTTO, name: 'Otto Berg', unitName: null, isCitizen: false },
  { __typename: 'AccessLogPerson' as const, id: PER, name: 'Per Hansen', unitName: null, isCitizen: true },
];

const planAs = (mayReadAccessLog: boolean): MockLink.MockedResponse => ({
  request: { query: AccessLogPlanQuery, variables: { id: PLAN_ID } },
  result: { data: { plan: { __typename: 'Plan', id: PLAN_ID, mayReadAccessLog, citizen: { __typename: 'Citizen', id: CITIZEN_ID, name: 'Per Hansen' } } } },
});
const planMock = planAs(true);

type Filter = { from?: string; to?: string; actorId?: string; onlyDenied?: boolean; withoutCitizen?: boolean };
const NO_FILTER = { from: null, to: null, actorId: null, onlyDenied: false, withoutCitizen: false };

/** One page of the log as the server answers it: the counts are of the whole filter, not of the page. */
function logMock(
  entries: unknown[],
  options: { filter?: Filter; after?: string | null; first?: number; nextCursor?: string | null; totalCount?: number; deniedCount?: number } = {},
): MockLink.MockedResponse {
  const denied = entries.filter((e) => (e as { outcome: string }).outcome === 'DENIED').length;
  return {
    request: {
      query: AccessLogQuery,
      variables: { citizenId: CITIZEN_ID, filter: { ...NO_FILTER, ...options.filter }, first: options.first ?? ACCESS_LOG_PAGE, after: options.after ?? null },
    },
    result: {
      data: {
        accessLogPage: {
          __typename: 'AccessLogPage',
          entries,
          nextCursor: options.nextCursor ?? null,
          totalCount: options.totalCount ?? entries.length,
          deniedCount: options.deniedCount ?? denied,
          people: PEOPLE,
        },
      },
    },
  };
}

function renderLog(mocks: MockLink.MockedResponse[] = [planMock, logMock(ENTRIES)]) {
  const download = jest.fn();
  render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <AccessLogPage planId={PLAN_ID} download={download} />
    </MockedProvider>,
  );
  return download;
}

const rows = () => screen.getAllByTestId('access-log-row');
const CSV_HEADER = 'Tidspunkt (første gang);Tidspunkt (seneste gang);Antal gange;Person;Enhed;Handling;Hvad;Resultat;Detalje';
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);
const countText = () => screen.getByTestId('access-log-count').textContent;
const csvLines = (download: jest.Mock, call = 0) => (download.mock.calls[call] as [string, string])[1].replace('\uFEFF', '').trim().split('\r\n');

describe('Adgangslog', () => {
  it('lists who looked at or changed the citizen’s data, and what, in Danish, with refusals marked', async () => {
    renderLog();
    expect(await screen.findByRole('heading', { level: 1, name: 'Adgangslog – Per Hansen' })).toBeTruthy();
    await screen.findAllByTestId('access-log-row');
    const table = screen.getByRole('region', { name: 'Hændelser (rul vandret)' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Tidspunkt', 'Person', 'Enhed', 'Handling', 'Hvad', 'Resultat', 'Detalje']);
    expect(rows()).toHaveLength(6);
    expect(cells(rows()[0]!)).toEqual([formatDateTime('2026-11-03T12:00:00.000Z'), 'Anna Holm', 'Jobcenter', 'Se adgangsloggen', 'Borger', 'Tilladt', '']);
    expect(cells(rows()[1]!)).toEqual([formatDateTime('2026-11-03T08:15:00.000Z'), 'Otto Berg', 'Jobcenter', 'Se planen', 'Plan', 'Afvist', 'Ingen adgang til planen']);
    // Which intervention: its title, as the server could name it for the reader.
    expect(cells(rows()[2]!).slice(1)).toEqual(['Bent Sørensen', 'Socialforvaltningen', 'Ret indsats', 'Indsats: Bostøtte', 'Afvist', 'Ikke den enhed, der ejer indsatsen']);
    expect(cells(rows()[3]!).slice(3, 5)).toEqual(['Opret aktivitet', 'Aktivitet']);
    expect(cells(rows()[4]!).slice(3, 5)).toEqual(['Registrér progression', 'Progression']);
    // An action the client has no words for yet shows as its code; no actor as "Ukendt".
    expect(cells(rows()[5]!).slice(1)).toEqual(['Ukendt', '–', 'EXPORT_SOMETHING_NEW', 'Plan', 'Tilladt', 'Noget nyt']);
    expect(rows()[1]!.className).toContain('audit-denied');
    expect(rows()[0]!.className).not.toContain('audit-denied');
    expect(within(rows()[1]!).getByText('Afvist').className).toContain('status-denied');
    expect(countText()).toBe('6 hændelser, heraf 2 afviste');
    expect(screen.getByRole('link', { name: 'Tilbage til planen' }).getAttribute('href')).toBe(paths.plan(PLAN_ID));
  });

  it('names a refused field by its name: "Se et felt" says which', async () => {
    renderLog([planMock, logMock([entry('7', { action: 'READ_FIELD', entityType: 'FIELD', entityId: 'User.phone', entityTitle: 'Arbejdstelefon', outcome: 'DENIED', detail: 'not on the allow-list' })])]);
    const [row] = await screen.findAllByTestId('access-log-row');
    expect(cells(row!).slice(3)).toEqual(['Se et felt', 'Felt: Arbejdstelefon', 'Afvist', 'Feltet er ikke åbent for brugerens rolle']);
  });

  it('counts the whole log, as the server does, not only the rows loaded', async () => {
    renderLog([planMock, logMock(ENTRIES, { nextCursor: 'c-1', totalCount: 1523, deniedCount: 3 })]);
    await screen.findAllByTestId('access-log-row');
    expect(countText()).toBe('1.523 hændelser, heraf 3 afviste – viser de nyeste 6');
    expect(screen.getByRole('button', { name: 'Vis ældre hændelser' })).toBeTruthy();
  });

  it('"Kun afviste" asks the server for every refusal, also those older than the rows loaded', async () => {
    const older = entry('0', { actorName: 'Otto Berg', outcome: 'DENIED', detail: 'no access to plan', at: '2025-05-02T08:00:00.000Z' });
    renderLog([planMock, logMock(ENTRIES, { nextCursor: 'c-1', totalCount: 1523, deniedCount: 3 }), logMock([ENTRIES[1], ENTRIES[2], older], { filter: { onlyDenied: true }, totalCount: 1523 })]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    expect(await screen.findByText(formatDateTime('2025-05-02T08:00:00.000Z'))).toBeTruthy();
    expect(rows().map((r) => cells(r)[1])).toEqual(['Otto Berg', 'Bent Sørensen', 'Otto Berg']);
    expect(countText()).toBe('Viser 3 af 1.523 hændelser');
    expect(screen.queryByRole('button', { name: 'Vis ældre hændelser' })).toBeNull();
  });

  it('with more refusals than are loaded, says how many of them are shown', async () => {
    renderLog([planMock, logMock(ENTRIES), logMock([ENTRIES[1], ENTRIES[2]], { filter: { onlyDenied: true }, nextCursor: 'd-2', totalCount: 1523, deniedCount: 40 })]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    await waitFor(() => expect(countText()).toBe('Viser de nyeste 2 af 40 afviste – 1.523 hændelser i alt'));
    expect(screen.getByRole('button', { name: 'Vis ældre hændelser' })).toBeTruthy();
  });

  it('says nobody was refused only when the server found no refusal in the whole filter', async () => {
    renderLog([planMock, logMock([ENTRIES[0]]), logMock([], { filter: { onlyDenied: true }, totalCount: 1 })]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    expect(await screen.findByText('Ingen afviste forsøg.')).toBeTruthy();
    expect(screen.queryByTestId('access-log-row')).toBeNull();
    expect(countText()).toBe('Viser 0 af 1 hændelse');
  });

  it('filters by period and person on the server: "Fra", "Til" and "Person" (staff and the citizen alike)', async () => {
    const bents = [ENTRIES[2], ENTRIES[3]];
    renderLog([
      planMock,
      logMock(ENTRIES),
      logMock(ENTRIES.slice(0, 3), { filter: { from: '2026-01-01' } }),
      logMock(ENTRIES.slice(0, 3), { filter: { from: '2026-01-01', to: '2026-12-31' } }),
      logMock(bents, { filter: { from: '2026-01-01', to: '2026-12-31', actorId: BENT } }),
    ]);
    await screen.findAllByTestId('access-log-row');
    const person = screen.getByLabelText('Person') as HTMLSelectElement;
    expect([...person.options].map((o) => o.textContent)).toEqual(['Alle', 'Anna Holm (Jobcenter)', 'Bent Sørensen (Socialforvaltningen)', 'Otto Berg', 'Per Hansen (borgeren)']);
    fireEvent.change(screen.getByLabelText('Fra'), { target: { value: '2026-01-01' } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText('Til'), { target: { value: '2026-12-31' } });
    await waitFor(() => expect(countText()).toBe('3 hændelser, heraf 2 afviste'));
    fireEvent.change(person, { target: { value: BENT } });
    await waitFor(() => expect(rows().map((r) => cells(r)[1])).toEqual(['Bent Sørensen', 'Bent Sørensen']));
    expect(countText()).toBe('2 hændelser, heraf 1 afvist');
  });

  it('refuses a period that ends before it starts, at "Til", without asking the server', async () => {
    // No mock for such a filter: had it been asked for, its error would be an alert.
    renderLog([planMock, logMock(ENTRIES), logMock(ENTRIES.slice(0, 2), { filter: { from: '2026-06-01' } })]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.change(screen.getByLabelText('Fra'), { target: { value: '2026-06-01' } });
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Til'), { target: { value: '2026-05-31' } });
    const to = screen.getByLabelText('Til');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toBe('Til-datoen kan ikke ligge før fra-datoen.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(rows()).toHaveLength(2);
  });

  it('"Vis ældre" adds the older rows below; the first of them takes the focus, and a screen reader hears how many came', async () => {
    const older = [entry('b', { actorName: 'Dorte Madsen' }), entry('a', { actorName: 'Erik Lund' })];
    renderLog([planMock, logMock(ENTRIES, { nextCursor: 'c-1', totalCount: 8 }), logMock(older, { after: 'c-1', totalCount: 8, deniedCount: 2 })]);
    await screen.findAllByTestId('access-log-row');
    const button = screen.getByRole('button', { name: 'Vis ældre hændelser' });
    button.focus();
    fireEvent.click(button);
    const first = (await screen.findByText('Dorte Madsen')).closest('tr')!;
    expect(rows()).toHaveLength(8);
    expect(rows().map((r) => cells(r)[1]).slice(5)).toEqual(['Ukendt', 'Dorte Madsen', 'Erik Lund']);
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect(screen.getByText('2 ældre hændelser vist. Der er ikke flere.').getAttribute('role')).toBe('status');
    expect(screen.queryByRole('button', { name: 'Vis ældre hændelser' })).toBeNull();
    expect(countText()).toBe('8 hændelser, heraf 2 afviste');
  });

  it('exports every row the filter selects as CSV, all pages, with what was read, to the second in Danish time', async () => {
    const older = entry('0', { actorName: 'Otto Berg', outcome: 'DENIED', detail: 'no access to plan', at: '2025-05-02T08:00:00.000Z' });
    const download = renderLog([
      planMock,
      logMock(ENTRIES, { nextCursor: 'c-1', totalCount: 7 }),
      logMock(ENTRIES.slice(0, 4), { first: ACCESS_LOG_EXPORT_PAGE, nextCursor: 'x-4', totalCount: 7 }),
      logMock([...ENTRIES.slice(4), older], { first: ACCESS_LOG_EXPORT_PAGE, after: 'x-4', totalCount: 7 }),
    ]);
    await screen.findAllByTestId('access-log-row');
    expect(screen.getByText(/^CSV-filen indeholder/).textContent).toMatch(/^CSV-filen indeholder alle hændelser, som filteret udvælger \(7\), også dem, der ikke er vist endnu\./);
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [fileName] = download.mock.calls[0] as [string, string];
    expect(fileName).toBe('adgangslog-per-hansen.csv');
    const lines = csvLines(download);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[3]).toBe('2026-11-02 10:05:33;2026-11-02 10:05:33;1;Bent Sørensen;Socialforvaltningen;Ret indsats;Indsats: Bostøtte;Afvist;Ikke den enhed, der ejer indsatsen');
    expect(lines[7]).toBe('2025-05-02 10:00:00;2025-05-02 10:00:00;1;Otto Berg;Jobcenter;Se planen;Plan;Afvist;Ingen adgang til planen');
    expect(screen.getByText('7 hændelser hentet som CSV.')).toBeTruthy();
  });

  it('exports the rows shown when they are all there, named by the filter', async () => {
    const download = renderLog([planMock, logMock(ENTRIES), logMock([ENTRIES[1], ENTRIES[2]], { filter: { onlyDenied: true }, totalCount: 6 })]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(countText()).toBe('Viser 2 af 6 hændelser');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect((download.mock.calls[0] as [string, string])[0]).toBe('adgangslog-per-hansen-afviste.csv');
    expect(csvLines(download)).toEqual([
      CSV_HEADER,
      '2026-11-03 09:15:00;2026-11-03 09:15:00;1;Otto Berg;Jobcenter;Se planen;Plan;Afvist;Ingen adgang til planen',
      '2026-11-02 10:05:33;2026-11-02 10:05:33;1;Bent Sørensen;Socialforvaltningen;Ret indsats;Indsats: Bostøtte;Afvist;Ikke den enhed, der ejer indsatsen',
    ]);
  });

  it('says each access in one phrase, the way it reached the reader only where the action does not say it already', async () => {
    renderLog([
      planMock,
      logMock([
        entry('8', { action: 'RECEIVE_LIVE_EVENTS', channel: 'LIVE' }),
        entry('7', { action: 'READ_PLAN', channel: 'PLAN_PAGE' }),
        entry('6', { action: 'READ_CASELOAD', channel: 'CASELOAD' }),
        entry('5', { action: 'READ_MENTOR_CASE', entityType: 'MENTOR_GRANT', channel: 'CASELOAD' }),
        entry('4', { action: 'READ_MENTOR_CASE', entityType: 'MENTOR_GRANT', channel: 'RECORD' }),
        entry('3', { action: 'READ_PROGRAMME', entityType: 'PROGRAMME', channel: 'PLAN_PAGE', actorName: 'Per Hansen', unitName: null }),
        entry('2', { action: 'SEARCH_CITIZEN_NAME', entityType: 'CITIZEN', channel: 'SEARCH' }),
      ]),
    ]);
    await screen.findAllByTestId('access-log-row');
    expect(rows().map((r) => cells(r)[3])).toEqual([
      'Modtog ændringer live',
      'Se planen',
      'Se Mine sager',
      'Se mentorsag i sagslisten',
      'Se mentorsag',
      'Se forløbet på planen',
      'Søg borger på navn',
    ]);
    expect(screen.queryByText(/\((Planen|Sagslisten|Live-opdatering)\)/)).toBeNull();
  });

  it('a row of repeated reads shows from its first to its last read, and how many; the export has both times and the count in columns of their own', async () => {
    const download = renderLog([
      planMock,
      logMock([
        entry('9', { action: 'READ_PLAN', channel: 'PLAN_PAGE', at: '2026-11-02T10:33:00.000Z' }),
        entry('8', { action: 'RECEIVE_LIVE_EVENTS', count: 29, channel: 'LIVE', at: '2026-11-02T10:30:00.000Z', lastAt: '2026-11-02T10:33:40.000Z' }),
      ]),
    ]);
    await screen.findAllByTestId('access-log-row');
    // 11.30–11.33 Danish time: the span says why it stands below a single read at 11.33.
    expect(cells(rows()[1]!).slice(0, 4)).toEqual([`${formatDateTime('2026-11-02T10:30:00.000Z')}–11.33`, 'Anna Holm', 'Jobcenter', 'Modtog ændringer live – 29 gange']);
    expect(cells(rows()[0]!)[0]).toBe(formatDateTime('2026-11-02T10:33:00.000Z'));
    expect(screen.getByText(/^CSV-filen indeholder/).textContent).toContain('Gentagne læsninger af det samme inden for et kvarter er gemt som én række');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(csvLines(download)).toEqual([
      CSV_HEADER,
      '2026-11-02 11:33:00;2026-11-02 11:33:00;1;Anna Holm;Jobcenter;Se planen;Plan;Tilladt;',
      '2026-11-02 11:30:00;2026-11-02 11:33:40;29;Anna Holm;Jobcenter;Modtog ændringer live;Plan;Tilladt;',
    ]);
  });

  it('"Skjul borgerens egne" asks the server for the log without the citizen’s own reads, counted so', async () => {
    const pers = entry('p', { actorName: 'Per Hansen', unitName: null, action: 'RECEIVE_LIVE_EVENTS', channel: 'LIVE', count: 40 });
    const download = renderLog([planMock, logMock([pers, ...ENTRIES]), logMock(ENTRIES, { filter: { withoutCitizen: true }, totalCount: 6 })]);
    await screen.findAllByTestId('access-log-row');
    expect(rows()).toHaveLength(7);
    fireEvent.click(screen.getByLabelText('Skjul borgerens egne'));
    await waitFor(() => expect(rows()).toHaveLength(6));
    expect(rows().map((r) => cells(r)[1])).not.toContain('Per Hansen');
    expect(countText()).toBe('6 hændelser, heraf 2 afviste');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect((download.mock.calls[0] as [string, string])[0]).toBe('adgangslog-per-hansen-uden-borgerens-egne.csv');
  });

  it('says above a table wider than the screen that it scrolls sideways (a phone)', async () => {
    jest.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('table-scroll') ? 900 : 0;
    });
    jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('table-scroll') ? 358 : 0;
    });
    try {
      renderLog();
      await screen.findAllByTestId('access-log-row');
      const hint = screen.getByText('Rul vandret for at se handling, hvad og resultat.');
      expect(screen.getByRole('region', { name: 'Hændelser (rul vandret)' }).getAttribute('aria-describedby')).toBe(hint.id);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('exports a name or detail that looks like a formula as text (OWASP: CSV injection)', async () => {
    const download = renderLog([planMock, logMock([entry('9', { actorName: '=HYPERLINK("http://evil.example";"Klik")', unitName: '@Jobcenter', entityTitle: '+Bostøtte', detail: '-1+1' })])]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(csvLines(download)[1]).toBe(`2026-11-02 10:05:33;2026-11-02 10:05:33;1;"'=HYPERLINK(""http://evil.example"";""Klik"")";'@Jobcenter;Se planen;Plan: +Bostøtte;Tilladt;'-1+1`);
  });

  it('shows the server’s refusal in Danish (only the coordinator may read it)', async () => {
    renderLog([planMock, { ...logMock([]), result: { errors: [{ message: 'Borgeren findes ikke.', extensions: { code: 'NOT_FOUND' } }] } }]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Adgangsloggen kunne ikke vises');
    expect(alert.textContent).toContain('Findes ikke eller du har ikke adgang.');
    expect(screen.queryByTestId('access-log-row')).toBeNull();
  });

  it('does not ask for it when the plan says the viewer may not read it (a team member, or the coordinator of an older, ended plan)', async () => {
    // No mock for the log itself: had it been asked for, its error would be a second alert.
    renderLog([planAs(false)]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kun borgerens nuværende koordinerende sagsbehandler kan se adgangsloggen.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});

describe('Adgangslog on the plan page', () => {
  it('is offered to the plan’s coordinator', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(screen.getByRole('link', { name: 'Adgangslog' }).getAttribute('href')).toBe(paths.accessLog(PLAN_ID));
  });

  it('is not offered to a unit caseworker on the team', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(screen.getByRole('link', { name: /Udskriv/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Adgangslog' })).toBeNull();
  });

  it('is not offered to the coordinator of an older, ended plan once the citizen has a later programme: the server would not answer her', () => {
    const plan = perPlan();
    const ended = { ...plan.programme, status: 'ENDED', endReason: 'OTHER', endDate: '2026-03-31', daysLeft: 0 };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: ended, mayReadAccessLog: false }) });
    expect(screen.getByText('Du er koordinerende sagsbehandler', { exact: false })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Adgangslog' })).toBeNull();
  });
});

describe('audit codes in Danish', () => {
  it('has words for the actions, entities and reasons the server writes, and falls back to the code', () => {
    expect(['READ_PLAN', 'UPDATE_INTERVENTION', 'CREATE_ACTIVITY', 'RECORD_PROGRESS', 'REASSIGN_COORDINATOR', 'LOG_MENTOR_TASK'].map(actionLabel)).toEqual([
      'Se planen',
      'Ret indsats',
      'Opret aktivitet',
      'Registrér progression',
      'Skift koordinator',
      'Log mentoropgave',
    ]);
    expect(actionLabel('SOMETHING_ELSE')).toBe('SOMETHING_ELSE');
    // The forløb brought along at go-live (npm run import) were written by no person: its rows say so, not "Ukendt",
    // also the consent recorded with the forløb, whose action is the app's own.
    const imported = (detail: string) => actorText({ actorName: null, detail });
    expect([
      actionLabel('IMPORT_PROGRAMME'),
      imported('Indlæst ved idriftsættelse fra forloeb.csv, linje 2; koordinerende sagsbehandler Anna Holm'),
      imported('Samtykke til den fælles plan, givet ved afgørelsen. Indlæst ved idriftsættelse fra forloeb.csv, linje 2'),
    ]).toEqual(['Forløb indlæst ved idriftsættelse', 'Idriftsættelse', 'Idriftsættelse']);
    expect(actorText({ actorName: null, detail: null })).toBe('Ukendt');
    // The citizen's own login refused below the required level: the account is theirs, no one was let in.
    expect(actorText({ actorName: null, detail: 'login-id mitid:x fra broker; borgerens konto ikke åbnet', action: 'SIGN_IN_LEVEL_TOO_LOW' })).toBe('Borgeren (ikke logget ind)');
    expect(actionLabel('SIGN_IN_LEVEL_TOO_LOW')).toBe('Borgerens login på for lavt sikringsniveau');
    expect(entityLabel('SUB_GOAL')).toBe('Delmål');
    expect(entityLabel('NEW_KIND')).toBe('NEW_KIND');
    expect(detailLabel('only the coordinator')).toBe('Kun koordinatoren må');
    // Every reason the server may give a refusal (the type of its audit rows allows no other) reads in Danish.
    expect(detailLabel('programme ended')).toBe('Forløbet er afsluttet');
    expect(detailLabel('not on the allow-list')).toBe('Feltet er ikke åbent for brugerens rolle');
    for (const reason of Object.keys(DENIAL_REASONS)) expect(detailLabel(reason)).not.toMatch(/\b(the|not|only|on|no)\b/);
    expect(detailLabel('12 planer')).toBe('12 planer');
    expect(detailLabel(null)).toBe('');
    expect(exportDateTime('2026-07-01T22:30:05Z')).toBe('2026-07-02 00:30:05');
  });
});
