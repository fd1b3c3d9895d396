import { useApolloClient } from '@apollo/client/react';
import type { DocumentNode } from 'graphql';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatTime } from '../../core/format';
import { useEventStream } from '../../core/live';
import { getFragmentData } from '../../gql';
import { changedByLabel, highlightKeys, isSomebodysChange, LiveEventFragmentDoc, PlanEventsSubscription, type LiveEvent } from './events';

/** How long a changed item stays highlighted. */
export const HIGHLIGHT_MS = 8_000;
/** How many events the feed keeps. */
const FEED_SIZE = 30;
/** Refetch the plan at most this often after a burst of events (new items, names). */
const REFETCH_DEBOUNCE_MS = 250;

export interface Highlight {
  /** "Ændret af Socialforvaltningen · kl. 10.32" */
  text: string;
  summary: string;
  seq: string;
}

interface PlanLiveValue {
  events: LiveEvent[];
  /** The latest event's summary, for the screen-reader announcement. */
  announcement: string;
  highlightOf(key: string): Highlight | undefined;
  error: unknown;
}

const PlanLiveContext = createContext<PlanLiveValue | null>(null);

export function highlightText(event: LiveEvent): string {
  return `Ændret af ${changedByLabel(event)} · ${formatTime(event.at)}`;
}

/**
 * The plan's live events: subscribes (resuming with afterSeq after a drop), writes each
 * changed record into the Apollo cache at once, refetches the plan shortly after (for new
 * items and related data), keeps the feed, and highlights what others changed.
 */
export function PlanLiveProvider(props: { planId: string; viewerId?: string | null; refetchQuery: DocumentNode; children: ReactNode }) {
  const { planId, viewerId, refetchQuery } = props;
  const client = useApolloClient();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [highlights, setHighlights] = useState<ReadonlyMap<string, Highlight & { until: number }>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(refetchTimer.current), []);

  // Drop expired highlights.
  useEffect(() => {
    if (highlights.size === 0) return;
    const next = Math.min(...[...highlights.values()].map((h) => h.until));
    const timer = setTimeout(() => {
      const now = Date.now();
      setHighlights((current) => new Map([...current].filter(([, h]) => h.until > now)));
    }, Math.max(0, next - Date.now()) + 20);
    return () => clearTimeout(timer);
  }, [highlights]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      setError(null);
      applyEntityToCache(client.cache, event.entity as Record<string, unknown> | null, { actor: event.actor });
      clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => {
        void client.refetchQueries({ include: [refetchQuery] }).catch(() => undefined);
      }, REFETCH_DEBOUNCE_MS);
      setEvents((current) => [event, ...current].slice(0, FEED_SIZE));
      // My own change, and new warnings (they come with the refetch above), are not highlighted.
      if ((viewerId && event.actor?.id === viewerId) || !isSomebodysChange(event)) return;
      const until = Date.now() + HIGHLIGHT_MS;
      const highlight = { text: highlightText(event), summary: event.summary, seq: event.seq, until };
      setHighlights((current) => {
        const next = new Map(current);
        for (const key of highlightKeys(event)) next.set(key, highlight);
        return next;
      });
    },
    [client, refetchQuery, viewerId],
  );

  useEventStream({
    document: PlanEventsSubscription,
    variables: { planId },
    key: planId,
    pick: (data) => getFragmentData(LiveEventFragmentDoc, data.planEvents),
    onEvent,
    onError: setError,
  });

  const value = useMemo<PlanLiveValue>(
    () => ({
      events,
      announcement: events[0]?.summary ?? '',
      highlightOf: (key) => highlights.get(key),
      error,
    }),
    [events, highlights, error],
  );
  return <PlanLiveContext.Provider value={value}>{props.children}</PlanLiveContext.Provider>;
}

/** The highlight for an item (by id or section key) while it is fresh. */
export function useHighlight(key: string | null | undefined): Highlight | undefined {
  const live = useContext(PlanLiveContext);
  return key ? live?.highlightOf(key) : undefined;
}

export function usePlanLive(): PlanLiveValue | null {
  return useContext(PlanLiveContext);
}

/** "Ændret af {enhed} · {tid}" next to a changed item, for a few seconds. */
export function ChangedFlag({ highlight }: { highlight: Highlight | undefined }) {
  if (!highlight) return null;
  return (
    <p className="changed-flag" data-testid="changed-flag">
      {highlight.text}
    </p>
  );
}
