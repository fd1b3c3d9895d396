import { DANISH_TIME_ZONE, localDate } from '@samplan/schema';
import { useId, useRef, type ReactNode } from 'react';
import { formatDateTime } from '../../core/format';
import type { AccessChannel, AccessLogQuery } from '../../gql/graphql';
import { useOverflows } from '../figures/FigureTable';
import { actionLabel, actorText, detailLabel, entityLabel, outcomeLabel } from './auditLabels';

export type AccessLogRow = AccessLogQuery['accessLogPage']['entries'][number];

/**
 * What was read or changed: the kind of record, and its title where the server could name it
 * for the reader ("Indsats: Bostøtte", "Felt: Arbejdstelefon"); the kind alone otherwise.
 */
export const whatText = (r: Pick<AccessLogRow, 'entityType' | 'entityTitle'>): string =>
  r.entityTitle ? `${entityLabel(r.entityType)}: ${r.entityTitle}` : entityLabel(r.entityType);

/** Where a read happened, said as the end of the action's phrase ("Se mentorsag i sagslisten"). */
const CHANNEL_WORDS: Readonly<Record<AccessChannel, string>> = {
  PLAN_PAGE: 'på planen',
  CASELOAD: 'i sagslisten',
  RECORD: 'som enkelt post',
  LIVE: 'live',
  REPLAY: 'efter genopkobling',
  SEARCH: 'i borgersøgningen',
};

/**
 * The way each read action reaches its reader, which its label already says ("Se planen" is the
 * plan page, "Modtog ændringer live" a live update): the channel is said only when it is another.
 */
const CHANNEL_IN_LABEL: Readonly<Record<string, AccessChannel>> = {
  READ_PLAN: 'PLAN_PAGE',
  READ_PLAN_HISTORY: 'PLAN_PAGE',
  READ_OWN_WORDS: 'PLAN_PAGE',
  READ_CASELOAD: 'CASELOAD',
  READ_PROGRAMME: 'RECORD',
  READ_INTERVENTION: 'RECORD',
  READ_MEETING: 'RECORD',
  READ_MENTOR_CASE: 'RECORD',
  READ_AFTER_CONFLICT: 'RECORD',
  RECEIVE_LIVE_EVENTS: 'LIVE',
  REPLAY_EVENTS: 'REPLAY',
  SEARCH_CITIZEN_CPR: 'SEARCH',
  SEARCH_CITIZEN_NAME: 'SEARCH',
  REGISTER_CITIZEN: 'SEARCH',
  CORRECT_CITIZEN_CPR: 'SEARCH',
};

/** The access in one Danish phrase: the action, and where it happened when that is news ("Se forløbet på planen" is the citizen's Min plan). */
export function accessText(r: Pick<AccessLogRow, 'action' | 'channel'>): string {
  const where = r.channel && CHANNEL_IN_LABEL[r.action] !== r.channel ? ` ${CHANNEL_WORDS[r.channel] ?? r.channel}` : '';
  return `${actionLabel(r.action)}${where}`;
}

/** Repeated reads within a quarter of an hour are stored as one row: how many times ("– 29 gange"), none for one. */
export const timesText = (r: Pick<AccessLogRow, 'count'>): string => (r.count > 1 ? ` – ${r.count} gange` : '');

const clock = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: DANISH_TIME_ZONE });

/**
 * When: a folded row from its first read to its last ("2. november 2026 kl. 11.30–11.33"). The
 * log is in the order the rows were written, by their first read, so the span says why a row of
 * reads up to 11.33 stands below a single read at 11.32.
 */
export function whenText(r: Pick<AccessLogRow, 'at' | 'lastAt'>): string {
  const first = formatDateTime(r.at);
  if (!r.lastAt) return first;
  const last = new Date(r.lastAt);
  const start = new Date(r.at);
  if (clock.format(last) === clock.format(start) && localDate(last) === localDate(start)) return first;
  return localDate(last) === localDate(start) ? `${first}–${clock.format(last).replace(':', '.')}` : `${first} – ${formatDateTime(r.lastAt)}`;
}

/** "Tilladt" or "Afvist" as a chip; a refusal is red and bold, not only by colour. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`status ${outcome === 'DENIED' ? 'status-denied' : 'status-allowed'}`}>{outcomeLabel(outcome)}</span>;
}

/**
 * A table that scrolls sideways, said above it when it is wider than the screen (on a phone only
 * the first columns fit), as the key figures' tables do. The keyboard scrolls it: it takes the focus.
 */
function ScrollRegion({ label, hint, rowCount, children }: { label: string; hint: string; rowCount: number; children: ReactNode }) {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const overflows = useOverflows(scroller, rowCount);
  return (
    <>
      {overflows ? (
        <p className="hint audit-scroll-hint" id={`${id}-scroll`}>
          {hint}
        </p>
      ) : null}
      <div ref={scroller} className="table-scroll" tabIndex={0} role="region" aria-label={`${label} (rul vandret)`} aria-describedby={overflows ? `${id}-scroll` : undefined}>
        {children}
      </div>
    </>
  );
}

/**
 * The access log's rows, newest first (the server's order). Each row can take the focus
 * (`data-entry-id`), so after "Vis ældre" the keyboard user reads on from the first older row.
 */
export function AccessLogTable({ rows, label }: { rows: readonly AccessLogRow[]; label: string }) {
  return (
    <ScrollRegion label={label} hint="Rul vandret for at se handling, hvad og resultat." rowCount={rows.length}>
      <table className="simple-table audit-table">
        <thead>
          <tr>
            <th scope="col">Tidspunkt</th>
            <th scope="col">Person</th>
            <th scope="col">Enhed</th>
            <th scope="col">Handling</th>
            <th scope="col">Hvad</th>
            <th scope="col">Resultat</th>
            <th scope="col">Detalje</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.outcome === 'DENIED' ? 'audit-denied' : undefined} data-testid="access-log-row" data-entry-id={r.id} tabIndex={-1}>
              <td className="audit-time">
                <time dateTime={r.at}>{whenText(r)}</time>
              </td>
              <td>{actorText(r)}</td>
              <td>{r.unitName ?? '–'}</td>
              <td>
                {accessText(r)}
                {timesText(r)}
              </td>
              <td>{whatText(r)}</td>
              <td>
                <OutcomeBadge outcome={r.outcome} />
              </td>
              <td>{detailLabel(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
