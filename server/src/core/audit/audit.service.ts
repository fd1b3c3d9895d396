import type { Actor } from '../auth/actor';
import type { Queryable } from '../db/queryable';

export type AuditOutcome = 'ALLOWED' | 'DENIED';

export interface AuditEntry {
  actor: Actor | null;
  /** e.g. READ_PLAN, UPDATE_INTERVENTION. */
  action: string;
  entityType: string;
  entityId?: string | null;
  citizenId?: string | null;
  outcome: AuditOutcome;
  detail?: string;
}

/**
 * Writes one audit row. For a write, pass the transaction's manager so the row commits
 * (or rolls back) with the change; for a denial, pass the data source so the row
 * survives the refused operation.
 */
export async function recordAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (municipality_id, actor_id, actor_unit_id, action, entity_type, entity_id, citizen_id, outcome, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      e.actor?.municipalityId ?? null,
      e.actor?.userId ?? null,
      e.actor?.unitId ?? null,
      e.action,
      e.entityType,
      e.entityId ?? null,
      e.citizenId ?? null,
      e.outcome,
      e.detail ?? null,
    ],
  );
}
