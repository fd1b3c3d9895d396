import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { createIntervention, pickDetails, updateIntervention, type Intervention } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { CreateHealthInterventionInput, HEALTH_DETAIL_KEYS, HealthIntervention, UpdateHealthInterventionInput } from './health-intervention.type';

@Resolver(() => HealthIntervention)
export class HealthResolver {
  @Access(STAFF)
  @Mutation(() => HealthIntervention, { description: 'Opret en sundhedsindsats (kun sundhedsforvaltningens medarbejdere, når forvaltningen er på planen).' })
  createHealthIntervention(@Arg('input') input: CreateHealthInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return createIntervention(ctx, UnitKind.HEALTH, input, pickDetails(input, HEALTH_DETAIL_KEYS));
  }

  @Access(STAFF)
  @Mutation(() => HealthIntervention, { description: 'Ret en sundhedsindsats, fælles og egne felter.' })
  updateHealthIntervention(@Arg('input') input: UpdateHealthInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return updateIntervention(ctx, input, pickDetails(input, HEALTH_DETAIL_KEYS), UnitKind.HEALTH);
  }
}
