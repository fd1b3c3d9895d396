import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mine sager finds a name in any of the usual Danish spellings: "åberg" finds Aaberg, "aagaard"
 * Ågård, "Sorensen" Sørensen (core/db/like.ts). The search compares the name
 * with "aa" as "å", "ae" as "æ", and "ø", "oe" and "o" as "o"; this index is made on that very
 * expression, so it serves the search as citizen_name_search_idx (migration 55) serves the name as
 * written, which the search still reads too. Like that one, trigram where pg_trgm is there, else
 * a prefix index.
 */
const SPELLING = `replace(translate(replace(replace(lower(name COLLATE "da-DK-x-icu"), 'aa', 'å'), 'ae', 'æ'), 'ø', 'o'), 'oe', 'o')`;

export class NameSearchDanishSpelling1700000000078 implements MigrationInterface {
  name = 'NameSearchDanishSpelling1700000000078';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        CREATE INDEX citizen_name_spelling_idx ON citizen USING gin ((${SPELLING}) gin_trgm_ops);
      EXCEPTION WHEN undefined_object OR feature_not_supported OR undefined_file OR insufficient_privilege THEN
        CREATE INDEX citizen_name_spelling_idx ON citizen ((${SPELLING}) text_pattern_ops);
      END $$;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX citizen_name_spelling_idx`);
  }
}
