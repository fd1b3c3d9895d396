import { amountFigure, countFigure, isSmall, protectCarries, protectSums, shareFigure, type Carry, type SumRelation } from './suppression';

describe('small groups are hidden', () => {
  it('hides 1–4, shows 0 and 5; every hidden number reads "skjult", whatever hid it', () => {
    expect([0, 1, 4, 5].map((n) => countFigure(n, isSmall(n)).display)).toEqual(['0', 'skjult', 'skjult', '5']);
    expect(countFigure(3, true)).toEqual({ value: null, suppressed: true, display: 'skjult' });
    expect(countFigure(30, true)).toEqual({ value: null, suppressed: true, display: 'skjult' });
  });

  it('hides a share when the part, the whole or the complement is 1–4', () => {
    expect(shareFigure(7, 12, false, false)).toMatchObject({ suppressed: false, display: '58 %' });
    expect(shareFigure(3, 50, false, false).suppressed).toBe(true); // part
    expect(shareFigure(47, 50, false, false).suppressed).toBe(true); // complement: 3 without
    expect(shareFigure(4, 4, false, false).suppressed).toBe(true); // whole
    expect(shareFigure(0, 12, false, false)).toMatchObject({ value: 0, display: '0 %' });
    expect(shareFigure(0, 0, false, false)).toMatchObject({ value: null, suppressed: false, display: '–' });
  });

  it('hides a share, and an amount per person, whose whole is hidden, even a hidden 0: "–" would say nobody was counted', () => {
    expect(shareFigure(0, 0, false, true)).toEqual({ value: null, suppressed: true, display: 'skjult' });
    expect(shareFigure(0, 0, true, true)).toEqual({ value: null, suppressed: true, display: 'skjult' });
    expect(amountFigure(null, 0, true)).toEqual({ value: null, suppressed: true, display: 'skjult' });
    // A whole shown as 0 still reads "–": nobody reached it.
    expect(amountFigure(null, 0, false)).toEqual({ value: null, suppressed: false, display: '–' });
  });

  it('rounds a share half up as a person would: 57 of 200 is 29 %, not 28 %', () => {
    expect(shareFigure(57, 200, false, false).display).toBe('29 %');
    expect(shareFigure(35, 40, false, false).display).toBe('88 %');
    expect(shareFigure(5, 40, false, false).display).toBe('13 %');
  });

  it('sends a share no finer than it is shown: 6 of 11 is 0.55 (55 %), not 6/11, which would tell the group is 11', () => {
    expect(shareFigure(6, 11, false, false)).toEqual({ value: 0.55, suppressed: false, display: '55 %' });
    expect(shareFigure(5, 13, false, false)).toEqual({ value: 0.38, suppressed: false, display: '38 %' });
    expect(shareFigure(57, 200, false, false)).toEqual({ value: 0.29, suppressed: false, display: '29 %' });
    expect(shareFigure(12, 12, false, false)).toEqual({ value: 1, suppressed: false, display: '100 %' });
  });

  it('hides an amount about a small group', () => {
    expect(amountFigure(30, 5, false)).toMatchObject({ value: 30, display: '30,0' });
    expect(amountFigure(18, 3, false)).toMatchObject({ value: null, suppressed: true, display: 'skjult' });
  });
});

/**
 * A reader's attack on a table: any sum with exactly one unknown cell gives that cell (the
 * whole minus the known parts, or the sum of the parts), and what is worked out is known
 * for the next sum, until nothing more can be had. The cells it ends up knowing.
 */
function workedOut(values: number[], hidden: boolean[], sums: SumRelation[]): boolean[] {
  const known = hidden.map((h) => !h);
  for (let more = true; more; ) {
    more = false;
    for (const { whole, parts } of sums) {
      const unknown = [whole, ...parts].filter((i) => !known[i]);
      if (unknown.length === 1) [known[unknown[0]], more] = [true, true];
    }
  }
  return known;
}

/**
 * A sharper reader: every hidden number is at least 1 (0 is always shown), so each sum bounds
 * its hidden cells from both sides — 7 in all with 5 shown and two hidden leaves 1 and 1. The
 * bounds are narrowed over every sum until nothing moves; a hidden group is worked out when
 * its bounds meet.
 */
function pinned(values: number[], hidden: boolean[], sums: SumRelation[]): number[] {
  const lo = values.map((v, i) => (hidden[i] ? 1 : v));
  const hi = values.map((v, i) => (hidden[i] ? Number.POSITIVE_INFINITY : v));
  for (let round = 0; round < 200; round++) {
    let moved = false;
    const narrow = (i: number, l: number, h: number) => {
      if (l > lo[i]) [lo[i], moved] = [l, true];
      if (h < hi[i]) [hi[i], moved] = [h, true];
    };
    for (const { whole, parts } of sums) {
      const sumLo = parts.reduce((a, i) => a + lo[i], 0);
      narrow(whole, sumLo, parts.reduce((a, i) => a + hi[i], 0));
      for (const i of parts) {
        // The others' most, without Infinity − Infinity.
        const othersHi = parts.reduce((a, j) => (j === i ? a : a + hi[j]), 0);
        narrow(i, lo[whole] - othersHi, hi[whole] - (sumLo - lo[i]));
      }
    }
    if (!moved) break;
  }
  return values.flatMap((v, i) => (hidden[i] && isSmall(v) && lo[i] === hi[i] ? [i] : []));
}

/** A table rows × columns whose first row is the sum of the others, and whose first column is the sum of the rest of each row. */
function table(rows: number[][]): { values: number[]; sums: SumRelation[] } {
  const width = rows[0].length;
  const at = (r: number, c: number) => r * width + c;
  const sums: SumRelation[] = [];
  if (rows.length > 1) for (let c = 0; c < width; c++) sums.push({ whole: at(0, c), parts: rows.slice(1).map((_, r) => at(r + 1, c)) });
  rows.forEach((_, r) => sums.push({ whole: at(r, 0), parts: rows[r].slice(1).map((_, c) => at(r, c + 1)) }));
  return { values: rows.flat(), sums };
}

const protect = (rows: number[][]) => {
  const { values, sums } = table(rows);
  const hidden = protectSums(values, values.map(isSmall), sums);
  return { values, sums, hidden, known: workedOut(values, hidden, sums) };
};

describe('secondary suppression: no hidden group can be worked out from the sums in the table', () => {
  it('one part of a shown whole: the smallest other non-zero part is hidden too', () => {
    const { hidden } = protect([[55, 3, 12, 0, 40]]);
    expect(hidden).toEqual([false, true, true, false, false]);
  });

  it('two parts hidden already, or the whole hidden: nothing more', () => {
    expect(protect([[45, 3, 2, 40]]).hidden).toEqual([false, true, true, false]);
    expect(protect([[3, 3, 0]]).hidden).toEqual([true, true, false]);
  });

  it('a part hidden for a column, alone in its row with 0s beside it, hides its row\'s whole', () => {
    // Units A, B, C in rows; in all, ressourceforløb, jobafklaringsforløb, own forløb in columns.
    // A's 3 ressourceforløb hide C's 50 in that column; C's row (50 = 50 + 0 + 0) would give
    // the 50 back, and A's 3 with it (53 − 50).
    const rows = [
      [83, 53, 30, 0],
      [3, 3, 0, 0],
      [30, 0, 30, 0],
      [50, 50, 0, 0],
    ];
    const { hidden, known } = protect(rows);
    const A_RF = 1 * 4 + 1;
    const A_ALL = 1 * 4;
    expect(hidden[A_RF] && hidden[A_ALL]).toBe(true);
    expect(known[A_RF]).toBe(false);
    expect(known[A_ALL]).toBe(false);
  });

  it('a hidden whole with every part shown: a part is hidden too (the whole would be their sum)', () => {
    // B's 30 in all is hidden to protect A (3) among the units; B's own row would add it up.
    const rows = [
      [33, 33, 0],
      [3, 3, 0],
      [30, 0, 30],
    ];
    const { known } = protect(rows);
    expect(known[1 * 3]).toBe(false);
    expect(known[1 * 3 + 1]).toBe(false);
  });

  it.each([
    [[[16, 13, 3], [13, 10, 3], [3, 3, 0]]],
    [[[40, 12, 20, 8], [21, 4, 9, 8], [19, 8, 11, 0]]],
    [[[9, 4, 5, 0], [4, 4, 0, 0], [5, 0, 5, 0]]],
    [[[60, 1, 2, 57], [30, 1, 0, 29], [30, 0, 2, 28]]],
  ])('no group of 1–4 is worked out by the reader: %j', (rows) => {
    const { values, known } = protect(rows);
    values.forEach((v, i) => {
      if (isSmall(v)) expect({ cell: i, known: known[i] }).toEqual({ cell: i, known: false });
    });
  });

  it('no group of 1–4 is worked out in 500 tables of units × kinds with many small and empty cells', () => {
    // A fixed sequence (no flaky seeds): units 2–5, kinds 2–4, each cell 0–12.
    let seed = 20261203;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let n = 0; n < 500; n++) {
      const units = Array.from({ length: 2 + next(4) }, () => Array.from({ length: 2 + next(3) }, () => (next(3) === 0 ? 0 : next(13))));
      const rows = units.map((kinds) => [kinds.reduce((a, b) => a + b, 0), ...kinds]);
      const total = rows[0].map((_, c) => rows.reduce((a, r) => a + r[c], 0));
      const { values, known } = protect([total, ...rows]);
      const leaked = values.flatMap((v, i) => (isSmall(v) && known[i] ? [i] : []));
      expect({ table: [total, ...rows], leaked }).toEqual({ table: [total, ...rows], leaked: [] });
      const { values: all, sums } = table([total, ...rows]);
      expect({ table: [total, ...rows], pinned: pinned(all, protectSums(all, all.map(isSmall), sums), sums) }).toEqual({ table: [total, ...rows], pinned: [] });
    }
  });

  it('two hidden parts that the shown whole leaves 2 for are hidden with a third, else each is worked out to be 1', () => {
    // 7 in forløb: 5 ressourceforløb shown, 1 jobafklaringsforløb and 1 own forløb hidden.
    const { values, sums } = table([[7, 5, 1, 1]]);
    const hidden = protectSums(values, values.map(isSmall), sums);
    expect(hidden).toEqual([false, true, true, true]);
    expect(pinned(values, hidden, sums)).toEqual([]);
  });

  it('keeps cells hidden for other reasons', () => {
    const { values, sums } = table([[62, 10, 12, 40]]);
    expect(protectSums(values, [false, true, false, false], sums)).toEqual([false, true, true, false]);
  });
});

describe('month against month (rule 4): in forløb − ended of a month = in forløb − started of the next', () => {
  // One row per month: February [in forløb, ended, ended to employment, ended by death], March [in forløb, started].
  const sums: SumRelation[] = [{ whole: 1, parts: [2, 3] }];
  const carries: Carry[] = [{ first: { stock: 0, flow: 1 }, second: { stock: 4, flow: 5 } }];
  const protect = (values: number[]) => protectCarries(values, values.map(isSmall), sums, carries);

  it('a hidden 1 ended, with 26 and 30 in forløb shown: the 5 started the next month are hidden too, never the people in forløb', () => {
    expect(protect([26, 1, 0, 1, 30, 5])).toEqual([false, true, false, true, false, true]);
  });

  it('2 started hidden where none ended: the 0 ended is hidden, and an end reason with it, or 0 + 0 would give it back', () => {
    expect(protect([20, 0, 0, 0, 22, 2])).toEqual([false, true, true, false, false, true]);
  });

  it('all four shown (or a stock hidden on both sides): nothing more is hidden', () => {
    expect(protect([26, 6, 6, 0, 30, 10])).toEqual([false, false, false, false, false, false]);
    const bothHidden = [true, false, false, false, true, false];
    expect(protectCarries([3, 0, 0, 0, 3, 0], bothHidden, sums, carries)).toEqual(bothHidden);
  });
});
