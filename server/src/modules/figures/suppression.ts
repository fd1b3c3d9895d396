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
 *     and a hidden whole never has all its parts shown (one of them is hidden); and no group
 *     is pinned by the bounds the sums put on it either, a hidden group being at least 1
 *     (7 in all, 5 shown and two hidden would make each 1);
 *  4. across tables, over what two tables a reader can set side by side have in common
 *     (`protectCarries`): a month and the next share their people, so what one month shows
 *     must not, with the next, give back what either hides (see Carry).
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
  // Rule 3b, a reader's bounds, once the sums hold: a hidden group is at least 1, so a shown whole
  // bounds its hidden parts from above — 7 in all with 5 shown leaves two hidden parts 1 each. A
  // small group the bounds pin down has the smallest shown non-zero cell of a sum it is in hidden
  // with it (else that sum's whole), one at a time, until no bound gives a group away. The bounds
  // are worked out again only once a cell is hidden: a group nothing can free leaves them as they were.
  for (rule3(); ; rule3()) {
    let pick = -1;
    for (const leak of pinned(values, hidden, sums)) {
      if (stuck.has(leak)) continue;
      const around = sums.filter((s) => s.whole === leak || s.parts.includes(leak));
      pick = smallestShown(around.flatMap((s) => s.parts));
      if (pick < 0) pick = around.map((s) => s.whole).find((w) => !hidden[w]) ?? -1;
      if (pick >= 0) break;
      stuck.add(leak);
    }
    if (pick < 0) return hidden;
    hidden[pick] = true;
  }
}

/**
 * What a reader can bound each cell by: shown cells are what they show, hidden ones at least 1
 * and at most what the sums leave for them, narrowed over every sum until nothing moves.
 */
function bounds(values: readonly number[], hidden: readonly boolean[], sums: readonly SumRelation[]): { lo: number[]; hi: number[] } {
  // A hidden group is at least 1, a hidden 0 (hidden for another's sake) at least 0: every bound
  // holds of the true numbers and is as tight as any a reader can draw, so what a reader pins, these pin.
  const lo = values.map((v, i) => (hidden[i] ? Math.min(1, v) : v));
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

/** The hidden groups of 1–4 whose bounds meet: a reader works each out. */
function pinned(values: readonly number[], hidden: readonly boolean[], sums: readonly SumRelation[]): number[] {
  const { lo, hi } = bounds(values, hidden, sums);
  return hidden.flatMap((h, i) => (h && isSmall(values[i]) && lo[i] === hi[i] ? [i] : []));
}

/**
 * What two tables a reader can set side by side have in common: of the people counted in a
 * stock of the first (in forløb in a month), those not in its flow out (whose forløb ended in
 * it) are in the same stock of the second (the next month) less its flow in (started in it):
 * first.stock − first.flow = second.stock − second.flow, "the continuing", a number neither
 * table shows. With three of the four shown, the fourth is worked out: 26 in forløb in
 * February, 5 started and 30 in forløb in March give February's 1 ended. Cell indices into one
 * list of both tables' cells.
 */
export interface Carry {
  first: { stock: number; flow: number };
  second: { stock: number; flow: number };
}

/**
 * Rule 4 over two tables already protected on their own (rules 1–3; `sums` are both tables'
 * sums): hides more until neither the carries nor the sums, together, give a hidden number
 * back. Only flows are hidden for it (and the end reasons they add up from), never a stock: a
 * month's stock is in its carries with the month before and the month after, and hiding one for
 * either would reach on, month by month, so that a month's figures would depend on which months
 * were asked for with it (and two requests would show different cells of the same month). A
 * flow is in one carry only, and its sums hold only flows of its own month and kind (the units'
 * ended add up to the municipality's, the end reasons to the ended), so hiding flows never
 * reaches past the pair: each month is the same whichever months it is read with.
 *  a. the continuing, worked out on one side (its stock and flow shown) and not on the other,
 *     would give the other side's hidden stock or flow back: the shown side's flow is hidden too;
 *  b. then the bounds, over both tables' sums and the carries (the continuing a number of its
 *     own, at least 0, never shown): a group of 1–4 they pin, that the sums alone did not, has
 *     a shown flow hidden — the nearest that frees it, else the nearest — until none is
 *     pinned, or no flow is left to hide.
 * A flow hidden for this may be 0 (none ended in a unit whose 2 new are hidden): it reads
 * "skjult" as any hidden number does, and what in its sums would give it back goes with it.
 */
export function protectCarries(values: readonly number[], alreadyHidden: readonly boolean[], sums: readonly SumRelation[], carries: readonly Carry[]): boolean[] {
  // Where each carry's four numbers are all shown, the carries tie shown numbers only: nothing to do.
  if (carries.every(({ first, second }) => [first.stock, first.flow, second.stock, second.flow].every((i) => !alreadyHidden[i]))) return [...alreadyHidden];
  const n = values.length;
  const flows = carries.flatMap(({ first, second }) => [first.flow, second.flow]);
  // The sums that reach the carries: what a cell of any other sum is, they do not change.
  const linked = reaching(carries.flatMap(({ first, second }) => [first.stock, second.stock, ...flows]), [
    ...sums,
    ...carries.flatMap(({ first, second }, k) => [{ whole: first.stock, parts: [n + k, first.flow] }, { whole: second.stock, parts: [n + k, second.flow] }]),
  ]);
  const ofFlows = reaching(flows, sums);
  const withContinuing = [...values, ...carries.map(() => 0)];
  // The groups the carries pin: one the sums pin on their own is left to rule 3 (nothing there could free it).
  const leaksOf = (h: readonly boolean[]) => {
    const leaks = pinned(withContinuing, [...h, ...carries.map(() => true)], linked);
    if (leaks.length === 0) return leaks;
    const bySums = new Set(pinned(values, h, linked.filter(({ parts }) => parts.every((i) => i < n))));
    return leaks.filter((i) => !bySums.has(i));
  };
  /**
   * `cells` hidden too, then rule 3 over the flows' sums (the only ones a hidden flow is in), and
   * then whatever a sum still gives back of a cell hidden here is hidden too: a flow hidden to
   * break a carry must be unknown, or it breaks nothing. The parts of a shown 0 are 0, so its
   * whole goes; a whole whose parts all show is their sum, so a part goes (at 0 if all are 0).
   */
  const hiding = (h: readonly boolean[], cells: readonly number[]) => {
    let out = h.map((x, i) => x || cells.includes(i));
    const stuck = new Set<number>();
    for (;;) {
      out = protectSums(values, out, ofFlows);
      const { lo, hi } = bounds(values, out, ofFlows);
      const known = (i: number) => !out[i] || lo[i] === hi[i];
      let pick = -1;
      for (let i = 0; i < n && pick < 0; i++) {
        if (!out[i] || alreadyHidden[i] || stuck.has(i) || lo[i] !== hi[i]) continue;
        const giving = ofFlows.filter(({ whole, parts }) => (whole === i || parts.includes(i)) && [whole, ...parts].every((c) => c === i || known(c)));
        for (const { whole, parts } of giving) {
          const shownParts = parts.filter((c) => c !== i && !out[c]).sort((a, b) => Number(values[a] === 0) - Number(values[b] === 0) || values[a] - values[b]);
          if (whole !== i && !out[whole] && (values[whole] === 0 || !shownParts.some((c) => values[c] > 0))) pick = whole;
          else pick = shownParts[0] ?? -1;
          if (pick >= 0) break;
        }
        if (pick < 0) stuck.add(i);
      }
      if (pick < 0) return out;
      out[pick] = true;
    }
  };
  /** Shown flows, nearest the leak first (through the sums and carries it is in), then smallest. */
  const nearest = (leak: number, h: readonly boolean[]) => {
    const distance = new Map([[leak, 0]]);
    for (let d = 0, more = true; more; d++) {
      more = false;
      for (const { whole, parts } of linked) {
        const cells = [whole, ...parts];
        if (!cells.some((c) => distance.get(c) === d)) continue;
        for (const c of cells) {
          if (distance.has(c)) continue;
          distance.set(c, d + 1);
          more = true;
        }
      }
    }
    const far = (i: number) => distance.get(i) ?? Infinity;
    return flows.filter((i) => !h[i]).sort((a, b) => far(a) - far(b) || values[a] - values[b] || a - b);
  };
  const stuck = new Set<number>();
  let hidden = [...alreadyHidden];
  for (;;) {
    const oneSided = carries.flatMap(({ first, second }) => {
      const fromFirst = !hidden[first.stock] && !hidden[first.flow];
      const fromSecond = !hidden[second.stock] && !hidden[second.flow];
      return fromFirst === fromSecond ? [] : [fromFirst ? first.flow : second.flow];
    });
    if (oneSided.length) {
      hidden = hiding(hidden, oneSided);
      continue;
    }
    const leak = leaksOf(hidden).find((i) => !stuck.has(i));
    if (leak === undefined) return hidden;
    const shown = nearest(leak, hidden);
    if (shown.length === 0) {
      stuck.add(leak);
      continue;
    }
    let freed: boolean[] | undefined;
    for (const f of shown) {
      const tried = hiding(hidden, [f]);
      if (leaksOf(tried).includes(leak)) continue;
      freed = tried;
      break;
    }
    hidden = freed ?? hiding(hidden, [shown[0]]);
  }
}

/** The sums that share a cell with `cells`, or with a sum that does, and so on. */
function reaching(cells: readonly number[], sums: readonly SumRelation[]): SumRelation[] {
  const reached = new Set(cells);
  const out = new Set<SumRelation>();
  for (let more = true; more; ) {
    more = false;
    for (const sum of sums) {
      if (out.has(sum) || !(reached.has(sum.whole) || sum.parts.some((i) => reached.has(i)))) continue;
      out.add(sum);
      for (const i of [sum.whole, ...sum.parts]) reached.add(i);
      more = true;
    }
  }
  return sums.filter((s) => out.has(s));
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

/**
 * A share part/whole: hidden when either group, or the complement, is 1–4, or a part is hidden.
 * A hidden whole hides the share even when it is 0 (a 0 hidden to protect another group): "–"
 * would say nobody was counted, and so give the hidden number back.
 */
export function shareFigure(part: number, whole: number, partHidden: boolean, wholeHidden: boolean) {
  if (wholeHidden) return { value: null, suppressed: true, display: HIDDEN };
  if (whole === 0) return { value: null, suppressed: false, display: '–' };
  if (partHidden || wholeHidden || isSmall(part) || isSmall(whole) || isSmall(whole - part)) return { value: null, suppressed: true, display: HIDDEN };
  // Percent from the counts: (part / whole) * 100 carries the fraction's binary error, so
  // 57 of 200 came to 28.4999… and was shown as 28 %; part * 100 / whole is 28.5, which rounds to 29.
  const percent = Math.round((part * 100) / whole);
  // The value is the shown percent as a fraction, no finer: part / whole itself is a fraction
  // whose reduced form gives the size of its group (6/11 is 6 of 11), a count not shown, and
  // set against a count that is, it could give a hidden small group back.
  return { value: percent / 100, suppressed: false, display: `${nf0.format(percent)} %` };
}

/** An amount about a group (average, total hours): hidden with the group, also a group of 0 hidden to protect another. */
export function amountFigure(amount: number | null, group: number, groupHidden: boolean, digits: 0 | 1 = 1) {
  if (groupHidden) return { value: null, suppressed: true, display: HIDDEN };
  if (amount === null || group === 0) return { value: null, suppressed: false, display: '–' };
  if (isSmall(group)) return { value: null, suppressed: true, display: HIDDEN };
  const value = Math.round(amount * 10) / 10;
  return { value, suppressed: false, display: (digits === 1 ? nf1 : nf0).format(value) };
}
