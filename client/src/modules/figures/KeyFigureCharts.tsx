import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { KeyFigure } from '../../gql/graphql';
import { chartPoints, latestShown, SUPPRESSED_TEXT, type Bucket, type FigureInfo } from './figures';

const WIDTH = 720;
const HEIGHT = 260;
const COLORS = ['#1f4e79', '#b35c00', '#2e7d32', '#6a1b9a'];

const percent = (v: unknown) => (typeof v === 'number' ? `${v.toLocaleString('da-DK')} %` : SUPPRESSED_TEXT);

function labelOf(figures: readonly FigureInfo[], f: KeyFigure): string {
  return figures.find((x) => x.figure === f)?.label ?? f;
}

/**
 * The latest number shown, with its month: when the newest month is hidden, the number is an
 * older month's and must not read as the newest.
 */
function latestText(figures: readonly FigureInfo[], months: readonly Bucket[], f: KeyFigure): string {
  const latest = latestShown(months, f);
  return `${labelOf(figures, f)}: ${latest ? `${latest.display} i ${latest.month}` : 'ingen tal at vise'}`;
}

/**
 * Shares per month as lines (0–100 %), with the target as a reference line. A month whose
 * group is under 5 is a gap in the line, never a point. The sentence above the chart says the same in words.
 */
export function ShareChart({ title, months, figures, lines, target }: {
  title: string;
  months: readonly Bucket[];
  figures: readonly FigureInfo[];
  lines: readonly KeyFigure[];
  target?: number;
}) {
  const data = chartPoints(months, lines, 100);
  const summary = lines.map((f) => latestText(figures, months, f)).join('. ');
  return (
    <figure className="card figure-chart">
      <figcaption>
        <h2>{title}</h2>
        <p className="hint">
          {summary}.{target !== undefined ? ` Mål: ${Math.round(target * 100)} %.` : ''} Måneder med skjulte tal vises uden punkt.
        </p>
      </figcaption>
      <div className="chart-scroll" role="img" aria-label={`${title}. ${summary}.`}>
        <LineChart accessibilityLayer={false} width={WIDTH} height={HEIGHT} data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis domain={[0, 100]} unit=" %" width={56} />
          <Tooltip formatter={(v) => percent(v)} />
          <Legend />
          {target !== undefined ? <ReferenceLine y={Math.round(target * 100)} stroke="#a4262c" strokeDasharray="6 4" label={`Mål ${Math.round(target * 100)} %`} /> : null}
          {lines.map((f, i) => (
            <Line key={f} type="monotone" dataKey={f} name={labelOf(figures, f)} stroke={COLORS[i % COLORS.length]} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
    </figure>
  );
}

/** Counts per month as bars (e.g. started and ended programmes). */
export function CountChart({ title, months, figures, bars }: {
  title: string;
  months: readonly Bucket[];
  figures: readonly FigureInfo[];
  bars: readonly KeyFigure[];
}) {
  const data = chartPoints(months, bars);
  const summary = bars.map((f) => latestText(figures, months, f)).join('. ');
  return (
    <figure className="card figure-chart">
      <figcaption>
        <h2>{title}</h2>
        <p className="hint">{summary}. Måneder med skjulte tal vises uden søjle.</p>
      </figcaption>
      <div className="chart-scroll" role="img" aria-label={`${title}. ${summary}.`}>
        <BarChart accessibilityLayer={false} width={WIDTH} height={HEIGHT} data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toLocaleString('da-DK') : SUPPRESSED_TEXT)} />
          <Legend />
          {bars.map((f, i) => (
            <Bar key={f} dataKey={f} name={labelOf(figures, f)} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
    </figure>
  );
}
