import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { Access, Authenticated } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';
import { Unit, User } from '../org';
import { isPresenceEnd, type PresenceItem } from './presence-hub';
import { setEditing, subscribePresence } from './presence.service';
import { PlanPresence, PresentUser } from './presence.types';

interface PlanPresenceArgs {
  planId: string;
  sessionId: string;
}

@Resolver(() => PlanPresence)
export class PresenceResolver {
  @Access(Authenticated)
  @Subscription(() => PlanPresence, {
    description:
      'Hvem der har planen åben nu. Abonnementet er selv tilstedeværelsen: hele listen straks og ved hver ændring. ' +
      'sessionId: fanens egen tilfældige id (8–64 tegn: a–z, A–Z, 0–9, - og _), så én person i to faner er én tilstedeværelse.',
    subscribe: ({ args, context }) => subscribePresence(context as RequestContext, (args as PlanPresenceArgs).planId, (args as PlanPresenceArgs).sessionId),
  })
  planPresence(@Root() item: PresenceItem, @Arg('planId', () => ID) _planId: string, @Arg('sessionId', () => String) _sessionId: string): PlanPresence {
    if (isPresenceEnd(item)) throw item.end;
    return item;
  }

  @Access(Authenticated)
  @Mutation(() => Boolean, {
    description:
      'Jeg har nu (recordId) eller ikke længere (null) en redigeringsformular åben i denne fane (sessionId som i planPresence). ' +
      'false: fanen er ikke til stede (abonnerer ikke på planPresence).',
  })
  setEditing(
    @Arg('planId', () => ID) planId: string,
    @Arg('sessionId', () => String) sessionId: string,
    @Arg('recordId', () => ID, { nullable: true }) recordId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return setEditing(ctx, planId, sessionId, recordId ?? null);
  }
}

@Resolver(() => PresentUser)
export class PresentUserResolver {
  @FieldResolver(() => User, { description: 'Personen.' })
  async user(@Root() p: PresentUser, @Ctx() ctx: RequestContext): Promise<User> {
    const user = await ctx.loaders.user.load(p.userId);
    if (!user) throw notFound('Brugeren');
    return user;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Den forvaltning, personen handler for (tom: mentor).' })
  unit(@Root() p: PresentUser, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return p.unitId ? ctx.loaders.unit.load(p.unitId) : null;
  }
}
