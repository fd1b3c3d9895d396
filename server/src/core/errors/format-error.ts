import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/availability';
import { asLimitError } from '../http/limits';
import type { Logger } from '../logging/logger';
import { AppError } from './app-errors';

/** Codes a client may see. Apollo's own request-level codes are safe too. */
const SAFE_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RULE_VIOLATION',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const INTERNAL_MESSAGE = 'Der opstod en uventet fejl. Prøv igen, eller kontakt support med forespørgslens id.';

/**
 * Keeps coded errors as they are (minus any stack) and masks everything else:
 * the client gets a request id, the log gets the real error.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, requestId?: string): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const limited = asLimitError(formatted);
  if (limited) return limited;
  const code = formatted.extensions?.code as string | undefined;
  if (original instanceof AppError || (code !== undefined && SAFE_CODES.has(code))) {
    const { stacktrace: _stack, exception: _exception, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  // The database is away (restart, network): a clear, retryable answer, not a masked bug.
  if (isDatabaseUnavailable(original)) {
    logger.warn({ requestId, err: original instanceof Error ? original.message : String(original), path: formatted.path }, 'database unavailable');
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } };
  }
  logger.error({ requestId, err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original), path: formatted.path }, 'unexpected error');
  return {
    message: INTERNAL_MESSAGE,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}
