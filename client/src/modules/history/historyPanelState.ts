import { useCallback, useLayoutEffect, useSyncExternalStore } from 'react';

/** A record's "Historik": whether it is open, and the message of the last thing done in it. */
export interface HistoryPanelState {
  open: boolean;
  /** `count` tells two equal messages apart, so each is said. */
  notice: { text: string; count: number } | null;
}

const CLOSED: HistoryPanelState = { open: false, notice: null };

/**
 * Kept by record id, outside the card that shows it: an action in the history can move its
 * card. "Fortryd" on an activity's outcome sets it back to planlagt, and the plan page moves
 * the activity from "Tidligere og afsluttede" to "Kommende": another element, whose history
 * would start closed, with the message and the focus gone. A record's state goes when no
 * card shows it any more.
 */
const states = new Map<string, HistoryPanelState>();
const shownBy = new Map<string, number>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(recordId: string, change: (current: HistoryPanelState) => HistoryPanelState): void {
  states.set(recordId, change(states.get(recordId) ?? CLOSED));
  for (const listener of listeners) listener();
}

/** Says `text` in the history of `recordId`, wherever its card is now (or is about to be). */
export function announceInHistory(recordId: string, text: string): void {
  set(recordId, (current) => ({ open: current.open, notice: { text, count: (current.notice?.count ?? 0) + 1 } }));
}

/** A record's history state, and a way to open or close it (closing drops the message). */
export function useHistoryPanelState(recordId: string): [HistoryPanelState, (open: boolean) => void] {
  const state = useSyncExternalStore(subscribe, () => states.get(recordId) ?? CLOSED);
  // Counted in the commit: a card that moves is removed and added in the same one, and the
  // check after it (a microtask, once the commit is done) finds it shown again.
  useLayoutEffect(() => {
    shownBy.set(recordId, (shownBy.get(recordId) ?? 0) + 1);
    return () => {
      shownBy.set(recordId, (shownBy.get(recordId) ?? 1) - 1);
      void Promise.resolve().then(() => {
        if (shownBy.get(recordId)) return;
        shownBy.delete(recordId);
        states.delete(recordId);
      });
    };
  }, [recordId]);
  const setOpen = useCallback((open: boolean) => set(recordId, () => ({ open, notice: null })), [recordId]);
  return [state, setOpen];
}
