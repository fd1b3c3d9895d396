import { Activity } from '../../modules/intervention/activity.entity';
import { InterventionRecord } from '../../modules/intervention/intervention.record';
import { MentorGrant } from '../../modules/mentor/mentor-grant.entity';
import { MentorTask } from '../../modules/mentor/mentor-task.entity';
import { Municipality, Unit, User } from '../../modules/org';
import { Citizen, CoordinatorAssignment, FollowUpMeeting, Plan, Programme, SubGoal, SubGoalProgress } from '../../modules/plan';

/** Every TypeORM entity of the product; each module exports its own from its index. */
export const entities = [
  Municipality, Unit, User, Citizen, Programme, Plan, CoordinatorAssignment, SubGoal, SubGoalProgress, FollowUpMeeting,
  InterventionRecord, Activity, MentorGrant, MentorTask,
];
