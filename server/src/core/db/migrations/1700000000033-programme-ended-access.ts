import { MigrationInterface, QueryRunner } from 'typeorm';
import { cachedSelect } from './plpgsql';

/**
 * The plan gate's facts (`plan_access_facts`, migration 30) say whether the plan's programme
 * has ended: an ended programme's plan is kept as it was when it ended, to be read and not
 * changed (modules/plan/plan-guard.ts). A function's result columns cannot be changed in
 * place, so it is dropped and created again; reads of it are prepared after the migration.
 */
export const FACTS = (ended: boolean, type = false) =>
  cachedSelect(
    'plan_access_facts(plan_ids uuid[])',
    `id uuid, programme_id uuid, citizen_id uuid, municipality_id uuid, coordinator_id uuid, coordinator_unit_kind text, team text[], grants json${ended ? ', programme_ended boolean' : ''}${type ? ', programme_type text' : ''}`,
    `    SELECT p.id, p.programme_id, p.citizen_id, p.municipality_id, ca.user_id,
           (SELECT u.kind FROM unit u WHERE u.id = ca.unit_id),
           COALESCE((SELECT array_agg(t.unit_id::text) FROM plan_team_unit t WHERE t.plan_id = p.id), '{}'::text[]),
           (SELECT json_agg(json_build_object('mentorId', g.mentor_id, 'startDate', g.start_date, 'endDate', g.end_date,
                                              'createdAt', floor(extract(epoch FROM g.created_at) * 1000)))
              FROM mentor_grant g WHERE g.plan_id = p.id)${ended ? `,
           (SELECT pr.status = 'ENDED' FROM programme pr WHERE pr.id = p.programme_id)` : ''}${type ? `,
           (SELECT pr.type::text FROM programme pr WHERE pr.id = p.programme_id)` : ''}
      FROM plan p
      LEFT JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL
     WHERE p.id = ANY(plan_ids)`,
  );

export class ProgrammeEndedAccess1700000000033 implements MigrationInterface {
  name = 'ProgrammeEndedAccess1700000000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_access_facts(uuid[])`);
    await q.query(FACTS(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_access_facts(uuid[])`);
    await q.query(FACTS(false));
  }
}
