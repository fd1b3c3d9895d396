/**
 * Booked samtaler: the next samtale agreed with time, place, participants and agenda, before
 * it is held; and how the citizen reaches the coordinator about them.
 */
import type { ServerModule } from '../../core/module';
import { registerPlanRecordType } from '../live';
import './cancel-at-programme-end';
import { BookedMeeting } from './meeting.entity';
import { meetingLoaders } from './meeting.loaders';
import { CoordinatorContactResolver, MeetingResolver, PlanMeetingsResolver } from './meeting.resolver';

export { BookedMeeting, MeetingStatus } from './meeting.entity';

// A meeting event's `record` is the booked samtale.
registerPlanRecordType(BookedMeeting);

export const meetingModule: ServerModule = {
  name: 'meeting',
  entities: [BookedMeeting],
  resolvers: [MeetingResolver, PlanMeetingsResolver, CoordinatorContactResolver],
  loaders: meetingLoaders,
};
