import { localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { COORDINATE, guardPlan, READ, refuseUnseen } from './plan-guard';
import { actorLabel, camelRow, writeInPlan } from './plan-write';
import { ProgressScale } from './plan.enums';
import type { CreateSubGoalInput, RecordProgressInput, UpdateSubGoalInput } from './plan.inputs';
import { SubGoal, SubGoalProgress } from './sub-goal.entity';

const STATUS_WORDS = { ACTIVE: 'igang', ACHIEVED: 'nået', DROPPED: 'opgivet' } as const;

/** The scales by the names the plan page gives them. */
const SCALE_NAMES: Readonly<Record<ProgressScale, string>> = { [ProgressScale.ONE_TO_FIVE]: '1–5', [ProgressScale.PERCENT]: '0–100 %' };

/** A measurement as the plan page writes it (»4 af 5«, »60 %«), so the feed reads the same. */
const progressWords = (value: number, scale: ProgressScale) => (scale === ProgressScale.PERCENT ? `${value} %` : `${value} af 5`);

/** The coordinator sets the sub-goals with the citizen (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
export async function createSubGoal(ctx: RequestContext, input: CreateSubGoalInput): Promise<SubGoal> {
  const access = await guardPlan(ctx, input.planId, COORDINATE, { action: 'CREATE_SUBGOAL', entityType: 'SUB_GOAL' });
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: 'CREATE_SUBGOAL', entityType: 'SUB_GOAL' }, async (m) => {
    const goal = await m.save(m.create(SubGoal, {
      municipalityId: access.municipalityId, planId: access.planId, area: input.area, text: input.text.trim(), reason: input.reason.trim(),
      status: 'ACTIVE' as SubGoal['status'], version: 1, updatedAt: ctx.deps.clock.now(), updatedById: actor.userId,
    }));
    return { result: goal, entityId: goal.id, event: { kind: EventKind.SUBGOAL_CREATED, summary: `${label} tilføjede delmålet »${goal.text}«`, entity: { __typename: 'SubGoal', ...goal } } };
  });
}

async function loadGoal(ctx: RequestContext, id: string, action: string): Promise<SubGoal> {
  const goal = await ctx.loaders.subGoal.load(id);
  if (!goal) return refuseUnseen(ctx, { action, entityType: 'SUB_GOAL', entityId: id }, 'Delmålet');
  return goal;
}

export async function updateSubGoal(ctx: RequestContext, input: UpdateSubGoalInput): Promise<SubGoal> {
  const goal = await loadGoal(ctx, input.id, 'UPDATE_SUBGOAL');
  const access = await guardPlan(ctx, goal.planId, COORDINATE, { action: 'UPDATE_SUBGOAL', entityType: 'SUB_GOAL', entityId: goal.id, label: 'Delmålet' });
  const sets: Record<string, unknown> = {};
  if (input.text != null) sets.text = input.text.trim();
  if (input.reason != null) sets.reason = input.reason.trim();
  if (input.status != null) sets.status = input.status;
  if (Object.keys(sets).length === 0) throw badInput('text', 'Intet at ændre.');
  sets.updated_at = ctx.deps.clock.now();
  sets.updated_by = actorOf(ctx).userId;
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'UPDATE_SUBGOAL', entityType: 'SUB_GOAL' }, async (m) => {
    const row = await updateVersionedChange(m, 'sub_goal', goal.id, input.expectedVersion, sets, () => m.findOneBy(SubGoal, { id: goal.id }));
    const [before, updated] = [camelRow<SubGoal>(row.before), camelRow<SubGoal>(row.after)];
    const summary = updated.status !== before.status
      ? `${label} markerede delmålet »${updated.text}« som ${STATUS_WORDS[updated.status]}`
      : `${label} ændrede delmålet »${updated.text}«`;
    return { result: updated, entityId: updated.id, event: {
      kind: EventKind.SUBGOAL_UPDATED, summary, entity: { __typename: 'SubGoal', ...updated }, before: { __typename: 'SubGoal', ...before },
      versions: { expected: input.expectedVersion, base: input.baseVersion },
    } };
  });
}

/** Anyone on the plan may record progress they observed (progressionsmåling, KL: Fra førtidspension til ressourceforløb, kap. 4). */
export async function recordProgress(ctx: RequestContext, input: RecordProgressInput): Promise<SubGoalProgress> {
  if (input.scale === ProgressScale.ONE_TO_FIVE && (input.value < 1 || input.value > 5)) throw badInput('value', 'På skalaen 1–5 skal værdien være mellem 1 og 5.');
  // A measurement is of what was observed: not of a day to come (a mistyped year would head the chart for years).
  if (input.measuredOn > localDate(ctx.deps.clock.now())) throw badInput('measuredOn', 'Målingen kan ikke dateres frem i tiden.');
  const goal = await loadGoal(ctx, input.subGoalId, 'RECORD_PROGRESS');
  const access = await guardPlan(ctx, goal.planId, READ, { action: 'RECORD_PROGRESS', entityType: 'SUB_GOAL', entityId: goal.id, label: 'Delmålet', writes: true });
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: 'RECORD_PROGRESS', entityType: 'SUB_GOAL_PROGRESS' }, async (m) => {
    await refuseOtherScale(m, goal.id, input.scale);
    const entry = await m.save(m.create(SubGoalProgress, {
      municipalityId: access.municipalityId, subGoalId: goal.id, measuredOn: input.measuredOn, scale: input.scale, value: input.value,
      comment: input.comment?.trim() || null, recordedById: actor.userId, recordedAt: ctx.deps.clock.now(),
    }));
    return {
      result: entry,
      entityId: entry.id,
      event: { kind: EventKind.SUBGOAL_PROGRESS_RECORDED, summary: `${label} registrerede progression ${progressWords(entry.value, entry.scale)} på »${goal.text}«`, entity: { __typename: 'SubGoalProgress', ...entry } },
    };
  });
}

/**
 * A sub-goal is measured on one scale, so its measurements can be compared: 4 af 5 then 50 %
 * says nothing about progress. The scale is that of its latest measurement (the one the chart
 * and Min plan go by, where older measurements may mix the two). The sub-goal's row
 * is held until the commit, so two first measurements sent at once cannot start on a scale each.
 */
async function refuseOtherScale(m: EntityManager, subGoalId: string, scale: ProgressScale): Promise<void> {
  await m.query(`SELECT 1 FROM sub_goal WHERE id = $1 FOR NO KEY UPDATE`, [subGoalId]);
  const [latest] = (await m.query(
    `SELECT scale FROM sub_goal_progress WHERE sub_goal_id = $1 ORDER BY measured_on DESC, recorded_at DESC LIMIT 1`, [subGoalId],
  )) as Array<{ scale: ProgressScale }>;
  if (latest && latest.scale !== scale) {
    throw badInput('scale', `Delmålet måles på skalaen ${SCALE_NAMES[latest.scale]}. Brug samme skala, så målingerne kan sammenlignes.`);
  }
}
