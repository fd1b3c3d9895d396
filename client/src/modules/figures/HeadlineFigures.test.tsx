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
    values: [{ __typename: 'KeyFigureValue' as const, figure: 'ACTIVE_PROGRAMMES' as const, value, suppressed: false, display: String(value) }],
  });
  const jan = month('2026-01', january);
  const feb = month('2026-02', february);
  return {
    municipalityName: 'Testkommune',
    fromMonth: '2026-01',
    toMonth: '2026-02',
    companyBasedTarget: 0.3,
    minimumGroupSize: 5,
    figures: [{ figure: 'ACTIVE_PROGRAMMES', label: 'Borgere i forløb', kind: 'COUNT', source: '' }],
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
