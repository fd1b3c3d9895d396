import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name search lowers names with ICU's Danish rules (core/db/like.ts), not the database's
 * own: under a C locale PostgreSQL's lower() leaves Æ, Ø and Å as they are, so "østergaard"
 * did not find "ØSTERGAARD". The index is made on the same expression, so it still serves the
 * search; without pg_trgm, the prefix index of migration 19 as before.
 */
const index = (collated: boolean) => {
  const expression = collated ? `lower(name COLLATE "da-DK-x-icu")` : 'lower(name)';
  return `
    DROP INDEX IF EXISTS citizen_name_search_idx;
    DO $$ BEGIN
      CREATE INDEX citizen_name_search_idx ON citizen USING gin ((${expression}) gin_trgm_ops);
    EXCEPTION WHEN undefined_object OR feature_not_supported OR undefined_file OR insufficient_privilege THEN
      CREATE INDEX citizen_name_search_idx ON citizen ((${expression}) text_pattern_ops);
    END $$;`;
};

export class NameSearchDanishCase1700000000055 implements MigrationInterface {
  name = 'NameSearchDanishCase1700000000055';

  async up(q: QueryRunner): Promise<void> {
    await q.query(index(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(index(false));
  }
}
