import type { EntityManager } from 'typeorm';
import { byIdLoader, groupLoader } from '../../core/loaders';
import { FollowUpMeeting } from '../plan';
import { BookedMeeting } from './meeting.entity';

/** The meeting module's per-request loaders: a plan's booked samtaler in one statement for any number of plans. */
export const meetingLoaders = (db: EntityManager) => ({
  bookedMeeting: byIdLoader(db, BookedMeeting),
  bookedMeetingsByPlan: groupLoader(db, BookedMeeting, 'planId', { startsAt: 'ASC' }),
  heldFollowUp: byIdLoader(db, FollowUpMeeting),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof meetingLoaders> {}
}
