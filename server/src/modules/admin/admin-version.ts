import { IsInt, Min } from 'class-validator';
import { Field, Int } from 'type-graphql';
import { conflict } from '../../core/errors/app-errors';

/**
 * `expectedVersion` on an administrator's change of a person or unit (`what`: "medarbejderen",
 * "enheden"): the version the administrator read. Required: the only client is ours, and a
 * change without it would overwrite another administrator's unseen.
 */
export function ExpectedVersionField(what: string): PropertyDecorator {
  return (target, key) => {
    Field(() => Int, { description: `Den version, der blev læst: er ${what} ændret siden, afvises ændringen (CONFLICT) med den nyeste version.` })(target, key);
    IsInt()(target, key as string);
    Min(1)(target, key as string);
  };
}

/**
 * The optimistic check of an administrator's change, made on the row the change has locked
 * (FOR UPDATE, inside administratorWrite's transaction), so no other change can come between
 * the check and the write. A version the administrator did not read is a CONFLICT carrying the
 * record as it is now, in its GraphQL shape, so the form can show it; the transaction then
 * rolls back, and nothing is written, neither the change nor its line in the administration log.
 */
export function refuseStale(found: { version: number }, expectedVersion: number, message: string, current: () => Record<string, unknown>): void {
  if (found.version !== expectedVersion) throw conflict(message, current());
}
