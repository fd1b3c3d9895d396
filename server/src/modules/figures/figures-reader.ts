/**
 * For tests: a reader who sets the leader's answers side by side. Every count shown is keyed
 * `month|row|figure` (row: TOTAL or a unit; figure as the API names it), null where "skjult".
 */
export const TYPE_FIGURES = ['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB', 'HELHEDSORIENTERET'].map((t) => `ACTIVE_${t}`);
export const REASON_FIGURES = [
  'EMPLOYMENT', 'EDUCATION', 'FLEXJOB', 'LEDIGHEDSYDELSE', 'FOERTIDSPENSION', 'RESSOURCEFORLOEB', 'HELHEDSORIENTERET', 'JOBAFKLARINGSFORLOEB',
  'REVALIDERING', 'CASH_BENEFIT', 'UNEMPLOYMENT_BENEFIT', 'FIT_FOR_WORK', 'PENSION', 'DEATH', 'MOVED', 'OTHER',
].map((r) => `ENDED_${r}`);
/** The counts the reader adds up: over the units, over the types of forløb and the end reasons, and month to month. */
export const READ_FIGURES = ['ACTIVE_PROGRAMMES', ...TYPE_FIGURES, 'STARTED', 'ENDED', ...REASON_FIGURES];

/**
 * Every sum with exactly one unknown gives it, and what is worked out is known for the next,
 * until nothing more can be had. The sums: the units add up to the municipality, the types of
 * forløb to the people in forløb, the end reasons to the ended, and from one month to the next,
 * per row, in forløb − ended = in forløb the next month − started in it. The hidden cells it
 * works out, with their values.
 */
export function workOut(shown: ReadonlyMap<string, number | null>): Record<string, number> {
  const rows = [...new Set([...shown.keys()].map((k) => k.split('|')[1]))];
  const units = rows.filter((r) => r !== 'TOTAL');
  const labels = [...new Set([...shown.keys()].map((k) => k.split('|')[0]))].sort();
  /** Each an equation: the terms, each with its sign, add up to 0. */
  const equations: Array<Array<[key: string, sign: 1 | -1]>> = [];
  const sum = (whole: string, parts: string[]): Array<[string, 1 | -1]> => [[whole, 1], ...parts.map((p): [string, -1] => [p, -1])];
  for (const m of labels) {
    for (const f of READ_FIGURES) equations.push(sum(`${m}|TOTAL|${f}`, units.map((u) => `${m}|${u}|${f}`)));
    for (const r of rows) {
      equations.push(sum(`${m}|${r}|ACTIVE_PROGRAMMES`, TYPE_FIGURES.map((f) => `${m}|${r}|${f}`)));
      equations.push(sum(`${m}|${r}|ENDED`, REASON_FIGURES.map((f) => `${m}|${r}|${f}`)));
    }
  }
  labels.slice(1).forEach((next, i) => {
    for (const r of rows) {
      const m = labels[i];
      equations.push([[`${m}|${r}|ACTIVE_PROGRAMMES`, 1], [`${m}|${r}|ENDED`, -1], [`${next}|${r}|ACTIVE_PROGRAMMES`, -1], [`${next}|${r}|STARTED`, 1]]);
    }
  });
  const known = new Map([...shown].filter(([, v]) => v !== null) as Array<[string, number]>);
  for (let more = true; more; ) {
    more = false;
    for (const terms of equations) {
      const unknown = terms.filter(([k]) => !known.has(k));
      if (unknown.length !== 1) continue;
      const [key, sign] = unknown[0];
      const rest = terms.reduce((total, [k, s]) => (k === key ? total : total + s * known.get(k)!), 0);
      known.set(key, -rest * sign || 0);
      more = true;
    }
  }
  return Object.fromEntries([...shown].filter(([k, v]) => v === null && known.has(k)).map(([k]) => [k, known.get(k)!]));
}
