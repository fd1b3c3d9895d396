import { describeError } from '../errors';

/** Danish problems by field key, shown next to the field they are about. */
export type Problems = Record<string, string>;

/**
 * The server's own (Danish) message, placed by the field it is about: an error that names
 * its field (`extensions.field`: BAD_USER_INPUT, or a duplicate such as DUPLICATE_STAFF on
 * the e-mail), mapped through `aliases` when the form calls it something else; a
 * RULE_VIOLATION names its rule, and `ruleFields` says which field the rule is about (e.g.
 * PLAN_PERIOD_TOO_SHORT is about the plan period's end).
 */
export function problemsFromServer(
  error: unknown,
  fields: readonly string[],
  options: { ruleFields?: Readonly<Record<string, string>>; aliases?: Readonly<Record<string, string>> } = {},
): Problems {
  const info = describeError(error);
  const message = info.detail ?? info.message;
  if (info.field) {
    const field = options.aliases?.[info.field] ?? info.field;
    return fields.includes(field) ? { [field]: message } : {};
  }
  if (info.kind === 'RULE_VIOLATION' && info.rule) {
    const field = options.ruleFields?.[info.rule];
    return field && fields.includes(field) ? { [field]: message } : {};
  }
  return {};
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
