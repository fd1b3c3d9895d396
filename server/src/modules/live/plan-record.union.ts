import { createUnionType, type ClassType } from 'type-graphql';
import { Activity, registeredUnitModules } from '../intervention';
import { MentorActivity, MentorGrant, MentorMeeting, MentorTask } from '../mentor';
import { Citizen, CoordinatorAssignment, FollowUpMeeting, Plan, Programme, SubGoal, SubGoalProgress } from '../plan';
import { NextStepDecision } from '../rules';

/**
 * The record a plan event changed, as the API shows it: one union, so a client selects it
 * with fragments and writes it into its cache without a refetch. The unit modules' own
 * intervention types are read from their registration, so a new unit needs no change here.
 * A mentor's record is one of the mentor types, cut to the allow-list (mentor-events.ts).
 */
const registered: ClassType[] = [];

/**
 * A module whose records change in a plan (through writeInPlan) adds its type here from its
 * manifest, before the schema is built; an event about a record of a type not in the union
 * has `record` null rather than an error.
 */
export function registerPlanRecordType(type: ClassType): void {
  if (!registered.includes(type)) registered.push(type);
}

export const PlanRecord = createUnionType({
  name: 'PlanRecord',
  description: 'Den ændrede post, som API’et viser den (en mentor får sin afgrænsede type).',
  types: () =>
    [
      Activity, SubGoal, SubGoalProgress, FollowUpMeeting, CoordinatorAssignment, Plan, Programme, NextStepDecision, Citizen,
      MentorTask, MentorGrant, MentorActivity, MentorMeeting,
      ...registeredUnitModules().map((m) => m.objectType),
      ...registered,
    ] as const,
  // Every record in an event's payload carries its GraphQL type name (plan-write.ts).
  resolveType: (value) => (value as { __typename: string }).__typename,
});
