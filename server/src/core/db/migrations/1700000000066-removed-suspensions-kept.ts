import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * A barsel period taken out again ("registreret ved en fejl") is kept, whole: its note, reason,
 * dates and who registered it, with who removed it and when. Taking it out deleted the row, and
 * the note the coordinator wrote was in no other table (the plan's history names the dates only).
 *
 * The period leaves `programme_suspension`, which every reader of a programme's periods and its
 * length reads (the plan page, the overlap check, the SQL functions of the warnings), and goes
 * into this table in the same statement (programme-suspension.ts). Append-only, as the audit log
 * is: no UPDATE or DELETE. Tenant isolation as for every table holding citizen data
 * (migration 11). Nothing was kept before: nothing to fill in.
 */
export class RemovedSuspensionsKept1700000000066 implements MigrationInterface {
  name = 'RemovedSuspensionsKept1700000000066';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programme_suspension_removed (
        id uuid PRIMARY KEY,
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL REFERENCES programme(id),
        reason text NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL,
        note text NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        removed_by uuid NOT NULL REFERENCES app_user(id),
        removed_at timestamptz NOT NULL
      );
      CREATE INDEX programme_suspension_removed_programme_idx ON programme_suspension_removed (programme_id, removed_at);
      CREATE TRIGGER programme_suspension_removed_append_only BEFORE UPDATE OR DELETE ON programme_suspension_removed FOR EACH ROW EXECUTE FUNCTION refuse_change();
      REVOKE UPDATE, DELETE ON programme_suspension_removed FROM samplan_app;
      GRANT SELECT, INSERT ON programme_suspension_removed TO samplan_app;
      ALTER TABLE programme_suspension_removed ENABLE ROW LEVEL SECURITY;
      ALTER TABLE programme_suspension_removed FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON programme_suspension_removed USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_suspension_removed`);
  }
}
