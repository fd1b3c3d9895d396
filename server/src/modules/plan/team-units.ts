import type { EntityManager } from 'typeorm';
import { badInput } from '../../core/errors/app-errors';

/**
 * A closed unit joins no plan. The units are read under a share lock, in the transaction that
 * puts them on the team: an administrator closing one of them at the same moment (closeUnit
 * locks the unit for update, then looks for teams) either waits for this team to commit and
 * sees it, or commits first and is seen here.
 */
export async function refuseClosedUnits(m: EntityManager, unitIds: readonly string[], field: string): Promise<void> {
  if (unitIds.length === 0) return;
  const closed: Array<{ name: string }> = await m.query(
    `SELECT name, closed_at FROM unit WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
    [unitIds],
  ).then((rows: Array<{ name: string; closed_at: Date | null }>) => rows.filter((r) => r.closed_at));
  if (closed.length) throw badInput(field, `${closed.map((u) => u.name).join(', ')} er lukket og kan ikke komme på en plan.`);
}
