import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { KeyFigure, ProgrammeType } from '../../gql/graphql';
import { toCsv } from './csv';
import { canSeeKeyFigures, periodRowLabel } from './figures';
import { todayInDenmark } from '@samplan/schema';
import { checkRange, KeyFiguresPage, KeyFiguresQueryDoc, parseMonth } from './KeyFiguresPage';
import { OwnProgrammeSettingsQuery } from './OwnProgrammeSettings';
import { createCache } from '../../core/apollo';
import { ViewerQuery } from '../org/viewer';

const FIGURES: Array<[KeyFigure, string, string]> = [
  ['ACTIVE_PROGRAMMES', 'Borgere i forløb', 'COUNT'],
  ['ACTIVE_RESSOURCEFORLOEB', 'Heraf i ressourceforløb', 'COUNT'],
  ['ACTIVE_JOBAFKLARINGSFORLOEB', 'Heraf i jobafklaringsforløb', 'COUNT'],
  ['ACTIVE_HELHEDSORIENTERET', 'Heraf i helhedsorienteret forløb', 'COUNT'],
  ['COMPANY_BASED_SHARE', 'Andel i virksomhedsrettet indsats', 'SHARE'],
  ['GUARANTEE_SHARE', 'Andel der lever op til indsatsgarantien', 'SHARE'],
  ['FOLLOW_UP_REQUIREMENT_SHARE', 'Andel med mindst 4 samtaler i de første 6 måneder', 'SHARE'],
  ['STARTED', 'Startede forløb', 'COUNT'],
  ['ENDED', 'Afsluttede forløb', 'COUNT'],
];

type Shown = { value: number | null; display: string; atLeast?: number };
const n = (value: number, display = String(value)): Shown => ({ value, display });
const hidden: Shown = { value: null, display: 'skjult' };

function bucket(label: string, v: Record<string, Shown>) {
  return {
    __typename: 'KeyFigureBucket' as const,
    label,
    from: `${label.slice(0, 7)}-01`,
    to: `${label.slice(0, 7)}-28`,
    beforeDataFrom: false,
    values: FIGURES.map(([figure]) => ({
      __typename: 'KeyFigureValue' as const,
      figure,
      value: v[figure]?.value ?? null,
      suppressed: v[figure]?.display === 'skjult' || v[figure]?.atLeast !== undefined,
      display: v[figure]?.display ?? '–',
      atLeast: v[figure]?.atLeast ?? null,
    })),
  };
}

const jan = bucket('2026-01', { ACTIVE_PROGRAMMES: n(120), ACTIVE_RESSOURCEFORLOEB: n(100), ACTIVE_JOBAFKLARINGSFORLOEB: n(17), ACTIVE_HELHEDSORIENTERET: hidden, COMPANY_BASED_SHARE: n(0.28, '28 %'), GUARANTEE_SHARE: n(0.9, '90 %'), STARTED: n(12), ENDED: hidden });
const feb = bucket('2026-02', { ACTIVE_PROGRAMMES: n(124), COMPANY_BASED_SHARE: n(0.33, '33 %'), GUARANTEE_SHARE: hidden, STARTED: hidden, ENDED: n(6) });
// As the server sends it: people in forløb as the average per month, and the starts and ends added up from the
// months, a hidden month left out: "mindst" the shown months.
const period = bucket('2026-01–2026-02', {
  ACTIVE_PROGRAMMES: n(122, '122,0'), ACTIVE_RESSOURCEFORLOEB: n(105, '105,0'), ACTIVE_JOBAFKLARINGSFORLOEB: n(19, '19,0'), ACTIVE_HELHEDSORIENTERET: n(6, '6,0'),
  STARTED: { value: null, display: 'mindst 12', atLeast: 12 }, ENDED: { value: null, display: 'mindst 6', atLeast: 6 },
});

function result(name = 'Testkommune') {
  return {
    keyFigures: {
      __typename: 'KeyFigures' as const,
      municipalityName: name,
      fromMonth: '2026-01',
      toMonth: '2026-02',
      dataFrom: '2025-03-01' as string | null,
      companyBasedTarget: 0.3,
      companyBasedTargetSource: 'Målet på 30 % er Faaborg-Midtfyn Kommunes eget måltal for borgere i ressourceforløb. Holdes her op mod alle forløbstyper.',
      ownFollowUpIntervalDays: null as number | null,
      minimumGroupSize: 5,
      figures: FIGURES.map(([figure, label, kind]) => ({
        __typename: 'KeyFigureInfo' as const, figure, label, kind, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9', definition: `Sådan tælles ${label.toLowerCase()}.`,
        programmeTypes: (figure === 'GUARANTEE_SHARE' || figure === 'FOLLOW_UP_REQUIREMENT_SHARE' ? ['RESSOURCEFORLOEB'] : ['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB', 'HELHEDSORIENTERET']) as ProgrammeType[],
        covers: figure === 'GUARANTEE_SHARE' ? 'Kun ressourceforløb (reglerne fra 2022)' : figure === 'FOLLOW_UP_REQUIREMENT_SHARE' ? 'Kun ressourceforløb (reglerne fra 2013 og 2022)' : 'Alle forløbstyper',
      })),
      months: [jan, feb],
      period,
      units: [
        { __typename: 'UnitKeyFigures' as const, unitKind: 'EMPLOYMENT', unitName: 'Jobcenter', months: [jan, feb], period },
        { __typename: 'UnitKeyFigures' as const, unitKind: 'SOCIAL', unitName: 'Socialforvaltningen', months: [feb, feb], period: feb },
      ],
    },
  };
}

const mock = (variables: Record<string, unknown>, data = result()): MockLink.MockedResponse => ({ request: { query: KeyFiguresQueryDoc, variables }, result: { data } });

/** The leader, signed in; their own frames for helhedsorienterede forløb are not set. */
const leader = { __typename: 'User', id: 'u-lene', name: 'Lene Leder', role: 'LEADER', unit: null, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Testkommune' } };
const ownSettings: MockLink.MockedResponse = {
  request: { query: OwnProgrammeSettingsQuery },
  result: { data: { ownProgrammeSettings: { __typename: 'OwnProgrammeSettings', maxLengthMonths: null, followUpIntervalDays: null } } },
};

function renderPage(mocks: MockLink.MockedResponse[], download = jest.fn()) {
  const cache = createCache();
  cache.writeQuery({ query: ViewerQuery, data: { me: leader } as never });
  render(
    <MockedProvider mocks={[ownSettings, ...mocks]} cache={cache}>
      <KeyFiguresPage download={download} />
    </MockedProvider>,
  );
  return download;
}

/** The period typed into its fields, and "Vis periode". */
function showPeriod(from: string, to: string) {
  fireEvent.change(screen.getByLabelText('Fra måned'), { target: { value: from } });
  fireEvent.change(screen.getByLabelText('Til måned'), { target: { value: to } });
  fireEvent.click(screen.getByRole('button', { name: 'Vis periode' }));
}

// The period chosen goes into the address: each test starts at the page's own address.
beforeEach(() => window.history.replaceState(null, '', '/noegletal'));

describe('KeyFiguresPage', () => {
  it('opens with the latest month\'s headline figures, each against its target or the month before', async () => {
    renderPage([mock({ from: null, to: null })]);
    const overview = await screen.findByRole('region', { name: 'Overblik, feb. 2026' });
    const headline = (label: string) =>
      Array.from(within(overview).getAllByRole('listitem'))
        .find((li) => li.querySelector('.headline-label')?.textContent === label)!
        .querySelectorAll('p');
    const [, covers, value, against] = headline('Borgere i forløb');
    expect([covers!.textContent, value!.textContent, against!.textContent]).toEqual(['Alle forløbstyper', '124', '4 flere end i jan. 2026.']);
    const company = headline('Andel i virksomhedsrettet indsats');
    expect([company[2]!.textContent, company[3]!.textContent]).toEqual(['33 %', 'Mål 30 % – nået.']);
    // February's guarantee group is under 5: in words, never a percentage, and not judged.
    const guarantee = headline('Andel der lever op til indsatsgarantien');
    expect([guarantee[1]!.textContent, guarantee[2]!.textContent, guarantee[3]!.textContent]).toEqual(['Kun ressourceforløb (reglerne fra 2022)', 'skjult', 'Krav 100 % – kan ikke vurderes (skjult).']);
    expect(headline('Andel med mindst 4 samtaler i de første 6 måneder')[3]!.textContent).toBe('Krav 100 % – kan ikke vurderes (ingen ressourceforløb nåede 6 måneder i feb. 2026).');
    // Three headline figures, and the samtaler by type: the ressourceforløb's, and the jobafklaringsforløb's (no number asked).
    expect(within(overview).getAllByRole('listitem')).toHaveLength(5);
    expect(within(overview).getByText('Grupper under 5 vises ikke, og heller ikke tal, de kan regnes ud fra, så ingen borger kan genkendes: der står »skjult«.')).toBeTruthy();
  });

  it('holds a share below its target against it in percentage points', async () => {
    renderPage([mock({ from: null, to: null }, { keyFigures: { ...result().keyFigures, companyBasedTarget: 0.4 } })]);
    const overview = await screen.findByRole('region', { name: 'Overblik, feb. 2026' });
    expect(within(overview).getByText('Mål 40 % – 7 procentpoint under.')).toBeTruthy();
  });

  it('shows the municipality\'s figures month by month, hidden numbers as "skjult", and the target', async () => {
    renderPage([mock({ from: null, to: null })]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' })).toBeTruthy();
    const table = screen.getByRole('region', { name: 'Testkommune, måned for måned (rul vandret)' });
    const started = within(table).getByRole('row', { name: /Startede forløb/ });
    expect(within(started).getAllByRole('cell').map((c) => c.textContent)).toEqual(['12', 'skjult', 'mindst 12']);
    expect(within(started).getAllByTitle('Grupper under 5 vises ikke, og heller ikke tal, de kan regnes ud fra, så ingen borger kan genkendes.')).toHaveLength(1);
    // Over the whole period: the shown months added up, marked as such, and the page says how the period is counted.
    expect(within(started).getByTitle('Summen af de viste måneder. Måneder med få forløb er udeladt, så det rigtige tal er større.').textContent).toBe('mindst 12');
    expect(screen.getByTestId('period-note').textContent).toBe(
      'Hele perioden regnes kun ud fra månedernes viste tal: borgere i forløb som gennemsnit pr. måned, startede og afsluttede forløb som summen af månederne. Er et antal borgere i forløb skjult i blot én af periodens måneder, er gennemsnittet for hele perioden også skjult, for ellers kunne den skjulte måned regnes ud; en andel er skjult for hele perioden, når et af de tal, den regnes af, er skjult i en af månederne. Er en sum skjult i en måned, står der »mindst« og summen af de viste måneder: måneder med få forløb er udeladt.',
    );
    expect(screen.getByText(/Andel i virksomhedsrettet indsats: 33 % i feb\. 2026\. Mål: 30 %\./)).toBeTruthy();
    // A month hidden for a small group is skipped: the latest shown guarantee share is January's.
    expect(screen.getByText(/Andel der lever op til indsatsgarantien: 90 % i jan\. 2026/)).toBeTruthy();
    expect(screen.getByRole('region', { name: /^Fordelt på koordinatorens enhed.*\(rul vandret\)$/ }).textContent).toContain('Socialforvaltningen');
  });

  it('names each source once, grouped by document, though several figures share one and cite it at different parts', async () => {
    const guide = 'STAR’s guide Gode ressourceforløb af høj kvalitet';
    const sources = [
      `${guide}, grundelement 9`, `${guide}, grundelement 8; Faaborg-Midtfyns borgerpjece om ressourceforløb`, `${guide}, grundelement 8–9`,
      `LAB §113, stk. 2; ${guide}, grundelement 8`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5', `${guide}, appendiks 1; STAR’s vejledning om ressourceforløb 2020, afsnit 6.5`,
    ];
    const data = result();
    const figures = data.keyFigures.figures.map((f, i) => ({ ...f, source: sources[i % sources.length]! }));
    renderPage([mock({ from: null, to: null }, { keyFigures: { ...data.keyFigures, figures } })]);
    const list = await screen.findByTestId('figure-sources');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      `${guide}: appendiks 1; grundelement 8 og 9`,
      'Faaborg-Midtfyns borgerpjece om ressourceforløb',
      'Lov om en aktiv beskæftigelsesindsats (LAB): §113, stk. 2',
      'STAR’s vejledning om ressourceforløb 2020: afsnit 5.5 og 6.5',
    ]);
  });

  it('splits the citizens in forløb by programme type', async () => {
    renderPage([mock({ from: null, to: null })]);
    const table = await screen.findByRole('region', { name: 'Borgere i forløb, fordelt på forløbstype (rul vandret)' });
    const row = (name: string) => within(within(table).getByRole('row', { name: new RegExp(`^${name}`) })).getAllByRole('cell').map((c) => c.textContent);
    expect(row('Heraf i ressourceforløb')).toEqual(['100', '–', '105,0']);
    expect(row('Heraf i helhedsorienteret forløb')).toEqual(['skjult', '–', '6,0']);
    expect(within(table).getAllByRole('row')).toHaveLength(5);
  });

  it('says in the split by unit that people in forløb are an average per month, as the CSV does', async () => {
    const download = renderPage([mock({ from: null, to: null })]);
    const table = await screen.findByRole('region', { name: /^Fordelt på koordinatorens enhed.*\(rul vandret\)$/ });
    expect(within(within(table).getByRole('row', { name: /^Borgere i forløb/ })).getByRole('rowheader').textContent).toBe('Borgere i forløb (gns. pr. måned)');
    // A sum over the period keeps its name.
    expect(within(table).getByRole('rowheader', { name: 'Startede forløb' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Hent som CSV: Fordelt på koordinatorens enhed/ }));
    expect((download.mock.calls[0] as [string, string])[1]).toContain('\r\nBorgere i forløb (gns. pr. måned);122,0;124\r\n');
    // Month by month it is a count: the name as served.
    const monthly = screen.getByRole('region', { name: 'Testkommune, måned for måned (rul vandret)' });
    expect(within(monthly).getByRole('rowheader', { name: 'Borgere i forløb' })).toBeTruthy();
    expect(periodRowLabel({ figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb (alle forløbstyper)' })).toBe('Borgere i forløb (alle forløbstyper, gns. pr. måned)');
  });

  it('says above a table wider than its card that it scrolls sideways, and the keyboard can scroll it', async () => {
    renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    // Room enough (jsdom lays nothing out: every width is 0): no hint.
    expect(screen.queryByText('Rul vandret for at se flere måneder.')).toBeNull();
    cleanup();
    // The table 1400 px wide in a card of 900, as the months of a year at 1280 px.
    jest.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('table-scroll') ? 1400 : 0;
    });
    jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('table-scroll') ? 900 : 0;
    });
    try {
      renderPage([mock({ from: null, to: null })]);
      const table = await screen.findByRole('region', { name: 'Testkommune, måned for måned (rul vandret)' });
      const hint = document.getElementById(table.getAttribute('aria-describedby')!)!;
      expect(hint.textContent).toBe('Rul vandret for at se flere måneder.');
      expect(hint.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(table.getAttribute('tabindex')).toBe('0');
      const units = screen.getByRole('region', { name: /^Fordelt på koordinatorens enhed.*\(rul vandret\)$/ });
      expect(document.getElementById(units.getAttribute('aria-describedby')!)!.textContent).toBe('Rul vandret for at se flere enheder.');
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('exports each table as CSV, exactly as shown', async () => {
    const download = renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV: Testkommune, måned for måned' }));
    expect(download).toHaveBeenCalledTimes(1);
    const [fileName, csv] = download.mock.calls[0] as [string, string];
    expect(fileName).toBe('noegletal-2026-01-2026-02.csv');
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('Nøgletal;jan. 2026;feb. 2026;Hele perioden');
    expect(lines).toContain('Startede forløb;12;skjult;mindst 12');
    expect(lines).toContain('Afsluttede forløb;skjult;6;mindst 6');
    fireEvent.click(screen.getByRole('button', { name: /Hent som CSV: Fordelt på koordinatorens enhed/ }));
    expect((download.mock.calls[1] as [string, string])[1].split('\r\n')[0]).toBe('\uFEFFNøgletal;Jobcenter;Socialforvaltningen');
  });

  it('asks for another period', async () => {
    // The new period's figures take a moment to come: long enough that a busy machine still
    // checks the page in between.
    renderPage([mock({ from: null, to: null }), { ...mock({ from: '2025-03', to: '2025-08' }, result('Anden periode')), delay: 2_000 }]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    showPeriod('2025-03', '2025-08');
    // Until the new period's figures come, the last ones stay and say they are the last period's.
    const reading = await screen.findByText('Henter nøgletal for den valgte periode … Tallene nedenfor er for den forrige.');
    expect(reading.getAttribute('role')).toBe('status');
    expect(screen.getByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Anden periode' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByText(/Henter nøgletal/)).toBeNull();
  });

  it('keeps the period chosen in the address: a reload, or Back from another page, shows that period again', async () => {
    renderPage([mock({ from: null, to: null }), mock({ from: '2025-03', to: '2025-08' }, result('Anden periode'))]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    showPeriod('2025-03', '2025-08');
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Anden periode' });
    expect(window.location.search).toBe('?fra=2025-03&til=2025-08');
    cleanup();

    // The page opened again at that address asks for that period, and the fields show it.
    renderPage([mock({ from: '2025-03', to: '2025-08' }, result('Anden periode'))]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Anden periode' });
    expect((screen.getByLabelText('Fra måned') as HTMLInputElement).value).toBe('2025-03');
    expect((screen.getByLabelText('Til måned') as HTMLInputElement).value).toBe('2025-08');
  });

  it('shows the period in force in its fields: the default one as the server answered it, not empty fields', async () => {
    // The default period, as the server answered it; then Fra changed alone: Til stays the default
    // (this month, as the months pass), not fixed at the month its field showed.
    renderPage([mock({ from: null, to: null }), mock({ from: '2025-11', to: null }, result('Fra november'))]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    const [from, to] = [screen.getByLabelText('Fra måned') as HTMLInputElement, screen.getByLabelText('Til måned') as HTMLInputElement];
    expect([from.value, to.value]).toEqual(['2026-01', '2026-02']);
    // "Vis periode" with nothing changed keeps the default period, and the address without one.
    fireEvent.click(screen.getByRole('button', { name: 'Vis periode' }));
    expect(window.location.search).toBe('');
    fireEvent.change(from, { target: { value: '2025-11' } });
    expect(from.value).toBe('2025-11');
    fireEvent.click(screen.getByRole('button', { name: 'Vis periode' }));
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Fra november' });
    expect(window.location.search).toBe('?fra=2025-11');
    expect([from.value, to.value]).toEqual(['2025-11', '2026-02']);
  });

  it('a field emptied still means the default period', async () => {
    window.history.replaceState(null, '', '/noegletal?fra=2025-03&til=2025-08');
    renderPage([mock({ from: '2025-03', to: '2025-08' }, result('Anden periode')), mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Anden periode' });
    showPeriod('', '');
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    expect(window.location.search).toBe('');
    expect([(screen.getByLabelText('Fra måned') as HTMLInputElement).value, (screen.getByLabelText('Til måned') as HTMLInputElement).value]).toEqual(['2026-01', '2026-02']);
  });

  it('an address with a period the form would refuse opens on the last 12 months', async () => {
    window.history.replaceState(null, '', '/noegletal?fra=2026-05&til=2026-01');
    renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    expect(window.location.search).toBe('');
  });

  it('refuses a period out of order by the field, and asks for nothing', async () => {
    renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    fireEvent.change(screen.getByLabelText('Fra måned'), { target: { value: '2026-05' } });
    fireEvent.change(screen.getByLabelText('Til måned'), { target: { value: '2026-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Vis periode' }));
    const to = screen.getByLabelText('Til måned');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toBe('Til-måneden må ikke ligge før fra-måneden.');
    expect(document.activeElement).toBe(to);
    // Typing again clears it.
    fireEvent.change(to, { target: { value: '2026-08' } });
    expect(to.getAttribute('aria-invalid')).toBeNull();
  });

  it('reads a month typed as the picker gives it or the Danish way, and keeps the period in order', () => {
    expect(['2026-01', '2026-1', '01-2026', '1/2026', '1.2026', ' 12-2025 '].map(parseMonth)).toEqual(['2026-01', '2026-01', '2026-01', '2026-01', '2026-01', '2025-12']);
    expect(['jan 2026', '2026-13', '13-2026', '2026', ''].map(parseMonth)).toEqual([null, null, null, null, null]);
    expect(checkRange('2026-05', '2026-01')).toEqual({ to: 'Til-måneden må ikke ligge før fra-måneden.' });
    // One month is a period too.
    expect(checkRange('2026-05', '2026-05')).toEqual({});
    expect(checkRange('', '')).toEqual({});
  });

  it('refuses in the browser what the server would: more than 36 months', () => {
    expect(checkRange('2023-01', '2025-12', '2026-12')).toEqual({});
    expect(checkRange('2022-12', '2025-12', '2026-12')).toEqual({ from: 'Højst 36 måneder ad gangen.' });
    expect(checkRange('2023-12', '', '2026-12')).toEqual({ from: 'Højst 36 måneder ad gangen.' });
  });

  it('offers no month that has not begun, and refuses one typed in, as the server does', async () => {
    const future = 'Nøgletal findes kun til og med denne måned: en måned, der ikke er begyndt, har ingen tal endnu.';
    expect(checkRange('2027-02', '', '2026-12')).toEqual({ from: future });
    expect(checkRange('2027-02', '2027-03', '2026-12')).toEqual({ from: future, to: future });
    expect(checkRange('2026-06', '2027-01', '2026-12')).toEqual({ to: future });
    expect(checkRange('2026-06', '2026-12', '2026-12')).toEqual({});
    renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    const thisMonth = todayInDenmark().slice(0, 7);
    expect(screen.getByLabelText('Til måned').getAttribute('max')).toBe(thisMonth);
    expect(screen.getByLabelText('Fra måned').getAttribute('max')).toBe(thisMonth);
  });

  it('the charts are pictures with a text: nothing inside them takes the keyboard focus, calls itself an application or speaks up', async () => {
    renderPage([mock({ from: null, to: null })]);
    await screen.findByRole('heading', { level: 2, name: 'Startede og afsluttede forløb' });
    const pictures = screen.getAllByRole('img').filter((el) => el.classList.contains('chart-scroll'));
    expect(pictures.length).toBeGreaterThanOrEqual(2);
    for (const picture of pictures) {
      expect(picture.querySelector('svg')).not.toBeNull();
      // Its text is the picture's name; a live region inside it would read the hovered tooltip out of turn.
      expect(picture.querySelector('[tabindex]:not([tabindex="-1"]), [role="application"], [aria-live]')).toBeNull();
    }
  });

  it('names the month of a count chart\'s latest number: an older month is not presented as the latest when the newest is hidden', async () => {
    renderPage([mock({ from: null, to: null })]);
    const chart = (await screen.findByRole('heading', { level: 2, name: 'Startede og afsluttede forløb' })).closest('figure')!;
    // February's started forløb are fewer than 5: the number shown is January's, and says so.
    const text = 'Startede forløb: 12 i jan. 2026. Afsluttede forløb: 6 i feb. 2026.';
    expect(within(chart).getByText(text, { exact: false })).toBeTruthy();
    expect(within(chart).getByRole('img').getAttribute('aria-label')).toBe(`Startede og afsluttede forløb. ${text}`);
    expect(chart.textContent).not.toContain('seneste måned');
  });

  it('keeps each unit\'s section apart when the municipality has several units of one kind', async () => {
    const unitFigures = (unitName: string, started: number) => {
      const b = bucket('2026-02', { STARTED: n(started) });
      return { __typename: 'UnitKeyFigures' as const, unitKind: 'EMPLOYMENT', unitName, months: [b], period: b };
    };
    const twoJobcentres = { keyFigures: { ...result().keyFigures, units: [unitFigures('Jobcenter Nord', 11), unitFigures('Jobcenter Syd', 22)] } };
    const threeJobcentres = { keyFigures: { ...result().keyFigures, units: [unitFigures('Jobcenter Midt', 33), unitFigures('Jobcenter Nord', 11), unitFigures('Jobcenter Syd', 22)] } };
    renderPage([mock({ from: null, to: null }, twoJobcentres), mock({ from: '2025-03', to: '2025-08' }, threeJobcentres)]);
    const section = (name: string) => screen.getByText(`${name}: måned for måned`, { selector: 'summary' }).closest('details')!;
    fireEvent.click(await screen.findByText('Jobcenter Syd: måned for måned', { selector: 'summary' }));
    expect(section('Jobcenter Syd').open).toBe(true);
    // Another period, and the municipality has opened a third jobcenter meanwhile.
    showPeriod('2025-03', '2025-08');
    await screen.findByText('Jobcenter Midt: måned for måned', { selector: 'summary' });
    // The section the leader opened is still the one open, with its own figures.
    expect(['Jobcenter Midt', 'Jobcenter Nord', 'Jobcenter Syd'].map((name) => section(name).open)).toEqual([false, false, true]);
    const syd = within(section('Jobcenter Syd')).getByRole('row', { name: /Startede forløb/ });
    expect(within(syd).getAllByRole('cell').map((c) => c.textContent)).toEqual(['22']);
  });

  it('shows the months before Samplan has data as "–", not 0, and says from which day it has data', async () => {
    // Samplan has data from 1 February 2026: January is unknown, as the server sends it, and the period counts from February.
    const unknown = { ...bucket('2026-01', {}), beforeDataFrom: true };
    const fromFebruary = { ...bucket('2026-02–2026-02', { ACTIVE_PROGRAMMES: n(124), STARTED: hidden, ENDED: n(6) }), from: '2026-02-01' };
    const data = { keyFigures: { ...result().keyFigures, dataFrom: '2026-02-01', months: [unknown, feb], period: fromFebruary, units: [] } };
    renderPage([mock({ from: null, to: null }, data)]);
    expect((await screen.findByTestId('data-from')).textContent).toBe('Samplan har data fra 1. februar 2026. Måneder før står som »–«: de er ukendte, ikke 0.');
    const table = screen.getByRole('region', { name: 'Testkommune, måned for måned (rul vandret)' });
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Nøgletal', 'jan. 2026', 'feb. 2026', 'Hele perioden fra feb. 2026']);
    const row = (name: string) => within(within(table).getByRole('row', { name: new RegExp(`^${name}`) })).getAllByRole('cell').map((c) => c.textContent);
    expect(row('Borgere i forløb')).toEqual(['–', '124', '124']);
    expect(row('Andel i virksomhedsrettet indsats')).toEqual(['–', '33 %', '–']);
    // February's count is not set against January's unknown as if it were 0.
    const overview = screen.getByRole('region', { name: 'Overblik, feb. 2026' });
    expect(within(overview).getByText('Samplan har ikke data for jan. 2026 at sammenligne med.')).toBeTruthy();
  });

  it('says when the municipality has no forløb in Samplan yet', async () => {
    const unknown = (label: string) => ({ ...bucket(label, {}), beforeDataFrom: true });
    const data = { keyFigures: { ...result().keyFigures, dataFrom: null, months: [unknown('2026-01'), unknown('2026-02')], period: unknown('2026-01–2026-02'), units: [] } };
    renderPage([mock({ from: null, to: null }, data)]);
    expect((await screen.findByTestId('data-from')).textContent).toBe('Samplan har endnu ingen forløb for kommunen, så der er ingen tal.');
  });

  it('says what each figure counts, behind a "Hvad tæller med?" the keyboard opens', async () => {
    renderPage([mock({ from: null, to: null })]);
    const summary = await screen.findByText('Hvad tæller med? Nøgletallenes definitioner', { selector: 'summary' });
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    // A native disclosure: the summary is a button to assistive technology and takes Enter and Space.
    fireEvent.click(summary);
    expect(details.open).toBe(true);
    const terms = within(details).getAllByRole('term').map((t) => t.textContent);
    expect(terms).toEqual(FIGURES.map(([, label]) => label));
    const started = within(details).getAllByRole('definition')[terms.indexOf('Startede forløb')]!;
    expect(started.textContent).toBe('Sådan tælles startede forløb. Kilde: STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9.');
  });

  it('another period that could not be read: the last period\'s figures stay, and say they are not the period chosen', async () => {
    renderPage([mock({ from: null, to: null }), { request: { query: KeyFiguresQueryDoc, variables: { from: '2025-03', to: '2025-08' } }, error: new Error('Failed to fetch') }]);
    await screen.findByRole('heading', { level: 1, name: 'Nøgletal – Testkommune' });
    expect(screen.queryByTestId('figures-stale')).toBeNull();
    showPeriod('2025-03', '2025-08');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Nøgletallene kunne ikke hentes.'));
    expect(screen.getByTestId('figures-stale').textContent).toBe('Tallene nedenfor er for den forrige periode (jan. 2026–feb. 2026), ikke den valgte.');
  });

  it('says so in Danish when the figures cannot be fetched', async () => {
    renderPage([{ request: { query: KeyFiguresQueryDoc, variables: { from: null, to: null } }, error: new Error('Failed to fetch') }]);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Nøgletallene kunne ikke hentes.'));
  });
});

describe('CSV and access', () => {
  it('quotes separators and quotes, and starts with a byte-order mark for Excel', () => {
    expect(toCsv(['a', 'b'], [['x;y', 'sagt "hej"']])).toBe('\uFEFFa;b\r\n"x;y";"sagt ""hej"""\r\n');
  });

  it('is for leaders and coordinators', () => {
    expect(['LEADER', 'CASEWORKER', 'MENTOR', 'ADMINISTRATOR', null].map(canSeeKeyFigures)).toEqual([true, true, false, false, false]);
  });
});
