import type { ApolloCache, Reference } from '@apollo/client';

type ReadField = (field: string, from: Reference) => unknown;

/**
 * Puts a record the user just created into a list the page shows (e.g. a plan's
 * interventions), so it appears at once without reloading the plan.
 *
 * The same record also comes back through the live event and the plan refetch that
 * follows it; that refetch replaces the whole list (merge: false in core/apollo.tsx), and
 * this insert skips a record that is already there, so it is never shown twice whichever
 * of the two arrives first.
 *
 * `sortKey` places it where the server would (the server's ORDER BY), so the list does not
 * jump when the refetch lands; records with an equal key keep their order and the new one
 * goes after them.
 */
export function addToList(
  cache: ApolloCache,
  owner: { __typename: string; id: string },
  field: string,
  item: { __typename?: string; id: string },
  sortKey?: (readField: ReadField, ref: Reference) => string,
): boolean {
  const ownerId = cache.identify(owner);
  if (!ownerId || !item.__typename) return false;
  const typename = item.__typename;
  return cache.modify({
    id: ownerId,
    fields: {
      [field]: (existing: readonly Reference[] = [], { readField, toReference }) => {
        if (existing.some((ref) => readField('id', ref) === item.id)) return existing;
        const ref = toReference({ __typename: typename, id: item.id });
        if (!ref) return existing;
        if (!sortKey) return [...existing, ref];
        const key = sortKey(readField as ReadField, ref);
        const at = existing.findIndex((other) => sortKey(readField as ReadField, other).localeCompare(key, 'da') > 0);
        return at < 0 ? [...existing, ref] : [...existing.slice(0, at), ref, ...existing.slice(at)];
      },
    },
  });
}
