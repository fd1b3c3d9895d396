import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * A CONFLICT from the API: the record was changed since we read it (stale
 * `expectedVersion`). `extensions.current` is the record as it is now, with the API's
 * field names (server: core/db/versioned-update.ts).
 */
export interface Conflict {
  current: Record<string, unknown> & { version: number };
  message: string;
}

export function conflictOf(error: unknown): Conflict | null {
  const found = anyConflictOf(error);
  const current = found?.current;
  if (!found || !current || typeof current.version !== 'number') return null;
  return { current: current as Conflict['current'], message: found.message };
}

/**
 * A CONFLICT from the API on a record without a version, e.g. a current assignment held by its
 * id (`expectedCurrentId`): `current` is the one that holds now, or null when none does.
 */
export function anyConflictOf(error: unknown): { current: Record<string, unknown> | null; message: string } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const found = error.errors.find((e) => e.extensions?.code === 'CONFLICT');
  if (!found) return null;
  const current = found.extensions?.current;
  return { current: current && typeof current === 'object' ? (current as Record<string, unknown>) : null, message: found.message };
}

/**
 * The id of who saved the record as it is now, when the record names them: `updatedBy { id }`
 * as the API reads it, or `updatedById` as a CONFLICT's `current` carries the stored record.
 */
export function savedByIdOf(current: Record<string, unknown>): string | null {
  const by = current.updatedBy as { id?: unknown } | null | undefined;
  if (by && typeof by.id === 'string') return by.id;
  return typeof current.updatedById === 'string' ? current.updatedById : null;
}

/** Who saved the record as it is now, when the record names them (`updatedBy { name }`). */
export function savedByOf(current: Record<string, unknown>): string | null {
  const by = current.updatedBy as { name?: unknown } | null | undefined;
  return by && typeof by.name === 'string' ? by.name : null;
}

/**
 * What the user chose for one of their changed fields in the conflict view: a merged text, or
 * another option picked (its value as text), with the texts of other fields it brings (`follows`:
 * an end date with Afsluttet), as shown at the pick.
 */
export type FieldChoice =
  | { take: 'mine' }
  | { take: 'theirs' }
  | { take: 'merged'; text: string }
  | { take: 'picked'; text: string; follows?: Readonly<Record<string, string>> };

/**
 * The values to save after a conflict: mine where kept, the merged text where merged and the
 * option where another was picked (as the API takes it, `valueOfText`); a field where theirs was
 * taken is not sent, so it stays as they saved it.
 */
export function chosenValues(
  choices: Readonly<Record<string, FieldChoice>>,
  mine: Readonly<Record<string, unknown>>,
  valueOfText: (key: string, text: string) => unknown,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, choice] of Object.entries(choices)) {
    if (!(key in mine)) continue;
    if (choice.take === 'mine') values[key] = mine[key];
    else if (choice.take === 'merged' || choice.take === 'picked') values[key] = valueOfText(key, choice.text);
  }
  return values;
}

/**
 * The text a merge starts from: theirs, then mine, each as written. When one already
 * holds the other, that one alone.
 */
export function mergeDraft(theirs: string, mine: string): string {
  const a = theirs.trim();
  const b = mine.trim();
  if (!a) return mine;
  if (!b || a.includes(b)) return theirs;
  if (b.includes(a)) return mine;
  return `${a}\n\n${b}`;
}

/** The field a BAD_USER_INPUT error points at, with the server's (Danish) message. */
export function fieldErrorOf(error: unknown): { field: string; message: string } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const found = error.errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT' && typeof e.extensions?.field === 'string');
  return found ? { field: found.extensions!.field as string, message: found.message } : null;
}

/**
 * "{subject} er ændret af en anden", or, when the newer save is the user's own in another window
 * of the plan, "{subject} er gemt af dig i et andet vindue": the opening of a notice of a save
 * made while a form was open.
 */
export function changedMeanwhile(subject: string, byMe: boolean): string {
  return byMe ? `${subject} er gemt af dig i et andet vindue` : `${subject} er ændret af en anden`;
}
