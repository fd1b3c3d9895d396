import { describeProgress } from './ProgressChart';

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
});
