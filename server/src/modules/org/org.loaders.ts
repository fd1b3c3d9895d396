import type { EntityManager } from 'typeorm';
import { byIdLoader } from '../../core/loaders';
import { Municipality } from './municipality.entity';
import { Unit } from './unit.entity';
import { User } from './user.entity';

/** The org module's per-request loaders (registered in its manifest, index.ts). */
export const orgLoaders = (db: EntityManager) => ({
  municipality: byIdLoader(db, Municipality),
  unit: byIdLoader(db, Unit),
  user: byIdLoader(db, User),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof orgLoaders> {}
}
