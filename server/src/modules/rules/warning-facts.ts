import type { Queryable } from '../../core/db/queryable';
import { isUuid } from '../../core/loaders';
import type { ProgrammeFacts } from './checks';
import { keepPrepared } from '../../core/db/statement-batch';

interface FactsRow {
  programme_id: string;
  plan_id: string;
  municipality_id: string;
  type: string;
  status: string;
  law_version: string;
  decision_date: string;
  registered_on: string | null;
  start_date: string;
  end_date: string;
  suspended_days: number;
  team_meeting_date: string | null;
  guarantee_team_date: string | null;
  guarantee_special_reasons: string | null;
  health_talk_guided_on: string | null;
  period_end: string;
  next_step: { step: string; status: 'PROPOSED' | 'DECIDED' } | null;
  earlier_same_type: number;
  own_max_months: number | null;
  own_follow_up_days: number | null;
  meetings: ProgrammeFacts['meetings'];
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
 * settings. The statement is the database function `programme_warning_facts` (migration 30),
 * whose plan PostgreSQL keeps: planned anew on every write, it cost more than it ran.
 */
/**
 * The facts of the programmes `ids` (an SQL array expression), with the Danish day each forløb
 * was registered in Samplan (rule 7 does not nudge about a week that was over before it), in the
 * same statement.
 */
const factsOf = (ids: string) => `SELECT f.*, to_char(p.created_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD') AS registered_on
  FROM programme_warning_facts(${ids}) f LEFT JOIN programme p ON p.id = f.programme_id`;

const FACTS_OF = keepPrepared(factsOf('$1::uuid[]'));

function toFacts(r: FactsRow): ProgrammeFacts {
  return {
    programmeId: r.programme_id,
    planId: r.plan_id,
    municipalityId: r.municipality_id,
    type: r.type,
    status: r.status,
    lawVersion: r.law_version,
    decisionDate: r.decision_date,
    registeredOn: r.registered_on,
    startDate: r.start_date,
    endDate: r.end_date,
    suspendedDays: r.suspended_days,
    teamMeetingDate: r.team_meeting_date,
    guaranteeTeamDate: r.guarantee_team_date,
    guaranteeSpecialReasons: r.guarantee_special_reasons,
    healthTalkGuidedOn: r.health_talk_guided_on,
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

function byProgramme(rows: FactsRow[]): Map<string, ProgrammeFacts> {
  return new Map(rows.map((r) => [r.programme_id, toFacts(r)]));
}

/** Facts for the given programmes (unknown or malformed ids are left out). */
export async function loadFacts(q: Queryable, programmeIds: readonly string[]): Promise<Map<string, ProgrammeFacts>> {
  const valid = programmeIds.filter(isUuid);
  if (valid.length === 0) return new Map();
  return byProgramme(await q.query(FACTS_OF, [valid]));
}

/**
 * The programme's facts, unless its recorded warning set (programme_warning_state) is known
 * and names other records than `subjectId` only: then no warning can be about that record,
 * and a change of its title (which warnings show only when about it) cannot change the set.
 * With no state, or a state of unknown subjects (recorded before migration 32), the facts.
 * The check is PostgreSQL's one-time filter: when it fails, the facts are not computed.
 */
const FACTS_UNLESS_UNNAMED = keepPrepared(`${factsOf('ARRAY[$1::uuid]')}
  WHERE NOT EXISTS (SELECT 1 FROM programme_warning_state s
                     WHERE s.programme_id = $1::uuid AND s.subject_ids IS NOT NULL AND NOT ($2::uuid = ANY (s.subject_ids)))`);

export async function loadFactsIfNamed(q: Queryable, programmeId: string, subjectId: string): Promise<Map<string, ProgrammeFacts>> {
  if (!isUuid(programmeId) || !isUuid(subjectId)) return new Map();
  return byProgramme(await q.query(FACTS_UNLESS_UNNAMED, [programmeId, subjectId]));
}

/**
 * Facts for the next page of active programmes (the sweep that catches deadlines passing
 * overnight), read under each programme's update lock, inside the caller's transaction: a
 * change to a plan takes the same lock first (plan-write.ts), so the sweep never records a
 * warning set computed from facts a change has since moved on from.
 */
export async function lockActiveFactsPage(q: Queryable, afterId: string | null, limit: number): Promise<{ facts: ProgrammeFacts[]; lastId: string } | null> {
  const locked: Array<{ id: string }> = await q.query(
    `SELECT id FROM programme WHERE status = 'ACTIVE' AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2 FOR NO KEY UPDATE`,
    [afterId, limit],
  );
  if (locked.length === 0) return null;
  const rows: FactsRow[] = await q.query(`${factsOf('$1::uuid[]')} ORDER BY f.programme_id`, [locked.map((r) => r.id)]);
  return { facts: rows.map(toFacts), lastId: locked[locked.length - 1].id };
}
