/**
 * Small-group suppression for key figures. Leaders see aggregates only; a group of 1–4
 * people is shown as "<5" (0 is shown: nobody is not a group of people). Three rules:
 *  1. primary: a count of 1–4 is hidden;
 *  2. complement: a count whose complement in its whole (e.g. "not company-based" among
 *     the active) is 1–4 is hidden too, and so is the share built from it;
 *  3. secondary: when exactly one part of a whole is hidden and the whole is shown, the
 *     smallest other non-zero part is hidden as well, so subtraction cannot reveal it
 *     (units against the municipality, end reasons against all ended).
 * Anything derived from a hidden group (share, average, hours) is hidden with it.
 */
export const MIN_GROUP = 5;

export const isSmall = (n: number): boolean => n > 0 && n < MIN_GROUP;

/** Given the parts of one whole (and whether the whole itself is shown), which parts to hide. */
export function suppressParts(parts: number[], wholeShown: boolean, alreadyHidden: boolean[] = parts.map(() => false)): boolean[] {
  const hidden = parts.map((n, i) => alreadyHidden[i] || isSmall(n));
  if (!wholeShown) return hidden;
  // Repeat: hiding one more part can never leave exactly one hidden, but keep it general.
  for (;;) {
    const count = hidden.filter(Boolean).length;
    if (count !== 1) return hidden;
    let pick = -1;
    parts.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (pick < 0 || n < parts[pick])) pick = i;
    });
    if (pick < 0) return hidden; // the other parts are all 0: the hidden one equals the whole minus 0s, but the whole is >= 5 or hidden itself
    hidden[pick] = true;
  }
}

const nf1 = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });

export const HIDDEN = '<5';

export function countFigure(n: number, hidden: boolean) {
  return hidden ? { value: null, suppressed: true, display: HIDDEN } : { value: n, suppressed: false, display: nf0.format(n) };
}

/** A share part/whole: hidden when either group, or the complement, is 1–4, or a part is hidden. */
export function shareFigure(part: number, whole: number, partHidden: boolean, wholeHidden: boolean) {
  if (whole === 0) return { value: null, suppressed: false, display: '–' };
  if (partHidden || wholeHidden || isSmall(part) || isSmall(whole) || isSmall(whole - part)) return { value: null, suppressed: true, display: HIDDEN };
  const value = part / whole;
  return { value, suppressed: false, display: `${nf0.format(Math.round(value * 100))} %` };
}

/** An amount about a group (average, total hours): hidden with the group. */
export function amountFigure(amount: number | null, group: number, groupHidden: boolean, digits: 0 | 1 = 1) {
  if (amount === null || group === 0) return { value: null, suppressed: false, display: '–' };
  if (groupHidden || isSmall(group)) return { value: null, suppressed: true, display: HIDDEN };
  const value = Math.round(amount * 10) / 10;
  return { value, suppressed: false, display: (digits === 1 ? nf1 : nf0).format(value) };
}
