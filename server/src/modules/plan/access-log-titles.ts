import { formatDanishDate, formatDanishDateTime } from '@samplan/schema';
import type { GraphQLSchema } from 'graphql';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { isUuid } from '../../core/loaders';
// The consent cut itself, not the module's index: the consent module builds on the plan's (its index imports ours).
import { ACTIVITY_TITLE_WITHHELD, isWithheld } from '../consent/consent-cut';
import { fieldLabel, isApiField } from '../live/field-display';
import { planPolicy } from './plan.policy';

/** What the access log's rows are about: a kind of record and its id (`audit_log.entity_type`, `entity_id`). */
export interface LoggedRecord {
  entityType: string;
  entityId: string | null;
}

/**
 * The records of a citizen's plans that the log names by title, each read by its id with the
 * plan it belongs to (so the caller's right to that plan decides) and what names it: a text,
 * an instant, or a period of days, then the intervention an activity belongs to (the columns
 * of TitleRow after its type, in that order). Table names are fixed here, never from input. A
 * record of another citizen's plan is not named, whatever id a refused attempt carried.
 */
const TITLE_OF: Readonly<Record<string, string>> = {
  INTERVENTION: `SELECT x.id, x.plan_id, x.title, NULL::timestamptz, NULL::date, NULL::date, NULL::uuid FROM intervention x`,
  ACTIVITY: `SELECT x.id, x.plan_id, x.title, NULL::timestamptz, NULL::date, NULL::date, x.intervention_id FROM activity x`,
  SUB_GOAL: `SELECT x.id, x.plan_id, x.text, NULL::timestamptz, NULL::date, NULL::date, NULL::uuid FROM sub_goal x`,
  // A measurement is named by the sub-goal it measures.
  SUB_GOAL_PROGRESS: `SELECT x.id, g.plan_id, g.text, NULL::timestamptz, NULL::date, NULL::date, NULL::uuid FROM sub_goal_progress x JOIN sub_goal g ON g.id = x.sub_goal_id`,
  MEETING: `SELECT x.id, x.plan_id, NULL::text, x.starts_at, NULL::date, NULL::date, NULL::uuid FROM booked_meeting x`,
  FOLLOW_UP: `SELECT x.id, x.plan_id, NULL::text, x.held_at, NULL::date, NULL::date, NULL::uuid FROM follow_up_meeting x`,
  MENTOR_GRANT: `SELECT x.id, x.plan_id, NULL::text, NULL::timestamptz, x.start_date, x.end_date, NULL::uuid FROM mentor_grant x`,
};

type TitleRow = {
  entity_type: string; id: string; plan_id: string; text: string | null; at: Date | null; first_day: string | null; last_day: string | null; intervention_id: string | null;
};


function titleOf(r: TitleRow): string | null {
  if (r.text) return r.text;
  if (r.at) return formatDanishDateTime(r.at);
  if (r.first_day) return `${formatDanishDate(r.first_day)} – ${formatDanishDate(r.last_day)}`;
  return null;
}

/**
 * A refused field (`READ_FIELD`, entity id `Type.field`) by the field's Danish label, the
 * schema's own words, as the plan's history labels a changed field ("Arbejdstelefon" for User.phone).
 */
function fieldTitle(schema: GraphQLSchema, entityId: string): string | null {
  const [type, field, ...rest] = entityId.split('.');
  return type && field && rest.length === 0 && isApiField(schema, type, field) ? fieldLabel(schema, type, field) : null;
}

const key = (entityType: string, id: string) => `${entityType}:${id}`;

/**
 * What each row of a page of the citizen's access log is about, by title, where the log can
 * name it: the intervention's or activity's title, the sub-goal's text, the samtale's time,
 * the mentor grant's period, the refused field's name. All records of the page are read in
 * one statement and their plans' access facts in one batch (the plan loader), however many
 * rows; a record on a plan the caller may not read is not named (its kind still is). An
 * activity whose details the consent register keeps from the caller is named as the plan
 * names it ("Aktivitet"), decided by the consent cut with the request's loaders, as the plan's
 * own fields are: the coordinator is bound like any other unit (rule 15).
 */
export async function titlesOf(ctx: RequestContext, citizenId: string, records: readonly LoggedRecord[], schema: GraphQLSchema): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const idsByType = new Map<string, Set<string>>();
  for (const r of records) {
    if (!r.entityId) continue;
    if (r.entityType === 'FIELD') {
      const title = fieldTitle(schema, r.entityId);
      if (title) titles.set(key(r.entityType, r.entityId), title);
    } else if (TITLE_OF[r.entityType] && isUuid(r.entityId)) {
      idsByType.set(r.entityType, (idsByType.get(r.entityType) ?? new Set()).add(r.entityId));
    }
  }
  if (idsByType.size === 0) return titles;
  const params: unknown[] = [citizenId];
  const parts = [...idsByType].map(([type, ids]) => {
    params.push([...ids]);
    return `SELECT '${type}', t.* FROM (${TITLE_OF[type]} WHERE x.id = ANY($${params.length}::uuid[])) t`;
  });
  // Under the caller's row-level security: the citizen's records are in the caller's own municipality.
  const rows: TitleRow[] = await ctx.db.query(
    `SELECT r.entity_type, r.id::text AS id, r.plan_id::text AS plan_id, r.text, r.at, r.first_day::text AS first_day, r.last_day::text AS last_day,
            r.intervention_id::text AS intervention_id
       FROM (${parts.join(' UNION ALL ')}) r (entity_type, id, plan_id, text, at, first_day, last_day, intervention_id)
       JOIN plan p ON p.id = r.plan_id AND p.citizen_id = $1`,
    params,
  );
  const actor = actorOf(ctx);
  const plans = [...new Set(rows.map((r) => r.plan_id))];
  const access = await ctx.loaders.planAccess.loadMany(plans);
  const readable = new Set(plans.filter((_, i) => {
    const facts = access[i];
    return !(facts instanceof Error) && planPolicy.read(actor, facts);
  }));
  const named = await Promise.all(rows.map(async (r) => {
    if (!readable.has(r.plan_id)) return null;
    // The plan's interventions and the register, each read once for the page (the loaders batch).
    if (r.entity_type === 'ACTIVITY' && (await isWithheld(ctx, 'Activity', { planId: r.plan_id, interventionId: r.intervention_id }))) return ACTIVITY_TITLE_WITHHELD;
    return titleOf(r);
  }));
  rows.forEach((r, i) => {
    const title = named[i];
    if (title) titles.set(key(r.entity_type, r.id), title);
  });
  return titles;
}

/** The title `titlesOf` found for a row, if any. */
export function titleFor(titles: ReadonlyMap<string, string>, r: LoggedRecord): string | null {
  return r.entityId ? (titles.get(key(r.entityType, r.entityId)) ?? null) : null;
}
