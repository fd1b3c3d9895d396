import type { DenialReason, UnknownSignInDetail } from '@samplan/schema';
import type { Actor } from '../auth/actor';
import type { Role } from '../auth/roles';
import type { Queryable } from '../db/queryable';
import { writeWithRequest, type RequestDb } from '../db/request-db';
import { keepPrepared, type Statement } from '../db/statement-batch';
import type { AppError } from '../errors/app-errors';

export type AuditOutcome = 'ALLOWED' | 'DENIED';

/** How a citizen's data reached a user: the plan page, the caseload list, one record by id, a live update, a replay, the citizen search. */
export type AccessChannel = 'PLAN_PAGE' | 'CASELOAD' | 'RECORD' | 'LIVE' | 'REPLAY' | 'SEARCH';
export const ACCESS_CHANNELS: readonly AccessChannel[] = ['PLAN_PAGE', 'CASELOAD', 'RECORD', 'LIVE', 'REPLAY', 'SEARCH'];

/** Repeats of one read within this window are one row with a count (migration 1700000000014). */
export const FOLD_SECONDS = 15 * 60;

/**
 * What the row says beyond its action. A refusal names its reason by one of the shared keys
 * (DENIAL_REASONS in @samplan/schema, shown in Danish to leaders), or, for a sign-in of
 * someone unknown, who the token named.
 */
type AuditDetail =
  | { outcome: 'ALLOWED'; detail?: string }
  | { outcome: 'DENIED'; detail?: DenialReason | UnknownSignInDetail | DeactivatedSignInDetail | AwaitingApprovalSignInDetail };

/** A sign-in of a deactivated member of staff: their name, and the login it came with (the administration log shows it as written). */
export type DeactivatedSignInDetail = `${string} forsøgte at logge ind, men er deaktiveret (login-id ${string})`;

/** A sign-in to an invitation no other administrator has approved yet: the invited person's name, and the login it came with (as above). */
export type AwaitingApprovalSignInDetail = `${string} forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse (login-id ${string})`;

export type AuditEntry = AuditDetail & {
  actor: Actor | null;
  /** The municipality, when no actor names it (the first run, which creates the municipality). */
  municipalityId?: string;
  /** e.g. READ_PLAN, UPDATE_INTERVENTION. */
  action: string;
  entityType: string;
  entityId?: string | null;
  citizenId?: string | null;
  /** For a read (or a refused read): how it reached, or would have reached, the user. */
  channel?: AccessChannel;
  /**
   * A done change of a member of staff's role or unit (`CHANGE_STAFF`): the role before and the
   * role after it, both or neither (migration 69's check). Only a change of role explains the
   * person's refusals by role in the week after it (denied_after_rights_change).
   */
  roleBefore?: Role;
  roleAfter?: Role;
};

/** One citizen's data reaching one user: a row of that citizen's access log. */
export interface ReadEntry {
  actor: Actor;
  citizenId: string;
  channel: AccessChannel;
  /** e.g. READ_PLAN, READ_CASELOAD, RECEIVE_LIVE_EVENTS. */
  action: string;
  entityType: string;
  entityId: string;
  /** How many reads this entry stands for (events delivered at once); 1 by default. */
  count?: number;
}

/**
 * Writes one audit row. For a write, pass the transaction's manager so the row commits
 * (or rolls back) with the change; for a denial, pass the data source so the row
 * survives the refused operation.
 */
export async function recordAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const statement = auditStatement(e);
  await q.query(statement.sql, statement.params as unknown[]);
}

/**
 * The same row, written with the request's COMMIT (RequestDb.writeWithCommit) instead of in a
 * round trip of its own; outside a request's transaction, written at once through `db`. For
 * a change whose audit row need not be read back: it commits with the change or not at all.
 */
export function recordAuditWithCommit(target: { requestDb?: RequestDb; db: Queryable }, e: AuditEntry): Promise<void> {
  return writeWithRequest(target, auditStatement(e));
}

const AUDIT_INSERT = keepPrepared(`INSERT INTO audit_log (municipality_id, actor_id, actor_unit_id, action, entity_type, entity_id, citizen_id, outcome, detail, channel, role_before, role_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`);

function auditStatement(e: AuditEntry): Statement {
  return {
    sql: AUDIT_INSERT,
    params: [
      e.actor?.municipalityId ?? e.municipalityId ?? null,
      e.actor?.userId ?? null,
      e.actor?.unitId ?? null,
      e.action,
      e.entityType,
      e.entityId ?? null,
      e.citizenId ?? null,
      e.outcome,
      e.detail ?? null,
      e.channel ?? null,
      e.roleBefore ?? null,
      e.roleAfter ?? null,
    ],
  };
}

/** What a field refusal is written through: the request's transaction, or (a live event) the system connection. */
export interface FieldRefusalTarget {
  actor: Actor | null;
  requestDb?: RequestDb;
  db: Queryable;
  deps: { logger: { warn(obj: object, msg: string): void } };
}

/** Fields already logged as refused, per request (or per subscription): one row per field, however often it was asked for. */
const refusedFields = new WeakMap<object, Set<string>>();

/**
 * A field an allow-list refused the caller (a mentor or a citizen asking for staff data; or,
 * with its own reason and the citizen it is about, a field refused to a role): one DENIED
 * row, `READ_FIELD` on `Type.field`, so probing shows in the access log and counts towards
 * the review of repeated refusals. Synchronous for the guard that calls it: in a request the
 * row goes with the COMMIT; on a live event it is written on its own.
 */
export function recordFieldRefusal(ctx: FieldRefusalTarget, field: string, why: { detail: DenialReason; citizenId: string | null } | null = null): void {
  let seen = refusedFields.get(ctx);
  if (!seen) refusedFields.set(ctx, (seen = new Set()));
  if (seen.has(field)) return;
  seen.add(field);
  const statement = auditStatement({
    actor: ctx.actor, action: 'READ_FIELD', entityType: 'FIELD', entityId: field, outcome: 'DENIED',
    citizenId: why ? why.citizenId : (ctx.actor?.citizenId ?? null), detail: why?.detail ?? 'not on the allow-list',
  });
  writeWithRequest(ctx, statement).catch((err: unknown) => {
    ctx.deps.logger.warn({ err: err instanceof Error ? err.message : String(err), field }, 'a refused field could not be logged');
  });
}

/**
 * Writes the reads of one request (or one live fan-out, or one replay page) in one
 * statement: one row per user, citizen, channel, action and record, or, when the same
 * read was logged within the current quarter of an hour, one more on that row's count
 * (databeskyttelsesloven, GDPR art. 30/32: every access to a citizen's data is traceable
 * to the citizen; folding keeps a caseload that is open all day from writing a row per
 * event). Rows go in a fixed order, so two writers folding into the same rows cannot
 * deadlock.
 */
export async function recordReads(q: Queryable, reads: readonly ReadEntry[]): Promise<void> {
  const statement = readsStatement(reads);
  if (statement) await q.query(statement.sql, statement.params as unknown[]);
}

/**
 * The same rows, written with the request's COMMIT (RequestDb.writeWithCommit) instead of in a
 * round trip of their own: the answer is sent only after COMMIT, so the data reaches the
 * caller only if its rows are in the log. Outside a request's transaction, written at once.
 */
export async function recordReadsWithCommit(target: { requestDb?: RequestDb; db: Queryable }, reads: readonly ReadEntry[]): Promise<void> {
  const statement = readsStatement(reads);
  if (statement) await writeWithRequest(target, statement);
}

const RECORD_READS = keepPrepared('SELECT record_reads($1::jsonb, $2::int)');

function readsStatement(reads: readonly ReadEntry[]): Statement | null {
  if (reads.length === 0) return null;
  const folded = new Map<string, { m: string; a: string; u: string | null; action: string; et: string; eid: string; c: string; ch: AccessChannel; n: number }>();
  for (const r of reads) {
    const key = [r.actor.userId, r.citizenId, r.channel, r.action, r.entityId].join('|');
    const row = folded.get(key);
    if (row) row.n += r.count ?? 1;
    else {
      folded.set(key, {
        m: r.actor.municipalityId, a: r.actor.userId, u: r.actor.unitId, action: r.action, et: r.entityType, eid: r.entityId, c: r.citizenId, ch: r.channel, n: r.count ?? 1,
      });
    }
  }
  // record_reads (migration 1700000000031): the INSERT … ON CONFLICT with a plan PostgreSQL keeps.
  return { sql: RECORD_READS, params: [JSON.stringify([...folded.values()]), FOLD_SECONDS] };
}

/**
 * A refusal of the caller's authority found inside a change (under its locks): thrown there, in
 * place of `refusal`, and caught by the service once the change's savepoint is rolled back, which
 * writes the DENIED row with `detail` and then throws `refusal`. Written inside, the row would be
 * rolled back with the change.
 */
export class RefusalToLog extends Error {
  constructor(
    readonly detail: DenialReason,
    readonly refusal: AppError,
  ) {
    super(refusal.message);
  }
}
