import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError } from '@apollo/client/errors';

/**
 * The one place that turns an error from the API (or the lack of an API) into Danish
 * text for the user. The server puts a code in `extensions.code` of every error it lets
 * through (server/src/core/errors/app-errors.ts); anything else is masked there as
 * INTERNAL_SERVER_ERROR with a request id.
 */

/** Codes the server sends on purpose. */
export type ServerErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RULE_VIOLATION'
  | 'SERVICE_UNAVAILABLE';

/**
 * What went wrong, from the user's point of view: a server code, no connection
 * (NETWORK), a client older than the API (OUTDATED_CLIENT), or anything else (INTERNAL).
 */
export type ErrorKind = ServerErrorCode | 'NETWORK' | 'OUTDATED_CLIENT' | 'INTERNAL';

export const ERROR_MESSAGES: Readonly<Record<ErrorKind, string>> = {
  UNAUTHENTICATED: 'Du er ikke logget ind, eller dit log ind er udløbet. Log ind igen.',
  FORBIDDEN: 'Du har ikke adgang til at gøre dette.',
  NOT_FOUND: 'Findes ikke eller du har ikke adgang.',
  BAD_USER_INPUT: 'Nogle af oplysningerne er ikke gyldige. Ret dem, og prøv igen.',
  CONFLICT: 'En anden har ændret det samme imens. Se den nyeste udgave, og prøv igen.',
  RULE_VIOLATION: 'Ændringen er ikke tilladt efter reglerne for forløbet.',
  SERVICE_UNAVAILABLE: 'Samplan er midlertidigt utilgængelig. Prøv igen om lidt.',
  NETWORK: 'Ingen forbindelse til Samplan. Tjek din internetforbindelse – vi prøver igen, når du er online.',
  OUTDATED_CLIENT: 'Samplan er blevet opdateret. Genindlæs siden, og prøv igen.',
  INTERNAL: 'Der opstod en uventet fejl. Prøv igen, eller kontakt support.',
};

/** Codes whose server message is written for the user (Danish, specific) and worth showing. */
const SERVER_MESSAGE_SHOWN: ReadonlySet<ErrorKind> = new Set(['BAD_USER_INPUT', 'CONFLICT', 'RULE_VIOLATION']);

const SERVER_CODES: ReadonlySet<string> = new Set<ServerErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RULE_VIOLATION',
  'SERVICE_UNAVAILABLE',
]);

/** The request no longer matches the schema: the page was loaded before a deploy. */
const OUTDATED_CODES: ReadonlySet<string> = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

/** graphql-ws close code for a missing, bad or expired token (server/src/core/http/websocket.ts). */
export const WS_UNAUTHORIZED = 4401;

export interface ErrorInfo {
  kind: ErrorKind;
  /** Danish text for the user. */
  message: string;
  /** The server's own message, when it is meant for the user (validation, rules, conflicts). */
  detail?: string;
  /** BAD_USER_INPUT: the input field at fault. */
  field?: string;
  /** RULE_VIOLATION: the rule that was broken. */
  rule?: string;
  /** Masked server errors carry the request id to quote to support. */
  requestId?: string;
}

interface FormattedLike {
  message?: unknown;
  extensions?: Record<string, unknown> | null;
}

function kindOfCode(code: unknown): ErrorKind {
  if (typeof code !== 'string') return 'INTERNAL';
  if (SERVER_CODES.has(code)) return code as ServerErrorCode;
  if (OUTDATED_CODES.has(code)) return 'OUTDATED_CLIENT';
  return 'INTERNAL';
}

function fromFormatted(errors: ReadonlyArray<FormattedLike>): ErrorInfo {
  // Prefer an error with a code we know over, say, a masked one next to it.
  const chosen = errors.find((e) => kindOfCode(e.extensions?.code) !== 'INTERNAL') ?? errors[0];
  const extensions = chosen?.extensions ?? {};
  const kind = kindOfCode(extensions.code);
  const info: ErrorInfo = { kind, message: ERROR_MESSAGES[kind] };
  if (SERVER_MESSAGE_SHOWN.has(kind) && typeof chosen?.message === 'string' && chosen.message.trim()) {
    info.detail = chosen.message;
  }
  if (typeof extensions.field === 'string') info.field = extensions.field;
  if (typeof extensions.rule === 'string') info.rule = extensions.rule;
  if (typeof extensions.requestId === 'string') info.requestId = extensions.requestId;
  return info;
}

function fromStatus(status: number): ErrorInfo {
  if (status === 401) return make('UNAUTHENTICATED');
  if (status === 403) return make('FORBIDDEN');
  if (status === 404) return make('NOT_FOUND');
  if (status === 502 || status === 503 || status === 504) return make('SERVICE_UNAVAILABLE');
  return make('INTERNAL');
}

function make(kind: ErrorKind): ErrorInfo {
  return { kind, message: ERROR_MESSAGES[kind] };
}

function parseErrorsBody(bodyText: string): FormattedLike[] | undefined {
  try {
    const body = JSON.parse(bodyText) as { errors?: unknown };
    return Array.isArray(body.errors) && body.errors.length > 0 ? (body.errors as FormattedLike[]) : undefined;
  } catch {
    return undefined;
  }
}

function isCloseEventLike(error: unknown): error is { code: number; reason?: string } {
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
    if (errors) return fromFormatted(errors);
    return fromStatus(error.statusCode);
  }
  if (ServerParseError.is(error)) {
    // Usually a proxy's HTML page in front of a server that is down or restarting.
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
