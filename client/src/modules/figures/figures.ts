import type { KeyFigure, KeyFiguresQuery } from '../../gql/graphql';

export type KeyFiguresData = KeyFiguresQuery['keyFigures'];
export type Bucket = KeyFiguresData['months'][number];
export type FigureInfo = KeyFiguresData['figures'][number];

/**
 * Where the dashboard lives, and who may open it (the server enforces the same: LEADER, CASEWORKER). Any caseworker may
 * coordinate, so coordinating is no role of its own; the figures are aggregates only.
 */
export const KEY_FIGURES_PATH = '/noegletal';
export const KEY_FIGURE_ROLES = ['LEADER', 'CASEWORKER'] as const;
export const canSeeKeyFigures = (role: string | null | undefined): boolean => (KEY_FIGURE_ROLES as readonly string[]).includes(role ?? '');

/**
 * A hidden number, as shown in tables, charts and CSV: in words, so it is never read as a number or a percentage.
 * One word whatever hid it (a group under 5, or a number it could be worked out from): the server decides, and
 * says no more.
 */
export const SUPPRESSED_TEXT = 'skjult';
/** Why a number is hidden. */
export const SUPPRESSION_NOTE = 'Grupper under 5 vises ikke, og heller ikke tal, de kan regnes ud fra, så ingen borger kan genkendes';

/**
 * How "Hele perioden" is counted (the server builds it from the months as shown, so two periods
 * set against each other give no hidden month away).
 */
export const PERIOD_NOTE =
  'Hele perioden regnes kun ud fra månedernes viste tal: borgere i forløb som gennemsnit pr. måned, startede og afsluttede forløb som summen af månederne. Er et antal borgere i forløb skjult i blot én af periodens måneder, er gennemsnittet for hele perioden også skjult, for ellers kunne den skjulte måned regnes ud; en andel er skjult for hele perioden, når et af de tal, den regnes af, er skjult i en af månederne. Er en sum skjult i en måned, står der »mindst« og summen af de viste måneder: måneder med få forløb er udeladt.';

/** A period's sum with a hidden month: "mindst" the sum of the shown months, and why, for the cell's title. */
export const AT_LEAST_TEXT = 'mindst';
export const AT_LEAST_NOTE = 'Summen af de viste måneder. Måneder med få forløb er udeladt, så det rigtige tal er større';

/** A period's value: hidden, it may carry the sum of the shown months (atLeast). */
type PeriodValue = Bucket['values'][number] & { atLeast?: number | null };

/**
 * A figure of a bucket as shown: a hidden number as "skjult" (the server never sends it), or, for
 * a period's sum with a hidden month, "mindst" the sum of the months shown.
 */
export function shown(bucket: Bucket, figure: KeyFigure): { value: number | null; suppressed: boolean; display: string } {
  const found: PeriodValue | undefined = bucket.values.find((v) => v.figure === figure);
  if (!found) return { value: null, suppressed: false, display: '–' };
  if (!found.suppressed) return found;
  return { value: null, suppressed: true, display: found.atLeast ? `${AT_LEAST_TEXT} ${found.atLeast.toLocaleString('da-DK')}` : SUPPRESSED_TEXT };
}

/** "2026-03" -> "mar. 2026" (Danish month names, as a leader reads them). */
export function monthLabel(label: string): string {
  const [year, month] = label.split('-').map(Number);
  if (!year || !month) return label;
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString('da-DK', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * Figures that count people in a month: over a period the server shows their average per month
 * (figures.service.ts, periodBucket), where events are summed and shares divided.
 */
const MONTHLY_AVERAGE: ReadonlySet<KeyFigure> = new Set<KeyFigure>([
  'ACTIVE_PROGRAMMES', 'ACTIVE_RESSOURCEFORLOEB', 'ACTIVE_JOBAFKLARINGSFORLOEB', 'ACTIVE_HELHEDSORIENTERET', 'COMPANY_BASED', 'ORDINARY_HOURS_PEOPLE',
]);

/**
 * A figure's label in a table of periods only (the split by unit): "Borgere i forløb" there is
 * no count of people but an average per month, so its heading says so rather than leaving it to
 * the definitions. "Borgere i forløb (alle forløbstyper)" becomes "… (alle forløbstyper, gns. pr. måned)".
 */
export function periodRowLabel(f: Pick<FigureInfo, 'figure' | 'label'>): string {
  if (!MONTHLY_AVERAGE.has(f.figure)) return f.label;
  return f.label.endsWith(')') ? `${f.label.slice(0, -1)}, gns. pr. måned)` : `${f.label} (gns. pr. måned)`;
}

export interface TableData {
  columns: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

/** Figures as rows, buckets as columns: the usual layout of a key-figure report. */
export function figureTable(
  figures: readonly FigureInfo[],
  buckets: readonly Bucket[],
  columnLabel: (b: Bucket, i: number) => string,
  rowLabel: (f: FigureInfo) => string = (f) => f.label,
): TableData {
  return {
    columns: buckets.map(columnLabel),
    rows: figures.map((f) => ({ label: rowLabel(f), cells: buckets.map((b) => shown(b, f.figure).display) })),
  };
}

/** One point per month for a chart; a hidden value is a gap, never a number. */
export function chartPoints(months: readonly Bucket[], figures: readonly KeyFigure[], scale = 1): Array<Record<string, string | number | null>> {
  return months.map((m) => ({
    month: monthLabel(m.label),
    ...Object.fromEntries(figures.map((f) => {
      const v = shown(m, f);
      return [f, v.suppressed || v.value === null ? null : Math.round(v.value * scale * 10) / 10];
    })),
  }));
}

/** The latest month with a value shown, for the sentence beside a chart. */
export function latestShown(months: readonly Bucket[], figure: KeyFigure): { month: string; display: string } | null {
  for (let i = months.length - 1; i >= 0; i--) {
    const v = shown(months[i]!, figure);
    if (!v.suppressed && v.value !== null) return { month: monthLabel(months[i]!.label), display: v.display };
  }
  return null;
}
