import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { actorLabel, camelRow, changeInPlan, guardPlan, readWithPlanFacts, refuseUnseen, unitWork, writeInPlan } from '../plan';
import { Activity } from './activity.entity';
import { ActivityStatus, InterventionStatus } from './intervention.enums';
import type { CreateActivityInput, UpdateActivityInput } from './intervention.inputs';

/**
 * An intervention that is Afsluttet or Annulleret has no steps ahead: none is added to it, and
 * none of its planned steps is moved to a new time. Its open steps are closed (udført or
 * aflyst) to tidy up, and stay in its history; one that goes on is given its status back first.
 */
const ENDED_WORDS: Partial<Record<string, { added: string; moved: string; reopened: string }>> = {
  [InterventionStatus.COMPLETED]: {
    added: 'Indsatsen er afsluttet, så der kan ikke tilføjes aktiviteter til den. Fortsætter indsatsen, så ret først dens status.',
    moved: 'Indsatsen er afsluttet, så aktiviteten kan ikke flyttes til et nyt tidspunkt. Markér den som udført eller aflyst.',
    reopened: 'Indsatsen er afsluttet, så aktiviteten kan ikke planlægges igen. Fortsætter indsatsen, så ret først dens status.',
  },
  [InterventionStatus.CANCELLED]: {
    added: 'Indsatsen er annulleret, så der kan ikke tilføjes aktiviteter til den.',
    moved: 'Indsatsen er annulleret, så aktiviteten kan ikke flyttes til et nyt tidspunkt. Markér den som aflyst.',
    reopened: 'Indsatsen er annulleret, så aktiviteten kan ikke planlægges igen.',
  },
};

/**
 * The intervention's status as it stands now, held until the write commits: ending it
 * meanwhile waits for this write, and this write does not miss an ending already made.
 */
async function lockedStatus(m: EntityManager, interventionId: string): Promise<string | undefined> {
  const [row] = (await m.query(`SELECT status FROM intervention WHERE id = $1 FOR SHARE`, [interventionId])) as Array<{ status: string }>;
  return row?.status;
}

/** A place as stored: trimmed, and none (null) for an empty text, so clearing the field takes the place away (migration 67). */
const placeOf = (text: string | null | undefined): string | null => text?.trim() || null;

/** Activities belong to an intervention, so the intervention's unit owns them too. */
export async function createActivity(ctx: RequestContext, input: CreateActivityInput): Promise<Activity> {
  const intervention = await readWithPlanFacts(ctx, 'intervention', input.interventionId, ctx.loaders.intervention.load(input.interventionId));
  if (!intervention) return refuseUnseen(ctx, { action: 'CREATE_ACTIVITY', entityType: 'INTERVENTION', entityId: input.interventionId }, 'Indsatsen');
  // A refusal names the intervention it was for (the activity has no id yet).
  const access = await guardPlan(ctx, intervention.planId, unitWork(intervention.unitId), { action: 'CREATE_ACTIVITY', entityType: 'INTERVENTION', entityId: intervention.id, label: 'Indsatsen' });
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: 'CREATE_ACTIVITY', entityType: 'ACTIVITY' }, async (m) => {
    const ended = ENDED_WORDS[(await lockedStatus(m, intervention.id)) ?? ''];
    if (ended) throw ruleViolation('INTERVENTION_ENDED', ended.added);
    const activity = await m.save(m.create(Activity, {
      municipalityId: access.municipalityId, planId: access.planId, interventionId: intervention.id, title: input.title.trim(), dueAt: new Date(input.dueAt),
      status: ActivityStatus.PLANNED, assignee: input.assignee.trim(), place: placeOf(input.place), notes: input.notes, sharedWithMentor: false, version: 1,
      updatedAt: ctx.deps.clock.now(), updatedById: actor.userId,
    }));
    return {
      result: activity,
      entityId: activity.id,
      event: { kind: EventKind.ACTIVITY_CREATED, summary: `${label} tilføjede aktiviteten »${activity.title}« i ${intervention.title}`, entity: { __typename: 'Activity', ...activity } },
    };
  });
}

const STATUS_WORDS: Record<ActivityStatus, string> = { PLANNED: 'planlagt', DONE: 'udført', CANCELLED: 'aflyst' };

export async function updateActivity(ctx: RequestContext, input: UpdateActivityInput): Promise<Activity> {
  const [activity, [unitId]] = await Promise.all([
    readWithPlanFacts(ctx, 'activity', input.id, ctx.loaders.activity.load(input.id)),
    ctx.loaders.owningUnitOfActivity.load(input.id),
  ]);
  if (!activity || !unitId) return refuseUnseen(ctx, { action: 'UPDATE_ACTIVITY', entityType: 'ACTIVITY', entityId: input.id }, 'Aktiviteten');
  const access = await guardPlan(ctx, activity.planId, unitWork(unitId), { action: 'UPDATE_ACTIVITY', entityType: 'ACTIVITY', entityId: activity.id, label: 'Aktiviteten' });
  const sets: Record<string, unknown> = {};
  if (input.title != null) sets.title = input.title.trim();
  if (input.dueAt != null) sets.due_at = new Date(input.dueAt);
  if (input.status != null) sets.status = input.status;
  if (input.assignee != null) sets.assignee = input.assignee.trim();
  if (input.place != null) sets.place = placeOf(input.place);
  if (input.notes != null) sets.notes = input.notes;
  if (Object.keys(sets).length === 0) throw badInput('id', 'Intet at ændre.');
  sets.updated_at = ctx.deps.clock.now();
  sets.updated_by = actorOf(ctx).userId;
  const label = await actorLabel(ctx);
  const change = async (m: EntityManager) => {
    const row = await updateVersionedChange(m, 'activity', activity.id, input.expectedVersion, sets, () => m.findOneBy(Activity, { id: activity.id }));
    // Rescheduling: a step still planned after this write, at a new time. Judged on the row the
    // write replaced; the refusal rolls the write back. Marking it udført or aflyst stays open.
    // Set back to planned from udført or aflyst is a new step too, which such an intervention takes no more.
    const planned = row.after.status === ActivityStatus.PLANNED;
    const reopened = planned && row.before.status !== ActivityStatus.PLANNED;
    const moved = planned && new Date(row.after.due_at as Date).getTime() !== new Date(row.before.due_at as Date).getTime();
    const ended = (moved || reopened) && row.after.intervention_id ? ENDED_WORDS[(await lockedStatus(m, String(row.after.intervention_id))) ?? ''] : undefined;
    if (ended && reopened) throw ruleViolation('INTERVENTION_ENDED', ended.reopened, undefined, 'status');
    if (ended) throw ruleViolation('INTERVENTION_ENDED', ended.moved, undefined, 'dueAt');
    return row;
  };
  return changeInPlan(ctx, access, { action: 'UPDATE_ACTIVITY', entityType: 'ACTIVITY' }, change, (row) => {
    const [before, updated] = [camelRow<Activity>(row.before), camelRow<Activity>(row.after)];
    const summary = updated.status !== before.status
      ? `${label} markerede »${updated.title}« som ${STATUS_WORDS[updated.status]}`
      : `${label} ændrede aktiviteten »${updated.title}«`;
    return { result: updated, entityId: updated.id, event: {
      kind: EventKind.ACTIVITY_UPDATED, summary, entity: { __typename: 'Activity', ...updated }, before: { __typename: 'Activity', ...before },
      versions: { expected: input.expectedVersion, base: input.baseVersion },
    } };
  });
}
