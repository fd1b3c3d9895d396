import { describeProgress, otherScaleNote } from './ProgressChart';

const fives = (...values: number[]) => values.map((value, i) => ({ measuredOn: `2026-0${i + 1}-01`, value, scale: 'ONE_TO_FIVE' as const }));

describe('progress chart text', () => {
  it('describes the trend in Danish', () => {
    expect(describeProgress([])).toBe('Ingen målinger endnu.');
    expect(
      describeProgress([
        { measuredOn: '2026-05-07', value: 1, scale: 'ONE_TO_FIVE' },
        { measuredOn: '2026-08-27', value: 3, scale: 'ONE_TO_FIVE' },
      ]),
    ).toBe('2 målinger fra 7. maj 2026 til 27. august 2026: steget fra 1 af 5 til 3 af 5.');
  });

  it('compares no measurements across scales: it tells those on the latest scale and says the others are left out', () => {
    const mixed = [...fives(1, 2, 2, 3, 3, 4), { measuredOn: '2026-12-01', value: 50, scale: 'PERCENT' as const }];
    expect(describeProgress(mixed)).toBe(
      'Én måling på skalaen 0–100 %: 50 % den 1. december 2026. 6 målinger på skalaen 1–5 er ikke med: de kan ikke sammenlignes med målinger på skalaen 0–100 %.',
    );
    expect(describeProgress([...mixed, { measuredOn: '2026-12-05', value: 40, scale: 'PERCENT' }])).toBe(
      '2 målinger på skalaen 0–100 % fra 1. december 2026 til 5. december 2026: faldet fra 50 % til 40 %. ' +
        '6 målinger på skalaen 1–5 er ikke med: de kan ikke sammenlignes med målinger på skalaen 0–100 %.',
    );
  });

  it('one measurement on the other scale is told in the singular; none, and there is nothing to say', () => {
    expect(otherScaleNote([{ scale: 'PERCENT' }, { scale: 'ONE_TO_FIVE' }, { scale: 'ONE_TO_FIVE' }])).toBe(
      'Én måling på skalaen 0–100 % er ikke med: den kan ikke sammenlignes med målinger på skalaen 1–5.',
    );
    expect(otherScaleNote(fives(2, 3))).toBeNull();
    expect(otherScaleNote([])).toBeNull();
  });
});
