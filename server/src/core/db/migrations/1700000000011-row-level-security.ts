import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table holding citizen or staff data, keyed by its municipality column. */
const TENANT_TABLES = [
  'unit', 'app_user', 'citizen', 'programme', 'plan', 'plan_team_unit', 'coordinator_assignment', 'sub_goal', 'sub_goal_progress',
  'intervention', 'intervention_sub_goal', 'activity', 'follow_up_meeting', 'plan_event', 'mentor_grant', 'mentor_task',
  'programme_next_step', 'programme_warning_state', 'account_review_flag',
];

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * Tenant isolation in the database itself (defence in depth under the application's own
 * rules): requests run as `samplan_app`, a role without BYPASSRLS, with the caller's
 * municipality in the setting `samplan.municipality_id`. Row-level security is forced on
 * every tenant table, so a query without the setting — even one written by hand — sees no
 * rows, and no row of another municipality can be read or written.
 */
export class RowLevelSecurity1700000000011 implements MigrationInterface {
  name = 'RowLevelSecurity1700000000011';

  async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide: another database on the same server may have created it already.
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE samplan_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT samplan_app TO %I', current_user);
      EXCEPTION WHEN others THEN NULL;
      END $$;
      GRANT USAGE ON SCHEMA public TO samplan_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO samplan_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO samplan_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samplan_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO samplan_app;
      ALTER TABLE municipality ENABLE ROW LEVEL SECURITY;
      ALTER TABLE municipality FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON municipality USING (id = ${CURRENT});
      ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
      ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
      -- A municipality reads its own rows and rows about its own citizens (attempts from elsewhere).
      CREATE POLICY tenant_read ON audit_log FOR SELECT USING (municipality_id = ${CURRENT} OR citizen_id IN (SELECT id FROM citizen));
      CREATE POLICY tenant_write ON audit_log FOR INSERT WITH CHECK (municipality_id = ${CURRENT});
    `);
    for (const table of TENANT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON ${table} USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES, 'municipality']) {
      await q.query(`DROP POLICY tenant ON ${table}; ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY; ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;`);
    }
    await q.query(`DROP POLICY tenant_read ON audit_log; DROP POLICY tenant_write ON audit_log; ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;`);
  }
}
