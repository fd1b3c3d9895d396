import { NetworkStatus } from '@apollo/client';
import { skipToken, useApolloClient, useQuery } from '@apollo/client/react';
import { isIsoDay } from '@samplan/schema';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, paths } from '../../core/router';
import { useFocusOnNewEntry } from '../../core/focus-kept';
import { ErrorNotice, FieldError, Loading } from '../../core/ui';
import { graphql } from '../../gql';
import type { AccessLogFilter } from '../../gql/graphql';
import { csvFileName, downloadCsv, toCsv } from '../figures/csv';
import { AccessLogTable, accessText, whatText, type AccessLogRow } from './AccessLogTable';
import { actorText, detailLabel, exportDateTime, outcomeLabel } from './auditLabels';
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
  query AccessLog($citizenId: ID!, $filter: AccessLogFilter, $first: Int!, $after: String) {
    accessLogPage(citizenId: $citizenId, filter: $filter, first: $first, after: $after) {
      entries {
        id
        at
        actorName
        unitName
        action
        entityType
        entityId
        entityTitle
        outcome
        detail
        count
        channel
        lastAt
      }
      nextCursor
      totalCount
      deniedCount
      people {
        id
        name
        unitName
        isCitizen
      }
    }
  }
`);

/** Rows a page shows at a time ("Vis ældre" adds as many), and the most the server gives at once (the CSV export reads by these). */
export const ACCESS_LOG_PAGE = 100;
export const ACCESS_LOG_EXPORT_PAGE = 1000;

/** The years the server takes a day in (its KEPT_YEARS): a year typed digit by digit passes through 0002 and 0020 first. */
const YEARS = { first: 1900, last: 2199 } as const;

/**
 * The log keeps repeated reads of the same within a quarter of an hour as one row (the times
 * between the first and the last are not stored): the header says so, and each row has its
 * count and both times, so a spreadsheet can neither read a row as one access nor lose one.
 */
const CSV_HEADER = ['Tidspunkt (første gang)', 'Tidspunkt (seneste gang)', 'Antal gange', 'Person', 'Enhed', 'Handling', 'Hvad', 'Resultat', 'Detalje'];

function csvRows(rows: readonly AccessLogRow[]): string[][] {
  return rows.map((r) => [
    exportDateTime(r.at),
    exportDateTime(r.lastAt ?? r.at),
    String(r.count),
    actorText(r),
    r.unitName ?? '',
    accessText(r),
    whatText(r),
    outcomeLabel(r.outcome),
    detailLabel(r.detail),
  ]);
}

const number = (n: number) => n.toLocaleString('da-DK');

const events = (n: number) => `${number(n)} ${n === 1 ? 'hændelse' : 'hændelser'}`;

/**
 * The counts are the server's, for the whole period and person: not only the rows loaded so
 * far. With "Kun afviste" the rows are the refusals (`denied`) among all the events (`total`).
 */
function countText(shown: number, total: number, denied: number, onlyDenied: boolean): string {
  if (onlyDenied) {
    return shown < denied ? `Viser de nyeste ${number(shown)} af ${number(denied)} afviste – ${events(total)} i alt` : `Viser ${number(denied)} af ${events(total)}`;
  }
  const all = `${events(total)}, heraf ${number(denied)} ${denied === 1 ? 'afvist' : 'afviste'}`;
  return shown < total ? `${all} – viser de nyeste ${number(shown)}` : all;
}

interface Choices {
  from: string;
  to: string;
  actorId: string;
  onlyDenied: boolean;
  withoutCitizen: boolean;
}

type DayField = 'from' | 'to';

/** What is wrong with a typed day, or with the period: none for an empty field (no limit). */
function problemsOf(c: Choices): Partial<Record<DayField, string>> {
  const problems: Partial<Record<DayField, string>> = {};
  for (const field of ['from', 'to'] as const) {
    const day = c[field];
    if (!day) continue;
    const year = Number(day.slice(0, 4));
    if (!isIsoDay(day)) problems[field] = 'Skriv en dato (dd.mm.åååå).';
    else if (year < YEARS.first || year > YEARS.last) problems[field] = `Datoen skal ligge mellem år ${YEARS.first} og ${YEARS.last}.`;
  }
  if (!problems.from && !problems.to && c.from && c.to && c.to < c.from) problems.to = 'Til-datoen kan ikke ligge før fra-datoen.';
  return problems;
}

const filterOf = (c: Choices): AccessLogFilter => ({ from: c.from || null, to: c.to || null, actorId: c.actorId || null, onlyDenied: c.onlyDenied, withoutCitizen: c.withoutCitizen });

/**
 * /plan/:id/adgangslog — who looked at or changed the citizen's data, what, and who was refused.
 * Only the citizen's current coordinator may read it, as the plan says (`mayReadAccessLog`):
 * not the coordinator of an older, ended plan (anyone else gets NOT_FOUND from the server,
 * shown as the usual Danish error). Opening it, and each older page, is itself logged.
 *
 * Filtered on the server, by period, person and refusals, so a request for access ("who has
 * seen my information in the past year?") is answered from the whole log: the counts are of
 * everything the filter selects, "Vis ældre" reads on below the last row shown, and the CSV
 * export holds every row of the filter, read page by page.
 */
export function AccessLogPage({ planId, download = downloadCsv }: { planId: string; download?: (fileName: string, csv: string) => void }) {
  const id = useId();
  const client = useApolloClient();
  const [choices, setChoices] = useState<Choices>({ from: '', to: '', actorId: '', onlyDenied: false, withoutCitizen: false });
  // What the server was asked for: the choices as they were when last valid.
  const [filter, setFilter] = useState<AccessLogFilter>(() => filterOf(choices));
  // A day's problem shows once the user has left the field; a period the wrong way round at once.
  const [left, setLeft] = useState<ReadonlySet<DayField>>(new Set());
  const problems = problemsOf(choices);
  const shownProblem = (field: DayField) => (left.has(field) || (field === 'to' && choices.from && choices.to && isIsoDay(choices.from) && isIsoDay(choices.to)) ? problems[field] : undefined);

  const planQuery = useQuery(AccessLogPlanQuery, { variables: { id: planId }, fetchPolicy: 'cache-first' });
  const plan = planQuery.data?.plan;
  // Asking anyway would only be refused, and a refusal counts towards a review of the account.
  const notTheirs = !!plan && !plan.mayReadAccessLog;
  const log = useQuery(
    AccessLogQuery,
    // Always from the server: the log is only worth reading when it is current.
    plan && !notTheirs
      ? { variables: { citizenId: plan.citizen.id, filter, first: ACCESS_LOG_PAGE, after: null }, fetchPolicy: 'network-only', notifyOnNetworkStatusChange: true }
      : skipToken,
  );

  useEffect(() => {
    document.title = plan ? `Adgangslog – ${plan.citizen.name} – Samplan` : 'Adgangslog – Samplan';
  }, [plan]);

  const page = (log.data ?? log.previousData)?.accessLogPage;
  const entries = page?.entries;
  const error = planQuery.error ?? log.error;
  const loadingMore = log.networkStatus === NetworkStatus.fetchMore;
  const refiltering = log.loading && !loadingMore && !!page;

  const change = (next: Partial<Choices>) => {
    const c = { ...choices, ...next };
    setChoices(c);
    if (Object.keys(problemsOf(c)).length === 0) setFilter(filterOf(c));
  };
  const leave = (field: DayField) => setLeft((cur) => (cur.has(field) ? cur : new Set(cur).add(field)));

  // The person chosen stays a choice when the period has none of their rows.
  const [chosen, setChosen] = useState<{ id: string; label: string } | null>(null);
  const people = useMemo(() => {
    const listed = (page?.people ?? []).map((p) => ({ id: p.id, label: `${p.name ?? 'Ukendt'}${p.isCitizen ? ' (borgeren)' : p.unitName ? ` (${p.unitName})` : ''}` }));
    return chosen && choices.actorId === chosen.id && !listed.some((p) => p.id === chosen.id) ? [...listed, chosen] : listed;
  }, [page?.people, choices.actorId, chosen]);

  // "Vis ældre": the first older row takes the focus, so the keyboard user reads on from there
  // (the button goes once the last page is read), and a screen reader hears how many came.
  const [announcement, setAnnouncement] = useState('');
  const [moreError, setMoreError] = useState<unknown>(null);
  const { container: table, focusEntry } = useFocusOnNewEntry<HTMLDivElement>(entries);

  const showOlder = async () => {
    if (!page?.nextCursor) return;
    setMoreError(null);
    try {
      const more = await log.fetchMore({
        variables: { after: page.nextCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          accessLogPage: { ...fetchMoreResult.accessLogPage, entries: [...previous.accessLogPage.entries, ...fetchMoreResult.accessLogPage.entries] },
        }),
      });
      const older = more.data?.accessLogPage;
      if (!older) return;
      const n = older.entries.length;
      focusEntry(older.entries[0]?.id ?? null);
      setAnnouncement(`${number(n)} ældre ${n === 1 ? 'hændelse' : 'hændelser'} vist.${older.nextCursor ? '' : ' Der er ikke flere.'}`);
    } catch (e) {
      setMoreError(e);
    }
  };

  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async () => {
    if (!plan || !page || !entries) return;
    setExportError(null);
    setExporting(true);
    try {
      // Every row of the filter: what is shown when it is all there, else read again from the newest, page by page.
      let rows: AccessLogRow[] = [...entries];
      if (page.nextCursor) {
        const citizenId = plan.citizen.id;
        const read = (after: string | null) =>
          client.query({ query: AccessLogQuery, variables: { citizenId, filter, first: ACCESS_LOG_EXPORT_PAGE, after }, fetchPolicy: 'no-cache' }).then((res) => {
            if (!res.data) throw res.error ?? new Error('Adgangsloggen kunne ikke hentes.');
            return res.data.accessLogPage;
          });
        rows = [];
        for (let part = await read(null); ; part = await read(part.nextCursor)) {
          rows.push(...part.entries);
          if (!part.nextCursor) break;
        }
      }
      const person = people.find((p) => p.id === filter.actorId)?.label;
      const parts = [
        'adgangslog',
        plan.citizen.name,
        ...(filter.from ? [`fra-${filter.from}`] : []),
        ...(filter.to ? [`til-${filter.to}`] : []),
        ...(person ? [person] : []),
        ...(filter.withoutCitizen ? ['uden-borgerens-egne'] : []),
        ...(filter.onlyDenied ? ['afviste'] : []),
      ];
      download(csvFileName(...parts), toCsv(CSV_HEADER, csvRows(rows)));
      setAnnouncement(`${number(rows.length)} ${rows.length === 1 ? 'hændelse' : 'hændelser'} hentet som CSV.`);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const filtered = !!(filter.from || filter.to || filter.actorId || filter.withoutCitizen);
  const dayField = (field: DayField, label: string) => {
    const problem = shownProblem(field);
    return (
      <div className="field">
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          type="date"
          min={`${YEARS.first}-01-01`}
          max={`${YEARS.last}-12-31`}
          value={choices[field]}
          onChange={(e) => change({ [field]: e.target.value })}
          onBlur={() => leave(field)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-${field}-error` : undefined}
        />
        <FieldError id={`${id}-${field}-error`} message={problem} />
      </div>
    );
  };

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1 tabIndex={-1}>{plan ? `Adgangslog – ${plan.citizen.name}` : 'Adgangslog'}</h1>
          <p className="page-header-meta">
            Hvem der har set eller ændret borgerens oplysninger, hvad de så, og hvem der er blevet afvist. Kun den koordinerende sagsbehandler kan se loggen.
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
      {log.loading && !page ? <Loading label="Henter adgangsloggen…" /> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {page && entries ? (
        <section className="card" aria-labelledby={`${id}-heading`} aria-busy={refiltering || undefined}>
          <div className="section-heading">
            <h2 id={`${id}-heading`}>Hændelser</h2>
            <button type="button" className="button button-secondary button-small" onClick={() => void exportCsv()} disabled={entries.length === 0 || exporting} aria-describedby={`${id}-export`}>
              {exporting ? 'Henter alle hændelser…' : 'Hent som CSV'}
            </button>
          </div>
          <p className="hint" id={`${id}-export`}>
            CSV-filen indeholder alle hændelser, som filteret udvælger ({number(filter.onlyDenied ? page.deniedCount : page.totalCount)})
            {page.nextCursor ? ', også dem, der ikke er vist endnu' : ''}. Gentagne læsninger af det samme inden for et kvarter er gemt som én række: den står med antal gange og første og
            seneste tidspunkt, også i filen.
          </p>
          {exportError ? <ErrorNotice error={exportError} title="CSV-filen kunne ikke hentes" /> : null}
          <form className="inline-form" role="search" aria-label="Filtrér adgangsloggen" onSubmit={(e) => e.preventDefault()}>
            {dayField('from', 'Fra')}
            {dayField('to', 'Til')}
            <div className="field">
              <label htmlFor={`${id}-person`}>Person</label>
              <select
                id={`${id}-person`}
                value={choices.actorId}
                onChange={(e) => {
                  setChosen(people.find((p) => p.id === e.target.value) ?? null);
                  change({ actorId: e.target.value });
                }}
              >
                <option value="">Alle</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
            {/* The citizen following their own plan live writes most of the log: a request for access asks about everyone else. */}
            <div className="checkbox">
              <input id={`${id}-citizen`} type="checkbox" checked={choices.withoutCitizen} onChange={(e) => change({ withoutCitizen: e.target.checked })} />
              <label htmlFor={`${id}-citizen`}>Skjul borgerens egne</label>
            </div>
            <div className="checkbox">
              <input id={`${id}-denied`} type="checkbox" checked={choices.onlyDenied} onChange={(e) => change({ onlyDenied: e.target.checked })} />
              <label htmlFor={`${id}-denied`}>Kun afviste</label>
            </div>
          </form>
          <p className="result-count" role="status" data-testid="access-log-count">
            {refiltering ? 'Henter…' : countText(entries.length, page.totalCount, page.deniedCount, filter.onlyDenied === true)}
          </p>
          {entries.length ? (
            <div ref={table}>
              <AccessLogTable rows={entries} label="Hændelser" />
            </div>
          ) : (
            <p className="hint">{filter.onlyDenied ? 'Ingen afviste forsøg.' : filtered ? 'Ingen hændelser passer til filteret.' : 'Ingen hændelser endnu.'}</p>
          )}
          {moreError ? <ErrorNotice error={moreError} title="Ældre hændelser kunne ikke hentes" /> : null}
          {page.nextCursor && !refiltering ? (
            <p className="actions">
              <button type="button" className="button button-secondary" onClick={() => void showOlder()} disabled={loadingMore} aria-busy={loadingMore || undefined}>
                {loadingMore ? 'Henter ældre…' : 'Vis ældre'}
                <span className="visually-hidden"> hændelser</span>
              </button>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
