import { render, screen, within } from '@testing-library/react';
import { HeadlineFigures } from './HeadlineFigures';
import type { KeyFiguresData } from './figures';

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
    minimumGroupSize: 5,
    figures: [{ figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb', kind: 'COUNT', source: '', definition: '' }],
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
      { figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb (alle forløbstyper)', kind: 'COUNT', source: '', definition: '' },
      { figure: 'GUARANTEE_SHARE', label: 'Andel der lever op til indsatsgarantien', kind: 'SHARE', source: '', definition: '' },
      { figure: 'FOLLOW_UP_REQUIREMENT_SHARE', label: 'Andel med mindst 4 samtaler i de første 6 måneder', kind: 'SHARE', source: '', definition: '' },
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
    data.figures = [{ figure: 'COMPANY_BASED_SHARE', label: 'Andel i virksomhedsrettet indsats', kind: 'SHARE', source: '', definition: '' }];
    const share = { __typename: 'KeyFigureValue' as const, figure: 'COMPANY_BASED_SHARE' as const, value: 57 / 200, suppressed: false, display: '29 %' };
    data.months = data.months.map((m) => ({ ...m, values: [share] }));
    render(<HeadlineFigures data={data} />);
    const item = within(screen.getByRole('region', { name: 'Overblik, feb. 2026' })).getByRole('listitem');
    expect([item.querySelector('.headline-value')?.textContent, item.querySelector('.headline-against')?.textContent]).toEqual(['29 %', 'Mål 30 % – 1 procentpoint under.']);
  });
});
