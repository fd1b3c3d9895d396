import type { EntityManager } from 'typeorm';
import { groupLoader } from '../../core/loaders';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';

/** The mentor module's per-request loaders (registered in its manifest, index.ts). */
export const mentorLoaders = (db: EntityManager) => ({
  mentorGrantsByPlan: groupLoader(db, MentorGrant, 'planId', { startDate: 'ASC' }),
  mentorTasksByPlan: groupLoader(db, MentorTask, 'planId', { date: 'ASC', createdAt: 'ASC' }),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof mentorLoaders> {}
}
