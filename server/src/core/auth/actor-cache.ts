import type { ChannelHandler } from '../events/event-feed';
import { actorOrNull, type Actor, type ActorLoader, type LoadedUser } from './actor';
import { USER_RIGHTS_CHANNEL, type BoundActorReader, type ReadsBoundActor } from './user-sockets';

export interface ActorCacheOptions {
  /** How long a staff member read from the database is trusted without a change notice. */
  ttlMs?: number;
  /** Subjects held at most; the oldest entry goes first. */
  maxEntries?: number;
  /**
   * This instance's event feed. The user table's trigger notifies `samplan_user_rights` with
   * the user's id on every change of rights (migration 1700000000015), from any instance or
   * tool: the entry goes at once. While the feed is not listening nothing is served from
   * memory, and when it listens again (notices may have been lost) everything is dropped.
   */
  feed: { readonly listening: boolean; listen(channel: string, handler: ChannelHandler): Promise<void> };
  now?: () => number;
}

interface Entry {
  actor: Actor;
  until: number;
}

/**
 * Who a token's subject is, without a database read on every request: a short-lived,
 * bounded cache around the users module's loader. Only staff members found are kept (an
 * unknown subject is asked again each time: it may be an invitation bound at this very
 * sign-in); the token's expiry belongs to each request, never to the entry.
 */
export type CachedActorLoader = ActorLoader & {
  clear(): void;
  readonly size: number;
  /**
   * The users module's side-effect-free read (user-sockets.ts, BoundActorReader), past the cache
   * and not put into it: the re-check of a user's open sockets when their row changed. It asks by
   * the subject alone, and a sign-in that brings more (a citizen's CPR number, which may move
   * their account to another municipality: modules/org) would otherwise be served that answer
   * for the cache's life.
   */
  readonly readBound: BoundActorReader;
};

/**
 * The cache around the users module's loader, which must bring its side-effect-free read along
 * (`readBound`): without it an open socket could only be re-checked by signing its user in.
 */
export function cachedActorLoader(load: ActorLoader & Partial<ReadsBoundActor>, options: ActorCacheOptions): CachedActorLoader {
  const { readBound } = load;
  if (!readBound) throw new Error('The users module\'s loadActor has no readBound: open sockets cannot be re-checked without it');
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const bySubject = new Map<string, Entry>();
  // Bumped by every invalidation: a read that was under way when a change was announced may
  // have seen the old row, so it is returned to its caller but not kept.
  let generation = 0;

  const forgetUser = (userId: string) => {
    generation++;
    for (const [subject, e] of bySubject) if (e.actor.userId === userId) bySubject.delete(subject);
  };
  const clear = () => {
    generation++;
    bySubject.clear();
  };
  // Nothing is kept until the channel is listened to: a change before that would go unnoticed.
  let subscribed = false;
  void options.feed.listen(USER_RIGHTS_CHANNEL, { notify: forgetUser, resync: clear }).then(() => (subscribed = true));
  const trusted = () => subscribed && options.feed.listening;

  const loader = async (ds: Parameters<ActorLoader>[0], identity: Parameters<ActorLoader>[1], tokenExpiresAt?: number): Promise<LoadedUser> => {
    const listening = trusted();
    const hit = listening ? bySubject.get(identity.subject) : undefined;
    if (hit && hit.until > now()) return { ...hit.actor, tokenExpiresAt };
    if (hit) bySubject.delete(identity.subject);
    const seen = generation;
    const found = await load(ds, identity, tokenExpiresAt);
    // Only an actor is kept: a deactivated account or an invitation awaiting approval may be let in by the next change.
    const actor = actorOrNull(found);
    if (actor && listening && seen === generation && trusted()) {
      if (bySubject.size >= maxEntries) bySubject.delete(bySubject.keys().next().value as string);
      const { tokenExpiresAt: _perRequest, ...kept } = actor;
      bySubject.set(identity.subject, { actor: kept, until: now() + ttlMs });
    }
    return found;
  };
  return Object.defineProperties(loader, {
    clear: { value: clear },
    size: { get: () => bySubject.size },
    readBound: { value: readBound },
  }) as CachedActorLoader;
}
