import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The municipality's own units. Since 1 February 2026 the law no longer requires a
 * jobcenter (lov nr. 1750 af 29. december 2025): a municipality organises employment, social
 * and health work as it chooses, in units it creates, renames and closes itself. A unit's
 * `code` becomes its `kind` (JOBCENTER is now EMPLOYMENT), one municipality may have several
 * units of one kind, and a unit can be closed (`closed_at`). Names are unique per
 * municipality among open units, whatever their case.
 *
 * The tables are under forced row-level security (migration 11), which binds their owner
 * too: the data is rewritten with it lifted for the duration of this transaction, so the
 * rewrite reaches every municipality whether or not the migrating role is a superuser.
 */
export class OwnUnits1700000000016 implements MigrationInterface {
  name = 'OwnUnits1700000000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE intervention NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event NO FORCE ROW LEVEL SECURITY;

      ALTER TABLE unit DROP CONSTRAINT unit_municipality_id_code_key;
      ALTER TABLE unit DROP CONSTRAINT unit_code_check;
      ALTER TABLE unit RENAME COLUMN code TO kind;
      UPDATE unit SET kind = 'EMPLOYMENT' WHERE kind = 'JOBCENTER';
      ALTER TABLE unit ADD CONSTRAINT unit_kind_check CHECK (kind IN ('EMPLOYMENT','SOCIAL','HEALTH'));
      ALTER TABLE unit ADD COLUMN closed_at timestamptz;
      CREATE UNIQUE INDEX unit_open_name_idx ON unit (municipality_id, lower(name)) WHERE closed_at IS NULL;

      ALTER TABLE intervention RENAME COLUMN unit_code TO unit_kind;
      UPDATE intervention SET unit_kind = 'EMPLOYMENT' WHERE unit_kind = 'JOBCENTER';

      -- An event's payload is the changed record as the API shows it, and a replay hands it
      -- to clients as it is: it follows the API's rename of Intervention.unitCode.
      ALTER TABLE plan_event DISABLE TRIGGER plan_event_append_only;
      UPDATE plan_event
         SET payload = jsonb_set(payload #- '{entity,unitCode}', '{entity,unitKind}',
                                 to_jsonb(CASE payload #>> '{entity,unitCode}' WHEN 'JOBCENTER' THEN 'EMPLOYMENT' ELSE payload #>> '{entity,unitCode}' END))
       WHERE payload -> 'entity' ? 'unitCode';
      ALTER TABLE plan_event ENABLE TRIGGER plan_event_append_only;

      -- A municipality is created once (npm run setup): its name is its identity to people.
      CREATE UNIQUE INDEX municipality_name_idx ON municipality (lower(name));

      ALTER TABLE unit FORCE ROW LEVEL SECURITY;
      ALTER TABLE intervention FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event FORCE ROW LEVEL SECURITY;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE intervention NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event NO FORCE ROW LEVEL SECURITY;

      DROP INDEX municipality_name_idx;
      ALTER TABLE plan_event DISABLE TRIGGER plan_event_append_only;
      UPDATE plan_event
         SET payload = jsonb_set(payload #- '{entity,unitKind}', '{entity,unitCode}',
                                 to_jsonb(CASE payload #>> '{entity,unitKind}' WHEN 'EMPLOYMENT' THEN 'JOBCENTER' ELSE payload #>> '{entity,unitKind}' END))
       WHERE payload -> 'entity' ? 'unitKind';
      ALTER TABLE plan_event ENABLE TRIGGER plan_event_append_only;
      UPDATE intervention SET unit_kind = 'JOBCENTER' WHERE unit_kind = 'EMPLOYMENT';
      ALTER TABLE intervention RENAME COLUMN unit_kind TO unit_code;

      DROP INDEX unit_open_name_idx;
      ALTER TABLE unit DROP COLUMN closed_at;
      ALTER TABLE unit DROP CONSTRAINT unit_kind_check;
      UPDATE unit SET kind = 'JOBCENTER' WHERE kind = 'EMPLOYMENT';
      ALTER TABLE unit RENAME COLUMN kind TO code;
      ALTER TABLE unit ADD CONSTRAINT unit_code_check CHECK (code IN ('JOBCENTER','SOCIAL','HEALTH'));
      ALTER TABLE unit ADD CONSTRAINT unit_municipality_id_code_key UNIQUE (municipality_id, code);

      ALTER TABLE unit FORCE ROW LEVEL SECURITY;
      ALTER TABLE intervention FORCE ROW LEVEL SECURITY;
      ALTER TABLE plan_event FORCE ROW LEVEL SECURITY;
    `);
  }
}
