import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * Every read of a citizen's data is in that citizen's access log, with the channel it
 * reached the user by (databeskyttelsesloven; GDPR art. 30 and 32: who had access to
 * personal data, and when): the plan page, the caseload list, a single record, a live
 * update, a replay. So that a caseload open all day does not write a row per event, a repeat
 * of the same user, citizen, channel, action and record within one quarter of an hour
 * (`fold_bucket`, epoch seconds / 900) is one row whose `count` goes up and whose `last_at`
 * moves. That is the only change the log accepts: any other update, and every delete, is
 * still refused, and refusals (DENIED) are never folded (each one counts towards the
 * account review, migration 1700000000010).
 */
export class AccessChannels1700000000014 implements MigrationInterface {
  name = 'AccessChannels1700000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN channel text CHECK (channel IN ('PLAN_PAGE', 'CASELOAD', 'RECORD', 'LIVE', 'REPLAY')),
        ADD COLUMN count int NOT NULL DEFAULT 1 CHECK (count >= 1),
        ADD COLUMN last_at timestamptz,
        ADD COLUMN fold_bucket bigint CHECK (fold_bucket IS NULL OR (outcome = 'ALLOWED' AND channel IS NOT NULL AND entity_id IS NOT NULL));
      CREATE UNIQUE INDEX audit_log_fold_idx ON audit_log (actor_id, citizen_id, channel, action, entity_id, fold_bucket) WHERE fold_bucket IS NOT NULL;

      CREATE FUNCTION audit_log_fold_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.fold_bucket IS NOT NULL AND NEW.count > OLD.count
           AND (to_jsonb(NEW) - 'count' - 'last_at') = (to_jsonb(OLD) - 'count' - 'last_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only (a folded read may only count its repeats)';
      END $$;
      DROP TRIGGER audit_log_append_only ON audit_log;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_fold_only();

      -- Requests fold their own municipality's reads (the trigger above limits what may change).
      CREATE POLICY tenant_fold ON audit_log FOR UPDATE USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY tenant_fold ON audit_log;
      DROP TRIGGER audit_log_append_only ON audit_log;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();
      DROP FUNCTION audit_log_fold_only();
      DROP INDEX audit_log_fold_idx;
      ALTER TABLE audit_log DROP COLUMN fold_bucket, DROP COLUMN last_at, DROP COLUMN count, DROP COLUMN channel;
    `);
  }
}
