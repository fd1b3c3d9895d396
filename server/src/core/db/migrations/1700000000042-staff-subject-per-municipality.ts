import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subject (the identity provider's login-id) names one account once it is bound (signed in
 * with); an invitation by subject is the inviting municipality's own until then. Before, the
 * subject was unique across all municipalities from the moment of the invitation, so an
 * administrator inviting a login-id learnt whether anybody anywhere (a citizen too) had it.
 * Now two municipalities may each invite one, a municipality may not invite the same login-id
 * twice among its staff, and a sign-in binds a waiting invitation only when it is the only one
 * (modules/org/actor.service.ts), as for invitations by e-mail. User names are unique among a
 * municipality's staff only: a citizen's is their login-id, which staff invited by that
 * login-id would otherwise meet.
 */
export class StaffSubjectPerMunicipality1700000000042 implements MigrationInterface {
  name = 'StaffSubjectPerMunicipality1700000000042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_subject_key`);
    await q.query(`CREATE UNIQUE INDEX app_user_subject_key ON app_user (subject) WHERE activated_at IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX app_user_staff_subject_key ON app_user (municipality_id, subject) WHERE role <> 'CITIZEN'`);
    await q.query(`CREATE INDEX app_user_subject_idx ON app_user (subject)`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_municipality_username_key`);
    await q.query(`CREATE UNIQUE INDEX app_user_municipality_username_key ON app_user (municipality_id, username) WHERE role <> 'CITIZEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_municipality_username_key`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_municipality_username_key UNIQUE (municipality_id, username)`);
    await q.query(`DROP INDEX app_user_subject_idx`);
    await q.query(`DROP INDEX app_user_staff_subject_key`);
    await q.query(`DROP INDEX app_user_subject_key`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_subject_key UNIQUE (subject)`);
  }
}
