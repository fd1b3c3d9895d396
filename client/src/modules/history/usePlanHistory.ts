import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import { seqAfter } from '../../core/live';
import { getFragmentData } from '../../gql';
import { PlanEventStoryFragmentDoc, PlanHistoryQuery, type PlanEvent } from '../live/events';

/** How many changes a page of history holds. */
export const HISTORY_PAGE_SIZE = 20;

/** A page of older history as "Vis ældre" read it. */
export interface OlderPage {
  items: PlanEvent[];
  hasOlder: boolean;
}

export interface PlanHistory {
  /** Newest first, each seq once: the history read so far, with live events prepended. */
  items: PlanEvent[];
  /** There is older history to read ("Vis ældre"). */
  hasOlder: boolean;
  /** Reads the next older page: what it added and whether there is more; null when nothing was read (nothing older, or it failed: `error`). */
  loadOlder(): Promise<OlderPage | null>;
  loading: boolean;
  loadingOlder: boolean;
  error: unknown;
}

/** Events newest first, each seq once (a live event can also be in a page read after it arrived). */
export function mergeEvents(...lists: ReadonlyArray<readonly PlanEvent[]>): PlanEvent[] {
  const bySeq = new Map<string, PlanEvent>();
  for (const list of lists) for (const event of list) if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => (a.seq === b.seq ? 0 : seqAfter(a.seq, b.seq) ? -1 : 1));
}

/**
 * The stored history of a plan, or of one record in it (`recordId`), read from the server a
 * page at a time, newest first, with `live` (events that arrived while the page is open)
 * merged in front. Read when it is shown: a history is only worth reading when it is current.
 */
export function usePlanHistory(options: { planId: string; recordId?: string | null; live?: readonly PlanEvent[]; skip?: boolean }): PlanHistory {
  const { planId, recordId = null, live, skip } = options;
  const [olderError, setOlderError] = useState<unknown>(null);
  const { data, loading, error, fetchMore, networkStatus } = useQuery(PlanHistoryQuery, {
    variables: { planId, recordId, first: HISTORY_PAGE_SIZE, before: null },
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: true,
    skip,
  });
  const page = data?.planHistory;
  const cursor = page?.olderCursor ?? null;

  const loadOlder = useCallback(async (): Promise<OlderPage | null> => {
    if (!cursor) return null;
    setOlderError(null);
    try {
      const older = await fetchMore({
        variables: { before: cursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          planHistory: {
            ...fetchMoreResult.planHistory,
            items: [...previous.planHistory.items, ...fetchMoreResult.planHistory.items],
          },
        }),
      });
      const page = older.data?.planHistory;
      return { items: (page?.items ?? []).map((item) => getFragmentData(PlanEventStoryFragmentDoc, item)), hasOlder: !!page?.olderCursor };
    } catch (e) {
      setOlderError(e);
      return null;
    }
  }, [cursor, fetchMore]);

  const items = useMemo(
    () => mergeEvents(live ?? [], (page?.items ?? []).map((item) => getFragmentData(PlanEventStoryFragmentDoc, item))),
    [live, page],
  );

  return {
    items,
    hasOlder: !!cursor,
    loadOlder,
    loading: loading && !page,
    loadingOlder: networkStatus === NetworkStatus.fetchMore,
    error: error ?? olderError,
  };
}
