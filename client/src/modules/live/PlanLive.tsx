import { useApolloClient, useMutation } from '@apollo/client/react';
import type { DocumentNode } from 'graphql';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../../core/errors';
import { formatWhen } from '../../core/format';
import { isRetryableStreamEnd, seqAfter, useEventStream, useStreamStart } from '../../core/live';
import { graphql } from '../../gql';
import { usePlanHistory, type PlanHistory } from '../history/usePlanHistory';
import { highlightKeys, isSomebodysChange, isUnseenBy, liveEventOf, oneLinePerAction, PlanEventsSubscription, toldTogether, type LiveEvent, type PlanEvent } from './events';
import { applyConsentEvent } from '../consent/consentCache';
import { applyEventToCache } from './recordCache';
import { cardFlagText, changedBy, eventSentence } from './sentence';
import './live.css';

/** How long a change that just arrived stands out (its "Ny" marker stays until marked seen). */
export const HIGHLIGHT_MS = 8_000;
/** How many live events the page keeps (the history holds the rest). */
const LIVE_KEPT = 200;
/** An event that cannot be applied to the cache (team, coordinator, a mentor's grant): refetch the plan once after a burst. */
const REFETCH_DEBOUNCE_MS = 250;

export const MarkPlanSeenMutation = graphql(`
  mutation MarkPlanSeen($planId: ID!, $seq: String!) {
    markPlanSeen(planId: $planId, seq: $seq) {
      id
      lastSeenSeq
      unseenChangeCount
    }
  }
`);

/**
 * Kinds that make a record anew though their name does not end in _CREATED (which the flag reads
 * as "Oprettet af"): without this a citizen's new request for a samtale came flagged "Ændret af
 * Per Hansen", a samtale just booked "Ændret af Anna Holm". Said as the card itself says it: a
 * request was sent ("Sendt …" under it), a samtale booked; a comment on a held samtale is written,
 * the first time as when the citizen changes it.
 */
const FLAG_VERB_OF_NEW: Readonly<Record<string, string>> = {
  MEETING_REQUESTED: 'Sendt',
  MEETING_BOOKED: 'Booket',
  MEETING_COMMENT_WRITTEN: 'Skrevet',
};

/** The flag on a card: "Ændret af …", "Oprettet af …", "Sendt af …" on a citizen's new request for a samtale. */
export function flagTextOf(event: PlanEvent, now: Date = new Date()): string {
  const verb = FLAG_VERB_OF_NEW[event.kind];
  return verb ? `${verb} af ${changedBy(event)} · ${formatWhen(event.at, now)}` : cardFlagText(event, now);
}

/** What a card shows about a change by somebody else: "Ny" until seen, and a short highlight when it just arrived. */
export interface Highlight {
  /** "Ændret af Bent Sørensen (Socialforvaltningen) · kl. 10.32"; "Oprettet af …" on a new record, "Sendt af …" on a citizen's request (flagTextOf). */
  text: string;
  /** The sentence: who changed what, field by field. */
  summary: string;
  seq: string;
  /** Not yet marked seen by the viewer: shown as "Ny". */
  unseen: boolean;
  /** Arrived live a moment ago. */
  fresh: boolean;
}

interface PlanLiveValue {
  planId: string;
  /** The plan's changes, newest first: its history as read so far, and what arrived live. */
  events: PlanEvent[];
  history: Pick<PlanHistory, 'hasOlder' | 'loadOlder' | 'loading' | 'loadingOlder' | 'error'>;
  /** The latest live change as a sentence, for the screen-reader announcement. */
  announcement: string;
  highlightOf(key: string): Highlight | undefined;
  isUnseen(event: PlanEvent): boolean;
  /** Changes by others since the viewer's read position (the server's count, plus what arrived since). */
  unseenCount: number;
  markSeen(): Promise<void>;
  marking: boolean;
  markError: unknown;
  error: unknown;
}

const PlanLiveContext = createContext<PlanLiveValue | null>(null);

/** The feed keeps the story only: the record is in the cache. */
function storyOf(event: LiveEvent): PlanEvent {
  const { asActivity, asIntervention, asSubGoal, asPlan, asProgramme, asFollowUp, asMentorTask, ...story } = event;
  return story;
}

/** Where the viewer stopped reading the plan's changes (Plan.lastSeenSeq) and how many came after (Plan.unseenChangeCount). */
export interface ReadPosition {
  lastSeenSeq: string | null;
  unseenChangeCount: number;
}

/**
 * The plan's changes: its stored history (read when the page opens, older pages on demand)
 * and its live events (subscribed, resuming with afterSeq after a drop). Each live event's
 * record is written into the Apollo cache at once — nothing is refetched, except for the
 * few events that change who may see and do what. Changes by others after the viewer's
 * read position (`lastSeenSeq`) are "Ny" until the viewer marks them seen.
 */
export function PlanLiveProvider(props: {
  planId: string;
  viewerId?: string | null;
  /** The viewer's read position and the server's count of changes by others after it (from the plan); null until the plan is read. */
  readPosition: ReadPosition | null;
  /**
   * Where the server read the plan to (serverReadPosition of Plan.liveFrom); undefined until it
   * has. The stream starts then, after the position it was first read at.
   */
  liveFrom: string | null | undefined;
  refetchQuery: DocumentNode;
  /**
   * The history is not asked for (yet): the plan is not read. A plan the user may not see has no
   * history to ask for either, and each refusal is one more denial in the access log.
   */
  skipHistory?: boolean;
  children: ReactNode;
}) {
  const { planId, viewerId, readPosition, liveFrom, refetchQuery, skipHistory } = props;
  const client = useApolloClient();
  const [live, setLive] = useState<PlanEvent[]>([]);
  const [fresh, setFresh] = useState<ReadonlyMap<string, number>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const history = usePlanHistory({ planId, live, skip: skipHistory });
  const [markPlanSeen, { loading: marking, error: markError }] = useMutation(MarkPlanSeenMutation);

  // What the event handler needs to know now, without restarting the stream.
  const known = useRef({ viewerId, readPosition, liveFrom, items: [] as PlanEvent[], seqs: new Set<string>() });
  known.current = { viewerId, readPosition, liveFrom, items: history.items, seqs: new Set(history.items.map((e) => e.seq)) };

  useEffect(() => () => clearTimeout(refetchTimer.current), []);
  useEffect(() => setLive([]), [planId]);
  const startAfter = useStreamStart(planId, liveFrom);

  // Drop a change's short highlight when its time is up.
  useEffect(() => {
    if (fresh.size === 0) return;
    const next = Math.min(...fresh.values());
    const timer = setTimeout(() => {
      const now = Date.now();
      setFresh((current) => new Map([...current].filter(([, until]) => until > now)));
    }, Math.max(0, next - Date.now()) + 20);
    return () => clearTimeout(timer);
  }, [fresh]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      setError(null);
      // A withdrawn consent takes the details it shared off the page at once; the refetch below confirms.
      applyConsentEvent(client, event);
      if (!applyEventToCache(client.cache, event)) {
        clearTimeout(refetchTimer.current);
        refetchTimer.current = setTimeout(() => {
          void client.refetchQueries({ include: [refetchQuery] }).catch(() => undefined);
          // A change to the citizen's consent register at once: a withdrawal must take the details off the page within a second.
        }, event.kind.startsWith('CONSENT_') ? 0 : REFETCH_DEBOUNCE_MS);
      }
      const { viewerId: me, readPosition: position, liveFrom: readUpTo, items, seqs } = known.current;
      // The warnings the rules worked out again are nobody's change: the cache has them now; the
      // list of changes shows what people did, live as after a reload (the history leaves them out).
      if (seqs.has(event.seq) || !isSomebodysChange(event)) return;
      const story = storyOf(event);
      setLive((current) => [story, ...current].slice(0, LIVE_KEPT));
      // Known at once to the next event, which may come before the page renders again.
      known.current.items = [story, ...items];
      if (!position || !isUnseenBy(event, me, position.lastSeenSeq)) return;
      // A samtale registered as held came as two events, one action: counted once, with the first.
      if (items.some((held) => toldTogether(held, event))) return;
      // One more change by someone else since my read position: the count on the plan (and in Mine
      // sager) follows, unless the plan as last read already counts it. After a reconnect the
      // plan is read again while the stream replays what was missed; a change up to where that
      // reading reached is in the server's count already.
      if (!readUpTo || seqAfter(event.seq, readUpTo)) {
        client.cache.modify({
          id: client.cache.identify({ __typename: 'Plan', id: event.planId }),
          fields: { unseenChangeCount: (count: number) => count + 1 },
        });
      }
      setFresh((current) => new Map(current).set(event.seq, Date.now() + HIGHLIGHT_MS));
    },
    [client, refetchQuery],
  );

  const readPlanAgain = useCallback(() => void client.refetchQueries({ include: [refetchQuery] }).catch(() => undefined), [client, refetchQuery]);
  const onStreamError = useCallback(
    (streamError: unknown) => {
      // An end the stream is asked for again after (the database away, a slow connection): the
      // live indicator says the page is not live until it runs again. Shown here too, it would
      // stay after the stream is back, until the next change.
      if (isRetryableStreamEnd(streamError)) return;
      setError(streamError);
      // The plan was taken from me while I had it open (my unit off the team): the server ends
      // the stream with NOT_FOUND. Read the plan again, so the page says so rather than going quiet.
      if (describeError(streamError).kind === 'NOT_FOUND') readPlanAgain();
    },
    [readPlanAgain],
  );
  const catchUp = useCallback(() => {
    readPlanAgain();
    void history.refresh();
  }, [readPlanAgain, history.refresh]);

  useEventStream({
    document: PlanEventsSubscription,
    variables: { planId },
    key: planId,
    pick: (data) => liveEventOf(data.planEvents),
    onEvent,
    onError: onStreamError,
    // The history's newest change: read with the plan as the page opened, so a stream that has
    // had no event of its own yet goes on after it, and nothing is read again.
    knownSeq: history.items[0]?.seq ?? null,
    // Not before the plan is read: a plan the user may not see is no stream to ask for (each
    // refusal a denial in the access log), and the stream goes on from where the plan was read.
    startAfter,
    skip: startAfter === undefined,
    catchUp,
  });

  const events = history.items;
  // Nothing is "Ny" before the read position is known (the plan is still loading).
  const lastSeenSeq = readPosition?.lastSeenSeq;
  const positionKnown = !!readPosition;
  const isUnseen = useCallback(
    (event: PlanEvent) => positionKnown && isUnseenBy(event, viewerId, lastSeenSeq),
    [positionKnown, viewerId, lastSeenSeq],
  );

  // Per card (by record id or section key): its newest change, when that is by others and new to
  // me, or just arrived. A change of my own since then is the card as it stands: an older one by
  // a colleague, flagged above it, would name the wrong person.
  const highlights = useMemo(() => {
    const map = new Map<string, Highlight | null>();
    for (const event of events) {
      if (!isSomebodysChange(event)) continue;
      const unseen = isUnseen(event);
      const isFresh = fresh.has(event.seq);
      const highlight: Highlight | null = unseen || isFresh ? { text: flagTextOf(event), summary: eventSentence(event), seq: event.seq, unseen, fresh: isFresh } : null;
      for (const key of highlightKeys(event)) if (!map.has(key)) map.set(key, highlight);
    }
    return map;
  }, [events, isUnseen, fresh]);

  // Counted as the list of changes shows them, one per action (as the server counts them).
  const unseenInList = useMemo(() => oneLinePerAction(events).filter(isUnseen).length, [events, isUnseen]);
  const unseenCount = Math.max(readPosition?.unseenChangeCount ?? 0, unseenInList);

  const markSeen = useCallback(async () => {
    const newest = events[0]?.seq;
    if (!newest) return;
    await markPlanSeen({ variables: { planId, seq: newest } }).catch(() => undefined);
  }, [events, markPlanSeen, planId]);

  // Read out: the newest change by someone else. The viewer's own save has said so in its form
  // ("Ændringen er gemt"); told again in the third person it would only repeat it.
  const latestLive = live.find((e) => isSomebodysChange(e) && (!viewerId || e.actor?.id !== viewerId));
  const value = useMemo<PlanLiveValue>(
    () => ({
      planId,
      events,
      history: { hasOlder: history.hasOlder, loadOlder: history.loadOlder, loading: history.loading, loadingOlder: history.loadingOlder, error: history.error },
      announcement: latestLive ? eventSentence(latestLive) : '',
      highlightOf: (key) => highlights.get(key) ?? undefined,
      isUnseen,
      unseenCount,
      markSeen,
      marking,
      markError,
      error,
    }),
    [planId, events, history.hasOlder, history.loadOlder, history.loading, history.loadingOlder, history.error, latestLive, highlights, isUnseen, unseenCount, markSeen, marking, markError, error],
  );
  return <PlanLiveContext.Provider value={value}>{props.children}</PlanLiveContext.Provider>;
}

/** What to show on an item (by id or section key) changed by somebody else. */
export function useHighlight(key: string | null | undefined): Highlight | undefined {
  const live = useContext(PlanLiveContext);
  return key ? live?.highlightOf(key) : undefined;
}

export function usePlanLive(): PlanLiveValue | null {
  return useContext(PlanLiveContext);
}

/** The card's classes for a change by somebody else: "is-new" until seen, "is-changed" for the moment it arrived. */
export function highlightClass(highlight: Highlight | undefined): string {
  if (!highlight) return '';
  return `${highlight.unseen ? ' is-new' : ''}${highlight.fresh ? ' is-changed' : ''}`;
}

/** "Ny · Ændret af Bent Sørensen (Socialforvaltningen) · kl. 10.32" on a changed card ("Ny · Oprettet af …" on a new one, "Ny · Sendt af …" on a citizen's request), until it is marked seen. */
export function ChangedFlag({ highlight }: { highlight: Highlight | undefined }) {
  if (!highlight) return null;
  return (
    <p className="changed-flag" data-testid="changed-flag" title={highlight.summary}>
      {highlight.unseen ? (
        <span className="new-marker" data-testid="new-marker">
          Ny
        </span>
      ) : null}
      {highlight.unseen ? ' ' : null}
      {highlight.text}
    </p>
  );
}
