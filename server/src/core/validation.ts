import { charCount, isIsoDay, isPhone, PHONE_MESSAGE } from '@samplan/schema';
import { isEmail, ValidateBy, type ValidationArguments, type ValidationError, type ValidationOptions, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, badInput } from './errors/app-errors';

/**
 * Input validation is type-graphql's own (buildSchema's `validate`, core/schema.ts): every
 * argument that is an input class is checked against its class-validator decorators
 * before the resolver runs (https://typegraphql.com/docs/validation.html). Services get
 * valid input and do not call a validator themselves.
 */
export const VALIDATE_SETTINGS: ValidatorOptions = {
  // type-graphql defaults to skipping missing properties; a required field that is
  // missing or null must fail its decorators instead (as the hand-called validation did).
  skipMissingProperties: false,
  // Inputs are type-graphql's instances of decorated classes; nothing unknown reaches here.
  forbidUnknownValues: false,
  // The error must not carry the whole input back (format-error.ts reads only what it needs).
  validationError: { target: false, value: false },
};

/** Limits shared by every text field, and by the client's forms, which show and check them (@samplan/schema). */
export { TEXT_LIMITS } from '@samplan/schema';

export const DAY_MESSAGE = 'Skal være en dato (ÅÅÅÅ-MM-DD).';

/** How a phone number is stored, by the rule both tiers share. */
export { normalPhone } from '@samplan/schema';

/**
 * A phone number as people write it, by the rule both tiers share (`isPhone` from
 * @samplan/schema), judged as it is stored (`normalPhone`): the pattern counts the spaces
 * between the digits, and runs of them are made one before the number is stored, so "12   345"
 * would match as written and be five digits stored, which app_user's CHECK (migration 24)
 * refuses as a masked internal error. Null and undefined are left to IsOptional.
 */
export function IsPhone(): PropertyDecorator {
  const validate = (value: unknown) => typeof value === 'string' && isPhone(value);
  return ValidateBy({ name: 'isPhone', validator: { validate, defaultMessage: () => PHONE_MESSAGE } }, { message: PHONE_MESSAGE });
}

/** A text over its limit, said with the limit, where the field gives no words of its own. */
const tooLongText = (max: number | string) => `Teksten må højst være ${max} tegn.`;

/** A text's ends, as the services that trim store it. */
const trimmedIf = (trimmed: boolean | undefined, text: string) => (trimmed ? text.trim() : text);

/**
 * Text of at most `max` characters, counted as PostgreSQL's char_length counts them (code points,
 * `charCount` from @samplan/schema, as the client's forms count). class-validator's MaxLength
 * counts "❤️" (a heart and U+FE0F) as one character where the table's CHECK counts two, so a text
 * within its limit by MaxLength failed the write as a masked internal error, and a field without
 * a CHECK took twice its limit. It counts the text as it will be stored: with `trimmed`, where
 * the service trims the ends before it stores it (spaces pasted around a text at its limit are
 * not refused); without, as it was sent. `each` checks every text of a list. Any other value
 * fails, as with MaxLength; IsOptional says whether null may be left out.
 */
export function MaxChars(max: number, options: ValidationOptions & { trimmed?: boolean } = {}): PropertyDecorator {
  const { trimmed, ...given } = options;
  const validate = (value: unknown) => typeof value === 'string' && charCount(trimmedIf(trimmed, value)) <= max;
  return ValidateBy({ name: 'maxChars', constraints: [max], validator: { validate, defaultMessage: () => tooLongText(max) } }, given);
}

/**
 * A real calendar day, 'YYYY-MM-DD' (2024-02-29 yes, 2024-02-31 no), by the same rule the
 * client uses (`isIsoDay` from @samplan/schema). class-validator's IsISO8601 with
 * `strict` would also take '2024-02-31' in some versions and takes times as well.
 */
export function IsIsoDay(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    { name: 'isIsoDay', validator: { validate: (value: unknown) => isIsoDay(value) && isKeptDay(value), defaultMessage: () => DAY_MESSAGE } },
    { message: (args) => (isIsoDay(args.value) ? YEARS_MESSAGE : DAY_MESSAGE), ...options },
  );
}

/**
 * The years a date given to Samplan may fall in. A programme, a samtale or an activity lies
 * in a working life, so a day outside these is a typing error; and PostgreSQL has no year 0,
 * so "0000-01-01" (a real day to the calendar rule) would otherwise fail deep in a write as a
 * masked internal error instead of being answered by its field.
 */
export const KEPT_YEARS = { first: 1900, last: 2199 } as const;
export const YEARS_MESSAGE = `Datoen skal ligge mellem år ${KEPT_YEARS.first} og ${KEPT_YEARS.last}.`;

/** A day (or month, 'YYYY-MM') whose year is among KEPT_YEARS. */
export function isKeptDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return year >= KEPT_YEARS.first && year <= KEPT_YEARS.last;
}

/**
 * Text that is more than blanks, of at most `max` characters once its ends are trimmed (the
 * services store it trimmed): `@Length(1, max)` lets "   " through, to be stored as "".
 * Characters are counted as MaxChars counts them. `options.each` checks every text of a list.
 *
 * With `subject` (the field as the message names it, "Titlen"), the message says what is wrong
 * with the text sent: "Titlen skal udfyldes." when it is empty or blanks, "Titlen må højst være
 * 200 tegn." when it is too long; one sentence for both told a user with a filled-in title that it
 * "skal udfyldes".
 */
export function IsFilledText(max: number, options: string | (ValidationOptions & { message: string }) | (ValidationOptions & { subject: string })): PropertyDecorator {
  const given = typeof options === 'string' ? { message: options } : options;
  const length = (value: unknown) => (typeof value === 'string' ? charCount(value.trim()) : null);
  const validate = (value: unknown) => {
    const count = length(value);
    return count !== null && count >= 1 && count <= max;
  };
  if (!('subject' in given)) return ValidateBy({ name: 'isFilledText', validator: { validate, defaultMessage: () => given.message } }, given);
  const { subject, ...validation } = given;
  // With `each`, the message is made once for the whole list: it speaks of the first text refused.
  const message = (args: ValidationArguments) => {
    const refused = Array.isArray(args.value) && validation.each ? args.value.find((v) => !validate(v)) : args.value;
    const count = length(refused);
    return count !== null && count > max ? `${subject} må højst være ${max} tegn.` : `${subject} skal udfyldes.`;
  };
  return ValidateBy({ name: 'isFilledText', validator: { validate, defaultMessage: message } }, { ...validation, message });
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** An instant: a day, a time and the time zone it is in ("2026-03-12T10:00:00+01:00", "…Z"). */
/**
 * An e-mail address as a person pastes it: spaces around it are no part of it (the service
 * trims it before it stores it), so they do not make it invalid. Null and undefined pass (optional).
 */
export function IsEmailAddress(message: string): PropertyDecorator {
  const validate = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && isEmail(value.trim()));
  return ValidateBy({ name: 'isEmailAddress', validator: { validate, defaultMessage: () => message } }, { message });
}

export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  return !!m && isIsoDay(m[1]) && !Number.isNaN(Date.parse(value));
}

/**
 * A point in time, with its time zone written out. IsISO8601 also takes "2026-03-12T10:00"
 * and "2026-03-12", which the server would read in its own time zone: a samtale booked at
 * 10.00 in a browser in UTC would be stored an hour off the Danish time everyone sees.
 * Its day, as written, lies in KEPT_YEARS.
 */
export function IsInstant(message: string): PropertyDecorator {
  const validate = (value: unknown) => isInstant(value) && isKeptDay(value as string);
  return ValidateBy(
    { name: 'isInstant', validator: { validate, defaultMessage: () => message } },
    { message: (args) => (isInstant(args.value) ? YEARS_MESSAGE : message) },
  );
}

/**
 * Danish for a constraint whose decorator gave no message of its own; class-validator's
 * default messages are English and start with the property name.
 */
const DANISH_DEFAULTS: Record<string, string | ((english: string) => string)> = {
  isInt: 'Skal være et helt tal.',
  min: 'Tallet er for lille.',
  max: 'Tallet er for stort.',
  // The limit, read from class-validator's own words ("… must be shorter than or equal to 200 characters").
  maxLength: (english) => {
    const limit = /(\d+) characters$/.exec(english)?.[1];
    return limit ? tooLongText(limit) : 'Teksten er for lang.';
  },
  minLength: 'Teksten er for kort.',
  isLength: 'Teksten har en ugyldig længde.',
  arrayMaxSize: 'Der er valgt for mange.',
  arrayMinSize: 'Der er valgt for få.',
  isUuid: 'Ukendt id.',
  isIn: 'Ugyldigt valg.',
  isIsoDay: DAY_MESSAGE,
  isIso8601: 'Skal være et tidspunkt.',
};
const DEFAULT_DANISH = 'Værdien er ikke gyldig.';
const ENGLISH_DEFAULT = /^(each value in )?\S+ (must|should|has)\b/;

function danish(constraint: string, message: string): string {
  if (!ENGLISH_DEFAULT.test(message)) return message;
  const said = DANISH_DEFAULTS[constraint] ?? DEFAULT_DANISH;
  return typeof said === 'function' ? said(message) : said;
}

/** The first failing field in input order, with a dotted path for nested inputs ("details.hoursPerWeek"). */
export function firstProblem(errors: readonly ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const [constraint, message] = Object.entries(e.constraints ?? {})[0] ?? [];
    if (constraint !== undefined && message !== undefined) return { field, message: danish(constraint, message) };
    const nested = firstProblem(e.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** Every failing field, each with its first message, in input order (a file's row is told all that is wrong with it at once). */
export function everyProblem(errors: readonly ValidationError[]): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const first = firstProblem([e]);
    return first ? [first] : [];
  });
}

/**
 * Every failing field, nested inputs and lists too ("details.hoursPerWeek", "guests.0.name"),
 * each with its first message, in the order the validator met them.
 */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const [constraint, message] = Object.entries(e.constraints ?? {})[0] ?? [];
    if (constraint !== undefined && message !== undefined) return [{ field, message: danish(constraint, message) }];
    return fieldProblems(e.children ?? [], field);
  });
}

/**
 * type-graphql's ArgumentValidationError as the API's BAD_USER_INPUT: every field that is
 * wrong, at once, in `extensions.problems` ({ field, message } each), so a form
 * shows each message at its field instead of one per save. The first of them is also the
 * error's message and `extensions.field`, as a client that reads one field expects.
 * Anything else: null.
 */
export function asBadInput(error: unknown): AppError | null {
  if (!(error instanceof ArgumentValidationError)) return null;
  const problems = fieldProblems((error.extensions.validationErrors ?? []) as ValidationError[]);
  const [first] = problems;
  return first ? new AppError('BAD_USER_INPUT', first.message, { field: first.field, problems }) : badInput('input', DEFAULT_DANISH);
}
