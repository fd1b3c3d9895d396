import { describeError } from '../errors';

/** Danish problems by field key, shown next to the field they are about. */
export type Problems = Record<string, string>;

type ServerFieldOptions = { ruleFields?: Readonly<Record<string, string>>; aliases?: Readonly<Record<string, string>> };

/**
 * The server's own (Danish) messages, placed by the fields they are about: an error that names
 * its fields (BAD_USER_INPUT, every field that is wrong at once; or a duplicate such as
 * DUPLICATE_STAFF on the e-mail, `extensions.field`), mapped through `aliases` when the form calls
 * one something else; a RULE_VIOLATION names its rule, and `ruleFields` says which field the rule
 * is about (e.g. PLAN_PERIOD_TOO_SHORT is about the plan period's end). `whole`: every problem
 * the error told found a field of the form.
 */
function placedAtFields(error: unknown, fields: readonly string[], options: ServerFieldOptions): { problems: Problems; whole: boolean } {
  const info = describeError(error);
  const message = info.detail ?? info.message;
  const told = info.problems ?? (info.field ? [{ field: info.field, message }] : []);
  if (told.length) {
    const problems: Problems = {};
    let whole = true;
    for (const problem of told) {
      const field = options.aliases?.[problem.field] ?? problem.field;
      if (fields.includes(field)) problems[field] ??= problem.message;
      else whole = false;
    }
    return { problems, whole };
  }
  if (info.kind === 'RULE_VIOLATION' && info.rule) {
    const field = options.ruleFields?.[info.rule];
    return field && fields.includes(field) ? { problems: { [field]: message }, whole: true } : { problems: {}, whole: false };
  }
  return { problems: {}, whole: false };
}

/** The server's refusal by the fields it is about (see placedAtFields); a problem by field key. */
export function problemsFromServer(error: unknown, fields: readonly string[], options: ServerFieldOptions = {}): Problems {
  return placedAtFields(error, fields, options).problems;
}

/**
 * Whether all the server said is shown by the form's fields (problemsFromServer): each field
 * has its message and the error summary lists them, so a box with the same words would say it a
 * third time. A refusal of a field the form does not have, or of no field, is said in the box.
 */
export function toldAtFields(error: unknown, fields: readonly string[], options: ServerFieldOptions = {}): boolean {
  const { problems, whole } = placedAtFields(error, fields, options);
  return whole && Object.keys(problems).length > 0;
}

/** The title over a failed save: "fix the field" when the message sits by a field. */
export function failureTitle(problems: Problems, fallback: string): string {
  return Object.keys(problems).length ? 'Ret feltet, og prøv igen' : fallback;
}

/** A copy without one key, for clearing a field's problem as the user types. */
export function without<P extends Readonly<Record<string, string | undefined>>>(problems: P, key: string): P {
  if (problems[key] === undefined) return problems;
  const { [key]: _gone, ...rest } = problems;
  return rest as P;
}
