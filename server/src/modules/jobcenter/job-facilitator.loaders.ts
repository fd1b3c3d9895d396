import type { EntityManager } from 'typeorm';
import { groupLoader } from '../../core/loaders';
import { JobFacilitatorAssignment } from './job-facilitator.types';

/** The jobcenter module's per-request loaders: the personal jobformidlere of any number of programmes in one statement. */
export const jobcenterLoaders = (db: EntityManager) => ({
  jobFacilitatorsByProgramme: groupLoader(db, JobFacilitatorAssignment, 'programmeId', { fromDate: 'ASC', assignedAt: 'ASC' }),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof jobcenterLoaders> {}
}
