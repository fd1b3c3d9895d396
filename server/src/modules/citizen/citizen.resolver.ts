import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { LIVE_FROM_DESCRIPTION } from '../live';
import { Role } from '../org/org.enums';
import { CitizenEndedProgramme, CitizenPlan } from './citizen-view.types';
import { myEndedProgramme, myPlan } from './citizen.service';

@Resolver(() => CitizenPlan)
export class CitizenPlanResolver {
  @Access(Roles(Role.CITIZEN))
  @Query(() => CitizenPlan, { nullable: true, description: 'Min plan (borger): min nuværende plan på tværs af forvaltningerne; tom, når jeg ikke er i et forløb.' })
  myPlan(@Ctx() ctx: RequestContext): Promise<CitizenPlan | null> {
    return myPlan(ctx);
  }

  @Access(Roles(Role.CITIZEN))
  @Query(() => CitizenEndedProgramme, {
    nullable: true,
    description: 'Mit afsluttede forløb (borger): når intet forløb er i gang, det seneste, med den dag, det sluttede, og hvem jeg kan spørge; tom, mens et forløb er i gang.',
  })
  myEndedProgramme(@Ctx() ctx: RequestContext): Promise<CitizenEndedProgramme | null> {
    return myEndedProgramme(ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: LIVE_FROM_DESCRIPTION })
  liveFrom(@Ctx() ctx: RequestContext): string | null {
    return ctx.liveFrom;
  }
}
