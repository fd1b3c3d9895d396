import { charCount, tooLongMessage } from '@samplan/schema';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput, conflict, forbidden, notFound } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';
import { TEXT_LIMITS } from '../../core/validation';
import { labelOfDescription } from '../live/field-display';
import type { AccountDenial, AccountReviewFlag } from './account-flag.types';

/**
 * Accounts flagged for review (the trigger in migration 1700000000010 raises the flags
 * from the audit log). A leader sees the flags of their own municipality's staff, with
 * the denials behind each one read from the audit log, and closes a flag with a note.
 * Citizens' own accounts are left out: a leader has no need to know a citizen's name,
 * login or what they tried; their denials stay in the audit log.
 */

/**
 * Whether the leader may see a denial's record anyway, so its id may go to them: a member of
 * staff of the flag's municipality (a colleague, or the flagged user), an open unit of it, the
 * municipality itself, or a flag they review; and a refused function or field, whose "id" is its
 * name in the API. Any other record — a plan, programme, intervention, activity, sub-goal and
 * the rest of a citizen's plan, or anything of another municipality — is told by its number only:
 * a leader may not read plans, and a plan's id points at a citizen.
 */
const LEADER_MAY_SEE = `
  CASE
    WHEN a.entity_type IN ('OPERATION', 'FIELD') THEN true
    WHEN a.entity_id IS NULL OR a.entity_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN false
    WHEN a.entity_type IN ('STAFF', 'USER') THEN EXISTS (
      SELECT 1 FROM app_user s WHERE s.id = a.entity_id::uuid AND s.municipality_id = f.municipality_id AND s.role <> 'CITIZEN'
         AND (s.deactivated_at IS NULL OR s.id = f.user_id))
    WHEN a.entity_type = 'UNIT' THEN EXISTS (
      SELECT 1 FROM unit s WHERE s.id = a.entity_id::uuid AND s.municipality_id = f.municipality_id AND s.closed_at IS NULL)
    WHEN a.entity_type = 'MUNICIPALITY' THEN a.entity_id::uuid = f.municipality_id
    WHEN a.entity_type = 'ACCOUNT_FLAG' THEN EXISTS (
      SELECT 1 FROM account_review_flag s JOIN app_user su ON su.id = s.user_id
       WHERE s.id = a.entity_id::uuid AND s.municipality_id = f.municipality_id AND su.role <> 'CITIZEN')
    ELSE false
  END`;

const FLAGS_SQL = `
  SELECT f.id, f.user_id, u.username, u.name, u.role, un.name AS unit_name, f.flagged_at, f.denials,
         f.first_denied_at, f.last_denied_at, f.resolved_at, rb.name AS resolved_by_name, f.resolution,
         coalesce(d.list, '[]'::json) AS recent_denials
    FROM account_review_flag f
    JOIN app_user u ON u.id = f.user_id
    LEFT JOIN unit un ON un.id = u.unit_id
    LEFT JOIN app_user rb ON rb.id = f.resolved_by
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('at', a.at, 'action', a.action, 'entityType', a.entity_type,
                                        'entityId', a.entity_id, 'detail', a.detail, 'leaderMaySee', ${LEADER_MAY_SEE},
                                        'attemptOf', coalesce(a.attempt_of, a.id)::text) ORDER BY a.id DESC) AS list
        FROM (SELECT * FROM audit_log a
               WHERE a.actor_id = f.user_id AND a.outcome = 'DENIED'
                 -- A refusal that joined an attempt is listed with it, by the attempt's first refusal's time
                 -- (attempt_at, migration 77): two reads of one click are written in parallel, and the one
                 -- that joins may carry the earlier time.
                 AND a.at >= f.first_denied_at - interval '1 minute'
                 AND coalesce(a.attempt_at, a.at) >= f.first_denied_at
                 AND a.at <= coalesce(f.resolved_at, 'infinity')
                 -- As the flag counts them: not those a change of the user's rights explains (migrations 64, 65,
                 -- and 69: a refusal by role only after a change of role, not after a move to another unit alone).
                 AND NOT denied_after_rights_change(a.actor_id, a.at, a.entity_id, a.action)
               ORDER BY a.id DESC LIMIT 50) a
    ) d ON true
   WHERE f.municipality_id = $1 AND ($2::boolean OR f.resolved_at IS NULL) AND ($3::uuid IS NULL OR f.id = $3)
     AND u.role <> 'CITIZEN'
   ORDER BY f.resolved_at IS NULL DESC, f.flagged_at DESC
   LIMIT 500`;

interface FlagRow {
  id: string;
  user_id: string;
  username: string;
  name: string;
  role: AccountReviewFlag['role'];
  unit_name: string | null;
  flagged_at: Date;
  denials: number;
  first_denied_at: Date;
  last_denied_at: Date;
  resolved_at: Date | null;
  resolved_by_name: string | null;
  resolution: string | null;
  /**
   * Every denial's record id, which only numbers the records here, whether the leader may see that
   * record anyway, and the first row of the attempt it was part of (migration 75), which numbers the attempts.
   */
  recent_denials: Array<Pick<AccountDenial, 'action' | 'entityType' | 'entityId' | 'detail'> & { at: string; leaderMaySee: boolean; attemptOf: string }>;
}

/**
 * A refused function (`Query.staffMembers`) by the schema's own Danish words for it, with its
 * name in the API: "Medarbejdere i kommunen (staffMembers)"; by its name alone where the schema
 * does not describe it.
 */
function operationName(schema: GraphQLSchema, entityId: string | null): string | null {
  if (!entityId) return null;
  const [typeName, field, ...rest] = entityId.split('.');
  if (!typeName || !field || rest.length > 0) return entityId;
  const type = schema.getType(typeName);
  const description = isObjectType(type) ? type.getFields()[field]?.description : undefined;
  return description ? `${labelOfDescription(description)} (${field})` : field;
}

/**
 * The flag's denials as a leader may read them: a refused function by its name, a refused record
 * by a number (the same record, the same number; numbered in the order first tried), so the
 * leader can tell the same plan tried again from many plans tried once, without a record or a
 * citizen being named. The record's id only where the leader may see that record anyway (LEADER_MAY_SEE).
 * Each denial is numbered by the attempt it was part of, as the flag counts them: the reads a page
 * sends at one click are one attempt.
 */
function denialsOf(r: FlagRow, schema: GraphQLSchema): AccountDenial[] {
  const numbers = new Map<string, Map<string, number>>();
  const attempts = new Map<string, number>();
  for (const d of [...r.recent_denials].reverse()) {
    if (!attempts.has(d.attemptOf)) attempts.set(d.attemptOf, attempts.size + 1);
    if (d.entityType === 'OPERATION' || !d.entityId) continue;
    const ofKind = numbers.get(d.entityType) ?? new Map<string, number>();
    numbers.set(d.entityType, ofKind);
    if (!ofKind.has(d.entityId)) ofKind.set(d.entityId, ofKind.size + 1);
  }
  return r.recent_denials.map((d) => ({
    at: new Date(d.at),
    action: d.action,
    entityType: d.entityType,
    entityId: d.leaderMaySee ? d.entityId : null,
    detail: d.detail,
    operation: d.entityType === 'OPERATION' ? operationName(schema, d.entityId) : null,
    recordNumber: d.entityId ? numbers.get(d.entityType)?.get(d.entityId) ?? null : null,
    attempt: attempts.get(d.attemptOf)!,
  }));
}

const toFlag = (r: FlagRow, readerId: string, schema: GraphQLSchema): AccountReviewFlag => ({
  mine: r.user_id === readerId,
  id: r.id,
  userId: r.user_id,
  username: r.username,
  name: r.name,
  role: r.role,
  unitName: r.unit_name,
  flaggedAt: r.flagged_at,
  denials: r.denials,
  firstDeniedAt: r.first_denied_at,
  lastDeniedAt: r.last_denied_at,
  resolvedAt: r.resolved_at,
  resolvedByName: r.resolved_by_name,
  resolution: r.resolution,
  recentDenials: denialsOf(r, schema),
});

export async function flaggedAccounts(ctx: RequestContext, includeResolved: boolean, schema: GraphQLSchema): Promise<AccountReviewFlag[]> {
  const actor = actorOf(ctx);
  const rows: FlagRow[] = await ctx.db.query(FLAGS_SQL, [actor.municipalityId, includeResolved, null]);
  await recordAudit(ctx.db, { actor, action: 'READ_ACCOUNT_FLAGS', entityType: 'ACCOUNT_FLAG', outcome: 'ALLOWED', detail: `${rows.length} markeringer` });
  return rows.map((r) => toFlag(r, actor.userId, schema));
}

export async function resolveAccountFlag(ctx: RequestContext, id: string, resolution: string, schema: GraphQLSchema): Promise<AccountReviewFlag> {
  const actor = actorOf(ctx);
  const note = resolution.trim();
  if (note.length === 0) throw badInput('resolution', 'Skriv en bemærkning til gennemsynet.');
  if (charCount(note) > TEXT_LIMITS.short) throw badInput('resolution', tooLongMessage('Bemærkningen', TEXT_LIMITS.short, note));
  // Another municipality's flag, or none such, is NOT_FOUND, and the attempt is logged as any other.
  const unseen = async () => {
    await recordAudit(ctx.db, { actor, action: 'RESOLVE_ACCOUNT_FLAG', entityType: 'ACCOUNT_FLAG', entityId: isUuid(id) ? id : null, outcome: 'DENIED', detail: 'not found or not visible' });
    return notFound('Markeringen');
  };
  if (!isUuid(id)) throw await unseen();
  // Review is of one leader by another: a leader's own refusals are not theirs to close. The
  // refusal is audited outside the write's transaction, so that it stays.
  const [own]: Array<{ user_id: string }> = await ctx.db.query(
    `SELECT user_id FROM account_review_flag WHERE id = $1 AND municipality_id = $2 AND user_id = $3 AND resolved_at IS NULL`, [id, actor.municipalityId, actor.userId]);
  if (own) {
    await recordAudit(ctx.db, { actor, action: 'RESOLVE_ACCOUNT_FLAG', entityType: 'ACCOUNT_FLAG', entityId: id, outcome: 'DENIED', detail: 'own account flag' });
    throw forbidden('Det er din egen markering: en anden leder skal gennemse den.');
  }
  const resolved = await ctx.db.transaction(async (m) => {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [updated] = (await m.query(
      `UPDATE account_review_flag SET resolved_at = now(), resolved_by = $3, resolution = $4
        WHERE id = $1 AND municipality_id = $2 AND resolved_at IS NULL AND user_id <> $3
          AND user_id IN (SELECT id FROM app_user WHERE role <> 'CITIZEN') RETURNING id`,
      [id, actor.municipalityId, actor.userId, note],
    )) as [Array<{ id: string }>, number];
    if (updated.length === 0) {
      // Closed meanwhile (another leader, another window): the leader may read that flag, so
      // they are told who closed it and with what note, not that it does not exist.
      const [closed]: FlagRow[] = await m.query(FLAGS_SQL, [actor.municipalityId, true, id]);
      if (closed?.resolved_at) {
        throw conflict(`Markeringen er allerede afsluttet af ${closed.resolved_by_name ?? 'en anden leder'}. Din bemærkning er ikke gemt.`, { __typename: 'AccountReviewFlag', ...toFlag(closed, actor.userId, schema) });
      }
      return false;
    }
    await recordAudit(m, { actor, action: 'RESOLVE_ACCOUNT_FLAG', entityType: 'ACCOUNT_FLAG', entityId: id, outcome: 'ALLOWED' });
    return true;
  });
  if (!resolved) throw await unseen();
  const rows: FlagRow[] = await ctx.db.query(FLAGS_SQL, [actor.municipalityId, true, id]);
  return toFlag(rows[0], actor.userId, schema);
}
