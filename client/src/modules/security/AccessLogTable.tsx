import { formatDateTime } from '../../core/format';
import type { AccessLogQuery } from '../../gql/graphql';
import { actionText, actorText, detailLabel, entityLabel, outcomeLabel } from './auditLabels';

export type AccessLogRow = AccessLogQuery['accessLogPage']['entries'][number];

/**
 * What was read or changed: the kind of record, and its title where the server could name it
 * for the reader ("Indsats: Bostøtte", "Felt: Arbejdstelefon"); the kind alone otherwise.
 */
export const whatText = (r: Pick<AccessLogRow, 'entityType' | 'entityTitle'>): string =>
  r.entityTitle ? `${entityLabel(r.entityType)}: ${r.entityTitle}` : entityLabel(r.entityType);

/** "Tilladt" or "Afvist" as a chip; a refusal is red and bold, not only by colour. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`status ${outcome === 'DENIED' ? 'status-denied' : 'status-allowed'}`}>{outcomeLabel(outcome)}</span>;
}

/**
 * The access log's rows, newest first (the server's order). Each row can take the focus
 * (`data-entry-id`), so after "Vis ældre" the keyboard user reads on from the first older row.
 */
export function AccessLogTable({ rows, label }: { rows: readonly AccessLogRow[]; label: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`${label} (rul vandret)`}>
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
                <time dateTime={r.at}>{formatDateTime(r.at)}</time>
              </td>
              <td>{actorText(r)}</td>
              <td>{r.unitName ?? '–'}</td>
              <td>{actionText(r)}</td>
              <td>{whatText(r)}</td>
              <td>
                <OutcomeBadge outcome={r.outcome} />
              </td>
              <td>{detailLabel(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
