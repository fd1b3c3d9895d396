/**
 * The error codes the API sends on purpose in `extensions.code`, and what each means to
 * the person at the screen, in Danish. Server and client both read this list, so a code
 * cannot exist on one side only.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RULE_VIOLATION',
  'SERVICE_UNAVAILABLE',
  /** A per-user or per-address rate limit (HTTP 429, with `retryAfterSeconds`). */
  'RATE_LIMITED',
  /** Too many live subscriptions open at once (per socket or per user); the others stay open. */
  'TOO_MANY_SUBSCRIPTIONS',
  /** A citizen with that CPR number is registered in the municipality already; `citizenId` names them when the caller may see them. */
  'DUPLICATE_CITIZEN',
  /** A staff member with that e-mail (in the municipality) or that subject (anywhere) exists already; `field` names which. */
  'DUPLICATE_STAFF',
  /** An open unit of the municipality has that name already (names are compared without regard to case); `field` is `name`. */
  'DUPLICATE_UNIT',
  /**
   * A valid token from the identity provider of someone who is no active staff member of
   * Samplan (never created, invitation not bound, or deactivated): HTTP 403; on a WebSocket,
   * close code 4403 with this code as the reason.
   */
  'NOT_A_USER',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A guard for one of the code lists below. */
const oneOf =
  <T extends string>(codes: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === 'string' && (codes as readonly string[]).includes(value);

export const isErrorCode = oneOf(ERROR_CODES);

/**
 * Codes of the transport rather than of Samplan: what Apollo Server and graphql-ws answer
 * before a resolver runs (a document that does not parse or validate, a malformed HTTP
 * request) and the masked unexpected error. The server passes these through unchanged,
 * so a client can meet them next to ERROR_CODES. They are Apollo Server's built-in codes
 * (https://www.apollographql.com/docs/apollo-server/data/errors#built-in-error-codes);
 * Apollo's BAD_USER_INPUT (variables that do not fit) is in ERROR_CODES already.
 */
export const TRANSPORT_ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  /** An unexpected error, masked: the message is generic and `requestId` points into the log. */
  'INTERNAL_SERVER_ERROR',
] as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export const isTransportErrorCode = oneOf(TRANSPORT_ERROR_CODES);

/** A wait said in whole units, rounded up and at least one, singular for one: "1 minut", "2 minutter". */
function waitInDanish(amount: number, one: string, many: string): string {
  const n = Math.max(1, Math.ceil(amount));
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 sekund", "2 sekunder". */
export function secondsInDanish(seconds: number): string {
  return waitInDanish(seconds, 'sekund', 'sekunder');
}

/** "1 minut", "2 minutter". */
export function minutesInDanish(minutes: number): string {
  return waitInDanish(minutes, 'minut', 'minutter');
}

/** Details an error may carry that change its text. */
export interface ErrorMessageDetails {
  /** RATE_LIMITED: seconds until the next attempt is allowed. */
  retryAfterSeconds?: number;
}

/** The Danish text a user reads for each code. */
export function errorCodeMessage(code: ErrorCode, details: ErrorMessageDetails = {}): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Du er ikke logget ind, eller dit log ind er udløbet. Log ind igen.';
    case 'FORBIDDEN':
      return 'Du har ikke adgang til at gøre dette.';
    case 'NOT_FOUND':
      return 'Findes ikke eller du har ikke adgang.';
    case 'BAD_USER_INPUT':
      return 'Nogle af oplysningerne er ikke gyldige. Ret dem, og prøv igen.';
    case 'CONFLICT':
      return 'En anden har ændret det samme imens. Se den nyeste udgave, og prøv igen.';
    case 'RULE_VIOLATION':
      return 'Ændringen er ikke tilladt.';
    case 'SERVICE_UNAVAILABLE':
      return 'Samplan er midlertidigt utilgængelig. Prøv igen om lidt.';
    case 'RATE_LIMITED':
      return details.retryAfterSeconds !== undefined && Number.isFinite(details.retryAfterSeconds)
        ? `For mange ændringer på kort tid. Prøv igen om ${secondsInDanish(details.retryAfterSeconds)}.`
        : 'For mange ændringer på kort tid. Prøv igen om lidt.';
    case 'TOO_MANY_SUBSCRIPTIONS':
      return 'For mange samtidige abonnementer på opdateringer. Luk nogle faner, og prøv igen.';
    case 'DUPLICATE_CITIZEN':
      return 'Der findes allerede en borger med dette CPR-nummer i kommunen. Vælg den eksisterende borger i stedet for at oprette en ny.';
    case 'DUPLICATE_STAFF':
      return 'Der findes allerede en medarbejder med den e-mail eller det login.';
    case 'DUPLICATE_UNIT':
      return 'Der findes allerede en åben enhed med det navn i kommunen. Vælg et andet navn.';
    case 'NOT_A_USER':
      return 'Din bruger er ikke oprettet i Samplan — kontakt din administrator.';
  }
}
