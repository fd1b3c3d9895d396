import type { DataSource } from 'typeorm';
import type { ChannelHandler } from '../events/event-feed';
import type { Logger } from '../logging/logger';
import type { Actor } from './actor';

/** Channel the user table's trigger notifies with a user id (migration 1700000000015). */
export const USER_RIGHTS_CHANNEL = 'samplan_user_rights';
/** The user was deactivated or left the municipality: final, the client must not reconnect with this token. */
export const WS_FORBIDDEN = 4403;
export const WS_REASON_DEACTIVATED = 'User deactivated';
export const WS_REASON_MOVED = 'Municipality changed';
/**
 * A citizen's login no longer opens Min plan: the coordinator closed the access or corrected the
 * CPR number it was bound through. Final as a deactivation, but a citizen has no administrator and
 * no user that was deactivated: the client tells them in a citizen's words.
 */
export const WS_REASON_CITIZEN_CLOSED = 'Citizen access closed';
/** The user's role or unit changed: reconnect, and be judged by the new rights. */
export const WS_RIGHTS_CHANGED = 4410;
export const WS_REASON_RIGHTS_CHANGED = 'Rights changed';

/**
 * How long a client has to answer the close frame of 4401, 4403 or 4410 before the connection
 * is cut. `ws` waits 30 s for the answer and meanwhile reads what the client sends: a client
 * that never answers would go on sending operations over a socket whose actor no longer holds.
 */
export const WS_CLOSE_GRACE_MS = 1500;

/**
 * Closes a socket after which the client must sign in again, reconnect or stop (4401, 4403,
 * 4410), and terminates it if the client has not answered the close frame within the grace.
 */
export function closeAndCutOff(socket: UserSocket, code: number, reason: string): void {
  socket.close(code, reason);
  if (socket.readyState === 3) return;
  // Unref'd: a stopping server does not wait for it; cleared when the client answers in time.
  const timer = setTimeout(() => socket.terminate(), WS_CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * The active account bound to a subject, read without acting on it: no invitation bound, no move
 * followed, nothing logged. Null when the subject names no active, bound account. Given by the
 * module that owns the users (modules/org, `readBoundActor`), beside its `loadActor`.
 */
export type BoundActorReader = (ds: DataSource, subject: string) => Promise<Actor | null>;

/** A loader that can also re-read a user without signing them in (modules/org's `loadActor`). */
export interface ReadsBoundActor {
  readonly readBound: BoundActorReader;
}

/** Longer than authenticating a socket takes: a change this recent is checked again when a socket is added. */
const RECENT_MS = 10_000;

/** What the registry needs of a socket (a `ws` WebSocket). */
export interface UserSocket {
  /** 2 and 3: closing or closed (the WebSocket states). */
  readonly readyState: number;
  close(code: number, reason: string): void;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

interface Options {
  dataSource: DataSource;
  /**
   * Who a subject is now. Never the sign-in loader: nobody is signing in at a re-check, and a
   * sign-in's side effects (an invitation bound, a deactivated member of staff moved to another
   * municipality's invitation, "loggede ind" in the logs) must not happen because an
   * administrator's change reached an open socket.
   */
  readBound: BoundActorReader;
  logger: Logger;
  /** This instance's event feed: its LISTEN connection carries the channel too. */
  feed?: { listen?(channel: string, handler: ChannelHandler): Promise<void> };
  /** Closes a socket whose rights no longer hold (and forgets its actor); closeAndCutOff when not given. */
  close?: (socket: UserSocket, code: number, reason: string) => void;
}

/**
 * The open WebSockets of this instance, per user. A socket keeps the actor it was opened
 * with; when the user's row changes in a way that touches rights (any instance, any tool,
 * plain SQL), the trigger's notification reaches every instance and each re-reads the user:
 *
 * - unknown or deactivated: closed with 4403 "User deactivated" (also when an invitation of
 *   another municipality waits for them: it is bound, and the move followed, when they sign in
 *   there, not by this re-read); a citizen's, with 4403 "Citizen access closed";
 * - in another municipality: closed with 4403 "Municipality changed";
 * - another role or unit: closed with 4410 "Rights changed". The client reconnects with
 *   its token and gets an actor with the new rights, so neither the next operation nor any
 *   subscription's next delivery is judged by the old ones (an actor is never swapped
 *   under operations already running).
 *
 * When the LISTEN connection was away, notifications may be lost: every open socket is
 * re-checked then. When the user cannot be read (the database is away), the socket is
 * closed with 4410 as well: it reconnects and is authenticated afresh.
 *
 * A closed socket runs no operation more, even from a client that ignores the close frame
 * (websocket.ts refuses all but an open socket's), and is cut off after WS_CLOSE_GRACE_MS.
 */
export class UserSockets {
  private readonly byUser = new Map<string, Map<UserSocket, Actor>>();
  /** When each user last changed (ms): a socket added just after its actor was read may have missed it. */
  private readonly changedAt = new Map<string, number>();
  /** Resolves once the channel is listened to; a socket is acknowledged only after that. */
  readonly ready: Promise<void>;

  constructor(private readonly options: Options) {
    this.ready = options.feed?.listen
      ? options.feed.listen(USER_RIGHTS_CHANNEL, {
          notify: (userId) => {
            this.noteChange(userId);
            void this.recheck([userId]);
          },
          resync: () => void this.recheck([...this.byUser.keys()]),
        })
      : Promise.resolve();
  }

  add(socket: UserSocket, actor: Actor): void {
    if (socket.readyState >= 2) return;
    let sockets = this.byUser.get(actor.userId);
    if (!sockets) this.byUser.set(actor.userId, (sockets = new Map()));
    sockets.set(socket, actor);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byUser.get(actor.userId) === sockets) this.byUser.delete(actor.userId);
    });
    // The actor was read moments ago; a change that committed since then found no socket to close.
    if ((this.changedAt.get(actor.userId) ?? 0) > Date.now() - RECENT_MS) void this.recheck([actor.userId]);
  }

  private noteChange(userId: string): void {
    const now = Date.now();
    this.changedAt.set(userId, now);
    if (this.changedAt.size > 1000) for (const [id, at] of this.changedAt) if (at <= now - RECENT_MS) this.changedAt.delete(id);
  }

  /** Open sockets of a user on this instance (for tests and diagnostics). */
  count(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Re-reads each user and closes the sockets whose rights are no longer those they were opened with. */
  async recheck(userIds: string[]): Promise<void> {
    await Promise.all(userIds.map((id) => this.recheckUser(id)));
  }

  private async recheckUser(userId: string): Promise<void> {
    const sockets = this.byUser.get(userId);
    if (!sockets || sockets.size === 0) return;
    const [first] = sockets.values();
    let fresh: Actor | null;
    try {
      fresh = await this.options.readBound(this.options.dataSource, first.subject);
    } catch (err) {
      this.options.logger.warn({ userId, err: err instanceof Error ? err.message : String(err) }, 'user rights could not be re-read: sockets closed');
      for (const socket of [...sockets.keys()]) this.close(socket, WS_RIGHTS_CHANGED, WS_REASON_RIGHTS_CHANGED);
      return;
    }
    for (const [socket, actor] of [...sockets]) {
      const verdict = judge(actor, fresh);
      if (!verdict) continue;
      this.options.logger.info({ userId, code: verdict.code, reason: verdict.reason }, 'socket closed: user rights changed');
      this.close(socket, verdict.code, verdict.reason);
    }
  }

  private close(socket: UserSocket, code: number, reason: string): void {
    (this.options.close ?? closeAndCutOff)(socket, code, reason);
  }
}

/** Null: the socket's actor still holds. */
function judge(was: Actor, now: Actor | null): { code: number; reason: string } | null {
  // A citizen whose sign-in followed their programme to another municipality (modules/org,
  // followMove): their subject names their new account, and the page is read again as it.
  if (now && now.userId !== was.userId && was.role === 'CITIZEN' && now.role === 'CITIZEN') return { code: WS_RIGHTS_CHANGED, reason: WS_REASON_RIGHTS_CHANGED };
  if (!now || now.userId !== was.userId) return { code: WS_FORBIDDEN, reason: was.role === 'CITIZEN' ? WS_REASON_CITIZEN_CLOSED : WS_REASON_DEACTIVATED };
  if (now.municipalityId !== was.municipalityId) return { code: WS_FORBIDDEN, reason: WS_REASON_MOVED };
  if (now.role !== was.role || now.unitId !== was.unitId || now.unitKind !== was.unitKind) return { code: WS_RIGHTS_CHANGED, reason: WS_REASON_RIGHTS_CHANGED };
  return null;
}
