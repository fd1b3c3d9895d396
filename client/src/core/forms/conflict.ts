import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * A CONFLICT from the API: the record was changed since we read it (stale
 * `expectedVersion`). `extensions.current` is the record as it is now, with the API's
 * field names (server: core/db/versioned-update.ts).
 */
export interface Conflict {
  current: Record<string, unknown> & { version: number };
  message: string;
}

export function conflictOf(error: unknown): Conflict | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const found = error.errors.find((e) => e.extensions?.code === 'CONFLICT');
  const current = found?.extensions?.current;
  if (!found || !current || typeof current !== 'object' || typeof (current as { version?: unknown }).version !== 'number') return null;
  return { current: current as Conflict['current'], message: found.message };
}

/** The field a BAD_USER_INPUT error points at, with the server's (Danish) message. */
export function fieldErrorOf(error: unknown): { field: string; message: string } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const found = error.errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT' && typeof e.extensions?.field === 'string');
  return found ? { field: found.extensions!.field as string, message: found.message } : null;
}
