import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Access, Authenticated } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import type { FeedEvent } from '../../core/events/event-row';
import { Role, Unit, User } from '../org';
import { CaseloadEvent, type PlanLeftCaseload } from './caseload-event.type';
import { viewFor } from './plan-event-view';
import { refsOf } from './live-refs';
import { isStreamEnd, type StreamItem } from './live-stream';
import { unitNamedToMentor } from './live.policy';
import { subscribeCaseloadEvents, subscribePlanEvents } from './live.service';
import { PlanEvent } from './plan-event.type';

interface PlanEventsArgs {
  planId: string;
  afterSeq?: string | null;
}

// Loaded once for the whole batch (live-refs.ts); the request's loader is the fallback.
function actorOf(e: FeedEvent, ctx: RequestContext): Promise<User | null> | User | null {
  const refs = refsOf(e);
  if (refs) return refs.actor;
  return e.actorId ? ctx.loaders.user.load(e.actorId) : null;
}

function unitOf(e: FeedEvent, ctx: RequestContext): Promise<Unit | null> | Unit | null {
  const refs = refsOf(e);
  if (refs) return refs.unit;
  return e.unitId ? ctx.loaders.unit.load(e.unitId) : null;
}

/** Who made a change, and from which unit, for a mentor: not a health or social unit's (unitNamedToMentor). */
async function namedToMentor<T>(e: FeedEvent, ctx: RequestContext, read: (e: FeedEvent, ctx: RequestContext) => Promise<T | null> | T | null): Promise<T | null> {
  return unitNamedToMentor(await unitOf(e, ctx)) ? read(e, ctx) : null;
}

/** Who made the change, unless the receiver's view leaves it out (a consent recorded, to the citizen: plan-event-view.ts). */
async function namedInView<T>(e: FeedEvent, ctx: RequestContext, read: (e: FeedEvent, ctx: RequestContext) => Promise<T | null> | T | null): Promise<T | null> {
  return (await viewFor(e, ctx)).anonymous ? null : read(e, ctx);
}

/** Turns a stream item into what is sent, or its end into the GraphQL error the client sees. */
function deliver(item: StreamItem): PlanEvent | PlanLeftCaseload {
  if (isStreamEnd(item)) throw item.end;
  return item as PlanEvent | PlanLeftCaseload;
}

@Resolver(() => PlanEvent)
export class LiveResolver {
  @Access(Authenticated)
  @Subscription(() => PlanEvent, {
    description: 'Ændringer i én plan, live. Med afterSeq: først alt efter det løbenummer, i rækkefølge, så live — uden hul og uden dubletter.',
    subscribe: ({ args, context }) => subscribePlanEvents(context as RequestContext, (args as PlanEventsArgs).planId, (args as PlanEventsArgs).afterSeq),
  })
  planEvents(
    @Root() item: StreamItem,
    @Arg('planId', () => ID) _planId: string,
    @Arg('afterSeq', () => String, { nullable: true }) _afterSeq?: string | null,
  ): PlanEvent {
    // Only the caseload stream sends word that a plan left; a plan stream ends instead (live-stream.ts).
    return deliver(item) as PlanEvent;
  }

  @Access(Authenticated)
  @Subscription(() => CaseloadEvent, {
    description:
      'Ændringer i alle planer, jeg må se (koordinatorens overblik), live. afterSeq som for planEvents. Tager en ændring en plan fra mig, får jeg på dens plads i rækkefølgen kun PlanLeftCaseload (planens id og løbenummeret).',
    subscribe: ({ args, context }) => subscribeCaseloadEvents(context as RequestContext, (args as { afterSeq?: string | null }).afterSeq),
  })
  caseloadEvents(@Root() item: StreamItem, @Arg('afterSeq', () => String, { nullable: true }) _afterSeq?: string | null): CaseloadEvent {
    return deliver(item);
  }

  // The root as the feed's event, not the PlanEvent class: see plan-event-record.resolver.ts.
  @FieldResolver(() => User, { nullable: true, description: 'Hvem der ændrede.' })
  actor(@Root() e: FeedEvent, @Ctx() ctx: RequestContext): Promise<User | null> | User | null {
    if (ctx.actor?.role === Role.MENTOR) return namedToMentor(e, ctx, actorOf);
    if (ctx.actor?.role === Role.CITIZEN) return namedInView(e, ctx, actorOf);
    return actorOf(e, ctx);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Forvaltningen, der ændrede.' })
  unit(@Root() e: FeedEvent, @Ctx() ctx: RequestContext): Promise<Unit | null> | Unit | null {
    if (ctx.actor?.role === Role.MENTOR) return namedToMentor(e, ctx, unitOf);
    if (ctx.actor?.role === Role.CITIZEN) return namedInView(e, ctx, unitOf);
    return unitOf(e, ctx);
  }

  @FieldResolver(() => String, { description: 'Kort dansk opsummering, e.g. "Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv".' })
  async summary(@Root() e: FeedEvent, @Ctx() ctx: RequestContext): Promise<string> {
    // A mentor and a citizen get a neutral one of their own view; without the citizen's consent
    // or a legal basis, another unit's activity title is left out (plan-event-view.ts).
    return (await viewFor(e, ctx)).summary;
  }
}
