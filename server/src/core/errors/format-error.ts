import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES, TRANSPORT_ERROR_CODES } from '@samplan/schema';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/availability';
import { asLimitError } from '../http/limits';
import type { Logger } from '../logging/logger';
import { asBadInput } from '../validation';
import { AppError } from './app-errors';

/**
 * Codes a client may see with their own message: ours (ERROR_CODES) and the transport's
 * (TRANSPORT_ERROR_CODES, both in @samplan/schema). INTERNAL_SERVER_ERROR is what the mask
 * below answers; an error that arrives with that code is masked like any other.
 */
const SAFE_CODES = new Set<string>([...ERROR_CODES, ...TRANSPORT_ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR')]);

export const INTERNAL_MESSAGE = 'Der opstod en uventet fejl. Prøv igen, eller kontakt support med forespørgslens id.';

/**
 * Keeps coded errors as they are (minus any stack) and masks everything else:
 * the client gets a request id, the log gets the real error.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, requestId?: string): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const limited = asLimitError(formatted);
  if (limited) return limited;
  // Input that fails its class-validator decorators (core/validation.ts): every field that is wrong, each
  // in Danish (`problems`), so a form shows them all at once; the first also as `field` and the message.
  const invalid = asBadInput(original);
  if (invalid) return { message: invalid.message, locations: formatted.locations, path: formatted.path, extensions: invalid.extensions };
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
