/** The shared plan: programme, plan, team, coordinator, sub-goals, follow-ups, access log. */
export { Citizen } from './citizen.entity';
export { Programme } from './programme.entity';
export { Plan } from './plan.entity';
export { SubGoal, SubGoalProgress } from './sub-goal.entity';
export { FollowUpMeeting } from './follow-up.entity';
export { CoordinatorAssignment } from './coordinator-assignment.entity';
export { Area, EndReason, GoalKind, MeetingMode, ProgrammeStatus, ProgrammeType, ProgressScale, SubGoalStatus } from './plan.enums';
export { guardPlan, refuseUnseen, READ, COORDINATE, unitWork, type PlanNeed } from './plan-guard';
export { writeInPlan, actorLabel, camelRow, onPlanChange, type ChangeOutcome, type ChangedPlan } from './plan-write';
export { planPolicy, standing, createPlanAccessLoader, loadPlanAccess, type PlanAccess } from './plan.policy';
import { CoordinatorAssignmentResolver, PlanResolver } from './plan.resolver';
import { ProgrammeResolver } from './programme.resolver';
import { FollowUpResolver, SubGoalProgressResolver, SubGoalResolver } from './sub-goal.resolver';

export const planResolvers = [PlanResolver, CoordinatorAssignmentResolver, ProgrammeResolver, SubGoalResolver, SubGoalProgressResolver, FollowUpResolver] as const;
