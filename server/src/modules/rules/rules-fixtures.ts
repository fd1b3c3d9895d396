import type { Queryable } from '../../core/db/queryable';
import { lawVersionFor } from './law/law-version';

/**
 * Test rows for the rules and key-figure tests (not used by the product), written straight
 * into a test database so every date can sit exactly on a boundary. Times are Danish wall-clock times.
 */
export interface CaseIds {
  citizenId: string;
  programmeId: string;
  planId: string;
  municipalityId: string;
}

export async function insertCase(
  db: Queryable,
  opts: {
    coordinator?: string; start: string; end?: string; periodEnd?: string; type?: 'RESSOURCEFORLOEB' | 'JOBAFKLARINGSFORLOEB' | 'HELHEDSORIENTERET'; name?: string;
    /** The decision date (default: the start); it chooses the law version. */
    decision?: string; teamMeeting?: string; citizenId?: string;
  },
): Promise<CaseIds> {
  const q = (sql: string, params: unknown[]) => db.query(sql, params);
  const [user] = await q(`SELECT id, municipality_id, unit_id FROM app_user WHERE username = $1`, [opts.coordinator ?? 'anna']);
  const [citizen] = opts.citizenId
    ? [{ id: opts.citizenId }]
    : await q(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, $2, '1980-01-01') RETURNING id`, [user.municipality_id, opts.name ?? 'Testborger']);
  const end = opts.end ?? addYearsSql(opts.start, 2);
  const decision = opts.decision ?? opts.start;
  const type = opts.type ?? 'RESSOURCEFORLOEB';
  const [programme] = await q(
    `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, team_meeting_date, joint_plan_consent_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [user.municipality_id, citizen.id, type, decision, lawVersionFor(decision), opts.start, end, opts.teamMeeting ?? null, type === 'HELHEDSORIENTERET' ? decision : null],
  );
  const [plan] = await q(
    `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end)
     VALUES ($1, $2, $3, 'Lønnede timer', 'SECTOR', $4, $5) RETURNING id`,
    [user.municipality_id, programme.id, citizen.id, opts.start, opts.periodEnd ?? end],
  );
  await q(
    `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted)
     VALUES ($1, $2, $3, $4, ($5::date)::timestamp AT TIME ZONE 'Europe/Copenhagen', 'Test', true)`,
    [user.municipality_id, programme.id, user.id, user.unit_id, opts.start],
  );
  await q(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3)`, [plan.id, user.unit_id, user.municipality_id]);
  return { programmeId: programme.id, planId: plan.id, municipalityId: user.municipality_id, citizenId: citizen.id };
}

function addYearsSql(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}

/** A follow-up samtale held on `held` (10:00 Danish time) that booked the next one on `next`. */
export async function insertMeeting(db: Queryable, c: CaseIds, held: string, next: string, mode: 'IN_PERSON' | 'PHONE' | 'VIDEO' = 'IN_PERSON'): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, summary, next_meeting_at)
     VALUES ($1, $2, ($3::date + time '10:00') AT TIME ZONE 'Europe/Copenhagen', $5, 'Opfølgning', ($4::date + time '10:00') AT TIME ZONE 'Europe/Copenhagen')
     RETURNING id`,
    [c.municipalityId, c.planId, held, next, mode],
  );
  return row.id;
}

export async function insertIntervention(
  db: Queryable,
  c: CaseIds,
  opts: { kind: string; unit?: string; status: string; start: string | null; end?: string | null; details?: Record<string, unknown>; title?: string },
): Promise<string> {
  const unitKind = opts.unit ?? 'EMPLOYMENT';
  const [row] = await db.query(
    `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title, status, start_date, end_date, details)
     SELECT $1, $2, u.id, u.kind, $4, $5, $6, $7, $8, $9 FROM unit u WHERE u.municipality_id = $1 AND u.kind = $3 RETURNING id`,
    [c.municipalityId, c.planId, unitKind, opts.kind, opts.title ?? opts.kind, opts.status, opts.start, opts.end ?? null, JSON.stringify(opts.details ?? {})],
  );
  return row.id;
}
