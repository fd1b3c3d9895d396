import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation, citizens, programmes and their plans: the smallest slice through every layer. */
export class Foundation1700000000001 implements MigrationInterface {
  name = 'Foundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE municipality (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL
      );
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        code text NOT NULL CHECK (code IN ('JOBCENTER','SOCIAL','HEALTH')),
        name text NOT NULL,
        UNIQUE (municipality_id, code)
      );
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        username text NOT NULL UNIQUE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('COORDINATOR','CASEWORKER','MENTOR','LEADER')),
        unit_id uuid REFERENCES unit(id)
      );
      CREATE TABLE citizen (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        name text NOT NULL,
        birth_date date NOT NULL,
        phone text,
        address text
      );
      CREATE INDEX citizen_municipality_idx ON citizen (municipality_id);
      CREATE TABLE programme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        type text NOT NULL CHECK (type IN ('RESSOURCEFORLOEB','JOBAFKLARINGSFORLOEB')),
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date > start_date),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','ENDED')),
        end_reason text CHECK (end_reason IN ('EMPLOYMENT','EDUCATION','FLEXJOB','FOERTIDSPENSION','MOVED','OTHER')),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX programme_citizen_idx ON programme (citizen_id);
      CREATE INDEX programme_municipality_idx ON programme (municipality_id, status);
      CREATE TABLE plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL UNIQUE REFERENCES programme(id),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        employment_goal text NOT NULL,
        goal_kind text NOT NULL CHECK (goal_kind IN ('JOB','SECTOR','EDUCATION')),
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end > period_start),
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX plan_municipality_idx ON plan (municipality_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan, programme, citizen, app_user, unit, municipality`);
  }
}
