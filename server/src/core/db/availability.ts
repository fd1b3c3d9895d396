import type { ApolloServerPlugin } from '@apollo/server';
import { AppError } from '../errors/app-errors';

/**
 * Telling "the database is away" apart from a bug. While PostgreSQL is down or
 * restarting, a request fails fast (the pool's connect timeout is 3 s, a refused
 * connection fails at once) and the client gets SERVICE_UNAVAILABLE (HTTP 503) instead
 * of a masked internal error; everything recovers by itself when the database is back,
 * because the pool opens new connections on demand and the event feed reconnects.
 */

/** Node socket errors that mean the server cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (shutdown,
 * crash, cannot connect now), 53300 (too many connections).
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres reports a lost or never-made connection by message only. */
const MESSAGES = [
  /timeout exceeded when trying to connect/i, // POOL_WAIT
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; thrownValue?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && unavailableSqlState(e.code)))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM's QueryFailedError wraps the driver's error; AggregateError (a refused IPv4+IPv6 connect) lists them;
  // graphql-js wraps a thrown value it does not take for an Error (one from another realm) in NonErrorThrown.
  if (isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.thrownValue, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1));
}

/**
 * The pool gave no connection within its connect timeout: every one was in use (or a new
 * one could not be opened in time). Unlike a refused connection, the same read may well
 * succeed a moment later.
 */
export function isPoolWaitTimeout(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.message === 'string' && POOL_WAIT.test(e.message)) return true;
  return isPoolWaitTimeout(e.driverError, depth + 1) || isPoolWaitTimeout(e.cause, depth + 1);
}
const POOL_WAIT = /timeout exceeded when trying to connect/i;

export const UNAVAILABLE_MESSAGE = 'Databasen er midlertidigt utilgængelig. Prøv igen om lidt.';

/** The client-facing error while the database is away: HTTP 503 with a Retry-After. */
export function serviceUnavailable(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE, {
    retryAfterSeconds: 2,
    http: { status: 503, headers: new Map([['retry-after', '2']]) },
  });
}

/**
 * Apollo: a response carrying SERVICE_UNAVAILABLE (a resolver found the database away)
 * answers 503 with Retry-After, so load balancers and clients treat it as retryable.
 */
export function availabilityPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ response }) => {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', '2');
      },
    }),
  };
}
