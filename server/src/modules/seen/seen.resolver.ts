import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Plan } from '../plan';
import { markPlanSeen, readPositionOf } from './seen.service';

/** "Nyt siden dit sidste besøg": the viewer's read position on every Plan, and moving it. */
@Resolver(() => Plan)
export class PlanSeenResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Min læseposition i planen: løbenummeret på den sidste ændring, jeg har markeret som set. Tom: aldrig markeret.' })
  async lastSeenSeq(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await readPositionOf(ctx, plan.id)).lastSeenSeq;
  }

  @FieldResolver(() => Int, {
    description: 'Antal ændringer foretaget af andre efter min læseposition (alle, når jeg aldrig har markeret), som jeg må se. Reglernes egne advarselsopdateringer tæller ikke med.',
  })
  async unseenChangeCount(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<number> {
    return (await readPositionOf(ctx, plan.id)).unseenChangeCount;
  }

  @Access(STAFF)
  @Mutation(() => Plan, {
    description:
      'Flyt min læseposition frem (aldrig tilbage). seq: løbenummeret på den seneste ændring, jeg har set; højst planens nyeste (ellers BAD_USER_INPUT). ' +
      'Min egen tilstand: ingen hændelse. Planen i svaret står i borgerens adgangslog som en læsning af planen.',
  })
  markPlanSeen(@Arg('planId', () => ID) planId: string, @Arg('seq', () => String) seq: string, @Ctx() ctx: RequestContext): Promise<Plan> {
    return markPlanSeen(ctx, planId, seq);
  }
}
