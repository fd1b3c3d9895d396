import type { SubscriptionLimitSettings } from '../config';
import { AppError } from '../errors/app-errors';

/**
 * Live subscriptions open at once on this instance: at most `perSocket` on one socket and
 * `perUser` across one user's sockets (SUBSCRIPTIONS_PER_SOCKET, SUBSCRIPTIONS_PER_USER).
 * Every subscription holds a place on the feed and, with `afterSeq`, a replay; 1,500 on
 * one socket slowed every other user's requests from tens of milliseconds to seconds.
 * A place is taken before the subscription starts and given back when it ends (completed
 * by either side, failed, or its socket closed).
 */
export function tooManySubscriptions(scope: 'socket' | 'user', max: number): AppError {
  const where = scope === 'socket' ? 'på denne forbindelse' : 'for din bruger';
  return new AppError('TOO_MANY_SUBSCRIPTIONS', `For mange samtidige abonnementer på opdateringer ${where} (højst ${max}). Luk nogle faner, og prøv igen.`, {
    scope,
    max,
  });
}

export class SubscriptionSlots {
  private readonly bySocket = new Map<object, Set<string>>();
  private readonly byUser = new Map<string, number>();
  private readonly userOf = new Map<object, string>();
  /**
   * The refusals, made once: a flood sends thousands of subscribe messages over the limit,
   * and each answer should cost a lookup, not a new error with its stack trace.
   */
  private readonly refusals: Record<'socket' | 'user', AppError>;

  constructor(private readonly limits: SubscriptionLimitSettings) {
    this.refusals = { socket: tooManySubscriptions('socket', limits.perSocket), user: tooManySubscriptions('user', limits.perUser) };
  }

  /** Takes a place for subscription `id` on `socket`, or throws TOO_MANY_SUBSCRIPTIONS. */
  take(socket: object, userId: string, id: string): void {
    const own = this.bySocket.get(socket) ?? new Set<string>();
    if (own.has(id)) return;
    this.assertRoom(socket, userId);
    const used = this.byUser.get(userId) ?? 0;
    own.add(id);
    this.bySocket.set(socket, own);
    this.userOf.set(socket, userId);
    this.byUser.set(userId, used + 1);
  }

  /** Throws TOO_MANY_SUBSCRIPTIONS when one more subscription would be over a limit; takes nothing. */
  assertRoom(socket: object, userId: string): void {
    if ((this.bySocket.get(socket)?.size ?? 0) >= this.limits.perSocket) throw this.refusals.socket;
    if ((this.byUser.get(userId) ?? 0) >= this.limits.perUser) throw this.refusals.user;
  }

  /** Gives back subscription `id`'s place (nothing when it held none). */
  release(socket: object, id: string): void {
    const own = this.bySocket.get(socket);
    if (!own?.delete(id)) return;
    this.decrement(this.userOf.get(socket)!, 1);
    if (own.size === 0) this.forget(socket);
  }

  /** The socket closed: every place it held is free. */
  releaseAll(socket: object): void {
    const own = this.bySocket.get(socket);
    if (own) this.decrement(this.userOf.get(socket)!, own.size);
    this.forget(socket);
  }

  stats(): { sockets: number; users: number; open: number } {
    let open = 0;
    for (const n of this.byUser.values()) open += n;
    return { sockets: this.bySocket.size, users: this.byUser.size, open };
  }

  private decrement(userId: string, n: number): void {
    const left = (this.byUser.get(userId) ?? 0) - n;
    if (left > 0) this.byUser.set(userId, left);
    else this.byUser.delete(userId);
  }

  private forget(socket: object): void {
    this.bySocket.delete(socket);
    this.userOf.delete(socket);
  }
}
