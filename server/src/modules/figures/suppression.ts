/**
 * Small-group suppression for key figures. Leaders see aggregates only; a group of 1–4
 * people is never shown (0 is shown: nobody is not a group of people), and neither is any
 * number from which such a group could be worked out. Three rules:
 *  1. primary: a count of 1–4 is hidden;
 *  2. complement: a count whose complement in its whole (e.g. "not company-based" among
 *     the active, "without ordinary hours" among the company-based: every count within another,
 *     figures.service.ts COUNTS) is 1–4 is hidden too, and so is the share built from it;
 *  3. secondary, over every sum a reader can form from the table (`protectSums`): a shown
 *     whole never has exactly one hidden part (another part is hidden, or the whole is),
 *     and a hidden whole never has all its parts shown (one of them is hidden); and since a
 *     hidden number is never 0, no group is pinned by the bounds the sums put on it either
 *     (7 in all, 5 shown and two hidden would make each 1).
 * Anything derived from a hidden group (share, average, hours) is hidden with it. Every
 * hidden number is shown as "skjult", whatever the reason: telling "1–4" apart from "hidden
 * to protect another" would tell a reader more than the rules allow.
 */
export const MIN_GROUP = 5;

export const isSmall = (n: number): boolean => n > 0 && n < MIN_GROUP;

/** A sum a reader can form from the shown cells: the whole is the sum of the parts (indices into one list of cells). */
export interface SumRelation {
  whole: number;
  parts: readonly number[];
}

/**
 * Rule 3 over a whole table of non-negative counts: given which cells are hidden already
 * (rules 1 and 2, or forced from elsewhere), hides more until no sum gives a hidden cell
 * back. A shown whole with exactly one hidden part: the smallest other non-zero part is
 * hidden, or, when every other part is 0, the whole itself (else part = whole). A hidden
 * whole with every part shown: its smallest non-zero part is hidden (else whole = sum). A
 * cell hidden for one sum is a hidden part or whole of the other sums it is in, so the
 * rounds repeat until nothing changes; cells are only ever hidden, so this ends.
 */
export function protectSums(values: readonly number[], alreadyHidden: readonly boolean[], sums: readonly SumRelation[]): boolean[] {
  const hidden = [...alreadyHidden];
  /** Cells whose bounds no further hiding in their own sums can widen: left, so the rounds end. */
  const stuck = new Set<number>();
  const pinnedSmall = () => {
    const { lo, hi } = bounds(values, hidden, sums);
    return hidden.findIndex((h, i) => h && !stuck.has(i) && isSmall(values[i]) && lo[i] === hi[i]);
  };
  const smallestShown = (cells: readonly number[]) => {
    let pick = -1;
    for (const i of cells) if (!hidden[i] && values[i] > 0 && (pick < 0 || values[i] < values[pick])) pick = i;
    return pick;
  };
  const rule3 = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const { whole, parts } of sums) {
        const hiddenParts = parts.filter((i) => hidden[i]).length;
        let pick = -1;
        if (!hidden[whole] && hiddenParts === 1) {
          pick = smallestShown(parts);
          if (pick < 0) pick = whole;
        } else if (hidden[whole] && hiddenParts === 0 && values[whole] > 0) {
          pick = smallestShown(parts);
        }
        if (pick >= 0) [hidden[pick], changed] = [true, true];
      }
    }
  };
  // Rule 3b, a reader's bounds, once the sums hold: a hidden number is at least 1 (0 is shown), so
  // a shown whole bounds its hidden parts from above — 7 in all with 5 shown leaves two hidden
  // parts 1 each. A small group the bounds pin down has the smallest shown non-zero cell of a sum
  // it is in hidden with it (else that sum's whole), one at a time, until no bound gives a group away.
  for (rule3(); ; rule3()) {
    const leak = pinnedSmall();
    if (leak < 0) break;
    const around = sums.filter((s) => s.whole === leak || s.parts.includes(leak));
    let pick = smallestShown(around.flatMap((s) => s.parts));
    if (pick < 0) pick = around.map((s) => s.whole).find((w) => !hidden[w]) ?? -1;
    if (pick >= 0) hidden[pick] = true;
    else stuck.add(leak);
  }
  return hidden;
}

/**
 * What a reader can bound each cell by: shown cells are what they show, hidden ones at least 1
 * and at most what the sums leave for them, narrowed over every sum until nothing moves.
 */
function bounds(values: readonly number[], hidden: readonly boolean[], sums: readonly SumRelation[]): { lo: number[]; hi: number[] } {
  const lo = values.map((v, i) => (hidden[i] ? 1 : v));
  const hi = values.map((v, i) => (hidden[i] ? Infinity : v));
  // Each round narrows by what one pass of the sums gives; a table whose whole is short of its
  // parts (a person in two units) has no consistent bounds and would creep for ever, so the
  // rounds are capped: the bounds then only ever err toward hiding more.
  for (let moved = true, rounds = 0; moved && rounds < 20; rounds++) {
    moved = false;
    for (const { whole, parts } of sums) {
      let partsLo = 0;
      let partsHi = 0;
      let unbounded = 0;
      for (const i of parts) {
        partsLo += lo[i];
        if (hi[i] === Infinity) unbounded++;
        else partsHi += hi[i];
      }
      if (partsLo > lo[whole]) [lo[whole], moved] = [partsLo, true];
      if (unbounded === 0 && partsHi < hi[whole]) [hi[whole], moved] = [partsHi, true];
      for (const i of parts) {
        const othersUnbounded = unbounded - (hi[i] === Infinity ? 1 : 0);
        const atLeast = othersUnbounded > 0 ? -Infinity : lo[whole] - (partsHi - (hi[i] === Infinity ? 0 : hi[i]));
        const atMost = hi[whole] - (partsLo - lo[i]);
        if (atLeast > lo[i]) [lo[i], moved] = [atLeast, true];
        if (atMost < hi[i]) [hi[i], moved] = [atMost, true];
      }
    }
  }
  return { lo, hi };
}

const nf1 = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });

/** How a hidden number is shown (see above: one word for every reason). */
export const HIDDEN = 'skjult';

export function countFigure(n: number, hidden: boolean) {
  return hidden ? { value: null, suppressed: true, display: HIDDEN } : { value: n, suppressed: false, display: nf0.format(n) };
}

/**
 * A period's sum (starts, ends) when one of its months is hidden: the sum of the shown months,
 * as "mindst N" — the hidden months add at least one each, how many is not said — so the
 * period tells nothing the shown months do not. With no shown month to add up, just "skjult".
 */
export function atLeastFigure(shownSum: number) {
  if (shownSum === 0) return { value: null, suppressed: true, display: HIDDEN, atLeast: null };
  return { value: null, suppressed: true, display: `mindst ${nf0.format(shownSum)}`, atLeast: shownSum };
}

/** People in forløb over a period: the average of its months, hidden when a month is (it would give that month back). */
export function monthlyAverageFigure(total: number, months: number, anyMonthHidden: boolean) {
  if (anyMonthHidden) return { value: null, suppressed: true, display: HIDDEN };
  const value = Math.round((total / months) * 10) / 10;
  return { value, suppressed: false, display: nf1.format(value) };
}

/** A share part/whole: hidden when either group, or the complement, is 1–4, or a part is hidden. */
export function shareFigure(part: number, whole: number, partHidden: boolean, wholeHidden: boolean) {
  if (whole === 0) return { value: null, suppressed: false, display: '–' };
  if (partHidden || wholeHidden || isSmall(part) || isSmall(whole) || isSmall(whole - part)) return { value: null, suppressed: true, display: HIDDEN };
  // Percent from the counts: (part / whole) * 100 carries the fraction's binary error, so
  // 57 of 200 came to 28.4999… and was shown as 28 %; part * 100 / whole is 28.5, which rounds to 29.
  return { value: part / whole, suppressed: false, display: `${nf0.format(Math.round((part * 100) / whole))} %` };
}

/** An amount about a group (average, total hours): hidden with the group. */
export function amountFigure(amount: number | null, group: number, groupHidden: boolean, digits: 0 | 1 = 1) {
  if (amount === null || group === 0) return { value: null, suppressed: false, display: '–' };
  if (groupHidden || isSmall(group)) return { value: null, suppressed: true, display: HIDDEN };
  const value = Math.round(amount * 10) / 10;
  return { value, suppressed: false, display: (digits === 1 ? nf1 : nf0).format(value) };
}
