import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org';
import { keyFigures } from './figures.service';
import { KeyFigures } from './figures.types';

@Resolver(() => KeyFigures)
export class FiguresResolver {
  /**
   * Leaders steer by these (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9); coordinators may follow their own unit's figures.
   * Aggregates only, confined to the caller's municipality, small groups shown as "<5".
   */
  @Access(Roles(Role.LEADER, Role.COORDINATOR))
  @Query(() => KeyFigures, {
    description: 'Nøgletal for alle forløb i egen kommune (ressourceforløb, jobafklaringsforløb og helhedsorienterede forløb; antal i forløb også fordelt på type), måned for måned (standard: de seneste 12 måneder), i alt og pr. forvaltning. Kun tal; grupper under 5 vises som "<5".',
  })
  keyFigures(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String, { nullable: true, description: 'Første måned (ÅÅÅÅ-MM).' }) from?: string | null,
    @Arg('to', () => String, { nullable: true, description: 'Sidste måned (ÅÅÅÅ-MM); standard: indeværende måned.' }) to?: string | null,
  ): Promise<KeyFigures> {
    return keyFigures(ctx, from, to);
  }
}
