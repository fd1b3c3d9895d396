import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { createIntervention, pickDetails, updateIntervention, type Intervention } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { CreateSocialInterventionInput, SOCIAL_DETAIL_KEYS, SocialIntervention, UpdateSocialInterventionInput } from './social-intervention.type';

@Resolver(() => SocialIntervention)
export class SocialResolver {
  @Access(STAFF)
  @Mutation(() => SocialIntervention, { description: 'Opret en socialindsats (kun socialforvaltningens medarbejdere, når forvaltningen er på planen).' })
  createSocialIntervention(@Arg('input') input: CreateSocialInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return createIntervention(ctx, UnitKind.SOCIAL, input, pickDetails(input, SOCIAL_DETAIL_KEYS));
  }

  @Access(STAFF)
  @Mutation(() => SocialIntervention, { description: 'Ret en socialindsats, fælles og egne felter.' })
  updateSocialIntervention(@Arg('input') input: UpdateSocialInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return updateIntervention(ctx, input, pickDetails(input, SOCIAL_DETAIL_KEYS), UnitKind.SOCIAL);
  }
}
