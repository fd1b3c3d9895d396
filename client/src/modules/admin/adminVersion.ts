import { useApolloClient } from '@apollo/client/react';
import type { ApolloCache } from '@apollo/client';
import { useState } from 'react';
import { conflictOf } from '../../core/forms/conflict';

/**
 * A CONFLICT's record (`extensions.current`: the person or unit as it is now, in the API's
 * shape with its `__typename`), written where the list reads it, so the card shows what the
 * other administrator did; null when the error is no CONFLICT.
 */
export function placeConflict<T extends { version: number }>(cache: ApolloCache, error: unknown, place: (cache: ApolloCache, current: T) => void): T | null {
  const current = (conflictOf(error)?.current ?? null) as T | null;
  if (current) place(cache, current);
  return current;
}

/**
 * The version an administrator's change of a person or unit goes on. A form rests on what it
 * showed when it opened (`restsOn`: the fields it edits): when the record has moved on since
 * without touching them (a new phone number under an open rename, a first sign-in), the change
 * goes on the newest version; when they changed, on the version the form opened with, and the
 * server answers CONFLICT with the record as it is now. Then the form stays open with what was
 * typed, `current` says what the record is now, and the next save goes on that version.
 */
export function useVersionedChange<T extends { version: number }>(record: T, restsOn: (r: T) => string, place: (cache: ApolloCache, current: T) => void) {
  const { cache } = useApolloClient();
  const [seen, setSeen] = useState(record);
  const [current, setCurrent] = useState<T | null>(null);
  const expectedVersion = () => (record.version > seen.version && restsOn(record) === restsOn(seen) ? record.version : seen.version);
  /** After a refusal: a CONFLICT is remembered (and its record shown); any other refusal shows none. */
  const refused = (error: unknown) => {
    const now = placeConflict(cache, error, place);
    if (now) setSeen(now);
    setCurrent(now);
  };
  return { expectedVersion, refused, current };
}
