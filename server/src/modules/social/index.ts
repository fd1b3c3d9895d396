/** Social services' slice: its intervention type, kinds and mutations. */
import type { ServerModule } from '../../core/module';
import { registerUnitModule } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { SOCIAL_KIND_LABEL, SocialIntervention } from './social-intervention.type';
import { SocialResolver } from './social.resolver';

export { SocialIntervention, SocialKind } from './social-intervention.type';

registerUnitModule({ unitKind: UnitKind.SOCIAL, typeName: 'SocialIntervention', objectType: SocialIntervention, kinds: SOCIAL_KIND_LABEL });

export const socialResolvers = [SocialResolver] as const;

export const socialModule: ServerModule = { name: 'social', resolvers: socialResolvers };
