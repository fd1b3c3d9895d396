import type { EntityManager } from 'typeorm';
import { recordAudit, recordAuditWithCommit, recordReads, type AuditEntry } from '../../core/audit';
import type { Actor } from '../../core/auth/actor';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { AppError, ConflictError, forbidden } from '../../core/errors/app-errors';
import type { EventKind } from '../../core/events/event-kinds';
import { appendEvent, appendEventWithCommit, type NewEvent } from '../../core/events/event-log';
import { diffRecords, findOverwritten, type StoredChange } from '../../core/events/field-changes';
import { HOLDER_CHANGES, standing, type PlanAccess, type PlanHolders } from './plan.policy';
import { programmeEnded, refusesChange } from './plan-guard';
import { ProgrammeStatus } from './plan.enums';
import { keepPrepared } from '../../core/db/statement-batch';

export interface ChangeOutcome<T> {
  result: T;
  entityId: string;
  event: {
    kind: EventKind;
    summary: string;
    /** The record after the change, as the API shows it (with `__typename`). */
    entity: Record<string, unknown> & { __typename: string };
    /**
     * For an update: the record as it was when the update applied, in the same shape
     * (from updateVersionedChange, never a copy read earlier). The event stores the fields
     * that differ as `changes`; a creation passes none and stores no changes.
     */
    before?: Record<string, unknown>;
    /** The changes, when they cannot be read off two versions of one record. */
    changes?: StoredChange[];
    /** The save's versions, so the event can name whose saved values it replaced. */
    versions?: { expected: number; base?: number | null };
    /**
     * What the event stores beside the record for deciding who receives it, judged when the
     * change was made (a booked samtale's write: whether it changed the next samtale the
     * mentor sees, mentor-events.ts); never sent as is.
     */
    forReceivers?: Record<string, unknown>;
  };
}

/** The plan a change was made in, as the hooks below need it. */
export interface ChangedPlan {
  planId: string;
  programmeId: string;
  municipalityId: string;
}

/**
 * What another module adds to every change of a plan, inside the change's transaction.
 * The rules module re-evaluates the programme's deadline warnings here and appends
 * WARNINGS_CHANGED when they changed, so the caseload hears of it with the change itself.
 *
 * In two steps, so a change costs as few round trips as it can: `read` must run after the
 * change (it reads what the change wrote) and is queued right behind it; `write` gets what
 * `read` found and runs after the change's own event is appended, so its events come later
 * in the plan's feed.
 */
export interface PlanChangeHook<Read = unknown> {
  /**
   * Whether a change can matter to the hook; when false, neither step runs. Absent: every
   * change. `change.entityType` is the audit's entity type ('INTERVENTION', 'ACTIVITY' …);
   * `change.columns`, when the change says, the record's columns it set (an update of some
   * fields, of the record `change.entityId`), else the change may have touched anything.
   */
  concerns?(change: PlanChangeKind): boolean;
  read(m: EntityManager, ctx: RequestContext, changed: ChangedPlan, kind: PlanChangeKind): Promise<Read>;
  write(m: EntityManager, ctx: RequestContext, changed: ChangedPlan, read: Read): Promise<void>;
}

/** What changed, as far as a hook's `concerns` needs to know. */
export interface PlanChangeKind {
  entityType: string;
  /** The record changed, when the change says (an update of one record). */
  entityId?: string;
  columns?: readonly string[];
}

const planChangeHooks: PlanChangeHook[] = [];

export function onPlanChange<Read>(hook: PlanChangeHook<Read>): void {
  planChangeHooks.push(hook as PlanChangeHook);
}

/** What the hooks concerned by a change read, with the hook. */
type HookReads = Array<{ hook: PlanChangeHook; read: unknown }>;

/** The concerned hooks' reads, each started now (so each sends its first statement in this turn of the event loop). */
function readAfterChange(m: EntityManager, ctx: RequestContext, changed: ChangedPlan, kind: PlanChangeKind): Promise<HookReads> {
  const concerned = planChangeHooks.filter((hook) => hook.concerns?.(kind) ?? true);
  return Promise.all(concerned.map(async (hook) => ({ hook, read: await hook.read(m, ctx, changed, kind) })));
}

async function writeAfterChange(m: EntityManager, ctx: RequestContext, changed: ChangedPlan, reads: HookReads): Promise<void> {
  for (const { hook, read } of reads) await hook.write(m, ctx, changed, read);
}

/** The hooks after a change made outside writeInPlan and changeInPlan (a programme's creation). */
export async function afterPlanChange(m: EntityManager, ctx: RequestContext, changed: ChangedPlan, entityType: string): Promise<void> {
  await writeAfterChange(m, ctx, changed, await readAfterChange(m, ctx, changed, { entityType }));
}

/** A new programme and its plan, as the hooks below get them. */
export interface CreatedProgramme extends ChangedPlan {
  citizenId: string;
  type: string;
  /** The day the citizen consented to the joint plan (helhedsorienteret forløb), when given at creation. */
  jointPlanConsentOn: string | null;
  /** Who wrote it: the caseworker who created it, or nobody (the import at go-live). */
  by: Actor | null;
  /** The coordinating caseworker it was written with. */
  coordinatorId: string;
  /** What the creation's audit row says besides its action (the import: the file and line), for the hooks' own rows. */
  auditDetail?: string;
}

/**
 * What another module records when a programme is created, inside the creation's
 * transaction: the consent module enters the citizen's consent to the joint plan given at
 * the decision in its register.
 */
export type ProgrammeCreatedHook = (m: EntityManager, ctx: RequestContext, created: CreatedProgramme) => Promise<void>;

const programmeCreatedHooks: ProgrammeCreatedHook[] = [];

export function onProgrammeCreated(hook: ProgrammeCreatedHook): void {
  programmeCreatedHooks.push(hook);
}

export async function afterProgrammeCreated(m: EntityManager, ctx: RequestContext, created: CreatedProgramme): Promise<void> {
  for (const hook of programmeCreatedHooks) await hook(m, ctx, created);
}

/** A programme that has just ended: its plan, and the last day it ran. */
export interface EndedProgramme extends ChangedPlan {
  endDate: string;
}

/**
 * What another module closes when a programme ends, inside the ending's transaction: the
 * mentor module ends the grants that run past the end (the mentor's access to the citizen
 * ends with the programme), the meeting module calls off the samtaler booked after it.
 * Each says in Danish what it did, for the ending's summary, or null when nothing.
 */
export type ProgrammeEndedHook = (m: EntityManager, ctx: RequestContext, ended: EndedProgramme) => Promise<string | null>;

const programmeEndedHooks: ProgrammeEndedHook[] = [];

export function onProgrammeEnded(hook: ProgrammeEndedHook): void {
  programmeEndedHooks.push(hook);
}

export async function afterProgrammeEnded(m: EntityManager, ctx: RequestContext, ended: EndedProgramme): Promise<string[]> {
  const said: string[] = [];
  for (const hook of programmeEndedHooks) {
    const what = await hook(m, ctx, ended);
    if (what) said.push(what);
  }
  return said;
}

/** A change as writeInPlan and changeInPlan get it: the audit's action and entity type, and (for an update of some fields) the columns it sets. */
export interface PlanChangeWhat extends PlanChangeKind {
  action: string;
  /** The audit row's detail, where the change carries words of its own (a prolongation's reason). */
  detail?: string;
  /** Allowed on an ended programme as well (plan-guard.ts, refusesChange). */
  evenWhenEnded?: boolean;
}

/**
 * Runs one change to a plan as one transaction: the change, its audit row and its event
 * commit together or not at all (no event without its change, no change without its event).
 */
export async function writeInPlan<T>(
  ctx: RequestContext,
  access: PlanAccess,
  what: PlanChangeWhat,
  work: (m: EntityManager) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const actor = actorOf(ctx);
  await refuseEnded(ctx, actor, access, what);
  return readAfreshAfter(ctx, refuseEndedMeanwhile(ctx, actor, access, what, () => ctx.db.transaction(async (m) => {
    // The lock goes to PostgreSQL with the work's first statement, ahead of it.
    const running = lockRunningProgramme(m, actor, access, what);
    const [open, done] = await Promise.allSettled([running, work(m)]);
    const out = settledInOrder(open, done);
    const payload = await eventPayload(m, actor.userId, access.planId, out, open.status === 'fulfilled' ? open.value : undefined);
    // The audit row, the event and the hooks' reads do not wait for each other: asked
    // together, they go to PostgreSQL in one round trip, in this order (core/db/request-db.ts),
    // so the change's event still takes its seq before any event a hook appends.
    const [, , reads] = await Promise.all([
      recordAudit(m, auditOf(actor, access, what, out.entityId)),
      appendEvent(m, eventOf(actor, access, what, out, payload)),
      readAfterChange(m, ctx, access, what),
    ]);
    await writeAfterChange(m, ctx, access, reads);
    return out.result;
  })));
}

/**
 * writeInPlan for a change that is one statement (a versioned update): `change` must send
 * it before its first await, and `outcome` builds the result and the event without
 * another statement. Then the hooks' reads go in the same round trip, right behind the
 * statement (so they read what it wrote), and the audit row and the event go with the
 * request's COMMIT: with the read before it, the change costs three round trips, not four.
 * When the change fails (CONFLICT), what the hooks read is dropped with its savepoint.
 */
export async function changeInPlan<Changed, T>(
  ctx: RequestContext,
  access: PlanAccess,
  what: PlanChangeWhat,
  change: (m: EntityManager) => Promise<Changed>,
  outcome: (changed: Changed) => ChangeOutcome<T>,
): Promise<T> {
  const actor = actorOf(ctx);
  await refuseEnded(ctx, actor, access, what);
  return readAfreshAfter(ctx, refuseEndedMeanwhile(ctx, actor, access, what, () => ctx.db.transaction(async (m) => {
    const running = lockRunningProgramme(m, actor, access, what);
    const askedBefore = ctx.requestDb?.statementsAsked;
    const changing = change(m);
    // The hooks would read what was there before the change: a change that awaits before its
    // statement is a mistake in the code, refused before anything is read.
    if (ctx.requestDb && ctx.requestDb.statementsAsked === askedBefore) {
      await changing.catch(() => undefined);
      throw new Error('changeInPlan: the change must send its statement before its first await');
    }
    const [open, changed, reads] = await Promise.allSettled([running, changing, readAfterChange(m, ctx, access, what)]);
    const out = outcome(settledInOrder(open, changed));
    if (reads.status === 'rejected') throw reads.reason;
    const payload = await eventPayload(m, actor.userId, access.planId, out);
    const target = { requestDb: ctx.requestDb, db: m };
    await recordAuditWithCommit(target, auditOf(actor, access, what, out.entityId));
    await appendEventWithCommit(target, eventOf(actor, access, what, out, payload));
    await writeAfterChange(m, ctx, access, reads.value);
    return out.result;
  })));
}

/**
 * After a change the request's loaders hold what was there before it: a second mutation in
 * the same document (`a: update…` then `b: update…` of one record) would start from the old
 * record and write its stale fields back. What follows a change reads afresh.
 */
async function readAfreshAfter<T>(ctx: RequestContext, written: Promise<T>): Promise<T> {
  const result = await written;
  ctx.readAfresh();
  return result;
}

/**
 * The second check of an ended programme (the first is the plan gate's, plan-guard.ts): here
 * every change to a plan passes, the mentor's own writes too. The refusal is in the access log.
 */
async function refuseEnded(ctx: RequestContext, actor: Actor, access: PlanAccess, what: PlanChangeWhat): Promise<void> {
  if (!refusesChange(access, what)) return;
  await recordAudit(ctx.db, { actor, action: what.action, entityType: 'PLAN', entityId: access.planId, citizenId: access.citizenId, outcome: 'DENIED', detail: 'programme ended' });
  throw programmeEnded();
}

/** The programme ended between the gate's check and the change's transaction (see lockRunningProgramme). */
class EndedMeanwhile extends Error {}

/** The caller's standing in the plan changed between the gate's check and the change's transaction (see lockRunningProgramme). */
class AccessChangedMeanwhile extends Error {}

const LOCK_PROGRAMME = keepPrepared(`SELECT status FROM programme WHERE id = $1 FOR NO KEY UPDATE`);
// Its own statement, sent right behind the lock: it reads after the lock is held, so it sees
// a change of the team or the coordinator that committed while this change waited for it.
const TEAM_AND_COORDINATOR = keepPrepared(`SELECT
    (SELECT ca.user_id FROM coordinator_assignment ca WHERE ca.programme_id = $1 AND ca.to_at IS NULL) AS coordinator_id,
    ARRAY(SELECT t.unit_id::text FROM plan_team_unit t WHERE t.plan_id = $2) AS team`);

/**
 * The gate read the programme as running, but it may end before the change commits: the
 * change's transaction locks the programme's row first, and is refused when the row says
 * ended. Ending a programme updates that row, so it waits for the changes under way, and a
 * change that comes after the ending waits for it and then sees it ended (a locking read
 * sees the latest committed row). The lock comes before the change's own rows, as in the
 * ending (programme row first, then what it closes), so the two cannot deadlock.
 *
 * The lock is the one an update of the row takes (NO KEY UPDATE), for every change: so
 * the changes to one plan take their turns, each for the few milliseconds of its
 * transaction. A weaker shared lock would let two of them hold it at once, and a request
 * that changes the plan and then the programme (several fields in one operation, one
 * transaction) would have to strengthen its lock while another waits on a row it holds:
 * a deadlock. Changes to different plans do not wait for each other.
 */
async function lockRunningProgramme(m: EntityManager, actor: Actor, access: PlanAccess, what: PlanChangeWhat): Promise<PlanHolders> {
  const [rows, now] = await Promise.all([
    m.query(LOCK_PROGRAMME, [access.programmeId]) as Promise<Array<{ status: string }>>,
    m.query(TEAM_AND_COORDINATOR, [access.programmeId, access.planId]) as Promise<Array<{ coordinator_id: string | null; team: string[] }>>,
  ]);
  if (!what.evenWhenEnded && rows[0]?.status === ProgrammeStatus.ENDED) throw new EndedMeanwhile();
  // The team and the coordinator change under the same lock (changeTeam, reassignCoordinator):
  // a change that passed the gate as a unit on the team, or as the coordinator, and then
  // waited while that was taken away, is refused, not committed after the access has ended.
  const current = { ...access, coordinatorId: now[0]?.coordinator_id ?? null, teamUnitIds: now[0]?.team ?? [] };
  if (current.coordinatorId !== access.coordinatorId || standing(actor, current) !== standing(actor, access)) throw new AccessChangedMeanwhile();
  // Read under the lock, before the change's own statements: who held the plan just before it.
  return { coordinatorId: current.coordinatorId, teamUnitIds: current.teamUnitIds };
}

/** The change's outcome, unless the programme lock refused it first (its refusal wins over the change's own error). */
function settledInOrder<T>(lock: PromiseSettledResult<unknown>, change: PromiseSettledResult<T>): T {
  if (lock.status === 'rejected') throw lock.reason;
  if (change.status === 'rejected') throw change.reason;
  return change.value;
}

/**
 * Runs the change; when the programme ended, or the caller's standing changed, meanwhile, the
 * change is rolled back and the refusal logged, as at the gate. A CONFLICT hands the caller
 * the record as it is now: that is a read of the citizen's data like any other, so it gets
 * its read row, written after the change's savepoint is rolled back so that it stays.
 */
async function refuseEndedMeanwhile<T>(ctx: RequestContext, actor: Actor, access: PlanAccess, what: PlanChangeWhat, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.extensions.code === 'CONFLICT') return refuseStale(ctx, access, what, error);
    if (error instanceof AccessChangedMeanwhile) {
      await recordAudit(ctx.db, { actor, action: what.action, entityType: 'PLAN', entityId: access.planId, citizenId: access.citizenId, outcome: 'DENIED', detail: 'team or coordinator changed meanwhile' });
      throw forbidden('Planens team eller koordinator er netop ændret, så du har ikke længere adgang til at gøre dette. Genindlæs planen.');
    }
    if (!(error instanceof EndedMeanwhile)) throw error;
    await refuseEnded(ctx, actor, { ...access, programmeEnded: true }, what);
    throw error;
  }
}

/**
 * A stale save is refused with the record as it is now (CONFLICT), which the caller reads:
 * that read is logged (READ_AFTER_CONFLICT), as every read of the citizen's data is. For a
 * check made before the write's transaction as inside it.
 */
export async function refuseStale(ctx: RequestContext, access: Pick<PlanAccess, 'planId' | 'citizenId'>, what: { entityType: string; entityId?: string }, error: AppError): Promise<never> {
  await recordReads(ctx.db, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'RECORD', action: 'READ_AFTER_CONFLICT', entityType: what.entityType, entityId: conflictRecordId(error) ?? what.entityId ?? access.planId }]);
  throw error;
}

/** The id of the record a CONFLICT hands back, when it is one record with an id. */
function conflictRecordId(error: AppError): string | undefined {
  const current = (error instanceof ConflictError ? error.current : error.extensions.current) as { id?: unknown } | null | undefined;
  return typeof current?.id === 'string' ? current.id : undefined;
}

/**
 * A second record that one change writes (the held samtale that a booking's fremmøde
 * creates; a samtale that a programme's ending calls off): its own audit row and event in the
 * change's transaction, so its history, the live screens and the mentor (when it is shared
 * with them) hear of it as if it had been written by itself.
 */
export async function alsoChanged(
  m: EntityManager,
  ctx: RequestContext,
  plan: Pick<PlanAccess, 'planId' | 'municipalityId'> & { citizenId: string | null },
  what: { action: string; entityType: string },
  out: ChangeOutcome<unknown>,
): Promise<void> {
  const actor = actorOf(ctx);
  const payload = await eventPayload(m, actor.userId, plan.planId, out);
  await Promise.all([recordAudit(m, auditOf(actor, plan, what, out.entityId)), appendEvent(m, eventOf(actor, plan, what, out, payload))]);
}

function auditOf(actor: Actor, access: Pick<PlanAccess, 'citizenId'> | { citizenId: string | null }, what: { action: string; entityType: string; detail?: string }, entityId: string): AuditEntry {
  return { actor, action: what.action, entityType: what.entityType, entityId, citizenId: access.citizenId, outcome: 'ALLOWED', ...(what.detail ? { detail: what.detail } : {}) };
}

function eventOf(actor: Actor, access: Pick<PlanAccess, 'planId' | 'municipalityId'>, what: { entityType: string }, out: ChangeOutcome<unknown>, payload: Record<string, unknown>): NewEvent {
  return {
    planId: access.planId,
    municipalityId: access.municipalityId,
    kind: out.event.kind,
    entityType: what.entityType,
    entityId: out.entityId,
    actor,
    summary: out.event.summary,
    payload,
  };
}

/**
 * What the event stores: the record after the change; for an update the changed fields
 * with raw before and after values, the record's version after it (`recordVersion`, so a
 * later save can tell which events came between its versions), and whose saved values
 * this save replaced. A change of who holds the plan (HOLDER_CHANGES) also stores who held
 * it just before (`holdersBefore`, read under the programme's lock); it is never sent as is,
 * nor is what the change stores for its receivers (`forReceivers`).
 */
async function eventPayload(m: EntityManager, actorId: string, planId: string, out: ChangeOutcome<unknown>, holdersBefore?: PlanHolders): Promise<Record<string, unknown>> {
  const { entity, before, versions } = out.event;
  const changes = out.event.changes ?? (before ? diffRecords(before, entity) : undefined);
  const payload: Record<string, unknown> = { ...out.event.forReceivers, entity };
  if (changes) payload.changes = changes;
  if (typeof entity.version === 'number') payload.recordVersion = entity.version;
  if (holdersBefore && HOLDER_CHANGES.has(out.event.kind)) payload.holdersBefore = holdersBefore;
  if (changes && versions?.base != null) {
    const overwrote = await findOverwritten(m, { planId, entityId: out.entityId, actorId, baseVersion: versions.base, expectedVersion: versions.expected }, changes);
    if (overwrote.length) payload.overwrote = overwrote;
  }
  return payload;
}

/**
 * The subject of an event's summary: the person with their unit, "Anna Holm (Jobcenter)", as
 * the client names who made a change (client live/sentence.ts, changedBy); the name alone when
 * they belong to no unit. A coordinator reading the feed learns who did it, not only which
 * unit. It names no one a reader could not see already: only staff read the stored summary,
 * and staff are told who made each change beside it; a mentor and the citizen read a neutral
 * one of their own view (live/plan-event-view.ts).
 */
export async function actorLabel(ctx: RequestContext): Promise<string> {
  const actor = actorOf(ctx);
  if (!actor.unitId) return actor.name;
  const unit = await ctx.loaders.unit.load(actor.unitId);
  return unit ? `${actor.name} (${unit.name})` : actor.name;
}

/**
 * Snake_case row from `RETURNING *` -> the entity's camelCase shape. Columns naming a
 * person (`updated_by`, `recorded_by`, …) are `…ById` properties on the entities.
 */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k.endsWith('_by') ? `${k}_id` : k;
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out as T;
}
