import type { ErrorCode } from '@samplan/schema';
import { GraphQLError } from 'graphql';

/**
 * Every error the API gives a client carries a code in `extensions.code`, one of
 * ERROR_CODES in @samplan/schema (which the client reads too, with the Danish text for
 * each). Anything else is masked (see format-error.ts) and logged with the request id.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = 'Du er ikke logget ind, eller dit log ind er udløbet.') =>
  new AppError('UNAUTHENTICATED', message);

/** Used for anything the caller may not see, so that existence does not leak. */
export const notFound = (what = 'Posten') => new AppError('NOT_FOUND', `${what} findes ikke.`);

export const forbidden = (message = 'Du har ikke adgang til at gøre dette.') => new AppError('FORBIDDEN', message);

/** `reason`, when a client should tell one refusal of the field from another (e.g. FUTURE_MONTH). */
export const badInput = (field: string, message: string, reason?: string) =>
  new AppError('BAD_USER_INPUT', message, { field, ...(reason ? { reason } : {}) });

/** `field`, when the rule is broken by one input, so a form shows the message there. */
export const ruleViolation = (rule: string, message: string, source?: string, field?: string) =>
  new AppError('RULE_VIOLATION', message, { rule, ...(source ? { source } : {}), ...(field ? { field } : {}) });

/**
 * `current` is the newer version, sent as it is: no field guard sees it. It must hold only what
 * the caller may read of the record (a leader's correction of a forløb: programmeRowFor).
 */
export const conflict = (message: string, current: unknown) =>
  new AppError('CONFLICT', message, { current });
