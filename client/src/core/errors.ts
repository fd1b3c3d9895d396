import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { ERROR_CODES, errorCodeMessage, isErrorCode, isTransportErrorCode, type ErrorCode, type TransportErrorCode } from '@samplan/schema';

/**
 * The one place that turns an error from the API (or the lack of an API) into Danish
 * text for the user. The server puts a code in `extensions.code` of every error it lets
 * through; anything else is masked there as INTERNAL_SERVER_ERROR with a request id. The
 * codes and their texts are the ones both tiers share (@samplan/schema: ERROR_CODES,
 * errorCodeMessage), so a code cannot reach the screen without its Danish text.
 */

/**
 * What went wrong, from the user's point of view: a server code, no connection
 * (NETWORK), a client older than the API (OUTDATED_CLIENT), or anything else (INTERNAL).
 */
export type ErrorKind = ErrorCode | 'NETWORK' | 'OUTDATED_CLIENT' | 'INTERNAL';

/** The kinds the client names itself: no server code stands behind them. */
type ClientKind = Exclude<ErrorKind, ErrorCode>;

const CLIENT_MESSAGES: Readonly<Record<ClientKind, string>> = {
  NETWORK: 'Ingen forbindelse til Samplan. Tjek din internetforbindelse – vi prøver igen, når du er online.',
  OUTDATED_CLIENT: 'Samplan er blevet opdateret. Genindlæs siden, og prøv igen.',
  // Said to staff and citizens alike: a citizen has no "support" to contact. The error's id follows (errorMessage).
  INTERNAL: 'Der opstod en uventet fejl. Prøv igen om lidt.',
};

function messageOf(kind: ErrorKind, retryAfterSeconds?: number): string {
  return isErrorCode(kind) ? errorCodeMessage(kind, { retryAfterSeconds }) : CLIENT_MESSAGES[kind];
}

/** Each kind's Danish text, in its general form (RATE_LIMITED without its seconds). */
export const ERROR_MESSAGES: Readonly<Record<ErrorKind, string>> = {
  ...(Object.fromEntries(ERROR_CODES.map((code) => [code, errorCodeMessage(code)])) as Record<ErrorCode, string>),
  ...CLIENT_MESSAGES,
};

/** Codes whose server message is written for the user (Danish, specific) and worth showing. */
// DUPLICATE_STAFF too: the server says which (e-mail or login-id) and, for someone deactivated, whom to reactivate instead.
// FORBIDDEN too: the server says why ("Du er ikke længere administrator …", "Planens team … er netop ændret … Genindlæs planen."),
// and says it only of what the caller may see (what they may not see is NOT_FOUND).
const SERVER_MESSAGE_SHOWN: ReadonlySet<ErrorKind> = new Set(['BAD_USER_INPUT', 'CONFLICT', 'RULE_VIOLATION', 'FORBIDDEN', 'DUPLICATE_STAFF']);

/**
 * Transport codes (Apollo Server's own, passed through) that mean the request no longer
 * matches the schema: the page was loaded before a deploy. Every other transport code is
 * INTERNAL to the user, with its request id where the server gave one.
 */
const OUTDATED_CODES: ReadonlySet<TransportErrorCode> = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

/** graphql-ws close code for a missing, bad or expired token (server/src/core/http/websocket.ts). */
export const WS_UNAUTHORIZED = 4401;
/** The user was deactivated or moved to another municipality (server/src/core/auth/user-sockets.ts): final. */
export const WS_FORBIDDEN = 4403;
/** The user's role or unit changed: reconnect, and the server judges by the new rights. */
export const WS_RIGHTS_CHANGED = 4410;

/** Said to a citizen whose open Min plan closed because their access did (reason "Citizen access closed"). */
export const CITIZEN_ACCESS_CLOSED = 'Din adgang til Min plan er lukket, så du er logget ud. Har du spørgsmål, så kontakt din kommune eller dit jobcenter.';

/** A close after which reconnecting with the same token is pointless: the user must sign in again. */
export function isFinalClose(code: number | undefined): boolean {
  return code === WS_UNAUTHORIZED || code === WS_FORBIDDEN;
}

/**
 * What to tell the user when the server withdrew their access on an open connection (close 4403).
 * A citizen whose access to Min plan the coordinator closed (or whose CPR number was corrected)
 * hears it as a citizen: they have no administrator, and no user of theirs was deactivated.
 */
export function accessWithdrawnNotice(reason: string | undefined): string {
  if (reason === 'Citizen access closed') return CITIZEN_ACCESS_CLOSED;
  if (reason === 'User deactivated') return 'Din bruger er blevet deaktiveret, så du er logget ud. Kontakt din administrator, hvis det er en fejl.';
  if (reason === 'Municipality changed') return 'Din bruger er flyttet til en anden kommune, så du er logget ud. Log ind igen.';
  return 'Din adgang er blevet ændret, så du er logget ud. Log ind igen.';
}

export interface ErrorInfo {
  kind: ErrorKind;
  /** Danish text for the user. */
  message: string;
  /** The server's own message, when it is meant for the user (validation, rules, conflicts). */
  detail?: string;
  /** The input field at fault (BAD_USER_INPUT, and duplicates such as DUPLICATE_STAFF); the first, when several are. */
  field?: string;
  /**
   * BAD_USER_INPUT: every field at fault with the server's message for it (the server tells all
   * at once; `field` and `detail` are the first of them).
   */
  problems?: ReadonlyArray<FieldProblem>;
  /** RULE_VIOLATION: the rule that was broken. */
  rule?: string;
  /** Why the server ended or refused, where it says (e.g. a live stream's UNKNOWN_POSITION). */
  reason?: string;
  /** Masked server errors carry the request id to quote to support. */
  requestId?: string;
  /** RATE_LIMITED: seconds until the next attempt is let through, when the server said. */
  retryAfterSeconds?: number;
}

/** One field the server refused, with its (Danish) message. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The field problems an error lists, where each names its field and says something. */
function fieldProblemsOf(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is FieldProblem => typeof p?.field === 'string' && typeof p?.message === 'string' && p.message.trim() !== '');
}

interface FormattedLike {
  message?: unknown;
  extensions?: Record<string, unknown> | null;
}

function kindOfCode(code: unknown): ErrorKind {
  if (isErrorCode(code)) return code;
  if (isTransportErrorCode(code) && OUTDATED_CODES.has(code)) return 'OUTDATED_CLIENT';
  return 'INTERNAL';
}

/** A wait in seconds, when it is one. */
function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The wait an HTTP 429 names in its Retry-After header: seconds, or the date from which
 * to try again (RFC 9110, section 10.2.3). The page and the API share an origin, so the
 * browser lets the client read the header.
 */
function retryAfterHeader(response: Response | undefined): number | undefined {
  const value = response?.headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function fromFormatted(errors: ReadonlyArray<FormattedLike>, response?: Response): ErrorInfo {
  // Prefer an error with a code we know over, say, a masked one next to it.
  const chosen = errors.find((e) => kindOfCode(e.extensions?.code) !== 'INTERNAL') ?? errors[0];
  const extensions = chosen?.extensions ?? {};
  const kind = kindOfCode(extensions.code);
  const info = make(kind, kind === 'RATE_LIMITED' ? (seconds(extensions.retryAfterSeconds) ?? retryAfterHeader(response)) : undefined);
  if (SERVER_MESSAGE_SHOWN.has(kind) && typeof chosen?.message === 'string' && chosen.message.trim()) {
    info.detail = chosen.message;
  }
  // Too many CPR lookups without a hit (search or registration) is no matter of "too many
  // changes" and lasts up to an hour: the server's own sentence says what and how long.
  if (kind === 'RATE_LIMITED' && extensions.limit === 'cprLookups' && typeof chosen?.message === 'string' && chosen.message.trim()) {
    info.message = chosen.message;
  }
  if (typeof extensions.field === 'string') info.field = extensions.field;
  if (kind === 'BAD_USER_INPUT') {
    const problems = fieldProblemsOf(extensions.problems);
    // A server that names one field only: that field with the message.
    if (problems.length) info.problems = problems;
    else if (info.field && info.detail) info.problems = [{ field: info.field, message: info.detail }];
  }
  if (typeof extensions.rule === 'string') info.rule = extensions.rule;
  if (typeof extensions.reason === 'string') info.reason = extensions.reason;
  if (typeof extensions.requestId === 'string') info.requestId = extensions.requestId;
  return info;
}

function fromStatus(status: number, response?: Response): ErrorInfo {
  if (status === 401) return make('UNAUTHENTICATED');
  if (status === 403) return make('FORBIDDEN');
  if (status === 404) return make('NOT_FOUND');
  if (status === 429) return make('RATE_LIMITED', retryAfterHeader(response));
  if (status === 502 || status === 503 || status === 504) return make('SERVICE_UNAVAILABLE');
  return make('INTERNAL');
}

function make(kind: ErrorKind, retryAfterSeconds?: number): ErrorInfo {
  const info: ErrorInfo = { kind, message: messageOf(kind, retryAfterSeconds) };
  if (retryAfterSeconds !== undefined) info.retryAfterSeconds = retryAfterSeconds;
  return info;
}

function parseErrorsBody(bodyText: string): FormattedLike[] | undefined {
  try {
    const body = JSON.parse(bodyText) as { errors?: unknown };
    return Array.isArray(body.errors) && body.errors.length > 0 ? (body.errors as FormattedLike[]) : undefined;
  } catch {
    return undefined;
  }
}

export function isCloseEventLike(error: unknown): error is { code: number; reason?: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'reason' in error;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Classifies any error Apollo Client (HTTP or WebSocket) can hand a component. */
export function describeError(error: unknown): ErrorInfo {
  if (CombinedGraphQLErrors.is(error) || CombinedProtocolErrors.is(error)) {
    return fromFormatted(error.errors);
  }
  if (ServerError.is(error)) {
    const errors = parseErrorsBody(error.bodyText);
    if (errors) return fromFormatted(errors, error.response);
    return fromStatus(error.statusCode, error.response);
  }
  if (ServerParseError.is(error)) {
    // Usually a proxy's HTML page in front of a server that is down or restarting, or a
    // plain-text 429 from a limit in front of the API.
    if (error.statusCode === 429) return fromStatus(429, error.response);
    return error.statusCode >= 500 ? make('SERVICE_UNAVAILABLE') : make('INTERNAL');
  }
  if (isCloseEventLike(error)) {
    return error.code === WS_UNAUTHORIZED ? make('UNAUTHENTICATED') : make('NETWORK');
  }
  if (Array.isArray(error) && error.length > 0) {
    return fromFormatted(error as FormattedLike[]);
  }
  if (typeof error === 'object' && error !== null && 'extensions' in error) {
    return fromFormatted([error as FormattedLike]);
  }
  if (isOffline()) return make('NETWORK');
  // Duck-typed: errors from fetch() may come from another realm, where instanceof fails.
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    // fetch() rejects with a TypeError when there is no connection (the text varies by browser).
    if (name === 'TypeError' || name === 'AbortError') return make('NETWORK');
    if (typeof message === 'string' && /network|fetch|load failed|offline/i.test(message)) return make('NETWORK');
  }
  return make('INTERNAL');
}

/** The Danish text to show: the general message, plus the server's own when it helps. */
export function errorMessage(error: unknown): string {
  const info = describeError(error);
  if (info.detail && info.detail !== info.message) return `${info.message} ${info.detail}`;
  if (info.requestId) return `${info.message} (Fejl-id: ${info.requestId})`;
  return info.message;
}

/** True when the error means the token is missing, bad or expired. */
export function isUnauthenticated(error: unknown): boolean {
  return describeError(error).kind === 'UNAUTHENTICATED';
}
