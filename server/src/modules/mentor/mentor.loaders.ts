import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupLoader } from '../../core/loaders';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';

/**
 * The plan's mentor log: every entry but those the mentor removed (logged by mistake), which
 * are kept in the table and the plan's history and are in no list.
 */
function loggedTasksByPlan(db: EntityManager): DataLoader<string, MentorTask[]> {
  const all = groupLoader(db, MentorTask, 'planId', { date: 'ASC', createdAt: 'ASC' });
  return new DataLoader<string, MentorTask[]>(async (planIds) =>
    (await all.loadMany(planIds)).map((tasks) => (tasks instanceof Error ? tasks : tasks.filter((t) => !t.removedAt))));
}

/** The mentor module's per-request loaders (registered in its manifest, index.ts). */
export const mentorLoaders = (db: EntityManager) => ({
  mentorGrantsByPlan: groupLoader(db, MentorGrant, 'planId', { startDate: 'ASC' }),
  mentorTasksByPlan: loggedTasksByPlan(db),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof mentorLoaders> {}
}
