import { MigrationInterface, QueryRunner } from 'typeorm';
import { cachedSelect } from './plpgsql';

/**
 * The day the citizen in a ressourceforløb was told in writing of the right to a samtale
 * with the region's sundhedskoordinator and the coordinator (LAB §113, stk. 3;
 * bekendtgørelse nr. 2409 af 13. december 2021, §2: at the latest with the first concrete
 * employment offer). The warning rules read it, so `programme_warning_facts` gains the
 * column: a function's result columns cannot change in place, so it is dropped and created
 * again (as migration 33 did for the plan gate's facts).
 */
/**
 * A grant n continues grant g when it is linked to it as its renewal, or when it takes over
 * without a gap: it begins after g begins and by the day after g ends, and runs past g's end.
 * A later grant after a gap, or a shorter one within g, leaves g's support to lapse.
 */
const RENEWS = `(n.previous_grant_id = g.id OR (n.start_date > g.start_date AND n.start_date <= g.end_date + 1 AND n.end_date > g.end_date))`;
/**
 * As RENEWS, but a grant not linked to g continues it only with the same mentor: another
 * mentor's grant begun while g runs stands beside it (a workplace mentor and a social mentor),
 * unless it is linked as taking g over ("Ny periode af"). `linked` says when a link counts.
 */
const renewsSameMentor = (linked: string) => `(${linked} OR (n.mentor_id = g.mentor_id AND n.start_date > g.start_date AND n.start_date <= g.end_date + 1 AND n.end_date > g.end_date))`;
/** Migrations 37 to 53: any grant linked to g continues it, whatever its dates. */
const LINKED = `n.previous_grant_id = g.id`;
/**
 * From migration 54: a link continues g only when the linked grant begins by the day after g
 * ends. Renewal is a new period after the one that runs (STAR’s vejledning om ressourceforløb
 * 2020, afsnit 7); a grant linked to g but begun months later leaves the support to lapse in
 * between, and "Mentorstøtten udløber" must still be shown for g's last day.
 */
const LINKED_WITHOUT_GAP = `(n.previous_grant_id = g.id AND n.start_date <= g.end_date + 1)`;

/**
 * Which earlier forløb of the same type did not run, and so are not counted: from migration 50,
 * one stored ending on or before its first day; from migration 59, only one marked stopped
 * before its first day (migration 58): one ended on its first day ran that day; from migration
 * 62, one marked either way (`never_ran`: stopped before its first day, or registered by mistake).
 */
const neverRan = (rule: false | 'ended-by-first-day' | 'stopped-mark' | 'never-ran') =>
  rule === 'never-ran' ? ' AND NOT o.never_ran' : rule === 'stopped-mark' ? ' AND NOT o.stopped_before_start' : rule ? ' AND o.end_date > o.start_date' : '';

/** From migration 60: each intervention's request for a samtale with the sundhedskoordinator, and the jobcenter's decision after it. */
const HEALTH_TALK_FACTS = `, 'healthTalkAskedOn', i.health_talk_asked_on, 'healthTalkBeforeStart', i.health_talk_before_start, 'healthTalkDecidedOn', i.health_talk_decided_on`;

/** From migration 68: the unit that owns each intervention (whom a warning about it advises, warning-viewer.ts). */
const UNIT_FACT = `, 'unitId', i.unit_id`;

export const FACTS = (guidance: boolean, calledOffRenewsNothing = false, renewalContinues = false, neverRanCountsNot: boolean | 'stopped-mark' | 'never-ran' = false, sameMentorContinues = false, linkedWithoutGap = false, healthTalk = false, interventionUnit = false) =>
  cachedSelect(
    'programme_warning_facts(programme_ids uuid[])',
    `programme_id uuid, plan_id uuid, municipality_id uuid, type text, status text, law_version text, decision_date date, start_date date, end_date date, team_meeting_date date, guarantee_team_date date, guarantee_special_reasons text, ${guidance ? 'health_talk_guided_on date, ' : ''}period_end date, suspended_days int, next_step json, earlier_same_type int, own_max_months int, own_follow_up_days int, meetings json, booked_meetings text[], interventions json, mentor_grants json, recorded_fingerprint text`,
    `    SELECT pr.id, pl.id, pr.municipality_id, pr.type, pr.status, pr.law_version, pr.decision_date,
           pr.start_date, pr.end_date, pr.team_meeting_date, pr.guarantee_team_date, pr.guarantee_special_reasons,${guidance ? ' pr.health_talk_guided_on,' : ''} pl.period_end,
           COALESCE((SELECT sum(s.to_date - s.from_date + 1) FROM programme_suspension s WHERE s.programme_id = pr.id), 0)::int,
           (SELECT json_build_object('step', ns.step, 'status', ns.status) FROM programme_next_step ns WHERE ns.programme_id = pr.id),
           (SELECT count(*)::int FROM programme o
             WHERE o.citizen_id = pr.citizen_id AND o.type = pr.type AND o.id <> pr.id${neverRan(neverRanCountsNot === true ? 'ended-by-first-day' : neverRanCountsNot)}
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
                      'startDate', i.start_date, 'endDate', i.end_date, 'internshipPurpose', i.details->>'internshipPurpose'${healthTalk ? HEALTH_TALK_FACTS : ''}${interventionUnit ? UNIT_FACT : ''}))
                       FROM intervention i WHERE i.plan_id = pl.id), '[]'::json),
           COALESCE((SELECT json_agg(json_build_object(
                      'id', g.id, 'startDate', g.start_date, 'endDate', g.end_date, 'endedEarly', g.ended_early,
                      'renewed', EXISTS (SELECT 1 FROM mentor_grant n WHERE n.plan_id = g.plan_id AND n.id <> g.id
                                           AND ${sameMentorContinues ? renewsSameMentor(linkedWithoutGap ? LINKED_WITHOUT_GAP : LINKED) : renewalContinues ? RENEWS : '(n.previous_grant_id = g.id OR n.start_date > g.start_date)'}${calledOffRenewsNothing ? ' AND n.end_date >= n.start_date' : ''})))
                       FROM mentor_grant g WHERE g.plan_id = pl.id), '[]'::json),
           (SELECT s.fingerprint FROM programme_warning_state s WHERE s.programme_id = pr.id)
      FROM programme pr
      JOIN plan pl ON pl.programme_id = pr.id
      JOIN municipality mu ON mu.id = pr.municipality_id
     WHERE pr.id = ANY(programme_ids)`,
  );

export class HealthTalkGuidance1700000000037 implements MigrationInterface {
  name = 'HealthTalkGuidance1700000000037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN health_talk_guided_on date`);
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(false));
    await q.query(`ALTER TABLE programme DROP COLUMN health_talk_guided_on`);
  }
}
