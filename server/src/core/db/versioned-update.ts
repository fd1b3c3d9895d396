import { IsInt, IsOptional, Min } from 'class-validator';
import { Field, Int } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { conflict, notFound, type ReadAs } from '../errors/app-errors';
import { keepPrepared } from './statement-batch';

/** One versioned write: the row exactly as it was when the write applied, and as it is after. */
export interface VersionedChange {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * Optimistic concurrency that really guards the write (TypeORM's version column only
 * increments): the row with id = $1 AND version = $2 is locked and updated in one
 * statement. Zero rows means someone else wrote first: the caller gets CONFLICT carrying
 * the current record (`current`, as the caller may read it: conflict() in app-errors.ts, with
 * `readAs` for its keys that are no fields), and nothing is written.
 *
 * Both versions of the row come back from that one statement, so what an event reports
 * as "before" is the very row the write replaced — never a copy read earlier in the
 * request, which another writer may have changed since. The lock (FOR UPDATE) makes a
 * concurrent writer of the same version wait and then find the version moved: CONFLICT.
 */
export async function updateVersionedChange(
  m: EntityManager,
  table: string,
  id: string,
  expectedVersion: number,
  sets: Record<string, unknown>,
  current: () => Promise<unknown>,
  readAs?: ReadAs,
): Promise<VersionedChange> {
  const columns = Object.keys(sets);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
  assignments.push('version = target.version + 1');
  // The two row versions as two rows of the table's own type, so every column keeps the
  // type the driver gives it (a timestamp a Date, as `RETURNING *` always gave it).
  const rows: Array<Record<string, unknown> & { samplan_after: boolean }> = await m.query(
    keepPrepared(`WITH old AS (SELECT * FROM ${table} WHERE id = $1 AND version = $2 FOR UPDATE),
          new AS (UPDATE ${table} AS target SET ${assignments.join(', ')} FROM old WHERE target.id = old.id RETURNING target.*)
     SELECT false AS samplan_after, old.* FROM old
     UNION ALL SELECT true, new.* FROM new`),
    [id, expectedVersion, ...columns.map((c) => sets[c])],
  );
  const strip = ({ samplan_after: _, ...row }: Record<string, unknown>) => row;
  const before = rows.find((r) => !r.samplan_after);
  const after = rows.find((r) => r.samplan_after);
  if (before && after) return { before: strip(before), after: strip(after) };
  const now = await current();
  if (!now) throw notFound();
  throw conflict('Posten er ændret af en anden, siden du hentede den. Se den nye version.', now, readAs);
}

/**
 * `baseVersion` on a versioned update input: the version the user started editing from.
 * After a CONFLICT the client saves again with the current version as `expectedVersion`
 * and this one as `baseVersion`, so the event can say whose saved values the save replaced.
 * `lowest` is the lowest version the record has: 0 where a record not yet written is
 * edited as version 0 (a description section), so a conflict on its first writing saves too.
 */
export function BaseVersionField(lowest: 0 | 1 = 1): PropertyDecorator {
  return (target, key) => {
    Field(() => Int, { nullable: true, description: 'Den version, du begyndte at redigere fra (efter en konflikt): så viser ændringen, hvis gemte værdier den erstattede.' })(target, key);
    IsOptional()(target, key as string);
    IsInt({ message: 'Versionen skal være et helt tal.' })(target, key as string);
    Min(lowest, { message: `Versionen skal være ${lowest} eller mere.` })(target, key as string);
  };
}
