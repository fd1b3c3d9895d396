import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { isUuid } from '../../core/loaders';
import { CitizenMeetingComment } from './citizen-words.entity';

/** The citizen-words module's per-request loaders: the citizen's comments on any number of held samtaler in one statement. */
export const citizenWordsLoaders = (db: EntityManager) => ({
  citizenCommentByFollowUp: new DataLoader<string, CitizenMeetingComment | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await db.getRepository(CitizenMeetingComment).find({ where: { followUpId: In(valid) } }) : [];
    return ids.map((id) => rows.find((r) => r.followUpId === id) ?? null);
  }),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof citizenWordsLoaders> {}
}
