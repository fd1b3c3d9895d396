import { validate, type ValidationError } from 'class-validator';
import { badInput } from './errors/app-errors';

function firstError(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const message = Object.values(e.constraints)[0];
      return { field, message };
    }
    if (e.children?.length) {
      const nested = firstError(e.children, field);
      if (nested) return nested;
    }
  }
  return null;
}

/** Validates an input object; the first problem becomes BAD_USER_INPUT naming the field. */
export async function validateInput<T extends object>(input: T): Promise<T> {
  const errors = await validate(input, { forbidUnknownValues: false });
  const first = firstError(errors);
  if (first) throw badInput(first.field, first.message);
  return input;
}

/** Limits shared by every text field. */
export const TEXT_LIMITS = { title: 200, short: 1000, long: 4000 } as const;
