import { useId, type ReactNode } from 'react';
import { localDate } from '@samplan/schema';
import { formatDateTime, formatTime } from '../../core/format';
import { roleLabel } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { FlagCard_AccountReviewFlagFragment } from '../../gql/graphql';
import { ACTION_LABELS, actionLabel, detailLabel, entityLabel } from './auditLabels';
import { ResolveFlagForm } from './ResolveFlagForm';

export const FlagCardFragment = graphql(`
  fragment FlagCard_AccountReviewFlag on AccountReviewFlag {
    id
    userId
    username
    name
    role
    unitName
    flaggedAt
    denials
    firstDeniedAt
    lastDeniedAt
    resolvedAt
    resolvedByName
    resolution
    mine
    recentDenials {
      at
      action
      entityType
      detail
      operation
      recordNumber
      attempt
    }
  }
`);

type Flag = FlagCard_AccountReviewFlagFragment;

function When({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}

/**
 * The first and the latest denial as one period, each thing said once: one time when they are the
 * same minute ("7. december 2026 kl. 21.26"), the second's time alone on the same Danish day
 * ("7. december 2026 kl. 21.26–21.40"), else both in full.
 */
export function DeniedPeriod({ first, last }: { first: string; last: string }) {
  if (formatDateTime(first) === formatDateTime(last)) return <When value={first} />;
  if (localDate(new Date(first)) === localDate(new Date(last))) {
    return (
      <>
        <When value={first} />–<time dateTime={last}>{formatTime(last).replace(/^kl\. /, '')}</time>
      </>
    );
  }
  return (
    <>
      <When value={first} /> – <When value={last} />
    </>
  );
}

function Fact({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'fact-wide' : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

type Denial = Flag['recentDenials'][number];

/**
 * One denied attempt as the flag counts it: the refusals of one record in one moment by different
 * actions (the plan and its history, read by the page at one click), or a single refusal.
 */
export interface Attempt {
  /** When it was tried: its first refusal. */
  at: string;
  /** What was refused, in one fixed order (`byActionOrder`), whichever was logged first. */
  actions: string[];
  entityType: string;
  operation: Denial['operation'];
  recordNumber: Denial['recordNumber'];
  /** Why, each reason once. */
  details: Array<Denial['detail']>;
}

/** The actions in the order the audit log's labels list them (the plan before its history); a code without a label last, by its code. */
const ACTION_ORDER = new Map(Object.keys(ACTION_LABELS).map((code, i) => [code, i]));
export function byActionOrder(a: string, b: string): number {
  const ia = ACTION_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = ACTION_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia !== ib ? ia - ib : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The denials (newest first, as the server lists them) as attempts, newest first; the server numbers
 * each denial's attempt. The requests of one click are logged in whichever order they arrive: an
 * attempt lists its actions in one fixed order, so two alike read alike.
 */
export function attemptsOf(denials: readonly Pick<Denial, 'at' | 'action' | 'entityType' | 'detail' | 'operation' | 'recordNumber' | 'attempt'>[]): Attempt[] {
  const byNumber = new Map<number, Attempt>();
  for (const d of denials) {
    const attempt = byNumber.get(d.attempt);
    if (!attempt) {
      byNumber.set(d.attempt, { at: d.at, actions: [d.action], entityType: d.entityType, operation: d.operation, recordNumber: d.recordNumber, details: [d.detail] });
      continue;
    }
    // Listed newest first: each one further down came before.
    attempt.at = d.at;
    attempt.actions.unshift(d.action);
    if (!attempt.details.includes(d.detail)) attempt.details.unshift(d.detail);
  }
  const attempts = [...byNumber.values()];
  for (const attempt of attempts) attempt.actions.sort(byActionOrder);
  return attempts;
}

/** Kinds of record counted in the plural, for the sentence on how many were tried. */
const PLURAL: Readonly<Record<string, { one: string; many: string }>> = { PLAN: { one: 'plan', many: 'planer' } };

/**
 * How many different records of each kind the denials were about, never which: "Se planen:
 * samme plan 4 gange" or "4 forsøg på 3 forskellige planer" — the same plan tried again reads
 * otherwise than many plans tried once. The server numbers the records (same record, same number).
 */
export function recordSummaries(denials: readonly Pick<Denial, 'entityType' | 'recordNumber' | 'operation'>[]): string[] {
  const kinds = new Map<string, { tries: number; records: Set<number> }>();
  for (const d of denials) {
    if (d.operation || d.recordNumber === null || d.recordNumber === undefined) continue;
    const kind = kinds.get(d.entityType) ?? { tries: 0, records: new Set<number>() };
    kinds.set(d.entityType, kind);
    kind.tries++;
    kind.records.add(d.recordNumber);
  }
  return [...kinds].filter(([, k]) => k.tries > 1).map(([type, k]) => {
    const words = PLURAL[type] ?? { one: 'post', many: 'poster' };
    const label = entityLabel(type);
    return k.records.size === 1 ? `${label}: samme ${words.one} ${k.tries} gange` : `${label}: ${k.tries} forsøg på ${k.records.size} forskellige ${words.many}`;
  });
}

/** What was refused: the function by name ("Funktion: Nøgletal (keyFigures)"); a record by its kind, numbered when several were tried ("Plan 2"). */
export function deniedWhat(d: Pick<Denial, 'entityType' | 'operation' | 'recordNumber'>, several: boolean): string {
  if (d.operation) return `${entityLabel(d.entityType)}: ${d.operation}`;
  return several && d.recordNumber ? `${entityLabel(d.entityType)} ${d.recordNumber}` : entityLabel(d.entityType);
}

/** An attempt's actions as one phrase: "Se planen og se planens historik" (a label that starts with an abbreviation keeps its capitals). */
export function actionsSaid(actions: readonly string[]): string {
  const labels = actions.map((code) => actionLabel(code));
  const inSentence = (label: string) => (/^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);
  return labels.map((label, i) => (i === 0 ? label : inSentence(label))).reduce((said, label, i, all) => (i === 0 ? label : `${said}${i === all.length - 1 ? ' og ' : ', '}${label}`), '');
}

/** Said under the heading when an attempt was more than one refusal: the list reads as the flag counts. */
export const ATTEMPTS_TOGETHER = 'Afvisninger af samme post i samme øjeblik er ét forsøg, fx planen og dens historik, som siden henter ved samme klik. Adgangsloggen har hver afvisning for sig.';

function DenialsTable({ flag }: { flag: Flag }) {
  if (flag.recentDenials.length === 0) return <p className="hint">Afvisningerne findes ikke længere i adgangsloggen.</p>;
  const attempts = attemptsOf(flag.recentDenials);
  const summaries = recordSummaries(attempts);
  const several = (type: string) => attempts.some((d) => d.entityType === type && (d.recordNumber ?? 0) > 1);
  return (
    <>
    {attempts.some((a) => a.actions.length > 1) ? <p className="hint">{ATTEMPTS_TOGETHER}</p> : null}
    {summaries.length > 0 ? (
      <ul className="hint" data-testid="denied-records">
        {summaries.map((line) => <li key={line}>{line}</li>)}
      </ul>
    ) : null}
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Afviste forsøg for ${flag.name} (rul vandret)`}>
      <table className="simple-table audit-table">
        <thead>
          <tr>
            <th scope="col">Tidspunkt</th>
            <th scope="col">Handling</th>
            <th scope="col">Hvad</th>
            <th scope="col">Hvorfor afvist</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            // Denials have no id of their own; the server's order (newest first) is stable.
            <tr key={`${a.at}-${i}`}>
              <td className="audit-time">
                <When value={a.at} />
              </td>
              <td>{actionsSaid(a.actions)}</td>
              <td>{deniedWhat(a, several(a.entityType))}</td>
              <td>{a.details.map(detailLabel).filter(Boolean).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

/** One flagged account: who, when, the denials behind it, and how it was (or is to be) closed. */
export function FlagCard(props: { flag: FragmentType<typeof FlagCardFragment>; onResolved: (message: string) => void }) {
  const id = useId();
  const flag = getFragmentData(FlagCardFragment, props.flag);
  const resolved = !!flag.resolvedAt;
  return (
    <article className="card flag-card" aria-labelledby={`${id}-name`} data-testid="account-flag">
      <h3 id={`${id}-name`}>{flag.name}</h3>
      <p>
        <span className={`status ${resolved ? 'status-completed' : 'status-denied'}`}>{resolved ? 'Afsluttet' : 'Til gennemsyn'}</span>
      </p>
      <dl className="facts facts-compact">
        <Fact term="Rolle">{roleLabel(flag.role)}</Fact>
        <Fact term="Enhed">{flag.unitName ?? 'Ingen enhed'}</Fact>
        <Fact term="Brugernavn">{flag.username}</Fact>
        <Fact term="Markeret">
          <When value={flag.flaggedAt} />
        </Fact>
        <Fact term="Afviste forsøg">{flag.denials}</Fact>
        <Fact term="Første og seneste afvisning">
          <DeniedPeriod first={flag.firstDeniedAt} last={flag.lastDeniedAt} />
        </Fact>
        {resolved ? (
          <>
            <Fact term="Afsluttet">
              <When value={flag.resolvedAt!} />
              {flag.resolvedByName ? ` af ${flag.resolvedByName}` : ''}
            </Fact>
            <Fact term="Bemærkning" wide>
              {flag.resolution}
            </Fact>
          </>
        ) : null}
      </dl>
      <h4>Seneste afviste forsøg</h4>
      <DenialsTable flag={flag} />
      {resolved ? null : flag.mine ? (
        // Review is of one leader by another: the server refuses a leader's own (FORBIDDEN).
        <p className="hint">Det er din egen markering. En anden leder skal gennemse den.</p>
      ) : (
        <ResolveFlagForm flagId={flag.id} name={flag.name} onResolved={props.onResolved} />
      )}
    </article>
  );
}
