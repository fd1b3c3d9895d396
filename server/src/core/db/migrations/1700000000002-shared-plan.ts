import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared plan: team, coordinator history, sub-goals with progress, unit-owned
 * interventions with activities, follow-up meetings, the audit log and the event log.
 * Every table with citizen data carries municipality_id.
 */
export class SharedPlan1700000000002 implements MigrationInterface {
  name = 'SharedPlan1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_team_unit (
        plan_id uuid NOT NULL REFERENCES plan(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid REFERENCES app_user(id),
        PRIMARY KEY (plan_id, unit_id)
      );
      CREATE INDEX plan_team_unit_unit_idx ON plan_team_unit (unit_id);

      CREATE TABLE coordinator_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL REFERENCES programme(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        unit_id uuid REFERENCES unit(id),
        from_at timestamptz NOT NULL DEFAULT now(),
        to_at timestamptz,
        reason text NOT NULL,
        citizen_consulted boolean NOT NULL,
        assigned_by uuid REFERENCES app_user(id)
      );
      -- Exactly one current coordinator per programme (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
      CREATE UNIQUE INDEX coordinator_current_uq ON coordinator_assignment (programme_id) WHERE to_at IS NULL;
      CREATE INDEX coordinator_user_idx ON coordinator_assignment (user_id) WHERE to_at IS NULL;

      CREATE TABLE sub_goal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        area text NOT NULL CHECK (area IN ('EMPLOYMENT','EDUCATION','SOCIAL','HEALTH')),
        text text NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','ACHIEVED','DROPPED')),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX sub_goal_plan_idx ON sub_goal (plan_id);

      CREATE TABLE sub_goal_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        sub_goal_id uuid NOT NULL REFERENCES sub_goal(id),
        measured_on date NOT NULL,
        scale text NOT NULL CHECK (scale IN ('ONE_TO_FIVE','PERCENT')),
        value int NOT NULL,
        comment text,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scale = 'ONE_TO_FIVE' AND value BETWEEN 1 AND 5) OR (scale = 'PERCENT' AND value BETWEEN 0 AND 100))
      );
      CREATE INDEX sub_goal_progress_goal_idx ON sub_goal_progress (sub_goal_id, measured_on);

      CREATE TABLE intervention (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        unit_code text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        short_term_goal text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED','ACTIVE','PAUSED','COMPLETED','CANCELLED')),
        start_date date,
        end_date date,
        details jsonb NOT NULL DEFAULT '{}',
        notes text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id),
        CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
      );
      CREATE INDEX intervention_plan_idx ON intervention (plan_id);

      CREATE TABLE intervention_sub_goal (
        intervention_id uuid NOT NULL REFERENCES intervention(id),
        sub_goal_id uuid NOT NULL REFERENCES sub_goal(id),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        PRIMARY KEY (intervention_id, sub_goal_id)
      );
      CREATE INDEX intervention_sub_goal_goal_idx ON intervention_sub_goal (sub_goal_id);

      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        intervention_id uuid REFERENCES intervention(id),
        title text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED','DONE','CANCELLED')),
        assignee text NOT NULL DEFAULT '',
        notes text NOT NULL DEFAULT '',
        shared_with_mentor boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX activity_intervention_idx ON activity (intervention_id);
      CREATE INDEX activity_plan_idx ON activity (plan_id);

      CREATE TABLE follow_up_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        held_at timestamptz NOT NULL,
        mode text NOT NULL CHECK (mode IN ('IN_PERSON','PHONE','VIDEO')),
        participants text[] NOT NULL DEFAULT '{}',
        summary text NOT NULL,
        next_meeting_at timestamptz NOT NULL CHECK (next_meeting_at > held_at),
        shared_with_mentor boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX follow_up_plan_idx ON follow_up_meeting (plan_id, held_at);

      -- Who looked at or changed a citizen's data, and who was refused. Append-only.
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        municipality_id uuid REFERENCES municipality(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES app_user(id),
        actor_unit_id uuid REFERENCES unit(id),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        citizen_id uuid REFERENCES citizen(id),
        outcome text NOT NULL CHECK (outcome IN ('ALLOWED','DENIED')),
        detail text
      );
      CREATE INDEX audit_log_citizen_idx ON audit_log (citizen_id, at);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

      -- The event log: every change writes one row in its own transaction. xid is the
      -- writer's transaction id, so readers can tell which seqs may still appear.
      CREATE TABLE plan_event (
        seq bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        plan_id uuid NOT NULL REFERENCES plan(id),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        kind text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        unit_id uuid REFERENCES unit(id),
        at timestamptz NOT NULL DEFAULT now(),
        summary text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX plan_event_plan_idx ON plan_event (plan_id, seq);

      -- Events and audit rows are never changed or removed.
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER plan_event_append_only BEFORE UPDATE OR DELETE ON plan_event FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE plan_event, audit_log, follow_up_meeting, activity, intervention_sub_goal, intervention,
        sub_goal_progress, sub_goal, coordinator_assignment, plan_team_unit;
      DROP FUNCTION refuse_change();
    `);
  }
}
