import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { recordReads } from '../../core/audit';
import { Access, Authenticated, actorOf, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';

import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { guardPlan, Plan, READ, refuseUnseen, SubGoal } from '../plan';
import { Activity } from './activity.entity';
import { createActivity, updateActivity } from './activity.service';
import { InterventionPause } from './intervention-pause.entity';
import { Intervention, toIntervention } from './intervention.interface';
import { CreateActivityInput, UpdateActivityInput, UpdateInterventionInput } from './intervention.inputs';
import { updateIntervention } from './intervention.service';

@Resolver(() => Intervention)
export class InterventionResolver {
  @Access(Authenticated)
  @Query(() => Intervention, { description: 'En indsats.' })
  async intervention(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Intervention> {
    const record = await ctx.loaders.intervention.load(id);
    // Missing, of another municipality, or in a plan the caller may not read: one answer, and a DENIED row.
    if (!record) return refuseUnseen(ctx, { action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: id }, 'Indsatsen');
    const access = await guardPlan(ctx, record.planId, READ, { action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: id, label: 'Indsatsen' });
    await recordReads(ctx.db, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'RECORD', action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: record.id }]);
    return toIntervention(record);
  }

  @Access(STAFF)
  @Mutation(() => Intervention, { description: 'Ret de fælles felter på en indsats (kun den forvaltning der ejer den). Forældet expectedVersion giver CONFLICT.' })
  updateIntervention(@Arg('input') input: UpdateInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return updateIntervention(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Activity, { description: 'Tilføj en aktivitet til en indsats (kun den forvaltning der ejer indsatsen).' })
  createActivity(@Arg('input') input: CreateActivityInput, @Ctx() ctx: RequestContext): Promise<Activity> {
    return createActivity(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Activity, { description: 'Ret en aktivitet (kun den forvaltning der ejer indsatsen).' })
  updateActivity(@Arg('input') input: UpdateActivityInput, @Ctx() ctx: RequestContext): Promise<Activity> {
    return updateActivity(ctx, input);
  }

  @FieldResolver(() => Unit, { description: 'Forvaltningen der leverer indsatsen.' })
  async unit(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<Unit> {
    const unit = await ctx.loaders.unit.load(i.unitId);
    if (!unit) throw notFound('Forvaltningen');
    return unit;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Senest ændret af.' })
  updatedBy(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return i.updatedById ? ctx.loaders.user.load(i.updatedById) : null;
  }

  @FieldResolver(() => [SubGoal], { description: 'Delmål indsatsen understøtter.' })
  async subGoals(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<SubGoal[]> {
    const ids = await ctx.loaders.subGoalIdsByIntervention.load(i.id);
    return (await ctx.loaders.subGoal.loadMany(ids)).filter((g): g is SubGoal => g instanceof SubGoal);
  }

  @FieldResolver(() => [InterventionPause], { description: 'Hver periode, indsatsen har været sat på pause, ældste først; den nuværende uden slutdag.' })
  pauses(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<InterventionPause[]> {
    return ctx.loaders.pausesByIntervention.load(i.id);
  }

  @FieldResolver(() => [Activity], { description: 'Aktiviteter, efter tidspunkt.' })
  activities(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<Activity[]> {
    return ctx.loaders.activitiesByIntervention.load(i.id);
  }
}

@Resolver(() => Plan)
export class PlanInterventionsResolver {
  @FieldResolver(() => [Intervention], { description: 'Indsatser fra alle forvaltninger på teamet.' })
  async interventions(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Intervention[]> {
    return (await ctx.loaders.interventionsByPlan.load(plan.id)).map(toIntervention);
  }

  @FieldResolver(() => [Activity], { description: 'Alle aktiviteter i planen, efter tidspunkt.' })
  activities(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Activity[]> {
    return ctx.loaders.activitiesByPlan.load(plan.id);
  }
}

@Resolver(() => Activity)
export class ActivityResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Senest ændret af.' })
  updatedBy(@Root() a: Activity, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return a.updatedById ? ctx.loaders.user.load(a.updatedById) : null;
  }
}
