import { createContext, useContext, useEffect, useRef } from 'react';
import { savedByIdOf, savedByOf } from './conflict';

/**
 * What an edit form tells the screen it sits on, and what it asks it. On the plan page the
 * presence module provides this: the others see "… redigerer" on the record's card, and a
 * conflict names who saved last. Elsewhere (no provider) an edit form works the same, alone.
 */
export interface RecordEditing {
  /** I opened an edit form of this record; the function returned says I closed it. */
  open(recordId: string): () => void;
  /**
   * Who saved this record last, as the screen heard it (the plan's live events); null when
   * unknown. With `byId`, only that user's name: the record names who saved it, and the
   * events heard so far may not yet hold that save. With `after`, only a save heard after that
   * change (the newest heard when a form opened) counts.
   */
  lastSavedBy(recordId: string, byId?: string, after?: string | null): string | null;
  /** The newest change the screen has heard (its seq), null when none: a form notes it as it opens. */
  newestHeard(): string | null;
  /**
   * The signed-in user saved this record last (in another window: this one's saves close the
   * form). With `after`, only a save heard after that change counts: one of theirs from before
   * the form opened is the version the form opened on, not what it met.
   */
  lastSavedByMe(recordId: string, after?: string | null): boolean;
  /** Whether a user id is the signed-in user's. */
  isMe(userId: string | null | undefined): boolean;
}

export const RecordEditingContext = createContext<RecordEditing | null>(null);

/**
 * Tells the screen that a form of `recordId` is open while `active` holds, and no longer when
 * it turns false, the form closes or the page goes. Returns the screen's answer to "who saved
 * this last".
 */
export function useRecordEditing(
  recordId: string | null,
  active: boolean,
): {
  lastSavedBy: () => string | null;
  /** Who saved the newer version met in a conflict, or null when not known for certain. */
  savedByName: (current: Record<string, unknown>) => string | null;
  lastSavedByMe: () => boolean;
  /** Whether the signed-in user saved, last, the record the plan's events name by this id. */
  lastSavedByMeAs: (eventRecordId: string) => boolean;
  isMe: (userId: string | null | undefined) => boolean;
  savedByMe: (current: Record<string, unknown>) => boolean;
} {
  const editing = useContext(RecordEditingContext);
  const latest = useRef(editing);
  latest.current = editing;
  // What the screen had heard as the form opened: a save of the user's heard before is the
  // version the form opened on. A save held offline may meet another's newer version before the
  // stream brings it, and must not be told it was the user's own (and kept as "mine" over it).
  const openedAfter = useRef<string | null | undefined>(undefined);
  if (openedAfter.current === undefined) openedAfter.current = editing ? editing.newestHeard() : null;
  useEffect(() => {
    if (!editing || !recordId || !active) return;
    return editing.open(recordId);
  }, [editing, recordId, active]);
  const lastSavedByMe = () => (recordId ? (latest.current?.lastSavedByMe(recordId, openedAfter.current) ?? false) : false);
  const isMe = (userId: string | null | undefined) => latest.current?.isMe(userId) ?? false;
  return {
    lastSavedBy: () => (recordId ? (latest.current?.lastSavedBy(recordId) ?? null) : null),
    // By the record's own word when it names the person; else by the events heard, but only a
    // save by the person the record names (a save held offline can meet a CONFLICT before the
    // stream has brought the newer save: the newest event heard is then the user's own).
    savedByName: (current) => {
      const named = savedByOf(current);
      if (named) return named;
      const screen = latest.current;
      if (!recordId || !screen) return null;
      const byId = savedByIdOf(current);
      if (byId) return screen.lastSavedBy(recordId, byId);
      // A record that names nobody (a programme): only a save heard since the form opened, and
      // not the user's own. The newest heard may be their own older save, the version the form
      // opened on, or the one in another window (said as theirs by savedByMe); the newer
      // version met may not have been heard yet at all. Unnamed, the view says "Nyeste gemte udgave".
      if (screen.lastSavedByMe(recordId, openedAfter.current)) return null;
      return screen.lastSavedBy(recordId, undefined, openedAfter.current);
    },
    lastSavedByMe,
    lastSavedByMeAs: (eventRecordId) => latest.current?.lastSavedByMe(eventRecordId, openedAfter.current) ?? false,
    isMe,
    // The newer version met in a conflict is the user's own (saved in another window): named by
    // the record when it says who saved it, else as the plan's live events told it.
    savedByMe: (current) => {
      const by = savedByIdOf(current);
      return by ? isMe(by) : lastSavedByMe();
    },
  };
}
