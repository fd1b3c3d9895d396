import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { LIVE_FROM_DESCRIPTION } from '../live';
import { Role } from '../org/org.enums';
import { CitizenPlan } from './citizen-view.types';
import { myPlan } from './citizen.service';

@Resolver(() => CitizenPlan)
export class CitizenPlanResolver {
  @Access(Roles(Role.CITIZEN))
  @Query(() => CitizenPlan, { nullable: true, description: 'Min plan (borger): min nuværende plan på tværs af forvaltningerne; tom, når jeg ikke er i et forløb.' })
  myPlan(@Ctx() ctx: RequestContext): Promise<CitizenPlan | null> {
    return myPlan(ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: LIVE_FROM_DESCRIPTION })
  liveFrom(@Ctx() ctx: RequestContext): string | null {
    return ctx.liveFrom;
  }
}
