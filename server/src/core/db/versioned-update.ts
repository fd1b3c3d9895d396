import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../errors/app-errors';

/**
 * Optimistic concurrency that really guards the write (TypeORM's version column only
 * increments): UPDATE … WHERE id = $1 AND version = $2. Zero rows means someone else
 * wrote first: the caller gets CONFLICT carrying the current record, and nothing is written.
 */
export async function updateVersioned(
  m: EntityManager,
  table: string,
  id: string,
  expectedVersion: number,
  sets: Record<string, unknown>,
  current: () => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const columns = Object.keys(sets);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
  assignments.push('version = version + 1');
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [rows] = (await m.query(
    `UPDATE ${table} SET ${assignments.join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
    [id, expectedVersion, ...columns.map((c) => sets[c])],
  )) as [Array<Record<string, unknown>>, number];
  if (rows[0]) return rows[0];
  const now = await current();
  if (!now) throw notFound();
  throw conflict('Posten er ændret af en anden, siden du hentede den. Se den nye version.', now);
}
