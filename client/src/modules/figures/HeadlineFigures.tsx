import { useId } from 'react';
import type { KeyFigure, ProgrammeType } from '../../gql/graphql';
import { monthLabel, shown, SUPPRESSED_TEXT, SUPPRESSION_NOTE, type Bucket, type FigureInfo, type KeyFiguresData } from './figures';

/** What a share is held against: its target (as a fraction) and where the target comes from. */
interface Target {
  share: number;
  /** "Mål" for the municipality's own target, "Krav" for what the rules ask of the forløb they name, "Ramme" for the municipality's own frame. */
  kind: 'Mål' | 'Krav' | 'Ramme';
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
 * municipality's own target (a setting; the API's companyBasedTarget, with where it comes from),
 * the two shares the rules ask against all of them, and the own forløb against the municipality's
 * own frame. The overview counts every type of forløb, so each requirement names the forløb the
 * law asks it of: the indsatsgaranti only a ressourceforløb under the 2022 rules (LAB §113, stk. 2),
 * the 4 samtaler only a ressourceforløb.
 */
function targetsOf(data: KeyFiguresData): Partial<Record<KeyFigure, Target>> {
  const frame = data.ownFollowUpIntervalDays;
  return {
    COMPANY_BASED_SHARE: { share: data.companyBasedTarget, kind: 'Mål', source: data.companyBasedTargetSource },
    GUARANTEE_SHARE: { share: 1, kind: 'Krav', source: 'Indsatsgarantien: en borger i ressourceforløb efter reglerne fra 2022 skal have påbegyndt en indsats senest 6 måneder efter forløbets start (LAB §113, stk. 2).' },
    FOLLOW_UP_REQUIREMENT_SHARE: { share: 1, kind: 'Krav', source: 'En borger i ressourceforløb skal have mindst 4 samtaler i forløbets første 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
    ...(frame
      ? { OWN_FRAME_SHARE: { share: 1, kind: 'Ramme' as const, source: `Kommunens egen ramme for egne forløb, som den er sat nu: højst ${frame} dage mellem samtaler (sættes under »Egne forløb« nedenfor). En måned, der er gået, er målt mod den ramme, der gjaldt ved månedens udgang.` } }
      : {}),
  };
}

/** The figures a leader reads first, in this order; each only if the API offers it. */
const HEADLINES: readonly KeyFigure[] = ['ACTIVE_PROGRAMMES', 'COMPANY_BASED_SHARE', 'GUARANTEE_SHARE'];
/** The samtaler, one figure per type of forløb that has one: each type is held to its own rule or frame. */
const SAMTALER: readonly KeyFigure[] = ['FOLLOW_UP_REQUIREMENT_SHARE', 'OWN_FRAME_SHARE'];

/** A type of forløb in a sentence ("ingen ressourceforløb"). */
const TYPE_WORDS: Record<ProgrammeType, string> = {
  RESSOURCEFORLOEB: 'ressourceforløb',
  JOBAFKLARINGSFORLOEB: 'jobafklaringsforløb',
  HELHEDSORIENTERET: 'egne helhedsorienterede forløb',
};
const ACTIVE_OF: Record<ProgrammeType, KeyFigure> = {
  RESSOURCEFORLOEB: 'ACTIVE_RESSOURCEFORLOEB',
  JOBAFKLARINGSFORLOEB: 'ACTIVE_JOBAFKLARINGSFORLOEB',
  HELHEDSORIENTERET: 'ACTIVE_HELHEDSORIENTERET',
};

/** Who a cohort figure with no one in it would have counted, in the month: why it shows "–". */
const NO_COHORT: Partial<Record<KeyFigure, string>> = {
  GUARANTEE_SHARE: 'ingen ressourceforløb efter reglerne fra 2022 nåede 6 måneder',
  FOLLOW_UP_REQUIREMENT_SHARE: 'ingen ressourceforløb nåede 6 måneder',
  OWN_FRAME_SHARE: 'ingen egne forløb var i gang ved månedens udgang',
};

/** "a, b og c". */
const listed = (words: string[]) => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} og ${words[words.length - 1]}`);

/**
 * Why a figure has no number in the month, in words: no forløb of the types it covers at all
 * ("ingen ressourceforløb i dec. 2026"), or none in its cohort. Only where the counts it rests on are
 * shown: a hidden count stays hidden, and "skjult" says why.
 */
function whyNone(latest: Bucket, info: FigureInfo): string | null {
  const value = shown(latest, info.figure);
  if (value.value !== null || value.suppressed) return null;
  const month = monthLabel(latest.label);
  const counts = info.programmeTypes.map((t) => shown(latest, ACTIVE_OF[t]));
  if (counts.length && counts.every((c) => c.value === 0)) {
    return `Ingen ${listed(info.programmeTypes.map((t) => TYPE_WORDS[t]))} i ${month}, så tallet gælder ingen af månedens forløb.`;
  }
  const cohort = NO_COHORT[info.figure];
  return cohort ? `${cohort[0]!.toUpperCase()}${cohort.slice(1)} i ${month}.` : null;
}

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
function againstTarget(latest: Bucket, info: FigureInfo, target: Target): { text: string; met: boolean | null } {
  const now = shown(latest, info.figure);
  const head = `${target.kind} ${percent(target.share)}`;
  if (now.value === null) {
    const none = whyNone(latest, info);
    return { text: `${head} – kan ikke vurderes (${now.suppressed ? SUPPRESSED_TEXT : none ? none.slice(0, -1).toLowerCase() : 'intet tal'}).`, met: null };
  }
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
  const offeredOf = (figures: readonly KeyFigure[]) => figures.map((f) => data.figures.find((info) => info.figure === f)).filter((f) => f !== undefined);
  const item = (info: FigureInfo) => {
    const value = shown(latest, info.figure);
    const target = targets[info.figure];
    // The municipality's own frame, when it has set none, is nothing to measure against: said so, not "–".
    // A month gone by is measured against the frame in force at its end: one measured then is shown,
    // though the frame has been taken away since.
    const noFrame = info.figure === 'OWN_FRAME_SHARE' && !data.ownFollowUpIntervalDays && value.value === null && !value.suppressed;
    const against = noFrame
      ? { text: 'Kommunen har ikke sat en ramme for samtaler i egne forløb, så der er intet at måle imod.', met: null }
      : target
        ? againstTarget(latest, info, target)
        : { text: whyNone(latest, info) ?? againstPrevious(latest, previous, info.figure), met: null };
    return (
      <li key={info.figure} className="headline" data-figure={info.figure}>
        <p className="headline-label">{info.label}</p>
        <p className="headline-covers">{info.covers}</p>
        <p className={`headline-value${value.suppressed ? ' suppressed' : noFrame ? ' is-words' : ''}`}>{noFrame ? 'Ingen ramme sat' : value.display}</p>
        <p className={`headline-against${against.met === false ? ' is-short' : against.met ? ' is-met' : ''}`}>{against.text}</p>
        {target && !noFrame ? <p className="hint">{target.source}</p> : null}
      </li>
    );
  };
  const samtaler = offeredOf(SAMTALER);
  return (
    <section className="card headline-figures" aria-labelledby={id} data-testid="headline-figures">
      <h2 id={id}>Overblik, {monthLabel(latest.label)}</h2>
      <ul className="headline-list">{offeredOf(HEADLINES).map(item)}</ul>
      {samtaler.length ? (
        <>
          <h3 id={`${id}-samtaler`}>Samtaler pr. forløbstype</h3>
          <ul className="headline-list" aria-labelledby={`${id}-samtaler`}>
            {samtaler.map(item)}
            {/*
              The law sets no number of samtaler for a jobafklaringsforløb; the rules hold it to a next
              samtale always agreed, as for ressourceforløb (the coordinators' warning), which is no share.
            */}
            <li className="headline" data-figure="JOBAFKLARINGSFORLOEB_SAMTALER">
              <p className="headline-label">Samtaler i jobafklaringsforløb</p>
              <p className="headline-covers">Kun jobafklaringsforløb</p>
              <p className="headline-value is-words">Ingen lovkrav om antal samtaler</p>
              <p className="hint">Næste samtale skal altid være aftalt, som for ressourceforløb; Samplan advarer den koordinerende sagsbehandler, når den ikke er det.</p>
            </li>
          </ul>
        </>
      ) : null}
      <p className="hint">
        {SUPPRESSION_NOTE}: der står »{SUPPRESSED_TEXT}«.
      </p>
    </section>
  );
}
