import DataLoader from 'dataloader';
import { EntityManager, In, type EntityTarget, type FindOptionsOrder, type ObjectLiteral } from 'typeorm';
import { Activity } from '../modules/intervention/activity.entity';
import { MentorGrant } from '../modules/mentor/mentor-grant.entity';
import { MentorTask } from '../modules/mentor/mentor-task.entity';
import { InterventionRecord } from '../modules/intervention/intervention.record';
import { Municipality } from '../modules/org/municipality.entity';
import { Unit } from '../modules/org/unit.entity';
import { User } from '../modules/org/user.entity';
import { Citizen } from '../modules/plan/citizen.entity';
import { CoordinatorAssignment } from '../modules/plan/coordinator-assignment.entity';
import { FollowUpMeeting } from '../modules/plan/follow-up.entity';
import { Plan } from '../modules/plan/plan.entity';
import { createPlanAccessLoader } from '../modules/plan/plan.policy';
import { Programme } from '../modules/plan/programme.entity';
import { SubGoal, SubGoalProgress } from '../modules/plan/sub-goal.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Loads rows by primary key, batched per request: nested fields never cost one
 * statement per parent (N+1 is a bug).
 */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: EntityManager, entity: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    // A malformed id names nothing: it answers null (NOT_FOUND upstream), not a database error.
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(entity).findBy({ id: In(valid) } as never) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Loads the children of many parents in one statement, grouped by the parent key. */
export function groupLoader<T extends ObjectLiteral>(
  ds: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order?: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (parents) => {
    const valid = parents.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(entity).find({ where: { [key]: In(valid) } as never, order }) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as string;
      const list = groups.get(k) ?? [];
      list.push(row);
      groups.set(k, list);
    }
    return parents.map((p) => groups.get(p) ?? []);
  });
}

/** Loads a many-to-many link (e.g. intervention -> sub-goal ids) in one statement. */
function linkLoader(ds: EntityManager, sql: string): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows: Array<{ k: string; v: string }> = valid.length ? await ds.query(sql, [valid]) : [];
    const groups = new Map<string, string[]>();
    for (const r of rows) groups.set(r.k, [...(groups.get(r.k) ?? []), r.v]);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export function createLoaders(ds: EntityManager) {
  return {
    municipality: byIdLoader(ds, Municipality),
    unit: byIdLoader(ds, Unit),
    user: byIdLoader(ds, User),
    citizen: byIdLoader(ds, Citizen),
    programme: byIdLoader(ds, Programme),
    plan: byIdLoader(ds, Plan),
    subGoal: byIdLoader(ds, SubGoal),
    intervention: byIdLoader(ds, InterventionRecord),
    activity: byIdLoader(ds, Activity),
    planAccess: createPlanAccessLoader(ds),
    planByProgramme: groupLoader(ds, Plan, 'programmeId'),
    subGoalsByPlan: groupLoader(ds, SubGoal, 'planId', { area: 'ASC', updatedAt: 'ASC' } as never),
    progressBySubGoal: groupLoader(ds, SubGoalProgress, 'subGoalId', { measuredOn: 'ASC', recordedAt: 'ASC' } as never),
    interventionsByPlan: groupLoader(ds, InterventionRecord, 'planId', { unitCode: 'ASC', title: 'ASC' } as never),
    activitiesByIntervention: groupLoader(ds, Activity, 'interventionId', { dueAt: 'ASC' } as never),
    activitiesByPlan: groupLoader(ds, Activity, 'planId', { dueAt: 'ASC' } as never),
    followUpsByPlan: groupLoader(ds, FollowUpMeeting, 'planId', { heldAt: 'ASC' } as never),
    coordinatorsByProgramme: groupLoader(ds, CoordinatorAssignment, 'programmeId', { fromAt: 'ASC' } as never),
    mentorGrantsByPlan: groupLoader(ds, MentorGrant, 'planId', { startDate: 'ASC' } as never),
    mentorTasksByPlan: groupLoader(ds, MentorTask, 'planId', { date: 'ASC', createdAt: 'ASC' } as never),
    teamUnitIdsByPlan: linkLoader(ds, `SELECT plan_id AS k, unit_id AS v FROM plan_team_unit WHERE plan_id = ANY($1::uuid[]) ORDER BY added_at`),
    subGoalIdsByIntervention: linkLoader(ds, `SELECT intervention_id AS k, sub_goal_id AS v FROM intervention_sub_goal WHERE intervention_id = ANY($1::uuid[])`),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
