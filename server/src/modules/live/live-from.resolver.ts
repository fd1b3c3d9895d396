import { Ctx, FieldResolver, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { Plan } from '../plan';

/**
 * Where a screen's live stream starts: the position the answer was read at. A stream started
 * with it as `afterSeq` first brings what was changed since, so a change made while the page
 * was being read and the stream was on its way is in one or the other, never in neither.
 */
export const LIVE_FROM_DESCRIPTION =
  'Løbenummeret, svaret er læst til: giv det som afterSeq, når planen følges live (planEvents), så en ændring mellem læsningen og abonnementet ikke går tabt. Tom: følg fra nu.';

@Resolver(() => Plan)
export class PlanLiveFromResolver {
  @FieldResolver(() => String, { nullable: true, description: LIVE_FROM_DESCRIPTION })
  liveFrom(@Ctx() ctx: RequestContext): string | null {
    return ctx.liveFrom;
  }
}
