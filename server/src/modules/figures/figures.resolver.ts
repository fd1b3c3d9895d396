import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org';
import { keyFigures } from './figures.service';
import { KeyFigures } from './figures.types';

@Resolver(() => KeyFigures)
export class FiguresResolver {
  /**
   * Leaders steer by these (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9); coordinators may follow their unit's figures.
   * Coordinating is a function any caseworker may be given (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1), not a
   * role, so caseworkers may read them: aggregates only, confined to the caller's municipality, small groups hidden —
   * no citizen can be picked out, so tying the page to holding a coordinator assignment today would protect nothing.
   */
  @Access(Roles(Role.LEADER, Role.CASEWORKER))
  @Query(() => KeyFigures, {
    description: 'Nøgletal for alle forløb i egen kommune (ressourceforløb, jobafklaringsforløb og helhedsorienterede forløb; antal i forløb også fordelt på type), måned for måned (standard: de seneste 12 måneder), i alt og pr. forvaltning. Kun tal; grupper under 5, og tal, de kunne regnes ud fra, vises som "skjult". Hele perioden regnes kun ud fra månedernes viste tal, så ingen to perioder afslører en skjult måned.',
  })
  keyFigures(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String, { nullable: true, description: 'Første måned (ÅÅÅÅ-MM).' }) from?: string | null,
    @Arg('to', () => String, { nullable: true, description: 'Sidste måned (ÅÅÅÅ-MM); standard og senest: indeværende måned (en senere måned afvises med BAD_USER_INPUT, reason FUTURE_MONTH).' }) to?: string | null,
  ): Promise<KeyFigures> {
    return keyFigures(ctx, from, to);
  }
}
