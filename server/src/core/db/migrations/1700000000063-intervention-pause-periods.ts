import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * Every pause of an intervention, not only the current one (`intervention_pause`): the day it was
 * set to "Sat på pause" and the day it left it, and who did each. The intervention's own
 * `paused_on` (migration 57) stays the day of the current pause. With only that day kept, an
 * intervention set going again counted as in force in the months it had been paused, and a
 * month gone by changed its key figure when the intervention was paused again later; the key
 * figures now count ordinary hours as out of force on the days of any period.
 *
 * Back-filled from the plan's history: the events that created an intervention or changed its
 * status, with the record as it was after them (`payload.entity.status`, as migration 57 read
 * them), in order. A step into "Sat på pause" opens a period on its Danish day, the next step out
 * of it closes it on its day. The current pause of one paused now is the day it keeps
 * (`paused_on`, from its event, else its last change). A pause whose end the history does not
 * tell (events stored before they recorded their record, or a change made outside Samplan) is
 * left out: nothing is made up.
 *
 * Tenant isolation as for every table holding citizen data (migration 11). The tables read are
 * under forced row-level security, which binds their owner too: it is lifted for this
 * transaction, as in migrations 57 and 58, so the back-fill reaches every municipality whether or
 * not the migrating role is a superuser.
 */
export class InterventionPausePeriods1700000000063 implements MigrationInterface {
  name = 'InterventionPausePeriods1700000000063';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intervention_pause (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        intervention_id uuid NOT NULL REFERENCES intervention(id),
        paused_on date NOT NULL,
        paused_by uuid REFERENCES app_user(id),
        resumed_on date,
        resumed_by uuid REFERENCES app_user(id),
        CONSTRAINT intervention_pause_order CHECK (resumed_on IS NULL OR resumed_on >= paused_on),
        CONSTRAINT intervention_pause_resumed_by CHECK (resumed_on IS NOT NULL OR resumed_by IS NULL)
      );
      CREATE INDEX intervention_pause_intervention ON intervention_pause (intervention_id, paused_on);
      -- One current pause at a time.
      CREATE UNIQUE INDEX intervention_pause_open ON intervention_pause (intervention_id) WHERE resumed_on IS NULL;
      -- Nothing of the history is deleted (migration 11's default privileges would grant it).
      REVOKE DELETE ON intervention_pause FROM samplan_app;
      GRANT SELECT, INSERT, UPDATE ON intervention_pause TO samplan_app;
    `);
    await q.query(`ALTER TABLE intervention NO FORCE ROW LEVEL SECURITY; ALTER TABLE plan_event NO FORCE ROW LEVEL SECURITY`);
    // The periods the history tells that have ended: each step into a pause and the step out of it that follows.
    await q.query(`
      WITH steps AS (
        SELECT e.entity_id AS intervention_id, e.seq, e.actor_id, (e.at AT TIME ZONE 'Europe/Copenhagen')::date AS day,
               e.payload #>> '{entity,status}' AS status
          FROM plan_event e
         WHERE e.kind IN ('INTERVENTION_CREATED', 'INTERVENTION_STATUS_CHANGED')
           AND e.payload #>> '{entity,status}' IS NOT NULL
      ),
      turns AS (
        SELECT s.*, (s.status = 'PAUSED') AS paused,
               COALESCE(lag(s.status = 'PAUSED') OVER (PARTITION BY s.intervention_id ORDER BY s.seq), false) AS was_paused
          FROM steps s
      ),
      periods AS (
        SELECT t.intervention_id, t.paused, t.day AS paused_on, t.actor_id AS paused_by,
               lead(t.day) OVER w AS resumed_on, lead(t.actor_id) OVER w AS resumed_by
          FROM turns t
         WHERE t.paused <> t.was_paused
        WINDOW w AS (PARTITION BY t.intervention_id ORDER BY t.seq)
      )
      INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on, paused_by, resumed_on, resumed_by)
      SELECT i.municipality_id, p.intervention_id, p.paused_on, p.paused_by, GREATEST(p.resumed_on, p.paused_on), p.resumed_by
        FROM periods p
        JOIN intervention i ON i.id = p.intervention_id
       WHERE p.paused AND p.resumed_on IS NOT NULL`);
    // The current pause: the day the intervention keeps, by whom the event that paused it on that day names.
    await q.query(`
      INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on, paused_by)
      SELECT i.municipality_id, i.id, i.paused_on,
             (SELECT e.actor_id FROM plan_event e
               WHERE e.plan_id = i.plan_id AND e.entity_id = i.id
                 AND e.kind IN ('INTERVENTION_STATUS_CHANGED', 'INTERVENTION_CREATED')
                 AND e.payload #>> '{entity,status}' = 'PAUSED'
                 AND (e.at AT TIME ZONE 'Europe/Copenhagen')::date = i.paused_on
               ORDER BY e.seq DESC LIMIT 1)
        FROM intervention i
       WHERE i.status = 'PAUSED'`);
    await q.query(`ALTER TABLE intervention FORCE ROW LEVEL SECURITY; ALTER TABLE plan_event FORCE ROW LEVEL SECURITY`);
    await q.query(`
      ALTER TABLE intervention_pause ENABLE ROW LEVEL SECURITY;
      ALTER TABLE intervention_pause FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON intervention_pause USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intervention_pause`);
  }
}
