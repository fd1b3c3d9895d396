import { IsNull } from 'typeorm';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { Access, Roles, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org/org.enums';
import { User } from '../org/user.entity';
import { Plan } from '../plan';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';
import { CreateMentorGrantInput, EndMentorGrantArgs, LogMentorTaskInput, RemoveMentorTaskArgs, UpdateMentorTaskInput } from './mentor.inputs';
import { createMentorGrant, endMentorGrant, logMentorTask, myMentorCases, removeMentorTask, setMentorSharing, updateMentorTask } from './mentor.service';
import { MentorCase } from './mentor-view.types';

export enum SharedItemKind {
  ACTIVITY = 'ACTIVITY',
  FOLLOW_UP = 'FOLLOW_UP',
}
registerEnumType(SharedItemKind, { name: 'SharedItemKind', description: 'Hvad der deles med mentor: en aktivitet eller en opfølgningssamtale.' });

const MENTOR = Roles(Role.MENTOR);

@Resolver(() => MentorCase)
export class MentorResolver {
  @Access(MENTOR)
  @Query(() => [MentorCase], { description: 'Mine borgere (mentor): én sag pr. aktiv bevilling, kun det opgaven kræver.' })
  myMentorCases(@Ctx() ctx: RequestContext): Promise<MentorCase[]> {
    return myMentorCases(ctx);
  }

  @Access(MENTOR)
  @Query(() => MentorCase, { description: 'Én mentorsag (kun med en aktiv bevilling til mig).' })
  async mentorCase(@Arg('grantId', () => ID) grantId: string, @Ctx() ctx: RequestContext): Promise<MentorCase> {
    return (await myMentorCases(ctx, grantId))[0];
  }

  @Access(MENTOR)
  @Mutation(() => MentorTask, { description: 'Log opgave: hvad mentor gjorde med borgeren.' })
  logMentorTask(@Arg('input') input: LogMentorTaskInput, @Ctx() ctx: RequestContext): Promise<MentorTask> {
    return logMentorTask(ctx, input);
  }

  @Access(MENTOR)
  @Mutation(() => MentorTask, { description: 'Ret en af mine mentoropgaver.' })
  updateMentorTask(@Arg('input') input: UpdateMentorTaskInput, @Ctx() ctx: RequestContext): Promise<MentorTask> {
    return updateMentorTask(ctx, input);
  }

  @Access(MENTOR)
  @Mutation(() => MentorTask, { description: 'Fjern en af mine mentoropgaver, logget ved en fejl (under den bevilling, der løber i dag). Den gemmes, markeret som fjernet, og vises ikke længere.' })
  removeMentorTask(@Args() { id, expectedVersion }: RemoveMentorTaskArgs, @Ctx() ctx: RequestContext): Promise<MentorTask> {
    return removeMentorTask(ctx, id, expectedVersion);
  }

  @Access(STAFF)
  @Mutation(() => MentorGrant, { description: 'Bevilg mentorstøtte (kun koordinator; højst 6 måneder, STAR’s vejledning om ressourceforløb 2020, afsnit 7). Forlængelse = ny bevilling med previousGrantId.' })
  createMentorGrant(@Arg('input') input: CreateMentorGrantInput, @Ctx() ctx: RequestContext): Promise<MentorGrant> {
    return createMentorGrant(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => MentorGrant, { description: 'Afslut en mentorbevilling før tid (kun koordinator).' })
  endMentorGrant(@Args() { id, expectedVersion, endDate, baseVersion }: EndMentorGrantArgs, @Ctx() ctx: RequestContext): Promise<MentorGrant> {
    return endMentorGrant(ctx, id, expectedVersion, endDate, baseVersion);
  }

  @Access(STAFF)
  @Mutation(() => Boolean, { description: 'Del (eller fjern) en aktivitet eller opfølgningssamtale med mentor (kun koordinator).' })
  setMentorSharing(
    @Arg('kind', () => SharedItemKind) kind: SharedItemKind,
    @Arg('id', () => ID) id: string,
    @Arg('shared') shared: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return setMentorSharing(ctx, kind, id, shared);
  }
}

@Resolver(() => MentorGrant)
export class MentorGrantResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Mentoren (ikke synlig for mentor selv).' })
  mentor(@Root() g: MentorGrant, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.user.load(g.mentorId);
  }

  @FieldResolver(() => Boolean, { description: 'Om mentorens konto er deaktiveret (ingen adgang til Samplan længere): så nævnes mentoren ikke over for borgeren.' })
  async mentorLeft(@Root() g: MentorGrant, @Ctx() ctx: RequestContext): Promise<boolean> {
    const mentor = await ctx.loaders.user.load(g.mentorId);
    return !mentor || mentor.deactivatedAt !== null;
  }

  @FieldResolver(() => [MentorTask], { description: 'Mentorens log under bevillingen.' })
  tasks(@Root() g: MentorGrant, @Ctx() ctx: RequestContext): Promise<MentorTask[]> {
    // Without the entries the mentor removed (logged by mistake): kept, in no list.
    return ctx.db.getRepository(MentorTask).find({ where: { grantId: g.id, removedAt: IsNull() }, order: { date: 'DESC' } });
  }
}

@Resolver(() => Plan)
export class PlanMentorResolver {
  @FieldResolver(() => [MentorGrant], { description: 'Mentorbevillinger, ældste først.' })
  mentorGrants(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<MentorGrant[]> {
    return ctx.loaders.mentorGrantsByPlan.load(plan.id);
  }

  @FieldResolver(() => [MentorTask], { description: 'Mentoropgaver i planen, nyeste først.' })
  async mentorTasks(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<MentorTask[]> {
    return [...(await ctx.loaders.mentorTasksByPlan.load(plan.id))].reverse();
  }
}

