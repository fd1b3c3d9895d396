import { localDate } from '@samplan/schema';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { User } from '../org';
import { EndReason, Programme, ProgrammeStatus } from '../plan';
import { endReasonsFor, LawVersion, nextStepLastDays, nextStepsBetween, underTransitionRule } from './law/law-version';
import { decideNextStep, nextStepLoader } from './next-step.service';
import { DecideNextStepInput, NextStep, NextStepDecision, NextStepLastDay, NextStepStatus } from './next-step.types';
import { Warning, WarningSeverity } from './warning.type';
import { warningsForViewer } from './warning-viewer';
import { topSeverity, warningsLoader } from './warnings.service';

/**
 * Warnings live on the programme. The programme was reached through a guarded root field
 * (plan, programme, myCaseload), so these fields add no access rule of their own.
 */
@Resolver(() => Programme)
export class ProgrammeRulesResolver {
  // What to do is said to whoever can do it; the rest of the team reads who does it (warning-viewer.ts).
  @FieldResolver(() => [Warning], {
    description: 'Advarsler: frister og krav fra reglerne (se docs/domain.md), mest alvorlige og nærmeste frist først. Beregnes ud fra dagens dato.',
  })
  async warnings(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<Warning[]> {
    return warningsForViewer(ctx, await warningsLoader(ctx).load(p.id));
  }

  @FieldResolver(() => WarningSeverity, { nullable: true, description: 'Højeste alvor blandt advarslerne (tom uden advarsler), til at sortere sagslisten.' })
  async warningLevel(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<WarningSeverity | null> {
    return topSeverity((await warningsLoader(ctx).load(p.id)).warnings);
  }

  @FieldResolver(() => NextStepDecision, { nullable: true, description: 'Beslutningen (eller forslaget) om indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5), når den er truffet.' })
  nextStep(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<NextStepDecision | null> {
    return nextStepLoader(ctx).load(p.id);
  }

  @FieldResolver(() => LawVersion, { description: 'Lovgrundlaget: reglerne for afgørelsesdatoen, som forløbet afsluttes efter.' })
  lawVersion(@Root() p: Programme): LawVersion {
    return p.lawVersion as LawVersion;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Forløbet kører videre efter en overgangsregel: loven i dag bevilger ikke nye forløb af typen, men loven på afgørelsesdatoen gjorde (et ressourceforløb besluttet før 1. februar 2026 afsluttes efter sine egne regler, lov nr. 1750 af 29. december 2025). Falsk for et afsluttet forløb.',
  })
  continuesUnderTransitionRule(@Root() p: Programme, @Ctx() ctx: RequestContext): boolean {
    return p.status === ProgrammeStatus.ACTIVE && underTransitionRule(p.type, p.lawVersion, localDate(ctx.deps.clock.now()));
  }

  @FieldResolver(() => [NextStep], {
    description:
      'De indsatser efter forløbet, der kan besluttes for denne forløbstype efter reglerne på en dag fra afgørelsen om forløbet til i dag (fx ikke nyt ressourceforløb besluttet fra 1. februar 2026); beslutningen prøves efter reglerne på sin egen dag.',
  })
  nextStepOptions(@Root() p: Programme, @Ctx() ctx: RequestContext): readonly NextStep[] {
    const today = localDate(ctx.deps.clock.now());
    return nextStepsBetween(p.type, p.decisionDate < today ? p.decisionDate : today, today);
  }

  @FieldResolver(() => [NextStepLastDay], {
    description: 'De af nextStepOptions, som reglerne i dag ikke giver, hver med den sidste dag, en beslutning kunne træffe den (fx nyt ressourceforløb til og med 31. januar 2026, lov nr. 1750 af 29. december 2025).',
  })
  nextStepLastDays(@Root() p: Programme, @Ctx() ctx: RequestContext): NextStepLastDay[] {
    const today = localDate(ctx.deps.clock.now());
    return nextStepLastDays(p.type, p.decisionDate < today ? p.decisionDate : today, today);
  }

  @FieldResolver(() => [EndReason], { description: 'De afslutningsårsager, der kan registreres i dag for denne forløbstype: efter reglerne i dag, og den, der svarer til den besluttede indsats efter forløbet, efter reglerne på beslutningsdagen.' })
  async endReasonOptions(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<readonly EndReason[]> {
    const decision = await nextStepLoader(ctx).load(p.id);
    return endReasonsFor(p.type, localDate(ctx.deps.clock.now()), decision?.status === NextStepStatus.DECIDED ? decision : null);
  }
}

@Resolver(() => NextStepDecision)
export class NextStepResolver {
  @Access(STAFF)
  @Mutation(() => Programme, { description: 'Træf (eller ret) beslutningen om indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5): en sagsbehandler fra beskæftigelse beslutter; en koordinator fra en anden enhed foreslår (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).' })
  decideNextStep(@Arg('input') input: DecideNextStepInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return decideNextStep(ctx, input);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Besluttet af.' })
  decidedBy(@Root() d: NextStepDecision, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return d.decidedById ? ctx.loaders.user.load(d.decidedById) : null;
  }
}
