import type { Queryable } from '../../core/db/queryable';
import { isUuid } from '../../core/loaders';
import type { ProgrammeFacts } from './checks';

interface FactsRow {
  programme_id: string;
  plan_id: string;
  municipality_id: string;
  type: string;
  status: string;
  law_version: string;
  decision_date: string;
  start_date: string;
  end_date: string;
  suspended_days: number;
  team_meeting_date: string | null;
  guarantee_team_date: string | null;
  guarantee_special_reasons: string | null;
  period_end: string;
  next_step: { step: string; status: 'PROPOSED' | 'DECIDED' } | null;
  earlier_same_type: number;
  own_max_months: number | null;
  own_follow_up_days: number | null;
  meetings: Array<{ held: string; next: string }>;
  booked_meetings: string[];
  interventions: ProgrammeFacts['interventions'];
  mentor_grants: Array<{ id: string; startDate: string; endDate: string; endedEarly: boolean; renewed: boolean }>;
  recorded_fingerprint: string | null;
}

/**
 * Everything the rules need for many programmes, in one statement (N+1 is a bug): the
 * programme with its law version and suspensions, its plan period, its meetings (as Danish
 * calendar days), its interventions, its mentor grants, the decision (or proposal) on what
 * follows, the citizen's earlier programmes of the same type, and the municipality's own
 * settings. `where` selects the programmes: by id list, or every active programme (the sweep).
 */
const FACTS_SQL = (where: string) => `
  SELECT pr.id AS programme_id, pl.id AS plan_id, pr.municipality_id, pr.type, pr.status, pr.law_version, pr.decision_date,
         pr.start_date, pr.end_date, pr.team_meeting_date, pr.guarantee_team_date, pr.guarantee_special_reasons, pl.period_end,
         COALESCE((SELECT sum(s.to_date - s.from_date + 1) FROM programme_suspension s WHERE s.programme_id = pr.id), 0)::int AS suspended_days,
         (SELECT json_build_object('step', ns.step, 'status', ns.status) FROM programme_next_step ns WHERE ns.programme_id = pr.id) AS next_step,
         (SELECT count(*)::int FROM programme o
           WHERE o.citizen_id = pr.citizen_id AND o.type = pr.type AND o.id <> pr.id
             AND (o.start_date < pr.start_date OR (o.start_date = pr.start_date AND o.created_at < pr.created_at))) AS earlier_same_type,
         mu.own_programme_max_months AS own_max_months, mu.own_programme_follow_up_days AS own_follow_up_days,
         COALESCE((SELECT json_agg(json_build_object(
                    'held', (f.held_at AT TIME ZONE 'Europe/Copenhagen')::date,
                    'next', (f.next_meeting_at AT TIME ZONE 'Europe/Copenhagen')::date) ORDER BY f.held_at)
                     FROM follow_up_meeting f WHERE f.plan_id = pl.id), '[]'::json) AS meetings,
         ARRAY(SELECT to_char(b.starts_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD')
                 FROM booked_meeting b WHERE b.plan_id = pl.id AND b.status = 'BOOKED') AS booked_meetings,
         COALESCE((SELECT json_agg(json_build_object(
                    'id', i.id, 'title', i.title, 'unitKind', i.unit_kind, 'kind', i.kind, 'status', i.status,
                    'startDate', i.start_date, 'endDate', i.end_date, 'internshipPurpose', i.details->>'internshipPurpose'))
                     FROM intervention i WHERE i.plan_id = pl.id), '[]'::json) AS interventions,
         COALESCE((SELECT json_agg(json_build_object(
                    'id', g.id, 'startDate', g.start_date, 'endDate', g.end_date, 'endedEarly', g.ended_early,
                    'renewed', EXISTS (SELECT 1 FROM mentor_grant n WHERE n.plan_id = g.plan_id AND n.id <> g.id
                                         AND (n.previous_grant_id = g.id OR n.start_date > g.start_date))))
                     FROM mentor_grant g WHERE g.plan_id = pl.id), '[]'::json) AS mentor_grants,
         (SELECT s.fingerprint FROM programme_warning_state s WHERE s.programme_id = pr.id) AS recorded_fingerprint
    FROM programme pr
    JOIN plan pl ON pl.programme_id = pr.id
    JOIN municipality mu ON mu.id = pr.municipality_id
   WHERE ${where}`;

function toFacts(r: FactsRow): ProgrammeFacts {
  return {
    programmeId: r.programme_id,
    planId: r.plan_id,
    municipalityId: r.municipality_id,
    type: r.type,
    status: r.status,
    lawVersion: r.law_version,
    decisionDate: r.decision_date,
    startDate: r.start_date,
    endDate: r.end_date,
    suspendedDays: r.suspended_days,
    teamMeetingDate: r.team_meeting_date,
    guaranteeTeamDate: r.guarantee_team_date,
    guaranteeSpecialReasons: r.guarantee_special_reasons,
    planPeriodEnd: r.period_end,
    nextStep: r.next_step,
    earlierSameType: r.earlier_same_type,
    own: { maxMonths: r.own_max_months, followUpDays: r.own_follow_up_days },
    meetings: r.meetings,
    bookedMeetings: r.booked_meetings,
    interventions: r.interventions,
    mentorGrants: r.mentor_grants,
    recordedFingerprint: r.recorded_fingerprint,
  };
}

/** Facts for the given programmes (unknown or malformed ids are left out). */
export async function loadFacts(q: Queryable, programmeIds: readonly string[]): Promise<Map<string, ProgrammeFacts>> {
  const valid = programmeIds.filter(isUuid);
  if (valid.length === 0) return new Map();
  const rows: FactsRow[] = await q.query(FACTS_SQL('pr.id = ANY($1::uuid[])'), [valid]);
  return new Map(rows.map((r) => [r.programme_id, toFacts(r)]));
}

/** Facts for every active programme, in pages (the sweep that catches deadlines passing overnight). */
export async function loadActiveFactsPage(q: Queryable, afterId: string | null, limit: number): Promise<ProgrammeFacts[]> {
  const rows: FactsRow[] = await q.query(
    `${FACTS_SQL(`pr.status = 'ACTIVE' AND ($1::uuid IS NULL OR pr.id > $1::uuid)`)} ORDER BY pr.id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map(toFacts);
}
