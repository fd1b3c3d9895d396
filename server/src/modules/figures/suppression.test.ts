import { amountFigure, countFigure, shareFigure, suppressParts } from './suppression';

describe('small groups are shown as "<5"', () => {
  it('hides 1–4, shows 0 and 5', () => {
    expect([0, 1, 4, 5].map((n) => countFigure(n, n > 0 && n < 5).display)).toEqual(['0', '<5', '<5', '5']);
    expect(countFigure(3, true)).toEqual({ value: null, suppressed: true, display: '<5' });
  });

  it('hides a share when the part, the whole or the complement is 1–4', () => {
    expect(shareFigure(7, 12, false, false)).toMatchObject({ suppressed: false, display: '58 %' });
    expect(shareFigure(3, 50, false, false).suppressed).toBe(true); // part
    expect(shareFigure(47, 50, false, false).suppressed).toBe(true); // complement: 3 without
    expect(shareFigure(4, 4, false, false).suppressed).toBe(true); // whole
    expect(shareFigure(0, 12, false, false)).toMatchObject({ value: 0, display: '0 %' });
    expect(shareFigure(0, 0, false, false)).toMatchObject({ value: null, suppressed: false, display: '–' });
  });

  it('hides an amount about a small group', () => {
    expect(amountFigure(30, 5, false)).toMatchObject({ value: 30, display: '30,0' });
    expect(amountFigure(18, 3, false)).toMatchObject({ value: null, suppressed: true, display: '<5' });
  });
});

describe('secondary suppression: a hidden part cannot be worked out from the whole', () => {
  it('hides the smallest other non-zero part when exactly one part is hidden and the whole is shown', () => {
    expect(suppressParts([3, 12, 0, 40], true)).toEqual([true, true, false, false]);
  });

  it('leaves it when two parts are hidden already, or the whole is hidden', () => {
    expect(suppressParts([3, 2, 40], true)).toEqual([true, true, false]);
    expect(suppressParts([3, 0], false)).toEqual([true, false]);
  });

  it('keeps parts hidden for other reasons', () => {
    expect(suppressParts([10, 12, 40], true, [true, false, false])).toEqual([true, true, false]);
  });
});
