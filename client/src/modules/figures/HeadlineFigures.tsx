import { useId } from 'react';
import type { KeyFigure } from '../../gql/graphql';
import { monthLabel, shown, SUPPRESSED_TEXT, SUPPRESSION_NOTE, type Bucket, type KeyFiguresData } from './figures';

/** What a share is held against: its target (as a fraction) and where the target comes from. */
interface Target {
  share: number;
  /** "Mål" for the municipality's own target, "Krav" for what the rules ask of the forløb they name. */
  kind: 'Mål' | 'Krav';
  source: string;
}

/**
 * A share in whole percent, as the server shows it from the counts: share * 100 carries the
 * fraction's binary error (57 of 200 is 28.4999…), so it is cut to 12 digits before rounding half up.
 */
const wholePercent = (share: number) => Math.round(Number((share * 100).toPrecision(12)));
const percent = (share: number) => `${wholePercent(share).toLocaleString('da-DK')} %`;

/**
 * The headline shares and their targets: the company-based share against the
 * municipality's own target (a setting; the API's companyBasedTarget), and the two shares
 * the rules ask against all of them. The overview counts every type of forløb, so each
 * requirement names the forløb the law asks it of: the indsatsgaranti only a ressourceforløb
 * under the 2022 rules (LAB §113, stk. 2), the 4 samtaler only a ressourceforløb.
 */
function targetsOf(data: KeyFiguresData): Partial<Record<KeyFigure, Target>> {
  return {
    COMPANY_BASED_SHARE: { share: data.companyBasedTarget, kind: 'Mål', source: 'Kommunens eget mål.' },
    GUARANTEE_SHARE: { share: 1, kind: 'Krav', source: 'Indsatsgarantien: en borger i ressourceforløb efter reglerne fra 2022 skal have påbegyndt en indsats senest 6 måneder efter forløbets start (LAB §113, stk. 2).' },
    FOLLOW_UP_REQUIREMENT_SHARE: { share: 1, kind: 'Krav', source: 'En borger i ressourceforløb skal have mindst 4 samtaler i forløbets første 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
  };
}

/** The figures a leader reads first, in this order; each only if the API offers it. */
const HEADLINES: readonly KeyFigure[] = ['ACTIVE_PROGRAMMES', 'COMPANY_BASED_SHARE', 'GUARANTEE_SHARE', 'FOLLOW_UP_REQUIREMENT_SHARE'];

/**
 * How many more or fewer, in Danish: "4 flere", "4 færre", but one is "1 mere" / "1 mindre"
 * ("flere" and "færre" are plural only).
 */
function countChange(diff: number): string {
  const n = Math.abs(diff);
  const word = n === 1 ? (diff > 0 ? 'mere' : 'mindre') : diff > 0 ? 'flere' : 'færre';
  return `${n.toLocaleString('da-DK')} ${word}`;
}

/** A count against the month before: "4 flere end i jan. 2026", "1 mindre end i jan. 2026". */
function againstPrevious(latest: Bucket, previous: Bucket | undefined, figure: KeyFigure): string {
  if (!previous) return 'Ingen måned før at sammenligne med.';
  const now = shown(latest, figure);
  const before = shown(previous, figure);
  const month = monthLabel(previous.label);
  if (previous.beforeDataFrom) return `Samplan har ikke data for ${month} at sammenligne med.`;
  if (now.value === null || before.value === null) return `Kan ikke sammenlignes med ${month}: ${before.suppressed || now.suppressed ? SUPPRESSED_TEXT : 'intet tal'}.`;
  const diff = Math.round(now.value - before.value);
  if (diff === 0) return `Det samme som i ${month}.`;
  return `${countChange(diff)} end i ${month}.`;
}

/** A share against its target: "Mål 30 % – nået" or "Krav 100 % – 10 procentpoint under". */
function againstTarget(latest: Bucket, figure: KeyFigure, target: Target): { text: string; met: boolean | null } {
  const now = shown(latest, figure);
  const head = `${target.kind} ${percent(target.share)}`;
  if (now.value === null) return { text: `${head} – kan ikke vurderes (${now.suppressed ? SUPPRESSED_TEXT : 'intet tal'}).`, met: null };
  // Points short between the two percentages shown, so that 29 % against 30 % is 1 point under.
  const short = wholePercent(target.share) - wholePercent(now.value);
  return short <= 0 ? { text: `${head} – nået.`, met: true } : { text: `${head} – ${short.toLocaleString('da-DK')} procentpoint under.`, met: false };
}

/**
 * Overblik: the latest month's headline figures, each against its target (shares) or the
 * month before (the number of citizens in forløb), at the top of Nøgletal. A hidden small
 * number is "skjult", never a percentage.
 */
export function HeadlineFigures({ data }: { data: KeyFiguresData }) {
  const id = useId();
  const latest = data.months[data.months.length - 1];
  if (!latest) return null;
  const previous = data.months[data.months.length - 2];
  const targets = targetsOf(data);
  const offered = HEADLINES.map((f) => data.figures.find((info) => info.figure === f)).filter((f) => f !== undefined);
  return (
    <section className="card headline-figures" aria-labelledby={id} data-testid="headline-figures">
      <h2 id={id}>Overblik, {monthLabel(latest.label)}</h2>
      <ul className="headline-list">
        {offered.map((info) => {
          const value = shown(latest, info.figure);
          const target = targets[info.figure];
          const against = target ? againstTarget(latest, info.figure, target) : { text: againstPrevious(latest, previous, info.figure), met: null };
          return (
            <li key={info.figure} className="headline" data-figure={info.figure}>
              <p className="headline-label">{info.label}</p>
              <p className={`headline-value${value.suppressed ? ' suppressed' : ''}`}>{value.display}</p>
              <p className={`headline-against${against.met === false ? ' is-short' : against.met ? ' is-met' : ''}`}>{against.text}</p>
              {target ? <p className="hint">{target.source}</p> : null}
            </li>
          );
        })}
      </ul>
      <p className="hint">
        {SUPPRESSION_NOTE}: der står »{SUPPRESSED_TEXT}«.
      </p>
    </section>
  );
}
