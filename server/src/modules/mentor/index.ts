/** Mentor support (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8 og 7): grants, the mentor's scoped view and task log. */
export { MentorGrant } from './mentor-grant.entity';
export { MentorActivity, MentorMeeting } from './mentor-view.types';
export { MentorTask } from './mentor-task.entity';
export { MENTOR_ALLOW, mentorFieldGuard, mentorMayRead } from './mentor.allow-list';
export { changesMentorNextSamtale, nextSamtaleFactsOf } from './mentor-next-samtale';
export { mentorGrantCoversSamtaleSql, mentorGrantRunsOn } from './mentor-participant';
import type { ServerModule } from '../../core/module';
import './close-at-programme-end';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';
import { mentorFieldGuard } from './mentor.allow-list';
import { mentorLoaders } from './mentor.loaders';
import { MentorGrantResolver, MentorResolver, PlanMentorResolver } from './mentor.resolver';

export const mentorResolvers = [MentorResolver, MentorGrantResolver, PlanMentorResolver] as const;
export { mentorMayReceive, mentorView } from './mentor-events';

/** Mentor grants and tasks; the allow-list guards every field a mentor reads. */
export const mentorModule: ServerModule = {
  name: 'mentor',
  entities: [MentorGrant, MentorTask],
  resolvers: mentorResolvers,
  fieldGuards: [mentorFieldGuard],
  loaders: mentorLoaders,
};
