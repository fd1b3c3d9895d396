import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/** The frame as a change's audit row states it, in either wording it has had. */
const MAX_MONTHS_OF_DETAIL = `CASE
  WHEN a.detail ~ 'højst [0-9]+ måneder' THEN substring(a.detail FROM 'højst ([0-9]+) måneder')::int
  WHEN a.detail ~ 'længde [0-9]+ mdr\\.' THEN substring(a.detail FROM 'længde ([0-9]+) mdr\\.')::int END`;
const FOLLOW_UP_DAYS_OF_DETAIL = `CASE
  WHEN a.detail ~ 'højst [0-9]+ dage mellem samtaler' THEN substring(a.detail FROM 'højst ([0-9]+) dage mellem samtaler')::int
  WHEN a.detail ~ 'samtaler [0-9]+ dage' THEN substring(a.detail FROM 'samtaler ([0-9]+) dage')::int END`;

/**
 * Every frame the municipality has set for its own helhedsorienterede forløb, and from when
 * (`own_programme_frame`): the municipality's row holds only the frame as it is now, so the key
 * figure of a month gone by was measured against today's frame, not the one the coordinators
 * worked to that month. Each change of the frame is kept from the moment it was made, by a
 * trigger on the municipality's row (whatever writes it), and a new municipality's frame from its
 * creation ('-infinity': it has had no other). Append-only, as the audit log.
 *
 * Back-filled from the audit log, which has kept every change a leader saved in the same
 * transaction (SET_OWN_PROGRAMME_SETTINGS, ALLOWED), its frame in the sentence's words ("højst 30
 * dage mellem samtaler", and before "samtaler 30 dage"). Before the first change a municipality had
 * no frame (none is set by default). One never changed has had its frame as it is now from the
 * start, as near as anything tells; one whose last recorded change differs from its frame now was
 * changed outside Samplan, and its frame now is kept from now: nothing is made up.
 *
 * Tenant isolation as for every table holding municipal data (migration 11). The tables read are
 * under forced row-level security, which binds their owner too: it is lifted for this
 * transaction, as in migration 63, so the back-fill reaches every municipality.
 */
export class OwnFrameHistory1700000000081 implements MigrationInterface {
  name = 'OwnFrameHistory1700000000081';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE own_programme_frame (
        id bigserial PRIMARY KEY,
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        valid_from timestamptz NOT NULL,
        max_months int,
        follow_up_days int
      );
      CREATE INDEX own_programme_frame_from ON own_programme_frame (municipality_id, valid_from, id);
      CREATE TRIGGER own_programme_frame_append_only BEFORE UPDATE OR DELETE ON own_programme_frame FOR EACH ROW EXECUTE FUNCTION refuse_change();
      REVOKE UPDATE, DELETE ON own_programme_frame FROM samplan_app;
      GRANT SELECT, INSERT ON own_programme_frame TO samplan_app;
    `);
    await q.query(`ALTER TABLE municipality NO FORCE ROW LEVEL SECURITY; ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      WITH change AS (
        SELECT a.municipality_id, a.at, a.id, ${MAX_MONTHS_OF_DETAIL} AS max_months, ${FOLLOW_UP_DAYS_OF_DETAIL} AS follow_up_days
          FROM audit_log a
         WHERE a.action = 'SET_OWN_PROGRAMME_SETTINGS' AND a.outcome = 'ALLOWED' AND a.municipality_id IS NOT NULL
      ),
      last_change AS (
        SELECT DISTINCT ON (municipality_id) * FROM change ORDER BY municipality_id, at DESC, id DESC
      )
      INSERT INTO own_programme_frame (municipality_id, valid_from, max_months, follow_up_days)
      -- From the start: none before a first change, else the frame as it is now.
      SELECT m.id, '-infinity',
             CASE WHEN l.municipality_id IS NULL THEN m.own_programme_max_months END,
             CASE WHEN l.municipality_id IS NULL THEN m.own_programme_follow_up_days END
        FROM municipality m LEFT JOIN last_change l ON l.municipality_id = m.id
      UNION ALL
      SELECT c.municipality_id, c.at, c.max_months, c.follow_up_days FROM change c
      UNION ALL
      -- Changed since outside Samplan: as it is now, from now.
      SELECT m.id, now(), m.own_programme_max_months, m.own_programme_follow_up_days
        FROM municipality m JOIN last_change l ON l.municipality_id = m.id
       WHERE (l.max_months, l.follow_up_days) IS DISTINCT FROM (m.own_programme_max_months, m.own_programme_follow_up_days)
      ORDER BY 2`);
    await q.query(`ALTER TABLE municipality FORCE ROW LEVEL SECURITY; ALTER TABLE audit_log FORCE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE FUNCTION record_own_programme_frame() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO own_programme_frame (municipality_id, valid_from, max_months, follow_up_days)
          VALUES (NEW.id, '-infinity', NEW.own_programme_max_months, NEW.own_programme_follow_up_days);
        ELSIF (NEW.own_programme_max_months, NEW.own_programme_follow_up_days) IS DISTINCT FROM (OLD.own_programme_max_months, OLD.own_programme_follow_up_days) THEN
          INSERT INTO own_programme_frame (municipality_id, valid_from, max_months, follow_up_days)
          VALUES (NEW.id, now(), NEW.own_programme_max_months, NEW.own_programme_follow_up_days);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER municipality_own_frame_kept AFTER INSERT OR UPDATE OF own_programme_max_months, own_programme_follow_up_days ON municipality
        FOR EACH ROW EXECUTE FUNCTION record_own_programme_frame();
      ALTER TABLE own_programme_frame ENABLE ROW LEVEL SECURITY;
      ALTER TABLE own_programme_frame FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON own_programme_frame USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER municipality_own_frame_kept ON municipality;
      DROP FUNCTION record_own_programme_frame();
      DROP TABLE own_programme_frame;
    `);
  }
}
