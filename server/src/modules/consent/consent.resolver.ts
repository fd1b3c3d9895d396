import { localDate } from '@samplan/schema';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Activity, Intervention } from '../intervention';
import { Unit, User } from '../org';
import { Plan } from '../plan';
import { isWithheld } from './consent-cut';
import { ConsentEntry } from './consent.entity';
import { RecordConsentInput, WithdrawConsentInput } from './consent.inputs';
import { DETAILS_WITHHELD_REASON, mentorShareRefusal, mentorsGrantedOn } from './consent.policy';
import { consentEntries, jointPlanWarning, mayWithdraw, recordConsent, withdrawConsent } from './consent.service';

@Resolver(() => ConsentEntry)
export class ConsentResolver {
  @Access(STAFF)
  @Mutation(() => ConsentEntry, { description: 'Registrér borgerens samtykke eller en hjemmel til at dele oplysninger (kun den koordinerende sagsbehandler).' })
  recordConsent(@Arg('input') input: RecordConsentInput, @Ctx() ctx: RequestContext): Promise<ConsentEntry> {
    return recordConsent(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => ConsentEntry, { description: 'Tilbagekald et samtykke eller en hjemmel; det gælder straks, også for åbne sider (kun den koordinerende sagsbehandler).' })
  withdrawConsent(@Arg('input') input: WithdrawConsentInput, @Ctx() ctx: RequestContext): Promise<ConsentEntry> {
    return withdrawConsent(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: 'Gælder stadig (ikke tilbagekaldt).' })
  active(@Root() e: ConsentEntry): boolean {
    return e.withdrawnAt === null;
  }

  @FieldResolver(() => Boolean, { description: 'Om læseren kan tilbagekalde samtykket: den koordinerende sagsbehandler på borgerens igangværende forløb (ellers det seneste), fra enhver plan, der viser det; aldrig et allerede tilbagekaldt.' })
  mayWithdraw(@Root() e: ConsentEntry, @Ctx() ctx: RequestContext): Promise<boolean> {
    return mayWithdraw(ctx, e);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Enheden der deles med (når der deles med én enhed).' })
  recipientUnit(@Root() e: ConsentEntry, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return e.recipientUnitId ? ctx.loaders.unit.load(e.recipientUnitId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Den ene mentor, der deles med (tom: borgerens mentorstøtte, hvem der end er mentor).' })
  recipientMentor(@Root() e: ConsentEntry, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return e.recipientMentorId ? ctx.loaders.user.load(e.recipientMentorId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Registreret af.' })
  recordedBy(@Root() e: ConsentEntry, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.user.load(e.recordedById);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Tilbagekaldt af.' })
  withdrawnBy(@Root() e: ConsentEntry, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return e.withdrawnById ? ctx.loaders.user.load(e.withdrawnById) : null;
  }
}

@Resolver(() => Plan)
export class PlanConsentResolver {
  @FieldResolver(() => [ConsentEntry], { description: 'Samtykke og hjemmel: borgerens register, gældende og tilbagekaldte, nyeste først (kun planens team).' })
  consents(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<ConsentEntry[]> {
    return consentEntries(ctx, plan.id);
  }

  @FieldResolver(() => [ID], { description: 'Indsatser, hvis detaljer er tilbageholdt for mig (en anden enheds sundheds- eller socialindsats uden samtykke eller hjemmel).' })
  async withheldInterventionIds(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<string[]> {
    const interventions = await ctx.loaders.interventionsByPlan.load(plan.id);
    const withheld = await Promise.all(interventions.map((i) => isWithheld(ctx, 'Intervention', i as unknown as Record<string, unknown>)));
    return interventions.filter((_, n) => withheld[n]).map((i) => i.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Advarsel, når et helhedsorienteret forløb mangler borgerens samtykke til den fælles plan.' })
  consentWarning(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<string | null> {
    return jointPlanWarning(ctx, plan);
  }
}

@Resolver(() => Intervention)
export class InterventionConsentResolver {
  @FieldResolver(() => Boolean, { description: 'Detaljerne er tilbageholdt: en anden enheds sundheds- eller socialindsats uden borgerens samtykke eller hjemmel.' })
  detailsWithheld(@Root() i: Intervention, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    // The unit's own type (HealthIntervention) governs, as it does the cut of its fields.
    return isWithheld(ctx, info.parentType.name, i as unknown as Record<string, unknown>);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Hvorfor detaljerne ikke vises (dansk), når de er tilbageholdt.' })
  async detailsWithheldReason(@Root() i: Intervention, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    return (await isWithheld(ctx, info.parentType.name, i as unknown as Record<string, unknown>)) ? DETAILS_WITHHELD_REASON : null;
  }
}

@Resolver(() => Activity)
export class ActivityConsentResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Hvorfor aktiviteten ikke kan deles med mentor nu (dansk), som delingen selv ville afvise den: en sundheds- eller socialindsats uden borgerens samtykke eller hjemmel til mentoren. Tom, når den kan deles.',
  })
  async mentorShareRefusal(@Root() a: Activity, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (!a.interventionId) return null;
    // The plan's interventions, register and mentor grants, each read once per request for all its activities (the plan page reads them already).
    const [interventions, grants, mentorGrants] = await Promise.all([
      ctx.loaders.interventionsByPlan.load(a.planId),
      ctx.loaders.activeGrantsByPlan.load(a.planId),
      ctx.loaders.mentorGrantsByPlan.load(a.planId),
    ]);
    const mentors = mentorsGrantedOn(mentorGrants, localDate(ctx.deps.clock.now()));
    return mentorShareRefusal(interventions.find((i) => i.id === a.interventionId)?.unitKind, grants, mentors);
  }
}
