import { formatDateTime } from '../../core/format';
import type { AccessLogQuery } from '../../gql/graphql';
import { actionText, actorText, detailLabel, outcomeLabel } from './auditLabels';

export type AccessLogRow = AccessLogQuery['accessLog'][number];

/** "Tilladt" or "Afvist" as a chip; a refusal is red and bold, not only by colour. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`status ${outcome === 'DENIED' ? 'status-denied' : 'status-allowed'}`}>{outcomeLabel(outcome)}</span>;
}

/** The access log's rows, newest first (the server's order). */
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
            <th scope="col">Resultat</th>
            <th scope="col">Detalje</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.outcome === 'DENIED' ? 'audit-denied' : undefined} data-testid="access-log-row">
              <td className="audit-time">
                <time dateTime={r.at}>{formatDateTime(r.at)}</time>
              </td>
              <td>{actorText(r)}</td>
              <td>{r.unitName ?? '–'}</td>
              <td>{actionText(r)}</td>
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
