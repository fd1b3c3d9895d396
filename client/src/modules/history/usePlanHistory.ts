import { NetworkStatus } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { REFRESHES_ITSELF, seqAfter, useRefreshOnReconnect } from '../../core/live';
import { getFragmentData } from '../../gql';
import type { PlanHistoryQuery as PlanHistoryData } from '../../gql/graphql';
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
  /** Reads what is newer than the history read so far, keeping the older pages shown (done by itself when the connection is back). */
  refresh(): Promise<void>;
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

type HistoryItem = PlanHistoryData['planHistory']['items'][number];
const seqOf = (item: HistoryItem) => getFragmentData(PlanEventStoryFragmentDoc, item).seq;

/**
 * The stored history of a plan, or of one record in it (`recordId`), read from the server a
 * page at a time, newest first, with `live` (events that arrived while the page is open)
 * merged in front. Read when it is shown: a history is only worth reading when it is current.
 *
 * When the connection is back it reads what came meanwhile from the newest end, down to what
 * it had, and puts it in front: read again as the client reads every other query, it would be
 * its first page only, and the older pages the user opened ("Vis ældre") would go.
 */
export function usePlanHistory(options: { planId: string; recordId?: string | null; live?: readonly PlanEvent[]; skip?: boolean }): PlanHistory {
  const { planId, recordId = null, live, skip } = options;
  const client = useApolloClient();
  const [readError, setReadError] = useState<unknown>(null);
  const { data, loading, error, fetchMore, networkStatus, refetch, updateQuery } = useQuery(PlanHistoryQuery, {
    variables: { planId, recordId, first: HISTORY_PAGE_SIZE, before: null },
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: true,
    context: REFRESHES_ITSELF,
    skip,
  });
  const page = data?.planHistory;
  const cursor = page?.olderCursor ?? null;
  const shown = useRef(page);
  shown.current = page;

  const refresh = useCallback(async (): Promise<void> => {
    if (skip) return;
    const had = shown.current?.items ?? [];
    setReadError(null);
    try {
      // Nothing read yet (or it failed): the first page is all there is to read.
      if (!had.length) {
        await refetch();
        return;
      }
      const newestHad = seqOf(had[0]!);
      // Page by page from the newest, down to a change already shown: no gap between the new and the old.
      const newer: HistoryItem[] = [];
      let before: string | null = null;
      for (;;) {
        const read: { data?: PlanHistoryData } = await client.query({
          query: PlanHistoryQuery,
          variables: { planId, recordId, first: HISTORY_PAGE_SIZE, before },
          // Not into the cache: there it would stand for the first page, and the list would be that page alone.
          fetchPolicy: 'no-cache',
        });
        const got = read.data?.planHistory;
        if (!got) return;
        newer.push(...got.items);
        if (!got.olderCursor || got.items.some((item) => !seqAfter(seqOf(item), newestHad))) break;
        before = got.olderCursor;
      }
      const fresh = new Set(newer.map(seqOf));
      updateQuery((_, { complete, previousData, variables }) => {
        // Another plan or record shown meanwhile: what was read is not its history.
        if (!complete || variables?.planId !== planId || (variables.recordId ?? null) !== recordId) return;
        return { planHistory: { ...previousData.planHistory, items: [...newer, ...previousData.planHistory.items.filter((item) => !fresh.has(seqOf(item)))] } };
      });
    } catch (e) {
      setReadError(e);
    }
  }, [skip, client, planId, recordId, refetch, updateQuery]);
  useRefreshOnReconnect(() => void refresh());

  const loadOlder = useCallback(async (): Promise<OlderPage | null> => {
    if (!cursor) return null;
    setReadError(null);
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
      setReadError(e);
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
    refresh,
    loading: loading && !page,
    loadingOlder: networkStatus === NetworkStatus.fetchMore,
    error: error ?? readError,
  };
}
