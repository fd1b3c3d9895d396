import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Access, Authenticated } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { User } from '../org/user.entity';
import { Plan } from '../plan';
import { CASELOAD_DEFAULT_PAGE, CASELOAD_MAX_PAGE, caseloadPage } from './caseload.service';
import { CaseloadFilter, CaseloadPage, CaseloadSort } from './caseload.types';

@Resolver()
export class CaseloadResolver {
  @Access(Authenticated)
  @Query(() => CaseloadPage, {
    description:
      'Mine sager, side for side: planer jeg koordinerer, eller hvor min forvaltning er på teamet — søgt, filtreret og sorteret på serveren. ' +
      `first: antal pr. side (1–${CASELOAD_MAX_PAGE}, standard ${CASELOAD_DEFAULT_PAGE}); after: nextCursor fra forrige side (samme sortering, ellers BAD_USER_INPUT). ` +
      'Læsningen logges for hver borger på siden.',
  })
  caseload(
    @Arg('first', () => Int, { nullable: true, description: `Antal sager pr. side (1–${CASELOAD_MAX_PAGE}, standard ${CASELOAD_DEFAULT_PAGE}).` }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'nextCursor fra forrige side.' }) after: string | null,
    @Arg('filter', () => CaseloadFilter, { nullable: true }) filter: CaseloadFilter | null,
    @Arg('sort', () => CaseloadSort, { nullable: true, description: 'Sortering (standard NAME).' }) sort: CaseloadSort | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseloadPage> {
    return caseloadPage(ctx, { first, after, filter, sort });
  }
}

@Resolver(() => CaseloadPage)
export class CaseloadPageLiveFromResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Løbenummeret, listen er læst til: giv det som afterSeq, når Mine sager følges live (caseloadEvents), så en ændring mellem læsningen og abonnementet ikke går tabt. Tom: følg fra nu.',
  })
  liveFrom(@Ctx() ctx: RequestContext): string | null {
    return ctx.liveFrom;
  }
}

const LATEST_CHANGE_BY =
  'Hvem der gjorde den seneste ændring (latestChangeAt), når den er en hændelse på planen: en medarbejder, en mentor eller borgeren selv på Min plan (rolle CITIZEN). ' +
  'Tom, når den seneste ændring ikke er en hændelse (en post indlæst ved idriftsættelse) eller er Samplans egen.';

@Resolver(() => Plan)
export class PlanLatestChangeResolver {
  @FieldResolver(() => Date, {
    nullable: true,
    description:
      'Seneste ændring på planen: den nyeste hændelse (en samtale, et delmål, en mentorbevilling, et samtykke …), eller planens, en indsats\' eller en aktivitets egen ændring. ' +
      'Det samme mål, som Mine sager sorterer "Senest ændret" efter. Reglernes daglige genberegning af advarsler tæller ikke.',
  })
  async latestChangeAt(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return (await ctx.loaders.latestChange.load(plan.id)).at;
  }

  @FieldResolver(() => User, { nullable: true, description: LATEST_CHANGE_BY })
  async latestChangeBy(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<User | null> {
    const { byId } = await ctx.loaders.latestChange.load(plan.id);
    return byId ? ctx.loaders.user.load(byId) : null;
  }
}
