import type { TypedDocumentNode } from '@apollo/client';
import { getOperationAST } from 'graphql';
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { doublingWait, isRetryableStreamEnd, READ_ANEW, useRefreshOnReconnect, useStreamInterruption } from '../../core/live';
import { AdminUnitsQuery, AdministrationChangesSubscription, AdministrationLogQuery, LOG_PAGE_SIZE, StaffMembersQuery } from './admin';
import { placeStaff, placeUnit, withNewestLines } from './adminCache';

/**
 * The administration page follows what the municipality's administrators change, as they
 * change it: another administrator, or the same one in another window. A stream the server
 * ends is asked for again after 1 s, doubling to 30 s, and the live indicator says the page is
 * not live meanwhile; a refused one (no longer an administrator, signed out) is not. Each start
 * begins with word to read the lists again, so nothing changed in between is missed. The
 * Administrationslog, when open, gets every new line on top as it is written.
 */
export function useAdministrationLive(): void {
  const client = useApolloClient();
  const setInterrupted = useStreamInterruption();
  const retry = useRef<{ timer?: ReturnType<typeof setTimeout>; wait: ReturnType<typeof doublingWait>; refused: boolean }>({ wait: doublingWait(1_000, 30_000), refused: false });
  // Only the lists on screen are read (the tab shown), each as a request of its own (READ_ANEW): joined to a read already under way, say the page's
  // first, the answer could be from before the change.
  const shownQueries = () => new Set([...client.getObservableQueries('active')].map((q) => q.queryName));
  const readAgain = () => {
    const shown = shownQueries();
    for (const query of [StaffMembersQuery, AdminUnitsQuery] as ReadonlyArray<TypedDocumentNode<unknown, Record<string, never>>>) {
      if (!shown.has(getOperationAST(query)?.name?.value)) continue;
      void client.query({ query, fetchPolicy: 'network-only', ...READ_ANEW }).catch(() => undefined);
    }
    readNewestLines();
  };
  // The log, when it is shown: its newest page read anew and put on top of the lines shown, so
  // older pages fetched with "Vis ældre" stay (written into the cache by hand: the page read
  // through the cache would replace them). One read at a time, and one more after it for the
  // lines that came meanwhile: a burst of lines costs two reads, and an older answer arriving
  // after a newer one cannot put the newest line below it.
  const logRead = useRef({ running: false, again: false });
  const readNewestLines = () => {
    if (!shownQueries().has(getOperationAST(AdministrationLogQuery)?.name?.value)) return;
    if (logRead.current.running) {
      logRead.current.again = true;
      return;
    }
    logRead.current.running = true;
    const variables = { first: LOG_PAGE_SIZE, after: null };
    void client
      .query({ query: AdministrationLogQuery, variables, fetchPolicy: 'no-cache', ...READ_ANEW })
      .then(({ data }) => {
        if (!data) return;
        client.cache.updateQuery({ query: AdministrationLogQuery, variables }, (shown) =>
          shown ? { administrationLog: withNewestLines(shown.administrationLog, data.administrationLog) } : data,
        );
      })
      .catch(() => undefined)
      .finally(() => {
        logRead.current.running = false;
        if (!logRead.current.again) return;
        logRead.current.again = false;
        readNewestLines();
      });
  };
  useRefreshOnReconnect(readAgain);

  const { restart } = useSubscription(AdministrationChangesSubscription, {
    ignoreResults: true,
    onData: ({ data }) => {
      const change = data.data?.administrationChanges;
      if (!change) return;
      setInterrupted(false);
      retry.current.wait.reset();
      if (change.readAgain) readAgain();
      else if (change.logChanged) readNewestLines();
      if (change.staffMember) placeStaff(client.cache, change.staffMember);
      if (change.unit) placeUnit(client.cache, change.unit);
    },
    onError: (error) => {
      if (!isRetryableStreamEnd(error)) retry.current.refused = true;
    },
    onComplete: () => {
      clearTimeout(retry.current.timer);
      if (retry.current.refused) return;
      setInterrupted(true);
      retry.current.timer = setTimeout(() => restartRef.current(), retry.current.wait.next());
    },
  });
  const restartRef = useRef(restart);
  restartRef.current = restart;
  useEffect(() => () => clearTimeout(retry.current.timer), []);
}
