/** Health's slice: its intervention type, kinds and mutations. */
import type { ServerModule } from '../../core/module';
import { registerUnitModule } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { HEALTH_KIND_LABEL, HealthIntervention } from './health-intervention.type';
import { HealthResolver } from './health.resolver';

export { HealthIntervention, HealthKind } from './health-intervention.type';

registerUnitModule({ unitKind: UnitKind.HEALTH, typeName: 'HealthIntervention', objectType: HealthIntervention, kinds: HEALTH_KIND_LABEL });

export const healthResolvers = [HealthResolver] as const;

export const healthModule: ServerModule = { name: 'health', resolvers: healthResolvers };
