import { formatDanishDateTime, type DenialReason } from '@samplan/schema';
import { IsNull } from 'typeorm';
import { recordAudit, recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, notFound, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { citizenSections, writeCitizenSection, type DescriptionSection } from '../description';
import { actorLabel, camelRow, citizenOfPlan, COORDINATE, FollowUpMeeting, guardPlan, refuseUnseen, standing, writeInPlan, type PlanAccess } from '../plan';
import { CitizenMeetingComment, CitizenMeetingRequest, CitizenPlanSeen, type CitizenOwnWords } from './citizen-words.entity';
import type { HandleMeetingRequestInput, RequestMeetingInput, WriteMyDescriptionSectionInput, WriteMyMeetingCommentInput } from './citizen-words.inputs';

const COMMENT_ENTITY_TYPE = 'CITIZEN_MEETING_COMMENT';
const REQUEST_ENTITY_TYPE = 'CITIZEN_MEETING_REQUEST';
const SEEN_ENTITY_TYPE = 'CITIZEN_PLAN_SEEN';

/**
 * The citizen's own plan, or NOT_FOUND: a citizen writes only in a plan of the citizen their
 * account is bound to. Another plan answers as a made-up id does; the attempt is audited
 * (outside any transaction, so the row survives). So does the plan of a forløb registered by
 * mistake: it was never the citizen's (docs/domain.md, rule 5), and what staff wrote in it may be
 * about someone else; Min plan and its live stream pass it over too.
 */
async function guardOwnPlan(ctx: RequestContext, planId: string, what: { action: string; entityType: string; entityId?: string }, label = 'Planen'): Promise<PlanAccess> {
  const actor = actorOf(ctx);
  const access = isUuid(planId) ? await ctx.loaders.planAccess.load(planId) : null;
  if (!access || actor.role !== Role.CITIZEN || !actor.citizenId || access.citizenId !== actor.citizenId || access.municipalityId !== actor.municipalityId
    || (await ctx.loaders.programme.load(access.programmeId))?.registeredInErrorAt) {
    // Another municipality's plan is invisible here: the plan gate's helper names its citizen, so the attempt enters their access log.
    await recordAudit(ctx.db, { actor, ...what, entityId: what.entityId ?? (isUuid(planId) ? planId : null), citizenId: access?.citizenId ?? (await citizenOfPlan(ctx, planId)), outcome: 'DENIED', detail: "not the citizen's own plan" });
    throw notFound(label);
  }
  return access;
}

/**
 * The citizen's own plan of a running programme: their words go into the plan that is being
 * worked on. An ended forløb is history — its words can still be read (myOwnWords), but
 * nothing more is written in it; Min plan shows a running forløb only, so the refusal says
 * the forløb has ended and promises no reading.
 */
async function guardOwnRunningPlan(ctx: RequestContext, planId: string, what: { action: string; entityType: string; entityId?: string }, label = 'Planen'): Promise<PlanAccess> {
  const access = await guardOwnPlan(ctx, planId, what, label);
  const programme = await ctx.loaders.programme.load(access.programmeId);
  if (programme?.status !== 'ACTIVE') {
    await recordAudit(ctx.db, { actor: actorOf(ctx), action: what.action, entityType: what.entityType, entityId: what.entityId ?? planId, citizenId: access.citizenId, outcome: 'DENIED', detail: 'programme ended' });
    throw ruleViolation('PROGRAMME_ENDED', 'Dit forløb er afsluttet, så du kan ikke længere skrive i planen.');
  }
  return access;
}

/**
 * A refusal inside the citizen's own plan (a samtale not yet held, a comment that is not
 * there): NOT_FOUND as for what does not exist, and, as every refusal, a row in the
 * citizen's access log (outside any transaction, so the row survives).
 */
async function refuseInOwnPlan(ctx: RequestContext, access: PlanAccess, what: { action: string; entityType: string; entityId: string }, detail: DenialReason, label: string): Promise<never> {
  await recordAudit(ctx.db, { actor: actorOf(ctx), ...what, citizenId: access.citizenId, outcome: 'DENIED', detail });
  throw notFound(label);
}

/** The record as an event carries it (with its GraphQL type name), without the tenant column. */
function recordOf<T extends { municipalityId: string }>(typename: string, row: T): Record<string, unknown> & { __typename: string } {
  const { municipalityId: _, ...fields } = row;
  return { __typename: typename, ...fields };
}

/** Trimmed text, or BAD_USER_INPUT naming the field when nothing is left. */
function required(field: string, text: string, message: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw badInput(field, message);
  return trimmed;
}

/** How many of the latest requests are read besides the open ones. */
const LATEST_REQUESTS = 20;

/**
 * The plan's requests for a samtale, newest first: every open one (one left behind twenty
 * newer ones must still reach the coordinator, who handles it), and the latest handled ones.
 */
async function meetingRequestsOf(ctx: RequestContext, planId: string): Promise<CitizenMeetingRequest[]> {
  const repo = ctx.db.getRepository(CitizenMeetingRequest);
  const order = { requestedAt: 'DESC', id: 'ASC' } as const;
  const [open, latest] = await Promise.all([repo.find({ where: { planId, handledAt: IsNull() }, order }), repo.find({ where: { planId }, order, take: LATEST_REQUESTS })]);
  const byId = new Map([...latest, ...open].map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime() || a.id.localeCompare(b.id));
}

// ---- reads ----

async function ownWords(ctx: RequestContext, access: PlanAccess): Promise<CitizenOwnWords> {
  const [sections, followUps, comments, requests, seen] = await Promise.all([
    citizenSections(ctx, access),
    ctx.loaders.followUpsByPlan.load(access.planId),
    ctx.db.getRepository(CitizenMeetingComment).find({ where: { planId: access.planId } }),
    meetingRequestsOf(ctx, access.planId),
    ctx.db.getRepository(CitizenPlanSeen).findOne({ where: { planId: access.planId }, order: { seenAt: 'DESC' } }),
  ]);
  const now = ctx.deps.clock.now().getTime();
  const heldMeetings = followUps
    .filter((f) => f.heldAt.getTime() <= now)
    .sort((a, b) => b.heldAt.getTime() - a.heldAt.getTime())
    .map((f) => ({ followUpId: f.id, heldAt: f.heldAt, mode: f.mode, comment: comments.find((c) => c.followUpId === f.id) ?? null }));
  return { id: access.planId, sections, heldMeetings, meetingRequests: requests, lastSeen: seen ?? null };
}

/** The citizen reads their own words in their own plan (another plan: NOT_FOUND, audited). */
export async function myOwnWords(ctx: RequestContext, planId: string): Promise<CitizenOwnWords> {
  const access = await guardOwnPlan(ctx, planId, { action: 'READ_OWN_WORDS', entityType: 'PLAN' });
  // Their own data, but still a read of a citizen's data: in the access log as every read is.
  await recordReads(ctx.db, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'PLAN_PAGE', action: 'READ_OWN_WORDS', entityType: 'PLAN', entityId: access.planId }]);
  return ownWords(ctx, access);
}

/** Staff on the plan read the citizen's own words; reached through Plan, which has passed the plan gate. Anyone else: none. */
export async function citizenOwnWordsForStaff(ctx: RequestContext, planId: string): Promise<CitizenOwnWords | null> {
  const access = await ctx.loaders.planAccess.load(planId);
  if (!access || standing(actorOf(ctx), access) === null) return null;
  return ownWords(ctx, access);
}

/** A held samtale's comment by the citizen, for staff on the plan (FollowUpMeeting.citizenComment). */
export async function commentOnFollowUp(ctx: RequestContext, followUp: Pick<FollowUpMeeting, 'id' | 'planId'>): Promise<CitizenMeetingComment | null> {
  const access = await ctx.loaders.planAccess.load(followUp.planId);
  if (!access || standing(actorOf(ctx), access) === null) return null;
  return ctx.loaders.citizenCommentByFollowUp.load(followUp.id);
}

// ---- the citizen's writes ----

/** 1. "Mine ønsker og mål" and "Det vil jeg gerne have hjælp til", in the citizen's own plan. */
export async function writeMyDescriptionSection(ctx: RequestContext, input: WriteMyDescriptionSectionInput): Promise<DescriptionSection> {
  const access = await guardOwnRunningPlan(ctx, input.planId, { action: 'WRITE_OWN_DESCRIPTION_SECTION', entityType: 'DESCRIPTION_SECTION' });
  return writeCitizenSection(ctx, access, input);
}

/**
 * 2. One comment per held samtale, by the citizen; a save on the version read (0: a new
 * comment), CONFLICT on a stale one. Every version is kept.
 */
export async function writeMyMeetingComment(ctx: RequestContext, input: WriteMyMeetingCommentInput): Promise<CitizenMeetingComment> {
  const what = { action: 'WRITE_MEETING_COMMENT', entityType: COMMENT_ENTITY_TYPE };
  const text = required('text', input.text, 'Skriv en kommentar.');
  const followUp = isUuid(input.followUpId) ? await ctx.db.findOneBy(FollowUpMeeting, { id: input.followUpId }) : null;
  // Another municipality's samtale is invisible here: refused as unseen, its citizen's access log shows the attempt.
  if (!followUp) return refuseUnseen(ctx, { ...what, entityId: input.followUpId }, 'Samtalen');
  const access = await guardOwnRunningPlan(ctx, followUp.planId, { ...what, entityId: input.followUpId }, 'Samtalen');
  const now = ctx.deps.clock.now();
  const refused = { ...what, entityId: followUp.id };
  if (followUp.heldAt.getTime() > now.getTime()) return refuseInOwnPlan(ctx, access, refused, 'samtale not yet held', 'Samtalen');
  // Comments are never removed: one that is not there now was never written.
  if (input.expectedVersion !== 0 && !(await ctx.db.findOneBy(CitizenMeetingComment, { followUpId: followUp.id }))) {
    return refuseInOwnPlan(ctx, access, refused, 'no comment to change', 'Kommentaren');
  }
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    const current = () => m.findOneBy(CitizenMeetingComment, { followUpId: followUp.id });
    let before: CitizenMeetingComment | undefined;
    let after: CitizenMeetingComment;
    if (input.expectedVersion === 0) {
      const rows: Array<Record<string, unknown>> = await m.query(
        `INSERT INTO citizen_meeting_comment (municipality_id, plan_id, follow_up_id, text, version, created_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, 1, $5, $5, $6) ON CONFLICT (follow_up_id) DO NOTHING RETURNING *`,
        [access.municipalityId, access.planId, followUp.id, text, now, actor.userId],
      );
      if (rows.length === 0) throw conflict('Du har allerede skrevet en kommentar til samtalen. Se den gemte kommentar.', await current());
      after = camelRow<CitizenMeetingComment>(rows[0]);
    } else {
      const existing = await current();
      if (!existing) throw notFound('Kommentaren');
      const change = await updateVersionedChange(m, 'citizen_meeting_comment', existing.id, input.expectedVersion, { text, updated_at: now, updated_by: actor.userId }, current);
      before = camelRow<CitizenMeetingComment>(change.before);
      after = camelRow<CitizenMeetingComment>(change.after);
    }
    await m.query(
      `INSERT INTO citizen_meeting_comment_version (comment_id, version, municipality_id, text, written_at, written_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [after.id, after.version, access.municipalityId, after.text, now, actor.userId],
    );
    const verb = before ? 'ændrede sin kommentar til' : 'kommenterede';
    // The samtale by its day and time ("8. december 2026 kl. 01.12"): two may be held the same day.
    return {
      result: after,
      entityId: after.id,
      event: {
        kind: EventKind.MEETING_COMMENT_WRITTEN,
        summary: `${actor.name} ${verb} samtalen ${formatDanishDateTime(followUp.heldAt)}`,
        entity: recordOf('CitizenMeetingComment', after),
        ...(before ? { before: recordOf('CitizenMeetingComment', before) } : {}),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
}

/** 3. The citizen asks for a samtale: a short text, and a wished time and mode if they like. */
export async function requestMeeting(ctx: RequestContext, input: RequestMeetingInput): Promise<CitizenMeetingRequest> {
  const what = { action: 'REQUEST_MEETING', entityType: REQUEST_ENTITY_TYPE };
  const text = required('text', input.text, 'Skriv, hvad du gerne vil tale om.');
  const wishedTime = input.wishedTime?.trim() || null;
  const access = await guardOwnRunningPlan(ctx, input.planId, what);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    const rows: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO citizen_meeting_request (municipality_id, plan_id, text, wished_time, wished_mode, requested_at, requested_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING *`,
      [access.municipalityId, access.planId, text, wishedTime, input.wishedMode ?? null, ctx.deps.clock.now(), actor.userId],
    );
    const { requestedById: _, ...request } = camelRow<CitizenMeetingRequest & { requestedById: string }>(rows[0]);
    return {
      result: request,
      entityId: request.id,
      event: { kind: EventKind.MEETING_REQUESTED, summary: `${actor.name} bad om en samtale`, entity: recordOf('CitizenMeetingRequest', request) },
    };
  });
}

/** 4. "Jeg har set planen": every mark is kept with its time; the latest shows. */
export async function markMyPlanSeen(ctx: RequestContext, planId: string): Promise<CitizenPlanSeen> {
  const what = { action: 'MARK_PLAN_SEEN_BY_CITIZEN', entityType: SEEN_ENTITY_TYPE };
  const access = await guardOwnRunningPlan(ctx, planId, what);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    const rows: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO citizen_plan_seen (municipality_id, plan_id, seen_at, seen_by) VALUES ($1, $2, $3, $4) RETURNING *`,
      [access.municipalityId, access.planId, ctx.deps.clock.now(), actor.userId],
    );
    const seen = camelRow<CitizenPlanSeen>(rows[0]);
    return {
      result: seen,
      entityId: seen.id,
      event: { kind: EventKind.PLAN_SEEN_BY_CITIZEN, summary: `${actor.name} har set planen`, entity: recordOf('CitizenPlanSeen', seen) },
    };
  });
}

// ---- staff ----

/**
 * The coordinator marks the citizen's request for a samtale handled (e.g. having booked one).
 * Versioned: a request already handled (or changed) since it was read answers CONFLICT.
 */
export async function handleMeetingRequest(ctx: RequestContext, input: HandleMeetingRequestInput): Promise<CitizenMeetingRequest> {
  // A request left open when the programme ended can still be closed (plan-guard.ts, evenWhenEnded).
  const what = { action: 'HANDLE_MEETING_REQUEST', entityType: REQUEST_ENTITY_TYPE, entityId: input.id, label: 'Ønsket', evenWhenEnded: true };
  const request = isUuid(input.id) ? await ctx.db.findOneBy(CitizenMeetingRequest, { id: input.id }) : null;
  if (!request) return refuseUnseen(ctx, what, 'Ønsket');
  const access = await guardPlan(ctx, request.planId, COORDINATE, what);
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    const current = () => m.findOneBy(CitizenMeetingRequest, { id: request.id });
    const change = await updateVersionedChange(m, 'citizen_meeting_request', request.id, input.expectedVersion,
      { handled_at: ctx.deps.clock.now(), handled_by: actor.userId }, current);
    const strip = (row: Record<string, unknown>) => {
      const { requestedById: _, ...rest } = camelRow<CitizenMeetingRequest & { requestedById: string }>(row);
      return rest;
    };
    const before = strip(change.before);
    const after = strip(change.after);
    if (before.handledAt) throw conflict('Ønsket er allerede behandlet.', recordOf('CitizenMeetingRequest', after));
    return {
      result: after,
      entityId: after.id,
      event: { kind: EventKind.MEETING_REQUEST_HANDLED, summary: `${label} markerede borgerens ønske om en samtale som behandlet`, entity: recordOf('CitizenMeetingRequest', after), before: recordOf('CitizenMeetingRequest', before) },
    };
  });
}
