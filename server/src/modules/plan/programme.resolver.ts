import { daysBetween, localDate } from '@samplan/schema';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { recordReads } from '../../core/audit';
import { Access, Authenticated, actorOf, Roles, STAFF } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';

import { Citizen } from './citizen.entity';
import { CoordinatorAssignment } from './coordinator-assignment.entity';
import { guardPlan, READ, refuseUnseen } from './plan-guard';
import { Plan } from './plan.entity';
import { CreateProgrammeInput, ProgrammeCorrectionInput, ReassignCoordinatorInput, UpdateProgrammeInput } from './plan.inputs';
import { reassignCoordinator } from './plan.service';
import { createProgramme, updateProgramme } from './programme.service';
import { markProgrammeRegisteredInError, unmarkProgrammeRegisteredInError } from './programme-correction.service';
import { Programme } from './programme.entity';
import { User } from '../org/user.entity';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Access(Authenticated)
  @Query(() => Programme, { description: 'Et forløb. Læsningen logges.' })
  async programme(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Programme> {
    const programme = await ctx.loaders.programme.load(id);
    const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
    if (!programme || !plan) return refuseUnseen(ctx, { action: 'READ_PROGRAMME', entityType: 'PROGRAMME', entityId: id }, 'Forløbet');
    const access = await guardPlan(ctx, plan.id, READ, { action: 'READ_PROGRAMME', entityType: 'PROGRAMME', entityId: id, label: 'Forløbet' });
    await recordReads(ctx.db, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'RECORD', action: 'READ_PROGRAMME', entityType: 'PROGRAMME', entityId: id }]);
    return programme;
  }

  @Access(STAFF)
  @Mutation(() => Plan, { description: 'Opret et forløb med plan; den der opretter bliver koordinerende sagsbehandler.' })
  createProgramme(@Arg('input') input: CreateProgrammeInput, @Ctx() ctx: RequestContext): Promise<Plan> {
    return createProgramme(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Programme, { description: 'Flyt slutdatoen, eller afslut forløbet med en årsag (kun koordinator). Et ressourceforløb eller jobafklaringsforløb forlænges ikke (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3); et helhedsorienteret forløb kan forlænges inden for kommunens ramme.' })
  updateProgramme(@Arg('input') input: UpdateProgrammeInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return updateProgramme(ctx, input);
  }

  @Access(Roles(Role.CASEWORKER, Role.LEADER))
  @Mutation(() => Programme, {
    description: 'Registreret ved en fejl: markér forløbet som aldrig kørt (forkert borger, forkert forløbstype, en dublet), med en begrundelse. Et igangværende forløb afsluttes samtidig. Kun koordinatoren og kommunens leder.',
  })
  markProgrammeRegisteredInError(@Arg('input') input: ProgrammeCorrectionInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return markProgrammeRegisteredInError(ctx, input);
  }

  @Access(Roles(Role.CASEWORKER, Role.LEADER))
  @Mutation(() => Programme, {
    description: 'Fortryd markeringen "registreret ved en fejl", med en begrundelse: forløbet tæller igen med, medmindre det også blev stoppet, før det begyndte (neverRan er så stadig sand). Et afsluttet forløb genåbnes ikke. Kun koordinatoren og kommunens leder.',
  })
  unmarkProgrammeRegisteredInError(@Arg('input') input: ProgrammeCorrectionInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return unmarkProgrammeRegisteredInError(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => CoordinatorAssignment, { description: 'Skift koordinerende sagsbehandler (kun den nuværende koordinator).' })
  reassignCoordinator(@Arg('input') input: ReassignCoordinatorInput, @Ctx() ctx: RequestContext): Promise<CoordinatorAssignment> {
    return reassignCoordinator(ctx, input);
  }

  @FieldResolver(() => Citizen, { description: 'Borgeren.' })
  async citizen(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<Citizen> {
    const c = await ctx.loaders.citizen.load(p.citizenId);
    if (!c) throw notFound('Borgeren');
    return c;
  }

  @FieldResolver(() => Plan, { description: 'Planen.' })
  async plan(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<Plan> {
    const [plan] = await ctx.loaders.planByProgramme.load(p.id);
    if (!plan) throw notFound('Planen');
    return plan;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Markeret som registreret ved en fejl af.' })
  registeredInErrorBy(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return p.registeredInErrorById ? ctx.loaders.user.load(p.registeredInErrorById) : null;
  }

  @FieldResolver(() => Int, { description: 'Dage tilbage til slutdatoen (negativ når den er passeret).' })
  daysLeft(@Root() p: Programme, @Ctx() ctx: RequestContext): number {
    return daysBetween(localDate(ctx.deps.clock.now()), p.endDate);
  }
}
