import { useId } from 'react';
import { formatDate } from '../../core/format';
import { PROGRESS_SCALE_LABELS } from '../../core/labels';
import type { ProgressScale } from '../../gql/graphql';

export interface ProgressPoint {
  measuredOn: string;
  value: number;
  scale: ProgressScale;
  comment?: string | null;
  /** Who registered it: staff read it on the plan; the citizen's own page has no such column. */
  recordedBy?: { name: string } | null;
}

export const SCALE_MAX: Readonly<Record<ProgressScale, number>> = { ONE_TO_FIVE: 5, PERCENT: 100 };
export const SCALE_MIN: Readonly<Record<ProgressScale, number>> = { ONE_TO_FIVE: 1, PERCENT: 0 };

export function formatProgress(value: number, scale: ProgressScale): string {
  return scale === 'PERCENT' ? `${value} %` : `${value} af 5`;
}

/**
 * The measurements that can be compared: those on the scale of the latest one. A sub-goal is
 * measured on one scale, but measurements stored before it kept to one may mix the two, and
 * 4 af 5 against 50 % says nothing about progress. `others` counts those on the other scale.
 */
export function comparableProgress<P extends { scale: ProgressScale }>(points: readonly P[]): { scale: ProgressScale; comparable: P[]; others: number } | null {
  const last = points[points.length - 1];
  if (!last) return null;
  const comparable = points.filter((p) => p.scale === last.scale);
  return { scale: last.scale, comparable, others: points.length - comparable.length };
}

/** Why measurements on the other scale are left out, or null when there are none. */
export function otherScaleNote(points: ReadonlyArray<{ scale: ProgressScale }>): string | null {
  const shown = comparableProgress(points);
  if (!shown || shown.others === 0) return null;
  const other = points.find((p) => p.scale !== shown.scale)!.scale;
  const [which, they] = shown.others === 1 ? ['Én måling', 'den'] : [`${shown.others} målinger`, 'de'];
  return `${which} på skalaen ${PROGRESS_SCALE_LABELS[other]} er ikke med: ${they} kan ikke sammenlignes med målinger på skalaen ${PROGRESS_SCALE_LABELS[shown.scale]}.`;
}

/** A sentence that says what the chart shows, for screen readers and as its text alternative. */
export function describeProgress(points: readonly ProgressPoint[]): string {
  const shown = comparableProgress(points);
  if (!shown) return 'Ingen målinger endnu.';
  const { comparable } = shown;
  const first = comparable[0]!;
  const last = comparable[comparable.length - 1]!;
  // With measurements on the other scale beside them, the scale these are on is said.
  const onScale = shown.others > 0 ? ` på skalaen ${PROGRESS_SCALE_LABELS[shown.scale]}` : '';
  const note = otherScaleNote(points);
  const told = comparable.length === 1
    ? `Én måling${onScale}: ${formatProgress(last.value, last.scale)} den ${formatDate(last.measuredOn)}.`
    : `${comparable.length} målinger${onScale} fra ${formatDate(first.measuredOn)} til ${formatDate(last.measuredOn)}: ${trendOf(first.value, last.value)} fra ${formatProgress(first.value, first.scale)} til ${formatProgress(last.value, last.scale)}.`;
  return note ? `${told} ${note}` : told;
}

const trendOf = (from: number, to: number) => (to > from ? 'steget' : to < from ? 'faldet' : 'uændret');

/**
 * Progressionsmåling over time as a small line chart (SVG, no library): the chart is an
 * image with a text alternative, and the measurements are in a table under "Vis målinger".
 */
export function ProgressChart({ points, width = 240, height = 72 }: { points: readonly ProgressPoint[]; width?: number; height?: number }) {
  const id = useId();
  const shown = comparableProgress(points);
  if (!shown) return <p className="hint">Ingen målinger endnu.</p>;
  // The line joins only what can be compared; the table lists every measurement, each on its scale.
  const { scale, comparable } = shown;
  const min = SCALE_MIN[scale];
  const max = SCALE_MAX[scale];
  const pad = 8;
  const x = (i: number) => (comparable.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (comparable.length - 1));
  const y = (v: number) => height - pad - ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * (height - 2 * pad);
  const line = comparable.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const description = describeProgress(points);
  const withAuthor = points.some((p) => p.recordedBy !== undefined);

  return (
    <figure className="progress">
      <svg
        className="progress-chart"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby={`${id}-desc`}
        focusable="false"
      >
        <line x1={pad} x2={width - pad} y1={y(max)} y2={y(max)} className="progress-grid" />
        <line x1={pad} x2={width - pad} y1={y(min)} y2={y(min)} className="progress-grid" />
        <path d={line} className="progress-line" />
        {comparable.map((p, i) => (
          <circle key={`${p.measuredOn}-${i}`} cx={x(i)} cy={y(p.value)} r={3.5} className="progress-dot" />
        ))}
      </svg>
      <figcaption id={`${id}-desc`} className="progress-caption">
        {description}
      </figcaption>
      <details className="progress-details">
        <summary>Vis målinger</summary>
        <table className="simple-table">
          <caption className="visually-hidden">Målinger</caption>
          <thead>
            <tr>
              <th scope="col">Dato</th>
              <th scope="col">Værdi</th>
              <th scope="col">Kommentar</th>
              {withAuthor ? <th scope="col">Registreret af</th> : null}
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={`${p.measuredOn}-${i}`}>
                <td>{formatDate(p.measuredOn)}</td>
                <td>{formatProgress(p.value, p.scale)}</td>
                <td>{p.comment ?? ''}</td>
                {withAuthor ? <td>{p.recordedBy?.name ?? 'Ukendt'}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
