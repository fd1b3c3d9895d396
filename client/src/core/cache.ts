import type { ApolloCache, Reference } from '@apollo/client';
import { graphql } from '../gql';

/**
 * Writing a record the API sent outside a query into the Apollo cache: the newest version
 * a CONFLICT carries (`extensions.current`) when the user takes it. It is untyped JSON with
 * the API's field names, plus internal ones (`unitId`, `updatedById`, …) that the cache
 * ignores. (A live event's record is typed and written with its fragments: modules/live.)
 */

type Entity = Record<string, unknown> & { __typename?: unknown; id?: unknown };

function isScalar(value: unknown): boolean {
  return value === null || (value !== undefined && typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Writes the scalar fields of a changed record into the cached object of the same
 * `__typename` and `id`. Only fields the cache already holds are touched (cache.modify
 * calls a modifier only for existing fields), so internal extras are ignored. When the
 * record names who changed it (`updatedById`) and that person is known, `updatedBy` is
 * pointed at them. Returns false when the object is not in the cache (e.g. it is new).
 */
export function applyEntityToCache(
  cache: ApolloCache,
  entity: Entity | null | undefined,
  options: { typename?: string; actor?: { id: string; name: string } | null } = {},
): boolean {
  if (!entity) return false;
  const typename = typeof entity.__typename === 'string' ? entity.__typename : options.typename;
  const id = typeof entity.id === 'string' ? entity.id : undefined;
  if (!typename || !id) return false;
  const cacheId = cache.identify({ __typename: typename, id });
  if (!cacheId) return false;

  const fields: Record<string, (existing: unknown, details: { toReference: (o: { __typename: string; id: string }) => Reference | undefined }) => unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key === '__typename' || key === 'id' || !isScalar(value)) continue;
    fields[key] = () => value;
  }
  const actor = options.actor;
  if (actor && entity.updatedById === actor.id) {
    cache.writeFragment({
      id: cache.identify({ __typename: 'User', id: actor.id }),
      fragment: ActorFragment,
      data: { __typename: 'User', id: actor.id, name: actor.name },
    });
    fields.updatedBy = (_existing, { toReference }) => toReference({ __typename: 'User', id: actor.id });
  }
  return cache.modify({ id: cacheId, fields: fields as never });
}

const ActorFragment = graphql(`
  fragment CachedActor on User {
    __typename
    id
    name
  }
`);
