import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { Access, Authenticated } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { planHistory } from './plan-history.service';
import { PlanHistoryArgs, PlanHistoryPage } from './plan-history.types';

@Resolver()
export class PlanHistoryResolver {
  @Access(Authenticated)
  @Query(() => PlanHistoryPage, { description: 'Planens historik, nyeste først. recordId: kun én indsats, aktivitet, delmål eller planen selv.' })
  planHistory(@Args() args: PlanHistoryArgs, @Ctx() ctx: RequestContext): Promise<PlanHistoryPage> {
    return planHistory(ctx, args);
  }
}
