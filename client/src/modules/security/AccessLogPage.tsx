import { skipToken, useQuery } from '@apollo/client/react';
import { useEffect, useId, useState } from 'react';
import { Link, paths } from '../../core/router';
import { ErrorNotice, Loading } from '../../core/ui';
import { graphql } from '../../gql';
import { csvFileName, downloadCsv, toCsv } from '../figures/csv';
import { AccessLogTable, type AccessLogRow } from './AccessLogTable';
import { actionText, actorText, detailLabel, exportDateTime, outcomeLabel } from './auditLabels';
import './security.css';

/** Which citizen the plan is for; usually already in the cache from the plan page. */
export const AccessLogPlanQuery = graphql(`
  query AccessLogPlan($id: ID!) {
    plan(id: $id) {
      id
      mayReadAccessLog
      citizen {
        id
        name
      }
    }
  }
`);

export const AccessLogQuery = graphql(`
  query AccessLog($citizenId: ID!, $limit: Int!) {
    accessLog(citizenId: $citizenId, limit: $limit) {
      id
      at
      actorName
      unitName
      action
      entityType
      entityId
      outcome
      detail
      count
      channel
      lastAt
    }
  }
`);

/** The server's default page, and its most. */
export const ACCESS_LOG_PAGE = 200;
export const ACCESS_LOG_MAX = 1000;

const CSV_HEADER = ['Tidspunkt', 'Person', 'Enhed', 'Handling', 'Resultat', 'Detalje'];

function csvRows(rows: readonly AccessLogRow[]): string[][] {
  return rows.map((r) => [exportDateTime(r.at), actorText(r), r.unitName ?? '', actionText(r), outcomeLabel(r.outcome), detailLabel(r.detail)]);
}

function countText(shown: number, total: number, denied: number, onlyDenied: boolean): string {
  if (onlyDenied) return `Viser ${shown} af ${total} ${total === 1 ? 'hændelse' : 'hændelser'}`;
  return `${total} ${total === 1 ? 'hændelse' : 'hændelser'}, heraf ${denied} ${denied === 1 ? 'afvist' : 'afviste'}`;
}

/**
 * /plan/:id/adgangslog — who looked at or changed the citizen's data, and who was refused.
 * Only the citizen's current coordinator may read it, as the plan says (`mayReadAccessLog`):
 * not the coordinator of an older, ended plan (anyone else gets NOT_FOUND from the server,
 * shown as the usual Danish error). Opening it is itself logged.
 */
export function AccessLogPage({ planId, download = downloadCsv }: { planId: string; download?: (fileName: string, csv: string) => void }) {
  const id = useId();
  const [onlyDenied, setOnlyDenied] = useState(false);
  const [limit, setLimit] = useState(ACCESS_LOG_PAGE);
  const planQuery = useQuery(AccessLogPlanQuery, { variables: { id: planId }, fetchPolicy: 'cache-first' });
  const plan = planQuery.data?.plan;
  // Asking anyway would only be refused, and a refusal counts towards a review of the account.
  const notTheirs = !!plan && !plan.mayReadAccessLog;
  const log = useQuery(
    AccessLogQuery,
    // Always from the server: the log is only worth reading when it is current.
    plan && !notTheirs ? { variables: { citizenId: plan.citizen.id, limit }, fetchPolicy: 'network-only' } : skipToken,
  );

  useEffect(() => {
    document.title = plan ? `Adgangslog – ${plan.citizen.name} – Samplan` : 'Adgangslog – Samplan';
  }, [plan]);

  const entries = (log.data ?? log.previousData)?.accessLog;
  const denied = entries?.filter((e) => e.outcome === 'DENIED').length ?? 0;
  const shown = (onlyDenied ? entries?.filter((e) => e.outcome === 'DENIED') : entries) ?? [];
  const error = planQuery.error ?? log.error;
  const loading = planQuery.loading || log.loading;

  const exportCsv = () => {
    const parts = ['adgangslog', plan?.citizen.name ?? '', ...(onlyDenied ? ['afviste'] : [])];
    download(csvFileName(...parts), toCsv(CSV_HEADER, csvRows(shown)));
  };

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1 tabIndex={-1}>{plan ? `Adgangslog – ${plan.citizen.name}` : 'Adgangslog'}</h1>
          <p className="page-header-meta">
            Hvem der har set eller ændret borgerens oplysninger, og hvem der er blevet afvist. Kun den koordinerende sagsbehandler kan se loggen.
          </p>
        </div>
        <p className="actions">
          <Link to={paths.plan(planId)}>Tilbage til planen</Link>
        </p>
      </header>
      {error ? <ErrorNotice error={error} title="Adgangsloggen kunne ikke vises" /> : null}
      {notTheirs ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Adgangsloggen kunne ikke vises</p>
          <p>Kun borgerens nuværende koordinerende sagsbehandler kan se adgangsloggen.</p>
        </div>
      ) : null}
      {loading && !entries ? <Loading label="Henter adgangsloggen…" /> : null}
      {entries ? (
        <section className="card" aria-labelledby={`${id}-heading`}>
          <div className="section-heading">
            <h2 id={`${id}-heading`}>Hændelser</h2>
            <button type="button" className="button button-secondary button-small" onClick={exportCsv} disabled={shown.length === 0}>
              Hent som CSV
            </button>
          </div>
          <div className="audit-filters">
            <div className="checkbox">
              <input id={`${id}-denied`} type="checkbox" checked={onlyDenied} onChange={(e) => setOnlyDenied(e.target.checked)} />
              <label htmlFor={`${id}-denied`}>Kun afviste</label>
            </div>
            <p className="result-count" role="status" data-testid="access-log-count">
              {countText(shown.length, entries.length, denied, onlyDenied)}
            </p>
          </div>
          {shown.length ? (
            <AccessLogTable rows={shown} label="Hændelser" />
          ) : (
            <p className="hint">{onlyDenied ? 'Ingen afviste forsøg.' : 'Ingen hændelser endnu.'}</p>
          )}
          {entries.length >= limit ? (
            <p className="actions">
              <span className="hint">Viser de seneste {limit} hændelser.</span>
              {limit < ACCESS_LOG_MAX ? (
                <button type="button" className="button button-secondary button-small" onClick={() => setLimit(ACCESS_LOG_MAX)} disabled={log.loading}>
                  {log.loading ? 'Henter…' : `Hent op til ${ACCESS_LOG_MAX}`}
                </button>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
