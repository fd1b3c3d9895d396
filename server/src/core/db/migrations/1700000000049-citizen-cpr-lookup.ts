import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen found by CPR number alone, across municipalities: a MitID sign-in names the citizen
 * by the number, before any municipality is known (the first sign-in binds their account; a
 * citizen who has moved follows their programme to the new municipality, modules/org). The
 * unique index of migration 19 leads with the municipality and cannot serve that lookup, which
 * read the whole table.
 */
export class CitizenCprLookup1700000000049 implements MigrationInterface {
  name = 'CitizenCprLookup1700000000049';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX citizen_cpr_lookup_idx ON citizen (cpr) WHERE cpr IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX citizen_cpr_lookup_idx`);
  }
}
