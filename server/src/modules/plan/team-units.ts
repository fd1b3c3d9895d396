import type { EntityManager } from 'typeorm';
import { badInput, ruleViolation } from '../../core/errors/app-errors';

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

/**
 * Only the unit that owns an intervention changes it (plan.policy.ts): a unit taken off a
 * running plan's team would leave its open interventions there with nobody to end them.
 * Read in the transaction that takes the unit off, under the programme's lock.
 */
export async function refuseOpenInterventions(m: EntityManager, planId: string, unit: { id: string; name: string }): Promise<void> {
  const [{ n }]: Array<{ n: number }> = await m.query(
    `SELECT count(*)::int AS n FROM intervention WHERE plan_id = $1 AND unit_id = $2 AND status IN ('PLANNED', 'ACTIVE', 'PAUSED')`, [planId, unit.id]);
  if (n > 0) {
    throw ruleViolation('UNIT_HAS_OPEN_INTERVENTIONS', n === 1
      ? `${unit.name} har 1 indsats på planen, der ikke er afsluttet. Enheden skal sætte den til Afsluttet (eller Annulleret, hvis den aldrig er begyndt), før enheden fjernes fra teamet.`
      : `${unit.name} har ${n} indsatser på planen, der ikke er afsluttet. Enheden skal sætte dem til Afsluttet (eller Annulleret, hvis de aldrig er begyndt), før enheden fjernes fra teamet.`);
  }
}
