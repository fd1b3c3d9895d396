import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { LIVE_FROM_DESCRIPTION } from '../live';
import { Role } from '../org/org.enums';
import { CitizenEndedProgramme, CitizenPlan } from './citizen-view.types';
import { markMyPlanChangesSeen, myEndedProgramme, myPlan } from './citizen.service';

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

  @Access(Roles(Role.CITIZEN))
  @Mutation(() => String, {
    description:
      '"Jeg har set det" (borger): flyt min position i "Nyt i din plan" frem til seq, løbenummeret på den seneste ændring, jeg har set; ' +
      'gemt med min konto, så telefon og computer viser det samme. Aldrig tilbage: et ældre løbenummer ændrer intet. Svaret er positionen nu. ' +
      'En ændring, der stadig gemmes under seq, springes ikke over: positionen står før den. ' +
      'Kun min egen nuværende plan (ellers NOT_FOUND); seq, der ikke er et løbenummer eller ligger efter planens seneste ændring: BAD_USER_INPUT.',
  })
  markMyPlanChangesSeen(@Arg('planId', () => ID) planId: string, @Arg('seq', () => String) seq: string, @Ctx() ctx: RequestContext): Promise<string> {
    return markMyPlanChangesSeen(ctx, planId, seq);
  }

  @FieldResolver(() => String, { nullable: true, description: LIVE_FROM_DESCRIPTION })
  liveFrom(@Ctx() ctx: RequestContext): string | null {
    return ctx.liveFrom;
  }
}
