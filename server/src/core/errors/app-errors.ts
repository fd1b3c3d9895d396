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
 * How a CONFLICT's `current` key that is no field of the record's type, nor a part of one
 * (core/field-guards.ts, `recordAsRead`), is read: the `Type.field` that tells the same, e.g.
 * `{ updatedById: 'PlanEvent.actor' }`, who saved the version shown, as the plan's history
 * names them. It goes to a caller who may read that field, and to no one else.
 */
export type ReadAs = Readonly<Record<string, string>>;

/**
 * `current` is the record as it is now, whole, with its `__typename` (or as an instance of its
 * GraphQL class). No field resolves it, so it is cut where the write's root field answers
 * (core/field-guards.ts): the caller gets what a read of the record would show them, its type's
 * fields their role may read with the consent cut applied, never the stored row as it is.
 */
export class ConflictError extends AppError {
  constructor(
    message: string,
    readonly current: unknown,
    readonly readAs: ReadAs = {},
  ) {
    // Nothing of the stored record on the error itself: it reaches the caller only through
    // `answering`, cut for them, so a CONFLICT thrown anywhere else carries no row out.
    super('CONFLICT', message, { current: null });
  }

  /** The same refusal, answering with `current` as the caller may read it. */
  answering(current: Record<string, unknown> | null): AppError {
    return new AppError('CONFLICT', this.message, { ...this.extensions, current });
  }
}

export const conflict = (message: string, current: unknown, readAs?: ReadAs) => new ConflictError(message, current, readAs);
