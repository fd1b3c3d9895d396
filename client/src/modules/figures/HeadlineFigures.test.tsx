import { render, screen, within } from '@testing-library/react';
import { HeadlineFigures } from './HeadlineFigures';
import type { KeyFiguresData } from './figures';
import type { KeyFigure, ProgrammeType } from '../../gql/graphql';

const ALL: ProgrammeType[] = ['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB', 'HELHEDSORIENTERET'];

/** Nøgletal with the number of citizens in forløb only, in January and February 2026. */
function figures(january: number, february: number): KeyFiguresData {
  const month = (label: string, value: number) => ({
    __typename: 'KeyFigureBucket' as const,
    label,
    from: `${label}-01`,
    to: `${label}-28`,
    beforeDataFrom: false,
    values: [{ __typename: 'KeyFigureValue' as const, figure: 'ACTIVE_PROGRAMMES' as const, value, suppressed: false, display: String(value), atLeast: null }],
  });
  const jan = month('2026-01', january);
  const feb = month('2026-02', february);
  return {
    municipalityName: 'Testkommune',
    fromMonth: '2026-01',
    toMonth: '2026-02',
    dataFrom: '2025-03-01',
    companyBasedTarget: 0.3,
    companyBasedTargetSource: 'Kommunens eget mål (en indstilling).',
    ownFollowUpIntervalDays: null,
    minimumGroupSize: 5,
    figures: [{ figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb', kind: 'COUNT', source: '', definition: '', programmeTypes: ALL, covers: 'Alle forløbstyper' }],
    months: [jan, feb],
    period: feb,
    units: [],
  };
}

/** What the overview says of the count against the month before. */
function against(january: number, february: number): string | null {
  const { unmount } = render(<HeadlineFigures data={figures(january, february)} />);
  const overview = screen.getByRole('region', { name: 'Overblik, feb. 2026' });
  const text = within(overview).getByRole('listitem').querySelector('.headline-against')?.textContent ?? null;
  unmount();
  return text;
}

describe('Overblik: the number of citizens in forløb against the month before', () => {
  it('says one more or one fewer in the singular: "1 mere", "1 mindre"', () => {
    expect(against(123, 124)).toBe('1 mere end i jan. 2026.');
    expect(against(124, 123)).toBe('1 mindre end i jan. 2026.');
  });

  it('says several in the plural: "4 flere", "4 færre"', () => {
    expect(against(120, 124)).toBe('4 flere end i jan. 2026.');
    expect(against(124, 120)).toBe('4 færre end i jan. 2026.');
    expect(against(124, 124)).toBe('Det samme som i jan. 2026.');
  });
});

describe('Overblik: what the rules ask, and of which forløb', () => {
  /** The overview with the two shares the rules ask for, next to the count of every type of forløb. */
  function hints(): Record<string, string> {
    const data = figures(6, 6);
    data.figures = [
      { figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb (alle forløbstyper)', kind: 'COUNT', source: '', definition: '', programmeTypes: ALL, covers: 'Alle forløbstyper' },
      { figure: 'GUARANTEE_SHARE', label: 'Andel der lever op til indsatsgarantien', kind: 'SHARE', source: '', definition: '', programmeTypes: ALL, covers: 'Alle forløbstyper' },
      { figure: 'FOLLOW_UP_REQUIREMENT_SHARE', label: 'Andel med mindst 4 samtaler i de første 6 måneder', kind: 'SHARE', source: '', definition: '', programmeTypes: ALL, covers: 'Alle forløbstyper' },
    ];
    const { unmount } = render(<HeadlineFigures data={data} />);
    const overview = screen.getByRole('region', { name: 'Overblik, feb. 2026' });
    const shown = Object.fromEntries(
      within(overview)
        .getAllByRole('listitem')
        .map((item) => [item.getAttribute('data-figure') ?? '', item.querySelector('.hint')?.textContent ?? '']),
    );
    unmount();
    return shown;
  }

  it('says the indsatsgaranti is asked of ressourceforløb under the 2022 rules, by start + 6 months, by its law (LAB §113, stk. 2), not of every citizen in a forløb', () => {
    const text = hints().GUARANTEE_SHARE;
    expect(text).not.toMatch(/\balle\b/i);
    expect(text).toContain('ressourceforløb efter reglerne fra 2022');
    expect(text).toContain('senest 6 måneder efter forløbets start');
    expect(text).toContain('LAB §113, stk. 2');
  });

  it('says the 4 samtaler in the first 6 months are asked of ressourceforløb, not of jobafklaringsforløb or the municipality\'s own forløb', () => {
    const text = hints().FOLLOW_UP_REQUIREMENT_SHARE;
    expect(text).not.toMatch(/\balle\b/i);
    expect(text).toContain('ressourceforløb');
    expect(text).toContain('STAR’s vejledning om ressourceforløb 2020, afsnit 5.5');
  });
});

describe('Overblik: a share against its target', () => {
  it('counts the points short from the percentages shown: 29 % (57 of 200) is 1 point under 30 %, not 2', () => {
    const data = figures(200, 200);
    data.figures = [{ figure: 'COMPANY_BASED_SHARE', label: 'Andel i virksomhedsrettet indsats', kind: 'SHARE', source: '', definition: '', programmeTypes: ALL, covers: 'Alle forløbstyper' }];
    const share = { __typename: 'KeyFigureValue' as const, figure: 'COMPANY_BASED_SHARE' as const, value: 57 / 200, suppressed: false, display: '29 %' };
    data.months = data.months.map((m) => ({ ...m, values: [share] }));
    render(<HeadlineFigures data={data} />);
    const item = within(screen.getByRole('region', { name: 'Overblik, feb. 2026' })).getByRole('listitem');
    expect([item.querySelector('.headline-value')?.textContent, item.querySelector('.headline-against')?.textContent]).toEqual(['29 %', 'Mål 30 % – 1 procentpoint under.']);
  });
});

/**
 * December 2026 as a leader met it: 8 in forløb, 4 of them in ressourceforløb (hidden, under 5), 2 in
 * jobafklaringsforløb and 2 in the municipality's own forløb (hidden); no ressourceforløb reached its
 * first 6 months, for none have been granted since 1 February 2026.
 */
describe('Overblik in December 2026: which forløb each figure covers, and the samtaler per type', () => {
  const v = (figure: KeyFigure, value: number | null, display: string, suppressed = false) => ({ __typename: 'KeyFigureValue' as const, figure, value, suppressed, display, atLeast: null });
  const info = (figure: KeyFigure, label: string, kind: 'COUNT' | 'SHARE', programmeTypes: ProgrammeType[], covers: string) =>
    ({ figure, label, kind, source: '', definition: '', programmeTypes, covers });
  function december(over: { ressource?: ReturnType<typeof v>; frame?: number | null; ownShare?: ReturnType<typeof v> } = {}): KeyFiguresData {
    const data = figures(8, 8);
    data.ownFollowUpIntervalDays = over.frame ?? null;
    data.companyBasedTargetSource = 'Målet på 30 % er Faaborg-Midtfyn Kommunes eget måltal for borgere i ressourceforløb (Faaborg-Midtfyns borgerpjece om ressourceforløb). Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb). Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.';
    data.figures = [
      info('ACTIVE_PROGRAMMES', 'Borgere i forløb (alle forløbstyper)', 'COUNT', ALL, 'Alle forløbstyper'),
      info('COMPANY_BASED_SHARE', 'Andel i virksomhedsrettet indsats', 'SHARE', ALL, 'Alle forløbstyper'),
      info('GUARANTEE_SHARE', 'Andel der lever op til indsatsgarantien', 'SHARE', ['RESSOURCEFORLOEB'], 'Kun ressourceforløb (reglerne fra 2022)'),
      info('FOLLOW_UP_REQUIREMENT_SHARE', 'Andel med mindst 4 samtaler i de første 6 måneder', 'SHARE', ['RESSOURCEFORLOEB'], 'Kun ressourceforløb (reglerne fra 2013 og 2022)'),
      info('OWN_FRAME_SHARE', 'Andel af egne forløb inden for kommunens ramme for samtaler', 'SHARE', ['HELHEDSORIENTERET'], 'Kun kommunens egne helhedsorienterede forløb'),
    ];
    const values = [
      v('ACTIVE_PROGRAMMES', 8, '8'), over.ressource ?? v('ACTIVE_RESSOURCEFORLOEB', null, 'skjult', true), v('ACTIVE_JOBAFKLARINGSFORLOEB', null, 'skjult', true),
      v('ACTIVE_HELHEDSORIENTERET', null, 'skjult', true), v('COMPANY_BASED_SHARE', null, 'skjult', true), v('GUARANTEE_SHARE', null, '–'),
      v('FOLLOW_UP_REQUIREMENT_SHARE', null, '–'), over.ownShare ?? v('OWN_FRAME_SHARE', null, '–'),
    ];
    data.months = data.months.map((m, i) => ({ ...m, label: i ? '2026-12' : '2026-11', values }));
    return data;
  }
  /** Each item of the overview: its covers line, its value and what it is held against. */
  function items(data: KeyFiguresData): Record<string, string[]> {
    const { unmount } = render(<HeadlineFigures data={data} />);
    const overview = screen.getByRole('region', { name: 'Overblik, dec. 2026' });
    const out = Object.fromEntries(within(overview).getAllByRole('listitem').map((li) => [
      li.getAttribute('data-figure') ?? '',
      ['.headline-covers', '.headline-value', '.headline-against', '.hint'].map((c) => li.querySelector(c)?.textContent ?? ''),
    ]));
    unmount();
    return out;
  }

  it('says each headline figure covers only the types it counts, and why the indsatsgaranti has no number: in words, not "–" alone', () => {
    const shown = items(december());
    expect(shown.ACTIVE_PROGRAMMES![0]).toBe('Alle forløbstyper');
    expect(shown.GUARANTEE_SHARE!.slice(0, 3)).toEqual([
      'Kun ressourceforløb (reglerne fra 2022)', '–', 'Krav 100 % – kan ikke vurderes (ingen ressourceforløb efter reglerne fra 2022 nåede 6 måneder i dec. 2026).',
    ]);
  });

  it('with no ressourceforløb left at all, says the figure covers none of the month\'s forløb', () => {
    const shown = items(december({ ressource: v('ACTIVE_RESSOURCEFORLOEB', 0, '0') }));
    expect(shown.GUARANTEE_SHARE![2]).toBe('Krav 100 % – kan ikke vurderes (ingen ressourceforløb i dec. 2026, så tallet gælder ingen af månedens forløb).');
  });

  it('names where the 30 % comes from and that it is held against every type of forløb', () => {
    const hint = items(december()).COMPANY_BASED_SHARE![3];
    expect(hint).toContain('Faaborg-Midtfyns borgerpjece om ressourceforløb');
    expect(hint).toContain('alle forløbstyper');
  });

  it('gives the samtaler per type: the own forløb "Ingen ramme sat" without a frame, and jobafklaringsforløb no number the law asks', () => {
    const shown = items(december());
    expect(shown.FOLLOW_UP_REQUIREMENT_SHARE![0]).toBe('Kun ressourceforløb (reglerne fra 2013 og 2022)');
    expect(shown.OWN_FRAME_SHARE!.slice(0, 2)).toEqual(['Kun kommunens egne helhedsorienterede forløb', 'Ingen ramme sat']);
    expect(shown.JOBAFKLARINGSFORLOEB_SAMTALER!.slice(0, 2)).toEqual(['Kun jobafklaringsforløb', 'Ingen lovkrav om antal samtaler']);
  });

  it('holds the own forløb against the frame the municipality has set', () => {
    const shown = items(december({ frame: 30, ownShare: v('OWN_FRAME_SHARE', 0.62, '62 %') }));
    expect(shown.OWN_FRAME_SHARE!.slice(1)).toEqual(['62 %', 'Ramme 100 % – 38 procentpoint under.', 'Kommunens egen ramme for egne forløb, som den er sat nu: højst 30 dage mellem samtaler (sættes under »Egne forløb« nedenfor). En måned, der er gået, er målt mod den ramme, der gjaldt ved månedens udgang.']);
  });

  it('shows a month measured against a frame taken away since, not "Ingen ramme sat"', () => {
    const shown = items(december({ frame: null, ownShare: v('OWN_FRAME_SHARE', 0.75, '75 %') }));
    expect(shown.OWN_FRAME_SHARE!.slice(1, 2)).toEqual(['75 %']);
  });
});
