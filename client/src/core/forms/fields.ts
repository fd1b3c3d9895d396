import { charCount, danishWallTimeProblem, isIsoDay, isPhone, PHONE_MESSAGE, tooLongMessage } from '@samplan/schema';
import type { ConflictField } from './ConflictView';

/** One editable field of a form: how it is entered, and how it is shown in the conflict view. */
export interface EditField extends ConflictField {
  /**
   * `datetime` is a local date and time (`<input type="datetime-local">`); `choices` is any
   * number of the options, as check boxes, held as the chosen values in order, joined by commas;
   * `checkbox` is one yes or no (a boolean), its label beside the box, held as "true" or "false".
   */
  input: 'text' | 'textarea' | 'date' | 'datetime' | 'decimal' | 'integer' | 'select' | 'choices' | 'checkbox';
  options?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  /** What to point out about the value typed, below the field, without refusing it (e.g. a time outside a period). */
  note?: (text: string) => string | null;
  /** Bounds for a number, as the server checks them. */
  min?: number;
  max?: number;
  /**
   * A text's limit, in characters as the server counts them (`charCount`), e.g. TEXT_LIMITS.title
   * from @samplan/schema: said in the field's hint and checked before sending.
   */
  maxChars?: number;
  /** For the end of a period: the key of the field it may not lie before (default: `endDate` after `startDate`). */
  notBefore?: string;
}

/** The form's text for a value; a list of choices in a stable order. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return choicesText(value.map(String));
  return String(value);
}

/** The form's text for a field's value: a decimal with the Danish comma, as the card shows it ("7,5"). */
export function textFor(field: EditField, value: unknown): string {
  if (field.input === 'checkbox') return value === true ? 'true' : 'false';
  const text = toText(value);
  return field.input === 'decimal' ? text.replace('.', ',') : text;
}

export const isNumberField = (field: EditField): boolean => field.input === 'decimal' || field.input === 'integer';

/**
 * Whether a number field's text holds the value it had, compared as numbers: "7,5", "7.5" and
 * "7,50" over a stored 7.5 are no change (a save of it would raise the version and tell everyone
 * on the plan of a change that is none).
 */
export function sameNumber(field: EditField, text: string, value: unknown): boolean {
  const typed = fromText(field, text);
  const before = value === null || value === undefined || value === '' ? null : Number(value);
  return typed !== undefined && typed === before;
}

/** The text a `choices` field holds: the chosen values, sorted, joined by commas. */
export function choicesText(values: readonly string[]): string {
  return [...new Set(values)].sort().join(',');
}

/** The chosen values of a `choices` field's text. */
export function choicesOf(text: string): string[] {
  return text.split(',').filter(Boolean);
}

/** The API value for the form's text; undefined when it cannot be parsed. */
export function fromText(field: EditField, text: string): unknown {
  const t = text.trim();
  if (field.input === 'checkbox') return t === 'true';
  if (field.input === 'choices') return choicesOf(t);
  if (field.input === 'decimal') {
    if (t === '') return null;
    const n = Number(t.replace(',', '.'));
    return Number.isFinite(n) ? n : undefined;
  }
  if (field.input === 'integer') {
    if (t === '') return null;
    const n = Number(t);
    return Number.isInteger(n) ? n : undefined;
  }
  if (field.input === 'date' || field.input === 'select') return t === '' ? null : t;
  return field.input === 'textarea' ? text : t;
}

/** What is wrong with a field's text, in Danish, or null; checked before anything is sent. */
export function problemOf(field: EditField, text: string): string | null {
  const value = fromText(field, text);
  // Names its field, as the error summary at the top of the form lists it apart from the field.
  if (value === undefined) {
    const label = field.label.toLowerCase();
    return field.input === 'integer' ? `Skriv et helt tal i ${label}.` : `Skriv et tal i ${label}, fx 1,5.`;
  }
  if (field.required && (value === null || (typeof value === 'string' && !value.trim()))) {
    return field.input === 'select' ? `Vælg ${field.label.toLowerCase()}.` : `Skriv ${field.label.toLowerCase()}.`;
  }
  if (typeof value === 'string' && value !== '' && !isRealDate(field, value)) {
    return field.input === 'datetime' ? `Skriv en rigtig dato og et klokkeslæt i ${field.label.toLowerCase()}.` : `${field.label} skal være en rigtig dato, fx 31.12.2026.`;
  }
  // A time no Danish clock shows (the hour skipped when summer time begins), rather than the hour before it.
  const skipped = field.input === 'datetime' && typeof value === 'string' ? danishWallTimeProblem(value) : null;
  if (skipped) return skipped;
  if (typeof value === 'string' && field.maxChars !== undefined && charCount(value) > field.maxChars) {
    return tooLongMessage(field.label, field.maxChars, value);
  }
  const { min, max } = field;
  if (typeof value === 'number' && min !== undefined && max !== undefined && (value < min || value > max)) {
    return `${field.label} skal være mellem ${min} og ${max}.`;
  }
  return null;
}

/** A count as Danish writes it: "4.000". */
const danishCount = (n: number) => n.toLocaleString('da-DK');

/** The field's hint, with its limit where it has one: "… Højst 200 tegn." */
export function hintOf(field: EditField): string | undefined {
  const limit = field.maxChars !== undefined ? `Højst ${danishCount(field.maxChars)} tegn.` : null;
  return [field.hint, limit].filter(Boolean).join(' ') || undefined;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** A day that exists (not 2026-02-30), and for a local date and time a real time of day too. */
function isRealDate(field: EditField, text: string): boolean {
  if (field.input === 'date') return isIsoDay(text.trim());
  if (field.input === 'datetime') {
    const [day, time] = text.trim().split('T');
    return isIsoDay(day) && LOCAL_TIME.test(time ?? '');
  }
  return true;
}

/** The field a period's end may not lie before: its own `notBefore`, or `startDate` for an `endDate`. */
function startOf(field: EditField, fields: readonly EditField[]): EditField | undefined {
  const key = field.notBefore ?? (field.key === 'endDate' ? 'startDate' : undefined);
  return key ? fields.find((f) => f.key === key && f.input === field.input) : undefined;
}

/**
 * A period that ends before it starts, checked in the browser where the form has both
 * dates (the server checks it again): "Slutdato må ikke ligge før startdato."
 */
export function periodProblems(fields: readonly EditField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const end of fields) {
    const start = startOf(end, fields);
    if (!start) continue;
    const [from, to] = [values[start.key]?.trim() ?? '', values[end.key]?.trim() ?? ''];
    if (!from || !to || !isRealDate(start, from) || !isRealDate(end, to)) continue;
    // ISO dates (and local date-times) order as text.
    if (to < from) problems[end.key] = `${end.label} må ikke ligge før ${start.label.toLowerCase()}.`;
  }
  return problems;
}

/** A phone number as the server takes it (digits and spaces, an optional leading +); empty means no number. */
export function phoneProblems(phone: string | undefined, key = 'phone'): Record<string, string> {
  return phone?.trim() && !isPhone(phone) ? { [key]: PHONE_MESSAGE } : {};
}
