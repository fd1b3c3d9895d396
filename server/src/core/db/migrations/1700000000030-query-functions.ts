import { MigrationInterface, QueryRunner } from 'typeorm';
import { cachedSelect } from './plpgsql';

/**
 * The two statements every plan request runs, as functions whose plans PostgreSQL keeps:
 *
 * - `plan_access_facts(plan_ids)`: what the plan gate decides on (programme, citizen,
 *   municipality, the coordinator and their unit's kind, the team's units, the mentor grants);
 * - `programme_warning_facts(programme_ids)`: everything the warning rules read of a programme
 *   (law version, suspensions, plan period, meetings as Danish calendar days, interventions,
 *   mentor grants, the decision on what follows, earlier programmes of the same type, the
 *   municipality's own settings, the recorded warnings' fingerprint).
 *
 * Why functions: sent as text, each was parsed and planned anew on every request, and
 * planning the facts statement alone took 1–2 ms of PostgreSQL's time, more than running
 * it. A PL/pgSQL function's statements are planned once per database connection and the
 * plan is kept (a generic plan, `plan_cache_mode`), which also holds behind a pooler in
 * transaction mode, where statements prepared by name would not. They run as the caller
 * (SECURITY INVOKER), so row-level security applies exactly as to the statement itself.
 *
 * Changing what they read is a new migration with CREATE OR REPLACE FUNCTION.
 */
export class QueryFunctions1700000000030 implements MigrationInterface {
  name = 'QueryFunctions1700000000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      cachedSelect(
        'plan_access_facts(plan_ids uuid[])',
        'id uuid, programme_id uuid, citizen_id uuid, municipality_id uuid, coordinator_id uuid, coordinator_unit_kind text, team text[], grants json',
        `    SELECT p.id, p.programme_id, p.citizen_id, p.municipality_id, ca.user_id,
           (SELECT u.kind FROM unit u WHERE u.id = ca.unit_id),
           COALESCE((SELECT array_agg(t.unit_id::text) FROM plan_team_unit t WHERE t.plan_id = p.id), '{}'::text[]),
           (SELECT json_agg(json_build_object('mentorId', g.mentor_id, 'startDate', g.start_date, 'endDate', g.end_date,
                                              'createdAt', floor(extract(epoch FROM g.created_at) * 1000)))
              FROM mentor_grant g WHERE g.plan_id = p.id)
      FROM plan p
      LEFT JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL
     WHERE p.id = ANY(plan_ids)`,
      ),
    );
    await q.query(
      cachedSelect(
        'programme_warning_facts(programme_ids uuid[])',
        'programme_id uuid, plan_id uuid, municipality_id uuid, type text, status text, law_version text, decision_date date, start_date date, end_date date, team_meeting_date date, guarantee_team_date date, guarantee_special_reasons text, period_end date, suspended_days int, next_step json, earlier_same_type int, own_max_months int, own_follow_up_days int, meetings json, booked_meetings text[], interventions json, mentor_grants json, recorded_fingerprint text',
        `    SELECT pr.id, pl.id, pr.municipality_id, pr.type, pr.status, pr.law_version, pr.decision_date,
           pr.start_date, pr.end_date, pr.team_meeting_date, pr.guarantee_team_date, pr.guarantee_special_reasons, pl.period_end,
           COALESCE((SELECT sum(s.to_date - s.from_date + 1) FROM programme_suspension s WHERE s.programme_id = pr.id), 0)::int,
           (SELECT json_build_object('step', ns.step, 'status', ns.status) FROM programme_next_step ns WHERE ns.programme_id = pr.id),
           (SELECT count(*)::int FROM programme o
             WHERE o.citizen_id = pr.citizen_id AND o.type = pr.type AND o.id <> pr.id
               AND (o.start_date < pr.start_date OR (o.start_date = pr.start_date AND o.created_at < pr.created_at))),
           mu.own_programme_max_months, mu.own_programme_follow_up_days,
           COALESCE((SELECT json_agg(json_build_object(
                      'held', (f.held_at AT TIME ZONE 'Europe/Copenhagen')::date,
                      'next', (f.next_meeting_at AT TIME ZONE 'Europe/Copenhagen')::date) ORDER BY f.held_at)
                       FROM follow_up_meeting f WHERE f.plan_id = pl.id), '[]'::json),
           ARRAY(SELECT to_char(b.starts_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD')
                   FROM booked_meeting b WHERE b.plan_id = pl.id AND b.status = 'BOOKED'),
           COALESCE((SELECT json_agg(json_build_object(
                      'id', i.id, 'title', i.title, 'unitKind', i.unit_kind, 'kind', i.kind, 'status', i.status,
                      'startDate', i.start_date, 'endDate', i.end_date, 'internshipPurpose', i.details->>'internshipPurpose'))
                       FROM intervention i WHERE i.plan_id = pl.id), '[]'::json),
           COALESCE((SELECT json_agg(json_build_object(
                      'id', g.id, 'startDate', g.start_date, 'endDate', g.end_date, 'endedEarly', g.ended_early,
                      'renewed', EXISTS (SELECT 1 FROM mentor_grant n WHERE n.plan_id = g.plan_id AND n.id <> g.id
                                           AND (n.previous_grant_id = g.id OR n.start_date > g.start_date))))
                       FROM mentor_grant g WHERE g.plan_id = pl.id), '[]'::json),
           (SELECT s.fingerprint FROM programme_warning_state s WHERE s.programme_id = pr.id)
      FROM programme pr
      JOIN plan pl ON pl.programme_id = pr.id
      JOIN municipality mu ON mu.id = pr.municipality_id
     WHERE pr.id = ANY(programme_ids)`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[]); DROP FUNCTION plan_access_facts(uuid[])`);
  }
}
