import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an activity takes place ("Sted": "Bygma, Roskilde", "Lokale 3, Jobcentret"), so the
 * citizen's "Kommende aftaler", the mentor's list and the printed plan say where to go, not only
 * what and when.
 *
 * Nullable, NULL for no place given, as a booked samtale's place (migration 25): the plan events
 * stored before this column carry no place in their record, and neither do the activities already
 * in plans, so "none" is one value wherever it is read (the history, a replayed live stream, the
 * mentor's cut), never '' here and a missing key there. The service stores the text trimmed and
 * an empty one as NULL; the CHECK holds it to that and to the input's limit (TEXT_LIMITS.title),
 * counted as the input counts (characters, not bytes). A nullable column without a default is added
 * without rewriting the table (the CHECK reads it once; every row is NULL): nothing to fill in.
 */
export class ActivityPlace1700000000067 implements MigrationInterface {
  name = 'ActivityPlace1700000000067';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE activity ADD COLUMN place text
        CONSTRAINT activity_place CHECK (place IS NULL OR char_length(place) BETWEEN 1 AND 200);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE activity DROP COLUMN place`);
  }
}
