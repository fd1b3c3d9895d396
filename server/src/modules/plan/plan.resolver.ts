import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, Authenticated, actorOf, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { AccessLogEntry, accessLog, mayReadAccessLog } from './access-log';
import { ACCESS_LOG_DEFAULT_PAGE, ACCESS_LOG_MAX_PAGE, AccessLogFilter, AccessLogPage, accessLogPage } from './access-log-page';
import { mayChangeCitizenSignIn } from './citizen-sign-in';
import { Citizen } from './citizen.entity';
import { CoordinatorAssignment } from './coordinator-assignment.entity';
import { FollowUpMeeting } from './follow-up.entity';
import { Plan } from './plan.entity';
import { planPolicy, standing } from './plan.policy';
import { UpdatePlanInput } from './plan.inputs';
import { changeTeam, coordinatorHasLeft, myCaseload, readPlan, updatePlan } from './plan.service';
import { Programme } from './programme.entity';
import { SubGoal } from './sub-goal.entity';

@Resolver(() => Plan)
export class PlanResolver {
  @Access(Authenticated)
  @Query(() => Plan, { description: 'Planen (indsatsdelen) for et forløb. Læsningen logges.' })
  plan(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Plan> {
    return readPlan(ctx, id);
  }

  @Access(Authenticated)
  // Every plan at once: for a unit on 2,238 plans' teams that took 2.1 s (bench:figures).
  // The client pages with `caseload`; this stays for callers that have not moved yet.
  @Query(() => [Plan], {
    description: 'Mine sager: planer jeg koordinerer, eller hvor min forvaltning er på teamet (alle på én gang).',
    deprecationReason: 'Uden sideinddeling: brug caseload (søgning, filtre, sortering og sider).',
  })
  myCaseload(@Ctx() ctx: RequestContext): Promise<Plan[]> {
    return myCaseload(ctx);
  }

  @Access(STAFF)
  @Query(() => AccessLogPage, {
    description:
      'Adgangslog for en borger, side for side, nyeste først: hvem har set eller ændret data, og afviste forsøg. Kun for borgerens nuværende koordinator: koordinatoren af et igangværende forløb, eller, når intet forløb er i gang, af det seneste (ellers NOT_FOUND). ' +
      'Filtrér på periode (dage i dansk tid, til og med), person og kun afviste; optællingerne gælder hele filteret. ' +
      `first: antal pr. side (1–${ACCESS_LOG_MAX_PAGE}, standard ${ACCESS_LOG_DEFAULT_PAGE}); after: nextCursor fra forrige side med samme filter. ` +
      'Hver læsning står med sin kanal (plansiden, sagslisten, én post, live-opdatering, genafspilning). ' +
      'Gentagne læsninger af samme bruger, borger, kanal og post inden for samme kvarter (15 minutter) er samlet i én række med antal (count) og seneste tidspunkt (lastAt). ' +
      'Afviste forsøg samles aldrig. Hver læsning af loggen, også af en ældre side, logges selv.',
  })
  accessLogPage(
    @Arg('citizenId', () => ID) citizenId: string,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter: AccessLogFilter | null,
    @Arg('first', () => Int, { defaultValue: ACCESS_LOG_DEFAULT_PAGE, description: `Antal hændelser pr. side (1–${ACCESS_LOG_MAX_PAGE}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'nextCursor fra forrige side.' }) after: string | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessLogPage> {
    return accessLogPage(ctx, { citizenId, filter, first, after }, info.schema);
  }

  @Access(STAFF)
  @Query(() => [AccessLogEntry], {
    description:
      'Adgangslog for en borger, de nyeste rækker (højst 1000): hvem har set eller ændret data, og afviste forsøg. Kun for borgerens nuværende koordinator: koordinatoren af et igangværende forløb, eller, når intet forløb er i gang, af det seneste. ' +
      'Hver læsning står med sin kanal (plansiden, sagslisten, én post, live-opdatering, genafspilning). ' +
      'Gentagne læsninger af samme bruger, borger, kanal og post inden for samme kvarter (15 minutter) er samlet i én række med antal (count) og seneste tidspunkt (lastAt). ' +
      'Afviste forsøg samles aldrig.',
    deprecationReason: 'Kun de nyeste rækker, uden filtre og optælling: brug accessLogPage (periode, person, kun afviste, ældre sider).',
  })
  accessLog(
    @Arg('citizenId', () => ID) citizenId: string,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessLogEntry[]> {
    return accessLog(ctx, citizenId, limit, info.schema);
  }

  @Access(STAFF)
  @Mutation(() => Plan, { description: 'Ret beskæftigelsesmål og planperiode (kun koordinator).' })
  updatePlan(@Arg('input') input: UpdatePlanInput, @Ctx() ctx: RequestContext): Promise<Plan> {
    return updatePlan(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Plan, { description: 'Tilføj en enhed til teamet på planen (kun koordinator; ikke en lukket enhed).' })
  addTeamUnit(@Arg('planId', () => ID) planId: string, @Arg('unitId', () => ID) unitId: string, @Ctx() ctx: RequestContext): Promise<Plan> {
    return changeTeam(ctx, planId, unitId, 'add');
  }

  @Access(STAFF)
  @Mutation(() => Plan, { description: 'Fjern en enhed fra teamet på planen (kun koordinator). Dens medarbejdere mister adgangen.' })
  removeTeamUnit(@Arg('planId', () => ID) planId: string, @Arg('unitId', () => ID) unitId: string, @Ctx() ctx: RequestContext): Promise<Plan> {
    return changeTeam(ctx, planId, unitId, 'remove');
  }

  @FieldResolver(() => Citizen, { description: 'Borgeren.' })
  async citizen(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Citizen> {
    const c = await ctx.loaders.citizen.load(plan.citizenId);
    if (!c) throw notFound('Borgeren');
    return c;
  }

  @FieldResolver(() => Programme, { description: 'Forløbet.' })
  async programme(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Programme> {
    const p = await ctx.loaders.programme.load(plan.programmeId);
    if (!p) throw notFound('Forløbet');
    return p;
  }

  @FieldResolver(() => [Unit], { description: 'Forvaltninger på planen: de forvaltninger, der deltager.' })
  async team(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Unit[]> {
    const ids = await ctx.loaders.teamUnitIdsByPlan.load(plan.id);
    return (await ctx.loaders.unit.loadMany(ids)).filter((u): u is Unit => u instanceof Unit);
  }

  @FieldResolver(() => [SubGoal], { description: 'Delmål.' })
  subGoals(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<SubGoal[]> {
    return ctx.loaders.subGoalsByPlan.load(plan.id);
  }

  @FieldResolver(() => [FollowUpMeeting], { description: 'Opfølgningssamtaler, ældste først.' })
  followUps(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<FollowUpMeeting[]> {
    return ctx.loaders.followUpsByPlan.load(plan.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Næste samtale, som den blev aftalt ved seneste opfølgningssamtale. En booking kan siden være flyttet: se nextBookedMeeting.' })
  async nextFollowUpAt(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return (await ctx.loaders.latestHeldFollowUpByPlan.load(plan.id))?.nextMeetingAt ?? null;
  }

  @FieldResolver(() => CoordinatorAssignment, { nullable: true, description: 'Den nuværende koordinerende sagsbehandler.' })
  async coordinator(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<CoordinatorAssignment | null> {
    const history = await ctx.loaders.coordinatorsByProgramme.load(plan.programmeId);
    return history.find((a) => a.toAt === null) ?? null;
  }

  @FieldResolver(() => [CoordinatorAssignment], { description: 'Koordinatorhistorik, ældste først.' })
  coordinatorHistory(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<CoordinatorAssignment[]> {
    return ctx.loaders.coordinatorsByProgramme.load(plan.programmeId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Min rolle i planen: COORDINATOR eller TEAM.' })
  async myStanding(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<string | null> {
    return standing(actorOf(ctx), await ctx.loaders.planAccess.load(plan.id));
  }

  @FieldResolver(() => Boolean, {
    description:
      'Om jeg træffer afgørelser efter beskæftigelseslovgivningen i dette forløb (næste indsats, afslutning, mentorstøtte); ellers kan koordinatoren kun foreslå (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).',
  })
  async mayDecide(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<boolean> {
    return planPolicy.decide(actorOf(ctx), await ctx.loaders.planAccess.load(plan.id));
  }

  @FieldResolver(() => Boolean, {
    description:
      'Om jeg må læse borgerens adgangslog (accessLog): kun borgerens nuværende koordinator, koordinatoren af et igangværende forløb, eller, når intet forløb er i gang, af det seneste. ' +
      'Koordinatoren af et tidligere, afsluttet forløb beholder planen, men ikke loggen.',
  })
  mayReadAccessLog(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<boolean> {
    return mayReadAccessLog(ctx, plan.citizenId);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Om jeg må rette borgerens CPR-nummer og lukke eller åbne borgerens adgang på denne plan (correctCitizenCpr, closeCitizenAccess, reopenCitizenAccess): ' +
      'kun koordinatoren af borgerens nuværende forløb, det igangværende, eller, når intet forløb er i gang, det seneste. På et tidligere, afsluttet forløb: nej.',
  })
  mayChangeCitizenSignIn(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<boolean> {
    return mayChangeCitizenSignIn(ctx, plan.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Om koordinatoren ikke længere har adgang til Samplan: deres konto er deaktiveret (eller ingen er tildelt). En sagsbehandler fra en forvaltning på planen kan så overtage koordineringen (reassignCoordinator).',
  })
  async coordinatorLeft(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<boolean> {
    return coordinatorHasLeft(ctx, await ctx.loaders.planAccess.load(plan.id));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Senest ændret af.' })
  updatedBy(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return plan.updatedById ? ctx.loaders.user.load(plan.updatedById) : null;
  }
}

@Resolver(() => CoordinatorAssignment)
export class CoordinatorAssignmentResolver {
  @FieldResolver(() => User, { description: 'Koordinatoren.' })
  async user(@Root() a: CoordinatorAssignment, @Ctx() ctx: RequestContext): Promise<User> {
    const u = await ctx.loaders.user.load(a.userId);
    if (!u) throw notFound('Brugeren');
    return u;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Koordinatorens forvaltning.' })
  unit(@Root() a: CoordinatorAssignment, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return a.unitId ? ctx.loaders.unit.load(a.unitId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Tildelt af.' })
  assignedBy(@Root() a: CoordinatorAssignment, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return a.assignedById ? ctx.loaders.user.load(a.assignedById) : null;
  }
}
