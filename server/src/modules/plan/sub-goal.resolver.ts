import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';

import { User } from '../org/user.entity';
import { FollowUpMeeting } from './follow-up.entity';
import { recordFollowUp } from './follow-up.service';
import { CreateSubGoalInput, RecordFollowUpInput, RecordProgressInput, UpdateSubGoalInput } from './plan.inputs';
import { SubGoal, SubGoalProgress } from './sub-goal.entity';
import { createSubGoal, recordProgress, updateSubGoal } from './sub-goal.service';

@Resolver(() => SubGoal)
export class SubGoalResolver {
  @Access(STAFF)
  @Mutation(() => SubGoal, { description: 'Tilføj et delmål (kun koordinator).' })
  createSubGoal(@Arg('input') input: CreateSubGoalInput, @Ctx() ctx: RequestContext): Promise<SubGoal> {
    return createSubGoal(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => SubGoal, { description: 'Ret et delmål eller dets status (kun koordinator).' })
  updateSubGoal(@Arg('input') input: UpdateSubGoalInput, @Ctx() ctx: RequestContext): Promise<SubGoal> {
    return updateSubGoal(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => SubGoalProgress, { description: 'Registrér progression på et delmål (alle forvaltninger på planen).' })
  recordSubGoalProgress(@Arg('input') input: RecordProgressInput, @Ctx() ctx: RequestContext): Promise<SubGoalProgress> {
    return recordProgress(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => FollowUpMeeting, { description: 'Registrér en afholdt opfølgningssamtale med næste aftalte samtale (kun koordinator).' })
  recordFollowUp(@Arg('input') input: RecordFollowUpInput, @Ctx() ctx: RequestContext): Promise<FollowUpMeeting> {
    return recordFollowUp(ctx, input);
  }

  @FieldResolver(() => [SubGoalProgress], { description: 'Progressionsmålinger over tid, ældste først.' })
  progress(@Root() goal: SubGoal, @Ctx() ctx: RequestContext): Promise<SubGoalProgress[]> {
    return ctx.loaders.progressBySubGoal.load(goal.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Senest ændret af.' })
  updatedBy(@Root() goal: SubGoal, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return goal.updatedById ? ctx.loaders.user.load(goal.updatedById) : null;
  }
}

@Resolver(() => SubGoalProgress)
export class SubGoalProgressResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Registreret af.' })
  recordedBy(@Root() p: SubGoalProgress, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.user.load(p.recordedById);
  }
}

@Resolver(() => FollowUpMeeting)
export class FollowUpResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Registreret af.' })
  createdBy(@Root() f: FollowUpMeeting, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return f.createdById ? ctx.loaders.user.load(f.createdById) : null;
  }
}
