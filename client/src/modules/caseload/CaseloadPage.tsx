import { NetworkStatus } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { formatDate, formatTimeLeft, formatWhen } from '../../core/format';
import { END_REASON_LABELS, label, PROGRAMME_TYPE_LABELS, PROGRAMME_TYPES, UNIT_KINDS, UNIT_KIND_LABELS, warningSeverityLabel } from '../../core/labels';
import { REFRESHES_ITSELF, serverReadPosition, useEventStream, useRefreshOnReconnect, useStreamStart } from '../../core/live';
import { Link, navigate, paths } from '../../core/router';
import { ErrorNotice, LiveBadge, Loading } from '../../core/ui';
import { graphql } from '../../gql';
import type { CaseloadFilter, CaseloadQuery, CaseloadSort, ProgrammeStatus, ProgrammeType, UnitKind, WarningSeverity } from '../../gql/graphql';
import { CaseloadEventsSubscription, caseloadItemOf, isSomebodysChange, type CaseloadItem } from '../live/events';
import { HIGHLIGHT_MS } from '../live/PlanLive';
import { nextSamtale, nextSamtaleText } from '../meeting/nextSamtale';
import { changedFlagText, eventSentence, newChangesText } from '../live/sentence';
import { useViewer } from '../org/viewer';
import { canCreateProgramme } from '../programme/NewProgrammePage';
import { latestOf, type CaseRow, type LatestChange } from './caseload';
import { choicesFromSearch, DEFAULT_CHOICES, SEARCH_MAX_LENGTH, searchOfChoices, type Choices } from './caseloadAddress';
import './caseload.css';

/** One page of Mine sager: searched, filtered and sorted on the server; "Vis flere" fetches the next page. */
export const CASELOAD_PAGE_SIZE = 25;
/** The most the server gives in one answer (caseload.service.ts, CASELOAD_MAX_PAGE). */
const CASELOAD_MAX_PAGE = 100;

export const CaseloadQueryDoc = graphql(`
  query Caseload($first: Int, $after: String, $filter: CaseloadFilter, $sort: CaseloadSort) {
    caseload(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      nextCursor
      liveFrom
      items {
        id
        myStanding
        unseenChangeCount
        updatedAt
        latestChangeAt
        latestChangeBy {
          id
          name
          role
          unit {
            id
            name
          }
        }
        updatedBy {
          id
          name
          unit {
            id
            name
          }
        }
        nextFollowUpAt
        nextFollowUpBooked
        nextBookedMeeting {
          id
          startsAt
        }
        citizen {
          id
          name
        }
        programme {
          id
          type
          daysLeft
          endDate
          status
          endReason
          warningLevel
          warnings {
            rule
            severity
            message
            forReader
          }
        }
        team {
          id
          kind
          name
        }
        coordinator {
          id
          user {
            id
            name
          }
        }
        coordinatorLeft
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
  }
`);

type Plan = CaseloadQuery['caseload']['items'][number];

/**
 * Who coordinates, as the row says it. A coordinator whose account is deactivated still holds
 * the assignment until someone of the team takes over (plan page, "Overtag koordineringen"):
 * the row says they no longer have access, or the team would read the name as someone still at work.
 */
export function coordinatorText(row: Pick<CaseRow, 'myStanding' | 'coordinatorName' | 'coordinatorLeft'>): string {
  if (row.myStanding === 'COORDINATOR' && !row.coordinatorLeft) return 'Dig';
  if (!row.coordinatorName) return 'Ingen';
  return row.coordinatorLeft ? `${row.coordinatorName} (uden adgang – kan overtages)` : row.coordinatorName;
}

/**
 * The paging button, in the numbers the page knows: how many the next page brings (one page,
 * or the rest), and how many of the total are shown, as the count above the list says it
 * ("Vis 2 mere (25 af 27 vist)"). A count that has fallen behind a list still offering a next
 * page says no number it cannot stand by.
 */
export function showMoreText(shown: number, total: number, pageSize = CASELOAD_PAGE_SIZE): string {
  const left = total - shown;
  if (left <= 0) return 'Vis flere';
  return `Vis ${Math.min(pageSize, left)} mere (${shown} af ${total} vist)`;
}

/** A plan as a caseload row; the latest change is the newest of the plan and its items. */
export function toRow(plan: Plan): CaseRow {
  return {
    planId: plan.id,
    citizenName: plan.citizen.name,
    programmeType: label(PROGRAMME_TYPE_LABELS, plan.programme.type),
    daysLeft: plan.programme.daysLeft,
    ended: plan.programme.status === 'ENDED' ? { endDate: plan.programme.endDate, endReason: plan.programme.endReason ?? null } : null,
    teamNames: plan.team.map((u) => u.name),
    coordinatorName: plan.coordinator?.user.name ?? null,
    coordinatorLeft: plan.coordinatorLeft,
    myStanding: plan.myStanding ?? null,
    unseenChanges: plan.unseenChangeCount,
    warnings: plan.programme.warnings,
    latest: latestChange(plan),
  };
}

/**
 * The newest of the plan's own change and its items', with who made it; or, when something
 * newer happened on the plan (a samtale booked, a delmål, a mentor grant, the citizen's own
 * words: latestChangeAt, by which "Senest ændret" sorts), that the plan changed then, and by whom.
 * The row then agrees with the order.
 */
function latestChange(plan: Plan): LatestChange | null {
  const ownItems = latestOf([
    { item: plan, what: 'Planen' },
    ...plan.interventions.map((iv) => ({ item: iv, what: iv.title, unit: iv.unit.name })),
    ...plan.activities.map((a) => ({ item: a, what: a.title })),
  ]);
  const at = plan.latestChangeAt;
  if (at && (!ownItems || Date.parse(at) > Date.parse(ownItems.at))) {
    const by = plan.latestChangeBy;
    return { at, what: 'Planen', who: by ? changedByText(by, plan.citizen.name) : null, unit: by?.unit?.name ?? null };
  }
  return ownItems;
}

/**
 * Who made a change, as the row says it: the citizen, on Min plan, as "borgeren" (the row is
 * headed by their name). A login bound through a wrongly registered CPR number was someone else's:
 * it is renamed when the number is corrected, and goes by that name.
 */
function changedByText(by: { name: string; role: string }, citizenName: string): string {
  return by.role === 'CITIZEN' && by.name === citizenName ? 'borgeren' : by.name;
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

/** The orders the server offers, in Danish (their words in the address: ADDRESS_WORDS, caseloadAddress.ts). */
const SORTS: ReadonlyArray<readonly [CaseloadSort, string]> = [
  ['NAME', 'Navn'],
  ['NEXT_MEETING', 'Næste samtale'],
  ['WARNING_LEVEL', 'Advarsler først'],
  ['LAST_CHANGE', 'Senest ændret'],
];

/** The warning filter: at least this severity. */
const WARNING_FILTERS: ReadonlyArray<readonly [WarningSeverity, string]> = [
  ['INFO', 'Med advarsler'],
  ['WARNING', 'Handl nu eller overskredet'],
  ['OVERDUE', 'Kun overskredne frister'],
];

/** Running forløb by default: an ended one is history, found under "Afsluttede" or "Alle". */
const STATUS_FILTERS: ReadonlyArray<readonly [ProgrammeStatus | '', string]> = [
  ['ACTIVE', 'Igangværende'],
  ['ENDED', 'Afsluttede'],
  ['', 'Alle'],
];

/** The choices behind "Filtre" on a narrow screen: all but the search. */
const FOLDED_CHOICES: ReadonlyArray<keyof Choices> = ['unit', 'status', 'programmeType', 'warningLevel', 'sort'];

/** The ids (after the page's own) of the fields behind "Filtre". */
const FOLDED_FIELDS = ['unit', 'status', 'type', 'warning', 'sort'] as const;

/** How many of the folded choices are not the default, as "Filtre" says it ("Filtre (2 valgt)"). */
const chosenCount = (choices: Choices): number => FOLDED_CHOICES.filter((key) => choices[key] !== DEFAULT_CHOICES[key]).length;

/** Below the layout's two columns (styles.css, 720px): a phone, where five filters would fill the first screen. */
const NARROW_SCREEN = '(max-width: 719.98px)';
const narrowQuery = () => (typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_SCREEN) : null);
const onNarrowChange = (changed: () => void) => {
  const query = narrowQuery();
  query?.addEventListener('change', changed);
  return () => query?.removeEventListener('change', changed);
};

function useNarrowScreen(): boolean {
  return useSyncExternalStore(onNarrowChange, () => narrowQuery()?.matches ?? false);
}

/** Waits until typing pauses before the server is asked. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Mine sager: my citizens, a page at a time (searched, filtered and sorted on the server), with programme, days left and the latest change, live. */
export function CaseloadPage() {
  const id = useId();
  const viewer = useViewer();
  const [choices, setChoices] = useState<Choices>(() => choicesFromSearch(window.location.search));
  // On a phone the filters fold away, so the count and the first cases are on the first screen.
  const narrow = useNarrowScreen();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const chosen = chosenCount(choices);
  const folded = narrow && !filtersOpen;
  // The address keeps the choices, so Back from a plan and a reload find them. Replaced, never pushed:
  // typing or picking a filter is no step of its own for Back.
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    navigate(`${pathname}${searchOfChoices(choices, search)}${hash}`, { replace: true });
  }, [choices]);
  // Back or Forward to this page with other choices in the address (the page stays open).
  useEffect(() => {
    const here = window.location.pathname;
    const onPopState = () => {
      if (window.location.pathname === here) setChoices(choicesFromSearch(window.location.search));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const typed = useDebounced(choices.search.trim(), 300);
  // Clearing the search applies at once; typing waits for a pause.
  const search = choices.search.trim() ? typed : '';
  const filter = useMemo<CaseloadFilter>(
    () => ({
      search: search || null,
      unit: choices.unit || null,
      programmeType: choices.programmeType || null,
      warningLevel: choices.warningLevel || null,
      status: choices.status || null,
    }),
    [search, choices.unit, choices.programmeType, choices.warningLevel, choices.status],
  );
  // Back to the list after "Vis flere": the cache holds every row that was shown, and the
  // first answer from the server replaces them, so it is asked for as many (up to what one
  // answer holds). Otherwise the list would shrink to one page under the user, the row of the
  // plan they came from gone with it.
  const client = useApolloClient();
  const first = useMemo(() => {
    const cached = client.readQuery({ query: CaseloadQueryDoc, variables: { first: CASELOAD_PAGE_SIZE, filter, sort: choices.sort } });
    return Math.min(CASELOAD_MAX_PAGE, Math.max(CASELOAD_PAGE_SIZE, cached?.caseload.items.length ?? 0));
  }, [client, filter, choices.sort]);
  const { data, loading, error, refetch, fetchMore, networkStatus } = useQuery(CaseloadQueryDoc, {
    variables: { first, filter, sort: choices.sort },
    notifyOnNetworkStatusChange: true,
    // Read again on a reconnect by the page itself (below), as many rows as are shown.
    context: REFRESHES_ITSELF,
  });
  const page = data?.caseload;
  const searched = Boolean(filter.search);
  const narrowed = Boolean(filter.unit || filter.programmeType || filter.warningLevel || filter.status !== 'ACTIVE');
  const filtered = searched || narrowed;
  // An empty list names what emptied it: with only a filter chosen, nothing was searched.
  const noneFound = `Ingen sager passer til ${searched && narrowed ? 'søgningen og filtrene' : searched ? 'søgningen' : 'filtrene'}.`;
  const [liveLatest, setLiveLatest] = useState<ReadonlyMap<string, LatestChange>>(new Map());
  const [flags, setFlags] = useState<ReadonlyMap<string, { text: string; until: number }>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  // Plans a change took from me (their unit off the team, the coordinatorship handed on): gone from
  // the list at once, before it is read again; back only with an event of theirs (I hold them again).
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [leftNote, setLeftNote] = useState<{ text: string; takeFocus: boolean } | null>(null);
  const leftNoteRef = useRef<HTMLParagraphElement>(null);
  // Focus was in the row that went (on its link): it goes to the note, not to the page's start.
  useEffect(() => {
    if (leftNote?.takeFocus) leftNoteRef.current?.focus();
  }, [leftNote]);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Live refreshes and "Vis flere" take turns, one answer at a time. A refresh answered after a page that
  // was under way would replace the list without that page; a page asked for by the old list's cursor
  // would be appended to the refreshed list (rows twice, or missing). Each step reads the list as the one
  // before left it.
  const work = useRef({ running: false, refresh: false, more: false });
  const [turn, setTurn] = useState(0);
  const [moreAsked, setMoreAsked] = useState(false);
  const pageRef = useRef(page);
  pageRef.current = page;
  const listKey = useRef({ filter, sort: choices.sort });
  listKey.current = { filter, sort: choices.sort };
  /**
   * The list as the cache holds it now. A step's answer is in the cache when its promise
   * settles, but may not have reached `page` yet (the render comes after): a refresh that
   * counted the rows shown from `page` would read one page where "Vis flere" had just made two.
   */
  const listNow = useCallback(
    () => client.readQuery({ query: CaseloadQueryDoc, variables: { first: CASELOAD_PAGE_SIZE, ...listKey.current } })?.caseload ?? pageRef.current,
    [client],
  );

  /** The list read again from the top, as many rows as are shown (the server answers at most 100 at a time). */
  const reread = useCallback(
    async (shown: number) => {
      const want = Math.max(CASELOAD_PAGE_SIZE, shown);
      const first = await refetch({ first: Math.min(CASELOAD_MAX_PAGE, want) });
      let have = first.data?.caseload.items.length ?? 0;
      let cursor = first.data?.caseload.nextCursor;
      while (cursor && have < want) {
        const more = await fetchMore({ variables: { first: Math.min(CASELOAD_MAX_PAGE, want - have), after: cursor } });
        const got = more.data?.caseload.items.length ?? 0;
        if (got === 0) break;
        have += got;
        cursor = more.data?.caseload.nextCursor;
      }
    },
    [refetch, fetchMore],
  );

  const nextStep = useCallback(() => {
    const w = work.current;
    if (w.running) return;
    const list = listNow();
    const cursor = list?.nextCursor;
    let step: Promise<unknown> | null = null;
    if (w.more) {
      w.more = false;
      // Always one page: a refresh leaves the query asking for as many as were shown.
      if (cursor) step = fetchMore({ variables: { first: CASELOAD_PAGE_SIZE, after: cursor } }).finally(() => setMoreAsked(false));
      else setMoreAsked(false);
    }
    if (!step && w.refresh) {
      w.refresh = false;
      step = reread(list?.items.length ?? 0);
    }
    if (!step) return;
    w.running = true;
    void step
      .catch(() => undefined)
      .finally(() => {
        w.running = false;
        setTurn((t) => t + 1);
      });
  }, [fetchMore, reread, listNow]);

  // After each step, once the list shows its answer: the next one waiting.
  useEffect(() => nextStep(), [turn, nextStep]);

  const refresh = useCallback(() => {
    work.current.refresh = true;
    nextStep();
  }, [nextStep]);

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
    (event: CaseloadItem) => {
      // The list is read again for its order, the latest changes and the counts of what is new to me.
      clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(refresh, 400);
      if (event.left) {
        const name = pageRef.current?.items.find((p) => p.id === event.planId)?.citizen.name;
        const text = name ? `${name} er ikke længere på din liste: du har ikke længere adgang til planen.` : 'En plan er ikke længere på din liste: du har ikke længere adgang til den.';
        const takeFocus = document.activeElement?.closest('[data-plan-id]')?.getAttribute('data-plan-id') === event.planId;
        setLeft((cur) => new Set(cur).add(event.planId));
        setLeftNote({ text, takeFocus });
        // Said once: by the page's live region, or as the note takes the focus.
        if (!takeFocus) setAnnouncement(text);
        return;
      }
      setLeft((cur) => {
        if (!cur.has(event.planId)) return cur;
        const next = new Set(cur);
        next.delete(event.planId);
        return next;
      });
      // New warnings reorder the list (the refresh above) but are not somebody's change.
      if (!isSomebodysChange(event)) return;
      const sentence = eventSentence(event);
      setLiveLatest((cur) => new Map(cur).set(event.planId, { at: event.at, what: sentence, who: null, unit: null, live: true }));
      // Read aloud and flagged: other people's changes only, as the plan page's feed (the user knows their own).
      // Said with the citizen's name, and only for a row on the page: a change to a case the
      // search or a filter hides, or on a page not fetched, is not the listener's to place.
      if (!viewer || event.actor?.id !== viewer.id) {
        const name = pageRef.current?.items.find((p) => p.id === event.planId)?.citizen.name;
        if (name) setAnnouncement(`${name}: ${sentence}`);
        setFlags((cur) => new Map(cur).set(event.planId, { text: changedFlagText(event), until: Date.now() + HIGHLIGHT_MS }));
      }
    },
    [refresh, viewer],
  );

  // The stream goes on from where the server first read the list to, so a change made while
  // the list was read and the stream was on its way still reaches the rows.
  const readAt = useStreamStart('caseload', serverReadPosition(page, loading));
  useEventStream({
    document: CaseloadEventsSubscription,
    variables: {},
    key: 'caseload',
    pick: caseloadItemOf,
    onEvent,
    startAfter: readAt,
    skip: readAt === undefined,
    catchUp: refresh,
  });
  // Changes may have come while the connection was down: the list is read again, in turn with "Vis flere".
  useRefreshOnReconnect(refresh);

  const shown = useMemo(() => (page?.items ?? []).filter((plan) => !left.has(plan.id)), [page, left]);
  const rows = useMemo(
    () =>
      shown.map((plan) => {
        const row = toRow(plan);
        const live = liveLatest.get(row.planId);
        if (live && (!row.latest || new Date(live.at) >= new Date(row.latest.at))) row.latest = live;
        return row;
      }),
    [shown, liveLatest],
  );
  const nextFollowUp = new Map(shown.map((p) => [p.id, nextSamtale(p)]));
  // The count without the plans that left me, until the list read again no longer has them.
  const total = (page?.totalCount ?? 0) - ((page?.items.length ?? 0) - shown.length);
  const loadingMore = moreAsked || networkStatus === NetworkStatus.fetchMore;
  // "Vis flere" goes when the last page comes, and is disabled while a page is fetched: the focus
  // would fall to the top of the page. It goes to the first row the page brought instead, where a
  // keyboard user reads on (WCAG 2.4.3).
  const listRef = useRef<HTMLUListElement>(null);
  const focusRowAt = useRef<number | null>(null);
  useEffect(() => {
    const at = focusRowAt.current;
    if (at === null || rows.length <= at) return;
    focusRowAt.current = null;
    listRef.current?.querySelectorAll<HTMLElement>('[data-testid=case] h2 a')[at]?.focus();
  }, [rows.length]);
  useEffect(() => {
    // A page that brought nothing, or the list chosen anew: no row to go to.
    if (!loadingMore && focusRowAt.current !== null && rows.length <= focusRowAt.current) focusRowAt.current = null;
  }, [loadingMore, rows.length]);
  const showMore = () => {
    focusRowAt.current = rows.length;
    work.current.more = true;
    setMoreAsked(true);
    nextStep();
  };
  const set = <K extends keyof Choices>(key: K) => (value: Choices[K]) => setChoices((c) => ({ ...c, [key]: value }));

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <h1 tabIndex={-1}>Mine sager</h1>
          <p className="page-header-meta">Borgere, du koordinerer, eller hvor din enhed er på planen.</p>
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
          <label htmlFor={`${id}-search`}>Søg efter borger</label>
          <input id={`${id}-search`} type="search" autoComplete="off" placeholder="Navn eller CPR-nummer" maxLength={SEARCH_MAX_LENGTH} value={choices.search} onChange={(e) => set('search')(e.target.value)} />
        </div>
        {narrow ? (
          <button type="button" className="button button-secondary filters-toggle" aria-expanded={filtersOpen} aria-controls={FOLDED_FIELDS.map((field) => `${id}-${field}`).join(' ')} onClick={() => setFiltersOpen((open) => !open)}>
            {chosen ? `Filtre (${chosen} valgt)` : 'Filtre'}
          </button>
        ) : null}
        {/* The server filters by the kind of unit on the team (CaseloadFilter.unit), not by one unit: named as the area it
            is, so "Beskæftigelse" is not looked for among units named "Jobcenter" on the cards. */}
        <div className="field" hidden={folded}>
          <label htmlFor={`${id}-unit`}>Forvaltningsområde på teamet</label>
          <select id={`${id}-unit`} value={choices.unit} onChange={(e) => set('unit')(e.target.value as UnitKind | '')}>
            <option value="">Alle forvaltningsområder</option>
            {UNIT_KINDS.map((c) => (
              <option key={c} value={c}>
                {UNIT_KIND_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" hidden={folded}>
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={choices.status} onChange={(e) => set('status')(e.target.value as ProgrammeStatus | '')}>
            {STATUS_FILTERS.map(([value, text]) => (
              <option key={value || 'all'} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field" hidden={folded}>
          <label htmlFor={`${id}-type`}>Forløbstype</label>
          <select id={`${id}-type`} value={choices.programmeType} onChange={(e) => set('programmeType')(e.target.value as ProgrammeType | '')}>
            <option value="">Alle forløbstyper</option>
            {PROGRAMME_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(PROGRAMME_TYPE_LABELS, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field" hidden={folded}>
          <label htmlFor={`${id}-warning`}>Advarsler</label>
          <select id={`${id}-warning`} value={choices.warningLevel} onChange={(e) => set('warningLevel')(e.target.value as WarningSeverity | '')}>
            <option value="">Alle sager</option>
            {WARNING_FILTERS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field" hidden={folded}>
          <label htmlFor={`${id}-sort`}>Sortér efter</label>
          <select id={`${id}-sort`} value={choices.sort} onChange={(e) => set('sort')(e.target.value as CaseloadSort)}>
            {SORTS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </form>

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {leftNote ? (
        <p ref={leftNoteRef} tabIndex={-1} className="notice notice-info" data-testid="plan-left">
          {leftNote.text}
        </p>
      ) : null}

      {loading && !data ? <Loading label="Henter dine sager…" /> : null}
      {error ? (
        <ErrorNotice
          error={error}
          title={data ? 'Listen kunne ikke opdateres' : 'Dine sager kunne ikke vises'}
          onRetry={refresh}
        />
      ) : null}

      {data ? (
        <>
          <p className="result-count" role="status" data-testid="result-count">
            {rows.length === total ? `${total} ${total === 1 ? 'sag' : 'sager'}` : `Viser ${rows.length} af ${total} sager`}
          </p>
          {/* The list opens on the running forløb: a caseworker whose forløb have all ended still has cases. */}
          {total === 0 && !filtered ? <p>Du har ingen igangværende forløb. Afsluttede forløb finder du under Status: Afsluttede.</p> : null}
          {total === 0 && filtered ? <p>{noneFound}</p> : null}
          <ul ref={listRef} className="caseload" aria-label="Sager">
            {rows.map((row) => {
              const flag = flags.get(row.planId);
              const next = nextFollowUp.get(row.planId);
              return (
                <li key={row.planId} className={`case${flag ? ' is-changed' : ''}`} data-testid="case" data-plan-id={row.planId}>
                  <article aria-labelledby={`${id}-${row.planId}`}>
                    <h2 id={`${id}-${row.planId}`} className="case-name">
                      <Link to={paths.plan(row.planId)}>{row.citizenName}</Link>
                    </h2>
                    {row.unseenChanges ? (
                      <p className="case-unseen" data-testid="unseen-count">
                        <span className="new-marker">{newChangesText(row.unseenChanges)}</span>
                        <span className="visually-hidden"> siden dit sidste besøg</span>
                      </p>
                    ) : null}
                    {flag ? (
                      <p className="changed-flag" data-testid="changed-flag">
                        {flag.text}
                      </p>
                    ) : null}
                    {row.warnings?.length ? (
                      <p className={`case-warning severity-${row.warnings[0]!.severity.toLowerCase()}`} data-testid="case-warning">
                        <span className="status">{warningSeverityLabel(row.warnings[0]!)}</span> {row.warnings[0]!.message}
                        {row.warnings.length > 1 ? <span className="hint"> (+{row.warnings.length - 1} flere)</span> : null}
                      </p>
                    ) : null}
                    <dl className="facts facts-compact">
                      <div>
                        <dt>Forløb</dt>
                        <dd>{row.programmeType}</dd>
                      </div>
                      {row.ended ? (
                        <div>
                          <dt>Afsluttet</dt>
                          <dd data-testid="case-ended">
                            {formatDate(row.ended.endDate)}
                            {row.ended.endReason ? ` (${label(END_REASON_LABELS, row.ended.endReason)})` : ''}
                          </dd>
                        </div>
                      ) : (
                        <div>
                          <dt>Tid tilbage</dt>
                          <dd className={row.daysLeft < 60 ? 'warn' : undefined}>{formatTimeLeft(row.daysLeft)}</dd>
                        </div>
                      )}
                      <div>
                        <dt>Koordinator</dt>
                        <dd>{coordinatorText(row)}</dd>
                      </div>
                      <div>
                        <dt>Næste samtale</dt>
                        <dd>{row.ended ? '–' : nextSamtaleText(next ?? null)}</dd>
                      </div>
                      <div className="fact-wide">
                        <dt>Seneste ændring</dt>
                        <dd data-testid="latest-change">
                          <LatestChangeText latest={row.latest} />
                        </dd>
                      </div>
                      <div className="fact-wide">
                        <dt>Team</dt>
                        <dd>{row.teamNames.join(', ')}</dd>
                      </div>
                    </dl>
                  </article>
                </li>
              );
            })}
          </ul>
          {page?.nextCursor ? (
            <p className="actions">
              <button type="button" className="button button-secondary" onClick={showMore} disabled={loadingMore} aria-busy={loadingMore}>
                {loadingMore ? 'Henter flere…' : showMoreText(rows.length, total)}
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
