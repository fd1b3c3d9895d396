import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * Who has a plan open right now: one row per browser tab (session) and plan, kept alive by
 * the instance that holds the tab's subscription (modules/presence). The rows are
 * ephemeral by nature, so the table is UNLOGGED: no WAL for a refresh every few seconds,
 * and after a crash PostgreSQL empties it, which is the truth anyway (nobody is connected).
 *
 *  - `instance_id` / `subscription_id`: which server instance and which subscription keeps
 *    the row alive; only that subscription refreshes or deletes it, so a tab that
 *    reconnects elsewhere takes its row over without the old socket's close removing it;
 *  - `refreshed_at`: rows whose refresh stopped (a dead instance) count as gone after a few
 *    seconds and are swept;
 *  - `editing_record_id`: the record the tab has an edit form open for, set over HTTP.
 *
 * Changes are announced on the channel `samplan_presence` with the plan id as payload.
 * Tenant rows, so forced row-level security as for every such table (migration 11).
 */
export class Presence1700000000021 implements MigrationInterface {
  name = 'Presence1700000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE plan_presence (
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        session_id text NOT NULL CHECK (session_id ~ '^[A-Za-z0-9_-]{8,64}$'),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        unit_id uuid REFERENCES unit(id) ON DELETE SET NULL,
        instance_id uuid NOT NULL,
        subscription_id uuid NOT NULL,
        editing_record_id uuid,
        editing_since timestamptz,
        since timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan_id, user_id, session_id)
      );
      CREATE INDEX plan_presence_refreshed_idx ON plan_presence (refreshed_at);
      CREATE INDEX plan_presence_subscription_idx ON plan_presence (subscription_id);
      GRANT SELECT, INSERT, UPDATE, DELETE ON plan_presence TO samplan_app;
      ALTER TABLE plan_presence ENABLE ROW LEVEL SECURITY;
      ALTER TABLE plan_presence FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON plan_presence USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_presence`);
  }
}
