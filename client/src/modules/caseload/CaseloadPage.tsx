import { useApolloClient, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatDateTime, formatDaysLeft, formatWhen } from '../../core/format';
import { label, PROGRAMME_TYPE_LABELS, UNIT_CODES, UNIT_CODE_LABELS, WARNING_SEVERITY_LABELS } from '../../core/labels';
import { useEventStream } from '../../core/live';
import { Link, paths } from '../../core/router';
import { ErrorNotice, LiveBadge, Loading } from '../../core/ui';
import { getFragmentData, graphql } from '../../gql';
import type { CaseloadQuery, UnitCode } from '../../gql/graphql';
import { CaseloadEventsSubscription, isSomebodysChange, LiveEventFragmentDoc, type LiveEvent } from '../live/events';
import { HIGHLIGHT_MS, highlightText } from '../live/PlanLive';
import { useViewer } from '../org/viewer';
import { canCreateProgramme } from '../programme/NewProgrammePage';
import { filterCases, latestOf, type CaseFilter, type CaseRow, type CaseSort, type LatestChange } from './caseload';

export const CaseloadQueryDoc = graphql(`
  query Caseload {
    myCaseload {
      id
      myStanding
      updatedAt
      updatedBy {
        id
        name
        unit {
          id
          name
        }
      }
      nextFollowUpAt
      citizen {
        id
        name
      }
      programme {
        id
        type
        daysLeft
        endDate
        warningLevel
        warnings {
          rule
          severity
          message
        }
      }
      team {
        id
        code
        name
      }
      coordinator {
        id
        user {
          id
          name
        }
      }
      interventions {
        id
        title
        updatedAt
        unit {
          id
          name
        }
        updatedBy {
          id
          name
        }
      }
      activities {
        id
        title
        updatedAt
        updatedBy {
          id
          name
          unit {
            id
            name
          }
        }
      }
    }
  }
`);

type Plan = CaseloadQuery['myCaseload'][number];

/** A plan as a caseload row; the latest change is the newest of the plan and its items. */
export function toRow(plan: Plan): CaseRow {
  return {
    planId: plan.id,
    citizenName: plan.citizen.name,
    programmeType: label(PROGRAMME_TYPE_LABELS, plan.programme.type),
    daysLeft: plan.programme.daysLeft,
    teamCodes: plan.team.map((u) => u.code),
    coordinatorName: plan.coordinator?.user.name ?? null,
    myStanding: plan.myStanding ?? null,
    warnings: plan.programme.warnings,
    latest: latestOf([
      { item: plan, what: 'Planen' },
      ...plan.interventions.map((iv) => ({ item: iv, what: iv.title, unit: iv.unit.name })),
      ...plan.activities.map((a) => ({ item: a, what: a.title })),
    ]),
  };
}

function LatestChangeText({ latest }: { latest: LatestChange | null }) {
  if (!latest) return <>Ingen ændringer endnu</>;
  const who = [latest.who, latest.unit].filter(Boolean).join(', ');
  return (
    <>
      {latest.live ? `${latest.what}${who ? ` (${who})` : ''}` : `${latest.what} ændret${who ? ` af ${who}` : ''}`} · <time dateTime={latest.at}>{formatWhen(latest.at)}</time>
    </>
  );
}

/** Mine sager: my citizens, with programme, days left and the latest change, live. */
export function CaseloadPage() {
  const id = useId();
  const client = useApolloClient();
  const viewer = useViewer();
  const { data, loading, error, refetch } = useQuery(CaseloadQueryDoc);
  const [filter, setFilter] = useState<CaseFilter>({ search: '', unit: '', sort: 'name' });
  const [liveLatest, setLiveLatest] = useState<ReadonlyMap<string, LatestChange>>(new Map());
  const [flags, setFlags] = useState<ReadonlyMap<string, { text: string; until: number }>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    document.title = 'Mine sager – Samplan';
    return () => clearTimeout(refetchTimer.current);
  }, []);

  useEffect(() => {
    if (flags.size === 0) return;
    const next = Math.min(...[...flags.values()].map((f) => f.until));
    const timer = setTimeout(() => setFlags((cur) => new Map([...cur].filter(([, f]) => f.until > Date.now()))), Math.max(0, next - Date.now()) + 20);
    return () => clearTimeout(timer);
  }, [flags]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => void refetch().catch(() => undefined), 400);
      // New warnings reorder the list (the refetch above) but are not somebody's change.
      if (!isSomebodysChange(event)) return;
      applyEntityToCache(client.cache, event.entity as Record<string, unknown> | null, { actor: event.actor });
      setLiveLatest((cur) =>
        new Map(cur).set(event.planId, { at: event.at, what: event.summary, who: event.actor?.name ?? null, unit: null, live: true }),
      );
      setAnnouncement(event.summary);
      if (!viewer || event.actor?.id !== viewer.id) {
        setFlags((cur) => new Map(cur).set(event.planId, { text: highlightText(event), until: Date.now() + HIGHLIGHT_MS }));
      }
    },
    [client, refetch, viewer],
  );

  useEventStream({
    document: CaseloadEventsSubscription,
    variables: {},
    key: 'caseload',
    pick: (d) => getFragmentData(LiveEventFragmentDoc, d.caseloadEvents),
    onEvent,
  });

  const rows = useMemo(
    () =>
      (data?.myCaseload ?? []).map((plan) => {
        const row = toRow(plan);
        const live = liveLatest.get(row.planId);
        if (live && (!row.latest || new Date(live.at) >= new Date(row.latest.at))) row.latest = live;
        return row;
      }),
    [data, liveLatest],
  );
  const shown = useMemo(() => filterCases(rows, filter), [rows, filter]);
  const units = UNIT_CODES.filter((c) => rows.some((r) => r.teamCodes.includes(c)));
  const nextFollowUp = new Map((data?.myCaseload ?? []).map((p) => [p.id, p.nextFollowUpAt]));

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <h1 tabIndex={-1}>Mine sager</h1>
          <p className="page-header-meta">Borgere, du koordinerer, eller hvor din forvaltning er på plan-teamet.</p>
        </div>
        <div className="actions">
          {canCreateProgramme(viewer?.role) ? (
            <Link to={paths.newProgramme()} className="button">
              Nyt forløb
            </Link>
          ) : null}
          <LiveBadge />
        </div>
      </header>

      <form className="filters card" role="search" aria-label="Søg og filtrér sager" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-search`}>Søg efter borger eller koordinator</label>
          <input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            value={filter.search}
            onChange={(e) => setFilter((f) => ({ ...f, search: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-unit`}>Forvaltning på teamet</label>
          <select id={`${id}-unit`} value={filter.unit} onChange={(e) => setFilter((f) => ({ ...f, unit: e.target.value as UnitCode | '' }))}>
            <option value="">Alle forvaltninger</option>
            {(units.length ? units : UNIT_CODES).map((c) => (
              <option key={c} value={c}>
                {UNIT_CODE_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sortér efter</label>
          <select id={`${id}-sort`} value={filter.sort} onChange={(e) => setFilter((f) => ({ ...f, sort: e.target.value as CaseSort }))}>
            <option value="name">Navn</option>
            <option value="daysLeft">Færrest dage tilbage</option>
            <option value="latest">Senest ændret</option>
            <option value="warnings">Advarsler først</option>
          </select>
        </div>
      </form>

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {loading && !data ? <Loading label="Henter dine sager…" /> : null}
      {error ? (
        <ErrorNotice
          error={error}
          title={data ? 'Listen kunne ikke opdateres' : 'Dine sager kunne ikke vises'}
          action={
            <p className="actions">
              <button type="button" className="button button-secondary" onClick={() => void refetch()}>
                Prøv igen
              </button>
            </p>
          }
        />
      ) : null}

      {data ? (
        <>
          <p className="result-count" role="status" data-testid="result-count">
            {shown.length === rows.length ? `${rows.length} ${rows.length === 1 ? 'sag' : 'sager'}` : `Viser ${shown.length} af ${rows.length} sager`}
          </p>
          {rows.length === 0 ? <p>Du har ingen sager endnu.</p> : null}
          {rows.length > 0 && shown.length === 0 ? <p>Ingen sager passer til søgningen.</p> : null}
          <ul className="caseload" aria-label="Sager">
            {shown.map((row) => {
              const flag = flags.get(row.planId);
              const next = nextFollowUp.get(row.planId);
              return (
                <li key={row.planId} className={`case${flag ? ' is-changed' : ''}`} data-testid="case">
                  <article aria-labelledby={`${id}-${row.planId}`}>
                    <h2 id={`${id}-${row.planId}`} className="case-name">
                      <Link to={paths.plan(row.planId)}>{row.citizenName}</Link>
                    </h2>
                    {flag ? (
                      <p className="changed-flag" data-testid="changed-flag">
                        {flag.text}
                      </p>
                    ) : null}
                    {row.warnings?.length ? (
                      <p className={`case-warning severity-${row.warnings[0]!.severity.toLowerCase()}`} data-testid="case-warning">
                        <span className="status">{label(WARNING_SEVERITY_LABELS, row.warnings[0]!.severity)}</span> {row.warnings[0]!.message}
                        {row.warnings.length > 1 ? <span className="hint"> (+{row.warnings.length - 1} flere)</span> : null}
                      </p>
                    ) : null}
                    <dl className="facts facts-compact">
                      <div>
                        <dt>Forløb</dt>
                        <dd>{row.programmeType}</dd>
                      </div>
                      <div>
                        <dt>Tid tilbage</dt>
                        <dd className={row.daysLeft < 60 ? 'warn' : undefined}>{formatDaysLeft(row.daysLeft)}</dd>
                      </div>
                      <div>
                        <dt>Koordinator</dt>
                        <dd>{row.myStanding === 'COORDINATOR' ? 'Dig' : (row.coordinatorName ?? 'Ingen')}</dd>
                      </div>
                      <div>
                        <dt>Næste opfølgning</dt>
                        <dd>{next ? formatDateTime(next) : 'Ikke aftalt'}</dd>
                      </div>
                      <div className="fact-wide">
                        <dt>Seneste ændring</dt>
                        <dd data-testid="latest-change">
                          <LatestChangeText latest={row.latest} />
                        </dd>
                      </div>
                      <div className="fact-wide">
                        <dt>Team</dt>
                        <dd>{row.teamCodes.map((c) => UNIT_CODE_LABELS[c]).join(', ')}</dd>
                      </div>
                    </dl>
                  </article>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </>
  );
}
