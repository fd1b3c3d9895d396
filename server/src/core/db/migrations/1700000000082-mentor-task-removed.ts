import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mentor's entry logged by mistake (on the wrong citizen's grant, or twice) is taken out of
 * the log and kept: the row stays, marked with when and by whom it was removed. Every reader of
 * the log (the mentor's own, the plan's, the checks that keep the log inside its grant) leaves a
 * marked row out; the plan's history and the audit log keep what it said.
 *
 * Both marks or neither: a removal is one act by one person. Nullable columns without a default
 * are added without rewriting the table; every entry logged so far stands, nothing to fill in.
 */
export class MentorTaskRemoved1700000000082 implements MigrationInterface {
  name = 'MentorTaskRemoved1700000000082';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mentor_task
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN removed_by uuid REFERENCES app_user(id),
        ADD CONSTRAINT mentor_task_removed_by_whom CHECK ((removed_at IS NULL) = (removed_by IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mentor_task DROP CONSTRAINT mentor_task_removed_by_whom, DROP COLUMN removed_by, DROP COLUMN removed_at`);
  }
}
