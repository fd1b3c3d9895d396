import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records the recorded warning set names (`Warning.subjectId`: the intervention or the
 * mentor grant a warning is about), beside its fingerprint. A change of an intervention's
 * title can change a warning only through the message of a warning about that intervention,
 * so when the recorded set names other records only, the title change need not read the
 * warning facts (modules/rules/warning-events.ts).
 *
 * NULL: not known (a state recorded before this migration): every title change reads the
 * facts, as before, until the set is recorded again or the daily sweep fills them in.
 */
export class WarningSubjects1700000000032 implements MigrationInterface {
  name = 'WarningSubjects1700000000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme_warning_state ADD COLUMN subject_ids uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme_warning_state DROP COLUMN subject_ids`);
  }
}
