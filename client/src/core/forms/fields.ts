import type { ConflictField } from './ConflictView';

/** One editable field of a form: how it is entered, and how it is shown in the conflict view. */
export interface EditField extends ConflictField {
  /** `datetime` is a local date and time (`<input type="datetime-local">`). */
  input: 'text' | 'textarea' | 'date' | 'datetime' | 'decimal' | 'integer' | 'select';
  options?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  /** Bounds for a number, as the server checks them. */
  min?: number;
  max?: number;
}

/** The form's text for a value. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The API value for the form's text; undefined when it cannot be parsed. */
export function fromText(field: EditField, text: string): unknown {
  const t = text.trim();
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
  if (value === undefined) return field.input === 'integer' ? 'Skriv et helt tal.' : 'Skriv et tal, fx 1,5.';
  if (field.required && (value === null || (typeof value === 'string' && !value.trim()))) {
    return field.input === 'select' ? `Vælg ${field.label.toLowerCase()}.` : `Skriv ${field.label.toLowerCase()}.`;
  }
  const { min, max } = field;
  if (typeof value === 'number' && min !== undefined && max !== undefined && (value < min || value > max)) {
    return `${field.label} skal være mellem ${min} og ${max}.`;
  }
  return null;
}
