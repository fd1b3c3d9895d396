/** The shared plan: programme, plan, team, coordinator, sub-goals, follow-ups, access log. */
export { Citizen } from './citizen.entity';
export { Programme } from './programme.entity';
export { Plan } from './plan.entity';
export { SubGoal, SubGoalProgress } from './sub-goal.entity';
export { FollowUpMeeting } from './follow-up.entity';
export { HELD_ONCE_INDEX } from './follow-up.service';
export { CoordinatorAssignment } from './coordinator-assignment.entity';
export { Area, EndReason, GoalKind, MeetingMode, ProgrammeStatus, ProgrammeType, ProgressScale, SubGoalStatus, SuspensionReason } from './plan.enums';
export { citizenOfPlan, guardPlan, readWithPlanFacts, refuseUnseen, READ, COORDINATE, DECIDE, PROPOSE, unitWork, type PlanNeed } from './plan-guard';
export { writeInPlan, changeInPlan, alsoChanged, refuseStale, actorLabel, camelRow, onPlanChange, onProgrammeCreated, onProgrammeEnded, type ChangeOutcome, type ChangedPlan, type CreatedProgramme, type PlanChangeKind } from './plan-write';
export { planPolicy, standing, createPlanAccessLoader, loadPlanAccess, HOLDER_CHANGES, type PlanAccess, type PlanHolders } from './plan.policy';
import type { ServerModule } from '../../core/module';
import { Citizen } from './citizen.entity';
import { CoordinatorAssignment } from './coordinator-assignment.entity';
import { FollowUpMeeting } from './follow-up.entity';
import { Plan } from './plan.entity';
import { leaderProgrammeGuard } from './plan-guard';
import { planLoaders } from './plan.loaders';
import { Programme } from './programme.entity';
import { SubGoal, SubGoalProgress } from './sub-goal.entity';
import { CitizenResolver } from './citizen.resolver';
import { CoordinatorAssignmentResolver, PlanResolver } from './plan.resolver';
import { ProgrammeResolver } from './programme.resolver';
import { ProgrammeLawResolver } from './programme-law.resolver';
import { FollowUpResolver, SubGoalProgressResolver, SubGoalResolver } from './sub-goal.resolver';

export const planResolvers = [CitizenResolver, PlanResolver, CoordinatorAssignmentResolver, ProgrammeResolver, ProgrammeLawResolver, SubGoalResolver, SubGoalProgressResolver, FollowUpResolver] as const;

/** The shared plan's tables, resolvers and loaders (planAccess feeds every plan guard). */
export const planModule: ServerModule = {
  name: 'plan',
  entities: [Citizen, Programme, Plan, CoordinatorAssignment, SubGoal, SubGoalProgress, FollowUpMeeting],
  resolvers: planResolvers,
  loaders: planLoaders,
  fieldGuards: [leaderProgrammeGuard],
};
export { onOwnProgrammeSettingsChanged } from './own-programme-settings';
