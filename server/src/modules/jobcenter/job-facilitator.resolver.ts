import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, actorOf, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { Programme } from '../plan';
import { assignJobFacilitator, endJobFacilitator, jobFacilitatorApplies, mayRecordJobFacilitator } from './job-facilitator.service';
import { AssignJobFacilitatorInput, EndJobFacilitatorInput, JobFacilitatorAssignment } from './job-facilitator.types';

/** The personal jobformidler (LAB §113 a) on the forløb: read by everyone on the plan, recorded by the coordinator or the jobcenter. */
@Resolver(() => Programme)
export class ProgrammeJobFacilitatorResolver {
  @Access(STAFF)
  @Mutation(() => Programme, {
    description: 'Registrér borgerens personlige jobformidler fra en dag (ressourceforløb efter reglerne fra 2022, LAB §113 a); en tidligere afsluttes fra samme dag. Den koordinerende sagsbehandler og jobcenterets sagsbehandlere på planen.',
  })
  assignJobFacilitator(@Arg('input') input: AssignJobFacilitatorInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return assignJobFacilitator(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Programme, {
    description: 'Ingen personlig jobformidler fra en dag (LAB §113 a): den nuværende afsluttes og bliver stående i historikken. Den koordinerende sagsbehandler og jobcenterets sagsbehandlere på planen.',
  })
  endJobFacilitator(@Arg('input') input: EndJobFacilitatorInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return endJobFacilitator(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: 'Borgeren har ret til en personlig jobformidler (ressourceforløb efter reglerne fra 2022, LAB §113 a).' })
  jobFacilitatorRight(@Root() programme: Programme): boolean {
    return jobFacilitatorApplies(programme);
  }

  @FieldResolver(() => JobFacilitatorAssignment, { nullable: true, description: 'Personlig jobformidler: den nuværende (LAB §113 a).' })
  async jobFacilitator(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<JobFacilitatorAssignment | null> {
    return (await ctx.loaders.jobFacilitatorsByProgramme.load(programme.id)).find((a) => a.toDate === null) ?? null;
  }

  @FieldResolver(() => [JobFacilitatorAssignment], { description: 'Personlige jobformidlere, ældste først; hver tildeling bevares.' })
  jobFacilitatorHistory(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<JobFacilitatorAssignment[]> {
    return ctx.loaders.jobFacilitatorsByProgramme.load(programme.id);
  }

  @FieldResolver(() => Boolean, { description: 'Om jeg kan registrere, skifte og afslutte borgerens personlige jobformidler (den koordinerende sagsbehandler og jobcenterets sagsbehandlere på planen, mens forløbet kører).' })
  async mayRecordJobFacilitator(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<boolean> {
    const [plan] = await ctx.loaders.planByProgramme.load(programme.id);
    return !!plan && mayRecordJobFacilitator(actorOf(ctx), await ctx.loaders.planAccess.load(plan.id), programme);
  }
}

@Resolver(() => JobFacilitatorAssignment)
export class JobFacilitatorAssignmentResolver {
  @FieldResolver(() => User, { description: 'Personlig jobformidler.' })
  async user(@Root() a: JobFacilitatorAssignment, @Ctx() ctx: RequestContext): Promise<User> {
    const u = await ctx.loaders.user.load(a.userId);
    if (!u) throw notFound('Brugeren');
    return u;
  }

  @FieldResolver(() => Boolean, {
    description: 'Om medarbejderens konto er deaktiveret (ingen adgang til Samplan længere): den nuværende personlige jobformidler kan så ikke følge borgeren her, og en ny bør vælges.',
  })
  async userLeft(@Root() a: JobFacilitatorAssignment, @Ctx() ctx: RequestContext): Promise<boolean> {
    const u = await ctx.loaders.user.load(a.userId);
    return !u || !!u.deactivatedAt;
  }

  @FieldResolver(() => Unit, { description: 'Jobcenterenheden, medarbejderen var i, da tildelingen blev registreret.' })
  async unit(@Root() a: JobFacilitatorAssignment, @Ctx() ctx: RequestContext): Promise<Unit> {
    const unit = await ctx.loaders.unit.load(a.unitId);
    if (!unit) throw notFound('Enheden');
    return unit;
  }
}
