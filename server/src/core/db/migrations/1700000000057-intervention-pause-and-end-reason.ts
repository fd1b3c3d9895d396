import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two facts an intervention now keeps of its own:
 *
 * - `paused_on`, the day (in Denmark) it was set to "Sat på pause", while it is. The key
 *   figures count ordinary paid hours as no longer in force from that day. They used to take
 *   the day of the intervention's last change (`updated_at`) instead, so a later edit of a
 *   paused intervention (its notes, its title) moved the day, and a month gone by could change
 *   its figure. The rows paused now get the day of the event that set them paused, the change
 *   the plan's history tells; one paused with no such event (stored before the events recorded
 *   their record, or written outside the application) gets the day of its last change, as
 *   the figures took it until now. The database holds the two together: a paused intervention
 *   has its day, and no other has one.
 * - `end_reason`, why an intervention was set to "Afsluttet" or "Annulleret", written by the
 *   unit that owns it (modules/intervention). Only an ended or annulled intervention has one:
 *   one set going again loses it. Those already ended keep none; nothing is made up for them.
 *
 * The tables are under forced row-level security (migration 11), which binds their owner too:
 * it is lifted for this transaction, as in migration 16, so the back-fill reaches every
 * municipality whether or not the migrating role is a superuser. The events are read through
 * plan_event_plan_entity_idx (migration 22), one paused intervention at a time.
 */
export class InterventionPauseAndEndReason1700000000057 implements MigrationInterface {
  name = 'InterventionPauseAndEndReason1700000000057';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE intervention NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event NO FORCE ROW LEVEL SECURITY;

      ALTER TABLE intervention ADD COLUMN paused_on date, ADD COLUMN end_reason text;

      UPDATE intervention i
         SET paused_on = COALESCE(
               (SELECT (e.at AT TIME ZONE 'Europe/Copenhagen')::date
                  FROM plan_event e
                 WHERE e.plan_id = i.plan_id AND e.entity_id = i.id
                   AND e.kind IN ('INTERVENTION_STATUS_CHANGED', 'INTERVENTION_CREATED')
                   AND e.payload #>> '{entity,status}' = 'PAUSED'
                 ORDER BY e.seq DESC LIMIT 1),
               (i.updated_at AT TIME ZONE 'Europe/Copenhagen')::date)
       WHERE i.status = 'PAUSED';

      ALTER TABLE intervention
        ADD CONSTRAINT intervention_paused_on_check CHECK ((status = 'PAUSED') = (paused_on IS NOT NULL)),
        ADD CONSTRAINT intervention_end_reason_check CHECK (end_reason IS NULL OR status IN ('COMPLETED', 'CANCELLED'));

      ALTER TABLE intervention FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event FORCE ROW LEVEL SECURITY;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE intervention DROP CONSTRAINT intervention_end_reason_check, DROP CONSTRAINT intervention_paused_on_check;
      ALTER TABLE intervention DROP COLUMN end_reason, DROP COLUMN paused_on;
    `);
  }
}
