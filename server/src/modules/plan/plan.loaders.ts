import type { EntityManager } from 'typeorm';
import { byIdLoader, groupLoader, linkLoader } from '../../core/loaders';
import { CURRENT_COORDINATORS_BY_CITIZEN } from './access-log';
import { currentForlobLoader, signInLoader } from './citizen-sign-in';
import { Citizen } from './citizen.entity';
import { CoordinatorAssignment } from './coordinator-assignment.entity';
import { FollowUpMeeting } from './follow-up.entity';
import { latestHeldFollowUpLoader } from './latest-follow-up';
import { Plan } from './plan.entity';
import { createPlanAccessLoader, createPlanAccessOfRowLoader } from './plan.policy';
import { Programme } from './programme.entity';
import { SubGoal, SubGoalProgress } from './sub-goal.entity';

/** The plan module's per-request loaders (registered in its manifest, index.ts); `planAccess` feeds every plan guard. */
export const planLoaders = (db: EntityManager) => {
  const subGoal = byIdLoader(db, SubGoal);
  const planAccess = createPlanAccessLoader(db);
  return {
    citizen: byIdLoader(db, Citizen),
    programme: byIdLoader(db, Programme),
    plan: byIdLoader(db, Plan),
    subGoal,
    planAccess,
    planAccessOfRow: createPlanAccessOfRowLoader(db, planAccess),
    planByProgramme: groupLoader(db, Plan, 'programmeId'),
    // Primes `subGoal`: an intervention's sub-goals are among its plan's, read already.
    subGoalsByPlan: groupLoader(db, SubGoal, 'planId', { area: 'ASC', updatedAt: 'ASC' }, subGoal),
    progressBySubGoal: groupLoader(db, SubGoalProgress, 'subGoalId', { measuredOn: 'ASC', recordedAt: 'ASC' }),
    followUpsByPlan: groupLoader(db, FollowUpMeeting, 'planId', { heldAt: 'ASC' }),
    latestHeldFollowUpByPlan: latestHeldFollowUpLoader(db),
    coordinatorsByProgramme: groupLoader(db, CoordinatorAssignment, 'programmeId', { fromAt: 'ASC' }),
    currentCoordinatorsByCitizen: linkLoader(db, CURRENT_COORDINATORS_BY_CITIZEN),
    planIdsByCitizen: linkLoader(db, `SELECT citizen_id AS k, id AS v FROM plan WHERE citizen_id = ANY($1::uuid[])`),
    teamUnitIdsByPlan: linkLoader(db, `SELECT plan_id AS k, unit_id AS v FROM plan_team_unit WHERE plan_id = ANY($1::uuid[]) ORDER BY added_at`),
    signInByCitizen: signInLoader(db),
    planOfCurrentForlob: currentForlobLoader(db),
  };
};

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof planLoaders> {}
}
