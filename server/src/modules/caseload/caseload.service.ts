import { charCount, looksLikeCpr, parseCpr } from '@samplan/schema';
import { recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { STAFF_ROLES } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { badInput } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';
import { Plan } from '../plan';
import { WarningSeverity } from '../rules';
import { CaseloadSort, type CaseloadFilter, type CaseloadPage } from './caseload.types';
import { DANISH_ORDER } from '../../core/db/danish-order';
import { nameHasEveryWord } from '../../core/db/like';

export const CASELOAD_DEFAULT_PAGE = 25;
export const CASELOAD_MAX_PAGE = 100;
const SEARCH_MAX = 100;

/** Rank of the recorded top severity; the warning order sorts on its negative (most serious first). */
const RANK_SQL = `CASE ws.top_severity WHEN 'OVERDUE' THEN 3 WHEN 'WARNING' THEN 2 WHEN 'INFO' THEN 1 ELSE 0 END`;
const SEVERITY_RANK: Readonly<Record<WarningSeverity, number>> = { INFO: 1, WARNING: 2, OVERDUE: 3 };

/** A column of the newest event on the plan `p` that is somebody's change (LATEST_CHANGE_SQL says which count). */
export function latestEventOfPlan(column: 'at' | 'actor_id'): string {
  return `(SELECT e.${column} FROM plan_event e WHERE e.plan_id = p.id AND e.municipality_id = p.municipality_id AND e.kind <> 'WARNINGS_CHANGED' AND e.kind <> 'PLAN_SEEN_BY_CITIZEN' ORDER BY e.seq DESC LIMIT 1)`;
}

/**
 * The latest change on the plan `p`, as "Senest ændret" sorts and each row shows it
 * (Plan.latestChangeAt). Every write on a plan leaves its event (a samtale booked, a delmål, a
 * mentor grant, a consent), the newest found by the last entry of the partial index
 * plan_event_changes_idx; the rules worked out again by the day's sweep (WARNINGS_CHANGED)
 * are no one's change, and the citizen's "Jeg har set planen" (PLAN_SEEN_BY_CITIZEN) changes nothing. The plan's, its interventions' and its activities' own times count
 * too: records brought in without events (the go-live import).
 */
export const LATEST_CHANGE_SQL = `GREATEST(p.updated_at,
      ${latestEventOfPlan('at')},
      (SELECT max(i.updated_at) FROM intervention i WHERE i.plan_id = p.id),
      (SELECT max(a.updated_at) FROM activity a WHERE a.plan_id = p.id))`;

/**
 * The first sort key of each order, always numeric and ascending; the next keys are the
 * citizen's name and the plan id, so the order is total and (k, name, id) is a keyset.
 */
const SORT_KEY: Readonly<Record<CaseloadSort, (now: () => string) => string>> = {
  [CaseloadSort.NAME]: () => `0::numeric`,
  // The next samtale as Plan.nextBookedMeeting, else as agreed at the latest follow-up
  // (Plan.nextFollowUpAt); none sorts last. `now` is the request's clock, as the fields use.
  // An ended forløb has no next samtale (its row says "–"): the time its last samtale agreed
  // would put it among the overdue ones, so it sorts last, as none does.
  [CaseloadSort.NEXT_MEETING]: (now) => `CASE WHEN (SELECT e.status FROM programme e WHERE e.id = p.programme_id) = 'ENDED' THEN 1e12
      ELSE COALESCE(extract(epoch FROM COALESCE(
      (SELECT min(m.starts_at) FROM booked_meeting m WHERE m.plan_id = p.id AND m.status = 'BOOKED' AND m.ends_at >= ${now()}::timestamptz),
      (SELECT f.next_meeting_at FROM follow_up_meeting f WHERE f.plan_id = p.id ORDER BY f.held_at DESC, f.created_at DESC LIMIT 1))), 1e12) END`,
  [CaseloadSort.WARNING_LEVEL]: () => `(-(${RANK_SQL}))::numeric`,
  // Newest first: the negative of the latest change on the plan (LATEST_CHANGE_SQL).
  [CaseloadSort.LAST_CHANGE]: () => `-extract(epoch FROM ${LATEST_CHANGE_SQL})`,
};

interface Cursor {
  s: CaseloadSort;
  k: string;
  n: string;
  id: string;
  /** The instant the first page's order was taken at (ISO), where the order depends on it (NEXT_MEETING). */
  at?: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/**
 * A sort key as PostgreSQL prints the numeric ones we make (a rank, or seconds since 1970
 * with their fraction): never an exponent, which could name a number too large to read.
 */
const NUMERIC = /^-?\d{1,15}(\.\d{1,9})?$/;
/** The order's instant as toISOString writes it, in the years every date must lie in (core/validation.ts). */
const INSTANT = /^(19|20|21)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** An opaque cursor back to its keys; anything that is not one of ours, or of another order, is BAD_USER_INPUT. */
export function decodeCursor(text: string, sort: CaseloadSort): Cursor {
  const bad = () => badInput('after', 'Ugyldig markør for næste side. Hent listen forfra.');
  let c: Partial<Cursor>;
  try {
    if (text.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw bad();
  }
  // Every key goes to PostgreSQL as a parameter: one it cannot read (a NUL in a name, a date
  // it does not know) would be a server error, so the cursor is refused here instead.
  if (!c || typeof c !== 'object' || typeof c.k !== 'string' || !NUMERIC.test(c.k) || typeof c.n !== 'string' || c.n.includes('\0') || typeof c.id !== 'string' || !isUuid(c.id)) throw bad();
  if (c.at !== undefined && (typeof c.at !== 'string' || !INSTANT.test(c.at) || Number.isNaN(Date.parse(c.at)) || new Date(c.at).toISOString() !== c.at)) throw bad();
  if (c.s !== sort) throw badInput('after', 'Markøren hører til en anden sortering. Hent listen forfra.');
  return c as Cursor;
}

export interface CaseloadArgs {
  first?: number | null;
  after?: string | null;
  filter?: CaseloadFilter | null;
  sort?: CaseloadSort | null;
}

/**
 * Mine sager, a page at a time: plans I coordinate, or whose team my unit is on, searched,
 * filtered and sorted in one statement (with the total), so the cost follows the page, not
 * the caseload. The search is parts of the citizen's name, in any Danish spelling, or their exact CPR number. Only the citizens on the returned page enter their access logs.
 */
export async function caseloadPage(ctx: RequestContext, args: CaseloadArgs): Promise<CaseloadPage> {
  const actor = actorOf(ctx);
  const sort = args.sort ?? CaseloadSort.NAME;
  const first = args.first ?? CASELOAD_DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > CASELOAD_MAX_PAGE) throw badInput('first', `Vælg mellem 1 og ${CASELOAD_MAX_PAGE} sager ad gangen.`);
  const cursor = args.after ? decodeCursor(args.after, sort) : null;
  const filter = args.filter ?? {};
  const search = filter.search?.trim() ?? '';
  if (charCount(search) > SEARCH_MAX) throw badInput('search', `Søgningen må højst være ${SEARCH_MAX} tegn.`);

  const params: unknown[] = [actor.municipalityId, actor.userId, actor.unitId, STAFF_ROLES.includes(actor.role)];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (search && looksLikeCpr(search)) {
    // A CPR number finds its citizen exactly, never a part of one (a birth date shared by
    // many). Only the caseload is searched, and its citizens' CPR numbers are the caller's
    // to see in full (maySeeCpr: the same standing on the plan), so the answer tells nothing new.
    const parsed = parseCpr(search);
    where.push(parsed.ok ? `c.cpr = ${param(parsed.cpr.digits)}` : 'false');
  } else if (search) {
    // Each word typed is a part of the name, in any order: 'Per Hansen' finds Per Ole Hansen,
    // and 'Hansen Per' finds him too, as a name is often said surname first. A name is found in
    // any of the usual Danish spellings, as the name order already takes "Aa" as "Å": 'åberg'
    // finds Aaberg, 'Sorensen' finds Sørensen.
    where.push(nameHasEveryWord('c.name', search, param));
  }
  if (filter.programmeType) where.push(`pr.type = ${param(filter.programmeType)}`);
  if (filter.unit) where.push(`EXISTS (SELECT 1 FROM plan_team_unit t JOIN unit u ON u.id = t.unit_id WHERE t.plan_id = p.id AND u.kind = ${param(filter.unit)})`);
  if (filter.warningLevel) where.push(`${RANK_SQL} >= ${param(SEVERITY_RANK[filter.warningLevel])}`);
  if (filter.status) where.push(`pr.status = ${param(filter.status)}`);
  // The programme and its warning state are joined only when the filter or the order reads
  // them: for a unit on thousands of plans, joining every programme costs most of the statement.
  const needsWarnings = !!filter.warningLevel || sort === CaseloadSort.WARNING_LEVEL;
  const needsProgramme = needsWarnings || !!filter.programmeType || !!filter.status;
  // Every page of one listing orders by the same instant: a samtale ending between two pages
  // would otherwise move its plan, repeating or skipping it.
  const at = cursor?.at ?? ctx.deps.clock.now().toISOString();
  let usesNow = false;
  const sortKey = SORT_KEY[sort](() => {
    usesNow = true;
    return param(at);
  });
  const after = cursor ? `WHERE (k, name, id) > (${param(cursor.k)}::numeric, ${param(cursor.n)}::text, ${param(cursor.id)}::uuid)` : '';
  const limit = param(first + 1);

  const [row]: Array<{ total: number; page: Array<{ id: string; citizen_id: string; name: string; k: string }> }> = await ctx.db.query(
    `WITH base AS (
       SELECT p.id, p.citizen_id, c.name ${DANISH_ORDER} AS name, ${sortKey} AS k
         FROM plan p
         -- The citizen's own municipality too: PostgreSQL then reads only its citizens, not all of them.
         JOIN citizen c ON c.id = p.citizen_id AND c.municipality_id = $1
         ${needsProgramme ? `JOIN programme pr ON pr.id = p.programme_id` : ''}
         ${needsWarnings ? `LEFT JOIN programme_warning_state ws ON ws.programme_id = pr.id AND pr.status = 'ACTIVE'` : ''}
        WHERE p.municipality_id = $1
          -- A caseworker's list: coordinating is a caseworker's function too (plan.policy.ts, standing).
          AND $4 AND (EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.programme_id = p.programme_id AND ca.to_at IS NULL AND ca.user_id = $2)
               OR ($3::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM plan_team_unit t WHERE t.plan_id = p.id AND t.unit_id = $3::uuid)))
          ${where.map((w) => `AND ${w}`).join(' ')}
     )
     SELECT (SELECT count(*)::int FROM base) AS total,
            COALESCE((SELECT json_agg(json_build_object('id', x.id, 'citizen_id', x.citizen_id, 'name', x.name, 'k', x.k::text) ORDER BY x.k, x.name, x.id)
                        FROM (SELECT id, citizen_id, name, k FROM base ${after} ORDER BY k, name, id LIMIT ${limit}) x), '[]'::json) AS page`,
    params,
  );
  const more = row.page.length > first;
  const page = more ? row.page.slice(0, first) : row.page;
  const last = page[page.length - 1];
  // Each citizen on the page is in their own access log (one statement for the page). The row
  // and the plans go to PostgreSQL in one round trip, in the request's transaction: the row
  // commits before the answer leaves, and if it cannot be written there is no answer.
  const [, plans] = await Promise.all([
    recordReads(ctx.db, page.map((r) => ({ actor, citizenId: r.citizen_id, channel: 'CASELOAD' as const, action: 'READ_CASELOAD', entityType: 'PLAN', entityId: r.id }))),
    ctx.loaders.plan.loadMany(page.map((r) => r.id)),
  ]);
  return {
    items: plans.filter((p): p is Plan => p instanceof Plan),
    nextCursor: more && last ? encodeCursor({ s: sort, k: last.k, n: last.name, id: last.id, ...(usesNow ? { at } : {}) }) : null,
    totalCount: row.total,
  };
}
