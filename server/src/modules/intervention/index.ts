/** The shared core of interventions: the `Intervention` interface, activities, and the shared update. */
export { Intervention, toIntervention } from './intervention.interface';
export { InterventionRecord } from './intervention.record';
export { Activity } from './activity.entity';
export { InterventionStatus, ActivityStatus, INTERVENTION_STATUS_LABEL } from './intervention.enums';
export { CreateInterventionBase, UpdateInterventionInput } from './intervention.inputs';
export { createIntervention, updateIntervention } from './intervention.service';
export { registerUnitModule, unitModuleFor, registeredUnitModules, type UnitInterventionModule } from './unit-modules';
import type { ServerModule } from '../../core/module';
import { Activity } from './activity.entity';
import { InterventionRecord } from './intervention.record';
import { InterventionPause } from './intervention-pause.entity';
import { interventionLoaders } from './intervention.loaders';
import { ActivityResolver, InterventionResolver, PlanInterventionsResolver } from './intervention.resolver';

export const interventionResolvers = [InterventionResolver, PlanInterventionsResolver, ActivityResolver] as const;
export { pickDetails } from './details';

/** The shared part of interventions; each unit's own kinds are modules of their own (jobcenter, social, health). */
export const interventionModule: ServerModule = {
  name: 'intervention',
  entities: [InterventionRecord, InterventionPause, Activity],
  resolvers: interventionResolvers,
  loaders: interventionLoaders,
};
