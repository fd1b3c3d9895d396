import type { EntityManager } from 'typeorm';
import { byIdLoader, groupLoader, linkLoader } from '../../core/loaders';
import { Activity } from './activity.entity';
import { InterventionPause } from './intervention-pause.entity';
import { InterventionRecord } from './intervention.record';

/** The intervention module's per-request loaders (registered in its manifest, index.ts). */
export const interventionLoaders = (db: EntityManager) => ({
  intervention: byIdLoader(db, InterventionRecord),
  activity: byIdLoader(db, Activity),
  interventionsByPlan: groupLoader(db, InterventionRecord, 'planId', { unitKind: 'ASC', title: 'ASC' }),
  activitiesByIntervention: groupLoader(db, Activity, 'interventionId', { dueAt: 'ASC' }),
  activitiesByPlan: groupLoader(db, Activity, 'planId', { dueAt: 'ASC' }),
  /** Every period each intervention was Sat på pause, oldest first (`Intervention.pauses`). */
  pausesByIntervention: groupLoader(db, InterventionPause, 'interventionId', { pausedOn: 'ASC' }),
  subGoalIdsByIntervention: linkLoader(db, `SELECT intervention_id AS k, sub_goal_id AS v FROM intervention_sub_goal WHERE intervention_id = ANY($1::uuid[])`),
  /** The unit that owns an activity (its intervention's), read together with the activity: no round trip of its own. */
  owningUnitOfActivity: linkLoader(db, `SELECT a.id AS k, i.unit_id AS v FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.id = ANY($1::uuid[])`),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof interventionLoaders> {}
}
