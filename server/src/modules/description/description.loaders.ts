import type { EntityManager } from 'typeorm';
import { groupLoader } from '../../core/loaders';
import { DescriptionSection } from './description.entity';

/** The description module's per-request loaders: the written sections of any number of plans in one statement. */
export const descriptionLoaders = (db: EntityManager) => ({
  descriptionSectionsByPlan: groupLoader(db, DescriptionSection, 'planId'),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof descriptionLoaders> {}
}
